package assertions

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFailureNamesNearestMiss runs a scenario whose steps fail for one
// reason each and checks that every report of a step refused by an
// implicit deny (or allowed where an error was expected) names the
// statement that came closest and the one thing that stopped it, and that
// the other failures name none.
func TestFailureNamesNearestMiss(t *testing.T) {
	r := run(func(r *recorder) { runFile(r, source{path: nearestScenario}, newConfig(nil)) })
	const at = "\n  nearest miss: "
	tests := []struct {
		step, reason string
		want         string // the nearest miss line; "" for none
	}{
		{"principal-typo", "a typo in the trust policy's principal",
			at + "statement TrustAlice of trust policy of role Dev (" + nearestScenario + ":34:15): " +
				`Principal lists "arn:aws:iam::111111111111:user/alcie", but the caller is arn:aws:iam::111111111111:user/alice.` + "\n"},
		{"wrong-branch", "a GitHub token from another branch",
			at + "statement MainBranch of trust policy of role Deploy (" + nearestScenario + ":42:15): " +
				`Condition StringLike on token.actions.githubusercontent.com:sub wants "repo:acme/app:ref:refs/heads/main", but the request has "repo:acme/app:ref:refs/heads/feature".` + "\n"},
		{"other-bucket", "an identity policy for another bucket",
			at + "statement ReadArtifacts of inline policy Artifacts of role Deploy (" + nearestScenario + ":53:17): " +
				`Resource lists "arn:aws:s3:::acme-artifacts/*", but the request's resource is arn:aws:s3:::acme-releases/app.zip.` + "\n"},
		{"delete-allowed", "a Deny statement whose condition never holds",
			at + "statement NoDeletesWithoutMFA of inline policy Artifacts of role Deploy (" + nearestScenario + ":61:17): " +
				`Condition Bool on aws:MultiFactorAuthPresent wants "true", but the request has "false".` + "\n"},
		{"wrong-duration", "a right outcome with a wrong duration blames no statement", ""},
		{"explicit-deny", "an explicit deny is told by its deciding statement", ""},
		{"too-short", "a ValidationError is decided by no policy", ""},
	}
	for _, tt := range tests {
		t.Run(tt.step, func(t *testing.T) {
			st := r.find("T/nearest-miss/" + tt.step)
			require.NotNil(t, st, "no subtest for step %s", tt.step)
			require.Len(t, st.errors, 1, "step %s: %s", tt.step, tt.reason)
			msg := st.errors[0] + "\n"
			if tt.want == "" {
				assert.NotContains(t, msg, at, tt.reason)
				return
			}
			assert.Contains(t, msg, tt.want, tt.reason)
			decision := "\n  decided by: implicit deny"
			if tt.step == "delete-allowed" {
				decision = "\n  allowed by:\n"
			}
			assert.Contains(t, msg, decision, "%s: the nearest miss comes with the decision", tt.reason)
		})
	}
}
