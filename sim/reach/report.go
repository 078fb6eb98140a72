package reach

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Report is the reachability of a world (or of the principals and roles a
// caller selected) as data: what the text, JSON, DOT and Mermaid renderings
// show. Principals are sorted by key (ARN, or label when there is none),
// each principal's routes by the role's ARN.
type Report struct {
	World      string       `json:"world"`
	Principals []*Principal `json:"principals"`

	a     *Analysis
	edges []int // the witness paths' edges, for the pictures
}

// Principal is one principal and the roles it reaches.
type Principal struct {
	// Principal is the node's key (Analysis.Key); Name its name for
	// people (Analysis.Name).
	Principal string `json:"principal"`
	Name      string `json:"name"`
	// Kind is "user", "role", "provider" or "external".
	Kind    string   `json:"kind"`
	Detail  string   `json:"detail"`
	Account string   `json:"account,omitempty"`
	Reaches []*Route `json:"reaches"`

	node int
}

// Route is a role a principal reaches and the witness path to it.
type Route struct {
	Role string `json:"role"`
	Name string `json:"name"`
	// Path are the keys of the nodes along the path, from the principal
	// to the role; Names the same nodes' names.
	Path  []string `json:"path"`
	Names []string `json:"names"`
	Hops  int      `json:"hops"`
	// MaxSession is the longest session the last hop can give ("1h"), ""
	// when an AWS service sets it; MaxSessionSeconds the same in seconds.
	MaxSession        string `json:"max_session"`
	MaxSessionSeconds int64  `json:"max_session_seconds"`
	// Chained tells whether the last hop is role chaining.
	Chained bool `json:"chained"`
	// RoleCaller tells whether the first hop's caller is a principal
	// outside the world that may itself be a role session (then the hop
	// gives at most an hour).
	RoleCaller bool     `json:"may_be_chained,omitempty"`
	Conditions []string `json:"conditions"`
	DeniedWhen []string `json:"denied_when"`
}

// Report works out the routes of the principals in from (every source when
// from is empty) to the roles in to (every role when to is empty).
func (a *Analysis) Report(title string, from, to []int) *Report {
	var reaches []*Reach
	if len(from) == 0 {
		reaches = a.All()
	} else {
		reaches = a.fromEach(from)
	}
	want := nodeSet(to)
	rep := &Report{World: title, Principals: []*Principal{}, a: a}
	usedEdge := map[int]bool{}
	for _, r := range reaches {
		p := a.routes(r, want, usedEdge)
		if len(p.Reaches) == 0 && len(from) == 0 {
			continue
		}
		rep.Principals = append(rep.Principals, p)
	}
	slices.SortStableFunc(rep.Principals, func(x, y *Principal) int { return cmp.Compare(x.Principal, y.Principal) })
	for e := range usedEdge {
		rep.edges = append(rep.edges, e)
	}
	slices.Sort(rep.edges)
	return rep
}

// routes is r's source with its routes to the roles in want (every role
// when want is empty), sorted by role key; the edges of their paths are
// added to used, when not nil.
func (a *Analysis) routes(r *Reach, want map[int]bool, used map[int]bool) *Principal {
	p := a.principal(r.Source)
	for i, h := range r.Hits {
		if len(want) > 0 && !want[int(h.Role)] {
			continue
		}
		path := r.Path(i)
		for _, e := range path {
			if used != nil {
				used[e] = true
			}
		}
		p.Reaches = append(p.Reaches, a.route(path))
	}
	if p.Reaches == nil {
		p.Reaches = []*Route{}
	}
	slices.SortFunc(p.Reaches, func(x, y *Route) int { return cmp.Compare(x.Role, y.Role) })
	return p
}

// nodeSet is the set of the nodes ns.
func nodeSet(ns []int) map[int]bool {
	set := make(map[int]bool, len(ns))
	for _, n := range ns {
		set[n] = true
	}
	return set
}

func kindName(k trustgraph.NodeKind) string {
	switch k {
	case trustgraph.NodeUser:
		return "user"
	case trustgraph.NodeRole:
		return "role"
	case trustgraph.NodeProvider:
		return "provider"
	}
	return "external"
}

func (a *Analysis) principal(n int) *Principal {
	nd := a.Graph.Nodes[n]
	return &Principal{Principal: a.keys[n], Name: a.names[n], Kind: kindName(nd.Kind), Detail: nd.Detail, Account: nd.Account, node: n}
}

// mayBeRole tells whether an external node may stand for a role session
// (an account or ARN outside the world, or anyone), whose hop is chained.
func mayBeRole(nd *trustgraph.Node) bool {
	return nd.Kind == trustgraph.NodeExternal && nd.Detail != "AWS service" && !strings.Contains(nd.Detail, "identity provider")
}

func (a *Analysis) route(path []int) *Route {
	g := a.Graph
	first, last := g.Edges[path[0]], g.Edges[path[len(path)-1]]
	rt := &Route{
		Role: a.keys[last.To], Name: a.names[last.To], Hops: len(path),
		Path: []string{a.keys[first.From]}, Names: []string{a.names[first.From]},
		Conditions: union(g, path, false), DeniedWhen: union(g, path, true),
	}
	for _, e := range path {
		to := g.Edges[e].To
		rt.Path = append(rt.Path, a.keys[to])
		rt.Names = append(rt.Names, a.names[to])
	}
	d, chained := hopSession(last)
	rt.Chained = chained
	rt.MaxSessionSeconds = int64(d / time.Second)
	if d > 0 {
		rt.MaxSession = sim.FormatDuration(d)
	}
	rt.RoleCaller = len(path) == 1 && !chained && d > ChainCap && mayBeRole(g.Nodes[first.From])
	if rt.Conditions == nil {
		rt.Conditions = []string{}
	}
	if rt.DeniedWhen == nil {
		rt.DeniedWhen = []string{}
	}
	return rt
}

// sessionPhrase says how long a route's last hop lasts.
func (rt *Route) sessionPhrase() string {
	switch {
	case rt.MaxSession == "":
		return "session length set by the service"
	case rt.Chained:
		return rt.MaxSession + " (chained)"
	case rt.RoleCaller:
		return "up to " + rt.MaxSession + " (1h if the caller is a role session)"
	}
	return "up to " + rt.MaxSession
}

// Line is the route in one sentence: "alice → Deploy → ProdAdmin, 1h
// (chained), if sts:ExternalId StringEquals x".
func (rt *Route) Line() string {
	var b strings.Builder
	b.WriteString(strings.Join(rt.Names, " → "))
	b.WriteString(", ")
	b.WriteString(rt.sessionPhrase())
	for _, c := range rt.Conditions {
		b.WriteString(", if ")
		b.WriteString(c)
	}
	for _, c := range rt.DeniedWhen {
		b.WriteString(", denied when ")
		b.WriteString(c)
	}
	return b.String()
}

// Lookup returns the nodes a name stands for: a node's ARN, key, label or
// name (Analysis.Name), in node order; only role nodes when roles is set.
func (a *Analysis) Lookup(name string, roles bool) []int {
	var out []int
	for i, nd := range a.Graph.Nodes {
		if roles && nd.Kind != trustgraph.NodeRole {
			continue
		}
		if a.keys[i] == name || nd.Label == name || a.names[i] == name {
			out = append(out, i)
		}
	}
	return out
}
