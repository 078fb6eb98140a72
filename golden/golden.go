// Package golden renders a scenario run as a stable text transcript — every
// step's outcome, the session it issued, and its full decision trace — and
// compares it with a golden file. The assertions package (its Golden option)
// and `rolesim run --golden DIR` share this package, so their golden files
// are the same format and interchangeable.
//
// A transcript depends only on the scenario: positions are written relative
// to the scenario file's directory (the scenario's own file by its base
// name, fixtures as fixture:NAME), so the same scenario gives the same
// transcript whatever directory it is run from.
package golden

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// Ext is the extension of golden trace files.
const Ext = ".golden"

// Path returns the golden file of the scenario named name in dir:
// dir/<name>.golden.
func Path(dir, name string) string { return filepath.Join(dir, name+Ext) }

// Transcript renders rep as text: a header naming the scenario, then per
// step its position, the clock, the outcome (AWS error code and message, or
// success), the session issued, how its duration was decided, and every
// authorization with its request context, each policy evaluated (verdict
// and deciding statement) and the reason for a denial.
func Transcript(rep *sim.Report) []byte {
	w := &writer{}
	if rep == nil || rep.Scenario == nil {
		return nil
	}
	sc := rep.Scenario
	w.base = sc.Pos.File
	w.line("# rolesim golden trace of scenario " + sc.Name)
	w.line("# rewrite with go test -update, or rolesim run --golden DIR --update")
	for _, st := range rep.Steps {
		w.step(st)
	}
	return w.b.Bytes()
}

type writer struct {
	b    bytes.Buffer
	base string // the scenario file, against which positions are written
}

func (w *writer) line(parts ...string) {
	for _, p := range parts {
		w.b.WriteString(p)
	}
	w.b.WriteByte('\n')
}

// pos writes p relative to the scenario file's directory.
func (w *writer) pos(p scenario.Pos) string {
	if p.File == "" && p.Line == 0 {
		return "(built in)"
	}
	return Relative(w.base, p).String()
}

// Relative returns p with its file written relative to the directory of
// base: base itself by its base name, a fixture as is, another file by its
// slash-separated relative path.
func Relative(base string, p scenario.Pos) scenario.Pos {
	switch {
	case p.File == base:
		p.File = filepath.Base(filepath.FromSlash(base))
		p.File = filepath.ToSlash(p.File)
	case strings.HasPrefix(p.File, scenario.FixturePrefix) || p.File == "":
	default:
		if rel, err := filepath.Rel(filepath.Dir(filepath.FromSlash(base)), filepath.FromSlash(p.File)); err == nil {
			p.File = filepath.ToSlash(rel)
		}
	}
	return p
}

func (w *writer) step(st *sim.StepResult) {
	head := "step " + strconv.Itoa(st.Index)
	if s := st.Step; s != nil {
		head += " " + s.ID + " [" + string(s.Kind) + "] at " + w.pos(s.Pos)
	}
	w.line()
	w.line(head)
	w.line("  clock: ", formatTime(st.At))
	switch {
	case st.Err != nil:
		w.line("  outcome: ", string(st.Err.Code), ": ", st.Err.Message)
		if r := st.Err.Reason; r != nil {
			w.reason("  reason: ", r)
		}
	case st.Step != nil && st.Step.Kind == scenario.StepAdvance:
		w.line("  outcome: clock moved")
	case len(st.Problems) > 0 && st.Actual.Error == "":
		// The step could not run (not an AWS error).
		w.line("  outcome: not run: ", strings.Join(st.Problems, "; "))
	default:
		w.line("  outcome: success")
	}
	w.observed(st.Actual)
	if s := st.Session; s != nil {
		w.line("  session: ", s.ARN)
		w.line("    assumed role id: ", s.AssumedRoleID)
		w.line("    issued: ", formatTime(s.IssuedAt), ", expires: ", formatTime(s.Expiration), " (", s.Duration().String(), ")")
		w.line("    chained: ", strconv.FormatBool(s.Chained), ", caller: ", s.CallerARN)
		if s.SourceIdentity != "" {
			w.line("    source identity: ", s.SourceIdentity)
		}
		for _, t := range s.Inherited {
			w.line("    inherited tag: ", t.Key, "=", t.Value)
		}
		for _, t := range s.Tags {
			w.line("    session tag: ", t.Key, "=", t.Value)
		}
		if len(s.TransitiveTagKeys) > 0 {
			w.line("    transitive tag keys: ", strings.Join(s.TransitiveTagKeys, ", "))
		}
	}
	if st.Trace != nil {
		w.trace(st.Trace)
	}
}

// observed writes the response fields a scenario can check, in a fixed
// order, when set.
func (w *writer) observed(o sim.Observed) {
	for _, f := range []struct{ name, value string }{
		{"arn", o.Arn}, {"account", o.Account}, {"user_id", o.UserID},
		{"packed_policy_size", o.PackedPolicySize},
	} {
		if f.value != "" {
			w.line("  ", f.name, ": ", f.value)
		}
	}
}

func (w *writer) reason(label string, r *sim.Reason) {
	s := label + string(r.Kind) + " " + r.Decision.String()
	if r.Policy != "" {
		s += " by " + r.Policy
	}
	if r.Statement != "" {
		s += ", statement " + r.Statement
		if r.StatementPos.Line > 0 {
			s += " at " + w.pos(r.StatementPos)
		}
	}
	if r.Detail != "" {
		s += ": " + r.Detail
	}
	w.line(s)
}

func (w *writer) trace(t *sim.Trace) {
	if d := t.Duration; d != nil {
		w.line("  duration: requested ", strconv.Itoa(int(d.Requested)), "s, default ", strconv.Itoa(int(d.Default)),
			"s, role maximum ", strconv.Itoa(d.RoleMax), "s, chained ", strconv.FormatBool(d.Chained),
			", effective ", strconv.Itoa(int(d.Effective)), "s: ", d.Rule.String())
	}
	for _, d := range t.Decisions {
		w.line("  decision: ", d.Action, " on ", d.Resource)
		w.line("    caller: ", d.Caller, " (account ", d.CallerAccount, "), resource account ", d.ResourceAccount)
		if d.Naming != sim.NamedNone {
			w.line("    trust policy named the caller by: ", d.Naming.String())
		}
		for _, k := range d.Context {
			w.line("    context ", k.Key, " = ", strings.Join(k.Values, ", "))
		}
		if d.EntryStart >= 0 && d.EntryEnd <= len(t.Entries) && d.EntryStart <= d.EntryEnd {
			for _, e := range t.EntriesOf(d) {
				w.entry(e)
			}
		}
		if d.Denied != nil {
			w.reason("    denied: ", d.Denied)
		} else {
			w.line("    allowed")
		}
	}
	if len(t.Decisions) == 0 {
		for _, e := range t.Entries {
			w.entry(e)
		}
	}
	for _, n := range t.Notes {
		w.line("  note: ", n)
	}
}

func (w *writer) entry(e sim.TraceEntry) {
	s := "    " + string(e.Kind)
	if e.Level != "" {
		s += " at " + e.Level
	}
	if e.Policy != "" {
		s += " " + e.Policy
	}
	s += ": " + e.Decision.String()
	if e.Statement != "" {
		s += " (statement " + e.Statement
		if e.StatementPos.Line > 0 {
			s += " at " + w.pos(e.StatementPos)
		}
		s += ")"
	}
	w.line(s)
}

func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Result is the outcome of Check.
type Result struct {
	// Path is the golden file.
	Path string
	// Missing is set when the file does not exist (and was not written).
	Missing bool
	// Diff is a line diff (- golden, + actual) when they differ and the
	// file was not rewritten; "" otherwise.
	Diff string
	// Written is set when the file was created or rewritten (update).
	Written bool
}

// OK tells whether the golden file matched (or was written).
func (r Result) OK() bool { return !r.Missing && r.Diff == "" }

// Check compares got with the golden file at path. With update set it
// writes got there instead (creating directories as needed) when the file
// is missing or differs; a matching file is left alone.
func Check(path string, got []byte, update bool) (Result, error) {
	res := Result{Path: path}
	want, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if !update {
			res.Missing = true
			return res, nil
		}
	case err != nil:
		return res, err
	case bytes.Equal(want, got):
		return res, nil
	case !update:
		res.Diff = Diff(want, got)
		return res, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return res, err
	}
	if err := os.WriteFile(path, got, 0o644); err != nil {
		return res, err
	}
	res.Written = true
	return res, nil
}

// TB is the part of testing.TB that Assert uses. *testing.T and
// *testing.B satisfy it; declaring it here keeps the testing package out of
// the binaries that use golden (the rolesim command).
type TB interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Errorf(format string, args ...any)
}

// Assert is Check for tests: it fails t when the golden file at path is
// missing (telling how to create it) or differs from got (with a line diff),
// and rewrites it instead when update is set.
func Assert(t TB, path string, got []byte, update bool) {
	t.Helper()
	res, err := Check(path, got, update)
	if err != nil {
		t.Fatal(err)
	}
	if res.Missing {
		t.Fatalf("%s is missing (run go test -update to create it)", path)
	}
	if res.Diff != "" {
		t.Errorf("%s differs (- golden, + actual):\n%s", path, res.Diff)
	}
}
