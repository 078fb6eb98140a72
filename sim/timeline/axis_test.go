package timeline

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim/internal/svgtext"
)

func TestTicks(t *testing.T) {
	base := time.Date(2024, 1, 1, 7, 20, 0, 0, time.UTC)
	tests := []struct {
		name   string
		reason string
		span   time.Duration
		want   []string
	}{
		{"hour", "an hour is ticked every 10 minutes, from the first round instant", time.Hour,
			[]string{"07:20", "07:30", "07:40", "07:50", "08:00", "08:10", "08:20"}},
		{"eight-hours", "eight hours are ticked every hour", 8 * time.Hour,
			[]string{"08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00"}},
		{"two-days", "two days are ticked every 6 hours", 48 * time.Hour,
			[]string{"12:00", "18:00", "00:00", "06:00", "12:00", "18:00", "00:00", "06:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, tk := range (layout{start: base, end: base.Add(tt.span)}).ticks() {
				got = append(got, tk.Format("15:04"))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestNum(t *testing.T) {
	tests := []struct {
		name, reason string
		v            float64
		want         string
	}{
		{"one-decimal", "coordinates have exactly one decimal", 12.345, "12.3"},
		{"integer", "whole numbers keep the decimal", 250, "250.0"},
		{"negative-zero", "a tiny negative value never prints as -0.0", -0.01, "0.0"},
	}
	for _, tt := range tests {
		if got := svgtext.Num(tt.v); got != tt.want {
			t.Errorf("%s: svgtext.Num(%v) = %q, want %q (%s)", tt.name, tt.v, got, tt.want, tt.reason)
		}
	}
}

// TestTicksBySpan checks that the step grows with the span, through days,
// months and years, so that every axis has a bounded number of ticks.
func TestTicksBySpan(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name       string
		reason     string
		start, end string
		want       []string
	}{
		{"one-day", "a day is ticked every 3 hours, the day named at its first tick", "2024-01-01T07:20:00Z", "2024-01-02T07:20:00Z",
			[]string{"Jan 1 09:00", "12:00", "15:00", "18:00", "21:00", "Jan 2 00:00", "03:00", "06:00"}},
		{"ten-days", "ten days are ticked every two days, the year at the first tick", "2024-01-01T07:20:00Z", "2024-01-11T07:20:00Z",
			[]string{"Jan 2 2024", "Jan 4", "Jan 6", "Jan 8", "Jan 10"}},
		{"six-weeks", "six weeks are ticked every week, on Mondays", "2024-01-01T07:20:00Z", "2024-02-12T07:20:00Z",
			[]string{"Jan 8 2024", "Jan 15", "Jan 22", "Jan 29", "Feb 5", "Feb 12"}},
		{"year-end", "three months are ticked every 14 days, on Mondays; the year is named where it changes", "2023-11-01T00:00:00Z", "2024-02-01T00:00:00Z",
			[]string{"Nov 13 2023", "Nov 27", "Dec 11", "Dec 25", "Jan 8 2024", "Jan 22"}},
		{"seven-months", "seven months are ticked every month, on the first", "2024-01-15T00:00:00Z", "2024-08-15T00:00:00Z",
			[]string{"Feb 2024", "Mar 2024", "Apr 2024", "May 2024", "Jun 2024", "Jul 2024", "Aug 2024"}},
		{"two-years", "two years are ticked every quarter", "2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z",
			[]string{"Jan 2024", "Apr 2024", "Jul 2024", "Oct 2024", "Jan 2025", "Apr 2025", "Jul 2025", "Oct 2025", "Jan 2026"}},
		{"century", "a century is ticked every 20 years", "2000-06-01T00:00:00Z", "2100-06-01T00:00:00Z",
			[]string{"2020", "2040", "2060", "2080", "2100"}},
		{"year-1-to-9999", "the whole range of the fake clock is ticked every 2000 years", "0001-01-02T00:00:00Z", "9999-12-31T23:59:59Z",
			[]string{"2000", "4000", "6000", "8000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := layout{start: at(tt.start), end: at(tt.end)}
			step := l.step()
			ticks := l.ticksOf(step)
			got := tickLabels(ticks, step)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
			if len(ticks) > maxTickIntervals+1 {
				t.Errorf("%d ticks, want at most %d", len(ticks), maxTickIntervals+1)
			}
			for i, tk := range ticks {
				if tk.Before(l.start) || tk.After(l.end) || i > 0 && !tk.After(ticks[i-1]) {
					t.Errorf("tick %d at %v is outside the axis or out of order", i, tk)
				}
				if x := l.x(tk); x < plotLeft || x > plotRight {
					t.Errorf("tick %d at x=%v, outside the plot", i, x)
				}
			}
		})
	}
}

// TestGapText checks a clock advance's label, also beyond time.Duration's
// range.
func TestGapText(t *testing.T) {
	a := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, reason string
		to           time.Time
		want         string
	}{
		{"short", "an advance within time.Duration prints as a duration", a.Add(90 * time.Minute), "1h30m"},
		{"millennia", "an advance beyond 292 years prints in days and the rest", time.Date(9999, 1, 1, 2, 0, 0, 0, time.UTC), "2912809d2h"},
	}
	for _, tt := range tests {
		if got := gapText(a, tt.to); got != tt.want {
			t.Errorf("%s: gapText = %q, want %q (%s)", tt.name, got, tt.want, tt.reason)
		}
	}
}
