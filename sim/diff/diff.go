// Package diff compares the access two versions of a world give: which
// principal can reach which role by chains of role assumptions, under
// which conditions and for how long, and which role-juggling cycles exist.
// Change a trust policy or an SCP, and it says exactly which access paths
// appeared, vanished or changed: the review of a pull request to an org's
// permission design.
//
// Both sides come from sim/reach over the trust graph, whose edges are the
// authorization core's decisions; principals and roles are matched by ARN
// (by name for a service or "anyone"). A different shortest path to the
// same role, with the same conditions, denials and longest session, is not
// a change of access and is not reported.
package diff

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Kind says how an access path or a cycle changed.
type Kind string

// The kinds of change.
const (
	Appeared Kind = "appeared"
	Vanished Kind = "vanished"
	Changed  Kind = "changed"
)

// Change is one principal-to-role access that differs between the worlds.
type Change struct {
	Kind Kind `json:"kind"`
	// Principal and Role are keys (ARNs); PrincipalName and RoleName the
	// names people read.
	Principal     string `json:"principal"`
	PrincipalName string `json:"principal_name"`
	Role          string `json:"role"`
	RoleName      string `json:"role_name"`
	// Old and New are the route in each world; nil where there is none.
	Old *reach.Route `json:"old"`
	New *reach.Route `json:"new"`
	// What lists, for a Changed route, what differs: "conditions",
	// "denials", "max session".
	What []string `json:"what,omitempty"`
}

// CycleChange is a role-juggling cycle found in one world only.
type CycleChange struct {
	Kind  Kind     `json:"kind"`
	Roles []string `json:"roles"`
	Names []string `json:"names"`
}

// Diff is the comparison of two worlds.
type Diff struct {
	Old     string        `json:"old"`
	New     string        `json:"new"`
	Changes []Change      `json:"changes"`
	Cycles  []CycleChange `json:"cycles"`
}

// Empty tells whether the worlds give the same access.
func (d *Diff) Empty() bool { return len(d.Changes) == 0 && len(d.Cycles) == 0 }

// Compare compares the access of the world analysed by old with that of
// the world analysed by new; the titles name them in the output.
func Compare(old, new *reach.Analysis, oldTitle, newTitle string) *Diff {
	d := &Diff{Old: oldTitle, New: newTitle, Changes: []Change{}, Cycles: []CycleChange{}}
	type key struct{ p, r string }
	type entry struct {
		p  *reach.Principal
		rt *reach.Route
	}
	index := func(rep *reach.Report) map[key]entry {
		m := map[key]entry{}
		for _, p := range rep.Principals {
			for _, rt := range p.Reaches {
				m[key{p.Principal, rt.Role}] = entry{p, rt}
			}
		}
		return m
	}
	// Only the principals that can reach a changed edge, in either world,
	// can have other routes: the others' searches cross the same edges.
	// And only their routes to the roles a changed edge leads to.
	ch := affected(old, new)
	var before, after map[key]entry
	if len(ch.fromOld) > 0 && len(ch.toOld) > 0 {
		before = index(old.Report(oldTitle, ch.fromOld, ch.toOld))
	}
	if len(ch.fromNew) > 0 && len(ch.toNew) > 0 {
		after = index(new.Report(newTitle, ch.fromNew, ch.toNew))
	}
	for k, b := range before {
		a, ok := after[k]
		if !ok {
			d.Changes = append(d.Changes, Change{Kind: Vanished, Principal: k.p, PrincipalName: b.p.Name, Role: k.r, RoleName: b.rt.Name, Old: b.rt})
			continue
		}
		var what []string
		if !slices.Equal(b.rt.Conditions, a.rt.Conditions) {
			what = append(what, "conditions")
		}
		if !slices.Equal(b.rt.DeniedWhen, a.rt.DeniedWhen) {
			what = append(what, "denials")
		}
		if b.rt.MaxSession != a.rt.MaxSession {
			what = append(what, "max session")
		}
		if len(what) > 0 {
			d.Changes = append(d.Changes, Change{Kind: Changed, Principal: k.p, PrincipalName: a.p.Name, Role: k.r, RoleName: a.rt.Name, Old: b.rt, New: a.rt, What: what})
		}
	}
	for k, a := range after {
		if _, ok := before[k]; !ok {
			d.Changes = append(d.Changes, Change{Kind: Appeared, Principal: k.p, PrincipalName: a.p.Name, Role: k.r, RoleName: a.rt.Name, New: a.rt})
		}
	}
	slices.SortFunc(d.Changes, func(x, y Change) int {
		return cmp.Or(cmp.Compare(x.Principal, y.Principal), cmp.Compare(x.Role, y.Role))
	})
	cycles := func(a *reach.Analysis) map[string]CycleChange {
		m := map[string]CycleChange{}
		for _, roles := range a.CycleRoles() {
			var cc CycleChange
			for _, n := range roles {
				cc.Roles = append(cc.Roles, a.Key(n))
			}
			slices.Sort(cc.Roles)
			for _, k := range cc.Roles {
				for _, n := range roles {
					if a.Key(n) == k {
						cc.Names = append(cc.Names, a.Name(n))
						break
					}
				}
			}
			m[strings.Join(cc.Roles, "\x00")] = cc
		}
		return m
	}
	cb, ca := cycles(old), cycles(new)
	for k, c := range cb {
		if _, ok := ca[k]; !ok {
			c.Kind = Vanished
			d.Cycles = append(d.Cycles, c)
		}
	}
	for k, c := range ca {
		if _, ok := cb[k]; !ok {
			c.Kind = Appeared
			d.Cycles = append(d.Cycles, c)
		}
	}
	slices.SortFunc(d.Cycles, func(x, y CycleChange) int {
		return cmp.Or(cmp.Compare(strings.Join(x.Roles, "\x00"), strings.Join(y.Roles, "\x00")), cmp.Compare(x.Kind, y.Kind))
	})
	return d
}

// sameEdge tells whether two edges give the same: conditions, denials,
// longest session and chaining.
func sameEdge(x, y *trustgraph.Edge) bool {
	return x.MaxSession == y.MaxSession && x.Chained == y.Chained &&
		slices.Equal(x.Conditions, y.Conditions) && slices.Equal(x.Denials, y.Denials)
}

// change is what an edit can affect: the principals that reach the source
// of an edge that differs between the graphs (added, removed, or with other
// conditions, denials or session), and the roles reachable from such an
// edge's target, in each analysis, in node order. A route from any other
// principal, or to any other role, crosses no changed edge.
type change struct {
	fromOld, fromNew, toOld, toNew []int
}

// affected compares the graphs target by target: each node's entering
// edges against those of the node with its key in the other graph. When
// the nodes come in the same order on both sides (an edit that adds or
// removes no principal), that is one pass over the edges with no map.
func affected(old, new *reach.Analysis) change {
	newOf := make([]int, len(old.Graph.Nodes)) // old node -> new node, -1
	oldOf := make([]int, len(new.Graph.Nodes))
	byKey := make(map[string]int, len(new.Graph.Nodes))
	for i := range new.Graph.Nodes {
		byKey[new.Key(i)] = i
		oldOf[i] = -1
	}
	for i := range old.Graph.Nodes {
		newOf[i] = -1
		if n, ok := byKey[old.Key(i)]; ok {
			newOf[i], oldOf[n] = n, i
		}
	}
	// Marks, by key, of the changed edges' sources and targets.
	from, to := map[string]bool{}, map[string]bool{}
	mark := func(a *reach.Analysis, e *trustgraph.Edge) {
		from[a.Key(e.From)], to[a.Key(e.To)] = true, true
	}
	for t := range old.Graph.Nodes {
		nt := newOf[t]
		if nt < 0 {
			for _, e := range old.In(t) {
				mark(old, old.Graph.Edges[e])
			}
			continue
		}
		if !sameIn(old, new, t, nt, newOf) {
			diffIn(old, new, t, nt, mark)
		}
	}
	for t := range new.Graph.Nodes {
		if oldOf[t] < 0 {
			for _, e := range new.In(t) {
				mark(new, new.Graph.Edges[e])
			}
		}
	}
	if len(from) == 0 {
		return change{}
	}
	// Searches from the changed edges' ends, in both graphs; a key
	// affected in one is affected in the other.
	up, down := map[string]bool{}, map[string]bool{}
	for _, a := range []*reach.Analysis{old, new} {
		for _, n := range search(a, from, true) {
			up[a.Key(n)] = true
		}
		for _, n := range search(a, to, false) {
			down[a.Key(n)] = true
		}
	}
	nodes := func(a *reach.Analysis, keys map[string]bool) []int {
		var out []int
		for i := range a.Graph.Nodes {
			if keys[a.Key(i)] {
				out = append(out, i)
			}
		}
		return out
	}
	return change{fromOld: nodes(old, up), fromNew: nodes(new, up), toOld: nodes(old, down), toNew: nodes(new, down)}
}

// sameIn tells whether old node t and new node nt have the same entering
// edges, source for source and in the same order.
func sameIn(old, new *reach.Analysis, t, nt int, newOf []int) bool {
	in, nin := old.In(t), new.In(nt)
	if len(in) != len(nin) {
		return false
	}
	for k, e := range in {
		x, y := old.Graph.Edges[e], new.Graph.Edges[nin[k]]
		if newOf[x.From] != y.From || !sameEdge(x, y) {
			return false
		}
	}
	return true
}

// diffIn marks the edges into old node t and new node nt that differ: the
// edges of each source are compared in order, by the source's key.
func diffIn(old, new *reach.Analysis, t, nt int, mark func(*reach.Analysis, *trustgraph.Edge)) {
	bySource := func(a *reach.Analysis, n int) map[string][]*trustgraph.Edge {
		m := map[string][]*trustgraph.Edge{}
		for _, e := range a.In(n) {
			x := a.Graph.Edges[e]
			m[a.Key(x.From)] = append(m[a.Key(x.From)], x)
		}
		return m
	}
	before, after := bySource(old, t), bySource(new, nt)
	for k, xs := range before {
		ys := after[k]
		if slices.EqualFunc(xs, ys, sameEdge) {
			continue
		}
		for _, x := range xs {
			mark(old, x)
		}
		for _, y := range ys {
			mark(new, y)
		}
	}
	for k, ys := range after {
		if _, ok := before[k]; !ok {
			for _, y := range ys {
				mark(new, y)
			}
		}
	}
}

// search returns the nodes that reach (backwards) or are reached from a
// node whose key is in from, those nodes included.
func search(a *reach.Analysis, from map[string]bool, backwards bool) []int {
	g := a.Graph
	seen := make([]bool, len(g.Nodes))
	var queue []int
	for i := range g.Nodes {
		if from[a.Key(i)] {
			seen[i] = true
			queue = append(queue, i)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		list := a.Out(queue[qi])
		if backwards {
			list = a.In(queue[qi])
		}
		for _, e := range list {
			p := g.Edges[e].To
			if backwards {
				p = g.Edges[e].From
			}
			if !seen[p] {
				seen[p] = true
				queue = append(queue, p)
			}
		}
	}
	return queue
}

// JSON renders the diff as indented JSON, in the order of Changes and
// Cycles (by principal, then role).
func (d *Diff) JSON() string {
	data, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return "{}\n" // plain strings, slices and routes always marshal
	}
	return string(data) + "\n"
}

func describeRoute(rt *reach.Route) string {
	s := strings.Join(rt.Names, " → ")
	if rt.MaxSession != "" {
		s += ", up to " + rt.MaxSession
	} else {
		s += ", for as long as the service sets"
	}
	if rt.Chained {
		s += " (chained)"
	}
	if len(rt.Conditions) > 0 {
		s += ", if " + strings.Join(rt.Conditions, "; ")
	}
	if len(rt.DeniedWhen) > 0 {
		s += ", denied when " + strings.Join(rt.DeniedWhen, "; or ")
	}
	return s
}

// Text renders the diff for people: "+" for access that appeared, "-" for
// access that vanished, "~" for access whose conditions, denials or longest
// session changed.
func (d *Diff) Text() string {
	var b strings.Builder
	b.WriteString("Access from " + d.Old + " to " + d.New + ":\n")
	if d.Empty() {
		b.WriteString("\nNo change: every principal reaches the same roles, under the same conditions, for as long, and no role-juggling cycle appeared or vanished.\n")
		return b.String()
	}
	for _, c := range d.Changes {
		switch c.Kind {
		case Appeared:
			b.WriteString("\n+ " + c.PrincipalName + " can now reach " + c.RoleName + ": " + describeRoute(c.New) + "\n")
		case Vanished:
			b.WriteString("\n- " + c.PrincipalName + " can no longer reach " + c.RoleName + " (was: " + describeRoute(c.Old) + ")\n")
		case Changed:
			b.WriteString("\n~ " + c.PrincipalName + " reaches " + c.RoleName + " with other " + strings.Join(c.What, ", ") + "\n")
			b.WriteString("    was: " + describeRoute(c.Old) + "\n")
			b.WriteString("    now: " + describeRoute(c.New) + "\n")
		}
	}
	for _, c := range d.Cycles {
		sign, verb := "+", "appeared"
		if c.Kind == Vanished {
			sign, verb = "-", "vanished"
		}
		b.WriteString("\n" + sign + " role-juggling cycle " + verb + ": " + strings.Join(c.Names, ", ") + "\n")
	}
	var appeared, vanished, changed int
	for _, c := range d.Changes {
		switch c.Kind {
		case Appeared:
			appeared++
		case Vanished:
			vanished++
		default:
			changed++
		}
	}
	b.WriteString("\n" + strconv.Itoa(appeared) + " appeared, " + strconv.Itoa(vanished) + " vanished, " + strconv.Itoa(changed) + " changed; " +
		strconv.Itoa(len(d.Cycles)) + " juggling cycle change(s).\n")
	return b.String()
}

// Markdown renders the diff as a Markdown table, for a pull request
// comment.
func (d *Diff) Markdown() string {
	var b strings.Builder
	b.WriteString("### Access changes: " + mdEscape(d.Old) + " → " + mdEscape(d.New) + "\n\n")
	if d.Empty() {
		b.WriteString("No change of access.\n")
		return b.String()
	}
	if len(d.Changes) > 0 {
		b.WriteString("| | principal | role | before | after |\n|---|---|---|---|---|\n")
		for _, c := range d.Changes {
			sign := map[Kind]string{Appeared: "➕", Vanished: "➖", Changed: "✏️"}[c.Kind]
			before, after := "", ""
			if c.Old != nil {
				before = describeRoute(c.Old)
			}
			if c.New != nil {
				after = describeRoute(c.New)
			}
			b.WriteString("| " + sign + " | " + mdEscape(c.PrincipalName) + " | " + mdEscape(c.RoleName) + " | " + mdEscape(before) + " | " + mdEscape(after) + " |\n")
		}
	}
	for _, c := range d.Cycles {
		b.WriteString("\n- role-juggling cycle " + string(c.Kind) + ": " + mdEscape(strings.Join(c.Names, ", ")) + "\n")
	}
	return b.String()
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
