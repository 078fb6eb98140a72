package sim

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

const changesWorld = `
name: changes
organization:
  id: o-changes123
  management_account: "111111111111"
  policies:
    - name: DenyAll
      document: {Statement: {Effect: Deny, Action: "*", Resource: "*"}}
  root:
    ous:
      - name: Prod
        accounts: ["222222222222"]
      - name: Jail
        scps: [FullAWSAccess, DenyAll]
accounts:
  - id: "111111111111"
  - id: "222222222222"
    users:
      - name: alice
      - name: bob
        groups: [Devs]
        inline_policies:
          Own: {Statement: {Effect: Allow, Action: "ec2:RunInstances", Resource: "*"}}
    groups:
      - name: Devs
        inline_policies:
          Shared: {Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*"}}
    policies:
      - {name: Read, document: {Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*"}}}
    roles:
      - name: App
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::222222222222:user/alice"}, Action: sts:AssumeRole}}
        managed_policies: [Read]
`

// newChangesSim builds a World from src and two Sims sharing it, each with
// a session of App.
func newChangesSim(t testing.TB, src string) (*World, [2]*Sim, [2]Credentials) {
	t.Helper()
	sc, err := scenario.Parse("changes.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	var sims [2]*Sim
	var creds [2]Credentials
	for i := range sims {
		sims[i] = New(w, NewFakeClock(scenarioStart))
		alice, err := sims[i].UserCredentials("arn:aws:iam::222222222222:user/alice")
		if err != nil {
			t.Fatal(err)
		}
		out, err := sims[i].AssumeRole(alice, &AssumeRoleInput{RoleArn: String("arn:aws:iam::222222222222:role/App"), RoleSessionName: String("alice")})
		if err != nil {
			t.Fatal(err)
		}
		creds[i] = out.Credentials
	}
	return w, sims, creds
}

func callCode(s *Sim, c Credentials, action string) Code {
	_, err := s.Call(c, &CallInput{Action: action, Resource: "arn:aws:s3:::bucket/key"})
	if err == nil {
		return "ok"
	}
	return ErrorCode(err)
}

// TestChangesDoNotLeakBetweenSims checks copy on write: changes made by one
// Sim are invisible to another Sim sharing the World, and the World itself
// is not modified.
func TestChangesDoNotLeakBetweenSims(t *testing.T) {
	changes := []struct {
		name   string
		reason string
		change func(s *Sim) error
		want   Code // the changing Sim's call outcome afterwards
	}{
		{
			name:   "detach",
			reason: "detaching the role's only policy takes its permission from the session",
			change: func(s *Sim) error {
				return s.DetachRolePolicy(&RolePolicyARNInput{AccountID: "222222222222", RoleName: "App", PolicyArn: "arn:aws:iam::222222222222:policy/Read"})
			},
			want: CodeAccessDenied,
		},
		{
			name:   "revoke",
			reason: "revoking a second after the session was issued denies it everything",
			change: func(s *Sim) error {
				s.clock.(*FakeClock).Add(time.Second)
				_, err := s.RevokeRoleSessions(&RevokeRoleSessionsInput{AccountID: "222222222222", RoleName: "App"})
				return err
			},
			want: CodeAccessDenied,
		},
		{
			name:   "move",
			reason: "moving the account under an OU with a deny-all SCP binds the session",
			change: func(s *Sim) error {
				return s.MoveAccount(&MoveAccountInput{AccountID: "222222222222", DestinationParentID: "Jail"})
			},
			want: CodeAccessDenied,
		},
		{
			name:   "attach scp",
			reason: "an SCP attached to the account binds the session",
			change: func(s *Sim) error {
				return s.AttachPolicy(&PolicyTargetInput{PolicyID: "DenyAll", TargetID: "222222222222"})
			},
			want: CodeAccessDenied,
		},
		{
			name:   "delete",
			reason: "a deleted role's session is invalid",
			change: func(s *Sim) error {
				if err := s.DetachRolePolicy(&RolePolicyARNInput{AccountID: "222222222222", RoleName: "App", PolicyArn: "arn:aws:iam::222222222222:policy/Read"}); err != nil {
					return err
				}
				return s.DeleteRole(&DeleteRoleInput{AccountID: "222222222222", RoleName: "App"})
			},
			want: "InvalidAccessKeyId", // S3's word for it
		},
	}
	for _, tt := range changes {
		t.Run(tt.name, func(t *testing.T) {
			w, sims, creds := newChangesSim(t, changesWorld)
			role := w.Role("arn:aws:iam::222222222222:role/App")
			before := len(role.Identity)
			if err := tt.change(sims[0]); err != nil {
				t.Fatalf("change: %v", err)
			}
			got := []Code{callCode(sims[0], creds[0], "s3:GetObject"), callCode(sims[1], creds[1], "s3:GetObject")}
			want := []Code{tt.want, "ok"}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s; the other Sim must not see it (-want +got):\n%s", tt.reason, diff)
			}
			if w.Role(role.ARN) != role || len(role.Identity) != before || role.deleted || w.Account("222222222222").Path[1].Name != "Prod" {
				t.Error("the shared World was modified")
			}
			if sims[1].World() != w || sims[0].World() == w {
				t.Error("only the changing Sim should own a copy of the World")
			}
		})
	}
}

// TestOrganizationsWithoutOrganization checks the Organizations operations
// on a scenario without an organization.
func TestOrganizationsWithoutOrganization(t *testing.T) {
	sc, err := scenario.Parse("s.yaml", []byte("name: t\naccounts: [{id: \"111111111111\"}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	s := New(w, NewFakeClock(scenarioStart))
	got := []Code{
		ErrorCode(s.MoveAccount(&MoveAccountInput{AccountID: "111111111111", DestinationParentID: "Root"})),
		ErrorCode(s.AttachPolicy(&PolicyTargetInput{PolicyID: "FullAWSAccess", TargetID: "Root"})),
		ErrorCode(s.DetachPolicy(&PolicyTargetInput{PolicyID: "FullAWSAccess", TargetID: "Root"})),
	}
	want := []Code{CodeOrganizationsNotInUse, CodeOrganizationsNotInUse, CodeOrganizationsNotInUse}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("without an organization every Organizations request fails with AWSOrganizationsNotInUseException (-want +got):\n%s", diff)
	}
}

// TestChangesThroughTheAPI checks the Go API's own inputs: JSON documents
// compiled at request time, unknown accounts, and the revocation output.
func TestChangesThroughTheAPI(t *testing.T) {
	_, sims, creds := newChangesSim(t, changesWorld)
	s := sims[0]
	type result struct {
		Code    Code
		Message string
	}
	res := func(err error) result {
		var e *Error
		if errors.As(err, &e) {
			return result{e.Code, e.Message}
		}
		if err != nil {
			return result{"?", err.Error()}
		}
		return result{}
	}
	tests := []struct {
		name   string
		reason string
		do     func() error
		want   result
	}{
		{
			name:   "malformed trust policy",
			reason: "a document that does not compile is MalformedPolicyDocument",
			do: func() error {
				_, err := s.CreateRole(&CreateRoleInput{AccountID: "222222222222", RoleName: "New", AssumeRolePolicyDocument: `{"Statement": [`})
				return err
			},
			want: result{CodeMalformedPolicyDocument, "This policy contains invalid Json"},
		},
		{
			name:   "trust policy with a resource",
			reason: "a trust policy may not name a Resource",
			do: func() error {
				return s.UpdateAssumeRolePolicy(&UpdateAssumeRolePolicyInput{AccountID: "222222222222", RoleName: "App",
					PolicyDocument: `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole", "Resource": "*"}}`})
			},
			want: result{CodeMalformedPolicyDocument, "Has prohibited field Resource"},
		},
		{
			name:   "unknown account",
			reason: "the account an IAM request acts on must exist",
			do: func() error {
				return s.DeleteRole(&DeleteRoleInput{AccountID: "999999999999", RoleName: "App"})
			},
			want: result{CodeNoSuchEntity, "The account 999999999999 cannot be found."},
		},
		{
			name:   "create",
			reason: "a valid JSON trust policy creates the role",
			do: func() error {
				out, err := s.CreateRole(&CreateRoleInput{AccountID: "222222222222", RoleName: "New", Path: String("/x/"),
					AssumeRolePolicyDocument: `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}}`})
				if err == nil && out.Role.ARN != "arn:aws:iam::222222222222:role/x/New" {
					return errors.New("ARN " + out.Role.ARN)
				}
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := res(tt.do())
			if len(got.Message) > len(tt.want.Message) && tt.want.Message != "" {
				got.Message = got.Message[:len(tt.want.Message)]
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}

	s.clock.(*FakeClock).Add(90 * time.Second)
	out, err := s.RevokeRoleSessions(&RevokeRoleSessionsInput{AccountID: "222222222222", RoleName: "App"})
	if err != nil {
		t.Fatal(err)
	}
	wantDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"2024-01-01T00:01:30Z"}}}]}`
	if diff := cmp.Diff(wantDoc, out.PolicyDocument); diff != "" {
		t.Errorf("the console's AWSRevokeOlderSessions policy, dated now (-want +got):\n%s", diff)
	}
	if got := callCode(s, creds[0], "s3:GetObject"); got != CodeAccessDenied {
		t.Errorf("a session issued before the revocation: got %s, want AccessDenied", got)
	}
}

// TestAssumeRoleAllocsAfterChange checks that a Sim working on its own copy
// of the World decides AssumeRole with no more allocations than before.
func TestAssumeRoleAllocsAfterChange(t *testing.T) {
	_, sims, _ := newChangesSim(t, changesWorld)
	s := sims[0]
	alice, err := s.UserCredentials("arn:aws:iam::222222222222:user/alice")
	if err != nil {
		t.Fatal(err)
	}
	in := &AssumeRoleInput{RoleArn: String("arn:aws:iam::222222222222:role/App"), RoleSessionName: String("alice")}
	measure := func() float64 {
		return testing.AllocsPerRun(100, func() {
			if _, err := s.AssumeRole(alice, in); err != nil {
				t.Fatal(err)
			}
		})
	}
	before := measure()
	if err := s.UpdateRole(&UpdateRoleInput{AccountID: "222222222222", RoleName: "App", MaxSessionDuration: Int32(7200)}); err != nil {
		t.Fatal(err)
	}
	after := measure()
	if after > before {
		t.Errorf("AssumeRole allocates %v times per call after a change, %v before", after, before)
	}
}

// TestMoveAccountBindsEveryPrincipal checks that after a Sim copies its
// World, every kind of credential issued before follows the account's new
// place in the organization: an IAM user's keys, the root user's, a
// GetSessionToken session and a role session.
func TestMoveAccountBindsEveryPrincipal(t *testing.T) {
	_, sims, creds := newChangesSim(t, changesWorld)
	s := sims[0]
	alice, err := s.UserCredentials("arn:aws:iam::222222222222:user/alice")
	if err != nil {
		t.Fatal(err)
	}
	root, err := s.RootCredentials("222222222222")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.GetSessionToken(alice, &GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	all := []Credentials{alice, root, tok.Credentials, creds[0]}
	outcomes := func() []Code {
		var out []Code
		for _, c := range all {
			_, err := s.Call(c, &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key"})
			out = append(out, ErrorCode(err))
		}
		return out
	}
	// Before: root and the role session may; alice has no policy.
	before := outcomes()
	if err := s.MoveAccount(&MoveAccountInput{AccountID: "222222222222", DestinationParentID: "Jail"}); err != nil {
		t.Fatal(err)
	}
	after := outcomes()
	want := []Code{CodeAccessDenied, "", CodeAccessDenied, ""}
	if diff := cmp.Diff(want, before); diff != "" {
		t.Errorf("before the move (-want +got):\n%s", diff)
	}
	for i, code := range after {
		if code != CodeAccessDenied {
			t.Errorf("credential %d after the move into Jail: got %q, want AccessDenied", i, code)
		}
	}
	// The denials come from Jail's SCP for every one of them.
	for i, c := range all {
		_, err := s.Call(c, &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key"})
		var e *Error
		if !errors.As(err, &e) || e.Reason == nil || e.Reason.Kind != KindSCP || e.Reason.Decision.String() != "ExplicitDeny" {
			t.Errorf("credential %d: %v, want an explicit SCP deny", i, err)
		}
	}
}
