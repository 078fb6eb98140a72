package explain_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim/explain"
)

// TestUserChangeExplanations checks that the user, group and access key
// change steps are explained as the IAM operation they perform, with the
// parameters they send (an access key left out is the user's own).
func TestUserChangeExplanations(t *testing.T) {
	ex := explainSteps(t, `  - id: put
    put_user_policy: {account: "111111111111", user_name: alice, policy_name: P, policy_document: '{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}'}
  - id: join
    add_user_to_group: {account: "111111111111", group_name: nogroup, user_name: alice}
    expect: {error: NoSuchEntity}
  - id: deactivate
    update_access_key: {account: "111111111111", user_name: alice, status: Inactive}
  - id: delete
    delete_access_key: {account: "111111111111", user_name: alice, access_key_id: AKIAIOSFODNN7EXAMPLE}
    expect: {error: NoSuchEntity}
`)
	tests := []struct {
		id, reason string
		api        string
		params     []explain.Parameter
	}{
		{id: "put", reason: "an inline policy for a user", api: "iam:PutUserPolicy", params: []explain.Parameter{
			{Name: "Account", Value: "111111111111"}, {Name: "UserName", Value: "alice"}, {Name: "PolicyName", Value: "P"},
			{Name: "PolicyDocument", Value: `{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}`}}},
		{id: "join", reason: "group before user, as the operation takes them", api: "iam:AddUserToGroup", params: []explain.Parameter{
			{Name: "Account", Value: "111111111111"}, {Name: "GroupName", Value: "nogroup"}, {Name: "UserName", Value: "alice"}}},
		{id: "deactivate", reason: "access_key_id left out names the user's own key", api: "iam:UpdateAccessKey", params: []explain.Parameter{
			{Name: "Account", Value: "111111111111"}, {Name: "UserName", Value: "alice"},
			{Name: "AccessKeyId", Value: "(the user's own access key)"}, {Name: "Status", Value: "Inactive"}}},
		{id: "delete", reason: "a written key id is sent as written", api: "iam:DeleteAccessKey", params: []explain.Parameter{
			{Name: "Account", Value: "111111111111"}, {Name: "UserName", Value: "alice"}, {Name: "AccessKeyId", Value: "AKIAIOSFODNN7EXAMPLE"}}},
	}
	for _, tt := range tests {
		e := ex.Step(tt.id)
		if e == nil || e.Request == nil {
			t.Fatalf("%s: no explanation with a request for step %s", tt.reason, tt.id)
		}
		if e.Request.API != tt.api || e.What != "a change to the world ("+tt.api+")" {
			t.Errorf("%s: %s is %q / %q, want %s", tt.reason, tt.id, e.Request.API, e.What, tt.api)
		}
		if diff := cmp.Diff(tt.params, e.Request.Parameters); diff != "" {
			t.Errorf("%s: %s's parameters (-want +got):\n%s", tt.reason, tt.id, diff)
		}
	}
}
