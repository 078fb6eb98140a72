package sim

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// concWorld is the world of the concurrency tests: an organization whose
// SCPs and RCPs the tests attach and detach, an account that moves between
// two OUs, and in account 111111111111 a user, the roles every STS
// operation assumes, a role the changes edit (Dev, whose edits never change
// an outcome) and a role whose sessions are revoked.
const concWorld = `
name: concurrency
settings:
  github_sub_check: false
organization:
  id: o-concurrent1
  management_account: "999999999999"
  policies:
    - {name: AlsoAllow, document: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}}
    - {name: AlsoAllowRCP, type: RCP, document: {Statement: {Effect: Allow, Principal: "*", Action: "*", Resource: "*"}}}
  root:
    id: r-conc
    ous:
      - {name: Work, id: ou-conc-workwork, accounts: ["111111111111"]}
      - {name: A, id: ou-conc-aaaaaaaa, accounts: ["222222222222"]}
      - {name: B, id: ou-conc-bbbbbbbb}
accounts:
  - id: "999999999999"
  - id: "222222222222"
  - id: "111111111111"
    oidc_providers:
      - url: https://token.actions.githubusercontent.com
        client_ids: [sts.amazonaws.com]
    saml_providers:
      - {name: Okta, issuer: "http://www.okta.com/exk1"}
    users:
      - name: alice
        inline_policies:
          All: {Statement: {Effect: Allow, Action: ["sts:*", "s3:*"], Resource: "*"}}
      - name: carol
        groups: [Crew]
      - name: dave
    groups:
      - name: Crew
    policies:
      - {name: ReadOnly, document: {Statement: {Effect: Allow, Action: "s3:Get*", Resource: "*"}}}
    roles:
      - name: Dev
        max_session_duration: 12h
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}}
        inline_policies:
          All: {Statement: {Effect: Allow, Action: ["sts:AssumeRole", "s3:*"], Resource: "*"}}
      - name: Next
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:role/Dev"}, Action: sts:AssumeRole}}
      - name: Web
        trust_policy: {Statement: {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}}
      - name: Deploy
        trust_policy:
          Statement:
            Effect: Allow
            Principal: {Federated: arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com}
            Action: sts:AssumeRoleWithWebIdentity
            Condition: {StringEquals: {token.actions.githubusercontent.com:sub: "repo:acme/app:ref:refs/heads/main"}}
      - name: SAMLRole
        trust_policy: {Statement: {Effect: Allow, Principal: {Federated: arn:aws:iam::111111111111:saml-provider/Okta}, Action: sts:AssumeRoleWithSAML}}
      - name: Revoked
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}}
    resources:
      - arn: arn:aws:s3:::bucket
        policy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:role/Dev"}, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*"}}
`

const (
	concDev     = "arn:aws:iam::111111111111:role/Dev"
	concNext    = "arn:aws:iam::111111111111:role/Next"
	concWeb     = "arn:aws:iam::111111111111:role/Web"
	concDeploy  = "arn:aws:iam::111111111111:role/Deploy"
	concSAML    = "arn:aws:iam::111111111111:role/SAMLRole"
	concTrust   = `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}`
	concNoop    = `{"Statement": {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket"}}`
	concReadARN = "arn:aws:iam::111111111111:policy/ReadOnly"
)

// newConcSim builds a Sim of concWorld whose STS rate quota never throttles
// the tests' bursts at one instant.
func newConcSim(t testing.TB) (*Sim, *FakeClock) {
	t.Helper()
	sc, err := scenario.Parse("concurrency.yaml", []byte(concWorld))
	if err != nil {
		t.Fatal(err)
	}
	sc.Quotas.STSRequestsPerSecond, sc.Quotas.STSBurst = 1_000_000, 1_000_000
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	clk := NewFakeClock(scenarioStart)
	return New(w, clk), clk
}

// describeWorld renders everything a World shows through its exported
// fields and lookups, in declaration order, so that two renderings differ
// exactly when the World changed.
func describeWorld(w *World) []string {
	policies := func(refs []*PolicyRef) string {
		var names []string
		for _, r := range refs {
			names = append(names, r.Name+"@"+r.File+strconv.Itoa(len(r.stale)))
		}
		return strings.Join(names, ",")
	}
	node := func(n *OrgNode) string {
		return n.Kind + ":" + n.ID + " scp[" + policies(n.SCPs) + "] rcp[" + policies(n.RCPs) + "]"
	}
	var out []string
	for _, o := range w.Orgs {
		out = append(out, "org "+o.ID+" "+node(o.Root))
		for _, n := range o.ous {
			out = append(out, "  ou "+n.namePath()+" "+node(n))
		}
	}
	for _, a := range w.Accounts {
		out = append(out, "account "+a.ID+" "+a.OrgPath+" same="+strconv.FormatBool(w.Account(a.ID) == a))
		for _, n := range a.Path {
			out = append(out, "  path "+node(n))
		}
		for _, u := range a.Users {
			out = append(out, "  user "+u.ARN+" "+u.ID+" ["+policies(u.Identity)+"] same="+strconv.FormatBool(w.User(u.ARN) == u && u.Account == a))
		}
		for _, r := range a.Roles {
			out = append(out, "  role "+describeRole(r)+" same="+strconv.FormatBool(w.Role(r.ARN) == r && r.Account == a))
		}
	}
	for _, r := range w.resources {
		out = append(out, "resource "+r.ARN+" "+r.Policy.Name+strconv.Itoa(len(r.Policy.stale)))
	}
	return out
}

// describeRole renders a role's exported fields.
func describeRole(r *Role) string {
	var ids []string
	for _, p := range r.Identity {
		ids = append(ids, p.Name+"@"+p.File)
	}
	return r.ARN + " " + r.ID + " max=" + strconv.Itoa(r.MaxSessionDuration) + " trust=" + r.Trust.Name + "@" + r.Trust.File + strconv.Itoa(len(r.Trust.stale)) +
		" [" + strings.Join(ids, ",") + "] deleted=" + strconv.FormatBool(r.deleted)
}

// describeSession renders a session's exported fields and what they point
// to.
func describeSession(s *Session) []string {
	out := []string{s.Kind.String(), s.ARN, s.AssumedRoleID, s.Name, s.RoleID, s.CallerARN, s.Credentials.AccessKeyID,
		s.IssuedAt.String(), s.Expiration.String(), s.Duration().String(), s.Account.ID, s.Account.OrgPath}
	if s.Role != nil {
		out = append(out, describeRole(s.Role))
		for _, t := range s.PrincipalTags() {
			out = append(out, t.Key+"="+t.Value)
		}
	}
	if s.User != nil {
		out = append(out, s.User.ARN, strconv.Itoa(len(s.User.Identity)))
	}
	for _, n := range s.Account.Path {
		out = append(out, n.ID+strconv.Itoa(len(n.SCPs))+strconv.Itoa(len(n.RCPs)))
	}
	return out
}

// code returns err's AWS error code, "" for nil and "?" for an error that
// is not an *Error.
func code(err error) Code {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return "?"
}

// oneOf reports a problem unless the call's outcome is one of the codes
// ("" stands for success).
func oneOf(err error, codes ...Code) string {
	c := code(err)
	for _, want := range codes {
		if c == want {
			return ""
		}
	}
	want := make([]string, len(codes))
	for i, w := range codes {
		want[i] = string(w)
	}
	return "unexpected outcome " + strconv.Quote(string(c)) + " (" + errText(err) + "), want one of " + strings.Join(want, ", ")
}

// wellFormedRoleSession checks an issued role session against the request.
func wellFormedRoleSession(s *Sim, out *AssumeRoleOutput, roleARN, name string, kind SessionKind) string {
	sess := out.Session
	roleName := roleARN[strings.LastIndex(roleARN, "/")+1:]
	switch {
	case sess == nil || sess.Role == nil:
		return "no role session"
	case sess.Kind != kind:
		return "kind " + sess.Kind.String()
	case sess.Role.ARN != roleARN || sess.RoleID != sess.Role.ID:
		return "role " + sess.Role.ARN
	case out.AssumedRoleUser.Arn != "arn:aws:sts::111111111111:assumed-role/"+roleName+"/"+name || sess.ARN != out.AssumedRoleUser.Arn:
		return "ARN " + out.AssumedRoleUser.Arn
	case out.AssumedRoleUser.AssumedRoleID != sess.Role.ID+":"+name:
		return "assumed-role id " + out.AssumedRoleUser.AssumedRoleID
	case len(out.Credentials.AccessKeyID) != 20 || !strings.HasPrefix(out.Credentials.AccessKeyID, "ASIA") ||
		len(out.Credentials.SecretAccessKey) != 40 || out.Credentials.SessionToken == "" || out.Credentials != sess.Credentials:
		return "credentials " + out.Credentials.AccessKeyID
	case sess.Duration() <= 0 || !out.Credentials.Expiration.Equal(sess.Expiration):
		return "duration " + sess.Duration().String()
	case s.Session(out.Credentials.AccessKeyID) != sess:
		return "Sim.Session does not return the issued session"
	}
	return ""
}

// concOp is one thing a goroutine does: g and i number the goroutine and
// the round, for unique names. It returns a problem, or "".
type concOp struct {
	name string
	do   func(g, i int) string
}

// TestConcurrentUse calls every exported method of a Sim from many
// goroutines at once, with the race detector on in CI: STS operations and
// API calls (whose outcome no concurrent change alters), every world change
// (on the role Dev, whose edits change no outcome, on roles of their own,
// and on the organization), and the accessors. Each goroutine checks that
// its results are well formed, that a World it got from World() stays as it
// was while changes happen, and that a Session handed out stays as issued.
func TestConcurrentUse(t *testing.T) {
	s, clk := newConcSim(t)
	initial := s.World()
	initialView := describeWorld(initial)

	alice := userCreds(t, s, "arn:aws:iam::111111111111:user/alice")
	root, err := s.RootCredentials("111111111111")
	if err != nil {
		t.Fatal(err)
	}
	devOut, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(concDev), RoleSessionName: String("base")})
	if err != nil {
		t.Fatal(err)
	}
	dev := devOut.Credentials
	devView := describeSession(devOut.Session)
	console, err := s.ConsoleSignIn(alice, &ConsoleSignInInput{})
	if err != nil {
		t.Fatal(err)
	}
	token := jwt(t, scenarioStart, "{iss: "+ghIss+", aud: sts.amazonaws.com, sub: '"+ghMain+"'}")
	assertion := samlAssertion(t, s, clk, concSAML, "{name_id: alice@acme.example, role_session_name: alice}")

	// unchanged reports a change to a World or Session a goroutine holds.
	unchanged := func(what string, before, after []string) string {
		if diff := cmp.Diff(before, after); diff != "" {
			return what + " changed after it was handed out (-before +after):\n" + diff
		}
		return ""
	}
	ops := []concOp{
		{"AssumeRole", func(g, i int) string {
			name := "s" + strconv.Itoa(g) + "-" + strconv.Itoa(i)
			out, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(concDev), RoleSessionName: String(name), Trace: i%2 == 0})
			if err != nil {
				return errText(err)
			}
			if p := wellFormedRoleSession(s, out, concDev, name, SessionAssumeRole); p != "" {
				return p
			}
			if (i%2 == 0) != (out.Trace != nil && len(out.Trace.Decisions) > 0) || out.Chained {
				return "trace or chaining"
			}
			before := describeSession(out.Session)
			if err := s.PutRolePolicy(&PutRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyName: "Noop", PolicyDocument: concNoop}); err != nil {
				return errText(err)
			}
			return unchanged("a Session", before, describeSession(out.Session))
		}},
		{"AssumeRole chained", func(g, i int) string {
			name := "c" + strconv.Itoa(g) + "-" + strconv.Itoa(i)
			out, err := s.AssumeRole(dev, &AssumeRoleInput{RoleArn: String(concNext), RoleSessionName: String(name)})
			if err != nil {
				return errText(err)
			}
			if !out.Chained || out.Session.Duration() != time.Hour {
				return "not chained"
			}
			return wellFormedRoleSession(s, out, concNext, name, SessionAssumeRole)
		}},
		{"GetCallerIdentity", func(g, i int) string {
			out, err := s.GetCallerIdentity(dev)
			if err != nil {
				return errText(err)
			}
			if out.Arn != devOut.AssumedRoleUser.Arn || out.Account != acct || out.UserID != devOut.AssumedRoleUser.AssumedRoleID {
				return "identity " + out.Arn
			}
			return ""
		}},
		{"GetCallerIdentity root", func(g, i int) string {
			out, err := s.GetCallerIdentity(root)
			if err != nil {
				return errText(err)
			}
			if out.Arn != "arn:aws:iam::111111111111:root" {
				return "identity " + out.Arn
			}
			return ""
		}},
		{"Call allowed", func(g, i int) string {
			out, err := s.Call(dev, &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key", Trace: true})
			if err != nil {
				return errText(err)
			}
			if out.Trace == nil || len(out.Trace.Entries) == 0 {
				return "no trace"
			}
			return ""
		}},
		{"Call denied", func(g, i int) string {
			_, err := s.Call(alice, &CallInput{Action: "iam:DeleteRole", Resource: concDev})
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeAccessDenied || e.Reason == nil || e.Reason.Kind != KindIdentityPolicy {
				return "want an implicit deny by identity policy, got " + errText(err)
			}
			return ""
		}},
		{"GetSessionToken", func(g, i int) string {
			out, err := s.GetSessionToken(alice, &GetSessionTokenInput{})
			if err != nil {
				return errText(err)
			}
			if out.Session == nil || out.Session.Kind != SessionToken || out.Session.User == nil || out.Session.User.ARN != aliceARNConc ||
				!strings.HasPrefix(out.Credentials.AccessKeyID, "ASIA") || s.Session(out.Credentials.AccessKeyID) != out.Session {
				return "session token " + out.Credentials.AccessKeyID
			}
			id, err := s.GetCallerIdentity(out.Credentials)
			if err != nil || id.Arn != aliceARNConc {
				return "session token caller " + errText(err)
			}
			return ""
		}},
		{"GetFederationToken", func(g, i int) string {
			out, err := s.GetFederationToken(alice, &GetFederationTokenInput{Name: String("carol"), Policy: String(concNoop)})
			if err != nil {
				return errText(err)
			}
			if out.Session == nil || out.Session.Kind != SessionFederation || out.Session.ARN != "arn:aws:sts::111111111111:federated-user/carol" {
				return "federation token"
			}
			return ""
		}},
		{"AssumeRoleWithWebIdentity", func(g, i int) string {
			out, err := s.AssumeRoleWithWebIdentity(&AssumeRoleWithWebIdentityInput{RoleArn: String(concDeploy), RoleSessionName: String("gh"), WebIdentityToken: &token})
			if err != nil {
				return errText(err)
			}
			return wellFormedRoleSession(s, &AssumeRoleOutput{Credentials: out.Credentials, AssumedRoleUser: out.AssumedRoleUser, Session: out.Session}, concDeploy, "gh", SessionWebIdentity)
		}},
		{"AssumeRoleWithSAML", func(g, i int) string {
			out, err := s.AssumeRoleWithSAML(&AssumeRoleWithSAMLInput{RoleArn: String(concSAML), PrincipalArn: String(oktaARN), SAMLAssertion: &assertion})
			if err != nil {
				return errText(err)
			}
			return wellFormedRoleSession(s, &AssumeRoleOutput{Credentials: out.Credentials, AssumedRoleUser: out.AssumedRoleUser, Session: out.Session}, concSAML, "alice", SessionSAML)
		}},
		{"AssumeRoleAsService", func(g, i int) string {
			out, err := s.AssumeRoleAsService(&AssumeRoleAsServiceInput{Service: "ec2.amazonaws.com", RoleArn: String(concWeb), RoleSessionName: String("i-1")})
			if err != nil {
				return errText(err)
			}
			return wellFormedRoleSession(s, out, concWeb, "i-1", SessionService)
		}},
		{"ConsoleSignIn", func(g, i int) string {
			out, err := s.ConsoleSignIn(alice, &ConsoleSignInInput{})
			if err != nil {
				return errText(err)
			}
			if out.Session == nil || out.Session.Kind != SessionConsole || out.Credentials != out.Session.Credentials {
				return "console session"
			}
			return ""
		}},
		{"SwitchRole", func(g, i int) string {
			out, err := s.SwitchRole(console.Credentials, &SwitchRoleInput{RoleArn: String(concDev)})
			if err != nil {
				return errText(err)
			}
			return wellFormedRoleSession(s, out, concDev, "alice", SessionSwitchRole)
		}},
		{"CreateRole and DeleteRole", func(g, i int) string {
			name := "Tmp" + strconv.Itoa(g) + "-" + strconv.Itoa(i)
			out, err := s.CreateRole(&CreateRoleInput{AccountID: acct, RoleName: name, AssumeRolePolicyDocument: concTrust})
			if err != nil {
				return errText(err)
			}
			before := describeRole(out.Role)
			if out.Role.ARN != "arn:aws:iam::111111111111:role/"+name {
				return "created " + out.Role.ARN
			}
			if err := s.DeleteRole(&DeleteRoleInput{AccountID: acct, RoleName: name}); err != nil {
				return errText(err)
			}
			if after := describeRole(out.Role); after != before {
				return "the created Role changed after it was handed out: " + before + " -> " + after
			}
			return ""
		}},
		{"UpdateAssumeRolePolicy", func(g, i int) string {
			return oneOf(s.UpdateAssumeRolePolicy(&UpdateAssumeRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyDocument: concTrust}), "")
		}},
		{"UpdateRole", func(g, i int) string {
			return oneOf(s.UpdateRole(&UpdateRoleInput{AccountID: acct, RoleName: "Dev", MaxSessionDuration: Int32(int32(11+i%2) * 3600)}), "")
		}},
		{"AttachRolePolicy", func(g, i int) string {
			return oneOf(s.AttachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: "Dev", PolicyArn: concReadARN}), "")
		}},
		{"DetachRolePolicy", func(g, i int) string {
			return oneOf(s.DetachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: "Dev", PolicyArn: concReadARN}), "", CodeNoSuchEntity)
		}},
		{"PutRolePolicy", func(g, i int) string {
			return oneOf(s.PutRolePolicy(&PutRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyName: "Noop", PolicyDocument: concNoop}), "")
		}},
		{"DeleteRolePolicy", func(g, i int) string {
			return oneOf(s.DeleteRolePolicy(&DeleteRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyName: "Noop"}), "", CodeNoSuchEntity)
		}},
		{"RevokeRoleSessions", func(g, i int) string {
			out, err := s.RevokeRoleSessions(&RevokeRoleSessionsInput{AccountID: acct, RoleName: "Revoked"})
			if err != nil {
				return errText(err)
			}
			if !strings.Contains(out.PolicyDocument, out.RevokedBefore.Format(time.RFC3339)) || out.RevokedBefore.Before(scenarioStart) {
				return "revocation " + out.PolicyDocument
			}
			return ""
		}},
		{"MoveAccount", func(g, i int) string {
			dest := []string{"A", "ou-conc-bbbbbbbb"}[i%2]
			return oneOf(s.MoveAccount(&MoveAccountInput{AccountID: "222222222222", DestinationParentID: dest}), "", CodeDuplicateAccount)
		}},
		{"AttachPolicy", func(g, i int) string {
			p := []string{"AlsoAllow", "AlsoAllowRCP"}[i%2]
			return oneOf(s.AttachPolicy(&PolicyTargetInput{PolicyID: p, TargetID: "Work"}), "", CodeDuplicatePolicyAttachment)
		}},
		{"DetachPolicy", func(g, i int) string {
			p := []string{"AlsoAllow", "AlsoAllowRCP"}[i%2]
			return oneOf(s.DetachPolicy(&PolicyTargetInput{PolicyID: p, TargetID: "Work"}), "", CodePolicyNotAttached)
		}},
		// Users, groups and access keys: carol and Crew, whose changes
		// alter no other outcome, and dave, whose key is deleted once.
		{"PutUserPolicy", func(g, i int) string {
			return oneOf(s.PutUserPolicy(&PutUserPolicyInput{AccountID: acct, UserName: "carol", PolicyName: "Noop", PolicyDocument: concNoop}), "")
		}},
		{"DeleteUserPolicy", func(g, i int) string {
			return oneOf(s.DeleteUserPolicy(&DeleteUserPolicyInput{AccountID: acct, UserName: "carol", PolicyName: "Noop"}), "", CodeNoSuchEntity)
		}},
		{"AttachUserPolicy", func(g, i int) string {
			return oneOf(s.AttachUserPolicy(&UserPolicyARNInput{AccountID: acct, UserName: "carol", PolicyArn: concReadARN}), "")
		}},
		{"DetachUserPolicy", func(g, i int) string {
			return oneOf(s.DetachUserPolicy(&UserPolicyARNInput{AccountID: acct, UserName: "carol", PolicyArn: concReadARN}), "", CodeNoSuchEntity)
		}},
		{"PutGroupPolicy", func(g, i int) string {
			return oneOf(s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: acct, GroupName: "Crew", PolicyName: "Noop", PolicyDocument: concNoop}), "")
		}},
		{"DeleteGroupPolicy", func(g, i int) string {
			return oneOf(s.DeleteGroupPolicy(&DeleteGroupPolicyInput{AccountID: acct, GroupName: "Crew", PolicyName: "Noop"}), "", CodeNoSuchEntity)
		}},
		{"AttachGroupPolicy", func(g, i int) string {
			return oneOf(s.AttachGroupPolicy(&GroupPolicyARNInput{AccountID: acct, GroupName: "Crew", PolicyArn: concReadARN}), "")
		}},
		{"DetachGroupPolicy", func(g, i int) string {
			return oneOf(s.DetachGroupPolicy(&GroupPolicyARNInput{AccountID: acct, GroupName: "Crew", PolicyArn: concReadARN}), "", CodeNoSuchEntity)
		}},
		{"AddUserToGroup and RemoveUserFromGroup", func(g, i int) string {
			in := &GroupMembershipInput{AccountID: acct, GroupName: "Crew", UserName: "carol"}
			if i%2 == 0 {
				return oneOf(s.AddUserToGroup(in), "")
			}
			return oneOf(s.RemoveUserFromGroup(in), "")
		}},
		{"UpdateAccessKey", func(g, i int) string {
			status := []string{StatusInactive, StatusActive}[i%2]
			return oneOf(s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: acct, UserName: "carol", Status: status, ownKey: true}), "")
		}},
		{"DeleteAccessKey", func(g, i int) string {
			if err := s.DeleteAccessKey(&DeleteAccessKeyInput{AccountID: acct, UserName: "dave", ownKey: true}); oneOf(err, "", CodeNoSuchEntity) != "" {
				return oneOf(err, "", CodeNoSuchEntity)
			}
			dave, err := s.UserCredentials("arn:aws:iam::111111111111:user/dave")
			if err != nil {
				return errText(err)
			}
			return oneOf(secondErr(s.GetCallerIdentity(dave)), CodeInvalidClientTokenID)
		}},
		{"World", func(g, i int) string {
			w := s.World()
			before := describeWorld(w)
			if w.Role(concDev) == nil || w.Account("222222222222") == nil || w.User(aliceARNConc) == nil ||
				w.OIDCProvider("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com") == nil || w.SAMLProvider(oktaARN) == nil {
				return "World lost an entity"
			}
			// Change the world and read the World held meanwhile.
			if err := s.UpdateRole(&UpdateRoleInput{AccountID: acct, RoleName: "Dev", MaxSessionDuration: Int32(int32(11+i%2) * 3600)}); err != nil {
				return errText(err)
			}
			if err := s.MoveAccount(&MoveAccountInput{AccountID: "222222222222", DestinationParentID: "B"}); oneOf(err, "", CodeDuplicateAccount) != "" {
				return errText(err)
			}
			return unchanged("a World", before, describeWorld(w))
		}},
		{"Now", func(g, i int) string {
			if now := s.Now(); now.Before(scenarioStart) {
				return "Now " + now.String()
			}
			return ""
		}},
		{"clock advance", func(g, i int) string {
			clk.Add(time.Millisecond)
			return ""
		}},
		{"UserCredentials", func(g, i int) string {
			c, err := s.UserCredentials(aliceARNConc)
			if err != nil || c != alice {
				return "user credentials " + errText(err)
			}
			_, err = s.UserCredentials("arn:aws:iam::111111111111:user/nobody")
			return oneOf(err, CodeNoSuchEntity)
		}},
		{"RootCredentials", func(g, i int) string {
			id := []string{"111111111111", "222222222222"}[i%2]
			c, err := s.RootCredentials(id)
			if err != nil || (id == acct && c != root) || !strings.HasPrefix(c.AccessKeyID, "AKIA") {
				return "root credentials " + errText(err)
			}
			_, err = s.RootCredentials("123456789012")
			return oneOf(err, CodeNoSuchEntity)
		}},
		{"Session", func(g, i int) string {
			sess := s.Session(dev.AccessKeyID)
			if sess != devOut.Session {
				return "Session returned another session"
			}
			if s.Session("ASIANOSUCHKEY") != nil {
				return "Session found an unknown key"
			}
			return unchanged("the base Session", devView, describeSession(sess))
		}},
	}

	const goroutines, rounds = 12, 2
	var (
		mu       sync.Mutex
		problems []string
		ran      = map[string]int{}
		wg       sync.WaitGroup
	)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < rounds*len(ops); i++ {
				op := ops[(g+i)%len(ops)]
				p := op.do(g, i)
				mu.Lock()
				ran[op.name]++
				if p != "" {
					problems = append(problems, op.name+": "+p)
				}
				mu.Unlock()
			}
		}(g)
	}
	wg.Wait()

	for _, p := range problems {
		t.Error(p)
	}
	for _, op := range ops {
		if ran[op.name] != goroutines*rounds {
			t.Errorf("%s ran %d times, want %d", op.name, ran[op.name], goroutines*rounds)
		}
	}
	if diff := cmp.Diff(initialView, describeWorld(initial)); diff != "" {
		t.Errorf("the World the Sim started from changed (-before +after):\n%s", diff)
	}
	final := s.World()
	for g := 0; g < goroutines; g++ {
		if r := final.Role("arn:aws:iam::111111111111:role/Tmp" + strconv.Itoa(g) + "-0"); r != nil {
			t.Errorf("deleted role %s is still in the World", r.ARN)
		}
	}
	if r := final.Role(concDev); r == nil || r == initial.Role(concDev) {
		t.Error("the final World should hold a changed copy of Dev")
	}
	if _, err := s.Call(dev, &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key"}); err != nil {
		t.Errorf("the base session after all changes: %v", err)
	}
}

const aliceARNConc = "arn:aws:iam::111111111111:user/alice"

// TestHandedOutWorldIsASnapshot checks, for every world change, that a
// World from World() and a Session issued before the change stay exactly
// as they were, while the next World() and requests made with the session
// see the change.
func TestHandedOutWorldIsASnapshot(t *testing.T) {
	tests := []struct {
		name, reason string
		setup        func(s *Sim) error // before the snapshot; nil for none
		change       func(s *Sim) error
		// call is the base session's s3:GetObject outcome after the change,
		// on a bucket whose policy does not name the role.
		call Code
	}{
		{name: "CreateRole", reason: "a new role appears in the next World only",
			change: func(s *Sim) error {
				_, err := s.CreateRole(&CreateRoleInput{AccountID: acct, RoleName: "New", AssumeRolePolicyDocument: concTrust})
				return err
			}},
		{name: "DeleteRole", reason: "the deleted role's session is refused, though the Session still shows the role",
			change: func(s *Sim) error {
				if err := s.DeleteRolePolicy(&DeleteRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyName: "All"}); err != nil {
					return err
				}
				return s.DeleteRole(&DeleteRoleInput{AccountID: acct, RoleName: "Dev"})
			},
			call: "InvalidAccessKeyId"}, // S3's word for it
		{name: "UpdateAssumeRolePolicy", reason: "a new trust policy",
			change: func(s *Sim) error {
				return s.UpdateAssumeRolePolicy(&UpdateAssumeRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyDocument: concTrust})
			}},
		{name: "UpdateRole", reason: "a new MaxSessionDuration",
			change: func(s *Sim) error {
				return s.UpdateRole(&UpdateRoleInput{AccountID: acct, RoleName: "Dev", MaxSessionDuration: Int32(3600)})
			}},
		{name: "AttachRolePolicy", reason: "a managed policy more",
			change: func(s *Sim) error {
				return s.AttachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: "Dev", PolicyArn: concReadARN})
			}},
		{name: "DetachRolePolicy", reason: "a managed policy less",
			setup: func(s *Sim) error {
				return s.AttachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: "Dev", PolicyArn: concReadARN})
			},
			change: func(s *Sim) error {
				return s.DetachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: "Dev", PolicyArn: concReadARN})
			}},
		{name: "PutRolePolicy", reason: "the role's inline policy replaced: s3 no longer allowed",
			change: func(s *Sim) error {
				return s.PutRolePolicy(&PutRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyName: "All", PolicyDocument: concNoop})
			},
			call: CodeAccessDenied},
		{name: "DeleteRolePolicy", reason: "the role's inline policy deleted",
			change: func(s *Sim) error {
				return s.DeleteRolePolicy(&DeleteRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyName: "All"})
			},
			call: CodeAccessDenied},
		{name: "RevokeRoleSessions", reason: "the session is revoked",
			change: func(s *Sim) error {
				s.clock.(*FakeClock).Add(time.Second)
				_, err := s.RevokeRoleSessions(&RevokeRoleSessionsInput{AccountID: acct, RoleName: "Dev"})
				return err
			},
			call: CodeAccessDenied},
		{name: "PutUserPolicy", reason: "a user's inline policy more",
			change: func(s *Sim) error {
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: acct, UserName: "carol", PolicyName: "Noop", PolicyDocument: concNoop})
			}},
		{name: "AttachGroupPolicy", reason: "a group's managed policy more, in its member's identity",
			change: func(s *Sim) error {
				return s.AttachGroupPolicy(&GroupPolicyARNInput{AccountID: acct, GroupName: "Crew", PolicyArn: concReadARN})
			}},
		{name: "AddUserToGroup", reason: "a member more, with the group's policy",
			setup: func(s *Sim) error {
				return s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: acct, GroupName: "Crew", PolicyName: "Noop", PolicyDocument: concNoop})
			},
			change: func(s *Sim) error {
				return s.AddUserToGroup(&GroupMembershipInput{AccountID: acct, GroupName: "Crew", UserName: "dave"})
			}},
		{name: "MoveAccount", reason: "the account's path changes",
			change: func(s *Sim) error {
				return s.MoveAccount(&MoveAccountInput{AccountID: acct, DestinationParentID: "B"})
			}},
		{name: "AttachPolicy", reason: "an SCP more on the account's OU",
			change: func(s *Sim) error {
				return s.AttachPolicy(&PolicyTargetInput{PolicyID: "AlsoAllow", TargetID: "Work"})
			}},
		{name: "DetachPolicy", reason: "an RCP less on the account's OU",
			setup: func(s *Sim) error {
				return s.AttachPolicy(&PolicyTargetInput{PolicyID: "AlsoAllowRCP", TargetID: "Work"})
			},
			change: func(s *Sim) error {
				return s.DetachPolicy(&PolicyTargetInput{PolicyID: "AlsoAllowRCP", TargetID: "Work"})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newConcSim(t)
			// A first change gives the Sim its own copy of the world, the
			// copy the change under test must leave alone once handed out.
			if err := s.UpdateRole(&UpdateRoleInput{AccountID: acct, RoleName: "Revoked", MaxSessionDuration: Int32(7200)}); err != nil {
				t.Fatal(err)
			}
			if tt.setup != nil {
				if err := tt.setup(s); err != nil {
					t.Fatalf("setup: %v", err)
				}
			}
			alice := userCreds(t, s, aliceARNConc)
			out, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(concDev), RoleSessionName: String("base")})
			if err != nil {
				t.Fatal(err)
			}
			w := s.World()
			world, session := describeWorld(w), describeSession(out.Session)
			if err := tt.change(s); err != nil {
				t.Fatalf("change: %v", err)
			}
			if diff := cmp.Diff(world, describeWorld(w)); diff != "" {
				t.Errorf("%s: the World handed out before the change changed (-before +after):\n%s", tt.reason, diff)
			}
			if diff := cmp.Diff(session, describeSession(out.Session)); diff != "" {
				t.Errorf("%s: the Session issued before the change changed (-before +after):\n%s", tt.reason, diff)
			}
			if s.Session(out.Credentials.AccessKeyID) != out.Session {
				t.Errorf("Sim.Session must return the Session as issued")
			}
			if now := s.World(); now == w || cmp.Equal(world, describeWorld(now)) {
				t.Errorf("%s: the next World does not show the change", tt.reason)
			}
			if got := code(secondErr(s.Call(out.Credentials, &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::other/key"}))); got != tt.call {
				t.Errorf("%s: the session's request after the change: got %q, want %q", tt.reason, got, tt.call)
			}
		})
	}
}

// TestCopyOnlyAfterHandOut checks when a Sim copies its world: on the first
// change, and on a change after it handed out something pointing into its
// copy (a World, an issued session, CreateRole's Role), never for a change
// following changes or requests that hand out nothing.
func TestCopyOnlyAfterHandOut(t *testing.T) {
	update := func(s *Sim) {
		if err := s.UpdateRole(&UpdateRoleInput{AccountID: acct, RoleName: "Dev", MaxSessionDuration: Int32(7200)}); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	create := func(s *Sim) {
		n++
		if _, err := s.CreateRole(&CreateRoleInput{AccountID: acct, RoleName: "C" + strconv.Itoa(n), AssumeRolePolicyDocument: concTrust}); err != nil {
			t.Fatal(err)
		}
	}
	createStep := func(s *Sim) {
		n++
		if err := s.createRoleStep(&CreateRoleInput{AccountID: acct, RoleName: "C" + strconv.Itoa(n), AssumeRolePolicyDocument: concTrust}); err != nil {
			t.Fatal(err)
		}
	}
	assume := func(s *Sim) {
		if _, err := s.AssumeRole(userCreds(t, s, aliceARNConc), &AssumeRoleInput{RoleArn: String(concDev), RoleSessionName: String("x1")}); err != nil {
			t.Fatal(err)
		}
	}
	world := func(s *Sim) { s.World() }
	quiet := func(s *Sim) {
		alice := userCreds(t, s, aliceARNConc)
		if _, err := s.Call(alice, &CallInput{Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.GetCallerIdentity(alice); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RootCredentials(acct); err != nil {
			t.Fatal(err)
		}
		s.Session("ASIANOSUCHKEY")
		s.Now()
	}
	tests := []struct {
		name, reason string
		steps        []func(*Sim)
		copies       int
	}{
		{name: "changes in a row", reason: "only the first change copies the shared World", steps: []func(*Sim){update, update, update}, copies: 1},
		{name: "World between changes", reason: "a World handed out is never modified", steps: []func(*Sim){update, world, update, update}, copies: 2},
		{name: "session between changes", reason: "an issued Session's Role points into the world", steps: []func(*Sim){update, assume, update, update}, copies: 2},
		{name: "requests that hand out nothing", reason: "calls, identities, credentials and lookups point into nothing", steps: []func(*Sim){update, quiet, update}, copies: 1},
		{name: "CreateRole", reason: "the Role CreateRole returns is handed out", steps: []func(*Sim){create, create, create}, copies: 3},
		{name: "runner create steps", reason: "the runner keeps nothing of a created role", steps: []func(*Sim){createStep, createStep, createStep}, copies: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newConcSim(t)
			copies := 0
			for _, step := range tt.steps {
				before := s.world
				step(s)
				if s.world != before {
					copies++
				}
			}
			if copies != tt.copies {
				t.Errorf("%s: %d copies of the world, want %d", tt.reason, copies, tt.copies)
			}
		})
	}
}

// TestChangeCostsNoMorePerSession checks that a change drops only the
// principals of the sessions used since the last change, so that a change
// after many sessions costs nothing per idle session.
func TestChangeCostsNoMorePerSession(t *testing.T) {
	s, _ := newConcSim(t)
	alice := userCreds(t, s, aliceARNConc)
	var used []Credentials
	for i := 0; i < 100; i++ {
		out, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(concDev), RoleSessionName: String("s" + strconv.Itoa(i))})
		if err != nil {
			t.Fatal(err)
		}
		if i%25 == 0 {
			used = append(used, out.Credentials)
		}
	}
	for _, c := range used {
		for range 3 {
			if _, err := s.GetCallerIdentity(c); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(s.cached) != len(used) {
		t.Errorf("%d sessions with a principal to drop, want the %d used", len(s.cached), len(used))
	}
	if err := s.UpdateRole(&UpdateRoleInput{AccountID: acct, RoleName: "Dev", MaxSessionDuration: Int32(7200)}); err != nil {
		t.Fatal(err)
	}
	if len(s.cached) != 0 {
		t.Errorf("%d sessions keep a principal after a change", len(s.cached))
	}
	for _, c := range used {
		if _, err := s.GetCallerIdentity(c); err != nil {
			t.Errorf("a session used again after the change: %v", err)
		}
	}
}

// TestRunConcurrently plays every testdata scenario from several goroutines
// at once, each run with its own World built from the same loaded
// Scenario, and requires every run to report what a run alone does: the
// runner and the world builder share no mutable state.
func TestRunConcurrently(t *testing.T) {
	files, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata scenarios")
	}
	summary := func(rep *Report) []string {
		var out []string
		for _, st := range rep.Steps {
			line := strconv.Itoa(st.Index) + " " + st.At.String() + " " + strconv.FormatBool(st.Pass) + " " + st.Actual.Error + " " + st.Actual.Arn + " " + st.Actual.Expiration
			if st.Session != nil {
				line += " " + st.Session.Credentials.AccessKeyID + " " + strings.Join(describeSession(st.Session), "|")
			}
			out = append(out, line)
		}
		return out
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".yaml"), func(t *testing.T) {
			sc, err := scenario.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			alone, err := Run(sc)
			if err != nil {
				t.Fatal(err)
			}
			want := summary(alone)
			const runs = 4
			got := make([][]string, runs)
			var wg sync.WaitGroup
			for i := range got {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if rep, err := Run(sc); err == nil {
						got[i] = summary(rep)
					}
				}()
			}
			wg.Wait()
			for i := range got {
				if diff := cmp.Diff(want, got[i]); diff != "" {
					t.Errorf("concurrent run %d differs from a run alone (-alone +concurrent):\n%s", i, diff)
				}
			}
		})
	}
}

// bigConcSim is a Sim of an account with n roles trusting its user alice.
func bigConcSim(tb testing.TB, n int) *Sim {
	tb.Helper()
	var b strings.Builder
	b.WriteString("name: big\nquotas: {roles_per_account: 5000}\naccounts:\n  - id: \"111111111111\"\n    users:\n      - name: alice\n" +
		"        inline_policies:\n          All: {Statement: {Effect: Allow, Action: \"sts:*\", Resource: \"*\"}}\n    roles:\n")
	for i := 0; i < n; i++ {
		b.WriteString("      - name: R" + strconv.Itoa(i) + "\n        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: \"111111111111\"}, Action: sts:AssumeRole}}\n")
	}
	sc, err := scenario.Parse("big.yaml", []byte(b.String()))
	if err != nil {
		tb.Fatal(err)
	}
	sc.Quotas.STSRequestsPerSecond, sc.Quotas.STSBurst = 1_000_000, 1_000_000
	w, err := NewWorld(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return New(w, NewFakeClock(scenarioStart))
}

// BenchmarkChangeAfterSession measures an AssumeRole followed by a change,
// in worlds of 10 and 1,000 roles: the change copies the world (the new
// Session points into it), so it costs in proportion to the world, not to
// the sessions issued so far.
func BenchmarkChangeAfterSession(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(strconv.Itoa(n)+"-roles", func(b *testing.B) {
			s := bigConcSim(b, n)
			alice, err := s.UserCredentials("arn:aws:iam::111111111111:user/alice")
			if err != nil {
				b.Fatal(err)
			}
			in := &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/R0"), RoleSessionName: String("x1")}
			up := &UpdateRoleInput{AccountID: acct, RoleName: "R1", MaxSessionDuration: Int32(7200)}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.AssumeRole(alice, in); err != nil {
					b.Fatal(err)
				}
				if err := s.UpdateRole(up); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreateRoleSteps measures 2,000 create_role steps in a row, as
// the runner makes them: nothing is handed out between them, so the world
// is copied once, not once per step.
func BenchmarkCreateRoleSteps(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		s := bigConcSim(b, 0)
		for j := 0; j < 2000; j++ {
			if err := s.createRoleStep(&CreateRoleInput{AccountID: acct, RoleName: "N" + strconv.Itoa(j), AssumeRolePolicyDocument: concTrust}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
