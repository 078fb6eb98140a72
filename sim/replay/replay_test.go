package replay_test

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/gen"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/replay"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// replayAll replays every replayable route of a world and requires the
// simulator to pass every step: each hop allowed, the last one for the
// longest session the analysis claims. Routes with a Deny that may apply
// are replayed too but only counted.
func replayAll(t *testing.T, name string, src []byte) (replayed, skipped int) {
	t.Helper()
	sc, err := scenario.Parse(name, src)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	a := reach.New(trustgraph.Build(w, name))
	world, err := replay.World(src, ".", ".")
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, r := range a.All() {
		for i := range r.Hits {
			hops, why := replay.Plan(a, r, i)
			if hops == nil {
				if why == "" {
					t.Fatalf("%s: no hops and no reason", name)
				}
				skipped++
				continue
			}
			claim := replay.Claim(a, r, i)
			text := replay.Scenario("replay", claim, "world.yaml", hops)
			fsys := fstest.MapFS{"world.yaml": {Data: world}, "replay.yaml": {Data: text}}
			rsc, err := scenario.LoadFS(fsys, "replay.yaml")
			if err != nil {
				t.Fatalf("%s: the replay of %s does not load: %v\n%s", name, claim, err, text)
			}
			rep, err := sim.Run(rsc)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Denials(i)) > 0 {
				skipped++
				continue
			}
			if !rep.Passed() {
				for _, st := range rep.Steps {
					if !st.Pass {
						t.Errorf("%s: the analysis claims %s, but the simulator refuses step %s: %s\n%s", name, claim, st.Step.ID, strings.Join(st.Problems, "; "), text)
						break
					}
				}
				continue
			}
			replayed++
		}
	}
	return replayed, skipped
}

// TestReplayGeneratedWorlds is the analysis's differential test: every
// route reach reports in generated worlds, replayed on the fake clock,
// passes the simulator.
func TestReplayGeneratedWorlds(t *testing.T) {
	var replayed, skipped int
	for seed := uint64(1); seed <= 30; seed++ {
		src := gen.World(gen.Options{Seed: seed, Org: seed%2 == 0})
		r, s := replayAll(t, "gen-"+strconv.FormatUint(seed, 10)+".yaml", []byte(src))
		replayed += r
		skipped += s
	}
	t.Logf("%d routes replayed and confirmed, %d not replayable or gated by a Deny", replayed, skipped)
	if replayed < 200 {
		t.Fatalf("only %d routes replayed: the generator or the planner has lost its inputs", replayed)
	}
}

// TestReplayExamples replays the routes of every example's world.
func TestReplayExamples(t *testing.T) {
	var replayed, skipped int
	for _, name := range examples.Names() {
		src, err := fs.ReadFile(examples.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		r, s := replayAll(t, name, src)
		replayed += r
		skipped += s
	}
	t.Logf("%d routes replayed and confirmed, %d not replayable or gated by a Deny", replayed, skipped)
	if replayed < 30 {
		t.Fatalf("only %d routes replayed", replayed)
	}
}
