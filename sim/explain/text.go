package explain

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim"
)

// textWidth is the column prose is wrapped at.
const textWidth = 100

// String renders the whole scenario's explanation as text.
func (s *ScenarioExplanation) String() string {
	var b strings.Builder
	b.WriteString("Scenario " + s.Name + " (" + s.File + ")\n")
	if s.Description != "" {
		wrap(&b, "  ", s.Description)
	}
	failed, skipped := 0, 0
	for _, e := range s.Steps {
		switch {
		case e.Check.SkippedBecause != "":
			skipped++
		case !e.Check.Pass:
			failed++
		}
	}
	switch {
	case failed == 0 && skipped == 0:
		b.WriteString("  Result: every step (" + strconv.Itoa(len(s.Steps)) + ") behaved as expected.\n")
	case skipped == 0:
		b.WriteString("  Result: " + strconv.Itoa(failed) + " of " + strconv.Itoa(len(s.Steps)) + " steps did not behave as expected.\n")
	default:
		b.WriteString("  Result: " + strconv.Itoa(failed) + " of " + strconv.Itoa(len(s.Steps)) + " steps did not behave as expected, and " +
			strconv.Itoa(skipped) + " did not run because of them.\n")
	}
	for _, e := range s.Steps {
		b.WriteString("\n")
		e.write(&b)
	}
	return b.String()
}

// String renders the step's explanation as text.
func (e *Explanation) String() string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

func (e *Explanation) write(b *strings.Builder) {
	b.WriteString("Step " + strconv.Itoa(e.Index))
	if e.ID != "" {
		b.WriteString(" " + strconv.Quote(e.ID))
	}
	b.WriteString(": " + e.What + "\n")
	b.WriteString("  at " + e.Position + ", clock " + e.Clock + "\n")
	if e.Note != "" {
		wrap(b, "  ", "Note: "+e.Note)
	}
	if r := e.Request; r != nil {
		b.WriteString("\nRequest\n")
		switch {
		case r.Advance != "":
			wrap(b, "  ", r.Advance)
		case r.Resource != "":
			b.WriteString("  " + r.API + " on " + r.Resource + "\n")
		default:
			b.WriteString("  " + r.API + "\n")
		}
		w := 0
		for _, p := range r.Parameters {
			w = max(w, len(p.Name))
		}
		for _, p := range r.Parameters {
			b.WriteString("    " + pad(p.Name, w) + "  " + p.Value + "\n")
		}
	}
	if c := e.Caller; c != nil {
		b.WriteString("\nWho is calling\n")
		for _, t := range c.Text {
			wrap(b, "  ", t)
		}
		if e.Kind == "assume" && c.Kind != "root-user" && c.ARN != "" {
			if c.Chaining {
				wrap(b, "  ", "This is role chaining: the caller uses temporary credentials to assume a role, so AWS limits the new session to one hour, whatever the role's MaxSessionDuration.")
			} else {
				wrap(b, "  ", "This is not role chaining: the caller uses long-term keys, so the new session may last up to the role's MaxSessionDuration.")
			}
		}
	}
	if d := e.Duration; d != nil {
		b.WriteString("\nSession duration\n")
		rows := [][2]string{}
		if d.Requested != "" {
			rows = append(rows, [2]string{"requested", d.Requested + " seconds" + humanSeconds(d.Requested)})
		} else {
			rows = append(rows, [2]string{"requested", "nothing (no DurationSeconds)"})
		}
		if d.Default > 0 {
			rows = append(rows, [2]string{"default", seconds(d.Default) + ", when nothing is requested"})
		}
		if d.RoleMax > 0 {
			rows = append(rows, [2]string{"role maximum", seconds(d.RoleMax) + ", the role's MaxSessionDuration"})
		}
		if d.ChainingCap > 0 {
			rows = append(rows, [2]string{"chaining limit", seconds(d.ChainingCap) + ", for every role-chaining call"})
		}
		if d.Allowed > 0 {
			rows = append(rows, [2]string{"allowed", "at most " + seconds(d.Allowed)})
		}
		if d.Effective > 0 {
			rows = append(rows, [2]string{"effective", seconds(d.Effective)})
		} else {
			rows = append(rows, [2]string{"effective", "none: no session was issued"})
		}
		for _, r := range rows {
			b.WriteString("  " + pad(r[0], 15) + r[1] + "\n")
		}
		wrap(b, "  ", "Rule: "+d.Rule)
	}
	for i, a := range e.Authorizations {
		b.WriteString("\nAuthorization " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(e.Authorizations)) + ": may the caller perform " + a.Action + "?\n")
		a.write(b)
	}
	if len(e.Notes) > 0 {
		b.WriteString("\nNotes\n")
		for _, n := range e.Notes {
			wrap(b, "  ", "- "+n)
		}
	}
	b.WriteString("\nOutcome\n")
	for _, t := range e.Outcome.Text {
		wrap(b, "  ", t)
	}
	b.WriteString("\nCheck\n")
	if e.Check.Pass {
		wrap(b, "  ", "PASS: the scenario expected "+e.Check.Expected+", and that is what happened.")
	} else if e.Check.SkippedBecause != "" {
		wrap(b, "  ", "SKIPPED: the scenario expected "+e.Check.Expected+", but the step did not run: step "+strconv.Quote(e.Check.SkippedBecause)+" failed, and the session this step needs was never issued (explain that step).")
	} else {
		wrap(b, "  ", "FAIL: the scenario expected "+e.Check.Expected+".")
		for _, p := range e.Check.Problems {
			wrap(b, "  ", "- "+p)
		}
	}
}

func (a *Authorization) write(b *strings.Builder) {
	b.WriteString("  caller    " + a.Caller + "\n")
	b.WriteString("  resource  " + a.Resource + "\n")
	switch {
	case a.CallerAccount == "":
		b.WriteString("  accounts  the caller belongs to no account; the resource is in " + a.ResourceAccount + "\n")
	case a.ResourceAccount == "":
	case a.SameAccount:
		b.WriteString("  accounts  both in " + a.CallerAccount + " (same account)\n")
	default:
		b.WriteString("  accounts  caller in " + a.CallerAccount + ", resource in " + a.ResourceAccount + " (cross-account)\n")
	}
	for _, sc := range a.Scope {
		wrap(b, "  ", sc)
	}
	b.WriteString("  Policies consulted, in AWS's evaluation order:\n")
	if len(a.Policies) == 0 {
		b.WriteString("    (none)\n")
	}
	for i, p := range a.Policies {
		num := strconv.Itoa(i+1) + ". "
		ind := "    " + strings.Repeat(" ", len(num))
		wrap(b, "    ", num+p.Name+" ("+p.Kind+")")
		switch p.Verdict {
		case "allow":
			wrap(b, ind, "allows it, by statement "+stmtName(p.Statement))
		case "explicit deny":
			wrap(b, ind, "DENIES it explicitly, by statement "+stmtName(p.Statement))
		default:
			wrap(b, ind, "does not allow it: no statement matches")
		}
		if p.Statement != nil {
			writeSource(b, ind+"  ", p.Statement.Source)
		}
		for _, m := range p.Misses {
			what := "statement " + stmtName(&m.Statement) + " did not apply:"
			if m.Statement.Effect == "Deny" {
				what = "Deny statement " + stmtName(&m.Statement) + " did not apply:"
			}
			wrap(b, ind, what)
			for _, r := range m.Reasons {
				wrap(b, ind+"  ", "- "+r)
			}
			writeSource(b, ind+"    ", m.Statement.Source)
		}
	}
	b.WriteString("  Request context (the condition keys AWS evaluates):\n")
	if len(a.Context) == 0 {
		b.WriteString("    (no keys)\n")
	}
	w := 0
	for _, k := range a.Context {
		w = max(w, len(k.Key))
	}
	for _, k := range a.Context {
		b.WriteString("    " + pad(k.Key, w) + " = " + strings.Join(k.Values, ", ") + "\n")
	}
	if len(a.MissingKeys) > 0 {
		wrap(b, "  ", "Missing condition keys: "+strings.Join(a.MissingKeys, ", ")+". A condition on a key the request does not carry fails (unless its operator ends in IfExists).")
	}
	if a.Naming != "" {
		wrap(b, "  ", a.Naming)
	}
	wrap(b, "  ", a.Decision)
}

func stmtName(s *StatementRef) string {
	if s == nil {
		return "(none)"
	}
	out := s.Label
	if s.Position != "" {
		out += " at " + s.Position
	}
	return out
}

// writeSource writes quoted lines with their line numbers.
func writeSource(b *strings.Builder, indent string, lines []SourceLine) {
	w := 0
	for _, l := range lines {
		w = max(w, len(strconv.Itoa(l.Line)))
	}
	for _, l := range lines {
		num := ""
		if l.Line > 0 {
			num = strconv.Itoa(l.Line)
		}
		b.WriteString(indent + strings.Repeat(" ", w-len(num)) + num + " | " + l.Text)
		b.WriteByte('\n')
	}
}

func humanSeconds(raw string) string {
	n, err := strconv.Atoi(raw)
	if err != nil || n <= 0 {
		return ""
	}
	return " (" + sim.FormatDuration(secondsDuration(n)) + ")"
}

func pad(s string, w int) string {
	if len(s) >= w {
		return s
	}
	return s + strings.Repeat(" ", w-len(s))
}

// wrap writes text wrapped at textWidth, every line at indent; the
// continuation lines of a list item ("- ...") are indented under its text.
func wrap(b *strings.Builder, indent, text string) {
	for _, para := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		cont := indent
		if strings.HasPrefix(para, "- ") {
			cont = indent + "  "
		}
		line := indent
		empty := true
		for _, word := range strings.Fields(para) {
			if !empty && len(line)+1+len(word) > textWidth {
				b.WriteString(line + "\n")
				line, empty = cont, true
			}
			if !empty {
				line += " "
			}
			line += word
			empty = false
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
}
