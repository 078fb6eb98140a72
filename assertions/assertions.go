// Package assertions runs rolesim scenarios inside go test, and checks
// hand-written simulations.
//
// RunFile, RunFS and RunDir run scenario files as subtests: one per scenario
// (named after the scenario's name) and one per step (named after the step
// id), so `go test -run 'TestOrg/deploy-chain/prod'` runs a single scenario
// and shows a single step. A failed step is reported at its file:line with
// the expected and actual outcome, a diff of the checked fields (-want
// +got), the policy statement that decided, the nearest miss (for a request
// refused by an implicit deny, the statement that came closest to allowing
// it and the one thing that stopped it), and the decision trace. Scenarios
// may use the fixtures of package fixtures (use:) and include world files
// (include:). Options add golden traces (Golden), parallel scenarios
// (Parallel) and other fixtures (Fixtures).
//
// The Require and Assert functions check calls made on a *sim.Sim
// directly: AssumeRole, AssumeRoleWithWebIdentity, AssumeRoleWithSAML,
// GetSessionToken (each succeeding, or failing with an error code),
// GetCallerIdentity, an API call allowed or denied, and a session's
// expiry. RequireX stops the test (t.FailNow) and takes testify's
// require.TestingT; AssertX lets it go on, returns whether the check
// passed, and takes assert.TestingT. Both work with *testing.T and inside
// testify suites.
//
// Every function marks itself a test helper, shares nothing between
// scenarios, and is safe with t.Parallel and -race.
package assertions

import (
	"flag"
	"io/fs"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/golden"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	simcheck "github.com/rolesim/rolesim/sim/check"
)

// Option changes how RunFile, RunFS and RunDir run scenarios.
type Option func(*config)

type config struct {
	fixtures fs.FS
	golden   string
	update   *bool
	parallel bool
}

func newConfig(opts []Option) *config {
	c := &config{fixtures: fixtures.FS()}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Fixtures resolves the scenarios' `use:` names in fsys (the world NAME is
// NAME.yaml) instead of package fixtures' worlds.
func Fixtures(fsys fs.FS) Option { return func(c *config) { c.fixtures = fsys } }

// Golden compares each scenario's full trace (package golden's transcript:
// every step's outcome, session and decision trace) with the file
// dir/<scenario name>.golden, failing the scenario's test with a line diff
// when they differ or the file is missing. The files are written only on
// request: by the test binary's -update flag (a bool flag named "update"
// that the test package declares, as most golden-file tests do) or by the
// Update option.
func Golden(dir string) Option { return func(c *config) { c.golden = dir } }

// Update sets whether Golden rewrites the golden files, overriding the
// -update flag.
func Update(update bool) Option { return func(c *config) { c.update = &update } }

// Parallel runs the scenarios in parallel with each other (and with other
// parallel tests): each scenario's subtest calls t.Parallel. Scenarios share
// nothing, so this is safe.
func Parallel() Option { return func(c *config) { c.parallel = true } }

// updating tells whether golden files are to be rewritten.
func (c *config) updating() bool {
	if c.update != nil {
		return *c.update
	}
	if f := flag.Lookup("update"); f != nil {
		if g, ok := f.Value.(flag.Getter); ok {
			if b, ok := g.Get().(bool); ok {
				return b
			}
		}
	}
	return false
}

// tester is what the runner needs of a *testing.T. It is generic over the
// subtest type so that *testing.T satisfies it directly (keeping t.Helper
// exact) and the package's own tests can substitute a recorder.
type tester[T any] interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
	Parallel()
	Run(name string, f func(T)) bool
}

// RunFile loads the scenario at path and runs it as a subtest of t named
// after the scenario, with one subtest per step.
func RunFile(t *testing.T, path string, opts ...Option) {
	t.Helper()
	runFile(t, source{path: path}, newConfig(opts))
}

// RunFS runs the scenario at path in fsys, or every scenario below path
// when it is a directory (as RunDir does). include: paths are read from
// fsys too.
func RunFS(t *testing.T, fsys fs.FS, path string, opts ...Option) {
	t.Helper()
	runFS(t, fsys, path, newConfig(opts))
}

// RunDir runs every *.yaml and *.yml file below dir, recursively and in
// sorted order, each as RunFile does. Hidden directories and directories
// named "worlds" (world files for include:, not scenarios) are skipped. It
// fails when it finds no file, so a wrong directory never passes silently.
func RunDir(t *testing.T, dir string, opts ...Option) {
	t.Helper()
	runDir(t, dir, newConfig(opts))
}

// source is a scenario file: an OS path, or a path in fsys.
type source struct {
	fsys fs.FS
	path string
}

func (s source) load(c *config) (*scenario.Scenario, error) {
	opts := scenario.Options{Fixtures: c.fixtures}
	if s.fsys != nil {
		return scenario.LoadFSWith(s.fsys, s.path, opts)
	}
	return scenario.LoadWith(s.path, opts)
}

func runFS[T tester[T]](t T, fsys fs.FS, p string, c *config) {
	t.Helper()
	fi, err := fs.Stat(fsys, p)
	if err != nil {
		t.Fatalf("%v", err)
		return
	}
	if !fi.IsDir() {
		runFile(t, source{fsys: fsys, path: p}, c)
		return
	}
	var files []string
	err = fs.WalkDir(fsys, p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if q != p && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if isScenarioFile(q) {
			files = append(files, q)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", p, err)
		return
	}
	runAll(t, files, func(f string) source { return source{fsys: fsys, path: f} }, p, c)
}

func runDir[T tester[T]](t T, dir string, c *config) {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if isScenarioFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
		return
	}
	runAll(t, files, func(f string) source { return source{path: f} }, dir, c)
}

func runAll[T tester[T]](t T, files []string, src func(string) source, dir string, c *config) {
	t.Helper()
	if len(files) == 0 {
		t.Fatalf("no scenario files (*.yaml, *.yml) under %s", dir)
		return
	}
	sort.Strings(files)
	// Scenarios share nothing, so they are loaded and played on all CPUs
	// first; the subtests then report the results in file order.
	runs := make([]*fileRun, len(files))
	parallelFor(len(files), func(i int) { runs[i] = prepare(src(files[i]), c) })
	for _, r := range runs {
		report(t, r, c)
	}
}

// fileRun is a scenario file loaded and played: the scenario and its
// report, or why there is none.
type fileRun struct {
	src     source
	sc      *scenario.Scenario
	loadErr error
	rep     *sim.Report
	runErr  error
	// checks are the verdicts on the scenario's assert: entries.
	checks []simcheck.Result
}

// prepare loads and plays the scenario of src.
func prepare(src source, c *config) *fileRun {
	r := &fileRun{src: src}
	r.sc, r.loadErr = src.load(c)
	if r.loadErr == nil {
		r.rep, r.runErr = sim.Run(r.sc)
		if r.runErr == nil {
			r.checks, r.runErr = simcheck.Scenario(r.sc)
		}
	}
	return r
}

// parallelFor calls f(0) ... f(n-1) on up to GOMAXPROCS goroutines and
// returns when all have returned.
func parallelFor(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// skipDir tells whether a directory walk skips a directory: hidden ones,
// and worlds/ (files meant for include:, not scenarios to run).
func skipDir(name string) bool {
	return strings.HasPrefix(name, ".") || name == "worlds"
}

func isScenarioFile(name string) bool {
	ext := path.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}

// runFile loads and runs one scenario as a subtest.
func runFile[T tester[T]](t T, src source, c *config) {
	t.Helper()
	report(t, prepare(src, c), c)
}

// report reports a played scenario file as a subtest named after the
// scenario (after the file when it does not load): one subtest per step,
// then the golden trace.
func report[T tester[T]](t T, r *fileRun, c *config) {
	t.Helper()
	if r.loadErr != nil {
		name := strings.TrimSuffix(path.Base(filepath.ToSlash(r.src.path)), path.Ext(r.src.path))
		t.Run(name, func(t T) {
			t.Helper()
			t.Errorf("%s does not load:\n%v", r.src.path, r.loadErr)
		})
		return
	}
	t.Run(r.sc.Name, func(t T) {
		t.Helper()
		if c.parallel {
			t.Parallel()
		}
		if r.runErr != nil {
			t.Fatalf("%s: %v", r.sc.Pos, r.runErr)
			return
		}
		reportSteps(t, r.rep, c)
		reportChecks(t, r.checks)
	})
}

// reportSteps reports each step of a report as a subtest, then checks the
// golden trace.
func reportSteps[T tester[T]](t T, rep *sim.Report, c *config) {
	t.Helper()
	for _, st := range rep.Steps {
		name := "step-0"
		if st.Step != nil {
			name = st.Step.ID
		}
		t.Run(name, func(t T) {
			t.Helper()
			switch {
			case st.Skipped:
				// One cause, one failure: the step that failed fails; the
				// steps that could not run without its session are skipped.
				t.Skipf("skipped because step %q failed: the session this step uses was never issued", st.SkippedBecause)
			case !st.Pass:
				t.Errorf("%s", FormatFailure(st))
			}
		})
	}
	if c.golden != "" {
		checkGolden(t, rep, c)
	}
}

// reportChecks reports each assertion as a subtest named after its id,
// failing it with the verdict's message and the paths found.
func reportChecks[T tester[T]](t T, checks []simcheck.Result) {
	t.Helper()
	for _, cr := range checks {
		t.Run(cr.Assertion.ID, func(t T) {
			t.Helper()
			if !cr.Pass {
				t.Errorf("%s", FormatAssertion(cr))
			}
		})
	}
}

// FormatAssertion describes an assertion's verdict as RunFile reports a
// failed one: where it is, what it claims, the message (at the position it
// blames) and every route, grant or cycle found, with its nodes' ARNs.
func FormatAssertion(cr simcheck.Result) string {
	as := cr.Assertion
	var b strings.Builder
	b.WriteString(as.Pos.String() + ": assertion " + quote(as.ID) + " [" + string(as.Kind) + "] ")
	if cr.Pass {
		b.WriteString("passed\n")
	} else {
		b.WriteString("failed\n")
	}
	if as.Note != "" {
		b.WriteString("  note: " + oneLine(as.Note) + "\n")
	}
	if cr.At != as.Pos {
		b.WriteString("  " + cr.At.String() + ": ")
	} else {
		b.WriteString("  ")
	}
	b.WriteString(cr.Message + "\n")
	for _, p := range cr.Found {
		b.WriteString("  found: " + p.Line() + "\n")
		if len(p.Keys) > 1 {
			b.WriteString("    " + strings.Join(p.Keys, " → ") + "\n")
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func checkGolden[T tester[T]](t T, rep *sim.Report, c *config) {
	t.Helper()
	p := golden.Path(c.golden, rep.Scenario.Name)
	res, err := golden.Check(p, golden.Transcript(rep), c.updating())
	switch {
	case err != nil:
		t.Errorf("golden trace %s: %v", p, err)
	case res.Missing:
		t.Errorf("%s: golden trace %s does not exist; write it with go test -update (or the Update option)", rep.Scenario.Pos, p)
	case res.Diff != "":
		t.Errorf("%s: the trace differs from golden file %s (- golden, + actual); if the change is intended, rewrite it with go test -update:\n%s", rep.Scenario.Pos, p, res.Diff)
	}
}
