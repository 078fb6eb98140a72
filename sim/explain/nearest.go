package explain

import (
	"strings"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

// Nearest is the nearest miss of a request: the statement that came
// closest to deciding it the other way, and what stopped it. For a request
// refused by an implicit deny it is the Allow statement, among the policies
// of the kind that refused it, with the fewest parts that did not match;
// for a request that was allowed, the Deny statement that only failed
// conditions kept from applying.
type Nearest struct {
	// Kind is the kind of the statement's policy; Policy names the policy
	// ("trust policy of role Prod").
	Kind   sim.PolicyKind `json:"kind"`
	Policy string         `json:"policy"`
	// Statement is the statement (label, effect and file:line:col; not
	// quoted).
	Statement StatementRef `json:"statement"`
	// Reasons are the parts that did not match, one sentence each, as
	// rolesim explain words them: usually one.
	Reasons []string `json:"reasons"`
}

// String renders the nearest miss in one line:
//
//	statement TrustAlice of trust policy of role Dev (x.yaml:24:15): Principal lists "arn:aws:iam::111111111111:user/alcie", but the caller is arn:aws:iam::111111111111:user/alice.
func (n *Nearest) String() string {
	if n == nil {
		return ""
	}
	s := "statement " + n.Statement.Label + " of " + n.Policy
	if n.Statement.Position != "" {
		s += " (" + n.Statement.Position + ")"
	}
	return s + ": " + strings.Join(n.Reasons, " ")
}

// NearestMiss returns the nearest miss of a request from its error (nil
// when it succeeded) and its decision trace: for an implicit deny, the
// Allow statement of the refusing kind of policy that came closest to
// allowing it; for a success, the Deny statement that came closest to
// denying it. It returns nil when there is none: no trace, an explicit deny
// (the deciding statement says why), an error no policy decided
// (ValidationError, ExpiredToken, ...), or no statement that came near.
func NearestMiss(err *sim.Error, tr *sim.Trace) *Nearest {
	if tr == nil {
		return nil
	}
	if err == nil {
		return nearestDeny(tr)
	}
	r := err.Reason
	if r == nil || r.Decision != policy.ImplicitDeny || r.Kind == "" {
		return nil
	}
	var denied *sim.TraceDecision
	for _, d := range tr.Decisions {
		if d.Denied != nil && d.Denied.Kind == r.Kind {
			denied = d
		}
	}
	if denied == nil {
		return nil
	}
	var best *Nearest
	req := denied.Request()
	for _, en := range tr.EntriesOf(denied) {
		if en.Kind != r.Kind || en.Decision != policy.ImplicitDeny {
			continue
		}
		best = closer(best, en, req, policy.EffectAllow)
	}
	return best
}

// StepNearestMiss returns the nearest miss of a failed step: the
// statement that would have given the expected outcome had it applied
// (NearestMiss of the step's request when the step was refused by an
// implicit deny, or allowed when the scenario expected an error). It
// returns nil for a passing step, a skipped one (its request was never
// made) and when there is no such statement.
func StepNearestMiss(res *sim.StepResult) *Nearest {
	if res == nil || res.Pass || res.Skipped {
		return nil
	}
	if res.Err == nil && !expectsError(res.Expected) {
		// The outcome was right; some other field (a duration, an ARN)
		// was not, and no statement is to blame.
		return nil
	}
	return NearestMiss(res.Err, res.Trace)
}

// expectsError tells whether an expectation is an error (sim's Observed
// spells success "none (success)").
func expectsError(o sim.Observed) bool {
	return o.Error != "" && !strings.HasPrefix(o.Error, "none")
}

// nearestDeny finds the Deny statement, in every policy of every decision,
// whose Action, Resource and Principal matched and that the fewest failed
// conditions kept from applying.
func nearestDeny(tr *sim.Trace) *Nearest {
	var best *Nearest
	for _, d := range tr.Decisions {
		req := d.Request()
		for _, en := range tr.EntriesOf(d) {
			best = closer(best, en, req, policy.EffectDeny)
		}
	}
	return best
}

// closer returns the nearer of best and the nearest miss of effect eff among
// the statements of en's policy; on a tie, the earlier (best).
func closer(best *Nearest, en sim.TraceEntry, req *policy.Request, eff policy.Effect) *Nearest {
	if en.Ref == nil || en.Ref.Doc == nil {
		return best
	}
	x := &explainer{src: newSource(nil)} // no report: nothing is quoted
	want := effect(eff)
	for _, m := range x.misses(en, policy.ImplicitDeny, req, map[string]bool{}) {
		if m.Statement.Effect != want || len(m.Reasons) == 0 {
			continue
		}
		if best == nil || len(m.Reasons) < len(best.Reasons) {
			best = &Nearest{Kind: en.Kind, Policy: en.Policy, Statement: m.Statement, Reasons: m.Reasons}
		}
	}
	return best
}
