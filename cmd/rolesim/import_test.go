package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
)

const importOrg = "../../importer/iamdump/testdata/org"

func TestImportAWS(t *testing.T) {
	out := filepath.Join(t.TempDir(), "world.yaml")
	inv := invoke(t, []string{"import", "aws", importOrg, "-o", out, "--name", "org"})
	if inv.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", inv.code, inv.stderr)
	}
	if inv.stdout != "" {
		t.Errorf("with -o, stdout has %q", inv.stdout)
	}
	for _, want := range []string{
		"not imported: " + importOrg + "/dev-auth.json: $.RoleDetailList[0].AssumeRolePolicyDocument: role Developer: the trust policy names AROADELETEDROLEXAMPLE",
		"warning: " + importOrg + "/prod-auth-page2.json: $.RoleDetailList[1]: role BreakGlass: MaxSessionDuration is in neither",
		"imported 3 account(s): 111111111111, 222222222222, 333333333333 (7 note(s))\n",
	} {
		if !strings.Contains(inv.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, inv.stderr)
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenario.Parse(out, data); err != nil {
		t.Fatalf("the world written does not load: %v", err)
	}
	if !strings.Contains(string(data), "\nname: org\n") {
		t.Error("--name is not the scenario's name")
	}
	// The same import to stdout gives the same bytes; graph runs on it.
	again := invoke(t, []string{"import", "aws", importOrg, "--name", "org"})
	if again.code != exitOK || again.stdout != string(data) {
		t.Errorf("import to stdout: exit %d, same bytes %v", again.code, again.stdout == string(data))
	}
	g := invoke(t, []string{"graph", out})
	if g.code != exitOK || !strings.Contains(g.stdout, "flowchart") {
		t.Errorf("graph on the imported world: exit %d\n%s%s", g.code, g.stdout, g.stderr)
	}
}

func TestWriteImportParts(t *testing.T) {
	dir := t.TempDir()
	res := &iamdump.Result{YAML: []byte("main\n"), Parts: []iamdump.File{{Name: "world.parts/part-001.yaml", Data: []byte("one\n")}, {Name: "world.parts/part-002.yaml", Data: []byte("two\n")}}}
	a := newApp(io.Discard, io.Discard, nil)
	out := filepath.Join(dir, "world.yaml")
	if got := partsDir(out); got != "world.parts" {
		t.Errorf("partsDir(%s) = %s", out, got)
	}
	if err := a.writeImport(out, res); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"world.yaml": "main\n", "world.parts/part-001.yaml": "one\n", "world.parts/part-002.yaml": "two\n"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	if err := a.writeImport("", res); err == nil || !strings.Contains(err.Error(), "give -o FILE to write it in 2 parts") {
		t.Errorf("parts to stdout: %v", err)
	}
}

func TestImportAWSBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "dump.json")
	if err := os.WriteFile(bad, []byte(`{"RoleDetailList": [{"RoleName": "A", "Arn": "arn:aws:iam::111111111111:role/A", "AssumeRolePolicyDocument": 3}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		args         []string
		stderr       string
	}{
		{"bad-document", "the file and the JSON path are named",
			[]string{"import", "aws", bad},
			"rolesim: " + filepath.ToSlash(bad) + ": $.RoleDetailList[0].AssumeRolePolicyDocument: not a policy document: expected an object or a string, got number\n"},
		{"missing", "an unreadable path",
			[]string{"import", "aws", filepath.Join(dir, "nope.json")},
			"no such file or directory"},
		{"empty-dir", "a directory with no JSON file",
			[]string{"import", "aws", t.TempDir()},
			"no *.json file in the directory"},
		{"no-args", "a file or directory is required",
			[]string{"import", "aws"},
			"rolesim: requires at least 1 arg(s), only received 0"},
		{"bad-name", "the scenario name is checked",
			[]string{"import", "aws", importOrg, "--name", "a b"},
			`rolesim: scenario name "a b": may contain only letters, digits and ._-`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := invoke(t, tt.args)
			if inv.code != exitBadInput {
				t.Errorf("%s: exit %d, want %d", tt.reason, inv.code, exitBadInput)
			}
			if !strings.Contains(inv.stderr, tt.stderr) {
				t.Errorf("%s: stderr %q lacks %q", tt.reason, inv.stderr, tt.stderr)
			}
			if inv.stdout != "" {
				t.Errorf("stdout has %q", inv.stdout)
			}
		})
	}
}
