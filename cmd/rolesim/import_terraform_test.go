package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

const importPlan = "../../importer/tfplan/testdata/twoaccount/plan.json"

func TestImportTerraform(t *testing.T) {
	dir := t.TempDir()
	after, before := filepath.Join(dir, "after.yaml"), filepath.Join(dir, "before.yaml")
	inv := invoke(t, []string{"import", "terraform", importPlan, "-o", after})
	if inv.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", inv.code, inv.stderr)
	}
	for _, want := range []string{
		"not imported: " + importPlan + ": module.workload.aws_iam_role_policy_attachment.deploy_readonly: role deploy: attached policy arn:aws:iam::aws:policy/ReadOnlyAccess is not in the input",
		"warning: " + importPlan + ": module.workload.aws_iam_role_policy_attachment.deploy_cfn: role deploy: policy_arn is unknown until apply",
		"imported 2 account(s): 111111111111, 222222222222 (3 note(s))\n",
	} {
		if !strings.Contains(inv.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, inv.stderr)
		}
	}
	if b := invoke(t, []string{"import", "terraform", importPlan, "--before", "-o", before}); b.code != exitOK {
		t.Fatalf("--before: exit %d, stderr:\n%s", b.code, b.stderr)
	}
	for _, p := range []string{after, before} {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := scenario.Parse(p, data); err != nil {
			t.Fatalf("%s does not load: %v", p, err)
		}
		if g := invoke(t, []string{"graph", p}); g.code != exitOK || !strings.Contains(g.stdout, "flowchart") {
			t.Errorf("graph on %s: exit %d\n%s%s", p, g.code, g.stdout, g.stderr)
		}
	}
	a, _ := os.ReadFile(after)
	b, _ := os.ReadFile(before)
	if !strings.Contains(string(a), "name: github-ci") || strings.Contains(string(b), "name: github-ci") {
		t.Error("the role the plan creates should be in the after world only")
	}
}

// TestImportTerraformAccount: a plan whose resources are all new names no
// account; --account gives it (for all, or per module), and without it
// the import fails naming the resource.
func TestImportTerraformAccount(t *testing.T) {
	plan := filepath.Join(t.TempDir(), "plan.json")
	data := `{"format_version":"1.2","planned_values":{"root_module":{"child_modules":[{"address":"module.app","resources":[
	{"address":"module.app.aws_iam_role.app","mode":"managed","type":"aws_iam_role","name":"app","values":{"name":"app","path":"/","max_session_duration":3600,
	"assume_role_policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}}]}]}},
	"resource_changes":[{"address":"module.app.aws_iam_role.app","mode":"managed","change":{"actions":["create"],"after_unknown":{"arn":true,"id":true}}}]}`
	if err := os.WriteFile(plan, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, reason string
		args         []string
		code         int
		stderr       string
	}{
		{"none", "no ARN and no flag: an error naming the resource and the flag", nil, exitBadInput,
			"$.planned_values.root_module.child_modules[0].resources[0]: module.app.aws_iam_role.app: its account is not known (no ARN of the plan names one for module.app): give --account ID (or --account module.app=ID)"},
		{"default", "--account ID places every resource", []string{"--account", "444444444444"}, exitOK, "imported 1 account(s): 444444444444"},
		{"module", "--account MODULE=ID places the module's", []string{"--account", "module.app=555555555555"}, exitOK, "imported 1 account(s): 555555555555"},
		{"bad", "an id that is not 12 digits is refused", []string{"--account", "module.app=12"}, exitBadInput, "not a 12-digit account id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := invoke(t, append([]string{"import", "terraform", plan}, tc.args...))
			if inv.code != tc.code || !strings.Contains(inv.stderr, tc.stderr) {
				t.Errorf("%s: exit %d (want %d), stderr lacks %q:\n%s", tc.reason, inv.code, tc.code, tc.stderr, inv.stderr)
			}
		})
	}
}

// TestImportTerraformOver: --over lays the plan over an IAM snapshot
// directory; the world loads, its header says what came from where, and
// a snapshot that cannot be read is bad input naming --over.
func TestImportTerraformOver(t *testing.T) {
	const dir = "../../importer/tfplan/testdata/over"
	out := filepath.Join(t.TempDir(), "world.yaml")
	inv := invoke(t, []string{"import", "terraform", dir + "/plan.json", "--over", dir + "/snapshot", "-o", out})
	if inv.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", inv.code, inv.stderr)
	}
	if want := "module.workload.aws_iam_role.old_admin: role old-admin of account 222222222222: the plan deletes it: removed from the snapshot's world"; !strings.Contains(inv.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, inv.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenario.Parse(out, data); err != nil {
		t.Fatalf("the world does not load: %v", err)
	}
	for _, want := range []string{"# Laid over an IAM snapshot (--over)", "over " + dir + "/snapshot/workload-auth.json $.RoleDetailList[2])", "# from " + dir + "/snapshot/identity-auth.json $.UserDetailList[0]"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("the world lacks %q", want)
		}
	}
	bad := invoke(t, []string{"import", "terraform", dir + "/plan.json", "--over", dir + "/no-such-dir"})
	if bad.code != exitBadInput || !strings.Contains(bad.stderr, "rolesim: --over: ") {
		t.Errorf("a missing snapshot: exit %d, stderr:\n%s", bad.code, bad.stderr)
	}
}
