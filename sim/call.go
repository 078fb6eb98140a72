package sim

import (
	"strings"

	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// CallInput is an API request to authorize: Action on Resource, with extra
// condition-key values the request carries (aws:SourceIp, s3:prefix, ...).
type CallInput struct {
	Action   string
	Resource string
	// Context adds or overrides condition keys for this request.
	Context map[string][]string
	// Trace asks for the decision trace.
	Trace bool
}

// CallOutput is the outcome of an allowed call.
type CallOutput struct {
	Trace *Trace
}

// Call authorizes an API request made with the given credentials, as the
// service would: identity policies, boundary, session policies, SCPs of the
// caller's account, RCPs of the resource's account, and the resource-based
// policy of a declared resource, with AWS's same-account and cross-account
// rules. A denied request is an *Error with code AccessDenied, AWS's message
// for the denying policy type, and a Reason.
func (s *Sim) Call(creds Credentials, in *CallInput) (*CallOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	if err := clockError(now); err != nil {
		return nil, err
	}
	var tr *Trace
	if in.Trace {
		tr = &Trace{}
	}
	c, err := s.caller(creds, now)
	if err != nil {
		if err.Code == CodeExpiredToken && serviceOf(in.Action) == "s3" {
			// S3 words it differently, with HTTP 400 (reference §3).
			err = &Error{Code: CodeExpiredToken, HTTPStatus: 400, Message: "The provided token has expired."}
		}
		if err.Code == CodeInvalidClientTokenID && serviceOf(in.Action) == "s3" {
			err = &Error{Code: CodeInvalidAccessKeyID, HTTPStatus: 403, Message: "The AWS Access Key Id you provided does not exist in our records."}
		}
		return nil, err
	}
	if serviceOf(in.Action) == "sts" {
		if err := s.takeSTSToken(c.account.ID, now); err != nil {
			return nil, err
		}
	}
	if e := callRestriction(c, in.Action); e != nil {
		return nil, e
	}
	for _, k := range sortedKeys(in.Context) {
		if why := policy.RequestKey(k); why != "" {
			return nil, &Error{Code: CodeInvalidParameterValue, HTTPStatus: 400, Message: "rolesim: condition key " + k + " cannot be set by a request: " + why}
		}
	}
	ctx := s.requestContext(c, now)
	r := authzRequest{action: in.Action, resource: in.Resource, caller: c, ctx: ctx}
	r.resourceAccount, r.resourcePolicy = s.world.callTarget(in.Resource, c.account, ctx)
	for _, k := range sortedKeys(in.Context) {
		ctx.Set(k, in.Context[k]...)
	}
	if rs := s.authorize(&r, tr); rs != nil {
		return nil, &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: callDeniedMessage(c.arn, in, rs), Reason: rs, Trace: tr}
	}
	return &CallOutput{Trace: tr}, nil
}

// callTarget resolves the resource of a call: the account it belongs to
// and its resource-based policy (nil when it has none), setting its
// resource keys (aws:ResourceTag/..., aws:ResourceAccount, the
// organization's) in ctx. A declared resource is its own; an ARN with an
// account belongs to it (an account outside the world owns a foreign
// resource with no policy); an ARN without one (an undeclared S3 bucket)
// is taken to be in the caller's account.
func (w *World) callTarget(resource string, caller *Account, ctx *policy.Context) (*Account, *PolicyRef) {
	var acct *Account
	var pol *PolicyRef
	if res := w.resourceFor(resource); res != nil {
		acct, pol = res.Account, res.Policy
		for _, t := range res.Tags {
			ctx.Set("aws:ResourceTag/"+t.Key, t.Value)
		}
	} else if a, perr := arn.Parse(resource); perr == nil && a.Account != "" {
		acct = w.accounts[a.Account]
		if acct == nil {
			acct = &Account{ID: a.Account}
		}
	} else {
		acct = caller
	}
	if resource != "" {
		// An action that takes no resource has no resource keys.
		ctx.Set("aws:ResourceAccount", acct.ID)
		if acct.InOrg() {
			ctx.Set("aws:ResourceOrgID", acct.Org.ID)
			ctx.Set("aws:ResourceOrgPaths", acct.OrgPath)
		}
	}
	return acct, pol
}

// serviceOf returns the lower-cased service prefix of an action.
func serviceOf(action string) string {
	svc, _, _ := strings.Cut(action, ":")
	return strings.ToLower(svc)
}

// callDeniedMessage is AWS's enhanced AccessDenied message that most services
// return: "User: ARN is not authorized to perform: ACTION on resource: RES
// because no identity-based policy allows the ACTION action" or "... with an
// explicit deny in a service control policy". AWS reports SCP denials as
// explicit even when nothing allowed.
func callDeniedMessage(callerARN string, in *CallInput, rs *Reason) string {
	msg := "User: " + callerARN + " is not authorized to perform: " + in.Action
	switch {
	case in.Resource == "":
		// Actions that take no resource (s3:ListAllMyBuckets) name none.
	case serviceOf(in.Action) == "s3":
		// S3 quotes the resource (observed texts, issue-recorded).
		msg += ` on resource: "` + in.Resource + `"`
	default:
		msg += " on resource: " + in.Resource
	}
	if rs.Decision == policy.ExplicitDeny || rs.Kind == KindSCP {
		article := " a "
		if rs.Kind == KindIdentityPolicy {
			article = " an "
		}
		return msg + " with an explicit deny in" + article + rs.Kind.Describe()
	}
	return msg + " because no " + rs.Kind.Describe() + " allows the " + in.Action + " action"
}
