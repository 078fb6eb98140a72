package sim

import (
	"encoding/base64"
	"testing"
)

// FuzzWebIdentityToken checks that any WebIdentityToken gets an answer,
// never a panic: credentials or an *Error with a code. Seeds: valid and
// broken tokens.
func FuzzWebIdentityToken(f *testing.F) {
	enc := base64.RawURLEncoding
	f.Add(jwt(f, scenarioStart, "{iss: "+ghIss+", aud: sts.amazonaws.com, sub: '"+ghMain+"'}"))
	f.Add(jwt(f, scenarioStart, "{iss: 'https://idp.example.com/tenant', aud: app, sub: u, amr: [mfa], 'https://aws.amazon.com/tags': {principal_tags: {a: [b]}}}"))
	f.Add("not-a-token")
	f.Add(enc.EncodeToString([]byte(`{"alg":"RS256"}`)) + "." + enc.EncodeToString([]byte(`{"iss":1,"aud":[1,2],"exp":"x"}`)) + ".x")
	f.Add(enc.EncodeToString([]byte(`{"alg":"RS256"}`)) + "." + enc.EncodeToString([]byte(`{"iss":"https://idp.example.com/tenant","aud":"app","sub":"u","exp":1e30,"https://aws.amazon.com/tags":{"principal_tags":{"k":[1]},"transitive_tag_keys":[2]}}`)) + ".x")
	s, _ := newTestSim(f, fedWorld)
	f.Fuzz(func(t *testing.T, token string) {
		for _, role := range []string{deployARN, "arn:aws:iam::111111111111:role/Tagged"} {
			out, err := s.AssumeRoleWithWebIdentity(&AssumeRoleWithWebIdentityInput{RoleArn: String(role), RoleSessionName: String("s1"), WebIdentityToken: &token})
			checkAnswer(t, out != nil, err)
		}
	})
}

// FuzzSAMLAssertion checks that any SAMLAssertion gets an answer, never a
// panic.
func FuzzSAMLAssertion(f *testing.F) {
	s, clk := newTestSim(f, fedWorld)
	role := "arn:aws:iam::111111111111:role/SAMLRole"
	f.Add(samlAssertion(f, s, clk, role, "{name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}, principal_tags: {t: v}, transitive_tag_keys: [t]}"))
	f.Add(samlAssertion(f, s, clk, role, "{name_id: a, signature: invalid}"))
	f.Add(base64.StdEncoding.EncodeToString([]byte(`<Response ID="x" IssueInstant="bad"><Assertion><AttributeStatement><Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><AttributeValue>-1</AttributeValue></Attribute></AttributeStatement></Assertion></Response>`)))
	f.Add("%%%%")
	f.Fuzz(func(t *testing.T, assertion string) {
		out, err := s.AssumeRoleWithSAML(&AssumeRoleWithSAMLInput{RoleArn: String(role), PrincipalArn: String(oktaARN), SAMLAssertion: &assertion})
		checkAnswer(t, out != nil, err)
	})
}

func checkAnswer(t *testing.T, ok bool, err error) {
	t.Helper()
	var e *Error
	switch {
	case ok == (err != nil):
		t.Fatalf("got output %v and error %v", ok, err)
	case err != nil && (!asError(err, &e) || e.Code == ""):
		t.Fatalf("error without an AWS code: %v", err)
	}
}
