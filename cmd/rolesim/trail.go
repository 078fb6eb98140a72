package main

import (
	"bytes"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trail"
)

// appendTrail appends a run's CloudTrail records (--trail) to b as JSON
// Lines.
func appendTrail(b *bytes.Buffer, rep *sim.Report) error {
	recs, err := trail.Records(rep)
	if err != nil {
		return err
	}
	return trail.Write(b, recs)
}
