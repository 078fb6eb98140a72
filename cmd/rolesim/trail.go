package main

import (
	"bytes"
	"strconv"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trail"
)

// trailWriter gathers the CloudTrail records of a run's scenarios
// (--trail) as JSON Lines, in the order they are added.
type trailWriter struct {
	lines bytes.Buffer
	// names counts the scenarios of each name added so far: the ids of the
	// second scenario of a name are derived from "NAME#2", and so on, so
	// that no two records of the file share an eventID.
	names map[string]int
}

// add appends a run's records.
func (t *trailWriter) add(rep *sim.Report) error {
	if t.names == nil {
		t.names = map[string]int{}
	}
	name := rep.Scenario.Name
	t.names[name]++
	seed := name
	if n := t.names[name]; n > 1 {
		seed += "#" + strconv.Itoa(n)
	}
	recs, err := trail.Seeded(rep, seed)
	if err != nil {
		return err
	}
	return trail.Write(&t.lines, recs)
}
