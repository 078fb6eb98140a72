package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// usersStepsHead is a world for the user, group and access key change
// steps; its steps start on line 9.
const usersStepsHead = `name: t
accounts:
  - id: "111111111111"
    users: [{name: u, groups: [g]}]
    groups: [{name: g}]
    policies: [{name: P, document: {Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*"}}}]
    roles: []
steps:
`

// TestUserChangeSteps checks that each user, group and access key change
// step loads its IAM parameters into the ChangeStep as written (the
// simulator validates them), and that access_key_id may be left out.
func TestUserChangeSteps(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		step   string
		kind   StepKind
		want   ChangeStep
	}{
		{name: "put_user_policy", reason: "an inline policy for a user, compiled at load",
			step: `put_user_policy: {account: "111111111111", user_name: u, policy_name: Read, policy_document: '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}'}`,
			kind: StepPutUserPolicy, want: ChangeStep{Account: "111111111111", UserName: "u", PolicyName: "Read"}},
		{name: "delete_user_policy", reason: "names kept as written, whatever their case",
			step: `delete_user_policy: {account: "111111111111", user_name: U, policy_name: read}`,
			kind: StepDeleteUserPolicy, want: ChangeStep{Account: "111111111111", UserName: "U", PolicyName: "read"}},
		{name: "attach_user_policy", reason: "a managed policy ARN",
			step: `attach_user_policy: {account: "111111111111", user_name: u, policy_arn: "arn:aws:iam::111111111111:policy/P"}`,
			kind: StepAttachUserPolicy, want: ChangeStep{Account: "111111111111", UserName: "u", PolicyArn: "arn:aws:iam::111111111111:policy/P"}},
		{name: "detach_user_policy", reason: "a managed policy ARN",
			step: `detach_user_policy: {account: "111111111111", user_name: u, policy_arn: "arn:aws:iam::111111111111:policy/P"}`,
			kind: StepDetachUserPolicy, want: ChangeStep{Account: "111111111111", UserName: "u", PolicyArn: "arn:aws:iam::111111111111:policy/P"}},
		{name: "put_group_policy", reason: "an inline policy for a group",
			step: `put_group_policy: {account: "111111111111", group_name: g, policy_name: Read, policy_document: {Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*"}}}`,
			kind: StepPutGroupPolicy, want: ChangeStep{Account: "111111111111", GroupName: "g", PolicyName: "Read"}},
		{name: "delete_group_policy", reason: "the group's inline policy by name",
			step: `delete_group_policy: {account: "111111111111", group_name: g, policy_name: Read}`,
			kind: StepDeleteGroupPolicy, want: ChangeStep{Account: "111111111111", GroupName: "g", PolicyName: "Read"}},
		{name: "attach_group_policy", reason: "a managed policy ARN",
			step: `attach_group_policy: {account: "111111111111", group_name: g, policy_arn: "arn:aws:iam::111111111111:policy/P"}`,
			kind: StepAttachGroupPolicy, want: ChangeStep{Account: "111111111111", GroupName: "g", PolicyArn: "arn:aws:iam::111111111111:policy/P"}},
		{name: "detach_group_policy", reason: "a managed policy ARN",
			step: `detach_group_policy: {account: "111111111111", group_name: g, policy_arn: "arn:aws:iam::111111111111:policy/P"}`,
			kind: StepDetachGroupPolicy, want: ChangeStep{Account: "111111111111", GroupName: "g", PolicyArn: "arn:aws:iam::111111111111:policy/P"}},
		{name: "add_user_to_group", reason: "a group and a user",
			step: `add_user_to_group: {account: "111111111111", group_name: g, user_name: u}`,
			kind: StepAddUserToGroup, want: ChangeStep{Account: "111111111111", GroupName: "g", UserName: "u"}},
		{name: "remove_user_from_group", reason: "a group and a user, even undeclared ones (NoSuchEntity at run time)",
			step: `remove_user_from_group: {account: "111111111111", group_name: nogroup, user_name: nobody}`,
			kind: StepRemoveUserFromGroup, want: ChangeStep{Account: "111111111111", GroupName: "nogroup", UserName: "nobody"}},
		{name: "update_access_key without id", reason: "access_key_id left out names the user's own key (nil)",
			step: `update_access_key: {account: "111111111111", user_name: u, status: Inactive}`,
			kind: StepUpdateAccessKey, want: ChangeStep{Account: "111111111111", UserName: "u", Status: "Inactive"}},
		{name: "update_access_key with id", reason: "a written id and a bad status are sent as written",
			step: `update_access_key: {account: "111111111111", user_name: u, access_key_id: "", status: off}`,
			kind: StepUpdateAccessKey, want: ChangeStep{Account: "111111111111", UserName: "u", AccessKeyID: ptr(""), Status: "off"}},
		{name: "delete_access_key", reason: "a written id",
			step: `delete_access_key: {account: "111111111111", user_name: u, access_key_id: AKIAIOSFODNN7EXAMPLE}`,
			kind: StepDeleteAccessKey, want: ChangeStep{Account: "111111111111", UserName: "u", AccessKeyID: ptr("AKIAIOSFODNN7EXAMPLE")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse("s.yaml", []byte(usersStepsHead+"  - "+tt.step+"\n"))
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if len(sc.Steps) != 1 || sc.Steps[0].Kind != tt.kind || sc.Steps[0].Change == nil {
				t.Fatalf("%s: steps %+v, want one %s step", tt.reason, sc.Steps, tt.kind)
			}
			got := *sc.Steps[0].Change
			if got.Document != nil {
				if got.Document.Document == nil || got.Document.Text == "" {
					t.Errorf("%s: the policy document was not compiled: %+v", tt.reason, got.Document)
				}
				got.Document = nil
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: ChangeStep (-want +got):\n%s", tt.reason, diff)
			}
			if !tt.kind.IsChange() {
				t.Errorf("%s is not a change kind", tt.kind)
			}
		})
	}
}

// TestUserChangeStepDiagnostics checks the loader's diagnostics for the
// user, group and access key change steps: strict keys with hints,
// required keys, declared accounts, policy documents compiled as identity
// policies, and expect keys of a change step.
func TestUserChangeStepDiagnostics(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		steps  string
		want   []string
	}{
		{
			name:   "missing and unknown keys",
			reason: "each step requires its IAM parameters (access_key_id excepted) and suggests the right spelling",
			steps: `  - add_user_to_group: {account: "111111111111", groupname: g, user_name: u}
  - update_access_key: {account: "111111111111", user_name: u}
  - delete_access_key: {account: "111111111111", access_key: AKIAIOSFODNN7EXAMPLE}
  - put_group_policy: {account: "111111111111", group_name: g, policy_name: P}
`,
			want: []string{
				`s.yaml:9:24: missing required key "group_name" in add_user_to_group`,
				`s.yaml:9:50: unknown key "groupname" in add_user_to_group; did you mean "group_name"?`,
				`s.yaml:10:24: missing required key "status" in update_access_key`,
				`s.yaml:11:24: missing required key "user_name" in delete_access_key`,
				`s.yaml:11:50: unknown key "access_key" in delete_access_key; did you mean "access_key_id"?`,
				`s.yaml:12:23: missing required key "policy_document" in put_group_policy`,
			},
		},
		{
			name:   "accounts and types",
			reason: "an IAM change acts on a declared account; names are strings",
			steps: `  - delete_user_policy: {account: "222222222222", user_name: u, policy_name: P}
  - detach_group_policy: {account: "111111111111", group_name: [g], policy_arn: x}
  - update_access_key: {account: "111111111111", user_name: u, status: {a: b}}
`,
			want: []string{
				`s.yaml:9:35: delete_user_policy.account: account 222222222222 is not declared in accounts`,
				`s.yaml:10:64: detach_group_policy.group_name: expected a string, got list`,
				`s.yaml:11:72: update_access_key.status: expected a string, got map`,
			},
		},
		{
			name:   "documents",
			reason: "user and group policies compile at load as identity policies: no Principal",
			steps: `  - put_user_policy: {account: "111111111111", user_name: u, policy_name: P, policy_document: {Statement: {Effect: Allow, Principal: "*", Action: "*", Resource: "*"}}}
  - put_group_policy: {account: "111111111111", group_name: g, policy_name: P, policy_document: {Statement: {Effect: Allow, Action: "*"}}}
`,
			want: []string{
				`s.yaml:9:123: MalformedPolicyDocument: Policy document should not specify a principal.`,
				`s.yaml:10:109: MalformedPolicyDocument: Missing required field Resource`,
			},
		},
		{
			name:   "expect",
			reason: "change steps expect an error or success only",
			steps: `  - delete_access_key: {account: "111111111111", user_name: u}
    expect: {error: NoSuchEntity, deny: explicit}
`,
			want: []string{
				`s.yaml:10:35: expect.deny does not apply to a delete_access_key step`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, usersStepsHead+tt.steps)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
