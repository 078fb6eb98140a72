package main

import (
	"bytes"
	"strconv"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// The parts of the text report for files that do not load and steps that
// are skipped.

// loadFailure writes a file that did not load: a FAIL line and every
// problem, positioned, indented under it.
//
//	FAIL bad.yaml (does not load: 2 problems)
//	    bad.yaml:3:1: unknown key "acounts" (did you mean "accounts"?)
func (r textRenderer) loadFailure(b *bytes.Buffer, file string, diags scenario.Diagnostics) {
	b.WriteString(r.status(false) + " " + file + " (does not load: " + plural(len(diags), "problem") + ")\n")
	for _, d := range diags {
		writeWrapped(b, detailIndent, "", d.Error())
	}
}

// skippedStep writes a step skipped because a step whose session it uses
// failed: a SKIP line and why, nothing more (the failure is told once, at
// its cause).
func (r textRenderer) skippedStep(b *bytes.Buffer, st *sim.StepResult) {
	b.WriteString(stepIndent + "SKIP step " + strconv.Itoa(st.Index))
	if st.Step != nil {
		b.WriteString(" " + strconv.Quote(st.Step.ID) + " [" + string(st.Step.Kind) + "] at " + st.Step.Pos.String())
	}
	b.WriteString(", clock " + formatTime(st.At) + "\n")
	for _, p := range st.Problems {
		writeWrapped(b, detailIndent, "", p)
	}
}

// hintCommand is the command a "see why" hint starts with.
func (r textRenderer) hintCommand() string {
	if r.explainCmd == "" {
		return "rolesim"
	}
	return r.explainCmd
}

// extraScenarios is the summary's count of files that did not load, when
// there are any.
func (s summary) extraScenarios() string {
	if s.notLoaded == 0 {
		return ""
	}
	return ", " + strconv.Itoa(s.notLoaded) + " did not load"
}

// extraSteps is the summary's count of skipped steps, when there are any.
func (s summary) extraSteps() string {
	if s.skippedSteps == 0 {
		return ""
	}
	return ", " + strconv.Itoa(s.skippedSteps) + " skipped"
}
