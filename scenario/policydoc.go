package scenario

import (
	"errors"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

// A policy document is written either as a YAML map (converted to a
// policy.Node that carries file positions) or as a JSON string pasted from
// the console (parsed by policy.ParseJSON; its positions are relative to the
// JSON text and are mapped back into the file).

const docExpected = "a policy document (a map or a JSON string)"

// policyDoc reads and compiles a policy document. Every problem is reported
// as a diagnostic prefixed "MalformedPolicyDocument: ".
func (l *loader) policyDoc(n *yaml.Node, path string, kind policy.Kind) *policy.Policy {
	src := l.policySource(n, path)
	if src == nil {
		return nil
	}
	if src.errs != nil {
		l.policyErrorsIn(l.fileOf(n), src.errs)
		return nil
	}
	p, errs := policy.Compile(src.node, kind)
	if len(errs) > 0 {
		l.policyErrorsIn(l.fileOf(n), src.mapErrors(errs))
		return nil
	}
	l.noteDoc(p, src, n)
	return p
}

// sessionPolicy reads an assume step's inline session policy. It is not
// compiled into a load error: problems are kept in SessionPolicy.Errors
// (positioned in the file) for the simulator to report at request time.
func (l *loader) sessionPolicy(n *yaml.Node, path string) *SessionPolicy {
	nerr := len(l.diags)
	src := l.policySource(n, path)
	if src == nil || len(l.diags) > nerr {
		return nil // not a document at all, or broken YAML structure
	}
	sp := &SessionPolicy{Pos: l.pos(n), Text: src.text}
	if !src.json {
		sp.Text = src.node.CompactJSON()
	}
	if src.errs != nil {
		sp.Errors = src.errs
		return sp
	}
	p, errs := policy.Compile(src.node, policy.KindIdentity)
	if len(errs) > 0 {
		sp.Errors = src.mapErrors(errs)
		return sp
	}
	sp.Document = p
	return sp
}

// policySource is a policy document read from the file.
type policySource struct {
	node *policy.Node
	text string        // JSON text as written, or the map rendered as compact JSON
	errs policy.Errors // JSON syntax errors, positioned in the file
	// JSON position mapping: block scalars map JSON line L to line+L and
	// column C to indent+C; other styles map everything to at.
	json  bool
	block bool
	// mapped is set once the node tree's positions are in file
	// coordinates, so that compile errors need no further mapping.
	mapped bool
	at     policy.Pos
	line   int
	indent int
}

func (l *loader) policySource(n *yaml.Node, path string) *policySource {
	switch {
	case n.Kind == yaml.MappingNode:
		node := l.policyNode(n, path)
		if node == nil {
			return nil
		}
		return &policySource{node: node, at: policy.Pos{Line: n.Line, Col: n.Column}}
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str":
		src := &policySource{json: true, text: n.Value, at: policy.Pos{Line: n.Line, Col: n.Column}}
		if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			if indent, ok := l.blockIndent(n); ok {
				src.block, src.line, src.indent = true, n.Line, indent
			}
		}
		node, err := policy.ParseJSON([]byte(n.Value))
		if err != nil {
			var pe *policy.Error
			if !errors.As(err, &pe) {
				pe = &policy.Error{Message: err.Error()}
			}
			src.errs = src.mapErrors(policy.Errors{pe})
			if p, ok := l.inlineJSONPos(n, pe.Pos); ok && !src.block {
				src.errs[0].Pos = p
			}
			return src
		}
		if node == nil {
			node = &policy.Node{Kind: policy.NodeNull}
		}
		src.mapNode(node)
		src.mapped = true
		src.node = node
		return src
	}
	l.typeErr(n, path, docExpected)
	return nil
}

// mapErrors returns copies of errs with positions in file coordinates.
func (s *policySource) mapErrors(errs policy.Errors) policy.Errors {
	out := make(policy.Errors, len(errs))
	for i, e := range errs {
		if e == nil {
			e = &policy.Error{Message: "unknown error"}
		}
		out[i] = &policy.Error{Pos: s.mapPos(e.Pos), Message: e.Message, Suggestion: e.Suggestion}
	}
	return out
}

// mapNode moves the positions of a JSON document's tree into file
// coordinates, so that statement and condition positions (shown in traces
// and explanations) point into the scenario file.
func (s *policySource) mapNode(n *policy.Node) {
	if n == nil {
		return
	}
	n.Pos = s.mapPos(n.Pos)
	for i := range n.Fields {
		n.Fields[i].KeyPos = s.mapPos(n.Fields[i].KeyPos)
		s.mapNode(n.Fields[i].Value)
	}
	for _, it := range n.Items {
		s.mapNode(it)
	}
}

func (s *policySource) mapPos(p policy.Pos) policy.Pos {
	switch {
	case p.Line <= 0:
		return s.at
	case !s.json || s.mapped:
		return p
	case s.block:
		// A position past the block's last line (the end of a JSON text
		// cut short) or past the end of its line is placed at the end of
		// the block's last character, which the file does have.
		lines := strings.Split(strings.TrimRight(s.text, "\n"), "\n")
		line, col := p.Line, p.Col
		if line > len(lines) {
			line, col = len(lines), utf8.RuneCountInString(lines[len(lines)-1])+1
		}
		if n := utf8.RuneCountInString(lines[line-1]) + 1; col > n {
			col = n
		}
		return policy.Pos{Line: s.line + line, Col: s.indent + col}
	}
	return s.at
}

// policyErrorsIn reports errs of a document in file (a composed world's
// documents come from several files).
func (l *loader) policyErrorsIn(file string, errs policy.Errors) {
	for _, e := range errs {
		if e.Suggestion != "" {
			l.diags.AddCode(Pos{file, e.Pos.Line, e.Pos.Col}, DiagPolicy, "MalformedPolicyDocument: %s; did you mean %q?", e.Message, e.Suggestion)
			continue
		}
		l.diags.AddCode(Pos{file, e.Pos.Line, e.Pos.Col}, DiagPolicy, "MalformedPolicyDocument: %s", e.Message)
	}
}

// blockIndent finds the indentation of a literal or folded block scalar's
// content: the leading spaces of its first non-blank line in the file, less
// the leading spaces that line keeps in the value.
func (l *loader) blockIndent(n *yaml.Node) (int, bool) {
	rest := n.Value
	for i := 0; rest != ""; i++ {
		vline, tail, _ := strings.Cut(rest, "\n")
		rest = tail
		if strings.TrimSpace(vline) == "" {
			continue
		}
		src, ok := l.lineOf(n, n.Line+1+i)
		if !ok {
			return 0, false
		}
		indent := leadingSpaces(src) - leadingSpaces(vline)
		if indent < 0 {
			return 0, false
		}
		return indent, true
	}
	return 0, false
}

func leadingSpaces(s string) int {
	return len(s) - len(strings.TrimLeft(s, " "))
}

// policyNode converts a YAML subtree of a policy document into a
// policy.Node with file positions. Quoted scalars are strings; plain true
// and false are booleans, plain JSON numbers numbers, and null (or ~ or an
// empty value) null. It returns nil after reporting a structural problem.
func (l *loader) policyNode(n *yaml.Node, path string) *policy.Node {
	out := &policy.Node{Pos: policy.Pos{Line: n.Line, Col: n.Column}}
	ok := true
	switch n.Kind {
	case yaml.MappingNode:
		out.Kind = policy.NodeMap
		out.Fields = make([]policy.Field, 0, len(n.Content)/2)
		// Duplicate keys: small maps scan the keys before, larger ones
		// index them (linear time for any size).
		var first map[string]*yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if i/2 == smallMapKeys {
				first = make(map[string]*yaml.Node, len(n.Content)/2)
				for j := i - 2; j >= 0; j -= 2 {
					if c := n.Content[j]; c.Kind == yaml.ScalarNode {
						first[c.Value] = c // the loop runs backwards: the first one wins
					}
				}
			}
			if k.Kind != yaml.ScalarNode {
				l.typeErr(k, path+" key", "a string")
				ok = false
				continue
			}
			if prev := priorKey(n.Content, i, first); prev != nil {
				l.errf(k, "duplicate key %q in policy document (first at line %d, column %d)", k.Value, prev.Line, prev.Column)
				ok = false
			} else if first != nil {
				first[k.Value] = k
			}
			val := l.policyNode(v, path)
			if val == nil {
				ok = false
				continue
			}
			out.Fields = append(out.Fields, policy.Field{Key: k.Value, KeyPos: policy.Pos{Line: k.Line, Col: k.Column}, Value: val})
		}
	case yaml.SequenceNode:
		out.Kind = policy.NodeList
		out.Items = make([]*policy.Node, 0, len(n.Content))
		for _, c := range n.Content {
			item := l.policyNode(c, path)
			if item == nil {
				ok = false
				continue
			}
			out.Items = append(out.Items, item)
		}
	case yaml.ScalarNode:
		out.Kind, out.Value = scalarKind(n), n.Value
		if out.Kind == policy.NodeNull {
			out.Value = ""
		}
	default: // alias, already reported
		return nil
	}
	if !ok {
		return nil
	}
	return out
}

// smallMapKeys is how many keys of a policy map are checked for duplicates
// by scanning; a larger map indexes its keys.
const smallMapKeys = 16

// priorKey returns the first scalar key before index i of a mapping node's
// content that equals content[i], or nil: looked up in first once the map
// is indexed, scanned before.
func priorKey(content []*yaml.Node, i int, first map[string]*yaml.Node) *yaml.Node {
	key := content[i].Value
	if first != nil {
		return first[key]
	}
	for j := 0; j < i; j += 2 {
		if c := content[j]; c.Kind == yaml.ScalarNode && c.Value == key {
			return c
		}
	}
	return nil
}

func scalarKind(n *yaml.Node) policy.NodeKind {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle|yaml.TaggedStyle) != 0 && n.Tag == "!!str" {
		return policy.NodeString
	}
	switch n.Tag {
	case "!!null":
		return policy.NodeNull
	case "!!bool":
		if n.Value == "true" || n.Value == "false" {
			return policy.NodeBool
		}
	case "!!int", "!!float":
		if isJSONNumber(n.Value) {
			return policy.NodeNumber
		}
	}
	return policy.NodeString
}

// isJSONNumber reports whether s follows JSON's number grammar.
func isJSONNumber(s string) bool {
	i := 0
	digits := func() int {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - j
	}
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i < len(s) && s[i] == '0' {
		i++
	} else if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}
