package trustgraph_test

import (
	"strings"
	"testing"
)

// TestCompanionActions checks that an edge relying on a source identity or
// session tags also needs sts:SetSourceIdentity or sts:TagSession, as the
// simulator's AssumeRole does: a caller who may not send them gets the
// edge only if the trust policy allows the request without them.
func TestCompanionActions(t *testing.T) {
	user := func(name string, actions ...string) string {
		return "      - name: " + name + "\n        inline_policies: {P: {Version: \"2012-10-17\", Statement: {Effect: Allow, Action: [" +
			strings.Join(actions, ", ") + "], Resource: \"*\"}}}\n"
	}
	world := func(trust string) string {
		return "accounts:\n  - id: \"222222222222\"\n    users:\n" +
			user("plain", "sts:AssumeRole") + user("setter", "sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession") +
			"  - id: \"111111111111\"\n    roles:\n      - name: R\n        trust_policy: {Version: \"2012-10-17\", Statement: [" + trust + "]}\n"
	}
	const who = `Principal: {AWS: "222222222222"}, Action: [sts:AssumeRole, sts:SetSourceIdentity, sts:TagSession]`
	tests := []struct {
		name, reason, trust string
		want                []string
	}{
		{"sourceIdentityRequired", "a trust policy that requires a source identity admits only callers who may set one",
			`{Effect: Allow, ` + who + `, Condition: {StringLike: {sts:SourceIdentity: "*"}}}`,
			[]string{"setter -> R [up to 1h; if sts:SourceIdentity StringLike *]"}},
		{"tagRequired", "a trust policy that requires a session tag admits only callers who may tag the session",
			`{Effect: Allow, ` + who + `, Condition: {StringEquals: {aws:RequestTag/team: red}}}`,
			[]string{"setter -> R [up to 1h; if aws:RequestTag/team StringEquals red]"}},
		{"denyWithoutSourceIdentity", "a Deny unless a given source identity is set stops callers who cannot set one (StringNotEquals matches an absent key)",
			`{Effect: Allow, ` + who + `}, {Effect: Deny, Principal: "*", Action: sts:AssumeRole, Condition: {StringNotEquals: {sts:SourceIdentity: alice}}}`,
			[]string{"setter -> R [up to 1h; denied when sts:SourceIdentity StringNotEquals alice]"}},
		{"optionalSourceIdentity", "a condition an absent source identity meets lets everyone in",
			`{Effect: Allow, ` + who + `, Condition: {StringLikeIfExists: {sts:SourceIdentity: "ops-*"}}}`,
			[]string{"plain -> R [up to 1h]", "setter -> R [up to 1h; if sts:SourceIdentity StringLikeIfExists ops-*]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := edges(build(t, world(tt.trust)))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\n(%s)", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), tt.reason)
			}
		})
	}
}
