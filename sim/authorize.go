package sim

import (
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

// naming tells how a resource-based policy's allowing statement names the
// caller, which decides what else must allow (IAM User Guide, policy
// evaluation logic; reference §5–§6).
type naming uint8

const (
	namedNone    naming = iota // no allowing statement
	namedAccount               // the caller's account (delegation) or "*" in a trust policy
	namedRole                  // the role ARN of a role session
	namedUser                  // the IAM user ARN
	namedSession               // the session ARN, or "*" in a resource policy
)

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
	denyRef    *PolicyRef
	denyStmt   *policy.Statement
	allowRef   *PolicyRef
	allowStmt  *policy.Statement
	evaluated  bool
	firstEmpty *PolicyRef // for SCP levels: a level with no allow
}

func (g *group) add(ref *PolicyRef, res policy.Result) {
	g.evaluated = true
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

// evaluator runs one authorization, recording into a trace when asked.
type evaluator struct {
	req   policy.Request
	trace *Trace
}

func (e *evaluator) eval(ref *PolicyRef, g *group) {
	res := ref.Doc.Evaluate(&e.req)
	g.add(ref, res)
	if e.trace != nil {
		e.trace.add(TraceEntry{
			Action:       e.req.Action,
			Kind:         ref.Kind,
			Policy:       ref.Name,
			Decision:     res.Decision,
			Statement:    stmtLabel(res.Statement),
			StatementPos: ref.statementPos(res.Statement),
		})
	}
}

func stmtLabel(st *policy.Statement) string {
	if st == nil {
		return ""
	}
	return st.Label()
}

// levels evaluates org policies level by level (root, OUs, account) and
// reports the first level where nothing allows.
func (e *evaluator) levels(path []*OrgNode, rcp bool) (g group, missing *OrgNode) {
	for _, node := range path {
		refs := node.SCPs
		if rcp {
			refs = node.RCPs
		}
		var lvl group
		for _, ref := range refs {
			e.eval(ref, &lvl)
		}
		if lvl.denyRef != nil && g.denyRef == nil {
			g.denyRef, g.denyStmt = lvl.denyRef, lvl.denyStmt
		}
		if lvl.allowRef == nil && missing == nil {
			missing = node
		}
		if g.allowRef == nil {
			g.allowRef, g.allowStmt = lvl.allowRef, lvl.allowStmt
		}
		g.evaluated = true
	}
	return g, missing
}

// authorize decides one request as AWS's evaluation logic does, returning
// nil when it is allowed and the reason when it is denied.
func (s *Sim) authorize(r *authzRequest, tr *Trace) *Reason {
	c := r.caller
	e := evaluator{req: policy.Request{Action: r.action, Resource: r.resource, Principal: &c.pol, Context: r.ctx}, trace: tr}
	org := s.world.Org

	// Gather every applicable policy's verdict.
	var scp, rcp, res, ident, bound, sess group
	var scpMissing, rcpMissing *OrgNode
	if c.account.IsMember(org) {
		scp, scpMissing = e.levels(c.account.Path, false)
	}
	if r.resourceAccount != nil && r.resourceAccount.IsMember(org) && rcpApplies(r.action) {
		rcp, rcpMissing = e.levels(r.resourceAccount.Path, true)
	}
	if r.resourcePolicy != nil {
		e.eval(r.resourcePolicy, &res)
	}
	rootCaller := c.kind == principalRoot
	for _, ref := range c.identity {
		e.eval(ref, &ident)
	}
	if c.boundary != nil {
		e.eval(c.boundary, &bound)
	}
	hasSessionPolicy := c.sessionPolicies != nil
	for _, ref := range c.sessionPolicies {
		e.eval(ref, &sess)
	}

	deny := func(kind PolicyKind, g *group, explicit bool) *Reason {
		rs := &Reason{Action: r.action, Resource: r.resource, Kind: kind, Decision: policy.ImplicitDeny}
		if explicit {
			rs.Decision = policy.ExplicitDeny
			rs.Policy = g.denyRef.Name
			rs.Statement = stmtLabel(g.denyStmt)
			rs.StatementPos = g.denyRef.statementPos(g.denyStmt)
		}
		return rs
	}

	// 1. Explicit denies anywhere win.
	resKind := KindResourcePolicy
	if r.trust {
		resKind = KindTrustPolicy
	}
	for _, d := range []struct {
		kind PolicyKind
		g    *group
	}{{KindSCP, &scp}, {KindRCP, &rcp}, {resKind, &res}, {KindIdentityPolicy, &ident}, {KindPermissionsBoundary, &bound}, {KindSessionPolicy, &sess}} {
		if d.g.denyRef != nil {
			return deny(d.kind, d.g, true)
		}
	}
	// 2. RCPs: every level of the resource account's path must allow.
	if rcpMissing != nil {
		rs := deny(KindRCP, &rcp, false)
		rs.Detail = "no RCP attached to " + describeNode(rcpMissing) + " allows it"
		return rs
	}
	// 3. SCPs: every level of the caller account's path must allow.
	if scpMissing != nil {
		rs := deny(KindSCP, &scp, false)
		rs.Detail = "no SCP attached to " + describeNode(scpMissing) + " allows it"
		return rs
	}

	sameAccount := r.resourceAccount == c.account
	identityPath := func() *Reason {
		if !rootCaller && !ident.allows() {
			return deny(KindIdentityPolicy, &ident, false)
		}
		if c.boundary != nil && !bound.allows() {
			return deny(KindPermissionsBoundary, &bound, false)
		}
		if hasSessionPolicy && !sess.allows() {
			return deny(KindSessionPolicy, &sess, false)
		}
		return nil
	}

	// 4. Resource-based policy.
	if r.trust {
		// A trust policy must always allow the caller explicitly.
		if !res.allows() {
			return deny(KindTrustPolicy, &res, false)
		}
		if sameAccount {
			switch s.naming(r, &e) {
			case namedUser, namedSession:
				// Naming the exact principal suffices without an identity
				// allow. rolesim applies the caller's permissions boundary
				// all the same (reference §5, a documented choice).
				if c.boundary != nil && !bound.allows() {
					return deny(KindPermissionsBoundary, &bound, false)
				}
				return nil
			case namedRole:
				// A grant to the role ARN is limited by the role's boundary
				// and by the session's session policy.
				if c.boundary != nil && !bound.allows() {
					return deny(KindPermissionsBoundary, &bound, false)
				}
				if hasSessionPolicy && !sess.allows() {
					return deny(KindSessionPolicy, &sess, false)
				}
				return nil
			}
		}
		// Naming the account or "*", or any cross-account call: the
		// caller's own policies must allow too.
		return identityPath()
	}
	if r.resourcePolicy != nil && res.allows() && sameAccount {
		switch s.naming(r, &e) {
		case namedUser, namedSession:
			return nil
		case namedRole:
			if c.boundary != nil && !bound.allows() {
				return deny(KindPermissionsBoundary, &bound, false)
			}
			if hasSessionPolicy && !sess.allows() {
				return deny(KindSessionPolicy, &sess, false)
			}
			return nil
		}
	}
	if !sameAccount && !res.allows() {
		// Cross-account: the resource's account must grant access too.
		if rs := identityPath(); rs != nil {
			return rs
		}
		return deny(KindResourcePolicy, &res, false)
	}
	return identityPath()
}

// naming finds the most specific way an allowing statement of the resource
// policy names the caller, by re-evaluating it against narrowed principals.
func (s *Sim) naming(r *authzRequest, e *evaluator) naming {
	c := r.caller
	doc := r.resourcePolicy.Doc
	try := func(p policy.Principal) bool {
		req := e.req
		req.Principal = &p
		return doc.Evaluate(&req).Decision == policy.Allow
	}
	switch c.kind {
	case principalSession:
		if try(policy.Principal{ARNs: []string{c.session.ARN}}) {
			if r.trust && try(policy.Principal{}) {
				return namedAccount // "*" in a trust policy delegates like an account
			}
			return namedSession
		}
		if try(policy.Principal{ARNs: []string{c.session.Role.ARN}}) {
			return namedRole
		}
	case principalUser:
		if try(policy.Principal{ARNs: []string{c.user.ARN}}) {
			if r.trust && try(policy.Principal{}) {
				return namedAccount
			}
			return namedUser
		}
	case principalRoot:
		// The root user is named by its account; it is not a separate
		// principal a policy can name apart from the account.
	}
	return namedAccount
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
