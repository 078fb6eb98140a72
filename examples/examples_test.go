package examples_test

import (
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// exampleFiles lists the *.yaml files embedded in examples.FS, sorted. It
// fails the test when there are none: an empty embed would make every other
// test pass vacuously.
func exampleFiles(t *testing.T) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(examples.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".yaml" {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walking examples.FS: %v", err)
	}
	if len(names) == 0 {
		t.Fatal("examples.FS holds no *.yaml files")
	}
	sort.Strings(names)
	return names
}

func load(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.LoadFS(examples.FS, name)
	if err != nil {
		t.Fatalf("loading %s:\n%v", name, err)
	}
	return sc
}

// TestExamples loads and runs every example and requires every step to meet
// its expectation.
func TestExamples(t *testing.T) {
	for _, name := range exampleFiles(t) {
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			sc := load(t, name)
			rep, err := sim.Run(sc)
			if err != nil {
				t.Fatalf("running %s: %v", name, err)
			}
			if len(rep.Steps) != len(sc.Steps) {
				t.Errorf("%s: report has %d step results for %d steps", name, len(rep.Steps), len(sc.Steps))
			}
			for _, s := range rep.Steps {
				if s.Pass {
					continue
				}
				var b strings.Builder
				b.WriteString(name)
				b.WriteString(": step ")
				b.WriteString(stepLabel(s))
				b.WriteString(" failed:")
				for _, p := range s.Problems {
					b.WriteString("\n  - ")
					b.WriteString(p)
				}
				if s.Diff != "" {
					b.WriteString("\n  diff (-want +got):\n")
					b.WriteString(s.Diff)
				}
				t.Error(b.String())
			}
		})
	}
}

func stepLabel(s *sim.StepResult) string {
	label := "#" + strconv.Itoa(s.Index)
	if s.Step != nil {
		if s.Step.ID != "" {
			label += " (" + s.Step.ID + ")"
		}
		if s.Step.Pos.Line > 0 {
			label += " at " + s.Step.Pos.String()
		}
	}
	return label
}

// TestExamplesTeach checks that every example reads like a lesson: a
// description explaining the rule, and at least one step whose outcome is
// stated with an expect block.
func TestExamplesTeach(t *testing.T) {
	for _, name := range exampleFiles(t) {
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			sc := load(t, name)
			if strings.TrimSpace(sc.Description) == "" {
				t.Errorf("%s: description is empty; explain the rule the example teaches", name)
			}
			if len(sc.Steps) == 0 {
				t.Fatalf("%s: no steps", name)
			}
			expects := 0
			for _, st := range sc.Steps {
				if st.Expect != nil {
					expects++
				}
			}
			if expects == 0 {
				t.Errorf("%s: no step has an expect block; state at least one outcome", name)
			}
		})
	}
}
