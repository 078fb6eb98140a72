package examples_test

import (
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/assertions"
	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/scenario"
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

// TestExamples runs every embedded example with the assertions package, as
// a user's suite would: each example a subtest named after its scenario,
// each step a subtest named after its id (go test -run
// 'TestExamples/scp-blocks-chain/developer-to-prod'), every step required
// to meet its expectation.
func TestExamples(t *testing.T) {
	exampleFiles(t) // fails when the embed holds no example
	assertions.RunFS(t, examples.FS, ".", assertions.Parallel())
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
