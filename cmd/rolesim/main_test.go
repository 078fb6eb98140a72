package main

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// Paths of the test scenarios, relative to the package directory (go test
// runs there), as they appear in the output.
const (
	passFile      = "testdata/scenarios/pass.yaml"
	failFile      = "testdata/scenarios/fail.yaml"
	malformedFile = "testdata/invalid/malformed.yaml"
	brokenFile    = "testdata/invalid/broken-yaml.yaml"
)

// invocation is the outcome of one in-process rolesim run.
type invocation struct {
	code           int
	stdout, stderr string
}

// invoke runs rolesim in-process with a clean environment and stdout taken
// not to be a terminal; setup may change the app before it runs.
func invoke(t *testing.T, args []string, setup ...func(*app)) invocation {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := newApp(&stdout, &stderr, func(string) (string, bool) { return "", false })
	a.isTerminal = func(io.Writer) bool { return false }
	for _, f := range setup {
		f(a)
	}
	code := a.execute(args)
	return invocation{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

func TestExitStatusAndOutput(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		args   []string
		code   int
		// stdout and stderr must contain each of these strings.
		stdout, stderr []string
		// stdoutEmpty requires that nothing at all was printed to stdout.
		stdoutEmpty bool
		// stderrLines, when set, must match every line of stderr.
		stderrLines *regexp.Regexp
	}{
		{
			name:   "examples",
			reason: "with no paths, run plays every built-in example, and they all pass",
			args:   []string{"run"},
			code:   exitOK,
			stdout: []string{"PASS examples/", " 0 failed ("},
		},
		{
			name:   "passing-file",
			reason: "a scenario whose expectations hold exits 0 and says PASS",
			args:   []string{"run", passFile},
			code:   exitOK,
			stdout: []string{"PASS " + passFile + " (cli-pass, 5 steps)\n", "1 scenario, 1 passed, 0 failed (5 steps, 0 failed)\n"},
		},
		{
			name:   "failing-file",
			reason: "a failed expectation exits 1 and names the step, its position and expected vs actual outcome",
			args:   []string{"run", failFile},
			code:   exitFailed,
			stdout: []string{
				"FAIL " + failFile + " (cli-fail, 5 steps, 4 failed)\n",
				`FAIL step 1 "developer" [assume] at ` + failFile + ":34:5",
				"- duration: 1h0m0s\n",
				"+ duration: 2h0m0s\n",
				`FAIL step 2 "chained" [assume] at ` + failFile + ":44:5",
				"expected success, got ValidationError",
				`FAIL step 3 "read-artifacts" [call] at ` + failFile,
				"expected success, got AccessDenied",
				"decision trace:\n",
				`FAIL step 5 "denied" [assume] at ` + failFile,
				"expected AccessDenied, got success",
				"note: The trust policy names Developer, so this hop succeeds.\n",
			},
		},
		{
			name:   "directory",
			reason: "a directory runs every scenario below it, in sorted order",
			args:   []string{"run", "testdata/scenarios"},
			code:   exitFailed,
			stdout: []string{"FAIL " + failFile, "PASS " + passFile, "2 scenarios, 1 passed, 1 failed (10 steps, 4 failed)\n"},
		},
		{
			name:   "malformed",
			reason: "a file that does not load is a failed scenario (exit 1) whose problems are printed with positions",
			args:   []string{"run", malformedFile},
			code:   exitFailed,
			stdout: []string{"FAIL " + malformedFile + " (does not load: ", "    " + malformedFile + ":2:1: ", "1 scenario, 0 passed, 0 failed, 1 did not load (0 steps, 0 failed)\n"},
		},
		{
			name:   "broken-yaml",
			reason: "a YAML syntax error is a positioned diagnostic too",
			args:   []string{"run", brokenFile},
			code:   exitFailed,
			stdout: []string{"FAIL " + brokenFile + " (does not load: ", "    " + brokenFile + ":"},
		},
		{
			name:   "bad-input-runs-the-others",
			reason: "a file that does not load does not stop the good files from running",
			args:   []string{"run", passFile, malformedFile},
			code:   exitFailed,
			stdout: []string{"PASS " + passFile, "FAIL " + malformedFile + " (does not load", "2 scenarios, 1 passed, 0 failed, 1 did not load (5 steps, 0 failed)\n"},
		},
		{
			name:   "missing-path",
			reason: "a path that does not exist is a failed file with the path and the reason",
			args:   []string{"run", "testdata/no-such-file.yaml"},
			code:   exitFailed,
			stdout: []string{"FAIL testdata/no-such-file.yaml (does not load: 1 problem)\n    testdata/no-such-file.yaml: no such file or directory\n"},
		},
		{
			name:        "unknown-flag",
			reason:      "cobra's usage errors are bad input and point at --help",
			args:        []string{"run", "--bogus"},
			code:        exitBadInput,
			stdoutEmpty: true,
			stderr:      []string{"unknown flag: --bogus", "rolesim run --help"},
		},
		{
			name:        "bad-format",
			reason:      "--format accepts only text and json, checked while parsing flags",
			args:        []string{"run", "--format", "xml", passFile},
			code:        exitBadInput,
			stdoutEmpty: true,
			stderr:      []string{`unknown format "xml"`},
		},
		{
			name:        "unknown-command",
			reason:      "an unknown command is bad input",
			args:        []string{"frobnicate"},
			code:        exitBadInput,
			stdoutEmpty: true,
			stderr:      []string{"frobnicate"},
		},
		{
			name:   "validate-examples",
			reason: "validate with no paths checks the built-in examples",
			args:   []string{"validate"},
			code:   exitOK,
			stdout: []string{"ok examples/"},
		},
		{
			name:   "validate-good",
			reason: "validate prints ok per file, failing expectations do not matter since nothing runs",
			args:   []string{"validate", "testdata/scenarios"},
			code:   exitOK,
			stdout: []string{"ok " + failFile + "\nok " + passFile + "\n"},
		},
		{
			name:        "validate-bad",
			reason:      "validate reports every bad file with positions, still says ok for good ones, and exits 1",
			args:        []string{"validate", passFile, malformedFile, brokenFile},
			code:        exitFailed,
			stdout:      []string{"ok " + passFile + "\n"},
			stderrLines: regexp.MustCompile(`^testdata/invalid/[a-z-]+\.yaml:\d+(:\d+)?: \S`),
		},
		{
			name:        "validate-missing",
			reason:      "validate reports an unreadable path and exits 1",
			args:        []string{"validate", "testdata/missing"},
			code:        exitFailed,
			stdoutEmpty: true,
			stderr:      []string{"testdata/missing: no such file or directory"},
		},
		{
			name:   "version-command",
			reason: "rolesim version prints the version constant",
			args:   []string{"version"},
			code:   exitOK,
			stdout: []string{"rolesim " + Version + "\n"},
		},
		{
			name:   "version-flag",
			reason: "rolesim --version prints the same line",
			args:   []string{"--version"},
			code:   exitOK,
			stdout: []string{"rolesim " + Version + "\n"},
		},
		{
			name:   "no-command",
			reason: "rolesim alone prints its help",
			args:   []string{},
			code:   exitOK,
			stdout: []string{"Usage:", "rolesim run"},
		},
		{
			name:   "nil-args",
			reason: "nil arguments must not make cobra read the test binary's os.Args",
			args:   nil,
			code:   exitOK,
			stdout: []string{"Usage:"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != tt.code {
				t.Errorf("exit status %d, want %d (%s)\nstdout:\n%s\nstderr:\n%s", got.code, tt.code, tt.reason, got.stdout, got.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(got.stdout, s) {
					t.Errorf("stdout lacks %q (%s)\nstdout:\n%s", s, tt.reason, got.stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(got.stderr, s) {
					t.Errorf("stderr lacks %q (%s)\nstderr:\n%s", s, tt.reason, got.stderr)
				}
			}
			if tt.stdoutEmpty && got.stdout != "" {
				t.Errorf("stdout not empty (%s):\n%s", tt.reason, got.stdout)
			}
			if tt.stderrLines != nil {
				lines := strings.Split(strings.TrimSuffix(got.stderr, "\n"), "\n")
				if got.stderr == "" {
					t.Errorf("stderr is empty, want positioned diagnostics (%s)", tt.reason)
				}
				for _, l := range lines {
					if !tt.stderrLines.MatchString(l) {
						t.Errorf("stderr line %q does not match %s (%s)", l, tt.stderrLines, tt.reason)
					}
				}
			}
		})
	}
}

func TestHelp(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		args   []string
		want   []string
	}{
		{"root", "the root help teaches the scenario format", []string{"--help"}, []string{"Usage:", "trust_policy", "Available Commands:", "run", "validate", "version", "completion"}},
		{"run", "run's help explains paths, output and exit status", []string{"run", "--help"}, []string{"rolesim run [files or dirs...]", "--verbose", "--format", "Exit status", "Examples:"}},
		{"validate", "validate's help explains what is checked", []string{"validate", "--help"}, []string{"rolesim validate [files or dirs...]", "ok <file>", "Examples:"}},
		{"version", "version has help too", []string{"version", "--help"}, []string{"rolesim version"}},
		{"completion", "shell completion stays enabled", []string{"completion", "bash"}, []string{"bash completion"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != exitOK {
				t.Fatalf("exit status %d, want 0 (%s); stderr:\n%s", got.code, tt.reason, got.stderr)
			}
			for _, s := range tt.want {
				if !strings.Contains(got.stdout, s) {
					t.Errorf("output lacks %q (%s)", s, tt.reason)
				}
			}
		})
	}
}

// TestGolden compares the human-readable output with testdata/*.golden;
// `go test -update` rewrites them.
func TestGolden(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		args   []string
		code   int
	}{
		{"run-text", "the default report: PASS lines, failed steps in detail, summary", []string{"run", passFile, failFile}, exitFailed},
		{"run-verbose", "-v shows every step with its clock instant and session", []string{"run", "-v", passFile, failFile}, exitFailed},
		{"run-json", "the JSON report's schema and values", []string{"run", "--format", "json", passFile, failFile}, exitFailed},
		{"validate", "validate's ok lines", []string{"validate", passFile, failFile}, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != tt.code {
				t.Errorf("exit status %d, want %d (%s); stderr:\n%s", got.code, tt.code, tt.reason, got.stderr)
			}
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run `go test -update` to create it)", err)
			}
			if len(want) == 0 {
				t.Fatalf("%s is empty", path)
			}
			if diff := cmp.Diff(string(want), got.stdout); diff != "" {
				t.Errorf("output differs from %s (%s); review, then `go test -update` (-want +got):\n%s", path, tt.reason, diff)
			}
		})
	}
}

func TestColor(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		terminal bool
		env      map[string]string
		want     bool
	}{
		{"terminal", "a terminal without NO_COLOR gets colours", true, nil, true},
		{"terminal-no-color", "NO_COLOR turns colours off, whatever its value", true, map[string]string{"NO_COLOR": "1"}, false},
		{"terminal-empty-no-color", "an empty NO_COLOR counts as unset (no-color.org)", true, map[string]string{"NO_COLOR": ""}, true},
		{"pipe", "output that is not a terminal never gets colours", false, nil, false},
		{"pipe-no-color", "neither a terminal nor allowed", false, map[string]string{"NO_COLOR": "1"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][]string{
				{"run", passFile, failFile},
				{"run", "-v", passFile, failFile},
			} {
				got := invoke(t, args, func(a *app) {
					a.isTerminal = func(io.Writer) bool { return tt.terminal }
					a.lookupEnv = func(k string) (string, bool) {
						v, ok := tt.env[k]
						return v, ok
					}
				})
				if got.code != exitFailed {
					t.Fatalf("exit status %d, want 1; stderr:\n%s", got.code, got.stderr)
				}
				if has := strings.Contains(got.stdout, "\x1b["); has != tt.want {
					t.Errorf("%v: escape codes present = %v, want %v (%s)\n%s", args, has, tt.want, tt.reason, got.stdout)
				}
				if tt.want && !strings.Contains(got.stdout, ansiRed+"FAIL"+ansiReset) {
					t.Errorf("%v: FAIL is not red (%s)", args, tt.reason)
				}
			}
		})
	}
}

func TestFileIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	tests := []struct {
		name   string
		reason string
		w      io.Writer
	}{
		{"regular-file", "a file is not a terminal", f},
		{"pipe", "a pipe is not a terminal", w},
		{"buffer", "a writer that is not an *os.File is not a terminal", &bytes.Buffer{}},
		{"nil-file", "a nil *os.File is not a terminal", (*os.File)(nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fileIsTerminal(tt.w) {
				t.Errorf("fileIsTerminal = true, want false (%s)", tt.reason)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		args   []string
	}{
		{"examples", "the built-in examples", []string{"run"}},
		{"text", "the default report with failures", []string{"run", "testdata/scenarios"}},
		{"verbose", "the verbose report", []string{"run", "-v", "testdata/scenarios"}},
		{"json", "the JSON report", []string{"run", "--format", "json", "testdata/scenarios"}},
		{"invalid", "diagnostics", []string{"validate", "testdata/invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := invoke(t, tt.args)
			if first.stdout == "" && first.stderr == "" {
				t.Fatalf("no output at all (%s)", tt.reason)
			}
			for i := 0; i < 3; i++ {
				again := invoke(t, tt.args)
				if diff := cmp.Diff(first, again, cmp.AllowUnexported(invocation{})); diff != "" {
					t.Fatalf("run %d differs from the first (%s) (-first +again):\n%s", i+2, tt.reason, diff)
				}
			}
		})
	}
}

// failingWriter fails every write, like stdout closed under a pipe.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		args   []string
	}{
		{"run-text", "a report that cannot be written is not a pass", []string{"run", passFile}},
		{"run-json", "the same for JSON", []string{"run", "--format", "json", passFile}},
		{"validate", "validate's ok lines too", []string{"validate", passFile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args, func(a *app) { a.stdout = failingWriter{} })
			if got.code != exitBadInput {
				t.Errorf("exit status %d, want 2 (%s)", got.code, tt.reason)
			}
			if !strings.Contains(got.stderr, "writing results: broken pipe") {
				t.Errorf("stderr = %q, want the write error (%s)", got.stderr, tt.reason)
			}
		})
	}
}
