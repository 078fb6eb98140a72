package sim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

var scenarioStart = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// TestScenarios runs every scenario in testdata/: each step must meet its
// expectation. These files pin the simulator's rules one by one.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata scenarios")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			t.Parallel()
			sc, err := scenario.Load(f)
			if err != nil {
				t.Fatalf("load: %v", err)
			}
			rep, err := Run(sc)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if len(rep.Steps) == 0 {
				t.Fatal("scenario has no steps")
			}
			for _, st := range rep.Steps {
				if !st.Pass {
					t.Errorf("step %d %q at %s: %s\n%s", st.Index, st.Step.ID, st.Step.Pos, strings.Join(st.Problems, "; "), st.Diff)
				}
			}
		})
	}
}

// TestRunDeterministic runs a scenario twice and requires identical
// identities, credentials and instants.
func TestRunDeterministic(t *testing.T) {
	sc, err := scenario.Load("testdata/org-chain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	summary := func() []string {
		rep, err := Run(sc)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, st := range rep.Steps {
			line := st.Step.ID + " " + st.At.Format(time.RFC3339) + " " + st.Actual.Error
			if st.Session != nil {
				line += " " + st.Session.AssumedRoleID + " " + st.Session.Credentials.AccessKeyID + " " + st.Session.Credentials.SessionToken
			}
			out = append(out, line)
		}
		return out
	}
	first, second := summary(), summary()
	if len(first) == 0 {
		t.Fatal("no steps")
	}
	if diff := cmp.Diff(first, second); diff != "" {
		t.Errorf("two runs differ (-first +second):\n%s", diff)
	}
}

// TestFailedStepReportsMismatch checks that a wrong expectation fails the
// step with a readable problem and a diff.
func TestFailedStepReportsMismatch(t *testing.T) {
	data, err := os.ReadFile("testdata/org-chain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "expect: {duration: 4h, chained: false}", "expect: {duration: 3h, chained: false}", 1)
	if broken == string(data) {
		t.Fatal("the replacement did not apply")
	}
	sc, err := scenario.Parse("broken.yaml", []byte(broken))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Passed() || rep.Failed() != 1 {
		t.Fatalf("want exactly one failed step, got %d", rep.Failed())
	}
	st := rep.Steps[0]
	if diff := cmp.Diff([]string{"expected duration 3h0m0s, got 4h0m0s"}, st.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if !strings.Contains(st.Diff, "3h0m0s") || !strings.Contains(st.Diff, "4h0m0s") {
		t.Errorf("diff does not show both durations:\n%s", st.Diff)
	}
}

// TestStepWithFailedCredentials checks that a step using the session of a
// failed step is skipped with a clear reason instead of panicking.
func TestStepWithFailedCredentials(t *testing.T) {
	sc, err := scenario.Parse("x.yaml", []byte(`
name: failed-creds
accounts:
  - id: "111111111111"
    users: [{name: alice}]
steps:
  - id: nope
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/Missing, role_session_name: a1}
  - whoami: nope
`))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	if first := rep.Steps[0]; first.Pass || first.Actual.Error != string(CodeAccessDenied) {
		t.Fatalf("first step: want a failure with AccessDenied, got pass=%v %s", first.Pass, first.Actual.Error)
	}
	got := rep.Steps[1]
	if got.Pass || !got.Skipped || got.SkippedBecause != "nope" || len(got.Problems) != 1 || !strings.Contains(got.Problems[0], `skipped because step "nope" failed`) {
		t.Errorf("second step: pass=%v skipped=%v because %q problems=%q", got.Pass, got.Skipped, got.SkippedBecause, got.Problems)
	}
}
