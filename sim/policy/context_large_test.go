package policy

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// refContext is the obvious model of one Context layer: a list of keys,
// searched with strings.EqualFold.
type refContext struct {
	keys []string
	vals [][]string
}

func (r *refContext) find(key string) int {
	for i, k := range r.keys {
		if strings.EqualFold(k, key) {
			return i
		}
	}
	return -1
}

func (r *refContext) set(key string, vals []string) {
	v := append([]string{}, vals...)
	if i := r.find(key); i >= 0 {
		r.keys[i], r.vals[i] = key, v
		return
	}
	r.keys = append(r.keys, key)
	r.vals = append(r.vals, v)
}

func (r *refContext) del(key string) {
	if i := r.find(key); i >= 0 {
		r.keys = append(r.keys[:i], r.keys[i+1:]...)
		r.vals = append(r.vals[:i], r.vals[i+1:]...)
	}
}

// refLookup looks key up in layers, nearest first.
func refLookup(layers []*refContext, key string) ([]string, bool) {
	for _, l := range layers {
		if i := l.find(key); i >= 0 {
			return l.vals[i], true
		}
	}
	return nil, false
}

// refAll lists every visible key and its values, sorted as AppendAll sorts.
func refAll(layers []*refContext) []KeyValues {
	var out []KeyValues
	for d, l := range layers {
	keys:
		for i, k := range l.keys {
			for _, nearer := range layers[:d] {
				if nearer.find(k) >= 0 {
					continue keys
				}
			}
			out = append(out, KeyValues{Key: k, Values: l.vals[i]})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if c := compareFold(out[i].Key, out[j].Key); c != 0 {
			return c < 0
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// spellings of one key: case variants, and the Unicode ones simple folding
// equates (Kelvin sign for k, long s for s, Ä/ä).
func spell(rng *rand.Rand, n int) string {
	base := "aws:PrincipalTag/k" + strconv.Itoa(n) + "s\u00e4"
	var b strings.Builder
	for _, r := range base {
		switch {
		case r == 'k' && rng.IntN(4) == 0:
			b.WriteRune('\u212a')
		case r == 's' && rng.IntN(4) == 0:
			b.WriteRune('\u017f')
		case r == '\u00e4' && rng.IntN(2) == 0:
			b.WriteRune('\u00c4')
		case rng.IntN(2) == 0:
			b.WriteString(strings.ToUpper(string(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestContextLargeAgreesWithModel drives a two-layer Context through
// random Set, Delete, Get and Reset calls on either side of the index
// threshold and checks every answer against the model.
func TestContextLargeAgreesWithModel(t *testing.T) {
	for _, size := range []int{indexMin / 2, indexMin, indexMin + 1, 4 * indexMin, 1000} {
		t.Run("keys="+strconv.Itoa(size), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(size), 9))
			parent, child := &Context{}, &Context{}
			child.Parent = parent
			ref := []*refContext{{}, {}} // child, parent
			ctxs := []*Context{child, parent}
			checks := 0
			for op := 0; op < min(20*size, 5000); op++ {
				layer := rng.IntN(2)
				key := spell(rng, rng.IntN(size))
				switch k := rng.IntN(20); {
				case k < 12:
					vals := []string{strconv.Itoa(op)}
					if k == 0 {
						vals = nil // present, no values
					}
					ctxs[layer].Set(key, vals...)
					ref[layer].set(key, vals)
				case k < 15:
					ctxs[layer].Delete(key)
					ref[layer].del(key)
				case k == 15 && rng.IntN(size) == 0:
					ctxs[layer].Reset()
					*ref[layer] = refContext{}
				default:
					got, ok := child.Get(key)
					want, wantOK := refLookup(ref, key)
					if ok != wantOK || !cmp.Equal(want, got) {
						t.Fatalf("op %d: Get(%q) = %q, %v; want %q, %v", op, key, got, ok, want, wantOK)
					}
					checks++
				}
				if child.Len() != len(ref[0].keys) || parent.Len() != len(ref[1].keys) {
					t.Fatalf("op %d: Len = %d, %d; want %d, %d", op, child.Len(), parent.Len(), len(ref[0].keys), len(ref[1].keys))
				}
			}
			want := refAll(ref)
			if diff := cmp.Diff(want, child.AppendAll(nil)); diff != "" {
				t.Errorf("AppendAll (-want +got):\n%s", diff)
			}
			var wantKeys []string
			for _, kv := range want {
				wantKeys = append(wantKeys, kv.Key)
			}
			if diff := cmp.Diff(wantKeys, child.Keys()); diff != "" {
				t.Errorf("Keys (-want +got):\n%s", diff)
			}
			if checks == 0 {
				t.Fatal("no lookups checked")
			}
		})
	}
}

// TestContextIndexedOnlyWhenLarge: the small-context hot path stays a scan
// that allocates nothing, a large one is indexed, and a large Context
// reset and reused small is a scan again.
func TestContextIndexedOnlyWhenLarge(t *testing.T) {
	c := &Context{}
	for i := 0; i < indexMin; i++ {
		c.Set("aws:k" + strconv.Itoa(i))
	}
	if c.indexed {
		t.Fatalf("indexed at %d keys, want a scan up to indexMin (%d)", c.Len(), indexMin)
	}
	c.Set("aws:one-more")
	if !c.indexed {
		t.Fatalf("not indexed at %d keys", c.Len())
	}
	allocs := testing.AllocsPerRun(100, func() {
		if v, ok := c.Get("AWS:K7"); !ok || len(v) != 0 {
			t.Fatal("aws:k7 missing")
		}
		if _, ok := c.Get("aws:absent"); ok {
			t.Fatal("aws:absent found")
		}
	})
	if allocs != 0 {
		t.Errorf("Get on an indexed Context allocates %v times", allocs)
	}
	allocs = testing.AllocsPerRun(100, func() {
		c.Reset()
		c.Set("aws:username", "alice")
		c.Set("aws:SourceIp", "10.0.0.1")
	})
	if allocs != 0 || c.indexed {
		t.Errorf("Reset+Set of a formerly large Context: %v allocations, indexed %v; want 0, false", allocs, c.indexed)
	}
	if v, ok := c.Get("aws:sourceip"); !ok || v[0] != "10.0.0.1" {
		t.Errorf("after reuse: %q %v", v, ok)
	}
	if _, ok := c.Get("aws:k7"); ok {
		t.Error("Reset left an indexed key")
	}
}

// TestContextHostileSize sets the 160,000 keys of the robustness review's
// call.context (25 s when every Set scanned the keys before it) and reads
// each back through a child layer; AppendAll lists them once each.
func TestContextHostileSize(t *testing.T) {
	const n = 160_000
	c := &Context{}
	for i := 0; i < n; i++ {
		c.Set("s3:k"+strconv.Itoa(i), "v")
	}
	c.Set("S3:K0", "again") // replaces, case-insensitively
	child := &Context{Parent: c}
	child.Set("s3:K1", "child")
	for i := 0; i < n; i++ {
		if _, ok := child.Get("S3:k" + strconv.Itoa(i)); !ok {
			t.Fatalf("s3:k%d missing", i)
		}
	}
	all := child.AppendAll(nil)
	if len(all) != n {
		t.Fatalf("AppendAll lists %d keys, want %d", len(all), n)
	}
	if v, _ := child.Get("s3:k0"); v[0] != "again" {
		t.Errorf("s3:k0 = %q", v)
	}
	if v, _ := child.Get("s3:k1"); v[0] != "child" {
		t.Errorf("s3:k1 = %q", v)
	}
}

func TestAppendFoldKeyAgreesWithEqualFold(t *testing.T) {
	pairs := [][2]string{
		{"aws:SourceIp", "AWS:SOURCEIP"},
		{"k", "\u212a"},
		{"s", "\u017f"},
		{"Straße", "STRASSE"},
		{"ǅ", "ǆ"},
		{"\xff", "\xfe"},
		{"\xff", "\ufffd"},
		{"a", "b"},
		{"ab", "a"},
		{"Σ", "ς"},
		{"@", "`"},
	}
	for _, p := range pairs {
		eq := strings.EqualFold(p[0], p[1])
		a, b := string(appendFoldKey(nil, p[0])), string(appendFoldKey(nil, p[1]))
		if (a == b) != eq {
			t.Errorf("appendFoldKey(%q) = %q, appendFoldKey(%q) = %q; EqualFold says %v", p[0], a, p[1], b, eq)
		}
	}
}

// BenchmarkContextSet fills a Context with n keys and looks each up; ns/key
// must stay flat as n grows (it grew linearly with n when Set scanned).
func BenchmarkContextSet(b *testing.B) {
	for _, n := range []int{10, 1_000, 100_000} {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = "aws:PrincipalTag/k" + strconv.Itoa(i)
		}
		b.Run("keys="+strconv.Itoa(n), func(b *testing.B) {
			c := &Context{}
			b.ReportAllocs()
			for b.Loop() {
				c.Reset()
				for _, k := range keys {
					c.Set(k, "v")
				}
				for _, k := range keys {
					if _, ok := c.Get(k); !ok {
						b.Fatal("missing")
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/key")
		})
	}
}
