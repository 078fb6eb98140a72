package sim

import (
	"strconv"
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

// BenchmarkCallContextKeys sends one API call whose request context has n
// extra keys (the robustness review's call.context had 160,000 and took
// 25 s when every key was set by scanning the ones before it). ns/key must
// stay flat as n grows; with tracing on, the snapshot of the context is
// linear too.
func BenchmarkCallContextKeys(b *testing.B) {
	sc, err := scenario.Parse("s.yaml", []byte(`name: ctx
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          P: {Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*", Condition: {StringEquals: {s3:k7: v}}}}
`))
	if err != nil {
		b.Fatal(err)
	}
	w, err := NewWorld(sc)
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{100, 10_000, 100_000} {
		ctx := make(map[string][]string, n)
		for i := 0; i < n; i++ {
			ctx["s3:k"+strconv.Itoa(i)] = []string{"v"}
		}
		for _, trace := range []bool{false, true} {
			b.Run("keys="+strconv.Itoa(n)+"/trace="+strconv.FormatBool(trace), func(b *testing.B) {
				s := New(w, NewFakeClock(sc.Start))
				alice, err := s.UserCredentials("arn:aws:iam::111111111111:user/alice")
				if err != nil {
					b.Fatal(err)
				}
				in := &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: ctx, Trace: trace}
				for b.Loop() {
					if _, err := s.Call(alice, in); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/key")
			})
		}
	}
}
