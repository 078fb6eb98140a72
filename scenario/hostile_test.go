package scenario

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Hostile inputs must cost time linear in their size. The tests below load
// the large documents the robustness review used (they run in well under a
// second because the loader is linear; the quadratic duplicate-key scan
// took 23 s on the 150,000-key one) and check the exact diagnostics; the
// benchmarks show the per-key cost staying flat as the size grows.

// manyKeysDoc returns a scenario whose customer managed policy has a
// Condition block of n keys, s3:k0 to s3:k<n-1>, written as one YAML flow
// map on line 6. For each at -> of in dups, key number at is named s3:k<of>
// instead (a repeat). It also returns the column of every key.
func manyKeysDoc(n int, dups map[int]int) (string, []int) {
	var b strings.Builder
	b.WriteString("name: p\naccounts:\n  - id: \"111111111111\"\n    policies:\n      - name: P\n")
	line := "        document: {Statement: {Effect: Allow, Action: s3:GetObject, Resource: '*', Condition: {StringEquals: {"
	b.WriteString(line)
	col := len(line) + 1
	cols := make([]int, n)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
			col += 2
		}
		name := i
		if of, ok := dups[i]; ok {
			name = of
		}
		cols[i] = col
		key := "s3:k" + strconv.Itoa(name) + ": v"
		b.WriteString(key)
		col += len(key)
	}
	b.WriteString("}}}}\n")
	return b.String(), cols
}

func TestPolicyMapManyKeys(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		n      int
		dups   map[int]int // key index -> the earlier key it repeats
		// want lists the expected duplicates as {at, of}; nil when the
		// document has none.
		want [][2]int
		// wantOther is the diagnostic expected when there is no
		// duplicate (prefix after the position).
		wantOther string
	}{
		{
			name:   "150,000 keys, duplicates before, at and after the switch to an index",
			reason: "small maps scan, larger ones index their keys: both must find the first occurrence",
			n:      150_000,
			dups:   map[int]int{5: 0, 16: 3, 17: 0, 149_999: 20},
			want:   [][2]int{{5, 0}, {16, 3}, {17, 0}, {149_999, 20}},
		},
		{
			name:   "a key three times",
			reason: "each repeat is reported once, against the first occurrence",
			n:      40,
			dups:   map[int]int{2: 1, 3: 1, 30: 1, 31: 1},
			want:   [][2]int{{2, 1}, {3, 1}, {30, 1}, {31, 1}},
		},
		{
			name:   "exactly the scan limit",
			reason: "the key that triggers the index is checked against the keys before it",
			n:      smallMapKeys + 1,
			dups:   map[int]int{smallMapKeys: smallMapKeys - 1},
			want:   [][2]int{{smallMapKeys, smallMapKeys - 1}},
		},
		{
			name:      "150,000 distinct keys",
			reason:    "no duplicate: the document compiles and only its size is over the quota",
			n:         150_000,
			wantOther: "LimitExceeded: Cannot exceed quota for PolicySize: 6144 (policy P is ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, cols := manyKeysDoc(tt.n, tt.dups)
			got := diagLines(t, src)
			if tt.want == nil {
				if len(got) != 1 || !strings.HasPrefix(got[0], "s.yaml:6:19: "+tt.wantOther) {
					t.Fatalf("%s\ngot %d diagnostics, want one starting %q; first: %.200q", tt.reason, len(got), tt.wantOther, got)
				}
				return
			}
			var want []string
			for _, d := range tt.want {
				want = append(want, fmt.Sprintf("s.yaml:6:%d: duplicate key %q in policy document (first at line 6, column %d)",
					cols[d[0]], "s3:k"+strconv.Itoa(d[1]), cols[d[1]]))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// BenchmarkPolicyMapKeys loads a scenario whose policy has a Condition
// block of n keys. The ns/key metric must stay flat from 1,000 to 100,000
// keys (linear loading); a quadratic check grows it a hundredfold.
func BenchmarkPolicyMapKeys(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run("keys="+strconv.Itoa(n), func(b *testing.B) {
			src, _ := manyKeysDoc(n, nil)
			data := []byte(src)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("s.yaml", data); err == nil {
					b.Fatal("want the size quota's diagnostic")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/key")
		})
	}
}
