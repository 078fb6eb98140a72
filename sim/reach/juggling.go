package reach

import (
	"slices"
	"time"

	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Cycle is a set of roles whose sessions can assume each other in a circle
// (a strongly connected component of the role-to-role edges with two or
// more roles, or one role that trusts its own sessions): hopping around it
// before each chained session's hour runs out keeps credentials alive
// forever, and each hop issues a fresh session, so a "revoke older
// sessions" Deny on aws:TokenIssueTime never catches up.
type Cycle struct {
	// Roles are the component's role nodes, in node order.
	Roles []int
	// Loop are the edges of one closed chain from Roles[0] back to it:
	// the shortest through Roles[0] of two hops or more when the component
	// has several roles (ties broken by node order), its self-assume edge
	// otherwise.
	Loop []int
	// SelfAssume are the roles of the component whose trust policy lets
	// their own sessions in, in node order.
	SelfAssume []int
	// HopWithin is the longest session a hop of Loop gives (ChainCap for a
	// chained hop): each hop must be made before the previous hop's session
	// expires, that is less than HopWithin after it.
	HopWithin time.Duration
	// Conditions are those Loop relies on, Denials those under which a
	// Deny stops one of its hops, in loop order, without repeats.
	Conditions, Denials []string
	// Entrants are the principals other than roles (IAM users, identity
	// providers, services, principals outside the world) that can reach
	// the component, in node order.
	Entrants []Entrant
}

// Entrant is a principal that can enter a cycle, with its shortest path
// into it (ties broken by node order).
type Entrant struct {
	// Node is the principal's node.
	Node int
	// Path are the edges from Node to the first role of the cycle it
	// reaches.
	Path []int
}

// Hop is one AssumeRole call of a juggling schedule.
type Hop struct {
	// At is the time of the call after the first hop into the cycle.
	At time.Duration
	// Edge is the hop (an index into Graph.Edges).
	Edge int
}

// Schedule returns the hops that keep the cycle alive for the duration d
// after entering it at Roles[0] (at time 0): around Loop again and again,
// each hop a minute before the previous hop's session expires
// (HopWithin − 1m), until a session lasts past d.
func (c *Cycle) Schedule(d time.Duration) []Hop {
	every := c.HopWithin - time.Minute
	if every <= 0 || len(c.Loop) == 0 {
		return nil
	}
	var out []Hop
	for k := 1; time.Duration(k)*every < d; k++ {
		out = append(out, Hop{At: time.Duration(k) * every, Edge: c.Loop[(k-1)%len(c.Loop)]})
	}
	return out
}

// Juggling finds every cycle of roles, ordered by their first role's node.
func (a *Analysis) Juggling() []*Cycle {
	var out []*Cycle
	for _, members := range a.CycleRoles() {
		c := &Cycle{Roles: members}
		for _, m := range members {
			if a.selfAssumes(m) {
				c.SelfAssume = append(c.SelfAssume, m)
			}
		}
		c.Loop = a.loop(members)
		c.HopWithin = -1
		for _, e := range c.Loop {
			d, _ := hopSession(a.Graph.Edges[e])
			if c.HopWithin < 0 || d < c.HopWithin {
				c.HopWithin = d
			}
		}
		c.Conditions = union(a.Graph, c.Loop, false)
		c.Denials = union(a.Graph, c.Loop, true)
		c.Entrants = a.entrants(members)
		out = append(out, c)
	}
	return out
}

// CycleRoles returns the roles of every cycle Juggling finds (Cycle.Roles),
// in the same order, without working out their loops and entrants: what
// comparing the cycles of two worlds needs.
func (a *Analysis) CycleRoles() [][]int {
	var out [][]int
	for _, members := range a.components() {
		if len(members) > 1 || a.selfAssumes(members[0]) {
			out = append(out, members)
		}
	}
	return out
}

// selfAssumes tells whether role node m trusts its own sessions.
func (a *Analysis) selfAssumes(m int) bool {
	for _, to := range a.outTo[m] {
		if int(to) == m {
			return true
		}
	}
	return false
}

// components returns the strongly connected components of the role nodes
// (Tarjan's algorithm with an explicit stack, so that a chain of 100,000
// roles needs no deep recursion), each in node order, ordered by their
// first node.
func (a *Analysis) components() [][]int {
	g := a.Graph
	n := len(g.Nodes)
	index := make([]int32, n) // 0: not visited; otherwise visit order + 1
	low := make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	type frame struct{ v, pos int32 }
	var calls []frame
	var counter int32
	comp := make([]int32, n)
	var comps [][]int
	push := func(v int32) {
		counter++
		index[v], low[v] = counter, counter
		stack = append(stack, v)
		onStack[v] = true
		calls = append(calls, frame{v: v})
	}
	for s := 0; s < n; s++ {
		if g.Nodes[s].Kind != trustgraph.NodeRole || index[s] != 0 {
			continue
		}
		push(int32(s))
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.v
			if int(f.pos) < len(a.outTo[v]) {
				w := a.outTo[v][f.pos]
				f.pos++
				if index[w] == 0 {
					push(w)
				} else if onStack[w] && index[w] < low[v] {
					low[v] = index[w]
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				if u := calls[len(calls)-1].v; low[v] < low[u] {
					low[u] = low[v]
				}
			}
			if low[v] != index[v] {
				continue
			}
			var members []int
			for {
				x := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[x] = false
				comp[x] = int32(len(comps))
				members = append(members, int(x))
				if x == v {
					break
				}
			}
			slices.Sort(members)
			comps = append(comps, members)
		}
	}
	// Order by first node, so that the result reads in node order.
	slices.SortFunc(comps, func(x, y []int) int { return x[0] - y[0] })
	return comps
}

// loop returns one closed chain through members[0]: its first self-assume
// edge for a component of one role; otherwise the shortest chain of two
// hops or more inside the component back to it.
func (a *Analysis) loop(members []int) []int {
	edges := a.Graph.Edges
	start := members[0]
	if len(members) == 1 {
		for _, e := range a.out[start] {
			if edges[e].To == start {
				return []int{int(e)}
			}
		}
		return nil
	}
	w := a.walker()
	defer a.pool.Put(w)
	in := map[int]bool{}
	for _, m := range members {
		in[m] = true
	}
	// Breadth-first from start inside the component; list[i] reached
	// node[i] by edge via[i] from list position prev[i].
	type step struct {
		node, edge, prev int
	}
	list := []step{{node: start, edge: -1, prev: -1}}
	w.seen[start] = w.epoch
	for i := 0; i < len(list); i++ {
		u := list[i].node
		for _, e := range a.out[u] {
			to := edges[e].To
			if to == u || !in[to] {
				continue
			}
			if to == start {
				var path []int
				path = append(path, int(e))
				for k := i; list[k].edge >= 0; k = list[k].prev {
					path = append(path, list[k].edge)
				}
				slices.Reverse(path)
				return path
			}
			if w.seen[to] == w.epoch {
				continue
			}
			w.seen[to] = w.epoch
			list = append(list, step{node: to, edge: int(e), prev: i})
		}
	}
	return nil // not reached: a component of several roles has a cycle through each
}

// entrants finds the principals other than roles that can reach the
// component, each with its shortest path into it: a breadth-first search
// backwards from all its roles at once.
func (a *Analysis) entrants(members []int) []Entrant {
	g := a.Graph
	w := a.walker()
	defer a.pool.Put(w)
	// next[i] is the edge list[i] takes towards the component.
	var list, next []int
	for _, m := range members {
		w.seen[m] = w.epoch
		w.back[m] = int32(len(list))
		list = append(list, m)
		next = append(next, -1)
	}
	var found []Entrant
	for i := 0; i < len(list); i++ {
		for _, e := range a.in[list[i]] {
			from := g.Edges[e].From
			if w.seen[from] == w.epoch {
				continue
			}
			w.seen[from] = w.epoch
			w.back[from] = int32(len(list))
			list = append(list, from)
			next = append(next, int(e))
			if g.Nodes[from].Kind == trustgraph.NodeRole {
				continue
			}
			var path []int
			for k := len(list) - 1; next[k] >= 0; {
				path = append(path, next[k])
				// Every node on the way was listed before this one;
				// a member's next is -1.
				k = int(w.back[g.Edges[next[k]].To])
			}
			found = append(found, Entrant{Node: from, Path: path})
		}
	}
	slices.SortFunc(found, func(x, y Entrant) int { return x.Node - y.Node })
	return found
}
