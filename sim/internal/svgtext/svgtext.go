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

// Helvetica's advance widths (thousandths of an em) for the printable
// ASCII characters from ' ' to '~', regular and bold. Liberation Sans and
// Arial, what browsers fall back to, share them.
var (
	helvetica = [95]uint16{
		278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
		1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
		333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
		556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
	}
	helveticaBold = [95]uint16{
		278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
		556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
		975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
		667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
		333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
		611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
	}
)

// Width estimates the width in pixels of s set in Helvetica (or Arial) at
// size px, bold or not: the sum of the characters' advance widths, with
// characters beyond ASCII counted as wide as an "m" so that the estimate
// errs on the long side.
func Width(s string, px float64, bold bool) float64 {
	table := &helvetica
	if bold {
		table = &helveticaBold
	}
	var em float64
	for _, r := range s {
		if r >= ' ' && r <= '~' {
			em += float64(table[r-' '])
		} else {
			em += float64(table['m'-' '])
		}
	}
	return em / 1000 * px
}
