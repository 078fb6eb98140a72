package arn_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolesim/rolesim/sim/arn"
)

func TestParseAssumedRoleARN(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
		want   arn.Session
	}
	tests := []row{{
		name:   "simple",
		reason: "the form STS returns in AssumedRoleUser.Arn",
		in:     "arn:aws:sts::222222222222:assumed-role/Dev/alice",
		want:   arn.Session{Account: "222222222222", RoleName: "Dev", SessionName: "alice"},
	}, {
		name:   "email-session",
		reason: `session names may contain '@' and '.'`,
		in:     "arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com",
		want:   arn.Session{Account: "123456789012", RoleName: "AWSReservedSSO_Admin_0123456789abcdef", SessionName: "alice@example.com"},
	}, {
		name:   "min-session",
		reason: "session names are at least 2 characters",
		in:     "arn:aws:sts::123456789012:assumed-role/R/ab",
		want:   arn.Session{Account: "123456789012", RoleName: "R", SessionName: "ab"},
	}, {
		name:   "max-lengths",
		reason: "role and session names up to 64 characters",
		in:     "arn:aws:sts::123456789012:assumed-role/" + strings.Repeat("r", 64) + "/" + strings.Repeat("s", 64),
		want:   arn.Session{Account: "123456789012", RoleName: strings.Repeat("r", 64), SessionName: strings.Repeat("s", 64)},
	}}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := arn.ParseAssumedRoleARN(tt.in)
			if !ok {
				t.Fatalf("ParseAssumedRoleARN(%q) = false, want true\n%s", tt.in, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseAssumedRoleARN(%q) mismatch (-want +got):\n%s\n%s", tt.in, diff, tt.reason)
			}
			if back := arn.AssumedRoleARN("aws", got.Account, got.RoleName, got.SessionName); back != tt.in {
				t.Errorf("AssumedRoleARN of ParseAssumedRoleARN(%q) = %q, want the input back", tt.in, back)
			}
		})
	}
}

func TestParseAssumedRoleARNRejects(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
	}
	tests := []row{
		{name: "empty", reason: "nothing to parse", in: ""},
		{name: "prefix-only", reason: "no account or resource", in: "arn:aws:sts::"},
		{name: "other-partition", reason: "only the aws partition (Session has no partition field)", in: "arn:aws-us-gov:sts::123456789012:assumed-role/Dev/alice"},
		{name: "iam", reason: "sessions live in STS", in: "arn:aws:iam::123456789012:assumed-role/Dev/alice"},
		{name: "region", reason: "session ARNs have no region", in: "arn:aws:sts:us-east-1:123456789012:assumed-role/Dev/alice"},
		{name: "short-account", reason: "12 digits", in: "arn:aws:sts::12345678901:assumed-role/Dev/alice"},
		{name: "letter-account", reason: "12 digits", in: "arn:aws:sts::12345678901x:assumed-role/Dev/alice"},
		{name: "federated-user", reason: "wrong resource type", in: "arn:aws:sts::123456789012:federated-user/bob"},
		{name: "role-arn", reason: "a role, not a session", in: "arn:aws:iam::123456789012:role/Dev"},
		{name: "no-session", reason: "the session name is required", in: "arn:aws:sts::123456789012:assumed-role/Dev"},
		{name: "empty-session", reason: "the session name is required", in: "arn:aws:sts::123456789012:assumed-role/Dev/"},
		{name: "one-char-session", reason: "session names are at least 2 characters", in: "arn:aws:sts::123456789012:assumed-role/Dev/a"},
		{name: "long-session", reason: "session names are at most 64 characters", in: "arn:aws:sts::123456789012:assumed-role/Dev/" + strings.Repeat("s", 65)},
		{name: "empty-role", reason: "the role name is required", in: "arn:aws:sts::123456789012:assumed-role//alice"},
		{name: "long-role", reason: "role names are at most 64 characters", in: "arn:aws:sts::123456789012:assumed-role/" + strings.Repeat("r", 65) + "/alice"},
		{name: "role-path", reason: "AWS drops the role path from session ARNs", in: "arn:aws:sts::123456789012:assumed-role/team/Dev/alice"},
		{name: "space-in-session", reason: `session names use [\w+=,.@-]`, in: "arn:aws:sts::123456789012:assumed-role/Dev/al ice"},
		{name: "star-session", reason: "no wildcard for all sessions", in: "arn:aws:sts::123456789012:assumed-role/Dev/*"},
		{name: "bad-role-char", reason: `role names use [\w+=,.@-]`, in: "arn:aws:sts::123456789012:assumed-role/D:ev/alice"},
	}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := arn.ParseAssumedRoleARN(tt.in); ok {
				t.Errorf("ParseAssumedRoleARN(%q) = %+v, true; want false\n%s", tt.in, got, tt.reason)
			}
		})
	}
}
