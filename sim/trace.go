package sim

import (
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// Trace records how a request was decided, for explanations and pictures:
// every authorization made (an AssumeRole is one for sts:AssumeRole, then
// one for sts:TagSession and sts:SetSourceIdentity when needed), every
// policy evaluated in evaluation order with its verdict and deciding
// statement, how the session duration was bounded, and notes on the rules
// that applied. It is recorded only when asked for; renderers turn it into
// text or pictures afterwards.
type Trace struct {
	// Entries lists every policy evaluation of every decision, in order.
	Entries []TraceEntry
	// Decisions lists the authorizations made, in order.
	Decisions []*TraceDecision
	// Duration explains the session duration of an AssumeRole.
	Duration *DurationTrace
	// Notes are plain-English remarks on the rules that applied.
	Notes []string
}

// TraceEntry is one policy evaluation.
type TraceEntry struct {
	Action string
	Kind   PolicyKind
	// Policy names the policy; Ref is the policy itself.
	Policy string
	Ref    *PolicyRef
	// Level is where an SCP or RCP is attached ("the root", "OU Workloads",
	// "account 222222222222"); empty for other kinds.
	Level    string
	Decision policy.Decision
	// Statement is the deciding statement's label, StatementPos its
	// position in the scenario, and Stmt the statement itself (nil when the
	// policy did not match).
	Statement    string
	StatementPos scenario.Pos
	Stmt         *policy.Statement
	// Statements are the policy's statements as the core matched them
	// against this request (policy.Policy.Explain, recorded when the
	// decision was made): explanations render them and evaluate nothing.
	Statements []policy.StatementResult
}

// TraceDecision is one authorization: the request as the policies saw it
// and its outcome.
type TraceDecision struct {
	Action   string
	Resource string
	// Caller is the caller's ARN as AWS prints it.
	Caller          string
	CallerAccount   string
	ResourceAccount string
	Principal       policy.Principal
	// Context is the request context: every condition key and its values,
	// sorted by key.
	Context []ContextKey
	// Naming tells how the resource-based policy (trust policy) named the
	// caller when it allowed; NamedNone when none did.
	Naming Naming
	// Path is the rule that allowed the request; PathNone when denied.
	Path RulePath
	// Denied is the reason for a denial; nil when the request was allowed.
	Denied *Reason
	// EntryStart and EntryEnd delimit this decision's evaluations in
	// Trace.Entries.
	EntryStart, EntryEnd int
}

// ContextKey is a condition key and its values in a request context.
type ContextKey struct {
	Key    string
	Values []string
}

// Request rebuilds the policy request of the decision, for re-evaluating a
// policy statement by statement (policy.Policy.Explain).
func (d *TraceDecision) Request() *policy.Request {
	p := d.Principal
	ctx := &policy.Context{}
	for _, k := range d.Context {
		ctx.Set(k.Key, k.Values...)
	}
	return &policy.Request{Action: d.Action, Resource: d.Resource, Principal: &p, Context: ctx}
}

// EntriesOf returns the evaluations of one decision.
func (t *Trace) EntriesOf(d *TraceDecision) []TraceEntry {
	return t.Entries[d.EntryStart:d.EntryEnd]
}

// DurationTrace records how a session's duration was decided (duration.go),
// for every operation that issues credentials.
type DurationTrace struct {
	// Requested is DurationSeconds as sent; 0 when it was not sent.
	Requested int32
	// Default is the operation's default, used when nothing was requested
	// (0 when the request was refused before it applied).
	Default int32
	// RoleMax is the role's MaxSessionDuration.
	RoleMax int
	// Chained tells whether the one-hour role-chaining cap applied, and
	// ChainCap is that cap in seconds (0 when not chained).
	Chained  bool
	ChainCap int32
	// Min and Max are the operation's API range of DurationSeconds,
	// recorded when the request fell outside it (DurationOutsideRange).
	Min, Max int32
	// Effective is the decided duration in seconds (0 when refused). A
	// request the rule allows can still be refused by a later check.
	Effective int32
	// Rule is the rule that decided (its String says it in words).
	Rule DurationRule
	// Restated lists, by index in Trace.Notes, the notes that say in words
	// only what this record says; a renderer showing the record may leave
	// them out.
	Restated []int
}

func (t *Trace) add(e TraceEntry) { t.Entries = append(t.Entries, e) }

func (t *Trace) note(s string) {
	if t != nil {
		t.Notes = append(t.Notes, s)
	}
}

// snapshot copies a request context (all layers) into a list sorted by key.
// The values are copied: the request context is scratch space reused by the
// next request.
func snapshot(ctx *policy.Context) []ContextKey {
	var buf [48]policy.KeyValues
	all := ctx.AppendAll(buf[:0])
	out := make([]ContextKey, len(all))
	for i, kv := range all {
		out[i] = ContextKey{Key: kv.Key, Values: kv.Values}
	}
	return out
}
