package explain_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
)

// TestDurationAgreesWithSimulator checks, for every step of every example,
// that explain's session duration tells the story the simulator acted on:
// the effective duration is the issued session's, a refusal by the duration
// rule is the step's error, the rows are the simulator's record, and the
// caller section calls the request role chaining when the simulator did. It
// fails if explain re-derived a rule and drifted from sim/duration.go.
func TestDurationAgreesWithSimulator(t *testing.T) {
	var issued, refusedByRule, refusedLater, refusedBefore, chaining int
	rules := map[sim.DurationRule]bool{}
	for _, name := range exampleFiles(t) {
		rep, src := runExample(t, name)
		ex, err := explain.Explain(rep, src)
		if err != nil {
			t.Fatal(err)
		}
		for i, res := range rep.Steps {
			e := ex.Steps[i]
			if res.Step == nil || e.Duration == nil {
				continue
			}
			where := name + " step " + res.Step.ID
			d := e.Duration
			if want, ok := issuedSeconds(t, res); ok {
				issued++
				if d.Effective != want {
					t.Errorf("%s: explain says the session lasts %ds, the simulator issued %ds", where, d.Effective, want)
				}
			} else if d.Effective != 0 {
				t.Errorf("%s: explain says a session lasts %ds, but none was issued (%v)", where, d.Effective, res.Err)
			}
			var dt *sim.DurationTrace
			if res.Trace != nil {
				dt = res.Trace.Duration
			}
			if dt != nil {
				rules[dt.Rule] = true
			}
			if want, ok := issuedSeconds(t, res); ok && dt != nil && int(dt.Effective) != want {
				t.Errorf("%s: the simulator's record says %ds (%s), but it issued %ds", where, dt.Effective, dt.Rule, want)
			}
			if res.Step.Kind != scenario.StepAssume {
				continue
			}
			switch {
			case dt == nil:
				refusedBefore++
				if res.Err == nil {
					t.Errorf("%s: a session was issued without a duration decision", where)
				}
				if !strings.Contains(d.Rule, "before deciding") {
					t.Errorf("%s: no duration was decided, but explain's rule says %q", where, d.Rule)
				}
			case dt.Rule.Refused():
				refusedByRule++
				if res.Err == nil || (res.Err.Code != sim.CodeValidationError && res.Err.Code != sim.CodeMalformedInput) {
					t.Errorf("%s: the duration rule %q refuses the request, but the step's error is %v", where, dt.Rule, res.Err)
				}
				if !strings.Contains(d.Rule, "refuses") && !strings.Contains(d.Rule, "rejects") && !strings.Contains(d.Rule, "cannot read") {
					t.Errorf("%s: the simulator refused (%s), but explain's rule says %q", where, dt.Rule, d.Rule)
				}
			default:
				if res.Err != nil {
					refusedLater++
				} else if int(dt.Effective) != d.Effective {
					t.Errorf("%s: the record says %ds, explain says %ds", where, dt.Effective, d.Effective)
				}
				if strings.Contains(d.Rule, "refuses") || strings.Contains(d.Rule, "rejects") {
					t.Errorf("%s: the duration rule allowed %q, but explain's rule says %q", where, dt.Rule, d.Rule)
				}
			}
			if dt != nil {
				for _, n := range dt.Restated {
					if n < 0 || n >= len(res.Trace.Notes) {
						t.Errorf("%s: the record restates note %d of %d", where, n, len(res.Trace.Notes))
					} else if slices.Contains(e.Notes, res.Trace.Notes[n]) {
						t.Errorf("%s: explain shows the note %q, which the duration section says", where, res.Trace.Notes[n])
					}
				}
			}
			if dt != nil && dt.Rule != sim.DurationOutsideRange && dt.Rule != sim.DurationMalformed && e.Caller != nil {
				chaining++
				if want := res.Session != nil && res.Session.Chained || res.Session == nil && dt.Chained; e.Caller.Chaining != want {
					t.Errorf("%s: explain says chaining %v, the simulator %v", where, e.Caller.Chaining, want)
				}
			}
			if dt != nil && (d.RoleMax != dt.RoleMax || d.ChainingCap != int(dt.ChainCap) || d.Default != int(dt.Default) || d.Allowed != dt.Allowed()) {
				t.Errorf("%s: explain's rows (default %d, role max %d, cap %d, allowed %d) are not the record %+v", where, d.Default, d.RoleMax, d.ChainingCap, d.Allowed, *dt)
			}
		}
	}
	// The examples cover every duration rule but a malformed DurationSeconds
	// (sim's TestDurationRecordedBeforeTheRule has it), and every branch
	// here, so the test cannot pass by checking nothing.
	for r := sim.DurationDefault; r <= sim.DurationConsoleSignIn; r++ {
		if !rules[r] && r != sim.DurationMalformed {
			t.Errorf("no example step was decided by the rule %q", r)
		}
	}
	for what, n := range map[string]int{"issued": issued, "refused by the rule": refusedByRule, "refused after the rule": refusedLater, "refused before the rule": refusedBefore, "checked for chaining": chaining} {
		if n == 0 {
			t.Errorf("no example step was %s", what)
		}
	}
}

// issuedSeconds is the duration of the credentials a step issued: its role
// session's, or for credentials without one (GetSessionToken,
// GetFederationToken, console sign-in) the observed duration.
func issuedSeconds(t *testing.T, res *sim.StepResult) (int, bool) {
	t.Helper()
	if res.Err != nil {
		return 0, false
	}
	if res.Session != nil {
		return int(res.Session.Duration() / time.Second), true
	}
	if res.Actual.Duration == "" {
		return 0, false
	}
	v, err := time.ParseDuration(res.Actual.Duration)
	if err != nil {
		t.Fatalf("step %s: observed duration %q: %v", res.Step.ID, res.Actual.Duration, err)
	}
	return int(v / time.Second), true
}
