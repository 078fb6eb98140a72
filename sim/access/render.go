package access

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim"
)

// Answer is a question and the grants that answer it, ready to render.
type Answer struct {
	// Title names the world (the scenario's name).
	Title string
	// Question is the question in words ("who can s3:GetObject on ...").
	Question string
	Grants   []Grant
	f        *Finder
}

// WhoCanAnswer is WhoCan as an Answer.
func (f *Finder) WhoCanAnswer(title, action, resource string) *Answer {
	return &Answer{Title: title, Question: "Who can " + action + " on " + resource, Grants: f.WhoCan(action, resource), f: f}
}

// WhatCanAnswer is WhatCan as an Answer.
func (f *Finder) WhatCanAnswer(title string, p int) *Answer {
	return &Answer{Title: title, Question: "What can " + f.a.Name(p) + " do", Grants: f.WhatCan(p), f: f}
}

func (a *Answer) name(n int, outsider string) string {
	if n < 0 {
		return outsider + " (outside the world)"
	}
	return a.f.a.Name(n)
}

// route words a grant's chain: "alice → Deploy → Admin".
func (a *Answer) route(g Grant) string {
	parts := []string{a.name(g.Principal, g.Outsider)}
	for _, e := range g.Path {
		parts = append(parts, a.f.a.Name(a.f.a.Graph.Edges[e].To))
	}
	return strings.Join(parts, " → ")
}

// Text renders the answer for people, one grant a paragraph.
func (a *Answer) Text() string {
	var b strings.Builder
	b.WriteString(a.Question + " (" + a.Title + ")?\n")
	if len(a.Grants) == 0 {
		b.WriteString("\nNo principal of the world, and none its policies name outside it, can be allowed it.\n")
		return b.String()
	}
	for _, g := range a.Grants {
		b.WriteString("\n  " + a.route(g))
		if g.Session > 0 {
			b.WriteString(" (a last session of up to " + sim.FormatDuration(g.Session))
			if g.Chained {
				b.WriteString(", role chaining")
			}
			b.WriteString(")")
		}
		b.WriteString(": " + g.Action + " on " + g.Resource + "\n")
		if len(g.Conditions) > 0 {
			b.WriteString("    if " + strings.Join(g.Conditions, "; ") + "\n")
		}
		if len(g.Denials) > 0 {
			b.WriteString("    denied when " + strings.Join(g.Denials, "; or ") + "\n")
		}
		if g.Outside {
			b.WriteString("    and if its own account's policies allow it (they are outside the world)\n")
		}
	}
	b.WriteString("\n" + strconv.Itoa(len(a.Grants)) + " grant")
	if len(a.Grants) != 1 {
		b.WriteString("s")
	}
	b.WriteString(". Conditions on keys the world does not fix are not decided: they are listed.\n")
	return b.String()
}

type jsonGrant struct {
	Principal  string   `json:"principal"`
	Path       []string `json:"path"`
	Actor      string   `json:"actor"`
	Action     string   `json:"action"`
	Resource   string   `json:"resource"`
	Conditions []string `json:"conditions"`
	Denials    []string `json:"denials"`
	Outside    bool     `json:"outside"`
	Session    string   `json:"session,omitempty"`
	Chained    bool     `json:"chained"`
}

// JSON renders the answer as indented JSON: principals, path roles and
// actors by ARN (a service or "anyone" by its name), in the grants' order.
func (a *Answer) JSON() string {
	key := func(n int, outsider string) string {
		if n < 0 {
			return outsider
		}
		return a.f.a.Key(n)
	}
	out := struct {
		Title    string      `json:"title"`
		Question string      `json:"question"`
		Grants   []jsonGrant `json:"grants"`
	}{Title: a.Title, Question: a.Question, Grants: []jsonGrant{}}
	for _, g := range a.Grants {
		jg := jsonGrant{Principal: key(g.Principal, g.Outsider), Path: []string{}, Actor: key(g.Actor, g.Outsider),
			Action: g.Action, Resource: g.Resource, Conditions: append([]string{}, g.Conditions...),
			Denials: append([]string{}, g.Denials...), Outside: g.Outside, Chained: g.Chained}
		for _, e := range g.Path {
			jg.Path = append(jg.Path, a.f.a.Key(a.f.a.Graph.Edges[e].To))
		}
		if g.Session > 0 {
			jg.Session = sim.FormatDuration(g.Session)
		}
		out.Grants = append(out.Grants, jg)
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		panic(err) // plain strings and bools always marshal
	}
	return string(data) + "\n"
}
