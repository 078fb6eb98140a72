package policy

// StatementResult explains how one statement fared against a request.
type StatementResult struct {
	Statement *Statement
	// Matched is true when the statement applies to the request: Action,
	// Resource, Principal and every condition matched.
	Matched bool
	// Action, Resource and Principal report each element.
	Action    PartResult
	Resource  PartResult
	Principal PartResult
	// Conditions has one entry per condition test, in document order;
	// every test is evaluated, even after one fails.
	Conditions []ConditionResult
	// Unresolved is the first policy variable of the statement (as written
	// inside ${...}) whose key the request does not supply with exactly one
	// value; the statement is then invalid and does not apply, whatever its
	// other parts say. "" when every variable resolves.
	Unresolved string
}

// PartResult explains one element of a statement (Action, Resource or
// Principal, or their Not forms).
type PartResult struct {
	// Present is false when the statement has no such element (no Resource
	// in a trust policy or SCP, no Principal in an identity policy); the
	// element then counts as matched.
	Present bool
	// Not is true for NotAction, NotResource and NotPrincipal.
	Not bool
	// Matched is true when the element lets the statement apply: for the
	// plain form, some entry names the request's value; for the Not form,
	// none does.
	Matched bool
	// Entry is the first entry, as written, that names the request's value
	// ("" when none does). For a Not form it is the entry that excluded
	// the request.
	Entry string
}

// ConditionResult explains one condition test.
type ConditionResult struct {
	ConditionSpec
	// KeyPresent reports whether the request context has the key (with or
	// without values).
	KeyPresent bool
	// RequestValues are the request's values for the key, copied.
	RequestValues []string
	// Result is the test's outcome.
	Result bool
}

// Explain evaluates every statement against the request and reports, for
// each, which parts matched and the outcome of every condition. The
// decision itself is Evaluate's; Explain is for teaching output and traces
// and allocates freely.
func (p *Policy) Explain(r *Request) []StatementResult {
	if p == nil || r == nil {
		return nil
	}
	ev := newEvalState(r)
	out := make([]StatementResult, 0, len(p.Statements))
	for _, s := range p.Statements {
		sr := StatementResult{Statement: s}

		i := s.firstAction(&ev)
		sr.Action = PartResult{Present: true, Not: s.notAction, Matched: (i >= 0) != s.notAction}
		if i >= 0 {
			sr.Action.Entry = s.actionText[i]
		}

		sr.Resource = PartResult{Present: s.hasResource, Not: s.notResource, Matched: true}
		if s.hasResource {
			i := s.firstResource(&ev)
			sr.Resource.Matched = (i >= 0) != s.notResource
			if i >= 0 {
				sr.Resource.Entry = s.resourceText[i]
			}
		}

		sr.Principal = PartResult{Present: s.hasPrincipal, Not: s.notPrincipal, Matched: true}
		if s.hasPrincipal {
			if s.notPrincipal {
				exempt, entry := notPrincipalExempts(s.principals, r.Principal)
				sr.Principal.Matched, sr.Principal.Entry = !exempt, entry
			} else if i := s.firstPrincipal(r.Principal); i >= 0 {
				sr.Principal.Matched, sr.Principal.Entry = true, s.principals[i].spec.Value
			} else {
				sr.Principal.Matched = false
			}
		}

		sr.Matched = sr.Action.Matched && sr.Resource.Matched && sr.Principal.Matched
		for k := range s.conditions {
			c := &s.conditions[k]
			vals, present := ev.ctx.lookup(c.hash, c.key)
			cr := ConditionResult{
				ConditionSpec: c.spec,
				KeyPresent:    present,
				RequestValues: append([]string(nil), vals...),
				Result:        c.evalValues(vals, present, ev.ctx),
			}
			cr.Values = append([]string(nil), c.spec.Values...)
			cr.ValuePos = append([]Pos(nil), c.spec.ValuePos...)
			sr.Matched = sr.Matched && cr.Result
			sr.Conditions = append(sr.Conditions, cr)
		}
		if t := s.unresolved(ev.ctx); t != nil {
			sr.Unresolved = t.text
			sr.Matched = false
		}
		out = append(out, sr)
	}
	return out
}
