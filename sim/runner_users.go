package sim

import (
	"errors"

	"github.com/rolesim/rolesim/scenario"
)

// userChange applies a world-change step on IAM users, groups and access
// keys (changes_users.go). A step that leaves access_key_id out names the
// user's own access key.
func (r *runner) userChange(kind scenario.StepKind, c *scenario.ChangeStep) error {
	doc, file, text := docParts(c.Document)
	keyID, own := "", c.AccessKeyID == nil
	if !own {
		keyID = *c.AccessKeyID
	}
	switch kind {
	case scenario.StepPutUserPolicy:
		return r.sim.PutUserPolicy(&PutUserPolicyInput{AccountID: c.Account, UserName: c.UserName, PolicyName: c.PolicyName, PolicyDocument: text, doc: doc, docFile: file})
	case scenario.StepDeleteUserPolicy:
		return r.sim.DeleteUserPolicy(&DeleteUserPolicyInput{AccountID: c.Account, UserName: c.UserName, PolicyName: c.PolicyName})
	case scenario.StepAttachUserPolicy:
		return r.sim.AttachUserPolicy(&UserPolicyARNInput{AccountID: c.Account, UserName: c.UserName, PolicyArn: c.PolicyArn})
	case scenario.StepDetachUserPolicy:
		return r.sim.DetachUserPolicy(&UserPolicyARNInput{AccountID: c.Account, UserName: c.UserName, PolicyArn: c.PolicyArn})
	case scenario.StepPutGroupPolicy:
		return r.sim.PutGroupPolicy(&PutGroupPolicyInput{AccountID: c.Account, GroupName: c.GroupName, PolicyName: c.PolicyName, PolicyDocument: text, doc: doc, docFile: file})
	case scenario.StepDeleteGroupPolicy:
		return r.sim.DeleteGroupPolicy(&DeleteGroupPolicyInput{AccountID: c.Account, GroupName: c.GroupName, PolicyName: c.PolicyName})
	case scenario.StepAttachGroupPolicy:
		return r.sim.AttachGroupPolicy(&GroupPolicyARNInput{AccountID: c.Account, GroupName: c.GroupName, PolicyArn: c.PolicyArn})
	case scenario.StepDetachGroupPolicy:
		return r.sim.DetachGroupPolicy(&GroupPolicyARNInput{AccountID: c.Account, GroupName: c.GroupName, PolicyArn: c.PolicyArn})
	case scenario.StepAddUserToGroup:
		return r.sim.AddUserToGroup(&GroupMembershipInput{AccountID: c.Account, GroupName: c.GroupName, UserName: c.UserName})
	case scenario.StepRemoveUserFromGroup:
		return r.sim.RemoveUserFromGroup(&GroupMembershipInput{AccountID: c.Account, GroupName: c.GroupName, UserName: c.UserName})
	case scenario.StepUpdateAccessKey:
		return r.sim.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: c.Account, UserName: c.UserName, AccessKeyID: keyID, Status: c.Status, ownKey: own})
	case scenario.StepDeleteAccessKey:
		return r.sim.DeleteAccessKey(&DeleteAccessKeyInput{AccountID: c.Account, UserName: c.UserName, AccessKeyID: keyID, ownKey: own})
	}
	return errors.New("unknown step kind " + string(kind))
}
