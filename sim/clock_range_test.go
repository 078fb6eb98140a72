package sim

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// TestRunnerClockRange checks that the runner refuses to move the fake
// clock past scenario.MaxTime, for scenarios built without the loader's
// checks: the step does not run and the clock stays, so aws:CurrentTime
// always parses.
func TestRunnerClockRange(t *testing.T) {
	const src = `name: t
start: 9999-12-31T22:00:00Z
accounts:
  - id: "111111111111"
    users: [{name: u}]
steps:
  - advance: 1h
  - advance: {to: 9999-12-31T23:30:00Z}
  - repeat: {count: 2, over: 1s}
    whoami: arn:aws:iam::111111111111:user/u
  - whoami: arn:aws:iam::111111111111:user/u
`
	past := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		reason string
		edit   func(sc *scenario.Scenario)
		want   []string // each step's problems, joined
		wantAt string   // the clock at the last step
	}{
		{
			name:   "within range",
			reason: "as loaded, every step runs",
			edit:   func(*scenario.Scenario) {},
			want:   []string{"", "", "", ""},
			wantAt: "9999-12-31T23:30:01Z",
		},
		{
			name:   "advance by",
			reason: "an advance past the bound does not run; the clock stays for the steps after it",
			edit:   func(sc *scenario.Scenario) { sc.Steps[0].Advance.By = 48 * time.Hour },
			want: []string{
				"advance 48h0m0s would put the fake clock at 10000-01-02T22:00:00Z, outside 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the times aws:CurrentTime can express",
				"", "", "",
			},
			wantAt: "9999-12-31T23:30:01Z",
		},
		{
			name:   "advance to",
			reason: "an advance to a time past the bound does not run",
			edit:   func(sc *scenario.Scenario) { sc.Steps[1].Advance.To = past },
			want: []string{
				"",
				"advance to 10000-01-01T00:00:00Z would put the fake clock at 10000-01-01T00:00:00Z, outside 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the times aws:CurrentTime can express",
				"", "",
			},
			wantAt: "9999-12-31T23:00:01Z",
		},
		{
			name:   "repeat over",
			reason: "a repeat whose interval ends past the bound sends nothing",
			edit:   func(sc *scenario.Scenario) { sc.Steps[2].Repeat.Over = time.Hour },
			want: []string{
				"", "",
				"repeat over 1h0m0s would put the fake clock at 10000-01-01T00:30:00Z, outside 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the times aws:CurrentTime can express",
				"",
			},
			wantAt: "9999-12-31T23:30:00Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := scenario.Parse("t.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			tt.edit(sc)
			rep, err := Run(sc)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, res := range rep.Steps {
				got = append(got, strings.Join(res.Problems, "; "))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: problems per step (-want +got):\n%s", tt.reason, diff)
			}
			if last := rep.Steps[len(rep.Steps)-1]; last.At.Format(time.RFC3339) != tt.wantAt || !last.Pass {
				t.Errorf("%s: the last step ran at %s (pass %v), want %s and a pass", tt.reason, last.At.Format(time.RFC3339), last.Pass, tt.wantAt)
			}
		})
	}
}

// TestRunStartOutOfRange checks that Run refuses a start past
// scenario.MaxTime instead of playing a timeline aws:CurrentTime cannot
// express.
func TestRunStartOutOfRange(t *testing.T) {
	sc, err := scenario.Parse("t.yaml", []byte("name: t\naccounts: [{id: \"111111111111\"}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	sc.Start = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	rep, err := Run(sc)
	const want = "the scenario's start would put the fake clock at 10000-01-01T00:00:00Z, outside 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, the times aws:CurrentTime can express"
	if rep != nil || err == nil || err.Error() != want {
		t.Errorf("Run = %v, %v; want no report and the error %q", rep, err, want)
	}
}
