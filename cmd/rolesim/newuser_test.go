package main

import (
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/examples"
)

// Tests of issue 12 (new-user friction): CI output that survives a file
// that does not load, examples/<name> in every command, validate's JSON,
// skipped steps and runnable "see why" hints.

const skipFile = "testdata/skip/skip.yaml"

// junitDoc is the part of a JUnit document the tests read.
type junitDoc struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Skipped  int `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		File     string `xml:"file,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name    string `xml:"name,attr"`
			Failure *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Text    string `xml:",chardata"`
			} `xml:"failure"`
			Skipped *struct {
				Message string `xml:"message,attr"`
			} `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestCIOutputSurvivesBadFile checks that a file that does not load is a
// failed entry of the JUnit and JSON reports, with its positioned
// problems, that the other files still run, and that the exit status is 1.
func TestCIOutputSurvivesBadFile(t *testing.T) {
	diagLine := regexp.MustCompile(`^` + regexp.QuoteMeta(malformedFile) + `:\d+:\d+: \S`)
	t.Run("junit", func(t *testing.T) {
		got := invoke(t, []string{"run", "--format", "junit", malformedFile, passFile})
		if got.code != exitFailed {
			t.Fatalf("exit status %d, want 1; stderr:\n%s", got.code, got.stderr)
		}
		var doc junitDoc
		if err := xml.Unmarshal([]byte(got.stdout), &doc); err != nil {
			t.Fatalf("output is not XML: %v\n%s", err, got.stdout)
		}
		if len(doc.Suites) != 2 {
			t.Fatalf("%d testsuites, want 2 (the bad file, then the good one)", len(doc.Suites))
		}
		bad, good := doc.Suites[0], doc.Suites[1]
		if bad.Name != malformedFile || bad.File != malformedFile || bad.Tests != 1 || bad.Failures != 1 || len(bad.Cases) != 1 {
			t.Fatalf("bad file's suite: %+v", bad)
		}
		f := bad.Cases[0].Failure
		if f == nil || f.Type != "load" || !diagLine.MatchString(f.Message) {
			t.Fatalf("bad file's testcase failure: %+v", f)
		}
		lines := strings.Split(strings.TrimSpace(f.Text), "\n")
		if len(lines) < 2 {
			t.Errorf("failure holds %d problems, want every one (malformed.yaml has several)", len(lines))
		}
		for _, l := range lines {
			if !diagLine.MatchString(l) {
				t.Errorf("failure line %q is not a positioned diagnostic", l)
			}
		}
		if good.Name != "cli-pass" || good.Tests != 5 || good.Failures != 0 {
			t.Errorf("the good file did not run: %+v", good)
		}
		if doc.Tests != 6 || doc.Failures != 1 {
			t.Errorf("testsuites counts tests=%d failures=%d, want 6 and 1", doc.Tests, doc.Failures)
		}
		if !strings.Contains(got.stderr, malformedFile+":2:1: ") {
			t.Errorf("stderr lacks the problems for the CI log:\n%s", got.stderr)
		}
	})
	t.Run("json", func(t *testing.T) {
		got := invoke(t, []string{"run", "--format", "json", passFile, malformedFile})
		if got.code != exitFailed {
			t.Fatalf("exit status %d, want 1; stderr:\n%s", got.code, got.stderr)
		}
		var rep jsonReport
		dec := json.NewDecoder(strings.NewReader(got.stdout))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rep); err != nil {
			t.Fatalf("decoding: %v\n%s", err, got.stdout)
		}
		if rep.Version != jsonVersion {
			t.Errorf("version %d, want %d", rep.Version, jsonVersion)
		}
		want := jsonSummary{Scenarios: 2, Passed: 1, NotLoaded: 1, Steps: 5}
		if diff := cmp.Diff(want, rep.Summary); diff != "" {
			t.Errorf("summary (-want +got):\n%s", diff)
		}
		if len(rep.Scenarios) != 2 {
			t.Fatalf("%d scenario entries, want 2", len(rep.Scenarios))
		}
		bad := rep.Scenarios[1]
		if bad.File != malformedFile || bad.Passed || len(bad.Steps) != 0 || len(bad.Diagnostics) < 2 {
			t.Fatalf("bad file's entry: %+v", bad)
		}
		codes := map[string]bool{}
		for _, d := range bad.Diagnostics {
			if d.File != malformedFile || d.Line < 1 || d.Col < 1 || d.Message == "" || d.Pos != d.File+":"+strconv.Itoa(d.Line)+":"+strconv.Itoa(d.Col) {
				t.Errorf("diagnostic %+v lacks its position or message", d)
			}
			codes[d.Code] = true
		}
		if !codes["unknown-key"] || !codes["missing-key"] || codes[""] {
			t.Errorf("the diagnostics' codes are %v: want unknown-key and missing-key among them, none empty", codes)
		}
		if !rep.Scenarios[0].Passed || rep.Scenarios[0].Diagnostics == nil {
			t.Errorf("good file's entry: passed %v, diagnostics %v (want true and [])", rep.Scenarios[0].Passed, rep.Scenarios[0].Diagnostics)
		}
	})
	t.Run("usage-errors-are-2", func(t *testing.T) {
		for _, args := range [][]string{
			{"run", "--format", "junit", "--bogus", passFile},
			{"run", "--update", passFile},
			{"explain"},
			{"validate", "--format", "junit", passFile},
		} {
			if got := invoke(t, args); got.code != exitBadInput || got.stdout != "" {
				t.Errorf("rolesim %s: exit status %d with stdout %q, want 2 and nothing", strings.Join(args, " "), got.code, got.stdout)
			}
		}
	})
}

// TestExamplesEverywhere runs every command that takes scenario files on
// examples/<name> from a directory without examples/, and checks that the
// examples named in every command's help exist.
func TestExamplesEverywhere(t *testing.T) {
	const ex = "examples/01-first-hop-max-session-duration.yaml"
	t.Chdir(t.TempDir())
	tests := []struct {
		name, reason string
		args         []string
		code         int
		stdout       string
	}{
		{"run", "run takes an example by name", []string{"run", ex}, exitOK, "PASS " + ex},
		{"run-dir", "examples/ stands for all of them", []string{"run", "examples/"}, exitOK, "PASS examples/12-three-hop-chain.yaml"},
		{"validate", "validate likewise", []string{"validate", ex}, exitOK, "ok " + ex + "\n"},
		{"report", "report likewise", []string{"report", ex}, exitOK, "<html"},
		{"explain", "explain likewise", []string{"explain", ex}, exitOK, "Step "},
		{"timeline", "timeline likewise", []string{"timeline", ex}, exitOK, "<svg"},
		{"graph", "graph likewise", []string{"graph", ex}, exitOK, "flowchart"},
		{"missing", "a name that is no example is still a missing file", []string{"run", "examples/no-such.yaml"}, exitFailed, "examples/no-such.yaml: no such file or directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != tt.code || !strings.Contains(got.stdout, tt.stdout) {
				t.Errorf("rolesim %s (%s): exit status %d, want %d; stdout lacks %q?\n%.500s\nstderr:\n%s", strings.Join(tt.args, " "), tt.reason, got.code, tt.code, tt.stdout, got.stdout, got.stderr)
			}
		})
	}

	named := regexp.MustCompile(`examples/[\w.-]+\.ya?ml`)
	root := newApp(nil, nil, nil).rootCommand()
	found := 0
	for _, c := range root.Commands() {
		for _, name := range named.FindAllString(c.Example+c.Long, -1) {
			found++
			if _, err := fs.Stat(examples.FS, strings.TrimPrefix(name, "examples/")); err != nil {
				t.Errorf("rolesim %s --help names %s, which is not an example", c.Name(), name)
			}
		}
	}
	if found == 0 {
		t.Fatal("no help text names an example file")
	}
}

// TestValidateJSON checks validate --format json: one document with a
// version, an entry per file (passed, positioned diagnostics) and a
// summary; exit status 1 when a file is invalid.
func TestValidateJSON(t *testing.T) {
	got := invoke(t, []string{"validate", "--format", "json", passFile, malformedFile})
	if got.code != exitFailed {
		t.Fatalf("exit status %d, want 1; stderr:\n%s", got.code, got.stderr)
	}
	var v jsonValidation
	dec := json.NewDecoder(strings.NewReader(got.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decoding: %v\n%s", err, got.stdout)
	}
	if v.Version != jsonVersion {
		t.Errorf("version %d, want %d", v.Version, jsonVersion)
	}
	if diff := cmp.Diff(jsonValidateSummary{Files: 2, Passed: 1, Failed: 1}, v.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if len(v.Files) != 2 || v.Files[0].File != passFile || !v.Files[0].Passed || len(v.Files[0].Diagnostics) != 0 || v.Files[0].Diagnostics == nil {
		t.Fatalf("files: %+v", v.Files)
	}
	bad := v.Files[1]
	if bad.File != malformedFile || bad.Passed || len(bad.Diagnostics) == 0 || bad.Diagnostics[0].Line == 0 {
		t.Errorf("bad file: %+v", bad)
	}
	if !strings.Contains(got.stderr, malformedFile+":2:1: ") {
		t.Errorf("stderr lacks the problems:\n%s", got.stderr)
	}
	if ok := invoke(t, []string{"validate", "--format", "json", passFile}); ok.code != exitOK || !json.Valid([]byte(ok.stdout)) || strings.Contains(ok.stdout, "ok ") {
		t.Errorf("valid file: exit status %d, output:\n%s", ok.code, ok.stdout)
	}
}

// TestSkippedSteps checks that steps using the session of a failed step
// are reported once as skipped, in every format.
func TestSkippedSteps(t *testing.T) {
	t.Run("text", func(t *testing.T) {
		got := invoke(t, []string{"run", skipFile})
		if got.code != exitFailed {
			t.Fatalf("exit status %d, want 1", got.code)
		}
		for _, s := range []string{
			"FAIL " + skipFile + " (cli-skip, 3 steps, 1 failed, 2 skipped)\n",
			`  SKIP step 2 "again" [assume] at ` + skipFile + ":19:5",
			`    skipped because step "dev" failed`,
			"1 scenario, 0 passed, 1 failed (3 steps, 1 failed, 2 skipped)\n",
		} {
			if !strings.Contains(got.stdout, s) {
				t.Errorf("stdout lacks %q:\n%s", s, got.stdout)
			}
		}
		if n := strings.Count(got.stdout, "see why:"); n != 1 {
			t.Errorf("%d explain hints, want one, for the failed step only", n)
		}
	})
	t.Run("junit", func(t *testing.T) {
		got := invoke(t, []string{"run", "--format", "junit", skipFile})
		var doc junitDoc
		if err := xml.Unmarshal([]byte(got.stdout), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Failures != 1 || doc.Skipped != 2 || len(doc.Suites) != 1 || doc.Suites[0].Skipped != 2 {
			t.Fatalf("failures %d, skipped %d, want 1 and 2:\n%s", doc.Failures, doc.Skipped, got.stdout)
		}
		for _, c := range doc.Suites[0].Cases[1:] {
			if c.Failure != nil || c.Skipped == nil || c.Skipped.Message != "step dev failed" {
				t.Errorf("testcase %s: failure %v, skipped %v; want <skipped message=\"step dev failed\">", c.Name, c.Failure, c.Skipped)
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		got := invoke(t, []string{"run", "--format", "json", skipFile})
		var rep jsonReport
		if err := json.Unmarshal([]byte(got.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Summary.FailedSteps != 1 || rep.Summary.SkippedSteps != 2 || rep.Scenarios[0].SkippedSteps != 2 {
			t.Errorf("summary %+v, scenario skipped_steps %d", rep.Summary, rep.Scenarios[0].SkippedSteps)
		}
		st := rep.Scenarios[0].Steps[2]
		if !st.Skipped || st.SkippedBecause == nil || *st.SkippedBecause != "dev" || st.Expected.Error == nil || *st.Expected.Error != "AccessDenied" {
			t.Errorf("step list: skipped %v because %v, expected error %v", st.Skipped, st.SkippedBecause, st.Expected.Error)
		}
		if first := rep.Scenarios[0].Steps[0]; first.SkippedBecause != nil {
			t.Errorf("a failed step has skipped_because %q, want null", *first.SkippedBecause)
		}
	})
	t.Run("explain", func(t *testing.T) {
		got := invoke(t, []string{"explain", skipFile, "--step", "list"})
		text := strings.Join(strings.Fields(got.stdout), " ")
		if got.code != exitOK || strings.Contains(text, "expected success") || !strings.Contains(text, "SKIPPED: the scenario expected the error AccessDenied") {
			t.Errorf("explain --step list (expects AccessDenied): exit status %d\n%s", got.code, got.stdout)
		}
	})
}

// TestHintCommand checks that the "see why" hint starts with the command
// that runs rolesim the way it was started.
func TestHintCommand(t *testing.T) {
	const pkg = "github.com/rolesim/rolesim/cmd/rolesim"
	goRun := filepath.Join(os.TempDir(), "go-build1234", "b001", "exe", "rolesim")
	info := func(main, version string) *debug.BuildInfo {
		return &debug.BuildInfo{Path: pkg, Main: debug.Module{Path: main, Version: version}}
	}
	tests := []struct {
		name, reason, arg0 string
		bi                 *debug.BuildInfo
		want               string
	}{
		{"installed", "a binary on PATH is named as typed", "rolesim", info("github.com/rolesim/rolesim", "v1.0.0"), "rolesim"},
		{"relative", "a relative path stays as typed, so that it runs from here", "./bin/rolesim", nil, "./bin/rolesim"},
		{"spaces", "a path with a space is quoted", "/opt/my tools/rolesim", nil, "'/opt/my tools/rolesim'"},
		{"go-run-here", "go run inside rolesim's module", goRun, info("github.com/rolesim/rolesim", "(devel)"), "go run ./cmd/rolesim"},
		{"go-run-version", "go run of a released version", goRun, info("github.com/rolesim/rolesim", "v1.2.3"), "go run " + pkg + "@v1.2.3"},
		{"go-run-dependency", "go run from another module that requires rolesim", goRun, &debug.BuildInfo{Path: pkg, Main: debug.Module{Path: "example.com/iam"}}, "go run " + pkg},
		{"go-run-no-info", "without build information, the repository's form", goRun, nil, "go run ./cmd/rolesim"},
		{"go-run-cached", "Go 1.24+ runs go run's binary from the build cache", "/root/.cache/go-build/a6/a656817b63-d/rolesim", info("github.com/rolesim/rolesim", "(devel)"), "go run ./cmd/rolesim"},
		{"cache-lookalike", "a directory of the cache that is not go run's keeps its name", "/root/.cache/go-build/a6/rolesim", nil, "/root/.cache/go-build/a6/rolesim"},
		{"empty", "no program name at all", "", nil, "rolesim"},
	}
	for _, tt := range tests {
		if got := progCommand(tt.arg0, tt.bi); got != tt.want {
			t.Errorf("%s: progCommand(%q) = %q, want %q (%s)", tt.name, tt.arg0, got, tt.want, tt.reason)
		}
	}
	got := invoke(t, []string{"run", failFile}, func(a *app) { a.prog = "go run ./cmd/rolesim" })
	if !strings.Contains(got.stdout, "    see why: go run ./cmd/rolesim explain "+failFile+" --step developer\n") {
		t.Errorf("the hint does not use the program's command:\n%s", got.stdout)
	}
}
