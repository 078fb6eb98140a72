package iamdump

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolesim/rolesim/sim/policy"
)

// ynode is a YAML block node ready to print: a scalar (already rendered),
// a map (keys in order) or a list. Comments are whole lines before a key or
// an item, or one trailing comment after a scalar value.
type ynode struct {
	scalar string // rendered scalar; used when fields and items are nil and !isMap/!isList
	isMap  bool
	isList bool
	fields []yfield
	items  []yitem
}

type yfield struct {
	key     string
	val     *ynode
	comment []string // lines before the key
	trail   string   // after a scalar value
}

type yitem struct {
	val     *ynode
	comment []string
}

func ymap() *ynode  { return &ynode{isMap: true} }
func ylist() *ynode { return &ynode{isList: true} }

// ystr is a string scalar, quoted when YAML would read it as anything else.
func ystr(s string) *ynode { return &ynode{scalar: quote(s)} }

// yraw is a scalar printed as is (numbers, booleans).
func yraw(s string) *ynode { return &ynode{scalar: s} }

func (n *ynode) set(key string, v *ynode) *yfield {
	n.fields = append(n.fields, yfield{key: key, val: v})
	return &n.fields[len(n.fields)-1]
}

func (n *ynode) add(v *ynode, comment ...string) {
	n.items = append(n.items, yitem{val: v, comment: comment})
}

func (n *ynode) empty() bool {
	return (n.isMap && len(n.fields) == 0) || (n.isList && len(n.items) == 0)
}

// printer writes ynodes as block YAML, two spaces a level.
type printer struct {
	b strings.Builder
}

func (p *printer) pad(ind int) {
	for i := 0; i < ind; i++ {
		p.b.WriteByte(' ')
	}
}

func (p *printer) comments(ind int, lines []string) {
	for _, c := range lines {
		p.pad(ind)
		if c == "" {
			p.b.WriteString("#\n")
			continue
		}
		p.b.WriteString("# ")
		p.b.WriteString(commentText(c))
		p.b.WriteByte('\n')
	}
}

// node prints a map or list starting on a fresh line at ind. With padded,
// the first line's indentation (and "- ") is already written.
func (p *printer) node(n *ynode, ind int, padded bool) {
	switch {
	case n.isMap:
		for i, f := range n.fields {
			if !(padded && i == 0) {
				p.comments(ind, f.comment)
				p.pad(ind)
			}
			p.b.WriteString(quote(f.key))
			p.b.WriteByte(':')
			p.value(f.val, ind+2, f.trail)
		}
	case n.isList:
		for i, it := range n.items {
			if !(padded && i == 0) {
				p.comments(ind, it.comment)
				p.pad(ind)
			}
			p.b.WriteString("-")
			v := it.val
			switch {
			case !v.isMap && !v.isList:
				p.b.WriteByte(' ')
				p.b.WriteString(v.scalar)
				p.b.WriteByte('\n')
			case v.empty():
				p.b.WriteString(emptyText(v))
				p.b.WriteByte('\n')
			case v.isMap && len(v.fields[0].comment) == 0:
				p.b.WriteByte(' ')
				p.node(v, ind+2, true)
			default:
				p.b.WriteByte('\n')
				p.node(v, ind+2, false)
			}
		}
	}
}

// value prints what follows "key:".
func (p *printer) value(v *ynode, ind int, trail string) {
	switch {
	case !v.isMap && !v.isList:
		p.b.WriteByte(' ')
		p.b.WriteString(v.scalar)
	case v.empty():
		p.b.WriteString(emptyText(v))
	default:
		if trail != "" {
			p.b.WriteString("  # ")
			p.b.WriteString(commentText(trail))
		}
		p.b.WriteByte('\n')
		p.node(v, ind, false)
		return
	}
	if trail != "" {
		p.b.WriteString("  # ")
		p.b.WriteString(commentText(trail))
	}
	p.b.WriteByte('\n')
}

func emptyText(v *ynode) string {
	if v.isMap {
		return " {}"
	}
	return " []"
}

// commentText keeps a comment on its line: line breaks (and the characters
// rolesim refuses as line ends) become spaces.
func commentText(s string) string {
	if strings.IndexFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == utf8.RuneError
	}) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == utf8.RuneError {
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// quote renders a string scalar: plain when YAML (and rolesim's policy
// rules: plain true, false, null and JSON numbers are not strings) reads it
// back as the same string, double-quoted otherwise.
func quote(s string) string {
	if plainSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == utf8.RuneError:
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)))
			b.WriteString(h)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plainSafe(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	c0 := s[0]
	if !(c0 >= 'a' && c0 <= 'z' || c0 >= 'A' && c0 <= 'Z' || c0 == '_' || c0 == '/') {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("_./:@+=,*$-(){}", c) >= 0:
		case c == ' ':
			if i == len(s)-1 || s[i+1] == '#' || s[i+1] == ' ' || s[i-1] == ':' {
				return false
			}
		default:
			return false
		}
	}
	if s[len(s)-1] == ':' {
		return false
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null":
		return false
	}
	return true
}

// docNode converts a policy document into a ynode, with the elements of
// the document and of each statement in AWS's usual order (the others
// after them, as written).
func docNode(n *policy.Node) *ynode {
	return convert(n, docOrder, 0)
}

var (
	docOrder       = []string{"Version", "Id", "Statement"}
	statementOrder = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)

func convert(n *policy.Node, order []string, depth int) *ynode {
	switch n.Kind {
	case policy.NodeString:
		return ystr(n.Value)
	case policy.NodeNumber, policy.NodeBool:
		return yraw(n.Value)
	case policy.NodeNull:
		return yraw("null")
	case policy.NodeList:
		out := ylist()
		for _, it := range n.Items {
			next := []string(nil)
			if depth == 1 && order == nil {
				next = statementOrder
			}
			out.add(convert(it, next, depth+1))
		}
		return out
	}
	out := ymap()
	fields := n.Fields
	if order != nil {
		fields = ordered(fields, order)
	}
	for _, f := range fields {
		var next []string
		if depth == 0 && f.Key == "Statement" {
			if f.Value.Kind == policy.NodeMap {
				next = statementOrder
			}
			// a list: its items take statementOrder (depth 1, order nil)
		}
		out.set(f.Key, convert(f.Value, next, depth+1))
	}
	return out
}

func ordered(fields []policy.Field, order []string) []policy.Field {
	out := make([]policy.Field, 0, len(fields))
	for _, k := range order {
		for _, f := range fields {
			if f.Key == k {
				out = append(out, f)
			}
		}
	}
	for _, f := range fields {
		known := false
		for _, k := range order {
			if f.Key == k {
				known = true
			}
		}
		if !known {
			out = append(out, f)
		}
	}
	return out
}
