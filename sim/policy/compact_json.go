package policy

import (
	"strings"
	"unicode/utf8"
)

// CompactJSON renders the tree as compact JSON: no whitespace, object keys
// in document order, numbers and booleans as their literal text, strings
// escaped minimally (quote, backslash and control characters; other
// characters, non-ASCII included, as they are). It is the "plaintext" of a
// session policy for size limits. A nil Node renders as null; a number or
// boolean whose text is not valid JSON (as YAML may produce) is rendered as
// a string.
func (n *Node) CompactJSON() string {
	var b strings.Builder
	writeCompact(&b, n, 0)
	return b.String()
}

func writeCompact(b *strings.Builder, n *Node, depth int) {
	if n == nil || depth > maxNodeDepth {
		b.WriteString("null")
		return
	}
	switch n.Kind {
	case NodeString:
		writeJSONString(b, n.Value)
	case NodeNumber:
		if isJSONNumber(n.Value) {
			b.WriteString(n.Value)
		} else {
			writeJSONString(b, n.Value)
		}
	case NodeBool:
		if n.Value == "true" || n.Value == "false" {
			b.WriteString(n.Value)
		} else {
			writeJSONString(b, n.Value)
		}
	case NodeList:
		b.WriteByte('[')
		for i, it := range n.Items {
			if i > 0 {
				b.WriteByte(',')
			}
			writeCompact(b, it, depth+1)
		}
		b.WriteByte(']')
	case NodeMap:
		b.WriteByte('{')
		for i, f := range n.Fields {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, f.Key)
			b.WriteByte(':')
			writeCompact(b, f.Value, depth+1)
		}
		b.WriteByte('}')
	default:
		b.WriteString("null")
	}
}

const hexDigits = "0123456789abcdef"

// writeJSONString writes s as a JSON string literal. Invalid UTF-8 bytes
// become U+FFFD.
func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				b.WriteString("\ufffd")
			} else {
				b.WriteString(s[i : i+n])
			}
			i += n
			continue
		}
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if c < 0x20 {
				b.WriteString(`\u00`)
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&0xF])
			} else {
				b.WriteByte(c)
			}
		}
		i++
	}
	b.WriteByte('"')
}

// isJSONNumber reports whether s is a number literal in JSON's grammar.
func isJSONNumber(s string) bool {
	p := jsonParser{data: []byte(s), line: 1, col: 1}
	if s == "" || !(s[0] == '-' || isDigit(s[0])) {
		return false
	}
	p.number()
	return p.err == nil && p.off == len(s)
}
