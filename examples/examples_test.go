package examples_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/assertions"
	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/scenario"
)

// exampleFiles lists the *.yaml files embedded in examples.FS, sorted. It
// fails the test when there are none: an empty embed would make every other
// test pass vacuously.
func exampleFiles(t testing.TB) []string {
	t.Helper()
	names := examples.Names()
	if len(names) == 0 {
		t.Fatal("examples.FS holds no *.yaml files")
	}
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

// TestNames checks that Names lists every embedded scenario once, sorted.
func TestNames(t *testing.T) {
	names := examples.Names()
	if len(names) < 12 {
		t.Fatalf("Names() = %d files, want at least 12 examples", len(names))
	}
	for i, n := range names {
		if !strings.HasSuffix(n, ".yaml") {
			t.Errorf("Names() lists %q, which is not a scenario file", n)
		}
		if i > 0 && names[i-1] >= n {
			t.Errorf("Names() is not sorted or repeats: %q before %q", names[i-1], n)
		}
		if _, err := examples.FS.Open(n); err != nil {
			t.Errorf("Names() lists %q, which FS cannot open: %v", n, err)
		}
	}
}
