package policy

import (
	"bytes"
	"encoding/base64"
	"net/netip"
	"strings"
)

// ConditionSpec is one test of a Condition element — an operator applied to
// one key — as written in the policy.
type ConditionSpec struct {
	// Operator is the operator as written, prefix and suffix included
	// (e.g. "ForAnyValue:StringLikeIfExists").
	Operator string
	// Key is the condition key as written.
	Key string
	// Values are the policy values as written (numbers and booleans as
	// their literal text).
	Values []string
	// Pos is the operator's position, KeyPos the key's, ValuePos each
	// value's.
	Pos      Pos
	KeyPos   Pos
	ValuePos []Pos
}

// family is the type of comparison an operator makes.
type family uint8

const (
	famString           family = iota // StringEquals, StringNotEquals
	famStringIgnoreCase               // StringEqualsIgnoreCase, StringNotEqualsIgnoreCase
	famStringLike                     // StringLike, StringNotLike
	famNumeric                        // Numeric*
	famDate                           // Date*
	famBool                           // Bool
	famBinary                         // BinaryEquals
	famIP                             // IpAddress, NotIpAddress
	famArn                            // ArnEquals, ArnLike, ArnNotEquals, ArnNotLike
	famNull                           // Null
)

// cmpOp is the ordering test of Numeric and Date operators.
type cmpOp uint8

const (
	cmpEq cmpOp = iota
	cmpLT
	cmpLE
	cmpGT
	cmpGE
)

type setMode uint8

const (
	setNone   setMode = iota
	setForAll         // ForAllValues:
	setForAny         // ForAnyValue:
)

type operatorDef struct {
	name    string
	fam     family
	cmp     cmpOp
	negated bool
}

// operators are every base condition operator, in AWS's spelling.
var operators = []operatorDef{
	{"StringEquals", famString, cmpEq, false},
	{"StringNotEquals", famString, cmpEq, true},
	{"StringEqualsIgnoreCase", famStringIgnoreCase, cmpEq, false},
	{"StringNotEqualsIgnoreCase", famStringIgnoreCase, cmpEq, true},
	{"StringLike", famStringLike, cmpEq, false},
	{"StringNotLike", famStringLike, cmpEq, true},
	{"NumericEquals", famNumeric, cmpEq, false},
	{"NumericNotEquals", famNumeric, cmpEq, true},
	{"NumericLessThan", famNumeric, cmpLT, false},
	{"NumericLessThanEquals", famNumeric, cmpLE, false},
	{"NumericGreaterThan", famNumeric, cmpGT, false},
	{"NumericGreaterThanEquals", famNumeric, cmpGE, false},
	{"DateEquals", famDate, cmpEq, false},
	{"DateNotEquals", famDate, cmpEq, true},
	{"DateLessThan", famDate, cmpLT, false},
	{"DateLessThanEquals", famDate, cmpLE, false},
	{"DateGreaterThan", famDate, cmpGT, false},
	{"DateGreaterThanEquals", famDate, cmpGE, false},
	{"Bool", famBool, cmpEq, false},
	{"BinaryEquals", famBinary, cmpEq, false},
	{"IpAddress", famIP, cmpEq, false},
	{"NotIpAddress", famIP, cmpEq, true},
	{"ArnEquals", famArn, cmpEq, false},
	{"ArnLike", famArn, cmpEq, false},
	{"ArnNotEquals", famArn, cmpEq, true},
	{"ArnNotLike", famArn, cmpEq, true},
	{"Null", famNull, cmpEq, false},
}

// operator is a parsed operator name.
type operator struct {
	def      operatorDef
	set      setMode
	ifExists bool
}

// parseOperator parses an operator name such as
// "ForAllValues:StringNotLikeIfExists". Names are matched
// case-insensitively. Null takes neither a set prefix nor IfExists.
func parseOperator(name string) (operator, bool) {
	var op operator
	rest := name
	switch {
	case hasPrefixFoldASCII(rest, "ForAllValues:"):
		op.set, rest = setForAll, rest[len("ForAllValues:"):]
	case hasPrefixFoldASCII(rest, "ForAnyValue:"):
		op.set, rest = setForAny, rest[len("ForAnyValue:"):]
	}
	find := func(s string) (operatorDef, bool) {
		for _, d := range operators {
			if equalFoldASCII(s, d.name) {
				return d, true
			}
		}
		return operatorDef{}, false
	}
	d, ok := find(rest)
	if !ok && len(rest) > len("IfExists") && equalFoldASCII(rest[len(rest)-len("IfExists"):], "IfExists") {
		d, ok = find(rest[:len(rest)-len("IfExists")])
		op.ifExists = true
	}
	if !ok || d.fam == famNull && (op.ifExists || op.set != setNone) {
		return operator{}, false
	}
	op.def = d
	return op, true
}

// condValue is one compiled policy value.
type condValue struct {
	text string // literal value (no variables)
	toks []tok  // String*, StringLike, Bool and Arn values
	dyn  bool   // holds policy variables, resolved at evaluation
	glob glob   // StringLike
	arn  arnPattern
	num  float64
	date instant
	b    bool
	pfx  netip.Prefix
	bin  []byte
}

// condition is one compiled test: an operator applied to one key.
type condition struct {
	spec     ConditionSpec
	fam      family
	cmp      cmpOp
	negated  bool
	ifExists bool
	set      setMode
	key      string
	hash     uint32
	values   []condValue
}

// conditions compiles a Condition element.
func (c *compiler) conditions(n *Node) []condition {
	if n == nil || n.Kind != NodeMap {
		c.errorf(nodePos(n, Pos{}), "Condition must be an object mapping operators to {key: values} objects")
		return nil
	}
	c.checkDuplicateKeys(n)
	var out []condition
	for _, opField := range n.Fields {
		op, ok := parseOperator(opField.Key)
		if !ok {
			c.errorf(opField.KeyPos, "Invalid Condition type : "+opField.Key)
			c.errs[len(c.errs)-1].Suggestion = suggestOperator(opField.Key)
		}
		block := opField.Value
		if block == nil || block.Kind != NodeMap {
			c.errorf(nodePos(block, opField.KeyPos), "Condition block "+opField.Key+" must be an object mapping condition keys to values")
			continue
		}
		c.checkDuplicateKeys(block)
		if len(block.Fields) == 0 && ok {
			c.errorf(block.Pos, "Syntax errors in policy: Condition block "+opField.Key+" must name at least one condition key")
		}
		for _, keyField := range block.Fields {
			if msg := checkKey(keyField.Key); msg != "" {
				c.errorf(keyField.KeyPos, msg)
			}
			valueNodes, listOK := c.scalarList(keyField.Value, keyField.KeyPos, "Condition values", true)
			if listOK && len(valueNodes) == 0 {
				// An empty list would make a negated operator hold for
				// every request.
				c.errorf(nodePos(keyField.Value, keyField.KeyPos), "Syntax errors in policy: condition key "+keyField.Key+" under "+opField.Key+" must have at least one value")
			}
			if !ok {
				continue
			}
			cond := condition{
				spec: ConditionSpec{
					Operator: opField.Key,
					Key:      keyField.Key,
					Pos:      opField.KeyPos,
					KeyPos:   keyField.KeyPos,
				},
				fam:      op.def.fam,
				cmp:      op.def.cmp,
				negated:  op.def.negated,
				ifExists: op.ifExists,
				set:      op.set,
				key:      keyField.Key,
				hash:     foldHash(keyField.Key),
			}
			for _, v := range valueNodes {
				cond.spec.Values = append(cond.spec.Values, v.Value)
				cond.spec.ValuePos = append(cond.spec.ValuePos, v.Pos)
				if cv, ok := c.condValue(op, v); ok {
					cond.values = append(cond.values, cv)
				}
			}
			out = append(out, cond)
		}
	}
	return out
}

// condValue compiles one policy value for op.
func (c *compiler) condValue(op operator, v *Node) (condValue, bool) {
	s := v.Value
	name := op.def.name
	cv := condValue{text: s}
	noVars := func() bool {
		if c.vars && containsVariable(s) {
			c.errorf(v.Pos, "Policy variables are not allowed in "+name+" conditions: "+s)
			return false
		}
		return true
	}
	switch op.def.fam {
	case famString, famStringIgnoreCase, famStringLike, famBool, famArn:
		if op.def.fam == famBool && !noVars() {
			return cv, false
		}
		wild := op.def.fam == famStringLike || op.def.fam == famArn
		toks, msg := parseTemplate(s, c.vars, wild)
		if msg != "" {
			c.errorf(v.Pos, msg)
			return cv, false
		}
		cv.toks, cv.dyn = toks, hasVars(toks)
		if !cv.dyn {
			// Escapes such as ${*} are resolved now.
			cv.text = literalText(toks)
		}
		switch op.def.fam {
		case famStringLike:
			cv.glob = newGlob(toks)
		case famBool:
			if !cv.dyn {
				b, ok := parseBool(cv.text)
				if !ok {
					c.errorf(v.Pos, "Invalid boolean value "+s+" in condition "+name+" (must be true or false)")
					return cv, false
				}
				cv.b = b
			}
		case famArn:
			if !(len(toks) == 1 && toks[0].kind == tokStar) && !cv.dyn {
				if _, ok := splitToksARN(toks); !ok {
					c.errorf(v.Pos, "Invalid ARN "+s+" in condition "+name+` (an ARN has six parts separated by colons, or is "*")`)
					return cv, false
				}
			}
			cv.arn = newARNPattern(toks, true)
		}
	case famNumeric:
		if !noVars() {
			return cv, false
		}
		f, ok := parseNumber(s)
		if !ok {
			c.errorf(v.Pos, "Invalid numeric value "+s+" in condition "+name)
			return cv, false
		}
		cv.num = f
	case famDate:
		if !noVars() {
			return cv, false
		}
		d, ok := parseDate(s)
		if !ok {
			c.errorf(v.Pos, "Invalid date value "+s+" in condition "+name+" (use ISO 8601, e.g. 2024-01-01T00:00:00Z, or epoch seconds)")
			return cv, false
		}
		cv.date = d
	case famBinary:
		if !noVars() {
			return cv, false
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			c.errorf(v.Pos, "Invalid base64 value "+s+" in condition "+name)
			return cv, false
		}
		cv.bin = b
	case famIP:
		if !noVars() {
			return cv, false
		}
		p, ok := parsePrefix(s)
		if !ok {
			c.errorf(v.Pos, "Invalid IP address in Conditions: "+s)
			return cv, false
		}
		cv.pfx = p
	case famNull:
		if !noVars() {
			return cv, false
		}
		b, ok := parseBool(s)
		if !ok {
			c.errorf(v.Pos, "Invalid value "+s+" in condition Null (must be true or false)")
			return cv, false
		}
		cv.b = b
	}
	return cv, true
}

// eval evaluates the condition against ctx.
//
// Semantics, for a key with request values R and policy values P:
//   - Null: "true" holds when the key is absent or has no values, "false"
//     when it has at least one value.
//   - Key absent or without values: ForAllValues is true, ForAnyValue is
//     false (true with IfExists), an IfExists operator is true, a negated
//     operator is true and a positive one false.
//   - Plain operators (no set prefix): positive operators hold when some
//     value of R matches some value of P; negated operators hold when no
//     value of R matches any value of P. This is also how a multivalued
//     key is treated when used without a set operator.
//   - ForAllValues: every value of R satisfies the inner operator;
//     ForAnyValue: some value of R does. A request value satisfies a
//     positive inner operator when it matches some value of P, and a
//     negated one when it matches none.
//   - A request value that is not of the operator's type (a non-number
//     for Numeric, a non-date for Date, a non-boolean for Bool, a non-IP
//     for IpAddress, invalid base64 for BinaryEquals, a non-ARN for Arn
//     operators) makes a plain condition false, negated or not, and
//     never satisfies a set operator.
//   - A policy value whose variables resolve to null matches nothing.
func (c *condition) eval(ctx *Context) bool {
	vals, present := ctx.lookup(c.hash, c.key)
	return c.evalValues(vals, present, ctx)
}

func (c *condition) evalValues(vals []string, present bool, ctx *Context) bool {
	if c.fam == famNull {
		isNull := !present || len(vals) == 0
		for i := range c.values {
			if c.values[i].b == isNull {
				return true
			}
		}
		return false
	}
	if !present || len(vals) == 0 {
		switch c.set {
		case setForAll:
			return true
		case setForAny:
			return c.ifExists
		}
		return c.ifExists || c.negated
	}
	switch c.set {
	case setForAll:
		for _, rv := range vals {
			m, valid := c.matchValue(rv, ctx)
			if !valid || m == c.negated {
				return false
			}
		}
		return true
	case setForAny:
		for _, rv := range vals {
			m, valid := c.matchValue(rv, ctx)
			if valid && m != c.negated {
				return true
			}
		}
		return false
	}
	matched := false
	for _, rv := range vals {
		m, valid := c.matchValue(rv, ctx)
		if !valid {
			return false
		}
		matched = matched || m
	}
	return matched != c.negated
}

// matchValue reports whether the request value rv matches some policy
// value (ignoring negation), and whether rv is valid for the operator's
// type. It does not allocate, except for BinaryEquals and for Arn values
// with policy variables.
func (c *condition) matchValue(rv string, ctx *Context) (bool, bool) {
	switch c.fam {
	case famString, famStringIgnoreCase:
		fold := c.fam == famStringIgnoreCase
		for i := range c.values {
			v := &c.values[i]
			if v.dyn {
				if resolves(v.toks, ctx) && matchExact(v.toks, rv, ctx, fold) {
					return true, true
				}
				continue
			}
			if rv == v.text || fold && strings.EqualFold(rv, v.text) {
				return true, true
			}
		}
		return false, true
	case famStringLike:
		for i := range c.values {
			v := &c.values[i]
			if v.dyn && !resolves(v.toks, ctx) {
				continue
			}
			if v.glob.match(rv, ctx, false) {
				return true, true
			}
		}
		return false, true
	case famNumeric:
		n, ok := parseNumber(rv)
		if !ok {
			return false, false
		}
		for i := range c.values {
			if compareFloat(n, c.values[i].num, c.cmp) {
				return true, true
			}
		}
		return false, true
	case famDate:
		d, ok := parseDate(rv)
		if !ok {
			return false, false
		}
		for i := range c.values {
			if compareOrder(d.compare(c.values[i].date), c.cmp) {
				return true, true
			}
		}
		return false, true
	case famBool:
		b, ok := parseBool(rv)
		if !ok {
			return false, false
		}
		want := "false"
		if b {
			want = "true"
		}
		for i := range c.values {
			v := &c.values[i]
			if v.dyn {
				if resolves(v.toks, ctx) && matchExact(v.toks, want, ctx, true) {
					return true, true
				}
				continue
			}
			if v.b == b {
				return true, true
			}
		}
		return false, true
	case famBinary:
		got, err := base64.StdEncoding.DecodeString(rv)
		if err != nil {
			return false, false
		}
		for i := range c.values {
			if bytes.Equal(got, c.values[i].bin) {
				return true, true
			}
		}
		return false, true
	case famIP:
		a, ok := parseRequestAddr(rv)
		if !ok {
			return false, false
		}
		for i := range c.values {
			if c.values[i].pfx.Contains(a) {
				return true, true
			}
		}
		return false, true
	case famArn:
		arn := lazyARN{s: rv}
		if !arn.get().ok {
			return false, false
		}
		for i := range c.values {
			v := &c.values[i]
			if v.dyn && !resolves(v.toks, ctx) {
				continue
			}
			if v.arn.match(&arn, ctx) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}

func compareFloat(a, b float64, op cmpOp) bool {
	switch op {
	case cmpLT:
		return a < b
	case cmpLE:
		return a <= b
	case cmpGT:
		return a > b
	case cmpGE:
		return a >= b
	}
	return a == b
}

// compareOrder applies op to the result of a three-way comparison.
func compareOrder(c int, op cmpOp) bool {
	switch op {
	case cmpLT:
		return c < 0
	case cmpLE:
		return c <= 0
	case cmpGT:
		return c > 0
	case cmpGE:
		return c >= 0
	}
	return c == 0
}
