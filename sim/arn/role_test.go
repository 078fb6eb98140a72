package arn_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolesim/rolesim/sim/arn"
)

func TestParseRoleARN(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
		want   arn.Role
	}
	tests := []row{{
		name:   "no-path",
		reason: "a role at the root path",
		in:     "arn:aws:iam::222222222222:role/Dev",
		want:   arn.Role{Account: "222222222222", Path: "/", Name: "Dev"},
	}, {
		name:   "path",
		reason: "the path sits between 'role' and the name",
		in:     "arn:aws:iam::123456789012:role/division/team/Admin",
		want:   arn.Role{Account: "123456789012", Path: "/division/team/", Name: "Admin"},
	}, {
		name:   "service-linked",
		reason: "service-linked role paths contain dots",
		in:     "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
		want:   arn.Role{Account: "123456789012", Path: "/aws-service-role/ecs.amazonaws.com/", Name: "AWSServiceRoleForECS"},
	}, {
		name:   "name-punctuation",
		reason: `names use [\w+=,.@-]`,
		in:     "arn:aws:iam::123456789012:role/a_b+c=d,e.f@g-h",
		want:   arn.Role{Account: "123456789012", Path: "/", Name: "a_b+c=d,e.f@g-h"},
	}, {
		name:   "max-name",
		reason: "64-character names are allowed",
		in:     "arn:aws:iam::123456789012:role/" + strings.Repeat("n", 64),
		want:   arn.Role{Account: "123456789012", Path: "/", Name: strings.Repeat("n", 64)},
	}, {
		name:   "max-path",
		reason: "512-byte paths are allowed",
		in:     "arn:aws:iam::123456789012:role" + longPath(512) + "r",
		want:   arn.Role{Account: "123456789012", Path: longPath(512), Name: "r"},
	}}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := arn.ParseRoleARN(tt.in)
			if !ok {
				t.Fatalf("ParseRoleARN(%q) = false, want true\n%s", tt.in, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRoleARN(%q) mismatch (-want +got):\n%s\n%s", tt.in, diff, tt.reason)
			}
			if back := got.ARN(); back != tt.in {
				t.Errorf("ParseRoleARN(%q).ARN() = %q, want the input back", tt.in, back)
			}
		})
	}
}

func TestParseRoleARNRejects(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
	}
	tests := []row{
		{name: "empty", reason: "nothing to parse", in: ""},
		{name: "prefix-only", reason: "no account or resource", in: "arn:aws:iam::"},
		{name: "other-partition", reason: "only the aws partition (Role has no partition field)", in: "arn:aws-cn:iam::123456789012:role/Dev"},
		{name: "sts", reason: "roles live in IAM", in: "arn:aws:sts::123456789012:role/Dev"},
		{name: "region", reason: "IAM is global", in: "arn:aws:iam:us-east-1:123456789012:role/Dev"},
		{name: "short-account", reason: "12 digits", in: "arn:aws:iam::12345678901:role/Dev"},
		{name: "long-account", reason: "12 digits", in: "arn:aws:iam::1234567890123:role/Dev"},
		{name: "letter-account", reason: "12 digits", in: "arn:aws:iam::12345678901x:role/Dev"},
		{name: "aws-account", reason: "roles belong to customer accounts", in: "arn:aws:iam::aws:role/Dev"},
		{name: "no-resource", reason: "account only", in: "arn:aws:iam::123456789012"},
		{name: "user", reason: "wrong resource type", in: "arn:aws:iam::123456789012:user/Dev"},
		{name: "roles", reason: "'role' must be followed by '/'", in: "arn:aws:iam::123456789012:roles/Dev"},
		{name: "role-no-slash", reason: "no path or name", in: "arn:aws:iam::123456789012:role"},
		{name: "empty-name", reason: "names are 1..64", in: "arn:aws:iam::123456789012:role/"},
		{name: "empty-name-after-path", reason: "names are 1..64", in: "arn:aws:iam::123456789012:role/path/"},
		{name: "long-name", reason: "names are 1..64", in: "arn:aws:iam::123456789012:role/" + strings.Repeat("n", 65)},
		{name: "bad-name-char", reason: `names use [\w+=,.@-]`, in: "arn:aws:iam::123456789012:role/Dev*"},
		{name: "colon-in-name", reason: `names use [\w+=,.@-]`, in: "arn:aws:iam::123456789012:role/a:b"},
		{name: "double-slash", reason: "no empty path segments", in: "arn:aws:iam::123456789012:role//Dev"},
		{name: "space-in-path", reason: "paths use U+0021–U+007E", in: "arn:aws:iam::123456789012:role/a b/Dev"},
		{name: "long-path", reason: "paths are at most 512 bytes", in: "arn:aws:iam::123456789012:role" + longPath(513) + "r"},
		{name: "upper-role", reason: "resource types are case-sensitive", in: "arn:aws:iam::123456789012:Role/Dev"},
		{name: "assumed-role", reason: "a session, not a role", in: "arn:aws:sts::123456789012:assumed-role/Dev/s"},
	}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := arn.ParseRoleARN(tt.in); ok {
				t.Errorf("ParseRoleARN(%q) = %+v, true; want false\n%s", tt.in, got, tt.reason)
			}
		})
	}
}

func TestRoleARNEmptyPath(t *testing.T) {
	r := arn.Role{Account: "123456789012", Name: "Dev"}
	if got, want := r.ARN(), "arn:aws:iam::123456789012:role/Dev"; got != want {
		t.Errorf("Role{Path: \"\"}.ARN() = %q, want %q", got, want)
	}
}

func TestParseRoleARNAllocs(t *testing.T) {
	in := "arn:aws:iam::123456789012:role/division/team/Admin"
	allocs := testing.AllocsPerRun(100, func() {
		if _, ok := arn.ParseRoleARN(in); !ok {
			t.Fatal("ParseRoleARN failed")
		}
	})
	if allocs != 0 {
		t.Errorf("ParseRoleARN allocates %v times per call, want 0", allocs)
	}
}
