package sim

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWebIdentityClaimEdges pins what FuzzWebIdentityToken found: an
// issuer without https:// named an IAM provider, a payload followed by a
// stray ] was accepted, a custom claim SUB replaced the token's sub in the
// trust policy's conditions (condition keys ignore case), and exp values
// that are fractions or beyond int64 were read as expired.
func TestWebIdentityClaimEdges(t *testing.T) {
	exp := `"exp":1704070800`
	tests := []struct {
		name, reason string
		role         string
		payload      string
		custom       bool
		wantErr      string
		// key, when set, is a condition key of the request and want its
		// values, read from the trace.
		key  string
		want []string
	}{
		{name: "issuer without scheme", reason: "an IAM provider's issuer is its URL, https:// included",
			role: deployARN, payload: `{"iss":"token.actions.githubusercontent.com","aud":"sts.amazonaws.com","sub":"` + ghMain + `",` + exp + `}`,
			wantErr: "InvalidIdentityToken: No OpenIDConnect provider found in your account for token.actions.githubusercontent.com"},
		{name: "google without scheme", reason: "Google writes its issuer either way",
			role: "arn:aws:iam::111111111111:role/Google", payload: `{"iss":"accounts.google.com","aud":"client-1","sub":"1",` + exp + `}`},
		{name: "trailing bracket", reason: "the payload is one JSON object and nothing else",
			role: deployARN, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"` + ghMain + `",` + exp + `}]`,
			wantErr: "InvalidIdentityToken: " + msgNotJWT},
		{name: "trailing brace", reason: "likewise",
			role: deployARN, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"` + ghMain + `",` + exp + `}}`,
			wantErr: "InvalidIdentityToken: " + msgNotJWT},
		{name: "trailing space", reason: "white space after the object is fine",
			role: deployARN, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"` + ghMain + `",` + exp + "} \n"},
		{name: "custom SUB", reason: "a custom claim never replaces the token's sub, whatever its case",
			role: deployARN, custom: true, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"repo:evil/x:ref:refs/heads/main","SUB":"` + ghMain + `",` + exp + `}`,
			wantErr: "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "custom Aud", reason: "nor its aud",
			role: "arn:aws:iam::111111111111:role/Google", custom: true, payload: `{"iss":"https://accounts.google.com","aud":"other","Aud":"client-1","sub":"1",` + exp + `}`,
			wantErr: "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "custom oaud", reason: "nor Google's original audience, a key STS derives from aud",
			role: "arn:aws:iam::111111111111:role/Google", custom: true, payload: `{"iss":"https://accounts.google.com","aud":"client-1","OAUD":"x","sub":"1",` + exp + `}`,
			key: "accounts.google.com:oaud", want: []string{"client-1"}},
		{name: "custom claim kept", reason: "other claims still become keys",
			role: "arn:aws:iam::111111111111:role/Google", custom: true, payload: `{"iss":"https://accounts.google.com","aud":"client-1","hd":"acme.example","sub":"1",` + exp + `}`,
			key: "accounts.google.com:hd", want: []string{"acme.example"}},
		{name: "fractional exp", reason: "exp 1704067200.5 is after now (1704067200)",
			role: deployARN, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"` + ghMain + `","exp":1704067200.5}`},
		{name: "exp at now", reason: "exp at now has expired",
			role: deployARN, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"` + ghMain + `","exp":1704067200.0}`,
			wantErr: "ExpiredTokenException: Token expired: current date/time 1704067200 must be before the expiration date/time 1704067200"},
		{name: "exp beyond int64", reason: "clamped, not converted (the conversion differs between CPUs)",
			role: deployARN, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"` + ghMain + `","exp":9223372036854775808}`},
		{name: "exp beyond float64", reason: "1e400 is a number, far in the future",
			role: deployARN, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"` + ghMain + `","exp":1e400}`},
		{name: "exp far in the past", reason: "-1e30 has expired",
			role: deployARN, payload: `{"iss":"` + ghIss + `","aud":"sts.amazonaws.com","sub":"` + ghMain + `","exp":-1e30}`,
			wantErr: "ExpiredTokenException: Token expired: current date/time 1704067200 must be before the expiration date/time -9223372036854775808"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestSim(t, fedWorld)
			s.world.Settings.OIDCCustomClaims = tt.custom
			tok := fuzzJWT(tt.payload)
			out, err := s.AssumeRoleWithWebIdentity(&AssumeRoleWithWebIdentityInput{RoleArn: String(tt.role), RoleSessionName: String("s1"), WebIdentityToken: &tok, Trace: true})
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("%s (-want +got):\n%s", tt.reason, diff)
			}
			if tt.key == "" {
				return
			}
			var got []string
			for _, k := range out.Trace.Decisions[0].Context {
				if k.Key == tt.key {
					got = k.Values
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: %s (-want +got):\n%s", tt.reason, tt.key, diff)
			}
		})
	}
}
