package sim

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// This file runs the steps that obtain credentials other than AssumeRole:
// it turns each step into its STS-shaped request, encodes OIDC tokens and
// SAML responses from the claims and attributes the scenario states, and
// records the credentials for later steps.

// credentialStep runs a GetSessionToken, GetFederationToken, service,
// console or federated step.
func (r *runner) credentialStep(st *scenario.Step, res *StepResult) (Observed, error) {
	r.creds[st.ID] = stepCreds{}
	var (
		obs   Observed
		creds Credentials
		sess  *Session
		tr    *Trace
		err   error
	)
	switch st.Kind {
	case scenario.StepGetSessionToken:
		obs, creds, sess, tr, err = r.getSessionToken(st.GetSessionToken)
	case scenario.StepGetFederationToken:
		obs, creds, sess, tr, err = r.getFederationToken(st.GetFederationToken)
	case scenario.StepServiceAssume:
		obs, creds, sess, tr, err = r.serviceAssume(st.ServiceAssume)
	case scenario.StepConsoleSignIn:
		obs, creds, sess, tr, err = r.consoleSignIn(st.ConsoleSignIn)
	case scenario.StepSwitchRole:
		obs, creds, sess, tr, err = r.switchRole(st.SwitchRole)
	case scenario.StepWebIdentity:
		obs, creds, sess, tr, err = r.webIdentity(st.WebIdentity)
	case scenario.StepSAML:
		obs, creds, sess, tr, err = r.saml(st.ID, st.SAML)
	default:
		return Observed{}, errors.New("unknown step kind " + string(st.Kind))
	}
	if err != nil {
		return Observed{}, err
	}
	r.creds[st.ID] = stepCreds{creds: creds, ok: true}
	res.Trace = tr
	res.Issued = sess
	if n, perr := strconv.ParseInt(obs.PackedPolicySize, 10, 32); perr == nil {
		size := int32(n)
		res.PackedPolicySize = &size
	}
	if sess.Role != nil {
		res.Session = sess
	}
	obs.Error = outcomeSuccess
	obs.Expiration = sess.Expiration.UTC().Format(time.RFC3339)
	obs.Duration = sess.Duration().String()
	return obs, nil
}

// rawDuration parses a step's duration_seconds as STS would.
func rawDuration(raw *string) (*int32, error) {
	if raw == nil {
		return nil, nil
	}
	d, err := parseDurationSeconds(*raw)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func refValues(refs []scenario.Ref) []string {
	if refs == nil {
		return nil
	}
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = r.Value
	}
	return out
}

func (r *runner) getSessionToken(g *scenario.GetSessionTokenStep) (Observed, Credentials, *Session, *Trace, error) {
	creds, err := r.credentials(g.As)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	in := &GetSessionTokenInput{SerialNumber: g.SerialNumber, TokenCode: g.TokenCode, Trace: true}
	if in.DurationSeconds, err = rawDuration(g.DurationSeconds); err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	out, err := r.sim.GetSessionToken(creds, in)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	return Observed{}, out.Credentials, out.Session, out.Trace, nil
}

func (r *runner) getFederationToken(g *scenario.GetFederationTokenStep) (Observed, Credentials, *Session, *Trace, error) {
	creds, err := r.credentials(g.As)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	in := &GetFederationTokenInput{Name: g.Name, PolicyArns: refValues(g.PolicyArns), Trace: true}
	if in.DurationSeconds, err = rawDuration(g.DurationSeconds); err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	if p := g.Policy; p != nil {
		in.Policy, in.sessionPolicy, in.sessionPolicyErrors, in.sessionPolicyFile = &p.Text, p.Document, p.Errors, p.Pos.File
	}
	for _, t := range g.Tags {
		in.Tags = append(in.Tags, Tag{Key: t.Key, Value: t.Value})
	}
	out, err := r.sim.GetFederationToken(creds, in)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	obs := Observed{Arn: out.FederatedUser.Arn, UserID: out.FederatedUser.FederatedUserID}
	if out.PackedPolicySize != nil {
		obs.PackedPolicySize = strconv.Itoa(int(*out.PackedPolicySize))
	}
	return obs, out.Credentials, out.Session, out.Trace, nil
}

func (r *runner) serviceAssume(a *scenario.ServiceAssumeStep) (Observed, Credentials, *Session, *Trace, error) {
	in := &AssumeRoleAsServiceInput{Service: a.Service, RoleArn: a.RoleArn, RoleSessionName: a.RoleSessionName,
		SourceArn: a.SourceArn, SourceAccount: a.SourceAccount, Trace: true}
	var err error
	if in.DurationSeconds, err = rawDuration(a.DurationSeconds); err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	out, err := r.sim.AssumeRoleAsService(in)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	return roleObserved(out.AssumedRoleUser, false), out.Credentials, out.Session, out.Trace, nil
}

func roleObserved(u AssumedRoleUser, chained bool) Observed {
	return Observed{Arn: u.Arn, AssumedRoleID: u.AssumedRoleID, Chained: strconv.FormatBool(chained)}
}

func (r *runner) consoleSignIn(c *scenario.ConsoleSignInStep) (Observed, Credentials, *Session, *Trace, error) {
	creds, err := r.credentials(c.As)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	out, err := r.sim.ConsoleSignIn(creds, &ConsoleSignInInput{SerialNumber: c.SerialNumber, TokenCode: c.TokenCode, Trace: true})
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	return Observed{}, out.Credentials, out.Session, out.Trace, nil
}

func (r *runner) switchRole(s *scenario.SwitchRoleStep) (Observed, Credentials, *Session, *Trace, error) {
	creds, err := r.credentials(s.As)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	roleARN := s.RoleArn
	out, err := r.sim.SwitchRole(creds, &SwitchRoleInput{RoleArn: &roleARN, Trace: true})
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	return roleObserved(out.AssumedRoleUser, false), out.Credentials, out.Session, out.Trace, nil
}

func (r *runner) webIdentity(w *scenario.WebIdentityStep) (Observed, Credentials, *Session, *Trace, error) {
	in := &AssumeRoleWithWebIdentityInput{RoleArn: w.RoleArn, RoleSessionName: w.RoleSessionName, ProviderID: w.ProviderID,
		PolicyArns: refValues(w.PolicyArns), Trace: true}
	var err error
	if in.DurationSeconds, err = rawDuration(w.DurationSeconds); err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	if p := w.Policy; p != nil {
		in.Policy, in.sessionPolicy, in.sessionPolicyErrors, in.sessionPolicyFile = &p.Text, p.Document, p.Errors, p.Pos.File
	}
	if w.Token != nil {
		tok := EncodeJWT(w.Token, r.clock.Now())
		in.WebIdentityToken = &tok
	}
	out, err := r.sim.AssumeRoleWithWebIdentity(in)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	obs := roleObserved(out.AssumedRoleUser, false)
	obs.Subject, obs.Provider, obs.Audience = out.SubjectFromWebIdentityToken, out.Provider, out.Audience
	if out.SourceIdentity != nil {
		obs.SourceIdentity = *out.SourceIdentity
	}
	if out.PackedPolicySize != nil {
		obs.PackedPolicySize = strconv.Itoa(int(*out.PackedPolicySize))
	}
	return obs, out.Credentials, out.Session, out.Trace, nil
}

func (r *runner) saml(stepID string, s *scenario.SAMLStep) (Observed, Credentials, *Session, *Trace, error) {
	in := &AssumeRoleWithSAMLInput{RoleArn: s.RoleArn, PrincipalArn: s.PrincipalArn, PolicyArns: refValues(s.PolicyArns), Trace: true}
	var err error
	if in.DurationSeconds, err = rawDuration(s.DurationSeconds); err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	if p := s.Policy; p != nil {
		in.Policy, in.sessionPolicy, in.sessionPolicyErrors, in.sessionPolicyFile = &p.Text, p.Document, p.Errors, p.Pos.File
	}
	if s.Assertion != nil {
		enc := r.encodeSAML(stepID, s)
		in.SAMLAssertion = &enc
	}
	out, err := r.sim.AssumeRoleWithSAML(in)
	if err != nil {
		return Observed{}, Credentials{}, nil, nil, err
	}
	obs := roleObserved(out.AssumedRoleUser, false)
	obs.Subject, obs.SubjectType, obs.Issuer, obs.Audience, obs.NameQualifier = out.Subject, out.SubjectType, out.Issuer, out.Audience, out.NameQualifier
	if out.SourceIdentity != nil {
		obs.SourceIdentity = *out.SourceIdentity
	}
	if out.PackedPolicySize != nil {
		obs.PackedPolicySize = strconv.Itoa(int(*out.PackedPolicySize))
	}
	return obs, out.Credentials, out.Session, out.Trace, nil
}

// EncodeJWT renders a scenario's web identity token as the compact JWT the
// simulator receives: raw text as is; claims as an RS256 JWT whose payload
// gets iat (now) and exp (one hour after iat) when the scenario omits them.
// The signature is a digest, not an RSA signature: rolesim does not model
// key retrieval.
func EncodeJWT(t *scenario.WebIdentityToken, now time.Time) string {
	if t.Raw != nil {
		return *t.Raw
	}
	payload := *t.Claims
	payload.Fields = append([]policy.Field(nil), t.Claims.Fields...)
	iat := now.Unix()
	hasIat, hasExp := false, false
	for _, f := range payload.Fields {
		switch f.Key {
		case "iat":
			hasIat = true
			if f.Value != nil && f.Value.Kind == policy.NodeNumber {
				if n, err := strconv.ParseInt(f.Value.Value, 10, 64); err == nil {
					iat = n
				}
			}
		case "exp":
			hasExp = true
		}
	}
	if !hasIat {
		payload.Fields = append(payload.Fields, policy.Field{Key: "iat", Value: &policy.Node{Kind: policy.NodeNumber, Value: strconv.FormatInt(iat, 10)}})
	}
	if !hasExp {
		payload.Fields = append(payload.Fields, policy.Field{Key: "exp", Value: &policy.Node{Kind: policy.NodeNumber, Value: strconv.FormatInt(iat+3600, 10)}})
	}
	enc := base64.RawURLEncoding
	head := enc.EncodeToString([]byte(`{"alg":"RS256","kid":"rolesim","typ":"JWT"}`)) + "." + enc.EncodeToString([]byte(payload.CompactJSON()))
	sum := sha256.Sum256([]byte(head))
	return head + "." + enc.EncodeToString(sum[:])
}

// encodeSAML renders a scenario's SAML assertion as the base64 SAML 2.0
// response the simulator receives (raw text is sent as is).
func (r *runner) encodeSAML(stepID string, s *scenario.SAMLStep) string {
	a := s.Assertion
	if a.Raw != nil {
		return *a.Raw
	}
	now := r.clock.Now().UTC().Truncate(time.Second)
	var prov *SAMLProvider
	if s.PrincipalArn != nil {
		prov = r.sim.World().SAMLProvider(*s.PrincipalArn)
	}
	issuer := ""
	if prov != nil {
		issuer = prov.Issuer
	}
	if a.Issuer != nil {
		issuer = *a.Issuer
	}
	issued := now
	if a.IssuedAt != nil {
		issued = a.IssuedAt.UTC()
	}
	notAfter := issued.Add(samlRedeemWindow)
	if a.NotOnOrAfter != nil {
		notAfter = a.NotOnOrAfter.UTC()
	}
	format := a.NameIDFormat
	switch format {
	case "", "persistent", "transient", "emailAddress", "unspecified":
		if format == "" {
			format = "persistent"
		}
		format = samlFormatPrefix + format
	}
	recipient := a.Recipient
	if recipient == "" {
		recipient = "https://signin.aws.amazon.com/saml"
	}
	id := "_rolesim-" + stepID
	key := issuer
	if prov != nil {
		key = prov.Issuer
	}
	if a.InvalidSignature {
		key = "a key the provider's metadata does not hold"
	}
	ts := func(t time.Time) string { return t.Format(time.RFC3339) }

	var b strings.Builder
	esc := func(s string) string {
		var e strings.Builder
		_ = xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	b.WriteString(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="` + esc(id) + `" Version="2.0" IssueInstant="` + ts(issued) + `" Destination="` + esc(recipient) + `">`)
	b.WriteString(`<saml:Issuer>` + esc(issuer) + `</saml:Issuer>`)
	head := b.Len() // the signature goes here, once the rest is written
	b.WriteString(`<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`)
	b.WriteString(`<saml:Assertion ID="` + esc(id) + `-assertion" Version="2.0" IssueInstant="` + ts(issued) + `">`)
	b.WriteString(`<saml:Issuer>` + esc(issuer) + `</saml:Issuer>`)
	b.WriteString(`<saml:Subject><saml:NameID Format="` + esc(format) + `">` + esc(a.NameID) + `</saml:NameID>`)
	b.WriteString(`<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="` + ts(notAfter) + `" Recipient="` + esc(recipient) + `"/></saml:SubjectConfirmation></saml:Subject>`)
	b.WriteString(`<saml:Conditions NotBefore="` + ts(issued) + `" NotOnOrAfter="` + ts(notAfter) + `"><saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction></saml:Conditions>`)
	b.WriteString(`<saml:AuthnStatement AuthnInstant="` + ts(issued) + `"`)
	if a.SessionNotOnOrAfter != nil {
		b.WriteString(` SessionNotOnOrAfter="` + ts(a.SessionNotOnOrAfter.UTC()) + `"`)
	}
	b.WriteString(`/>`)
	b.WriteString(`<saml:AttributeStatement>`)
	attr := func(name string, vals ...string) {
		b.WriteString(`<saml:Attribute Name="` + esc(name) + `">`)
		for _, v := range vals {
			b.WriteString(`<saml:AttributeValue>` + esc(v) + `</saml:AttributeValue>`)
		}
		b.WriteString(`</saml:Attribute>`)
	}
	roles := refValues(a.Roles)
	if roles == nil && s.RoleArn != nil && s.PrincipalArn != nil {
		roles = []string{*s.RoleArn + "," + *s.PrincipalArn}
	}
	if roles != nil {
		attr(samlAttrPrefix+"Role", roles...)
	}
	if a.RoleSessionName != nil {
		attr(samlAttrPrefix+"RoleSessionName", *a.RoleSessionName)
	}
	if a.SessionDuration != nil {
		attr(samlAttrPrefix+"SessionDuration", *a.SessionDuration)
	}
	for _, t := range a.PrincipalTags {
		attr(samlAttrPrefix+"PrincipalTag:"+t.Key, t.Value)
	}
	if a.TransitiveTagKeys != nil {
		attr(samlAttrPrefix+"TransitiveTagKeys", refValues(a.TransitiveTagKeys)...)
	}
	if a.SourceIdentity != nil {
		attr(samlAttrPrefix+"SourceIdentity", *a.SourceIdentity)
	}
	for _, at := range a.Attributes {
		attr(at.Name, at.Values...)
	}
	b.WriteString(`</saml:AttributeStatement></saml:Assertion></samlp:Response>`)
	unsigned := b.String()
	signed := unsigned[:head] + `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>` +
		SAMLSignature(key, []byte(unsigned)) + `</ds:SignatureValue></ds:Signature>` + unsigned[head:]
	return base64.StdEncoding.EncodeToString([]byte(signed))
}
