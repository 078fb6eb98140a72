// Package replay turns the analysis's claims into scenarios the simulator
// checks: a route that sim/reach reports (alice → Deploy → Admin, if
// sts:ExternalId = X, up to 1h) becomes a timeline of AssumeRole steps
// that meet the route's conditions and ask the last hop for the longest
// session the route claims, each expected to succeed. `rolesim run` on
// the scenario then confirms the route, or shows where the analysis and
// the simulator disagree.
//
// A route is replayable when it starts from an IAM user of the world and
// every condition it relies on is one a request can meet by its
// parameters: an external id, a role session name, a source identity or a
// session tag (StringEquals, StringLike, or Null false). Other routes (a
// first hop through an identity provider, a service or an outside account;
// MFA; the time; a policy variable) are reported with the reason they are
// not replayed.
package replay

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Hop is one AssumeRole step of a replay.
type Hop struct {
	// As is who calls: the user's ARN for the first hop, the previous
	// hop's step id afterwards.
	As      string
	RoleARN string
	// SessionName, ExternalID and SourceIdentity are the parameters sent
	// ("" for none but SessionName); Tags the session tags.
	SessionName    string
	ExternalID     string
	SourceIdentity string
	Tags           [][2]string
	// DurationSeconds is asked of the last hop only (0 elsewhere): the
	// longest session the route claims.
	DurationSeconds int64
	// Wait is how long the fake clock advances before the hop (juggling).
	Wait time.Duration
}

// Plan returns the hops that replay the witness path of hit i of r, or
// the reason the route cannot be replayed.
func Plan(a *reach.Analysis, r *reach.Reach, i int) ([]Hop, string) {
	hops, why := PlanPath(a, r.Source, r.Path(i))
	if hops == nil {
		return nil, why
	}
	if d, _ := r.Session(i); d > 0 {
		hops[len(hops)-1].DurationSeconds = int64(d.Seconds())
	}
	return hops, ""
}

// PlanCycle returns the hops that replay a role-juggling cycle: an IAM
// user entrant's path into it, to its first role, then laps of its loop,
// each hop made when most of the previous hop's session has run out (the
// clock advancing five sixths of Cycle.HopWithin first), so that the last
// hop comes hours after the chaining cap would have ended a plain chain.
func PlanCycle(a *reach.Analysis, c *reach.Cycle, laps int) ([]Hop, string) {
	var entrant *reach.Entrant
	for i := range c.Entrants {
		if a.Graph.Nodes[c.Entrants[i].Node].Kind == trustgraph.NodeUser {
			entrant = &c.Entrants[i]
			break
		}
	}
	if entrant == nil {
		return nil, "no IAM user of the world can enter the cycle"
	}
	path := append([]int(nil), entrant.Path...)
	if end := a.Graph.Edges[path[len(path)-1]].To; end != c.Roles[0] {
		r := a.From(end)
		k := r.Find(c.Roles[0])
		if k < 0 {
			return nil, "the entrant's path does not lead to the cycle's first role"
		}
		path = append(path, r.Path(k)...)
	}
	in := len(path)
	for l := 0; l < laps; l++ {
		path = append(path, c.Loop...)
	}
	hops, why := PlanPath(a, entrant.Node, path)
	if hops == nil {
		return nil, why
	}
	wait := c.HopWithin * 5 / 6
	for k := in; k < len(hops); k++ {
		hops[k].Wait = wait
	}
	return hops, ""
}

// PlanPath returns the hops that replay a path of trust-graph edges from
// node src, or the reason it cannot be replayed.
func PlanPath(a *reach.Analysis, src int, path []int) ([]Hop, string) {
	g := a.Graph
	if g.Nodes[src].Kind != trustgraph.NodeUser {
		return nil, "the route starts from " + a.Name(src) + ", not an IAM user of the world: its first hop cannot be replayed with the user's keys"
	}
	srcNode := g.Nodes[src]
	var hops []Hop
	sourceIdentity := ""
	for k, ei := range path {
		e := g.Edges[ei]
		h := Hop{RoleARN: g.Nodes[e.To].ARN, SessionName: "replay-" + strconv.Itoa(k+1)}
		if k == 0 {
			h.As = srcNode.ARN
		} else {
			h.As = stepID(k - 1)
		}
		inherited := sourceIdentity
		for _, rs := range e.Residuals {
			if len(rs.Variables) > 0 {
				return nil, "hop " + strconv.Itoa(k+1) + " relies on the policy variable ${" + rs.Variables[0] + "}"
			}
			for _, c := range rs.Conditions {
				if why := meet(&h, c, &sourceIdentity, k == 0); why != "" {
					return nil, "hop " + strconv.Itoa(k+1) + " (" + a.Name(e.To) + ") relies on " + why
				}
			}
		}
		if inherited != "" {
			// A source identity is set once and inherited along the chain.
			h.SourceIdentity = ""
		}
		hops = append(hops, h)
	}
	return hops, ""
}

// meet sets the request parameter that satisfies condition c, or says why
// no parameter can.
func meet(h *Hop, c policy.ConditionSpec, sourceIdentity *string, first bool) string {
	key := strings.ToLower(c.Key)
	op := strings.ToLower(c.Operator)
	what := c.Key + " " + c.Operator + " " + strings.Join(c.Values, " | ")
	for _, v := range c.Values {
		if strings.Contains(v, "${") {
			return what + ", whose value holds a policy variable"
		}
	}
	var value string
	switch {
	case (op == "stringequals" || op == "stringequalsignorecase") && len(c.Values) >= 1:
		value = c.Values[0]
	case op == "stringlike" && len(c.Values) >= 1:
		// A wildcard matches any text: "replay" is a valid value of every
		// parameter it can stand in.
		value = strings.NewReplacer("*", "replay", "?", "x").Replace(c.Values[0])
	case op == "null" && len(c.Values) == 1 && strings.EqualFold(c.Values[0], "false"):
		value = "replay-value"
	default:
		return what + ", which no request parameter meets"
	}
	switch {
	case key == "sts:externalid":
		h.ExternalID = value
	case key == "sts:rolesessionname":
		h.SessionName = value
	case key == "sts:sourceidentity" || key == "aws:sourceidentity":
		if *sourceIdentity != "" && *sourceIdentity != value {
			return what + ", but an earlier hop set the source identity " + strconv.Quote(*sourceIdentity)
		}
		if *sourceIdentity == "" && !first && key == "aws:sourceidentity" {
			return what + ", which only the chain's first hop could have set"
		}
		*sourceIdentity = value
		h.SourceIdentity = value
	case strings.HasPrefix(key, "aws:requesttag/"):
		h.Tags = append(h.Tags, [2]string{c.Key[len("aws:RequestTag/"):], value})
	default:
		return what + ", which no request parameter meets"
	}
	return ""
}

func stepID(k int) string { return "hop-" + strconv.Itoa(k+1) }

// Scenario writes the scenario of a replay: the world file include (a
// path relative to the scenario) and one assume step a hop, each expected
// to succeed, the last one with the duration it asks for.
func Scenario(name, description, include string, hops []Hop) []byte {
	var b strings.Builder
	q := strconv.Quote
	fmt.Fprintf(&b, "version: 1\nname: %s\ndescription: %s\ninclude: [%s]\nsteps:\n", q(name), q(description), q(include))
	for k, h := range hops {
		if h.Wait > 0 {
			fmt.Fprintf(&b, "  - advance: %s\n", durationText(int64(h.Wait.Seconds())))
		}
		fmt.Fprintf(&b, "  - id: %s\n    assume:\n      as: %s\n      role_arn: %s\n      role_session_name: %s\n", stepID(k), q(h.As), q(h.RoleARN), q(h.SessionName))
		if h.ExternalID != "" {
			fmt.Fprintf(&b, "      external_id: %s\n", q(h.ExternalID))
		}
		if h.SourceIdentity != "" {
			fmt.Fprintf(&b, "      source_identity: %s\n", q(h.SourceIdentity))
		}
		if len(h.Tags) > 0 {
			b.WriteString("      tags:\n")
			for _, t := range h.Tags {
				fmt.Fprintf(&b, "        - {key: %s, value: %s}\n", q(t[0]), q(t[1]))
			}
		}
		if h.DurationSeconds > 0 {
			fmt.Fprintf(&b, "      duration_seconds: %d\n    expect:\n      duration: %s\n", h.DurationSeconds, durationText(h.DurationSeconds))
		} else {
			b.WriteString("    expect: {}\n")
		}
	}
	return []byte(b.String())
}

// durationText writes seconds as the scenario format's durations ("1h",
// "1h30m", "900s").
func durationText(s int64) string {
	switch {
	case s%3600 == 0:
		return strconv.FormatInt(s/3600, 10) + "h"
	case s%60 == 0:
		return strconv.FormatInt(s/60, 10) + "m"
	}
	return strconv.FormatInt(s, 10) + "s"
}

// World returns a scenario file's text as a world file a replay can
// include: without its steps and assertions (an included world may have
// neither), its name, description and version, and
// with the paths of its own includes made relative to outDir, where the
// world file is written. srcDir is the directory of the source file.
func World(src []byte, srcDir, outDir string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not a scenario: the file is not a YAML mapping")
	}
	m := doc.Content[0]
	var keep []*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch k.Value {
		case "steps", "assert", "name", "description", "version":
			continue
		case "include":
			items := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				items = v.Content
			}
			for _, it := range items {
				p := it.Value
				if !filepath.IsAbs(p) {
					p = filepath.Join(srcDir, p)
				}
				rel, err := filepath.Rel(outDir, p)
				if err != nil {
					return nil, err
				}
				it.Value = filepath.ToSlash(rel)
			}
		}
		keep = append(keep, k, v)
	}
	m.Content = keep
	return yaml.Marshal(&doc)
}

// Claim is what a replay's last step expects, in words, for notes.
func Claim(a *reach.Analysis, r *reach.Reach, i int) string {
	path := r.Path(i)
	names := []string{a.Name(r.Source)}
	for _, e := range path {
		names = append(names, a.Name(a.Graph.Edges[e].To))
	}
	s := strings.Join(names, " → ")
	if d, _ := r.Session(i); d > 0 {
		s += ", up to " + durationText(int64(d.Seconds()))
	}
	if c := r.Conditions(i); len(c) > 0 {
		s += ", if " + strings.Join(c, "; ")
	}
	return s
}
