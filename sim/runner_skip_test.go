package sim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// TestRunnerSkipsStepsOfFailedSessions runs a timeline where steps use the
// sessions of steps that failed, and checks that they are skipped because
// of the first failure (one cause, one failure) while steps whose session
// exists run as usual.
func TestRunnerSkipsStepsOfFailedSessions(t *testing.T) {
	src := `
name: skips
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Assume:
            Statement:
              - {Effect: Allow, Action: [sts:AssumeRole, sts:GetFederationToken], Resource: "*"}
    roles:
      - name: Dev
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:user/alice}, Action: sts:AssumeRole}
steps:
  - id: dev
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: aa, duration_seconds: 50000}
  - id: again
    assume: {as: dev, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: bb}
  - id: list
    call: {as: again, action: s3:ListBucket, resource: "arn:aws:s3:::x"}
    expect: {error: AccessDenied, denied_by: identity_policy}
  - id: burst
    call: {as: dev, action: s3:ListBucket, resource: "arn:aws:s3:::x"}
    repeat: {count: 3}
  - id: wrong-duration
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: cc}
    expect: {duration: 2h}
  - id: after-wrong-duration
    whoami: {as: wrong-duration}
  - id: fed
    get_federation_token: {as: arn:aws:iam::111111111111:user/alice, name: b}
  - id: after-fed
    whoami: {as: fed}
`
	sc, err := scenario.Parse("skips.yaml", []byte(strings.TrimPrefix(src, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	type outcome struct {
		Pass, Skipped  bool
		SkippedBecause string
		ExpectedError  string
	}
	want := map[string]outcome{
		"dev":                  {ExpectedError: outcomeSuccess},
		"again":                {Skipped: true, SkippedBecause: "dev", ExpectedError: outcomeSuccess},
		"list":                 {Skipped: true, SkippedBecause: "dev", ExpectedError: "AccessDenied"},
		"burst":                {Skipped: true, SkippedBecause: "dev"},
		"wrong-duration":       {ExpectedError: outcomeSuccess},
		"after-wrong-duration": {Pass: true, ExpectedError: outcomeSuccess},
		"fed":                  {ExpectedError: outcomeSuccess},
		"after-fed":            {Skipped: true, SkippedBecause: "fed", ExpectedError: outcomeSuccess},
	}
	reasons := map[string]string{
		"dev":                  "the cause: a duration over 12 hours fails, and the step is a failure",
		"again":                "its as: names the failed step",
		"list":                 "the step in between was skipped: the cause is still dev, and Expected keeps the expected error",
		"burst":                "a repeated step is skipped alike",
		"wrong-duration":       "an expectation that does not hold is a failure",
		"after-wrong-duration": "that step still issued a session, so steps using it run",
		"fed":                  "a failed GetFederationToken is a cause too",
		"after-fed":            "and its users are skipped",
	}
	if len(rep.Steps) != len(want) {
		t.Fatalf("%d step results, want %d", len(rep.Steps), len(want))
	}
	for _, res := range rep.Steps {
		w, ok := want[res.Step.ID]
		if !ok {
			t.Fatalf("unexpected step %q", res.Step.ID)
		}
		got := outcome{Pass: res.Pass, Skipped: res.Skipped, SkippedBecause: res.SkippedBecause, ExpectedError: res.Expected.Error}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("step %s (%s) (-want +got):\n%s\nproblems: %q", res.Step.ID, reasons[res.Step.ID], diff, res.Problems)
		}
		if res.Skipped {
			msg := `skipped because step "` + res.SkippedBecause + `" failed`
			if len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0], msg) {
				t.Errorf("step %s: problems %q, want one starting %q", res.Step.ID, res.Problems, msg)
			}
		}
	}
	if got := rep.Failed(); got != 3 {
		t.Errorf("Failed() = %d, want 3 (dev, wrong-duration, fed; skipped steps are not counted)", got)
	}
	if got := rep.Skipped(); got != 4 {
		t.Errorf("Skipped() = %d, want 4", got)
	}
	if rep.Passed() {
		t.Errorf("Passed() = true with failed steps")
	}
	if d := rep.Steps[2].Expected.DeniedBy; d != "identity_policy" {
		t.Errorf("skipped step list: Expected.DeniedBy = %q, want identity_policy", d)
	}
}
