package explain_test

import (
	"os"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
)

// TestExplainUnresolvedVariable checks that a statement invalidated by a
// policy variable without a value is explained as such, naming the
// variable, rather than as a plain mismatch.
func TestExplainUnresolvedVariable(t *testing.T) {
	const file = "../../conformance/unresolved-policy-variable.yaml"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(file, src)
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
	e := ex.Step("notresource-allows-nothing")
	if e == nil {
		t.Fatal("no step notresource-allows-nothing")
	}
	if want := "The policy variable ${aws:PrincipalTag/dept} has no single value in the request, so the statement is invalid and applies to nothing."; !strings.Contains(e.String(), strings.Fields(want)[0]) || !strings.Contains(strings.Join(strings.Fields(e.String()), " "), want) {
		t.Errorf("the explanation does not say %q:\n%s", want, e)
	}
}
