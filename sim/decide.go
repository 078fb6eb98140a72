package sim

import (
	"bytes"
	"slices"
	"strings"

	"github.com/rolesim/rolesim/sim/policy"
)

// The authorization core, for everyone outside the simulator: World.Decide
// asks the very code that decides the simulator's requests (authz.decide,
// authorize.go) whether a caller may perform an action on a role, exactly
// or with some condition keys unknown. The trust graph and the analysis
// build every edge with it; none of them evaluates a policy itself.

// Residual is a condition a partial decision relies on: the conditions of
// one statement, on keys whose values were unknown, that must all hold
// (for an allow) or that deny when they all hold (for a denial).
type Residual struct {
	Kind PolicyKind
	// Policy names the policy as PolicyRef.Name does.
	Policy    string
	Statement *policy.Statement
	// Conditions are the statement's conditions on unknown keys.
	Conditions []policy.ConditionSpec
	// Variables are the policy variables of unknown value the statement
	// uses (keys as written inside ${...}).
	Variables []string
}

// Unconditional tells whether the residual asks for nothing.
func (r Residual) Unconditional() bool { return len(r.Conditions) == 0 && len(r.Variables) == 0 }

func residual(ref *PolicyRef, o policy.Option) Residual {
	return Residual{Kind: ref.Kind, Policy: ref.Name, Statement: o.Statement, Conditions: o.Residual, Variables: o.Variables}
}

// Caller is a principal as the authorization core sees it: its identity,
// its policies and the condition keys its identity fixes. Build one with
// World.UserCaller, World.RoleCaller, World.ServiceCaller,
// World.FederatedCaller or World.ExternalCaller.
type Caller struct {
	p *principalInfo
	// static tells which condition keys the caller's identity fixes.
	static policy.Known
	// Chained tells whether the caller holds temporary credentials (a
	// role session), so that a role it assumes is capped at one hour.
	Chained bool
}

// ARN is the caller's ARN as AWS prints it (for a role caller, the
// assumed-role session ARN; for a service or identity provider, its name).
func (c Caller) ARN() string { return c.p.arn }

// Static tells which condition keys the caller's identity fixes: those a
// request from it carries whatever it does (its ARN, account, organization;
// an IAM user's name, id and tags). Every other key (an external id, MFA,
// session tags, source identity, the time, ...) depends on the request, and
// a trust graph leaves conditions on them as residuals.
func (c Caller) Static() policy.Known { return c.static }

// staticKeys are the condition keys fixed for every caller of the world,
// lower-cased: its identity's and the resource's. Transitive session tags
// never change aws:ResourceTag, but a role session's aws:PrincipalTag may
// come from session tags, so only an IAM user's are fixed.
var staticKeys = map[string]bool{
	"aws:principalarn":          true,
	"aws:principalaccount":      true,
	"aws:principaltype":         true,
	"aws:principalorgid":        true,
	"aws:principalorgpaths":     true,
	"aws:principalisawsservice": true,
	"aws:resourceaccount":       true,
	"aws:resourceorgid":         true,
	"aws:resourceorgpaths":      true,
}

// userStatic: an IAM user's first hop fixes, besides the static keys, the
// user's name, id and tags and the role's tags.
func userStatic(key string) bool {
	var buf [64]byte
	k, ok := lowerKey(key, &buf)
	if !ok {
		return false
	}
	return staticKeys[string(k)] || string(k) == "aws:username" || string(k) == "aws:userid" ||
		bytes.HasPrefix(k, []byte("aws:principaltag/")) || bytes.HasPrefix(k, []byte("aws:resourcetag/"))
}

// sessionStatic: a role session fixes the static keys, and has no
// aws:username (AWS sets it for IAM users only); nothing else, since its
// session tags can change aws:PrincipalTag and the role it was assumed
// with the tags a trust policy sees.
func sessionStatic(key string) bool {
	var buf [64]byte
	k, ok := lowerKey(key, &buf)
	return ok && (staticKeys[string(k)] || string(k) == "aws:username")
}

// lowerKey lower-cases an ASCII key into buf without allocating; ok is
// false for a key too long to be a static one (or not ASCII), which is
// then not static.
func lowerKey(key string, buf *[64]byte) ([]byte, bool) {
	if len(key) > len(buf) {
		return nil, false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 0x80 {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return buf[:len(key)], true
}

// noneStatic: a principal outside the world fixes nothing rolesim knows.
func noneStatic(string) bool { return false }

// UserCaller is IAM user u as a caller with its long-term credentials.
func (w *World) UserCaller(u *User) Caller {
	return Caller{p: &u.principal, static: userStatic}
}

// RoleCaller is a session of role r named session, as the caller of a
// further hop: the role's policies and boundary, no session policy, and
// condition keys other than its identity's unknown.
func (w *World) RoleCaller(r *Role, session string) Caller {
	if session == "" {
		session = "session"
	}
	sessARN := "arn:aws:sts::" + r.Account.ID + ":assumed-role/" + r.Name + "/" + session
	ctx := &policy.Context{}
	ctx.Set("aws:PrincipalArn", r.ARN)
	ctx.Set("aws:PrincipalAccount", r.Account.ID)
	ctx.Set("aws:PrincipalType", "AssumedRole")
	ctx.Set("aws:userid", r.ID+":"+session)
	setOrgKeys(ctx, w, r.Account, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths")
	setCommonKeys(ctx, w)
	p := &principalInfo{
		kind:     principalSession,
		account:  r.Account,
		arn:      sessARN,
		userID:   r.ID + ":" + session,
		pol:      policy.Principal{Account: r.Account.ID, ARNs: []string{r.ARN, sessARN}, HasBoundary: r.Boundary != nil},
		ctx:      ctx,
		identity: r.Identity,
		boundary: r.Boundary,
	}
	return Caller{p: p, static: sessionStatic, Chained: true}
}

// ServiceCaller is an AWS service principal ("ec2.amazonaws.com") assuming
// a role for itself.
func (w *World) ServiceCaller(service string) Caller {
	ctx := &policy.Context{}
	setCommonKeys(ctx, w)
	ctx.Set("aws:PrincipalIsAWSService", "true")
	ctx.Set("aws:PrincipalServiceName", service)
	return Caller{p: &principalInfo{kind: principalService, arn: service, pol: policy.Principal{Service: service}, ctx: ctx}, static: noneStatic}
}

// FederatedCaller is the holder of a token of identity provider provider
// (an OIDC or SAML provider ARN, or a name such as
// "cognito-identity.amazonaws.com"), calling AssumeRoleWithWebIdentity or
// AssumeRoleWithSAML.
func (w *World) FederatedCaller(provider string) Caller {
	ctx := &policy.Context{}
	setCommonKeys(ctx, w)
	ctx.Set("aws:FederatedProvider", provider)
	return Caller{p: &principalInfo{kind: principalService, arn: provider, pol: policy.Principal{Federated: provider}, ctx: ctx}, static: noneStatic}
}

// ExternalCaller is a principal the world does not declare: arn in account
// (an account's root ARN stands for any principal it allows). Its own
// account's policies are unknown: a decision that needs them reports
// Decision.Outside.
func (w *World) ExternalCaller(account, arn string) Caller {
	ctx := &policy.Context{}
	setCommonKeys(ctx, w)
	acct := &Account{ID: account}
	if a := w.accounts[account]; a != nil {
		acct = a
	}
	return Caller{p: &principalInfo{kind: principalExternal, account: acct, arn: arn, pol: policy.Principal{Account: account, ARNs: []string{arn}}, ctx: ctx}, static: noneStatic}
}

// Query is one question to the authorization core: may Caller perform
// Action on Role (assuming it), or on Resource?
type Query struct {
	Caller Caller
	// Action defaults to sts:AssumeRole; sts:AssumeRoleWithWebIdentity and
	// sts:AssumeRoleWithSAML are decided as the simulator decides a
	// federated first hop (trust policy and RCPs), for a FederatedCaller.
	Action string
	// Role is the role assumed: its trust policy is the resource-based
	// policy, its account the resource's.
	Role *Role
	// Resource, when Role is nil, is the ARN of the resource of any other
	// request, resolved as Sim.Call resolves it: a resource the world
	// declares brings its resource-based policy and tags; otherwise the
	// ARN's account owns it (the caller's, for an ARN without one). An STS
	// action on one of the world's roles is an assumption of it (Role).
	Resource string
	// Context holds request keys layered over the role's and the caller's
	// (sts:ExternalId, aws:MultiFactorAuthPresent, ...); nil for none.
	Context *policy.Context
	// Known tells which condition keys have known values. Nil decides
	// exactly: every key the request lacks is absent, as in the simulator.
	// Otherwise a condition on an unknown key is left as a residual in the
	// Decision (Caller.Static is the usual choice).
	Known policy.Known
	// AllowedOnly says the caller reads only whether the query is allowed
	// and, when it is, its Path, Outside and residuals: a denied Decision
	// then carries Unexplained as its reason instead of one built for it,
	// and an allowed assumption of a role of another account has Naming
	// NamedNone (how the trust policy names the caller does not bear on
	// that decision, so it is not worked out). A trust graph, asking one
	// query per candidate edge, needs no more.
	AllowedOnly bool
}

// Unexplained is the reason a denied Decision carries when its Query was
// AllowedOnly. It is shared: do not modify it.
var Unexplained = &Reason{Decision: policy.ImplicitDeny, Detail: "denied (the query asked for no reason)"}

// Decision is the core's answer to a Query.
type Decision struct {
	// Allowed tells whether the request is (or, in partial evaluation,
	// may be) allowed; Denied is the reason when it is not.
	Allowed bool
	Denied  *Reason
	// Naming tells how the trust policy names the caller (NamedFederated
	// or NamedService for those callers); NamedNone when it does not allow,
	// and for an AllowedOnly query on a role of another account.
	Naming Naming
	// Path is the rule that allowed it; PathNone when denied.
	Path RulePath
	// SameAccount tells whether the caller is in the role's account.
	SameAccount bool
	// Conditions are the residuals an allow relies on: all must hold.
	// Denials are the residuals of Deny statements that may apply: any one
	// that holds denies. Both are empty in exact evaluation.
	Conditions []Residual
	Denials    []Residual
	// Outside is set when the caller is outside the world and the allow
	// also needs its own account's policies, which are unknown.
	Outside bool
}

// Decide answers q with the simulator's own authorization logic, in AWS's
// order: explicit denies, RCPs, SCPs, the trust policy and how it names the
// caller, identity-based policies, the permissions boundary. To ask many
// questions, use a Decider.
func (w *World) Decide(q Query) Decision { return w.Decider().Decide(q) }

// Decider answers Queries on one world, reusing its working space between
// them (a trust graph asks one per candidate edge). It is not safe for
// concurrent use; the World is, so each goroutine can have its own.
type Decider struct {
	w       *World
	a       authz
	r       authzRequest
	top     policy.Context
	roleCtx map[*Role]*policy.Context
	// pts and lvl are the partial-evaluation state of the groups and of
	// one organization level, and conds the residuals' list, reused from
	// query to query: a Decision copies what it keeps.
	pts   [6]partialGroup
	lvl   partialGroup
	pr    policy.PartialResult
	conds []Residual
	// memo holds the last partial evaluation of each context-free policy
	// (policy.Policy.ContextFree): its answer depends on the action and
	// resource alone, or the action alone (ResourceFree). A trust graph
	// asks about one role's candidates in a row, under the same SCPs, and
	// about each caller for role after role, with the same identity
	// policies.
	memo, orgMemo map[*policy.Policy]*memoEval
}

// memoEval is a policy's partial evaluation for one action and resource.
type memoEval struct {
	action, resource string
	pr               policy.PartialResult
}

// Decider returns a Decider for the world.
func (w *World) Decider() *Decider {
	return &Decider{w: w, roleCtx: map[*Role]*policy.Context{}}
}

// Decide answers q as World.Decide does.
func (dc *Decider) Decide(q Query) Decision {
	c := q.Caller.p
	role := q.Role
	action := q.Action
	if action == "" {
		action = "sts:AssumeRole"
	}
	if role == nil {
		if r := dc.w.roles[q.Resource]; r != nil && strings.HasPrefix(strings.ToLower(action), "sts:") {
			// An STS action on a role (AssumeRole, TagSession,
			// SetSourceIdentity) is decided by its trust policy.
			role = r
		} else {
			return dc.decideCall(q, c, action)
		}
	}
	d := Decision{SameAccount: c.account == role.Account}
	if role.Trust == nil {
		d.Denied = &Reason{Action: action, Resource: role.ARN, Kind: KindTrustPolicy, Decision: policy.ImplicitDeny, Detail: "the role has no trust policy"}
		return d
	}
	// The role's resource keys, built once per role, over the caller's.
	rc := dc.roleCtx[role]
	if rc == nil {
		rc = &policy.Context{}
		rc.Set("aws:ResourceAccount", role.Account.ID)
		setOrgKeys(rc, dc.w, role.Account, "aws:ResourceOrgID", "aws:ResourceOrgPaths")
		for _, t := range role.Tags {
			rc.Set("aws:ResourceTag/"+t.Key, t.Value)
		}
		dc.roleCtx[role] = rc
	}
	rc.Parent = c.ctx
	ctx := rc
	if q.Context != nil {
		dc.top = *q.Context
		dc.top.Parent = rc
		ctx = &dc.top
	}
	dc.r = authzRequest{action: action, resource: role.ARN, resourceAccount: role.Account, resourcePolicy: role.Trust, trust: true, caller: c, ctx: ctx}
	a := &dc.a
	*a = authz{r: &dc.r, known: q.Known, nameAlways: !q.AllowedOnly, scratchDeny: q.AllowedOnly}
	dc.partial(a)
	a.req = policy.Request{Action: action, Resource: role.ARN, Principal: &c.pol, Context: ctx}
	var rs *Reason
	switch c.kind {
	case principalService:
		rs = a.decideTrust(c.pol.Federated != "")
		if rs == nil {
			d.Naming, d.Path = NamedService, PathService
			if c.pol.Federated != "" {
				d.Naming, d.Path = NamedFederated, PathFederated
			}
		}
	default:
		rs = a.decide(&d.Naming)
	}
	if rs != nil {
		d.Denied, d.Naming = kept(rs, q), NamedNone
		return d
	}
	dc.allowed(&d, q)
	return d
}

// kept is the reason a denied Decision carries: rs, or Unexplained when the
// query asked for none (rs is then the Decider's scratch).
func kept(rs *Reason, q Query) *Reason {
	if q.AllowedOnly {
		return Unexplained
	}
	return rs
}

// partial gives the groups their partial-evaluation state when the query
// has unknown keys.
func (dc *Decider) partial(a *authz) {
	if a.known == nil {
		return
	}
	for i, g := range [...]*group{&a.scp, &a.rcp, &a.res, &a.ident, &a.bound, &a.sess} {
		dc.pts[i].reset()
		g.pt = &dc.pts[i]
	}
	a.lvl, a.pr, a.conds = &dc.lvl, &dc.pr, dc.conds[:0]
	if dc.memo == nil {
		dc.memo, dc.orgMemo = map[*policy.Policy]*memoEval{}, map[*policy.Policy]*memoEval{}
	}
	a.memo, a.orgMemo = dc.memo, dc.orgMemo
}

// allowed fills an allowing decision from the working state.
func (dc *Decider) allowed(d *Decision, q Query) {
	a := &dc.a
	d.Allowed, d.Outside = true, a.outside
	if len(a.conds) > 0 {
		d.Conditions = slices.Clone(a.conds)
	}
	dc.conds = a.conds[:0]
	if d.Path == PathNone {
		d.Path = a.path
	}
	if q.Known != nil {
		for _, g := range [...]*group{&a.scp, &a.rcp, &a.res, &a.ident, &a.bound, &a.sess} {
			d.Denials = append(d.Denials, g.pt.mayDeny...)
		}
	}
}

// decideCall answers a query on a resource other than a role to assume.
func (dc *Decider) decideCall(q Query, c *principalInfo, action string) Decision {
	rc := &policy.Context{Parent: c.ctx}
	acct, pol := dc.w.callTarget(q.Resource, c.account, rc)
	ctx := rc
	if q.Context != nil {
		dc.top = *q.Context
		dc.top.Parent = rc
		ctx = &dc.top
	}
	d := Decision{SameAccount: c.account == acct}
	dc.r = authzRequest{action: action, resource: q.Resource, resourceAccount: acct, resourcePolicy: pol, caller: c, ctx: ctx}
	a := &dc.a
	*a = authz{r: &dc.r, known: q.Known, nameAlways: true, scratchDeny: q.AllowedOnly}
	dc.partial(a)
	a.req = policy.Request{Action: action, Resource: q.Resource, Principal: &c.pol, Context: ctx}
	if rs := a.decide(&d.Naming); rs != nil {
		d.Denied, d.Naming = kept(rs, q), NamedNone
		return d
	}
	dc.allowed(&d, q)
	return d
}
