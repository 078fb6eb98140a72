package sim

import (
	"errors"
	"testing"
)

// FuzzChanges sends arbitrary parameters to the world-change operations of
// the Go API: each must answer with nil or an *Error carrying an AWS code,
// never panic, and leave the Sim able to serve AssumeRole.
func FuzzChanges(f *testing.F) {
	f.Add(uint8(0), "App", `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}}`, "Prod")
	f.Add(uint8(1), "bad name", `{"Statement": [`, "ou-nowhere")
	f.Add(uint8(2), "App", `{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`, "arn:aws:iam::222222222222:policy/Read")
	f.Add(uint8(3), "App", "", "222222222222")
	f.Add(uint8(4), "", "\x00", "Root/Prod/../")
	f.Add(uint8(5), "App", `{"Version": "2012-10-17"}`, "DenyAll")
	f.Add(uint8(6), "App", "null", "Jail")
	f.Add(uint8(7), "App", "{}", "arn:aws:iam::aws:policy/x")
	f.Fuzz(func(t *testing.T, op uint8, name, doc, target string) {
		_, sims, creds := newChangesSim(t, changesWorld)
		s := sims[0]
		const acct = "222222222222"
		var err error
		switch op % 12 {
		case 0:
			_, err = s.CreateRole(&CreateRoleInput{AccountID: acct, RoleName: name, Path: &target, AssumeRolePolicyDocument: doc})
		case 1:
			err = s.UpdateAssumeRolePolicy(&UpdateAssumeRolePolicyInput{AccountID: acct, RoleName: name, PolicyDocument: doc})
		case 2:
			err = s.PutRolePolicy(&PutRolePolicyInput{AccountID: acct, RoleName: name, PolicyName: target, PolicyDocument: doc})
		case 3:
			err = s.AttachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: name, PolicyArn: target})
		case 4:
			err = s.DetachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: name, PolicyArn: target})
		case 5:
			err = s.DeleteRolePolicy(&DeleteRolePolicyInput{AccountID: acct, RoleName: name, PolicyName: target})
		case 6:
			err = s.DeleteRole(&DeleteRoleInput{AccountID: target, RoleName: name})
		case 7:
			d := int32(len(doc) * 1000)
			err = s.UpdateRole(&UpdateRoleInput{AccountID: acct, RoleName: name, MaxSessionDuration: &d, Description: &doc})
		case 8:
			_, err = s.RevokeRoleSessions(&RevokeRoleSessionsInput{AccountID: acct, RoleName: name})
		case 9:
			err = s.MoveAccount(&MoveAccountInput{AccountID: acct, SourceParentID: name, DestinationParentID: target})
		case 10:
			err = s.AttachPolicy(&PolicyTargetInput{PolicyID: name, TargetID: target})
		case 11:
			err = s.DetachPolicy(&PolicyTargetInput{PolicyID: name, TargetID: target})
		}
		var e *Error
		if err != nil && (!errors.As(err, &e) || e.Code == "" || e.HTTPStatus == 0) {
			t.Fatalf("op %d: %v is not an AWS error", op%12, err)
		}
		if _, err := s.GetCallerIdentity(creds[0]); err != nil && ErrorCode(err) != CodeInvalidClientTokenID {
			t.Fatalf("op %d: the Sim no longer serves requests: %v", op%12, err)
		}
	})
}
