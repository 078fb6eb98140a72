package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// TestAddRolesimTool checks the go.mod edit of rolesim init: the tool
// directive added once, the go line raised to 1.24 only when older, a
// requirement only when the version is known and the file has none, and
// rolesim's own go.mod and unreadable ones left alone.
func TestAddRolesimTool(t *testing.T) {
	tests := []struct {
		name, reason string
		in, version  string
		want         string // "" for unchanged
		edit         goModEdit
		err          string
	}{
		{
			name: "plain", reason: "a fresh module gets the tool directive",
			in:   "module example.com/iam\n\ngo 1.25.0\n",
			want: "module example.com/iam\n\ngo 1.25.0\n\ntool github.com/rolesim/rolesim/cmd/rolesim\n",
			edit: goModEdit{Tool: true},
		},
		{
			name: "old go", reason: "tool directives need go 1.24, so an older go line is raised",
			in:   "module example.com/iam\n\ngo 1.21 // old\n\nrequire github.com/rolesim/rolesim v0.3.0\n",
			want: "module example.com/iam\n\ngo 1.24\n\nrequire github.com/rolesim/rolesim v0.3.0\n\ntool github.com/rolesim/rolesim/cmd/rolesim\n",
			edit: goModEdit{Tool: true, Go: "1.21"},
		},
		{
			name: "no go line", reason: "a go.mod without a go line is go 1.16 and gets one",
			in:   "module example.com/iam\n",
			want: "module example.com/iam\n\ngo 1.24\n\ntool github.com/rolesim/rolesim/cmd/rolesim\n",
			edit: goModEdit{Tool: true, Go: "none (1.16)"},
		},
		{
			name: "known version", reason: "a released rolesim requires itself, so go mod tidy need not look it up",
			in: "module example.com/iam\n\ngo 1.24\n", version: "v0.4.1",
			want: "module example.com/iam\n\ngo 1.24\n\nrequire github.com/rolesim/rolesim v0.4.1\n\ntool github.com/rolesim/rolesim/cmd/rolesim\n",
			edit: goModEdit{Tool: true, Require: true},
		},
		{
			name: "already required", reason: "a module that requires rolesim in a block keeps its version",
			in: "module example.com/iam\n\ngo 1.24\n\nrequire (\n\tgithub.com/rolesim/rolesim v0.3.0 // indirect\n)\n", version: "v0.4.1",
			want: "module example.com/iam\n\ngo 1.24\n\nrequire (\n\tgithub.com/rolesim/rolesim v0.3.0 // indirect\n)\n\ntool github.com/rolesim/rolesim/cmd/rolesim\n",
			edit: goModEdit{Tool: true},
		},
		{
			name: "tool present", reason: "a second init does not add the directive twice",
			in: "module example.com/iam\n\ngo 1.24\n\ntool (\n\texample.com/gen\n\tgithub.com/rolesim/rolesim/cmd/rolesim\n)\n",
		},
		{
			name: "tool line present", reason: "a single-line tool directive counts too",
			in: "module example.com/iam\n\ngo 1.24\n\ntool github.com/rolesim/rolesim/cmd/rolesim\n",
		},
		{
			name: "rolesim itself", reason: "rolesim's own module builds the command as it is",
			in:   "module github.com/rolesim/rolesim\n\ngo 1.24\n",
			edit: goModEdit{Own: true},
		},
		{
			name: "no module", reason: "a go.mod without a module line is refused with a position",
			in: "go 1.24\n", err: "go.mod:1:1: no module directive",
		},
		{
			name: "bad go", reason: "an unreadable go version is refused at its line",
			in: "module example.com/iam\n\ngo one\n", err: `go.mod:3:1: go directive "one": not a Go version`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, edit, err := addRolesimTool("go.mod", []byte(tt.in), tt.version)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("%s: error %v, want %q", tt.reason, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			want := tt.want
			if want == "" {
				want = tt.in
			}
			if d := cmp.Diff(want, string(got)); d != "" {
				t.Errorf("%s: go.mod (-want +got):\n%s", tt.reason, d)
			}
			if edit != tt.edit {
				t.Errorf("%s: edit %+v, want %+v", tt.reason, edit, tt.edit)
			}
		})
	}
}

// TestModuleVersion checks which build versions init writes into a
// require directive.
func TestModuleVersion(t *testing.T) {
	for v, want := range map[string]string{
		"v0.4.1": "v0.4.1", "v0.0.0-20261203113822-eeb16725f2c3": "v0.0.0-20261203113822-eeb16725f2c3",
		"(devel)": "", "v0.4.2-0.20261203113822-eeb16725f2c3+dirty": "", "": "",
	} {
		if got := moduleVersion(v); got != want {
			t.Errorf("moduleVersion(%q) = %q, want %q", v, got, want)
		}
	}
}

// TestInitOtherModule scaffolds into a module of its own, as a user of
// rolesim would, and checks the whole setup offline: the schema written
// beside the scenario and named by its modeline, the tool directive in
// go.mod, and that after go mod tidy the tool directive and the command's
// requirements remain, go test of the scaffolded package passes and go tool
// rolesim runs. The module replaces rolesim with this checkout, and the go
// command may use only its module cache (GOPROXY=off).
func TestInitOtherModule(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	gomod := filepath.Join(mod, "go.mod")
	if err := os.WriteFile(gomod, []byte("module example.com/iam\n\ngo 1.22\n\nreplace github.com/rolesim/rolesim => "+root+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(mod, "iam", "scenarios")
	got := invoke(t, []string{"init", dir})
	if got.code != exitOK {
		t.Fatalf("init: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	for _, w := range []string{
		"created " + filepath.Join(dir, schemaFile) + "\n",
		"updated " + gomod + ": tool github.com/rolesim/rolesim/cmd/rolesim (go tool rolesim runs it); go 1.24, was 1.22 (tool directives need it)\n",
		"next: go mod tidy && cd " + shellQuote(dir) + " && go test .\n",
	} {
		if !strings.Contains(got.stdout, w) {
			t.Errorf("init output lacks %q:\n%s", w, got.stdout)
		}
	}

	starter, err := os.ReadFile(filepath.Join(dir, starterFile))
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(string(starter), "\n"); first != "# yaml-language-server: $schema=./rolesim.schema.json" {
		t.Errorf("starter.yaml's modeline is %q; it must name the schema beside it", first)
	}
	schema, err := os.ReadFile(filepath.Join(dir, schemaFile))
	if err != nil || string(schema) != string(scenario.JSONSchema()) {
		t.Errorf("%s is not rolesim schema's output (%v)", schemaFile, err)
	}

	goCmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOSUMDB=off", "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	// go mod tidy reads the go.mod of every module in the build list, test
	// dependencies included, which go test ./... here never downloads: fill
	// the module cache first (go mod download all, which records sums, on a
	// copy of this checkout's go.mod and go.sum so that they stay as they are).
	sums := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sums, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fill := exec.Command("go", "mod", "download", "-modfile="+filepath.Join(sums, "go.mod"), "all")
	fill.Dir = root
	if out, err := fill.CombinedOutput(); err != nil {
		t.Fatalf("go mod download all: %v\n%s", err, out)
	}
	goCmd("mod", "tidy")
	tidied, err := os.ReadFile(gomod)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"\ngo 1.24\n", "\ntool github.com/rolesim/rolesim/cmd/rolesim\n", "github.com/rolesim/rolesim v", "github.com/spf13/cobra v"} {
		if !strings.Contains(string(tidied), w) {
			t.Errorf("after go mod tidy, go.mod lacks %q (the tool directive keeps the command's requirements):\n%s", w, tidied)
		}
	}
	if out := goCmd("test", "./iam/scenarios"); !strings.Contains(out, "ok  \texample.com/iam/iam/scenarios") {
		t.Errorf("go test of the scaffolded package:\n%s", out)
	}
	if out := goCmd("tool", "rolesim", "validate", "iam/scenarios/starter.yaml"); !strings.Contains(out, "ok iam/scenarios/starter.yaml") {
		t.Errorf("go tool rolesim validate:\n%s", out)
	}

	again := invoke(t, []string{"init", "--force", dir})
	if again.code != exitOK || strings.Contains(again.stdout, "updated ") {
		t.Errorf("a second init changed go.mod again: exit %d\n%s%s", again.code, again.stdout, again.stderr)
	}
	if after, _ := os.ReadFile(gomod); string(after) != string(tidied) {
		t.Errorf("a second init changed go.mod:\n%s", after)
	}
}

// TestInitBadGoMod checks that an unreadable go.mod is reported with its
// position and nothing is written.
func TestInitBadGoMod(t *testing.T) {
	mod := t.TempDir()
	gomod := filepath.Join(mod, "go.mod")
	if err := os.WriteFile(gomod, []byte("go 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(mod, "scenarios")
	got := invoke(t, []string{"init", dir})
	if got.code != exitBadInput || !strings.Contains(got.stderr, gomod+":1:1: no module directive") {
		t.Errorf("init with a go.mod without module: exit %d, stderr %q", got.code, got.stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("init wrote %d files despite the bad go.mod", len(entries))
	}
}
