package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// TestJUnit checks the JUnit report: its golden text, and its structure as
// a CI system reads it (one suite per scenario, one case per step, failures
// with the step's position, problems and trace).
func TestJUnit(t *testing.T) {
	got := invoke(t, []string{"run", "--format", "junit", passFile, failFile})
	if got.code != exitFailed {
		t.Errorf("exit status %d, want %d; stderr:\n%s", got.code, exitFailed, got.stderr)
	}
	path := filepath.Join("testdata", "run-junit.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test -update` to create it)", err)
	}
	if diff := cmp.Diff(string(want), got.stdout); diff != "" {
		t.Errorf("JUnit output differs from %s; review, then go test -update (-want +got):\n%s", path, diff)
	}

	var doc junitSuites
	if err := xml.Unmarshal([]byte(got.stdout), &doc); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	type suite struct {
		Name             string
		Tests, Failures  int
		Cases, FailedIDs []string
	}
	var suites []suite
	for _, s := range doc.Suites {
		su := suite{Name: s.Name, Tests: s.Tests, Failures: s.Failures}
		for _, c := range s.Cases {
			su.Cases = append(su.Cases, c.Name)
			if c.Failure != nil {
				su.FailedIDs = append(su.FailedIDs, c.Name)
				if !strings.Contains(c.Failure.Text, c.File+":") || c.Line == 0 {
					t.Errorf("failure of %s/%s does not point at its file:line (line %d): %s", s.Name, c.Name, c.Line, c.Failure.Text)
				}
			}
		}
		suites = append(suites, su)
	}
	wantSuites := []suite{
		{Name: "cli-pass", Tests: 5, Cases: []string{"deploy", "step-2", "step-3", "step-4", "expired"}},
		{Name: "cli-fail", Tests: 5, Failures: 4, Cases: []string{"developer", "chained", "read-artifacts", "step-4", "denied"}, FailedIDs: []string{"developer", "chained", "read-artifacts", "denied"}},
	}
	if d := cmp.Diff(wantSuites, suites); d != "" {
		t.Errorf("JUnit structure (-want +got):\n%s", d)
	}
	if doc.Tests != 10 || doc.Failures != 4 {
		t.Errorf("totals: %d tests, %d failures; want 10 and 4", doc.Tests, doc.Failures)
	}
}

// TestParallelOutputIdentical runs the examples with one and with four
// workers: the output must be byte-identical in every format.
func TestParallelOutputIdentical(t *testing.T) {
	golden := t.TempDir()
	if got := invoke(t, []string{"run", "--golden", golden, "--update"}); got.code != exitOK {
		t.Fatalf("writing goldens: exit %d\n%s", got.code, got.stderr)
	}
	for _, format := range []string{"text", "json", "junit"} {
		t.Run(format, func(t *testing.T) {
			var outs []string
			for _, p := range []string{"1", "4"} {
				got := invoke(t, []string{"run", "-v", "-p", p, "--format", format, "--golden", golden})
				if got.code != exitOK {
					t.Fatalf("-p %s: exit %d\n%s", p, got.code, got.stderr)
				}
				outs = append(outs, got.stdout)
			}
			if outs[0] != outs[1] {
				t.Errorf("-p 1 and -p 4 differ:\n%s", cmp.Diff(outs[0], outs[1]))
			}
			if len(outs[0]) < 1000 {
				t.Errorf("suspiciously short output: %q", outs[0])
			}
		})
	}
}

// scenarioFiles lists the files a text report names, in order.
func scenarioFiles(stdout string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^(?:PASS|FAIL) (\S+) \(`).FindAllStringSubmatch(stdout, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestShard checks that shards split the files deterministically: sorted
// by path, dealt round-robin, every file in exactly one shard.
func TestShard(t *testing.T) {
	all := scenarioFiles(invoke(t, []string{"run"}).stdout)
	if len(all) < 10 {
		t.Fatalf("only %d examples", len(all))
	}
	var union []string
	for i, spec := range []string{"1/3", "2/3", "3/3"} {
		got := invoke(t, []string{"run", "--shard", spec})
		if got.code != exitOK {
			t.Fatalf("--shard %s: exit %d\n%s", spec, got.code, got.stderr)
		}
		files := scenarioFiles(got.stdout)
		var want []string
		for k := i; k < len(all); k += 3 {
			want = append(want, all[k])
		}
		if d := cmp.Diff(want, files); d != "" {
			t.Errorf("--shard %s (-want +got):\n%s", spec, d)
		}
		if again := invoke(t, []string{"run", "--shard", spec}); again.stdout != got.stdout {
			t.Errorf("--shard %s is not deterministic", spec)
		}
		union = append(union, files...)
	}
	slices.Sort(union)
	if d := cmp.Diff(all, union); d != "" {
		t.Errorf("the shards together are not the whole set (-want +got):\n%s", d)
	}
	// Paths given in any order shard the same way.
	a := invoke(t, []string{"run", "--shard", "1/2", passFile, failFile})
	b := invoke(t, []string{"run", "--shard", "1/2", failFile, passFile})
	if a.stdout != b.stdout || !strings.Contains(a.stdout, failFile) || strings.Contains(a.stdout, passFile) {
		t.Errorf("--shard 1/2 of two files must run the first by path (%s) whatever the argument order:\n%s\n%s", failFile, a.stdout, b.stdout)
	}
	if empty := invoke(t, []string{"run", "--shard", "3/3", passFile}); empty.code != exitOK || !strings.Contains(empty.stdout, "0 scenarios") {
		t.Errorf("an empty shard passes with 0 scenarios; got exit %d:\n%s", empty.code, empty.stdout)
	}

	bad := []struct{ name, reason, spec string }{
		{"zero", "shards count from 1", "0/3"},
		{"past-n", "i may not exceed n", "4/3"},
		{"no-slash", "the form is i/n", "2"},
		{"words", "numbers only", "a/b"},
		{"zero-n", "there is at least one shard", "1/0"},
	}
	for _, tt := range bad {
		got := invoke(t, []string{"run", "--shard", tt.spec})
		if got.code != exitBadInput || !strings.Contains(got.stderr, "invalid shard") {
			t.Errorf("%s (%s): --shard %s gave exit %d, stderr %q", tt.name, tt.reason, tt.spec, got.code, got.stderr)
		}
	}
}

// TestGoldenFlag covers run --golden and --update, in every format.
func TestGoldenFlag(t *testing.T) {
	dir := t.TempDir()
	goldenPath := filepath.ToSlash(filepath.Join(dir, "cli-pass.golden"))
	steps := []struct {
		name, reason string
		args         []string
		code         int
		stdout       []string
	}{
		{"missing", "a missing golden file fails the scenario", []string{"run", "--golden", dir, passFile}, exitFailed,
			[]string{"FAIL golden trace " + goldenPath + " does not exist; write it with --update", "1 scenario, 0 passed, 1 failed"}},
		{"write", "--update writes it", []string{"run", "--golden", dir, "--update", passFile}, exitOK,
			[]string{"golden trace written: " + goldenPath}},
		{"match", "a matching file passes silently", []string{"run", "--golden", dir, passFile}, exitOK,
			[]string{"PASS " + passFile}},
		{"json", "JSON reports the check", []string{"run", "--format", "json", "--golden", dir, passFile}, exitOK,
			[]string{`"golden": {`, `"status": "ok"`}},
		{"junit", "JUnit has a testcase for it", []string{"run", "--format", "junit", "--golden", dir, passFile}, exitOK,
			[]string{`<testcase name="golden trace" classname="cli-pass"`}},
	}
	for _, st := range steps {
		got := invoke(t, st.args)
		if got.code != st.code {
			t.Errorf("%s: exit %d, want %d (%s)\n%s%s", st.name, got.code, st.code, st.reason, got.stdout, got.stderr)
		}
		for _, w := range st.stdout {
			if !strings.Contains(got.stdout, w) {
				t.Errorf("%s: output lacks %q (%s):\n%s", st.name, w, st.reason, got.stdout)
			}
		}
		if st.name == "match" && strings.Contains(got.stdout, "golden") {
			t.Errorf("a matching golden file should not be mentioned:\n%s", got.stdout)
		}
	}

	data, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(goldenPath, bytes.Replace(data, []byte("outcome: success"), []byte("outcome: denied"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	got := invoke(t, []string{"run", "--golden", dir, passFile})
	for _, w := range []string{"FAIL golden trace " + goldenPath + " differs (- golden, + actual)", "\n    - ", "  outcome: denied\n", "\n    +   outcome: success\n"} {
		if got.code != exitFailed || !strings.Contains(got.stdout, w) {
			t.Errorf("a changed golden file: exit %d, output lacks %q:\n%s", got.code, w, got.stdout)
		}
	}
	js := invoke(t, []string{"run", "--format", "json", "--golden", dir, passFile})
	var rep struct {
		Scenarios []struct {
			Passed bool `json:"passed"`
			Golden struct{ Status, Diff string }
		}
	}
	if err := json.Unmarshal([]byte(js.stdout), &rep); err != nil || len(rep.Scenarios) != 1 || rep.Scenarios[0].Passed || rep.Scenarios[0].Golden.Status != "differs" || rep.Scenarios[0].Golden.Diff == "" {
		t.Errorf("JSON of a changed golden file: %v %+v", err, rep)
	}

	if got := invoke(t, []string{"run", "--update", passFile}); got.code != exitBadInput || !strings.Contains(got.stderr, "--update rewrites golden traces and needs --golden DIR") {
		t.Errorf("--update without --golden: exit %d, stderr %q", got.code, got.stderr)
	}
	clash := t.TempDir()
	for _, f := range []string{"a.yaml", "b.yaml"} {
		data, _ := os.ReadFile(passFile)
		if err := os.WriteFile(filepath.Join(clash, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := invoke(t, []string{"run", "--golden", dir, clash}); got.code != exitBadInput || !strings.Contains(got.stderr, "scenario name cli-pass is also the name of") {
		t.Errorf("two scenarios of one name with --golden: exit %d, stderr %q", got.code, got.stderr)
	}
}

// TestGoldenSharedWithAssertions runs the CLI against a golden trace the Go
// assertions package wrote: the two share one format.
func TestGoldenSharedWithAssertions(t *testing.T) {
	got := invoke(t, []string{"run", "--golden", "../../assertions/testdata/golden", "../../assertions/testdata/scenarios/deploy-chain.yaml"})
	if got.code != exitOK {
		t.Errorf("the CLI does not accept the assertions package's golden trace: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
}

// TestProgress checks the progress line: on stderr, only on a terminal and
// only for several files, redrawn in place and erased at the end.
func TestProgress(t *testing.T) {
	stderrTerminal := func(a *app) {
		a.isTerminal = func(w io.Writer) bool { return w == a.stderr }
	}
	tests := []struct {
		name, reason string
		args         []string
		setup        []func(*app)
		want         bool
	}{
		{"terminal", "several files on a terminal show progress", []string{"run", passFile, failFile}, []func(*app){stderrTerminal}, true},
		{"pipe", "no progress when stderr is not a terminal", []string{"run", passFile, failFile}, nil, false},
		{"one-file", "one file needs no progress line", []string{"run", passFile}, []func(*app){stderrTerminal}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args, tt.setup...)
			has := strings.Contains(got.stderr, "\r\x1b[K[")
			if has != tt.want {
				t.Fatalf("%s: progress shown %v, want %v; stderr %q", tt.reason, has, tt.want, got.stderr)
			}
			if tt.want {
				for _, w := range []string{"[1/2] ", "[2/2] "} {
					if !strings.Contains(got.stderr, w) {
						t.Errorf("progress lacks %q: %q", w, got.stderr)
					}
				}
				if !strings.HasSuffix(got.stderr, "\r\x1b[K") {
					t.Errorf("the progress line is not erased at the end: %q", got.stderr)
				}
				if strings.Contains(got.stdout, "\r") {
					t.Errorf("progress leaked into stdout")
				}
			}
		})
	}
}

// TestFixturesAndWorlds runs scenarios that use fixtures and include world
// files, and checks that directories named worlds are not run.
func TestFixturesAndWorlds(t *testing.T) {
	got := invoke(t, []string{"run", "../../assertions/testdata/scenarios", "../../fixtures/testdata/starter.yaml"})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	want := []string{
		"../../assertions/testdata/scenarios/deploy-chain.yaml",
		"../../assertions/testdata/scenarios/shared-reader.yaml",
		"../../fixtures/testdata/starter.yaml",
	}
	if d := cmp.Diff(want, scenarioFiles(got.stdout)); d != "" {
		t.Errorf("files run (-want +got); worlds/ must be skipped:\n%s", d)
	}
}

// TestSchemaCommand checks that rolesim schema prints the scenario
// package's schema and that the README shows the editor header.
func TestSchemaCommand(t *testing.T) {
	got := invoke(t, []string{"schema"})
	if got.code != exitOK || got.stdout != string(scenario.JSONSchema()) {
		t.Errorf("rolesim schema: exit %d, output differs from scenario.JSONSchema()", got.code)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), schemaHeader+"\n") {
		t.Errorf("README.md does not show the header line %q", schemaHeader)
	}
	help := invoke(t, []string{"schema", "--help"})
	if !strings.Contains(help.stdout, schemaHeader) {
		t.Errorf("schema --help does not show the header line")
	}
}

// TestInit scaffolds into a directory inside the module and checks that the
// starter scenario loads and passes, the test file parses, and (unless
// -short) that the package vets, i.e. compiles against assertions.
func TestInit(t *testing.T) {
	dir, err := os.MkdirTemp("testdata", "init-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	target := filepath.Join(dir, "iam-scenarios")
	got := invoke(t, []string{"init", target})
	if got.code != exitOK {
		t.Fatalf("init: exit %d\n%s", got.code, got.stderr)
	}
	for _, f := range []string{starterFile, suiteTestFile} {
		if !strings.Contains(got.stdout, "created "+filepath.Join(target, f)+"\n") {
			t.Errorf("init output does not list %s:\n%s", f, got.stdout)
		}
	}
	if !strings.Contains(got.stdout, "next: go test ./"+filepath.ToSlash(target)+"\n") {
		t.Errorf("init does not say what to run next:\n%s", got.stdout)
	}

	sc, err := scenario.LoadWith(filepath.Join(target, starterFile), fixtures.Options())
	if err != nil {
		t.Fatalf("the starter scenario does not load:\n%v", err)
	}
	rep, err := sim.Run(sc)
	if err != nil || !rep.Passed() || len(rep.Steps) < 4 {
		t.Fatalf("the starter scenario does not pass: %v, %d steps, %d failed", err, len(rep.Steps), rep.Failed())
	}
	data, err := os.ReadFile(filepath.Join(target, starterFile))
	if err != nil || !strings.HasPrefix(string(data), localSchemaHeader+"\n") {
		t.Errorf("starter.yaml does not start with the schema header")
	}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(target, suiteTestFile), nil, parser.ImportsOnly)
	if err != nil {
		t.Fatalf("scenarios_test.go does not parse: %v", err)
	}
	if f.Name.Name != "iam_scenarios" || len(f.Imports) != 2 || f.Imports[1].Path.Value != `"github.com/rolesim/rolesim/assertions"` {
		t.Errorf("scenarios_test.go: package %s, imports %d", f.Name.Name, len(f.Imports))
	}

	again := invoke(t, []string{"init", target})
	if again.code != exitBadInput || !strings.Contains(again.stderr, "exists; not overwriting it (use --force)") {
		t.Errorf("init over existing files: exit %d, stderr %q", again.code, again.stderr)
	}
	if forced := invoke(t, []string{"init", "--force", target}); forced.code != exitOK {
		t.Errorf("init --force: exit %d, stderr %q", forced.code, forced.stderr)
	}
	outside := t.TempDir()
	abs := invoke(t, []string{"init", outside})
	if abs.code != exitOK || !strings.Contains(abs.stdout, "go mod init") || !strings.Contains(abs.stdout, "cd "+shellQuote(outside)+" && go test .") {
		t.Errorf("init outside a module, by absolute path: exit %d, output:\n%s", abs.code, abs.stdout)
	}

	if testing.Short() {
		t.Skip("-short: not running go vet on the scaffolded package")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	cmd := exec.Command(goTool, "vet", "./"+filepath.ToSlash(target))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet of the scaffolded package failed: %v\n%s", err, out)
	}
}

// TestPackageName checks the package name init gives the test file.
func TestPackageName(t *testing.T) {
	tests := []struct{ name, reason, dir, want string }{
		{"plain", "a plain directory name is the package name", "scenarios", "scenarios"},
		{"dashes", "dashes and dots become underscores", "iam-scenarios.v2", "iam_scenarios_v2"},
		{"leading digit", "a package name cannot start with a digit", "2024-iam", "iam"},
		{"keyword", "a Go keyword is not a package name", "type", "scenarios"},
		{"nothing", "nothing usable falls back to scenarios", "---", "scenarios"},
	}
	for _, tt := range tests {
		if got := identifier(tt.dir); got != tt.want {
			t.Errorf("%s: identifier(%q) = %q, want %q (%s)", tt.name, tt.dir, got, tt.want, tt.reason)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "doc.go"), []byte("package iamdesign\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := packageName(dir); err != nil || got != "iamdesign" {
		t.Errorf("a directory with Go files: package %q, %v; want its package iamdesign", got, err)
	}
}

// TestCIHelp checks that the help teaches the CI flags and the new
// commands.
func TestCIHelp(t *testing.T) {
	tests := []struct {
		name, reason string
		args         []string
		want         []string
	}{
		{"run", "run's help lists the CI flags", []string{"run", "--help"}, []string{"--format text|json|junit", "--golden DIR", "--update", "--shard i/n", "-p, --parallel N", "JUnit XML", "use: [org/three-account]"}},
		{"root", "the root help lists schema and init", []string{"--help"}, []string{"schema", "init"}},
		{"init", "init's help names the files it writes", []string{"init", "--help"}, []string{"starter.yaml", "scenarios_test.go", "--force"}},
	}
	for _, tt := range tests {
		got := invoke(t, tt.args)
		for _, w := range tt.want {
			if got.code != exitOK || !strings.Contains(got.stdout, w) {
				t.Errorf("%s: %s; output lacks %q", tt.name, tt.reason, w)
			}
		}
	}
}

// TestExplainComposed checks that rolesim explain of a scenario built on a
// fixture names the fixture's positions and does not quote them from the
// scenario's own file (whose lines at those numbers are something else).
func TestExplainComposed(t *testing.T) {
	got := invoke(t, []string{"explain", "../../assertions/testdata/scenarios/deploy-chain.yaml", "--step", "deployer", "--format", "json"})
	if got.code != exitOK {
		t.Fatalf("exit %d\n%s", got.code, got.stderr)
	}
	var doc any
	if err := json.Unmarshal([]byte(got.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	fixtureRefs := 0
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if p, ok := v["position"].(string); ok && strings.HasPrefix(p, "fixture:org/three-account:") {
				fixtureRefs++
				if v["source"] != nil {
					t.Errorf("statement at %s is quoted from the scenario's file: %v", p, v["source"])
				}
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	if fixtureRefs == 0 {
		t.Errorf("no statement position names the fixture:\n%s", got.stdout)
	}
}

// TestRunScenarios checks the worker pool: every scenario once, outcomes in
// order, the done callback counting up, for any number of workers (and
// none to run).
func TestRunScenarios(t *testing.T) {
	ins, diags := newApp(io.Discard, io.Discard, nil).collect(nil)
	scs, ds := prepare(ins)
	if len(diags)+len(ds) > 0 || len(scs) < 10 {
		t.Fatalf("examples: %v %v (%d)", diags, ds, len(scs))
	}
	for _, workers := range []int{0, 1, 4, 100} {
		var finished, seen []int
		outs := runScenarios(scs, workers, func(n, i int, o outcome) {
			finished = append(finished, n)
			seen = append(seen, i)
			if o.report == nil || o.report.Scenario != scs[i].sc {
				t.Errorf("workers %d: outcome of %d is not its scenario's", workers, i)
			}
		})
		if len(outs) != len(scs) || len(seen) != len(scs) {
			t.Fatalf("workers %d: %d outcomes, %d callbacks for %d scenarios", workers, len(outs), len(seen), len(scs))
		}
		for k, n := range finished {
			if n != k+1 {
				t.Errorf("workers %d: callback %d says %d finished", workers, k, n)
			}
		}
		slices.Sort(seen)
		for k, i := range seen {
			if i != k {
				t.Fatalf("workers %d: scenario %d reported %v", workers, k, seen)
			}
		}
		for i, o := range outs {
			if o.report == nil || o.report.Scenario != scs[i].sc {
				t.Errorf("workers %d: outcome %d out of order", workers, i)
			}
		}
	}
	if outs := runScenarios(nil, 4, nil); len(outs) != 0 {
		t.Errorf("no scenarios: %d outcomes", len(outs))
	}
}
