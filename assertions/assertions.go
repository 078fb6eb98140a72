// Package assertions runs rolesim scenarios inside go test: one subtest per
// scenario file and per step, named after the file and the step id, so
// `go test -run 'TestOrg/deploy-chain/prod'` selects a single step. A failed
// step reports its file:line, the expected and actual outcome as a go-cmp
// diff (-want +got), and the decision trace.
package assertions

import (
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// RunFile loads the scenario at path and runs it as a subtest of t named
// after the scenario, with one subtest per step.
func RunFile(t *testing.T, path string) {
	t.Helper()
	sc, err := scenario.Load(path)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	runScenario(t, sc)
}

// RunFS is RunFile for a scenario inside a file system (for example an
// embed.FS).
func RunFS(t *testing.T, fsys fs.FS, path string) {
	t.Helper()
	sc, err := scenario.LoadFS(fsys, path)
	if err != nil {
		t.Errorf("%v", err)
		return
	}
	runScenario(t, sc)
}

// RunDir runs every *.yaml and *.yml file below dir (recursively, sorted)
// with RunFile. It fails when it finds none, so a wrong directory never
// passes silently.
func RunDir(t *testing.T, dir string) {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", dir, err)
	}
	if len(files) == 0 {
		t.Fatalf("no scenario files (*.yaml) under %s", dir)
	}
	sort.Strings(files)
	for _, f := range files {
		RunFile(t, f)
	}
}

func runScenario(t *testing.T, sc *scenario.Scenario) {
	t.Helper()
	t.Run(sc.Name, func(t *testing.T) {
		t.Helper()
		rep, err := sim.Run(sc)
		if err != nil {
			t.Fatalf("%s: %v", sc.Pos, err)
		}
		for _, st := range rep.Steps {
			st := st
			t.Run(st.Step.ID, func(t *testing.T) {
				t.Helper()
				if !st.Pass {
					t.Error(FormatFailure(st))
				}
			})
		}
	})
}

// FormatFailure renders a failed step for a test log: its position and id,
// each problem, the diff of expected vs actual, and the decision trace.
func FormatFailure(st *sim.StepResult) string {
	var b strings.Builder
	b.WriteString(st.Step.Pos.String() + ": step " + st.Step.ID + " (" + string(st.Step.Kind) + ") failed")
	for _, p := range st.Problems {
		b.WriteString("\n  " + p)
	}
	if st.Diff != "" {
		b.WriteString("\n  diff (-want +got):\n" + indent(st.Diff, "    "))
	}
	if st.Trace != nil {
		b.WriteString("\n  decision trace:")
		for _, e := range st.Trace.Entries {
			line := "\n    " + e.Action + "  " + string(e.Kind) + "  " + e.Policy + ": " + e.Decision.String()
			if e.Statement != "" {
				line += " (statement " + e.Statement
				if e.StatementPos.Line > 0 {
					line += " at " + e.StatementPos.String()
				}
				line += ")"
			}
			b.WriteString(line)
		}
		for _, n := range st.Trace.Notes {
			b.WriteString("\n    note: " + n)
		}
	}
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}
