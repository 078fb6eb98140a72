package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim"
)

// JUnit XML, as CI systems (Jenkins, GitLab, GitHub Actions reporters, ...)
// read it: one testsuite per scenario, one testcase per step (named after
// the step id, classname the scenario), a failure element with the problems,
// the diff and the decision trace for each failed step, one testcase per
// assert: entry (named after its id, failing with the route, grant or cycle
// found), and one more testcase for a golden trace check. A step skipped because a step whose
// session it uses failed is a testcase with a skipped element ("step S
// failed"); a file that does not load is a testsuite named after the file
// with one failed testcase, "load", holding every problem with its
// position. Times are 0: rolesim runs on a fake
// clock and its output does not depend on the wall clock.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	File     string      `xml:"file,attr,omitempty"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",cdata"`
}

// writeJUnit writes the results as one JUnit XML document.
func writeJUnit(w io.Writer, results []result) {
	doc := junitSuites{Name: "rolesim", Time: "0"}
	text := textRenderer{}
	for _, r := range results {
		if r.report == nil {
			s := loadFailureSuite(r)
			doc.Tests += s.Tests
			doc.Failures += s.Failures
			doc.Suites = append(doc.Suites, s)
			continue
		}
		s := junitSuite{Name: r.report.Scenario.Name, File: r.file, Time: "0"}
		for _, st := range r.report.Steps {
			c := junitCase{Name: stepName(st), Classname: s.Name, File: r.file, Time: "0"}
			if st.Step != nil {
				c.Line = st.Step.Pos.Line
			}
			if st.Skipped {
				c.Skipped = &junitSkipped{Message: "step " + st.SkippedBecause + " failed"}
			} else if !st.Pass {
				var b bytes.Buffer
				text.step(&b, st)
				c.Failure = &junitFailure{Message: failureMessage(st), Type: failureType(st), Text: "\n" + b.String()}
			}
			s.Cases = append(s.Cases, c)
		}
		for _, ch := range r.checks {
			as := ch.Assertion
			c := junitCase{Name: as.ID, Classname: s.Name, File: r.file, Line: as.Pos.Line, Time: "0"}
			if !ch.Pass {
				var b bytes.Buffer
				text.assertion(&b, r.file, ch)
				c.Failure = &junitFailure{Message: ch.Message, Type: "assert " + string(as.Kind), Text: "\n" + b.String()}
			}
			s.Cases = append(s.Cases, c)
		}
		if g := r.golden; g != nil {
			c := junitCase{Name: "golden trace", Classname: s.Name, File: r.file, Time: "0"}
			if g.failed() {
				var b bytes.Buffer
				text.writeGolden(&b, g)
				c.Failure = &junitFailure{Message: "golden trace " + g.path + " " + string(g.status), Type: "golden", Text: "\n" + b.String()}
			}
			s.Cases = append(s.Cases, c)
		}
		for _, c := range s.Cases {
			s.Tests++
			if c.Failure != nil {
				s.Failures++
			}
			if c.Skipped != nil {
				s.Skipped++
			}
		}
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Skipped += s.Skipped
		doc.Suites = append(doc.Suites, s)
	}
	_, _ = io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	// Plain structs of strings and ints encode; a write error is caught by
	// the caller's stickyWriter.
	_ = enc.Encode(doc)
	_, _ = io.WriteString(w, "\n")
}

// loadFailureSuite is the testsuite of a file that does not load: named
// after the file, with one failed testcase "load" whose failure holds every
// problem, file:line:col: message, one a line.
func loadFailureSuite(r result) junitSuite {
	c := junitCase{Name: "load", Classname: r.file, File: r.file, Time: "0"}
	var b strings.Builder
	for _, d := range r.diags {
		b.WriteString(d.Error() + "\n")
	}
	msg := "does not load"
	if len(r.diags) > 0 {
		msg = r.diags[0].Error()
		c.Line = r.diags[0].Pos.Line
	}
	c.Failure = &junitFailure{Message: msg, Type: "load", Text: "\n" + b.String()}
	return junitSuite{Name: r.file, Tests: 1, Failures: 1, Time: "0", File: r.file, Cases: []junitCase{c}}
}

// stepName names a step's testcase: its id (unique in the scenario).
func stepName(st *sim.StepResult) string {
	if st.Step != nil && st.Step.ID != "" {
		return st.Step.ID
	}
	return "step-" + strconv.Itoa(st.Index)
}

// failureMessage is the one-line summary CI shows: the first problem.
func failureMessage(st *sim.StepResult) string {
	if len(st.Problems) > 0 {
		return strings.SplitN(st.Problems[0], "\n", 2)[0]
	}
	return "step failed"
}

// failureType is the AWS error the step got, or "expectation".
func failureType(st *sim.StepResult) string {
	if st.Err != nil {
		return string(st.Err.Code)
	}
	return "expectation"
}
