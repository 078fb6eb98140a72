package main

import (
	"bytes"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/check"
	"github.com/rolesim/rolesim/sim/explain"
)

// ANSI colour codes for PASS and FAIL.
const (
	ansiGreen = "\x1b[32m"
	ansiRed   = "\x1b[31m"
	ansiReset = "\x1b[0m"
)

// textRenderer writes the human-readable report. Its output depends only on
// the reports it is given: no clock, no map order.
type textRenderer struct {
	verbose bool
	color   bool
	// explainCmd starts the "see why" hints: how the user runs rolesim
	// ("rolesim" when empty; see app.explainCmd).
	explainCmd string
}

// status returns PASS or FAIL, coloured when colour is on.
func (r textRenderer) status(pass bool) string {
	word, code := "PASS", ansiGreen
	if !pass {
		word, code = "FAIL", ansiRed
	}
	if !r.color {
		return word
	}
	return code + word + ansiReset
}

// scenario writes one scenario's result: its PASS/FAIL line, then the
// failed steps and assertions (every one with -v).
//
//	FAIL testdata/x.yaml (x, 5 steps, 1 failed, 2 assertions, 1 assertion failed)
//	  FAIL step 3 "prod" [assume] at testdata/x.yaml:40:5, clock 2024-01-01T01:00:00Z
//	    ...
//	  FAIL assert "no-prod" [cannot_reach] at testdata/x.yaml:52:5
//	    ...
func (r textRenderer) scenario(b *bytes.Buffer, file string, rep *sim.Report, checks []check.Result) {
	failed := rep.Failed()
	failedAsserts := failedChecks(checks)
	b.WriteString(r.status(failed == 0 && failedAsserts == 0))
	b.WriteString(" " + file + " (" + rep.Scenario.Name + ", " + plural(len(rep.Steps), "step"))
	if failed > 0 {
		b.WriteString(", " + strconv.Itoa(failed) + " failed")
	}
	if skipped := rep.Skipped(); skipped > 0 {
		b.WriteString(", " + strconv.Itoa(skipped) + " skipped")
	}
	if len(checks) > 0 {
		b.WriteString(", " + plural(len(checks), "assertion"))
		if failedAsserts > 0 {
			b.WriteString(", " + plural(failedAsserts, "assertion") + " failed")
		}
	}
	b.WriteString(")\n")
	for _, st := range rep.Steps {
		if st.Pass && !r.verbose {
			continue
		}
		r.step(b, st)
		if !st.Pass && !st.Skipped && st.Step != nil {
			b.WriteString(detailIndent + "see why: " + r.hintCommand() + " explain " + shellQuote(file) + " --step " + shellQuote(st.Step.ID) + "\n")
		}
	}
	for _, c := range checks {
		if c.Pass && !r.verbose {
			continue
		}
		r.assertion(b, file, c)
	}
}

// assertion writes one assertion's verdict: its header line, the note,
// the message, the position it is about (when not the entry's own), every
// path found with its nodes' ARNs, and the command that shows the
// analysis behind it.
//
//	FAIL assert "no-prod" [cannot_reach] at x.yaml:52:5
//	    ci can reach ProdAdmin: ci → Deploy → ProdAdmin, up to 1h (chained)
//	    found: ci → Deploy → ProdAdmin, up to 1h (chained)
//	      arn:aws:iam::111111111111:user/ci → arn:aws:iam::222222222222:role/Deploy → ...
//	    see why: rolesim reach x.yaml --from ci --to ProdAdmin
func (r textRenderer) assertion(b *bytes.Buffer, file string, c check.Result) {
	as := c.Assertion
	b.WriteString(stepIndent + r.status(c.Pass) + " assert " + strconv.Quote(as.ID) + " [" + string(as.Kind) + "] at " + as.Pos.String() + "\n")
	if as.Note != "" {
		writeWrapped(b, detailIndent, "note: ", as.Note)
	}
	writeWrapped(b, detailIndent, "", c.Message)
	if c.At != as.Pos {
		b.WriteString(detailIndent + "at " + c.At.String() + "\n")
	}
	for _, p := range c.Found {
		writeWrapped(b, detailIndent, "found: ", p.Line())
		if len(p.Keys) > 1 {
			writeWrapped(b, nestedIndent, "", strings.Join(p.Keys, " → "))
		}
	}
	if !c.Pass {
		b.WriteString(detailIndent + "see why: " + r.hintCommand() + " " + assertHint(file, as) + "\n")
	}
}

// assertHint is the rolesim command that shows the analysis an assertion
// reads.
func assertHint(file string, as *scenario.Assertion) string {
	switch as.Kind {
	case scenario.AssertCanReach, scenario.AssertCannotReach:
		return "reach " + shellQuote(file) + " --from " + shellQuote(as.Principal.Value) + " --to " + shellQuote(as.Role.Value)
	case scenario.AssertCanPerform, scenario.AssertCannotPerform:
		return "who-can " + shellQuote(as.Action.Value) + " " + shellQuote(as.Resource.Value) + " " + shellQuote(file)
	}
	return "juggling " + shellQuote(file)
}

// shellQuote quotes s for a POSIX shell when it holds anything but letters,
// digits and -_./:=@+,
func shellQuote(s string) string {
	safe := s != ""
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || strings.ContainsRune("-_./:=@+,", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

const (
	stepIndent   = "  "
	detailIndent = "    "
	nestedIndent = "      "
)

// step writes one step: its header line and the details that explain it.
func (r textRenderer) step(b *bytes.Buffer, st *sim.StepResult) {
	if st.Skipped {
		r.skippedStep(b, st)
		return
	}
	b.WriteString(stepIndent + r.status(st.Pass) + " step " + strconv.Itoa(st.Index))
	if st.Step != nil {
		b.WriteString(" " + strconv.Quote(st.Step.ID) + " [" + string(st.Step.Kind) + "] at " + st.Step.Pos.String())
	}
	b.WriteString(", clock " + formatTime(st.At) + "\n")

	if st.Step != nil && st.Step.Note != "" {
		writeWrapped(b, detailIndent, "note: ", st.Step.Note)
	}
	if r.verbose {
		r.session(b, st)
	}
	if r.verbose || !st.Pass {
		r.failure(b, st)
	}
	if st.Pass {
		return
	}
	for _, p := range st.Problems {
		writeWrapped(b, detailIndent, "", p)
	}
	if n := explain.StepNearestMiss(st); n != nil {
		writeWrapped(b, detailIndent, "nearest miss: ", n.String())
	}
	if lines := fieldDiff(st.Expected, st.Actual); len(lines) > 0 {
		b.WriteString(detailIndent + "diff (-want +got):\n")
		for _, l := range lines {
			b.WriteString(nestedIndent + l + "\n")
		}
	}
	if st.Trace != nil && (len(st.Trace.Entries) > 0 || len(st.Trace.Notes) > 0) {
		b.WriteString(detailIndent + "decision trace:\n")
		writeTrace(b, nestedIndent, st.Trace)
	}
}

// session writes the session an assume step issued (-v).
func (r textRenderer) session(b *bytes.Buffer, st *sim.StepResult) {
	s := st.Session
	if s == nil {
		return
	}
	b.WriteString(detailIndent + "session " + s.ARN + "\n")
	b.WriteString(detailIndent + "  expires " + formatTime(s.Expiration) + " (lasts " + sim.FormatDuration(s.Duration()) + ")")
	if s.Chained {
		b.WriteString(", chained")
	}
	b.WriteByte('\n')
}

// failure writes the AWS error a request got and the reason behind it,
// unless a problem line already quotes them.
func (r textRenderer) failure(b *bytes.Buffer, st *sim.StepResult) {
	e := st.Err
	if e == nil {
		return
	}
	if !anyContains(st.Problems, e.Message) {
		writeWrapped(b, detailIndent, "error: ", e.Error())
	}
	if e.Reason != nil {
		if reason := e.Reason.String(); !anyContains(st.Problems, reason) {
			writeWrapped(b, detailIndent, "reason: ", reason)
		}
	}
}

// anyContains tells whether some element of list contains s.
func anyContains(list []string, s string) bool {
	for _, l := range list {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// writeWrapped writes label+text at indent; continuation lines of a
// multi-line text are indented under the text.
func writeWrapped(b *bytes.Buffer, indent, label, text string) {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	pad := indent + strings.Repeat(" ", len(label))
	for i, l := range lines {
		if i == 0 {
			b.WriteString(indent + label + l + "\n")
			continue
		}
		if l == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(pad + l + "\n")
	}
}

// observedField is one checkable field of sim.Observed, named as scenario
// files name it under expect.
type observedField struct {
	name string
	get  func(sim.Observed) string
}

// observedFields lists sim.Observed's fields in report order.
func observedFields() []observedField {
	return []observedField{
		{"error", func(o sim.Observed) string { return o.Error }},
		{"denied_by", func(o sim.Observed) string { return o.DeniedBy }},
		{"deny", func(o sim.Observed) string { return o.Deny }},
		{"expiration", func(o sim.Observed) string { return o.Expiration }},
		{"duration", func(o sim.Observed) string { return o.Duration }},
		{"arn", func(o sim.Observed) string { return o.Arn }},
		{"assumed_role_id", func(o sim.Observed) string { return o.AssumedRoleID }},
		{"source_identity", func(o sim.Observed) string { return o.SourceIdentity }},
		{"packed_policy_size", func(o sim.Observed) string { return o.PackedPolicySize }},
		{"chained", func(o sim.Observed) string { return o.Chained }},
		{"account", func(o sim.Observed) string { return o.Account }},
		{"user_id", func(o sim.Observed) string { return o.UserID }},
		{"succeeded", func(o sim.Observed) string { return o.Succeeded }},
		{"throttled", func(o sim.Observed) string { return o.Throttled }},
		{"failed", func(o sim.Observed) string { return o.Failed }},
	}
}

// fieldDiff lists, as "- name: want" / "+ name: got" pairs, the checked
// fields (those set in want) whose actual value differs. It is computed here
// rather than printed from StepResult.Diff because go-cmp's text is not
// stable from run to run, and the report must be.
func fieldDiff(want, got sim.Observed) []string {
	var out []string
	for _, f := range observedFields() {
		w := f.get(want)
		if w == "" {
			continue
		}
		g := f.get(got)
		if g == "" {
			g = "(none)"
		}
		if w == g {
			continue
		}
		out = append(out, "- "+f.name+": "+w, "+ "+f.name+": "+g)
	}
	return out
}

// writeTrace writes a decision trace: one aligned line per policy evaluated,
// in evaluation order, then the notes.
//
//	sts:AssumeRole  trust_policy     role Prod trust policy: Allow (statement TrustDev at x.yaml:22:11)
//	sts:AssumeRole  identity_policy  user alice inline policy Assume: ImplicitDeny
//	note: role chaining: ...
func writeTrace(b *bytes.Buffer, indent string, t *sim.Trace) {
	wAction, wKind := 0, 0
	for _, e := range t.Entries {
		wAction = max(wAction, len(e.Action))
		wKind = max(wKind, len(e.Kind))
	}
	for _, e := range t.Entries {
		b.WriteString(indent + pad(e.Action, wAction) + "  " + pad(string(e.Kind), wKind) + "  ")
		if e.Policy != "" {
			b.WriteString(e.Policy + ": ")
		}
		b.WriteString(e.Decision.String())
		if e.Statement != "" {
			b.WriteString(" (statement " + e.Statement)
			if e.StatementPos.Line > 0 {
				b.WriteString(" at " + e.StatementPos.String())
			}
			b.WriteString(")")
		}
		b.WriteByte('\n')
	}
	for _, n := range t.Notes {
		writeWrapped(b, indent, "note: ", n)
	}
}

// summary writes the closing line, after a blank line:
//
//	2 scenarios, 1 passed, 1 failed (9 steps, 1 failed)
func (r textRenderer) summary(b *bytes.Buffer, s summary) {
	b.WriteString("\n" + plural(s.scenarios, "scenario") + ", " + strconv.Itoa(s.passed) + " passed, " +
		strconv.Itoa(s.failed) + " failed" + s.extraScenarios() + " (" + plural(s.steps, "step") + ", " + strconv.Itoa(s.failedSteps) + " failed" + s.extraSteps() + s.extraAssertions() + ")\n")
}

// extraAssertions is the summary's count of assertions, when there are
// any.
func (s summary) extraAssertions() string {
	if s.assertions == 0 {
		return ""
	}
	return "; " + plural(s.assertions, "assertion") + ", " + strconv.Itoa(s.failedAssertions) + " failed"
}

func pad(s string, width int) string {
	if len(s) >= width {
		return s
	}
	return s + strings.Repeat(" ", width-len(s))
}

func plural(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}

// formatTime formats an instant of the fake clock as RFC 3339 in UTC.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
