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
