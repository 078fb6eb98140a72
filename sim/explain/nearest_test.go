package explain_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
)

const nearestFile = "testdata/nearest/nearest-miss.yaml"

// TestStepNearestMiss checks the nearest miss of every step of a scenario
// whose steps fail for one reason each: the statement that came closest,
// and the one part that stopped it, in rolesim explain's words.
func TestStepNearestMiss(t *testing.T) {
	sc, err := scenario.Load(nearestFile)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		step, reason string
		want         string // Nearest.String(); "" for none
	}{
		{
			step:   "principal-typo",
			reason: "TrustAlice misses by its principal only, BobTags by action and principal: TrustAlice is nearer",
			want:   `statement TrustAlice of trust policy of role Dev (testdata/nearest/nearest-miss.yaml:34:15): Principal lists "arn:aws:iam::111111111111:user/alcie", but the caller is arn:aws:iam::111111111111:user/alice.`,
		},
		{
			step:   "wrong-branch",
			reason: "a web identity trust policy misses by the sub condition; the aud condition held",
			want:   `statement MainBranch of trust policy of role Deploy (testdata/nearest/nearest-miss.yaml:42:15): Condition StringLike on token.actions.githubusercontent.com:sub wants "repo:acme/app:ref:refs/heads/main", but the request has "repo:acme/app:ref:refs/heads/feature".`,
		},
		{step: "main-branch", reason: "a passing step has no nearest miss"},
		{
			step:   "other-bucket",
			reason: "an identity policy misses by the resource; ListEverything (wrong action) and Deletes (wrong action) are as near, and the first in document order wins",
			want:   `statement ReadArtifacts of inline policy Artifacts of role Deploy (testdata/nearest/nearest-miss.yaml:53:17): Resource lists "arn:aws:s3:::acme-artifacts/*", but the request's resource is arn:aws:s3:::acme-releases/app.zip.`,
		},
		{
			step:   "delete-allowed",
			reason: "an unexpected success names the Deny statement that a failed condition kept from applying",
			want:   `statement NoDeletesWithoutMFA of inline policy Artifacts of role Deploy (testdata/nearest/nearest-miss.yaml:61:17): Condition Bool on aws:MultiFactorAuthPresent wants "true", but the request has "false".`,
		},
		{step: "wrong-duration", reason: "a right outcome with a wrong field blames no statement"},
		{step: "explicit-deny", reason: "an explicit deny is explained by its deciding statement, not a miss"},
		{step: "too-short", reason: "a ValidationError is decided by no policy"},
	}
	if len(rep.Steps) != len(tests) {
		t.Fatalf("%d steps, %d cases", len(rep.Steps), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.step, func(t *testing.T) {
			res := rep.Steps[i]
			if res.Step.ID != tt.step {
				t.Fatalf("step %d is %s", i+1, res.Step.ID)
			}
			got := explain.StepNearestMiss(res).String()
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("%s: nearest miss (-want +got):\n%s", tt.reason, d)
			}
		})
	}
}

// TestNearestMissFields checks the structured nearest miss and the cases
// without one.
func TestNearestMissFields(t *testing.T) {
	sc, err := scenario.Load(nearestFile)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	n := explain.NearestMiss(rep.Steps[0].Err, rep.Steps[0].Trace)
	want := &explain.Nearest{
		Kind:      sim.KindTrustPolicy,
		Policy:    "trust policy of role Dev",
		Statement: explain.StatementRef{Label: "TrustAlice", Effect: "Allow", Position: nearestFile + ":34:15"},
		Reasons:   []string{`Principal lists "arn:aws:iam::111111111111:user/alcie", but the caller is arn:aws:iam::111111111111:user/alice.`},
	}
	if d := cmp.Diff(want, n); d != "" {
		t.Errorf("nearest miss (-want +got):\n%s", d)
	}
	if n := explain.NearestMiss(rep.Steps[0].Err, nil); n != nil {
		t.Errorf("without a trace: %v, want none", n)
	}
	if n := explain.StepNearestMiss(&sim.StepResult{Skipped: true, Expected: sim.Observed{Error: "AccessDenied"}, Trace: rep.Steps[4].Trace}); n != nil {
		t.Errorf("a skipped step: %v, want none", n)
	}
	if n := explain.StepNearestMiss(nil); n != nil {
		t.Errorf("no step: %v, want none", n)
	}
	if s := (*explain.Nearest)(nil).String(); s != "" {
		t.Errorf("nil String() = %q", s)
	}
}
