package sim

import (
	"strconv"
	"time"

	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// GetFederationTokenInput is the sts:GetFederationToken request, shaped like
// the AWS SDK's (nil pointers are absent parameters).
type GetFederationTokenInput struct {
	Name            *string
	DurationSeconds *int32
	Policy          *string
	PolicyArns      []string
	Tags            []Tag
	// Trace asks for the decision trace.
	Trace bool

	// compiled session policy handed over by the runner, as for AssumeRole.
	sessionPolicy       *policy.Policy
	sessionPolicyErrors policy.Errors
	sessionPolicyFile   string
}

// FederatedUser identifies a federated user session.
type FederatedUser struct {
	// Arn is arn:aws:sts::ACCOUNT:federated-user/NAME.
	Arn string
	// FederatedUserID is ACCOUNT:NAME, the session's aws:userid.
	FederatedUserID string
}

// GetFederationTokenOutput is the sts:GetFederationToken response, plus
// the issued session and the trace.
type GetFederationTokenOutput struct {
	Credentials      Credentials
	FederatedUser    FederatedUser
	PackedPolicySize *int32
	Session          *Session
	Trace            *Trace
}

// Limits of GetFederationToken's parameters.
const (
	federationPolicyChars = 2048
	federationNameMin     = 2
	federationNameMax     = 32
)

// GetFederationToken makes an sts:GetFederationToken request with an IAM
// user's (or the root user's) long-term keys. The caller needs
// sts:GetFederationToken (and sts:TagSession to pass tags) on the
// federated-user ARN. The federated user's permissions are the caller's
// identity policies (and boundary) intersected with the session policies
// passed here: without a session policy the session has no permissions,
// except what a resource-based policy grants to the federated-user ARN
// itself. Its credentials cannot call AssumeRole, IAM, or any STS operation
// but GetCallerIdentity.
func (s *Sim) GetFederationToken(creds Credentials, in *GetFederationTokenInput) (*GetFederationTokenOutput, error) {
	return serve(s, in.Trace, func(now time.Time, tr *Trace) (*GetFederationTokenOutput, *Error) {
		return s.getFederationToken(creds, in, now, tr)
	})
}

func (s *Sim) getFederationToken(creds Credentials, in *GetFederationTokenInput, now time.Time, tr *Trace) (*GetFederationTokenOutput, *Error) {
	c, err := s.stsCaller(creds, now)
	if err != nil {
		return nil, err
	}
	if err := refuseCaller(c, "GetFederationToken"); err != nil {
		return nil, err
	}
	if err := validateFederationToken(in); err != nil {
		return nil, err
	}
	ar := &AssumeRoleInput{Policy: in.Policy, PolicyArns: in.PolicyArns, Tags: in.Tags}
	if err := checkTags(ar, nil); err != nil {
		return nil, err
	}
	name := *in.Name
	acct := c.account
	fedARN := "arn:" + partition + ":sts::" + acct.ID + ":federated-user/" + name
	denied := func(action string, rs *Reason) *Error {
		return &Error{Code: CodeAccessDenied, HTTPStatus: 403,
			Message: "User: " + c.arn + " is not authorized to perform: " + action + " on resource: " + fedARN, Reason: rs}
	}

	var sessionPolicies []*PolicyRef
	if in.Policy != nil {
		doc, errs := in.sessionPolicy, in.sessionPolicyErrors
		if doc == nil && len(errs) == 0 {
			doc, errs = policy.CompileJSON(*in.Policy, policy.KindIdentity)
		}
		if len(errs) > 0 {
			return nil, &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: errs[0].Message}
		}
		sessionPolicies = append(sessionPolicies, &PolicyRef{Kind: KindSessionPolicy, Name: "inline session policy", File: in.sessionPolicyFile, Doc: doc})
	}
	for _, pa := range in.PolicyArns {
		ref := s.accountManagedPolicy(acct, pa)
		if ref == nil {
			return nil, denied("sts:GetFederationToken", &Reason{Action: "sts:GetFederationToken", Resource: fedARN, Kind: KindSessionPolicy,
				Decision: policy.ImplicitDeny, Detail: "managed session policy " + pa + " does not exist in the caller's account"})
		}
		sessionPolicies = append(sessionPolicies, ref)
	}

	// Authorization: the caller's own policies (and SCPs) must allow
	// sts:GetFederationToken, and sts:TagSession when tags are passed.
	ctx := s.requestContext(c, now)
	if len(in.Tags) > 0 {
		keys := make([]string, len(in.Tags))
		for i, t := range in.Tags {
			ctx.Set("aws:RequestTag/"+t.Key, t.Value)
			keys[i] = t.Key
		}
		ctx.Set("aws:TagKeys", keys...)
	}
	r := authzRequest{action: "sts:GetFederationToken", resource: fedARN, resourceAccount: acct, caller: c, ctx: ctx}
	if rs := s.authorize(&r, tr); rs != nil {
		return nil, denied("sts:GetFederationToken", rs)
	}
	if len(in.Tags) > 0 {
		r.action = "sts:TagSession"
		if rs := s.authorize(&r, tr); rs != nil {
			return nil, denied("sts:TagSession", rs)
		}
	}

	duration := tokenDuration(c, in.DurationSeconds, tr)
	if sessionPolicies == nil {
		tr.note("no session policy: the federated user session has no permissions (except grants to its own ARN in resource-based policies)")
	}
	issued := now.Truncate(time.Second)
	sess := &Session{
		Kind:            SessionFederation,
		User:            c.user,
		Account:         acct,
		Name:            name,
		ARN:             fedARN,
		AssumedRoleID:   acct.ID + ":" + name,
		CallerARN:       c.arn,
		IssuedAt:        issued,
		Expiration:      issued.Add(time.Duration(duration) * time.Second),
		SessionPolicies: sessionPolicies,
	}
	for _, t := range in.Tags {
		sess.Tags = append(sess.Tags, tagOf(t))
	}
	out := &GetFederationTokenOutput{FederatedUser: FederatedUser{Arn: fedARN, FederatedUserID: sess.AssumedRoleID}, Session: sess}
	// Unlike AssumeRole's, the response always has PackedPolicySize: 0
	// without session policies or tags (observed in live
	// get-federation-token output; conformance/packed-policy-size-presence.yaml).
	size := packedPolicySize(ar, nil)
	if size > 100 {
		return nil, packedTooLarge(ar, nil, size)
	}
	out.PackedPolicySize = &size
	s.register(sess)
	out.Credentials = sess.Credentials
	return out, nil
}

// validateFederationToken applies the GetFederationToken API schema, in the
// order of the model's members.
func validateFederationToken(in *GetFederationTokenInput) *Error {
	var v validator
	v.str("name", in.Name, true, federationNameMin, federationNameMax, csSessionName)
	v.str("policy", in.Policy, false, 1, federationPolicyChars, csPolicy)
	for i := range in.PolicyArns {
		v.str("policyArns."+strconv.Itoa(i+1)+".member.arn", &in.PolicyArns[i], true, 20, 2048, csArn)
	}
	v.list("policyArns", len(in.PolicyArns), maxPolicyArns)
	v.intRange("durationSeconds", in.DurationSeconds, minTokenDuration, maxTokenDuration)
	for i := range in.Tags {
		prefix := "tags." + strconv.Itoa(i+1) + ".member."
		v.str(prefix+"key", &in.Tags[i].Key, true, 1, 128, csTag)
		v.str(prefix+"value", &in.Tags[i].Value, true, 0, 256, csTagValue)
	}
	v.list("tags", len(in.Tags), maxSessionTags)
	if len(v.vs) == 0 {
		return nil
	}
	return schemaError(v.vs)
}

// accountManagedPolicy resolves a PolicyArns entry against an account: one
// of its customer managed policies or an AWS managed policy the scenario
// defines.
func (s *Sim) accountManagedPolicy(acct *Account, policyARN string) *PolicyRef {
	a, err := arn.Parse(policyARN)
	if err != nil || a.Service != "iam" || (a.Account != acct.ID && a.Account != "aws") {
		return nil
	}
	ref := s.world.managed[policyARN]
	if ref == nil {
		return nil
	}
	cp := *ref
	cp.Kind = KindSessionPolicy
	cp.Name = "managed session policy " + policyARN
	return &cp
}
