package sim

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

const fedWorld = `
name: fed
settings:
  github_sub_check: false
accounts:
  - id: "111111111111"
    oidc_providers:
      - url: https://token.actions.githubusercontent.com
        client_ids: [sts.amazonaws.com]
      - url: https://idp.example.com/tenant
        client_ids: [app]
    saml_providers:
      - {name: Okta, issuer: "http://www.okta.com/exk1"}
    roles:
      - name: Deploy
        max_session_duration: 2h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Federated: arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com}
              Action: sts:AssumeRoleWithWebIdentity
              Condition:
                StringEquals: {token.actions.githubusercontent.com:sub: "repo:acme/app:ref:refs/heads/main"}
        inline_policies:
          Chain:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"], Resource: "*"}
      - name: ByRepository
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Federated: arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com}
              Action: sts:AssumeRoleWithWebIdentity
              Condition:
                StringEquals: {token.actions.githubusercontent.com:repository: acme/app}
      - name: Tagged
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Federated: arn:aws:iam::111111111111:oidc-provider/idp.example.com/tenant}
              Action: [sts:AssumeRoleWithWebIdentity, sts:TagSession]
              Condition:
                ForAnyValue:StringEquals: {idp.example.com/tenant:amr: mfa}
      - name: Google
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Federated: accounts.google.com}
              Action: sts:AssumeRoleWithWebIdentity
              Condition:
                StringEquals: {accounts.google.com:aud: "client-1"}
      - name: Next
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: "111111111111"}
              Action: [sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity]
              Condition:
                StringEquals: {token.actions.githubusercontent.com:sub: "repo:acme/app:ref:refs/heads/main"}
      - name: SAMLRole
        max_session_duration: 8h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Federated: arn:aws:iam::111111111111:saml-provider/Okta}
              Action: [sts:AssumeRoleWithSAML, sts:TagSession, sts:SetSourceIdentity]
              Condition:
                StringEquals: {SAML:aud: "https://signin.aws.amazon.com/saml", SAML:mail: "alice@acme.example"}
`

const (
	ghIss     = "https://token.actions.githubusercontent.com"
	ghMain    = "repo:acme/app:ref:refs/heads/main"
	deployARN = "arn:aws:iam::111111111111:role/Deploy"
	oktaARN   = "arn:aws:iam::111111111111:saml-provider/Okta"
)

// jwt encodes claims written as YAML flow map text.
func jwt(t testing.TB, now time.Time, claims string) string {
	t.Helper()
	sc, err := scenario.Parse("t.yaml", []byte("name: t\naccounts: [{id: \"111111111111\"}]\nsteps:\n  - assume_role_with_web_identity:\n      token: "+claims+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	return EncodeJWT(sc.Steps[0].WebIdentity.Token, now)
}

func TestAssumeRoleWithWebIdentity(t *testing.T) {
	now := scenarioStart
	gh := func(extra string) string {
		return "{iss: " + ghIss + ", aud: sts.amazonaws.com, sub: '" + ghMain + "'" + extra + "}"
	}
	raw := func(header, payload string) string {
		enc := base64.RawURLEncoding
		return enc.EncodeToString([]byte(header)) + "." + enc.EncodeToString([]byte(payload)) + ".c2ln"
	}
	tests := []struct {
		name, reason string
		role         string
		token        string // YAML claims, or raw text when it starts with "raw:"
		duration     *int32
		custom       bool
		wantErr      string
		want         []any // Arn, duration, Provider, Audience, Subject
	}{
		{name: "main branch", reason: "the trust policy's sub matches; up to the role's maximum, not chaining",
			role: deployARN, token: gh(""), duration: Int32(7200),
			want: []any{"arn:aws:sts::111111111111:assumed-role/Deploy/s1", 2 * time.Hour, ghIss, "sts.amazonaws.com", ghMain}},
		{name: "over the role maximum", reason: "DurationSeconds above MaxSessionDuration fails", role: deployARN, token: gh(""), duration: Int32(7201),
			wantErr: "ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{name: "pull request", reason: "another sub is refused by the trust policy", role: deployARN,
			token: "{iss: " + ghIss + ", aud: sts.amazonaws.com, sub: 'repo:acme/app:pull_request'}", wantErr: "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "not a JWT", reason: "a token that is not three segments", role: deployARN, token: "raw:not-a-token",
			wantErr: "InvalidIdentityToken: " + msgNotJWT},
		{name: "unsupported alg", reason: "STS accepts RSA and ECDSA signatures only", role: deployARN,
			token: "raw:" + raw(`{"alg":"HS256"}`, `{"iss":"`+ghIss+`"}`), wantErr: "InvalidIdentityToken: " + msgNotJWT},
		{name: "no issuer", reason: "the issuer finds the provider", role: deployARN,
			token: "raw:" + raw(`{"alg":"RS256"}`, `{"sub":"x"}`), wantErr: "InvalidIdentityToken: " + msgNotJWT},
		{name: "unknown issuer", reason: "the account declares no provider for the issuer", role: deployARN,
			token: "{iss: 'https://gitlab.com', aud: x, sub: y}", wantErr: "InvalidIdentityToken: No OpenIDConnect provider found in your account for https://gitlab.com"},
		{name: "no audience", reason: "aud is required", role: deployARN,
			token: "{iss: " + ghIss + ", sub: y}", wantErr: "InvalidIdentityToken: Missing a required claim: aud"},
		{name: "wrong audience", reason: "aud must be a client id of the provider", role: deployARN,
			token: "{iss: " + ghIss + ", aud: 'https://github.com/acme', sub: y}", wantErr: "InvalidIdentityToken: Incorrect token audience"},
		{name: "audience list", reason: "any aud of a list may match", role: deployARN,
			token: "{iss: " + ghIss + ", aud: [other, sts.amazonaws.com], sub: '" + ghMain + "'}",
			want:  []any{"arn:aws:sts::111111111111:assumed-role/Deploy/s1", time.Hour, ghIss, "sts.amazonaws.com", ghMain}},
		{name: "no subject", reason: "sub is required", role: deployARN,
			token: "{iss: " + ghIss + ", aud: sts.amazonaws.com}", wantErr: "InvalidIdentityToken: Missing a required claim: sub"},
		{name: "expired", reason: "exp at or before now", role: deployARN, token: gh(", exp: 2024-01-01T00:00:00Z"),
			wantErr: "ExpiredTokenException: Token expired: current date/time 1704067200 must be before the expiration date/time 1704067200"},
		{name: "unknown role", reason: "as a denial", role: "arn:aws:iam::111111111111:role/Nope", token: gh(""),
			wantErr: "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "custom claim off", reason: "without the setting, conditions on further claims fail closed",
			role: "arn:aws:iam::111111111111:role/ByRepository", token: gh(", repository: acme/app"),
			wantErr: "AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "custom claim on", reason: "with oidc_custom_claims GitHub's repository claim is a condition key", custom: true,
			role: "arn:aws:iam::111111111111:role/ByRepository", token: gh(", repository: acme/app"),
			want: []any{"arn:aws:sts::111111111111:assumed-role/ByRepository/s1", time.Hour, ghIss, "sts.amazonaws.com", ghMain}},
		{name: "amr and tags", reason: "amr is multivalued; IdP tags need sts:TagSession (allowed here)",
			role:  "arn:aws:iam::111111111111:role/Tagged",
			token: "{iss: 'https://idp.example.com/tenant', aud: app, sub: u1, amr: [pwd, mfa], 'https://aws.amazon.com/tags': {principal_tags: {team: [a]}, transitive_tag_keys: [team]}}",
			want:  []any{"arn:aws:sts::111111111111:assumed-role/Tagged/s1", time.Hour, "https://idp.example.com/tenant", "app", "u1"}},
		{name: "tag with two values", reason: "session tags have one value", role: "arn:aws:iam::111111111111:role/Tagged",
			token:   "{iss: 'https://idp.example.com/tenant', aud: app, sub: u1, amr: [mfa], 'https://aws.amazon.com/tags': {principal_tags: {team: [a, b]}}}",
			wantErr: "InvalidIdentityToken: Session tag team must have exactly one value (simulator wording)"},
		{name: "source identity needs permission", reason: "the trust policy lacks sts:SetSourceIdentity",
			role:    "arn:aws:iam::111111111111:role/Tagged",
			token:   "{iss: 'https://idp.example.com/tenant', aud: app, sub: u1, amr: [mfa], 'https://aws.amazon.com/source_identity': alice}",
			wantErr: "AccessDenied: Not authorized to perform sts:SetSourceIdentity"},
		{name: "built-in provider", reason: "Google needs no IAM provider; the trust policy names it by host",
			role: "arn:aws:iam::111111111111:role/Google", token: "{iss: 'https://accounts.google.com', aud: client-1, sub: '1234'}",
			want: []any{"arn:aws:sts::111111111111:assumed-role/Google/s1", time.Hour, "https://accounts.google.com", "client-1", "1234"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestSim(t, fedWorld)
			s.world.Settings.OIDCCustomClaims = tt.custom
			tok := strings.TrimPrefix(tt.token, "raw:")
			if tok == tt.token {
				tok = jwt(t, now, tt.token)
			}
			out, err := s.AssumeRoleWithWebIdentity(&AssumeRoleWithWebIdentityInput{
				RoleArn: String(tt.role), RoleSessionName: String("s1"), WebIdentityToken: &tok, DurationSeconds: tt.duration})
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("%s: error (-want +got):\n%s", tt.reason, diff)
			}
			if err != nil {
				return
			}
			got := []any{out.AssumedRoleUser.Arn, out.Session.Duration(), out.Provider, out.Audience, out.SubjectFromWebIdentityToken}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestWebIdentityChain pins what a web identity session carries into the
// next hop: role chaining, the provider's aud/sub/amr keys, transitive
// tags and source identity.
func TestWebIdentityChain(t *testing.T) {
	s, _ := newTestSim(t, fedWorld)
	tok := jwt(t, scenarioStart, "{iss: "+ghIss+", aud: sts.amazonaws.com, sub: '"+ghMain+"'}")
	ci, err := s.AssumeRoleWithWebIdentity(&AssumeRoleWithWebIdentityInput{RoleArn: String(deployARN), RoleSessionName: String("ci"), WebIdentityToken: &tok})
	if err != nil {
		t.Fatal(err)
	}
	if ci.Session.Kind != SessionWebIdentity {
		t.Errorf("session kind %v, want AssumeRoleWithWebIdentity", ci.Session.Kind)
	}
	next := "arn:aws:iam::111111111111:role/Next"
	_, err = s.AssumeRole(ci.Credentials, &AssumeRoleInput{RoleArn: String(next), RoleSessionName: String("ci"), DurationSeconds: Int32(3601)})
	if diff := cmp.Diff("ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", errText(err)); diff != "" {
		t.Errorf("the role maximum is checked first (-want +got):\n%s", diff)
	}
	out, err := s.AssumeRole(ci.Credentials, &AssumeRoleInput{RoleArn: String(next), RoleSessionName: String("ci"), Trace: true})
	if err != nil {
		t.Fatalf("the next hop's trust policy tests the provider's sub key, which the session keeps: %v", err)
	}
	if !out.Chained {
		t.Error("an AssumeRole from web identity credentials is role chaining")
	}
	var keys []string
	for _, k := range out.Trace.Decisions[0].Context {
		if strings.HasPrefix(k.Key, "token.actions") || k.Key == "aws:FederatedProvider" {
			keys = append(keys, k.Key+"="+strings.Join(k.Values, ","))
		}
	}
	want := []string{
		"aws:FederatedProvider=arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
		"token.actions.githubusercontent.com:aud=sts.amazonaws.com",
		"token.actions.githubusercontent.com:sub=" + ghMain,
	}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("keys a web identity session keeps for later requests (-want +got):\n%s", diff)
	}
}

// samlResponse builds a SAML step's assertion through the runner's
// renderer.
func samlAssertion(t testing.TB, s *Sim, clk *FakeClock, role, assertion string) string {
	t.Helper()
	src := "name: t\naccounts: [{id: \"111111111111\"}]\nsteps:\n  - assume_role_with_saml:\n      role_arn: " + role +
		"\n      principal_arn: " + oktaARN + "\n      assertion: " + assertion + "\n"
	sc, err := scenario.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	r := runner{sim: s, clock: clk}
	return r.encodeSAML("s1", sc.Steps[0].SAML)
}

func TestAssumeRoleWithSAML(t *testing.T) {
	samlRole := "arn:aws:iam::111111111111:role/SAMLRole"
	base := "name_id: alice@acme.example, role_session_name: alice, attributes: {mail: alice@acme.example}"
	tests := []struct {
		name, reason string
		assertion    string // YAML flow map, or raw text after "raw:"
		duration     *int32
		provider     string
		wantErr      string
		want         []any // duration, Subject, SubjectType, Issuer, Audience, SourceIdentity
	}{
		{name: "ok", reason: "the default one hour; response fields from the assertion", assertion: "{" + base + "}",
			want: []any{time.Hour, "alice@acme.example", "persistent", "http://www.okta.com/exk1", "https://signin.aws.amazon.com/saml", ""}},
		{name: "session duration shortens", reason: "the SessionDuration attribute can only shorten", assertion: "{" + base + ", session_duration: '1800'}",
			duration: Int32(7200), want: []any{30 * time.Minute, "alice@acme.example", "persistent", "http://www.okta.com/exk1", "https://signin.aws.amazon.com/saml", ""}},
		{name: "session duration does not lengthen", reason: "a longer SessionDuration changes nothing", assertion: "{" + base + ", session_duration: '28800'}",
			want: []any{time.Hour, "alice@acme.example", "persistent", "http://www.okta.com/exk1", "https://signin.aws.amazon.com/saml", ""}},
		{name: "session not on or after", reason: "SessionNotOnOrAfter ends the session sooner", assertion: "{" + base + ", session_not_on_or_after: 2024-01-01T00:20:00Z}",
			want: []any{20 * time.Minute, "alice@acme.example", "persistent", "http://www.okta.com/exk1", "https://signin.aws.amazon.com/saml", ""}},
		{name: "tags and source identity", reason: "IdP tags and source identity, allowed by the trust policy",
			assertion: "{" + base + ", principal_tags: {team: a}, transitive_tag_keys: [team], source_identity: alice, name_id_format: transient}",
			want:      []any{time.Hour, "alice@acme.example", "transient", "http://www.okta.com/exk1", "https://signin.aws.amazon.com/saml", "alice"}},
		{name: "over the role maximum", reason: "the role's maximum", assertion: "{" + base + "}", duration: Int32(28801),
			wantErr: "ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{name: "invalid signature", reason: "not signed with the provider's key", assertion: "{" + base + ", signature: invalid}",
			wantErr: "InvalidIdentityToken: Response signature invalid"},
		{name: "stale", reason: "redeemed more than five minutes after issue", assertion: "{" + base + ", issued_at: 2023-12-31T23:54:59Z, not_on_or_after: 2024-01-01T01:00:00Z}",
			wantErr: "ExpiredTokenException: Token must be redeemed within 5 minutes of issuance"},
		{name: "five minutes", reason: "exactly five minutes is still in time", assertion: "{" + base + ", issued_at: 2023-12-31T23:55:00Z, not_on_or_after: 2024-01-01T01:00:00Z}",
			want: []any{time.Hour, "alice@acme.example", "persistent", "http://www.okta.com/exk1", "https://signin.aws.amazon.com/saml", ""}},
		{name: "no session name", reason: "the RoleSessionName attribute is required", assertion: "{name_id: alice}",
			wantErr: "InvalidIdentityToken: RoleSessionName is required in AuthnResponse"},
		{name: "bad session name", reason: "the session name follows the RoleSessionName rules", assertion: "{" + strings.Replace(base, "role_session_name: alice", "role_session_name: 'alice smith'", 1) + "}",
			wantErr: `ValidationError: 1 validation error detected: Value 'alice smith' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		{name: "role not listed", reason: "the Role attribute must list the requested pair",
			assertion: "{" + base + ", roles: ['arn:aws:iam::111111111111:role/Other,arn:aws:iam::111111111111:saml-provider/Okta']}",
			wantErr:   "AccessDenied: Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "role listed provider first", reason: "the pair may be written either way round",
			assertion: "{" + base + ", roles: ['arn:aws:iam::111111111111:saml-provider/Okta,arn:aws:iam::111111111111:role/SAMLRole']}",
			want:      []any{time.Hour, "alice@acme.example", "persistent", "http://www.okta.com/exk1", "https://signin.aws.amazon.com/saml", ""}},
		{name: "attribute condition", reason: "a further attribute is a SAML: key the trust policy tests",
			assertion: "{name_id: bob, role_session_name: bob, attributes: {mail: bob@acme.example}}",
			wantErr:   "AccessDenied: Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "unknown provider", reason: "a provider the account does not declare", provider: "arn:aws:iam::111111111111:saml-provider/Nope",
			assertion: "{" + base + "}", wantErr: "AccessDenied: Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "not base64", reason: "SAMLAssertion is base64", assertion: "raw:<Response/>",
			wantErr: "InvalidIdentityToken: Invalid base64 SAMLResponse (check that your input is base64 encoded) (simulator wording)"},
		{name: "not a response", reason: "the decoded text must be a SAML response", assertion: "raw:" + base64.StdEncoding.EncodeToString([]byte("<html/>")),
			wantErr: "InvalidIdentityToken: Invalid SAML response: not a SAML 2.0 Response (simulator wording)"},
		{name: "provider ARN shape", reason: "PrincipalArn must be a SAML provider ARN", provider: "arn:aws:iam::111111111111:role/SAMLRoleX",
			assertion: "{" + base + "}", wantErr: "ValidationError: arn:aws:iam::111111111111:role/SAMLRoleX is invalid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clk := newTestSim(t, fedWorld)
			enc := strings.TrimPrefix(tt.assertion, "raw:")
			if enc == tt.assertion {
				enc = samlAssertion(t, s, clk, samlRole, tt.assertion)
			}
			provider := oktaARN
			if tt.provider != "" {
				provider = tt.provider
			}
			out, err := s.AssumeRoleWithSAML(&AssumeRoleWithSAMLInput{RoleArn: String(samlRole), PrincipalArn: String(provider), SAMLAssertion: &enc, DurationSeconds: tt.duration})
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("%s: error (-want +got):\n%s", tt.reason, diff)
			}
			if err != nil {
				return
			}
			si := ""
			if out.SourceIdentity != nil {
				si = *out.SourceIdentity
			}
			got := []any{out.Session.Duration(), out.Subject, out.SubjectType, out.Issuer, out.Audience, si}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
			if want := NameQualifier("http://www.okta.com/exk1", "111111111111", "Okta"); out.NameQualifier != want {
				t.Errorf("NameQualifier = %q, want %q", out.NameQualifier, want)
			}
		})
	}
}

func TestNameQualifier(t *testing.T) {
	// BASE64(SHA1("https://idp.example.com/saml" + "123456789012" + "/" + "MyIdP")),
	// computed independently with sha1sum and base64.
	got := NameQualifier("https://idp.example.com/saml", "123456789012", "MyIdP")
	if want := "DDa+0CnEUxG1H2BB9DcVbYqqBms="; got != want {
		t.Errorf("NameQualifier = %q, want %q", got, want)
	}
}

// TestFirstHopRCP pins that RCPs of the role's account apply to federated
// first hops (STS is an RCP-supported service) but not to service
// principals.
func TestFirstHopRCP(t *testing.T) {
	src := fedWorld + `
organization:
  management_account: "999999999999"
  policies:
    - name: NoFederation
      type: RCP
      document:
        Version: "2012-10-17"
        Statement:
          - {Effect: Deny, Principal: "*", Action: ["sts:AssumeRoleWithWebIdentity", "sts:AssumeRole"], Resource: "*"}
  root:
    rcps: [NoFederation]
    accounts: ["111111111111"]
`
	src = strings.Replace(src, "accounts:\n  - id: \"111111111111\"", "accounts:\n  - id: \"999999999999\"\n  - id: \"111111111111\"", 1)
	src = strings.Replace(src, "      - name: SAMLRole", `      - name: Svc
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
      - name: SAMLRole`, 1)
	s, _ := newTestSim(t, src)
	tok := jwt(t, scenarioStart, "{iss: "+ghIss+", aud: sts.amazonaws.com, sub: '"+ghMain+"'}")
	_, err := s.AssumeRoleWithWebIdentity(&AssumeRoleWithWebIdentityInput{RoleArn: String(deployARN), RoleSessionName: String("ci"), WebIdentityToken: &tok})
	var e *Error
	if !asError(err, &e) || e.Reason == nil || e.Reason.Kind != KindRCP || e.Reason.Decision != policy.ExplicitDeny {
		t.Errorf("web identity under a denying RCP: got %v, want an explicit RCP deny", err)
	}
	if _, err := s.AssumeRoleAsService(&AssumeRoleAsServiceInput{Service: "ec2.amazonaws.com", RoleArn: String("arn:aws:iam::111111111111:role/Svc"), RoleSessionName: String("i-0123456789abcdef0")}); err != nil {
		t.Errorf("RCPs do not restrict AWS service principals: %v", err)
	}
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	if ok {
		*e = x
	}
	return ok
}

// TestFirstHopQuota pins that the unsigned federated first hops count
// against the STS rate quota of the role's account.
func TestFirstHopQuota(t *testing.T) {
	s, _ := newTestSim(t, fedWorld)
	s.world.Quotas.STSRequestsPerSecond, s.world.Quotas.STSBurst = 1, 2
	tok := jwt(t, scenarioStart, "{iss: "+ghIss+", aud: sts.amazonaws.com, sub: '"+ghMain+"'}")
	var got []string
	for i := 0; i < 2; i++ {
		_, err := s.AssumeRoleWithWebIdentity(&AssumeRoleWithWebIdentityInput{RoleArn: String(deployARN), RoleSessionName: String("ci"), WebIdentityToken: &tok})
		got = append(got, errText(err))
	}
	clk := NewFakeClock(scenarioStart)
	enc := samlAssertion(t, s, clk, "arn:aws:iam::111111111111:role/SAMLRole", "{name_id: a, role_session_name: alice, attributes: {mail: alice@acme.example}}")
	_, err := s.AssumeRoleWithSAML(&AssumeRoleWithSAMLInput{RoleArn: String("arn:aws:iam::111111111111:role/SAMLRole"), PrincipalArn: String(oktaARN), SAMLAssertion: &enc})
	got = append(got, errText(err))
	want := []string{"", "", "Throttling: Rate exceeded"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("a burst of 2 for the role's account: the third first hop is throttled (-want +got):\n%s", diff)
	}
}
