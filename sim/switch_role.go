package sim

import (
	"strconv"
	"time"

	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// maxSwitchRolePathName is the console's limit on a role's path plus name.
const maxSwitchRolePathName = 64

// ConsoleSignInInput is an IAM user (or the root user) signing in to the
// AWS Management Console, with an MFA code when SerialNumber and TokenCode
// are set.
type ConsoleSignInInput struct {
	SerialNumber *string
	TokenCode    *string
	// Trace asks for the trace.
	Trace bool
}

// ConsoleSignInOutput is a console session: Credentials stand for the
// browser's sign-in, usable for console requests (Call, GetCallerIdentity)
// and the console's Switch Role.
type ConsoleSignInOutput struct {
	Credentials Credentials
	Session     *Session
	Trace       *Trace
}

// SwitchRoleInput is the console's Switch Role form, reduced to the role.
// The console passes no session tags, no source identity, no session
// policy and no duration.
type SwitchRoleInput struct {
	RoleArn *string
	// Trace asks for the decision trace.
	Trace bool
}

// consoleError is the console's answer to every failed Switch Role.
const consoleError = "Invalid information in one or more fields. Check your information or contact your administrator."

// ConsoleSignIn signs the owner of the given long-term keys in to the
// console. The sign-in lasts 12 hours; it carries MFA context when a valid
// code was given.
func (s *Sim) ConsoleSignIn(creds Credentials, in *ConsoleSignInInput) (*ConsoleSignInOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var tr *Trace
	if in.Trace {
		tr = &Trace{}
	}
	now := s.clock.Now()
	if err := clockError(now); err != nil {
		return nil, err
	}
	c, err := s.signInCaller(creds, now)
	if err != nil {
		return nil, err
	}
	if c.session != nil {
		return nil, &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: "Cannot sign in to the console with session credentials",
			Reason: &Reason{Action: "signin:ConsoleSignIn", Kind: KindIdentityPolicy, Decision: policy.ImplicitDeny,
				Detail: "a console sign-in starts from an IAM user or the root user (simulator wording)"}}
	}
	var v validator
	v.str("serialNumber", in.SerialNumber, false, 9, 256, csSerial)
	v.str("tokenCode", in.TokenCode, false, 6, 6, csDigits)
	if len(v.vs) > 0 {
		return nil, schemaError(v.vs)
	}
	mfa := false
	if in.SerialNumber != nil || in.TokenCode != nil {
		if rs := s.verifyMFA(c, in.SerialNumber, in.TokenCode, "signin:ConsoleSignIn", KindIdentityPolicy); rs != nil {
			return nil, &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: rs.Detail, Reason: rs, Trace: tr}
		}
		mfa = true
	}
	issued := now.Truncate(time.Second)
	sess := &Session{
		Kind:          SessionConsole,
		User:          c.user,
		Account:       c.account,
		ARN:           c.arn,
		AssumedRoleID: c.userID,
		CallerARN:     c.arn,
		IssuedAt:      issued,
		Expiration:    issued.Add(consoleSignInDuration(tr)),
	}
	if mfa {
		sess.MFA, sess.MFAAuthTime = true, issued
		tr.note("signed in with MFA: console requests carry aws:MultiFactorAuthPresent=true")
	}
	s.register(sess)
	return &ConsoleSignInOutput{Credentials: sess.Credentials, Session: sess, Trace: tr}, nil
}

// SwitchRole is the console's Switch Role from a console sign-in: an
// AssumeRole made for the signed-in IAM user, with the user's name as the
// session name, lasting the role's MaxSessionDuration or what remains of
// the sign-in, whichever is shorter. The console cannot chain (it always
// switches from the signed-in user), cannot pass tags or a source identity,
// does not let the root user switch, and refuses roles whose path and name
// together exceed 64 characters. Every failure shows the console's one
// message; the Reason says why.
func (s *Sim) SwitchRole(creds Credentials, in *SwitchRoleInput) (*AssumeRoleOutput, error) {
	return serve(s, in.Trace, func(now time.Time, tr *Trace) (*AssumeRoleOutput, *Error) {
		return s.switchRole(creds, in, now, tr)
	})
}

func (s *Sim) switchRole(creds Credentials, in *SwitchRoleInput, now time.Time, tr *Trace) (*AssumeRoleOutput, *Error) {
	c, err := s.stsCaller(creds, now)
	if err != nil {
		return nil, err
	}
	fail := func(kind PolicyKind, detail string) *Error {
		return &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: consoleError,
			Reason: &Reason{Action: "sts:AssumeRole", Kind: kind, Decision: policy.ImplicitDeny, Detail: detail}}
	}
	if c.session == nil || c.session.Kind != SessionConsole {
		return nil, fail(KindIdentityPolicy, "Switch Role starts from a console sign-in; the console does not chain from role sessions")
	}
	if c.kind == principalRoot {
		return nil, fail(KindIdentityPolicy, "the root user cannot switch roles")
	}
	if in.RoleArn == nil {
		return nil, fail(KindTrustPolicy, "no role given")
	}
	roleARN := *in.RoleArn
	role := s.world.roles[roleARN]
	if _, ok := arn.ParseRoleARN(roleARN); !ok || role == nil {
		return nil, fail(KindTrustPolicy, "no role has the ARN "+roleARN)
	}
	// The console's Role field holds the path (without its leading slash)
	// and the name: "teams/platform/Operator".
	if n := len(role.Path) - 1 + len(role.Name); n > maxSwitchRolePathName {
		return nil, fail(KindTrustPolicy, "the role's path and name are "+strconv.Itoa(n)+" characters; the console's Switch Role allows 64")
	}

	ctx := s.requestContext(c, now)
	name := c.user.Name
	s.fillAssumeRoleContext(ctx, &AssumeRoleInput{RoleSessionName: &name}, role, false)
	r := authzRequest{action: "sts:AssumeRole", resource: role.ARN, resourceAccount: role.Account, resourcePolicy: role.Trust, trust: true, caller: c, ctx: ctx}
	if rs := s.authorize(&r, tr); rs != nil {
		e := fail(rs.Kind, "")
		e.Reason = rs
		return nil, e
	}

	d := switchRoleDuration(role, c.session.Expiration.Sub(now.Truncate(time.Second)), tr)
	mfa, mfaAt := s.roleSessionMFA(c, false, now)
	sess := &Session{Kind: SessionSwitchRole, Role: role, Name: name, CallerARN: c.arn, MFA: mfa, MFAAuthTime: mfaAt}
	s.issueRoleSession(sess, now, int32(d/time.Second))
	return &AssumeRoleOutput{
		Credentials:     sess.Credentials,
		AssumedRoleUser: AssumedRoleUser{Arn: sess.ARN, AssumedRoleID: sess.AssumedRoleID},
		Session:         sess,
	}, nil
}
