package main

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rolesim/rolesim/golden"
	"github.com/rolesim/rolesim/scenario"
)

// goldenStatus is the outcome of comparing a scenario's trace with its
// golden file.
type goldenStatus string

// Golden statuses.
const (
	goldenOK      goldenStatus = "ok"
	goldenWritten goldenStatus = "written"
	goldenMissing goldenStatus = "missing"
	goldenDiffers goldenStatus = "differs"
)

// goldenResult is a scenario's golden trace check (run --golden).
type goldenResult struct {
	path   string
	status goldenStatus
	// diff is the line diff (- golden, + actual) when status is differs.
	diff string
}

// failed tells whether the check fails the scenario.
func (g *goldenResult) failed() bool {
	return g != nil && (g.status == goldenMissing || g.status == goldenDiffers)
}

// checkGolden compares the scenario's transcript with dir/<name>.golden,
// rewriting it when update is set; the same files and format as the
// assertions package's Golden option.
func checkGolden(dir string, update bool, r result) (*goldenResult, error) {
	p := golden.Path(dir, r.report.Scenario.Name)
	res, err := golden.Check(p, golden.Transcript(r.report), update)
	if err != nil {
		return nil, err
	}
	g := &goldenResult{path: filepath.ToSlash(p), status: goldenOK}
	switch {
	case res.Written:
		g.status = goldenWritten
	case res.Missing:
		g.status = goldenMissing
	case res.Diff != "":
		g.status, g.diff = goldenDiffers, res.Diff
	}
	return g, nil
}

// goldenNameClashes reports scenarios that share a name: with --golden
// they would share one golden file.
func goldenNameClashes(scs []loaded, dir string) scenario.Diagnostics {
	byName := map[string][]string{}
	for _, l := range scs {
		byName[l.sc.Name] = append(byName[l.sc.Name], l.name)
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	var diags scenario.Diagnostics
	for _, n := range names {
		files := byName[n]
		if len(files) < 2 {
			continue
		}
		for _, f := range files[1:] {
			diags = append(diags, &scenario.Diagnostic{Pos: scenario.Pos{File: f},
				Message: "scenario name " + n + " is also the name of " + files[0] + "; with --golden both would use " + filepath.ToSlash(golden.Path(dir, n)) + ": rename one"})
		}
	}
	return diags
}

// writeGoldenText writes the golden check under a scenario's block of the
// text report; nothing when the trace matched.
func (r textRenderer) writeGolden(b *bytes.Buffer, g *goldenResult) {
	if g == nil {
		return
	}
	switch g.status {
	case goldenWritten:
		b.WriteString(stepIndent + "golden trace written: " + g.path + "\n")
	case goldenMissing:
		b.WriteString(stepIndent + r.status(false) + " golden trace " + g.path + " does not exist; write it with --update\n")
	case goldenDiffers:
		b.WriteString(stepIndent + r.status(false) + " golden trace " + g.path + " differs (- golden, + actual); rewrite it with --update if the change is intended:\n")
		for _, l := range strings.Split(strings.TrimRight(g.diff, "\n"), "\n") {
			b.WriteString(detailIndent + l + "\n")
		}
	}
}
