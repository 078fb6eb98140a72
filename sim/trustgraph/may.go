package trustgraph

import (
	"strings"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

// mayResult is what a policy (or a set of policies) may decide when the
// conditions on non-static keys may or may not hold.
type mayResult struct {
	// allows tells whether some Allow statement may match; conds are the
	// may-hold conditions of the least conditional one.
	allows bool
	conds  []string
	// exact tells whether that statement names the caller's own ARN (a
	// trust policy naming the exact principal).
	exact bool
	// denied is set when a Deny statement matches whatever the request
	// carries; denials are the conditions of Deny statements that may match.
	denied  bool
	denials []string
}

// staticKeys are the condition keys whose values a caller's identity fixes,
// lower-cased.
var staticKeys = map[string]bool{
	"aws:principalarn":          true,
	"aws:principalaccount":      true,
	"aws:principaltype":         true,
	"aws:principalorgid":        true,
	"aws:principalorgpaths":     true,
	"aws:principalisawsservice": true,
	"aws:resourceaccount":       true,
	"aws:resourceorgid":         true,
	"aws:resourceorgpaths":      true,
}

// userStatic tells whether a key is fixed for an IAM user's first hop: the
// static keys, the user's name, id and tags, and the role's tags (no
// transitive session tag can override them on a first hop).
func userStatic(key string) bool {
	k := strings.ToLower(key)
	return staticKeys[k] || k == "aws:username" || k == "aws:userid" ||
		strings.HasPrefix(k, "aws:principaltag/") || strings.HasPrefix(k, "aws:resourcetag/")
}

// roleStatic tells whether a key is fixed for a role session as caller:
// only the static keys, since session tags and transitive tags can change
// aws:PrincipalTag and aws:ResourceTag.
func roleStatic(key string) bool { return staticKeys[strings.ToLower(key)] }

func noStatic(string) bool { return false }

// may evaluates one policy with conditions on non-static keys taken as
// "may hold".
func may(doc *policy.Policy, req *policy.Request, static func(string) bool) mayResult {
	return mayTrust(doc, req, static, nil)
}

// mayTrust is may for a trust policy: among the Allow statements that may
// match, those naming one of the caller's exact ARNs (or "*") come first,
// since within one account they need no identity-based policy.
func mayTrust(doc *policy.Policy, req *policy.Request, static func(string) bool, exactARNs []string) mayResult {
	var m mayResult
	if doc == nil {
		return m
	}
	best := -1
	for _, sr := range doc.Explain(req) {
		conds, ok := statementMay(sr, static)
		if !ok {
			continue
		}
		if sr.Statement.Effect == policy.EffectDeny {
			if len(conds) == 0 {
				m.denied = true
			} else {
				m.denials = appendNew(m.denials, strings.Join(conds, " and "))
			}
			continue
		}
		exact := namesExactly(sr.Statement, exactARNs)
		better := best < 0 || (exact && !m.exact) || (exact == m.exact && len(conds) < best)
		if better {
			best = len(conds)
			m.allows, m.conds, m.exact = true, conds, exact
		}
	}
	return m
}

func namesExactly(st *policy.Statement, arns []string) bool {
	if st.NotPrincipal() {
		return false
	}
	for _, p := range st.Principals() {
		if p.Value == "*" && (p.Type == "AWS" || p.Type == "*") {
			// "*" admits a caller of the role's own account as its ARN
			// would (the simulator's rule, README: "*" as principal).
			return true
		}
		for _, a := range arns {
			if p.Value == a {
				return true
			}
		}
	}
	return false
}

// mayAll combines a list of policies of one kind: it allows when one of
// them may allow; every Deny counts.
func mayAll(refs []*sim.PolicyRef, req *policy.Request, static func(string) bool) mayResult {
	var out mayResult
	for _, ref := range refs {
		m := may(ref.Doc, req, static)
		out.denied = out.denied || m.denied
		out.denials = appendNew(out.denials, m.denials...)
		if m.allows && (!out.allows || len(m.conds) < len(out.conds)) {
			out.allows, out.conds = true, m.conds
		}
	}
	return out
}

// statementMay tells whether a statement may match: its action, resource
// and principal match and every condition on a static key holds. It returns
// the other conditions, in words.
func statementMay(sr policy.StatementResult, static func(string) bool) ([]string, bool) {
	if !sr.Action.Matched || !sr.Resource.Matched || !sr.Principal.Matched {
		return nil, false
	}
	var conds []string
	for _, c := range sr.Conditions {
		if static(c.Key) {
			if !c.Result {
				return nil, false
			}
			continue
		}
		conds = append(conds, conditionLabel(c.ConditionSpec))
	}
	return conds, true
}

// conditionLabel says what a condition asks for, briefly.
func conditionLabel(c policy.ConditionSpec) string {
	key := strings.ToLower(c.Key)
	op := strings.ToLower(c.Operator)
	if key == "aws:multifactorauthpresent" && strings.HasPrefix(op, "bool") && len(c.Values) == 1 && strings.EqualFold(c.Values[0], "true") {
		return "MFA"
	}
	vals := make([]string, len(c.Values))
	for i, v := range c.Values {
		vals[i] = clip(v, 48)
	}
	return c.Key + " " + c.Operator + " " + strings.Join(vals, " | ")
}

// clip shortens s to at most n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
