package scenario

import (
	"math"
	"strconv"
	"time"

	"gopkg.in/yaml.v3"
)

// durationExpected is what a duration-valued key takes, for type errors.
const durationExpected = "seconds (integer) or a duration like 2h"

// duration reads a duration-valued key. It is the one reader of every such
// key (expect.duration, advance, repeat.over, max_session_duration; see
// "Durations" in FORMAT.md), so that all of them take the same forms:
// whole seconds, written as an integer (3600) or a string of digits
// ("3600"), or a Go duration string (90m, 1h30m, 1.5h, 45s). A sign is
// read but a negative value is left for the caller to refuse, with a
// message about what the value means.
func (l *loader) duration(n *yaml.Node, path string) (time.Duration, bool) {
	if n.Kind != yaml.ScalarNode || isNull(n) || n.Tag == "!!bool" || n.Tag == "!!float" && !isSeconds(n.Value) {
		l.typeErr(n, path, durationExpected)
		return 0, false
	}
	if isSeconds(n.Value) {
		secs, err := strconv.ParseInt(n.Value, 10, 64)
		if err != nil || secs > math.MaxInt64/int64(time.Second) || secs < math.MinInt64/int64(time.Second) {
			l.errf(n, "%s: %s seconds is beyond the longest duration, about 292 years", path, n.Value)
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	d, err := time.ParseDuration(n.Value)
	if err != nil {
		l.errf(n, "%s: invalid duration %q: want seconds (3600) or a Go duration (90m, 1h30m)", path, n.Value)
		return 0, false
	}
	return d, true
}

// wholeSeconds reads a duration-valued key that AWS keeps in whole seconds
// (MaxSessionDuration), in the forms duration takes.
func (l *loader) wholeSeconds(n *yaml.Node, path string) (int, bool) {
	d, ok := l.duration(n, path)
	if !ok {
		return 0, false
	}
	if d%time.Second != 0 {
		l.errf(n, "%s: %s is not a whole number of seconds", path, n.Value)
		return 0, false
	}
	secs := d / time.Second
	if secs > math.MaxInt32 || secs < math.MinInt32 {
		l.errf(n, "%s: %s is far outside any session duration", path, n.Value)
		return 0, false
	}
	return int(secs), true
}

// isSeconds reports whether s is a decimal integer with an optional sign:
// a number of seconds.
func isSeconds(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
