package policy

import "strings"

// PrincipalSpec is one entry of a Principal or NotPrincipal element, as
// written.
type PrincipalSpec struct {
	// Type is "AWS", "Service", "Federated" or "CanonicalUser", or "*" for
	// the "Principal": "*" form.
	Type string
	// Value is the entry as written: "*", an account ID, an ARN, a service
	// or provider name.
	Value string
	Pos   Pos
}

type principalKind uint8

const (
	principalAll       principalKind = iota // "*" or {"AWS": "*"}
	principalAccount                        // 12 digits or arn:...:iam::ACCOUNT:root
	principalARN                            // user, role, assumed-role or federated-user ARN
	principalService                        // {"Service": "..."}
	principalFederated                      // {"Federated": "..."}
	principalCanonical                      // {"CanonicalUser": "..."}: never matches here
)

type principalEntry struct {
	spec  PrincipalSpec
	kind  principalKind
	value string // account ID, ARN, service or provider
}

// matches reports whether the entry names p. For a trust policy, "*" names
// every signed (non-anonymous) caller; elsewhere it names everyone.
func (e *principalEntry) matches(p *Principal, kind Kind) bool {
	anonymous := p == nil || p.Anonymous
	switch e.kind {
	case principalAll:
		return kind != KindTrust || !anonymous
	case principalAccount:
		return !anonymous && p.Account == e.value
	case principalARN:
		if anonymous {
			return false
		}
		for _, a := range p.ARNs {
			if a == e.value {
				return true
			}
		}
	case principalService:
		return !anonymous && p.Service != "" && p.Service == e.value
	case principalFederated:
		return !anonymous && p.Federated != "" && p.Federated == e.value
	}
	return false
}

// notPrincipalExempts reports whether a NotPrincipal element exempts p
// from its (Deny) statement, and returns the entry that named p's most
// specific identity ("" when p is not exempt).
//
// An entry exempts exactly the principal it names: an account entry names
// the account principal, not every user and role of the account. A
// principal is exempt only when every level AWS checks is named: its
// account, then each identity of its Chain (user; role and session;
// federated user). A principal with a permissions boundary is never exempt
// (IAM User Guide, permissions boundaries: such a statement always denies
// it). "*" names everyone else.
func notPrincipalExempts(entries []principalEntry, p *Principal) (bool, string) {
	if p != nil && p.HasBoundary {
		return false, ""
	}
	for i := range entries {
		if entries[i].kind == principalAll {
			return true, entries[i].spec.Value
		}
	}
	if p == nil || p.Anonymous {
		return false, ""
	}
	find := func(kind principalKind, value string) string {
		for i := range entries {
			if entries[i].kind == kind && entries[i].value == value {
				return entries[i].spec.Value
			}
		}
		return ""
	}
	switch {
	case p.Service != "":
		e := find(principalService, p.Service)
		return e != "", e
	case p.Federated != "":
		e := find(principalFederated, p.Federated)
		return e != "", e
	}
	last := ""
	if p.Account != "" {
		if last = find(principalAccount, p.Account); last == "" {
			return false, ""
		}
	}
	chain := p.Chain
	if chain == nil {
		chain = p.ARNs
	}
	for _, a := range chain {
		if isRootARN(a) {
			// The root user is the account principal: its account entry
			// names it.
			if last == "" {
				acct, _, _ := parsePrincipalARN(a)
				if last = find(principalAccount, acct); last == "" {
					return false, ""
				}
			}
			continue
		}
		e := find(principalARN, a)
		if e == "" {
			return false, ""
		}
		last = e
	}
	return true, last
}

// isRootARN reports whether a is an account root ARN
// (arn:PARTITION:iam::ACCOUNT:root).
func isRootARN(a string) bool {
	_, root, ok := parsePrincipalARN(a)
	return ok && root
}

// principalTypes are the keys of a Principal map.
var principalTypes = []string{"AWS", "Service", "Federated", "CanonicalUser"}

const msgInvalidPrincipal = "Invalid principal in policy"

// principal compiles a Principal or NotPrincipal element.
func (c *compiler) principal(n *Node) []principalEntry {
	if n == nil {
		c.errorf(Pos{}, msgInvalidPrincipal)
		return nil
	}
	switch n.Kind {
	case NodeString:
		if n.Value != "*" {
			c.errorf(n.Pos, msgInvalidPrincipal+`: a Principal given as a string must be "*"`)
			return nil
		}
		return []principalEntry{{spec: PrincipalSpec{Type: "*", Value: "*", Pos: n.Pos}, kind: principalAll}}
	case NodeMap:
	default:
		c.errorf(n.Pos, msgInvalidPrincipal+": Principal must be \"*\" or an object")
		return nil
	}
	if len(n.Fields) == 0 {
		c.errorf(n.Pos, msgInvalidPrincipal+": Principal must name at least one principal")
		return nil
	}
	var entries []principalEntry
	c.checkDuplicateKeys(n)
	for _, f := range n.Fields {
		typ := ""
		for _, t := range principalTypes {
			if f.Key == t {
				typ = t
			}
		}
		if typ == "" {
			msg := msgInvalidPrincipal + ": unknown principal type " + f.Key
			if s := suggest(f.Key, principalTypes); s != "" {
				msg += " (did you mean " + s + "?)"
			}
			c.errorf(f.KeyPos, msg)
			continue
		}
		values, ok := c.scalarList(f.Value, f.KeyPos, "Principal "+typ, false)
		if ok && len(values) == 0 {
			c.errorf(nodePos(f.Value, f.KeyPos), msgInvalidPrincipal+": empty list of "+typ+" principals")
		}
		for _, v := range values {
			e, ok := c.principalEntry(typ, v)
			if ok {
				entries = append(entries, e)
			}
		}
	}
	return entries
}

// principalEntry validates one principal value.
func (c *compiler) principalEntry(typ string, v *Node) (principalEntry, bool) {
	s := v.Value
	e := principalEntry{spec: PrincipalSpec{Type: typ, Value: s, Pos: v.Pos}, value: s}
	fail := func() (principalEntry, bool) {
		c.errorf(v.Pos, msgInvalidPrincipal)
		return principalEntry{}, false
	}
	switch typ {
	case "AWS":
		switch {
		case s == "*":
			e.kind = principalAll
		case isAccountID(s):
			e.kind = principalAccount
		default:
			acct, isRoot, ok := parsePrincipalARN(s)
			if !ok {
				return fail()
			}
			if isRoot {
				e.kind, e.value = principalAccount, acct
			} else {
				e.kind = principalARN
			}
		}
	case "Service":
		if !validServiceName(s) {
			return fail()
		}
		e.kind = principalService
	case "Federated":
		if s == "" || strings.ContainsAny(s, "*? \t\r\n") {
			return fail()
		}
		e.kind = principalFederated
	case "CanonicalUser":
		if s == "" || strings.ContainsAny(s, "*? \t\r\n") {
			return fail()
		}
		e.kind = principalCanonical
	}
	return e, true
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// parsePrincipalARN validates an AWS principal ARN: an account root
// (arn:aws:iam::ACCOUNT:root), an IAM user or role (with path), an
// assumed-role session or a federated user. It returns the account and
// whether the ARN is a root ARN.
func parsePrincipalARN(s string) (string, bool, bool) {
	p := splitARN(s)
	if !p.ok || p.segs[0] != "arn" || !validPartition(p.segs[1]) || p.segs[3] != "" || !isAccountID(p.segs[4]) {
		return "", false, false
	}
	acct, res := p.segs[4], p.segs[5]
	switch p.segs[2] {
	case "iam":
		if res == "root" {
			return acct, true, true
		}
		for _, prefix := range []string{"user/", "role/"} {
			if strings.HasPrefix(res, prefix) && validIAMPathName(res[len(prefix):]) {
				return acct, false, true
			}
		}
	case "sts":
		if rest, ok := strings.CutPrefix(res, "assumed-role/"); ok {
			role, session, ok := strings.Cut(rest, "/")
			if ok && validIAMName(role) && validIAMName(session) {
				return acct, false, true
			}
		}
		if rest, ok := strings.CutPrefix(res, "federated-user/"); ok && validIAMName(rest) {
			return acct, false, true
		}
	}
	return "", false, false
}

// validPartition accepts aws and aws-<suffix> partitions (aws-cn,
// aws-us-gov, aws-iso-b, ...).
func validPartition(s string) bool {
	if s == "aws" {
		return true
	}
	rest, ok := strings.CutPrefix(s, "aws-")
	if !ok || rest == "" || rest[len(rest)-1] == '-' {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !('a' <= c && c <= 'z' || c == '-') {
			return false
		}
	}
	return true
}

// validIAMName checks an IAM name or session name: [\w+=,.@-]+.
func validIAMName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte("_+=,.@-", c) >= 0) {
			return false
		}
	}
	return true
}

// validIAMPathName checks "[path/]name" after user/ or role/.
func validIAMPathName(s string) bool {
	for _, part := range strings.Split(s, "/") {
		if !validIAMName(part) {
			return false
		}
	}
	return true
}

// validServiceName checks a service principal such as ec2.amazonaws.com.
func validServiceName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
