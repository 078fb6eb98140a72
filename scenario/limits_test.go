package scenario

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// repeatedSteps returns n whoami steps of stepsHead, each repeated count
// times; step k (from 1) stands on line 8+2(k-1).
func repeatedSteps(n int, count string) string {
	return strings.Repeat("  - repeat: "+count+"\n    whoami: arn:aws:iam::111111111111:user/u\n", n)
}

// TestRepeatTotal checks the bound on the requests all repeated steps of
// a scenario send: reported once, at the step that crosses it, naming the
// total.
func TestRepeatTotal(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		steps  string
		want   []string
	}{
		{
			name:   "at the bound",
			reason: "ten steps of 100,000 requests make exactly the 1,000,000 a scenario may send",
			steps:  repeatedSteps(10, "100000"),
		},
		{
			name:   "past the bound",
			reason: "the eleventh step of 100,000 crosses the bound; it alone is reported, with the total",
			steps:  repeatedSteps(400, "100000"),
			want: []string{
				`s.yaml:28:13: repeat.count: with these 100000, the scenario's repeated steps send 1100000 requests in all, more than the 1000000 allowed`,
			},
		},
		{
			name:   "spread form",
			reason: "the count of the map form counts too, reported at the count",
			steps:  repeatedSteps(10, "100000") + "  - repeat: {count: 1, over: 1s}\n    whoami: arn:aws:iam::111111111111:user/u\n",
			want: []string{
				`s.yaml:28:21: repeat.count: with these 1, the scenario's repeated steps send 1000001 requests in all, more than the 1000000 allowed`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, stepsHead+tt.steps)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestClockRange checks that no clock setting moves the fake clock past
// 9999-12-31T23:59:59Z (or before year 0), where aws:CurrentTime no longer
// parses: the start, advance to, the sum of advances and a spread repeat.
func TestClockRange(t *testing.T) {
	const head = `name: t
start: 9999-12-31T00:00:00Z
accounts:
  - id: "111111111111"
    users: [{name: u}]
steps:
`
	tests := []struct {
		name   string
		reason string
		src    string
		want   []string
	}{
		{
			name:   "up to the last second",
			reason: "advances may bring the clock to 9999-12-31T23:59:59Z exactly",
			src:    head + "  - advance: 23h\n  - advance: 59m\n  - advance: {to: 9999-12-31T23:59:59Z}\n",
		},
		{
			name:   "sum of advances",
			reason: "the advance that takes the clock past the bound is reported with where it goes; the clock stays, so a later small advance is fine",
			src:    head + "  - advance: 23h\n  - advance: 2h\n  - advance: 30m\n",
			want: []string{
				`s.yaml:8:14: advance: 2h from 9999-12-31T23:00:00Z moves the fake clock to 10000-01-01T01:00:00Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
			},
		},
		{
			name:   "advance to",
			reason: "a time past the bound, here through its offset, is refused at the time",
			src:    head + "  - advance: {to: 9999-12-31T23:59:59-01:00}\n  - advance: {to: 9999-12-31T23:59:59.5Z}\n",
			want: []string{
				`s.yaml:7:19: advance.to: 9999-12-31T23:59:59-01:00 moves the fake clock to 10000-01-01T00:59:59Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
				`s.yaml:8:19: advance.to: 9999-12-31T23:59:59.5Z moves the fake clock to 9999-12-31T23:59:59.5Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
			},
		},
		{
			name:   "repeat over",
			reason: "a repeat spread over an interval moves the clock too",
			src:    head + "  - advance: 23h\n  - repeat: {count: 2, over: 2h}\n    whoami: arn:aws:iam::111111111111:user/u\n",
			want: []string{
				`s.yaml:8:30: repeat.over: 2h from 9999-12-31T23:00:00Z moves the fake clock to 10000-01-01T01:00:00Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
			},
		},
		{
			name:   "start",
			reason: "a start outside the range is refused, once: the steps are then checked from the default start",
			src:    strings.Replace(head, "9999-12-31T00:00:00Z", "9999-12-31T23:59:59-00:01", 1) + "  - advance: 2h\n",
			want: []string{
				`s.yaml:2:8: scenario.start: 9999-12-31T23:59:59-00:01 moves the fake clock to 10000-01-01T00:00:59Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
			},
		},
		{
			name:   "start before year 0",
			reason: "a year-0 start with a positive offset falls in year -1, which RFC 3339 cannot write",
			src:    strings.Replace(head, "9999-12-31T00:00:00Z", "0000-01-01T00:00:00+01:00", 1),
			want: []string{
				`s.yaml:2:8: scenario.start: 0000-01-01T00:00:00+01:00 puts the fake clock at -0001-12-31T23:00:00Z, before 0000-01-01T00:00:00Z, the earliest time aws:CurrentTime can express`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, tt.src)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
