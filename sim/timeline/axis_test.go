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
