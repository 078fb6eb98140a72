package timeline

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/sim/internal/svgtext"
)

// Layout of the picture, in pixels.
const (
	width     = 1000.0
	plotLeft  = 250.0
	plotRight = 960.0
	axisY     = 66.0
	lanesTop  = 76.0
	laneH     = 52.0
	barTop    = 12.0 // bar's offset in its lane
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
)

// layout maps time to x.
type layout struct {
	start, end time.Time
}

func (l layout) x(t time.Time) float64 {
	span, d := l.end.Sub(l.start), t.Sub(l.start)
	if saturated(span) || saturated(d) {
		// Beyond time.Duration's 292 years: whole seconds are precise enough.
		fspan, fd := seconds(l.start, l.end), seconds(l.start, t)
		if fspan <= 0 {
			return plotLeft
		}
		return plotLeft + fd/fspan*(plotRight-plotLeft)
	}
	if span <= 0 {
		return plotLeft
	}
	f := float64(d) / float64(span)
	return plotLeft + f*(plotRight-plotLeft)
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
		return formatDuration(d)
	}
	secs := b.Unix() - a.Unix()
	days := secs / 86400
	s := strconv.FormatInt(days, 10) + "d"
	if rest := time.Duration(secs-days*86400)*time.Second + time.Duration(b.Nanosecond()-a.Nanosecond()); rest > 0 {
		s += formatDuration(rest)
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

// SVG renders the timeline as a standalone SVG document. id prefixes the
// element ids, so that several pictures can share one HTML page; "" uses
// "timeline".
func (t *Timeline) SVG(id string) string {
	if id == "" {
		id = "timeline"
	}
	l := t.axis()
	lanesBottom := lanesTop + float64(len(t.Lanes))*laneH
	if len(t.Lanes) == 0 {
		lanesBottom = lanesTop + laneH
	}
	legendTop := lanesBottom + 34
	rows := 0
	legend := make([][]string, len(t.Events))
	for i, ev := range t.Events {
		legend[i] = wrapText(eventText(ev), legendChars, 3)
		rows += len(legend[i])
	}
	changes := make([][]string, len(t.Changes))
	for i, c := range t.Changes {
		changes[i] = wrapText(changeLegend(c), legendChars, 3)
		rows += len(changes[i])
	}
	entries := len(t.Events) + len(t.Changes)
	height := legendTop + float64(rows)*legendLine + float64(entries)*(legendRow-legendLine) + float64(1+t.keyRows())*legendRow + 10

	w := &svgWriter{}
	w.raw(`<svg xmlns="http://www.w3.org/2000/svg" id="` + svgtext.Escape(id) + `" width="` + svgtext.Num(width) + `" height="` + svgtext.Num(height) +
		`" viewBox="0 0 ` + svgtext.Num(width) + ` ` + svgtext.Num(height) + `" font-family="Helvetica, Arial, sans-serif" role="img">` + "\n")
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
		".bad{fill:" + colFail + "}\n" +
		"</style>\n")
	w.raw(`<defs><marker id="` + svgtext.Escape(id) + `-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444444"/></marker></defs>` + "\n")
	w.raw(`<rect x="0" y="0" width="` + svgtext.Num(width) + `" height="` + svgtext.Num(height) + `" fill="#ffffff"/>` + "\n")
	w.text(12, 22, "title", "Timeline of "+t.Title)
	w.text(12, 38, "small", "fake clock starts "+t.Start.UTC().Format(time.RFC3339)+"; times are UTC")

	// Clock advances, under everything else; consecutive ones alternate
	// shades.
	labelEnd := -1e9 // where the last gap label ends, so that labels never overlap
	for i, g := range t.Gaps {
		x1, x2 := l.x(g.From), l.x(g.To)
		if x2-x1 < 1 {
			continue
		}
		fill := colGap
		if i%2 == 1 {
			fill = colGap2
		}
		w.raw(`<rect x="` + svgtext.Num(x1) + `" y="` + svgtext.Num(lanesTop) + `" width="` + svgtext.Num(x2-x1) + `" height="` + svgtext.Num(lanesBottom-lanesTop) + `" fill="` + fill + `"><title>` +
			svgtext.Escape("step "+strconv.Itoa(g.Index)+": the clock advances "+gapText(g.From, g.To)) + "</title></rect>\n")
		label := "clock +" + gapText(g.From, g.To)
		half := float64(len(label)) * 5.6 / 2
		cx := max((x1+x2)/2, labelEnd+4+half)
		labelEnd = cx + half
		w.raw(`<text x="` + svgtext.Num(cx) + `" y="` + svgtext.Num(lanesBottom+14) + `" class="small" text-anchor="middle">` + svgtext.Escape(label) + "</text>\n")
	}

	// Axis and grid.
	w.line(plotLeft, axisY, plotRight, axisY, `stroke="#999999"`)
	step := l.step()
	ticks := l.ticksOf(step)
	labels := tickLabels(ticks, step)
	for i, tk := range ticks {
		x := l.x(tk)
		w.line(x, axisY, x, lanesBottom, `stroke="`+colGrid+`"`)
		w.line(x, axisY-4, x, axisY, `stroke="#999999"`)
		label := labels[i]
		w.raw(`<text x="` + svgtext.Num(x) + `" y="` + svgtext.Num(axisY-7) + `" class="small" text-anchor="middle">` + svgtext.Escape(label) + "</text>\n")
	}

	// Where requests happen on each lane, so that bar labels avoid them.
	marks := make([][]float64, len(t.Lanes))
	for _, ev := range t.Events {
		if ev.Lane >= 0 && ev.Lane < len(t.Lanes) {
			marks[ev.Lane] = append(marks[ev.Lane], l.x(ev.At))
		}
	}

	// Lanes.
	for i, ln := range t.Lanes {
		top := lanesTop + float64(i)*laneH
		cy := top + barTop + barH/2
		w.line(12, top+laneH, plotRight, top+laneH, `stroke="`+colGrid+`"`)
		w.text(12, top+18, "lane", clip(ln.Label, 34))
		w.text(12, top+32, "small", clip(ln.Detail, 42))
		if ln.Detail2 != "" {
			w.text(12, top+45, "small", clip(ln.Detail2, 42))
		}
		if ln.Session == nil {
			note := "long-term keys: no expiry"
			if ln.Kind == LaneExternal {
				note = "no AWS credentials of its own"
			}
			w.line(plotLeft, cy, plotRight, cy, `stroke="#bbbbbb" stroke-width="2"`)
			w.textEnd(plotRight, top+laneH-8, "small", note)
			continue
		}
		t.drawSession(w, l, ln.Session, top, marks[i])
	}

	// Hops, then request markers over them.
	placed := make([][]float64, len(t.Lanes))
	xs := make([]float64, len(t.Events))
	for i, ev := range t.Events {
		if ev.Lane < 0 || ev.Lane >= len(t.Lanes) {
			continue
		}
		x := l.x(ev.At)
		for again := true; again; {
			again = false
			for _, px := range placed[ev.Lane] {
				if x-px < 2*markerR+1 && px-x < 2*markerR+1 {
					x = px + 2*markerR + 1
					again = true
				}
			}
		}
		placed[ev.Lane] = append(placed[ev.Lane], x)
		xs[i] = x
		if ev.NewLane >= 0 {
			cy := lanesTop + float64(ev.Lane)*laneH + barTop + barH/2
			ny := lanesTop + float64(ev.NewLane)*laneH + barTop
			bx := l.x(ev.At)
			w.raw(`<path d="M` + svgtext.Num(x) + `,` + svgtext.Num(cy+markerR) + ` C` + svgtext.Num(x) + `,` + svgtext.Num((cy+ny)/2) + ` ` + svgtext.Num(bx) + `,` + svgtext.Num((cy+ny)/2) + ` ` + svgtext.Num(bx) + `,` + svgtext.Num(ny-1) +
				`" fill="none" stroke="#444444" stroke-width="1.5" marker-end="url(#` + svgtext.Escape(id) + `-arrow)"/>` + "\n")
		}
	}
	for i, ev := range t.Events {
		if ev.Lane < 0 || ev.Lane >= len(t.Lanes) {
			continue
		}
		x := xs[i]
		cy := lanesTop + float64(ev.Lane)*laneH + barTop + barH/2
		fill, stroke, class := "#ffffff", colOK, "num"
		if !ev.OK {
			fill, stroke, class = colFail, colFail, "numw"
		}
		extra := ""
		if !ev.Pass {
			extra = ` stroke-dasharray="2,1.5"`
			stroke = "#000000"
		}
		w.raw(`<g><title>` + svgtext.Escape(eventText(ev)) + `</title><circle cx="` + svgtext.Num(x) + `" cy="` + svgtext.Num(cy) + `" r="` + svgtext.Num(markerR) + `" fill="` + fill + `" stroke="` + stroke + `" stroke-width="2"` + extra + `/>`)
		w.raw(`<text x="` + svgtext.Num(x) + `" y="` + svgtext.Num(cy+3) + `" class="` + class + `" text-anchor="middle">` + strconv.Itoa(ev.Index) + "</text></g>\n")
	}

	// World changes: a dotted line down every lane, numbered at the axis.
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
		w.raw(`<g><title>` + svgtext.Escape(changeLegend(c)) + `</title>`)
		w.line(x, axisY, x, lanesBottom, `stroke="`+col+`" stroke-width="1.5" stroke-dasharray="1,3"`)
		w.raw(`<rect x="` + svgtext.Num(sx-7) + `" y="` + svgtext.Num(axisY-7) + `" width="14" height="14" fill="` + col + `"/>`)
		w.raw(`<text x="` + svgtext.Num(sx) + `" y="` + svgtext.Num(axisY+3) + `" class="numw" text-anchor="middle">` + strconv.Itoa(c.Index) + "</text></g>\n")
	}

	// Legend: one line per request, then the key.
	y := legendTop
	for i, ev := range t.Events {
		fill, stroke, class := "#ffffff", colOK, "num"
		if !ev.OK {
			fill, stroke, class = colFail, colFail, "numw"
		}
		w.raw(`<circle cx="20" cy="` + svgtext.Num(y-4) + `" r="` + svgtext.Num(markerR) + `" fill="` + fill + `" stroke="` + stroke + `" stroke-width="2"/>`)
		w.raw(`<text x="20" y="` + svgtext.Num(y-1) + `" class="` + class + `" text-anchor="middle">` + strconv.Itoa(ev.Index) + "</text>\n")
		class = ""
		if !ev.OK {
			class = "bad"
		}
		for j, line := range legend[i] {
			w.text(34, y+float64(j)*legendLine, class, line)
		}
		y += legendRow + float64(len(legend[i])-1)*legendLine
	}
	for i, c := range t.Changes {
		col := colChange
		if !c.OK {
			col = colFail
		}
		w.raw(`<rect x="13" y="` + svgtext.Num(y-11) + `" width="14" height="14" fill="` + col + `"/>`)
		w.raw(`<text x="20" y="` + svgtext.Num(y-1) + `" class="numw" text-anchor="middle">` + strconv.Itoa(c.Index) + "</text>\n")
		for j, line := range changes[i] {
			w.text(34, y+float64(j)*legendLine, "", line)
		}
		y += legendRow + float64(len(changes[i])-1)*legendLine
	}
	y += 6
	t.drawKey(w, y)
	w.raw("</svg>\n")
	return w.b.String()
}

// keyEntry is one entry of the picture's key: a swatch and its meaning.
type keyEntry struct {
	shape string // "bar", "line", "dot", "ring", "square"
	color string
	label string
}

// keyEntries lists the key's entries: the fixed ones, then those for lane
// kinds and world changes the picture holds.
func (t *Timeline) keyEntries() []keyEntry {
	out := []keyEntry{
		{"bar", colFirstHop, "first-hop session"},
		{"bar", colChained, "chained session"},
		{"line", colCap, "one-hour chaining cap"},
		{"line", colRoleMax, "role's MaxSessionDuration"},
		{"dot", colFail, "request AWS refused"},
		{"ring", "#000000", "not as expected"},
	}
	for _, ln := range t.Lanes {
		if ln.Kind == LaneUserSession {
			out = append(out, keyEntry{"bar", colUserSession, "user's temporary credentials"})
			break
		}
	}
	if len(t.Changes) > 0 {
		out = append(out, keyEntry{"square", colChange, "world change"})
	}
	return out
}

// keyWidth is the room a key entry takes on its row.
func keyWidth(e keyEntry) float64 { return 22 + float64(len(e.label))*5.8 + 18 }

// keyRows counts the rows the key takes.
func (t *Timeline) keyRows() int {
	rows, x := 1, 12.0
	for _, e := range t.keyEntries() {
		if x > 12 && x+keyWidth(e) > width-8 {
			rows, x = rows+1, 12
		}
		x += keyWidth(e)
	}
	return rows
}

// drawKey draws the key from baseline y, wrapping to new rows.
func (t *Timeline) drawKey(w *svgWriter, y float64) {
	x := 12.0
	for _, e := range t.keyEntries() {
		if x > 12 && x+keyWidth(e) > width-8 {
			x, y = 12, y+legendRow
		}
		switch e.shape {
		case "bar":
			w.raw(`<rect x="` + svgtext.Num(x) + `" y="` + svgtext.Num(y-9) + `" width="16" height="10" rx="2" fill="` + e.color + `"/>`)
		case "line":
			w.raw(`<line x1="` + svgtext.Num(x+8) + `" y1="` + svgtext.Num(y-11) + `" x2="` + svgtext.Num(x+8) + `" y2="` + svgtext.Num(y+1) + `" stroke="` + e.color + `" stroke-width="2" stroke-dasharray="4,3"/>`)
		case "dot":
			w.raw(`<circle cx="` + svgtext.Num(x+8) + `" cy="` + svgtext.Num(y-4) + `" r="6" fill="` + e.color + `"/>`)
		case "ring":
			w.raw(`<circle cx="` + svgtext.Num(x+8) + `" cy="` + svgtext.Num(y-4) + `" r="6" fill="#ffffff" stroke="` + e.color + `" stroke-width="2" stroke-dasharray="2,1.5"/>`)
		case "square":
			w.raw(`<rect x="` + svgtext.Num(x+2) + `" y="` + svgtext.Num(y-10) + `" width="12" height="12" fill="` + e.color + `"/>`)
		}
		w.text(x+22, y, "small", e.label)
		x += keyWidth(e)
	}
}

// drawSession draws a session's bar and its limits in the lane at top.
func (t *Timeline) drawSession(w *svgWriter, l layout, b *Bar, top float64, marks []float64) {
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
	label := formatDuration(b.Expires.Sub(b.Issued)) + ", until " + clockText(b.Expires, b.Issued)
	if lw := float64(len(label))*charW + 8; x2-x1 >= lw+2*markerR+6 && !anyWithin(marks, x2-lw-markerR, x2+markerR) {
		w.textEnd(x2-4, top+barTop+13, "bar", label)
	}

	capAt := b.Issued.Add(time.Hour)
	maxAt := b.Issued.Add(b.RoleMax)
	y1, y2 := top+4, top+barTop+barH+6
	limit := func(at time.Time, col, class, text string, above bool) {
		x := l.x(at)
		ty := top + barTop + barH + 15
		if above {
			ty = top + 9
		}
		w.line(x, y1, x, y2, `stroke="`+col+`" stroke-width="2" stroke-dasharray="4,3"`)
		if x+4+float64(len(text))*5.6 > width-4 {
			w.textEnd(x-4, ty, class, text)
		} else {
			w.text(x+4, ty, class, text)
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
	text := "MaxSessionDuration " + formatDuration(b.RoleMax)
	if b.Chained {
		text += " (not for chained calls)"
	}
	if l.within(maxAt) {
		limit(maxAt, colRoleMax, "max", text, b.Chained)
		return
	}
	w.textEnd(plotRight, top+9, "max", text+": ends "+clockText(maxAt, b.Issued)+" →")
}

// anyWithin tells whether some value lies in [lo, hi].
func anyWithin(vs []float64, lo, hi float64) bool {
	for _, v := range vs {
		if v >= lo && v <= hi {
			return true
		}
	}
	return false
}

// eventText describes a request in one line, for the legend and tooltips.
func eventText(ev *Event) string {
	s := ev.ID + " at " + ev.At.UTC().Format("15:04:05") + ": " + ev.What
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

// changeLegend describes a world change in one line.
func changeLegend(c Change) string {
	s := c.ID + " at " + c.At.UTC().Format("15:04:05") + ": the world changes (" + c.What + ")"
	if !c.OK {
		s += ", refused: " + c.Error
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
