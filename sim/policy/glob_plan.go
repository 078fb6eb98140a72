package policy

import (
	"strings"
	"unicode/utf8"
)

// Wildcard matching in linear time.
//
// A pattern is cut at its stars into rigid segments (literal text, ? and
// variables, each of a fixed number of characters). The segment before the
// first * must match at the start of the string and the one after the last
// * at its end; each segment in between is then matched at its leftmost
// occurrence after the previous one. Leftmost is always right: a segment
// found earlier ends earlier, which leaves the rest of the pattern the most
// room. So no position is ever tried twice, as the backtracking matcher did
// (a*aaaa…b against aaaa… cost the product of the two lengths).
//
// A middle segment is searched for with
//   - strings.Index when it is literal text and case matters;
//   - Knuth-Morris-Pratt over ASCII-folded bytes when case does not (the
//     failure table is built at compile time for texts longer than
//     kmpMin; shorter ones are compared in place at each position);
//   - a bit-parallel scan (bitSearch, shift-and) when it holds a ?: time
//     len(s)·⌈segment/64⌉, the one case above linear, memory linear in the
//     segment.
//
// A ? is one character: one UTF-8 encoded rune of the string, or one byte
// of invalid UTF-8, exactly as the backtracking matcher stepped. The
// pattern's text is valid UTF-8 (Compile refuses any other policy text), so
// a literal found by a byte search always starts on a character; so are
// variables' values taken to be (a request context holding invalid UTF-8
// still matches deterministically, but may split a character differently).

// kmpMin is the length above which a case-folded literal segment gets a
// failure table rather than being compared at each position.
const kmpMin = 16

// globPlan is a compiled token list cut at its stars.
type globPlan struct {
	star bool  // the pattern holds a *; without one, head is all of it
	head []tok // before the first *: matches at the start
	tail []tok // after the last *: matches at the end
	mid  []segment
}

// segment is a rigid run of tokens between two stars.
type segment struct {
	toks []tok
	vars bool       // holds a variable: resolved, then searched for, at match time
	lit  string     // the text of a segment of one literal token
	kmp  []int32    // failure table of lit, ASCII-folded, when longer than kmpMin
	bits *bitSearch // for a segment holding a ? (and no variable)
}

// newGlobPlan cuts toks at their stars.
func newGlobPlan(toks []tok) *globPlan {
	first, last := -1, -1
	for i := range toks {
		if toks[i].kind == tokStar {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	p := &globPlan{}
	if first < 0 {
		p.head = toks
		return p
	}
	p.star = true
	p.head, p.tail = toks[:first], toks[last+1:]
	from := first + 1
	for i := first + 1; i <= last; i++ {
		if toks[i].kind == tokStar {
			if i > from {
				p.mid = append(p.mid, newSegment(toks[from:i]))
			}
			from = i + 1
		}
	}
	return p
}

func newSegment(toks []tok) segment {
	g := segment{toks: toks, vars: hasVars(toks)}
	switch {
	case g.vars:
	case len(toks) == 1 && toks[0].kind == tokLit:
		g.lit = toks[0].text
		if len(g.lit) > kmpMin {
			g.kmp = foldFailure(g.lit)
		}
	default:
		g.bits = newBitSearch(toks)
	}
	return g
}

// match reports whether s matches the plan.
func (p *globPlan) match(s string, ctx *Context, fold bool) bool {
	pos, ok := matchAt(p.head, s, 0, ctx, fold)
	switch {
	case !ok:
		return false
	case !p.star:
		return pos == len(s)
	}
	end, ok := matchBefore(p.tail, s, len(s), ctx, fold)
	if !ok || end < pos {
		return false
	}
	s = s[:end] // the middle segments must fit before the tail
	for i := range p.mid {
		if pos, ok = p.mid[i].find(s, pos, ctx, fold); !ok {
			return false
		}
	}
	return true
}

// matchAt matches the rigid tokens toks at byte offset p of s and returns
// the offset just after the match.
func matchAt(toks []tok, s string, p int, ctx *Context, fold bool) (int, bool) {
	for i := range toks {
		t := &toks[i]
		if t.kind == tokOne {
			if p >= len(s) {
				return 0, false
			}
			_, n := utf8.DecodeRuneInString(s[p:])
			p += n
			continue
		}
		lit, _ := t.resolve(ctx)
		if fold && !hasPrefixFoldASCII(s[p:], lit) || !fold && !strings.HasPrefix(s[p:], lit) {
			return 0, false
		}
		p += len(lit)
	}
	return p, true
}

// matchBefore matches the rigid tokens toks so that they end at byte offset
// end of s, and returns the offset where the match starts.
func matchBefore(toks []tok, s string, end int, ctx *Context, fold bool) (int, bool) {
	for i := len(toks) - 1; i >= 0; i-- {
		t := &toks[i]
		if t.kind == tokOne {
			if end == 0 {
				return 0, false
			}
			_, n := utf8.DecodeLastRuneInString(s[:end])
			end -= n
			continue
		}
		lit, _ := t.resolve(ctx)
		if end < len(lit) {
			return 0, false
		}
		if got := s[end-len(lit) : end]; fold && !equalFoldASCII(got, lit) || !fold && got != lit {
			return 0, false
		}
		end -= len(lit)
	}
	return end, true
}

// find returns the end of the leftmost occurrence of the segment in s at
// or after byte offset from.
func (g *segment) find(s string, from int, ctx *Context, fold bool) (int, bool) {
	switch {
	case g.vars:
		return findResolved(g.toks, s, from, ctx, fold)
	case g.bits != nil:
		return g.bits.find(s, from, fold)
	}
	return findText(s, from, g.lit, g.kmp, fold)
}

// findText finds the text lit in s at or after from; kmp is lit's folded
// failure table, or nil.
func findText(s string, from int, lit string, kmp []int32, fold bool) (int, bool) {
	switch {
	case !fold:
		i := strings.Index(s[from:], lit)
		if i < 0 {
			return 0, false
		}
		return from + i + len(lit), true
	case kmp != nil:
		return findFoldKMP(s, from, lit, kmp)
	case len(lit) > kmpMin:
		return findFoldKMP(s, from, lit, foldFailure(lit))
	}
	for i := from; i+len(lit) <= len(s); i++ {
		if hasPrefixFoldASCII(s[i:], lit) {
			return i + len(lit), true
		}
	}
	return 0, false
}

// foldFailure is the Knuth-Morris-Pratt failure table of lit under ASCII
// case folding: f[i] is the length of the longest proper border of
// lit[:i+1].
func foldFailure(lit string) []int32 {
	f := make([]int32, len(lit))
	k := int32(0)
	for i := 1; i < len(lit); i++ {
		for k > 0 && lowerASCII(lit[i]) != lowerASCII(lit[k]) {
			k = f[k-1]
		}
		if lowerASCII(lit[i]) == lowerASCII(lit[k]) {
			k++
		}
		f[i] = k
	}
	return f
}

// findFoldKMP finds lit in s at or after from, ignoring the case of ASCII
// letters, in time linear in len(s).
func findFoldKMP(s string, from int, lit string, f []int32) (int, bool) {
	k := int32(0)
	for i := from; i < len(s); i++ {
		c := lowerASCII(s[i])
		for k > 0 && c != lowerASCII(lit[k]) {
			k = f[k-1]
		}
		if c == lowerASCII(lit[k]) {
			k++
		}
		if int(k) == len(lit) {
			return i + 1, true
		}
	}
	return 0, false
}

// findResolved searches for a segment holding variables: a lone variable's
// value is searched for as text; a longer segment is resolved into
// literal and ? tokens first (this allocates) and searched for like a
// compiled one.
func findResolved(toks []tok, s string, from int, ctx *Context, fold bool) (int, bool) {
	if len(toks) == 1 {
		v, _ := toks[0].resolve(ctx)
		return findText(s, from, v, nil, fold)
	}
	var exp []tok
	for i := range toks {
		switch t := &toks[i]; t.kind {
		case tokOne:
			exp = append(exp, *t)
		default:
			v, _ := t.resolve(ctx)
			exp = appendLit(exp, v)
		}
	}
	switch {
	case len(exp) == 0:
		return from, true
	case len(exp) == 1 && exp[0].kind == tokLit:
		return findText(s, from, exp[0].text, nil, fold)
	}
	return newBitSearch(exp).find(s, from, fold)
}

// bitSearch finds a rigid segment of literal runes and ? with the
// shift-and algorithm: bit j of the state says that the segment's first
// j+1 elements match the characters just read. Each character costs
// ⌈m/64⌉ word operations for a segment of m elements.
//
// A rune that occurs at least words times in the segment has a dense mask
// of its positions; rarer ones keep a list of positions (shorter than
// words), so the tables stay linear in m whatever the alphabet.
type bitSearch struct {
	m, words int
	any      []uint64 // positions of ?
	ascii    [128]int32
	other    map[rune]int32 // class of a non-ASCII rune
	dense    [][]uint64     // per class: mask of positions, or nil
	sparse   [][]int32      // per class: positions, when dense is nil
}

// bitStackWords is the state size find keeps on the stack: segments of up
// to 256 elements search without allocating.
const bitStackWords = 4

// newBitSearch compiles rigid literal and ? tokens (no variables).
func newBitSearch(toks []tok) *bitSearch {
	var elems []rune // utf8.MaxRune+1 stands for ?
	const anyElem = utf8.MaxRune + 1
	for i := range toks {
		if toks[i].kind == tokOne {
			elems = append(elems, anyElem)
			continue
		}
		for _, r := range toks[i].text {
			elems = append(elems, r)
		}
	}
	b := &bitSearch{m: len(elems), words: (len(elems) + 63) / 64}
	b.any = make([]uint64, b.words)
	for i := range b.ascii {
		b.ascii[i] = -1
	}
	count := map[rune]int{}
	for _, r := range elems {
		count[r]++
	}
	classOf := func(r rune) int32 {
		if r < utf8.RuneSelf {
			if b.ascii[r] < 0 {
				b.ascii[r] = int32(len(b.dense))
				b.dense, b.sparse = append(b.dense, nil), append(b.sparse, nil)
			}
			return b.ascii[r]
		}
		c, ok := b.other[r]
		if !ok {
			if b.other == nil {
				b.other = map[rune]int32{}
			}
			c = int32(len(b.dense))
			b.other[r] = c
			b.dense, b.sparse = append(b.dense, nil), append(b.sparse, nil)
		}
		return c
	}
	for j, r := range elems {
		if r == anyElem {
			b.any[j/64] |= 1 << (j % 64)
			continue
		}
		c := classOf(r)
		if count[r] < b.words {
			b.sparse[c] = append(b.sparse[c], int32(j))
			continue
		}
		if b.dense[c] == nil {
			b.dense[c] = make([]uint64, b.words)
		}
		b.dense[c][j/64] |= 1 << (j % 64)
	}
	return b
}

// class returns the class of the rune r read from the string (n bytes), or
// -1 when no literal of the segment is that rune. A byte of invalid UTF-8
// matches only ?.
func (b *bitSearch) class(r rune, n int) int32 {
	switch {
	case r < utf8.RuneSelf:
		return b.ascii[r]
	case r == utf8.RuneError && n == 1:
		return -1
	}
	if c, ok := b.other[r]; ok {
		return c
	}
	return -1
}

// find returns the end of the leftmost occurrence in s at or after from.
func (b *bitSearch) find(s string, from int, fold bool) (int, bool) {
	if b.m == 0 {
		return from, true
	}
	var stack [2 * bitStackWords]uint64
	buf := stack[:]
	if b.words > bitStackWords {
		buf = make([]uint64, 2*b.words)
	}
	d, x := buf[:b.words], buf[b.words:2*b.words]
	clear(d)
	top := uint64(1) << ((b.m - 1) % 64)
	for i := from; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		i += n
		// x = d<<1 | 1: the elements that may match this character.
		carry := uint64(1)
		for w := range d {
			x[w] = d[w]<<1 | carry
			carry = d[w] >> 63
		}
		for w := range d {
			d[w] = x[w] & b.any[w]
		}
		b.add(d, x, b.class(r, n))
		if fold && r < utf8.RuneSelf && (r|0x20) >= 'a' && (r|0x20) <= 'z' {
			b.add(d, x, b.ascii[r^0x20])
		}
		if d[b.words-1]&top != 0 {
			return i, true
		}
	}
	return 0, false
}

// add sets in d the bits of x at the positions of class c.
func (b *bitSearch) add(d, x []uint64, c int32) {
	if c < 0 {
		return
	}
	if m := b.dense[c]; m != nil {
		for w := range d {
			d[w] |= x[w] & m[w]
		}
		return
	}
	for _, j := range b.sparse[c] {
		d[j/64] |= x[j/64] & (1 << (j % 64))
	}
}
