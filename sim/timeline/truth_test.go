package timeline_test

import (
	"encoding/xml"
	"strconv"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/internal/svgtext"
	"github.com/rolesim/rolesim/sim/timeline"
)

// node is an element of a parsed SVG document.
type node struct {
	name  string
	attr  map[string]string
	text  string
	kids  []*node
	inner string // the text of the element and its descendants
}

// parseSVG parses an SVG document into a tree of elements.
func parseSVG(t *testing.T, text string) *node {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(text))
	root := &node{name: "#document"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attr: map[string]string{}}
			for _, a := range tk.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			for _, n := range stack {
				n.inner += string(tk)
			}
			stack[len(stack)-1].text += string(tk)
		}
	}
	return root
}

// all returns the elements below n (n included) for which keep is true, in
// document order.
func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		if keep(m) {
			out = append(out, m)
		}
		for _, k := range m.kids {
			walk(k)
		}
	}
	walk(n)
	return out
}

// hasClass tells whether n's class attribute lists c.
func (n *node) hasClass(c string) bool {
	for _, f := range strings.Fields(n.attr["class"]) {
		if f == c {
			return true
		}
	}
	return false
}

func (n *node) num(t *testing.T, attr string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr[attr], 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.name, attr, n.attr[attr], err)
	}
	return v
}

func classed(c string) func(*node) bool { return func(n *node) bool { return n.hasClass(c) } }

func named(name string) func(*node) bool { return func(n *node) bool { return n.name == name } }

// marker is an event marker as drawn: its number, its circle's centre and
// the horizontal room its circles take.
type marker struct {
	g       *node
	index   int
	cx, cy  float64
	lo, hi  float64
	classes string
}

// markers reads the event markers of a timeline SVG.
func markers(t *testing.T, doc *node) []marker {
	t.Helper()
	var out []marker
	for _, g := range doc.all(classed("event")) {
		m := marker{g: g, classes: g.attr["class"], lo: 1e9, hi: -1e9}
		for _, c := range g.all(named("circle")) {
			cx, r := c.num(t, "cx"), c.num(t, "r")
			m.lo, m.hi = min(m.lo, cx-r), max(m.hi, cx+r)
		}
		texts := g.all(named("text"))
		if len(texts) == 0 {
			t.Fatalf("a marker without its number: %v", g.attr)
		}
		m.index, _ = strconv.Atoi(texts[0].text)
		m.cx, m.cy = texts[0].num(t, "x"), texts[0].num(t, "y")-3
		out = append(out, m)
	}
	return out
}

func render(t *testing.T, src string) (*timeline.Timeline, *node, string) {
	t.Helper()
	sc, err := scenario.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	tl := timeline.Build(rep)
	svg := tl.SVG("")
	if err := wellFormed(svg); err != nil {
		t.Fatal(err)
	}
	return tl, parseSVG(t, svg), svg
}

// TestBursts checks that a repeated step is drawn as what it is (issue
// 12): counts of allowed and throttled requests, and the session its
// credentials are, not one refused request with an empty error.
func TestBursts(t *testing.T) {
	tl := timeline.Build(runExample(t, "40-sts-request-rate-quota.yaml"))
	type want struct {
		id                                  string
		count, succeeded, throttled, failed int
		sessions                            int
		text                                string
	}
	wants := []want{
		{"burst", 700, 600, 100, 0, 600, "burst at 00:00:00: AssumeRole Deploy ×700 at one instant: 600 allowed, 100 throttled (Throttling: Rate exceeded); 600 sessions issued, the last drawn"},
		{"spread", 700, 700, 0, 0, 700, "spread at 00:00:01–00:00:02: AssumeRole Deploy ×700 spread over 1s: 700 allowed; 700 sessions issued, the last drawn"},
		{"sustained", 1200, 1099, 101, 0, 0, "sustained at 00:00:02–00:00:03: GetCallerIdentity ×1200 spread over 1s: 1099 allowed, 101 throttled (Throttling: Rate exceeded)"},
	}
	svg := tl.SVG("")
	doc := parseSVG(t, svg)
	ms := markers(t, doc)
	for _, w := range wants {
		var ev *timeline.Event
		for _, e := range tl.Events {
			if e.ID == w.id {
				ev = e
			}
		}
		if ev == nil || ev.Burst == nil {
			t.Fatalf("step %s: %+v, want an event with its burst's counts", w.id, ev)
		}
		b := ev.Burst
		if b.Count != w.count || b.Succeeded != w.succeeded || b.Throttled != w.throttled || b.Failed != w.failed || b.Sessions != w.sessions {
			t.Errorf("step %s: burst %+v, want %d sent, %d allowed, %d throttled, %d failed, %d sessions", w.id, *b, w.count, w.succeeded, w.throttled, w.failed, w.sessions)
		}
		if !ev.Pass || ev.Error != "" {
			t.Errorf("step %s: Pass %v, Error %q; want a passing step with no error", w.id, ev.Pass, ev.Error)
		}
		if got := svgtext.Escape(w.text); !strings.Contains(svg, got) {
			t.Errorf("step %s: the legend lacks %q", w.id, w.text)
		}
		if w.sessions > 0 {
			if ev.NewLane < 0 || tl.Lanes[ev.NewLane].Session == nil {
				t.Errorf("step %s issued %d sessions but has no session lane", w.id, w.sessions)
			} else if d := tl.Lanes[ev.NewLane].Detail; !strings.Contains(d, "the last of "+strconv.Itoa(w.sessions)+" sessions") {
				t.Errorf("step %s: the session lane says %q, want it to be the last of %d", w.id, d, w.sessions)
			}
		}
		found := false
		for _, m := range ms {
			if m.index == ev.Index {
				found = true
				if !m.g.hasClass("burst") || m.g.hasClass("refused") {
					t.Errorf("step %s: marker classes %q, want a burst, not a refusal", w.id, m.classes)
				}
				share := m.g.all(classed("refused-share"))
				if (w.throttled+w.failed > 0) != (len(share) == 1) {
					t.Errorf("step %s: %d refused-share arcs, want one exactly when some requests were refused", w.id, len(share))
				}
				if !strings.Contains(m.g.inner, "×"+strconv.Itoa(w.count)) {
					t.Errorf("step %s: the marker does not say how many requests it stands for", w.id)
				}
			}
		}
		if !found {
			t.Errorf("step %s has no marker", w.id)
		}
	}
	if strings.Contains(svg, "refused: <") || strings.Contains(svg, "refused: </text>") {
		t.Error("a step is still described as refused with an empty error")
	}
}

// failing is the timeline test world with expectations that are wrong on
// purpose: step dev expects a one-hour session and gets two, step late expects
// success but is refused; bad-name expects its refusal.
func failing(t *testing.T) string {
	src := world[:strings.Index(world, "  - id: nope\n")]
	src = strings.Replace(src, "      duration_seconds: 7200\n", "      duration_seconds: 7200\n    expect:\n      duration: 1h\n", 1)
	src = strings.Replace(src, "    expect:\n      error: ExpiredToken\n", "", 1)
	return src + world[strings.Index(world, "  - id: bad-name\n"):]
}

// TestFailuresMostVisible checks that in a failing run the steps that
// missed their expectation carry the thickest mark of the picture, in a
// colour of their own, named in a header and in the key, while an
// expected refusal is plain solid red (issue 12: the failure was the
// faintest mark, a dotted ring).
func TestFailuresMostVisible(t *testing.T) {
	_, doc, svg := render(t, failing(t))
	ms := markers(t, doc)
	if len(ms) == 0 {
		t.Fatal("no markers")
	}
	maxOther := 0.0
	for _, el := range doc.all(func(n *node) bool { return n.attr["stroke-width"] != "" && !n.hasClass("missed-ring") }) {
		maxOther = max(maxOther, el.num(t, "stroke-width"))
	}
	unexpected := map[int]bool{1: true, 4: true}
	for _, m := range ms {
		rings := m.g.all(classed("missed-ring"))
		if unexpected[m.index] != m.g.hasClass("unexpected") || unexpected[m.index] != (len(rings) == 1) {
			t.Errorf("marker %d: classes %q, %d rings; want the thick ring exactly on steps that missed their expectation", m.index, m.classes, len(rings))
			continue
		}
		for _, r := range rings {
			if sw := r.num(t, "stroke-width"); sw <= maxOther {
				t.Errorf("marker %d: its ring is %v wide, no thicker than other strokes (%v)", m.index, sw, maxOther)
			}
			if r.attr["stroke-dasharray"] != "" {
				t.Errorf("marker %d: its ring is dashed", m.index)
			}
			if r.num(t, "r") <= 8 {
				t.Errorf("marker %d: its ring (r=%v) does not surround the marker", m.index, r.num(t, "r"))
			}
		}
		for _, c := range m.g.all(named("circle")) {
			if c.attr["stroke-dasharray"] != "" {
				t.Errorf("marker %d is dashed: a faint mark", m.index)
			}
		}
	}
	for _, want := range []string{"✗ 2 steps did not go as expected: steps 1 (dev), 4 (late)", "not as expected: the run fails here", "✗ late at 10:30:00"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	for _, m := range ms {
		if m.index == 5 && (!m.g.hasClass("refused") || m.g.hasClass("unexpected")) {
			t.Errorf("the expected refusal (bad-name) is %q, want a plain refused marker", m.classes)
		}
	}
	_, passDoc, passSVG := render(t, world[:strings.Index(world, "  - id: nope\n")])
	if len(passDoc.all(classed("missed-ring"))) != 0 || strings.Contains(passSVG, "did not go as expected") || strings.Contains(passSVG, "the run fails here") {
		t.Error("a passing run shows failure marks")
	}
}

// TestSameInstant checks that markers at the very same instant on a lane
// share one frame, and markers at other instants are outside it, so that
// side by side does not read as time passing (issue 12).
func TestSameInstant(t *testing.T) {
	tl := timeline.Build(runExample(t, "12-three-hop-chain.yaml"))
	doc := parseSVG(t, tl.SVG(""))
	ms := markers(t, doc)
	frames := doc.all(classed("same-instant"))
	if len(frames) == 0 {
		t.Fatal("no same-instant frame")
	}
	at := map[int]string{}
	for _, ev := range tl.Events {
		at[ev.Index] = strconv.Itoa(ev.Lane) + "@" + ev.At.String()
	}
	for _, f := range frames {
		x1, y1 := f.num(t, "x"), f.num(t, "y")
		x2, y2 := x1+f.num(t, "width"), y1+f.num(t, "height")
		var inside []marker
		for _, m := range ms {
			if m.cx > x1 && m.cx < x2 && m.cy > y1 && m.cy < y2 {
				inside = append(inside, m)
			}
		}
		if len(inside) < 2 {
			t.Errorf("frame at x %v–%v holds %d markers, want at least two", x1, x2, len(inside))
			continue
		}
		for _, m := range inside {
			if at[m.index] != at[inside[0].index] {
				t.Errorf("marker %d (%s) shares a frame with marker %d (%s)", m.index, at[m.index], inside[0].index, at[inside[0].index])
			}
			if m.lo < x1 || m.hi > x2 {
				t.Errorf("marker %d sticks out of its frame", m.index)
			}
		}
	}
	for _, a := range ms {
		for _, b := range ms {
			if a.index < b.index && at[a.index] == at[b.index] {
				shared := false
				for _, f := range frames {
					x1, x2 := f.num(t, "x"), f.num(t, "x")+f.num(t, "width")
					y1, y2 := f.num(t, "y"), f.num(t, "y")+f.num(t, "height")
					if a.cx > x1 && a.cx < x2 && b.cx > x1 && b.cx < x2 && a.cy > y1 && a.cy < y2 {
						shared = true
					}
				}
				if !shared {
					t.Errorf("markers %d and %d are at the same instant on one lane but not framed together", a.index, b.index)
				}
			}
		}
	}
}

// hopPoints reads a hop path's points (control points included).
func hopPoints(t *testing.T, d string) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, f := range strings.FieldsFunc(d, func(r rune) bool { return r == ' ' || r == 'M' || r == 'C' || r == 'L' || r == 'Q' }) {
		a, b, _ := strings.Cut(f, ",")
		x, err1 := strconv.ParseFloat(a, 64)
		y, err2 := strconv.ParseFloat(b, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad point %q in %q", f, d)
		}
		out = append(out, [2]float64{x, y})
	}
	return out
}

// TestHopsCrossNoMarker checks that a hop's arrow runs down to its new
// session where it crosses no marker: neither on the lanes between nor on
// the new session's lane, where its head lands; that no two arrows share
// a vertical run; and that an arrow that turns back to a short session's
// bar crosses no marker either (issue 12).
func TestHopsCrossNoMarker(t *testing.T) {
	// alice's second hop, at the instant dev is used, crosses dev's lane.
	src := world[:strings.Index(world, "  - advance: 90m\n")] + `  - id: use-dev
    whoami: dev
  - id: dev2
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: second
  - id: use-dev2
    whoami: dev2
`
	docs := map[string]*node{}
	_, docs["crossing"], _ = render(t, src)
	for _, name := range []string{"12-three-hop-chain.yaml", "24-get-session-token.yaml", "31-github-actions-oidc.yaml", "40-sts-request-rate-quota.yaml"} {
		docs[name] = parseSVG(t, timeline.Build(runExample(t, name)).SVG(""))
	}
	for name, doc := range docs {
		hops := doc.all(classed("hop"))
		if len(hops) == 0 {
			t.Errorf("%s: no hop arrows", name)
		}
		ms := markers(t, doc)
		type run struct{ x, y0, y1 float64 }
		var runs []run
		for _, h := range hops {
			pts := hopPoints(t, h.attr["d"])
			x0, y0 := pts[0][0], pts[0][1]
			// The vertical run: the x of the last point right of the
			// start, down to the lowest point.
			r, bottom := x0, y0
			for _, p := range pts {
				if p[1] > bottom {
					bottom = p[1]
				}
			}
			for _, p := range pts[1:] {
				if p[1] >= y0+10 && p[0] >= x0 {
					r = p[0]
					break
				}
			}
			if r < x0 {
				t.Errorf("%s: hop %q runs left of its marker", name, h.attr["d"])
			}
			for _, m := range ms {
				// Markers below the hop's start, down to the new lane's.
				if m.cy > y0 && m.cy < bottom+30 && r > m.lo-1 && r < m.hi+1 {
					t.Errorf("%s: hop %q runs through marker %d (x %v–%v)", name, h.attr["d"], m.index, m.lo, m.hi)
				}
			}
			if last := pts[len(pts)-1]; last[0] < r {
				// Turned back along the new lane to its bar's end.
				for _, m := range ms {
					if m.cy > last[1]-8 && m.cy < last[1]+8 && m.hi > last[0] && m.lo < r {
						t.Errorf("%s: hop %q turns back through marker %d", name, h.attr["d"], m.index)
					}
				}
			}
			runs = append(runs, run{r, y0 + 12, bottom})
		}
		for i, a := range runs {
			for _, b := range runs[i+1:] {
				if a.x-b.x < 2 && b.x-a.x < 2 && a.y0 < b.y1 && b.y0 < a.y1 {
					t.Errorf("%s: two hop arrows run down at x=%v over the same lanes", name, a.x)
				}
			}
		}
	}
}

// TestLaneLabelsWhole checks that lane labels are never cut: a long name
// breaks onto a second line where it can, else the column grows to hold
// it (issue 12: an OIDC provider's host and long session names were
// clipped).
func TestLaneLabelsWhole(t *testing.T) {
	long := strings.Repeat("s", 64)
	src := strings.Replace(world[:strings.Index(world, "  - id: chain\n")], "role_session_name: alice", "role_session_name: "+long, 1)
	tl, doc, _ := render(t, src)
	tl32 := timeline.Build(runExample(t, "32-eks-irsa.yaml"))
	for _, c := range []struct {
		name string
		tl   *timeline.Timeline
		doc  *node
	}{{"long-session-name", tl, doc}, {"32-eks-irsa", tl32, parseSVG(t, tl32.SVG(""))}} {
		left := 1e9
		for _, l := range c.doc.all(named("line")) {
			if l.attr["stroke"] == "#999999" && l.attr["y1"] == l.attr["y2"] {
				left = l.num(t, "x1")
			}
		}
		var tops []float64
		for _, n := range c.doc.all(named("text")) {
			if n.hasClass("lane") && n.attr["x"] == "12.0" && (len(tops) == 0 || n.num(t, "y")-tops[len(tops)-1] > 40) {
				tops = append(tops, n.num(t, "y")-18)
			}
		}
		if len(tops) != len(c.tl.Lanes) {
			t.Fatalf("%s: %d lanes drawn, want %d", c.name, len(tops), len(c.tl.Lanes))
		}
		for i, ln := range c.tl.Lanes {
			var name, details []string
			for _, n := range c.doc.all(named("text")) {
				if n.attr["x"] != "12.0" || n.num(t, "y") <= tops[i] || n.num(t, "y") > tops[i]+56 {
					continue
				}
				size, bold := 10.0, false
				if n.hasClass("lane") {
					size, bold = 12, true
					name = append(name, n.text)
				} else {
					details = append(details, n.text)
				}
				if end := 12 + svgtext.Width(n.text, size, bold); end > left-8 {
					t.Errorf("%s: lane text %q ends at x=%v, into the plot (left edge %v)", c.name, n.text, end, left)
				}
			}
			if got := strings.Join(name, ""); got != ln.Label {
				t.Errorf("%s: lane %d's name is drawn as %q, want %q whole", c.name, i, got, ln.Label)
			}
			want := []string{ln.Detail}
			if ln.Detail2 != "" {
				want = append(want, ln.Detail2)
			}
			if strings.Join(details, "|") != strings.Join(want, "|") {
				t.Errorf("%s: lane %d's details are drawn as %q, want %q", c.name, i, details, want)
			}
		}
	}
	if !strings.Contains(tl.Lanes[1].Label, long) {
		t.Fatalf("lane 1 is %q, want the long session name", tl.Lanes[1].Label)
	}
	// Example 32 names one OIDC provider by its provider ARN and by its
	// token's iss: one lane, its host and path broken over two lines.
	var providers []string
	for _, ln := range tl32.Lanes {
		if ln.Kind == timeline.LaneExternal {
			providers = append(providers, ln.Label)
		}
	}
	if len(providers) != 1 || providers[0] != "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" {
		t.Errorf("OIDC provider lanes %q, want one, named by host and path", providers)
	}
}

// TestLimitLabelsInLane checks that every limit label sits well inside the
// lane of its limit line, and that lanes alternate shades (issue 12: a
// label hugging the lane's top edge read as the lane above's).
func TestLimitLabelsInLane(t *testing.T) {
	for _, name := range []string{"03-chain-one-hour-cap.yaml", "12-three-hop-chain.yaml", "31-github-actions-oidc.yaml", "32-eks-irsa.yaml", "43-policy-changes-and-existing-sessions.yaml"} {
		tl := timeline.Build(runExample(t, name))
		doc := parseSVG(t, tl.SVG(""))
		var tops []float64
		for _, n := range doc.all(classed("lane")) {
			// A name broken over two lines has its second 14px under.
			if len(tops) == 0 || n.num(t, "y")-18-tops[len(tops)-1] > 40 {
				tops = append(tops, n.num(t, "y")-18)
			}
		}
		if len(tops) != len(tl.Lanes) {
			t.Fatalf("%s: %d lane labels for %d lanes", name, len(tops), len(tl.Lanes))
		}
		laneH := 0.0
		if len(tops) > 1 {
			laneH = tops[1] - tops[0]
		}
		labels := append(doc.all(classed("cap")), doc.all(classed("max"))...)
		if len(labels) == 0 {
			t.Errorf("%s: no limit labels", name)
		}
		for _, lb := range labels {
			y := lb.num(t, "y")
			lane := -1
			for i, top := range tops {
				if y > top && y <= top+laneH {
					lane = i
				}
			}
			if lane < 0 {
				t.Errorf("%s: limit label %q at y=%v is in no lane", name, lb.text, y)
				continue
			}
			// A 10px label's glyphs reach 7.5px above the baseline and 2px
			// under it.
			if top := tops[lane]; y-7.5 < top+4 || y+2 > top+laneH-4 {
				t.Errorf("%s: limit label %q (baseline %v) hugs the edge of lane %d (%v–%v)", name, lb.text, y, lane, top, top+laneH)
			}
			if tl.Lanes[lane].Session == nil {
				t.Errorf("%s: limit label %q is in lane %d, which has no session", name, lb.text, lane)
			}
		}
		if got, want := len(doc.all(classed("lane-bg"))), len(tl.Lanes)/2; got != want {
			t.Errorf("%s: %d shaded lanes, want every other one (%d)", name, got, want)
		}
	}
}

// TestChangesUnderMarkers checks that a world change's dotted line runs
// under the request markers (it struck through them), and that tick
// labels clear the changes' squares on the axis.
func TestChangesUnderMarkers(t *testing.T) {
	svg := timeline.Build(runExample(t, "43-policy-changes-and-existing-sessions.yaml")).SVG("")
	firstMarker := strings.Index(svg, `<g class="event`)
	lastLine := strings.LastIndex(svg, `stroke-dasharray="1,3"`)
	if firstMarker < 0 || lastLine < 0 || lastLine > firstMarker {
		t.Errorf("a change's line (at %d) is drawn over the markers (from %d)", lastLine, firstMarker)
	}
	doc := parseSVG(t, svg)
	squareTop := 1e9
	for _, g := range doc.all(classed("change")) {
		for _, r := range g.all(named("rect")) {
			squareTop = min(squareTop, r.num(t, "y"))
		}
	}
	for _, n := range doc.all(named("text")) {
		if n.attr["text-anchor"] == "middle" && n.hasClass("small") && n.num(t, "y") < squareTop+14 && n.num(t, "y")+2 > squareTop {
			t.Errorf("tick label %q (baseline %v) runs into the change squares (top %v)", n.text, n.num(t, "y"), squareTop)
		}
	}
}

// TestLimitLabelsApart checks, for every example, that the limit labels
// of a lane never overlap each other nor run across a limit line, nor
// reach into the label column or past the picture's right edge.
func TestLimitLabelsApart(t *testing.T) {
	for _, name := range exampleFiles(t) {
		doc := parseSVG(t, timeline.Build(runExample(t, name)).SVG(""))
		svg := doc.all(named("svg"))[0]
		right := svg.num(t, "width")
		left := 1e9
		for _, l := range doc.all(named("line")) {
			if l.attr["stroke"] == "#999999" && l.attr["y1"] == l.attr["y2"] {
				left = l.num(t, "x1")
			}
		}
		type box struct {
			text           string
			x1, x2, y1, y2 float64
		}
		var boxes []box
		for _, lb := range append(doc.all(classed("cap")), doc.all(classed("max"))...) {
			x, y := lb.num(t, "x"), lb.num(t, "y")
			w := svgtext.Width(lb.text, 10, false)
			if lb.attr["text-anchor"] == "end" {
				x -= w
			}
			b := box{lb.text, x, x + w, y - 8, y + 2}
			if b.x1 < left-1 || b.x2 > right+1 {
				t.Errorf("%s: limit label %q spans x %v–%v, outside the plot (%v–%v)", name, b.text, b.x1, b.x2, left, right)
			}
			for _, o := range boxes {
				if b.x1 < o.x2 && o.x1 < b.x2 && b.y1 < o.y2 && o.y1 < b.y2 {
					t.Errorf("%s: limit labels %q and %q overlap", name, b.text, o.text)
				}
			}
			for _, l := range doc.all(named("line")) {
				if l.attr["stroke-dasharray"] != "4,3" || l.num(t, "y1") > b.y2 || l.num(t, "y2") < b.y1 {
					continue
				}
				if x := l.num(t, "x1"); x > b.x1+1 && x < b.x2-1 {
					t.Errorf("%s: limit label %q runs across a limit line at x=%v", name, b.text, x)
				}
			}
			boxes = append(boxes, b)
		}
	}
}

// TestMarkersInOrder checks, for every example, that the markers of a lane
// run left to right in the order of their steps and never overlap.
func TestMarkersInOrder(t *testing.T) {
	for _, name := range exampleFiles(t) {
		ms := markers(t, parseSVG(t, timeline.Build(runExample(t, name)).SVG("")))
		last := map[float64]marker{}
		for _, m := range ms {
			if p, ok := last[m.cy]; ok {
				if m.cx <= p.cx || m.lo < p.hi-1 {
					t.Errorf("%s: marker %d (x %v) is not after marker %d (x %v) on its lane", name, m.index, m.cx, p.index, p.cx)
				}
			}
			last[m.cy] = m
		}
	}
}

// BenchmarkSVGManySteps renders the timeline of a run of 2,000 steps on
// two lanes: placing markers and routing arrows must not grow faster
// than the steps.
func BenchmarkSVGManySteps(b *testing.B) {
	var src strings.Builder
	src.WriteString(world[:strings.Index(world, "  - advance: 90m\n")])
	for i := range 1000 {
		src.WriteString("  - whoami: dev\n  - id: d" + strconv.Itoa(i) + "\n    assume:\n      as: arn:aws:iam::111111111111:user/alice\n      role_arn: arn:aws:iam::111111111111:role/Dev\n      role_session_name: s\n")
	}
	sc, err := scenario.Parse("t.yaml", []byte(src.String()))
	if err != nil {
		b.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		b.Fatal(err)
	}
	tl := timeline.Build(rep)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if len(tl.SVG("")) == 0 {
			b.Fatal("no SVG")
		}
	}
}
