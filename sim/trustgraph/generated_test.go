package trustgraph_test

import (
	"fmt"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/gen"
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
