package scenario

import (
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Assertions: claims about the world the file declares, checked against
// the static analysis (package sim/check) rather than played on the clock.
// This file holds their types and their loading; the checks live in
// sim/check.

// AssertKind names what an assertion claims.
type AssertKind string

// Assertion kinds, as the keys of an assert: entry.
const (
	// AssertCanReach claims a chain of role assumptions leads from the
	// principal to the role (and, with MaxDuration, that its sessions last
	// at most that long).
	AssertCanReach AssertKind = "can_reach"
	// AssertCannotReach claims no chain leads there, even under
	// conditions.
	AssertCannotReach AssertKind = "cannot_reach"
	// AssertCanPerform claims the principal can be allowed the action on
	// the resource, itself or through the roles it reaches.
	AssertCanPerform AssertKind = "can_perform"
	// AssertCannotPerform claims it cannot, even under conditions.
	AssertCannotPerform AssertKind = "cannot_perform"
	// AssertNoJuggling claims no cycle of roles can re-assume each other
	// (world-wide, or among the roles From reaches).
	AssertNoJuggling AssertKind = "no_juggling"
)

// assertKinds lists the kinds in the order FORMAT.md gives them.
var assertKinds = []string{string(AssertCanReach), string(AssertCannotReach), string(AssertCanPerform), string(AssertCannotPerform), string(AssertNoJuggling)}

// Key tables of the assert: entries.
var (
	assertKeys     = append([]string{"id", "note"}, assertKinds...)
	reachKeys      = []string{"principal", "role", "max_duration"}
	cannotReachKey = []string{"principal", "role"}
	performKeys    = []string{"principal", "action", "resource"}
	jugglingKeys   = []string{"from"}
)

// Assertion is one entry of assert:. Principal, Role and From name a node
// of the world's trust graph by ARN, or by name when the name is unique;
// they are resolved when the assertion is checked (sim/check), which
// reports a name that matches nothing, or several things, as a failure at
// the name's position.
type Assertion struct {
	Pos Pos
	// ID names the assertion ("assert-N", N its place in the list, when
	// the file gives none); it is unique among the steps' and assertions'
	// ids.
	ID   string
	Note string
	Kind AssertKind
	// Principal is the principal of the reach and perform kinds; Role the
	// role of the reach kinds.
	Principal Ref
	Role      Ref
	// Action and Resource are the request of the perform kinds: one
	// action and one resource, no wildcards.
	Action   Ref
	Resource Ref
	// MaxDuration bounds, for can_reach, the longest session the route's
	// last hop can give; 0 when not given. MaxDurationPos is where it is
	// written.
	MaxDuration    time.Duration
	MaxDurationPos Pos
	// From narrows no_juggling to the cycles this principal can enter;
	// empty (Value "") for the whole world.
	From Ref
}

// asserts reads the assert: list. Steps are read first, so that an
// assertion id cannot take a step's.
func (l *loader) asserts(items []*yaml.Node, s *Scenario) []*Assertion {
	ids := make(map[string]Pos, len(items)+len(s.Steps))
	for _, st := range s.Steps {
		ids[st.ID] = st.Pos
	}
	out := make([]*Assertion, 0, len(items))
	for i, it := range items {
		if a := l.assertion(it, i+1, ids); a != nil {
			out = append(out, a)
		}
	}
	return out
}

func (l *loader) assertion(n *yaml.Node, index int, ids map[string]Pos) *Assertion {
	f := l.object(n, "assert", assertKeys)
	if f == nil {
		return nil
	}
	a := &Assertion{Pos: l.pos(n), ID: "assert-" + strconv.Itoa(index)}
	idNode := n
	if id, v := l.str(f, "id"); v != nil {
		a.ID, idNode = id, v
		if !isSimpleID(id) {
			l.errf(v, "assert.id: %q may contain only letters, digits and ._-", id)
		}
	}
	if prev, ok := ids[a.ID]; ok {
		if idNode == n {
			l.errf(n, "assertion %d has no id and its default id %q is already taken (line %d, column %d): give it an id", index, a.ID, prev.Line, prev.Col)
		} else {
			l.errf(idNode, "duplicate id %q (first at line %d, column %d): steps and assertions each need their own", a.ID, prev.Line, prev.Col)
		}
	} else {
		ids[a.ID] = a.Pos
	}
	a.Note, _ = l.str(f, "note")

	var kindNode *yaml.Node
	for _, k := range assertKinds {
		kn := f.key(k)
		if kn == nil {
			continue
		}
		if kindNode != nil {
			l.errf(kn, "assertion has both %q and %q: an entry claims exactly one thing", kindNode.Value, k)
			continue
		}
		kindNode = kn
	}
	var v *yaml.Node
	if kindNode == nil {
		kind, k, gv := f.guessKind(assertKinds)
		if k == nil {
			l.errf(n, "assertion needs one of %s", strings.Join(assertKinds, ", "))
			return a
		}
		if gv == nil {
			return a
		}
		a.Kind, v = AssertKind(kind), gv
	} else {
		a.Kind = AssertKind(kindNode.Value)
		v = f.get(kindNode.Value)
		if v == nil {
			what := "a map"
			if a.Kind == AssertNoJuggling {
				what = "a map ({} for the whole world)"
			}
			l.errf(f.vals[indexOf(f.keys, kindNode.Value)], "assert.%s: expected %s, got null", kindNode.Value, what)
			return a
		}
	}
	path := "assert." + string(a.Kind)
	switch a.Kind {
	case AssertCanReach, AssertCannotReach:
		keys := reachKeys
		if a.Kind == AssertCannotReach {
			keys = cannotReachKey
		}
		g := l.object(v, path, keys, "principal", "role")
		if g == nil {
			return a
		}
		a.Principal = l.nameRef(g, "principal")
		a.Role = l.nameRef(g, "role")
		if a.Kind == AssertCanReach {
			if dv := g.get("max_duration"); dv != nil {
				if d, ok := l.duration(dv, g.path("max_duration")); ok {
					switch {
					case d <= 0:
						l.errf(dv, "%s: %s is not a session length: give a positive duration such as 1h", g.path("max_duration"), dv.Value)
					case d%time.Second != 0:
						l.errf(dv, "%s: %s is not a whole number of seconds", g.path("max_duration"), dv.Value)
					default:
						a.MaxDuration, a.MaxDurationPos = d, l.pos(dv)
					}
				}
			}
		}
	case AssertCanPerform, AssertCannotPerform:
		g := l.object(v, path, performKeys, "principal", "action", "resource")
		if g == nil {
			return a
		}
		a.Principal = l.nameRef(g, "principal")
		a.Action = l.nameRef(g, "action")
		if a.Action.Value != "" && !isActionName(a.Action.Value) {
			l.errf(g.get("action"), "%s: %q is not one action like s3:GetObject (an assertion checks one request: no wildcards)", g.path("action"), a.Action.Value)
		}
		a.Resource = l.nameRef(g, "resource")
		if r := a.Resource.Value; r != "" && (!strings.HasPrefix(r, "arn:") || strings.ContainsAny(r, "*?")) {
			l.errf(g.get("resource"), "%s: %q is not one resource ARN (an assertion checks one request: no wildcards, which would match only the policies that name the same pattern)", g.path("resource"), r)
		}
	case AssertNoJuggling:
		g := l.object(v, path, jugglingKeys)
		if g == nil {
			return a
		}
		a.From = l.nameRef(g, "from")
	}
	return a
}

// nameRef reads an optional string key as a positioned value; an empty
// string is refused (a required key that is absent was reported by
// object).
func (l *loader) nameRef(f *fields, key string) Ref {
	s, v := l.str(f, key)
	if v == nil {
		return Ref{}
	}
	if s == "" {
		l.errf(v, "%s: must not be empty", f.path(key))
	}
	return Ref{Pos: l.pos(v), Value: s}
}
