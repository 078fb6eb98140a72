package policy

import (
	"strings"
)

// A pattern (an Action, a Resource segment, a StringLike value, ...) is
// compiled into a list of tokens: literal text, the wildcards * (any run of
// characters, possibly empty) and ? (exactly one character), and policy
// variables. Keeping wildcards as tokens, not as characters of a string,
// lets a literal * written as ${*} stay literal.

type tokKind uint8

const (
	tokLit  tokKind = iota // literal text
	tokStar                // * : any run of characters
	tokOne                 // ? : exactly one character
	tokVar                 // ${key} or ${key, 'default'}
)

type tok struct {
	kind tokKind
	// text is the literal text (tokLit) or the variable's key as written
	// (tokVar).
	text string
	// Variables only.
	hash   uint32 // foldHash(text)
	def    string // default value
	hasDef bool
	multi  bool // the key is multivalued, so it never resolves
}

// resolve returns the value a variable token stands for in ctx, and false
// when it resolves to null (key absent, empty, multivalued, and no default).
func (t *tok) resolve(ctx *Context) (string, bool) {
	if t.kind != tokVar {
		return t.text, true
	}
	if !t.multi {
		if v, ok := ctx.lookup(t.hash, t.text); ok && len(v) == 1 {
			return v[0], true
		}
	}
	if t.hasDef {
		return t.def, true
	}
	return "", false
}

// resolves reports whether every variable in toks resolves in ctx.
func resolves(toks []tok, ctx *Context) bool {
	for i := range toks {
		if toks[i].kind == tokVar {
			if _, ok := toks[i].resolve(ctx); !ok {
				return false
			}
		}
	}
	return true
}

// hasVars reports whether toks holds a variable.
func hasVars(toks []tok) bool {
	for i := range toks {
		if toks[i].kind == tokVar {
			return true
		}
	}
	return false
}

// hasWildcards reports whether toks holds * or ?.
func hasWildcards(toks []tok) bool {
	for i := range toks {
		if toks[i].kind == tokStar || toks[i].kind == tokOne {
			return true
		}
	}
	return false
}

// literalText concatenates the text of literal tokens, writing wildcards
// back as * and ?. It is meant for token lists without variables.
func literalText(toks []tok) string {
	if len(toks) == 1 && toks[0].kind == tokLit {
		return toks[0].text
	}
	var b strings.Builder
	for _, t := range toks {
		switch t.kind {
		case tokStar:
			b.WriteByte('*')
		case tokOne:
			b.WriteByte('?')
		default:
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// wildTokens splits a string into literal, * and ? tokens (no variables).
func wildTokens(s string) []tok {
	var toks []tok
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '*' && s[i] != '?' {
			continue
		}
		toks = appendLit(toks, s[start:i])
		if s[i] == '*' {
			toks = appendStar(toks)
		} else {
			toks = append(toks, tok{kind: tokOne})
		}
		start = i + 1
	}
	return appendLit(toks, s[start:])
}

// appendLit appends literal text, merging it with a preceding literal.
func appendLit(toks []tok, s string) []tok {
	if s == "" {
		return toks
	}
	if n := len(toks); n > 0 && toks[n-1].kind == tokLit {
		toks[n-1].text += s
		return toks
	}
	return append(toks, tok{kind: tokLit, text: s})
}

// appendStar appends a *, collapsing runs of stars.
func appendStar(toks []tok) []tok {
	if n := len(toks); n > 0 && toks[n-1].kind == tokStar {
		return toks
	}
	return append(toks, tok{kind: tokStar})
}

// globMode selects a fast path for a glob.
type globMode uint8

const (
	globToks   globMode = iota // general token matching
	globAll                    // "*": matches everything
	globExact                  // no wildcard, no variable
	globPrefix                 // literal followed by one *
	globSuffix                 // one * followed by a literal
)

// glob is a compiled wildcard pattern.
type glob struct {
	mode globMode
	lit  string
	toks []tok
	plan *globPlan // globToks: the pattern cut at its stars
}

// newGlob compiles toks, picking a fast path when one applies.
func newGlob(toks []tok) glob {
	g := glob{mode: globToks, toks: toks}
	if hasVars(toks) {
		g.plan = newGlobPlan(toks)
		return g
	}
	switch {
	case len(toks) == 0:
		g.mode = globExact
	case len(toks) == 1 && toks[0].kind == tokLit:
		g.mode, g.lit = globExact, toks[0].text
	case len(toks) == 1 && toks[0].kind == tokStar:
		g.mode = globAll
	case len(toks) == 2 && toks[0].kind == tokLit && toks[1].kind == tokStar:
		g.mode, g.lit = globPrefix, toks[0].text
	case len(toks) == 2 && toks[0].kind == tokStar && toks[1].kind == tokLit:
		g.mode, g.lit = globSuffix, toks[1].text
	default:
		g.plan = newGlobPlan(toks)
	}
	return g
}

// match reports whether s matches the glob. With fold, ASCII letters match
// regardless of case (actions); otherwise matching is case-sensitive.
// Variables are resolved in ctx; a caller must first check that they
// resolve. match takes time linear in len(s) plus the pattern's length (see
// globPlan for the one exception) and does not allocate, except to search
// for a segment of several tokens holding a variable, or one of more than
// 256 characters holding a ?.
func (g *glob) match(s string, ctx *Context, fold bool) bool {
	switch g.mode {
	case globAll:
		return true
	case globExact:
		if len(s) != len(g.lit) {
			return false
		}
		if fold {
			return hasPrefixFoldASCII(s, g.lit)
		}
		return s == g.lit
	case globPrefix:
		if len(s) < len(g.lit) {
			return false
		}
		if fold {
			return hasPrefixFoldASCII(s, g.lit)
		}
		return s[:len(g.lit)] == g.lit
	case globSuffix:
		if len(s) < len(g.lit) {
			return false
		}
		if fold {
			return equalFoldASCII(s[len(s)-len(g.lit):], g.lit)
		}
		return strings.HasSuffix(s, g.lit)
	}
	return g.plan.match(s, ctx, fold)
}

// matchToks matches s against toks (see globPlan) without the fast paths
// of newGlob. It compiles the tokens on every call, so it allocates;
// compiled globs use glob.match.
func matchToks(toks []tok, s string, ctx *Context, fold bool) bool {
	return newGlobPlan(toks).match(s, ctx, fold)
}

// matchExact reports whether s equals the concatenation of toks (which hold
// no wildcards); with fold, under Unicode simple folding. It does not
// allocate.
func matchExact(toks []tok, s string, ctx *Context, fold bool) bool {
	for i := range toks {
		lit, _ := toks[i].resolve(ctx)
		if fold {
			rest, ok := hasPrefixFold(s, lit)
			if !ok {
				return false
			}
			s = rest
			continue
		}
		if !strings.HasPrefix(s, lit) {
			return false
		}
		s = s[len(lit):]
	}
	return s == ""
}

// arnParts is a value cut at its first five colons: partition, service,
// region, account and resource, after the leading "arn".
type arnParts struct {
	segs [6]string
	ok   bool // the value has at least five colons
}

// lazyARN is a value to be cut into ARN segments on first need.
type lazyARN struct {
	s     string
	parts arnParts
	done  bool
}

func (l *lazyARN) get() *arnParts {
	if !l.done {
		l.parts = splitARN(l.s)
		l.done = true
	}
	return &l.parts
}

// splitARN cuts s into its six ARN segments without allocating.
func splitARN(s string) arnParts {
	var p arnParts
	rest := s
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return arnParts{}
		}
		p.segs[i] = rest[:j]
		rest = rest[j+1:]
	}
	p.segs[5] = rest
	p.ok = true
	return p
}

// splitToksARN cuts a token list at the first five colons found in its
// literal tokens. Colons inside variables are not seen.
func splitToksARN(toks []tok) ([6][]tok, bool) {
	var segs [6][]tok
	seg := 0
	for _, t := range toks {
		if t.kind != tokLit || seg == 5 {
			segs[seg] = append(segs[seg], t)
			continue
		}
		text := t.text
		for seg < 5 {
			j := strings.IndexByte(text, ':')
			if j < 0 {
				break
			}
			segs[seg] = appendLit(segs[seg], text[:j])
			text = text[j+1:]
			seg++
		}
		segs[seg] = appendLit(segs[seg], text)
	}
	return segs, seg == 5
}

// arnPattern is a compiled ARN pattern (a Resource entry or an ArnLike
// value), matched segment by segment: * and ? never cross a colon in the
// first five segments; the resource segment (the rest, colons included)
// matches with * spanning anything. Matching is case-sensitive.
type arnPattern struct {
	all      bool   // "*"
	never    bool   // not an ARN pattern: matches nothing
	exact    string // no wildcard, no variable: plain equality
	isExact  bool
	prefix   string // only a trailing * in the resource segment
	isPrefix bool
	segs     [6]glob
	// dynamic holds the whole token list when variables may bring colons
	// (ArnLike values with variables): the pattern is expanded and cut
	// at evaluation.
	dynamic []tok
}

// newARNPattern compiles a token list known to hold at least five literal
// colons (or to be a lone *). With dynamic, variables are expanded before
// the ARN is cut into segments.
func newARNPattern(toks []tok, dynamic bool) arnPattern {
	var p arnPattern
	if len(toks) == 1 && toks[0].kind == tokStar {
		p.all = true
		return p
	}
	if dynamic && hasVars(toks) {
		p.dynamic = toks
		return p
	}
	segs, ok := splitToksARN(toks)
	if !ok {
		p.never = true
		return p
	}
	for i := range segs {
		p.segs[i] = newGlob(segs[i])
	}
	if !hasVars(toks) {
		switch {
		case !hasWildcards(toks):
			p.isExact = true
			for _, t := range toks {
				p.exact += t.text
			}
		case len(toks) == 2 && toks[0].kind == tokLit && toks[1].kind == tokStar:
			// The five colons are all in the literal, so the * sits in
			// the resource segment, where it may span anything.
			p.isPrefix = true
			p.prefix = toks[0].text
		}
	}
	return p
}

// match reports whether the value v matches; v is cut into segments only
// when the pattern needs them.
func (p *arnPattern) match(v *lazyARN, ctx *Context) bool {
	switch {
	case p.all:
		return true
	case p.never:
		return false
	case p.isExact:
		return v.s == p.exact
	case p.isPrefix:
		return strings.HasPrefix(v.s, p.prefix)
	case p.dynamic != nil:
		return p.matchDynamic(v.get(), ctx)
	}
	parts := v.get()
	if !parts.ok {
		return false
	}
	for i := range p.segs {
		if !p.segs[i].match(parts.segs[i], ctx, false) {
			return false
		}
	}
	return true
}

// matchDynamic expands the variables of a dynamic pattern (which must all
// resolve), cuts the result into segments and matches them. It allocates.
func (p *arnPattern) matchDynamic(parts *arnParts, ctx *Context) bool {
	expanded := make([]tok, 0, len(p.dynamic))
	for i := range p.dynamic {
		t := &p.dynamic[i]
		if t.kind == tokVar {
			v, _ := t.resolve(ctx)
			expanded = appendLit(expanded, v)
			continue
		}
		if t.kind == tokLit {
			expanded = appendLit(expanded, t.text)
			continue
		}
		expanded = append(expanded, *t)
	}
	if len(expanded) == 1 && expanded[0].kind == tokStar {
		return true
	}
	segs, ok := splitToksARN(expanded)
	if !ok || !parts.ok {
		return false
	}
	for i := range segs {
		if g := newGlob(segs[i]); !g.match(parts.segs[i], nil, false) {
			return false
		}
	}
	return true
}
