package sim

import "strings"

// fields lists the observation's fields by their scenario names (expect
// keys), in a fixed order, the request's outcome first.
func (o *Observed) fields() [21]struct{ name, value string } {
	return [21]struct{ name, value string }{
		{"error", o.Error},
		{"denied_by", o.DeniedBy},
		{"deny", o.Deny},
		{"expiration", o.Expiration},
		{"duration", o.Duration},
		{"arn", o.Arn},
		{"assumed_role_id", o.AssumedRoleID},
		{"source_identity", o.SourceIdentity},
		{"packed_policy_size", o.PackedPolicySize},
		{"chained", o.Chained},
		{"account", o.Account},
		{"user_id", o.UserID},
		{"succeeded", o.Succeeded},
		{"throttled", o.Throttled},
		{"failed", o.Failed},
		{"subject", o.Subject},
		{"subject_type", o.SubjectType},
		{"provider", o.Provider},
		{"audience", o.Audience},
		{"issuer", o.Issuer},
		{"name_qualifier", o.NameQualifier},
	}
}

// observedDiff renders the fields in which want and got differ, a pair of
// lines each ("- name: want", "+ name: got"), in the fields' order; "" when
// they are equal. It is rolesim's own text, stable from run to run (unlike
// go-cmp's), and keeps go-cmp out of the simulator.
func observedDiff(want, got Observed) string {
	w, g := want.fields(), got.fields()
	var b strings.Builder
	for i := range w {
		if w[i].value == g[i].value {
			continue
		}
		b.WriteString("- " + w[i].name + ": " + w[i].value + "\n")
		b.WriteString("+ " + g[i].name + ": " + g[i].value + "\n")
	}
	return b.String()
}

// fieldMismatches says, one sentence a field, how got differs from want in
// the fields other than the outcome (which the caller words itself).
func fieldMismatches(want, got Observed) []string {
	w, g := want.fields(), got.fields()
	var out []string
	for i := 1; i < len(w); i++ {
		if w[i].value != g[i].value {
			out = append(out, "expected "+w[i].name+" "+w[i].value+", got "+g[i].value)
		}
	}
	return out
}
