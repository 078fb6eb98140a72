package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGlob(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		pattern string
		s       string
		fold    bool
		want    bool
	}{
		{"empty", "empty pattern, empty string", "", "", false, true},
		{"emptyNot", "empty pattern, non-empty string", "", "a", false, false},
		{"star", "* alone", "*", "anything", false, true},
		{"starEmpty", "* matches the empty string", "*", "", false, true},
		{"stars", "runs of * collapse", "a**b", "axyb", false, true},
		{"exact", "literal", "abc", "abc", false, true},
		{"exactFold", "literal, ASCII fold", "ABC", "abc", true, true},
		{"exactNoFold", "literal, no fold", "ABC", "abc", false, false},
		{"prefix", "prefix", "ab*", "abc", false, true},
		{"prefixFold", "prefix, fold", "AB*", "abc", true, true},
		{"suffix", "suffix", "*bc", "abc", false, true},
		{"suffixFold", "suffix, fold", "*BC", "abc", true, true},
		{"suffixShort", "suffix longer than s", "*abc", "bc", false, false},
		{"question", "? is one rune", "a?c", "aéc", false, true},
		{"questionEnd", "? needs a character", "ab?", "ab", false, false},
		{"backtrack", "backtracking over several stars", "*ab*ab*", "xabyabz", false, true},
		{"backtrackFail", "backtracking fails", "*ab*ab*", "xabyz", false, false},
		{"questionStar", "? then *", "?*x", "ax", false, true},
		{"foldNonASCII", "ASCII fold leaves other characters alone", "É*", "é", true, false},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := newGlob(wildTokens(tc.pattern))
			if got := g.match(tc.s, nil, tc.fold); got != tc.want {
				t.Errorf("glob %q vs %q (fold %v) = %v, want %v (%s)", tc.pattern, tc.s, tc.fold, got, tc.want, tc.reason)
			}
			// The general matcher agrees with the fast paths.
			if got := matchToks(wildTokens(tc.pattern), tc.s, nil, tc.fold); got != tc.want {
				t.Errorf("matchToks %q vs %q = %v, want %v (%s)", tc.pattern, tc.s, got, tc.want, tc.reason)
			}
		})
	}
}

func TestGlobWorstCase(t *testing.T) {
	// A pathological pattern for a backtracking matcher; its cost is
	// measured by BenchmarkGlobHostile, not timed here.
	pattern := strings.Repeat("*a", 30) + "b"
	g := newGlob(wildTokens(pattern))
	if g.match(strings.Repeat("a", 2000), nil, false) {
		t.Error("unexpected match: the text has no b")
	}
	if !g.match(strings.Repeat("a", 2000)+"b", nil, false) {
		t.Error("no match, though 30 a's and a final b are there")
	}
}

func TestParseTemplate(t *testing.T) {
	type out struct {
		Kind   tokKind
		Text   string
		Def    string
		HasDef bool
	}
	tests := []struct {
		name   string
		reason string
		in     string
		vars   bool
		wild   bool
		want   []out
	}{
		{"literal", "plain text", "abc", true, true, []out{{Kind: tokLit, Text: "abc"}}},
		{"wild", "wildcards", "a*b?", true, true, []out{{Kind: tokLit, Text: "a"}, {Kind: tokStar}, {Kind: tokLit, Text: "b"}, {Kind: tokOne}}},
		{"noWild", "wildcards off", "a*b?", true, false, []out{{Kind: tokLit, Text: "a*b?"}}},
		{"escapes", "escapes merge into literals", "a${*}${?}${$}b", true, true, []out{{Kind: tokLit, Text: "a*?$b"}}},
		{"var", "a variable", "home/${aws:username}/", true, true, []out{{Kind: tokLit, Text: "home/"}, {Kind: tokVar, Text: "aws:username"}, {Kind: tokLit, Text: "/"}}},
		{"varSpaces", "spaces around the name", "${ aws:username }", true, true, []out{{Kind: tokVar, Text: "aws:username"}}},
		{"default", "a default value", "${aws:PrincipalTag/team, 'a b}c'}", true, true, []out{{Kind: tokVar, Text: "aws:PrincipalTag/team", Def: "a b}c", HasDef: true}}},
		{"emptyDefault", "an empty default", "${aws:username,''}", true, true, []out{{Kind: tokVar, Text: "aws:username", HasDef: true}}},
		{"noVars", "variables off", "${aws:username}*", false, true, []out{{Kind: tokLit, Text: "${aws:username}"}, {Kind: tokStar}}},
		{"dollar", "a lone $ is literal", "a$b{c}", true, true, []out{{Kind: tokLit, Text: "a$b{c}"}}},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			toks, msg := parseTemplate(tc.in, tc.vars, tc.wild)
			if msg != "" {
				t.Fatalf("parseTemplate(%q): %s", tc.in, msg)
			}
			var got []out
			for _, tk := range toks {
				got = append(got, out{tk.kind, tk.text, tk.def, tk.hasDef})
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestSplitARN(t *testing.T) {
	p := splitARN("arn:aws:s3:::b/k:x")
	want := arnParts{segs: [6]string{"arn", "aws", "s3", "", "", "b/k:x"}, ok: true}
	if p != want {
		t.Errorf("splitARN = %+v, want %+v", p, want)
	}
	if splitARN("arn:aws:s3::b").ok {
		t.Error("four colons is not an ARN")
	}
}
