package assertions

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/golden"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden traces in testdata/golden")

// recorder stands in for *testing.T: it records the subtest tree, every
// message and whether Parallel was called. Fatalf ends the (sub)test's
// goroutine as testing does.
type recorder struct {
	name     string
	mu       sync.Mutex
	errors   []string
	skipped  string // Skipf's message
	failed   bool
	parallel bool
	children []*recorder
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
	r.failed = true
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.mu.Lock()
	r.skipped = fmt.Sprintf(format, args...)
	r.mu.Unlock()
	runtime.Goexit()
}

func (r *recorder) Parallel() { r.parallel = true }

func (r *recorder) Run(name string, f func(*recorder)) bool {
	c := &recorder{name: r.name + "/" + name}
	r.children = append(r.children, c)
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(c)
	}()
	<-done
	if c.anyFailed() {
		r.failed = true
	}
	return !c.failed
}

func (r *recorder) anyFailed() bool {
	if r.failed {
		return true
	}
	for _, c := range r.children {
		if c.anyFailed() {
			return true
		}
	}
	return false
}

// run calls f with a fresh recorder in its own goroutine (so that Fatalf
// can end it) and returns the recorder.
func run(f func(*recorder)) *recorder {
	r := &recorder{name: "T"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// tree lists every test of r's tree, with " FAIL" after failed ones.
func (r *recorder) tree() []string {
	var out []string
	var walk func(*recorder)
	walk = func(n *recorder) {
		for _, c := range n.children {
			s := c.name
			if len(c.errors) > 0 {
				s += " FAIL"
			}
			out = append(out, s)
			walk(c)
		}
	}
	walk(r)
	return out
}

// find returns the test of r's tree with the given full name.
func (r *recorder) find(name string) *recorder {
	if r.name == name {
		return r
	}
	for _, c := range r.children {
		if f := c.find(name); f != nil {
			return f
		}
	}
	return nil
}

// TestBrokenExamples runs deliberately broken copies of two examples and
// checks the failure report: the step, its file:line, the expected and
// actual outcome, a diff, and the statement that decided.
func TestBrokenExamples(t *testing.T) {
	tests := []struct {
		name, reason string
		file         string
		example      string // the example the file is a copy of
		failed       string // the failing step's test name
		want         []string
	}{
		{
			name:    "denied instead of allowed",
			reason:  "the copy of example 09 lost a step's expect block, so the step must succeed, but an SCP denies it",
			file:    "testdata/broken/09-scp-blocks-chain.yaml",
			example: "../examples/09-scp-blocks-chain.yaml",
			failed:  "T/scp-blocks-chain/developer-to-prod",
			want: []string{
				`testdata/broken/09-scp-blocks-chain.yaml:119:5: step "developer-to-prod" (assume) failed` + "\n",
				"\n  note: Developer's policy allows the hop",
				"\n  expected: success\n",
				"\n  actual:   AccessDenied: User: arn:aws:sts::222222222222:assumed-role/Developer/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role/ProdDeployer\n",
				"\n  diff (-want +got):\n",
				"\n  decided by: explicit deny in service control policy (",
				", statement ProdOnlyThroughTheProdAccount at testdata/broken/09-scp-blocks-chain.yaml:23:13)\n",
				"\n    statement ProdOnlyThroughTheProdAccount: Deny sts:AssumeRole on arn:aws:iam::333333333333:role/*\n",
				"\n  decision trace:\n",
				": ExplicitDeny (statement ProdOnlyThroughTheProdAccount at testdata/broken/09-scp-blocks-chain.yaml:23:13)",
			},
		},
		{
			name:    "allowed instead of denied",
			reason:  "the copy of example 06 expects AccessDenied where the trust policy lets alice in",
			file:    "testdata/broken/06-same-account-trust.yaml",
			example: "../examples/06-same-account-trust.yaml",
			failed:  "T/same-account-trust/named-user",
			want: []string{
				`testdata/broken/06-same-account-trust.yaml:47:5: step "named-user" (assume) failed` + "\n",
				"\n  expected: AccessDenied\n",
				"\n  actual:   success\n",
				"\n  diff (-want +got):\n",
				"\n  allowed by:\n",
				" trust_policy ",
				"at testdata/broken/06-same-account-trust.yaml:34:15: Allow sts:AssumeRole for AWS arn:aws:iam::222222222222:user/engineering/alice",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkCopy(t, tt.file, tt.example)
			r := run(func(r *recorder) { runFile(r, source{path: tt.file}, newConfig(nil)) })
			var failed []string
			for _, n := range r.tree() {
				if strings.HasSuffix(n, " FAIL") {
					failed = append(failed, strings.TrimSuffix(n, " FAIL"))
				}
			}
			if d := cmp.Diff([]string{tt.failed}, failed); d != "" {
				t.Fatalf("%s: failed tests (-want +got):\n%s", tt.reason, d)
			}
			msg := strings.Join(r.find(tt.failed).errors, "\n") + "\n"
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s: the report lacks %q; report:\n%s", tt.reason, w, msg)
				}
			}
		})
	}
}

// checkCopy requires the broken file to be its example with only a few
// lines changed, so that it stays a copy of a real example.
func checkCopy(t *testing.T, file, example string) {
	t.Helper()
	a, errA := os.ReadFile(example)
	b, errB := os.ReadFile(file)
	if errA != nil || errB != nil {
		t.Fatalf("reading %s and %s: %v, %v", example, file, errA, errB)
	}
	changed := 0
	for _, l := range strings.Split(golden.Diff(a, b), "\n") {
		if strings.HasPrefix(l, "- ") || strings.HasPrefix(l, "+ ") {
			changed++
		}
	}
	if changed == 0 || changed > 6 {
		t.Errorf("%s differs from %s in %d lines; it must be a copy with a small, deliberate break", file, example, changed)
	}
}

// TestSubtests checks the subtest tree: one per scenario (its name), one
// per step (its id), sorted by file, world files and hidden directories
// skipped, every step passing.
func TestSubtests(t *testing.T) {
	r := run(func(r *recorder) { runDir(r, "testdata/scenarios", newConfig(nil)) })
	want := []string{
		"T/deploy-chain", "T/deploy-chain/ci", "T/deploy-chain/deployer", "T/deploy-chain/upload",
		"T/deploy-chain/no-iam-users", "T/deploy-chain/auditor-not-allowed",
		"T/shared-reader", "T/shared-reader/admin", "T/shared-reader/reader", "T/shared-reader/step-3",
	}
	if d := cmp.Diff(want, r.tree()); d != "" {
		t.Errorf("subtests (-want +got):\n%s\nerrors: %q", d, allErrors(r))
	}
}

func allErrors(r *recorder) []string {
	out := append([]string(nil), r.errors...)
	for _, c := range r.children {
		out = append(out, allErrors(c)...)
	}
	return out
}

// TestRunErrors checks what is reported when there is nothing to run or a
// file does not load.
func TestRunErrors(t *testing.T) {
	empty := t.TempDir()
	if err := os.MkdirAll(filepath.Join(empty, "worlds"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(empty, "worlds", "w.yaml"), []byte("accounts: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("name: bad\nuse: [nope]\naccounts: [{id: \"1\"}]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		f            func(*recorder)
		tree         []string
		errors       []string
	}{
		{
			name:   "empty dir",
			reason: "a directory with no scenarios (world files do not count) fails rather than passing vacuously",
			f:      func(r *recorder) { runDir(r, empty, newConfig(nil)) },
			errors: []string{"no scenario files (*.yaml, *.yml) under " + empty},
		},
		{
			name:   "missing dir",
			reason: "a directory that does not exist fails",
			f:      func(r *recorder) { runDir(r, filepath.Join(empty, "nope"), newConfig(nil)) },
			errors: []string{"reading " + filepath.Join(empty, "nope") + ": lstat " + filepath.Join(empty, "nope") + ": no such file or directory"},
		},
		{
			name:   "load error",
			reason: "a file that does not load is a failed subtest named after the file, with the loader's diagnostics",
			f:      func(r *recorder) { runFile(r, source{path: bad}, newConfig(nil)) },
			tree:   []string{"T/bad FAIL"},
			errors: []string{bad + " does not load:\n" + bad + `:2:7: use: no fixture named "nope" (fixtures: chain/role-juggling, cicd/hub-and-spoke, ec2/instance-profile, org/three-account, single-account, vendor/external-id)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(tt.f)
			if d := cmp.Diff(tt.tree, r.tree()); d != "" {
				t.Errorf("%s: tree (-want +got):\n%s", tt.reason, d)
			}
			if d := cmp.Diff(tt.errors, allErrors(r)); d != "" {
				t.Errorf("%s: errors (-want +got):\n%s", tt.reason, d)
			}
		})
	}
}

// TestParallelOption checks that Parallel makes each scenario's subtest
// call t.Parallel, and that scenarios are not parallel by default.
func TestParallelOption(t *testing.T) {
	for _, par := range []bool{false, true} {
		var opts []Option
		if par {
			opts = append(opts, Parallel())
		}
		r := run(func(r *recorder) { runDir(r, "testdata/scenarios", newConfig(opts)) })
		if len(r.children) != 2 {
			t.Fatalf("%d scenarios, want 2", len(r.children))
		}
		for _, c := range r.children {
			if c.parallel != par {
				t.Errorf("Parallel option %v: %s called Parallel: %v", par, c.name, c.parallel)
			}
		}
	}
}

// TestGolden covers the Golden option: a missing file fails, Update writes
// it, a match passes, and a changed trace fails with a diff naming the file.
func TestGolden(t *testing.T) {
	dir := t.TempDir()
	file := "testdata/scenarios/deploy-chain.yaml"
	p := filepath.Join(dir, "deploy-chain.golden")
	runGolden := func(opts ...Option) *recorder {
		return run(func(r *recorder) { runFile(r, source{path: file}, newConfig(append(opts, Golden(dir)))) })
	}
	r := runGolden(Update(false))
	if d := cmp.Diff([]string{file + ":1:1: golden trace " + p + " does not exist; write it with go test -update (or the Update option)"}, allErrors(r)); d != "" {
		t.Errorf("missing golden file (-want +got):\n%s", d)
	}
	if r := runGolden(Update(true)); len(allErrors(r)) > 0 {
		t.Errorf("Update(true) failed: %q", allErrors(r))
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("Update(true) did not write the golden file: %v", err)
	}
	if r := runGolden(Update(false)); len(allErrors(r)) > 0 {
		t.Errorf("a matching golden file failed: %q", allErrors(r))
	}
	data, _ := os.ReadFile(p)
	changed := strings.Replace(string(data), "outcome: success", "outcome: something else", 1)
	if err := os.WriteFile(p, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	errs := allErrors(runGolden(Update(false)))
	if len(errs) != 1 || !strings.Contains(errs[0], "the trace differs from golden file "+p) || !strings.Contains(errs[0], "\n- ") || !strings.Contains(errs[0], "\n+   outcome: success") {
		t.Errorf("a changed golden file: want one error with a line diff, got %q", errs)
	}
}

// TestGoldenCheckedIn runs a scenario against its checked-in golden trace
// (rewritten by go test -update), as a user's suite would.
func TestGoldenCheckedIn(t *testing.T) {
	RunFile(t, "testdata/scenarios/deploy-chain.yaml", Golden("testdata/golden"))
}

// TestUpdateFlag checks that Golden follows the test binary's -update flag
// unless the Update option says otherwise.
func TestUpdateFlag(t *testing.T) {
	old := *update
	t.Cleanup(func() { *update = old })
	tests := []struct {
		name, reason string
		flag         bool
		opts         []Option
		want         bool
	}{
		{"flag off", "without -update golden files are only compared", false, nil, false},
		{"flag on", "-update rewrites them", true, nil, true},
		{"option wins", "Update(false) overrides -update", true, []Option{Update(false)}, false},
	}
	for _, tt := range tests {
		*update = tt.flag
		if got := newConfig(tt.opts).updating(); got != tt.want {
			t.Errorf("%s: updating() = %v, want %v (%s)", tt.name, got, tt.want, tt.reason)
		}
	}
}

// TestRunDirReal runs the testdata scenarios with a real *testing.T, in
// parallel, as users do (and under -race in CI).
func TestRunDirReal(t *testing.T) {
	RunDir(t, "testdata/scenarios", Parallel())
}

// TestRunFS runs scenarios from a file system: a directory and a file.
func TestRunFS(t *testing.T) {
	fsys := os.DirFS("testdata")
	r := run(func(r *recorder) { runFS(r, fsys, "scenarios", newConfig(nil)) })
	if got := r.tree(); len(got) != 10 || slices.ContainsFunc(got, func(s string) bool { return strings.HasSuffix(s, "FAIL") }) {
		t.Errorf("RunFS over a directory: %q (errors %q)", got, allErrors(r))
	}
	RunFS(t, fsys, "scenarios/shared-reader.yaml")
}

// TestSkippedStepsSkip checks one cause, one failure in go test: the step
// that failed fails, and the step that needed its session is skipped (not
// failed), saying which step it waited for.
func TestSkippedStepsSkip(t *testing.T) {
	src, err := os.ReadFile("../sim/explain/testdata/skipped/skipped.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"s.yaml": {Data: src}}
	r := run(func(r *recorder) { runFS(r, fsys, "s.yaml", newConfig(nil)) })
	want := []string{"T/skipped", "T/skipped/dev FAIL", "T/skipped/list"}
	if got := r.tree(); !slices.Equal(got, want) {
		t.Errorf("tree %q, want %q", got, want)
	}
	list := r.find("T/skipped/list")
	if list == nil || list.skipped != `skipped because step "dev" failed: the session this step uses was never issued` {
		t.Errorf("the skipped step says %+v", list)
	}
}

// TestFormatFailureFields checks the report of a step that has the right
// outcome but a wrong field: the outcome lines show the checked fields and
// a why line names the field.
func TestFormatFailureFields(t *testing.T) {
	sc, err := scenario.ParseWith("d.yaml", []byte(`name: d
use: [single-account]
steps:
  - id: admin
    assume: {as: "arn:aws:iam::123456789012:user/admin", role_arn: "arn:aws:iam::123456789012:role/Admin", role_session_name: admin}
    expect: {duration: 2h}
`), fixtures.Options())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil || rep.Passed() {
		t.Fatalf("the step must fail: %v", err)
	}
	got := FormatFailure(rep.Steps[0])
	for _, w := range []string{
		"d.yaml:4:5: step \"admin\" (assume) failed\n",
		"\n  expected: success (duration: 2h0m0s)\n",
		"\n  actual:   success (duration: 1h0m0s)\n",
		"\n  why: expected duration 2h0m0s, got 1h0m0s\n",
		"\n  allowed by:\n",
	} {
		if !strings.Contains(got, w) {
			t.Errorf("the report lacks %q:\n%s", w, got)
		}
	}
}

// TestGoTestOutput runs this test binary again, as go test does, to check
// what a user sees: -run selects one scenario and one step by name, and a
// broken example fails with its report in the test log.
func TestGoTestOutput(t *testing.T) {
	tests := []struct {
		name, reason string
		run, env     string
		fails        bool
		want         []string
		notWant      []string
	}{
		{
			name:   "select a step",
			reason: "subtests are named after the scenario and the step, so -run picks one",
			run:    "^TestRunDirReal$/^deploy-chain$/^deployer$",
			want:   []string{"=== RUN   TestRunDirReal/deploy-chain/deployer\n", "--- PASS: TestRunDirReal/deploy-chain/deployer "},
			notWant: []string{
				"TestRunDirReal/deploy-chain/upload", "TestRunDirReal/shared-reader",
			},
		},
		{
			name:   "broken example",
			reason: "a failed step fails go test with the step's position, outcome and deciding statement",
			run:    "^TestBrokenExampleReal$",
			env:    "ROLESIM_TEST_BROKEN=1",
			fails:  true,
			want: []string{
				"--- FAIL: TestBrokenExampleReal/scp-blocks-chain/developer-to-prod ",
				`testdata/broken/09-scp-blocks-chain.yaml:119:5: step "developer-to-prod" (assume) failed`,
				"expected: success",
				"actual:   AccessDenied: User: arn:aws:sts::222222222222:assumed-role/Developer/alice is not authorized",
				"diff (-want +got):",
				"decided by: explicit deny in service control policy",
				"statement ProdOnlyThroughTheProdAccount: Deny sts:AssumeRole on arn:aws:iam::333333333333:role/*",
				"--- PASS: TestBrokenExampleReal/scp-blocks-chain/developer ",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run", tt.run, "-test.v", "-test.count=1")
			cmd.Env = append(os.Environ(), tt.env)
			out, err := cmd.CombinedOutput()
			if failed := err != nil; failed != tt.fails {
				t.Fatalf("%s: the run failed: %v, want %v\n%s", tt.reason, failed, tt.fails, out)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("%s: the output lacks %q:\n%s", tt.reason, w, out)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(string(out), w) {
					t.Errorf("%s: the output has %q:\n%s", tt.reason, w, out)
				}
			}
		})
	}
}

// TestBrokenExampleReal fails on purpose: TestGoTestOutput runs it in a
// subprocess to see the report as go test prints it.
func TestBrokenExampleReal(t *testing.T) {
	if os.Getenv("ROLESIM_TEST_BROKEN") == "" {
		t.Skip("fails on purpose; TestGoTestOutput runs it in a subprocess")
	}
	RunFile(t, "testdata/broken/09-scp-blocks-chain.yaml")
}
