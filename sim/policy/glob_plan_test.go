package policy

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// backtrackMatch is the matcher globPlan replaced: greedy, backtracking to
// the most recent *, O(len(s)·len(toks)). It defines the semantics the
// linear matcher must keep.
func backtrackMatch(toks []tok, s string, ctx *Context, fold bool) bool {
	ti, si := 0, 0
	starTi, starSi := -1, 0
	for {
		if ti < len(toks) {
			t := &toks[ti]
			switch t.kind {
			case tokStar:
				starTi, starSi = ti, si
				ti++
				continue
			case tokOne:
				if si < len(s) {
					_, n := utf8.DecodeRuneInString(s[si:])
					si += n
					ti++
					continue
				}
			default:
				lit, _ := t.resolve(ctx)
				var ok bool
				if fold {
					ok = hasPrefixFoldASCII(s[si:], lit)
				} else {
					ok = strings.HasPrefix(s[si:], lit)
				}
				if ok {
					si += len(lit)
					ti++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		if starTi < 0 || starSi >= len(s) {
			return false
		}
		_, n := utf8.DecodeRuneInString(s[starSi:])
		starSi += n
		ti, si = starTi+1, starSi
	}
}

// globVarCtx holds the variables the differential tests use.
func globVarCtx() *Context {
	c := &Context{}
	c.Set("aws:username", "ab")
	c.Set("aws:userid", "A\u00e9")
	c.Set("aws:SourceIp", "")
	c.Set("s3:prefix", strings.Repeat("ab", 40)) // long: searched as text
	return c
}

// randomPattern builds a token list from a small alphabet (so that matches
// are common), with stars, ?, multi-byte characters and variables. Its text
// is valid UTF-8, as Compile requires of a policy.
func randomPattern(rng *rand.Rand, maxLit int) []tok {
	var toks []tok
	vars := []string{"aws:username", "aws:userid", "aws:SourceIp", "s3:prefix"}
	for n := rng.IntN(8); n >= 0; n-- {
		switch k := rng.IntN(12); {
		case k < 3:
			toks = appendStar(toks)
		case k < 5:
			toks = append(toks, tok{kind: tokOne})
		case k == 5:
			v := vars[rng.IntN(len(vars))]
			toks = append(toks, tok{kind: tokVar, text: v, hash: foldHash(v)})
		default:
			toks = appendLit(toks, randomText(rng, 1+rng.IntN(maxLit), patternAlphabet))
		}
	}
	return toks
}

// The strings matched also hold invalid UTF-8 (a request is not checked).
var (
	patternAlphabet = []string{"a", "b", "A", "B", ":", "\u00e9", "\u00c9", "\u20ac"}
	stringAlphabet  = append([]string{"\xff", "\xe2\x82", "\xac"}, patternAlphabet...)
)

func randomText(rng *rand.Rand, n int, alphabet []string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(alphabet[rng.IntN(len(alphabet))])
	}
	return b.String()
}

// literalRun writes toks back as a string that matches them, more or less:
// stars and ? become one letter.
func literalRun(toks []tok) string {
	var b strings.Builder
	for _, t := range toks {
		switch t.kind {
		case tokStar, tokOne:
			b.WriteString("a")
		case tokLit:
			b.WriteString(t.text)
		}
	}
	return b.String()
}

func describeToks(toks []tok) string {
	var b strings.Builder
	for _, t := range toks {
		switch t.kind {
		case tokStar:
			b.WriteString("*")
		case tokOne:
			b.WriteString("?")
		case tokVar:
			b.WriteString("${" + t.text + "}")
		default:
			b.WriteString(strconv.Quote(t.text))
		}
	}
	return b.String()
}

// TestGlobPlanAgreesWithBacktracking compares the linear matcher with the
// backtracking one on many random patterns and strings, folded or not.
func TestGlobPlanAgreesWithBacktracking(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := globVarCtx()
	matches := 0
	for i := 0; i < 200_000; i++ {
		// Short literals make matches common; long ones (and long
		// strings of few letters) reach the failure tables.
		maxLit, maxLen := 4, 12
		if i%4 == 0 {
			maxLit, maxLen = 40, 200
		}
		toks := randomPattern(rng, maxLit)
		s := randomText(rng, rng.IntN(maxLen), stringAlphabet)
		switch rng.IntN(8) {
		case 0:
			s = strings.Repeat("ab", 45) // room for the long variable
		case 1:
			s = literalRun(toks) // likely to match
		}
		fold := rng.IntN(2) == 0
		want := backtrackMatch(toks, s, ctx, fold)
		g := newGlob(toks)
		if got := g.match(s, ctx, fold); got != want {
			t.Fatalf("pattern %s vs %q (fold %v): %v, backtracking says %v", describeToks(toks), s, fold, got, want)
		}
		if want {
			matches++
		}
	}
	if matches < 1000 {
		t.Fatalf("only %d of the random cases match: the test hardly tests matching", matches)
	}
}

// FuzzGlob checks the linear matcher against the backtracking one on
// patterns and strings the fuzzer writes (pattern text: * and ? are
// wildcards, ${aws:username} a variable).
func FuzzGlob(f *testing.F) {
	for _, seed := range [][2]string{
		{"s3:*aaaab", "s3:aaaaaaaab"},
		{"*a?c*", "xxabcx"},
		{"*${aws:username}*", "xxabx"},
		{"?*x", "\u00e9x"},
		{"*\u20ac?", "a\xe2\x82\u20ac\xff"},
		{"*\u00e9?*?\u20ac", "\u00e9\xe2\x82\u20ac\xac\u20ac"},
		{"arn:*:s3:::b/*.txt", "arn:aws:s3:::b/k.txt"},
	} {
		f.Add(seed[0], seed[1], false)
		f.Add(seed[0], seed[1], true)
	}
	ctx := globVarCtx()
	f.Fuzz(func(t *testing.T, pattern, s string, fold bool) {
		toks, msg := parseTemplate(pattern, true, true)
		if msg != "" || !utf8.ValidString(pattern) {
			return // Compile refuses policies that are not valid UTF-8
		}
		for i := range toks {
			if toks[i].kind == tokVar {
				if _, ok := toks[i].resolve(ctx); !ok {
					return // callers check that variables resolve
				}
			}
		}
		want := backtrackMatch(toks, s, ctx, fold)
		g := newGlob(toks)
		if got := g.match(s, ctx, fold); got != want {
			t.Fatalf("pattern %q vs %q (fold %v): %v, backtracking says %v", pattern, s, fold, got, want)
		}
	})
}

// hostileGlobs are the patterns of the robustness review and their
// relatives: each against a long string of a's that it does not match,
// the worst case for a backtracking matcher.
var hostileGlobs = []struct {
	name    string
	pattern string
	fold    bool
}{
	{"action", "s3:*" + strings.Repeat("a", 8000) + "b", true},
	{"actionTwoStars", "s3:*" + strings.Repeat("a", 8000) + "b*", true},
	{"caseSensitive", "*" + strings.Repeat("a", 8000) + "b*", false},
	{"question", "*" + strings.Repeat("a?", 4000) + "b*", true},
	{"manyStars", strings.Repeat("*a", 4000) + "b", false},
}

func TestGlobHostileMatchesNothing(t *testing.T) {
	s := "s3:" + strings.Repeat("a", 100_000)
	for _, h := range hostileGlobs {
		t.Run(h.name, func(t *testing.T) {
			g := newGlob(wildTokens(h.pattern))
			if g.match(s, nil, h.fold) {
				t.Errorf("%.40q... matches %d a's", h.pattern, len(s))
			}
			// and it still matches what it should
			if !g.match(s+"b", nil, h.fold) {
				t.Errorf("%.40q... does not match a's then b", h.pattern)
			}
		})
	}
}

func TestGlobCompiledNoAllocs(t *testing.T) {
	ctx := globVarCtx()
	for _, p := range []string{"s3:*Object*", "*" + strings.Repeat("ab", 20) + "*x", "*a?b*c", "*${aws:username}*", "a*b?c*d*e"} {
		toks, msg := parseTemplate(p, true, true)
		if msg != "" {
			t.Fatal(msg)
		}
		g := newGlob(toks)
		s := strings.Repeat("xaabbc", 30) + "d" + "e"
		allocs := testing.AllocsPerRun(50, func() { g.match(s, ctx, true); g.match(s, ctx, false) })
		if allocs != 0 {
			t.Errorf("%q allocates %v times per match", p, allocs)
		}
	}
}

// BenchmarkGlobHostile matches each hostile pattern against action names of
// growing length. ns/byte must stay flat (linear time): the backtracking
// matcher took 2.75 s per request on the first one.
func BenchmarkGlobHostile(b *testing.B) {
	for _, h := range hostileGlobs {
		g := newGlob(wildTokens(h.pattern))
		for _, n := range []int{10_000, 100_000} {
			s := "s3:" + strings.Repeat("a", n)
			b.Run(h.name+"/len="+strconv.Itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(s)))
				b.ReportAllocs()
				for b.Loop() {
					if g.match(s, nil, h.fold) {
						b.Fatal("match")
					}
				}
			})
		}
	}
}
