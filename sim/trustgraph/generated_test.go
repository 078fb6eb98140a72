package trustgraph_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/gen"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// TestGeneratedWorldsAgree runs the differential test on generated worlds
// (sim/gen): accounts (half of them in an organization under an SCP),
// users with and without tags and identity policies, roles whose trust
// policies name users, roles, accounts or everyone, with and without
// conditions, and a timeline that tries every user on every role (with and
// without an external id) and chains from the first hops.
func TestGeneratedWorldsAgree(t *testing.T) {
	var n agreement
	for seed := uint64(1); seed <= 40; seed++ {
		src := gen.World(gen.Options{Seed: seed, Org: seed%2 == 0, Steps: true})
		sc, err := scenario.Parse(fmt.Sprintf("gen-%d.yaml", seed), []byte(src))
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, src)
		}
		n.add(checkAgreement(t, fmt.Sprintf("seed %d", seed), sc))
	}
	t.Logf("%d decisions compared with the core (%d allowed), %d with the graph, %d skipped", n.compared, n.allowed, n.edges, n.skipped)
	if n.compared < 2000 || n.edges < 2000 || n.allowed < n.compared/20 || n.allowed > n.compared*9/10 {
		t.Fatalf("only %d decisions (%d allowed) and %d edges compared: the generator has lost its mix", n.compared, n.allowed, n.edges)
	}
}

// TestBuildWorkersAgree builds generated worlds on one goroutine and on
// several: the decisions run in parallel, and the graph must not depend on
// how many.
func TestBuildWorkersAgree(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		_, w := genWorld(t, gen.Options{Seed: seed, Accounts: 6, RolesPer: 8, Org: seed%2 == 0})
		render := func(procs int) string {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			g := trustgraph.Build(w, "gen")
			var b strings.Builder
			for _, e := range g.Edges {
				fmt.Fprintf(&b, "%d>%d %q %q %v %v\n", e.From, e.To, e.Conditions, e.Denials, e.MaxSession, e.Chained)
			}
			return g.DOT() + b.String()
		}
		one := render(1)
		if len(one) == 0 || !strings.Contains(one, ">") {
			t.Fatalf("seed %d: no edges", seed)
		}
		for _, procs := range []int{2, 4, 8} {
			if got := render(procs); got != one {
				t.Errorf("seed %d: the graph built on %d goroutines differs from the one built on one", seed, procs)
			}
		}
	}
}

// BenchmarkBuildGenerated builds the trust graph of generated worlds
// (sim/gen, in an organization) of 1,000 and 10,000 roles: 20 and 200
// accounts of 50 roles and 2 users, the shape the analysis's figures use.
func BenchmarkBuildGenerated(b *testing.B) {
	for _, size := range []struct {
		name     string
		accounts int
	}{{"1k", 20}, {"10k", 200}} {
		b.Run(size.name, func(b *testing.B) {
			_, w := genWorld(b, gen.Options{Seed: 1, Accounts: size.accounts, UsersPer: 2, RolesPer: 50, Org: true})
			b.ReportAllocs()
			edges := 0
			for b.Loop() {
				edges = len(trustgraph.Build(w, "gen").Edges)
			}
			b.ReportMetric(float64(edges), "edges")
		})
	}
}

// genWorld generates, loads (in parts when it is large) and builds a
// world.
func genWorld(tb testing.TB, o gen.Options) (*scenario.Scenario, *sim.World) {
	tb.Helper()
	sc, err := scenario.LoadFS(gen.FS(o, "gen.yaml"), "gen.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return sc, w
}
