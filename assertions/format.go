package assertions

import (
	"strings"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
	"github.com/rolesim/rolesim/sim/policy"
)

// FormatFailure renders a failed step for a test log:
//
//	FILE:LINE:COL: step "prod" (assume) failed
//	  note: ...
//	  expected: success
//	  actual:   AccessDenied: User: ... is not authorized to perform: sts:AssumeRole on resource: ...
//	  diff (-want +got):
//	    ...
//	  decided by: explicit deny in service control policy (SCP DenyProd attached to the root, statement NoProd at FILE:24:13)
//	    statement NoProd: Deny sts:AssumeRole on arn:aws:iam::333333333333:role/*
//	  nearest miss: ...
//	  decision trace:
//	    sts:AssumeRole  scp  SCP DenyProd attached to the root: ExplicitDeny (statement NoProd at FILE:24:13)
//	    ...
//
// For a request refused by an implicit deny (or allowed where the scenario
// expected an error), the nearest miss line names the statement that came
// closest to the expected outcome and what stopped it, as rolesim explain
// words it:
//
//	nearest miss: statement TrustAlice of trust policy of role Dev (FILE:34:15): Principal lists "arn:aws:iam::111111111111:user/alcie", but the caller is arn:aws:iam::111111111111:user/alice.
//
// The step's position comes first so that editors and CI annotate the
// line.
func FormatFailure(st *sim.StepResult) string {
	var b strings.Builder
	if s := st.Step; s != nil {
		b.WriteString(s.Pos.String() + ": step " + quote(s.ID) + " (" + string(s.Kind) + ") failed")
		if s.Note != "" {
			b.WriteString("\n  note: " + oneLine(s.Note))
		}
	} else {
		b.WriteString("step failed")
	}
	b.WriteString("\n  expected: " + describeOutcome(st.Expected, nil, st.Expected))
	b.WriteString("\n  actual:   " + describeOutcome(st.Actual, st.Err, st.Expected))
	problems := st.Problems
	if len(problems) > 0 && st.Actual.Error != "" && st.Expected.Error != st.Actual.Error {
		// The runner's first problem restates the outcome mismatch that
		// the expected and actual lines show.
		problems = problems[1:]
	}
	for _, p := range problems {
		b.WriteString("\n  why: " + p)
	}
	if st.Diff != "" {
		b.WriteString("\n  diff (-want +got):\n" + indent(st.Diff, "    "))
	}
	writeDecidedBy(&b, st.Err, st.Trace, "  ")
	writeNearestMiss(&b, explain.StepNearestMiss(st), "  ")
	if st.Trace != nil && (len(st.Trace.Entries) > 0 || len(st.Trace.Notes) > 0) {
		b.WriteString("\n  decision trace:")
		writeTrace(&b, st.Trace, "    ")
	}
	return b.String()
}

// describeOutcome renders an outcome: "success" or the error code (with
// the message when err is given), then the checked fields (those set in
// want), as "name: value".
func describeOutcome(o sim.Observed, err *sim.Error, want sim.Observed) string {
	var s string
	switch {
	case err != nil:
		s = string(err.Code)
		if err.Message != "" {
			s += ": " + err.Message
		}
	case o.Error == "":
		s = "not run"
	case strings.HasPrefix(o.Error, "none"): // sim's "none (success)"
		s = "success"
	default:
		s = o.Error
	}
	var fields []string
	for _, f := range observedFields {
		if f.get(want) == "" {
			continue
		}
		v := f.get(o)
		if v == "" {
			v = "(none)"
		}
		fields = append(fields, f.name+": "+v)
	}
	if len(fields) > 0 {
		s += " (" + strings.Join(fields, ", ") + ")"
	}
	return s
}

// observedFields are the checkable fields of sim.Observed other than the
// outcome itself, named as scenario files name them under expect.
var observedFields = []struct {
	name string
	get  func(sim.Observed) string
}{
	{"denied_by", func(o sim.Observed) string { return o.DeniedBy }},
	{"deny", func(o sim.Observed) string { return o.Deny }},
	{"expiration", func(o sim.Observed) string { return o.Expiration }},
	{"duration", func(o sim.Observed) string { return o.Duration }},
	{"arn", func(o sim.Observed) string { return o.Arn }},
	{"assumed_role_id", func(o sim.Observed) string { return o.AssumedRoleID }},
	{"source_identity", func(o sim.Observed) string { return o.SourceIdentity }},
	{"packed_policy_size", func(o sim.Observed) string { return o.PackedPolicySize }},
	{"chained", func(o sim.Observed) string { return o.Chained }},
	{"account", func(o sim.Observed) string { return o.Account }},
	{"user_id", func(o sim.Observed) string { return o.UserID }},
}

// writeDecidedBy writes what decided a request: for a denial, the reason
// and the deciding statement as written; for a success, every statement
// that allowed it.
func writeDecidedBy(b *strings.Builder, err *sim.Error, t *sim.Trace, ind string) {
	if err != nil && err.Reason != nil {
		r := err.Reason
		b.WriteString("\n" + ind + "decided by: " + r.String())
		if st := decidingStatement(r, t); st != nil {
			b.WriteString("\n" + ind + "  statement " + st.Label() + ": " + DescribeStatement(st))
		}
		return
	}
	if err != nil || t == nil {
		return
	}
	first := true
	for _, e := range t.Entries {
		if e.Decision != policy.Allow || e.Stmt == nil {
			continue
		}
		if first {
			b.WriteString("\n" + ind + "allowed by:")
			first = false
		}
		b.WriteString("\n" + ind + "  " + e.Action + " " + string(e.Kind) + " " + e.Policy + ", statement " + e.Statement)
		if e.StatementPos.Line > 0 {
			b.WriteString(" at " + e.StatementPos.String())
		}
		b.WriteString(": " + DescribeStatement(e.Stmt))
	}
}

// writeNearestMiss writes the nearest miss, when there is one.
func writeNearestMiss(b *strings.Builder, n *explain.Nearest, ind string) {
	if n != nil {
		b.WriteString("\n" + ind + "nearest miss: " + n.String())
	}
}

// decidingStatement finds the statement a reason names in the trace.
func decidingStatement(r *sim.Reason, t *sim.Trace) *policy.Statement {
	if t == nil || r.Statement == "" {
		return nil
	}
	for _, e := range t.Entries {
		if e.Stmt != nil && e.Kind == r.Kind && e.Policy == r.Policy && e.Statement == r.Statement {
			return e.Stmt
		}
	}
	return nil
}

// DescribeStatement renders a policy statement in one line, as written:
// "Deny sts:AssumeRole on arn:aws:iam::333333333333:role/* for AWS
// arn:aws:iam::111111111111:root when StringEquals sts:ExternalId = x".
func DescribeStatement(st *policy.Statement) string {
	if st == nil {
		return ""
	}
	s := st.Effect.String()
	if st.NotAction() {
		s += " every action except"
	}
	s += " " + strings.Join(st.Actions(), ", ")
	if st.HasResource() {
		if st.NotResource() {
			s += " on every resource except "
		} else {
			s += " on "
		}
		s += strings.Join(st.Resources(), ", ")
	}
	if st.HasPrincipal() {
		if st.NotPrincipal() {
			s += " for every principal except"
		} else {
			s += " for"
		}
		for i, p := range st.Principals() {
			if i > 0 {
				s += ","
			}
			if p.Type == "*" {
				s += " *"
				continue
			}
			s += " " + p.Type + " " + p.Value
		}
	}
	for i, c := range st.Conditions() {
		if i == 0 {
			s += " when "
		} else {
			s += " and "
		}
		s += c.Operator + " " + c.Key + " = " + strings.Join(c.Values, " | ")
	}
	return s
}

// FormatTrace renders a decision trace, one line per policy evaluated (in
// evaluation order) and one per note, each starting with indent.
func FormatTrace(t *sim.Trace, indent string) string {
	var b strings.Builder
	writeTrace(&b, t, indent)
	return strings.TrimPrefix(b.String(), "\n")
}

func writeTrace(b *strings.Builder, t *sim.Trace, ind string) {
	if t == nil {
		return
	}
	wAction, wKind := 0, 0
	for _, e := range t.Entries {
		wAction = max(wAction, len(e.Action))
		wKind = max(wKind, len(e.Kind))
	}
	for _, e := range t.Entries {
		line := "\n" + ind + pad(e.Action, wAction) + "  " + pad(string(e.Kind), wKind) + "  "
		if e.Policy != "" {
			line += e.Policy + ": "
		}
		line += e.Decision.String()
		if e.Statement != "" {
			line += " (statement " + e.Statement
			if e.StatementPos.Line > 0 {
				line += " at " + e.StatementPos.String()
			}
			line += ")"
		}
		b.WriteString(line)
	}
	for _, n := range t.Notes {
		b.WriteString("\n" + ind + "note: " + oneLine(n))
	}
}

func pad(s string, w int) string {
	if len(s) >= w {
		return s
	}
	return s + strings.Repeat(" ", w-len(s))
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func quote(s string) string { return `"` + s + `"` }
