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
		for _, c := range a.Juggling() {
			var cc CycleChange
			for _, n := range c.Roles {
				cc.Roles = append(cc.Roles, a.Key(n))
			}
			slices.Sort(cc.Roles)
			for _, k := range cc.Roles {
				for _, n := range c.Roles {
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

// edgeSig is what an edge gives, keyed by its ends' keys.
type edgeSig struct {
	conditions, denials string
	session             int64
	chained             bool
}

// change is what an edit can affect: the principals that reach the source
// of an edge that differs between the graphs (added, removed, or with other
// conditions, denials or session), and the roles reachable from such an
// edge's target, in each analysis, in node order. A route from any other
// principal, or to any other role, crosses no changed edge.
type change struct {
	fromOld, fromNew, toOld, toNew []int
}

func affected(old, new *reach.Analysis) change {
	type ends struct{ from, to string }
	sigs := func(a *reach.Analysis) map[ends]edgeSig {
		m := make(map[ends]edgeSig, len(a.Graph.Edges))
		for _, e := range a.Graph.Edges {
			m[ends{a.Key(e.From), a.Key(e.To)}] = edgeSig{strings.Join(e.Conditions, "\x00"), strings.Join(e.Denials, "\x00"), int64(e.MaxSession), e.Chained}
		}
		return m
	}
	so, sn := sigs(old), sigs(new)
	changed := map[string]bool{} // keys of changed edges' sources
	targets := map[string]bool{} // and of their targets
	for k, v := range so {
		if w, ok := sn[k]; !ok || w != v {
			changed[k.from], targets[k.to] = true, true
		}
	}
	for k := range sn {
		if _, ok := so[k]; !ok {
			changed[k.from], targets[k.to] = true, true
		}
	}
	if len(changed) == 0 {
		return change{}
	}
	// Searches from the changed edges' ends, in both graphs; a key
	// affected in one is affected in the other.
	from, to := map[string]bool{}, map[string]bool{}
	for _, a := range []*reach.Analysis{old, new} {
		for _, n := range search(a, changed, true) {
			from[a.Key(n)] = true
		}
		for _, n := range search(a, targets, false) {
			to[a.Key(n)] = true
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
	return change{fromOld: nodes(old, from), fromNew: nodes(new, from), toOld: nodes(old, to), toNew: nodes(new, to)}
}

// search returns the nodes that reach (backwards) or are reached from a
// node whose key is in from, those nodes included.
func search(a *reach.Analysis, from map[string]bool, backwards bool) []int {
	g := a.Graph
	in := make([][]int, len(g.Nodes))
	for _, e := range g.Edges {
		if backwards {
			in[e.To] = append(in[e.To], e.From)
		} else {
			in[e.From] = append(in[e.From], e.To)
		}
	}
	seen := make([]bool, len(g.Nodes))
	var queue []int
	for i := range g.Nodes {
		if from[a.Key(i)] {
			seen[i] = true
			queue = append(queue, i)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		for _, p := range in[queue[qi]] {
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
