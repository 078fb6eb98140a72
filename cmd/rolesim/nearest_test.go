package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRunNearestMiss checks that rolesim run's text report of a failed
// step refused by an implicit deny (or allowed where an error was
// expected) names the nearest miss under the step, and that other
// failures name none.
func TestRunNearestMiss(t *testing.T) {
	const file = "../../sim/explain/testdata/nearest/nearest-miss.yaml"
	got := invoke(t, []string{"run", file})
	if got.code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s%s", got.code, exitFailed, got.stdout, got.stderr)
	}
	steps := map[string]string{} // step id -> its lines of the report
	id := ""
	for _, line := range strings.SplitAfter(got.stdout, "\n") {
		if strings.HasPrefix(line, "  FAIL step ") || strings.HasPrefix(line, "  PASS step ") {
			id = strings.SplitN(line, `"`, 3)[1]
		}
		steps[id] += line
	}
	tests := []struct {
		step, reason, want string // want "" for no nearest miss
	}{
		{"principal-typo", "a typo in a trust policy's principal",
			`    nearest miss: statement TrustAlice of trust policy of role Dev (` + file + `:34:15): Principal lists "arn:aws:iam::111111111111:user/alcie", but the caller is arn:aws:iam::111111111111:user/alice.` + "\n"},
		{"wrong-branch", "a GitHub token from another branch",
			`    nearest miss: statement MainBranch of trust policy of role Deploy (` + file + `:42:15): Condition StringLike on token.actions.githubusercontent.com:sub wants "repo:acme/app:ref:refs/heads/main", but the request has "repo:acme/app:ref:refs/heads/feature".` + "\n"},
		{"delete-allowed", "an unexpected allow names the Deny statement a condition kept off",
			`    nearest miss: statement NoDeletesWithoutMFA of inline policy Artifacts of role Deploy (` + file + `:61:17): Condition Bool on aws:MultiFactorAuthPresent wants "true", but the request has "false".` + "\n"},
		{"wrong-duration", "a right outcome with a wrong duration blames no statement", ""},
		{"explicit-deny", "an explicit deny is told by its deciding statement", ""},
		{"too-short", "a ValidationError is decided by no policy", ""},
	}
	for _, tt := range tests {
		report, ok := steps[tt.step]
		if !ok {
			t.Errorf("%s: no report of step %s:\n%s", tt.reason, tt.step, got.stdout)
			continue
		}
		switch {
		case tt.want == "" && strings.Contains(report, "nearest miss:"):
			t.Errorf("%s: step %s names a nearest miss:\n%s", tt.reason, tt.step, report)
		case tt.want != "" && !strings.Contains(report, tt.want):
			t.Errorf("%s: step %s lacks %q:\n%s", tt.reason, tt.step, tt.want, report)
		}
	}
}

// TestRunJSONNearestMiss checks that the JSON report carries the same
// nearest miss as the text report, and null where there is none.
func TestRunJSONNearestMiss(t *testing.T) {
	const file = "../../sim/explain/testdata/nearest/nearest-miss.yaml"
	got := invoke(t, []string{"run", "--format", "json", file})
	if got.code != exitFailed {
		t.Fatalf("exit %d, want %d\n%s%s", got.code, exitFailed, got.stdout, got.stderr)
	}
	var rep struct {
		Scenarios []struct {
			Steps []struct {
				ID          string       `json:"id"`
				NearestMiss *jsonNearest `json:"nearest_miss"`
			} `json:"steps"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(got.stdout), &rep); err != nil || len(rep.Scenarios) != 1 {
		t.Fatalf("not one scenario of JSON (%v):\n%s", err, got.stdout)
	}
	misses := map[string]*jsonNearest{}
	for _, st := range rep.Scenarios[0].Steps {
		misses[st.ID] = st.NearestMiss
	}
	typo := misses["principal-typo"]
	want := `statement TrustAlice of trust policy of role Dev (` + file + `:34:15): Principal lists "arn:aws:iam::111111111111:user/alcie", but the caller is arn:aws:iam::111111111111:user/alice.`
	if typo == nil || typo.Text != want || typo.Statement != "TrustAlice" || typo.StatementPos != file+":34:15" || len(typo.Reasons) != 1 {
		t.Errorf("principal-typo's nearest miss = %+v, want %q", typo, want)
	}
	if m, ok := misses["explicit-deny"]; !ok || m != nil {
		t.Errorf("explicit-deny's nearest miss = %+v (present %v), want null", m, ok)
	}
}
