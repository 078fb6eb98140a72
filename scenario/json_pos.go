package scenario

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

// inlineJSONPos places a position of a JSON text written as a one-line
// plain, single- or double-quoted scalar (document: '{"a": 1,}') in the
// file: the scalar's column, past its quote, plus the JSON column. It
// does so only when the file's line holds the JSON text verbatim up to
// and including that character (no escapes or line folding before it);
// otherwise ok is false and the caller keeps the scalar's position.
func (l *loader) inlineJSONPos(n *yaml.Node, p policy.Pos) (policy.Pos, bool) {
	if p.Line != 1 || p.Col < 1 || n.Line < 1 || n.Column < 1 {
		return policy.Pos{}, false
	}
	first, _, _ := strings.Cut(n.Value, "\n")
	want := []rune(first)
	if p.Col > len(want) {
		return policy.Pos{}, false
	}
	src, ok := l.lineOf(n, n.Line)
	if !ok {
		return policy.Pos{}, false
	}
	line := []rune(src)
	start := n.Column - 1
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		start++
	}
	if start+p.Col > len(line) || string(line[start:start+p.Col]) != string(want[:p.Col]) {
		return policy.Pos{}, false
	}
	return policy.Pos{Line: n.Line, Col: start + p.Col}, true
}
