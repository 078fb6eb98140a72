package arn_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolesim/rolesim/sim/arn"
)

func TestBuilders(t *testing.T) {
	type row struct {
		name   string
		reason string
		build  func() string
		want   string
		// wantRes is what ParseIAMResource makes of the built ARN's resource;
		// nil for STS ARNs.
		wantRes *arn.IAMResource
	}
	const acct = "123456789012"
	tests := []row{{
		name:    "user",
		reason:  "root path",
		build:   func() string { return arn.UserARN("aws", acct, "/", "alice") },
		want:    "arn:aws:iam::123456789012:user/alice",
		wantRes: &arn.IAMResource{Type: "user", Path: "/", Name: "alice"},
	}, {
		name:    "user-path",
		reason:  "the path is kept in IAM ARNs",
		build:   func() string { return arn.UserARN("aws", acct, "/eng/", "alice") },
		want:    "arn:aws:iam::123456789012:user/eng/alice",
		wantRes: &arn.IAMResource{Type: "user", Path: "/eng/", Name: "alice"},
	}, {
		name:    "user-empty-path",
		reason:  `"" counts as "/"`,
		build:   func() string { return arn.UserARN("aws", acct, "", "alice") },
		want:    "arn:aws:iam::123456789012:user/alice",
		wantRes: &arn.IAMResource{Type: "user", Path: "/", Name: "alice"},
	}, {
		name:    "role",
		reason:  "role with path",
		build:   func() string { return arn.RoleARN("aws", acct, "/team/", "Dev") },
		want:    "arn:aws:iam::123456789012:role/team/Dev",
		wantRes: &arn.IAMResource{Type: "role", Path: "/team/", Name: "Dev"},
	}, {
		name:    "role-empty-path",
		reason:  `"" counts as "/"`,
		build:   func() string { return arn.RoleARN("aws", acct, "", "Dev") },
		want:    "arn:aws:iam::123456789012:role/Dev",
		wantRes: &arn.IAMResource{Type: "role", Path: "/", Name: "Dev"},
	}, {
		name:    "role-other-partition",
		reason:  "the partition is the caller's",
		build:   func() string { return arn.RoleARN("aws-cn", acct, "/", "Dev") },
		want:    "arn:aws-cn:iam::123456789012:role/Dev",
		wantRes: &arn.IAMResource{Type: "role", Path: "/", Name: "Dev"},
	}, {
		name:    "group",
		reason:  "group with path",
		build:   func() string { return arn.GroupARN("aws", acct, "/ops/", "Admins") },
		want:    "arn:aws:iam::123456789012:group/ops/Admins",
		wantRes: &arn.IAMResource{Type: "group", Path: "/ops/", Name: "Admins"},
	}, {
		name:    "group-empty-path",
		reason:  `"" counts as "/"`,
		build:   func() string { return arn.GroupARN("aws", acct, "", "Admins") },
		want:    "arn:aws:iam::123456789012:group/Admins",
		wantRes: &arn.IAMResource{Type: "group", Path: "/", Name: "Admins"},
	}, {
		name:    "customer-policy",
		reason:  "customer managed policy",
		build:   func() string { return arn.PolicyARN("aws", acct, "/", "Base") },
		want:    "arn:aws:iam::123456789012:policy/Base",
		wantRes: &arn.IAMResource{Type: "policy", Path: "/", Name: "Base"},
	}, {
		name:    "aws-managed-policy",
		reason:  `AWS managed policies use account "aws"`,
		build:   func() string { return arn.PolicyARN("aws", "aws", "/service-role/", "AWSLambdaRole") },
		want:    "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
		wantRes: &arn.IAMResource{Type: "policy", Path: "/service-role/", Name: "AWSLambdaRole"},
	}, {
		name:    "policy-empty-path",
		reason:  `"" counts as "/"`,
		build:   func() string { return arn.PolicyARN("aws", "aws", "", "ReadOnlyAccess") },
		want:    "arn:aws:iam::aws:policy/ReadOnlyAccess",
		wantRes: &arn.IAMResource{Type: "policy", Path: "/", Name: "ReadOnlyAccess"},
	}, {
		name:    "root",
		reason:  "account root user",
		build:   func() string { return arn.RootARN("aws", acct) },
		want:    "arn:aws:iam::123456789012:root",
		wantRes: &arn.IAMResource{Type: "root"},
	}, {
		name:   "assumed-role",
		reason: "no role path in session ARNs",
		build:  func() string { return arn.AssumedRoleARN("aws", acct, "Dev", "alice") },
		want:   "arn:aws:sts::123456789012:assumed-role/Dev/alice",
	}, {
		name:   "federated-user",
		reason: "GetFederationToken session",
		build:  func() string { return arn.FederatedUserARN("aws", acct, "bob") },
		want:   "arn:aws:sts::123456789012:federated-user/bob",
	}}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.build()
			if got != tt.want {
				t.Fatalf("got %q, want %q (%s)", got, tt.want, tt.reason)
			}
			a, err := arn.Parse(got)
			if err != nil {
				t.Fatalf("built ARN does not parse: %v", err)
			}
			if tt.wantRes == nil {
				return
			}
			res, ok := arn.ParseIAMResource(a.Resource)
			if !ok {
				t.Fatalf("ParseIAMResource(%q) = false", a.Resource)
			}
			if diff := cmp.Diff(*tt.wantRes, res); diff != "" {
				t.Errorf("ParseIAMResource(%q) mismatch (-want +got):\n%s", a.Resource, diff)
			}
		})
	}
}

// sink keeps built strings alive so the compiler cannot stack-allocate them.
var sink string

func TestBuilderAllocs(t *testing.T) {
	type row struct {
		name   string
		reason string
		build  func()
	}
	tests := []row{
		{name: "UserARN", reason: "one concatenation", build: func() { sink = arn.UserARN("aws", "123456789012", "/eng/", "alice") }},
		{name: "UserARN-empty-path", reason: "the default path adds no allocation", build: func() { sink = arn.UserARN("aws", "123456789012", "", "alice") }},
		{name: "RoleARN", reason: "one concatenation", build: func() { sink = arn.RoleARN("aws", "123456789012", "/team/", "Dev") }},
		{name: "GroupARN", reason: "one concatenation", build: func() { sink = arn.GroupARN("aws", "123456789012", "/", "Admins") }},
		{name: "PolicyARN", reason: "one concatenation", build: func() { sink = arn.PolicyARN("aws", "aws", "/", "ReadOnlyAccess") }},
		{name: "RootARN", reason: "one concatenation", build: func() { sink = arn.RootARN("aws", "123456789012") }},
		{name: "AssumedRoleARN", reason: "one concatenation", build: func() { sink = arn.AssumedRoleARN("aws", "123456789012", "Dev", "alice") }},
		{name: "FederatedUserARN", reason: "one concatenation", build: func() { sink = arn.FederatedUserARN("aws", "123456789012", "bob") }},
		{name: "Role.ARN", reason: "delegates to RoleARN", build: func() { sink = arn.Role{Account: "123456789012", Path: "/", Name: "Dev"}.ARN() }},
		{name: "ARN.String", reason: "one concatenation", build: func() {
			sink = arn.ARN{Partition: "aws", Service: "iam", Account: "123456789012", Resource: "root"}.String()
		}},
	}
	checkTable(t, tests, func(r row) (string, string) { return r.name, r.reason })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if allocs := testing.AllocsPerRun(100, tt.build); allocs != 1 {
				t.Errorf("%v allocations per call, want 1 (%s)", allocs, tt.reason)
			}
		})
	}
}
