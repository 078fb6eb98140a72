package main

import (
	"sync"

	"github.com/rolesim/rolesim/sim"
)

// outcome is one scenario's run: its report, or the error that stopped it.
type outcome struct {
	report *sim.Report
	err    error
}

// runScenarios runs the scenarios with up to workers at a time and returns
// their outcomes in the scenarios' order, whatever the number of workers:
// scenarios share nothing, and each result lands in its own slot. done is
// called after each scenario finishes, from the calling goroutine only,
// with the number finished so far, the scenario's index and its outcome.
func runScenarios(scs []loaded, workers int, done func(finished, index int, o outcome)) []outcome {
	out := make([]outcome, len(scs))
	if workers < 1 {
		workers = 1
	}
	workers = min(workers, len(scs))
	jobs := make(chan int)
	finished := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				rep, err := sim.Run(scs[i].sc)
				out[i] = outcome{report: rep, err: err}
				finished <- i
			}
		}()
	}
	go func() {
		for i := range scs {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(finished)
	}()
	n := 0
	for i := range finished {
		n++
		if done != nil {
			done(n, i, out[i])
		}
	}
	return out
}
