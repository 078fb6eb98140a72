package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLineBreaks pins that the loader refuses the line breaks yaml.v3
// counts as lines but editors and the loader's positions do not: a lone
// \r, NEL, U+2028 and U+2029. Before, a file using them got diagnostics on
// lines past its end (FuzzLoad's position property).
func TestLineBreaks(t *testing.T) {
	tests := []struct {
		name, reason string
		src          string
		want         string
	}{
		{name: "crlf", reason: "Windows line ends are fine",
			src: "name: t\r\naccounts: [{id: \"111111111111\"}]\r\n"},
		{name: "lone cr", reason: "old Mac line ends: yaml.v3 would report line 2 of a one-line file",
			src: "name: t\raccounts: [\r", want: `s.yaml:1:8: a carriage return (\r) not followed by a line feed is not supported: YAML reads it as a line break; end lines with \n or \r\n`},
		{name: "cr at end", reason: "a final \\r ends a line too",
			src: "name: t\naccounts: []\r", want: `s.yaml:2:13: a carriage return (\r) not followed by a line feed is not supported: YAML reads it as a line break; end lines with \n or \r\n`},
		{name: "next line", reason: "NEL is a YAML 1.1 line break; columns count characters",
			src: "name: té\u0085x: 1\n", want: `s.yaml:1:9: U+0085 (next line) is not supported: YAML reads it as a line break; end lines with \n`},
		{name: "line separator", reason: "inside a quoted string too",
			src: "name: t\ndescription: \"a\u2028b\"\n", want: `s.yaml:2:16: U+2028 (line separator) is not supported: YAML reads it as a line break; end lines with \n`},
		{name: "paragraph separator", reason: "U+2029 likewise",
			src: "name: t\u2029\n", want: `s.yaml:1:8: U+2029 (paragraph separator) is not supported: YAML reads it as a line break; end lines with \n`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(tt.src))
			got := ""
			if err != nil {
				got = err.Error()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
