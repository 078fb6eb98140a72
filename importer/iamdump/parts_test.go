package iamdump_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
)

// TestLargeWorldInParts: a world larger than a scenario file may be (4 MiB)
// is written as a main file including part files, each under the limit,
// which load together with every entity; the same bytes twice.
func TestLargeWorldInParts(t *testing.T) {
	const policies = 480
	var list []any
	actions := make([]any, 230)
	for i := range actions {
		actions[i] = "s3:GetObjectVersion" + strconv.Itoa(1000+i)
	}
	for i := 0; i < policies; i++ {
		name := "P" + strconv.Itoa(i)
		list = append(list, map[string]any{"PolicyName": name, "Path": "/", "Arn": "arn:aws:iam::111111111111:policy/" + name,
			"PolicyVersionList": []any{map[string]any{"VersionId": "v1", "IsDefaultVersion": true,
				"Document": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": actions, "Resource": "*"}}}}}})
	}
	trust := json.RawMessage(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	dump, _ := json.Marshal(map[string]any{"Policies": list, "RoleDetailList": []any{map[string]any{
		"RoleName": "R", "Arn": "arn:aws:iam::111111111111:role/R", "AssumeRolePolicyDocument": trust, "MaxSessionDuration": 3600,
		"AttachedManagedPolicies": []any{map[string]any{"PolicyArn": "arn:aws:iam::111111111111:policy/P449"}}}}})
	srcs := []iamdump.Source{{Name: "d.json", Data: dump}}
	res, err := iamdump.Import(srcs, iamdump.Options{PartsDir: "w.parts"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Parts) < 2 {
		t.Fatalf("%d parts", len(res.Parts))
	}
	fsys := fstest.MapFS{"w.yaml": {Data: res.YAML}}
	total := len(res.YAML)
	for i, p := range res.Parts {
		if want := "w.parts/part-00" + strconv.Itoa(i+1) + ".yaml"; p.Name != want {
			t.Errorf("part %d is %s, want %s", i, p.Name, want)
		}
		if len(p.Data) > scenario.MaxFileSize {
			t.Errorf("%s: %d bytes", p.Name, len(p.Data))
		}
		if !strings.Contains(string(res.YAML), "\n  - "+p.Name+"\n") {
			t.Errorf("the main file does not include %s", p.Name)
		}
		fsys[p.Name] = &fstest.MapFile{Data: p.Data}
		total += len(p.Data)
	}
	if total <= scenario.MaxFileSize {
		t.Fatalf("the test world is only %d bytes", total)
	}
	sc, err := scenario.LoadFS(fsys, "w.yaml")
	if err != nil {
		t.Fatalf("the parts do not load: %v", err)
	}
	if n := len(sc.Accounts); n != 1 {
		t.Fatalf("%d accounts", n)
	}
	if n := len(sc.Accounts[0].Policies); n != policies {
		t.Errorf("%d policies loaded, want %d", n, policies)
	}
	if n := len(sc.Accounts[0].Roles); n != 1 || len(sc.Accounts[0].Roles[0].ManagedPolicies) != 1 {
		t.Errorf("role not loaded with its policy")
	}
	again, err := iamdump.Import(srcs, iamdump.Options{PartsDir: "w.parts"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range res.Parts {
		if !bytes.Equal(res.Parts[i].Data, again.Parts[i].Data) {
			t.Errorf("part %d differs on a second import", i)
		}
	}
}
