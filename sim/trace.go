package sim

import (
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// Trace records how a request was decided: every policy evaluated, in
// evaluation order, with its verdict and deciding statement, plus notes on
// the rules that applied (chaining, duration bounds, ...). It is recorded
// only when asked for; renderers turn it into text or pictures afterwards.
type Trace struct {
	Entries []TraceEntry
	Notes   []string
}

// TraceEntry is one policy evaluation.
type TraceEntry struct {
	Action       string
	Kind         PolicyKind
	Policy       string
	Decision     policy.Decision
	Statement    string
	StatementPos scenario.Pos
}

func (t *Trace) add(e TraceEntry) { t.Entries = append(t.Entries, e) }

func (t *Trace) note(s string) {
	if t != nil {
		t.Notes = append(t.Notes, s)
	}
}
