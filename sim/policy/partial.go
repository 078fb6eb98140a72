package policy

// Partial evaluation: Evaluate for a request some of whose condition keys
// have values nobody knows yet (a trust graph asks "may alice assume
// Deploy?" before any external id, MFA or session tag is chosen). A
// condition on a known key is decided on the request's context, exactly as
// Evaluate decides it; a condition on an unknown key is neither true nor
// false but left over, as a residual the caller reports ("allowed if
// sts:ExternalId = X"). Nothing unknown is ever taken as allowed or as
// denied: a statement that depends on it is returned with what it depends
// on.
//
// It lives next to Evaluate and walks the same compiled statements with
// the same matchers, so that the two cannot disagree: with every key known,
// EvaluatePartial decides exactly what Evaluate decides (a property the
// tests check on every policy of the fuzz corpus).

// Known tells partial evaluation whether a condition key's value is known
// (and is then the request context's, absent included). A nil Known knows
// every key: exact evaluation.
type Known func(key string) bool

// Option is a statement that may apply to a request: it applies exactly
// when every Residual condition holds and every Variables key resolves.
// An Option without either applies whatever the unknown keys hold.
type Option struct {
	Statement *Statement
	// Residual are the statement's conditions on unknown keys, in document
	// order. When the statement depends on an unknown policy variable,
	// every condition whose values hold variables is residual too.
	Residual []ConditionSpec
	// Variables are the policy variables (their keys, as written inside
	// ${...}) of unknown value that the statement's Resource or condition
	// values use; the statement applies only for values that make it match.
	Variables []string
}

// Unconditional tells whether the option applies whatever the unknown keys
// hold.
func (o Option) Unconditional() bool { return len(o.Residual) == 0 && len(o.Variables) == 0 }

// Weight is how much the option depends on: residual conditions plus
// unknown variables.
func (o Option) Weight() int { return len(o.Residual) + len(o.Variables) }

// PartialResult is what a policy may decide about a request with unknown
// keys.
type PartialResult struct {
	// Deny is the first Deny statement that applies whatever the unknown
	// keys hold; nil when there is none.
	Deny *Statement
	// MayDeny are the other Deny statements that apply if their residual
	// conditions hold, in document order.
	MayDeny []Option
	// Allow are the Allow statements that may apply, in document order.
	Allow []Option
}

// Allows tells whether the policy may allow the request: some Allow
// statement may apply and no Deny applies unconditionally.
func (r PartialResult) Allows() bool { return r.Deny == nil && len(r.Allow) > 0 }

// Decided tells whether the result depends on no unknown key: no
// conditional Deny, and no conditional Allow unless an unconditional one
// applies.
func (r PartialResult) Decided() bool {
	if r.Deny != nil {
		return true
	}
	if len(r.MayDeny) > 0 {
		return false
	}
	for _, o := range r.Allow {
		if o.Unconditional() {
			return true
		}
	}
	return len(r.Allow) == 0
}

// Best returns the Allow option that depends on least (the first of the
// lightest), and false when no Allow statement may apply.
func (r PartialResult) Best() (Option, bool) {
	best := -1
	for i, o := range r.Allow {
		if best < 0 || o.Weight() < r.Allow[best].Weight() {
			best = i
		}
	}
	if best < 0 {
		return Option{}, false
	}
	return r.Allow[best], true
}

// Decision is the exact decision the result stands for when it is
// Decided: ExplicitDeny, Allow or ImplicitDeny.
func (r PartialResult) Decision() Decision {
	switch {
	case r.Deny != nil:
		return ExplicitDeny
	case len(r.Allow) > 0:
		return Allow
	}
	return ImplicitDeny
}

// EvaluatePartial evaluates the request against the policy, deciding the
// conditions on keys known says are known (on the request's context) and
// leaving the others as residuals. A nil known evaluates every condition,
// and the result is then Decided and agrees with Evaluate. A nil policy or
// request yields an empty result (ImplicitDeny).
func (p *Policy) EvaluatePartial(r *Request, known Known) PartialResult {
	var out PartialResult
	p.EvaluatePartialTo(r, known, &out)
	return out
}

// EvaluatePartialTo is EvaluatePartial into *out, whose lists it empties
// and reuses: for a caller that evaluates many requests in turn and keeps
// only copies of the options.
func (p *Policy) EvaluatePartialTo(r *Request, known Known, out *PartialResult) {
	*out = PartialResult{Allow: out.Allow[:0], MayDeny: out.MayDeny[:0]}
	if p == nil || r == nil {
		return
	}
	if p.allowAll {
		// One unconditional Allow of everything: it applies, whatever the
		// unknown keys hold (as matching would find).
		out.Allow = append(out.Allow, Option{Statement: p.Statements[0]})
		return
	}
	ev := newEvalState(r)
	for _, s := range p.Statements {
		o, ok := s.partial(&ev, known)
		if !ok {
			continue
		}
		switch {
		case s.Effect == EffectAllow:
			out.Allow = append(out.Allow, o)
		case o.Unconditional():
			if out.Deny == nil {
				out.Deny = s
			}
		default:
			out.MayDeny = append(out.MayDeny, o)
		}
	}
}

// partial is matches with unknown keys: ok is false when the statement
// cannot apply, whatever the unknown keys hold.
func (s *Statement) partial(ev *evalState, known Known) (Option, bool) {
	o := Option{Statement: s}
	if (s.firstAction(ev) >= 0) == s.notAction {
		return o, false
	}
	// The variables of unknown value the statement uses.
	if known != nil {
		o.Variables = s.unknownVariables(known)
	}
	for i := range s.vars {
		// A variable of known value that does not resolve makes the
		// statement invalid, as in Evaluate.
		if v := &s.vars[i]; known == nil || known(v.text) {
			if _, ok := v.resolve(ev.ctx); !ok {
				return o, false
			}
		}
	}
	if s.hasResource {
		match, maybe := s.resourcePartial(ev, known)
		if !match && !maybe {
			return o, false
		}
		if !match && len(o.Variables) == 0 {
			return o, false
		}
	}
	if s.hasPrincipal {
		if s.notPrincipal {
			if exempt, _ := notPrincipalExempts(s.principals, ev.r.Principal); exempt {
				return o, false
			}
		} else if s.firstPrincipal(ev.r.Principal) < 0 {
			return o, false
		}
	}
	for i := range s.conditions {
		c := &s.conditions[i]
		if known != nil && (!known(c.spec.Key) || (len(o.Variables) > 0 && c.hasVariables())) {
			o.Residual = append(o.Residual, c.spec)
			continue
		}
		if !c.eval(ev.ctx) {
			return o, false
		}
	}
	return o, true
}

// resourcePartial matches the statement's Resource (or NotResource): match
// when an entry decides it on known values, maybe when an entry uses a
// variable of unknown value (and so may or may not match).
func (s *Statement) resourcePartial(ev *evalState, known Known) (match, maybe bool) {
	hit := false
	for i := range s.resources {
		rp := &s.resources[i]
		if rp.dyn && known != nil && unknownToks(rp.toks, known) != "" {
			maybe = true
			continue
		}
		if rp.dyn && !resolves(rp.toks, ev.ctx) {
			continue
		}
		if rp.arn.match(&ev.resource, ev.ctx) {
			hit = true
			break
		}
	}
	if s.notResource {
		// NotResource matches when no entry matches; an entry that may
		// match leaves it open.
		return !hit && !maybe, !hit && maybe
	}
	return hit, !hit && maybe
}

// unknownVariables lists, without duplicates and in document order, the
// keys of the policy variables (with or without a default) of unknown
// value that the statement's Resource or condition values use.
func (s *Statement) unknownVariables(known Known) []string {
	var out []string
	add := func(toks []tok) {
		for _, t := range toks {
			if t.kind != tokVar || known(t.text) {
				continue
			}
			dup := false
			for _, k := range out {
				if k == t.text {
					dup = true
					break
				}
			}
			if !dup {
				out = append(out, t.text)
			}
		}
	}
	for i := range s.resources {
		if s.resources[i].dyn {
			add(s.resources[i].toks)
		}
	}
	for i := range s.conditions {
		for j := range s.conditions[i].values {
			if v := &s.conditions[i].values[j]; v.dyn {
				add(v.toks)
			}
		}
	}
	return out
}

// unknownToks returns the key of the first variable in toks of unknown
// value, or "".
func unknownToks(toks []tok, known Known) string {
	for _, t := range toks {
		if t.kind == tokVar && !known(t.text) {
			return t.text
		}
	}
	return ""
}

// hasVariables tells whether any of the condition's values holds a policy
// variable.
func (c *condition) hasVariables() bool {
	for i := range c.values {
		if c.values[i].dyn {
			return true
		}
	}
	return false
}
