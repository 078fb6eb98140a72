package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/replay"
)

// emitted is one replay scenario to write, or a route that cannot be
// replayed (hops nil, why set).
type emitted struct {
	claim string
	hops  []replay.Hop
	why   string
}

// emitScenarios writes DIR/worlds/world.yaml (the scenario's world without
// its steps; `rolesim run DIR` skips worlds/ directories, which hold files
// for include:), one scenario per replayable claim (prefix-0001.yaml, ...), and
// DIR/index.txt listing each file's claim and each claim that is not
// replayed, with the reason. It reports on stderr what it wrote.
func (a *app) emitScenarios(dir, prefix string, r *ranScenario, items []emitted) int {
	if err := os.MkdirAll(filepath.Join(dir, "worlds"), 0o755); err != nil {
		fmt.Fprintf(a.stderr, "rolesim: --emit-scenario: %v\n", err)
		return exitBadInput
	}
	srcDir, outDir := filepath.Dir(r.name), filepath.Join(dir, "worlds")
	if abs, err := filepath.Abs(srcDir); err == nil {
		srcDir = abs
	}
	if abs, err := filepath.Abs(outDir); err == nil {
		outDir = abs
	}
	world, err := replay.World(r.source, srcDir, outDir)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: --emit-scenario: %s: %v\n", r.name, err)
		return exitBadInput
	}
	if err := os.WriteFile(filepath.Join(dir, "worlds", "world.yaml"), world, 0o644); err != nil {
		fmt.Fprintf(a.stderr, "rolesim: --emit-scenario: %v\n", err)
		return exitBadInput
	}
	var index strings.Builder
	index.WriteString("# Scenarios that replay " + r.name + "'s analysis; run them with: rolesim run " + dir + "\n")
	n, skipped := 0, 0
	for _, it := range items {
		if it.hops == nil {
			skipped++
			index.WriteString("not replayed: " + it.claim + ": " + it.why + "\n")
			continue
		}
		n++
		file := prefix + "-" + fmt.Sprintf("%04d", n) + ".yaml"
		text := replay.Scenario(prefix+"-"+strconv.Itoa(n), "Replays: "+it.claim, "worlds/world.yaml", it.hops)
		if err := os.WriteFile(filepath.Join(dir, file), text, 0o644); err != nil {
			fmt.Fprintf(a.stderr, "rolesim: --emit-scenario: %v\n", err)
			return exitBadInput
		}
		index.WriteString(file + ": " + it.claim + "\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "index.txt"), []byte(index.String()), 0o644); err != nil {
		fmt.Fprintf(a.stderr, "rolesim: --emit-scenario: %v\n", err)
		return exitBadInput
	}
	fmt.Fprintf(a.stderr, "rolesim: wrote %d replay scenario(s) to %s (%d not replayable, listed in %s)\n", n, dir, skipped, filepath.Join(dir, "index.txt"))
	return exitOK
}

// maxEmitted is the most replay scenarios --emit-scenario writes: one file
// per route, and a large world has millions of routes.
const maxEmitted = 10000

// errTooManyRoutes refuses an --emit-scenario selection of more routes than
// maxEmitted.
var errTooManyRoutes = fmt.Errorf("--emit-scenario writes one scenario per route, at most %d: the selection has more routes; narrow it with --from or --to", maxEmitted)

// routeItems are the replays of the routes a reach report lists; more
// than maxEmitted of them is errTooManyRoutes.
func routeItems(an *reach.Analysis, from, to []int) ([]emitted, error) {
	srcs := from
	if len(srcs) == 0 {
		srcs = an.Sources()
	}
	want := map[int]bool{}
	for _, n := range to {
		want[n] = true
	}
	var out []emitted
	for _, src := range srcs {
		r := an.From(src)
		for i, h := range r.Hits {
			if len(want) > 0 && !want[int(h.Role)] {
				continue
			}
			if len(out) == maxEmitted {
				return nil, errTooManyRoutes
			}
			hops, why := replay.Plan(an, r, i)
			out = append(out, emitted{claim: replay.Claim(an, r, i), hops: hops, why: why})
		}
	}
	return out, nil
}

// cycleItems are the replays of every juggling cycle: three laps each.
func cycleItems(an *reach.Analysis) []emitted {
	var out []emitted
	for _, c := range an.Juggling() {
		names := make([]string, len(c.Roles))
		for i, n := range c.Roles {
			names[i] = an.Name(n)
		}
		hops, why := replay.PlanCycle(an, c, 3)
		out = append(out, emitted{claim: "three laps of the juggling cycle " + strings.Join(names, ", "), hops: hops, why: why})
	}
	return out
}
