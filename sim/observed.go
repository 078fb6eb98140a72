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

// Mismatch is one checked field whose observed value is not the expected
// one, by its scenario name (an expect key).
type Mismatch struct {
	Field string `json:"field"`
	Want  string `json:"want"`
	Got   string `json:"got"`
}

// mismatches lists the fields in which want and got differ, in the
// fields' order; nil when they are equal.
func mismatches(want, got Observed) []Mismatch {
	w, g := want.fields(), got.fields()
	var out []Mismatch
	for i := range w {
		if w[i].value != g[i].value {
			out = append(out, Mismatch{Field: w[i].name, Want: w[i].value, Got: g[i].value})
		}
	}
	return out
}

// diffText renders mismatches as a pair of lines each ("- name: want",
// "+ name: got"); "" when there are none. It is rolesim's own text, stable
// from run to run (unlike go-cmp's), and keeps go-cmp out of the simulator.
func diffText(ms []Mismatch) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString("- " + m.Field + ": " + m.Want + "\n")
		b.WriteString("+ " + m.Field + ": " + m.Got + "\n")
	}
	return b.String()
}

// observedDiff renders the fields in which want and got differ (diffText of
// mismatches).
func observedDiff(want, got Observed) string { return diffText(mismatches(want, got)) }

// fieldMismatches says, one sentence a field, how got differs from want in
// the fields other than the outcome (which the caller words itself).
func fieldMismatches(want, got Observed) []string {
	var out []string
	for _, m := range mismatches(want, got) {
		if m.Field != "error" {
			out = append(out, "expected "+m.Field+" "+m.Want+", got "+m.Got)
		}
	}
	return out
}
