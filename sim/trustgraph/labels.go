package trustgraph

import (
	"sort"
	"strings"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

// Labels: the residual conditions of the authorization core's partial
// decisions, in words, for edges.

// kindOrder is the order in which an edge lists conditions: the trust
// policy's first, then the organization's, then the caller's own.
var kindOrder = map[sim.PolicyKind]int{
	sim.KindTrustPolicy:         0,
	sim.KindSCP:                 1,
	sim.KindRCP:                 2,
	sim.KindIdentityPolicy:      3,
	sim.KindPermissionsBoundary: 4,
	sim.KindSessionPolicy:       5,
}

func byKind(rs []sim.Residual) []sim.Residual {
	if len(rs) < 2 {
		return rs
	}
	out := append([]sim.Residual(nil), rs...)
	sort.SliceStable(out, func(i, j int) bool { return kindOrder[out[i].Kind] < kindOrder[out[j].Kind] })
	return out
}

// ConditionLabels lists in words, without duplicates, every condition an
// allow of the authorization core relies on (Decision.Conditions), the
// trust policy's first: the labels of edges.
func ConditionLabels(rs []sim.Residual) []string { return conditionLabels(rs) }

// DenialLabels lists in words, without duplicates, the conditions under
// which each Deny that may apply denies (Decision.Denials).
func DenialLabels(rs []sim.Residual) []string { return denialLabels(rs) }

func conditionLabels(rs []sim.Residual) []string {
	var out []string
	for _, r := range byKind(rs) {
		out = appendNew(out, residualLabels(r)...)
	}
	return out
}

// denialLabels lists, without duplicates, the conditions under which each
// Deny that may apply denies.
func denialLabels(rs []sim.Residual) []string {
	var out []string
	for _, r := range byKind(rs) {
		out = appendNew(out, strings.Join(residualLabels(r), " and "))
	}
	return out
}

func residualLabels(r sim.Residual) []string {
	out := make([]string, 0, len(r.Conditions)+len(r.Variables))
	for _, c := range r.Conditions {
		out = append(out, conditionLabel(c))
	}
	for _, v := range r.Variables {
		out = append(out, "${"+v+"} has a value that matches")
	}
	return out
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
