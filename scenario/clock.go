package scenario

import (
	"time"

	"gopkg.in/yaml.v3"
)

// MinTime and MaxTime bound the fake clock: the instants RFC 3339 writes
// with a four-digit year, so that aws:CurrentTime always parses and Date
// conditions keep applying. A scenario's start and every step that moves
// the clock (advance, repeat over) must keep it within them.
var (
	MinTime = time.Date(0, time.January, 1, 0, 0, 0, 0, time.UTC)
	MaxTime = time.Date(9999, time.December, 31, 23, 59, 59, 0, time.UTC)
)

// clockOutOfRange reports, at n, a clock setting that would put the fake
// clock at t outside MinTime..MaxTime; what describes the setting
// ("advance: 90m"). It tells whether it reported.
func (l *loader) clockOutOfRange(n *yaml.Node, what string, t time.Time) bool {
	switch {
	case t.After(MaxTime):
		l.errf(n, "%s moves the fake clock to %s, past %s, the latest time aws:CurrentTime can express", what, t.UTC().Format(time.RFC3339Nano), MaxTime.Format(time.RFC3339))
	case t.Before(MinTime):
		l.errf(n, "%s puts the fake clock at %s, before %s, the earliest time aws:CurrentTime can express", what, t.UTC().Format(time.RFC3339Nano), MinTime.Format(time.RFC3339))
	default:
		return false
	}
	return true
}
