package sim

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// orgsWorld has two organizations. A (o-aaaaaaaaaa): management 111…,
// alice's 222… in OU Prod, an empty OU Jail; SCP DenyS3 and RCP OrgOnly
// (S3 only for principals of A) defined, not attached. B (o-bbbbbbbbbb):
// management 333… (dave), bob's 444… in OU Prod; its own SCP DenyS3.
// carol's and frank's 555… is in no organization. 222… and 444… have a
// bucket open to everyone (bucket-c, undeclared, is taken to be in the
// caller's account); 222… has roles trusting any
// principal of A (TrustOrgA) or of B (TrustOrgB). frank may read only
// resources of organization A.
var orgsWorld = `
name: orgs
organizations:
  - id: o-aaaaaaaaaa
    management_account: "111111111111"
    policies:
      - name: DenyS3
        document: {Statement: {Effect: Deny, Action: "s3:*", Resource: "*"}}
      - name: OrgOnly
        type: RCP
        document: {Statement: {Effect: Deny, Principal: "*", Action: "s3:*", Resource: "*", Condition: {StringNotEqualsIfExists: {aws:PrincipalOrgID: o-aaaaaaaaaa}}}}
    root:
      id: r-aaaa
      ous:
        - {name: Prod, id: ou-aaaa-11111111, accounts: ["222222222222"]}
        - {name: Jail, id: ou-aaaa-22222222, scps: [FullAWSAccess, DenyS3]}
  - id: o-bbbbbbbbbb
    management_account: "333333333333"
    policies:
      - name: DenyS3
        document: {Statement: {Effect: Deny, Action: "s3:*", Resource: "*"}}
    root:
      id: r-bbbb
      ous:
        - {name: Prod, id: ou-bbbb-11111111, accounts: ["444444444444"]}
accounts:
  - id: "111111111111"
  - id: "222222222222"
    users: [{name: alice, managed_policies: [All]}]
    policies: ` + orgsAll + `
    resources: [{arn: "arn:aws:s3:::bucket-a", policy: ` + orgsOpen + `}]
    roles:
      - name: TrustOrgA
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "*"}, Action: sts:AssumeRole, Condition: {StringEquals: {aws:PrincipalOrgID: o-aaaaaaaaaa}}}}
      - name: TrustOrgB
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "*"}, Action: sts:AssumeRole, Condition: {StringEquals: {aws:PrincipalOrgID: o-bbbbbbbbbb}}}}
  - id: "333333333333"
    users: [{name: dave, managed_policies: [All]}]
    policies: ` + orgsAll + `
  - id: "444444444444"
    users: [{name: bob, managed_policies: [All]}]
    policies: ` + orgsAll + `
    resources: [{arn: "arn:aws:s3:::bucket-b", policy: ` + orgsOpen + `}]
  - id: "555555555555"
    users:
      - {name: carol, managed_policies: [All]}
      - name: frank
        inline_policies:
          OnlyOrgA: {Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*", Condition: {StringEquals: {aws:ResourceOrgID: o-aaaaaaaaaa}}}}
    policies: ` + orgsAll + `
`

const (
	orgsAll  = `[{name: All, document: {Statement: {Effect: Allow, Action: ["s3:GetObject", "sts:AssumeRole"], Resource: "*"}}}]`
	orgsOpen = `{Statement: {Effect: Allow, Principal: "*", Action: "s3:GetObject", Resource: "*"}}`
)

func newOrgsSim(t *testing.T) *Sim {
	t.Helper()
	sc, err := scenario.Parse("orgs.yaml", []byte(orgsWorld))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	return New(w, NewFakeClock(scenarioStart))
}

// orgOutcome is what a request came to: "ok", or the error code and the
// kind and decision of the policy that refused it.
type orgOutcome struct {
	Code     Code
	Kind     PolicyKind
	Decision string
}

func outcomeOf(err error) orgOutcome {
	if err == nil {
		return orgOutcome{Code: "ok"}
	}
	o := orgOutcome{Code: ErrorCode(err)}
	var e *Error
	if errors.As(err, &e) && e.Reason != nil {
		o.Kind, o.Decision = e.Reason.Kind, e.Reason.Decision.String()
	}
	return o
}

var (
	orgOK    = orgOutcome{Code: "ok"}
	deniedBy = func(k PolicyKind, d string) orgOutcome {
		return orgOutcome{Code: CodeAccessDenied, Kind: k, Decision: d}
	}
	trustImplicit   = deniedBy(KindTrustPolicy, "ImplicitDeny")
	identityImplict = deniedBy(KindIdentityPolicy, "ImplicitDeny")
)

func TestSeveralOrganizations(t *testing.T) {
	user := func(acct, name string) string { return "arn:aws:iam::" + acct + ":user/" + name }
	alice, bob, carol, dave, frank := user("222222222222", "alice"), user("444444444444", "bob"), user("555555555555", "carol"), user("333333333333", "dave"), user("555555555555", "frank")
	type request struct {
		as     string
		role   string // an AssumeRole of this role of 222…, or
		bucket string // a GetObject of this bucket
		want   orgOutcome
	}
	tests := []struct {
		name     string
		reason   string
		changes  []func(*Sim) error
		requests []request
	}{
		{
			name:   "aws:PrincipalOrgID is the caller's organization",
			reason: "a trust condition on one organization's id admits callers of that organization only; a caller in no organization has no key",
			requests: []request{
				{as: alice, role: "TrustOrgA", want: orgOK},
				{as: alice, role: "TrustOrgB", want: trustImplicit},
				{as: bob, role: "TrustOrgA", want: trustImplicit},
				{as: bob, role: "TrustOrgB", want: orgOK},
				{as: dave, role: "TrustOrgB", want: orgOK},
				{as: carol, role: "TrustOrgA", want: trustImplicit},
				{as: carol, role: "TrustOrgB", want: trustImplicit},
			},
		},
		{
			name:   "aws:ResourceOrgID is the resource account's organization",
			reason: "frank may read resources of organization A only: B's bucket has another org id, a bucket of his own account none",
			requests: []request{
				{as: frank, bucket: "bucket-a", want: orgOK},
				{as: frank, bucket: "bucket-b", want: identityImplict},
				{as: frank, bucket: "bucket-c", want: identityImplict},
			},
		},
		{
			name:    "an SCP limits its own organization's members",
			reason:  "B's DenyS3 on B's root denies bob, not B's management account, nor A's or no organization's callers, whatever the resource",
			changes: []func(*Sim) error{func(s *Sim) error { return s.AttachPolicy(&PolicyTargetInput{PolicyID: "DenyS3", TargetID: "r-bbbb"}) }},
			requests: []request{
				{as: bob, bucket: "bucket-a", want: deniedBy(KindSCP, "ExplicitDeny")},
				{as: bob, bucket: "bucket-b", want: deniedBy(KindSCP, "ExplicitDeny")},
				{as: dave, bucket: "bucket-b", want: orgOK},
				{as: alice, bucket: "bucket-b", want: orgOK},
				{as: carol, bucket: "bucket-b", want: orgOK},
			},
		},
		{
			name:   "an SCP of the other organization's OU",
			reason: "moving alice's account into A's Jail denies alice only",
			changes: []func(*Sim) error{func(s *Sim) error {
				return s.MoveAccount(&MoveAccountInput{AccountID: "222222222222", DestinationParentID: "Jail"})
			}},
			requests: []request{
				{as: alice, bucket: "bucket-b", want: deniedBy(KindSCP, "ExplicitDeny")},
				{as: bob, bucket: "bucket-a", want: orgOK},
			},
		},
		{
			name:   "an RCP guards its own organization's resources",
			reason: "A's OrgOnly on A's root (\"Root\" is unambiguous: only A defines OrgOnly) refuses B's and no organization's principals on A's bucket only",
			changes: []func(*Sim) error{func(s *Sim) error {
				return s.AttachPolicy(&PolicyTargetInput{PolicyID: "OrgOnly", TargetID: "Root"})
			}},
			requests: []request{
				{as: bob, bucket: "bucket-a", want: deniedBy(KindRCP, "ExplicitDeny")},
				{as: carol, bucket: "bucket-a", want: deniedBy(KindRCP, "ExplicitDeny")},
				{as: alice, bucket: "bucket-a", want: orgOK},
				{as: bob, bucket: "bucket-b", want: orgOK},
				{as: carol, bucket: "bucket-c", want: orgOK},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newOrgsSim(t)
			for i, change := range tt.changes {
				if err := change(s); err != nil {
					t.Fatalf("change %d: %v", i, err)
				}
			}
			var want, got []orgOutcome
			for _, r := range tt.requests {
				creds, err := s.UserCredentials(r.as)
				if err != nil {
					t.Fatal(err)
				}
				if r.role != "" {
					_, err = s.AssumeRole(creds, &AssumeRoleInput{RoleArn: String("arn:aws:iam::222222222222:role/" + r.role), RoleSessionName: String("session")})
				} else {
					_, err = s.Call(creds, &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::" + r.bucket + "/key"})
				}
				want, got = append(want, r.want), append(got, outcomeOf(err))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestSeveralOrganizationsChangeErrors: the Organizations operations act
// within one organization, with AWS's errors for a node or policy of
// another.
func TestSeveralOrganizationsChangeErrors(t *testing.T) {
	move := func(acct, dest string) func(*Sim) error {
		return func(s *Sim) error {
			return s.MoveAccount(&MoveAccountInput{AccountID: acct, DestinationParentID: dest})
		}
	}
	attach := func(policy, target string) func(*Sim) error {
		return func(s *Sim) error { return s.AttachPolicy(&PolicyTargetInput{PolicyID: policy, TargetID: target}) }
	}
	detach := func(policy, target string) func(*Sim) error {
		return func(s *Sim) error { return s.DetachPolicy(&PolicyTargetInput{PolicyID: policy, TargetID: target}) }
	}
	tests := []struct {
		name   string
		reason string
		op     func(*Sim) error
		want   Code
	}{
		{"move to an OU of another organization", "an OU of another organization is not found, as in AWS", move("444444444444", "ou-aaaa-22222222"), CodeDestinationParentNotFound},
		{"move to a name only another organization has", "names resolve in the account's own organization", move("444444444444", "Jail"), CodeDestinationParentNotFound},
		{"move to another organization's root", "", move("444444444444", "r-aaaa"), CodeDestinationParentNotFound},
		{"move within the organization", "Root is the account's own organization's root", move("444444444444", "Root"), ""},
		{"move to its own OU by name", "Prod is B's Prod for bob's account", move("444444444444", "Prod"), CodeDuplicateAccount},
		{"move an account in no organization", "", move("555555555555", "Root"), CodeAccountNotFound},
		{"attach a policy of another organization", "OrgOnly is A's: B's account is not a target for it", attach("OrgOnly", "444444444444"), CodePolicyNotFound},
		{"attach to an ambiguous Root", "both organizations have a Root and a DenyS3: the request names no one target", attach("DenyS3", "Root"), CodeTargetNotFound},
		{"attach to an ambiguous path", "both organizations have an OU Prod", attach("DenyS3", "Prod"), CodeTargetNotFound},
		{"attach by id", "an OU id is unique across organizations", attach("DenyS3", "ou-bbbb-11111111"), ""},
		{"attach by account", "an account is in one organization", attach("DenyS3", "444444444444"), ""},
		{"attach an unknown policy", "", attach("Nope", "r-aaaa"), CodePolicyNotFound},
		{"attach to an unknown target", "", attach("DenyS3", "ou-cccc-11111111"), CodeTargetNotFound},
		{"attach to an account in no organization", "", attach("DenyS3", "555555555555"), CodeTargetNotFound},
		{"detach another organization's attachment", "B's FullAWSAccess at B's root is its only SCP", detach("FullAWSAccess", "r-bbbb"), CodeConstraintViolation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newOrgsSim(t)
			shared := s.world
			d := newWorldDumper()
			before := d.dump(shared)
			err := tt.op(s)
			if got := ErrorCode(err); got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.reason, got, tt.want)
			}
			if after := d.dump(shared); after != before {
				t.Errorf("the change touched the World the Sim was given:\n%s", cmp.Diff(before, after))
			}
			if after := d.dump(s.world); err != nil && after != before {
				t.Errorf("a failed change changed the Sim's world:\n%s", cmp.Diff(before, after))
			}
		})
	}
}

// TestSeveralOrganizationsWorldCopy: a change copies every organization,
// and each account of the copy points to its own copy's organization, with
// its organization path.
func TestSeveralOrganizationsWorldCopy(t *testing.T) {
	s := newOrgsSim(t)
	before := s.World()
	if err := s.MoveAccount(&MoveAccountInput{AccountID: "222222222222", DestinationParentID: "Jail"}); err != nil {
		t.Fatal(err)
	}
	after := s.World()
	if before == after {
		t.Fatal("the change did not copy the world handed out")
	}
	type place struct {
		Account, Org, OrgPath string
		OwnOrg                bool
	}
	places := func(w *World) []place {
		var out []place
		for _, a := range w.Accounts {
			p := place{Account: a.ID, OrgPath: a.OrgPath}
			if a.Org != nil {
				p.Org = a.Org.ID
				for _, o := range w.Orgs {
					p.OwnOrg = p.OwnOrg || o == a.Org
				}
			}
			out = append(out, p)
		}
		return out
	}
	want := []place{
		{"111111111111", "o-aaaaaaaaaa", "o-aaaaaaaaaa/r-aaaa/", true},
		{"222222222222", "o-aaaaaaaaaa", "o-aaaaaaaaaa/r-aaaa/ou-aaaa-22222222/", true},
		{"333333333333", "o-bbbbbbbbbb", "o-bbbbbbbbbb/r-bbbb/", true},
		{"444444444444", "o-bbbbbbbbbb", "o-bbbbbbbbbb/r-bbbb/ou-bbbb-11111111/", true},
		{"555555555555", "", "", false},
	}
	if diff := cmp.Diff(want, places(after)); diff != "" {
		t.Errorf("after the move (-want +got):\n%s", diff)
	}
	want[1].OrgPath = "o-aaaaaaaaaa/r-aaaa/ou-aaaa-11111111/"
	if diff := cmp.Diff(want, places(before)); diff != "" {
		t.Errorf("the world handed out before the move changed (-want +got):\n%s", diff)
	}
	for i := range after.Orgs {
		if after.Orgs[i] == before.Orgs[i] || after.Orgs[i].Root == before.Orgs[i].Root {
			t.Errorf("organization %s is shared between the copies", after.Orgs[i].ID)
		}
	}
}
