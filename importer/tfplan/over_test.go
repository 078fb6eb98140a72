package tfplan_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// snapshot reads testdata/over/snapshot (a Snapshot serves one import).
func snapshot(t *testing.T) ([]iamdump.Source, *iamdump.Snapshot) {
	t.Helper()
	paths, _ := filepath.Glob("testdata/over/snapshot/*.json")
	if len(paths) == 0 {
		t.Fatal("no testdata/over/snapshot/*.json")
	}
	var srcs []iamdump.Source
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, iamdump.Source{Name: "snapshot/" + filepath.Base(p), Data: data})
	}
	s, err := iamdump.ReadSnapshot(srcs)
	if err != nil {
		t.Fatal(err)
	}
	return srcs, s
}

func importOver(t *testing.T) *iamdump.Result {
	t.Helper()
	_, s := snapshot(t)
	res, err := tfplan.Import(readPlan(t, "over"), tfplan.Options{Over: s})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestOver lays testdata/over/plan.json over its snapshot and compares the
// world with testdata/golden/over.yaml (-update rewrites it): the plan's
// role replaces the snapshot's (keeping the snapshot's inline policy the
// plan does not manage, and its RoleId), the role and attachment the plan
// deletes are gone, the snapshot's entities the plan does not manage stay,
// and the header says where each came from. The world loads, and a second
// import gives the same bytes.
func TestOver(t *testing.T) {
	res := importOver(t)
	golden := filepath.Join("testdata", "golden", "over.yaml")
	if *update {
		if err := os.WriteFile(golden, res.YAML, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, res.YAML) {
		t.Errorf("the import differs from %s (go test -update rewrites it; review the diff):\n%s", golden, res.YAML)
	}
	sc, err := scenario.Parse(golden, res.YAML)
	if err != nil {
		t.Fatalf("the world does not load: %v", err)
	}
	if _, err := sim.NewWorld(sc); err != nil {
		t.Fatalf("sim.NewWorld: %v", err)
	}
	if again := importOver(t); !bytes.Equal(again.YAML, res.YAML) {
		t.Error("a second import gives other bytes")
	}
	world := string(res.YAML)
	for _, want := range []string{
		"# From the plan, replacing the snapshot's (2):\n#   policy arn:aws:iam::111111111111:policy/AssumeAny (aws_iam_policy.assume_any, over snapshot/identity-auth.json $.Policies[0])\n" +
			"#   role arn:aws:iam::222222222222:role/deploy (module.workload.aws_iam_role.deploy, over snapshot/workload-auth.json $.RoleDetailList[2])\n",
		"# From the plan, not in the snapshot (2):\n#   organization policy no-breakglass (aws_organizations_policy.no_breakglass)\n#   role arn:aws:iam::222222222222:role/ci (module.workload.aws_iam_role.ci)\n",
		"# Removed from the snapshot, deleted by the plan (2):\n#   role old-admin of account 222222222222 (module.workload.aws_iam_role.old_admin)\n",
		"# from plan.json module.workload.aws_iam_role.deploy; RoleId AROAEXAMPLEDEPLOY0001\n      - name: deploy\n        max_session_duration: 7200",
		"# from snapshot/workload-auth.json $.RoleDetailList[2], which the plan does not manage\n          keep-the-buckets:",
		"# from snapshot/identity-auth.json $.UserDetailList[0]; UserId AIDAEXAMPLEALICE00001\n      - name: alice",
		"# from snapshot/identity-auth.json $.UserDetailList[1]; UserId AIDAEXAMPLEBOB0000001\n      - name: bob\n    policies:",
	} {
		if !strings.Contains(world, want) {
			t.Errorf("the world lacks %q", want)
		}
	}
	if strings.Contains(world, "old-admin\n") || strings.Contains(world, "name: old-admin") {
		t.Error("the role the plan deletes is in the world")
	}
}

// TestOverSnapshotAlone: the snapshot imported alone holds what the plan
// changes, so TestOver's differences are the plan's.
func TestOverSnapshotAlone(t *testing.T) {
	srcs, _ := snapshot(t)
	res, err := iamdump.Import(srcs, iamdump.Options{})
	if err != nil {
		t.Fatal(err)
	}
	world := string(res.YAML)
	for _, want := range []string{"name: old-admin", "managed_policies:\n          - AssumeAny", "AROAEXAMPLEDEPLOY0001\n      - name: deploy\n        max_session_duration: 3600"} {
		if !strings.Contains(world, want) {
			t.Errorf("the snapshot's world lacks %q:\n%s", want, world)
		}
	}
	if strings.Contains(world, "no-breakglass") {
		t.Error("the snapshot has the plan's SCP")
	}
}

// TestOverRules: the rules of laying a plan over a snapshot, each on a
// small plan over testdata/over/snapshot.
func TestOverRules(t *testing.T) {
	roleOf := func(name, acct string, extra string) string {
		return `{"address":"aws_iam_role.` + name + `","mode":"managed","type":"aws_iam_role","name":"` + name + `","values":{"arn":"arn:aws:iam::` + acct + `:role/` + name + `","name":"` + name + `","path":"/","max_session_duration":3600,"assume_role_policy":` + trust + extra + `}}`
	}
	tests := []struct {
		name, reason string
		data         []byte
		opts         tfplan.Options
		world, lack  []string
		err          string
	}{
		{name: "plan inline replaces", reason: "an inline policy of the same name is the plan's",
			data:  plan(roleOf("deploy", "222222222222", `,"inline_policy":[{"name":"keep-the-buckets","policy":"{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}]}"}]`), ""),
			world: []string{"Action: s3:PutObject"}, lack: []string{"s3:DeleteBucket"}},
		{name: "delete unknown", reason: "a deletion the snapshot does not hold is noted",
			data:  plan(roleOf("deploy", "222222222222", ""), `{"address":"aws_iam_role.gone","mode":"managed","type":"aws_iam_role","change":{"actions":["delete"],"before":{"arn":"arn:aws:iam::222222222222:role/gone","name":"gone"}}}`),
			world: []string{"plan.json: aws_iam_role.gone: role gone of account 222222222222: the plan deletes it, and the snapshot does not hold it"}},
		{name: "replace is not a delete", reason: "a replaced resource (delete and create) is in the planned values",
			data:  plan(roleOf("old-admin", "222222222222", ""), `{"address":"aws_iam_role.old-admin","mode":"managed","type":"aws_iam_role","change":{"actions":["delete","create"],"before":{"arn":"arn:aws:iam::222222222222:role/old-admin","name":"old-admin"}}}`),
			world: []string{"name: old-admin"}},
		{name: "other organization", reason: "a plan's organization must be the snapshot's",
			data: orgPlan("", "", ""),
			err:  "the plan's organization o-abcdefghij is not the snapshot's (o-exampleorg1"},
		{name: "before", reason: "--before is the snapshot's world already", data: plan(roleOf("deploy", "222222222222", ""), ""), opts: tfplan.Options{Before: true},
			err: "--before and --over"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, s := snapshot(t)
			tt.opts.Over = s
			res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: tt.data}, tt.opts)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("%s: want an error with %q, got %v", tt.reason, tt.err, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			world := string(res.YAML)
			for _, want := range tt.world {
				if !strings.Contains(world, want) {
					t.Errorf("%s: the world lacks %q:\n%s", tt.reason, want, world)
				}
			}
			for _, not := range tt.lack {
				if strings.Contains(world, not) {
					t.Errorf("%s: the world has %q:\n%s", tt.reason, not, world)
				}
			}
		})
	}
}

// TestOverAWSManaged: an AWS managed policy the plan attaches is imported
// by reference when the snapshot holds its document (the dump of an
// account that uses it), and as the placeholder that denies everything
// when it does not.
func TestOverAWSManaged(t *testing.T) {
	const doc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]}`
	managed := iamdump.Source{Name: "snapshot/aws-managed.json", Data: []byte(`{"Policies":[{"PolicyName":"ReadOnlyAccess","Arn":"arn:aws:iam::aws:policy/ReadOnlyAccess","Path":"/","DefaultVersionId":"v1",` +
		`"PolicyVersionList":[{"Document":` + doc + `,"VersionId":"v1","IsDefaultVersion":true}]}]}`)}
	data := plan(`{"address":"aws_iam_role.deploy","mode":"managed","type":"aws_iam_role","name":"deploy","values":{"arn":"arn:aws:iam::222222222222:role/deploy","name":"deploy","path":"/","max_session_duration":3600,"assume_role_policy":`+trust+`,"managed_policy_arns":["arn:aws:iam::aws:policy/ReadOnlyAccess"]}}`, "")
	srcs, _ := snapshot(t)
	for _, tc := range []struct {
		name       string
		srcs       []iamdump.Source
		want, lack string
	}{
		{"held", append(srcs, managed), "managed_policies:\n          - arn:aws:iam::aws:policy/ReadOnlyAccess", "placeholder-aws-managed-ReadOnlyAccess"},
		{"not held", srcs, "placeholder-aws-managed-ReadOnlyAccess:", "- arn:aws:iam::aws:policy/ReadOnlyAccess"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := iamdump.ReadSnapshot(tc.srcs)
			if err != nil {
				t.Fatal(err)
			}
			res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: data}, tfplan.Options{Over: s})
			if err != nil {
				t.Fatal(err)
			}
			world := string(res.YAML)
			if !strings.Contains(world, tc.want) || strings.Contains(world, tc.lack) {
				t.Errorf("want %q and not %q:\n%s", tc.want, tc.lack, world)
			}
		})
	}
}
