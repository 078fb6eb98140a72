package trustgraph

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/internal/svgtext"
)

// EdgeLabel says, in one or more short lines, the longest session an edge
// gives, what gates it, and what can deny it.
func (g *Graph) EdgeLabel(e *Edge) []string {
	d := "up to " + sim.FormatDuration(e.MaxSession)
	if e.MaxSession == 0 {
		d = "session length set by the service"
	}
	if e.Chained {
		d += " (chained)"
	} else if n := g.Nodes[e.From]; n.Kind == NodeExternal && e.MaxSession > time.Hour && !strings.Contains(n.Detail, "identity provider") && n.Detail != "AWS service" {
		d += " (1h if chained)"
	}
	out := []string{d}
	for _, c := range e.Conditions {
		out = append(out, "if "+c)
	}
	for _, c := range e.Denials {
		out = append(out, "denied when "+c)
	}
	return out
}

// nonEmpty tells whether a group is drawn: it holds a node, itself or
// below, or it is a management account.
func nonEmpty(gr *Group) bool {
	if len(gr.Nodes) > 0 || gr.Management {
		return true
	}
	for _, c := range gr.Groups {
		if nonEmpty(c) {
			return true
		}
	}
	return false
}

// bare tells whether a drawn group holds nothing to draw inside it (a
// management account without users or roles); it then says so.
func bare(gr *Group) bool {
	if len(gr.Nodes) > 0 {
		return false
	}
	for _, c := range gr.Groups {
		if nonEmpty(c) {
			return false
		}
	}
	return true
}

// bareNote is what an empty management account's box says.
const bareNote = "no users or roles"

// Mermaid renders the graph as a Mermaid flowchart, which GitHub renders in
// Markdown.
func (g *Graph) Mermaid() string {
	var b strings.Builder
	b.WriteString("%% Trust graph of " + mermaidComment(g.Title) + ": who can assume which role.\n")
	b.WriteString("flowchart LR\n")
	var group func(gr *Group, indent string)
	group = func(gr *Group, indent string) {
		if !nonEmpty(gr) {
			return
		}
		b.WriteString(indent + "subgraph " + gr.ID + "[\"" + mermaidText(gr.Label) + "\"]\n")
		if bare(gr) {
			b.WriteString(indent + "  " + gr.ID + "_none[\"" + bareNote + "\"]\n")
		}
		for _, c := range gr.Groups {
			group(c, indent+"  ")
		}
		for _, i := range gr.Nodes {
			n := g.Nodes[i]
			label := "\"" + mermaidText(n.Label) + "<br/>" + mermaidText(n.Detail) + "\""
			switch n.Kind {
			case NodeRole:
				b.WriteString(indent + "  " + n.ID + "(" + label + ")\n")
			case NodeExternal, NodeProvider:
				b.WriteString(indent + "  " + n.ID + "{{" + label + "}}\n")
			default:
				b.WriteString(indent + "  " + n.ID + "[" + label + "]\n")
			}
		}
		b.WriteString(indent + "end\n")
	}
	for _, gr := range g.Groups {
		group(gr, "  ")
	}
	for _, e := range g.Edges {
		lines := g.EdgeLabel(e)
		for i := range lines {
			lines[i] = mermaidText(lines[i])
		}
		arrow := " -->|\""
		if e.Chained {
			arrow = " -.->|\""
		}
		b.WriteString("  " + g.Nodes[e.From].ID + arrow + strings.Join(lines, "<br/>") + "\"| " + g.Nodes[e.To].ID + "\n")
	}
	b.WriteString("  classDef user fill:#eef4fc,stroke:#3b7dd8\n")
	b.WriteString("  classDef role fill:#fdf1e3,stroke:#e8912d\n")
	b.WriteString("  classDef ext fill:#f4f4f4,stroke:#888888,stroke-dasharray:4 3\n")
	for _, n := range g.Nodes {
		if n.Kind == NodeProvider {
			b.WriteString("  classDef idp fill:#e8f5f3,stroke:#2a9d8f\n")
			break
		}
	}
	for _, c := range []struct {
		kind  NodeKind
		class string
	}{{NodeUser, "user"}, {NodeRole, "role"}, {NodeExternal, "ext"}, {NodeProvider, "idp"}} {
		var ids []string
		for _, n := range g.Nodes {
			if n.Kind == c.kind {
				ids = append(ids, n.ID)
			}
		}
		if len(ids) > 0 {
			b.WriteString("  class " + strings.Join(ids, ",") + " " + c.class + "\n")
		}
	}
	return b.String()
}

// mermaidText escapes text for a quoted Mermaid label.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("#quot;")
		case '#':
			b.WriteString("#35;")
		case '<':
			b.WriteString("#lt;")
		case '>':
			b.WriteString("#gt;")
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func mermaidComment(s string) string {
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// DOT renders the graph in Graphviz's DOT language.
func (g *Graph) DOT() string {
	var b strings.Builder
	b.WriteString("// Trust graph of " + mermaidComment(g.Title) + ": who can assume which role.\n")
	b.WriteString("digraph trust {\n")
	b.WriteString("  rankdir=LR;\n")
	b.WriteString("  graph [fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  node [fontname=\"Helvetica\", fontsize=11];\n")
	b.WriteString("  edge [fontname=\"Helvetica\", fontsize=9];\n")
	var group func(gr *Group, indent string)
	group = func(gr *Group, indent string) {
		if !nonEmpty(gr) {
			return
		}
		b.WriteString(indent + "subgraph cluster_" + gr.ID + " {\n")
		b.WriteString(indent + "  label=" + dotString(gr.Label) + ";\n")
		style := "rounded"
		if gr.Kind == GroupExternal {
			style = "dashed"
		}
		b.WriteString(indent + "  style=" + style + "; color=\"#999999\";\n")
		if bare(gr) {
			b.WriteString(indent + "  " + gr.ID + "_none [label=" + dotString(bareNote) + ", shape=plaintext, fontcolor=\"#777777\"];\n")
		}
		for _, c := range gr.Groups {
			group(c, indent+"  ")
		}
		for _, i := range gr.Nodes {
			n := g.Nodes[i]
			attrs := "label=" + dotString(n.Label+"\n"+n.Detail)
			switch n.Kind {
			case NodeRole:
				attrs += ", shape=box, style=\"rounded,filled\", fillcolor=\"#fdf1e3\", color=\"#e8912d\""
			case NodeExternal:
				attrs += ", shape=hexagon, style=dashed, color=\"#888888\""
			case NodeProvider:
				attrs += ", shape=hexagon, style=filled, fillcolor=\"#e8f5f3\", color=\"#2a9d8f\""
			default:
				attrs += ", shape=box, style=filled, fillcolor=\"#eef4fc\", color=\"#3b7dd8\""
			}
			if n.ARN != "" {
				attrs += ", tooltip=" + dotString(n.ARN)
			}
			b.WriteString(indent + "  " + n.ID + " [" + attrs + "];\n")
		}
		b.WriteString(indent + "}\n")
	}
	for _, gr := range g.Groups {
		group(gr, "  ")
	}
	for _, e := range g.Edges {
		attrs := "label=" + dotString(strings.Join(g.EdgeLabel(e), "\n"))
		if e.Chained {
			attrs += ", style=dashed, color=\"#e8912d\""
		}
		if e.Via != "" {
			attrs += ", tooltip=" + dotString(e.Via)
		}
		b.WriteString("  " + g.Nodes[e.From].ID + " -> " + g.Nodes[e.To].ID + " [" + attrs + "];\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// dotString quotes s as a DOT string.
func dotString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("\\\"")
		case '\\':
			b.WriteString("\\\\")
		case '\n':
			b.WriteString("\\n")
		case '\r':
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Layout of the SVG picture, in pixels.
const (
	nodeW = 200.0
	// maxName is the most characters of a name or detail a box shows.
	maxName   = 64
	nodeH     = 34.0
	nodeRow   = 44.0
	headRow   = 22.0
	indentW   = 12.0
	topMargin = 44.0
	edgeRow   = 16.0
	// edgeChars is how many characters of an edge's description fit on a
	// line of the legend.
	edgeChars = 120
)

// row is one line of the SVG picture: a group heading or a node, h high.
type row struct {
	y, h  float64
	depth int
	group *Group
	node  int
}

// portGap is the least distance between two arcs' ends on a box.
const portGap = 9.0

// heights gives each node's box height: nodeH, taller when more arcs
// start or end at it than fit portGap apart.
func (g *Graph) heights(arcs []*arc) []float64 {
	ends := make([]int, len(g.Nodes))
	for _, a := range arcs {
		ends[a.from]++
		ends[a.to]++
	}
	out := make([]float64, len(g.Nodes))
	for i, n := range ends {
		out[i] = max(nodeH, 10+float64(n-1)*portGap)
	}
	return out
}

// rows lays the groups out top to bottom, each heading followed by its
// subgroups and nodes.
func (g *Graph) rows(heights []float64) ([]row, int) {
	var out []row
	y := topMargin
	maxDepth := 0
	var walk func(gr *Group, depth int)
	walk = func(gr *Group, depth int) {
		if !nonEmpty(gr) {
			return
		}
		maxDepth = max(maxDepth, depth)
		out = append(out, row{y: y, depth: depth, group: gr, node: -1})
		y += headRow
		for _, c := range gr.Groups {
			walk(c, depth+1)
		}
		for _, n := range gr.Nodes {
			out = append(out, row{y: y, h: heights[n], depth: depth, node: n})
			y += heights[n] + nodeRow - nodeH
		}
	}
	for _, gr := range g.Groups {
		walk(gr, 0)
	}
	return out, maxDepth
}

// MaxSVGEdges is the most edges rolesim draws as an SVG arc diagram
// (rolesim graph, rolesim report): SVG places the arcs' labels apart, which
// takes time growing with the square of the edges, half a second for ten
// thousand and minutes for a hundred thousand.
const MaxSVGEdges = 10000

// SVG draws the graph as an arc diagram: the groups (organization root,
// OUs, accounts) as nested headings down the left, users and roles as boxes
// in one column, and one arc per edge on the right, numbered; the legend
// under the picture spells out each edge's longest session and conditions.
// id prefixes element ids; "" uses "graph". See MaxSVGEdges for its cost.
func (g *Graph) SVG(id string) string {
	if id == "" {
		id = "graph"
	}
	arcs := g.arcs()
	heights := g.heights(arcs)
	rows, maxDepth := g.rows(heights)
	nodeX := 16 + float64(maxDepth+1)*indentW
	// Boxes are as wide as the widest name, up to a role name's 64
	// characters.
	boxW := nodeW
	for _, n := range g.Nodes {
		boxW = max(boxW, svgtext.Width(clip(n.Label, maxName), 12, true)+20, svgtext.Width(clip(n.Detail, maxName), 10, false)+20)
	}
	right := nodeX + boxW
	center := make([]float64, len(g.Nodes))
	bottom := topMargin
	for _, r := range rows {
		if r.node >= 0 {
			center[r.node] = r.y + r.h/2
			bottom = r.y + r.h + nodeRow - nodeH
		} else {
			bottom = max(bottom, r.y+headRow)
		}
	}
	bulge := func(e *Edge) float64 {
		return 34 + 0.42*abs(center[e.To]-center[e.From])
	}
	maxBulge := 60.0
	for _, e := range g.Edges {
		maxBulge = max(maxBulge, bulge(e))
	}
	legend := make([][]string, len(g.Edges))
	legendLines := 0
	for i, e := range g.Edges {
		legend[i] = wrapWords(g.edgeText(e), edgeChars)
		legendLines += len(legend[i])
	}
	w := max(right+maxBulge+90, 760)
	legendTop := bottom + 28
	h := legendTop + float64(legendLines)*edgeRow + float64(len(g.Edges))*4 + 16
	if len(g.Edges) == 0 {
		h = legendTop + edgeRow + 10
	}

	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" id="` + svgtext.Escape(id) + `" width="` + svgtext.Num(w) + `" height="` + svgtext.Num(h) + `" viewBox="0 0 ` + svgtext.Num(w) + ` ` + svgtext.Num(h) + `" font-family="Helvetica, Arial, sans-serif" role="img">` + "\n")
	b.WriteString("<title>" + svgtext.Escape("Trust graph of "+g.Title) + "</title>\n")
	b.WriteString("<style>\ntext{font-size:11px;fill:#222222}\n.title{font-size:15px;font-weight:bold}\n.grp{font-size:11px;font-weight:bold;fill:#555555}\n.node{font-size:12px;font-weight:bold}\n.det{font-size:10px;fill:#555555}\n.num{font-size:10px;font-weight:bold;paint-order:stroke;stroke:#ffffff;stroke-width:3px}\n</style>\n")
	b.WriteString(`<defs><marker id="` + svgtext.Escape(id) + `-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555555"/></marker></defs>` + "\n")
	b.WriteString(`<rect x="0" y="0" width="` + svgtext.Num(w) + `" height="` + svgtext.Num(h) + `" fill="#ffffff"/>` + "\n")
	b.WriteString(`<text x="12" y="22" class="title">` + svgtext.Escape("Who can assume what: "+g.Title) + "</text>\n")

	// Group headings, with a bracket down the left of each group.
	for i, r := range rows {
		if r.node >= 0 {
			continue
		}
		x := 12 + float64(r.depth)*indentW
		label := clip(r.group.Label, 90)
		if bare(r.group) {
			label += " — " + bareNote
		}
		b.WriteString(`<text x="` + svgtext.Num(x) + `" y="` + svgtext.Num(r.y+14) + `" class="grp">` + svgtext.Escape(label) + "</text>\n")
		end := r.y + headRow
		for _, s := range rows[i+1:] {
			if s.depth <= r.depth && s.node < 0 {
				break
			}
			if s.node >= 0 && s.depth < r.depth {
				break
			}
			end = s.y + headRow
			if s.node >= 0 {
				end = s.y + s.h
			}
		}
		b.WriteString(`<line x1="` + svgtext.Num(x+2) + `" y1="` + svgtext.Num(r.y+18) + `" x2="` + svgtext.Num(x+2) + `" y2="` + svgtext.Num(end) + `" stroke="#cccccc" stroke-width="2"/>` + "\n")
	}

	// Arcs, under the boxes: one per pair of nodes (parallel edges merged,
	// their numbers listed on it), each end at a port of its own on the
	// box, so that arcs leaving or reaching one box never share a point.
	from, to := g.ports(arcs, center, heights)
	var labels [][4]float64 // placed label boxes: x1, y1, x2, y2
	for ai, a := range arcs {
		e := g.Edges[a.edges[0]]
		y1, y2 := from[ai], to[ai]
		var d string
		var lx, ly float64
		if a.from == a.to {
			d = "M" + svgtext.Num(right) + "," + svgtext.Num(y1) + " C" + svgtext.Num(right+44) + "," + svgtext.Num(y1-18) + " " + svgtext.Num(right+44) + "," + svgtext.Num(y2+18) + " " + svgtext.Num(right+2) + "," + svgtext.Num(y2)
			lx, ly = right+38, (y1+y2)/2+4
		} else {
			bu := arcBulge(y1, y2)
			bx := right + bu
			d = "M" + svgtext.Num(right) + "," + svgtext.Num(y1) + " C" + svgtext.Num(bx) + "," + svgtext.Num(y1) + " " + svgtext.Num(bx) + "," + svgtext.Num(y2) + " " + svgtext.Num(right+2) + "," + svgtext.Num(y2)
			lx, ly = right+0.75*bu+4, (y1+y2)/2+4
		}
		text := a.label(g)
		lw := svgtext.Width(text, 10, true)
		for moved := true; moved; {
			moved = false
			for _, p := range labels {
				if lx < p[2]+2 && lx+lw > p[0]-2 && ly-9 < p[3]+1 && ly+2 > p[1]-1 {
					ly = p[3] + 10
					moved = true
				}
			}
		}
		labels = append(labels, [4]float64{lx, ly - 9, lx + lw, ly + 2})
		stroke := `stroke="#3b7dd8"`
		switch {
		case e.Chained:
			stroke = `stroke="#e8912d" stroke-dasharray="5,3"`
		case g.Nodes[e.From].Kind == NodeExternal:
			stroke = `stroke="#888888" stroke-dasharray="2,3"`
		case g.Nodes[e.From].Kind == NodeProvider:
			stroke = `stroke="#2a9d8f" stroke-dasharray="2,3"`
		}
		var tips []string
		for _, i := range a.edges {
			tips = append(tips, strconv.Itoa(i+1)+": "+g.edgeText(g.Edges[i]))
		}
		b.WriteString(`<g class="edge"><title>` + svgtext.Escape(strings.Join(tips, "\n")) + `</title><path d="` + d + `" fill="none" stroke-width="1.6" ` + stroke + ` marker-end="url(#` + svgtext.Escape(id) + `-arrow)"/>`)
		b.WriteString(`<text x="` + svgtext.Num(lx) + `" y="` + svgtext.Num(ly) + `" class="num">` + svgtext.Escape(text) + "</text></g>\n")
	}

	// Boxes.
	for _, r := range rows {
		if r.node < 0 {
			continue
		}
		n := g.Nodes[r.node]
		fill, stroke, extra, rx := "#eef4fc", "#3b7dd8", "", "2"
		switch n.Kind {
		case NodeRole:
			fill, stroke, rx = "#fdf1e3", "#e8912d", "12"
		case NodeExternal:
			fill, stroke, extra = "#f4f4f4", "#888888", ` stroke-dasharray="4,3"`
		case NodeProvider:
			fill, stroke, rx = "#e8f5f3", "#2a9d8f", "8"
		}
		tip := n.Label + " (" + n.Detail + ")"
		if n.ARN != "" {
			tip = n.ARN + " (" + n.Detail + ")"
		}
		b.WriteString(`<g><title>` + svgtext.Escape(tip) + `</title><rect x="` + svgtext.Num(nodeX) + `" y="` + svgtext.Num(r.y) + `" width="` + svgtext.Num(boxW) + `" height="` + svgtext.Num(r.h) + `" rx="` + rx + `" fill="` + fill + `" stroke="` + stroke + `" stroke-width="1.5"` + extra + `/>`)
		b.WriteString(`<text x="` + svgtext.Num(nodeX+10) + `" y="` + svgtext.Num(r.y+14) + `" class="node">` + svgtext.Escape(clip(n.Label, maxName)) + `</text>`)
		b.WriteString(`<text x="` + svgtext.Num(nodeX+10) + `" y="` + svgtext.Num(r.y+27) + `" class="det">` + svgtext.Escape(clip(n.Detail, maxName)) + "</text></g>\n")
	}

	// Legend.
	y := legendTop
	if len(g.Edges) == 0 {
		b.WriteString(`<text x="12" y="` + svgtext.Num(y) + `">` + svgtext.Escape("Nobody can assume any role of this scenario.") + "</text>\n")
	}
	for i, lines := range legend {
		for j, l := range lines {
			prefix := ""
			if j == 0 {
				prefix = strconv.Itoa(i+1) + ": "
			}
			b.WriteString(`<text x="` + svgtext.Num(12+float64(min(j, 1))*18) + `" y="` + svgtext.Num(y) + `">` + svgtext.Escape(prefix+l) + "</text>\n")
			y += edgeRow
		}
		y += 4
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// arc is what the SVG draws for the edges between one pair of nodes.
type arc struct {
	from, to int
	// edges are indexes into Graph.Edges, in order.
	edges []int
}

// label is an arc's label: its edges' numbers and longest sessions.
func (a *arc) label(g *Graph) string {
	var nums, durs []string
	for _, i := range a.edges {
		nums = append(nums, strconv.Itoa(i+1))
		d := shortDuration(g.Edges[i].MaxSession)
		if len(durs) == 0 || durs[len(durs)-1] != d {
			durs = append(durs, d)
		}
	}
	return strings.Join(nums, ",") + ": " + strings.Join(durs, "/")
}

// arcs merges the edges that join the same pair of nodes, in the order of
// their first edge.
func (g *Graph) arcs() []*arc {
	var out []*arc
	byPair := map[[2]int]*arc{}
	for i, e := range g.Edges {
		k := [2]int{e.From, e.To}
		if a := byPair[k]; a != nil {
			a.edges = append(a.edges, i)
			continue
		}
		a := &arc{from: e.From, to: e.To, edges: []int{i}}
		byPair[k] = a
		out = append(out, a)
	}
	return out
}

// ports gives each arc's start and end y: the arcs at a box share its
// height, nested so that they do not cross near it (arcs to nodes above
// leave from the top, the nearest highest; arcs to nodes below from the
// bottom, the nearest lowest; a loop back to the box in the middle).
func (g *Graph) ports(arcs []*arc, center, heights []float64) (from, to []float64) {
	type port struct {
		arc   int
		start bool
		above bool
		self  bool
		dist  float64
	}
	at := make([][]port, len(g.Nodes))
	for ai, a := range arcs {
		if a.from == a.to {
			at[a.from] = append(at[a.from], port{arc: ai, start: true, self: true}, port{arc: ai, self: true})
			continue
		}
		d := center[a.to] - center[a.from]
		at[a.from] = append(at[a.from], port{arc: ai, start: true, above: d < 0, dist: abs(d)})
		at[a.to] = append(at[a.to], port{arc: ai, above: d > 0, dist: abs(d)})
	}
	from, to = make([]float64, len(arcs)), make([]float64, len(arcs))
	for n, ps := range at {
		sort.SliceStable(ps, func(i, j int) bool {
			a, b := ps[i], ps[j]
			rank := func(p port) int {
				switch {
				case p.above:
					return 0
				case p.self:
					return 1
				}
				return 2
			}
			switch {
			case rank(a) != rank(b):
				return rank(a) < rank(b)
			case a.dist != b.dist:
				return (a.dist < b.dist) == a.above
			case a.arc != b.arc:
				return a.arc < b.arc
			}
			return a.start && !b.start
		})
		for k, p := range ps {
			y := center[n]
			switch {
			case len(ps) == 2 && p.self:
				y = center[n] - 8 + 16*float64(k)
			case len(ps) > 1:
				y = center[n] - heights[n]/2 + 5 + float64(k)*(heights[n]-10)/float64(len(ps)-1)
			}
			if p.start {
				from[p.arc] = y
			} else {
				to[p.arc] = y
			}
		}
	}
	return from, to
}

// arcBulge is how far right of the boxes an arc from y1 to y2 reaches.
func arcBulge(y1, y2 float64) float64 { return 34 + 0.42*abs(y2-y1) }

// shortDuration labels an arc with the longest session it gives.
func shortDuration(d time.Duration) string {
	if d == 0 {
		return "service"
	}
	return "≤" + sim.FormatDuration(d)
}

// edgeText describes an edge in one sentence.
func (g *Graph) edgeText(e *Edge) string {
	lines := g.EdgeLabel(e)
	s := g.Nodes[e.From].Label + " → " + g.Nodes[e.To].Label + ": " + lines[0]
	if len(lines) > 1 {
		s += ", " + strings.Join(lines[1:], ", ")
	}
	if e.Via != "" {
		s += " (" + e.Via + ")"
	}
	return s
}

// wrapWords breaks s into lines of at most n characters at spaces.
func wrapWords(s string, n int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > n {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return append(lines, line)
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
