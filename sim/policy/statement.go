package policy

import (
	"strconv"
	"strings"
)

// Statement is one compiled statement of a Policy. Its exported fields and
// accessors describe the statement as written, for explanations; the
// compiled matchers are private.
type Statement struct {
	// Index is the statement's 0-based position in the policy.
	Index int
	// Sid is the statement ID ("" when absent).
	Sid    string
	Effect Effect
	// Pos is the position of the statement's opening brace.
	Pos Pos

	kind   Kind
	sidPos Pos

	notAction  bool
	actionText []string
	actions    []glob
	// services are the distinct service prefixes of the actions, with
	// their colon ("s3:"), for a quick rejection; anyService is set when
	// an action is "*".
	services   []string
	anyService bool

	hasResource  bool
	notResource  bool
	resourceText []string
	resources    []resourcePattern

	hasPrincipal bool
	notPrincipal bool
	principals   []principalEntry

	conditions []condition

	// vars are the statement's policy variables that have no default, in
	// document order (Resource/NotResource first, then condition values).
	// A statement any of whose variables is absent from the request is
	// invalid and applies to nothing (IAM User Guide, policy variables).
	vars []tok
}

// collectVars gathers the statement's variables without a default.
func (s *Statement) collectVars() {
	add := func(toks []tok) {
		for _, t := range toks {
			if t.kind == tokVar && !t.hasDef {
				s.vars = append(s.vars, t)
			}
		}
	}
	for i := range s.resources {
		if s.resources[i].dyn {
			add(s.resources[i].toks)
		}
	}
	for i := range s.conditions {
		for j := range s.conditions[i].values {
			if v := &s.conditions[i].values[j]; v.dyn {
				add(v.toks)
			}
		}
	}
}

// unresolved returns the first of the statement's variables whose key the
// request does not supply with exactly one value, or nil when every
// variable resolves.
func (s *Statement) unresolved(ctx *Context) *tok {
	for i := range s.vars {
		if _, ok := s.vars[i].resolve(ctx); !ok {
			return &s.vars[i]
		}
	}
	return nil
}

// resourcePattern is a compiled Resource or NotResource entry.
type resourcePattern struct {
	arn  arnPattern
	toks []tok // with policy variables: checked to resolve before matching
	dyn  bool
}

// Label names the statement in messages: its Sid, or "Statement[<index>]"
// when it has none.
func (s *Statement) Label() string {
	if s.Sid != "" {
		return s.Sid
	}
	return "Statement[" + strconv.Itoa(s.Index) + "]"
}

// Actions returns the Action (or NotAction) entries as written.
func (s *Statement) Actions() []string { return append([]string(nil), s.actionText...) }

// NotAction reports whether the statement uses NotAction.
func (s *Statement) NotAction() bool { return s.notAction }

// HasResource reports whether the statement has a Resource or NotResource
// element. (An SCP statement without one applies to every resource; a trust
// policy statement never has one.)
func (s *Statement) HasResource() bool { return s.hasResource }

// Resources returns the Resource (or NotResource) entries as written.
func (s *Statement) Resources() []string { return append([]string(nil), s.resourceText...) }

// NotResource reports whether the statement uses NotResource.
func (s *Statement) NotResource() bool { return s.notResource }

// HasPrincipal reports whether the statement has a Principal or
// NotPrincipal element.
func (s *Statement) HasPrincipal() bool { return s.hasPrincipal }

// Principals returns the Principal (or NotPrincipal) entries as written.
func (s *Statement) Principals() []PrincipalSpec {
	out := make([]PrincipalSpec, len(s.principals))
	for i, p := range s.principals {
		out[i] = p.spec
	}
	return out
}

// NotPrincipal reports whether the statement uses NotPrincipal.
func (s *Statement) NotPrincipal() bool { return s.notPrincipal }

// Conditions returns the statement's condition tests (one per operator and
// key) in document order.
func (s *Statement) Conditions() []ConditionSpec {
	out := make([]ConditionSpec, len(s.conditions))
	for i := range s.conditions {
		out[i] = s.conditions[i].spec
		out[i].Values = append([]string(nil), out[i].Values...)
		out[i].ValuePos = append([]Pos(nil), out[i].ValuePos...)
	}
	return out
}

var statementFields = []string{
	"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource",
	"Principal", "NotPrincipal", "Condition",
}

// Messages AWS returns for statement problems.
const (
	msgMissingActions    = "Policy statement must contain actions."
	msgMissingResources  = "Policy statement must contain resources."
	msgNoPrincipal       = "Policy document should not specify a principal."
	msgSidUnique         = "Statement IDs (SID) in a single policy must be unique."
	msgSidAlnum          = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
	msgNoVendor          = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	msgOneColon          = "Actions/Condition can contain only one colon."
	msgResourceVendor    = "Resource vendor must be fully qualified and cannot contain regexes."
	msgRCPAllow          = "RCP Allow statements are not supported"
	msgNotPrincipalAllow = `Syntax errors in policy: NotPrincipal is not supported with "Effect": "Allow" (use Principal, or Deny with NotPrincipal)`
)

// statement compiles one statement; it returns nil when n is not an
// object.
func (c *compiler) statement(n *Node, index int) *Statement {
	if n == nil || n.Kind != NodeMap {
		c.errorf(nodePos(n, Pos{}), "Syntax errors in policy: a statement must be an object, not "+kindName(n))
		return nil
	}
	c.checkDuplicateKeys(n)
	s := &Statement{Index: index, Pos: n.Pos, kind: c.kind}
	var (
		effect, action, notAction, resource, notResource *Field
		principal, notPrincipal, cond                    *Field
	)
	for i := range n.Fields {
		f := &n.Fields[i]
		switch f.Key {
		case "Sid":
			s.sidPos = f.KeyPos
			if f.Value == nil || f.Value.Kind != NodeString {
				c.errorf(nodePos(f.Value, f.KeyPos), "Syntax errors in policy: Sid must be a string")
				continue
			}
			s.Sid = f.Value.Value
			s.sidPos = f.Value.Pos
			if (c.kind == KindIdentity || c.kind == KindSCP) && !isAlnum(s.Sid) {
				c.errorf(f.Value.Pos, msgSidAlnum)
			}
		case "Effect":
			effect = f
		case "Action":
			action = f
		case "NotAction":
			notAction = f
		case "Resource":
			resource = f
		case "NotResource":
			notResource = f
		case "Principal":
			principal = f
		case "NotPrincipal":
			notPrincipal = f
		case "Condition":
			cond = f
		default:
			c.unknownField(f, statementFields)
		}
	}

	// Effect.
	switch {
	case effect == nil:
		c.errorf(n.Pos, "Missing required field Effect")
	case effect.Value == nil || effect.Value.Kind != NodeString:
		c.errorf(nodePos(effect.Value, effect.KeyPos), `Syntax errors in policy: Effect must be "Allow" or "Deny"`)
	case effect.Value.Value == "Allow":
		s.Effect = EffectAllow
	case effect.Value.Value == "Deny":
		s.Effect = EffectDeny
	default:
		c.errorf(effect.Value.Pos, "Invalid Effect "+effect.Value.Value+`: must be "Allow" or "Deny" (case-sensitive)`)
	}

	// Action / NotAction.
	switch {
	case action != nil && notAction != nil:
		c.errorf(notAction.KeyPos, "Syntax errors in policy: a statement must not have both Action and NotAction")
	case action == nil && notAction == nil:
		c.errorf(n.Pos, msgMissingActions)
	default:
		f := action
		if f == nil {
			f = notAction
			s.notAction = true
		}
		c.actions(s, f)
	}

	// Resource / NotResource.
	switch {
	case resource != nil && notResource != nil:
		c.errorf(notResource.KeyPos, "Syntax errors in policy: a statement must not have both Resource and NotResource")
	case c.kind == KindTrust && (resource != nil || notResource != nil):
		f, name := resource, "Resource"
		if f == nil {
			f, name = notResource, "NotResource"
		}
		c.errorf(f.KeyPos, "Has prohibited field "+name)
	case resource == nil && notResource == nil:
		if c.kind == KindIdentity || c.kind == KindResource || c.kind == KindRCP {
			c.errorf(n.Pos, "Missing required field Resource")
		}
	default:
		f := resource
		if f == nil {
			f = notResource
			s.notResource = true
		}
		s.hasResource = true
		c.resources(s, f)
	}

	// Principal / NotPrincipal.
	switch {
	case (c.kind == KindIdentity || c.kind == KindSCP) && (principal != nil || notPrincipal != nil):
		f := principal
		if f == nil {
			f = notPrincipal
		}
		c.errorf(f.KeyPos, msgNoPrincipal)
	case principal != nil && notPrincipal != nil:
		c.errorf(notPrincipal.KeyPos, "Syntax errors in policy: a statement must not have both Principal and NotPrincipal")
	case notPrincipal != nil && (c.kind == KindTrust || c.kind == KindRCP):
		c.errorf(notPrincipal.KeyPos, "Has prohibited field NotPrincipal")
	case principal == nil && notPrincipal == nil:
		if c.kind == KindTrust || c.kind == KindResource || c.kind == KindRCP {
			c.errorf(n.Pos, "Missing required field Principal")
		}
	default:
		f := principal
		if f == nil {
			f = notPrincipal
			s.notPrincipal = true
		}
		s.hasPrincipal = true
		if s.notPrincipal && effect != nil && effect.Value != nil && effect.Value.Value == "Allow" {
			// AWS no longer supports NotPrincipal with Allow; accepting it
			// would grant to everyone not listed.
			c.errorf(notPrincipal.KeyPos, msgNotPrincipalAllow)
		}
		s.principals = c.principal(f.Value)
		if c.kind == KindRCP && !rcpPrincipalOK(s.principals) {
			c.errorf(nodePos(f.Value, f.KeyPos), `RCP statements must use "Principal": "*"`)
		}
	}

	if cond != nil {
		s.conditions = c.conditions(cond.Value)
	}
	s.collectVars()

	// RCPs: only the managed RCPFullAWSAccess may allow, and it allows
	// "*" on "*" without conditions.
	if c.kind == KindRCP && effect != nil && s.Effect == EffectAllow && effect.Value != nil && effect.Value.Value == "Allow" {
		if s.notAction || !isOnlyStar(s.actionText) || s.notResource || !isOnlyStar(s.resourceText) || cond != nil {
			c.errorf(effect.Value.Pos, msgRCPAllow)
		}
	}
	return s
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

func isOnlyStar(list []string) bool {
	return len(list) == 1 && list[0] == "*"
}

func rcpPrincipalOK(entries []principalEntry) bool {
	if len(entries) == 0 {
		return false
	}
	for _, e := range entries {
		if e.kind != principalAll {
			return false
		}
	}
	return true
}

// actions compiles an Action or NotAction element.
func (c *compiler) actions(s *Statement, f *Field) {
	items, ok := c.scalarList(f.Value, f.KeyPos, f.Key, false)
	if !ok {
		return
	}
	if len(items) == 0 {
		c.errorf(nodePos(f.Value, f.KeyPos), msgMissingActions)
		return
	}
	for _, it := range items {
		a := it.Value
		s.actionText = append(s.actionText, a)
		if msg := checkAction(a, c.vars); msg != "" {
			c.errorf(it.Pos, msg)
			continue
		}
		s.actions = append(s.actions, newGlob(wildTokens(a)))
		svc := actionService(a)
		if svc == "" {
			s.anyService = true
			continue
		}
		known := false
		for _, x := range s.services {
			known = known || equalFoldASCII(x, svc)
		}
		if !known {
			s.services = append(s.services, svc)
		}
	}
}

// actionService returns an action's service prefix with its colon
// ("s3:" for "s3:GetObject"), or "" when it has no colon.
func actionService(a string) string {
	if i := strings.IndexByte(a, ':'); i >= 0 {
		return a[:i+1]
	}
	return ""
}

// checkAction validates an action pattern: "*" or "vendor:action", the
// vendor without wildcards.
func checkAction(a string, vars bool) string {
	if a == "*" {
		return ""
	}
	colon := strings.IndexByte(a, ':')
	if colon < 0 {
		return msgNoVendor
	}
	if strings.IndexByte(a[colon+1:], ':') >= 0 {
		return msgOneColon
	}
	vendor := a[:colon]
	if vendor == "" || !validVendor(vendor) {
		return "Vendor " + vendor + " is not valid"
	}
	if vars && containsVariable(a) {
		return "Policy variables are not allowed in Action: " + a
	}
	return ""
}

// validVendor checks a service prefix: letters, digits, '-', '.' and '_'.
func validVendor(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// resources compiles a Resource or NotResource element.
func (c *compiler) resources(s *Statement, f *Field) {
	items, ok := c.scalarList(f.Value, f.KeyPos, f.Key, false)
	if !ok {
		return
	}
	if len(items) == 0 {
		c.errorf(nodePos(f.Value, f.KeyPos), msgMissingResources)
		return
	}
	for _, it := range items {
		r := it.Value
		s.resourceText = append(s.resourceText, r)
		rp, msg := compileResource(r, c.vars)
		if msg != "" {
			c.errorf(it.Pos, msg)
			continue
		}
		s.resources = append(s.resources, rp)
	}
}

// compileResource compiles one Resource entry: "*" or an ARN whose
// resource segment may hold policy variables.
func compileResource(r string, vars bool) (resourcePattern, string) {
	toks, msg := parseTemplate(r, vars, true)
	if msg != "" {
		return resourcePattern{}, msg
	}
	if len(toks) == 1 && toks[0].kind == tokStar {
		return resourcePattern{arn: arnPattern{all: true}}, ""
	}
	notARN := "Resource " + r + ` must be in ARN format or "*".`
	if !strings.HasPrefix(r, "arn:") {
		return resourcePattern{}, notARN
	}
	segs, ok := splitToksARN(toks)
	if !ok {
		return resourcePattern{}, notARN
	}
	if len(segs[2]) == 0 || hasWildcards(segs[2]) {
		return resourcePattern{}, msgResourceVendor
	}
	for i := 0; i < 5; i++ {
		if hasVars(segs[i]) {
			return resourcePattern{}, "Policy variables are allowed only in the resource part of an ARN (after the fifth colon): " + r
		}
	}
	rp := resourcePattern{arn: newARNPattern(toks, false)}
	if hasVars(toks) {
		rp.toks, rp.dyn = toks, true
	}
	return rp, ""
}
