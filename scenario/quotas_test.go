package scenario

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// trust is a minimal trust policy for generated roles.
const trust = `{Statement: {Effect: Allow, Principal: {AWS: "111111111111"}, Action: "sts:AssumeRole"}}`

// doc returns a minimal identity policy of 83+n characters: its Resource
// names a bucket of n characters.
func doc(n int) string {
	return `{Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::` + strings.Repeat("a", n) + `"}}`
}

// items renders n list items from a format with one %d verb.
func items(indent string, n int, format string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(indent + fmt.Sprintf(format, i) + "\n")
	}
	return b.String()
}

func TestQuotaDiagnostics(t *testing.T) {
	policies := "    policies:\n" + items("      ", 12, `- {name: P%d, document: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}}`)
	tests := []struct {
		name   string
		reason string
		src    string
		want   []string
	}{
		{
			name:   "managed policies per role, default",
			reason: "AWS's default is 10 managed policies per role; the 11th is reported at its reference with IAM's LimitExceeded text",
			src: "name: t\naccounts:\n  - id: \"111111111111\"\n" + policies +
				"    roles:\n      - name: R\n        trust_policy: " + trust + "\n        managed_policies: [P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11]\n",
			want: []string{`s.yaml:20:69: LimitExceeded: Cannot exceed quota for PoliciesPerRole: 10 (role R has managed policies: 11; quotas.managed_policies_per_role can model a quota raised up to 20)`},
		},
		{
			name:   "managed policies per role, raised",
			reason: "quotas.managed_policies_per_role models a raised quota",
			src: "name: t\nquotas: {managed_policies_per_role: 11}\naccounts:\n  - id: \"111111111111\"\n" + policies +
				"    roles:\n      - name: R\n        trust_policy: " + trust + "\n        managed_policies: [P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11]\n",
		},
		{
			name:   "managed policies per user and group, groups per user",
			reason: "users default to 10 managed policies, groups to 10 (fixed), and a user is in at most 10 groups (fixed)",
			src: "name: t\nquotas: {managed_policies_per_user: 1, managed_policies_per_group: 1, groups_per_user: 1}\naccounts:\n  - id: \"111111111111\"\n" + policies +
				"    groups:\n      - {name: G1, managed_policies: [P1, P2]}\n      - {name: G2}\n" +
				"    users:\n      - {name: u, groups: [G1, G2], managed_policies: [P1, P2]}\n",
			want: []string{
				`s.yaml:19:43: LimitExceeded: Cannot exceed quota for PoliciesPerGroup: 1 (group G1 has managed policies: 2; AWS does not raise this quota)`,
				`s.yaml:22:32: LimitExceeded: Cannot exceed quota for GroupsPerUser: 1 (user u is in groups: 2; AWS does not raise this quota)`,
				`s.yaml:22:60: LimitExceeded: Cannot exceed quota for PoliciesPerUser: 1 (user u has managed policies: 2; quotas.managed_policies_per_user can model a quota raised up to 20)`,
			},
		},
		{
			name:   "objects per account",
			reason: "roles, users, groups and customer managed policies per account are counted; the first one over the quota is reported",
			src: "name: t\nquotas: {roles_per_account: 1, users_per_account: 1, groups_per_account: 1, policies_per_account: 1}\naccounts:\n  - id: \"111111111111\"\n" +
				"    policies:\n      - {name: A, document: {Statement: {Effect: Allow, Action: \"*\", Resource: \"*\"}}}\n      - {name: B, document: {Statement: {Effect: Allow, Action: \"*\", Resource: \"*\"}}}\n" +
				"    groups: [{name: G1}, {name: G2}]\n    users: [{name: u1}, {name: u2}]\n" +
				"    roles:\n      - {name: R1, trust_policy: " + trust + "}\n      - {name: R2, trust_policy: " + trust + "}\n",
			want: []string{
				`s.yaml:7:9: LimitExceeded: Cannot exceed quota for PoliciesPerAccount: 1 (account 111111111111 has customer managed policies: 2; quotas.policies_per_account can model a quota raised up to 5000)`,
				`s.yaml:8:26: LimitExceeded: Cannot exceed quota for GroupsPerAccount: 1 (account 111111111111 has groups: 2; quotas.groups_per_account can model a quota raised up to 500)`,
				`s.yaml:9:25: LimitExceeded: Cannot exceed quota for UsersPerAccount: 1 (account 111111111111 has users: 2; AWS does not raise this quota)`,
				`s.yaml:12:9: LimitExceeded: Cannot exceed quota for RolesPerAccount: 1 (account 111111111111 has roles: 2; quotas.roles_per_account can model a quota raised up to 5000)`,
			},
		},
		{
			name:   "trust policy size",
			reason: "a trust policy over 2,048 characters (whitespace not counted) exceeds ACLSizePerRole, adjustable to 4,096",
			src: "name: t\naccounts:\n  - id: \"111111111111\"\n    roles:\n      - name: R\n        trust_policy: |\n          {\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111111111111\"}, \"Action\": \"sts:AssumeRole\",\n" +
				"            \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"" + strings.Repeat("x", 2000) + "\"}}}}\n",
			want: []string{`s.yaml:6:23: LimitExceeded: Cannot exceed quota for ACLSizePerRole: 2048 (the trust policy of role R is 2144 characters, whitespace not counted; quotas.trust_policy_size can model a quota raised up to 4096)`},
		},
		{
			name:   "trust policy size, raised",
			reason: "the same trust policy fits a quota raised to 4,096",
			src: "name: t\nquotas: {trust_policy_size: 4096}\naccounts:\n  - id: \"111111111111\"\n    roles:\n      - name: R\n        trust_policy: |\n          {\"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111111111111\"}, \"Action\": \"sts:AssumeRole\",\n" +
				"            \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"" + strings.Repeat("x", 2000) + "\"}}}}\n",
		},
		{
			name:   "whitespace is not counted",
			reason: "IAM does not count whitespace: a policy padded with spaces to 3,000 bytes is still small",
			src: "name: t\nquotas: {trust_policy_size: 100}\naccounts:\n  - id: \"111111111111\"\n    roles:\n      - name: R\n        trust_policy: '{\"Statement\": " + strings.Repeat(" ", 3000) +
				"{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"111111111111\"}, \"Action\": \"sts:AssumeRole\"}}'\n",
		},
		{
			name:   "inline policy aggregate sizes",
			reason: "inline policies of a role, user or group are summed; the one that crosses the quota is reported with IAM's size message",
			src: "name: t\nquotas: {role_policy_size: 200, user_policy_size: 100, group_policy_size: 150}\naccounts:\n  - id: \"111111111111\"\n" +
				"    groups:\n      - name: G\n        inline_policies:\n          A: " + doc(100) + "\n" +
				"    users:\n      - name: u\n        inline_policies:\n          A: " + doc(60) + "\n" +
				"    roles:\n      - name: R\n        trust_policy: " + trust + "\n        inline_policies:\n          A: " + doc(50) + "\n          B: " + doc(50) + "\n          C: " + doc(50) + "\n",
			want: []string{
				`s.yaml:8:11: LimitExceeded: Maximum policy size of 150 bytes exceeded for group G (the inline policies of group G total 183 characters, whitespace not counted; AWS does not raise this quota)`,
				`s.yaml:12:11: LimitExceeded: Maximum policy size of 100 bytes exceeded for user u (the inline policies of user u total 143 characters, whitespace not counted; AWS does not raise this quota)`,
				`s.yaml:18:11: LimitExceeded: Maximum policy size of 200 bytes exceeded for role R (the inline policies of role R total 266 characters, whitespace not counted; AWS does not raise this quota)`,
			},
		},
		{
			name:   "managed policy size",
			reason: "a customer managed policy over 6,144 characters exceeds PolicySize",
			src:    "name: t\naccounts:\n  - id: \"111111111111\"\n    policies:\n      - name: Big\n        document: " + doc(6100) + "\n",
			want:   []string{`s.yaml:6:19: LimitExceeded: Cannot exceed quota for PolicySize: 6144 (policy Big is 6183 characters, whitespace not counted; AWS does not raise this quota)`},
		},
		{
			name:   "tags per role and user, lowered",
			reason: "a lowered tag quota is checked; more than 50 tags is IAM's tag rule and reported once, as before",
			src: "name: t\nquotas: {tags_per_role: 1, tags_per_user: 1}\naccounts:\n  - id: \"111111111111\"\n" +
				"    users: [{name: u, tags: {a: x, b: y}}]\n    roles:\n      - {name: R, trust_policy: " + trust + ", tags: {a: x, b: y}}\n",
			want: []string{
				`s.yaml:5:36: LimitExceeded: Cannot exceed quota for TagsPerUser: 1 (user u has tags: 2; AWS does not raise this quota)`,
				`s.yaml:7:136: LimitExceeded: Cannot exceed quota for TagsPerRole: 1 (role R has tags: 2; AWS does not raise this quota)`,
			},
		},
		{
			name:   "bad quota values",
			reason: "every quota is a positive integer within AWS's ceiling; unknown keys get a hint",
			src: "name: t\nquotas:\n  managed_policies_per_role: 21\n  groups_per_user: 11\n  roles_per_account: 0\n  trust_policy_size: big\n" +
				"  sts_requests_per_second: 2000000\n  sts_burst: -1\n  tags_per_rol: 3\naccounts: [{id: \"111111111111\"}]\n",
			want: []string{
				`s.yaml:3:30: quotas.managed_policies_per_role: AWS raises this quota from 10 to at most 20, got 21`,
				`s.yaml:4:20: quotas.groups_per_user: AWS does not raise this quota above 10, got 11`,
				`s.yaml:5:22: quotas.roles_per_account: must be a positive integer, got 0`,
				`s.yaml:6:22: quotas.trust_policy_size: expected a positive integer, got string`,
				`s.yaml:7:28: quotas.sts_requests_per_second: at most 1000000, got 2000000`,
				`s.yaml:8:14: quotas.sts_burst: must be a positive integer, got -1`,
				`s.yaml:9:3: unknown key "tags_per_rol" in quotas; did you mean "tags_per_role"?`,
			},
		},
		{
			name:   "quotas not a map",
			reason: "quotas is a map",
			src:    "name: t\nquotas: [1]\naccounts: [{id: \"111111111111\"}]\n",
			want:   []string{`s.yaml:2:9: quotas: expected a map, got list`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, tt.src)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestQuotaDefaults(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		src    string
		want   Quotas
	}{
		{
			name:   "no quotas key",
			reason: "a scenario without quotas: has AWS's defaults, the STS burst equal to the rate",
			src:    "name: t\naccounts: [{id: \"111111111111\"}]\n",
			want:   DefaultQuotas(),
		},
		{
			name:   "rate without burst",
			reason: "the burst follows a raised rate unless given",
			src:    "name: t\nquotas: {sts_requests_per_second: 1000}\naccounts: [{id: \"111111111111\"}]\n",
			want: func() Quotas {
				q := DefaultQuotas()
				q.STSRequestsPerSecond, q.STSBurst = 1000, 1000
				return q
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("s.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, s.Quotas, structOpts); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}
	d := DefaultQuotas()
	want := Quotas{
		STSRequestsPerSecond: 600, STSBurst: 600,
		RolesPerAccount: 1000, UsersPerAccount: 5000, GroupsPerAccount: 300, PoliciesPerAccount: 1500,
		ManagedPoliciesPerRole: 10, ManagedPoliciesPerUser: 10, ManagedPoliciesPerGroup: 10, GroupsPerUser: 10,
		TagsPerRole: 50, TagsPerUser: 50,
		RolePolicySize: 10240, UserPolicySize: 2048, GroupPolicySize: 5120, TrustPolicySize: 2048, ManagedPolicySize: 6144,
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("DefaultQuotas are AWS's defaults (IAM User Guide, reference §10) (-want +got):\n%s", diff)
	}
}

func TestPolicySize(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		text   string
		want   int
	}{
		{"empty", "nothing to count", "", 0},
		{"whitespace only", "spaces, tabs and line breaks are not counted", " \t\r\n ", 0},
		{"compact", "every other character counts", `{"a":"b"}`, 9},
		{"spaces inside strings", "IAM counts no whitespace at all, even inside strings", `{"Sid": "a b"}`, 12},
		{"non-ASCII", "characters, not bytes", `"é"`, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := policySize(tt.text); got != tt.want {
				t.Errorf("policySize(%q) = %d, want %d: %s", tt.text, got, tt.want, tt.reason)
			}
		})
	}
}

// TestFormatDocumentsQuotasAndChanges checks that FORMAT.md names every key
// of quotas:, repeat, the repeated steps' expect and the change steps.
func TestFormatDocumentsQuotasAndChanges(t *testing.T) {
	data, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	format := string(data)
	keys := append(append(append([]string{"quotas", "repeat"}, quotaKeys...), repeatKeys...), repeatExpectKeys...)
	for _, k := range ChangeKinds {
		keys = append(keys, string(k))
		keys = append(keys, changeSchemas[k].keys...)
	}
	if len(keys) < 40 {
		t.Fatalf("only %d keys to look for; the key tables are incomplete", len(keys))
	}
	for _, k := range keys {
		if !strings.Contains(format, "`"+k+"`") {
			t.Errorf("FORMAT.md does not document the key %q", k)
		}
	}
}
