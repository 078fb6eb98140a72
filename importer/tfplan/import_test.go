package tfplan_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
)

const trust = `"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"sts:AssumeRole\"}]}"`

// plan wraps resources in planned_values.root_module, with their
// resource_changes (after_unknown) when given.
func plan(resources, changes string) []byte {
	return []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + resources + `]}},"resource_changes":[` + changes + `]}`)
}

func role(values string) string {
	return `{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","values":{"arn":"arn:aws:iam::111111111111:role/r","name":"r","path":"/",` + values + `}}`
}

// TestErrors: bad input is an *iamdump.Error naming the file and the JSON
// path of the problem.
func TestErrors(t *testing.T) {
	cases := []struct {
		name, reason string
		data         []byte
		opts         tfplan.Options
		path, msg    string
	}{
		{"not-json", "a syntax error gives its line and column", []byte("{\n  \"planned_values\": x\n"), tfplan.Options{}, "$", "not JSON: line 2, column 21"},
		{"truncated", "a file cut short says so", []byte("{\n  \"planned_values\": [\n"), tfplan.Options{}, "$", "not JSON: the file ends before the JSON does"},
		{"not-object", "the top is an object", []byte(`[1]`), tfplan.Options{}, "$", "expected a JSON object (the output of terraform show -json)"},
		{"not-plan", "an object that is neither plan nor state", []byte(`{"foo":1}`), tfplan.Options{}, "$", "no planned_values (a plan) or values (a state)"},
		{"format", "a major version rolesim does not read", []byte(`{"format_version":"2.0","planned_values":{}}`), tfplan.Options{}, "$.format_version", `format version "2.0"`},
		{"before-no-prior", "--before on a plan without prior_state", plan("", ""), tfplan.Options{Before: true}, "$.prior_state", "no prior state"},
		{"resources-type", "resources must be a list", []byte(`{"planned_values":{"root_module":{"resources":{}}}}`), tfplan.Options{}, "$.planned_values.root_module.resources", "expected"},
		{"trust-type", "assume_role_policy must be a string", plan(role(`"max_session_duration":3600,"assume_role_policy":5`), ""), tfplan.Options{},
			"$.planned_values.root_module.resources[0].values.assume_role_policy", "expected a policy document"},
		{"trust-missing", "a role without trust policy (and not unknown)", plan(role(`"max_session_duration":3600`), ""), tfplan.Options{},
			"$.planned_values.root_module.resources[0].values.assume_role_policy", "missing assume_role_policy"},
		{"trust-bad", "a trust policy that is not JSON", plan(role(`"max_session_duration":3600,"assume_role_policy":"{nope"`), ""), tfplan.Options{},
			"$.planned_values.root_module.resources[0].values.assume_role_policy", "not a policy document"},
		{"max-dur", "max_session_duration outside IAM's range", plan(role(`"max_session_duration":60,"assume_role_policy":`+trust), ""), tfplan.Options{},
			"$.planned_values.root_module.resources[0]", "outside 3600..43200"},
		{"tags-type", "tags must be a map of strings", plan(role(`"max_session_duration":3600,"assume_role_policy":`+trust+`,"tags_all":{"a":1}`), ""), tfplan.Options{},
			"$.planned_values.root_module.resources[0].values.tags_all.a", "expected a string"},
		{"inline-block", "an inline_policy block with neither name nor policy known", plan(role(`"max_session_duration":3600,"assume_role_policy":`+trust+`,"inline_policy":[{"name":"x"}]`), ""), tfplan.Options{},
			"$.planned_values.root_module.resources[0].values.inline_policy[0]", "without a policy"},
		{"change-address", "a resource change without address", plan("", `{"mode":"managed"}`), tfplan.Options{}, "$.resource_changes[0]", "without address"},
		{"attachment-missing", "an attachment without policy_arn (and not unknown)", plan(role(`"max_session_duration":3600,"assume_role_policy":`+trust)+
			`,{"address":"aws_iam_role_policy_attachment.a","mode":"managed","type":"aws_iam_role_policy_attachment","name":"a","values":{"role":"r"}}`, ""), tfplan.Options{},
			"$.planned_values.root_module.resources[1].values.policy_arn", "missing policy_arn"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: tc.data}, tc.opts)
			var e *iamdump.Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: want an *iamdump.Error, got %v", tc.reason, err)
			}
			if e.File != "plan.json" || e.Path != tc.path || !strings.Contains(e.Message, tc.msg) {
				t.Errorf("%s:\n got %s\nwant plan.json: %s: ...%s...", tc.reason, err, tc.path, tc.msg)
			}
		})
	}
}

// TestUnknownTrust: a trust policy unknown until apply is a placeholder
// trusting no one, with a comment naming the address, a note, and a line
// in the header; the rest of the role is imported.
func TestUnknownTrust(t *testing.T) {
	data := plan(role(`"max_session_duration":7200`), `{"address":"aws_iam_role.r","mode":"managed","change":{"actions":["create"],"after_unknown":{"assume_role_policy":true}}}`)
	res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: data}, tfplan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	y := string(res.YAML)
	for _, want := range []string{
		"trust_policy:  # PLACEHOLDER: assume_role_policy of aws_iam_role.r is unknown until apply; this denies everything",
		"Sid: " + tfplan.PlaceholderSid,
		"# 1 value(s) unknown until apply are placeholders",
		"max_session_duration: 7200",
	} {
		if !strings.Contains(y, want) {
			t.Errorf("the world lacks %q:\n%s", want, y)
		}
	}
	if len(res.Notes) != 1 || res.Notes[0].Path != "aws_iam_role.r" || !res.Notes[0].Dropped || !strings.Contains(res.Notes[0].Message, "unknown until apply") {
		t.Errorf("notes: %+v", res.Notes)
	}
}

// TestState: terraform show -json of a state (values, no planned_values)
// imports as the state's world; --before is refused on it.
func TestState(t *testing.T) {
	data := []byte(`{"format_version":"1.0","values":{"root_module":{"resources":[` + role(`"max_session_duration":3600,"assume_role_policy":`+trust) + `]}}}`)
	res, err := tfplan.Import(iamdump.Source{Name: "state.json", Data: data}, tfplan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(res.YAML), "Imported from a Terraform state") || !strings.Contains(string(res.YAML), "- name: r\n") {
		t.Errorf("state world:\n%s", res.YAML)
	}
	if _, err := tfplan.Import(iamdump.Source{Name: "state.json", Data: data}, tfplan.Options{Before: true}); err == nil || !strings.Contains(err.Error(), "--before needs a plan") {
		t.Errorf("--before on a state: %v", err)
	}
}

// TestUnknownMaxDuration: an unknown max_session_duration is imported as
// 3600 with one note of the plan's (not import aws's list-roles advice).
func TestUnknownMaxDuration(t *testing.T) {
	data := plan(role(`"assume_role_policy":`+trust), `{"address":"aws_iam_role.r","mode":"managed","change":{"actions":["create"],"after_unknown":{"max_session_duration":true}}}`)
	res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: data}, tfplan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, "max_session_duration is unknown until apply: imported as 3600") {
		t.Errorf("notes: %+v", res.Notes)
	}
	if !strings.Contains(string(res.YAML), "max_session_duration: 3600") {
		t.Errorf("world:\n%s", res.YAML)
	}
}

// TestUnknownBoundary: a permissions boundary unknown until apply is not
// left out (the world would grant more than AWS will): the role gets a
// placeholder inline policy that denies everything, noted.
func TestUnknownBoundary(t *testing.T) {
	data := plan(role(`"assume_role_policy":`+trust), `{"address":"aws_iam_role.r","mode":"managed","change":{"actions":["create"],"after_unknown":{"permissions_boundary":true}}}`)
	res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: data}, tfplan.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0].Message, "permissions boundary is unknown until apply: imported as a placeholder inline policy that denies everything") {
		t.Errorf("notes: %+v", res.Notes)
	}
	world := string(res.YAML)
	for _, want := range []string{"placeholder-unknown-boundary", tfplan.PlaceholderSid, "PLACEHOLDER: the permissions boundary of aws_iam_role.r"} {
		if !strings.Contains(world, want) {
			t.Errorf("the world lacks %q:\n%s", want, world)
		}
	}
}

// TestUnknownNeverGrantsMore: whatever is unknown until apply and could
// carry a Deny (the managed policies a role attaches, an attachment's
// policy, a user's groups) is imported as a placeholder that denies
// everything, and an inline policy whose name is unknown keeps its
// statements.
func TestUnknownNeverGrantsMore(t *testing.T) {
	user := `{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","values":{"arn":"arn:aws:iam::111111111111:user/u","name":"u","path":"/"}}`
	tests := []struct {
		name, resources, changes string
		want                     []string
	}{
		{name: "managed_policy_arns", resources: role(`"assume_role_policy":` + trust),
			changes: `{"address":"aws_iam_role.r","mode":"managed","change":{"actions":["create"],"after_unknown":{"managed_policy_arns":true}}}`,
			want:    []string{"placeholder-unknown-managed-policies", "PLACEHOLDER: managed_policy_arns of aws_iam_role.r"}},
		{name: "inline block name", resources: role(`"assume_role_policy":` + trust + `,"inline_policy":[{"policy":"{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}]`),
			changes: `{"address":"aws_iam_role.r","mode":"managed","change":{"actions":["create"],"after_unknown":{"inline_policy":[{"name":true}]}}}`,
			want:    []string{"unknown-name-0", "Deny"}},
		{name: "attachment", resources: role(`"assume_role_policy":`+trust) + `,{"address":"aws_iam_role_policy_attachment.a","mode":"managed","type":"aws_iam_role_policy_attachment","name":"a","values":{"role":"r"}}`,
			changes: `{"address":"aws_iam_role_policy_attachment.a","mode":"managed","change":{"actions":["create"],"after_unknown":{"policy_arn":true}}}`,
			want:    []string{"placeholder-unknown-attachment-1", "PLACEHOLDER: the policy aws_iam_role_policy_attachment.a attaches"}},
		{name: "user groups", resources: user + `,{"address":"aws_iam_user_group_membership.m","mode":"managed","type":"aws_iam_user_group_membership","name":"m","values":{"user":"u"}}`,
			changes: `{"address":"aws_iam_user_group_membership.m","mode":"managed","change":{"actions":["create"],"after_unknown":{"groups":true}}}`,
			want:    []string{"placeholder-unknown-groups"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: plan(tt.resources, tt.changes)}, tfplan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			world := string(res.YAML)
			for _, want := range tt.want {
				if !strings.Contains(world, want) {
					t.Errorf("the world lacks %q:\n%s", want, world)
				}
			}
		})
	}
}

// TestReadBeforeChange: a role's inline_policy and managed_policy_arns are
// read from AWS before the change, so they list what the plan's own
// resources manage: an aws_iam_role_policy of the same name gives the
// document (no duplicate), and an attachment or inline policy the plan
// deletes is left out, with or without --over.
func TestReadBeforeChange(t *testing.T) {
	const deny = `"{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}]}"`
	const allow = `"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"`
	tests := []struct {
		name, reason, resources, changes string
		want, lack                       []string
	}{
		{name: "inline replaced", reason: "the aws_iam_role_policy's document is the one apply leaves",
			resources: role(`"max_session_duration":3600,"assume_role_policy":`+trust+`,"inline_policy":[{"name":"p","policy":`+allow+`}]`) +
				`,{"address":"aws_iam_role_policy.p","mode":"managed","type":"aws_iam_role_policy","name":"p","values":{"role":"r","name":"p","policy":` + deny + `}}`,
			want: []string{"Action: s3:PutObject"}, lack: []string{"s3:GetObject"}},
		{name: "attachment deleted", reason: "managed_policy_arns still lists the policy the plan detaches",
			resources: role(`"max_session_duration":3600,"assume_role_policy":` + trust + `,"managed_policy_arns":["arn:aws:iam::aws:policy/ReadOnlyAccess"]`),
			changes:   `{"address":"aws_iam_role_policy_attachment.ro","mode":"managed","type":"aws_iam_role_policy_attachment","change":{"actions":["delete"],"before":{"role":"r","policy_arn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}}}`,
			want:      []string{"role r: the attachment of arn:aws:iam::aws:policy/ReadOnlyAccess is deleted by the plan: left out"}, lack: []string{"ReadOnlyAccess:", "- arn:aws:iam::aws:policy/ReadOnlyAccess"}},
		{name: "inline deleted", reason: "inline_policy still lists the inline policy the plan deletes",
			resources: role(`"max_session_duration":3600,"assume_role_policy":` + trust + `,"inline_policy":[{"name":"p","policy":` + allow + `}]`),
			changes:   `{"address":"aws_iam_role_policy.p","mode":"managed","type":"aws_iam_role_policy","change":{"actions":["delete"],"before":{"role":"r","name":"p","policy":` + allow + `}}}`,
			want:      []string{"role r: inline policy p is deleted by the plan: left out"}, lack: []string{"s3:GetObject"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: plan(tt.resources, tt.changes)}, tfplan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			world := string(res.YAML)
			for _, want := range tt.want {
				if !strings.Contains(world, want) {
					t.Errorf("%s: the world lacks %q:\n%s", tt.reason, want, world)
				}
			}
			for _, not := range tt.lack {
				if strings.Contains(world[strings.Index(world, "\nversion:"):], not) {
					t.Errorf("%s: the world has %q:\n%s", tt.reason, not, world)
				}
			}
		})
	}
}
