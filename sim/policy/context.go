package policy

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Context holds the condition keys of a request (aws:SourceIp,
// aws:PrincipalTag/Team, sts:ExternalId, ...) and their values.
//
// Key names are case-insensitive, tag-key suffixes included
// ("aws:PrincipalTag/Team" and "AWS:principaltag/team" are one key); the
// spelling last passed to Set is kept for display. A key set with no values
// is present but empty: Null reports it as null, ForAllValues is true for it
// and ForAnyValue is false.
//
// Contexts layer: lookups consult the Context first, then its Parent, and so
// on, so a per-request Context can sit on a per-session base without copying
// it. Set, Delete and Reset change only the Context they are called on.
//
// The zero value is an empty Context ready to use. A nil *Context is a valid,
// empty, read-only Context. A Context is not safe for concurrent
// modification; concurrent reads (evaluations) are safe.
//
// Lookups scan a small Context's keys; one that grows beyond indexMin keys
// also indexes them by their folded form, so that Set and Get cost the
// same for a hundred thousand keys as for ten.
type Context struct {
	// Parent, when set, supplies the keys this Context does not hold.
	Parent *Context

	entries []ctxEntry
	// hashes[i] is entries[i].hash, kept apart so that lookups scan a
	// compact array.
	hashes []uint32
	// byKey maps each key's folded form (foldKey) to its position in
	// entries while indexed is set, that is while the Context holds more
	// than indexMin keys. Reset empties it but keeps it for reuse.
	byKey   map[string]int32
	indexed bool
}

// indexMin is how many keys a Context holds before it indexes them. Below
// it, scanning the hashes is cheaper than a map and allocates nothing.
const indexMin = 32

type ctxEntry struct {
	key    string
	hash   uint32
	values []string
}

// maxContextDepth bounds the Parent chain walked by lookups, so that an
// accidental cycle cannot hang an evaluation.
const maxContextDepth = 64

// Set replaces the values of key (case-insensitively) with a copy of values.
// Setting a key with no values makes it present but empty.
func (c *Context) Set(key string, values ...string) {
	h := foldHash(key)
	var buf [64]byte
	var folded []byte
	i := -1
	if c.indexed {
		folded = appendFoldKey(buf[:0], key)
		i = c.indexed1(folded)
	} else {
		i = c.scan(h, key)
	}
	if i >= 0 {
		e := &c.entries[i]
		e.key = key
		e.values = append(e.values[:0], values...)
		if e.values == nil {
			e.values = []string{}
		}
		return
	}
	n := len(c.entries)
	if n < cap(c.entries) {
		// Reuse the slot (and its values' capacity) left by Reset or Delete.
		c.entries = c.entries[:n+1]
	} else {
		c.entries = append(c.entries, ctxEntry{})
	}
	c.hashes = append(c.hashes, h)
	e := &c.entries[n]
	e.key = key
	e.hash = h
	e.values = append(e.values[:0], values...)
	if e.values == nil {
		e.values = []string{} // present: Get returns a non-nil slice
	}
	switch {
	case c.indexed:
		c.byKey[string(folded)] = int32(n)
	case n+1 > indexMin:
		c.buildIndex()
	}
}

// buildIndex indexes every key of c by its folded form.
func (c *Context) buildIndex() {
	if c.byKey == nil {
		c.byKey = make(map[string]int32, 2*len(c.entries))
	}
	var buf []byte
	for i := range c.entries {
		buf = appendFoldKey(buf[:0], c.entries[i].key)
		c.byKey[string(buf)] = int32(i)
	}
	c.indexed = true
}

// Get returns the values of key, looked up case-insensitively in c and then
// in its parents, and whether the key is present (the slice is non-nil,
// possibly empty, when it is). The returned slice belongs to the Context and
// must not be modified. Get does not allocate.
func (c *Context) Get(key string) ([]string, bool) {
	return c.lookup(foldHash(key), key)
}

// Delete removes key from c (not from its parents: a key deleted here is
// still found in a parent that holds it).
func (c *Context) Delete(key string) {
	if c == nil {
		return
	}
	i := c.index(foldHash(key), key)
	if i < 0 {
		return
	}
	last := len(c.entries) - 1
	if c.indexed {
		// The entries after i move down one place.
		var buf [64]byte
		delete(c.byKey, string(appendFoldKey(buf[:0], key)))
		for k, j := range c.byKey {
			if j > int32(i) {
				c.byKey[k] = j - 1
			}
		}
	}
	// Keep order stable and move the freed slot (with its capacity) to the
	// end so that Set can reuse it.
	freed := c.entries[i]
	copy(c.entries[i:], c.entries[i+1:])
	copy(c.hashes[i:], c.hashes[i+1:])
	c.hashes = c.hashes[:last]
	freed.values = freed.values[:0]
	freed.key = ""
	c.entries[last] = freed
	c.entries = c.entries[:last]
}

// Reset removes every key from c, keeping its capacity. The parent is kept.
func (c *Context) Reset() {
	if c == nil {
		return
	}
	for i := range c.entries {
		c.entries[i].key = ""
		c.entries[i].values = c.entries[i].values[:0]
	}
	c.entries = c.entries[:0]
	c.hashes = c.hashes[:0]
	if c.indexed {
		clear(c.byKey)
		c.indexed = false
	}
}

// Len returns the number of keys set on c itself (parents not counted).
func (c *Context) Len() int {
	if c == nil {
		return 0
	}
	return len(c.entries)
}

// Keys returns the names of every key visible through c (its own and its
// parents', a key shadowed by a child listed once with the child's
// spelling), sorted case-insensitively. It allocates; it is meant for
// traces.
func (c *Context) Keys() []string {
	var keys []string
	depth := 0
	for x := c; x != nil && depth < maxContextDepth; x, depth = x.Parent, depth+1 {
		for i := range x.entries {
			if e := &x.entries[i]; !c.shadowed(depth, e) {
				keys = append(keys, e.key)
			}
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if c := compareFold(keys[i], keys[j]); c != 0 {
			return c < 0
		}
		return keys[i] < keys[j]
	})
	return keys
}

// shadowed reports whether one of the depth layers nearest c (c itself,
// its parent, ...) holds e's key: e belongs to the layer at depth and is
// hidden by them.
func (c *Context) shadowed(depth int, e *ctxEntry) bool {
	x := c
	for d := 0; d < depth; d, x = d+1, x.Parent {
		if x.index(e.hash, e.key) >= 0 {
			return true
		}
	}
	return false
}

// index returns the position of key in c's own entries, or -1.
func (c *Context) index(h uint32, key string) int {
	if c.indexed {
		var buf [64]byte
		return c.indexed1(appendFoldKey(buf[:0], key))
	}
	return c.scan(h, key)
}

// indexed1 looks up a folded key in an indexed Context.
func (c *Context) indexed1(folded []byte) int {
	if i, ok := c.byKey[string(folded)]; ok {
		return int(i)
	}
	return -1
}

// scan looks for key among c's hashes.
func (c *Context) scan(h uint32, key string) int {
	for i, eh := range c.hashes {
		if eh == h {
			if k := c.entries[i].key; k == key || strings.EqualFold(k, key) {
				return i
			}
		}
	}
	return -1
}

// lookup finds a key by its fold hash and name in c and its parents. The
// folded key for indexed layers is computed once, on the first one met.
func (c *Context) lookup(h uint32, key string) ([]string, bool) {
	var buf [64]byte
	var folded []byte
	depth := 0
	for x := c; x != nil && depth < maxContextDepth; x, depth = x.Parent, depth+1 {
		var i int
		if x.indexed {
			if folded == nil {
				folded = appendFoldKey(buf[:0], key)
			}
			i = x.indexed1(folded)
		} else {
			i = x.scan(h, key)
		}
		if i >= 0 {
			return x.entries[i].values, true
		}
	}
	return nil, false
}

// appendFoldKey appends to dst the folded form of key: every rune replaced
// by the smallest rune of its simple-folding orbit, ASCII letters then
// lower-cased, and invalid UTF-8 bytes by U+FFFD. Two keys have the same
// folded form exactly when strings.EqualFold reports them equal.
func appendFoldKey(dst []byte, key string) []byte {
	for i := 0; i < len(key); {
		if c := key[i]; c < utf8.RuneSelf {
			dst = append(dst, lowerASCII(c))
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(key[i:])
		i += n
		if r = canonicalFold(r); r < utf8.RuneSelf {
			dst = append(dst, lowerASCII(byte(r)))
			continue
		}
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// compareFold orders two keys as their lower-cased forms would be ordered
// (ASCII folding, byte order otherwise), without allocating.
func compareFold(a, b string) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// KeyValues is one condition key of a Context and its values.
type KeyValues struct {
	Key    string
	Values []string
}

// AppendAll appends every key visible in c (its own and its parents', the
// nearest layer winning) with a copy of its values to dst, sorted by key
// case-insensitively, and returns the extended slice. It is the cheap way to
// snapshot a layered context.
func (c *Context) AppendAll(dst []KeyValues) []KeyValues {
	start := len(dst)
	nvals := 0
	depth := 0
	for x := c; x != nil && depth < maxContextDepth; x, depth = x.Parent, depth+1 {
		for i := range x.entries {
			if e := &x.entries[i]; !c.shadowed(depth, e) {
				dst = append(dst, KeyValues{Key: e.key, Values: e.values})
				nvals += len(e.values)
			}
		}
	}
	// Copy the values into one array: the context may be reused.
	vals := make([]string, 0, nvals)
	for i := start; i < len(dst); i++ {
		from := len(vals)
		vals = append(vals, dst[i].Values...)
		dst[i].Values = vals[from:len(vals):len(vals)]
	}
	added := dst[start:]
	sort.Slice(added, func(i, j int) bool {
		if c := compareFold(added[i].Key, added[j].Key); c != 0 {
			return c < 0
		}
		return added[i].Key < added[j].Key
	})
	return dst
}
