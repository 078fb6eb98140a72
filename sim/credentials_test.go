package sim

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// credWorld is the world of the credential-source tests: a user with an MFA
// device and broad permissions, a user with none, roles trusting the
// account, a role requiring MFA, service roles and a deep-path role.
const credWorld = `
name: creds
accounts:
  - id: "111111111111"
    users:
      - name: alice
        tags: {team: platform, env: dev}
        mfa_devices:
          - {serial: "arn:aws:iam::111111111111:mfa/alice", codes: ["123456", "234567"]}
        inline_policies:
          All:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: ["sts:*", "s3:*", "iam:ListRoles"], Resource: "*"}
      - name: nobody
    policies:
      - name: ReadOnly
        document:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Action: "s3:Get*", Resource: "*"}
    roles:
      - name: Dev
        max_session_duration: 12h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}
        inline_policies:
          All:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: ["sts:AssumeRole", "s3:*"], Resource: "*", Condition: {Bool: {aws:MultiFactorAuthPresent: "true"}}}
      - name: NeedsMFA
        max_session_duration: 4h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: "111111111111"}
              Action: sts:AssumeRole
              Condition: {Bool: {aws:MultiFactorAuthPresent: "true"}}
      - name: Web
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
        inline_policies:
          Chain:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}
      - name: Fn
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Service: lambda.amazonaws.com}
              Action: sts:AssumeRole
              Condition: {StringEquals: {aws:SourceAccount: "111111111111"}}
      - name: R5678901234567890123456789012345678901234567890123456789012345
        path: /a/
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}
      - name: R56789012345678901234567890123456789012345678901234567890123456
        path: /a/
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}
    resources:
      - arn: arn:aws:s3:::shared
        policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "arn:aws:sts::111111111111:federated-user/carol"}, Action: "s3:GetObject", Resource: "arn:aws:s3:::shared/*"}
`

const (
	acct     = "111111111111"
	aliceARN = "arn:aws:iam::111111111111:user/alice"
	mfaARN   = "arn:aws:iam::111111111111:mfa/alice"
	devARN   = "arn:aws:iam::111111111111:role/Dev"
)

// newTestSim builds a simulation of a YAML scenario at the default start.
func newTestSim(t testing.TB, src string) (*Sim, *FakeClock) {
	t.Helper()
	sc, err := scenario.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatalf("world: %v", err)
	}
	clk := NewFakeClock(scenarioStart)
	return New(w, clk), clk
}

func userCreds(t *testing.T, s *Sim, arn string) Credentials {
	t.Helper()
	c, err := s.UserCredentials(arn)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// errText renders an error as code and message for comparisons; "" for nil.
func errText(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	if err != nil {
		return "not an *Error: " + err.Error()
	}
	return ""
}

func TestGetSessionToken(t *testing.T) {
	tests := []struct {
		name, reason string
		root         bool
		in           GetSessionTokenInput
		wantErr      string
		wantDuration time.Duration
		wantMFA      bool
	}{
		{name: "default", reason: "an IAM user's session lasts 12 hours by default", wantDuration: 12 * time.Hour},
		{name: "max", reason: "36 hours is the maximum", in: GetSessionTokenInput{DurationSeconds: Int32(129600)}, wantDuration: 36 * time.Hour},
		{name: "min", reason: "15 minutes is the minimum", in: GetSessionTokenInput{DurationSeconds: Int32(900)}, wantDuration: 15 * time.Minute},
		{name: "too long", reason: "above 129600 is a schema error",
			in:      GetSessionTokenInput{DurationSeconds: Int32(129601)},
			wantErr: "ValidationError: 1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"},
		{name: "too short", reason: "below 900 is a schema error",
			in:      GetSessionTokenInput{DurationSeconds: Int32(899)},
			wantErr: "ValidationError: 1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"},
		{name: "bad code shape", reason: "TokenCode is six digits",
			in:      GetSessionTokenInput{SerialNumber: String(mfaARN), TokenCode: String("12345")},
			wantErr: "ValidationError: 1 validation error detected: Value '12345' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6"},
		{name: "mfa", reason: "a valid code gives MFA context", in: GetSessionTokenInput{SerialNumber: String(mfaARN), TokenCode: String("123456")},
			wantDuration: 12 * time.Hour, wantMFA: true},
		{name: "wrong code", reason: "a code the device did not produce is refused",
			in:      GetSessionTokenInput{SerialNumber: String(mfaARN), TokenCode: String("654321")},
			wantErr: "AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code."},
		{name: "unknown device", reason: "a serial the user does not own cannot be validated",
			in:      GetSessionTokenInput{SerialNumber: String("arn:aws:iam::111111111111:mfa/bob"), TokenCode: String("123456")},
			wantErr: "AccessDenied: MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."},
		{name: "root default", reason: "the root user's sessions last one hour", root: true, wantDuration: time.Hour},
		{name: "root capped", reason: "a longer root request falls back to one hour instead of failing", root: true,
			in: GetSessionTokenInput{DurationSeconds: Int32(7200)}, wantDuration: time.Hour},
		{name: "root shorter", reason: "a root request under one hour is kept", root: true,
			in: GetSessionTokenInput{DurationSeconds: Int32(1800)}, wantDuration: 30 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestSim(t, credWorld)
			creds := userCreds(t, s, aliceARN)
			if tt.root {
				var err error
				if creds, err = s.RootCredentials(acct); err != nil {
					t.Fatal(err)
				}
			}
			out, err := s.GetSessionToken(creds, &tt.in)
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("%s: error (-want +got):\n%s", tt.reason, diff)
			}
			if err != nil {
				return
			}
			got := struct {
				Duration time.Duration
				MFA      bool
				Prefix   string
			}{out.Session.Duration(), out.Session.MFA, out.Credentials.AccessKeyID[:4]}
			want := struct {
				Duration time.Duration
				MFA      bool
				Prefix   string
			}{tt.wantDuration, tt.wantMFA, "ASIA"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestTemporaryCredentialRules pins what each kind of temporary credentials
// may do regardless of policies.
func TestTemporaryCredentialRules(t *testing.T) {
	s, _ := newTestSim(t, credWorld)
	alice := userCreds(t, s, aliceARN)
	plain, err := s.GetSessionToken(alice, &GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	withMFA, err := s.GetSessionToken(alice, &GetSessionTokenInput{SerialNumber: String(mfaARN), TokenCode: String("123456")})
	if err != nil {
		t.Fatal(err)
	}
	fed, err := s.GetFederationToken(alice, &GetFederationTokenInput{Name: String("bob"),
		Policy: String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	role, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	call := func(c Credentials, action string) string {
		_, err := s.Call(c, &CallInput{Action: action, Resource: "*"})
		return errText(err)
	}
	tests := []struct {
		name, reason string
		got, want    string
	}{
		{"token calls s3", "GetSessionToken credentials work with other services", call(plain.Credentials, "s3:ListAllMyBuckets"), ""},
		{"token without MFA calls IAM", "IAM refuses GetSessionToken credentials obtained without MFA",
			call(plain.Credentials, "iam:ListRoles"), "InvalidClientTokenId: The security token included in the request is invalid"},
		{"token with MFA calls IAM", "with MFA IAM accepts them", call(withMFA.Credentials, "iam:ListRoles"), ""},
		{"token calls other STS", "only AssumeRole and GetCallerIdentity among STS operations",
			call(plain.Credentials, "sts:DecodeAuthorizationMessage"), "AccessDenied: Cannot call DecodeAuthorizationMessage with session credentials"},
		{"federated calls IAM", "federated users cannot call IAM", call(fed.Credentials, "iam:ListRoles"),
			"InvalidClientTokenId: The security token included in the request is invalid"},
		{"long-term keys call IAM", "no restriction for long-term keys", call(alice, "iam:ListRoles"), ""},
		{"role session calls IAM", "no restriction for role sessions (the role's policies decide)", call(role.Credentials, "iam:ListRoles"),
			"AccessDenied: User: arn:aws:sts::111111111111:assumed-role/Dev/alice is not authorized to perform: iam:ListRoles on resource: * because no identity-based policy allows the iam:ListRoles action"},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s: %s (-want +got):\n%s", tt.name, tt.reason, diff)
		}
	}

	refusals := []struct {
		name, reason string
		err          error
		want         string
	}{
		{"token from token", "temporary credentials cannot call GetSessionToken",
			secondErr(s.GetSessionToken(plain.Credentials, &GetSessionTokenInput{})), "AccessDenied: Cannot call GetSessionToken with session credentials"},
		{"token from role", "nor can role sessions",
			secondErr(s.GetSessionToken(role.Credentials, &GetSessionTokenInput{})), "AccessDenied: Cannot call GetSessionToken with session credentials"},
		{"federation from role", "role sessions cannot call GetFederationToken",
			secondErr(s.GetFederationToken(role.Credentials, &GetFederationTokenInput{Name: String("x1")})), "AccessDenied: Cannot call GetFederationToken with session credentials"},
		{"federation from token", "GetSessionToken credentials cannot call GetFederationToken",
			secondErr(s.GetFederationToken(plain.Credentials, &GetFederationTokenInput{Name: String("x1")})), "AccessDenied: Cannot call GetFederationToken with session credentials"},
		{"assume from federated", "GetFederationToken credentials cannot call AssumeRole",
			secondErr(s.AssumeRole(fed.Credentials, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("bob")})),
			"AccessDenied: Cannot call AssumeRole with session credentials from GetFederationToken"},
	}
	for _, tt := range refusals {
		if diff := cmp.Diff(tt.want, errText(tt.err)); diff != "" {
			t.Errorf("%s: %s (-want +got):\n%s", tt.name, tt.reason, diff)
		}
	}
}

func secondErr[T any](_ T, err error) error { return err }

// TestChainingFromTemporaryCredentials pins which callers make AssumeRole
// role chaining: every kind of temporary credentials, never long-term keys.
func TestChainingFromTemporaryCredentials(t *testing.T) {
	s, _ := newTestSim(t, credWorld)
	alice := userCreds(t, s, aliceARN)
	gst, err := s.GetSessionToken(alice, &GetSessionTokenInput{SerialNumber: String(mfaARN), TokenCode: String("123456")})
	if err != nil {
		t.Fatal(err)
	}
	ec2, err := s.AssumeRoleAsService(&AssumeRoleAsServiceInput{Service: "ec2.amazonaws.com", RoleArn: String("arn:aws:iam::111111111111:role/Web"), RoleSessionName: String("i-0123456789abcdef0")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		creds        Credentials
		wantChained  bool
		wantErr      string
	}{
		{"user keys", "a first hop from an IAM user may use the role's maximum", alice, false, ""},
		{"session token", "GetSessionToken credentials make it chaining (reference §4)", gst.Credentials, true,
			"ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."},
		{"instance profile", "credentials a service delivered make it chaining", ec2.Credentials, true,
			"ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AssumeRole(tt.creds, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("x1"), DurationSeconds: Int32(7200)})
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Errorf("%s: 2h (-want +got):\n%s", tt.reason, diff)
			}
			out, err := s.AssumeRole(tt.creds, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("x1")})
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if out.Chained != tt.wantChained {
				t.Errorf("%s: Chained = %v, want %v", tt.reason, out.Chained, tt.wantChained)
			}
		})
	}
}

func TestGetFederationToken(t *testing.T) {
	allowAll := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	tests := []struct {
		name, reason string
		as           string // user ARN or "root"
		in           GetFederationTokenInput
		wantErr      string
		wantDuration time.Duration
		wantPacked   int32 // -1: absent
	}{
		{name: "default", reason: "12 hours by default; PackedPolicySize 0 without policies or tags (GetFederationToken always returns it)", as: aliceARN,
			in: GetFederationTokenInput{Name: String("bob")}, wantDuration: 12 * time.Hour, wantPacked: 0},
		{name: "name too short", reason: "names are 2 to 32 characters", as: aliceARN, in: GetFederationTokenInput{Name: String("b")},
			wantErr: "ValidationError: 1 validation error detected: Value 'b' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{name: "name pattern", reason: "names follow [\\w+=,.@-]*", as: aliceARN, in: GetFederationTokenInput{Name: String("bob smith")},
			wantErr: `ValidationError: 1 validation error detected: Value 'bob smith' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*`},
		{name: "name missing", reason: "Name is required", as: aliceARN, in: GetFederationTokenInput{},
			wantErr: "ValidationError: 1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null"},
		{name: "too long", reason: "at most 36 hours", as: aliceARN, in: GetFederationTokenInput{Name: String("bob"), DurationSeconds: Int32(129601)},
			wantErr: "ValidationError: 1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"},
		{name: "policy too long", reason: "GetFederationToken's Policy keeps the model's 2048", as: aliceARN,
			in:      GetFederationTokenInput{Name: String("bob"), Policy: String(allowAll + pad(2100))},
			wantErr: "ValidationError: 1 validation error detected: Value '" + allowAll + pad(2100) + "' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048"},
		{name: "malformed policy", reason: "a session policy that does not compile", as: aliceARN,
			in:      GetFederationTokenInput{Name: String("bob"), Policy: String(`{"Statement":[{"Effect":"Allow","Resource":"*"}]}`)},
			wantErr: "MalformedPolicyDocument: Policy statement must contain actions."},
		{name: "no permission", reason: "the caller needs sts:GetFederationToken", as: "arn:aws:iam::111111111111:user/nobody",
			in:      GetFederationTokenInput{Name: String("bob")},
			wantErr: "AccessDenied: User: arn:aws:iam::111111111111:user/nobody is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::111111111111:federated-user/bob"},
		{name: "duplicate tags", reason: "tag keys are unique ignoring case", as: aliceARN,
			in:      GetFederationTokenInput{Name: String("bob"), Tags: []Tag{{"team", "a"}, {"Team", "b"}}},
			wantErr: "InvalidParameterValue: Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{name: "unknown policy arn", reason: "managed session policies must exist in the caller's account", as: aliceARN,
			in:      GetFederationTokenInput{Name: String("bob"), PolicyArns: []string{"arn:aws:iam::111111111111:policy/Missing"}},
			wantErr: "AccessDenied: User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:GetFederationToken on resource: arn:aws:sts::111111111111:federated-user/bob"},
		{name: "packed", reason: "PackedPolicySize when a policy is passed", as: aliceARN,
			in: GetFederationTokenInput{Name: String("bob"), Policy: String(allowAll)}, wantDuration: 12 * time.Hour, wantPacked: 5},
		{name: "root capped", reason: "the root user's federated sessions last one hour at most", as: "root",
			in: GetFederationTokenInput{Name: String("bob"), DurationSeconds: Int32(7200)}, wantDuration: time.Hour, wantPacked: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestSim(t, credWorld)
			var creds Credentials
			if tt.as == "root" {
				var err error
				if creds, err = s.RootCredentials(acct); err != nil {
					t.Fatal(err)
				}
			} else {
				creds = userCreds(t, s, tt.as)
			}
			out, err := s.GetFederationToken(creds, &tt.in)
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("%s: error (-want +got):\n%s", tt.reason, diff)
			}
			if err != nil {
				return
			}
			packed := int32(-1)
			if out.PackedPolicySize != nil {
				packed = *out.PackedPolicySize
			}
			want := []any{tt.wantDuration, tt.wantPacked, "arn:aws:sts::111111111111:federated-user/bob", "111111111111:bob"}
			got := []any{out.Session.Duration(), packed, out.FederatedUser.Arn, out.FederatedUser.FederatedUserID}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func pad(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = ' '
	}
	return string(b)
}

// TestFederatedUserPermissions pins the permissions of a federated user
// session: the caller's policies ∩ the session policy; nothing without a
// session policy except grants to the federated-user ARN itself.
func TestFederatedUserPermissions(t *testing.T) {
	s, _ := newTestSim(t, credWorld)
	alice := userCreds(t, s, aliceARN)
	get := func(name string, in GetFederationTokenInput) Credentials {
		in.Name = String(name)
		out, err := s.GetFederationToken(alice, &in)
		if err != nil {
			t.Fatal(err)
		}
		return out.Credentials
	}
	bare := get("bob", GetFederationTokenInput{})
	readOnly := get("dave", GetFederationTokenInput{PolicyArns: []string{"arn:aws:iam::111111111111:policy/ReadOnly"}})
	carol := get("carol", GetFederationTokenInput{})
	wide := get("erin", GetFederationTokenInput{Policy: String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}]}`)})
	tests := []struct {
		name, reason   string
		creds          Credentials
		action, target string
		wantKind       string // "" = allowed
	}{
		{"no session policy", "a federated user session without a session policy has no permissions", bare, "s3:GetObject", "arn:aws:s3:::x/y", "session_policy"},
		{"managed session policy", "a managed session policy grants within the caller's policies", readOnly, "s3:GetObject", "arn:aws:s3:::x/y", ""},
		{"outside session policy", "the session policy limits", readOnly, "s3:PutObject", "arn:aws:s3:::x/y", "session_policy"},
		{"outside caller policy", "the session policy cannot grant beyond the caller's policies", wide, "ec2:DescribeInstances", "*", "identity_policy"},
		{"resource grant to federated ARN", "a grant naming the federated-user ARN needs no session policy", carol, "s3:GetObject", "arn:aws:s3:::shared/doc", ""},
		{"resource grant to someone else", "the bucket names carol only", bare, "s3:GetObject", "arn:aws:s3:::shared/doc", "session_policy"},
	}
	for _, tt := range tests {
		_, err := s.Call(tt.creds, &CallInput{Action: tt.action, Resource: tt.target})
		got := ""
		var e *Error
		if errors.As(err, &e) && e.Reason != nil {
			got = string(e.Reason.Kind)
		} else if err != nil {
			got = err.Error()
		}
		if got != tt.wantKind {
			t.Errorf("%s: %s: denied by %q, want %q", tt.name, tt.reason, got, tt.wantKind)
		}
	}
}

// TestCallerIdentityOfCredentialKinds pins GetCallerIdentity for every
// credential source.
func TestCallerIdentityOfCredentialKinds(t *testing.T) {
	s, _ := newTestSim(t, credWorld)
	alice := userCreds(t, s, aliceARN)
	root, err := s.RootCredentials(acct)
	if err != nil {
		t.Fatal(err)
	}
	gst, _ := s.GetSessionToken(alice, &GetSessionTokenInput{})
	rootGST, _ := s.GetSessionToken(root, &GetSessionTokenInput{})
	fed, _ := s.GetFederationToken(alice, &GetFederationTokenInput{Name: String("bob")})
	ec2, _ := s.AssumeRoleAsService(&AssumeRoleAsServiceInput{Service: "ec2.amazonaws.com", RoleArn: String("arn:aws:iam::111111111111:role/Web"), RoleSessionName: String("i-0123456789abcdef0")})
	console, _ := s.ConsoleSignIn(alice, &ConsoleSignInInput{})
	switched, err := s.SwitchRole(console.Credentials, &SwitchRoleInput{RoleArn: String(devARN)})
	if err != nil {
		t.Fatal(err)
	}
	user := s.World().User(aliceARN)
	role := s.World().Role(devARN)
	web := s.World().Role("arn:aws:iam::111111111111:role/Web")
	tests := []struct {
		name, reason string
		creds        Credentials
		want         GetCallerIdentityOutput
	}{
		{"session token", "GetSessionToken credentials act as the user", gst.Credentials, GetCallerIdentityOutput{acct, aliceARN, user.ID}},
		{"root session token", "the root user's GetSessionToken credentials act as the root user", rootGST.Credentials, GetCallerIdentityOutput{acct, "arn:aws:iam::111111111111:root", acct}},
		{"federated user", "GetFederationToken: the federated-user ARN and ACCOUNT:NAME", fed.Credentials,
			GetCallerIdentityOutput{acct, "arn:aws:sts::111111111111:federated-user/bob", "111111111111:bob"}},
		{"instance profile", "EC2 names the session after the instance", ec2.Credentials,
			GetCallerIdentityOutput{acct, "arn:aws:sts::111111111111:assumed-role/Web/i-0123456789abcdef0", web.ID + ":i-0123456789abcdef0"}},
		{"console", "a console sign-in acts as the user", console.Credentials, GetCallerIdentityOutput{acct, aliceARN, user.ID}},
		{"switch role", "the console names the session after the user", switched.Credentials,
			GetCallerIdentityOutput{acct, "arn:aws:sts::111111111111:assumed-role/Dev/alice", role.ID + ":alice"}},
	}
	for _, tt := range tests {
		out, err := s.GetCallerIdentity(tt.creds)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(tt.want, *out); diff != "" {
			t.Errorf("%s: %s (-want +got):\n%s", tt.name, tt.reason, diff)
		}
	}
}

// TestMFARules pins settings.mfa_in_role_sessions: which role sessions carry
// MFA context, and aws:MultiFactorAuthAge on the fake clock.
func TestMFARules(t *testing.T) {
	type result struct {
		AssumedWithCode, FromMFAToken, Chained bool
	}
	tests := []struct {
		name, reason string
		rule         scenario.MFAPropagation
		want         result
	}{
		{"caller", "AWS's documentation: only credentials that carry MFA pass it on", scenario.MFAFromCaller, result{false, true, true}},
		{"default", "an empty rule is the documented default", "", result{false, true, true}},
		{"caller_or_request", "a session assumed with a valid code carries MFA itself", scenario.MFAFromCallerOrRequest, result{true, true, true}},
		{"never", "role sessions never carry MFA", scenario.MFANever, result{false, false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestSim(t, credWorld)
			s.world.Settings.MFAInRoleSessions = tt.rule
			alice := userCreds(t, s, aliceARN)
			withCode, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("a1"),
				SerialNumber: String(mfaARN), TokenCode: String("123456")})
			if err != nil {
				t.Fatal(err)
			}
			// A one-time code is accepted once: the second request takes the next one.
			gst, err := s.GetSessionToken(alice, &GetSessionTokenInput{SerialNumber: String(mfaARN), TokenCode: String("234567")})
			if err != nil {
				t.Fatal(err)
			}
			fromToken, err := s.AssumeRole(gst.Credentials, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("a2")})
			if err != nil {
				t.Fatal(err)
			}
			got := result{AssumedWithCode: withCode.Session.MFA, FromMFAToken: fromToken.Session.MFA}
			// The Dev role allows sts:AssumeRole only with MFA; a third hop
			// shows the context carried on.
			if third, err := s.AssumeRole(fromToken.Credentials, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("a3")}); err == nil {
				got.Chained = third.Session.MFA
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestMultiFactorAuthAge(t *testing.T) {
	s, clk := newTestSim(t, credWorld)
	alice := userCreds(t, s, aliceARN)
	gst, err := s.GetSessionToken(alice, &GetSessionTokenInput{SerialNumber: String(mfaARN), TokenCode: String("123456")})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(10 * time.Minute)
	dev, err := s.AssumeRole(gst.Credentials, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("a1"), Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	ageIn := func(tr *Trace) string {
		for _, k := range tr.Decisions[0].Context {
			if k.Key == "aws:MultiFactorAuthAge" {
				return k.Values[0]
			}
		}
		return "(absent)"
	}
	clk.Add(20 * time.Minute)
	call, err := s.Call(dev.Credentials, &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::x/y", Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{ageIn(dev.Trace), ageIn(call.Trace)}
	want := []string{"600", "1800"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("aws:MultiFactorAuthAge counts from the GetSessionToken call on the fake clock (-want +got):\n%s", diff)
	}
}

func TestAssumeRoleAsService(t *testing.T) {
	web := "arn:aws:iam::111111111111:role/Web"
	fn := "arn:aws:iam::111111111111:role/Fn"
	tests := []struct {
		name, reason string
		in           AssumeRoleAsServiceInput
		wantErr      string
		wantARN      string
		wantDuration time.Duration
	}{
		{name: "ec2", reason: "the trust policy names EC2; the session is named after the instance",
			in:      AssumeRoleAsServiceInput{Service: "ec2.amazonaws.com", RoleArn: String(web), RoleSessionName: String("i-0123456789abcdef0")},
			wantARN: "arn:aws:sts::111111111111:assumed-role/Web/i-0123456789abcdef0", wantDuration: time.Hour},
		{name: "beyond role maximum", reason: "MaxSessionDuration does not limit sessions a service assumes",
			in:      AssumeRoleAsServiceInput{Service: "ec2.amazonaws.com", RoleArn: String(web), RoleSessionName: String("i-0123456789abcdef0"), DurationSeconds: Int32(21600)},
			wantARN: "arn:aws:sts::111111111111:assumed-role/Web/i-0123456789abcdef0", wantDuration: 6 * time.Hour},
		{name: "schema", reason: "the API range still applies",
			in:      AssumeRoleAsServiceInput{Service: "ec2.amazonaws.com", RoleArn: String(web), RoleSessionName: String("i-0123456789abcdef0"), DurationSeconds: Int32(43201)},
			wantErr: "ValidationError: 1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"},
		{name: "wrong service", reason: "a service the trust policy does not name",
			in:      AssumeRoleAsServiceInput{Service: "lambda.amazonaws.com", RoleArn: String(web), RoleSessionName: String("fn")},
			wantErr: "AccessDenied: Service: lambda.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: " + web},
		{name: "source account matches", reason: "aws:SourceAccount reaches the trust policy",
			in:      AssumeRoleAsServiceInput{Service: "lambda.amazonaws.com", RoleArn: String(fn), RoleSessionName: String("fn"), SourceAccount: String(acct)},
			wantARN: "arn:aws:sts::111111111111:assumed-role/Fn/fn", wantDuration: time.Hour},
		{name: "source account missing", reason: "without aws:SourceAccount the condition fails",
			in:      AssumeRoleAsServiceInput{Service: "lambda.amazonaws.com", RoleArn: String(fn), RoleSessionName: String("fn")},
			wantErr: "AccessDenied: Service: lambda.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: " + fn},
		{name: "not a service", reason: "the principal must look like a service",
			in:      AssumeRoleAsServiceInput{Service: "alice", RoleArn: String(web), RoleSessionName: String("x1")},
			wantErr: `ValidationError: "alice" is not an AWS service principal like ec2.amazonaws.com`},
		{name: "missing role", reason: "an unknown role is refused like a denial",
			in:      AssumeRoleAsServiceInput{Service: "ec2.amazonaws.com", RoleArn: String("arn:aws:iam::111111111111:role/Nope"), RoleSessionName: String("x1")},
			wantErr: "AccessDenied: Service: ec2.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/Nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestSim(t, credWorld)
			out, err := s.AssumeRoleAsService(&tt.in)
			if diff := cmp.Diff(tt.wantErr, errText(err)); diff != "" {
				t.Fatalf("%s: error (-want +got):\n%s", tt.reason, diff)
			}
			if err != nil {
				return
			}
			got := []any{out.AssumedRoleUser.Arn, out.Session.Duration(), out.Chained, out.Session.Kind}
			want := []any{tt.wantARN, tt.wantDuration, false, SessionService}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestSwitchRole(t *testing.T) {
	long64 := "arn:aws:iam::111111111111:role/a/R5678901234567890123456789012345678901234567890123456789012345"
	long65 := "arn:aws:iam::111111111111:role/a/R56789012345678901234567890123456789012345678901234567890123456"
	tests := []struct {
		name, reason string
		from         string // "console", "mfa-console", "root", "role", "user"
		advance      time.Duration
		role         string
		wantDetail   string // "" = success
		wantDuration time.Duration
		wantMFA      bool
	}{
		{name: "role maximum", reason: "min(role maximum, remaining console session): the role's 12h", from: "console", role: devARN, wantDuration: 12 * time.Hour},
		{name: "remaining session", reason: "min(role maximum, remaining console session): 3h left", from: "console", advance: 9 * time.Hour, role: devARN, wantDuration: 3 * time.Hour},
		{name: "needs MFA", reason: "a sign-in without MFA does not satisfy an MFA condition", from: "console",
			role: "arn:aws:iam::111111111111:role/NeedsMFA", wantDetail: "implicit deny: no role trust policy allows sts:AssumeRole"},
		{name: "MFA sign-in", reason: "an MFA sign-in satisfies it, and the switched session carries MFA", from: "mfa-console",
			role: "arn:aws:iam::111111111111:role/NeedsMFA", wantDuration: 4 * time.Hour, wantMFA: true},
		{name: "64 characters", reason: "path (without the leading slash) and name of 64 characters switch", from: "console", role: long64, wantDuration: time.Hour},
		{name: "65 characters", reason: "65 do not", from: "console", role: long65,
			wantDetail: "implicit deny: no role trust policy allows sts:AssumeRole: the role's path and name are 65 characters; the console's Switch Role allows 64"},
		{name: "root", reason: "the root user cannot switch roles", from: "root", role: devARN,
			wantDetail: "implicit deny: no identity-based policy allows sts:AssumeRole: the root user cannot switch roles"},
		{name: "from a role session", reason: "the console does not chain", from: "role", role: devARN,
			wantDetail: "implicit deny: no identity-based policy allows sts:AssumeRole: Switch Role starts from a console sign-in; the console does not chain from role sessions"},
		{name: "from keys", reason: "Switch Role needs a console sign-in", from: "user", role: devARN,
			wantDetail: "implicit deny: no identity-based policy allows sts:AssumeRole: Switch Role starts from a console sign-in; the console does not chain from role sessions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, clk := newTestSim(t, credWorld)
			alice := userCreds(t, s, aliceARN)
			var creds Credentials
			switch tt.from {
			case "console", "mfa-console":
				in := &ConsoleSignInInput{}
				if tt.from == "mfa-console" {
					in.SerialNumber, in.TokenCode = String(mfaARN), String("123456")
				}
				out, err := s.ConsoleSignIn(alice, in)
				if err != nil {
					t.Fatal(err)
				}
				creds = out.Credentials
			case "root":
				root, err := s.RootCredentials(acct)
				if err != nil {
					t.Fatal(err)
				}
				out, err := s.ConsoleSignIn(root, &ConsoleSignInInput{})
				if err != nil {
					t.Fatal(err)
				}
				creds = out.Credentials
			case "role":
				out, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("alice")})
				if err != nil {
					t.Fatal(err)
				}
				creds = out.Credentials
			case "user":
				creds = alice
			}
			clk.Add(tt.advance)
			out, err := s.SwitchRole(creds, &SwitchRoleInput{RoleArn: String(tt.role)})
			if tt.wantDetail != "" {
				var e *Error
				if !errors.As(err, &e) || e.Message != consoleError || e.Reason == nil {
					t.Fatalf("%s: got %v, want the console's AccessDenied with a reason", tt.reason, err)
				}
				if diff := cmp.Diff(tt.wantDetail, e.Reason.String()); diff != "" {
					t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			got := []any{out.Session.Duration(), out.Session.MFA, out.Session.Name, out.Chained}
			want := []any{tt.wantDuration, tt.wantMFA, "alice", false}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
