package sim

import (
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

// BenchmarkThrottledBurst runs a scenario of 1,000 AssumeRole calls at one
// instant under the default 600/s STS quota, world building included. The
// documented model predicts exactly 600 successes and 400 Throttling errors.
func BenchmarkThrottledBurst(b *testing.B) {
	sc, err := scenario.Load("testdata/sts-burst.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Run(sc)
		if err != nil {
			b.Fatal(err)
		}
		got := rep.Steps[0].Actual
		if !rep.Passed() || got.Succeeded != "600" || got.Throttled != "400" {
			b.Fatalf("passed %v, succeeded %s, throttled %s", rep.Passed(), got.Succeeded, got.Throttled)
		}
	}
}
