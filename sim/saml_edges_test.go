package sim

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestSAMLExpiryEdges pins what FuzzSAMLAssertion's properties found: an
// unreadable NotOnOrAfter or SessionNotOnOrAfter was ignored (the response
// or session outlived what the IdP wrote), a SessionDuration beyond int32
// wrapped (to a session that had expired when issued), and a far-off
// SessionNotOnOrAfter wrapped too.
func TestSAMLExpiryEdges(t *testing.T) {
	samlRole := "arn:aws:iam::111111111111:role/SAMLRole"
	base := "name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}"
	tests := []struct {
		name, reason string
		assertion    string
		// from, to rewrite the rendered XML.
		from, to string
		clock    time.Duration // after scenarioStart
		wantErr  string
		want     time.Duration // session duration
	}{
		{name: "unreadable NotOnOrAfter", reason: "an expiry that cannot be read is refused",
			assertion: "{" + base + "}", from: `NotOnOrAfter="2024-01-01T00:05:00Z" Recipient`, to: `NotOnOrAfter="2024-01-01T00:05:0aZ" Recipient`,
			wantErr: "InvalidIdentityToken: Invalid SAML response: the subject confirmation's NotOnOrAfter is not a date and time (simulator wording)"},
		{name: "empty NotOnOrAfter", reason: "an empty attribute is an absent one",
			assertion: "{" + base + "}", from: `NotOnOrAfter="2024-01-01T00:05:00Z" Recipient`, to: `NotOnOrAfter="" Recipient`, want: time.Hour},
		{name: "unreadable SessionNotOnOrAfter", reason: "the session's end cannot be ignored either",
			assertion: "{" + base + ", session_not_on_or_after: 2024-01-01T00:20:00Z}", from: `SessionNotOnOrAfter="2024-01-01T00:20:00Z"`, to: `SessionNotOnOrAfter="tomorrow"`,
			wantErr: "InvalidIdentityToken: Invalid SAML response: SessionNotOnOrAfter is not a date and time (simulator wording)"},
		{name: "far SessionNotOnOrAfter", reason: "year 9999 leaves the hour alone (the seconds left wrapped in int32)",
			assertion: "{" + base + ", session_not_on_or_after: 9999-12-31T23:59:59Z}", want: time.Hour},
		{name: "between seconds", reason: "at 00:00:00.5 the session is issued at 00:00:00 and ends at 00:20:00",
			assertion: "{" + base + ", session_not_on_or_after: 2024-01-01T00:20:00Z}", clock: 500 * time.Millisecond, want: 20*time.Minute - 500*time.Millisecond},
		{name: "SessionDuration past int32", reason: "2^32+900 seconds does not shorten the session to 900",
			assertion: "{" + base + ", session_duration: '4294968196'}", want: time.Hour},
		{name: "SessionDuration past int31", reason: "2^31+1000 seconds does not give a session that expired when issued",
			assertion: "{" + base + ", session_duration: '2147484648'}", want: time.Hour},
		{name: "SessionDuration shortens", reason: "still shortens",
			assertion: "{" + base + ", session_duration: '1800'}", want: 30 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clk := newTestSim(t, fedWorld)
			clk.Add(tt.clock)
			enc := samlAssertion(t, s, clk, samlRole, tt.assertion)
			if tt.from != "" {
				raw, err := base64.StdEncoding.DecodeString(enc)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(raw), tt.from) {
					t.Fatalf("the response has no %s:\n%s", tt.from, raw)
				}
				// The IdP signed what it wrote: sign the edited response.
				enc = base64.StdEncoding.EncodeToString([]byte(resignSAML(t, strings.Replace(string(raw), tt.from, tt.to, 1))))
			}
			out, err := s.AssumeRoleWithSAML(&AssumeRoleWithSAMLInput{RoleArn: String(samlRole), PrincipalArn: String(oktaARN), SAMLAssertion: &enc})
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("%s: error (-want +got):\n%s", tt.reason, diff)
			}
			if err != nil {
				return
			}
			if got := out.Credentials.Expiration.Sub(clk.Now()); got != tt.want {
				t.Errorf("%s: session lasts %v, want %v", tt.reason, got, tt.want)
			}
		})
	}
}

// TestSAMLAmbiguousResponses pins that a response saying two things is
// refused: the decoder keeps the last of repeated elements and attributes,
// so a forged signature followed by a copied good one, a second ID, or a
// second assertion used to pass. (FuzzSAMLAssertion's property: a success
// implies the one signature verifies.)
func TestSAMLAmbiguousResponses(t *testing.T) {
	samlRole := "arn:aws:iam::111111111111:role/SAMLRole"
	const (
		notResponse = "InvalidIdentityToken: Invalid SAML response: not a SAML 2.0 Response (simulator wording)"
		badSig      = "InvalidIdentityToken: Response signature invalid"
		twoThings   = "InvalidIdentityToken: Invalid SAML response: more than one Assertion or AuthnStatement (simulator wording)"
	)
	signature := func(raw string) string {
		i, j := strings.Index(raw, "<ds:Signature"), strings.Index(raw, "</ds:Signature>")+len("</ds:Signature>")
		return raw[i:j]
	}
	assertion := func(raw string) string {
		i, j := strings.Index(raw, "<saml:Assertion "), strings.Index(raw, "</saml:Assertion>")+len("</saml:Assertion>")
		return raw[i:j]
	}
	tests := []struct {
		name, reason string
		edit         func(raw string) string
		// resign signs the edited response, as an IdP that wrote it would.
		resign  bool
		wantErr string
	}{
		{name: "as rendered", reason: "the runner's response passes", edit: func(raw string) string { return raw }},
		{name: "forged then good signature", reason: "two Signature elements",
			edit: func(raw string) string {
				good := signature(raw)
				forged := strings.Replace(good, "<ds:SignatureValue>", "<ds:SignatureValue>x", 1)
				return strings.Replace(raw, good, forged+good, 1)
			}, wantErr: badSig},
		{name: "two signature values", reason: "two SignatureValues in one Signature",
			edit: func(raw string) string {
				return strings.Replace(raw, "<ds:SignatureValue>", "<ds:SignatureValue>x</ds:SignatureValue><ds:SignatureValue>", 1)
			}, wantErr: badSig},
		{name: "no signature", reason: "an unsigned response",
			edit:    func(raw string) string { return strings.Replace(raw, signature(raw), "", 1) },
			wantErr: badSig},
		{name: "second ID", reason: "an attribute named twice is not XML",
			edit: func(raw string) string {
				return strings.Replace(raw, `ID="_rolesim-s1"`, `ID="other" ID="_rolesim-s1"`, 1)
			},
			wantErr: notResponse},
		{name: "prefixed second ID", reason: "the decoder matches attributes by local name",
			edit: func(raw string) string {
				return strings.Replace(raw, ` ID="_rolesim-s1"`, ` ID="other" samlp:ID="_rolesim-s1"`, 1)
			},
			wantErr: notResponse},
		{name: "second IssueInstant", reason: "likewise",
			edit: func(raw string) string {
				return strings.Replace(raw, ` Version="2.0" IssueInstant=`, ` IssueInstant="2023-01-01T00:00:00Z" Version="2.0" IssueInstant=`, 1)
			}, wantErr: notResponse},
		{name: "two assertions", reason: "the second assertion's attributes were merged into the first's",
			edit:   func(raw string) string { a := assertion(raw); return strings.Replace(raw, a, a+a, 1) },
			resign: true, wantErr: twoThings},
		{name: "two AuthnStatements", reason: "only the last SessionNotOnOrAfter was read",
			edit: func(raw string) string {
				return strings.Replace(raw, "<saml:AuthnStatement ", `<saml:AuthnStatement SessionNotOnOrAfter="2024-01-01T00:01:00Z"/><saml:AuthnStatement `, 1)
			}, resign: true, wantErr: twoThings},
		{name: "unended", reason: "a response that does not end",
			edit:    func(raw string) string { return strings.TrimSuffix(raw, "</samlp:Response>") },
			wantErr: notResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clk := newTestSim(t, fedWorld)
			enc := samlAssertion(t, s, clk, samlRole, "{name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}}")
			raw, err := base64.StdEncoding.DecodeString(enc)
			if err != nil {
				t.Fatal(err)
			}
			edited := tt.edit(string(raw))
			if tt.wantErr != "" && edited == string(raw) {
				t.Fatal("the edit changed nothing")
			}
			if tt.resign {
				edited = resignSAML(t, edited)
			}
			enc = base64.StdEncoding.EncodeToString([]byte(edited))
			_, err = s.AssumeRoleWithSAML(&AssumeRoleWithSAMLInput{RoleArn: String(samlRole), PrincipalArn: String(oktaARN), SAMLAssertion: &enc})
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// oktaIssuer is fedWorld's Okta provider's issuer.
const oktaIssuer = "http://www.okta.com/exk1"

// resignSAML replaces the SignatureValue of a rendered response with the
// signature of the rest of it by oktaIssuer's key: the response an IdP
// that wrote the edited text would send.
func resignSAML(t testing.TB, raw string) string {
	t.Helper()
	const open, end = "<ds:Signature", "</ds:Signature>"
	i, j := strings.Index(raw, open), strings.Index(raw, end)
	if i < 0 || j < i {
		t.Fatalf("no signature to replace in %s", raw)
	}
	j += len(end)
	unsigned := raw[:i] + raw[j:]
	return raw[:i] + `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>` +
		SAMLSignature(oktaIssuer, []byte(unsigned)) + `</ds:SignatureValue></ds:Signature>` + raw[j:]
}

// TestSAMLSignatureCoversResponse pins that the signature covers the whole
// response, not only its issuer and ID: an assertion changed after signing
// (another role, attribute, time, even a space) no longer verifies, while
// the same change signed by the IdP does.
func TestSAMLSignatureCoversResponse(t *testing.T) {
	samlRole := "arn:aws:iam::111111111111:role/SAMLRole"
	const badSig = "InvalidIdentityToken: Response signature invalid"
	tests := []struct {
		name, from, to string
		// signed is the outcome when the IdP signs the edited response.
		signed string
	}{
		{name: "attribute value", from: "<saml:AttributeValue>alice@acme.example<", to: "<saml:AttributeValue>mallory@acme.example<",
			signed: "AccessDenied: Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "session name", from: "<saml:AttributeValue>alice<", to: "<saml:AttributeValue>admin<"},
		{name: "session duration attribute", from: `<saml:Attribute Name="mail">`, to: `<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><saml:AttributeValue>900</saml:AttributeValue></saml:Attribute><saml:Attribute Name="mail">`},
		{name: "issue instant", from: `Version="2.0" IssueInstant="2024-01-01T00:00:00Z" Destination`, to: `Version="2.0" IssueInstant="2023-12-31T23:59:00Z" Destination`},
		{name: "whitespace", from: "<samlp:Status>", to: " <samlp:Status>"},
		{name: "after the response", from: "</samlp:Response>", to: "</samlp:Response><!-- -->"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clk := newTestSim(t, fedWorld)
			enc := samlAssertion(t, s, clk, samlRole, "{name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}}")
			raw, err := base64.StdEncoding.DecodeString(enc)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(raw), tt.from) {
				t.Fatalf("the response has no %s:\n%s", tt.from, raw)
			}
			edited := strings.Replace(string(raw), tt.from, tt.to, 1)
			send := func(doc string) string {
				enc := base64.StdEncoding.EncodeToString([]byte(doc))
				_, err := s.AssumeRoleWithSAML(&AssumeRoleWithSAMLInput{RoleArn: String(samlRole), PrincipalArn: String(oktaARN), SAMLAssertion: &enc})
				return errText(err)
			}
			if got := send(edited); got != badSig {
				t.Errorf("edited after signing: got %q, want %q", got, badSig)
			}
			if got := send(resignSAML(t, edited)); got != tt.signed {
				t.Errorf("edited, then signed by the IdP: got %q, want %q", got, tt.signed)
			}
		})
	}
}

// TestSAMLFutureIssueInstant pins that a response issued after the
// current time is refused: AWS documents no clock-skew tolerance, and one
// issued ahead would otherwise be redeemable for longer than five minutes.
func TestSAMLFutureIssueInstant(t *testing.T) {
	samlRole := "arn:aws:iam::111111111111:role/SAMLRole"
	tests := []struct {
		issued  string
		wantErr string
	}{
		{issued: "2024-01-01T00:00:00Z"},
		{issued: "2023-12-31T23:58:00Z"},
		{issued: "2024-01-01T00:00:01Z", wantErr: "InvalidIdentityToken: Invalid SAML response: IssueInstant 2024-01-01T00:00:01Z is after the current time (simulator wording)"},
		{issued: "2024-01-01T01:00:00Z", wantErr: "InvalidIdentityToken: Invalid SAML response: IssueInstant 2024-01-01T01:00:00Z is after the current time (simulator wording)"},
	}
	for _, tt := range tests {
		t.Run(tt.issued, func(t *testing.T) {
			s, clk := newTestSim(t, fedWorld)
			enc := samlAssertion(t, s, clk, samlRole, "{name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}, issued_at: "+tt.issued+"}")
			_, err := s.AssumeRoleWithSAML(&AssumeRoleWithSAMLInput{RoleArn: String(samlRole), PrincipalArn: String(oktaARN), SAMLAssertion: &enc})
			if got := errText(err); got != tt.wantErr {
				t.Errorf("got %q, want %q", got, tt.wantErr)
			}
		})
	}
}
