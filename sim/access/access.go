// Package access answers "who can do X" and "what can P do" for a world,
// without running anything: every principal that can be allowed an action
// on a resource, directly or at the end of a chain of AssumeRole, with the
// chain, the conditions it relies on and the Denies that could still stop
// it.
//
// Every answer is the authorization core's: the request itself is a
// sim.World.Decide in partial evaluation (identity-based policies,
// permissions boundary, SCPs, RCPs, the resource's resource-based policy,
// the same-account and cross-account rules), and the chains come from
// sim/reach over the trust graph, whose edges are the core's decisions too.
// Conditions on keys the world does not fix (an external id, MFA, session
// tags, the time, ...) are not decided: they are reported.
package access

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Grant is one way a principal can be allowed an action on a resource.
type Grant struct {
	// Principal is the node (an index into the trust graph's Nodes) of the
	// principal who can get there; Actor the node that makes the request:
	// the principal itself, or the role at the end of Path. Both are -1 for
	// a principal outside the world that only the resource's policy names
	// (Outsider).
	Principal, Actor int
	// Outsider is the ARN of such a principal (an account's root ARN
	// stands for any principal of that account).
	Outsider string
	// Path are the trust graph's edges (indexes into Edges) from Principal
	// to Actor; empty when the principal makes the request itself.
	Path []int
	// Action and Resource are the request allowed.
	Action, Resource string
	// Conditions are what the grant relies on: the path's conditions, then
	// the request's own. Denials are the conditions under which a Deny
	// stops a hop or the request.
	Conditions, Denials []string
	// Outside tells that the actor is outside the world and the request
	// also needs its own account's policies, which are unknown.
	Outside bool
	// Session is the longest session the last hop of Path can give (0
	// without a path, or when an AWS service sets it); Chained tells that
	// the last hop is role chaining (at most an hour).
	Session time.Duration
	Chained bool
}

// Finder answers questions about one world and its trust graph.
type Finder struct {
	w   *sim.World
	a   *reach.Analysis
	dec *sim.Decider
	// callers are the nodes that can make a request with their own
	// identity: users, roles, and outside accounts and principals.
	callers []int
	caller  map[int]sim.Caller
	reaches map[int]*reach.Reach
	// in[n] are the edges into node n, by source node.
	in [][]int
}

// New returns a Finder for world w and its trust graph's analysis (which
// must be of w: reach.New(trustgraph.Build(w, ...))).
func New(w *sim.World, a *reach.Analysis) *Finder {
	f := &Finder{w: w, a: a, dec: w.Decider(), caller: map[int]sim.Caller{}, reaches: map[int]*reach.Reach{}}
	f.in = make([][]int, len(a.Graph.Nodes))
	for ei, e := range a.Graph.Edges {
		f.in[e.To] = append(f.in[e.To], ei)
	}
	for _, in := range f.in {
		sort.SliceStable(in, func(i, j int) bool { return a.Graph.Edges[in[i]].From < a.Graph.Edges[in[j]].From })
	}
	for i, n := range a.Graph.Nodes {
		if cl, ok := f.callerOf(n); ok {
			f.callers = append(f.callers, i)
			f.caller[i] = cl
		}
	}
	return f
}

// callerOf is the core's caller for a node that can make requests itself.
func (f *Finder) callerOf(n *trustgraph.Node) (sim.Caller, bool) {
	switch n.Kind {
	case trustgraph.NodeUser:
		if u := f.w.User(n.ARN); u != nil {
			return f.w.UserCaller(u), true
		}
	case trustgraph.NodeRole:
		if r := f.w.Role(n.ARN); r != nil {
			return f.w.RoleCaller(r, ""), true
		}
	case trustgraph.NodeExternal:
		if n.Account != "" && n.ARN != "" {
			return f.w.ExternalCaller(n.Account, n.ARN), true
		}
		if n.Label == "anyone" {
			return f.w.ExternalCaller("000000000000", "arn:aws:iam::000000000000:user/anyone"), true
		}
	}
	return sim.Caller{}, false
}

// direct decides whether node n may make the request itself.
func (f *Finder) direct(n int, action, resource string) (sim.Decision, bool) {
	cl := f.caller[n]
	d := f.dec.Decide(sim.Query{Caller: cl, Action: action, Resource: resource, Known: cl.Static()})
	return d, d.Allowed
}

func (f *Finder) reach(n int) *reach.Reach {
	r := f.reaches[n]
	if r == nil {
		r = f.a.From(n)
		f.reaches[n] = r
	}
	return r
}

// WhoCan lists every principal that can be allowed action on resource: the
// callers the core allows directly, and every other principal that reaches
// one of them by a chain of AssumeRole, once, with its shortest chain to
// the nearest. Grants are sorted by principal, then by path length, then
// by actor.
func (f *Finder) WhoCan(action, resource string) []Grant {
	actors := map[int]sim.Decision{}
	for _, n := range f.callers {
		if d, ok := f.direct(n, action, resource); ok {
			actors[n] = d
		}
	}
	var out []Grant
	for _, n := range f.callers {
		if d, ok := actors[n]; ok {
			out = append(out, f.grant(n, n, nil, -1, action, resource, d))
		}
	}
	out = append(out, f.outsiders(action, resource)...)
	if len(actors) > 0 {
		out = append(out, f.chains(actors, action, resource)...)
	}
	f.sort(out)
	return out
}

// chains are the grants to the principals that reach an actor by a chain:
// one breadth-first search backwards from every actor at once, so each
// principal gets its shortest chain to the nearest actor (ties to the
// actor and the hop first in node order) in time linear in the graph.
func (f *Finder) chains(actors map[int]sim.Decision, action, resource string) []Grant {
	g := f.a.Graph
	n := len(g.Nodes)
	next := make([]int32, n) // the first edge of the chain towards an actor
	seen := make([]bool, n)
	queue := make([]int, 0, len(actors))
	for _, a := range f.callers {
		if _, ok := actors[a]; ok {
			seen[a] = true
			queue = append(queue, a)
		}
	}
	var out []Grant
	for qi := 0; qi < len(queue); qi++ {
		x := queue[qi]
		for _, ei := range f.in[x] {
			p := g.Edges[ei].From
			if seen[p] {
				continue
			}
			seen[p] = true
			next[p] = int32(ei)
			queue = append(queue, p)
			// The chain from p: follow next to the actor.
			var path []int
			at := p
			for {
				e := int(next[at])
				path = append(path, e)
				at = g.Edges[e].To
				if _, ok := actors[at]; ok {
					break
				}
			}
			out = append(out, f.chainGrant(p, at, path, action, resource, actors[at]))
		}
	}
	return out
}

// chainGrant is the grant of actor's decision d to principal, reaching it
// by the edges of path.
func (f *Finder) chainGrant(principal, actor int, path []int, action, resource string, d sim.Decision) Grant {
	g := f.a.Graph
	gr := Grant{Principal: principal, Actor: actor, Path: path, Action: action, Resource: resource, Outside: d.Outside}
	for _, ei := range path {
		gr.Conditions = appendNew(gr.Conditions, g.Edges[ei].Conditions...)
		gr.Denials = appendNew(gr.Denials, g.Edges[ei].Denials...)
	}
	last := g.Edges[path[len(path)-1]]
	gr.Session, gr.Chained = last.MaxSession, last.Chained
	if gr.Chained && gr.Session > reach.ChainCap {
		gr.Session = reach.ChainCap
	}
	gr.Conditions = appendNew(gr.Conditions, trustgraph.ConditionLabels(d.Conditions)...)
	gr.Denials = appendNew(gr.Denials, trustgraph.DenialLabels(d.Denials)...)
	return gr
}

// outsiders are the grants to principals outside the world (and outside the
// trust graph) that the resource's own policy names.
func (f *Finder) outsiders(action, resource string) []Grant {
	var res *sim.Resource
	for _, r := range f.w.Resources() {
		if resource == r.ARN || strings.HasPrefix(resource, r.ARN+"/") {
			res = r
			break
		}
	}
	if res == nil || res.Policy == nil || res.Policy.Doc == nil {
		return nil
	}
	known := map[string]bool{}
	for _, n := range f.a.Graph.Nodes {
		if n.ARN != "" {
			known[n.ARN] = true
		}
	}
	seen := map[string]bool{}
	var out []Grant
	for _, st := range res.Policy.Doc.Statements {
		if st.Effect != policy.EffectAllow || st.NotPrincipal() {
			continue
		}
		for _, p := range st.Principals() {
			if p.Type != "AWS" {
				continue
			}
			acct, arnStr := principalAccount(p.Value)
			if acct == "" || f.w.Account(acct) != nil || known[arnStr] || seen[arnStr] {
				continue
			}
			seen[arnStr] = true
			cl := f.w.ExternalCaller(acct, arnStr)
			d := f.dec.Decide(sim.Query{Caller: cl, Action: action, Resource: resource, Known: cl.Static()})
			if !d.Allowed {
				continue
			}
			gr := f.grant(-1, -1, nil, -1, action, resource, d)
			gr.Outsider = arnStr
			out = append(out, gr)
		}
	}
	return out
}

// principalAccount returns the account and ARN a principal entry names:
// an account id or root ARN is the account's root ARN.
func principalAccount(v string) (acct, arnStr string) {
	if len(v) == 12 && strings.Trim(v, "0123456789") == "" {
		return v, "arn:aws:iam::" + v + ":root"
	}
	parts := strings.SplitN(v, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && len(parts[4]) == 12 {
		return parts[4], v
	}
	return "", ""
}

// WhatCan lists what principal node p can be allowed on the resources the
// world declares (a bucket's objects as ARN/*, every key at once) and on
// its roles (every action but assuming them, which reach answers), itself
// or through the roles it reaches: one grant per action, resource and
// actor. The actions tried are those of the resource's service that the
// world's policies name literally (an entry with a wildcard names no one
// action and is not enumerated).
func (f *Finder) WhatCan(p int) []Grant {
	var out []Grant
	actors := []int{p}
	hitOf := map[int]int{}
	var r *reach.Reach
	if len(f.a.Graph.Nodes) > p {
		r = f.reach(p)
		for i, h := range r.Hits {
			if int(h.Role) != p {
				actors = append(actors, int(h.Role))
				hitOf[int(h.Role)] = i
			}
		}
	}
	targets := f.targets()
	for _, actor := range actors {
		if _, ok := f.caller[actor]; !ok {
			continue
		}
		for _, t := range targets {
			for _, action := range t.actions {
				d, ok := f.direct(actor, action, t.arn)
				if !ok {
					continue
				}
				hit := -1
				if actor != p {
					hit = hitOf[actor]
				}
				out = append(out, f.grant(p, actor, r, hit, action, t.arn, d))
			}
		}
	}
	f.sort(out)
	return out
}

type target struct {
	arn     string
	actions []string
}

// targets are the declared resources and the world's roles, each with the
// literal actions of its service that the world's policies name.
func (f *Finder) targets() []target {
	byService := map[string]map[string]bool{}
	addDoc := func(ref *sim.PolicyRef) {
		if ref == nil || ref.Doc == nil {
			return
		}
		for _, st := range ref.Doc.Statements {
			if st.Effect != policy.EffectAllow || st.NotAction() {
				continue
			}
			for _, a := range st.Actions() {
				if strings.ContainsAny(a, "*?") {
					continue
				}
				svc, _, ok := strings.Cut(strings.ToLower(a), ":")
				if !ok {
					continue
				}
				if byService[svc] == nil {
					byService[svc] = map[string]bool{}
				}
				byService[svc][a] = true
			}
		}
	}
	for _, acct := range f.w.Accounts {
		for _, u := range acct.Users {
			for _, ref := range u.Identity {
				addDoc(ref)
			}
		}
		for _, r := range acct.Roles {
			for _, ref := range r.Identity {
				addDoc(ref)
			}
		}
	}
	for _, res := range f.w.Resources() {
		addDoc(res.Policy)
	}
	actionsOf := func(arnStr string) []string {
		parts := strings.SplitN(arnStr, ":", 4)
		if len(parts) < 3 {
			return nil
		}
		set := byService[strings.ToLower(parts[2])]
		out := make([]string, 0, len(set))
		for a := range set {
			if parts[2] == "iam" && strings.EqualFold(a, "sts:AssumeRole") {
				continue
			}
			out = append(out, a)
		}
		sort.Strings(out)
		return out
	}
	var out []target
	for _, res := range f.w.Resources() {
		out = append(out, target{arn: res.ARN, actions: actionsOf(res.ARN)})
		if strings.HasPrefix(res.ARN, "arn:aws:s3:::") && !strings.Contains(res.ARN, "/") {
			// A bucket's objects, as one resource: "/*" is the key
			// pattern itself, which only a policy granting every key of
			// the bucket matches.
			out = append(out, target{arn: res.ARN + "/*", actions: actionsOf(res.ARN)})
		}
	}
	for _, acct := range f.w.Accounts {
		for _, r := range acct.Roles {
			out = append(out, target{arn: r.ARN, actions: actionsOf(r.ARN)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].arn < out[j].arn })
	return out
}

// grant builds a grant of actor's decision d, reached by principal through
// hit i of r (i < 0: the principal acts itself).
func (f *Finder) grant(principal, actor int, r *reach.Reach, i int, action, resource string, d sim.Decision) Grant {
	g := Grant{Principal: principal, Actor: actor, Action: action, Resource: resource, Outside: d.Outside}
	if i >= 0 {
		g.Path = r.Path(i)
		g.Conditions = append(g.Conditions, r.Conditions(i)...)
		g.Denials = append(g.Denials, r.Denials(i)...)
		g.Session, g.Chained = r.Session(i)
	}
	g.Conditions = appendNew(g.Conditions, trustgraph.ConditionLabels(d.Conditions)...)
	g.Denials = appendNew(g.Denials, trustgraph.DenialLabels(d.Denials)...)
	return g
}

func (f *Finder) sort(gs []Grant) {
	key := func(n int, outsider string) string {
		if n < 0 {
			return outsider
		}
		return f.a.Key(n)
	}
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		if ka, kb := key(a.Principal, a.Outsider), key(b.Principal, b.Outsider); ka != kb {
			return ka < kb
		}
		if len(a.Path) != len(b.Path) {
			return len(a.Path) < len(b.Path)
		}
		if ka, kb := key(a.Actor, a.Outsider), key(b.Actor, b.Outsider); ka != kb {
			return ka < kb
		}
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		return a.Action < b.Action
	})
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}
