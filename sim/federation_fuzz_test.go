package sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/scenario"
)

// The roles the federation fuzz targets ask for: fedWorld's, a role that
// does not exist and a role of an account the world does not hold.
var fuzzRoles = []string{
	deployARN,
	"arn:aws:iam::111111111111:role/ByRepository",
	"arn:aws:iam::111111111111:role/Tagged",
	"arn:aws:iam::111111111111:role/Google",
	"arn:aws:iam::111111111111:role/Next",
	"arn:aws:iam::111111111111:role/SAMLRole",
	"arn:aws:iam::111111111111:role/Nope",
	"arn:aws:iam::222222222222:role/Deploy",
}

// fuzzWorlds parses src once and builds two Worlds from it: as written,
// and with settings.oidc_custom_claims on.
func fuzzWorlds(f *testing.F, src string) (*scenario.Scenario, [2]*World) {
	f.Helper()
	sc, err := scenario.Parse("test.yaml", []byte(src))
	if err != nil {
		f.Fatal(err)
	}
	var ws [2]*World
	for i := range ws {
		if ws[i], err = NewWorld(sc); err != nil {
			f.Fatal(err)
		}
	}
	ws[1].Settings.OIDCCustomClaims = true
	return sc, ws
}

// jwtPayload returns the JSON payload of a compact JWT.
func jwtPayload(f *testing.F, tok string) string {
	f.Helper()
	parts := strings.Split(tok, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		f.Fatal(err)
	}
	return string(raw)
}

// fuzzJWT signs payload as EncodeJWT does.
func fuzzJWT(payload string) string {
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"alg":"RS256","kid":"rolesim","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(payload))
	sum := sha256.Sum256([]byte(head))
	return head + "." + enc.EncodeToString(sum[:])
}

// FuzzWebIdentityToken sends any token (or any JSON payload, signed as
// the runner signs claims) to AssumeRoleWithWebIdentity for one of
// fuzzRoles, with any DurationSeconds, on a clock up to 18 hours after the
// tokens were minted, with or without oidc_custom_claims. Every request
// gets credentials or an *Error with a code, never a panic, and a success
// implies, checked from the token's bytes and the scenario alone:
//
//   - the token is three segments, an RS/ES alg and one JSON object;
//   - its iss is the URL of an OIDC provider declared in the role's
//     account, or a provider STS knows without one;
//   - an aud (Google: azp) is one of that provider's client ids, and is
//     the response's Audience;
//   - sub is a non-empty string, the response's subject;
//   - exp is a number after the fake clock's now;
//   - the session lasts DurationSeconds (or 3600), within 900 and the
//     role's MaxSessionDuration;
//   - the role's trust policy, restated: Deploy only for GitHub's
//     repo:acme/app main branch, ByRepository only for acme/app with
//     custom claims on, Tagged only with mfa in amr, Google only for
//     client-1, no session tags where sts:TagSession is not allowed, no
//     source identity (no role allows sts:SetSourceIdentity to a web
//     identity), and never the other roles.
//
// Each input gets a fresh Sim, so the STS rate quota never throttles.
func FuzzWebIdentityToken(f *testing.F) {
	enc := base64.RawURLEncoding
	gh := jwt(f, scenarioStart, "{iss: "+ghIss+", aud: sts.amazonaws.com, sub: '"+ghMain+"'}")
	tagged := jwt(f, scenarioStart, "{iss: 'https://idp.example.com/tenant', aud: app, sub: u, amr: [mfa], 'https://aws.amazon.com/tags': {principal_tags: {a: [b]}}}")
	google := jwt(f, scenarioStart, "{iss: 'https://accounts.google.com', aud: other, azp: client-1, sub: '1234'}")
	repo := jwt(f, scenarioStart, "{iss: "+ghIss+", aud: sts.amazonaws.com, sub: 'repo:acme/app:pull_request', repository: acme/app}")
	// Raw tokens, as the runner sends them.
	f.Add(gh, false, uint8(0), int32(0), uint16(0))
	f.Add(gh, false, uint8(0), int32(7200), uint16(3599))
	f.Add(gh, false, uint8(0), int32(7201), uint16(0))
	f.Add(gh, false, uint8(0), int32(0), uint16(3600))
	f.Add(tagged, false, uint8(2), int32(900), uint16(0))
	f.Add(google, false, uint8(3), int32(0), uint16(0))
	f.Add(repo, false, uint8(1|0x80), int32(0), uint16(0))
	f.Add("not-a-token", false, uint8(0), int32(0), uint16(0))
	f.Add(enc.EncodeToString([]byte(`{"alg":"RS256"}`))+"."+enc.EncodeToString([]byte(`{"iss":1,"aud":[1,2],"exp":"x"}`))+".x", false, uint8(0), int32(0), uint16(0))
	f.Add(enc.EncodeToString([]byte(`{"alg":"RS256"}`))+"."+enc.EncodeToString([]byte(`{"iss":"https://idp.example.com/tenant","aud":"app","sub":"u","exp":1e30,"https://aws.amazon.com/tags":{"principal_tags":{"k":[1]},"transitive_tag_keys":[2]}}`))+".x", false, uint8(2), int32(0), uint16(0))
	// JSON payloads, which the target signs: the fuzzer mutates claims.
	for _, tok := range []string{gh, tagged, google, repo} {
		f.Add(jwtPayload(f, tok), true, uint8(0), int32(0), uint16(0))
	}
	f.Add(jwtPayload(f, repo), true, uint8(1|0x80), int32(0), uint16(0))
	f.Add(jwtPayload(f, tagged), true, uint8(2), int32(43200), uint16(600))
	f.Add(jwtPayload(f, google), true, uint8(3), int32(0), uint16(0))
	f.Add(`{"iss":"token.actions.githubusercontent.com","aud":"sts.amazonaws.com","sub":"`+ghMain+`","exp":1704070800}`, true, uint8(0), int32(0), uint16(0))
	f.Add(`{"iss":"`+ghIss+`","aud":"sts.amazonaws.com","sub":"`+ghMain+`","exp":1704070800}]`, true, uint8(0), int32(0), uint16(0))
	f.Add(`{"iss":"`+ghIss+`","aud":"sts.amazonaws.com","sub":"x","SUB":"`+ghMain+`","exp":1704070800}`, true, uint8(0|0x80), int32(0), uint16(0))
	f.Add(`{"iss":"https://accounts.google.com","aud":"","sub":"1","exp":1704070800.5}`, true, uint8(3), int32(0), uint16(0))
	f.Add(`{"iss":"`+ghIss+`","aud":"sts.amazonaws.com","sub":"`+ghMain+`","exp":9223372036854775808}`, true, uint8(0), int32(0), uint16(0))

	sc, worlds := fuzzWorlds(f, fedWorld)
	f.Fuzz(func(t *testing.T, token string, sign bool, roleN uint8, duration int32, advance uint16) {
		if sign {
			token = fuzzJWT(token)
		}
		custom := roleN&0x80 != 0
		role := fuzzRoles[int(roleN&0x7f)%len(fuzzRoles)]
		w := worlds[0]
		if custom {
			w = worlds[1]
		}
		now := scenarioStart.Add(time.Duration(advance) * time.Second)
		s := New(w, NewFakeClock(now))
		in := &AssumeRoleWithWebIdentityInput{RoleArn: String(role), RoleSessionName: String("s1"), WebIdentityToken: &token}
		if duration != 0 {
			in.DurationSeconds = &duration
		}
		out, err := s.AssumeRoleWithWebIdentity(in)
		checkAnswer(t, out != nil, err)
		if err == nil {
			checkWebIdentitySuccess(t, sc, role, token, in.DurationSeconds, now, custom, out)
		}
	})
}

// builtinIssuers are the iss values of the providers STS knows without an
// IAM OIDC provider (Google writes its issuer with or without https://).
var builtinIssuers = map[string]string{
	"https://accounts.google.com":            "accounts.google.com",
	"accounts.google.com":                    "accounts.google.com",
	"https://cognito-identity.amazonaws.com": "cognito-identity.amazonaws.com",
	"https://graph.facebook.com":             "graph.facebook.com",
	"https://www.amazon.com":                 "www.amazon.com",
}

// checkWebIdentitySuccess checks a successful AssumeRoleWithWebIdentity
// against the token and the scenario, without the code under test.
func checkWebIdentitySuccess(t *testing.T, sc *scenario.Scenario, roleARN, token string, requested *int32, now time.Time, custom bool, out *AssumeRoleWithWebIdentityOutput) {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("accepted a token of %d segments", len(parts))
	}
	var header map[string]any
	if !decodeJSONObject(parts[0], &header) {
		t.Fatalf("accepted a token whose header is not one JSON object: %q", parts[0])
	}
	switch header["alg"] {
	case "RS256", "RS384", "RS512", "ES256", "ES384", "ES512":
	default:
		t.Fatalf("accepted a token signed with alg %v", header["alg"])
	}
	var claims map[string]any
	if !decodeJSONObject(parts[1], &claims) {
		t.Fatalf("accepted a token whose payload is not one JSON object: %q", parts[1])
	}
	account := strings.Split(roleARN, ":")[4]

	// Issuer and audience.
	iss, _ := claims["iss"].(string)
	var auds []string
	switch v := claims["aud"].(type) {
	case string:
		auds = []string{v}
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				auds = append(auds, s)
			}
		}
	}
	var clientIDs []string
	declared := false
	for _, a := range sc.Accounts {
		for _, p := range a.OIDCProviders {
			if a.ID == account && p.URL == iss {
				declared, clientIDs = true, p.ClientIDs
			}
		}
	}
	builtin := builtinIssuers[iss]
	switch {
	case declared:
		if !containsString(clientIDs, out.Audience) || !containsString(auds, out.Audience) {
			t.Errorf("audience %q: want one of the token's %q listed by the provider (%q)", out.Audience, auds, clientIDs)
		}
	case builtin != "":
		want := ""
		if len(auds) > 0 {
			want = auds[0]
		}
		if azp, ok := claims["azp"].(string); ok && builtin == "accounts.google.com" {
			want = azp
		}
		if want == "" || out.Audience != want {
			t.Errorf("audience %q of a %s token with aud %q: want %q, not empty", out.Audience, builtin, auds, want)
		}
	default:
		t.Fatalf("accepted a token from issuer %q: no OIDC provider of account %s has that URL, nor is it a provider STS knows", iss, account)
	}

	// Subject and expiry.
	sub, _ := claims["sub"].(string)
	if sub == "" || out.SubjectFromWebIdentityToken != sub {
		t.Errorf("subject %q for the token's sub %v: want a non-empty string, the same", out.SubjectFromWebIdentityToken, claims["sub"])
	}
	// exp compared exactly; an exponent too large for big.Rat is beyond
	// any clock either way.
	exp, ok := claims["exp"].(json.Number)
	after := false
	if r, exact := new(big.Rat).SetString(string(exp)); ok && exact {
		after = r.Cmp(new(big.Rat).SetInt64(now.Unix())) > 0
	} else if f, err := strconv.ParseFloat(string(exp), 64); ok && (err == nil || errors.Is(err, strconv.ErrRange)) {
		after = f > float64(now.Unix())
	}
	if !after {
		t.Errorf("accepted a token with exp %v at %d: want a number after now", claims["exp"], now.Unix())
	}

	// Duration, from the scenario's role.
	roleMax := 3600
	name := roleARN[strings.LastIndex(roleARN, "/")+1:]
	for _, a := range sc.Accounts {
		for _, r := range a.Roles {
			if a.ID == account && r.Name == name && r.MaxSessionDuration != 0 {
				roleMax = r.MaxSessionDuration
			}
		}
	}
	want := int64(3600)
	if requested != nil {
		want = int64(*requested)
	}
	got := out.Credentials.Expiration.Sub(now)
	if got != time.Duration(want)*time.Second || want < 900 || want > int64(roleMax) {
		t.Errorf("session lasts %v for DurationSeconds %v: want %ds, within 900s and the role's maximum %ds", got, requested, want, roleMax)
	}
	if wantARN := "arn:aws:sts::" + account + ":assumed-role/" + name + "/s1"; out.AssumedRoleUser.Arn != wantARN {
		t.Errorf("session ARN %s, want %s", out.AssumedRoleUser.Arn, wantARN)
	}

	// The trust policies of fedWorld, restated.
	if out.SourceIdentity != nil {
		t.Errorf("source identity %q: no role of fedWorld allows sts:SetSourceIdentity to a web identity", *out.SourceIdentity)
	}
	tags := out.Session != nil && len(out.Session.Tags) > 0
	// strs reads the string values of the claims named k; custom claims
	// become condition keys, whose names ignore case.
	strs := func(k string, fold bool) []string {
		names := make([]string, 0, len(claims))
		for name := range claims {
			names = append(names, name)
		}
		sort.Strings(names)
		var out []string
		for _, name := range names {
			if name != k && !(fold && strings.EqualFold(name, k)) {
				continue
			}
			switch v := claims[name].(type) {
			case string:
				out = append(out, v)
			case []any:
				for _, e := range v {
					if s, ok := e.(string); ok {
						out = append(out, s)
					}
				}
			}
		}
		return out
	}
	switch name {
	case "Deploy":
		if iss != ghIss || sub != ghMain || tags {
			t.Errorf("Deploy trusts GitHub's repo:acme/app main branch without tags: iss %q sub %q, tags %v", iss, sub, tags)
		}
	case "ByRepository":
		if iss != ghIss || !custom || !containsString(strs("repository", true), "acme/app") || tags {
			t.Errorf("ByRepository trusts GitHub's acme/app with custom claims, without tags: iss %q repository %v custom %v tags %v", iss, claims["repository"], custom, tags)
		}
	case "Tagged":
		if iss != "https://idp.example.com/tenant" || !containsString(strs("amr", false), "mfa") {
			t.Errorf("Tagged trusts idp.example.com/tenant with mfa in amr: iss %q amr %v", iss, claims["amr"])
		}
	case "Google":
		if builtin != "accounts.google.com" || out.Audience != "client-1" || tags {
			t.Errorf("Google trusts accounts.google.com for client-1 without tags: iss %q audience %q tags %v", iss, out.Audience, tags)
		}
	default:
		t.Errorf("role %s does not trust any web identity, yet it was assumed", roleARN)
	}
}

// decodeJSONObject decodes a base64url segment (padding tolerated) that
// must hold exactly one JSON object.
func decodeJSONObject(seg string, into *map[string]any) bool {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(into); err != nil || *into == nil {
		return false
	}
	_, err = dec.Token()
	return err == io.EOF
}

// FuzzSAMLAssertion sends any SAMLAssertion (base64 as given, or any XML
// the target encodes, so that the fuzzer mutates the response's bytes) to
// AssumeRoleWithSAML for a role and provider chosen among fedWorld's and
// others, with any DurationSeconds, on a clock up to nine hours either
// side of the responses' issue. Every request gets credentials or an
// *Error with a code, never a panic, and a success implies, checked from
// the response's bytes and the scenario alone:
//
//   - the signature verifies: the response's one ID and one
//     Signature/SignatureValue, and the latter is rolesim's digest of the
//     provider's issuer and every byte of the response but the Signature
//     element (recomputed here), so a mutated response is accepted only
//     when it still verifies;
//   - the response says one thing: one Assertion, one AuthnStatement, one
//     IssueInstant;
//   - the provider is declared in the role's account, and the Role
//     attribute lists the requested role and provider pair;
//   - the response is fresh: its IssueInstant is at most five minutes old
//     and not after now,
//     and a subject confirmation has no NotOnOrAfter or one that has not
//     passed (an unreadable one has);
//   - the RoleSessionName attribute is a valid session name, the session's;
//   - the session lasts more than nothing and at most DurationSeconds (or
//     3600), the role's MaxSessionDuration, the SessionDuration attribute
//     and until SessionNotOnOrAfter;
//   - SAMLRole's trust policy, restated: Recipient
//     https://signin.aws.amazon.com/saml and mail alice@acme.example; no
//     other role trusts a SAML provider.
func FuzzSAMLAssertion(f *testing.F) {
	s, clk := newTestSim(f, fedWorld)
	role := "arn:aws:iam::111111111111:role/SAMLRole"
	good := samlAssertion(f, s, clk, role, "{name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}, principal_tags: {t: v}, transitive_tag_keys: [t]}")
	short := samlAssertion(f, s, clk, role, "{name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}, session_duration: '1800', session_not_on_or_after: 2024-01-01T00:20:00Z}")
	forged := samlAssertion(f, s, clk, role, "{name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}, signature: invalid}")
	both := samlAssertion(f, s, clk, role, "{name_id: a, role_session_name: alice, attributes: {mail: [bob@acme.example, alice@acme.example]}, roles: ['arn:aws:iam::111111111111:saml-provider/Okta, arn:aws:iam::111111111111:role/SAMLRole'], source_identity: alice}")
	for _, a := range []string{good, short, forged, both} {
		f.Add(a, false, uint8(0), int32(0), int16(0))
		raw, err := base64.StdEncoding.DecodeString(a)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(raw), true, uint8(0), int32(0), int16(0))
	}
	f.Add(good, false, uint8(0), int32(28800), int16(300))
	f.Add(good, false, uint8(0), int32(28801), int16(0))
	f.Add(good, false, uint8(0), int32(0), int16(301))
	f.Add(good, false, uint8(0), int32(0), int16(-3600))
	f.Add(good, false, uint8(1), int32(0), int16(0))
	f.Add(good, false, uint8(4), int32(0), int16(0))
	f.Add(base64.StdEncoding.EncodeToString([]byte(`<Response ID="x" IssueInstant="bad"><Assertion><AttributeStatement><Attribute Name="https://aws.amazon.com/SAML/Attributes/SessionDuration"><AttributeValue>-1</AttributeValue></Attribute></AttributeStatement></Assertion></Response>`)), false, uint8(0), int32(0), int16(0))
	f.Add("%%%%", false, uint8(0), int32(0), int16(0))

	sc, worlds := fuzzWorlds(f, fedWorld)
	providers := []string{oktaARN, "arn:aws:iam::111111111111:saml-provider/Nope", "arn:aws:iam::222222222222:saml-provider/Okta"}
	roles := []string{role, deployARN, "arn:aws:iam::111111111111:role/Nope", "arn:aws:iam::222222222222:role/SAMLRole"}
	f.Fuzz(func(t *testing.T, assertion string, encode bool, pick uint8, duration int32, advance int16) {
		if encode {
			assertion = base64.StdEncoding.EncodeToString([]byte(assertion))
		}
		role, provider := roles[int(pick)%len(roles)], providers[int(pick/4)%len(providers)]
		now := scenarioStart.Add(time.Duration(advance) * time.Second)
		s := New(worlds[0], NewFakeClock(now))
		in := &AssumeRoleWithSAMLInput{RoleArn: String(role), PrincipalArn: String(provider), SAMLAssertion: &assertion}
		if duration != 0 {
			in.DurationSeconds = &duration
		}
		out, err := s.AssumeRoleWithSAML(in)
		checkAnswer(t, out != nil, err)
		if err == nil {
			checkSAMLSuccess(t, sc, role, provider, assertion, in.DurationSeconds, now, out)
		}
	})
}

// xmlElem is an element of a parsed XML document, by local name.
type xmlElem struct {
	name  string
	attrs []xml.Attr
	kids  []*xmlElem
	text  strings.Builder
}

// attr returns the values of the attributes named name (any namespace).
func (e *xmlElem) attr(name string) []string {
	var out []string
	for _, a := range e.attrs {
		if a.Name.Local == name {
			out = append(out, a.Value)
		}
	}
	return out
}

// find returns the elements at the path of local names below e.
func (e *xmlElem) find(path ...string) []*xmlElem {
	cur := []*xmlElem{e}
	for _, name := range path {
		var next []*xmlElem
		for _, c := range cur {
			for _, k := range c.kids {
				if k.name == name {
					next = append(next, k)
				}
			}
		}
		cur = next
	}
	return cur
}

// parseXMLRoot parses the first element of doc into a tree, or returns
// nil when doc does not start with a well-formed element.
func parseXMLRoot(doc []byte) *xmlElem {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var stack []*xmlElem
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			e := &xmlElem{name: tk.Name.Local, attrs: tk.Attr}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, e)
			}
			stack = append(stack, e)
		case xml.EndElement:
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return e
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(tk)
			}
		}
	}
}

// withoutSignature returns doc without the byte span of the root's
// Signature child element (start tag to end tag): what the IdP signs. ok
// is false when the root has no such child or more than one.
func withoutSignature(doc []byte) (unsigned []byte, ok bool) {
	dec := xml.NewDecoder(bytes.NewReader(doc))
	depth, found := 0, 0
	var start, end int64
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil, false
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && tk.Name.Local == "Signature" {
				found++
				start = before
			}
		case xml.EndElement:
			if depth == 2 && tk.Name.Local == "Signature" {
				end = dec.InputOffset()
			}
			depth--
			if depth == 0 {
				if found != 1 {
					return nil, false
				}
				return append(append([]byte{}, doc[:start]...), doc[end:]...), true
			}
		}
	}
}

// checkSAMLSuccess checks a successful AssumeRoleWithSAML against the
// response's bytes and the scenario, without the code under test.
func checkSAMLSuccess(t *testing.T, sc *scenario.Scenario, roleARN, providerARN, assertion string, requested *int32, now time.Time, out *AssumeRoleWithSAMLOutput) {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(assertion)
	if err != nil {
		t.Fatalf("accepted an assertion that is not base64: %v", err)
	}
	root := parseXMLRoot(raw)
	if root == nil || root.name != "Response" {
		t.Fatalf("accepted an assertion that is not a SAML Response element: %q", raw)
	}
	account := strings.Split(roleARN, ":")[4]
	providerName := providerARN[strings.LastIndex(providerARN, "/")+1:]

	// The provider, declared in the role's account, and the signature.
	issuer := ""
	for _, a := range sc.Accounts {
		for _, p := range a.SAMLProviders {
			if a.ID == account && p.Name == providerName && strings.HasPrefix(providerARN, "arn:aws:iam::"+a.ID+":saml-provider/") {
				issuer = p.Issuer
			}
		}
	}
	if issuer == "" {
		t.Fatalf("accepted a response for provider %s, which account %s does not declare", providerARN, account)
	}
	ids := root.attr("ID")
	var sigs []string
	for _, e := range root.find("Signature", "SignatureValue") {
		sigs = append(sigs, e.text.String())
	}
	if len(ids) != 1 || len(sigs) != 1 {
		t.Fatalf("accepted a response with IDs %q and signature values %q: want one of each", ids, sigs)
	}
	unsigned, ok := withoutSignature(raw)
	if !ok {
		t.Fatalf("accepted a response whose Signature element cannot be cut out: %q", raw)
	}
	sum := sha256.Sum256(append([]byte("rolesim-saml-signature|"+issuer+"|"), unsigned...))
	if want := base64.StdEncoding.EncodeToString(sum[:]); sigs[0] != want {
		t.Fatalf("accepted a response whose signature %q does not verify (want %q over the response without its Signature)", sigs[0], want)
	}
	if issued := root.attr("IssueInstant"); len(issued) == 1 {
		if at, err := time.Parse(time.RFC3339, issued[0]); err == nil && at.After(now) {
			t.Errorf("accepted a response issued at %s, after now (%s)", issued[0], now.Format(time.RFC3339))
		}
	}

	if n, m := len(root.find("Assertion")), len(root.find("Assertion", "AuthnStatement")); n != 1 || m > 1 {
		t.Fatalf("accepted a response with %d assertions and %d AuthnStatements: want one, and at most one", n, m)
	}

	// The Role attribute, the session name and the trust policy's
	// attributes, from every assertion of the response.
	values := func(name string) []string {
		var out []string
		for _, at := range root.find("Assertion", "AttributeStatement", "Attribute") {
			if containsString(at.attr("Name"), name) {
				for _, v := range at.find("AttributeValue") {
					out = append(out, v.text.String())
				}
			}
		}
		return out
	}
	listed := false
	for _, v := range values(samlAttrPrefix + "Role") {
		a, b, ok := strings.Cut(v, ",")
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		listed = listed || ok && (a == roleARN && b == providerARN || a == providerARN && b == roleARN)
	}
	if !listed {
		t.Errorf("accepted a response whose Role attribute %q does not list %s,%s", values(samlAttrPrefix+"Role"), roleARN, providerARN)
	}
	names := values(samlAttrPrefix + "RoleSessionName")
	if len(names) == 0 {
		t.Fatal("accepted a response without a RoleSessionName")
	}
	name := strings.TrimSpace(names[0])
	if !validSessionName(name) || !strings.HasSuffix(out.AssumedRoleUser.Arn, "/"+name) {
		t.Errorf("session %s for RoleSessionName %q: want a valid name (2-64 of [\\w+=,.@-]), the session's", out.AssumedRoleUser.Arn, names[0])
	}

	// Freshness.
	instants := root.attr("IssueInstant")
	if len(instants) != 1 {
		t.Fatalf("accepted a response with IssueInstants %q: want one", instants)
	}
	issued, err := time.Parse(time.RFC3339, instants[0])
	if err != nil || now.Sub(issued) > 5*time.Minute {
		t.Errorf("accepted a response issued at %q, at %s: want at most five minutes old", instants[0], now.Format(time.RFC3339))
	}
	// A subject with several confirmations is confirmed by any one of
	// them (SAML core 2.4.1): one must have no NotOnOrAfter, or a future
	// one.
	confirmations := root.find("Assertion", "Subject", "SubjectConfirmation", "SubjectConfirmationData")
	confirmed := len(confirmations) == 0
	var until []string
	for _, c := range confirmations {
		valid := true
		for _, v := range c.attr("NotOnOrAfter") {
			if v == "" {
				continue
			}
			until = append(until, v)
			at, err := time.Parse(time.RFC3339, v)
			valid = valid && err == nil && now.Before(at)
		}
		confirmed = confirmed || valid
	}
	if !confirmed {
		t.Errorf("accepted a response whose subject confirmations are valid until %q, at %s", until, now.Format(time.RFC3339))
	}

	// Duration.
	roleMax := 3600
	roleName := roleARN[strings.LastIndex(roleARN, "/")+1:]
	for _, a := range sc.Accounts {
		for _, r := range a.Roles {
			if a.ID == account && r.Name == roleName && r.MaxSessionDuration != 0 {
				roleMax = r.MaxSessionDuration
			}
		}
	}
	limit := 3600 * time.Second
	if requested != nil {
		limit = time.Duration(*requested) * time.Second
	}
	if limit > time.Duration(roleMax)*time.Second {
		t.Errorf("accepted a session of up to %v, above the role's maximum %ds", limit, roleMax)
	}
	if vals := values(samlAttrPrefix + "SessionDuration"); len(vals) > 0 {
		if d, err := strconv.ParseInt(strings.TrimSpace(vals[0]), 10, 64); err == nil && d >= 900 && time.Duration(d)*time.Second < limit {
			limit = time.Duration(d) * time.Second
		}
	}
	got := out.Credentials.Expiration.Sub(now)
	if got <= 0 || got > limit {
		t.Errorf("session lasts %v: want more than nothing and at most %v", got, limit)
	}
	for _, st := range root.find("Assertion", "AuthnStatement") {
		for _, v := range st.attr("SessionNotOnOrAfter") {
			if v == "" {
				continue
			}
			if end, err := time.Parse(time.RFC3339, v); err != nil || out.Credentials.Expiration.After(end) {
				t.Errorf("session ends %s, after the response's SessionNotOnOrAfter %q", out.Credentials.Expiration.Format(time.RFC3339), v)
			}
		}
	}

	// SAMLRole's trust policy, restated.
	if roleName != "SAMLRole" || account != "111111111111" {
		t.Fatalf("role %s does not trust a SAML provider, yet it was assumed", roleARN)
	}
	recipients := []string{}
	for _, c := range confirmations {
		recipients = append(recipients, c.attr("Recipient")...)
	}
	if !containsString(recipients, "https://signin.aws.amazon.com/saml") || !containsString(values("mail"), "alice@acme.example") {
		t.Errorf("SAMLRole trusts SAML:aud https://signin.aws.amazon.com/saml and SAML:mail alice@acme.example: recipients %q, mail %q", recipients, values("mail"))
	}
}

// validSessionName checks a RoleSessionName: 2 to 64 of [\w+=,.@-].
func validSessionName(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_+=,.@-", c) >= 0) {
			return false
		}
	}
	return true
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
