package svgtext

import "testing"

func TestEscape(t *testing.T) {
	tests := []struct{ name, reason, in, want string }{
		{name: "plain", reason: "nothing to escape", in: "role/Dev", want: "role/Dev"},
		{name: "markup", reason: "the five XML specials", in: `<a href="x">'&'</a>`, want: "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"},
		{name: "controls", reason: "XML 1.0 forbids control characters but tab and newline", in: "a\x00b\tc\nd\x1f", want: "ab\tc\nd"},
		{name: "unicode", reason: "other characters pass through", in: "naïve → ok", want: "naïve → ok"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("%s (%s): Escape(%q) = %q, want %q", tt.name, tt.reason, tt.in, got, tt.want)
		}
	}
}

func TestNum(t *testing.T) {
	tests := []struct {
		name, reason string
		in           float64
		want         string
	}{
		{name: "one-decimal", reason: "coordinates keep one decimal", in: 12.345, want: "12.3"},
		{name: "negative-zero", reason: "-0.0 would differ from 0.0 in goldens", in: -0.01, want: "0.0"},
		{name: "negative", reason: "real negatives stay", in: -3.25, want: "-3.2"},
	}
	for _, tt := range tests {
		if got := Num(tt.in); got != tt.want {
			t.Errorf("%s (%s): Num(%v) = %q, want %q", tt.name, tt.reason, tt.in, got, tt.want)
		}
	}
}

func TestWidth(t *testing.T) {
	tests := []struct {
		name, reason string
		s            string
		px           float64
		bold         bool
		want         float64
	}{
		{"empty", "no text takes no room", "", 12, false, 0},
		{"digits", "digits are 0.556 em in Helvetica", "00", 10, false, 11.12},
		{"bold-wider", "bold lowercase is wider than regular", "ab", 10, true, 11.67},
		{"beyond-ascii", "other characters count as an m, the widest lowercase letter", "→", 10, false, 8.33},
	}
	for _, tt := range tests {
		if got := Width(tt.s, tt.px, tt.bold); got < tt.want-0.01 || got > tt.want+0.01 {
			t.Errorf("%s: Width(%q, %v, %v) = %v, want %v (%s)", tt.name, tt.s, tt.px, tt.bold, got, tt.want, tt.reason)
		}
	}
}
