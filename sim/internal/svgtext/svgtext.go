// Package svgtext holds the text helpers rolesim's SVG and HTML renderers
// share: XML escaping and deterministic coordinate formatting.
package svgtext

import (
	"strconv"
	"strings"
)

// Escape escapes s for XML text and attribute values. Control characters
// other than tab and newline, which XML 1.0 forbids, are dropped.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Num formats a coordinate with one decimal, never as "-0.0", so output is
// byte-identical on every machine.
func Num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	if s == "-0.0" {
		return "0.0"
	}
	return s
}
