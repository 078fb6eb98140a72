package scenario

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim/policy"
)

func sp(s string) *string { return &s }

func tp(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// TestParseCredentialKeys loads a file using every key of settings,
// identity providers and credential steps, and checks what each became.
func TestParseCredentialKeys(t *testing.T) {
	s, err := Load("testdata/valid/credentials.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Steps) != 10 {
		t.Fatalf("got %d steps, want 10", len(s.Steps))
	}
	type parsed struct {
		Settings Settings
		OIDC     []*OIDCProvider
		SAML     []*SAMLProvider
		GST      *GetSessionTokenStep
		GFT      *GetFederationTokenStep
		Service  *ServiceAssumeStep
		Console  *ConsoleSignInStep
		Console2 *ConsoleSignInStep
		Switch   *SwitchRoleStep
		RawToken *string
		SAMLStep *SAMLStep
		RawSAML  *string
		Expects  []*Expect
	}
	got := parsed{
		Settings: s.Settings, OIDC: s.Accounts[0].OIDCProviders, SAML: s.Accounts[0].SAMLProviders,
		GST: s.Steps[0].GetSessionToken, GFT: s.Steps[1].GetFederationToken, Service: s.Steps[2].ServiceAssume,
		Console: s.Steps[3].ConsoleSignIn, Console2: s.Steps[4].ConsoleSignIn, Switch: s.Steps[5].SwitchRole,
		RawToken: s.Steps[7].WebIdentity.Token.Raw, SAMLStep: s.Steps[8].SAML, RawSAML: s.Steps[9].SAML.Assertion.Raw,
	}
	for _, st := range s.Steps {
		got.Expects = append(got.Expects, st.Expect)
	}
	alice := Credentials{ARN: "arn:aws:iam::111111111111:user/alice"}
	readOnly := []Ref{{Value: "arn:aws:iam::aws:policy/ReadOnlyAccess"}}
	want := parsed{
		Settings: Settings{MFAInRoleSessions: MFAFromCallerOrRequest, GitHubSubCheck: false, OIDCCustomClaims: true},
		OIDC: []*OIDCProvider{{URL: "https://token.actions.githubusercontent.com", ClientIDs: []string{"sts.amazonaws.com"},
			Thumbprints: []string{"6938fd4d98bab03faadb97b34396831e3780aea1"}}},
		SAML: []*SAMLProvider{{Name: "Okta", Issuer: "http://www.okta.com/exk1"}},
		GST:  &GetSessionTokenStep{As: alice, DurationSeconds: sp("3600"), SerialNumber: sp("arn:aws:iam::111111111111:mfa/alice"), TokenCode: sp("123456")},
		GFT: &GetFederationTokenStep{As: alice, Name: sp("bob"), DurationSeconds: sp("900"),
			Policy:     &SessionPolicy{Text: `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, Document: &policy.Policy{}},
			PolicyArns: readOnly, Tags: []Tag{{Key: "team", Value: "a"}}},
		Service: &ServiceAssumeStep{Service: "ec2.amazonaws.com", RoleArn: sp("arn:aws:iam::111111111111:role/Deploy"),
			RoleSessionName: sp("i-0123456789abcdef0"), InstanceID: "i-0123456789abcdef0", DurationSeconds: sp("21600"),
			SourceArn: sp("arn:aws:ec2:us-east-1:111111111111:instance/i-0123456789abcdef0"), SourceAccount: sp("111111111111")},
		Console:  &ConsoleSignInStep{As: alice, SerialNumber: sp("arn:aws:iam::111111111111:mfa/alice"), TokenCode: sp("123456")},
		Console2: &ConsoleSignInStep{As: alice},
		Switch:   &SwitchRoleStep{As: Credentials{Step: "console2"}, RoleArn: "arn:aws:iam::111111111111:role/Deploy"},
		RawToken: sp("not-a-token"),
		SAMLStep: &SAMLStep{RoleArn: sp("arn:aws:iam::111111111111:role/Deploy"), PrincipalArn: sp("arn:aws:iam::111111111111:saml-provider/Okta"),
			DurationSeconds: sp("3600"), Policy: &SessionPolicy{Text: `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, Document: &policy.Policy{}},
			PolicyArns: readOnly,
			Assertion: &SAMLAssertion{Issuer: sp("http://www.okta.com/exk1"), Recipient: "https://signin.aws.amazon.com/saml", NameID: "alice",
				NameIDFormat: "transient", IssuedAt: tp("2024-01-01T00:00:00Z"), NotOnOrAfter: tp("2024-01-01T00:05:00Z"),
				SessionNotOnOrAfter: tp("2024-01-01T08:00:00Z"), RoleSessionName: sp("alice"), SessionDuration: sp("3600"),
				Roles:         []Ref{{Value: "arn:aws:iam::111111111111:role/Deploy,arn:aws:iam::111111111111:saml-provider/Okta"}},
				PrincipalTags: []Tag{{Key: "team", Value: "a"}}, TransitiveTagKeys: []Ref{{Value: "team"}}, SourceIdentity: sp("alice"),
				Attributes:       []SAMLAttribute{{Name: "mail", Values: []string{"alice@acme.example"}}, {Name: "groups", Values: []string{"a", "b"}}},
				InvalidSignature: true}},
		RawSAML: sp("PHJlc3BvbnNlLz4="),
		Expects: []*Expect{
			{Duration: durp(time.Hour), Expiration: tp("2024-01-01T01:00:00Z")},
			{Arn: sp("arn:aws:sts::111111111111:federated-user/bob"), UserID: sp("111111111111:bob"), PackedPolicySize: ip(5)},
			{Error: "AccessDenied", DeniedBy: "trust_policy", Deny: "implicit"},
			{Error: "AccessDenied"},
			nil,
			{Error: "AccessDenied", Message: "Invalid information"},
			{Subject: sp("repo:acme/app:ref:refs/heads/main"), Provider: sp("www.amazon.com"), Audience: sp("sts.amazonaws.com"), Chained: bp(false)},
			{Error: "ValidationError"},
			{Error: "InvalidIdentityToken"},
			{Error: "ValidationError"},
		},
	}
	if diff := cmp.Diff(want, got, structOpts); diff != "" {
		t.Errorf("credential keys (-want +got):\n%s", diff)
	}
	// The token's claims: times become epoch seconds; order is kept.
	web := s.Steps[6].WebIdentity
	if diff := cmp.Diff(`{"iss":"https://token.actions.githubusercontent.com","aud":["sts.amazonaws.com"],"sub":"repo:acme/app:ref:refs/heads/main","iat":1704067200,"exp":1704070800,"amr":["mfa"]}`,
		web.Token.Claims.CompactJSON()); diff != "" {
		t.Errorf("token claims (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]any{sp("arn:aws:iam::111111111111:role/Deploy"), sp("ci"), sp("www.amazon.com"), sp("900"), readOnly},
		[]any{web.RoleArn, web.RoleSessionName, web.ProviderID, web.DurationSeconds, web.PolicyArns}, structOpts); diff != "" {
		t.Errorf("web identity parameters (-want +got):\n%s", diff)
	}
}

func durp(d time.Duration) *time.Duration { return &d }
func ip(n int) *int                       { return &n }
func bp(b bool) *bool                     { return &b }

// TestSettingsDefaults pins the defaults of an absent settings map.
func TestSettingsDefaults(t *testing.T) {
	s, err := Parse("s.yaml", []byte("name: s\naccounts: [{id: \"111111111111\"}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{MFAInRoleSessions: MFAFromCaller, GitHubSubCheck: true}
	if diff := cmp.Diff(want, s.Settings, structOpts); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestCredentialErrors(t *testing.T) {
	tests := []struct {
		name, reason string
		src          string
		want         []string
	}{
		{name: "settings", reason: "unknown rule, non-boolean switches, unknown key",
			src: y(`
name: s
settings:
  mfa_in_role_sessions: always
  github_sub_check: "no"
  oidc_claims: true
accounts: [{id: "111111111111"}]
`),
			want: []string{
				`s.yaml:3:25: settings.mfa_in_role_sessions: "always" is not one of caller, caller_or_request, never`,
				`s.yaml:4:21: settings.github_sub_check: expected true or false, got string`,
				`s.yaml:5:3: unknown key "oidc_claims" in settings`,
			}},
		{name: "providers", reason: "URL, client id, thumbprint, duplicate and SAML name rules",
			src: y(`
name: s
accounts:
  - id: "111111111111"
    oidc_providers:
      - url: http://idp.example.com
      - url: https://idp.example.com/
      - {url: https://idp.example.com, client_ids: [""], thumbprints: [abc]}
      - url: https://idp.example.com
      - client_ids: [x]
    saml_providers:
      - {name: "Bad Name", issuer: x}
      - {name: okta, issuer: x}
      - {name: Okta, issuer: x}
      - {name: NoIssuer}
`),
			want: []string{
				`s.yaml:5:14: oidc_provider.url: "http://idp.example.com" is not a valid provider URL: it must begin with https://`,
				`s.yaml:6:14: oidc_provider.url: "https://idp.example.com/" is not a valid provider URL: it may not have a query, a fragment, credentials, spaces or a trailing slash`,
				`s.yaml:7:53: oidc_provider.client_ids: a client id is 1 to 255 characters`,
				`s.yaml:7:72: oidc_provider.thumbprints: "abc" is not a thumbprint: want 40 hexadecimal digits`,
				`s.yaml:8:14: duplicate OIDC provider idp.example.com in account 111111111111 (first at line 7, column 15)`,
				`s.yaml:9:9: missing required key "url" in oidc_provider`,
				`s.yaml:11:16: saml_provider.name: "Bad Name" is not a valid SAML provider name: it may contain only letters, digits and ._-`,
				`s.yaml:13:16: duplicate SAML provider name "Okta" in account 111111111111 (first at line 12, column 16; names are case-insensitive)`,
				`s.yaml:14:9: missing required key "issuer" in saml_provider`,
			}},
		{name: "steps", reason: "types and references of the credential steps",
			src: y(`
name: s
accounts:
  - id: "111111111111"
    users: [{name: alice}]
steps:
  - id: c
    console_sign_in: arn:aws:iam::111111111111:user/bob
  - get_session_token: {as: later, duration: 1h}
  - get_federation_token: {as: arn:aws:iam::111111111111:user/alice, tags: 5}
  - service_assume: {service: ec2.amazon.com, role_arn: x}
  - service_assume: {service: lambda.amazonaws.com, instance_id: i-0123456789abcdef0}
  - service_assume: {service: ec2.amazonaws.com, instance_id: i-123, role_arn: x}
  - service_assume: {service: ec2.amazonaws.com, instance_id: i-01234567, role_session_name: web}
  - service_assume: {service: ec2.amazonaws.com}
  - switch_role: {as: c, role_arn: arn:aws:iam::111111111111:user/alice}
  - assume_role_with_web_identity: {role_arn: x, token: [a]}
  - assume_role_with_web_identity: {role_arn: x, token: {iss: x, exp: tomorrow}}
  - assume_role_with_saml: {assertion: {name_id: a, signature: maybe, issued_at: now, role: x}}
  - id: later
    whoami: arn:aws:iam::111111111111:user/alice
    expect: {subject: x}
`),
			want: []string{
				`s.yaml:7:22: console_sign_in: no user arn:aws:iam::111111111111:user/bob is declared (the ARN must include the user's path)`,
				`s.yaml:8:29: get_session_token.as: step "later" is not an earlier step that issues credentials`,
				`s.yaml:8:36: unknown key "duration" in get_session_token; did you mean "duration_seconds"?`,
				`s.yaml:9:76: get_federation_token.tags: expected a map of tags or a list of {key, value}, got integer`,
				`s.yaml:10:21: service_assume: role_session_name is required (the session name the service uses)`,
				`s.yaml:10:31: service_assume.service: "ec2.amazon.com" is not an AWS service principal like ec2.amazonaws.com`,
				`s.yaml:11:66: service_assume.instance_id: only ec2.amazonaws.com assumes roles for EC2 instances`,
				`s.yaml:12:63: service_assume.instance_id: "i-123" is not an EC2 instance id: want i- and 8 or 17 hexadecimal digits`,
				`s.yaml:13:75: service_assume.role_session_name: EC2 names the session after the instance: give instance_id or role_session_name, not both`,
				`s.yaml:14:21: service_assume: EC2 names the session after the instance: instance_id is required`,
				`s.yaml:15:36: switch_role.role_arn: "arn:aws:iam::111111111111:user/alice" is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)`,
				`s.yaml:16:57: assume_role_with_web_identity.token: expected a map of claims or the token text, got list`,
				`s.yaml:17:71: assume_role_with_web_identity.token.exp: invalid time "tomorrow": want RFC 3339 (converted to epoch seconds) or a number`,
				`s.yaml:18:64: assertion.signature: must be valid or invalid, got "maybe"`,
				`s.yaml:18:82: assertion.issued_at: invalid time "now": want RFC 3339, like 2024-01-01T00:00:00Z`,
				`s.yaml:18:87: unknown key "role" in assertion; did you mean "role_session_name"?`,
				`s.yaml:21:14: expect.subject does not apply to a whoami step`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, diagLines(t, tt.src)); diff != "" {
				t.Errorf("%s: diagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestFederatedTrustChecks pins the load-time checks of trust policies that
// name identity providers: the provider must be declared, and IAM's GitHub
// sub check (presence, not breadth).
func TestFederatedTrustChecks(t *testing.T) {
	const gh = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
	world := func(settings, principal, condition string) string {
		return y(`
name: s
` + settings + `accounts:
  - id: "111111111111"
    oidc_providers: [{url: https://token.actions.githubusercontent.com, client_ids: [sts.amazonaws.com]}]
    saml_providers: [{name: Okta, issuer: x}]
    roles:
      - name: R
        trust_policy:
          Statement:
            - Effect: Allow
              Principal: {Federated: "` + principal + `"}
              Action: sts:AssumeRoleWithWebIdentity
` + condition)
	}
	c := func(op, claim, val string) string {
		return "              Condition: {" + op + ": {token.actions.githubusercontent.com:" + claim + ": " + val + "}}\n"
	}
	githubErr := `s.yaml:7:9: role R: trust_policy: MalformedPolicyDocument: ` + gitHubTrustMessage +
		` (statement Statement[0]; settings.github_sub_check: false models a role saved before IAM checked this)`
	tests := []struct {
		name, reason string
		src          string
		want         []string
	}{
		{"exact sub", "a StringEquals test of sub passes", world("", gh, c("StringEquals", "sub", `"repo:acme/app:ref:refs/heads/main"`)), nil},
		{"org wildcard", "the check is for presence: repo:acme/* passes", world("", gh, c("StringLike", "sub", `"repo:acme/*"`)), nil},
		{"any repo", "repo:* passes too", world("", gh, c("StringLike", "sub", `"repo:*"`)), nil},
		{"star among values", "one value other than * suffices", world("", gh, c("StringLike", "sub", `["repo:a/b:ref:refs/heads/main", "*"]`)), nil},
		{"job workflow ref", "job_workflow_ref counts as well", world("", gh, c("StringEquals", "job_workflow_ref", `"acme/wf/.github/workflows/d.yml@refs/heads/main"`)), nil},
		{"ignore case", "StringEqualsIgnoreCase counts", world("", gh, c("StringEqualsIgnoreCase", "sub", `"repo:acme/app:ref:refs/heads/main"`)), nil},
		{"set operator", "ForAnyValue:StringLike counts", world("", gh, c("ForAnyValue:StringLike", "sub", `"repo:acme/*"`)), nil},
		{"no condition", "testing nothing is refused", world("", gh, ""), []string{githubErr}},
		{"aud only", "testing only aud is refused", world("", gh, c("StringEquals", "aud", `"sts.amazonaws.com"`)), []string{githubErr}},
		{"sub star", "sub = * is refused", world("", gh, c("StringLike", "sub", `"*"`)), []string{githubErr}},
		{"negated operator", "StringNotEquals does not count", world("", gh, c("StringNotEquals", "sub", `"repo:evil/x:ref:refs/heads/main"`)), []string{githubErr}},
		{"check off", "settings.github_sub_check: false models a role saved before the check", world("settings: {github_sub_check: false}\n", gh, ""), nil},
		{"other provider", "the check is GitHub's only", world("", "arn:aws:iam::111111111111:saml-provider/Okta", ""), nil},
		{"undeclared provider", "a provider of a declared account must be declared",
			world("", "arn:aws:iam::111111111111:oidc-provider/gitlab.com", ""),
			[]string{`s.yaml:7:9: role R: trust_policy: MalformedPolicyDocument: Invalid principal in policy: account 111111111111 declares no OIDC provider gitlab.com (oidc_providers) (statement Statement[0])`}},
		{"undeclared SAML provider", "likewise for SAML",
			world("", "arn:aws:iam::111111111111:saml-provider/Azure", ""),
			[]string{`s.yaml:7:9: role R: trust_policy: MalformedPolicyDocument: Invalid principal in policy: account 111111111111 declares no SAML provider Azure (saml_providers) (statement Statement[0])`}},
		{"foreign account", "providers of accounts outside the scenario are accepted", world("", "arn:aws:iam::222222222222:oidc-provider/x.example.com", ""), nil},
		{"built-in", "built-in providers are named by host", world("", "accounts.google.com", ""), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, diagLines(t, tt.src)); diff != "" {
				t.Errorf("%s: diagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestIsServicePrincipal(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		want         bool
	}{
		{"ec2", "a service principal", "ec2.amazonaws.com", true},
		{"dotted", "several labels", "ecs-tasks.amazonaws.com", true},
		{"china", "the China partition's suffix", "ec2.amazonaws.com.cn", true},
		{"wrong suffix", "not amazonaws.com", "ec2.amazon.com", false},
		{"bare suffix", "no service label", "amazonaws.com", false},
		{"upper case", "service principals are lower case", "EC2.amazonaws.com", false},
		{"leading dot", "an empty label", ".amazonaws.com", false},
	}
	for _, tt := range tests {
		if got := IsServicePrincipal(tt.in); got != tt.want {
			t.Errorf("%s: IsServicePrincipal(%q) = %v, want %v (%s)", tt.name, tt.in, got, tt.want, tt.reason)
		}
	}
}
