// Package report renders scenario runs as one self-contained HTML page: a
// pass/fail table of every scenario and, for each, its timeline, its trust
// graph and the plain-English explanation of every step. The page has no
// scripts and fetches nothing: the styles and pictures are inline. It is
// well-formed XML (XHTML syntax), and the same runs give the same bytes.
package report

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
	"github.com/rolesim/rolesim/sim/internal/svgtext"
	"github.com/rolesim/rolesim/sim/timeline"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Entry is one scenario run to put in the report.
type Entry struct {
	// File names the scenario file as positions name it.
	File string
	// Source is the file's text, for quoting statements; nil quotes
	// nothing.
	Source []byte
	Report *sim.Report
}

// HTML renders the report page for the runs, in the order given. The error
// is non-nil when a scenario's world cannot be built.
func HTML(title string, entries []Entry) (string, error) {
	type section struct {
		e    Entry
		ex   *explain.ScenarioExplanation
		tl   *timeline.Timeline
		g    *trustgraph.Graph
		fail int
	}
	secs := make([]section, 0, len(entries))
	var scenarios, passed, steps, failedSteps int
	for _, e := range entries {
		ex, err := explain.Explain(e.Report, e.Source)
		if err != nil {
			return "", err
		}
		w, err := sim.NewWorld(e.Report.Scenario)
		if err != nil {
			return "", err
		}
		s := section{e: e, ex: ex, tl: timeline.Build(e.Report), g: trustgraph.Build(w, e.Report.Scenario.Name), fail: e.Report.Failed()}
		secs = append(secs, s)
		scenarios++
		if s.fail == 0 {
			passed++
		}
		steps += len(e.Report.Steps)
		failedSteps += s.fail
	}

	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	b.WriteString("<title>" + svgtext.Escape(title) + "</title>\n<style>\n" + css + "</style>\n</head>\n<body>\n")
	b.WriteString("<h1>" + svgtext.Escape(title) + "</h1>\n")
	b.WriteString("<p class=\"summary\">" + svgtext.Escape(plural(scenarios, "scenario")+", "+strconv.Itoa(passed)+" passed, "+strconv.Itoa(scenarios-passed)+" failed ("+
		plural(steps, "step")+", "+strconv.Itoa(failedSteps)+" failed)") + "</p>\n")

	b.WriteString("<table class=\"results\">\n<thead><tr><th>#</th><th>Scenario</th><th>File</th><th>Steps</th><th>Failed</th><th>Result</th></tr></thead>\n<tbody>\n")
	for i, s := range secs {
		id := "scenario-" + strconv.Itoa(i+1)
		status, class := "PASS", "pass"
		if s.fail > 0 {
			status, class = "FAIL", "fail"
		}
		b.WriteString("<tr class=\"" + class + "\"><td>" + strconv.Itoa(i+1) + "</td><td><a href=\"#" + id + "\">" + svgtext.Escape(s.ex.Name) + "</a></td><td><code>" + svgtext.Escape(s.e.File) +
			"</code></td><td>" + strconv.Itoa(len(s.e.Report.Steps)) + "</td><td>" + strconv.Itoa(s.fail) + "</td><td class=\"status\">" + status + "</td></tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")

	for i, s := range secs {
		n := strconv.Itoa(i + 1)
		status, class := "PASS", "pass"
		if s.fail > 0 {
			status, class = "FAIL", "fail"
		}
		b.WriteString("<section class=\"scenario\" id=\"scenario-" + n + "\">\n")
		b.WriteString("<h2><span class=\"badge " + class + "\">" + status + "</span> " + svgtext.Escape(s.ex.Name) + "</h2>\n")
		b.WriteString("<p class=\"file\"><code>" + svgtext.Escape(s.e.File) + "</code></p>\n")
		if s.ex.Description != "" {
			b.WriteString("<p class=\"description\">" + svgtext.Escape(s.ex.Description) + "</p>\n")
		}
		b.WriteString("<h3>Timeline</h3>\n<div class=\"picture\">\n" + s.tl.SVGLinked("timeline-"+n, stepAnchor(n, "")) + "</div>\n")
		if len(s.g.Edges) > trustgraph.MaxSVGEdges {
			b.WriteString("<h3>Who can assume what</h3>\n<p class=\"description\">" + svgtext.Escape("The trust graph has "+strconv.Itoa(len(s.g.Edges))+
				" edges, more than the picture draws ("+strconv.Itoa(trustgraph.MaxSVGEdges)+"): rolesim graph "+s.e.File+" --format dot writes it for Graphviz.") + "</p>\n")
		} else {
			b.WriteString("<h3>Who can assume what</h3>\n<div class=\"picture\">\n" + s.g.SVG("graph-"+n) + "</div>\n")
			b.WriteString("<details class=\"source\"><summary>Mermaid source of the graph</summary>\n<pre>" + svgtext.Escape(s.g.Mermaid()) + "</pre>\n</details>\n")
		}
		b.WriteString("<h3>Step by step</h3>\n")
		for _, st := range s.ex.Steps {
			stClass, word, open := "pass", "PASS", ""
			switch {
			case st.Check.SkippedBecause != "":
				// One cause, one failure: the step that failed is the red one.
				stClass, word = "skip", "SKIP"
			case !st.Check.Pass:
				stClass, word, open = "fail", "FAIL", " open=\"open\""
			}
			head := "Step " + strconv.Itoa(st.Index)
			if st.ID != "" {
				head += " " + strconv.Quote(st.ID)
			}
			head += ": " + st.What
			b.WriteString("<details class=\"step " + stClass + "\"" + open + "><summary><span class=\"badge " + stClass + "\">" + word + "</span> " + svgtext.Escape(head) + "</summary>\n")
			// The id is inside the details, so that following a marker's
			// link opens a closed explanation (browsers reveal a fragment's
			// target).
			b.WriteString("<pre id=\"" + svgtext.Escape(stepAnchor(n, strconv.Itoa(st.Index))) + "\">" + svgtext.Escape(st.String()) + "</pre>\n</details>\n")
		}
		b.WriteString("</section>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return b.String(), nil
}

const css = `body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:1100px;color:#222222;padding:0 16px}
h1{font-size:26px}
h2{font-size:20px;margin-top:40px;border-top:1px solid #dddddd;padding-top:20px}
h3{font-size:15px;margin-top:22px}
code,pre{font-family:Menlo,Consolas,monospace;font-size:12px}
pre{background:#f7f7f7;border:1px solid #e4e4e4;padding:10px;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
code,summary,.description{overflow-wrap:anywhere}
details.step pre:target{outline:2px solid #3b7dd8;scroll-margin-top:3em}
table.results{border-collapse:collapse;width:100%}
table.results th,table.results td{border-bottom:1px solid #e4e4e4;padding:4px 8px;text-align:left}
tr.fail td.status{color:#c62828;font-weight:bold}
tr.pass td.status{color:#2e7d32;font-weight:bold}
.badge{display:inline-block;font-size:11px;font-weight:bold;color:#ffffff;border-radius:3px;padding:1px 6px;vertical-align:middle}
.badge.pass{background:#2e7d32}
.badge.fail{background:#c62828}
.badge.skip{background:#777777}
.picture{overflow-x:auto}
.picture svg{max-width:100%;height:auto}
details.step{margin:4px 0}
details.step summary{cursor:pointer}
.summary{font-size:15px}
.description{white-space:pre-line}
`

// stepAnchor is the id of step index's explanation in scenario n's section
// (the timeline's markers link to it); with index "" it is the prefix.
func stepAnchor(n, index string) string { return "scenario-" + n + "-step-" + index }

func plural(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}
