package tfplan_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
	"github.com/rolesim/rolesim/scenario"
)

// overInput is a snapshot of n roles (1,000 an account, AWS's default
// quota being 1,000) and a plan that manages every tenth of them (new trust
// and duration), deletes another tenth and creates n/10.
func overInput(n int) ([]iamdump.Source, []byte) {
	trustDoc := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}}}
	inline := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}}}
	acct := func(i int) string { return strconv.Itoa(100000000000 + i/900) }
	var srcs []iamdump.Source
	var roles []any
	for i := 0; i < n; i++ {
		roles = append(roles, map[string]any{"RoleName": "role-" + strconv.Itoa(i), "Path": "/", "RoleId": "AROAEXAMPLE" + strconv.Itoa(100000+i),
			"Arn": "arn:aws:iam::" + acct(i) + ":role/role-" + strconv.Itoa(i), "AssumeRolePolicyDocument": trustDoc, "MaxSessionDuration": 3600,
			"RolePolicyList": []any{map[string]any{"PolicyName": "keep", "PolicyDocument": inline}}})
		if len(roles) == 900 || i == n-1 {
			auth, _ := json.Marshal(map[string]any{"RoleDetailList": roles})
			srcs = append(srcs, iamdump.Source{Name: acct(i) + "-auth.json", Data: auth})
			roles = nil
		}
	}
	t, _ := json.Marshal(trustDoc)
	var res, chs []any
	for i := 0; i < n; i += 10 {
		for _, name := range []string{"role-" + strconv.Itoa(i), "new-" + strconv.Itoa(i)} {
			res = append(res, map[string]any{"address": "aws_iam_role.r" + name, "mode": "managed", "type": "aws_iam_role", "name": "r",
				"values": map[string]any{"arn": "arn:aws:iam::" + acct(i) + ":role/" + name, "name": name, "path": "/", "max_session_duration": 7200, "assume_role_policy": string(t)}})
		}
		if i+1 < n {
			name := "role-" + strconv.Itoa(i+1)
			chs = append(chs, map[string]any{"address": "aws_iam_role.gone" + name, "mode": "managed", "type": "aws_iam_role",
				"change": map[string]any{"actions": []any{"delete"}, "before": map[string]any{"arn": "arn:aws:iam::" + acct(i) + ":role/" + name, "name": name}}})
		}
	}
	plan, _ := json.Marshal(map[string]any{"format_version": "1.2", "planned_values": map[string]any{"root_module": map[string]any{"resources": res}}, "resource_changes": chs})
	return srcs, plan
}

// BenchmarkImportOver lays a plan over a snapshot of 1,000 and 10,000
// roles (the bounds for a dump: under 1 s and 5 s), 900 an
// account so that the new roles fit AWS's quota of 1,000.
func BenchmarkImportOver(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		srcs, plan := overInput(n)
		b.Run(strconv.Itoa(n)+"-roles", func(b *testing.B) {
			for b.Loop() {
				s, err := iamdump.ReadSnapshot(srcs)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: plan}, tfplan.Options{Over: s}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestOverInputSize: the benchmark's input is what it says: the world
// holds n - n/10 + n/10 roles.
func TestOverInputSize(t *testing.T) {
	srcs, plan := overInput(100)
	s, err := iamdump.ReadSnapshot(srcs)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: plan}, tfplan.Options{Over: s})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("world.yaml", res.YAML)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(sc.Accounts[0].Roles); got != 100 {
		t.Errorf("roles: got %d, want 100 (90 of the snapshot's, 10 new)", got)
	}
}
