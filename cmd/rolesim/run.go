package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/check"
)

// outputFormat is the value of run's --format flag.
type outputFormat string

// Output formats.
const (
	outputText  outputFormat = "text"
	outputJSON  outputFormat = "json"
	outputJUnit outputFormat = "junit"
)

// String returns the format's name (pflag.Value).
func (f *outputFormat) String() string { return string(*f) }

// Set checks and stores a --format value (pflag.Value).
func (f *outputFormat) Set(s string) error {
	switch outputFormat(s) {
	case outputText, outputJSON, outputJUnit:
		*f = outputFormat(s)
		return nil
	}
	return fmt.Errorf("unknown format %q (want text, json or junit)", s)
}

// Type names the flag's value type in help (pflag.Value).
func (f *outputFormat) Type() string { return "text|json|junit" }

// runOptions is everything `rolesim run` was asked to do, as parsed from
// the command line.
type runOptions struct {
	paths   []string
	format  outputFormat
	verbose bool
	// golden is the directory of golden traces (--golden), update whether
	// to rewrite them (--update).
	golden string
	update bool
	// shard selects this CI job's share of the files (--shard i/n).
	shard shard
	// parallel is how many scenarios run at once (-p); 0 means GOMAXPROCS.
	parallel int
	// trail is the file the runs' CloudTrail records go to (--trail); ""
	// for none.
	trail string
}

// result is one scenario's run, named by the file it came from, or a file
// that did not load (report nil, diags its problems).
type result struct {
	file   string
	report *sim.Report
	// golden is the golden trace check, with --golden.
	golden *goldenResult
	// diags are the problems of a file that did not load.
	diags scenario.Diagnostics
	// checks are the verdicts on the scenario's assert: entries (sim/check).
	checks []check.Result
}

// passed tells whether a scenario that ran passed: every step, the golden
// trace (with --golden) and every assertion.
func (r result) passed() bool {
	return r.report.Passed() && !r.golden.failed() && failedChecks(r.checks) == 0
}

// failedChecks counts the assertions that failed.
func failedChecks(cs []check.Result) int {
	n := 0
	for _, c := range cs {
		if !c.Pass {
			n++
		}
	}
	return n
}

// summary counts scenarios and steps over a run. Scenarios that passed,
// failed and did not load are disjoint.
type summary struct {
	scenarios, passed, failed, notLoaded int
	steps, failedSteps, skippedSteps     int
	assertions, failedAssertions         int
}

func (s *summary) add(rep *sim.Report) {
	s.scenarios++
	if rep.Passed() {
		s.passed++
	} else {
		s.failed++
	}
	s.steps += len(rep.Steps)
	s.failedSteps += rep.Failed()
	s.skippedSteps += rep.Skipped()
}

// slot is one file of a run in output order: a scenario that loaded (good
// is its index among the loaded ones) or a file that did not (good is -1).
type slot struct {
	name  string
	diags scenario.Diagnostics
	good  int
}

// plan loads every file of a run. Paths that cannot be read come first,
// one slot per path, then the files in order; a file that does not load
// keeps its place with its problems.
func plan(ins []input, pathDiags scenario.Diagnostics) ([]slot, []loaded) {
	var (
		slots []slot
		scs   []loaded
	)
	byPath := map[string]int{}
	for _, d := range pathDiags {
		i, ok := byPath[d.Pos.File]
		if !ok {
			i = len(slots)
			byPath[d.Pos.File] = i
			slots = append(slots, slot{name: d.Pos.File, good: -1})
		}
		slots[i].diags = append(slots[i].diags, d)
	}
	for _, in := range ins {
		good, ds := prepare([]input{in})
		if len(ds) > 0 {
			slots = append(slots, slot{name: in.name, diags: ds, good: -1})
			continue
		}
		slots = append(slots, slot{name: in.name, good: len(scs)})
		scs = append(scs, good[0])
	}
	return slots, scs
}

// run carries out `rolesim run` and returns the exit status.
func (a *app) run(opts runOptions) int {
	if opts.update && opts.golden == "" {
		fmt.Fprintln(a.stderr, "rolesim: --update rewrites golden traces and needs --golden DIR")
		return exitBadInput
	}
	ins, pathDiags := a.collect(opts.paths)
	ins = opts.shard.apply(ins)
	slots, scs := plan(ins, pathDiags)
	if opts.golden != "" {
		if diags := goldenNameClashes(scs, opts.golden); len(diags) > 0 {
			a.printDiagnostics(diags)
			return exitBadInput
		}
	}

	workers := opts.parallel
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := &stickyWriter{w: a.stdout}
	text := textRenderer{verbose: opts.verbose, color: a.useColor(a.stdout), explainCmd: a.explainCmd()}
	var (
		sum       summary
		results   []result
		bad       scenario.Diagnostics
		loadDiags scenario.Diagnostics
		// trailLines are the CloudTrail records of the runs, in file order.
		trailLines trailWriter
	)
	record := func(r result) {
		if opts.format != outputText {
			results = append(results, r)
			return
		}
		var b bytes.Buffer
		if r.report == nil {
			text.loadFailure(&b, r.file, r.diags)
		} else {
			text.scenario(&b, r.file, r.report, r.checks)
			text.writeGolden(&b, r.golden)
		}
		out.Write(b.Bytes())
	}
	notLoaded := func(name string, diags scenario.Diagnostics) {
		sum.scenarios++
		sum.notLoaded++
		loadDiags = append(loadDiags, diags...)
		record(result{file: name, diags: diags})
	}
	// emit takes scenario i's outcome, in file order: golden check,
	// counts, and (for text) its part of the report.
	emit := func(i int, o outcome) {
		l := scs[i]
		if o.err != nil {
			// NewWorld succeeded in plan, so this should not happen.
			notLoaded(l.name, asDiagnostics(l.name, o.err))
			return
		}
		checks, err := check.Scenario(l.sc)
		if err != nil {
			// NewWorld succeeded in plan, so this should not happen.
			notLoaded(l.name, asDiagnostics(l.name, err))
			return
		}
		r := result{file: l.name, report: o.report, checks: checks}
		if opts.trail != "" {
			if err := trailLines.add(o.report); err != nil {
				bad = append(bad, asDiagnostics(l.name, err)...)
			}
		}
		if opts.golden != "" {
			g, err := checkGolden(opts.golden, opts.update, r)
			if err != nil {
				bad = append(bad, asDiagnostics(l.name, err)...)
				return
			}
			r.golden = g
		}
		sum.add(o.report)
		sum.assertions += len(checks)
		sum.failedAssertions += failedChecks(checks)
		if !r.passed() && o.report.Passed() {
			sum.passed--
			sum.failed++
		}
		record(r)
	}
	// Files that did not load are reported in their place, before the
	// next scenario that ran.
	nextSlot := 0
	flushUpTo := func(good int) {
		for nextSlot < len(slots) && slots[nextSlot].good < 0 {
			notLoaded(slots[nextSlot].name, slots[nextSlot].diags)
			nextSlot++
		}
		if nextSlot < len(slots) && slots[nextSlot].good == good {
			nextSlot++
		}
	}
	// Scenarios finish in any order; each is emitted once it and all
	// before it have, so the output is the same for any -p and streams.
	prog := a.newProgress(a.stderr, len(scs))
	done := make([]*outcome, len(scs))
	next := 0
	runScenarios(scs, workers, func(finished, i int, o outcome) {
		done[i] = &o
		if done[next] != nil {
			prog.clear()
			for next < len(scs) && done[next] != nil {
				flushUpTo(next)
				emit(next, *done[next])
				next++
			}
		}
		prog.update(finished, scs[i].name)
	})
	prog.clear()
	flushUpTo(-1)
	if opts.trail != "" {
		if err := os.WriteFile(opts.trail, trailLines.lines.Bytes(), 0o644); err != nil {
			fmt.Fprintf(a.stderr, "rolesim: writing the trail: %v\n", err)
			return exitBadInput
		}
	}

	switch opts.format {
	case outputJSON:
		writeJSON(out, results, sum)
	case outputJUnit:
		writeJUnit(out, results)
	default:
		var b bytes.Buffer
		text.summary(&b, sum)
		out.Write(b.Bytes())
	}
	if out.err != nil {
		fmt.Fprintf(a.stderr, "rolesim: writing results: %v\n", out.err)
		return exitBadInput
	}
	if opts.format != outputText {
		// The report on stdout carries them; stderr shows them in the CI
		// log too.
		a.printDiagnostics(loadDiags)
	}
	if len(bad) > 0 {
		a.printDiagnostics(bad)
		return exitBadInput
	}
	if sum.failed > 0 || sum.notLoaded > 0 {
		return exitFailed
	}
	return exitOK
}

// validate carries out `rolesim validate` and returns the exit status: 0
// when every file is valid, 1 when one is not (or a path cannot be read).
// With --format json the results go to stdout as one document (see
// writeValidateJSON) and the problems to stderr as well.
func (a *app) validate(paths []string, format outputFormat) int {
	ins, pathDiags := a.collect(paths)
	slots, _ := plan(ins, pathDiags)
	out := &stickyWriter{w: a.stdout}
	var diags scenario.Diagnostics
	for _, sl := range slots {
		diags = append(diags, sl.diags...)
		if format == outputText && sl.good >= 0 {
			fmt.Fprintf(out, "ok %s\n", sl.name)
		}
	}
	if format == outputJSON {
		writeValidateJSON(out, slots)
	}
	if out.err != nil {
		fmt.Fprintf(a.stderr, "rolesim: writing results: %v\n", out.err)
		return exitBadInput
	}
	if len(diags) > 0 {
		a.printDiagnostics(diags)
		return exitFailed
	}
	return exitOK
}

// printDiagnostics writes one "file:line:col: message" line per problem to
// stderr, in the order found (each file's own list is sorted by position).
func (a *app) printDiagnostics(ds scenario.Diagnostics) {
	var b bytes.Buffer
	for _, d := range ds {
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	_, _ = a.stderr.Write(b.Bytes())
}

// stickyWriter remembers the first write error and drops later writes, so
// that rendering code can write freely and the error is checked once.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	s.err = err
	return n, err
}
