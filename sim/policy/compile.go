package policy

import (
	"sort"
	"strconv"
	"unicode/utf8"
)

// Policy is a compiled policy document. It is immutable and safe for
// concurrent use.
type Policy struct {
	// Version is the Version element as written ("" when absent, which
	// AWS treats as 2008-10-17).
	Version string
	// ID is the Id element ("" when absent).
	ID string
	// Statements are the statements in document order.
	Statements []*Statement

	kind Kind
	// allowAll is set when the policy is a single unconditional Allow of
	// every action on every resource for everyone (FullAWSAccess,
	// RCPFullAWSAccess): Evaluate answers without matching.
	allowAll bool
	// contextFree is set when no statement has a condition, a Principal or
	// NotPrincipal, or a policy variable (ContextFree); resourceFree when
	// every statement's Resource is "*" or absent (ResourceFree).
	contextFree, resourceFree bool
}

// AllowsAll tells whether the policy is one unconditional Allow of every
// action on every resource for everyone (FullAWSAccess, RCPFullAWSAccess),
// which Evaluate and EvaluatePartialTo answer without matching.
func (p *Policy) AllowsAll() bool { return p.allowAll }

// ResourceFree tells whether every statement's Resource is "*" (or the
// statement has none): with ContextFree, the policy's answer then depends
// on the request's action alone.
func (p *Policy) ResourceFree() bool { return p.resourceFree }

// ContextFree tells whether the policy's answer depends on the request's
// action and resource alone: no statement has a condition, a Principal or
// NotPrincipal element, or a policy variable. Evaluate and
// EvaluatePartialTo then give the same answer for any principal, context
// and Known, so a caller may reuse one for the same action and resource.
func (p *Policy) ContextFree() bool { return p.contextFree }

// Kind returns the kind of policy the document was compiled as.
func (p *Policy) Kind() Kind { return p.kind }

// Versions of the policy language.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// maxNodeDepth bounds the recursion over Node trees that did not come from
// ParseJSON (which stops at 64 levels), so that a cyclic or absurdly deep
// tree cannot overflow the stack.
const maxNodeDepth = 1000

// compiler collects the problems of one document.
type compiler struct {
	kind Kind
	vars bool // Version 2012-10-17: ${...} are policy variables
	errs Errors
}

func (c *compiler) errorf(pos Pos, msg string) {
	c.errs = append(c.errs, &Error{Pos: pos, Message: msg})
}

// CompileJSON parses JSON policy text and compiles it as a policy of the
// given kind. A syntax error is returned as the only element of Errors.
func CompileJSON(text string, kind Kind) (*Policy, Errors) {
	n, err := ParseJSON([]byte(text))
	if err != nil {
		if e, ok := err.(*Error); ok {
			return nil, Errors{e}
		}
		return nil, Errors{{Message: err.Error()}}
	}
	return Compile(n, kind)
}

// Compile validates a policy document of the given kind and compiles it.
// It reports every problem found, each with its position, in document
// order; when there is any, the returned Policy is nil.
//
// Messages follow AWS's MalformedPolicyDocument texts where AWS has a
// specific one (for example "Policy document should not specify a
// principal.", "Missing required field Principal", "Has prohibited field
// Resource", "Invalid principal in policy", "Invalid Condition type :
// StringEqualz"); structural problems that AWS reports only as "Syntax
// errors in policy." get a precise message instead.
func Compile(n *Node, kind Kind) (*Policy, Errors) {
	c := &compiler{kind: kind}
	var p *Policy
	if kind > KindRCP {
		c.errorf(Pos{}, "Unknown policy kind "+kind.String())
	} else {
		p = c.document(n)
	}
	c.checkText(n, 0)
	if len(c.errs) > 0 {
		sort.SliceStable(c.errs, func(i, j int) bool {
			a, b := c.errs[i].Pos, c.errs[j].Pos
			if a.Line != b.Line {
				return a.Line < b.Line
			}
			return a.Col < b.Col
		})
		return nil, c.errs
	}
	p.allowAll = isAllowAll(p)
	p.contextFree = isContextFree(p)
	p.resourceFree = isResourceFree(p)
	return p, nil
}

// isAllowAll recognizes the policies AWS attaches everywhere: one Allow
// statement for Action "*" on Resource "*" (or none), Principal "*" (or
// none, or in a trust policy not at all), and no condition.
func isAllowAll(p *Policy) bool {
	if len(p.Statements) != 1 {
		return false
	}
	s := p.Statements[0]
	if s.Effect != EffectAllow || s.notAction || len(s.conditions) > 0 || !s.anyService {
		return false
	}
	if len(s.actions) != 1 || s.actions[0].mode != globAll {
		return false
	}
	if s.hasResource && (s.notResource || len(s.resources) != 1 || !s.resources[0].arn.all || s.resources[0].dyn) {
		return false
	}
	if s.hasPrincipal {
		// "*" in a trust policy does not name anonymous callers, so only
		// other kinds qualify.
		if p.kind == KindTrust || s.notPrincipal || len(s.principals) != 1 || s.principals[0].kind != principalAll {
			return false
		}
	}
	return true
}

func isContextFree(p *Policy) bool {
	for _, s := range p.Statements {
		if len(s.conditions) > 0 || s.hasPrincipal || len(s.vars) > 0 {
			return false
		}
		for i := range s.resources {
			if s.resources[i].dyn {
				return false
			}
		}
	}
	return true
}

func isResourceFree(p *Policy) bool {
	for _, s := range p.Statements {
		if !s.hasResource {
			continue
		}
		if s.notResource {
			return false
		}
		for i := range s.resources {
			if !s.resources[i].arn.all || s.resources[i].dyn {
				return false
			}
		}
	}
	return true
}

var documentFields = []string{"Version", "Id", "Statement"}

// document compiles the top level of a policy.
func (c *compiler) document(n *Node) *Policy {
	p := &Policy{kind: c.kind}
	if n == nil || n.Kind != NodeMap {
		c.errorf(nodePos(n, Pos{Line: 1, Col: 1}), "Syntax errors in policy: the policy document must be a JSON object")
		return p
	}
	c.checkDuplicateKeys(n)
	// Version first: it decides how ${...} is read everywhere else.
	if f := field(n, "Version"); f != nil {
		if f.Value == nil || f.Value.Kind != NodeString || (f.Value.Value != Version2012 && f.Value.Value != Version2008) {
			c.errorf(nodePos(f.Value, f.KeyPos), "The policy must contain a valid version string")
		} else {
			p.Version = f.Value.Value
		}
	}
	c.vars = p.Version == Version2012
	var stmts *Field
	for i := range n.Fields {
		f := &n.Fields[i]
		switch f.Key {
		case "Version":
		case "Id":
			if f.Value == nil || f.Value.Kind != NodeString {
				c.errorf(nodePos(f.Value, f.KeyPos), "Id must be a string")
			} else {
				p.ID = f.Value.Value
			}
		case "Statement":
			stmts = f
		default:
			c.unknownField(f, documentFields)
		}
	}
	if stmts == nil {
		c.errorf(n.Pos, "Missing required field Statement")
		return p
	}
	var items []*Node
	switch v := stmts.Value; {
	case v != nil && v.Kind == NodeMap:
		items = []*Node{v}
	case v != nil && v.Kind == NodeList:
		items = v.Items
		if len(items) == 0 {
			c.errorf(v.Pos, "Syntax errors in policy: Statement must not be an empty list")
		}
	default:
		c.errorf(nodePos(v, stmts.KeyPos), "Syntax errors in policy: Statement must be an object or a list of objects")
		return p
	}
	sids := map[string]bool{}
	for _, item := range items {
		s := c.statement(item, len(p.Statements))
		if s == nil {
			continue
		}
		if s.Sid != "" {
			if sids[s.Sid] {
				c.errorf(s.sidPos, msgSidUnique)
			}
			sids[s.Sid] = true
		}
		p.Statements = append(p.Statements, s)
	}
	return p
}

// unknownField reports a key that is not one of known, with a did-you-mean
// hint.
func (c *compiler) unknownField(f *Field, known []string) {
	msg := "Unknown field " + f.Key
	if s := suggest(f.Key, known); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	c.errorf(f.KeyPos, msg)
}

// checkDuplicateKeys reports keys that appear twice in one map. ParseJSON
// rejects them already; trees built elsewhere may not.
func (c *compiler) checkDuplicateKeys(n *Node) {
	if len(n.Fields) < 2 {
		return
	}
	seen := make(map[string]bool, len(n.Fields))
	for _, f := range n.Fields {
		if seen[f.Key] {
			c.errorf(f.KeyPos, "Duplicate key "+f.Key)
		}
		seen[f.Key] = true
	}
}

// field returns the first field named key, or nil.
func field(n *Node, key string) *Field {
	for i := range n.Fields {
		if n.Fields[i].Key == key {
			return &n.Fields[i]
		}
	}
	return nil
}

// nodePos returns n's position, or def for a nil node.
func nodePos(n *Node, def Pos) Pos {
	if n == nil {
		return def
	}
	return n.Pos
}

// scalarList returns the scalar items of a value that is one scalar or a
// list of scalars. Only strings are accepted unless anyScalar is set, in
// which case numbers and booleans count too (as their literal text). It
// reports every item of another type (at its position, or at def for a nil
// node) and then returns ok false.
func (c *compiler) scalarList(n *Node, def Pos, what string, anyScalar bool) ([]*Node, bool) {
	accept := func(x *Node) bool {
		if x == nil {
			return false
		}
		switch x.Kind {
		case NodeString:
			return true
		case NodeNumber, NodeBool:
			return anyScalar
		}
		return false
	}
	expect := "a string or a list of strings"
	if anyScalar {
		expect = "a string, number or boolean, or a list of them"
	}
	if n != nil && n.Kind == NodeList {
		out := make([]*Node, 0, len(n.Items))
		ok := true
		for _, it := range n.Items {
			if !accept(it) {
				c.errorf(nodePos(it, n.Pos), "Syntax errors in policy: "+what+" must be "+expect+", not "+kindName(it))
				ok = false
				continue
			}
			out = append(out, it)
		}
		return out, ok
	}
	if !accept(n) {
		c.errorf(nodePos(n, def), "Syntax errors in policy: "+what+" must be "+expect+", not "+kindName(n))
		return nil, false
	}
	return []*Node{n}, true
}

func kindName(n *Node) string {
	if n == nil {
		return "null"
	}
	return n.Kind.String()
}

// checkText reports strings and keys holding characters outside the set a
// policy document may contain: TAB, LF, CR and U+0020 to U+00FF.
func (c *compiler) checkText(n *Node, depth int) {
	if n == nil {
		return
	}
	if depth > maxNodeDepth {
		c.errorf(n.Pos, "Syntax errors in policy: the document is nested too deeply")
		return
	}
	switch n.Kind {
	case NodeString:
		c.checkChars(n.Value, n.Pos)
	case NodeList:
		for _, it := range n.Items {
			c.checkText(it, depth+1)
		}
	case NodeMap:
		for _, f := range n.Fields {
			c.checkChars(f.Key, f.KeyPos)
			c.checkText(f.Value, depth+1)
		}
	}
}

func (c *compiler) checkChars(s string, pos Pos) {
	for i, r := range s {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xFF) {
			continue
		}
		if r == utf8.RuneError && !validRuneAt(s, i) {
			c.errorf(pos, "Policy text contains invalid UTF-8")
			return
		}
		c.errorf(pos, "Policy text contains the character "+runeName(r)+
			"; a policy may contain only TAB, LF, CR and U+0020 to U+00FF")
		return
	}
}

func validRuneAt(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	return !(r == utf8.RuneError && n <= 1)
}

// runeName formats r as U+XXXX.
func runeName(r rune) string {
	h := strconv.FormatInt(int64(r), 16)
	for len(h) < 4 {
		h = "0" + h
	}
	return "U+" + toUpperASCII(h)
}

func toUpperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}
