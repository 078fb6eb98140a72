package main

import (
	"io"
	"strconv"
)

// progress draws a one-line progress indicator on a terminal: the count of
// scenarios finished and the last one's file, redrawn in place ("\r", erase
// line) and erased when done. It writes nothing when off, so that logs and
// pipes never see it.
type progress struct {
	w     io.Writer
	on    bool
	total int
}

// minProgressFiles is how many files a run needs for a progress line.
const minProgressFiles = 2

// newProgress returns a progress line on w, on when w is a terminal and
// the run has at least minProgressFiles files.
func (a *app) newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, on: total >= minProgressFiles && a.isTerminal(w)}
}

// update redraws the line after finished of total scenarios, the last
// being name.
func (p *progress) update(finished int, name string) {
	if !p.on {
		return
	}
	line := "\r\x1b[K[" + strconv.Itoa(finished) + "/" + strconv.Itoa(p.total) + "] " + name
	_, _ = io.WriteString(p.w, line)
}

// clear erases the line.
func (p *progress) clear() {
	if p.on {
		_, _ = io.WriteString(p.w, "\r\x1b[K")
	}
}
