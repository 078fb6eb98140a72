package reach_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/rolesim/rolesim/sim/gen"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// TestHubsChangeNothing checks that skipping the edges into hubs once a
// search has found them all gives the same hits, in the same order, with
// the same witnesses, as searching every edge: on generated worlds in an
// organization, whose org-wide roles are hubs. It also checks that the
// hits come nearest first, with Hops counting each witness path.
func TestHubsChangeNothing(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			w := genWorld(t, gen.Options{Seed: seed, Accounts: 12, UsersPer: 2, RolesPer: 30, Org: true})
			g := trustgraph.Build(w, "gen")
			fast, slow := reach.New(g), reach.New(g)
			if fast.Hubs() == 0 {
				t.Fatal("the world has no hub: the test checks nothing")
			}
			slow.WithoutHubs()
			got, want := fast.All(), slow.All()
			if len(got) != len(want) {
				t.Fatalf("%d sources, want %d", len(got), len(want))
			}
			hits := 0
			for i := range got {
				if !slices.Equal(got[i].Hits, want[i].Hits) {
					t.Fatalf("source %s: hits differ with hubs", fast.Name(got[i].Source))
				}
				hits += len(got[i].Hits)
				// Nearest first: a hit's path is one hop longer than its
				// previous hit's, and never shorter than an earlier hit's.
				r := got[i]
				last := 1
				for k, h := range r.Hits {
					n := r.Hops(k)
					want := 1
					if h.Prev >= 0 {
						want = r.Hops(int(h.Prev)) + 1
					}
					if n != want || n < last || len(r.Path(k)) != n {
						t.Fatalf("source %s, hit %d: %d hops (previous hit's + 1: %d, earlier: %d)", fast.Name(r.Source), k, n, want, last)
					}
					last = n
				}
			}
			if hits == 0 {
				t.Fatal("no hits")
			}
		})
	}
}
