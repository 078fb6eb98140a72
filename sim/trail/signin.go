package trail

import (
	"bytes"
	"encoding/json"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// Constant parts of the sign-in events: what the CloudTrail User Guide's
// "AWS Management Console sign-in events" shows.
const (
	signinSource = "signin.amazonaws.com"
	signinType   = "AwsConsoleSignIn"
	// loginTo is the console home page the examples sign in to, and
	// redirectTo the page a Switch Role lands on.
	loginTo    = "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true"
	redirectTo = "https://console.aws.amazon.com/console/home"
	// rootRegion is where CloudTrail records a root user's sign-in,
	// whatever the endpoint.
	rootRegion = "us-east-1"
	// signinFailed is the errorMessage of a refused sign-in.
	signinFailed = "Failed authentication"
	success      = "Success"
	failure      = "Failure"
)

// signinRecord starts a sign-in event of a step: an STS record without
// requestID, errorCode or requestParameters, the error's message kept
// only when the caller gives it (msg).
func (b *builder) signinRecord(res *sim.StepResult, event string, who UserIdentity, msg string) Record {
	rec := b.record(res, event, who)
	rec.EventSource, rec.EventType = signinSource, signinType
	rec.RequestID, rec.ErrorCode, rec.ErrorMessage = "", "", ""
	if res.Err != nil {
		rec.ErrorMessage = msg
	}
	return rec
}

// signinIdentity is who a console request comes from: the caller's
// identity without access key or session context (the browser signs in
// with a password; CloudTrail shows neither). The root user's and, for a
// failed sign-in, every caller's accessKeyId is written as "", and a failed
// sign-in's IAM user has no arn, as the guide's examples show.
func signinIdentity(who UserIdentity, failed bool) UserIdentity {
	who.AccessKeyID, who.SessionContext = "", nil
	who.EmptyAccessKeyID = who.Type == TypeRoot || failed
	if failed && who.Type == TypeIAMUser {
		who.ARN = ""
	}
	return who
}

// consoleSignIn appends the ConsoleLogin event of a console_sign_in step.
func (b *builder) consoleSignIn(res *sim.StepResult) {
	c := res.Step.ConsoleSignIn
	failed := res.Err != nil
	who := signinIdentity(b.caller(c.As), failed)
	rec := b.signinRecord(res, "ConsoleLogin", who, signinFailed)
	if who.Type == TypeRoot {
		rec.AWSRegion = rootRegion
	}
	// MFAUsed tells whether the attempt gave an MFA code: "Yes" on a
	// sign-in refused for a wrong code too, as the guide's failed
	// sign-in shows.
	mfa := c.SerialNumber != nil || c.TokenCode != nil
	outcome := failure
	if s := res.Issued; s != nil && !failed {
		outcome, mfa = success, s.MFA
	}
	rec.ResponseElements = &ResponseElements{ConsoleLogin: outcome}
	rec.AdditionalEventData = &AdditionalEventData{LoginTo: loginTo, MobileVersion: "No", MFAUsed: yesNo(mfa)}
	b.out = append(b.out, rec)
}

// switchRole appends the SwitchRole event of a switch_role step: on
// success the new role session (AssumedRole, in the role's account), on a
// refusal the signed-in caller, in the caller's account, with the
// console's message.
func (b *builder) switchRole(res *sim.StepResult) {
	sr := res.Step.SwitchRole
	caller := b.caller(sr.As)
	from := caller.ARN
	var rec Record
	if s := res.Session; s != nil && res.Err == nil {
		who := UserIdentity{Type: TypeAssumedRole, PrincipalID: s.AssumedRoleID, ARN: s.ARN, AccountID: s.Role.Account.ID}
		if s.CallerARN != "" {
			from = s.CallerARN
		}
		rec = b.signinRecord(res, "SwitchRole", who, "")
		rec.ResponseElements = &ResponseElements{SwitchRole: success}
	} else {
		msg := ""
		if res.Err != nil {
			msg = res.Err.Message
		}
		rec = b.signinRecord(res, "SwitchRole", signinIdentity(caller, false), msg)
		rec.ResponseElements = &ResponseElements{SwitchRole: failure}
	}
	rec.AdditionalEventData = &AdditionalEventData{SwitchFrom: from, RedirectTo: redirectTo}
	b.out = append(b.out, rec)
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// isSignin tells whether a step kind is a console step, whose records are
// sign-in events.
func isSignin(k scenario.StepKind) bool {
	return k == scenario.StepConsoleSignIn || k == scenario.StepSwitchRole
}

// MarshalJSON writes the identity's fields in order, accessKeyId as ""
// when EmptyAccessKeyID asks for it and left out when empty otherwise.
func (u UserIdentity) MarshalJSON() ([]byte, error) {
	type plain UserIdentity
	var v any = plain(u)
	if u.EmptyAccessKeyID && u.AccessKeyID == "" {
		v = struct {
			Type             string          `json:"type"`
			PrincipalID      string          `json:"principalId,omitempty"`
			ARN              string          `json:"arn,omitempty"`
			AccountID        string          `json:"accountId,omitempty"`
			AccessKeyID      string          `json:"accessKeyId"`
			UserName         string          `json:"userName,omitempty"`
			SessionContext   *SessionContext `json:"sessionContext,omitempty"`
			InvokedBy        string          `json:"invokedBy,omitempty"`
			IdentityProvider string          `json:"identityProvider,omitempty"`
		}{u.Type, u.PrincipalID, u.ARN, u.AccountID, "", u.UserName, u.SessionContext, u.InvokedBy, u.IdentityProvider}
	}
	// An Encoder, not json.Marshal, so that <, > and & stay as they are,
	// as Write writes the rest of the record.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
