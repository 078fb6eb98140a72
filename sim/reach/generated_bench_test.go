package reach_test

import (
	"runtime"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/gen"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// BenchmarkReachGenerated measures the whole analysis of generated worlds
// (sim/gen, in an organization: same-account, partner-account,
// account-root, org-wide, OIDC and service trusts, users in groups) end to
// end from a loaded world: the trust graph, every principal's search
// (New and All) and the juggling cycles. 1k and 10k roles are 20 and 200
// accounts of 50 roles; 50k and 100k are 2,500 and 5,000 accounts of 20
// roles; every account has 2 users.
func BenchmarkReachGenerated(b *testing.B) {
	for _, size := range []struct {
		name            string
		accounts, roles int
	}{{"1k", 20, 50}, {"10k", 200, 50}, {"50k", 2500, 20}, {"100k", 5000, 20}} {
		b.Run(size.name, func(b *testing.B) {
			w := genWorld(b, gen.Options{Seed: 1, Accounts: size.accounts, UsersPer: 2, RolesPer: size.roles, Org: true})
			b.ReportAllocs()
			var edges, pairs, cycles int
			var all []*reach.Reach
			for b.Loop() {
				g := trustgraph.Build(w, "gen")
				a := reach.New(g)
				all = a.All()
				pairs = 0
				for _, r := range all {
					pairs += len(r.Hits)
				}
				edges, cycles = len(g.Edges), len(a.CycleRoles())
			}
			b.ReportMetric(float64(edges), "edges")
			b.ReportMetric(float64(pairs), "pairs")
			b.ReportMetric(float64(cycles), "cycles")
			// What the world and the last analysis (graph, indexes, every
			// source's hits) hold once built, and the most heap the process
			// has had (the loading's included).
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			runtime.KeepAlive(all)
			runtime.KeepAlive(w)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-MiB")
			b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heap-sys-MiB")
		})
	}
}

// genWorld generates, loads (in parts when it is large) and builds a
// world.
func genWorld(tb testing.TB, o gen.Options) *sim.World {
	tb.Helper()
	sc, err := scenario.LoadFS(gen.FS(o, "gen.yaml"), "gen.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}
