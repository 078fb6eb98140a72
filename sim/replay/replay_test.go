package replay_test

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

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

// replayCycles replays three laps of every role-juggling cycle of a world
// that an IAM user can enter, and requires every hop to pass.
func replayCycles(t *testing.T, name string, src []byte) (replayed, skipped int) {
	t.Helper()
	sc, err := scenario.Parse(name, src)
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	a := reach.New(trustgraph.Build(w, name))
	world, err := replay.World(src, ".", ".")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range a.Juggling() {
		hops, why := replay.PlanCycle(a, c, 3)
		if hops == nil || len(c.Denials) > 0 {
			if hops == nil && why == "" {
				t.Fatalf("%s: no hops and no reason", name)
			}
			skipped++
			continue
		}
		text := replay.Scenario("juggling", "three laps of a cycle", "world.yaml", hops)
		rsc, err := scenario.LoadFS(fstest.MapFS{"world.yaml": {Data: world}, "j.yaml": {Data: text}}, "j.yaml")
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, text)
		}
		rep, err := sim.Run(rsc)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Passed() {
			for _, st := range rep.Steps {
				if !st.Pass {
					t.Errorf("%s: the analysis reports a juggling cycle, but the simulator refuses step %s: %s\n%s", name, st.Step.ID, strings.Join(st.Problems, "; "), text)
					break
				}
			}
			continue
		}
		if last := rep.Steps[len(rep.Steps)-1]; last.At.Sub(rep.Steps[0].At) <= time.Hour {
			t.Errorf("%s: three laps last only %v: not past the chaining cap", name, last.At.Sub(rep.Steps[0].At))
		}
		replayed++
	}
	return replayed, skipped
}

// TestReplayCycles keeps every juggling cycle the analysis reports (in
// generated worlds and the examples) alive on the simulator past the
// one-hour chaining cap.
func TestReplayCycles(t *testing.T) {
	var replayed, skipped int
	for seed := uint64(1); seed <= 60; seed++ {
		r, s := replayCycles(t, "gen", []byte(gen.World(gen.Options{Seed: seed, Org: seed%2 == 0})))
		replayed += r
		skipped += s
	}
	for _, name := range examples.Names() {
		src, err := fs.ReadFile(examples.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		r, s := replayCycles(t, name, src)
		replayed += r
		skipped += s
	}
	t.Logf("%d cycles kept alive on the simulator, %d not replayable", replayed, skipped)
	if replayed < 10 {
		t.Fatalf("only %d cycles replayed", replayed)
	}
}
