package sim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidateAssumeRoleMessages(t *testing.T) {
	role := "arn:aws:iam::123456789012:role/Demo"
	tests := []struct {
		name   string
		reason string
		in     AssumeRoleInput
		want   string // "" = valid
	}{
		{
			name:   "valid",
			reason: "a plain request passes the schema",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice")},
		},
		{
			name:   "missing-role-arn",
			reason: "RoleArn is required; AWS says 'Value null'",
			in:     AssumeRoleInput{RoleSessionName: String("alice")},
			want:   "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
		},
		{
			name:   "missing-session-name",
			reason: "RoleSessionName is required",
			in:     AssumeRoleInput{RoleArn: String(role)},
			want:   "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
		},
		{
			name:   "short-session-name",
			reason: "session names are 2..64 characters",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("a")},
			want:   "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
		},
		{
			name:   "long-session-name",
			reason: "session names are 2..64 characters",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String(strings.Repeat("a", 65))},
			want:   "1 validation error detected: Value '" + strings.Repeat("a", 65) + "' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64",
		},
		{
			name:   "session-name-space",
			reason: "spaces are outside [\\w+=,.@-]",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice smith")},
			want:   `1 validation error detected: Value 'alice smith' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`,
		},
		{
			name:   "duration-low",
			reason: "DurationSeconds below 900",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), DurationSeconds: Int32(899)},
			want:   "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
		},
		{
			name:   "duration-high",
			reason: "DurationSeconds above 43200",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), DurationSeconds: Int32(43201)},
			want:   "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
		},
		{
			name:   "two-errors",
			reason: "several violations are joined with '; ' after a plural count",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("a"), DurationSeconds: Int32(100)},
			want:   "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
		},
		{
			name:   "short-role-arn",
			reason: "RoleArn is 20..2048 characters",
			in:     AssumeRoleInput{RoleArn: String("arn:aws:iam::1:r"), RoleSessionName: String("alice")},
			want:   "1 validation error detected: Value 'arn:aws:iam::1:r' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
		},
		{
			name:   "empty-token-code",
			reason: "an empty TokenCode fails the 6-character length (observed text)",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), SerialNumber: String("arn:aws:iam::123456789012:mfa/alice"), TokenCode: String("")},
			want:   "1 validation error detected: Value '' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6",
		},
		{
			name:   "source-identity-aws-prefix",
			reason: "aws: is rejected by the pattern (colon), with no separate message",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), SourceIdentity: String("aws:alice")},
			want:   `1 validation error detected: Value 'aws:alice' at 'sourceIdentity' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`,
		},
		{
			name:   "external-id-short",
			reason: "ExternalId is 2..1224 characters",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), ExternalID: String("x")},
			want:   "1 validation error detected: Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
		},
		{
			name:   "session-policy-too-long",
			reason: "the inline session policy's plaintext is limited to 2,048 characters",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), Policy: String(strings.Repeat(" ", 2049))},
			want:   "1 validation error detected: Value '" + strings.Repeat(" ", 2049) + "' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048",
		},
	}
	if len(tests) == 0 {
		t.Fatal("no cases")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateAssumeRole(&tt.in)
			got := ""
			if err != nil {
				if err.Code != CodeValidationError {
					t.Fatalf("code = %s, want ValidationError", err.Code)
				}
				got = err.Message
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: message mismatch (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestParseDurationSeconds(t *testing.T) {
	tests := []struct {
		name, reason, raw string
		want              int32
		code              string
	}{
		{name: "plain", reason: "decimal digits", raw: "3600", want: 3600},
		{name: "plus", reason: "STS accepts a leading +", raw: "+900", want: 900},
		{name: "leading-zero", reason: "STS accepts leading zeros", raw: "0900", want: 900},
		{name: "negative", reason: "a negative integer parses; the schema rejects it later", raw: "-5", want: -5},
		{name: "decimal", reason: "900.0 is not an integer", raw: "900.0", code: CodeMalformedInput},
		{name: "letters", reason: "abc is not an integer", raw: "abc", code: CodeMalformedInput},
		{name: "overflow", reason: "beyond int32", raw: "2147483648", code: CodeMalformedInput},
		{name: "empty", reason: "empty value", raw: "", code: CodeMalformedInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDurationSeconds(tt.raw)
			if code := ErrorCode(err); code != tt.code {
				t.Fatalf("%s: code = %q, want %q", tt.reason, code, tt.code)
			}
			if err == nil && got != tt.want {
				t.Errorf("%s: got %d, want %d", tt.reason, got, tt.want)
			}
		})
	}
}

func TestUniqueIDs(t *testing.T) {
	a := uniqueID("seed/role/arn:aws:iam::123456789012:role/A", "AROA", 17)
	b := uniqueID("seed/role/arn:aws:iam::123456789012:role/A", "AROA", 17)
	c := uniqueID("seed/role/arn:aws:iam::123456789012:role/B", "AROA", 17)
	if a != b {
		t.Errorf("ids are not deterministic: %s vs %s", a, b)
	}
	if a == c {
		t.Errorf("different labels gave the same id %s", a)
	}
	if len(a) != 21 || !strings.HasPrefix(a, "AROA") {
		t.Errorf("role id %q: want AROA + 17 characters", a)
	}
	for _, r := range a {
		if !strings.ContainsRune(idAlphabet, r) && !strings.ContainsRune("AROA", r) {
			t.Errorf("role id %q has character %q outside upper-case letters and digits", a, r)
		}
	}
	s := New(&World{seed: "x"}, NewFakeClock(scenarioStart))
	k, sec, tok := s.newSessionCredentials()
	if len(k) != 20 || !strings.HasPrefix(k, "ASIA") || len(sec) != 40 || len(tok) < 100 {
		t.Errorf("session credentials have the wrong shape: %q %q %d chars of token", k, sec, len(tok))
	}
	k2, _, _ := s.newSessionCredentials()
	if k2 == k {
		t.Error("two sessions got the same access key id")
	}
}
