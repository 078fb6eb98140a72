package sim

import (
	"os"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

// TestREADMETutorial runs the tutorial scenario printed in README.md, so the
// user's first contact stays true.
func TestREADMETutorial(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "## A five-minute tutorial")
	if i < 0 {
		t.Fatal("README.md has no tutorial section")
	}
	rest := text[i:]
	start := strings.Index(rest, "```yaml\n")
	if start < 0 {
		t.Fatal("the tutorial has no yaml block")
	}
	rest = rest[start+len("```yaml\n"):]
	end := strings.Index(rest, "```")
	sc, err := scenario.Parse("chain.yaml", []byte(rest[:end]))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Steps) < 4 {
		t.Fatalf("tutorial has %d steps", len(rep.Steps))
	}
	for _, st := range rep.Steps {
		if !st.Pass {
			t.Errorf("tutorial step %d (%s): %v", st.Index, st.Step.ID, st.Problems)
		}
	}
}
