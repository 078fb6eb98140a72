package scenario

import (
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

// This file reads the steps that obtain credentials other than AssumeRole:
// GetSessionToken, GetFederationToken, a service principal's first hop, the
// console's sign-in and Switch Role, and the federated first hops
// AssumeRoleWithWebIdentity and AssumeRoleWithSAML. As for assume steps,
// request parameters are kept as written for the simulator to validate as
// STS does; the loader checks types and references.

// credentialKindNames are the credential step kinds as YAML keys.
var credentialKindNames = []string{
	string(StepGetSessionToken), string(StepGetFederationToken), string(StepServiceAssume),
	string(StepConsoleSignIn), string(StepSwitchRole), string(StepWebIdentity), string(StepSAML),
}

var (
	sessionTokenKeys    = []string{"as", "duration_seconds", "serial_number", "token_code"}
	federationTokenKeys = []string{"as", "name", "duration_seconds", "policy", "policy_arns", "tags"}
	serviceAssumeKeys   = []string{"service", "role_arn", "role_session_name", "instance_id", "duration_seconds", "source_arn", "source_account"}
	consoleSignInKeys   = []string{"as", "serial_number", "token_code"}
	switchRoleKeys      = []string{"as", "role_arn"}
	webIdentityKeys     = []string{"role_arn", "role_session_name", "token", "provider_id", "duration_seconds", "policy", "policy_arns"}
	samlStepKeys        = []string{"role_arn", "principal_arn", "assertion", "duration_seconds", "policy", "policy_arns"}
	samlAssertionKeys   = []string{
		"issuer", "recipient", "name_id", "name_id_format", "issued_at", "not_on_or_after", "session_not_on_or_after",
		"role_session_name", "session_duration", "roles", "principal_tags", "transitive_tag_keys", "source_identity",
		"attributes", "signature",
	}
	// federatedExpectKeys are the response fields of the federated first
	// hops an expect block can check.
	federatedExpectKeys = []string{"subject", "subject_type", "provider", "audience", "issuer", "name_qualifier"}
	// jwtTimeClaims are the claims whose RFC 3339 times become epoch
	// seconds.
	jwtTimeClaims = []string{"exp", "iat", "nbf", "auth_time"}
)

// credentialStep reads the body of a credential step of the given kind.
func (l *loader) credentialStep(s *Step, v *yaml.Node, st *stepState, w *world) {
	switch s.Kind {
	case StepGetSessionToken:
		s.GetSessionToken = l.getSessionToken(v, st, w)
	case StepGetFederationToken:
		s.GetFederationToken = l.getFederationToken(v, st, w)
	case StepServiceAssume:
		s.ServiceAssume = l.serviceAssume(v)
	case StepConsoleSignIn:
		s.ConsoleSignIn = l.consoleSignIn(v, st, w)
	case StepSwitchRole:
		s.SwitchRole = l.switchRole(v, st, w)
	case StepWebIdentity:
		s.WebIdentity = l.webIdentity(v)
	case StepSAML:
		s.SAML = l.samlStep(v)
	}
}

func (l *loader) getSessionToken(n *yaml.Node, st *stepState, w *world) *GetSessionTokenStep {
	f := l.object(n, string(StepGetSessionToken), sessionTokenKeys, "as")
	if f == nil {
		return nil
	}
	g := &GetSessionTokenStep{}
	if v := f.get("as"); v != nil {
		g.As = l.credentials(v, f.path("as"), st, w)
	}
	g.DurationSeconds = l.strPtr(f, "duration_seconds")
	g.SerialNumber = l.strPtr(f, "serial_number")
	g.TokenCode = l.strPtr(f, "token_code")
	return g
}

func (l *loader) getFederationToken(n *yaml.Node, st *stepState, w *world) *GetFederationTokenStep {
	f := l.object(n, string(StepGetFederationToken), federationTokenKeys, "as")
	if f == nil {
		return nil
	}
	g := &GetFederationTokenStep{}
	if v := f.get("as"); v != nil {
		g.As = l.credentials(v, f.path("as"), st, w)
	}
	g.Name = l.strPtr(f, "name")
	g.DurationSeconds = l.strPtr(f, "duration_seconds")
	if v := f.get("policy"); v != nil {
		g.Policy = l.sessionPolicy(v, f.path("policy"))
	}
	g.PolicyArns = l.refs(f, "policy_arns")
	if v := f.get("tags"); v != nil {
		g.Tags = l.tags(v, f.path("tags"), false)
	}
	return g
}

func (l *loader) serviceAssume(n *yaml.Node) *ServiceAssumeStep {
	f := l.object(n, string(StepServiceAssume), serviceAssumeKeys, "service")
	if f == nil {
		return nil
	}
	a := &ServiceAssumeStep{}
	if svc, v := l.str(f, "service"); v != nil {
		a.Service = svc
		if !IsServicePrincipal(svc) {
			l.errf(v, "service_assume.service: %q is not an AWS service principal like ec2.amazonaws.com", svc)
		}
	}
	a.RoleArn = l.strPtr(f, "role_arn")
	a.RoleSessionName = l.strPtr(f, "role_session_name")
	a.DurationSeconds = l.strPtr(f, "duration_seconds")
	a.SourceArn = l.strPtr(f, "source_arn")
	a.SourceAccount = l.strPtr(f, "source_account")
	id, idNode := l.str(f, "instance_id")
	switch {
	case idNode != nil && a.Service != "ec2.amazonaws.com":
		l.errf(idNode, "service_assume.instance_id: only ec2.amazonaws.com assumes roles for EC2 instances")
	case idNode != nil && !isInstanceID(id):
		l.errf(idNode, "service_assume.instance_id: %q is not an EC2 instance id: want i- and 8 or 17 hexadecimal digits", id)
	case idNode != nil && a.RoleSessionName != nil:
		l.errf(f.key("role_session_name"), "service_assume.role_session_name: EC2 names the session after the instance: give instance_id or role_session_name, not both")
	case idNode != nil:
		a.InstanceID = id
		a.RoleSessionName = &a.InstanceID
	case a.RoleSessionName == nil && a.Service == "ec2.amazonaws.com":
		l.errf(n, "service_assume: EC2 names the session after the instance: instance_id is required")
	case a.RoleSessionName == nil:
		l.errf(n, "service_assume: role_session_name is required (the session name the service uses)")
	}
	return a
}

func isInstanceID(s string) bool {
	hex, ok := strings.CutPrefix(s, "i-")
	if !ok || (len(hex) != 8 && len(hex) != 17) {
		return false
	}
	for i := 0; i < len(hex); i++ {
		c := hex[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func (l *loader) consoleSignIn(n *yaml.Node, st *stepState, w *world) *ConsoleSignInStep {
	// console_sign_in: USER-ARN is short for {as: USER-ARN}.
	if n.Kind == yaml.ScalarNode {
		return &ConsoleSignInStep{As: l.credentials(n, string(StepConsoleSignIn), st, w)}
	}
	f := l.object(n, string(StepConsoleSignIn), consoleSignInKeys, "as")
	if f == nil {
		return nil
	}
	c := &ConsoleSignInStep{}
	if v := f.get("as"); v != nil {
		c.As = l.credentials(v, f.path("as"), st, w)
	}
	c.SerialNumber = l.strPtr(f, "serial_number")
	c.TokenCode = l.strPtr(f, "token_code")
	return c
}

func (l *loader) switchRole(n *yaml.Node, st *stepState, w *world) *SwitchRoleStep {
	f := l.object(n, string(StepSwitchRole), switchRoleKeys, "as", "role_arn")
	if f == nil {
		return nil
	}
	s := &SwitchRoleStep{}
	if v := f.get("as"); v != nil {
		s.As = l.credentials(v, f.path("as"), st, w)
	}
	if r, v := l.str(f, "role_arn"); v != nil {
		s.RoleArn = r
		if _, _, _, ok := splitIAMARN(r, "role"); !ok {
			l.errf(v, "switch_role.role_arn: %q is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)", r)
		}
	}
	return s
}

func (l *loader) webIdentity(n *yaml.Node) *WebIdentityStep {
	f := l.object(n, string(StepWebIdentity), webIdentityKeys, "token")
	if f == nil {
		return nil
	}
	s := &WebIdentityStep{}
	s.RoleArn = l.strPtr(f, "role_arn")
	s.RoleSessionName = l.strPtr(f, "role_session_name")
	s.ProviderID = l.strPtr(f, "provider_id")
	s.DurationSeconds = l.strPtr(f, "duration_seconds")
	if v := f.get("policy"); v != nil {
		s.Policy = l.sessionPolicy(v, f.path("policy"))
	}
	s.PolicyArns = l.refs(f, "policy_arns")
	if v := f.get("token"); v != nil {
		s.Token = l.webIdentityToken(v, f.path("token"))
	}
	return s
}

// webIdentityToken reads a token: a string is sent as is; a map is the
// JWT's claims.
func (l *loader) webIdentityToken(n *yaml.Node, path string) *WebIdentityToken {
	t := &WebIdentityToken{Pos: l.pos(n)}
	switch n.Kind {
	case yaml.ScalarNode:
		raw := n.Value
		t.Raw = &raw
		return t
	case yaml.MappingNode:
	default:
		l.typeErr(n, path, "a map of claims or the token text")
		return nil
	}
	claims := l.policyNode(n, path)
	if claims == nil {
		return nil
	}
	for i := range claims.Fields {
		fd := &claims.Fields[i]
		if !containsStr(jwtTimeClaims, fd.Key) || fd.Value.Kind != policy.NodeString {
			continue
		}
		tm, err := time.Parse(time.RFC3339, fd.Value.Value)
		if err != nil {
			l.diags.Add(Pos{File: l.file, Line: fd.Value.Pos.Line, Col: fd.Value.Pos.Col},
				"%s.%s: invalid time %q: want RFC 3339 (converted to epoch seconds) or a number", path, fd.Key, fd.Value.Value)
			continue
		}
		fd.Value = &policy.Node{Kind: policy.NodeNumber, Value: strconv.FormatInt(tm.Unix(), 10), Pos: fd.Value.Pos}
	}
	t.Claims = claims
	return t
}

func containsStr(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func (l *loader) samlStep(n *yaml.Node) *SAMLStep {
	f := l.object(n, string(StepSAML), samlStepKeys, "assertion")
	if f == nil {
		return nil
	}
	s := &SAMLStep{}
	s.RoleArn = l.strPtr(f, "role_arn")
	s.PrincipalArn = l.strPtr(f, "principal_arn")
	s.DurationSeconds = l.strPtr(f, "duration_seconds")
	if v := f.get("policy"); v != nil {
		s.Policy = l.sessionPolicy(v, f.path("policy"))
	}
	s.PolicyArns = l.refs(f, "policy_arns")
	if v := f.get("assertion"); v != nil {
		s.Assertion = l.samlAssertion(v)
	}
	return s
}

// samlAssertion reads an assertion: a string is the SAMLAssertion sent as
// is; a map describes the assertion the runner renders.
func (l *loader) samlAssertion(n *yaml.Node) *SAMLAssertion {
	a := &SAMLAssertion{Pos: l.pos(n)}
	if n.Kind == yaml.ScalarNode {
		raw := n.Value
		a.Raw = &raw
		return a
	}
	f := l.object(n, "assertion", samlAssertionKeys)
	if f == nil {
		return nil
	}
	a.Issuer = l.strPtr(f, "issuer")
	a.Recipient, _ = l.str(f, "recipient")
	a.NameID, _ = l.str(f, "name_id")
	a.NameIDFormat, _ = l.str(f, "name_id_format")
	timeKey := func(key string) *time.Time {
		if v := f.get(key); v != nil {
			if t, ok := l.timestamp(v, f.path(key)); ok {
				return &t
			}
		}
		return nil
	}
	a.IssuedAt = timeKey("issued_at")
	a.NotOnOrAfter = timeKey("not_on_or_after")
	a.SessionNotOnOrAfter = timeKey("session_not_on_or_after")
	a.RoleSessionName = l.strPtr(f, "role_session_name")
	a.SessionDuration = l.strPtr(f, "session_duration")
	a.Roles = l.refs(f, "roles")
	if v := f.get("principal_tags"); v != nil {
		a.PrincipalTags = l.tags(v, f.path("principal_tags"), false)
	}
	a.TransitiveTagKeys = l.refs(f, "transitive_tag_keys")
	a.SourceIdentity = l.strPtr(f, "source_identity")
	if v := f.get("attributes"); v != nil {
		for _, e := range l.entries(v, f.path("attributes")) {
			at := SAMLAttribute{Pos: l.pos(e.key), Name: e.key.Value}
			p := f.path("attributes") + "." + e.key.Value
			switch {
			case e.val.Kind == yaml.SequenceNode:
				for i, it := range e.val.Content {
					if l.scalar(it, itemPath(p, i)) != nil {
						at.Values = append(at.Values, it.Value)
					}
				}
			case l.scalar(e.val, p) != nil:
				at.Values = []string{e.val.Value}
			}
			a.Attributes = append(a.Attributes, at)
		}
	}
	if sig, v := l.str(f, "signature"); v != nil {
		switch sig {
		case "valid":
		case "invalid":
			a.InvalidSignature = true
		default:
			l.errf(v, "assertion.signature: must be valid or invalid, got %q", sig)
		}
	}
	return a
}

// expectFederated reads the expect keys of the federated first hops.
func (l *loader) expectFederated(f *fields, e *Expect) {
	e.Subject = l.strPtr(f, "subject")
	e.SubjectType = l.strPtr(f, "subject_type")
	e.Provider = l.strPtr(f, "provider")
	e.Audience = l.strPtr(f, "audience")
	e.Issuer = l.strPtr(f, "issuer")
	e.NameQualifier = l.strPtr(f, "name_qualifier")
}
