package sim

import (
	"testing"
	"time"
)

func TestFormatDuration(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{time.Hour, "1h"}, {15 * time.Minute, "15m"}, {90 * time.Minute, "1h30m"},
		{90 * time.Second, "1m30s"}, {45 * time.Second, "45s"}, {12 * time.Hour, "12h"}, {0, "0s"},
	} {
		if got := FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
