package policy

import "strconv"

// String returns the kind's name as used in messages and traces:
// "identity", "trust", "resource", "scp" or "rcp".
func (k Kind) String() string {
	switch k {
	case KindIdentity:
		return "identity"
	case KindTrust:
		return "trust"
	case KindResource:
		return "resource"
	case KindSCP:
		return "scp"
	case KindRCP:
		return "rcp"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// String returns "Allow" or "Deny", as the effect is written in a policy.
func (e Effect) String() string {
	switch e {
	case EffectAllow:
		return "Allow"
	case EffectDeny:
		return "Deny"
	}
	return "Effect(" + strconv.Itoa(int(e)) + ")"
}

// String returns "Allow", "ImplicitDeny" or "ExplicitDeny".
func (d Decision) String() string {
	switch d {
	case ImplicitDeny:
		return "ImplicitDeny"
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "Decision(" + strconv.Itoa(int(d)) + ")"
}
