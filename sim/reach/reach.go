// Package reach answers, from a world's trust graph (sim/trustgraph), which
// roles each principal can reach by chains of role assumptions, and which
// roles can re-assume each other forever (role juggling).
//
// Every edge comes from trustgraph.Build: an edge runs from a principal (an
// IAM user, a role's session, a principal outside the world such as another
// account, an identity provider, an AWS service or "anyone") to a role it
// could assume, with the conditions that gate it, the Deny conditions that
// would stop it and the longest session it gives. This package adds no
// policy evaluation of its own.
//
// Reachability is a breadth-first search per source over adjacency lists,
// so that the work for one source grows with the edges it reaches, never
// with the size of the world. For each role a source reaches it keeps a
// witness: the shortest path, ties broken by node order (the path whose
// nodes come first in Graph.Nodes, compared hop by hop from the source).
// The path relies on the union of its edges' conditions and lasts at most
// as long as its last hop allows: the role's MaxSessionDuration from a first
// hop, one hour from a role session (role chaining).
//
// Juggling is found with Tarjan's strongly connected components, computed
// without recursion: a component of two or more roles, or a role whose trust
// policy lets its own sessions in, can be cycled through before each chained
// session's hour runs out, so that credentials never expire.
package reach

import (
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rolesim/rolesim/sim/trustgraph"
)

// ChainCap is the longest session an AssumeRole call made with a role
// session's credentials can give (role chaining).
const ChainCap = time.Hour

// Analysis holds a trust graph and the indexes the searches use. It is
// safe for concurrent use.
type Analysis struct {
	// Graph is the trust graph the analysis reads; it must not change
	// afterwards.
	Graph *trustgraph.Graph
	// out[n] are the edges leaving node n, by target node, then edge
	// index; in[n] the edges entering it, by source node, then edge index.
	out, in [][]int32
	// outTo[n][k] is the target node of edge out[n][k], so that a search
	// reads one compact list per node.
	outTo [][]int32
	// Hubs are the nodes many edges enter (roles anyone of an organization
	// may assume): hub[n] tells whether n is one, hubs counts them, and
	// restOut[n], restTo[n] are out[n], outTo[n] without the edges into a
	// hub. Once a search has found every hub, it reads these instead: an
	// edge into a hub can then find nothing new.
	hub             []bool
	hubs            int
	restOut, restTo [][]int32
	// keys[n] names node n in sorted output (Key).
	keys  []string
	names []string
	pool  sync.Pool
}

// New indexes a trust graph for reachability and juggling questions.
func New(g *trustgraph.Graph) *Analysis {
	n := len(g.Nodes)
	a := &Analysis{Graph: g, out: make([][]int32, n), in: make([][]int32, n)}
	outDeg := make([]int32, n)
	inDeg := make([]int32, n)
	for _, e := range g.Edges {
		outDeg[e.From]++
		inDeg[e.To]++
	}
	// One backing array for each direction keeps the lists compact.
	outAll := make([]int32, len(g.Edges))
	inAll := make([]int32, len(g.Edges))
	var oo, io int32
	for i := 0; i < n; i++ {
		a.out[i] = outAll[oo : oo : oo+outDeg[i]]
		a.in[i] = inAll[io : io : io+inDeg[i]]
		oo += outDeg[i]
		io += inDeg[i]
	}
	for i, e := range g.Edges {
		a.out[e.From] = append(a.out[e.From], int32(i))
		a.in[e.To] = append(a.in[e.To], int32(i))
	}
	for i := 0; i < n; i++ {
		out, in := a.out[i], a.in[i]
		sort.SliceStable(out, func(x, y int) bool { return g.Edges[out[x]].To < g.Edges[out[y]].To })
		sort.SliceStable(in, func(x, y int) bool { return g.Edges[in[x]].From < g.Edges[in[y]].From })
	}
	a.outTo = make([][]int32, n)
	toAll := make([]int32, 0, len(g.Edges))
	for i := 0; i < n; i++ {
		start := len(toAll)
		for _, e := range a.out[i] {
			toAll = append(toAll, int32(g.Edges[e].To))
		}
		a.outTo[i] = toAll[start:len(toAll):len(toAll)]
	}
	a.indexHubs(inDeg)
	a.keys = make([]string, n)
	a.names = make([]string, n)
	labels := make(map[string]int, n)
	for _, nd := range g.Nodes {
		labels[nd.Label]++
	}
	for i, nd := range g.Nodes {
		a.keys[i] = nd.ARN
		if a.keys[i] == "" {
			a.keys[i] = nd.Label
		}
		a.names[i] = nd.Label
		if labels[nd.Label] > 1 && nd.Account != "" {
			a.names[i] += " (" + nd.Account + ")"
		}
	}
	a.pool.New = func() any {
		return &walker{seen: make([]uint32, n), back: make([]int32, n), bits: make([]uint64, (n+63)/64)}
	}
	return a
}

// indexHubs finds the hubs, nodes entered by at least four times the
// average number of edges (and at least 32), and the out-lists without
// them.
func (a *Analysis) indexHubs(inDeg []int32) {
	n := len(inDeg)
	if n == 0 {
		return
	}
	threshold := int32(max(32, 4*len(a.Graph.Edges)/n))
	a.hub = make([]bool, n)
	into := 0
	for i, d := range inDeg {
		if d >= threshold {
			a.hub[i] = true
			a.hubs++
			into += int(d)
		}
	}
	if a.hubs == 0 {
		return
	}
	a.restOut, a.restTo = make([][]int32, n), make([][]int32, n)
	outAll := make([]int32, 0, len(a.Graph.Edges)-into)
	toAll := make([]int32, 0, len(a.Graph.Edges)-into)
	for i := 0; i < n; i++ {
		start := len(toAll)
		for k, to := range a.outTo[i] {
			if !a.hub[to] {
				outAll = append(outAll, a.out[i][k])
				toAll = append(toAll, to)
			}
		}
		a.restOut[i] = outAll[start:len(outAll):len(outAll)]
		a.restTo[i] = toAll[start:len(toAll):len(toAll)]
	}
}

// Out returns the edges leaving node n (indexes into Graph.Edges), by
// target node, then edge index. The list must not be changed.
func (a *Analysis) Out(n int) []int32 { return a.out[n] }

// In returns the edges entering node n, by source node, then edge index.
// The list must not be changed.
func (a *Analysis) In(n int) []int32 { return a.in[n] }

// Key names node n for sorted, machine-readable output: its ARN, or its
// label when it has none (an AWS service's name, "anyone").
func (a *Analysis) Key(n int) string { return a.keys[n] }

// Name names node n for people: its label, followed by its account when
// another node has the same label.
func (a *Analysis) Name(n int) string { return a.names[n] }

// walker is the scratch space of one search: seen[n] == epoch marks the
// nodes the current search has reached, so that a search costs nothing for
// the nodes it does not reach.
type walker struct {
	seen  []uint32
	epoch uint32
	// back[n] is the position of n in the current search's list, valid
	// while seen[n] == epoch.
	back []int32
	// hits is the current search's list as it grows, reused search after
	// search; the Reach gets a copy of exactly its length.
	hits []Hit
	// bits marks the nodes a search (from) has found: one bit per node,
	// small enough to stay in the nearest cache however many roles.
	bits []uint64
}

func (w *walker) reset() {
	w.epoch++
	if w.epoch == 0 {
		clear(w.seen)
		w.epoch = 1
	}
}

func (a *Analysis) walker() *walker {
	w := a.pool.Get().(*walker)
	w.reset()
	return w
}

// Hit is a role a source reaches, with the last hop of its witness path.
type Hit struct {
	// Role is the role's node (an index into Graph.Nodes).
	Role int32
	// Edge is the witness path's last hop (an index into Graph.Edges).
	Edge int32
	// Prev is the position in Reach.Hits of the hit the last hop starts
	// from, -1 when it starts from the source.
	Prev int32
}

// Reach is every role one source reaches.
type Reach struct {
	a *Analysis
	// Source is the principal's node.
	Source int
	// Hits are the roles reached, nearest first (breadth-first order).
	// The source itself is among them when it is a role that can come
	// back to itself.
	Hits []Hit
}

// Sources lists, in node order, every node with an edge out: the
// principals that can start or continue a chain.
func (a *Analysis) Sources() []int {
	var out []int
	for i := range a.out {
		if len(a.out[i]) > 0 {
			out = append(out, i)
		}
	}
	return out
}

// From finds every role node src can reach.
func (a *Analysis) From(src int) *Reach {
	w := a.walker()
	defer a.pool.Put(w)
	return a.from(w, src)
}

func (a *Analysis) from(w *walker, src int) *Reach {
	bits := w.bits
	clear(bits)
	hits := w.hits[:0]
	// hubsLeft counts the hubs not found yet; at 0 the edges into hubs
	// are skipped, which finds the same hits in the same order.
	hubsLeft := a.hubs
	expand := func(node int, prev int32) {
		out, tos := a.out[node], a.outTo[node]
		if hubsLeft == 0 && a.hubs > 0 {
			out, tos = a.restOut[node], a.restTo[node]
		}
		for k, to := range tos {
			word, bit := to>>6, uint64(1)<<(to&63)
			if bits[word]&bit != 0 {
				continue
			}
			bits[word] |= bit
			if hubsLeft > 0 && a.hub[to] {
				hubsLeft--
			}
			hits = append(hits, Hit{Role: to, Edge: out[k], Prev: prev})
		}
	}
	// The source is not marked: a role that comes back to itself is a hit
	// (once), and is not expanded again.
	expand(src, -1)
	for i := 0; i < len(hits); i++ {
		h := hits[i]
		if int(h.Role) != src {
			expand(int(h.Role), int32(i))
		}
	}
	w.hits = hits
	r := &Reach{a: a, Source: src}
	if len(hits) > 0 {
		r.Hits = slices.Clone(hits)
	}
	return r
}

// All finds what every source (Sources) reaches, in the order of Sources.
// The searches run on up to GOMAXPROCS goroutines; the result does not
// depend on how many.
func (a *Analysis) All() []*Reach { return a.fromEach(a.Sources()) }

// fromEach finds what every node of srcs reaches, in their order, on up to
// GOMAXPROCS goroutines.
func (a *Analysis) fromEach(srcs []int) []*Reach {
	out := make([]*Reach, len(srcs))
	a.each(len(srcs), func(w *walker, i int) { out[i] = a.from(w, srcs[i]) })
	return out
}

// each calls fn(w, i) for every i below n, on up to GOMAXPROCS goroutines,
// each with a walker of its own; fn writes only its own i's results, so
// that they do not depend on how many goroutines ran.
func (a *Analysis) each(n int, fn func(w *walker, i int)) {
	var wg sync.WaitGroup
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := a.walker()
			defer a.pool.Put(w)
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(w, i)
			}
		}()
	}
	wg.Wait()
}

// Find returns the position in r.Hits of the hit for role node n, -1 when
// r does not reach it.
func (r *Reach) Find(n int) int {
	for i, h := range r.Hits {
		if int(h.Role) == n {
			return i
		}
	}
	return -1
}

// Hops returns the length of hit i's witness path (hits are nearest first,
// so this never decreases along Hits).
func (r *Reach) Hops(i int) int {
	n := 0
	for ; i >= 0; i = int(r.Hits[i].Prev) {
		n++
	}
	return n
}

// Path returns the edges (indexes into Graph.Edges) of hit i's witness
// path, from the source.
func (r *Reach) Path(i int) []int {
	out := make([]int, r.Hops(i))
	for k := len(out) - 1; i >= 0; k-- {
		out[k] = int(r.Hits[i].Edge)
		i = int(r.Hits[i].Prev)
	}
	return out
}

// Conditions returns the conditions hit i's witness path relies on: those
// of its edges, in path order, without repeats.
func (r *Reach) Conditions(i int) []string {
	return union(r.a.Graph, r.Path(i), false)
}

// Denials returns the conditions under which a Deny stops a hop of hit i's
// witness path, in path order, without repeats.
func (r *Reach) Denials(i int) []string {
	return union(r.a.Graph, r.Path(i), true)
}

// Session returns the longest session the last hop of hit i's witness path
// can give (0 when an AWS service sets it) and whether that hop is role
// chaining.
func (r *Reach) Session(i int) (time.Duration, bool) {
	return hopSession(r.a.Graph.Edges[r.Hits[i].Edge])
}

// hopSession is the longest session of one edge: a chained hop is capped
// at ChainCap.
func hopSession(e *trustgraph.Edge) (time.Duration, bool) {
	d := e.MaxSession
	if e.Chained && d > ChainCap {
		d = ChainCap
	}
	return d, e.Chained
}

func union(g *trustgraph.Graph, path []int, denials bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, ei := range path {
		list := g.Edges[ei].Conditions
		if denials {
			list = g.Edges[ei].Denials
		}
		for _, c := range list {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}
