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
			name:   "external-id-short-and-off-pattern",
			reason: "'!' breaks ExternalId's pattern and its minimum length: both are reported, pattern first (observed)",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), ExternalID: String("!")},
			want:   `2 validation errors detected: Value '!' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@:\/-]*; Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2`,
		},
		{
			name:   "session-name-short-and-off-pattern",
			reason: "'!' breaks RoleSessionName's pattern and its minimum length",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("!")},
			want:   `2 validation errors detected: Value '!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*; Value '!' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2`,
		},
		{
			name:   "empty-session-name",
			reason: "the session-name pattern ends in * and allows the empty string: only the length is broken (live AWS golden)",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("")},
			want:   "1 validation error detected: Value '' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
		},
		{
			name:   "empty-role-arn",
			reason: "the RoleArn pattern ends in + and refuses the empty string: pattern and length (live AWS golden, sts_oracle.rs assume-role-empty-role-arn)",
			in:     AssumeRoleInput{RoleArn: String(""), RoleSessionName: String("alice")},
			want:   "2 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: " + patArn + "; Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20",
		},
		{
			name:   "supplementary-role-arn-2048",
			reason: "no character beyond the BMP matches the pattern as STS's Java regex reads it; 2,048 code points is within the length (live AWS golden)",
			in:     AssumeRoleInput{RoleArn: String(strings.Repeat("😀", 2048)), RoleSessionName: String("alice")},
			want:   "1 validation error detected: Value '" + strings.Repeat("😀", 2048) + "' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: " + patArn,
		},
		{
			name:   "supplementary-role-arn-2049",
			reason: "2,049 emoji break the pattern and the length (live AWS golden)",
			in:     AssumeRoleInput{RoleArn: String(strings.Repeat("😀", 2049)), RoleSessionName: String("alice")},
			want:   "2 validation errors detected: Value '" + strings.Repeat("😀", 2049) + "' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: " + patArn + "; Value '" + strings.Repeat("😀", 2049) + "' at 'roleArn' failed to satisfy constraint: Member must have length less than or equal to 2048",
		},
		{
			name:   "bmp-role-arn-2048",
			reason: "2,048 é (4,096 bytes) are within the length and the pattern: the schema passes (the ARN shape is checked later)",
			in:     AssumeRoleInput{RoleArn: String(strings.Repeat("é", 2048)), RoleSessionName: String("alice")},
		},
		{
			name:   "token-code-and-serial",
			reason: "'invalid token code' breaks TokenCode's [\\d]* and its length of 6; 'invalid serial number' breaks SerialNumber's pattern only",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), SerialNumber: String("invalid serial number"), TokenCode: String("invalid token code")},
			want:   `3 validation errors detected: Value 'invalid serial number' at 'serialNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=/:,.@-]*; Value 'invalid token code' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\d]*; Value 'invalid token code' at 'tokenCode' failed to satisfy constraint: Member must have length less than or equal to 6`,
		},
		{
			name:   "source-identity-256",
			reason: "live AWS accepts 256 characters (the model says 64)",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), SourceIdentity: String(strings.Repeat("s", 256))},
		},
		{
			name:   "source-identity-257",
			reason: "live AWS refuses 257 characters with the 256 bound",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), SourceIdentity: String(strings.Repeat("s", 257))},
			want:   "1 validation error detected: Value '" + strings.Repeat("s", 257) + "' at 'sourceIdentity' failed to satisfy constraint: Member must have length less than or equal to 256",
		},
		{
			name:   "empty-tag-key",
			reason: "the tag-key pattern ends in +: an empty key breaks it and the minimum length of 1",
			in:     AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("alice"), Tags: []Tag{{Key: "", Value: "v"}}},
			want:   "2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: " + patTagKey + "; Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1",
		},
		{
			name:   "every-member",
			reason: "violations of several members are all reported, in the model's member order",
			in:     AssumeRoleInput{RoleArn: String(""), RoleSessionName: String("!"), ExternalID: String("!")},
			want: "6 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: " + patArn +
				"; Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20" +
				`; Value '!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*` +
				"; Value '!' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2" +
				`; Value '!' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@:\/-]*` +
				"; Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
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
		code              Code
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

func TestValidRoleARN(t *testing.T) {
	tests := []struct {
		name, reason, in string
		want             bool
	}{
		{name: "role", reason: "a plain role ARN", in: "arn:aws:iam::123456789012:role/Demo", want: true},
		{name: "path", reason: "a role ARN with a path", in: "arn:aws:iam::123456789012:role/ops/Demo", want: true},
		{name: "short-account", reason: "a well-formed role ARN whose account is 9 digits names no role: AccessDenied, not ValidationError (observed)", in: "arn:aws:iam::123456789:role/x", want: true},
		{name: "long-account", reason: "likewise for 13 digits", in: "arn:aws:iam::1234567890123:role/x", want: true},
		{name: "letters-account", reason: "an account that is not digits is not well-formed", in: "arn:aws:iam::abc:role/x"},
		{name: "empty-account", reason: "nor is an empty account", in: "arn:aws:iam:::role/xxxxxxxxxx"},
		{name: "not-arn", reason: "20 x's pass the schema but are not an ARN (live AWS: 'is invalid')", in: strings.Repeat("x", 20)},
		{name: "user", reason: "a user ARN is not a role ARN", in: "arn:aws:iam::123456789:user/x"},
		{name: "bad-name", reason: "the role name must be valid", in: "arn:aws:iam::123456789:role/a b"},
		{name: "bad-12-digit", reason: "a 12-digit account with a bad resource stays invalid", in: "arn:aws:iam::123456789012:rolex"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := validRoleARN(tt.in); got != tt.want {
				t.Errorf("%s: validRoleARN(%q) = %v, want %v", tt.reason, tt.in, got, tt.want)
			}
		})
	}
}
