package stsserver

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim"
)

// params are a request's Query-protocol parameters: every value of every
// name in the order the request gave them (the URL's query first, then a
// form body's). Lookups take the first value of a name, as STS does.
type params url.Values

// parseParams decodes an application/x-www-form-urlencoded text. Pairs that
// do not decode (a bad %-escape) are dropped, as unknown parameters are:
// they cannot name a parameter.
func parseParams(into params, raw string) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, err := url.QueryUnescape(k)
		if err != nil {
			continue
		}
		v, err = url.QueryUnescape(v)
		if err != nil {
			continue
		}
		into[k] = append(into[k], v)
	}
}

// get returns the first value of name and whether the request has it.
func (p params) get(name string) (string, bool) {
	vs, ok := p[name]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// str returns the first value of name as an optional string parameter.
func (p params) str(name string) *string {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	return &v
}

// malformedInput is STS's answer to a number that does not parse: no
// Message element at all.
func malformedInput(msg string) *sim.Error {
	return &sim.Error{Code: sim.CodeMalformedInput, Message: msg, HTTPStatus: 400}
}

// int32Param reads an optional signed 32-bit integer parameter as STS does:
// a sign and leading zeros are accepted (+900, 0900); anything else that is
// not a decimal int32 is MalformedInput with no message, and an empty value
// MalformedInput "missing value for decimal type".
func (p params) int32Param(name string) (*int32, *sim.Error) {
	v, ok := p.get(name)
	if !ok {
		return nil, nil
	}
	if v == "" {
		return nil, malformedInput("missing value for decimal type")
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= '0' && c <= '9' || i == 0 && (c == '+' || c == '-')) {
			return nil, malformedInput("")
		}
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil {
		return nil, malformedInput("")
	}
	d := int32(n)
	return &d, nil
}

// members returns the members of the list parameter prefix
// (prefix.member.N[suffix]) in the order of their index N, the first value
// of each; indexes that are not positive decimal numbers are not members
// (unknown parameters, ignored). A list given as prefix= alone is empty.
func (p params) members(prefix, suffix string) []string {
	type member struct {
		n int
		v string
	}
	var ms []member
	head := prefix + ".member."
	for k, vs := range p {
		rest, ok := strings.CutPrefix(k, head)
		if !ok || len(vs) == 0 {
			continue
		}
		rest, ok = strings.CutSuffix(rest, suffix)
		if !ok {
			continue
		}
		n, ok := index(rest)
		if !ok {
			continue
		}
		ms = append(ms, member{n, vs[0]})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].n < ms[j].n })
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.v
	}
	return out
}

// index parses a list index: a positive decimal number without sign or
// leading zeros, at most six digits (no list STS takes is longer).
func index(s string) (int, bool) {
	if s == "" || len(s) > 6 || s[0] == '0' {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// tags reads Tags.member.N.Key and Tags.member.N.Value: one tag for every
// index that has a Key or a Value, in index order.
func (p params) tags() []sim.Tag {
	type tag struct {
		n   int
		tag sim.Tag
	}
	byIndex := map[int]*tag{}
	var order []*tag
	for k, vs := range p {
		rest, ok := strings.CutPrefix(k, "Tags.member.")
		if !ok || len(vs) == 0 {
			continue
		}
		num, field, ok := strings.Cut(rest, ".")
		if !ok || field != "Key" && field != "Value" {
			continue
		}
		n, ok := index(num)
		if !ok {
			continue
		}
		t := byIndex[n]
		if t == nil {
			t = &tag{n: n}
			byIndex[n] = t
			order = append(order, t)
		}
		if field == "Key" {
			t.tag.Key = vs[0]
		} else {
			t.tag.Value = vs[0]
		}
	}
	if len(order) == 0 {
		return nil
	}
	sort.Slice(order, func(i, j int) bool { return order[i].n < order[j].n })
	out := make([]sim.Tag, len(order))
	for i, t := range order {
		out[i] = t.tag
	}
	return out
}

// nonEmpty returns nil for an empty list, so that an absent list and an
// empty one reach the simulator alike.
func nonEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}
