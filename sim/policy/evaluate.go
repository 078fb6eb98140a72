package policy

// evalState is the per-evaluation state: the request and its resource ARN,
// cut into segments on first use.
type evalState struct {
	r        *Request
	ctx      *Context
	service  string // the request action's service prefix, colon included
	resource lazyARN
}

func newEvalState(r *Request) evalState {
	return evalState{r: r, ctx: r.Context, service: actionService(r.Action), resource: lazyARN{s: r.Resource}}
}

// Evaluate decides the request against the policy alone: ExplicitDeny with
// the first matching Deny statement if any Deny statement matches; else
// Allow with the first matching Allow statement; else ImplicitDeny with a
// nil Statement.
//
// A statement matches when its Action (or NotAction), its Resource (or
// NotResource) if it has one, its Principal (or NotPrincipal) if it has
// one, and every condition match. A nil Request.Principal is an anonymous
// caller; a nil Request.Context has no keys. A nil policy or request
// yields ImplicitDeny.
//
// Evaluate is safe for concurrent use and does no parsing of policy text.
// It does not allocate, except to evaluate BinaryEquals, Arn operators whose
// values hold policy variables, and request values that look like IP
// addresses but are not.
func (p *Policy) Evaluate(r *Request) Result {
	if p == nil || r == nil {
		return Result{}
	}
	if p.allowAll {
		return Result{Decision: Allow, Statement: p.Statements[0]}
	}
	ev := newEvalState(r)
	var allow *Statement
	for _, s := range p.Statements {
		if s.Effect == EffectAllow && allow != nil {
			// Only a Deny can change the outcome now.
			continue
		}
		if !s.matches(&ev) {
			continue
		}
		if s.Effect == EffectDeny {
			return Result{Decision: ExplicitDeny, Statement: s}
		}
		allow = s
	}
	if allow != nil {
		return Result{Decision: Allow, Statement: allow}
	}
	return Result{}
}

// matches reports whether the statement applies to the request.
func (s *Statement) matches(ev *evalState) bool {
	if (s.firstAction(ev) >= 0) == s.notAction {
		return false
	}
	if len(s.vars) > 0 && s.unresolved(ev.ctx) != nil {
		// A variable without a value makes the statement invalid: it
		// allows nothing and denies nothing.
		return false
	}
	if s.hasResource && (s.firstResource(ev) >= 0) == s.notResource {
		return false
	}
	if s.hasPrincipal {
		if s.notPrincipal {
			if exempt, _ := notPrincipalExempts(s.principals, ev.r.Principal); exempt {
				return false
			}
		} else if s.firstPrincipal(ev.r.Principal) < 0 {
			return false
		}
	}
	for i := range s.conditions {
		if !s.conditions[i].eval(ev.ctx) {
			return false
		}
	}
	return true
}

// firstAction returns the index of the first Action/NotAction entry that
// names the request's action (ignoring ASCII case), or -1. A statement
// none of whose actions is of the request's service is rejected at once.
func (s *Statement) firstAction(ev *evalState) int {
	if !s.anyService {
		known := false
		for _, svc := range s.services {
			if len(svc) == len(ev.service) && hasPrefixFoldASCII(ev.service, svc) {
				known = true
				break
			}
		}
		if !known {
			return -1
		}
	}
	for i := range s.actions {
		if s.actions[i].match(ev.r.Action, nil, true) {
			return i
		}
	}
	return -1
}

// firstResource returns the index of the first Resource/NotResource entry
// that matches the request's resource, or -1. An entry whose policy
// variables resolve to null matches nothing.
func (s *Statement) firstResource(ev *evalState) int {
	for i := range s.resources {
		rp := &s.resources[i]
		if rp.dyn && !resolves(rp.toks, ev.ctx) {
			continue
		}
		if rp.arn.match(&ev.resource, ev.ctx) {
			return i
		}
	}
	return -1
}

// firstPrincipal returns the index of the first Principal/NotPrincipal
// entry that names p, or -1.
func (s *Statement) firstPrincipal(p *Principal) int {
	for i := range s.principals {
		if s.principals[i].matches(p, s.kind) {
			return i
		}
	}
	return -1
}
