package access_test

import (
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/access"
	"github.com/rolesim/rolesim/sim/gen"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// BenchmarkWhoCan answers who-can sts:AssumeRole on one role of a
// generated org of 10,000 roles (100 accounts of 100 roles, 2 users each),
// trust graph and analysis built once: a direct decision per principal,
// then every principal's chains.
func BenchmarkWhoCan(b *testing.B) {
	sc, err := scenario.Parse("gen.yaml", []byte(gen.World(gen.Options{Seed: 1, Accounts: 100, UsersPer: 2, RolesPer: 100, Org: true})))
	if err != nil {
		b.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		b.Fatal(err)
	}
	an := reach.New(trustgraph.Build(w, "gen"))
	role := w.Accounts[50].Roles[7].ARN
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := access.New(w, an)
		_ = f.WhoCan("sts:AssumeRole", role)
	}
}
