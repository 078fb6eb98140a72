package explain

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/scenario"
)

// changeAPIs names the IAM and Organizations operation each change step
// performs.
var changeAPIs = map[scenario.StepKind]string{
	scenario.StepCreateRole:             "iam:CreateRole",
	scenario.StepDeleteRole:             "iam:DeleteRole",
	scenario.StepUpdateRole:             "iam:UpdateRole",
	scenario.StepUpdateAssumeRolePolicy: "iam:UpdateAssumeRolePolicy",
	scenario.StepAttachRolePolicy:       "iam:AttachRolePolicy",
	scenario.StepDetachRolePolicy:       "iam:DetachRolePolicy",
	scenario.StepPutRolePolicy:          "iam:PutRolePolicy",
	scenario.StepDeleteRolePolicy:       "iam:DeleteRolePolicy",
	scenario.StepRevokeRoleSessions:     "iam:PutRolePolicy (revoke the role's active sessions)",
	scenario.StepMoveAccount:            "organizations:MoveAccount",
	scenario.StepAttachPolicy:           "organizations:AttachPolicy",
	scenario.StepDetachPolicy:           "organizations:DetachPolicy",
}

// requestAPIs names the STS operation or sign-in of the step kinds that
// obtain credentials other than by AssumeRole.
var requestAPIs = map[scenario.StepKind]string{
	"get_session_token":             "a GetSessionToken request (sts:GetSessionToken)",
	"get_federation_token":          "a GetFederationToken request (sts:GetFederationToken)",
	"assume_role_with_web_identity": "an AssumeRoleWithWebIdentity request (sts:AssumeRoleWithWebIdentity)",
	"assume_role_with_saml":         "an AssumeRoleWithSAML request (sts:AssumeRoleWithSAML)",
	"service_assume":                "an AWS service assuming a role (sts:AssumeRole)",
	"console_sign_in":               "a sign-in to the AWS Management Console",
	"switch_role":                   "a console role switch (sts:AssumeRole)",
}

// describeOther fills in a step of a kind without a dedicated explanation:
// a change to the world, or another way of getting credentials.
func describeOther(e *Explanation, st *scenario.Step) {
	if api, ok := changeAPIs[st.Kind]; ok {
		e.What = "a change to the world (" + api + ")"
		e.Request = &Request{API: api, Parameters: changeParameters(st.Change)}
		return
	}
	if what, ok := requestAPIs[st.Kind]; ok {
		e.What = what
		return
	}
	e.What = "a " + strings.ReplaceAll(string(st.Kind), "_", " ") + " step"
}

// changeParameters lists the parameters a change step sends.
func changeParameters(c *scenario.ChangeStep) []Parameter {
	if c == nil {
		return nil
	}
	var out []Parameter
	add := func(name, v string) {
		if v != "" {
			out = append(out, Parameter{Name: name, Value: v})
		}
	}
	add("Account", c.Account)
	add("RoleName", c.RoleName)
	if c.Path != nil {
		add("Path", *c.Path)
	}
	if c.Description != nil {
		add("Description", *c.Description)
	}
	if c.MaxSessionDuration != nil {
		add("MaxSessionDuration", strconv.Itoa(*c.MaxSessionDuration))
	}
	add("PolicyArn", c.PolicyArn)
	add("PolicyName", c.PolicyName)
	if c.Document != nil {
		add("PolicyDocument", c.Document.Text)
	}
	for _, t := range c.Tags {
		add("Tags", t.Key+"="+t.Value)
	}
	add("PolicyId", c.PolicyID)
	add("TargetId", c.TargetID)
	add("SourceParentId", c.SourceParentID)
	add("DestinationParentId", c.DestinationParentID)
	return out
}
