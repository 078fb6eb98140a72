package explain_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
)

// TestExplainSkippedStep checks that a step skipped because the step whose
// session it uses failed is explained as skipped, naming that step, with
// the outcome the scenario expected (an error here, never "success").
func TestExplainSkippedStep(t *testing.T) {
	src, err := os.ReadFile("testdata/skipped/skipped.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("skipped.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := explain.Explain(rep, src)
	if err != nil {
		t.Fatal(err)
	}
	e := ex.Step("list")
	if e == nil {
		t.Fatal("no step list")
	}
	if e.Check.SkippedBecause != "dev" {
		t.Errorf("Check.SkippedBecause = %q, want dev", e.Check.SkippedBecause)
	}
	text := strings.Join(strings.Fields(e.String()), " ")
	for _, want := range []string{
		`SKIPPED: the scenario expected the error AccessDenied, but the step did not run: step "dev" failed`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the explanation does not say %q:\n%s", want, e)
		}
	}
	if strings.Contains(text, "expected success") {
		t.Errorf("the explanation of a step expecting AccessDenied says it expected success:\n%s", e)
	}
}

// TestExplainSummaryCountsSkippedApart checks the scenario summary: the
// step that failed is counted as not behaving as expected, and the step
// skipped because of it is counted apart (one cause, one failure).
func TestExplainSummaryCountsSkippedApart(t *testing.T) {
	src, err := os.ReadFile("testdata/skipped/skipped.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("skipped.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := explain.Explain(rep, src)
	if err != nil {
		t.Fatal(err)
	}
	want := "Result: 1 of 2 steps did not behave as expected, and 1 did not run because of them."
	if got := ex.String(); !strings.Contains(got, want) {
		t.Errorf("the summary does not say %q:\n%s", want, got)
	}
}
