package gen_test

import (
	"fmt"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/gen"
)

func TestWorld(t *testing.T) {
	tests := []struct {
		name string
		o    gen.Options
	}{
		{"defaults", gen.Options{Seed: 1}},
		{"org", gen.Options{Seed: 2, Org: true}},
		{"steps", gen.Options{Seed: 3, Steps: true}},
		{"wide", gen.Options{Seed: 4, Accounts: 40, UsersPer: 3, RolesPer: 25, Org: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := gen.World(tt.o)
			if again := gen.World(tt.o); again != src {
				t.Fatal("the same options gave two worlds")
			}
			if other := gen.World(gen.Options{Seed: tt.o.Seed + 100, Accounts: tt.o.Accounts, UsersPer: tt.o.UsersPer, RolesPer: tt.o.RolesPer, Org: tt.o.Org, Steps: tt.o.Steps}); other == src {
				t.Error("another seed gave the same world")
			}
			sc, err := scenario.Parse("gen.yaml", []byte(src))
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			w, err := sim.NewWorld(sc)
			if err != nil {
				t.Fatal(err)
			}
			o := tt.o
			if o.Accounts == 0 {
				o.Accounts, o.UsersPer, o.RolesPer = 3, 2, 3
			}
			var users, roles int
			for _, a := range w.Accounts {
				users += len(a.Users)
				roles += len(a.Roles)
			}
			if len(w.Accounts) != o.Accounts || users != o.Accounts*o.UsersPer || roles != o.Accounts*o.RolesPer {
				t.Errorf("%d accounts, %d users, %d roles; want %d, %d, %d", len(w.Accounts), users, roles, o.Accounts, o.Accounts*o.UsersPer, o.Accounts*o.RolesPer)
			}
			if o.Org != (len(w.Orgs) > 0) {
				t.Errorf("Org %v, %d organizations", o.Org, len(w.Orgs))
			}
			if tt.o.Steps != (len(sc.Steps) > 0) {
				t.Errorf("Steps %v, %d steps", tt.o.Steps, len(sc.Steps))
			}
		})
	}
}

// BenchmarkWorld100k generates and loads a world of 100,000 roles (1,000
// accounts of 100), as `rolesim gen` and the analysis benchmarks do.
func BenchmarkWorld100k(b *testing.B) {
	o := gen.Options{Seed: 1, Accounts: 1000, UsersPer: 2, RolesPer: 100, Org: true}
	for i := 0; i < b.N; i++ {
		sc, err := scenario.Parse(fmt.Sprintf("gen-%d.yaml", i), []byte(gen.World(o)))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sim.NewWorld(sc); err != nil {
			b.Fatal(err)
		}
	}
}
