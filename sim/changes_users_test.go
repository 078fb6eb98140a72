package sim

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// usersWorld is the world of the user, group and access key change tests:
// alice with an inline policy of her own, bob in the groups Devs (an
// inline policy) and Ops (a managed policy), carol in no group, and a
// managed policy of another account that no user here may attach.
const usersWorld = `
name: users
quotas:
  managed_policies_per_user: 2
  managed_policies_per_group: 1
  groups_per_user: 2
  user_policy_size: 200
  group_policy_size: 300
aws_managed_policies:
  - {name: AWSList, document: {Statement: {Effect: Allow, Action: "s3:ListBucket", Resource: "*"}}}
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Own: {Statement: {Effect: Allow, Action: "sqs:ListQueues", Resource: "*"}}
      - name: bob
        groups: [devs, Ops]
      - name: carol
    groups:
      - name: Devs
        inline_policies:
          Read: {Statement: {Effect: Allow, Action: "s3:GetObject", Resource: "*"}}
      - name: Ops
        managed_policies: [Put]
      - name: Empty
    policies:
      - {name: Put, document: {Statement: {Effect: Allow, Action: "s3:PutObject", Resource: "*"}}}
      - {name: Del, document: {Statement: {Effect: Allow, Action: "s3:DeleteObject", Resource: "*"}}}
  - id: "222222222222"
    policies:
      - {name: Foreign, document: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}}
`

const (
	usersAcct     = "111111111111"
	usersAliceARN = "arn:aws:iam::111111111111:user/alice"
	usersBobARN   = "arn:aws:iam::111111111111:user/bob"
	usersCarolARN = "arn:aws:iam::111111111111:user/carol"
	putARN        = "arn:aws:iam::111111111111:policy/Put"
	delARN        = "arn:aws:iam::111111111111:policy/Del"
	allow3        = `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`
)

func newUsersSim(t testing.TB) *Sim {
	t.Helper()
	sc, err := scenario.Parse("users.yaml", []byte(usersWorld))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	return New(w, NewFakeClock(scenarioStart))
}

// usersCall is the outcome of a request of a user's long-term key.
func usersCall(t testing.TB, s *Sim, userARN, action string) Code {
	t.Helper()
	c, err := s.UserCredentials(userARN)
	if err != nil {
		t.Fatal(err)
	}
	return callCode(s, c, action)
}

// TestUserChangeErrors checks every user, group and access key operation's
// refusals, with IAM's codes, HTTP statuses and messages, and that a
// refused change leaves the Sim's world as it was (no copy, same dump).
func TestUserChangeErrors(t *testing.T) {
	long := strings.Repeat("u", 65)
	longer := strings.Repeat("u", 129)
	big := `{"Statement": {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::bucket-one/*", "arn:aws:s3:::bucket-two/*", "arn:aws:s3:::bucket-three/*"]}}`
	tests := []struct {
		name, reason string
		setup        func(s *Sim) error
		change       func(s *Sim) error
		code         Code
		status       int
		message      string
	}{
		{name: "put user policy: no such user", reason: "IAM's NoSuchEntity names the user",
			change: func(s *Sim) error {
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: usersAcct, UserName: "dave", PolicyName: "P", PolicyDocument: allow3})
			},
			code: CodeNoSuchEntity, status: 404, message: "The user with name dave cannot be found."},
		{name: "put user policy: no such account", reason: "the account must exist",
			change: func(s *Sim) error {
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: "333333333333", UserName: "alice", PolicyName: "P", PolicyDocument: allow3})
			},
			code: CodeNoSuchEntity, status: 404, message: "The account 333333333333 cannot be found."},
		{name: "put user policy: names", reason: "userName is existingUserNameType (1-128), policyName 1-128 of [\\w+=,.@-]+",
			change: func(s *Sim) error {
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: usersAcct, UserName: longer, PolicyName: "a b", PolicyDocument: allow3})
			},
			code: CodeValidationError, status: 400,
			message: "2 validation errors detected: Value '" + longer + "' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 128; " +
				"Value 'a b' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"},
		{name: "put user policy: not JSON", reason: "a document that is not JSON",
			change: func(s *Sim) error {
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: usersAcct, UserName: "alice", PolicyName: "P", PolicyDocument: "{"})
			},
			code: CodeMalformedPolicyDocument, status: 400, message: "This policy contains invalid Json"},
		{name: "put user policy: size quota", reason: "the user's inline policies together (Own plus the new one) pass user_policy_size",
			change: func(s *Sim) error {
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: usersAcct, UserName: "alice", PolicyName: "Big", PolicyDocument: big})
			},
			code: CodeLimitExceeded, status: 409, message: "Maximum policy size of 200 bytes exceeded for user alice"},
		{name: "delete user policy: none of that name", reason: "IAM's NoSuchEntity names the user policy",
			change: func(s *Sim) error {
				return s.DeleteUserPolicy(&DeleteUserPolicyInput{AccountID: usersAcct, UserName: "alice", PolicyName: "Nope"})
			},
			code: CodeNoSuchEntity, status: 404, message: "The user policy with name Nope cannot be found."},
		{name: "attach user policy: name length", reason: "AttachUserPolicy's userName is userNameType: at most 64",
			change: func(s *Sim) error {
				return s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: long, PolicyArn: putARN})
			},
			code: CodeValidationError, status: 400,
			message: "1 validation error detected: Value '" + long + "' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64"},
		{name: "attach user policy: not an ARN", reason: "InvalidInput for a policy ARN that is not one",
			change: func(s *Sim) error {
				return s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "alice", PolicyArn: "not-a-policy-arn-at-all"})
			},
			code: CodeInvalidInput, status: 400, message: "ARN not-a-policy-arn-at-all is not valid."},
		{name: "attach user policy: another account's", reason: "only the user's account's policies and AWS managed ones attach",
			change: func(s *Sim) error {
				return s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "alice", PolicyArn: "arn:aws:iam::222222222222:policy/Foreign"})
			},
			code: CodeNoSuchEntity, status: 404, message: "Policy arn:aws:iam::222222222222:policy/Foreign does not exist or is not attachable."},
		{name: "attach user policy: quota", reason: "managed_policies_per_user (lowered to 2) counts attached policies",
			setup: func(s *Sim) error {
				if err := s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "alice", PolicyArn: putARN}); err != nil {
					return err
				}
				return s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "alice", PolicyArn: delARN})
			},
			change: func(s *Sim) error {
				return s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "alice", PolicyArn: "arn:aws:iam::aws:policy/AWSList"})
			},
			code: CodeLimitExceeded, status: 409, message: "Cannot exceed quota for PoliciesPerUser: 2"},
		{name: "detach user policy: not attached", reason: "detaching a policy that is not attached",
			change: func(s *Sim) error {
				return s.DetachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "alice", PolicyArn: putARN})
			},
			code: CodeNoSuchEntity, status: 404, message: "Policy " + putARN + " was not found."},
		{name: "put group policy: no such group", reason: "IAM's NoSuchEntity names the group",
			change: func(s *Sim) error {
				return s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: usersAcct, GroupName: "Admins", PolicyName: "P", PolicyDocument: allow3})
			},
			code: CodeNoSuchEntity, status: 404, message: "The group with name Admins cannot be found."},
		{name: "put group policy: group name length", reason: "groupName is groupNameType: at most 128",
			change: func(s *Sim) error {
				return s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: usersAcct, GroupName: longer, PolicyName: "P", PolicyDocument: allow3})
			},
			code: CodeValidationError, status: 400,
			message: "1 validation error detected: Value '" + longer + "' at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128"},
		{name: "put group policy: size quota", reason: "the group's inline policies together pass group_policy_size (lowered to 300)",
			change: func(s *Sim) error {
				return s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: usersAcct, GroupName: "Devs", PolicyName: "Big", PolicyDocument: `{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": [` +
					strings.Repeat(`"arn:aws:s3:::a-bucket-of-the-group/*", `, 6) + `"*"]}}`})
			},
			code: CodeLimitExceeded, status: 409, message: "Maximum policy size of 300 bytes exceeded for group Devs"},
		{name: "delete group policy: none of that name", reason: "IAM's NoSuchEntity names the group policy",
			change: func(s *Sim) error {
				return s.DeleteGroupPolicy(&DeleteGroupPolicyInput{AccountID: usersAcct, GroupName: "Ops", PolicyName: "Read"})
			},
			code: CodeNoSuchEntity, status: 404, message: "The group policy with name Read cannot be found."},
		{name: "attach group policy: quota", reason: "managed_policies_per_group (lowered to 1): Ops has Put",
			change: func(s *Sim) error {
				return s.AttachGroupPolicy(&GroupPolicyARNInput{AccountID: usersAcct, GroupName: "Ops", PolicyArn: delARN})
			},
			code: CodeLimitExceeded, status: 409, message: "Cannot exceed quota for PoliciesPerGroup: 1"},
		{name: "detach group policy: not attached", reason: "Devs has no managed policy",
			change: func(s *Sim) error {
				return s.DetachGroupPolicy(&GroupPolicyARNInput{AccountID: usersAcct, GroupName: "Devs", PolicyArn: putARN})
			},
			code: CodeNoSuchEntity, status: 404, message: "Policy " + putARN + " was not found."},
		{name: "add user to group: no such group", reason: "the group is looked up first",
			change: func(s *Sim) error {
				return s.AddUserToGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Admins", UserName: "dave"})
			},
			code: CodeNoSuchEntity, status: 404, message: "The group with name Admins cannot be found."},
		{name: "add user to group: no such user", reason: "then the user",
			change: func(s *Sim) error {
				return s.AddUserToGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Devs", UserName: "dave"})
			},
			code: CodeNoSuchEntity, status: 404, message: "The user with name dave cannot be found."},
		{name: "add user to group: quota", reason: "groups_per_user (lowered to 2): bob is in Devs and Ops",
			change: func(s *Sim) error {
				return s.AddUserToGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Empty", UserName: "bob"})
			},
			code: CodeLimitExceeded, status: 409, message: "Cannot exceed quota for GroupsPerUser: 2"},
		{name: "update access key: id and status", reason: "AccessKeyId is 16-128 of [\\w]+, Status one of Active, Inactive",
			change: func(s *Sim) error {
				return s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "alice", AccessKeyID: "AKIA-1", Status: "active"})
			},
			code: CodeValidationError, status: 400,
			message: "3 validation errors detected: Value 'AKIA-1' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+; " +
				"Value 'AKIA-1' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16; " +
				"Value 'active' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"},
		{name: "update access key: another user's key", reason: "a key id that is not the user's is not found",
			change: func(s *Sim) error {
				bob, err := s.UserCredentials(usersBobARN)
				if err != nil {
					return err
				}
				return s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "alice", AccessKeyID: bob.AccessKeyID, Status: StatusInactive})
			},
			code: CodeNoSuchEntity, status: 404, message: "The Access Key with id " + mustKey("bob") + " cannot be found."},
		{name: "update access key: no such user", reason: "the user is looked up before the key",
			change: func(s *Sim) error {
				return s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "dave", AccessKeyID: "AKIAIOSFODNN7EXAMPLE", Status: StatusInactive})
			},
			code: CodeNoSuchEntity, status: 404, message: "The user with name dave cannot be found."},
		{name: "delete access key: deleted already", reason: "a deleted key is gone",
			setup: func(s *Sim) error {
				return s.DeleteAccessKey(&DeleteAccessKeyInput{AccountID: usersAcct, UserName: "alice", ownKey: true})
			},
			change: func(s *Sim) error {
				return s.DeleteAccessKey(&DeleteAccessKeyInput{AccountID: usersAcct, UserName: "alice", AccessKeyID: mustKey("alice")})
			},
			code: CodeNoSuchEntity, status: 404, message: "The Access Key with id " + mustKey("alice") + " cannot be found."},
		{name: "update access key: deleted already", reason: "a deleted key cannot be made active again",
			setup: func(s *Sim) error {
				return s.DeleteAccessKey(&DeleteAccessKeyInput{AccountID: usersAcct, UserName: "alice", ownKey: true})
			},
			change: func(s *Sim) error {
				return s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "alice", Status: StatusActive, ownKey: true})
			},
			code: CodeNoSuchEntity, status: 404, message: "The Access Key with id " + mustKey("alice") + " cannot be found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newUsersSim(t)
			if tt.setup != nil {
				if err := tt.setup(s); err != nil {
					t.Fatalf("setup: %v", err)
				}
			}
			d := newWorldDumper()
			world := s.world
			before := d.dump(world)
			err := tt.change(s)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: got %v, want %s", tt.reason, err, tt.code)
			}
			if e.Code != tt.code || e.HTTPStatus != tt.status || e.Message != tt.message {
				t.Errorf("%s:\n got %s %d %q\nwant %s %d %q", tt.reason, e.Code, e.HTTPStatus, e.Message, tt.code, tt.status, tt.message)
			}
			if s.world != world {
				t.Errorf("%s: the refused change copied the world", tt.reason)
			}
			if diff := cmp.Diff(before, d.dump(s.world)); diff != "" {
				t.Errorf("%s: the refused change changed the world (-before +after):\n%s", tt.reason, diff)
			}
		})
	}
}

// mustKey is the deterministic access key id of a user of usersWorld.
func mustKey(user string) string {
	return uniqueID("users/key/arn:aws:iam::111111111111:user/"+user, "AKIA", 16)
}

// TestUserChangesTakeEffect checks that each change reaches the next
// request of the user's long-term key and of a GetSessionToken session
// issued before it, and only the users it concerns.
func TestUserChangesTakeEffect(t *testing.T) {
	type probe struct {
		user, action string
		want         Code
	}
	tests := []struct {
		name, reason string
		change       func(s *Sim) error
		probes       []probe
	}{
		{name: "put user policy", reason: "a new inline policy allows s3 to alice, and to no one else",
			change: func(s *Sim) error {
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: usersAcct, UserName: "ALICE", PolicyName: "S3", PolicyDocument: allow3})
			},
			probes: []probe{{"alice", "s3:DeleteObject", "ok"}, {"alice", "sqs:ListQueues", "ok"}, {"carol", "s3:DeleteObject", CodeAccessDenied}}},
		{name: "replace user policy", reason: "putting Own again (in another case) replaces it",
			change: func(s *Sim) error {
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: usersAcct, UserName: "alice", PolicyName: "own", PolicyDocument: allow3})
			},
			probes: []probe{{"alice", "s3:DeleteObject", "ok"}, {"alice", "sqs:ListQueues", CodeAccessDenied}}},
		{name: "delete user policy", reason: "alice's only policy deleted",
			change: func(s *Sim) error {
				return s.DeleteUserPolicy(&DeleteUserPolicyInput{AccountID: usersAcct, UserName: "alice", PolicyName: "OWN"})
			},
			probes: []probe{{"alice", "sqs:ListQueues", CodeAccessDenied}}},
		{name: "attach user policy", reason: "a customer managed policy, then again (no error, no change)",
			change: func(s *Sim) error {
				if err := s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "carol", PolicyArn: delARN}); err != nil {
					return err
				}
				return s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "carol", PolicyArn: delARN})
			},
			probes: []probe{{"carol", "s3:DeleteObject", "ok"}, {"bob", "s3:DeleteObject", CodeAccessDenied}}},
		{name: "attach AWS managed policy", reason: "an AWS managed policy the scenario defines",
			change: func(s *Sim) error {
				return s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "carol", PolicyArn: "arn:aws:iam::aws:policy/AWSList"})
			},
			probes: []probe{{"carol", "s3:ListBucket", "ok"}}},
		{name: "detach user policy", reason: "attached, then detached",
			change: func(s *Sim) error {
				if err := s.AttachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "carol", PolicyArn: delARN}); err != nil {
					return err
				}
				return s.DetachUserPolicy(&UserPolicyARNInput{AccountID: usersAcct, UserName: "carol", PolicyArn: delARN})
			},
			probes: []probe{{"carol", "s3:DeleteObject", CodeAccessDenied}}},
		{name: "put group policy", reason: "a group's new inline deny binds its member bob at once",
			change: func(s *Sim) error {
				return s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: usersAcct, GroupName: "devs", PolicyName: "Deny",
					PolicyDocument: `{"Statement": {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}}`})
			},
			probes: []probe{{"bob", "s3:GetObject", CodeAccessDenied}, {"bob", "s3:PutObject", "ok"}}},
		{name: "delete group policy", reason: "Devs' Read deleted: bob keeps Ops' Put",
			change: func(s *Sim) error {
				return s.DeleteGroupPolicy(&DeleteGroupPolicyInput{AccountID: usersAcct, GroupName: "Devs", PolicyName: "read"})
			},
			probes: []probe{{"bob", "s3:GetObject", CodeAccessDenied}, {"bob", "s3:PutObject", "ok"}}},
		{name: "detach group policy", reason: "Ops' Put detached",
			change: func(s *Sim) error {
				return s.DetachGroupPolicy(&GroupPolicyARNInput{AccountID: usersAcct, GroupName: "Ops", PolicyArn: putARN})
			},
			probes: []probe{{"bob", "s3:PutObject", CodeAccessDenied}, {"bob", "s3:GetObject", "ok"}}},
		{name: "attach group policy", reason: "a managed policy attached to Devs",
			change: func(s *Sim) error {
				return s.AttachGroupPolicy(&GroupPolicyARNInput{AccountID: usersAcct, GroupName: "Devs", PolicyArn: delARN})
			},
			probes: []probe{{"bob", "s3:DeleteObject", "ok"}, {"carol", "s3:DeleteObject", CodeAccessDenied}}},
		{name: "add user to group", reason: "carol joins Devs (and joining again is no error)",
			change: func(s *Sim) error {
				if err := s.AddUserToGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "DEVS", UserName: "carol"}); err != nil {
					return err
				}
				return s.AddUserToGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Devs", UserName: "carol"})
			},
			probes: []probe{{"carol", "s3:GetObject", "ok"}}},
		{name: "remove user from group", reason: "bob leaves Devs (and leaving again is no error)",
			change: func(s *Sim) error {
				if err := s.RemoveUserFromGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Devs", UserName: "bob"}); err != nil {
					return err
				}
				return s.RemoveUserFromGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Devs", UserName: "bob"})
			},
			probes: []probe{{"bob", "s3:GetObject", CodeAccessDenied}, {"bob", "s3:PutObject", "ok"}}},
		{name: "a later group change reaches a new member", reason: "carol joins Ops; then Ops gets Del",
			change: func(s *Sim) error {
				if err := s.AddUserToGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Empty", UserName: "carol"}); err != nil {
					return err
				}
				return s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: usersAcct, GroupName: "Empty", PolicyName: "All", PolicyDocument: allow3})
			},
			probes: []probe{{"carol", "s3:DeleteObject", "ok"}, {"bob", "s3:DeleteObject", CodeAccessDenied}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newUsersSim(t)
			sessions := map[string]Credentials{}
			for _, u := range []string{"alice", "bob", "carol"} {
				key := userCreds(t, s, "arn:aws:iam::111111111111:user/"+u)
				out, err := s.GetSessionToken(key, &GetSessionTokenInput{})
				if err != nil {
					t.Fatal(err)
				}
				sessions[u] = out.Credentials
			}
			if err := tt.change(s); err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if len(tt.probes) == 0 {
				t.Fatal("no probes")
			}
			for _, p := range tt.probes {
				if got := usersCall(t, s, "arn:aws:iam::111111111111:user/"+p.user, p.action); got != p.want {
					t.Errorf("%s: %s's key, %s: got %q, want %q", tt.reason, p.user, p.action, got, p.want)
				}
				if got := callCode(s, sessions[p.user], p.action); got != p.want {
					t.Errorf("%s: %s's earlier GetSessionToken session, %s: got %q, want %q", tt.reason, p.user, p.action, got, p.want)
				}
			}
		})
	}
}

// TestAccessKeyStates checks what an Inactive or deleted key refuses (every
// request signed with it, STS ones included, with InvalidClientTokenId and
// its message) and what it leaves alone (sessions obtained with it before,
// other users' keys), and that Active restores an inactive key.
func TestAccessKeyStates(t *testing.T) {
	tests := []struct {
		name, reason string
		change       func(s *Sim) error
		refused      bool // the key's own requests are refused afterwards
	}{
		{name: "inactive", reason: "an Inactive key cannot be used",
			change: func(s *Sim) error {
				return s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "bob", AccessKeyID: mustKey("bob"), Status: StatusInactive})
			},
			refused: true},
		{name: "inactive twice", reason: "setting the status it has is no error",
			change: func(s *Sim) error {
				for range 2 {
					if err := s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "Bob", Status: StatusInactive, ownKey: true}); err != nil {
						return err
					}
				}
				return nil
			},
			refused: true},
		{name: "active again", reason: "Active restores an inactive key",
			change: func(s *Sim) error {
				if err := s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "bob", Status: StatusInactive, ownKey: true}); err != nil {
					return err
				}
				s.World() // hand the world out: the next change copies it
				return s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "bob", Status: StatusActive, ownKey: true})
			}},
		{name: "deleted", reason: "a deleted key cannot be used",
			change: func(s *Sim) error {
				return s.DeleteAccessKey(&DeleteAccessKeyInput{AccountID: usersAcct, UserName: "bob", AccessKeyID: mustKey("bob")})
			},
			refused: true},
		{name: "deleted after a copy", reason: "the key stays deleted when a later change copies the world",
			change: func(s *Sim) error {
				if err := s.DeleteAccessKey(&DeleteAccessKeyInput{AccountID: usersAcct, UserName: "bob", ownKey: true}); err != nil {
					return err
				}
				s.World()
				return s.PutUserPolicy(&PutUserPolicyInput{AccountID: usersAcct, UserName: "carol", PolicyName: "P", PolicyDocument: allow3})
			},
			refused: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newUsersSim(t)
			bob := userCreds(t, s, usersBobARN)
			if bob.AccessKeyID != mustKey("bob") {
				t.Fatalf("bob's key is %s, want %s", bob.AccessKeyID, mustKey("bob"))
			}
			sts, err := s.GetSessionToken(bob, &GetSessionTokenInput{})
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.change(s); err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if again := userCreds(t, s, usersBobARN); again != bob {
				t.Errorf("%s: UserCredentials returns %v, want the key as it was %v", tt.reason, again, bob)
			}
			requests := map[string]func() error{
				"GetCallerIdentity": func() error { return secondErr(s.GetCallerIdentity(bob)) },
				"GetSessionToken":   func() error { return secondErr(s.GetSessionToken(bob, &GetSessionTokenInput{})) },
				"GetFederationToken": func() error {
					return secondErr(s.GetFederationToken(bob, &GetFederationTokenInput{Name: String("fed")}))
				},
				"AssumeRole": func() error {
					return secondErr(s.AssumeRole(bob, &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/None"), RoleSessionName: String("x")}))
				},
				"Call": func() error {
					return secondErr(s.Call(bob, &CallInput{Action: "sqs:ListQueues", Resource: "*"}))
				},
			}
			for _, name := range sortedMapKeys(requests) {
				err := requests[name]()
				var e *Error
				isInvalid := errors.As(err, &e) && e.Code == CodeInvalidClientTokenID
				if tt.refused {
					if !isInvalid || e.HTTPStatus != 403 || e.Message != "The security token included in the request is invalid." {
						t.Errorf("%s: %s with the key: got %v, want InvalidClientTokenId (403) \"The security token included in the request is invalid.\"", tt.reason, name, err)
					}
				} else if isInvalid {
					t.Errorf("%s: %s with the key: got %v, want it accepted", tt.reason, name, err)
				}
			}
			// A console sign-in stands for the user's password: the key's
			// state does not matter, the secret still does.
			if out, err := s.ConsoleSignIn(bob, &ConsoleSignInInput{}); err != nil || out.Session.User == nil || out.Session.User.ARN != usersBobARN {
				t.Errorf("%s: console sign-in: %v, want bob signed in whatever his key's state", tt.reason, err)
			}
			wrong := bob
			wrong.SecretAccessKey = "not-the-secret"
			if got := code(secondErr(s.ConsoleSignIn(wrong, &ConsoleSignInInput{}))); got != "SignatureDoesNotMatch" {
				t.Errorf("%s: console sign-in with a wrong secret: got %q, want SignatureDoesNotMatch", tt.reason, got)
			}
			if got := callCode(s, sts.Credentials, "s3:GetObject"); got != "ok" {
				t.Errorf("%s: the session obtained with the key before: got %q, want ok (still valid)", tt.reason, got)
			}
			if id, err := s.GetCallerIdentity(sts.Credentials); err != nil || id.Arn != usersBobARN {
				t.Errorf("%s: the earlier session's identity: %v %v", tt.reason, id, err)
			}
			if got := usersCall(t, s, usersCarolARN, "sqs:ListQueues"); got != CodeAccessDenied {
				t.Errorf("%s: another user's key: got %q, want AccessDenied (its own permissions)", tt.reason, got)
			}
		})
	}
}

// TestUserChangesLiveInTheWorld checks that group membership, policies and
// key states are part of the World: a Sim started from a World another Sim
// handed out sees them, and the Sim the World was first given to does not.
func TestUserChangesLiveInTheWorld(t *testing.T) {
	s := newUsersSim(t)
	shared := s.world
	changes := []error{
		s.AddUserToGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Devs", UserName: "carol"}),
		s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: usersAcct, GroupName: "Devs", PolicyName: "Del",
			PolicyDocument: `{"Statement": {"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "*"}}`}),
		s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: usersAcct, UserName: "alice", Status: StatusInactive, ownKey: true}),
	}
	for i, err := range changes {
		if err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
	}
	next := New(s.World(), NewFakeClock(scenarioStart))
	first := New(shared, NewFakeClock(scenarioStart))
	tests := []struct {
		name, reason string
		sim          *Sim
		user, action string
		want         Code
	}{
		{"member", "carol's membership and Devs' new policy came along", next, usersCarolARN, "s3:DeleteObject", "ok"},
		{"old member", "bob is still in Devs and gets its new policy", next, usersBobARN, "s3:DeleteObject", "ok"},
		{"key", "alice's key stays inactive", next, usersAliceARN, "sqs:ListQueues", "InvalidClientTokenId"},
		{"untouched", "the World the first Sim was given has none of it", first, usersCarolARN, "s3:DeleteObject", CodeAccessDenied},
		{"untouched key", "nor alice's inactive key", first, usersAliceARN, "sqs:ListQueues", "ok"},
	}
	for _, tt := range tests {
		if got := usersCall(t, tt.sim, tt.user, tt.action); got != tt.want {
			t.Errorf("%s: %s: got %q, want %q", tt.name, tt.reason, got, tt.want)
		}
	}
	// A further change on next copies next's world, leaving s's alone.
	view := newWorldDumper()
	before := view.dump(s.world)
	if err := next.RemoveUserFromGroup(&GroupMembershipInput{AccountID: usersAcct, GroupName: "Devs", UserName: "carol"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, view.dump(s.world)); diff != "" {
		t.Errorf("a change on a Sim started from a handed-out World changed the Sim that handed it out:\n%s", diff)
	}
	if got := usersCall(t, s, usersCarolARN, "s3:DeleteObject"); got != "ok" {
		t.Errorf("carol in the first changing Sim: got %q, want ok", got)
	}
}

// TestUserChangeSteps runs the change steps through the runner: their
// IAM parameters reach the operations, access_key_id left out names the
// user's key, and each outcome is checked against the step's expect.
func TestUserChangeSteps(t *testing.T) {
	src := usersWorld + `
steps:
  - id: sts
    get_session_token: {as: "` + usersBobARN + `"}
  - put_user_policy: {account: "111111111111", user_name: carol, policy_name: S3, policy_document: {Statement: {Effect: Allow, Action: "s3:*", Resource: "*"}}}
  - {call: {as: "` + usersCarolARN + `", action: s3:DeleteObject, resource: "arn:aws:s3:::b/k"}}
  - delete_user_policy: {account: "111111111111", user_name: carol, policy_name: S3}
  - attach_user_policy: {account: "111111111111", user_name: carol, policy_arn: "` + delARN + `"}
  - {call: {as: "` + usersCarolARN + `", action: s3:DeleteObject, resource: "arn:aws:s3:::b/k"}}
  - detach_user_policy: {account: "111111111111", user_name: carol, policy_arn: "` + delARN + `"}
  - {call: {as: "` + usersCarolARN + `", action: s3:DeleteObject, resource: "arn:aws:s3:::b/k"}, expect: {error: AccessDenied}}
  - put_group_policy: {account: "111111111111", group_name: Devs, policy_name: D, policy_document: '{"Statement": {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}}'}
  - {call: {as: sts, action: s3:GetObject, resource: "arn:aws:s3:::b/k"}, expect: {error: AccessDenied, deny: explicit}}
  - delete_group_policy: {account: "111111111111", group_name: Devs, policy_name: D}
  - attach_group_policy: {account: "111111111111", group_name: Devs, policy_arn: "` + delARN + `"}
  - {call: {as: sts, action: s3:DeleteObject, resource: "arn:aws:s3:::b/k"}}
  - detach_group_policy: {account: "111111111111", group_name: Devs, policy_arn: "` + delARN + `"}
  - remove_user_from_group: {account: "111111111111", group_name: Devs, user_name: bob}
  - {call: {as: sts, action: s3:GetObject, resource: "arn:aws:s3:::b/k"}, expect: {error: AccessDenied}}
  - add_user_to_group: {account: "111111111111", group_name: Devs, user_name: bob}
  - {call: {as: sts, action: s3:GetObject, resource: "arn:aws:s3:::b/k"}}
  - update_access_key: {account: "111111111111", user_name: bob, status: Inactive}
  - {whoami: "` + usersBobARN + `", expect: {error: InvalidClientTokenId, message: "The security token included in the request is invalid."}}
  - {whoami: sts, expect: {arn: "` + usersBobARN + `"}}
  - update_access_key: {account: "111111111111", user_name: bob, access_key_id: ` + mustKey("bob") + `, status: Active}
  - {whoami: "` + usersBobARN + `", expect: {arn: "` + usersBobARN + `"}}
  - update_access_key: {account: "111111111111", user_name: bob, access_key_id: AKIAIOSFODNN7EXAMPLE, status: Active}
    expect: {error: NoSuchEntity, message: "The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found."}
  - delete_access_key: {account: "111111111111", user_name: bob}
  - {get_session_token: {as: "` + usersBobARN + `"}, expect: {error: InvalidClientTokenId}}
  - delete_access_key: {account: "111111111111", user_name: bob, access_key_id: ` + mustKey("bob") + `}
    expect: {error: NoSuchEntity, message: "The Access Key with id ` + mustKey("bob") + ` cannot be found."}
`
	sc, err := scenario.Parse("users.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Steps) != len(sc.Steps) || len(res.Steps) < 27 {
		t.Fatalf("%d results for %d steps", len(res.Steps), len(sc.Steps))
	}
	for _, r := range res.Steps {
		if !r.Pass {
			t.Errorf("step %s (%s) failed: %v", r.Step.ID, r.Step.Kind, r.Problems)
		}
	}
}
