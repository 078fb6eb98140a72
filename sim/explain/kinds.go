package explain

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
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
	scenario.StepRevokeRoleSessions:     "iam:PutRolePolicy AWSRevokeOlderSessions",
	scenario.StepMoveAccount:            "organizations:MoveAccount",
	scenario.StepAttachPolicy:           "organizations:AttachPolicy",
	scenario.StepDetachPolicy:           "organizations:DetachPolicy",
	scenario.StepPutUserPolicy:          "iam:PutUserPolicy",
	scenario.StepDeleteUserPolicy:       "iam:DeleteUserPolicy",
	scenario.StepAttachUserPolicy:       "iam:AttachUserPolicy",
	scenario.StepDetachUserPolicy:       "iam:DetachUserPolicy",
	scenario.StepPutGroupPolicy:         "iam:PutGroupPolicy",
	scenario.StepDeleteGroupPolicy:      "iam:DeleteGroupPolicy",
	scenario.StepAttachGroupPolicy:      "iam:AttachGroupPolicy",
	scenario.StepDetachGroupPolicy:      "iam:DetachGroupPolicy",
	scenario.StepAddUserToGroup:         "iam:AddUserToGroup",
	scenario.StepRemoveUserFromGroup:    "iam:RemoveUserFromGroup",
	scenario.StepUpdateAccessKey:        "iam:UpdateAccessKey",
	scenario.StepDeleteAccessKey:        "iam:DeleteAccessKey",
}

// requestAPIs says what the steps that obtain credentials other than by
// AssumeRole are.
var requestAPIs = map[scenario.StepKind]string{
	scenario.StepGetSessionToken:    "a GetSessionToken request (sts:GetSessionToken)",
	scenario.StepGetFederationToken: "a GetFederationToken request (sts:GetFederationToken)",
	scenario.StepWebIdentity:        "an AssumeRoleWithWebIdentity request (sts:AssumeRoleWithWebIdentity)",
	scenario.StepSAML:               "an AssumeRoleWithSAML request (sts:AssumeRoleWithSAML)",
	scenario.StepServiceAssume:      "an AWS service assuming a role (sts:AssumeRole)",
	scenario.StepConsoleSignIn:      "a sign-in to the AWS Management Console",
	scenario.StepSwitchRole:         "a Switch Role in the AWS Management Console (sts:AssumeRole)",
}

// stepWhat says what a step of the kind is.
func stepWhat(k scenario.StepKind) string {
	if w, ok := requestAPIs[k]; ok {
		return w
	}
	if k == scenario.StepAssume {
		return "an AssumeRole request (sts:AssumeRole)"
	}
	return "a " + strings.ReplaceAll(string(k), "_", " ") + " step"
}

// credentialStep explains a step that obtains credentials other than by
// AssumeRole: its parameters, who asks, and the session's duration.
func (x *explainer) credentialStep(e *Explanation, res *sim.StepResult) {
	st := res.Step
	req := &Request{}
	add := func(name string, v *string) {
		if v != nil {
			req.Parameters = append(req.Parameters, Parameter{Name: name, Value: *v})
		}
	}
	str := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	addPolicy := func(p *scenario.SessionPolicy, arns []scenario.Ref) {
		if p != nil {
			add("Policy", &p.Text)
		}
		for _, r := range arns {
			add("PolicyArns", str(r.Value))
		}
	}
	var requested *string
	switch st.Kind {
	case scenario.StepGetSessionToken:
		g := st.GetSessionToken
		req.API = "sts:GetSessionToken"
		add("DurationSeconds", g.DurationSeconds)
		add("SerialNumber", g.SerialNumber)
		add("TokenCode", g.TokenCode)
		e.Caller = x.caller(g.As, res.At)
		requested = g.DurationSeconds
	case scenario.StepGetFederationToken:
		g := st.GetFederationToken
		req.API = "sts:GetFederationToken"
		add("Name", g.Name)
		add("DurationSeconds", g.DurationSeconds)
		addPolicy(g.Policy, g.PolicyArns)
		for _, t := range g.Tags {
			add("Tags", str(t.Key+"="+t.Value))
		}
		e.Caller = x.caller(g.As, res.At)
		requested = g.DurationSeconds
	case scenario.StepServiceAssume:
		a := st.ServiceAssume
		req.API = "sts:AssumeRole"
		if a.RoleArn != nil {
			req.Resource = *a.RoleArn
		}
		add("RoleArn", a.RoleArn)
		add("RoleSessionName", a.RoleSessionName)
		add("DurationSeconds", a.DurationSeconds)
		add("SourceArn", a.SourceArn)
		add("SourceAccount", a.SourceAccount)
		who := "The AWS service " + a.Service + ", assuming the role for a workload it runs"
		if a.InstanceID != "" {
			who += " (EC2 instance " + a.InstanceID + ", which names the session)"
		}
		e.Caller = &Caller{Kind: "service", ARN: a.Service, Text: []string{who + ". It signs the request itself: only the role's trust policy has to allow it."}}
		requested = a.DurationSeconds
	case scenario.StepConsoleSignIn:
		c := st.ConsoleSignIn
		req.API = "console sign-in"
		add("MFA device", c.SerialNumber)
		add("MFA code", c.TokenCode)
		e.Caller = x.caller(c.As, res.At)
	case scenario.StepSwitchRole:
		sw := st.SwitchRole
		req.API, req.Resource = "sts:AssumeRole", sw.RoleArn
		add("RoleArn", str(sw.RoleArn))
		e.Caller = x.caller(sw.As, res.At)
		e.Caller.Chaining = false
	case scenario.StepWebIdentity:
		w := st.WebIdentity
		req.API = "sts:AssumeRoleWithWebIdentity"
		if w.RoleArn != nil {
			req.Resource = *w.RoleArn
		}
		add("RoleArn", w.RoleArn)
		add("RoleSessionName", w.RoleSessionName)
		add("DurationSeconds", w.DurationSeconds)
		add("ProviderId", w.ProviderID)
		addPolicy(w.Policy, w.PolicyArns)
		if w.Token != nil {
			if w.Token.Raw != nil {
				add("WebIdentityToken", w.Token.Raw)
			} else if w.Token.Claims != nil {
				add("WebIdentityToken", str("a JWT with the claims "+w.Token.Claims.CompactJSON()))
			}
		}
		who := "A workload holding an OpenID Connect token"
		if res.Session != nil && res.Session.Provider != "" {
			who += " issued by " + res.Session.Provider
		}
		e.Caller = &Caller{Kind: "web-identity", Text: []string{who + ". No AWS credentials sign the request: the token and the role's trust policy decide."}}
		requested = w.DurationSeconds
	case scenario.StepSAML:
		sm := st.SAML
		req.API = "sts:AssumeRoleWithSAML"
		if sm.RoleArn != nil {
			req.Resource = *sm.RoleArn
		}
		add("RoleArn", sm.RoleArn)
		add("PrincipalArn", sm.PrincipalArn)
		add("DurationSeconds", sm.DurationSeconds)
		addPolicy(sm.Policy, sm.PolicyArns)
		who := "A user holding a SAML assertion"
		if sm.PrincipalArn != nil {
			who += " from the identity provider " + *sm.PrincipalArn
		}
		e.Caller = &Caller{Kind: "saml", Text: []string{who + ". No AWS credentials sign the request: the assertion and the role's trust policy decide."}}
		requested = sm.DurationSeconds
	}
	e.Request = req
	e.Duration = genericDuration(res, requested)
}

// viaKind says, after "by", how a step of the kind obtained a session.
var viaKind = map[scenario.StepKind]string{
	scenario.StepServiceAssume: "an AWS service",
	scenario.StepWebIdentity:   "AssumeRoleWithWebIdentity",
	scenario.StepSAML:          "AssumeRoleWithSAML",
	scenario.StepSwitchRole:    "the console's Switch Role",
}

// genericDuration says how long the session of a credential step lasts.
// Each operation has its own default and limits (the behaviour reference
// lists them, sim/duration.go applies them); the explanation gives what
// was asked and, from the simulator's record (sim.DurationTrace), what was
// issued.
func genericDuration(res *sim.StepResult, requested *string) *Duration {
	d := &Duration{}
	if requested != nil {
		d.Requested = *requested
	}
	var dt *sim.DurationTrace
	if res.Trace != nil {
		dt = res.Trace.Duration
	}
	if dt == nil || res.Err != nil {
		d.Rule = "No session was issued: see the outcome below."
		return d
	}
	d.Effective = int(dt.Effective)
	if res.Step.Kind != scenario.StepServiceAssume {
		d.RoleMax = dt.RoleMax
	}
	d.ChainingCap = int(dt.ChainCap)
	switch {
	case requested != nil && dt.Effective != dt.Requested:
		d.Rule = "DurationSeconds " + *requested + " was asked for, and the credentials last " + sim.FormatDuration(secondsDuration(d.Effective)) + ": this operation's rules shortened the session (see the notes)."
	case requested != nil:
		d.Rule = "DurationSeconds " + *requested + " was within this operation's limits, so the credentials last " + sim.FormatDuration(secondsDuration(d.Effective)) + "."
	default:
		d.Rule = "No DurationSeconds was sent: this operation's default applies, and the credentials last " + sim.FormatDuration(secondsDuration(d.Effective)) + "."
	}
	return d
}

// describeOther fills in a step of a kind without a dedicated explanation:
// a change to the world, or another way of getting credentials.
func describeOther(e *Explanation, st *scenario.Step) {
	if api, ok := changeAPIs[st.Kind]; ok {
		e.What = "a change to the world (" + api + ")"
		if st.Kind == scenario.StepRevokeRoleSessions {
			e.What = "a change to the world: revoking the role's active sessions (" + api + ", a Deny for tokens issued before now)"
		}
		e.Request = &Request{API: api, Parameters: changeParameters(st.Kind, st.Change)}
		return
	}
	e.What = stepWhat(st.Kind)
}

// changeParameters lists the parameters a change step sends.
func changeParameters(kind scenario.StepKind, c *scenario.ChangeStep) []Parameter {
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
	add("GroupName", c.GroupName)
	add("UserName", c.UserName)
	add("PolicyArn", c.PolicyArn)
	add("PolicyName", c.PolicyName)
	switch {
	case c.AccessKeyID != nil:
		add("AccessKeyId", *c.AccessKeyID)
	case kind == scenario.StepUpdateAccessKey || kind == scenario.StepDeleteAccessKey:
		add("AccessKeyId", "(the user's own access key)")
	}
	add("Status", c.Status)
	if c.Document != nil {
		name := "PolicyDocument"
		if kind == scenario.StepCreateRole {
			name = "AssumeRolePolicyDocument"
		}
		add(name, c.Document.Text)
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
