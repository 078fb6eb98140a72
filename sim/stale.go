package sim

import (
	"github.com/rolesim/rolesim/sim/policy"
)

// Stale principals: a trust or resource policy that named a deleted user
// or role by ARN names no one from then on (IAM stored the unique id).

// namesARN tells whether a policy names principalARN in a Principal or
// NotPrincipal element.
func namesARN(doc *policy.Policy, principalARN string) bool {
	if doc == nil {
		return false
	}
	for _, st := range doc.Statements {
		for _, p := range st.Principals() {
			if p.Type == "AWS" && p.Value == principalARN {
				return true
			}
		}
	}
	return false
}

// markStale records, in every trust and resource policy naming the deleted
// principal by ARN, that the ARN no longer names anyone that policy meant.
func (w *World) markStale(principalARN string) {
	stale := func(ref *PolicyRef) *PolicyRef {
		if ref == nil || !namesARN(ref.Doc, principalARN) {
			return ref
		}
		cp := *ref
		cp.stale = append(append([]string(nil), ref.stale...), principalARN)
		return &cp
	}
	for _, a := range w.Accounts {
		for _, r := range a.Roles {
			r.Trust = stale(r.Trust)
		}
	}
	for _, r := range w.resources {
		r.Policy = stale(r.Policy)
	}
}

// Stale tells whether the policy named principalARN before that principal
// was deleted: IAM then stored the deleted principal's unique id, so the
// entry no longer names a principal of that ARN created since.
func (r *PolicyRef) Stale(principalARN string) bool { return r.isStale(principalARN) }

// isStale tells whether the policy no longer names principalARN.
func (r *PolicyRef) isStale(principalARN string) bool {
	for _, s := range r.stale {
		if s == principalARN {
			return true
		}
	}
	return false
}

// evalResource evaluates the resource-based (or trust) policy of the
// request. When the policy names one of the caller's ARNs that IAM has
// since replaced by a deleted principal's unique id, that ARN is hidden
// from the policy's Principal elements.
func (a *authz) evalResource(ref *PolicyRef) {
	if len(ref.stale) == 0 {
		a.eval(ref, &a.res, nil)
		return
	}
	c := a.r.caller
	live := c.pol
	live.ARNs = nil
	// A NotPrincipal entry that IAM replaced by a deleted principal's id no
	// longer names this one: keep the chain's length, with the stale
	// identity unnamable, so that it cannot exempt the caller.
	chain := c.pol.Chain
	if chain == nil {
		chain = c.pol.ARNs
	}
	live.Chain = make([]string, len(chain))
	for i, x := range chain {
		if !ref.isStale(x) {
			live.Chain[i] = x
		}
	}
	for _, x := range c.pol.ARNs {
		if ref.isStale(x) {
			if a.trace != nil {
				a.trace.note(ref.Name + " names " + x + ", but IAM stored the unique id of a role or user of that name that was deleted: it does not name this one (re-save the policy to name it again)")
			}
			continue
		}
		live.ARNs = append(live.ARNs, x)
	}
	a.req.Principal = &live
	a.eval(ref, &a.res, nil)
	a.req.Principal = &c.pol
}

// staleProbe tells whether any of arns is no longer named by the request's
// resource policy (see evalResource).
func (a *authz) staleProbe(arns []string) bool {
	ref := a.r.resourcePolicy
	if ref == nil || len(ref.stale) == 0 {
		return false
	}
	for _, x := range arns {
		if ref.isStale(x) {
			return true
		}
	}
	return false
}
