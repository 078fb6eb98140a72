package policy

import (
	"strings"
	"testing"
)

// The properties below are checked by FuzzPolicy on every policy that
// compiles: evaluation never fails open.

// cloneNode deep-copies a tree.
func cloneNode(n *Node) *Node {
	if n == nil {
		return nil
	}
	c := &Node{Kind: n.Kind, Value: n.Value, Pos: n.Pos}
	for _, it := range n.Items {
		c.Items = append(c.Items, cloneNode(it))
	}
	for _, f := range n.Fields {
		c.Fields = append(c.Fields, Field{Key: f.Key, KeyPos: f.KeyPos, Value: cloneNode(f.Value)})
	}
	return c
}

// statementNodes returns a copy of the document and the statement nodes of
// that copy, or false when the document is not a map with a Statement.
func statementNodes(doc *Node) (*Node, *Field, []*Node, bool) {
	c := cloneNode(doc)
	if c == nil || c.Kind != NodeMap {
		return nil, nil, nil, false
	}
	f := field(c, "Statement")
	if f == nil || f.Value == nil {
		return nil, nil, nil, false
	}
	switch f.Value.Kind {
	case NodeList:
		return c, f, f.Value.Items, true
	case NodeMap:
		return c, f, []*Node{f.Value}, true
	}
	return nil, nil, nil, false
}

// withStatements returns a copy of doc whose Statement list is stmts.
func withStatements(doc *Node, stmts []*Node) *Node {
	c, f, _, ok := statementNodes(doc)
	if !ok {
		return nil
	}
	f.Value = &Node{Kind: NodeList, Items: stmts, Pos: f.Value.Pos}
	return c
}

// withEffect returns a copy of statement s with its Effect set to effect.
func withEffect(s *Node, effect string) *Node {
	c := cloneNode(s)
	if f := field(c, "Effect"); f != nil {
		f.Value = &Node{Kind: NodeString, Value: effect, Pos: f.Value.Pos}
	}
	return c
}

// renamed returns a copy of statement s with field from renamed to, or nil
// when s has no such field.
func renamed(s *Node, from, to string) *Node {
	c := cloneNode(s)
	f := field(c, from)
	if f == nil || field(c, to) != nil {
		return nil
	}
	f.Key = to
	return c
}

func mustCompileNode(t *testing.T, n *Node, kind Kind) *Policy {
	t.Helper()
	if n == nil {
		return nil
	}
	p, errs := Compile(n, kind)
	if len(errs) > 0 {
		return nil
	}
	return p
}

// checkFailClosed checks, for a compiled policy p of doc and request r:
//   - the decision does not depend on statement order;
//   - appending any of its statements as a Deny never turns an ExplicitDeny
//     into something else, nor an ImplicitDeny into an Allow;
//   - appending any of its statements as an Allow never turns an Allow or
//     an ExplicitDeny into something else;
//   - a NotAction (NotResource) statement's Action (Resource) part matches
//     exactly when the Action (Resource) form does not;
//   - a statement holding a policy variable that the request cannot resolve
//     never decides (checked from the statement text, apart from the
//     evaluator).
func checkFailClosed(t *testing.T, doc *Node, p *Policy, kind Kind, r *Request) {
	t.Helper()
	got := p.Evaluate(r).Decision
	_, _, stmts, ok := statementNodes(doc)
	if !ok || len(stmts) == 0 || len(stmts) > 8 {
		return
	}

	// Order independence.
	rev := make([]*Node, len(stmts))
	for i, s := range stmts {
		rev[len(stmts)-1-i] = cloneNode(s)
	}
	if q := mustCompileNode(t, withStatements(doc, rev), kind); q != nil {
		if d := q.Evaluate(r).Decision; d != got {
			t.Fatalf("%v: reversing the statements changed the decision from %v to %v", kind, got, d)
		}
	}

	for _, s := range stmts {
		for _, effect := range []string{"Deny", "Allow"} {
			more := append(append([]*Node(nil), stmts...), withEffect(s, effect))
			q := mustCompileNode(t, withStatements(doc, more), kind)
			if q == nil {
				continue
			}
			d := q.Evaluate(r).Decision
			switch {
			case got == ExplicitDeny && d != ExplicitDeny:
				t.Fatalf("%v: appending a statement as %s turned ExplicitDeny into %v", kind, effect, d)
			case effect == "Deny" && got == ImplicitDeny && d == Allow:
				t.Fatalf("%v: appending a Deny turned ImplicitDeny into Allow", kind)
			case effect == "Allow" && got == Allow && d != Allow:
				t.Fatalf("%v: appending an Allow turned Allow into %v", kind, d)
			}
		}
		// NotX matches exactly when X does not.
		one := mustCompileNode(t, withStatements(doc, []*Node{cloneNode(s)}), kind)
		if one == nil {
			continue
		}
		base := one.Explain(r)[0]
		for _, pair := range [][2]string{{"Action", "NotAction"}, {"NotAction", "Action"}, {"Resource", "NotResource"}, {"NotResource", "Resource"}} {
			neg := mustCompileNode(t, withStatements(doc, []*Node{renamed(s, pair[0], pair[1])}), kind)
			if neg == nil {
				continue
			}
			nr := neg.Explain(r)[0]
			if strings.HasSuffix(pair[0], "Action") && nr.Action.Matched == base.Action.Matched {
				t.Fatalf("%v: %s part matched %v, %s part matched %v: they must be complements", kind, pair[0], base.Action.Matched, pair[1], nr.Action.Matched)
			}
			if strings.HasSuffix(pair[0], "Resource") && base.Unresolved == "" && nr.Resource.Matched == base.Resource.Matched {
				t.Fatalf("%v: %s part matched %v, %s part matched %v: they must be complements", kind, pair[0], base.Resource.Matched, pair[1], nr.Resource.Matched)
			}
		}
	}

	// A statement with an unresolvable variable never decides.
	if p.Version != Version2012 {
		return
	}
	res := p.Evaluate(r)
	if res.Statement == nil {
		return
	}
	var texts []string
	texts = append(texts, res.Statement.Resources()...)
	for _, c := range res.Statement.Conditions() {
		texts = append(texts, c.Values...)
	}
	for _, text := range texts {
		for _, key := range variablesWithoutDefault(text) {
			if v, ok := r.Context.Get(key); !ok || len(v) != 1 || IsMultivalued(key) {
				t.Fatalf("%v: statement %s decided %v although its variable ${%s} has no value in the request", kind, res.Statement.Label(), res.Decision, key)
			}
		}
	}
}

// variablesWithoutDefault returns the keys of the ${key} variables in text
// that have no default, skipping the escapes ${*}, ${?} and ${$}. It is a
// plain scan, independent of the compiler's parser.
func variablesWithoutDefault(text string) []string {
	var keys []string
	for {
		i := strings.Index(text, "${")
		if i < 0 {
			return keys
		}
		text = text[i+2:]
		j := strings.IndexByte(text, '}')
		if j < 0 {
			return keys
		}
		inner := text[:j]
		text = text[j+1:]
		if inner == "*" || inner == "?" || inner == "$" || strings.Contains(inner, ",") {
			continue
		}
		keys = append(keys, strings.TrimSpace(inner))
	}
}
