package timeline_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/timeline"
)

// millennia is a scenario whose clock runs from year 1 to year 9999.
const millennia = `version: 1
name: millennia
start: 0001-01-02T00:00:00Z
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Any:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: "*"
    roles:
      - name: Dev
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: arn:aws:iam::111111111111:user/alice}
              Action: sts:AssumeRole
steps:
  - id: dev
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: alice
  - advance: {to: 9999-12-31T00:00:00Z}
  - whoami: arn:aws:iam::111111111111:user/alice
`

// Bounds on the millennia picture: one axis tick a day made it 626 MB.
const (
	maxAxisTicks = 9
	maxSVGBytes  = 200 << 10
)

// millenniaTimeline runs the millennia scenario and lays it out.
func millenniaTimeline(tb testing.TB) *timeline.Timeline {
	tb.Helper()
	sc, err := scenario.Parse("millennia.yaml", []byte(millennia))
	if err != nil {
		tb.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return timeline.Build(rep)
}

// TestMillenniaBounded checks that a run spanning the whole range of the
// fake clock draws a bounded number of axis ticks in a small picture, with
// the clock advance labelled in days rather than a clamped duration.
func TestMillenniaBounded(t *testing.T) {
	svg := millenniaTimeline(t).SVG("")
	// Every tick has a short mark above the axis line.
	ticks := strings.Count(svg, `y1="62.0" x2="`)
	if ticks < 2 || ticks > maxAxisTicks {
		t.Errorf("%d axis ticks, want 2 to %d", ticks, maxAxisTicks)
	}
	for _, want := range []string{">2000</text>", ">8000</text>", "clock +3652057d"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	if len(svg) > maxSVGBytes {
		t.Errorf("the SVG is %d bytes, want at most %d", len(svg), maxSVGBytes)
	}
	if err := wellFormed(svg); err != nil {
		t.Errorf("the SVG is not well-formed XML: %v", err)
	}
}

// BenchmarkMillenniaSVG renders the millennia picture (before axis ticks
// were chosen by span: 626 MB and 13 s).
func BenchmarkMillenniaSVG(b *testing.B) {
	tl := millenniaTimeline(b)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(tl.SVG(""))
	}
	b.ReportMetric(float64(n), "bytes/svg")
}
