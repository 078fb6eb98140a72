package sim

import (
	"strings"
	"testing"
)

const refusedWorld = `
name: refused
accounts:
  - id: "111111111111"
    users:
      - name: alice
        mfa_devices:
          - {serial: "arn:aws:iam::111111111111:mfa/alice", codes: ["123456"]}
        inline_policies:
          All:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "sts:*", Resource: "*"}
    roles:
      - name: Tagged
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "111111111111"}, Action: ["sts:AssumeRole", "sts:TagSession"]}
      - name: Closed
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "222222222222"}, Action: sts:AssumeRole}
`

// TestRefusedRequestIssuesNothing checks that an AssumeRole refused for any
// reason registers no session and consumes no identifier: the next
// successful request gets the same access key id as in a simulation where
// the refused request never happened.
func TestRefusedRequestIssuesNothing(t *testing.T) {
	const tagged = "arn:aws:iam::111111111111:role/Tagged"
	bigTags := make([]Tag, 20)
	for i := range bigTags {
		bigTags[i] = Tag{Key: strings.Repeat("k", 100) + string(rune('a'+i)), Value: strings.Repeat("v", 200)}
	}
	tests := []struct {
		name   string
		reason string
		in     *AssumeRoleInput
		code   Code
	}{
		{"packedTooLarge", "the packed size is checked before the session is issued",
			&AssumeRoleInput{RoleArn: String(tagged), RoleSessionName: String("sess"), Tags: bigTags}, CodePackedPolicyTooLarge},
		{"validation", "a schema violation", &AssumeRoleInput{RoleArn: String(tagged), RoleSessionName: String("!")}, CodeValidationError},
		{"duration", "above the role's maximum", &AssumeRoleInput{RoleArn: String(tagged), RoleSessionName: String("sess"), DurationSeconds: Int32(7200)}, CodeValidationError},
		{"denied", "the trust policy does not allow the caller",
			&AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/Closed"), RoleSessionName: String("sess")}, CodeAccessDenied},
		{"unknownRole", "no such role", &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/Nope"), RoleSessionName: String("sess")}, CodeAccessDenied},
		{"duplicateTags", "tag keys are case-insensitive",
			&AssumeRoleInput{RoleArn: String(tagged), RoleSessionName: String("sess"), Tags: []Tag{{Key: "a", Value: "1"}, {Key: "A", Value: "2"}}}, CodeInvalidParameterValue},
		{"mfa", "a code the device never produced",
			&AssumeRoleInput{RoleArn: String(tagged), RoleSessionName: String("sess"), SerialNumber: String("arn:aws:iam::111111111111:mfa/alice"), TokenCode: String("000000")}, CodeAccessDenied},
	}
	ok := &AssumeRoleInput{RoleArn: String(tagged), RoleSessionName: String("ok")}
	fresh, _ := newTestSim(t, refusedWorld)
	want, err := fresh.AssumeRole(userCreds(t, fresh, "arn:aws:iam::111111111111:user/alice"), ok)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newTestSim(t, refusedWorld)
			alice := userCreds(t, s, "arn:aws:iam::111111111111:user/alice")
			if _, err := s.AssumeRole(alice, tc.in); err == nil || !strings.HasPrefix(errText(err), string(tc.code)+":") {
				t.Fatalf("refused request: got %q, want a %s (%s)", errText(err), tc.code, tc.reason)
			}
			got, err := s.AssumeRole(alice, ok)
			if err != nil {
				t.Fatal(err)
			}
			if got.Credentials.AccessKeyID != want.Credentials.AccessKeyID || got.Credentials.SessionToken != want.Credentials.SessionToken {
				t.Errorf("after a refused request (%s) the next session got key %s, want %s: the refused request consumed an identifier", tc.reason, got.Credentials.AccessKeyID, want.Credentials.AccessKeyID)
			}
		})
	}
}
