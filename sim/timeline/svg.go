package timeline

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/internal/svgtext"
)

// Layout of the picture, in pixels.
const (
	width     = 1000.0
	plotLeft  = 250.0
	plotRight = 960.0
	axisY     = 66.0
	lanesTop  = 76.0
	laneH     = 56.0
	barTop    = 18.0 // bar's offset in its lane
	barH      = 18.0
	markerR   = 8.0
	legendRow = 20.0
	// legendLine is the distance between the lines of one legend entry,
	// legendChars the characters that fit on one.
	legendLine  = 14.0
	legendChars = 150
	charW       = 6.2 // average width of a character at font-size 11
)

// Colours.
const (
	colFirstHop    = "#3b7dd8"
	colChained     = "#e8912d"
	colCap         = "#c62828"
	colRoleMax     = "#7b3fb5"
	colOK          = "#2e7d32"
	colFail        = "#c62828"
	colGap         = "#eeeeee"
	colUserSession = "#2a9d8f"
	colChange      = "#555555"
	colGap2        = "#e0e0e0"
	colGrid        = "#e4e4e4"
	colText        = "#222222"
	colMuted       = "#666666"
	// colUnexpected rings a step that missed its expectation: the
	// strongest mark of the picture, in a colour used for nothing else.
	colUnexpected = "#e6007e"
	colLaneAlt    = "#f5f6f8"
)

// unexpectedStroke is the width of the ring around a step that missed its
// expectation, thicker than any other stroke.
const (
	unexpectedStroke = 3.5
	// ringPad is how far that ring reaches beyond the marker.
	ringPad = 4.5 + unexpectedStroke/2
	// legendPad is the room added above and under such a step's legend
	// entry, so that rings of entries one under the other do not touch.
	legendPad = 4.5
)

// layout maps time to x. off moves the plot right of plotLeft, to make
// room for long lane labels.
type layout struct {
	start, end time.Time
	off        float64
}

// left and right are the plot's edges.
func (l layout) left() float64  { return plotLeft + l.off }
func (l layout) right() float64 { return plotRight + l.off }

func (l layout) x(t time.Time) float64 {
	span, d := l.end.Sub(l.start), t.Sub(l.start)
	if saturated(span) || saturated(d) {
		// Beyond time.Duration's 292 years: whole seconds are precise enough.
		fspan, fd := seconds(l.start, l.end), seconds(l.start, t)
		if fspan <= 0 {
			return l.left()
		}
		return l.left() + fd/fspan*(plotRight-plotLeft)
	}
	if span <= 0 {
		return l.left()
	}
	f := float64(d) / float64(span)
	return l.left() + f*(plotRight-plotLeft)
}

func (l layout) within(t time.Time) bool { return !t.After(l.end) }

// saturated tells whether d is a time.Time difference clamped to the range
// of time.Duration.
func saturated(d time.Duration) bool { return d == math.MaxInt64 || d == math.MinInt64 }

// seconds is the time from a to b in seconds, at any distance.
func seconds(a, b time.Time) float64 {
	return float64(b.Unix()-a.Unix()) + float64(b.Nanosecond()-a.Nanosecond())/1e9
}

// axis chooses the time axis: the run's span plus a margin, widened to
// show the limits that fall shortly after it.
func (t *Timeline) axis() layout {
	end := t.End
	for _, ln := range t.Lanes {
		if b := ln.Session; b != nil && b.Chained {
			end = later(end, b.Issued.Add(time.Hour))
		}
	}
	natural := end.Sub(t.Start)
	if natural < time.Hour {
		natural = time.Hour
		end = t.Start.Add(time.Hour)
	}
	for _, ln := range t.Lanes {
		if b := ln.Session; b != nil {
			// m.Sub(t.Start) <= natural*3/2, without overflowing.
			if m := b.Issued.Add(b.RoleMax); m.Sub(t.Start)-natural <= natural/2 {
				end = later(end, m)
			}
		}
	}
	span := end.Sub(t.Start)
	if saturated(span) {
		margin := (end.Unix() - t.Start.Unix()) / 25
		return layout{start: t.Start, end: time.Unix(end.Unix()+margin, int64(end.Nanosecond())).UTC()}
	}
	return layout{start: t.Start, end: end.Add(span / 25)}
}

// gapText formats the time from a to b like formatDuration, in days and
// the rest beyond time.Duration's 292 years.
func gapText(a, b time.Time) string {
	d := b.Sub(a)
	if !saturated(d) {
		return sim.FormatDuration(d)
	}
	secs := b.Unix() - a.Unix()
	days := secs / 86400
	s := strconv.FormatInt(days, 10) + "d"
	if rest := time.Duration(secs-days*86400)*time.Second + time.Duration(b.Nanosecond()-a.Nanosecond()); rest > 0 {
		s += sim.FormatDuration(rest)
	}
	return s
}

// maxTickIntervals is the most intervals between axis ticks: an axis has at
// most maxTickIntervals+1 ticks, whatever its span.
const maxTickIntervals = 8

// tickStep is a distance between axis ticks: a fixed duration, or a number
// of calendar months (years are twelve months).
type tickStep struct {
	d      time.Duration
	months int
}

// tickSteps are the candidate distances between axis ticks, shortest first;
// yearSteps continues them beyond a century.
var tickSteps = []tickStep{
	{d: time.Minute}, {d: 2 * time.Minute}, {d: 5 * time.Minute}, {d: 10 * time.Minute}, {d: 15 * time.Minute}, {d: 30 * time.Minute},
	{d: time.Hour}, {d: 2 * time.Hour}, {d: 3 * time.Hour}, {d: 6 * time.Hour}, {d: 12 * time.Hour}, {d: 24 * time.Hour},
	{d: 48 * time.Hour}, {d: 7 * 24 * time.Hour}, {d: 14 * 24 * time.Hour},
	{months: 1}, {months: 2}, {months: 3}, {months: 6},
	{months: 12}, {months: 2 * 12}, {months: 5 * 12}, {months: 10 * 12}, {months: 20 * 12}, {months: 50 * 12}, {months: 100 * 12},
}

// yearSteps returns the i-th year step past tickSteps: 200, 500, 1000,
// 2000, 5000 years and so on.
func yearSteps(i int) tickStep {
	years := []int{2, 5, 10}[i%3] * 100
	for range i / 3 {
		years *= 10
	}
	return tickStep{months: years * 12}
}

// monthIndex counts the months from year 0 to t's month.
func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// step chooses the distance between ticks: the shortest candidate that
// divides the axis into at most maxTickIntervals intervals.
func (l layout) step() tickStep {
	span := l.end.Sub(l.start)
	months := monthIndex(l.end.UTC()) - monthIndex(l.start.UTC())
	for i := 0; ; i++ {
		var s tickStep
		if i < len(tickSteps) {
			s = tickSteps[i]
		} else {
			s = yearSteps(i - len(tickSteps))
		}
		if s.d > 0 && !saturated(span) && span/s.d <= maxTickIntervals {
			return s
		}
		if s.months > 0 && months/s.months <= maxTickIntervals {
			return s
		}
	}
}

// ticks returns the axis ticks: the instants of the chosen step's multiples
// (durations counted from year 1, months from year 0) within the axis.
func (l layout) ticks() []time.Time {
	return l.ticksOf(l.step())
}

func (l layout) ticksOf(step tickStep) []time.Time {
	var out []time.Time
	add := func(tk time.Time) bool {
		if tk.After(l.end) || len(out) > maxTickIntervals+1 {
			return false
		}
		if !tk.Before(l.start) {
			out = append(out, tk)
		}
		return true
	}
	if step.d > 0 {
		for tk := l.start.UTC().Truncate(step.d); add(tk); tk = tk.Add(step.d) {
		}
		return out
	}
	first := monthIndex(l.start.UTC())
	first -= (first%step.months + step.months) % step.months
	for m := first; add(time.Date(0, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)); m += step.months {
	}
	return out
}

// tickLabels labels the ticks of step: a clock time, with the day where it
// changes, for steps of at most a day; the day for longer ones, with the
// year where it changes; the month and year for steps of months; the year
// for steps of years.
func tickLabels(ticks []time.Time, step tickStep) []string {
	out := make([]string, len(ticks))
	prevDay, prevYear := "", 0
	for i, tk := range ticks {
		switch {
		case step.d > 0 && step.d <= 24*time.Hour:
			out[i] = tk.Format("15:04")
			if day := tk.Format("Jan 2"); day != prevDay {
				out[i] = day + " " + out[i]
				prevDay = day
			}
		case step.d > 0:
			out[i] = tk.Format("Jan 2")
			if i == 0 || tk.Year() != prevYear {
				out[i] += " " + strconv.Itoa(tk.Year())
			}
		case step.months < 12:
			out[i] = tk.Format("Jan") + " " + strconv.Itoa(tk.Year())
		default:
			out[i] = strconv.Itoa(tk.Year())
		}
		prevYear = tk.Year()
	}
	return out
}

// svgWriter accumulates SVG text.
type svgWriter struct {
	b strings.Builder
}

func (w *svgWriter) raw(s string) { w.b.WriteString(s) }

func (w *svgWriter) text(x, y float64, class, s string) {
	w.raw(`<text x="` + svgtext.Num(x) + `" y="` + svgtext.Num(y) + `" class="` + class + `">` + svgtext.Escape(s) + "</text>\n")
}

func (w *svgWriter) textEnd(x, y float64, class, s string) {
	w.raw(`<text x="` + svgtext.Num(x) + `" y="` + svgtext.Num(y) + `" class="` + class + `" text-anchor="end">` + svgtext.Escape(s) + "</text>\n")
}

func (w *svgWriter) line(x1, y1, x2, y2 float64, attrs string) {
	w.raw(`<line x1="` + svgtext.Num(x1) + `" y1="` + svgtext.Num(y1) + `" x2="` + svgtext.Num(x2) + `" y2="` + svgtext.Num(y2) + `" ` + attrs + "/>\n")
}

// wrapText breaks s into lines of at most n characters at spaces, at most
// maxLines lines (the last one clipped).
func wrapText(s string, n, maxLines int) []string {
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
	lines = append(lines, line)
	if len(lines) > maxLines {
		rest := strings.Join(lines[maxLines-1:], " ")
		lines = append(lines[:maxLines-1], clip(rest, n))
	}
	for i := range lines {
		lines[i] = clip(lines[i], n)
	}
	return lines
}

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// geometry is where a picture's parts go: the plot's edges and the
// vertical positions, which move down when a header line is added.
type geometry struct {
	l                layout
	width            float64
	axisY, lanesTop  float64
	lanesBottom      float64
	xs               []float64 // each event's marker centre
	spans            [][]span  // each lane's markers, left to right
	clusters         []cluster
	unexpected       []string // "index (id)" of every step that missed its expectation
	anchor, idPrefix string
}

// span is the room a marker takes on its lane, from lo to hi.
type span struct {
	lo, hi float64
	event  int
}

// cluster is a run of markers on one lane at the very same instant.
type cluster struct {
	lane   int
	at     time.Time
	events []int
}

// laneTop is the y of lane i's top edge.
func (g *geometry) laneTop(i int) float64 { return g.lanesTop + float64(i)*laneH }

// laneCY is the y of lane i's bar and markers.
func (g *geometry) laneCY(i int) float64 { return g.laneTop(i) + barTop + barH/2 }

// markerWidth is the room an event's marker takes: the circle, and for a
// repeated request its count.
func markerWidth(ev *Event) float64 {
	w := 2 * markerR
	if ev.Burst != nil {
		w += 4 + svgtext.Width(burstCount(ev.Burst), 9, true)
	}
	return w
}

// burstCount labels a repeated request's marker: ×700, or ×700/1s when
// spread over an interval.
func burstCount(b *Burst) string {
	s := "×" + strconv.Itoa(b.Count)
	if b.Over > 0 {
		s += "/" + sim.FormatDuration(b.Over)
	}
	return s
}

// gutter is the width of the lane labels' column: wide enough for every
// label, never cut.
func (t *Timeline) gutter() float64 {
	w := plotLeft - 12 - 16
	for _, ln := range t.Lanes {
		for _, l := range laneLines(ln) {
			w = max(w, l.width())
		}
	}
	return 12 + w + 16
}

// maxLabelW is how wide a lane's name grows before it breaks onto a
// second line (when the lane has a line to spare).
const maxLabelW = 300.0

// laneLine is a line of text in the label column: its offset from the
// lane's top, and whether it is the lane's name (bold) or a detail.
type laneLine struct {
	text string
	dy   float64
	name bool
}

func (l laneLine) width() float64 {
	if l.name {
		return svgtext.Width(l.text, 12, true)
	}
	return svgtext.Width(l.text, 10, false)
}

// laneLines lays out a lane's name and details: three lines, the name
// broken in two at a '/', '.', ':', '-' or '_' when it is wider than
// maxLabelW and the lane has one detail line only. Nothing is cut.
func laneLines(ln *Lane) []laneLine {
	if ln.Detail2 == "" && svgtext.Width(ln.Label, 12, true) > maxLabelW {
		if a, b, ok := splitName(ln.Label); ok {
			return []laneLine{{a, 17, true}, {b, 31, true}, {ln.Detail, 47, false}}
		}
	}
	out := []laneLine{{ln.Label, 18, true}, {ln.Detail, 33, false}}
	if ln.Detail2 != "" {
		out = append(out, laneLine{ln.Detail2, 47, false})
	}
	return out
}

// splitName breaks a long name after the last separator that leaves the
// first part within maxLabelW.
func splitName(s string) (string, string, bool) {
	cut := -1
	for i := 0; i < len(s)-1; i++ {
		if strings.IndexByte("/.:-_", s[i]) >= 0 && svgtext.Width(s[:i+1], 12, true) <= maxLabelW {
			cut = i
		}
	}
	if cut <= 0 {
		return "", "", false
	}
	return s[:cut+1], s[cut+1:], true
}

// layoutFor places everything but the text: the plot, and every marker
// on its lane, pushed right past the ones before it so that none hides
// another.
func (t *Timeline) layoutFor(id, anchor string) *geometry {
	g := &geometry{l: t.axis(), axisY: axisY, lanesTop: lanesTop, anchor: anchor, idPrefix: id}
	g.l.off = t.gutter() - plotLeft
	g.width = width + g.l.off
	for _, ev := range t.Events {
		if !ev.Pass {
			g.unexpected = append(g.unexpected, strconv.Itoa(ev.Index)+" ("+ev.ID+")")
		}
	}
	for _, c := range t.Changes {
		if !c.Pass {
			g.unexpected = append(g.unexpected, strconv.Itoa(c.Index)+" ("+c.ID+")")
		}
	}
	if len(g.unexpected) > 0 {
		g.axisY += legendRow
		g.lanesTop += legendRow
	}
	n := max(len(t.Lanes), 1)
	g.lanesBottom = g.lanesTop + float64(n)*laneH
	g.xs = make([]float64, len(t.Events))
	g.spans = make([][]span, len(t.Lanes))
	last := make([]int, len(t.Lanes)) // each lane's last cluster, +1
	for i, ev := range t.Events {
		if ev.Lane < 0 || ev.Lane >= len(t.Lanes) {
			continue
		}
		x := g.l.x(ev.At)
		w := markerWidth(ev)
		pad := 0.0
		if !ev.Pass {
			pad = ringPad
		}
		// Markers keep the order of their steps: a marker that would
		// touch the lane's last one goes right after it.
		if sp := g.spans[ev.Lane]; len(sp) > 0 && x-markerR-pad < sp[len(sp)-1].hi+1 {
			x = sp[len(sp)-1].hi + 1 + markerR + pad
		}
		g.xs[i] = x
		g.spans[ev.Lane] = append(g.spans[ev.Lane], span{lo: x - markerR - pad, hi: x - markerR + w + pad, event: i})
		if c := last[ev.Lane] - 1; c >= 0 && g.clusters[c].at.Equal(ev.At) {
			g.clusters[c].events = append(g.clusters[c].events, i)
		} else {
			g.clusters = append(g.clusters, cluster{lane: ev.Lane, at: ev.At, events: []int{i}})
			last[ev.Lane] = len(g.clusters)
		}
	}
	return g
}

// hop is a hop arrow's vertical run: at x, across lanes lo to hi.
type hop struct {
	x      float64
	lo, hi int
}

// hopRoute chooses the x where the arrow of event i's hop runs down to
// its new lane: the marker's own x, or the first x to its right that
// passes no marker on the lanes it crosses or lands on, nor an arrow
// already routed across them.
func (g *geometry) hopRoute(t *Timeline, i int, routed []hop) float64 {
	ev := t.Events[i]
	x := g.xs[i]
	lo, hi := min(ev.Lane, ev.NewLane), max(ev.Lane, ev.NewLane)
	var blocked []span
	for ln := lo; ln <= hi; ln++ {
		if ln != ev.Lane {
			blocked = append(blocked, g.spans[ln]...)
		}
	}
	for _, h := range routed {
		if h.lo < hi && lo < h.hi {
			blocked = append(blocked, span{lo: h.x - 2, hi: h.x + 2, event: -1})
		}
	}
	// One sweep in order of the spans' left ends: x only moves right, so
	// a span passed once stays behind it.
	sort.Slice(blocked, func(i, j int) bool { return blocked[i].lo < blocked[j].lo })
	const clear = 4
	for _, s := range blocked {
		if x > s.lo-clear && x < s.hi+clear {
			x = s.hi + clear
		}
	}
	return x
}

// SVG renders the timeline as a standalone SVG document. id prefixes the
// element ids, so that several pictures can share one HTML page; "" uses
// "timeline".
func (t *Timeline) SVG(id string) string { return t.SVGLinked(id, "") }

// SVGLinked renders the timeline like SVG, and when anchor is not empty
// makes each step's marker a link to "#" + anchor + the step's number (the
// report's step explanations carry those ids).
func (t *Timeline) SVGLinked(id, anchor string) string {
	if id == "" {
		id = "timeline"
	}
	g := t.layoutFor(id, anchor)
	l := g.l
	lanesTop, lanesBottom := g.lanesTop, g.lanesBottom
	legendTop := lanesBottom + 34
	rows := 0
	legend := make([][]string, len(t.Events))
	for i, ev := range t.Events {
		legend[i] = wrapText(legendPrefix(ev.Pass)+eventText(ev), legendChars, 3)
		rows += len(legend[i])
	}
	changes := make([][]string, len(t.Changes))
	for i, c := range t.Changes {
		changes[i] = wrapText(legendPrefix(c.Pass)+changeLegend(c), legendChars, 3)
		rows += len(changes[i])
	}
	entries := len(t.Events) + len(t.Changes)
	keys := t.keyEntries(g)
	height := legendTop + float64(len(g.unexpected))*2*legendPad + float64(rows)*legendLine + float64(entries)*(legendRow-legendLine) + float64(1+keyRows(keys, g.width))*legendRow + 10

	w := &svgWriter{}
	w.raw(`<svg xmlns="http://www.w3.org/2000/svg" id="` + svgtext.Escape(id) + `" width="` + svgtext.Num(g.width) + `" height="` + svgtext.Num(height) +
		`" viewBox="0 0 ` + svgtext.Num(g.width) + ` ` + svgtext.Num(height) + `" font-family="Helvetica, Arial, sans-serif" role="img">` + "\n")
	w.raw("<title>" + svgtext.Escape("Timeline of "+t.Title) + "</title>\n")
	w.raw("<style>\n" +
		"text{fill:" + colText + ";font-size:11px}\n" +
		".title{font-size:15px;font-weight:bold}\n" +
		".lane{font-size:12px;font-weight:bold}\n" +
		".small{font-size:10px;fill:" + colMuted + "}\n" +
		".bar{font-size:10px;fill:#ffffff;font-weight:bold}\n" +
		".cap{font-size:10px;fill:" + colCap + "}\n" +
		".max{font-size:10px;fill:" + colRoleMax + "}\n" +
		".num{font-size:9px;font-weight:bold}\n" +
		".numw{font-size:9px;font-weight:bold;fill:#ffffff}\n" +
		".count{font-size:9px;font-weight:bold;fill:" + colText + ";paint-order:stroke;stroke:#ffffff;stroke-width:3px}\n" +
		".bad{fill:" + colFail + "}\n" +
		".missed{fill:" + colUnexpected + ";font-weight:bold}\n" +
		skippedStyle(t) +
		"</style>\n")
	w.raw(`<defs><marker id="` + svgtext.Escape(id) + `-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444444"/></marker></defs>` + "\n")
	w.raw(`<rect x="0" y="0" width="` + svgtext.Num(g.width) + `" height="` + svgtext.Num(height) + `" fill="#ffffff"/>` + "\n")
	w.text(12, 22, "title", "Timeline of "+t.Title)
	w.text(12, 38, "small", "fake clock starts "+t.Start.UTC().Format(time.RFC3339)+"; times are UTC")
	if len(g.unexpected) > 0 {
		what := "1 step did not go as expected: step "
		if len(g.unexpected) > 1 {
			what = strconv.Itoa(len(g.unexpected)) + " steps did not go as expected: steps "
		}
		list := g.unexpected
		if len(list) > maxListed {
			list = append(list[:maxListed:maxListed], "and "+strconv.Itoa(len(g.unexpected)-maxListed)+" more")
		}
		w.text(12, 56, "missed", "✗ "+what+strings.Join(list, ", ")+" (thick rings)")
	}

	// Lanes alternate shades, the label column included, so that every
	// label and limit reads as its lane's.
	for i := range t.Lanes {
		if i%2 == 1 {
			w.raw(`<rect class="lane-bg" x="6" y="` + svgtext.Num(g.laneTop(i)) + `" width="` + svgtext.Num(l.right()-6) + `" height="` + svgtext.Num(laneH) + `" fill="` + colLaneAlt + `"/>` + "\n")
		}
	}

	// Clock advances, under everything else; consecutive ones alternate
	// shades.
	labelEnd := -1e9 // where the last gap label ends, so that labels never overlap
	for i, gp := range t.Gaps {
		x1, x2 := l.x(gp.From), l.x(gp.To)
		if x2-x1 < 1 {
			continue
		}
		fill := colGap
		if i%2 == 1 {
			fill = colGap2
		}
		w.raw(`<rect x="` + svgtext.Num(x1) + `" y="` + svgtext.Num(lanesTop) + `" width="` + svgtext.Num(x2-x1) + `" height="` + svgtext.Num(lanesBottom-lanesTop) + `" fill="` + fill + `"><title>` +
			svgtext.Escape("step "+strconv.Itoa(gp.Index)+": the clock advances "+gapText(gp.From, gp.To)) + "</title></rect>\n")
		label := "clock +" + gapText(gp.From, gp.To)
		half := svgtext.Width(label, 10, false) / 2
		cx := max((x1+x2)/2, labelEnd+4+half)
		labelEnd = cx + half
		w.raw(`<text x="` + svgtext.Num(cx) + `" y="` + svgtext.Num(lanesBottom+14) + `" class="small" text-anchor="middle">` + svgtext.Escape(label) + "</text>\n")
	}

	// Axis and grid.
	w.line(l.left(), g.axisY, l.right(), g.axisY, `stroke="#999999"`)
	// Tick labels clear the world changes' squares on the axis.
	tickLift := 7.0
	if len(t.Changes) > 0 {
		tickLift = 10
	}
	step := l.step()
	ticks := l.ticksOf(step)
	labels := tickLabels(ticks, step)
	for i, tk := range ticks {
		x := l.x(tk)
		w.line(x, g.axisY, x, lanesBottom, `stroke="`+colGrid+`"`)
		w.line(x, g.axisY-4, x, g.axisY, `stroke="#999999"`)
		w.raw(`<text x="` + svgtext.Num(x) + `" y="` + svgtext.Num(g.axisY-tickLift) + `" class="small" text-anchor="middle">` + svgtext.Escape(labels[i]) + "</text>\n")
	}

	// Lanes.
	for i, ln := range t.Lanes {
		top := g.laneTop(i)
		cy := g.laneCY(i)
		w.line(12, top+laneH, l.right(), top+laneH, `stroke="`+colGrid+`"`)
		for _, tl := range laneLines(ln) {
			class := "small"
			if tl.name {
				class = "lane"
			}
			w.text(12, top+tl.dy, class, tl.text)
		}
		if ln.Session == nil {
			note := "long-term keys: no expiry"
			if ln.Kind == LaneExternal {
				note = "no AWS credentials of its own"
			}
			w.line(l.left(), cy, l.right(), cy, `stroke="#bbbbbb" stroke-width="2"`)
			w.textEnd(l.right(), top+laneH-6, "small", note)
			continue
		}
		t.drawSession(w, g, ln.Session, i)
	}

	// World changes: a dotted line down every lane at the change's
	// instant, under the markers; its numbered square is drawn on the axis
	// below.
	for _, c := range t.Changes {
		col := colChange
		if !c.OK {
			col = colFail
		}
		x := l.x(c.At)
		w.line(x, g.axisY, x, lanesBottom, `stroke="`+col+`" stroke-width="1.5" stroke-dasharray="1,3"`)
	}

	// Markers at the very same instant share a frame, so that side by
	// side does not read as one after another.
	for _, c := range g.clusters {
		if len(c.events) < 2 {
			continue
		}
		first, lastEv := c.events[0], c.events[len(c.events)-1]
		var end float64
		for _, s := range g.spans[c.lane] {
			if s.event == lastEv {
				end = s.hi
			}
		}
		var start float64
		for _, s := range g.spans[c.lane] {
			if s.event == first {
				start = s.lo
			}
		}
		x1, x2 := start-3, end+3
		cy := g.laneCY(c.lane)
		var nums []string
		for _, e := range c.events {
			nums = append(nums, strconv.Itoa(t.Events[e].Index))
		}
		w.raw(`<rect class="same-instant" x="` + svgtext.Num(x1) + `" y="` + svgtext.Num(cy-markerR-3) + `" width="` + svgtext.Num(x2-x1) + `" height="` + svgtext.Num(2*markerR+6) + `" rx="` + svgtext.Num(markerR+3) +
			`" fill="#ffffff" stroke="#555555" stroke-width="1"><title>` + svgtext.Escape("steps "+strings.Join(nums, ", ")+" at the same instant, "+t.Events[first].At.UTC().Format("15:04:05")) + "</title></rect>\n")
	}

	// Hops: from the caller's marker down to the new session's bar, along
	// an x that crosses no other marker and no other arrow's run.
	var routed []hop
	for i, ev := range t.Events {
		if ev.Lane < 0 || ev.Lane >= len(t.Lanes) || ev.NewLane < 0 {
			continue
		}
		x, r := g.xs[i], g.hopRoute(t, i, routed)
		routed = append(routed, hop{x: r, lo: min(ev.Lane, ev.NewLane), hi: max(ev.Lane, ev.NewLane)})
		y0 := g.laneCY(ev.Lane) + markerR
		ny := g.laneTop(ev.NewLane) + barTop - 1
		d := "M" + svgtext.Num(x) + "," + svgtext.Num(y0)
		if r != x {
			d += " C" + svgtext.Num(x) + "," + svgtext.Num(y0+8) + " " + svgtext.Num(r) + "," + svgtext.Num(y0+4) + " " + svgtext.Num(r) + "," + svgtext.Num(y0+12)
		}
		// Past a short session's bar, the arrow turns back to its end,
		// unless a marker is in the way.
		end := r
		if b := t.Lanes[ev.NewLane].Session; b != nil {
			end = l.x(b.Issued) + max(2, l.x(b.Expires)-l.x(b.Issued))
		}
		if cy := g.laneCY(ev.NewLane); r > end+markerR && !g.occupied(ev.NewLane, end, r) {
			d += " L" + svgtext.Num(r) + "," + svgtext.Num(cy-6) + " Q" + svgtext.Num(r) + "," + svgtext.Num(cy) + " " + svgtext.Num(r-6) + "," + svgtext.Num(cy) + " L" + svgtext.Num(end+2) + "," + svgtext.Num(cy)
		} else {
			d += " L" + svgtext.Num(r) + "," + svgtext.Num(ny)
		}
		w.raw(`<path class="hop" d="` + d + `" fill="none" stroke="#444444" stroke-width="1.5" marker-end="url(#` + svgtext.Escape(id) + `-arrow)"/>` + "\n")
	}

	// Request markers over them.
	for i, ev := range t.Events {
		if ev.Lane < 0 || ev.Lane >= len(t.Lanes) {
			continue
		}
		x, cy := g.xs[i], g.laneCY(ev.Lane)
		if anchor != "" {
			w.raw(`<a href="#` + svgtext.Escape(anchor+strconv.Itoa(ev.Index)) + `">`)
		}
		w.raw(`<g class="` + markerClass(ev) + `"><title>` + svgtext.Escape(legendPrefix(ev.Pass)+eventText(ev)) + `</title>`)
		drawMarker(w, x, cy, ev, true)
		w.raw("</g>")
		if anchor != "" {
			w.raw("</a>")
		}
		w.raw("\n")
	}

	// World changes' numbered squares on the axis.
	lastSquare := -1e9
	for _, c := range t.Changes {
		x := l.x(c.At)
		// Squares of changes at (nearly) the same instant sit side by
		// side; the line marks the exact instant.
		sx := max(x, lastSquare+15)
		lastSquare = sx
		col := colChange
		if !c.OK {
			col = colFail
		}
		class := "change"
		if !c.Pass {
			class += " unexpected"
		}
		if anchor != "" {
			w.raw(`<a href="#` + svgtext.Escape(anchor+strconv.Itoa(c.Index)) + `">`)
		}
		w.raw(`<g class="` + class + `"><title>` + svgtext.Escape(legendPrefix(c.Pass)+changeLegend(c)) + `</title>`)
		drawSquare(w, sx, g.axisY, col, c.Index, c.Pass)
		w.raw("</g>")
		if anchor != "" {
			w.raw("</a>")
		}
		w.raw("\n")
	}

	// Legend: one line per request, then the key.
	y := legendTop
	for i, ev := range t.Events {
		if !ev.Pass {
			y += legendPad
		}
		drawMarker(w, 20, y-4, ev, false)
		w.raw("\n")
		class := ""
		switch {
		case !ev.Pass:
			class = "missed"
		case ev.SkippedBecause != "":
			class = "skipped"
		case !ev.OK && ev.Burst == nil:
			class = "bad"
		}
		for j, line := range legend[i] {
			w.text(38, y+float64(j)*legendLine, class, line)
		}
		y += legendRow + float64(len(legend[i])-1)*legendLine
		if !ev.Pass {
			y += legendPad
		}
	}
	for i, c := range t.Changes {
		col := colChange
		if !c.OK {
			col = colFail
		}
		if !c.Pass {
			y += legendPad
		}
		drawSquare(w, 20, y-4, col, c.Index, c.Pass)
		w.raw("\n")
		class := ""
		if !c.Pass {
			class = "missed"
		}
		for j, line := range changes[i] {
			w.text(38, y+float64(j)*legendLine, class, line)
		}
		y += legendRow + float64(len(changes[i])-1)*legendLine
		if !c.Pass {
			y += legendPad
		}
	}
	y += 6
	drawKey(w, keys, y, g.width)
	w.raw("</svg>\n")
	return w.b.String()
}

// maxListed is how many of the steps that missed their expectation the
// header names.
const maxListed = 8

// legendPrefix marks the text of a step that missed its expectation.
func legendPrefix(pass bool) string {
	if pass {
		return ""
	}
	return "✗ "
}

// skippedStyle is the style of skipped steps' legend lines, when the
// timeline has any.
func skippedStyle(t *Timeline) string {
	for _, ev := range t.Events {
		if ev.SkippedBecause != "" {
			return ".skipped{fill:" + colMuted + ";font-style:italic}\n"
		}
	}
	return ""
}

// markerClass names an event marker's kind for styling and tests: ok,
// refused or burst, and unexpected when the step missed its expectation.
func markerClass(ev *Event) string {
	c := "event "
	switch {
	case ev.Burst != nil:
		c += "burst"
	case ev.SkippedBecause != "":
		c += "skipped"
	case ev.OK:
		c += "ok"
	default:
		c += "refused"
	}
	if !ev.Pass {
		c += " unexpected"
	}
	return c
}

// drawMarker draws an event's marker centred at x, cy: a numbered circle,
// white with a green ring when AWS accepted the request, solid red when it
// refused it; for a repeated request a ring whose red share is the share
// refused (throttled or failed), over a stack of circles, with its count
// beside it when withCount. A step that missed its expectation gets a
// thick ring in the strongest colour of the picture.
func drawMarker(w *svgWriter, x, cy float64, ev *Event, withCount bool) {
	num := strconv.Itoa(ev.Index)
	cx, cys := svgtext.Num(x), svgtext.Num(cy)
	switch b := ev.Burst; {
	case b != nil:
		for _, d := range []float64{4, 2} {
			w.raw(`<circle cx="` + svgtext.Num(x+d) + `" cy="` + svgtext.Num(cy-d) + `" r="` + svgtext.Num(markerR) + `" fill="#ffffff" stroke="#999999" stroke-width="1"/>`)
		}
		w.raw(`<circle cx="` + cx + `" cy="` + cys + `" r="` + svgtext.Num(markerR) + `" fill="#ffffff" stroke="` + colOK + `" stroke-width="3"/>`)
		if refused := b.Count - b.Succeeded; refused > 0 && b.Count > 0 {
			share := float64(refused) / float64(b.Count) * 100
			w.raw(`<circle class="refused-share" cx="` + cx + `" cy="` + cys + `" r="` + svgtext.Num(markerR) + `" fill="none" stroke="` + colFail + `" stroke-width="3" pathLength="100" stroke-dasharray="` +
				svgtext.Num(share) + ` 100" transform="rotate(-90 ` + cx + ` ` + cys + `)"/>`)
		}
		w.raw(`<text x="` + cx + `" y="` + svgtext.Num(cy+3) + `" class="num" text-anchor="middle">` + num + "</text>")
		if withCount {
			w.raw(`<text x="` + svgtext.Num(x+markerR+4) + `" y="` + svgtext.Num(cy+3) + `" class="count">` + svgtext.Escape(burstCount(b)) + "</text>")
		}
	case ev.SkippedBecause != "":
		w.raw(`<circle cx="` + cx + `" cy="` + cys + `" r="` + svgtext.Num(markerR) + `" fill="#ffffff" stroke="` + colMuted + `" stroke-width="1" stroke-dasharray="2 2"/>`)
		w.raw(`<text x="` + cx + `" y="` + svgtext.Num(cy+3) + `" class="num" text-anchor="middle">` + num + "</text>")
	case ev.OK:
		w.raw(`<circle cx="` + cx + `" cy="` + cys + `" r="` + svgtext.Num(markerR) + `" fill="#ffffff" stroke="` + colOK + `" stroke-width="2"/>`)
		w.raw(`<text x="` + cx + `" y="` + svgtext.Num(cy+3) + `" class="num" text-anchor="middle">` + num + "</text>")
	default:
		w.raw(`<circle cx="` + cx + `" cy="` + cys + `" r="` + svgtext.Num(markerR) + `" fill="` + colFail + `" stroke="` + colFail + `" stroke-width="2"/>`)
		w.raw(`<text x="` + cx + `" y="` + svgtext.Num(cy+3) + `" class="numw" text-anchor="middle">` + num + "</text>")
	}
	if !ev.Pass {
		w.raw(`<circle class="missed-ring" cx="` + cx + `" cy="` + cys + `" r="` + svgtext.Num(markerR+ringPad-unexpectedStroke/2) + `" fill="none" stroke="` + colUnexpected + `" stroke-width="` + svgtext.Num(unexpectedStroke) + `"/>`)
	}
}

// drawSquare draws a world change's numbered square centred at x, cy,
// ringed like a marker when the step missed its expectation.
func drawSquare(w *svgWriter, x, cy float64, col string, index int, pass bool) {
	w.raw(`<rect x="` + svgtext.Num(x-7) + `" y="` + svgtext.Num(cy-7) + `" width="14" height="14" fill="` + col + `"/>`)
	w.raw(`<text x="` + svgtext.Num(x) + `" y="` + svgtext.Num(cy+3) + `" class="numw" text-anchor="middle">` + strconv.Itoa(index) + "</text>")
	if !pass {
		w.raw(`<rect class="missed-ring" x="` + svgtext.Num(x-11.5) + `" y="` + svgtext.Num(cy-11.5) + `" width="23" height="23" fill="none" stroke="` + colUnexpected + `" stroke-width="` + svgtext.Num(unexpectedStroke) + `"/>`)
	}
}

// keyEntry is one entry of the picture's key: a swatch and its meaning.
type keyEntry struct {
	shape string // "bar", "line", "dot", "ring", "square", "burst", "pill"
	color string
	label string
}

// keyEntries lists the key's entries: the fixed ones, then those for what
// the picture holds (user sessions, repeated requests, same-instant
// frames, world changes, steps that missed their expectation).
func (t *Timeline) keyEntries(g *geometry) []keyEntry {
	out := []keyEntry{
		{"bar", colFirstHop, "first-hop session"},
		{"bar", colChained, "chained session"},
		{"line", colCap, "one-hour chaining cap"},
		{"line", colRoleMax, "role's MaxSessionDuration"},
		{"dot", colFail, "request AWS refused"},
	}
	for _, ln := range t.Lanes {
		if ln.Kind == LaneUserSession {
			out = append(out, keyEntry{"bar", colUserSession, "user's temporary credentials"})
			break
		}
	}
	for _, ev := range t.Events {
		if ev.Burst != nil {
			out = append(out, keyEntry{"burst", colFail, "repeated request: red share refused"})
			break
		}
	}
	for _, c := range g.clusters {
		if len(c.events) > 1 {
			out = append(out, keyEntry{"pill", "#555555", "requests at the same instant"})
			break
		}
	}
	if len(t.Changes) > 0 {
		out = append(out, keyEntry{"square", colChange, "world change"})
	}
	if len(g.unexpected) > 0 {
		out = append(out, keyEntry{"ring", colUnexpected, "not as expected: the run fails here"})
	}
	return out
}

// keyWidth is the room a key entry takes on its row.
func keyWidth(e keyEntry) float64 { return 22 + svgtext.Width(e.label, 10, false) + 26 }

// keyRows counts the rows the key takes in a picture of the given width.
func keyRows(keys []keyEntry, width float64) int {
	rows, x := 1, 12.0
	for _, e := range keys {
		if x > 12 && x+keyWidth(e) > width-8 {
			rows, x = rows+1, 12
		}
		x += keyWidth(e)
	}
	return rows
}

// drawKey draws the key from baseline y, wrapping to new rows.
func drawKey(w *svgWriter, keys []keyEntry, y, width float64) {
	x := 12.0
	for _, e := range keys {
		if x > 12 && x+keyWidth(e) > width-8 {
			x, y = 12, y+legendRow
		}
		cx, cy := svgtext.Num(x+8), svgtext.Num(y-4)
		switch e.shape {
		case "bar":
			w.raw(`<rect x="` + svgtext.Num(x) + `" y="` + svgtext.Num(y-9) + `" width="16" height="10" rx="2" fill="` + e.color + `"/>`)
		case "line":
			w.raw(`<line x1="` + cx + `" y1="` + svgtext.Num(y-11) + `" x2="` + cx + `" y2="` + svgtext.Num(y+1) + `" stroke="` + e.color + `" stroke-width="2" stroke-dasharray="4,3"/>`)
		case "dot":
			w.raw(`<circle cx="` + cx + `" cy="` + cy + `" r="6" fill="` + e.color + `"/>`)
		case "burst":
			w.raw(`<circle cx="` + svgtext.Num(x+11) + `" cy="` + svgtext.Num(y-7) + `" r="6" fill="#ffffff" stroke="#999999" stroke-width="1"/>`)
			w.raw(`<circle cx="` + cx + `" cy="` + cy + `" r="6" fill="#ffffff" stroke="` + colOK + `" stroke-width="3"/>`)
			w.raw(`<circle cx="` + cx + `" cy="` + cy + `" r="6" fill="none" stroke="` + e.color + `" stroke-width="3" pathLength="100" stroke-dasharray="30 100" transform="rotate(-90 ` + cx + ` ` + cy + `)"/>`)
		case "pill":
			w.raw(`<rect x="` + svgtext.Num(x-2) + `" y="` + svgtext.Num(y-10) + `" width="20" height="12" rx="6" fill="#ffffff" stroke="` + e.color + `" stroke-width="1"/>`)
		case "ring":
			w.raw(`<circle class="missed-ring" cx="` + cx + `" cy="` + cy + `" r="6" fill="#ffffff" stroke="` + e.color + `" stroke-width="` + svgtext.Num(unexpectedStroke) + `"/>`)
		case "square":
			w.raw(`<rect x="` + svgtext.Num(x+2) + `" y="` + svgtext.Num(y-10) + `" width="12" height="12" fill="` + e.color + `"/>`)
		}
		w.text(x+22, y, "small", e.label)
		x += keyWidth(e)
	}
}

// Where a lane's limit labels go: above the bar or under it, always at
// least labelMargin pixels inside the lane.
const (
	labelMargin = 4.0
	labelAbove  = barTop - 4         // baseline of a label above the bar
	labelBelow  = barTop + barH + 12 // baseline of a label under the bar
)

// drawSession draws a session's bar and its limits in lane i.
func (t *Timeline) drawSession(w *svgWriter, g *geometry, b *Bar, i int) {
	l := g.l
	top := g.laneTop(i)
	x1, x2 := l.x(b.Issued), l.x(b.Expires)
	col := colFirstHop
	switch {
	case b.Chained:
		col = colChained
	case b.RoleMax == 0:
		col = colUserSession
	}
	w.raw(`<rect x="` + svgtext.Num(x1) + `" y="` + svgtext.Num(top+barTop) + `" width="` + svgtext.Num(max(2, x2-x1)) + `" height="` + svgtext.Num(barH) + `" rx="3" fill="` + col + `"><title>` +
		svgtext.Escape(b.ARN+": issued "+b.Issued.UTC().Format(time.RFC3339)+", expires "+b.Expires.UTC().Format(time.RFC3339)) + "</title></rect>\n")
	label := sim.FormatDuration(b.Expires.Sub(b.Issued)) + ", until " + clockText(b.Expires, b.Issued)
	if lw := svgtext.Width(label, 10, true) + 8; x2-x1 >= lw+2*markerR+6 && !g.occupied(i, x2-lw, x2) {
		w.textEnd(x2-4, top+barTop+13, "bar", label)
	}

	capAt := b.Issued.Add(time.Hour)
	maxAt := b.Issued.Add(b.RoleMax)
	y1, y2 := top+barTop-6, top+barTop+barH+6
	// Labels go above or under the bar, on the side preferred unless a
	// label already there is in the way.
	var placed [][3]float64 // x1, x2, baseline
	var lines []float64     // the limit lines' x
	put := func(x float64, end bool, class, text string, above bool) {
		lw := svgtext.Width(text, 10, false)
		if end {
			// A label that ends at the edge stops short of a limit line
			// it would run across.
			for _, lx := range lines {
				if lx > x-lw-2 && lx < x+2 && lx-4 < x {
					x = lx - 4
				}
			}
		}
		x1 := x
		if end {
			x1 = x - lw
		}
		free := func(ty float64) bool {
			for _, p := range placed {
				if p[2] == ty && x1 < p[1]+6 && p[0] < x1+lw+6 {
					return false
				}
			}
			return true
		}
		ty, other := top+labelBelow, top+labelAbove
		if above {
			ty, other = other, ty
		}
		if !free(ty) && free(other) {
			ty = other
		}
		placed = append(placed, [3]float64{x1, x1 + lw, ty})
		if end {
			w.textEnd(x, ty, class, text)
		} else {
			w.text(x, ty, class, text)
		}
	}
	limit := func(at time.Time, col, class, text string, above bool) {
		x := l.x(at)
		lines = append(lines, x)
		w.line(x, y1, x, y2, `stroke="`+col+`" stroke-width="2" stroke-dasharray="4,3"`)
		if x+4+svgtext.Width(text, 10, false) > g.width-4 {
			put(x-4, true, class, text, above)
		} else {
			put(x+4, false, class, text, above)
		}
	}
	if b.Chained {
		text := "1h chaining cap"
		if b.RoleMax == time.Hour {
			text = "1h chaining cap = MaxSessionDuration"
		}
		limit(capAt, colCap, "cap", text, false)
	}
	if b.RoleMax == 0 || b.Chained && b.RoleMax == time.Hour {
		return
	}
	text := "MaxSessionDuration " + sim.FormatDuration(b.RoleMax)
	if b.Chained {
		text += " (not for chained calls)"
	}
	if l.within(maxAt) {
		limit(maxAt, colRoleMax, "max", text, b.Chained)
		return
	}
	put(l.right(), true, "max", text+": ends "+clockText(maxAt, b.Issued)+" →", !b.Chained)
}

// occupied tells whether a marker of lane i lies between lo and hi.
func (g *geometry) occupied(i int, lo, hi float64) bool {
	for _, s := range g.spans[i] {
		if s.hi >= lo && s.lo <= hi {
			return true
		}
	}
	return false
}

// eventText describes a request in one line, for the legend and tooltips.
func eventText(ev *Event) string {
	if b := ev.Burst; b != nil {
		return burstText(ev, b)
	}
	s := ev.ID + " at " + ev.At.UTC().Format("15:04:05") + ": " + ev.What
	if ev.SkippedBecause != "" {
		return s + ", skipped: step " + ev.SkippedBecause + " failed, so the session it needs was never issued"
	}
	if ev.OK {
		if ev.NewLane >= 0 {
			s += ", a new session"
		} else {
			s += ", allowed"
		}
	} else {
		s += ", refused: " + ev.Error
	}
	if !ev.Pass {
		s += " (not what the scenario expected)"
	}
	return s
}

// burstText describes a repeated request: how many were sent, when, and
// what became of them.
func burstText(ev *Event, b *Burst) string {
	s := ev.ID + " at " + ev.At.UTC().Format("15:04:05")
	if b.Over > 0 {
		s += "–" + ev.At.Add(b.Over).UTC().Format("15:04:05")
	}
	s += ": " + ev.What + " ×" + strconv.Itoa(b.Count)
	if b.Over > 0 {
		s += " spread over " + sim.FormatDuration(b.Over)
	} else {
		s += " at one instant"
	}
	s += ": " + strconv.Itoa(b.Succeeded) + " allowed"
	if b.Throttled > 0 {
		s += ", " + strconv.Itoa(b.Throttled) + " throttled (Throttling: Rate exceeded)"
	}
	if b.Failed > 0 {
		s += ", " + strconv.Itoa(b.Failed) + " refused (the first: " + ev.Error + ")"
	}
	switch {
	case b.Sessions == 1:
		s += "; 1 session issued"
	case b.Sessions > 1:
		s += "; " + strconv.Itoa(b.Sessions) + " sessions issued, the last drawn"
	}
	if !ev.Pass {
		s += " (not what the scenario expected)"
	}
	return s
}

// changeLegend describes a world change in one line.
func changeLegend(c Change) string {
	s := c.ID + " at " + c.At.UTC().Format("15:04:05") + ": the world changes (" + c.What + ")"
	if !c.OK {
		s += ", refused: " + c.Error
	}
	if !c.Pass {
		s += " (not what the scenario expected)"
	}
	return s
}

// HTML renders the timeline as a small self-contained XHTML page.
func (t *Timeline) HTML() string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	b.WriteString("<title>" + svgtext.Escape("Timeline of "+t.Title) + "</title>\n")
	b.WriteString("<style>body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222}svg{max-width:100%;height:auto}</style>\n</head>\n<body>\n")
	b.WriteString("<h1>" + svgtext.Escape(t.Title) + "</h1>\n<p>" + svgtext.Escape(t.File) + "</p>\n")
	b.WriteString(t.SVG(""))
	b.WriteString("</body>\n</html>\n")
	return b.String()
}
