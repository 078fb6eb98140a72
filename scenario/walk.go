package scenario

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"gopkg.in/yaml.v3"
)

// This file holds the helpers that walk yaml.Node trees: checking a map's
// keys against a schema and reading typed leaves, reporting every problem.

func (l *loader) pos(n *yaml.Node) Pos {
	if l.origin != nil {
		return Pos{File: l.fileOf(n), Line: n.Line, Col: n.Column}
	}
	return Pos{File: l.file, Line: n.Line, Col: n.Column}
}

// errf reports a problem at n. An argument that is n's own long value is
// elided (see MaxEcho), however the format prints it.
func (l *loader) errf(n *yaml.Node, format string, args ...any) {
	l.errc(n, DiagInvalid, format, args...)
}

// errc is errf for a problem of the given kind.
func (l *loader) errc(n *yaml.Node, code DiagCode, format string, args ...any) {
	if len(n.Value) > MaxEcho {
		args = append([]any(nil), args...)
		for i, a := range args {
			if s, ok := a.(string); ok && s == n.Value {
				args[i] = elide(s)
			}
		}
	}
	l.diags.AddCode(l.pos(n), code, format, args...)
}

// kindName names what a node holds, for "expected X, got Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "map"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	case yaml.DocumentNode:
		return "document"
	}
	switch n.Tag {
	case "!!null":
		return "null"
	case "!!bool":
		return "boolean"
	case "!!int":
		return "integer"
	case "!!float":
		return "number"
	case "!!timestamp":
		return "timestamp"
	}
	return "string"
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0
}

// typeErr reports that the value at path is not of the expected type.
// Aliases were already reported by checkNodes and are skipped.
func (l *loader) typeErr(n *yaml.Node, path, expected string) {
	if n.Kind == yaml.AliasNode {
		return
	}
	l.errc(n, DiagType, "%s: expected %s, got %s", path, expected, kindName(n))
}

// fields is a map node checked against a schema: the value node of each
// known key, in schema order.
type fields struct {
	obj  string // what the map is, for messages ("role")
	node *yaml.Node
	keys []string
	keyN []*yaml.Node
	vals []*yaml.Node
	// unknown holds the keys not in the schema that have a hint, in
	// document order, for guess.
	unknown []guessed
}

// object checks that n is a map whose keys are all among keys, each at most
// once, and that every required key is present. It returns nil (after
// reporting) when n is not a map.
func (l *loader) object(n *yaml.Node, obj string, keys []string, required ...string) *fields {
	if n.Kind != yaml.MappingNode {
		l.typeErr(n, obj, "a map")
		return nil
	}
	f := &fields{obj: obj, node: n, keys: keys}
	both := make([]*yaml.Node, 2*len(keys))
	f.keyN, f.vals = both[:len(keys):len(keys)], both[len(keys):]
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			l.typeErr(k, obj+" key", "a string")
			continue
		}
		j := indexOf(keys, k.Value)
		if j < 0 {
			if hint := suggest(k.Value, keys); hint != "" {
				l.errc(k, DiagUnknownKey, "unknown key %q in %s; did you mean %q?", k.Value, obj, hint)
				f.unknown = append(f.unknown, guessed{key: k, val: v, hint: hint})
			} else {
				l.errc(k, DiagUnknownKey, "unknown key %q in %s", k.Value, obj)
			}
			continue
		}
		if prev := f.keyN[j]; prev != nil {
			l.errc(k, DiagDuplicateKey, "duplicate key %q in %s (first at line %d, column %d)", k.Value, obj, prev.Line, prev.Column)
			continue
		}
		f.keyN[j], f.vals[j] = k, v
	}
	for _, r := range required {
		j := indexOf(keys, r)
		switch v := f.vals[j]; {
		case v == nil:
			l.errc(n, DiagMissingKey, "missing required key %q in %s", r, obj)
		case isNull(v):
			l.errc(v, DiagMissingKey, "%s.%s: a value is required, got null", obj, r)
		}
	}
	return f
}

func indexOf(keys []string, k string) int {
	for i, s := range keys {
		if s == k {
			return i
		}
	}
	return -1
}

// get returns the value of key, or nil when it is absent or null (null
// stands for "not given" everywhere in the format).
func (f *fields) get(key string) *yaml.Node {
	j := indexOf(f.keys, key)
	if j < 0 {
		panic("scenario: key " + key + " is not in the schema of " + f.obj)
	}
	if v := f.vals[j]; v != nil && !isNull(v) {
		return v
	}
	return nil
}

// key returns the key node of key, or nil when absent.
func (f *fields) key(key string) *yaml.Node {
	return f.keyN[indexOf(f.keys, key)]
}

func (f *fields) path(key string) string { return f.obj + "." + key }

// entry is one key/value pair of a map with free-form keys.
type entry struct {
	key, val *yaml.Node
}

// entries checks that n is a map with string keys, each at most once, and
// returns its pairs in document order.
func (l *loader) entries(n *yaml.Node, path string) []entry {
	if n.Kind != yaml.MappingNode {
		l.typeErr(n, path, "a map")
		return nil
	}
	out := make([]entry, 0, len(n.Content)/2)
	var seen map[string]*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			l.typeErr(k, path+" key", "a string")
			continue
		}
		if seen == nil {
			seen = make(map[string]*yaml.Node, len(n.Content)/2)
		}
		if prev := seen[k.Value]; prev != nil {
			l.errc(k, DiagDuplicateKey, "duplicate key %q in %s (first at line %d, column %d)", k.Value, path, prev.Line, prev.Column)
			continue
		}
		seen[k.Value] = k
		out = append(out, entry{k, v})
	}
	return out
}

// scalar returns n when it is a non-null scalar; otherwise it reports a
// type error (expected "a string" unless told) and returns nil.
func (l *loader) scalar(n *yaml.Node, path string) *yaml.Node {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		l.typeErr(n, path, "a string")
		return nil
	}
	return n
}

// str reads an optional string-valued key; any scalar is taken as its text.
func (l *loader) str(f *fields, key string) (string, *yaml.Node) {
	n := f.get(key)
	if n == nil {
		return "", nil
	}
	if n.Kind != yaml.ScalarNode || isNull(n) {
		l.typeErr(n, f.path(key), "a string")
		return "", nil
	}
	return n.Value, n
}

// strPtr reads an optional string-valued key, nil when absent.
func (l *loader) strPtr(f *fields, key string) *string {
	s, n := l.str(f, key)
	if n == nil {
		return nil
	}
	return &s
}

// list reads an optional list-valued key (or the list under a misspelling
// of it, already reported, so that its items are checked too).
func (l *loader) list(f *fields, key string) []*yaml.Node {
	n := f.getOrGuess(key)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		l.typeErr(n, f.path(key), "a list")
		return nil
	}
	if n.Content == nil {
		return []*yaml.Node{} // an empty list is not an absent one
	}
	return n.Content
}

// refs reads an optional list of strings.
func (l *loader) refs(f *fields, key string) []Ref {
	items := l.list(f, key)
	if items == nil {
		return nil
	}
	out := make([]Ref, 0, len(items))
	for i, it := range items {
		if it.Kind != yaml.ScalarNode || isNull(it) {
			l.typeErr(it, itemPath(f.path(key), i), "a string")
			continue
		}
		out = append(out, Ref{Pos: l.pos(it), Value: it.Value})
	}
	return out
}

func itemPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// parseInt reads a decimal integer scalar (an optional sign, digits only).
func parseInt(n *yaml.Node) (int, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return 0, false
	}
	v, err := strconv.Atoi(n.Value)
	return v, err == nil
}

// boolean reads an optional boolean key (true or false, unquoted).
func (l *loader) boolean(f *fields, key string) *bool {
	n := f.get(key)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		l.typeErr(n, f.path(key), "true or false")
		return nil
	}
	b := strings.EqualFold(n.Value, "true")
	return &b
}

// timestamp reads an RFC 3339 instant, returned in UTC.
func (l *loader) timestamp(n *yaml.Node, path string) (time.Time, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		l.typeErr(n, path, "an RFC 3339 time like 2024-01-01T00:00:00Z")
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, n.Value)
	if err != nil {
		l.errf(n, "%s: invalid time %q: want RFC 3339, like 2024-01-01T00:00:00Z", path, n.Value)
		return time.Time{}, false
	}
	return t.UTC(), true
}

// suggest returns the key among keys closest to an unknown key, or "" when
// none is close: the same letters ignoring case and underscores, a key that
// the unknown one abbreviates (duration for duration_seconds), its
// singular or plural (inline_policy for inline_policies, see pluralOf), or
// an edit distance under 3.
func suggest(key string, keys []string) string {
	nk := normKey(key)
	best, bestD := "", 3
	for _, k := range keys {
		if normKey(k) == nk || len(key) >= 3 && len(k) > len(key) && k[len(key)] == '_' && strings.HasPrefix(k, key) || pluralOf(nk, normKey(k)) || pluralOf(normKey(k), nk) {
			return k
		}
		if d := levenshtein(key, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// normKey lowercases a key and drops its underscores and hyphens, for
// suggest.
func normKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// levenshtein is the edit distance between a and b, in bytes.
func levenshtein(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	var rows [2][65]int // on the stack: both strings have at most 64 bytes
	prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
