package reach

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/sim"
)

// JugglingReport is the role juggling of a world as data: what the text
// and JSON renderings show. Cycles are sorted by their first role's ARN,
// each cycle's roles and entrants by key.
type JugglingReport struct {
	World  string       `json:"world"`
	Cycles []*CycleInfo `json:"cycles"`
}

// CycleInfo is one cycle of a JugglingReport.
type CycleInfo struct {
	// Roles are the ARNs of the cycle's roles, sorted; Names their names
	// in the same order.
	Roles []string `json:"roles"`
	Names []string `json:"names"`
	// Loop are the names of one closed chain of roles around the cycle,
	// its first role repeated at the end.
	Loop []string `json:"loop"`
	// SelfAssume are the ARNs of the roles that trust their own sessions.
	SelfAssume []string `json:"self_assume"`
	// HopWithin is the longest session a hop of the loop gives: the next
	// hop must come before it ends ("1h").
	HopWithin        string `json:"hop_within"`
	HopWithinSeconds int64  `json:"hop_within_seconds"`
	// HopsPerDay is how many hops a day the schedule makes (one a minute
	// before each session expires).
	HopsPerDay int      `json:"hops_per_day"`
	Conditions []string `json:"conditions"`
	DeniedWhen []string `json:"denied_when"`
	Entrants   []*Entry `json:"entrants"`
}

// Entry is a principal that can enter a cycle, and its way in.
type Entry struct {
	Principal string   `json:"principal"`
	Name      string   `json:"name"`
	Kind      string   `json:"kind"`
	Path      []string `json:"path"`
	Names     []string `json:"names"`
	// MaxSession is the longest session of the hop into the cycle.
	MaxSession string   `json:"max_session"`
	Conditions []string `json:"conditions"`
}

// JugglingReport works out every cycle of roles of the world, with its
// loop, schedule and entrants.
func (a *Analysis) JugglingReport(title string) *JugglingReport {
	g := a.Graph
	rep := &JugglingReport{World: title, Cycles: []*CycleInfo{}}
	nonNil := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	for _, c := range a.Juggling() {
		ci := &CycleInfo{SelfAssume: []string{}, Entrants: []*Entry{}}
		roles := slices.Clone(c.Roles)
		slices.SortStableFunc(roles, func(x, y int) int { return cmp.Compare(a.keys[x], a.keys[y]) })
		for _, n := range roles {
			ci.Roles = append(ci.Roles, a.keys[n])
			ci.Names = append(ci.Names, a.names[n])
		}
		for _, n := range c.SelfAssume {
			ci.SelfAssume = append(ci.SelfAssume, a.keys[n])
		}
		slices.Sort(ci.SelfAssume)
		ci.Loop = []string{a.names[c.Roles[0]]}
		for _, e := range c.Loop {
			ci.Loop = append(ci.Loop, a.names[g.Edges[e].To])
		}
		ci.HopWithin = sim.FormatDuration(c.HopWithin)
		ci.HopWithinSeconds = int64(c.HopWithin / time.Second)
		ci.HopsPerDay = len(c.Schedule(24 * time.Hour))
		ci.Conditions, ci.DeniedWhen = nonNil(c.Conditions), nonNil(c.Denials)
		for _, en := range c.Entrants {
			ex := &Entry{Principal: a.keys[en.Node], Name: a.names[en.Node], Kind: kindName(g.Nodes[en.Node].Kind),
				Path: []string{a.keys[en.Node]}, Names: []string{a.names[en.Node]}, Conditions: nonNil(union(g, en.Path, false))}
			for _, e := range en.Path {
				ex.Path = append(ex.Path, a.keys[g.Edges[e].To])
				ex.Names = append(ex.Names, a.names[g.Edges[e].To])
			}
			if d, _ := hopSession(g.Edges[en.Path[len(en.Path)-1]]); d > 0 {
				ex.MaxSession = sim.FormatDuration(d)
			}
			ci.Entrants = append(ci.Entrants, ex)
		}
		slices.SortStableFunc(ci.Entrants, func(x, y *Entry) int { return cmp.Compare(x.Principal, y.Principal) })
		rep.Cycles = append(rep.Cycles, ci)
	}
	slices.SortStableFunc(rep.Cycles, func(x, y *CycleInfo) int { return cmp.Compare(x.Roles[0], y.Roles[0]) })
	return rep
}

// Text renders the juggling report as sentences, one cycle a paragraph.
func (r *JugglingReport) Text() string {
	var b strings.Builder
	b.WriteString("Role juggling in " + strconv.Quote(r.World) + ": ")
	switch len(r.Cycles) {
	case 0:
		b.WriteString("none; no role's session can come back to it through a chain.\n")
		return b.String()
	case 1:
		b.WriteString("1 cycle.\n")
	default:
		b.WriteString(strconv.Itoa(len(r.Cycles)) + " cycles.\n")
	}
	for i, c := range r.Cycles {
		b.WriteString("\ncycle " + strconv.Itoa(i+1) + ": " + strings.Join(c.Names, ", ") + "\n")
		b.WriteString("  loop: " + strings.Join(c.Loop, " → ") + ", each hop chained (a session of at most " + c.HopWithin + ")\n")
		b.WriteString("  keeps credentials alive: hop again within " + c.HopWithin + " of each hop, before its session expires (one every " +
			sim.FormatDuration(time.Duration(c.HopWithinSeconds)*time.Second-time.Minute) + ", " + strconv.Itoa(c.HopsPerDay) +
			" hops a day); each hop is a fresh session, so revoking older sessions (a Deny on aws:TokenIssueTime) never catches up\n")
		for _, s := range c.Conditions {
			b.WriteString("  if " + s + "\n")
		}
		for _, s := range c.DeniedWhen {
			b.WriteString("  denied when " + s + "\n")
		}
		if len(c.Entrants) == 0 {
			b.WriteString("  entered by: no principal outside the cycle\n")
			continue
		}
		b.WriteString("  entered by:\n")
		for _, en := range c.Entrants {
			line := "    " + strings.Join(en.Names, " → ")
			if en.MaxSession != "" {
				line += ", up to " + en.MaxSession
			}
			for _, s := range en.Conditions {
				line += ", if " + s
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// JSON renders the juggling report as indented JSON, everything sorted.
func (r *JugglingReport) JSON() string {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "" // plain strings, ints and bools always marshal
	}
	return string(data) + "\n"
}
