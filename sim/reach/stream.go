package reach

import (
	"cmp"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim/trustgraph"
)

// WriteText writes what Report(title, from, to).Text() returns, byte for
// byte, without holding the report: principals are searched and written a
// batch at a time, so that memory stays bounded by the graph and one batch
// of routes however many routes there are (52 million at 100,000 roles).
func (a *Analysis) WriteText(w io.Writer, title string, from, to []int) error {
	g := a.Graph
	order := a.order(from, func(x, y int) int {
		return cmp.Compare(boolInt(g.Nodes[x].Kind == trustgraph.NodeRole), boolInt(g.Nodes[y].Kind == trustgraph.NodeRole))
	})
	sw := &stickyWriter{w: w}
	_, _ = io.WriteString(sw, "Reachability in "+strconv.Quote(title)+":")
	n := a.stream(order, from, to, sw, "\n", "", (*Principal).writeText)
	if n == 0 {
		_, _ = io.WriteString(sw, " no principal reaches a role.\n")
	}
	return sw.err
}

// WriteJSON writes what Report(title, from, to).JSON() returns, byte for
// byte, a batch of principals at a time (see WriteText).
func (a *Analysis) WriteJSON(w io.Writer, title string, from, to []int) error {
	sw := &stickyWriter{w: w}
	var head strings.Builder
	head.WriteString("{\n  \"world\": ")
	putJSON(&head, title)
	head.WriteString(",\n  \"principals\": [")
	_, _ = io.WriteString(sw, head.String())
	if n := a.stream(a.order(from, nil), from, to, sw, "", ",", (*Principal).writeJSON); n > 0 {
		_, _ = io.WriteString(sw, "\n  ")
	}
	_, _ = io.WriteString(sw, "]\n}\n")
	return sw.err
}

// order lists the principals of a report on from (every source when from
// is empty) as Report orders them: by key, ties in node order; before
// that, by first when it is not nil.
func (a *Analysis) order(from []int, first func(x, y int) int) []int {
	srcs := from
	if len(srcs) == 0 {
		srcs = a.Sources()
	}
	out := slices.Clone(srcs)
	slices.SortStableFunc(out, func(x, y int) int { return cmp.Compare(a.keys[x], a.keys[y]) })
	if first != nil {
		slices.SortStableFunc(out, first)
	}
	return out
}

// streamBatch is how many principals a batch holds per goroutine.
const streamBatch = 16

// stream searches from each principal of order and renders it with put, on
// up to GOMAXPROCS goroutines a batch at a time, and writes the batch in
// order, each principal after firstSep (the first one written) or sep. A
// principal that reaches none of the roles in to is left out unless from
// names principals (as in Report). It returns how many it wrote.
func (a *Analysis) stream(order, from, to []int, w io.Writer, firstSep, sep string, put func(*Principal, *strings.Builder)) int {
	want := nodeSet(to)
	workers := max(1, runtime.GOMAXPROCS(0))
	texts := make([]*strings.Builder, workers*streamBatch)
	written := 0
	for start := 0; start < len(order); start += len(texts) {
		part := order[start:min(start+len(texts), len(order))]
		a.each(len(part), func(wk *walker, i int) {
			texts[i] = nil
			p := a.routes(a.from(wk, part[i]), want, nil)
			if len(p.Reaches) == 0 && len(from) == 0 {
				return
			}
			var b strings.Builder
			put(p, &b)
			texts[i] = &b
		})
		for _, b := range texts[:len(part)] {
			if b == nil {
				continue
			}
			s := sep
			if written == 0 {
				s = firstSep
			}
			_, _ = io.WriteString(w, s+b.String())
			written++
		}
	}
	return written
}

// stickyWriter keeps the first write error and writes nothing after it.
type stickyWriter struct {
	w   io.Writer
	err error
}

func (s *stickyWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return len(p), nil
	}
	_, s.err = s.w.Write(p)
	return len(p), nil
}
