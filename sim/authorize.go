package sim

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim/policy"
)

// authzRequest is one request to authorize: an action by a caller on a
// resource, with the resource's policy when it has one.
type authzRequest struct {
	action   string
	resource string
	// resourceAccount owns the resource (the role's account for AssumeRole).
	resourceAccount *Account
	// resourcePolicy is the role's trust policy (trust true) or the
	// resource's resource-based policy; nil when there is none.
	resourcePolicy *PolicyRef
	trust          bool
	caller         *principalInfo
	ctx            *policy.Context
}

// Naming tells how the resource-based policy (trust policy) that allowed a
// request named the caller, which decides what else must allow (IAM User
// Guide, policy evaluation logic; reference §5–§6).
type Naming uint8

// The ways a resource-based policy names the caller.
const (
	NamedNone      Naming = iota // no allowing statement
	NamedAccount                 // the caller's account (delegation)
	NamedRole                    // the role ARN of a role session, or the user who federated
	NamedUser                    // the IAM user ARN
	NamedSession                 // the session ARN
	NamedWildcard                // "*" (or {"AWS": "*"})
	NamedFederated               // a federated first hop: the identity provider (AssumeRoleWithWebIdentity, AssumeRoleWithSAML)
	NamedService                 // an AWS service principal
)

var namingText = [...]string{
	NamedAccount:   "account",
	NamedRole:      "role",
	NamedUser:      "user",
	NamedSession:   "session",
	NamedWildcard:  "wildcard",
	NamedFederated: "federated",
	NamedService:   "service",
}

// String names the way in one word ("session", "user", "role", "wildcard",
// "account", "federated", "service"); "" for NamedNone.
func (n Naming) String() string {
	if int(n) < len(namingText) {
		return namingText[n]
	}
	return "Naming(" + strconv.Itoa(int(n)) + ")"
}

// MarshalText writes the way as String does.
func (n Naming) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// Exact tells whether the caller was named by its own ARN or by the
// wildcard, rather than through its account or an identity provider.
func (n Naming) Exact() bool {
	return n == NamedUser || n == NamedSession || n == NamedRole || n == NamedWildcard
}

// rcpServices are the services whose resources RCPs govern.
var rcpServices = []string{"s3", "sts", "kms", "sqs", "secretsmanager", "ecr", "aoss", "logs", "dynamodb", "cognito-idp"}

func rcpApplies(action string) bool {
	svc, _, ok := strings.Cut(action, ":")
	if !ok {
		return false
	}
	for _, s := range rcpServices {
		if strings.EqualFold(svc, s) {
			return true
		}
	}
	return false
}

// group is the combined result of a list of policies of one kind.
type group struct {
	denyRef   *PolicyRef
	denyStmt  *policy.Statement
	allowRef  *PolicyRef
	allowStmt *policy.Statement

	// pt holds what partial evaluation adds; nil in exact evaluation, so
	// that the simulator's working state stays small to reset.
	pt *partialGroup
}

// partialGroup is a group's partial-evaluation state: opt is the allowing
// option that depends on least (allowStmt's), levels the one of each
// organization level, mayDeny the Deny statements that apply if their
// conditions hold.
type partialGroup struct {
	opt     policy.Option
	levels  []Residual
	mayDeny []Residual
}

// reset empties the state, keeping its lists' storage.
func (pg *partialGroup) reset() {
	*pg = partialGroup{levels: pg.levels[:0], mayDeny: pg.mayDeny[:0]}
}

// addPartial folds one policy's partial result into the group.
func (g *group) addPartial(ref *PolicyRef, pr policy.PartialResult) {
	if pr.Deny != nil && g.denyRef == nil {
		g.denyRef, g.denyStmt = ref, pr.Deny
	}
	for _, o := range pr.MayDeny {
		g.pt.mayDeny = append(g.pt.mayDeny, residual(ref, o))
	}
	if best, ok := pr.Best(); ok && (g.allowRef == nil || best.Weight() < g.pt.opt.Weight()) {
		g.allowRef, g.allowStmt, g.pt.opt = ref, best.Statement, best
	}
}

func (g *group) add(ref *PolicyRef, res policy.Result) {
	switch res.Decision {
	case policy.ExplicitDeny:
		if g.denyRef == nil {
			g.denyRef, g.denyStmt = ref, res.Statement
		}
	case policy.Allow:
		if g.allowRef == nil {
			g.allowRef, g.allowStmt = ref, res.Statement
		}
	}
}

func (g *group) allows() bool { return g.allowRef != nil && g.denyRef == nil }

// ok tells whether the group allows, and in partial evaluation takes the
// conditions its allow relies on as the decision's.
func (a *authz) ok(g *group) bool {
	if !g.allows() {
		return false
	}
	if a.known != nil {
		a.take(g)
	}
	return true
}

// take adds the residual conditions of a group's allow (of each level's,
// for SCPs and RCPs) to the decision's.
func (a *authz) take(g *group) {
	if g.pt.levels != nil {
		for _, rs := range g.pt.levels {
			if !rs.Unconditional() {
				a.conds = append(a.conds, rs)
			}
		}
		return
	}
	if !g.pt.opt.Unconditional() {
		a.conds = append(a.conds, residual(g.allowRef, g.pt.opt))
	}
}

// authz is the working state of one authorization. A Sim keeps one and
// reuses it (requests are serialised), so deciding allocates nothing.
type authz struct {
	r     *authzRequest
	req   policy.Request
	probe policy.Principal
	trace *Trace

	// known is nil for exact evaluation (the simulator); for partial
	// evaluation it tells which condition keys have known values, and
	// conds collects the residual conditions the allow relies on.
	known policy.Known
	conds []Residual
	// lvl is the scratch partial state of one organization level, reused
	// level after level (partial evaluation only).
	lvl *partialGroup
	// pr is the scratch result of one policy's partial evaluation.
	pr *policy.PartialResult
	// memo, when set, remembers context-free policies' partial
	// evaluations (Decider.memo).
	memo, orgMemo map[*policy.Policy]*memoEval
	// named are the ARNs naming found the caller by (nil for the wildcard
	// and the account).
	named []string
	// path is the rule path of the allow (when decide allows).
	path RulePath
	// nameAlways asks for the naming even when the trace does not (the
	// core's Decision reports it).
	nameAlways bool
	// outside is set when the caller's own policies are outside the world
	// and were taken as allowing (partial evaluation only).
	outside bool
	// scratchDeny has deny build its reason in scratch, reused query after
	// query, for a Decider whose query wants no reason (Query.AllowedOnly).
	scratchDeny bool
	scratch     Reason

	scp, rcp, res, ident, bound, sess group
	scpMissing, rcpMissing            *OrgNode
}

func (a *authz) eval(ref *PolicyRef, g *group, level *OrgNode) {
	if a.known != nil {
		if a.memo != nil && ref.Doc.ContextFree() && !ref.Doc.AllowsAll() {
			memo := a.memo
			if level != nil {
				// The few organization policies, apart from the many
				// identity policies, stay in the nearest cache.
				memo = a.orgMemo
			}
			g.addPartial(ref, a.remembered(memo, ref.Doc))
			return
		}
		ref.Doc.EvaluatePartialTo(&a.req, a.known, a.pr)
		g.addPartial(ref, *a.pr)
		return
	}
	res := ref.Doc.Evaluate(&a.req)
	g.add(ref, res)
	if a.trace != nil {
		e := TraceEntry{
			Action:       a.req.Action,
			Kind:         ref.Kind,
			Policy:       ref.Name,
			Ref:          ref,
			Decision:     res.Decision,
			Statement:    stmtLabel(res.Statement),
			StatementPos: ref.statementPos(res.Statement),
			Stmt:         res.Statement,
			Statements:   ref.Doc.Explain(&a.req),
		}
		if level != nil {
			e.Level = describeNode(level)
		}
		a.trace.add(e)
	}
}

// remembered is a context-free doc's partial evaluation for the request,
// from the memo when doc was last evaluated for the same action and (unless
// it is also resource-free) resource.
func (a *authz) remembered(memo map[*policy.Policy]*memoEval, doc *policy.Policy) policy.PartialResult {
	m := memo[doc]
	if m == nil {
		m = &memoEval{}
		memo[doc] = m
	} else if m.action == a.req.Action && (m.resource == a.req.Resource || doc.ResourceFree()) {
		return m.pr
	}
	doc.EvaluatePartialTo(&a.req, a.known, &m.pr)
	m.action, m.resource = a.req.Action, a.req.Resource
	return m.pr
}

func stmtLabel(st *policy.Statement) string {
	if st == nil {
		return ""
	}
	return st.Label()
}

// levels evaluates org policies level by level (root, OUs, account) into g
// and returns the first level where nothing allows.
func (a *authz) levels(path []*OrgNode, rcp bool, g *group) (missing *OrgNode) {
	for _, node := range path {
		refs := node.SCPs
		if rcp {
			refs = node.RCPs
		}
		var lvl group
		if a.known != nil {
			a.lvl.reset()
			lvl.pt = a.lvl
		}
		for _, ref := range refs {
			a.eval(ref, &lvl, node)
		}
		if lvl.denyRef != nil && g.denyRef == nil {
			g.denyRef, g.denyStmt = lvl.denyRef, lvl.denyStmt
		}
		if a.known != nil {
			g.pt.mayDeny = append(g.pt.mayDeny, lvl.pt.mayDeny...)
			if lvl.allowRef != nil {
				g.pt.levels = append(g.pt.levels, residual(lvl.allowRef, lvl.pt.opt))
			}
		}
		if lvl.allowRef == nil && missing == nil {
			missing = node
		}
		if g.allowRef == nil {
			g.allowRef, g.allowStmt = lvl.allowRef, lvl.allowStmt
		}
	}
	return missing
}

func (a *authz) deny(kind PolicyKind, g *group, explicit bool) *Reason {
	rs := &a.scratch
	if !a.scratchDeny {
		rs = new(Reason)
	}
	*rs = Reason{Action: a.r.action, Resource: a.r.resource, Kind: kind, Decision: policy.ImplicitDeny}
	if explicit {
		rs.Decision = policy.ExplicitDeny
		rs.Policy = g.denyRef.Name
		rs.Statement = stmtLabel(g.denyStmt)
		rs.StatementPos = g.denyRef.statementPos(g.denyStmt)
	}
	return rs
}

// limits applies the caller-side limits that bound a grant: the permissions
// boundary and, when withSession, the session policy.
func (a *authz) limits(withSession bool) *Reason {
	c := a.r.caller
	if c.boundary != nil && !a.ok(&a.bound) {
		return a.deny(KindPermissionsBoundary, &a.bound, false)
	}
	if withSession && c.sessionPolicies != nil && !a.ok(&a.sess) {
		rs := a.deny(KindSessionPolicy, &a.sess, false)
		if len(c.sessionPolicies) == 0 {
			rs.Detail = "a federated user session without a session policy has no permissions"
		}
		return rs
	}
	return nil
}

// identityPath requires the caller's identity policies (all access for the
// root user), boundary and session policy to allow.
func (a *authz) identityPath() *Reason {
	c := a.r.caller
	if c.kind == principalExternal {
		// A principal outside the world: its own account's policies are
		// unknown, and partial evaluation takes them as allowing.
		a.outside = true
		return nil
	}
	if !c.allAccess() && !a.ok(&a.ident) {
		return a.deny(KindIdentityPolicy, &a.ident, false)
	}
	return a.limits(true)
}

// authorize decides one request as AWS's evaluation logic does, returning
// nil when it is allowed and the reason when it is denied.
func (s *Sim) authorize(r *authzRequest, tr *Trace) *Reason {
	a := &s.az
	// The request is copied into the Sim's scratch so that the caller's
	// stays on its stack (a.r, in the Sim, would make it escape).
	s.azReq = *r
	*a = authz{r: &s.azReq, trace: tr}
	a.req = policy.Request{Action: r.action, Resource: r.resource, Principal: &r.caller.pol, Context: r.ctx}
	var d *TraceDecision
	if tr != nil {
		d = &TraceDecision{
			Action: r.action, Resource: r.resource,
			Caller: r.caller.arn, CallerAccount: r.caller.account.ID,
			Principal: r.caller.pol, EntryStart: len(tr.Entries),
		}
		if r.resourceAccount != nil {
			d.ResourceAccount = r.resourceAccount.ID
		}
		d.Context = snapshot(r.ctx)
		tr.Decisions = append(tr.Decisions, d)
	}
	var named Naming
	rs := a.decide(&named)
	if d != nil {
		d.EntryEnd = len(tr.Entries)
		d.Denied = rs
		d.Naming = named
		if rs == nil {
			d.Path = a.path
		}
	}
	a.r, a.trace, a.req = nil, nil, policy.Request{}
	return rs
}

// decide is the authorization core: it evaluates every applicable policy
// (exactly, or partially when a.known is set) and combines them in AWS's
// order. Every AssumeRole, resource request and trust graph edge is decided
// here.
func (a *authz) decide(named *Naming) *Reason {
	r := a.r
	c := r.caller

	// A query that wants no reason for a denial (Query.AllowedOnly) may
	// stop early: a role in another account is assumed only if the
	// caller's own policies allow (identityPath), so when they cannot,
	// nothing else needs evaluating.
	identDone := false
	if a.scratchDeny && r.trust && r.resourceAccount != c.account && c.kind != principalExternal && !c.allAccess() {
		for _, ref := range c.identity {
			a.eval(ref, &a.ident, nil)
		}
		if !a.ident.allows() {
			return a.deny(KindIdentityPolicy, &a.ident, a.ident.denyRef != nil)
		}
		identDone = true
	}

	// Gather every applicable policy's verdict. Each account is governed
	// by its own organization's SCPs and RCPs.
	if c.account.IsMember() {
		a.scpMissing = a.levels(c.account.Path, false, &a.scp)
	}
	if r.resourceAccount != nil && r.resourceAccount.IsMember() && rcpApplies(r.action) {
		a.rcpMissing = a.levels(r.resourceAccount.Path, true, &a.rcp)
	}
	if r.resourcePolicy != nil {
		a.evalResource(r.resourcePolicy)
	}
	if !identDone {
		for _, ref := range c.identity {
			a.eval(ref, &a.ident, nil)
		}
	}
	if c.boundary != nil {
		a.eval(c.boundary, &a.bound, nil)
	}
	for _, ref := range c.sessionPolicies {
		a.eval(ref, &a.sess, nil)
	}

	// 1. An explicit deny in any policy wins.
	resKind := KindResourcePolicy
	if r.trust {
		resKind = KindTrustPolicy
	}
	switch {
	case a.scp.denyRef != nil:
		return a.deny(KindSCP, &a.scp, true)
	case a.rcp.denyRef != nil:
		return a.deny(KindRCP, &a.rcp, true)
	case a.res.denyRef != nil:
		return a.deny(resKind, &a.res, true)
	case a.ident.denyRef != nil:
		return a.deny(KindIdentityPolicy, &a.ident, true)
	case a.bound.denyRef != nil:
		return a.deny(KindPermissionsBoundary, &a.bound, true)
	case a.sess.denyRef != nil:
		return a.deny(KindSessionPolicy, &a.sess, true)
	}
	// 2. RCPs: every level of the resource account's path must allow.
	if a.rcpMissing != nil {
		rs := a.deny(KindRCP, &a.rcp, false)
		rs.Detail = "no RCP attached to " + describeNode(a.rcpMissing) + " allows it"
		return rs
	}
	// 3. SCPs: every level of the caller account's path must allow.
	if a.scpMissing != nil {
		rs := a.deny(KindSCP, &a.scp, false)
		rs.Detail = "no SCP attached to " + describeNode(a.scpMissing) + " allows it"
		return rs
	}
	if a.known != nil {
		a.take(&a.rcp)
		a.take(&a.scp)
	}

	sameAccount := r.resourceAccount == c.account
	// 4. The resource-based policy.
	if r.trust {
		// A trust policy must always allow the caller explicitly.
		if !a.res.allows() {
			return a.deny(KindTrustPolicy, &a.res, false)
		}
		if sameAccount || a.trace != nil || a.nameAlways {
			*named = a.naming()
		}
		if a.known != nil {
			a.takeTrust(*named, sameAccount)
		}
		if sameAccount {
			switch *named {
			case NamedUser, NamedSession:
				// Naming the exact principal suffices without an identity
				// allow; rolesim applies the caller's permissions boundary
				// all the same (reference §5, a documented choice).
				a.path = PathNamedPrincipal
				return a.limits(false)
			case NamedRole, NamedWildcard:
				a.path = namedPath(*named)
				// A grant to the role ARN is limited by the role's boundary
				// and by the session's session policy. "*" admits a caller
				// of the role's own account as a direct ARN would (observed
				// on live AWS, reference §5); rolesim limits it like a
				// grant to the role ARN, the reading that allows less.
				return a.limits(true)
			}
		}
		// Naming the account, or any cross-account call: the caller's own
		// policies must allow too.
		a.path = PathCrossAccount
		if sameAccount {
			a.path = PathDelegation
		}
		return a.identityPath()
	}
	if r.resourcePolicy != nil && a.res.allows() && (sameAccount || a.trace != nil || a.nameAlways) {
		*named = a.naming()
		if sameAccount {
			switch *named {
			case NamedUser, NamedSession:
				if a.known != nil {
					a.takeTrust(*named, sameAccount)
				}
				a.path = PathNamedPrincipal
				return nil
			case NamedRole, NamedWildcard:
				// "*" is limited by the boundary and the session policy, as
				// a grant to the role ARN is: AWS does not document it, and
				// this is the reading that allows less.
				if a.known != nil {
					a.takeTrust(*named, sameAccount)
				}
				a.path = namedPath(*named)
				return a.limits(true)
			}
		}
	}
	if !sameAccount && !a.res.allows() {
		// Cross-account: the resource's account must grant access too.
		if rs := a.identityPath(); rs != nil {
			return rs
		}
		return a.deny(KindResourcePolicy, &a.res, false)
	}
	if !sameAccount && a.known != nil {
		a.take(&a.res)
	}
	switch {
	case !sameAccount:
		a.path = PathCrossAccount
	case *named == NamedAccount:
		a.path = PathDelegation
	default:
		a.path = PathIdentity
	}
	// 5–7. Identity policies, boundary, session policies.
	return a.identityPath()
}

// namedPath is the path of a same-account grant to the role ARN or "*".
func namedPath(n Naming) RulePath {
	if n == NamedWildcard {
		return PathWildcard
	}
	return PathNamedRole
}

// RulePath tells which of AWS's rules allowed a request: how the
// resource-based policy (trust policy) and the caller's own policies
// combined (IAM User Guide, policy evaluation logic; reference §5–§6).
type RulePath uint8

// The rule paths.
const (
	PathNone RulePath = iota
	// PathIdentity: within one account, without a resource-based policy
	// that allowed: the caller's identity-based policies allowed.
	PathIdentity
	// PathNamedPrincipal: within one account, the resource-based policy
	// names the caller's user or session ARN, which suffices alone.
	PathNamedPrincipal
	// PathNamedRole: within one account, it names the caller's role ARN:
	// enough, limited by the boundary and the session policies.
	PathNamedRole
	// PathWildcard: within one account, it names everyone ("*"), limited
	// as a grant to the role ARN is.
	PathWildcard
	// PathDelegation: within one account, it names the account: the
	// caller's identity-based policies must allow too.
	PathDelegation
	// PathCrossAccount: across accounts, both the resource's policy and
	// the caller's own policies allow.
	PathCrossAccount
	// PathFederated: a web identity or SAML first hop, which the trust
	// policy (and RCPs) decide alone.
	PathFederated
	// PathService: an AWS service principal, which the trust policy
	// decides alone.
	PathService
)

var pathText = [...]string{
	PathIdentity:       "identity",
	PathNamedPrincipal: "named-principal",
	PathNamedRole:      "named-role",
	PathWildcard:       "wildcard",
	PathDelegation:     "account-delegation",
	PathCrossAccount:   "cross-account",
	PathFederated:      "federated",
	PathService:        "service",
}

// String names the path in one word ("cross-account", ...); "" for
// PathNone.
func (p RulePath) String() string {
	if int(p) < len(pathText) {
		return pathText[p]
	}
	return "RulePath(" + strconv.Itoa(int(p)) + ")"
}

// MarshalText writes the path as String does.
func (p RulePath) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// naming finds the most specific way an allowing statement of the resource
// policy names the caller, by re-evaluating it against narrowed principals
// (partially, in partial evaluation: a statement that may allow counts).
func (a *authz) naming() Naming {
	r := a.r
	c := r.caller
	doc := r.resourcePolicy.Doc
	try := func(arns ...string) bool {
		if a.staleProbe(arns) {
			return false
		}
		a.probe = policy.Principal{ARNs: arns}
		a.req.Principal = &a.probe
		var ok bool
		if a.known != nil {
			doc.EvaluatePartialTo(&a.req, a.known, a.pr)
			ok = a.pr.Allows()
		} else {
			ok = doc.Evaluate(&a.req).Decision == policy.Allow
		}
		a.req.Principal = &c.pol
		if ok {
			a.named = arns
		}
		return ok
	}
	switch c.kind {
	case principalSession:
		if try(c.pol.ARNs[1:2]...) { // the session ARN
			if try() {
				return NamedWildcard
			}
			return NamedSession
		}
		if try(c.pol.ARNs[0:1]...) { // the role ARN
			return NamedRole
		}
	case principalFederated:
		if try(c.pol.ARNs[0:1]...) { // the federated-user ARN
			if try() {
				return NamedWildcard
			}
			return NamedSession
		}
		if len(c.pol.ARNs) > 1 && try(c.pol.ARNs[1:2]...) { // the user who federated
			return NamedRole
		}
	case principalUser:
		if try(c.pol.ARNs...) {
			if try() {
				return NamedWildcard
			}
			return NamedUser
		}
	}
	// The root user is named by its account, never apart from it.
	return NamedAccount
}

func describeNode(n *OrgNode) string {
	switch n.Kind {
	case "root":
		return "the root"
	case "ou":
		return "OU " + n.Name
	}
	return "account " + n.Name
}

// takeTrust takes the residual conditions of the trust (or resource)
// policy's allow. When the caller is named exactly within its own account
// (which spares it its identity-based policies), they are those of the
// statements that name it so; otherwise those of any allowing statement.
func (a *authz) takeTrust(n Naming, same bool) {
	if same && n.Exact() {
		a.probe = policy.Principal{ARNs: a.named}
		a.req.Principal = &a.probe
		a.r.resourcePolicy.Doc.EvaluatePartialTo(&a.req, a.known, a.pr)
		a.req.Principal = &a.r.caller.pol
		if best, ok := a.pr.Best(); ok {
			a.res.pt.opt, a.res.allowStmt = best, best.Statement
		}
	}
	a.take(&a.res)
}
