package reach

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Text renders the report as sentences, one principal a paragraph: the
// principals that start chains first (users, providers, principals outside
// the world), then the roles, each by key; each principal's routes nearest
// first, then by role key.
func (r *Report) Text() string {
	var b strings.Builder
	b.WriteString("Reachability in " + strconv.Quote(r.World) + ":")
	if len(r.Principals) == 0 {
		b.WriteString(" no principal reaches a role.\n")
		return b.String()
	}
	b.WriteString("\n")
	ps := slices.Clone(r.Principals)
	slices.SortStableFunc(ps, func(x, y *Principal) int {
		return cmp.Compare(boolInt(x.Kind == "role"), boolInt(y.Kind == "role"))
	})
	for _, p := range ps {
		p.writeText(&b)
	}
	return b.String()
}

// writeText writes the principal's paragraph of Text: a blank line, the
// principal, then its routes nearest first (then by role key).
func (p *Principal) writeText(b *strings.Builder) {
	routes := slices.Clone(p.Reaches)
	slices.SortStableFunc(routes, func(x, y *Route) int { return cmp.Compare(x.Hops, y.Hops) })
	b.WriteString("\n" + p.Name + " (" + p.Detail)
	if p.Account != "" {
		b.WriteString(", account " + p.Account)
	}
	b.WriteString(") ")
	switch len(p.Reaches) {
	case 0:
		b.WriteString("reaches no role.\n")
		return
	case 1:
		b.WriteString("reaches 1 role:\n")
	default:
		b.WriteString("reaches " + strconv.Itoa(len(p.Reaches)) + " roles:\n")
	}
	for _, rt := range routes {
		b.WriteString("  " + rt.Line() + "\n")
	}
}

// jsonSize estimates the length of JSON's output, so that it is written
// into one buffer instead of one that doubles again and again.
func (r *Report) jsonSize() int {
	n := 64 + len(r.World)
	for _, p := range r.Principals {
		n += 128 + len(p.Principal) + len(p.Name) + len(p.Detail)
		for _, rt := range p.Reaches {
			n += 160 + len(rt.Role) + len(rt.Name)
			for k := range rt.Path {
				n += 6 + len(rt.Path[k]) + len(rt.Names[k])
			}
			for _, c := range rt.Conditions {
				n += 4 + len(c)
			}
			for _, c := range rt.DeniedWhen {
				n += 4 + len(c)
			}
		}
	}
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// JSON renders the report as JSON, principals and routes sorted.
//
// Each route is one line of compact JSON, so that a world of a hundred
// thousand routes stays quick to write and to diff; the document is the
// same value json.Marshal(r) gives.
func (r *Report) JSON() string {
	var b strings.Builder
	b.Grow(r.jsonSize())
	b.WriteString("{\n  \"world\": ")
	putJSON(&b, r.World)
	b.WriteString(",\n  \"principals\": [")
	for i, p := range r.Principals {
		if i > 0 {
			b.WriteByte(',')
		}
		p.writeJSON(&b)
	}
	if len(r.Principals) > 0 {
		b.WriteString("\n  ")
	}
	b.WriteString("]\n}\n")
	return b.String()
}

// writeJSON writes the principal's object of JSON (after the comma that
// separates it from the previous one).
func (p *Principal) writeJSON(b *strings.Builder) {
	put := func(v any) { putJSON(b, v) }
	b.WriteString("\n    {\n      \"principal\": ")
	put(p.Principal)
	b.WriteString(",\n      \"name\": ")
	put(p.Name)
	b.WriteString(",\n      \"kind\": ")
	put(p.Kind)
	b.WriteString(",\n      \"detail\": ")
	put(p.Detail)
	if p.Account != "" {
		b.WriteString(",\n      \"account\": ")
		put(p.Account)
	}
	b.WriteString(",\n      \"reaches\": [")
	for k, rt := range p.Reaches {
		if k > 0 {
			b.WriteByte(',')
		}
		b.WriteString("\n        ")
		put(rt)
	}
	if len(p.Reaches) > 0 {
		b.WriteString("\n      ")
	}
	b.WriteString("]\n    }")
}

// putJSON writes v as JSON; marshalling the plain strings, ints, bools
// and routes of a report cannot fail.
func putJSON(b *strings.Builder, v any) {
	data, _ := json.Marshal(v)
	b.Write(data)
}

// pictureNodes lists the nodes the witness paths touch, in node order.
func (r *Report) pictureNodes() []int {
	g := r.a.Graph
	seen := make(map[int]bool)
	for _, p := range r.Principals {
		seen[p.node] = true
	}
	for _, e := range r.edges {
		seen[g.Edges[e].From], seen[g.Edges[e].To] = true, true
	}
	var out []int
	for i := range g.Nodes {
		if seen[i] {
			out = append(out, i)
		}
	}
	return out
}

// hopLabel says what one edge of a picture gives and asks.
func (a *Analysis) hopLabel(e *trustgraph.Edge) []string {
	d, chained := hopSession(e)
	s := "up to " + sim.FormatDuration(d)
	switch {
	case d == 0:
		s = "session length set by the service"
	case chained:
		s = sim.FormatDuration(d) + " (chained)"
	}
	out := []string{s}
	for _, c := range e.Conditions {
		out = append(out, "if "+c)
	}
	for _, c := range e.Denials {
		out = append(out, "denied when "+c)
	}
	return out
}

// DOT renders the edges of the report's witness paths as a Graphviz
// digraph; chained hops are dashed.
func (r *Report) DOT() string {
	g := r.a.Graph
	var b strings.Builder
	b.WriteString("digraph reach {\n  label=" + dotQuote("Reachability in "+r.World) + ";\n  rankdir=LR;\n  node [shape=box];\n")
	for _, n := range r.pictureNodes() {
		nd := g.Nodes[n]
		shape := ""
		if nd.Kind != trustgraph.NodeRole {
			shape = ", shape=ellipse"
		}
		b.WriteString("  " + nd.ID + " [label=" + dotQuote(r.a.names[n]+"\n"+nd.Detail) + shape + "];\n")
	}
	for _, ei := range r.edges {
		e := g.Edges[ei]
		style := ""
		if e.Chained {
			style = ", style=dashed"
		}
		b.WriteString("  " + g.Nodes[e.From].ID + " -> " + g.Nodes[e.To].ID + " [label=" + dotQuote(strings.Join(r.a.hopLabel(e), "\n")) + style + "];\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// Mermaid renders the edges of the report's witness paths as a Mermaid
// flowchart; chained hops are dotted.
func (r *Report) Mermaid() string {
	g := r.a.Graph
	var b strings.Builder
	b.WriteString("---\ntitle: " + mermaidText("Reachability in "+r.World) + "\n---\nflowchart LR\n")
	for _, n := range r.pictureNodes() {
		nd := g.Nodes[n]
		open, closing := "[\"", "\"]"
		if nd.Kind != trustgraph.NodeRole {
			open, closing = "([\"", "\"])"
		}
		b.WriteString("  " + nd.ID + open + mermaidText(r.a.names[n]) + "<br/>" + mermaidText(nd.Detail) + closing + "\n")
	}
	for _, ei := range r.edges {
		e := g.Edges[ei]
		arrow := " -->"
		if e.Chained {
			arrow = " -.->"
		}
		b.WriteString("  " + g.Nodes[e.From].ID + arrow + "|\"" + mermaidText(strings.Join(r.a.hopLabel(e), "; ")) + "\"| " + g.Nodes[e.To].ID + "\n")
	}
	return b.String()
}

func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// mermaidText escapes text for a quoted Mermaid label.
func mermaidText(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case '"':
			b.WriteString("#quot;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '#':
			b.WriteString("#35;")
		case '|':
			b.WriteString("#124;")
		case '\n':
			b.WriteString(" ")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}
