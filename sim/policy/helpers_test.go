package policy

import (
	"sort"
	"strings"
	"testing"
)

// mustCompile compiles doc or fails the test.
func mustCompile(t testing.TB, kind Kind, doc string) *Policy {
	t.Helper()
	p, errs := CompileJSON(doc, kind)
	if errs != nil {
		t.Fatalf("CompileJSON(%s): %v", kind, errs)
	}
	if p == nil {
		t.Fatalf("CompileJSON(%s): nil policy without errors", kind)
	}
	return p
}

// ctxOf builds a Context from a map (keys set in sorted order, so the
// result does not depend on map iteration). A nil slice value still sets
// the key, with no values.
func ctxOf(m map[string][]string) *Context {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	c := &Context{}
	for _, k := range keys {
		c.Set(k, m[k]...)
	}
	return c
}

// posOf returns the position of the first character of marker in doc,
// which must occur exactly once.
func posOf(t testing.TB, doc, marker string) Pos {
	t.Helper()
	if n := strings.Count(doc, marker); n != 1 {
		t.Fatalf("marker %q occurs %d times in %s", marker, n, doc)
	}
	i := strings.Index(doc, marker)
	line := 1 + strings.Count(doc[:i], "\n")
	lineStart := strings.LastIndex(doc[:i], "\n") + 1
	col := 1 + len([]rune(doc[lineStart:i]))
	return Pos{Line: line, Col: col}
}

// requireRows fails a table test that has no rows.
func requireRows(t testing.TB, n int) {
	t.Helper()
	if n == 0 {
		t.Fatal("empty test table")
	}
}

// checkNames fails when two rows share a name.
func checkNames(t testing.TB, names []string) {
	t.Helper()
	requireRows(t, len(names))
	seen := map[string]bool{}
	for _, n := range names {
		if n == "" {
			t.Fatal("test row without a name")
		}
		if seen[n] {
			t.Fatalf("duplicate test row name %q", n)
		}
		seen[n] = true
	}
}
