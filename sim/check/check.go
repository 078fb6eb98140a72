// Package check checks a scenario's assertions (assert:, scenario.Assertion)
// against the static analysis of the world the file declares: the trust
// graph (sim/trustgraph), its reachability and role juggling (sim/reach),
// and who can do what (sim/access). It evaluates no policy itself: every
// verdict is read from those packages' answers.
//
// The readings never hide access. A route or grant that relies on
// conditions the world does not fix (an external id, MFA, tags, the time,
// ...) counts as access: can_reach and can_perform pass on it (listing the
// conditions), cannot_reach and cannot_perform fail on it, and no_juggling
// fails on a cycle that relies on conditions. A Deny that stops a route only
// under conditions ("denied when") does not remove it either.
//
// The world is the one the file declares: steps that change the world are
// not applied, as in rolesim reach and who-can.
package check

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/access"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Result is the verdict on one assertion.
type Result struct {
	// Assertion is the entry checked.
	Assertion *scenario.Assertion
	Pass      bool
	// Message says why, in one or more sentences: what was found, or what
	// was looked for and not found. At is the position the message is
	// about: the name that matched nothing, the max_duration exceeded, or
	// the assertion itself.
	Message string
	At      scenario.Pos
	// Found are the routes, grants or cycles the verdict rests on: for a
	// failed cannot_* or no_juggling, the access that breaks it; for a
	// passed can_*, the access that proves it; empty otherwise.
	Found []Path
}

// Path is one route, grant or cycle found, as data.
type Path struct {
	// Keys are the nodes along the path from the principal (ARN, or the
	// label of a node without one: a service, "anyone"); Names the same
	// nodes for people. For a grant the last node is the actor making the
	// request; for a cycle, the path ends at the cycle's first role
	// reached (the principal alone, when it is in the cycle).
	Keys  []string
	Names []string
	// Conditions are what the path relies on; Denials the conditions
	// under which a Deny stops it.
	Conditions []string
	Denials    []string
	// MaxSession is the longest session the path's last hop can give, 0
	// when there is no hop or an AWS service sets it (ServiceSession).
	// Chained tells that the last hop is role chaining.
	MaxSession     time.Duration
	ServiceSession bool
	Chained        bool
	// Action and Resource are a grant's request; Outside tells that the
	// actor is outside the world, so its own account's policies (unknown)
	// must allow it too.
	Action, Resource string
	Outside          bool
	// Loop are a cycle's roles around one closed chain, the first repeated
	// at the end; HopWithin how soon each hop must follow the last.
	Loop      []string
	HopWithin time.Duration
}

// Line words the path: "alice → Deploy → ProdAdmin, up to 1h (chained),
// if sts:ExternalId StringEquals x".
func (p Path) Line() string {
	var b strings.Builder
	b.WriteString(strings.Join(p.Names, " → "))
	switch {
	case p.Loop != nil:
		b.WriteString(", then around " + strings.Join(p.Loop, " → ") + " (a hop within " + sim.FormatDuration(p.HopWithin) + " of the last, forever)")
	case p.ServiceSession:
		b.WriteString(", session length set by the service")
	case p.MaxSession > 0:
		b.WriteString(", up to " + sim.FormatDuration(p.MaxSession))
		if p.Chained {
			b.WriteString(" (chained)")
		}
	}
	if p.Action != "" {
		b.WriteString(": " + p.Action + " on " + p.Resource)
	}
	for _, c := range p.Conditions {
		b.WriteString(", if " + c)
	}
	for _, c := range p.Denials {
		b.WriteString(", denied when " + c)
	}
	if p.Outside {
		b.WriteString(", and if its own account's policies allow it (they are outside the world)")
	}
	return b.String()
}

// Scenario checks the assertions of sc against the world it declares. It
// returns nil, and builds nothing, when sc has none; an error only when the
// world cannot be built.
func Scenario(sc *scenario.Scenario) ([]Result, error) {
	if len(sc.Asserts) == 0 {
		return nil, nil
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		return nil, err
	}
	return New(w, sc.Name).Run(sc.Asserts), nil
}

// Checker checks assertions against one world. It builds the trust graph
// once, and the who-can answers once per request.
type Checker struct {
	a      *reach.Analysis
	f      *access.Finder
	grants map[[2]string][]access.Grant
	cycles []*reach.Cycle
	juggle bool
}

// New builds the trust graph of w (titled title) and its analyses.
func New(w *sim.World, title string) *Checker {
	a := reach.New(trustgraph.Build(w, title))
	return &Checker{a: a, f: access.New(w, a), grants: map[[2]string][]access.Grant{}}
}

// Run checks each assertion, in order.
func (c *Checker) Run(asserts []*scenario.Assertion) []Result {
	out := make([]Result, 0, len(asserts))
	for _, as := range asserts {
		out = append(out, c.Check(as))
	}
	return out
}

// Check checks one assertion.
func (c *Checker) Check(as *scenario.Assertion) Result {
	r := Result{Assertion: as, At: as.Pos}
	switch as.Kind {
	case scenario.AssertCanReach, scenario.AssertCannotReach:
		c.reach(&r)
	case scenario.AssertCanPerform, scenario.AssertCannotPerform:
		c.perform(&r)
	case scenario.AssertNoJuggling:
		c.juggling(&r)
	default:
		r.Message = "unknown assertion kind " + strconv.Quote(string(as.Kind))
	}
	return r
}

// resolve finds the one node ref names (any principal, or only roles);
// otherwise it fails r at the name and returns -1.
func (c *Checker) resolve(r *Result, what string, ref scenario.Ref, roles bool) int {
	nodes := c.a.Lookup(ref.Value, roles)
	switch len(nodes) {
	case 1:
		return nodes[0]
	case 0:
		msg := what + " " + strconv.Quote(ref.Value) + ": no " + what + " of the world is named so (give its name, or its ARN)"
		for i, nd := range c.a.Graph.Nodes {
			if (!roles || nd.Kind == trustgraph.NodeRole) && (strings.EqualFold(nd.Label, ref.Value) || strings.EqualFold(c.a.Key(i), ref.Value)) {
				msg += "; did you mean " + strconv.Quote(c.a.Name(i)) + "?"
				break
			}
		}
		r.Message, r.At = msg, ref.Pos
	default:
		var keys []string
		for _, n := range nodes {
			keys = append(keys, c.a.Key(n))
		}
		r.Message = what + " " + strconv.Quote(ref.Value) + " names " + strconv.Itoa(len(nodes)) + " " + what + "s (" + strings.Join(keys, ", ") + "): give the ARN"
		r.At = ref.Pos
	}
	return -1
}

// path is a reach hit as a Path.
func (c *Checker) path(src int, rc *reach.Reach, i int) Path {
	p := Path{Keys: []string{c.a.Key(src)}, Names: []string{c.a.Name(src)}}
	c.addEdges(&p, rc.Path(i))
	p.Conditions = nonNil(rc.Conditions(i))
	p.Denials = nonNil(rc.Denials(i))
	p.MaxSession, p.Chained = rc.Session(i)
	p.ServiceSession = p.MaxSession == 0
	return p
}

func (c *Checker) addEdges(p *Path, edges []int) {
	for _, e := range edges {
		to := c.a.Graph.Edges[e].To
		p.Keys = append(p.Keys, c.a.Key(to))
		p.Names = append(p.Names, c.a.Name(to))
	}
}

func (c *Checker) reach(r *Result) {
	as := r.Assertion
	src := c.resolve(r, "principal", as.Principal, false)
	if src < 0 {
		return
	}
	role := c.resolve(r, "role", as.Role, true)
	if role < 0 {
		return
	}
	who, target := c.a.Name(src), c.a.Name(role)
	rc := c.a.From(src)
	i := rc.Find(role)
	if i < 0 {
		if as.Kind == scenario.AssertCannotReach {
			r.Pass = true
			r.Message = who + " cannot reach " + target + ": no chain of role assumptions leads there, under any condition"
			return
		}
		r.Message = who + " cannot reach " + target + ": no chain of role assumptions leads there. " + c.reaches(src, rc) + " " + c.trustedBy(role)
		return
	}
	p := c.path(src, rc, i)
	r.Found = []Path{p}
	if as.Kind == scenario.AssertCannotReach {
		r.Message = who + " can reach " + target + ": " + p.Line()
		if len(p.Conditions) > 0 {
			r.Message += " (conditions that may hold still give access)"
		}
		return
	}
	if as.MaxDuration > 0 {
		limit := sim.FormatDuration(as.MaxDuration)
		switch {
		case p.ServiceSession:
			r.Message = who + " reaches " + target + " (" + p.Line() + "), but the service sets the session length: it cannot be shown to be at most " + limit
			r.At = as.MaxDurationPos
			return
		case p.MaxSession > as.MaxDuration:
			r.Message = who + " reaches " + target + " with sessions of up to " + sim.FormatDuration(p.MaxSession) + ", longer than max_duration " + limit + ": " + p.Line()
			r.At = as.MaxDurationPos
			return
		}
	}
	r.Pass = true
	r.Message = who + " reaches " + target + ": " + p.Line()
}

// reaches words what src reaches, for a failed can_reach.
func (c *Checker) reaches(src int, rc *reach.Reach) string {
	if len(rc.Hits) == 0 {
		return c.a.Name(src) + " reaches no role."
	}
	var names []string
	for _, h := range rc.Hits {
		names = append(names, c.a.Name(int(h.Role)))
	}
	return c.a.Name(src) + " reaches " + plural(len(names), "role") + ": " + strings.Join(names, ", ") + "."
}

// trustedBy words who reaches role in one hop, for a failed can_reach.
func (c *Checker) trustedBy(role int) string {
	var names []string
	seen := map[int]bool{}
	for _, e := range c.a.Graph.Edges {
		if e.To == role && !seen[e.From] {
			seen[e.From] = true
			names = append(names, c.a.Name(e.From))
		}
	}
	if len(names) == 0 {
		return c.a.Name(role) + " can be assumed by no principal of the trust graph."
	}
	return c.a.Name(role) + " can be assumed directly by " + strings.Join(names, ", ") + "."
}

func (c *Checker) whoCan(action, resource string) []access.Grant {
	k := [2]string{action, resource}
	g, ok := c.grants[k]
	if !ok {
		g = c.f.WhoCan(action, resource)
		c.grants[k] = g
	}
	return g
}

func (c *Checker) perform(r *Result) {
	as := r.Assertion
	action, resource := as.Action.Value, as.Resource.Value
	grants := c.whoCan(action, resource)
	var mine []access.Grant
	src := -1
	if nodes := c.a.Lookup(as.Principal.Value, false); len(nodes) == 0 && strings.HasPrefix(as.Principal.Value, "arn:") {
		// A principal outside the world that only the resource's policy
		// names is no node of the trust graph.
		for _, g := range grants {
			if g.Principal < 0 && g.Outsider == as.Principal.Value {
				mine = append(mine, g)
			}
		}
		if len(mine) == 0 {
			c.resolve(r, "principal", as.Principal, false)
			if as.Kind == scenario.AssertCannotPerform {
				// An outside ARN nobody names is allowed nothing here.
				r.Pass = true
				r.Message = as.Principal.Value + " is no principal of the world and no policy of the request names it: it cannot be allowed " + action + " on " + resource
				r.At = as.Pos
			}
			return
		}
	} else {
		if src = c.resolve(r, "principal", as.Principal, false); src < 0 {
			return
		}
		for _, g := range grants {
			if g.Principal == src {
				mine = append(mine, g)
			}
		}
	}
	who := as.Principal.Value
	if src >= 0 {
		who = c.a.Name(src)
	}
	for _, g := range mine {
		r.Found = append(r.Found, c.grant(g))
	}
	if len(mine) == 0 {
		if as.Kind == scenario.AssertCannotPerform {
			r.Pass = true
			r.Message = who + " cannot be allowed " + action + " on " + resource + ", itself or through any role it reaches, under any condition"
			return
		}
		r.Message = who + " cannot be allowed " + action + " on " + resource + ", itself or through any role it reaches. " + c.others(grants)
		return
	}
	if as.Kind == scenario.AssertCannotPerform {
		r.Message = who + " can be allowed " + action + " on " + resource + " (" + plural(len(mine), "way") + "): " + r.Found[0].Line()
		return
	}
	r.Pass = true
	r.Message = who + " can be allowed " + action + " on " + resource + ": " + r.Found[0].Line()
}

// others words who can make the request, for a failed can_perform.
func (c *Checker) others(grants []access.Grant) string {
	var names []string
	seen := map[string]bool{}
	for _, g := range grants {
		n := g.Outsider
		if g.Principal >= 0 {
			n = c.a.Name(g.Principal)
		}
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "No principal of the world can be allowed it."
	}
	return "Who can: " + strings.Join(names, ", ") + "."
}

func (c *Checker) grant(g access.Grant) Path {
	p := Path{Action: g.Action, Resource: g.Resource, Outside: g.Outside,
		Conditions: nonNil(g.Conditions), Denials: nonNil(g.Denials), MaxSession: g.Session, Chained: g.Chained}
	if g.Principal < 0 {
		p.Keys, p.Names = []string{g.Outsider}, []string{g.Outsider}
		return p
	}
	p.Keys, p.Names = []string{c.a.Key(g.Principal)}, []string{c.a.Name(g.Principal)}
	c.addEdges(&p, g.Path)
	p.ServiceSession = len(g.Path) > 0 && g.Session == 0
	return p
}

func (c *Checker) juggling(r *Result) {
	as := r.Assertion
	if !c.juggle {
		c.cycles, c.juggle = c.a.Juggling(), true
	}
	if as.From.Value == "" {
		for _, cy := range c.cycles {
			start := cy.Roles[0]
			p := Path{Keys: []string{c.a.Key(start)}, Names: []string{c.a.Name(start)}}
			c.loop(&p, cy)
			r.Found = append(r.Found, p)
		}
		if len(r.Found) == 0 {
			r.Pass = true
			r.Message = "no role juggling: no role's session can come back to it through a chain"
			return
		}
		r.Message = plural(len(r.Found), "cycle") + " of roles can re-assume each other forever: " + r.Found[0].Line()
		return
	}
	src := c.resolve(r, "principal", as.From, false)
	if src < 0 {
		return
	}
	rc := c.a.From(src)
	for _, cy := range c.cycles {
		in := map[int]bool{}
		for _, n := range cy.Roles {
			in[n] = true
		}
		var p Path
		switch {
		case in[src]:
			p = Path{Keys: []string{c.a.Key(src)}, Names: []string{c.a.Name(src)}}
		default:
			i := -1
			for k, h := range rc.Hits {
				if in[int(h.Role)] {
					i = k
					break
				}
			}
			if i < 0 {
				continue
			}
			p = c.path(src, rc, i)
		}
		c.loop(&p, cy)
		r.Found = append(r.Found, p)
	}
	who := c.a.Name(src)
	if len(r.Found) == 0 {
		r.Pass = true
		r.Message = who + " can enter no cycle of roles that re-assume each other"
		return
	}
	r.Message = who + " can enter " + plural(len(r.Found), "cycle") + " of roles that re-assume each other forever: " + r.Found[0].Line()
}

// loop adds cycle cy, entered at the last node of p, to p: its loop from
// that role around and back, and the loop's conditions after p's own.
func (c *Checker) loop(p *Path, cy *reach.Cycle) {
	g := c.a.Graph
	// Rotate the loop so that it starts where p enters the cycle.
	entry := p.Keys[len(p.Keys)-1]
	edges := cy.Loop
	for k, e := range edges {
		if c.a.Key(g.Edges[e].From) == entry {
			edges = append(append([]int{}, edges[k:]...), edges[:k]...)
			break
		}
	}
	if len(edges) > 0 {
		p.Loop = []string{c.a.Name(g.Edges[edges[0]].From)}
	}
	for _, e := range edges {
		p.Loop = append(p.Loop, c.a.Name(g.Edges[e].To))
	}
	p.HopWithin = cy.HopWithin
	p.Conditions = appendNew(nonNil(p.Conditions), cy.Conditions...)
	p.Denials = appendNew(nonNil(p.Denials), cy.Denials...)
	p.MaxSession, p.ServiceSession, p.Chained = 0, false, false
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func plural(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}
