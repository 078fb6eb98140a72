package arn_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolesim/rolesim/sim/arn"
)

func TestParseIAMResource(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
		want   arn.IAMResource
	}
	tests := []row{{
		name:   "user",
		reason: "no path means the root path",
		in:     "user/alice",
		want:   arn.IAMResource{Type: "user", Path: "/", Name: "alice"},
	}, {
		name:   "user-path",
		reason: "the path is everything between the type and the last '/'",
		in:     "user/engineering/alice",
		want:   arn.IAMResource{Type: "user", Path: "/engineering/", Name: "alice"},
	}, {
		name:   "role-deep-path",
		reason: "paths can have several segments",
		in:     "role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
		want:   arn.IAMResource{Type: "role", Path: "/aws-service-role/ecs.amazonaws.com/", Name: "AWSServiceRoleForECS"},
	}, {
		name:   "group",
		reason: "groups have paths like users",
		in:     "group/ops/Admins",
		want:   arn.IAMResource{Type: "group", Path: "/ops/", Name: "Admins"},
	}, {
		name:   "policy",
		reason: "managed policies have paths",
		in:     "policy/service-role/AWSLambdaBasicExecutionRole",
		want:   arn.IAMResource{Type: "policy", Path: "/service-role/", Name: "AWSLambdaBasicExecutionRole"},
	}, {
		name:   "instance-profile",
		reason: "hyphenated type",
		in:     "instance-profile/web",
		want:   arn.IAMResource{Type: "instance-profile", Path: "/", Name: "web"},
	}, {
		name:   "mfa",
		reason: "virtual MFA devices are named like users",
		in:     "mfa/alice",
		want:   arn.IAMResource{Type: "mfa", Path: "/", Name: "alice"},
	}, {
		name:   "oidc-provider-host",
		reason: "the provider name is its URL without https://",
		in:     "oidc-provider/token.actions.githubusercontent.com",
		want:   arn.IAMResource{Type: "oidc-provider", Name: "token.actions.githubusercontent.com"},
	}, {
		name:   "oidc-provider-host-path",
		reason: "for OIDC providers Name keeps the URL path, slashes included",
		in:     "oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B7",
		want:   arn.IAMResource{Type: "oidc-provider", Name: "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B7"},
	}, {
		name:   "saml-provider",
		reason: "SAML providers have a plain name",
		in:     "saml-provider/Okta",
		want:   arn.IAMResource{Type: "saml-provider", Name: "Okta"},
	}, {
		name:   "root",
		reason: "the account root user has no path or name",
		in:     "root",
		want:   arn.IAMResource{Type: "root"},
	}, {
		name:   "structural-name",
		reason: "ParseIAMResource does not apply per-type naming rules",
		in:     "user/a*b",
		want:   arn.IAMResource{Type: "user", Path: "/", Name: "a*b"},
	}, {
		name:   "max-path",
		reason: "a 512-byte path is allowed",
		in:     "role" + longPath(512) + "r",
		want:   arn.IAMResource{Type: "role", Path: longPath(512), Name: "r"},
	}}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := arn.ParseIAMResource(tt.in)
			if !ok {
				t.Fatalf("ParseIAMResource(%q) = false, want true\n%s", tt.in, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseIAMResource(%q) mismatch (-want +got):\n%s\n%s", tt.in, diff, tt.reason)
			}
			if back := joinIAMResource(got); back != tt.in {
				t.Errorf("ParseIAMResource(%q) parts join to %q, want the input back", tt.in, back)
			}
		})
	}
}

func TestParseIAMResourceRejects(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
	}
	tests := []row{
		{name: "empty", reason: "nothing to parse", in: ""},
		{name: "type-only", reason: "no '/' and not root", in: "user"},
		{name: "empty-name", reason: "the name is required", in: "user/"},
		{name: "empty-name-after-path", reason: "a trailing '/' leaves the name empty", in: "role/path/"},
		{name: "double-slash-start", reason: "empty path segment", in: "role//Admin"},
		{name: "double-slash-middle", reason: "empty path segment", in: "role/a//b/Admin"},
		{name: "space-in-path", reason: "paths use U+0021–U+007E only", in: "role/a b/Admin"},
		{name: "non-ascii-path", reason: "paths use U+0021–U+007E only", in: "role/é/Admin"},
		{name: "control-in-path", reason: "paths use U+0021–U+007E only", in: "role/a\x00/Admin"},
		{name: "path-too-long", reason: "paths are at most 512 bytes", in: "role" + longPath(513) + "r"},
		{name: "unknown-type", reason: "only the IAM types rolesim models", in: "server-certificate/cert"},
		{name: "assumed-role", reason: "an STS resource, not IAM", in: "assumed-role/Dev/alice"},
		{name: "upper-type", reason: "types are case-sensitive", in: "Role/Admin"},
		{name: "root-with-name", reason: "root takes nothing after it", in: "root/x"},
		{name: "root-upper", reason: "types are case-sensitive", in: "ROOT"},
		{name: "leading-slash", reason: "the type comes first", in: "/user/alice"},
		{name: "oidc-empty", reason: "the provider name is required", in: "oidc-provider/"},
		{name: "oidc-trailing-slash", reason: "empty last segment", in: "oidc-provider/host/"},
		{name: "oidc-double-slash", reason: "empty segment", in: "oidc-provider/host//id"},
		{name: "oidc-leading-slash", reason: "empty host", in: "oidc-provider//host"},
		{name: "oidc-space", reason: "provider names are printable ASCII", in: "oidc-provider/ho st"},
		{name: "saml-empty", reason: "the provider name is required", in: "saml-provider/"},
		{name: "saml-slash", reason: "SAML provider names have no path", in: "saml-provider/a/b"},
		{name: "saml-space", reason: "provider names are printable ASCII", in: "saml-provider/a b"},
	}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, ok := arn.ParseIAMResource(tt.in); ok {
				t.Errorf("ParseIAMResource(%q) = %+v, true; want false\n%s", tt.in, got, tt.reason)
			}
		})
	}
}

// joinIAMResource rebuilds the resource string ParseIAMResource split.
func joinIAMResource(r arn.IAMResource) string {
	switch r.Type {
	case "root":
		return "root"
	case "oidc-provider", "saml-provider":
		return r.Type + "/" + r.Name
	}
	return r.Type + r.Path + r.Name
}

// longPath returns a valid IAM path of exactly n bytes (n >= 3).
func longPath(n int) string {
	return "/" + strings.Repeat("p", n-2) + "/"
}

func TestValidName(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
		max    int
		want   bool
	}
	tests := []row{
		{name: "simple", reason: "letters", in: "Admin", max: 64, want: true},
		{name: "all-punctuation", reason: `every allowed punctuation mark: _+=,.@-`, in: "a_b+c=d,e.f@g-h", max: 64, want: true},
		{name: "digits", reason: "digits only", in: "0123456789", max: 64, want: true},
		{name: "one-char", reason: "minimum length is 1", in: "x", max: 64, want: true},
		{name: "at-max", reason: "length max is allowed", in: strings.Repeat("a", 64), max: 64, want: true},
		{name: "over-max", reason: "length max+1 is not", in: strings.Repeat("a", 65), max: 64, want: false},
		{name: "group-max", reason: "max is the caller's choice", in: strings.Repeat("a", 128), max: 128, want: true},
		{name: "empty", reason: "minimum length is 1", in: "", max: 64, want: false},
		{name: "zero-max", reason: "no name fits in 0", in: "a", max: 0, want: false},
		{name: "negative-max", reason: "no name fits in a negative max", in: "a", max: -1, want: false},
		{name: "space", reason: "no spaces", in: "my role", max: 64, want: false},
		{name: "slash", reason: "'/' separates path segments", in: "a/b", max: 64, want: false},
		{name: "colon", reason: "':' separates ARN sections", in: "a:b", max: 64, want: false},
		{name: "star", reason: "no wildcards", in: "a*", max: 64, want: false},
		{name: "non-ascii-letter", reason: `\w is ASCII only`, in: "rôle", max: 64, want: false},
		{name: "tab", reason: "no control characters", in: "a\tb", max: 64, want: false},
	}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := arn.ValidName(tt.in, tt.max); got != tt.want {
				t.Errorf("ValidName(%q, %d) = %v, want %v (%s)", tt.in, tt.max, got, tt.want, tt.reason)
			}
		})
	}
}

func TestValidPath(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
		want   bool
	}
	tests := []row{
		{name: "root", reason: "'/' alone is the default path", in: "/", want: true},
		{name: "one-segment", reason: "begins and ends with '/'", in: "/a/", want: true},
		{name: "segments", reason: "several segments", in: "/division_abc/subdivision_xyz/", want: true},
		{name: "printable", reason: "any of U+0021–U+007E", in: "/!~*:\"{}/", want: true},
		{name: "max", reason: "512 bytes is allowed", in: longPath(512), want: true},
		{name: "too-long", reason: "513 bytes is not", in: longPath(513), want: false},
		{name: "empty", reason: "a path has at least '/'", in: "", want: false},
		{name: "no-leading-slash", reason: "must begin with '/'", in: "a/", want: false},
		{name: "no-trailing-slash", reason: "must end with '/'", in: "/a", want: false},
		{name: "double-slash", reason: "no empty segments", in: "//", want: false},
		{name: "double-slash-inside", reason: "no empty segments", in: "/a//b/", want: false},
		{name: "space", reason: "U+0020 is outside the range", in: "/a b/", want: false},
		{name: "del", reason: "U+007F is outside the range", in: "/a\x7f/", want: false},
		{name: "non-ascii", reason: "non-ASCII is outside the range", in: "/é/", want: false},
	}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := arn.ValidPath(tt.in); got != tt.want {
				t.Errorf("ValidPath(%q) = %v, want %v (%s)", tt.in, got, tt.want, tt.reason)
			}
		})
	}
}
