package policy

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits on JSON policy text.
const (
	// MaxJSONSize is the largest policy text ParseJSON accepts, in bytes.
	MaxJSONSize = 1 << 20
	// MaxJSONDepth is the deepest nesting of objects and arrays ParseJSON
	// accepts.
	MaxJSONDepth = 64
)

// ParseJSON parses JSON policy text into a Node tree. Every node and key
// carries its 1-based line and column (columns count characters, not
// bytes; a line ends at LF, CRLF or a lone CR). Numbers keep their literal
// text in Node.Value.
//
// It accepts exactly one JSON value (RFC 8259) surrounded by optional
// whitespace, and rejects, with an *Error carrying the position: syntax
// errors, invalid UTF-8, duplicate keys in one object ("Duplicate key X"),
// nesting deeper than MaxJSONDepth and input larger than MaxJSONSize. It
// never panics.
func ParseJSON(data []byte) (*Node, error) {
	if len(data) > MaxJSONSize {
		return nil, &Error{Pos: Pos{Line: 1, Col: 1}, Message: "Policy text is " + strconv.Itoa(len(data)) +
			" bytes, more than the maximum of " + strconv.Itoa(MaxJSONSize)}
	}
	p := &jsonParser{data: data, line: 1, col: 1}
	p.skipSpace()
	n := p.value(0)
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.off < len(p.data) {
		p.fail(p.off, "invalid character "+p.charAt(p.off)+" after top-level value")
		return nil, p.err
	}
	return n, nil
}

// jsonParser is a recursive-descent JSON parser. Positions are computed
// lazily: posAt advances a cursor (line, col at offset cur) to the
// requested offset, so the total cost is linear in the input.
type jsonParser struct {
	data []byte
	off  int
	err  *Error

	cur       int // offset the cursor stands at
	line, col int // position of data[cur]
}

// posAt returns the position of the byte at offset off.
func (p *jsonParser) posAt(off int) Pos {
	if off < p.cur {
		p.cur, p.line, p.col = 0, 1, 1
	}
	for p.cur < off && p.cur < len(p.data) {
		c := p.data[p.cur]
		switch {
		case c == '\n':
			p.line++
			p.col = 1
		case c == '\r':
			if p.cur+1 < len(p.data) && p.data[p.cur+1] == '\n' {
				break // the LF ends the line
			}
			p.line++
			p.col = 1
		case c&0xC0 != 0x80:
			// Count characters: skip UTF-8 continuation bytes.
			p.col++
		}
		p.cur++
	}
	return Pos{Line: p.line, Col: p.col}
}

// trailingComma is the error at a comma followed by the end of its object
// or array, which JSON does not allow (pasted policies often have one).
const trailingComma = "trailing comma: JSON allows no comma after the last member of an object or array"

func (p *jsonParser) fail(off int, msg string) {
	if p.err == nil {
		p.err = &Error{Pos: p.posAt(off), Message: msg}
	}
}

// charAt describes the character at off for an error message.
func (p *jsonParser) charAt(off int) string {
	if off >= len(p.data) {
		return "end of input"
	}
	r, n := utf8.DecodeRune(p.data[off:])
	if r == utf8.RuneError && n <= 1 {
		return "byte 0x" + strconv.FormatUint(uint64(p.data[off]), 16)
	}
	return strconv.QuoteRune(r)
}

func (p *jsonParser) skipSpace() {
	for p.off < len(p.data) {
		switch p.data[p.off] {
		case ' ', '\t', '\n', '\r':
			p.off++
		default:
			return
		}
	}
}

// value parses one value at p.off; depth counts the enclosing containers.
func (p *jsonParser) value(depth int) *Node {
	if p.off >= len(p.data) {
		p.fail(p.off, "unexpected end of JSON input")
		return nil
	}
	start := p.off
	switch c := p.data[p.off]; {
	case c == '{' || c == '[':
		if depth >= MaxJSONDepth {
			p.fail(start, "JSON nesting exceeds "+strconv.Itoa(MaxJSONDepth)+" levels")
			return nil
		}
		if c == '{' {
			return p.object(depth + 1)
		}
		return p.array(depth + 1)
	case c == '"':
		pos := p.posAt(start)
		s, ok := p.str()
		if !ok {
			return nil
		}
		return &Node{Kind: NodeString, Value: s, Pos: pos}
	case c == '-' || ('0' <= c && c <= '9'):
		return p.number()
	case c == 't':
		return p.literal("true", NodeBool)
	case c == 'f':
		return p.literal("false", NodeBool)
	case c == 'n':
		return p.literal("null", NodeNull)
	}
	p.fail(start, "invalid character "+p.charAt(start)+" looking for beginning of value")
	return nil
}

func (p *jsonParser) literal(word string, kind NodeKind) *Node {
	start := p.off
	for i := 0; i < len(word); i++ {
		switch {
		case start+i >= len(p.data):
			p.fail(start+i, "unexpected end of JSON input")
			return nil
		case p.data[start+i] != word[i]:
			p.fail(start+i, "invalid character "+p.charAt(start+i)+" in literal "+word)
			return nil
		}
	}
	p.off += len(word)
	n := &Node{Kind: kind, Pos: p.posAt(start)}
	if kind == NodeBool {
		n.Value = word
	}
	return n
}

// number parses -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and keeps
// its text.
func (p *jsonParser) number() *Node {
	start := p.off
	d := p.data
	i := p.off
	if d[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		return i > j
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case !digits():
		p.failNumber(i)
		return nil
	}
	if i < len(d) && d[i] == '.' {
		i++
		if !digits() {
			p.failNumber(i)
			return nil
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if !digits() {
			p.failNumber(i)
			return nil
		}
	}
	p.off = i
	return &Node{Kind: NodeNumber, Value: string(d[start:i]), Pos: p.posAt(start)}
}

func (p *jsonParser) failNumber(i int) {
	if i >= len(p.data) {
		p.fail(i, "unexpected end of JSON input")
		return
	}
	p.fail(i, "invalid character "+p.charAt(i)+" in numeric literal")
}

// str parses a string literal at p.off (which holds the opening quote).
func (p *jsonParser) str() (string, bool) {
	d := p.data
	i := p.off + 1
	// Fast path: no escapes.
	start := i
	for i < len(d) {
		c := d[i]
		if c == '"' {
			if !utf8.Valid(d[start:i]) {
				p.failUTF8(start, i)
				return "", false
			}
			p.off = i + 1
			return string(d[start:i]), true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		i++
	}
	// Slow path: decode escapes.
	var b []byte
	b = append(b, d[start:i]...)
	for {
		if i >= len(d) {
			p.fail(i, "unexpected end of JSON input in string literal")
			return "", false
		}
		c := d[i]
		switch {
		case c == '"':
			if !utf8.Valid(b) {
				p.failUTF8(start, i)
				return "", false
			}
			p.off = i + 1
			return string(b), true
		case c < 0x20:
			p.fail(i, "invalid character "+p.charAt(i)+" in string literal")
			return "", false
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		// Escape.
		if i+1 >= len(d) {
			p.fail(i+1, "unexpected end of JSON input in string literal")
			return "", false
		}
		e := d[i+1]
		switch e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(d, i+2)
			if !ok {
				p.fail(i, "invalid escape sequence in string literal: \\u needs four hexadecimal digits")
				return "", false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				r2, ok2 := rune(0), false
				if i+1 < len(d) && d[i] == '\\' && d[i+1] == 'u' {
					r2, ok2 = hex4(d, i+2)
				}
				if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
					r = dec
					i += 6
				} else {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			p.fail(i, "invalid escape sequence \\"+string(rune(e))+" in string literal")
			return "", false
		}
		i += 2
	}
}

func (p *jsonParser) failUTF8(start, end int) {
	off := start
	for off < end {
		r, n := utf8.DecodeRune(p.data[off:end])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	p.fail(off, "invalid UTF-8 in string literal")
}

func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// object parses {...}; depth includes this object.
func (p *jsonParser) object(depth int) *Node {
	n := &Node{Kind: NodeMap, Pos: p.posAt(p.off)}
	p.off++ // {
	p.skipSpace()
	if p.off < len(p.data) && p.data[p.off] == '}' {
		p.off++
		return n
	}
	var seen map[string]bool
	for {
		if p.off >= len(p.data) {
			p.fail(p.off, "unexpected end of JSON input")
			return nil
		}
		if p.data[p.off] != '"' {
			p.fail(p.off, "invalid character "+p.charAt(p.off)+" looking for beginning of object key string")
			return nil
		}
		keyOff := p.off
		key, ok := p.str()
		if !ok {
			return nil
		}
		// Duplicate keys: a linear scan for small objects, a set beyond.
		dup := false
		if seen != nil {
			dup = seen[key]
		} else {
			for _, f := range n.Fields {
				if f.Key == key {
					dup = true
					break
				}
			}
		}
		if dup {
			p.fail(keyOff, "Duplicate key "+key)
			return nil
		}
		if len(n.Fields) == 16 {
			seen = make(map[string]bool, 32)
			for _, f := range n.Fields {
				seen[f.Key] = true
			}
		}
		if seen != nil {
			seen[key] = true
		}
		keyPos := p.posAt(keyOff)
		p.skipSpace()
		if p.off >= len(p.data) {
			p.fail(p.off, "unexpected end of JSON input")
			return nil
		}
		if p.data[p.off] != ':' {
			p.fail(p.off, "invalid character "+p.charAt(p.off)+" after object key")
			return nil
		}
		p.off++
		p.skipSpace()
		v := p.value(depth)
		if p.err != nil {
			return nil
		}
		n.Fields = append(n.Fields, Field{Key: key, KeyPos: keyPos, Value: v})
		p.skipSpace()
		if p.off >= len(p.data) {
			p.fail(p.off, "unexpected end of JSON input")
			return nil
		}
		switch p.data[p.off] {
		case ',':
			comma := p.off
			p.off++
			p.skipSpace()
			if p.off < len(p.data) && p.data[p.off] == '}' {
				p.fail(comma, trailingComma)
				return nil
			}
		case '}':
			p.off++
			return n
		default:
			p.fail(p.off, "invalid character "+p.charAt(p.off)+" after object key:value pair")
			return nil
		}
	}
}

// array parses [...]; depth includes this array.
func (p *jsonParser) array(depth int) *Node {
	n := &Node{Kind: NodeList, Pos: p.posAt(p.off)}
	p.off++ // [
	p.skipSpace()
	if p.off < len(p.data) && p.data[p.off] == ']' {
		p.off++
		n.Items = []*Node{}
		return n
	}
	for {
		v := p.value(depth)
		if p.err != nil {
			return nil
		}
		n.Items = append(n.Items, v)
		p.skipSpace()
		if p.off >= len(p.data) {
			p.fail(p.off, "unexpected end of JSON input")
			return nil
		}
		switch p.data[p.off] {
		case ',':
			comma := p.off
			p.off++
			p.skipSpace()
			if p.off < len(p.data) && p.data[p.off] == ']' {
				p.fail(comma, trailingComma)
				return nil
			}
		case ']':
			p.off++
			return n
		default:
			p.fail(p.off, "invalid character "+p.charAt(p.off)+" after array element")
			return nil
		}
	}
}
