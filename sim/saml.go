package sim

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/xml"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// AssumeRoleWithSAMLInput is the sts:AssumeRoleWithSAML request, shaped like
// the AWS SDK's. It is not signed: the IdP's signed SAML response
// identifies the caller. The session name comes from the assertion's
// RoleSessionName attribute.
type AssumeRoleWithSAMLInput struct {
	RoleArn *string
	// PrincipalArn is the SAML provider's ARN.
	PrincipalArn *string
	// SAMLAssertion is the base64-encoded SAML response.
	SAMLAssertion   *string
	PolicyArns      []string
	Policy          *string
	DurationSeconds *int32
	// Trace asks for the decision trace.
	Trace bool

	sessionPolicy       *policy.Policy
	sessionPolicyErrors policy.Errors
	sessionPolicyFile   string
}

// AssumeRoleWithSAMLOutput is the sts:AssumeRoleWithSAML response, plus
// rolesim's extras (Session, Trace).
type AssumeRoleWithSAMLOutput struct {
	Credentials      Credentials
	AssumedRoleUser  AssumedRoleUser
	PackedPolicySize *int32
	// Subject is the NameID; SubjectType its format (persistent, transient
	// or the format URI).
	Subject     string
	SubjectType string
	Issuer      string
	// Audience is the subject confirmation's Recipient (SAML:aud).
	Audience string
	// NameQualifier is BASE64(SHA1(Issuer + ACCOUNT + "/" + provider name)).
	NameQualifier  string
	SourceIdentity *string

	Session *Session
	Trace   *Trace
}

// SAML names.
const (
	samlAttrPrefix     = "https://aws.amazon.com/SAML/Attributes/"
	samlFormatPrefix   = "urn:oasis:names:tc:SAML:2.0:nameid-format:"
	samlRedeemWindow   = 5 * time.Minute
	samlAssertionMax   = 100000
	samlSignatureLabel = "rolesim-saml-signature|"
)

// samlResponse is the part of a SAML 2.0 response STS reads. Elements are
// matched by local name, whatever their namespace prefix.
type samlResponse struct {
	XMLName      xml.Name `xml:"Response"`
	ID           string   `xml:"ID,attr"`
	IssueInstant string   `xml:"IssueInstant,attr"`
	Signature    string   `xml:"Signature>SignatureValue"`
	Assertion    struct {
		Issuer  string `xml:"Issuer"`
		Subject struct {
			NameID struct {
				Format string `xml:"Format,attr"`
				Value  string `xml:",chardata"`
			} `xml:"NameID"`
			Confirmation struct {
				Recipient    string `xml:"Recipient,attr"`
				NotOnOrAfter string `xml:"NotOnOrAfter,attr"`
			} `xml:"SubjectConfirmation>SubjectConfirmationData"`
		} `xml:"Subject"`
		Authn struct {
			SessionNotOnOrAfter string `xml:"SessionNotOnOrAfter,attr"`
		} `xml:"AuthnStatement"`
		Attributes []struct {
			Name   string   `xml:"Name,attr"`
			Values []string `xml:"AttributeValue"`
		} `xml:"AttributeStatement>Attribute"`
	} `xml:"Assertion"`
}

func (r *samlResponse) attr(name string) ([]string, bool) {
	for _, a := range r.Assertion.Attributes {
		if a.Name == name {
			return a.Values, true
		}
	}
	return nil, false
}

// SAMLSignature is the signature value rolesim's simulated IdP puts on a
// SAML response, keyed by the IdP's issuer (its entity id): a stand-in for
// an enveloped XML signature, which rolesim does not model. unsigned is
// the response's bytes exactly as sent, with its one Signature element
// (the Response's child, from its start tag to its end tag) cut out: the
// signature covers everything else, byte for byte, so an assertion whose
// attributes, times or role list were changed after signing no longer
// verifies. (Real XML signatures canonicalise first and tolerate some
// whitespace and attribute-order changes; rolesim tolerates none, the
// reading that never accepts more.)
func SAMLSignature(issuer string, unsigned []byte) string {
	h := sha256.New()
	h.Write([]byte(samlSignatureLabel + issuer + "|"))
	h.Write(unsigned)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

// samlUnsigned returns raw without the byte span of its Signature
// element: the content SAMLSignature covers.
func samlUnsigned(raw []byte, shape samlShape) []byte {
	out := make([]byte, 0, int64(len(raw))-(shape.sigEnd-shape.sigStart))
	out = append(out, raw[:shape.sigStart]...)
	return append(out, raw[shape.sigEnd:]...)
}

// NameQualifier is the SAML:namequalifier of a SAML provider:
// BASE64(SHA1(issuer + account + "/" + provider name)).
func NameQualifier(issuer, account, providerName string) string {
	sum := sha1.Sum([]byte(issuer + account + "/" + providerName))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// AssumeRoleWithSAML exchanges a SAML response from a SAML provider
// declared in the role's account for a role session. The response must be
// signed by the provider's IdP, redeemed within five minutes of issue, name
// a session (RoleSessionName attribute) and list the role and provider
// pair in its Role attribute (a response with two signatures, assertions
// or AuthnStatements, or a repeated attribute, is refused: it would say
// two things); the trust policy must allow
// sts:AssumeRoleWithSAML for Principal {"Federated": provider ARN}, with
// the SAML: condition keys. The session lasts up to the role's maximum,
// shortened by the SessionDuration attribute and SessionNotOnOrAfter. A
// NotOnOrAfter or SessionNotOnOrAfter that is present must be a date and
// time: an expiry that cannot be read is refused, never ignored.
func (s *Sim) AssumeRoleWithSAML(in *AssumeRoleWithSAMLInput) (*AssumeRoleWithSAMLOutput, error) {
	return serve(s, in.Trace, func(now time.Time, tr *Trace) (*AssumeRoleWithSAMLOutput, *Error) {
		return s.assumeRoleWithSAML(in, now, tr)
	})
}

func (s *Sim) assumeRoleWithSAML(in *AssumeRoleWithSAMLInput, now time.Time, tr *Trace) (*AssumeRoleWithSAMLOutput, *Error) {
	var v validator
	v.str("roleArn", in.RoleArn, true, 20, 2048, csArn)
	v.str("principalArn", in.PrincipalArn, true, 20, 2048, csArn)
	v.str("sAMLAssertion", in.SAMLAssertion, true, 4, samlAssertionMax, csArn)
	for i := range in.PolicyArns {
		v.str("policyArns."+strconv.Itoa(i+1)+".member.arn", &in.PolicyArns[i], true, 20, 2048, csArn)
	}
	v.list("policyArns", len(in.PolicyArns), maxPolicyArns)
	v.str("policy", in.Policy, false, 1, maxSessionPolicyChars, csPolicy)
	v.intRange("durationSeconds", in.DurationSeconds, minDuration, maxDuration)
	if len(v.vs) > 0 {
		return nil, schemaError(v.vs)
	}
	roleARN, providerARN := *in.RoleArn, *in.PrincipalArn
	ra, ok := arn.ParseRoleARN(roleARN)
	if !ok {
		return nil, validationError(roleARN + " is invalid")
	}
	if !isSAMLProviderARN(providerARN) {
		return nil, validationError(providerARN + " is invalid")
	}
	// No credentials sign it: the request counts against the rate quota of
	// the role's account.
	if err := s.takeSTSToken(ra.Account, now); err != nil {
		return nil, err
	}
	notAuthorized := func(action string, rs *Reason) *Error {
		return &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: "Not authorized to perform " + action, Reason: rs}
	}
	deny := func(detail string) *Error {
		return notAuthorized("sts:AssumeRoleWithSAML", &Reason{Action: "sts:AssumeRoleWithSAML", Resource: roleARN, Kind: KindTrustPolicy, Decision: policy.ImplicitDeny, Detail: detail})
	}

	// The response: encoding, provider and signature, freshness.
	raw, err := base64.StdEncoding.DecodeString(*in.SAMLAssertion)
	if err != nil {
		return nil, invalidToken("Invalid base64 SAMLResponse (check that your input is base64 encoded) (simulator wording)")
	}
	var resp samlResponse
	shape, wellFormed := samlShapeOf(raw)
	if err := xml.Unmarshal(raw, &resp); err != nil || !wellFormed {
		return nil, invalidToken("Invalid SAML response: not a SAML 2.0 Response (simulator wording)")
	}
	prov := s.world.saml[providerARN]
	if prov == nil {
		tr.note("no SAML provider has the ARN " + providerARN)
		return nil, deny("the SAML provider " + providerARN + " does not exist")
	}
	if shape.signatures != 1 || shape.values != 1 || resp.Signature != SAMLSignature(prov.Issuer, samlUnsigned(raw, shape)) {
		tr.note("the response's signature does not verify with the certificate in " + prov.Name + "'s metadata")
		return nil, invalidToken("Response signature invalid")
	}
	if shape.assertions > 1 || shape.authn > 1 {
		return nil, invalidToken("Invalid SAML response: more than one Assertion or AuthnStatement (simulator wording)")
	}
	issued, err := time.Parse(time.RFC3339, resp.IssueInstant)
	if err != nil || now.Sub(issued) > samlRedeemWindow {
		return nil, &Error{Code: CodeExpiredTokenExc, HTTPStatus: 400, Message: "Token must be redeemed within 5 minutes of issuance"}
	}
	if issued.After(now) {
		// Issued in the future: the IdP's clock, or a forged time. AWS
		// documents no tolerance; rolesim allows none.
		return nil, invalidToken("Invalid SAML response: IssueInstant " + resp.IssueInstant + " is after the current time (simulator wording)")
	}
	if na := resp.Assertion.Subject.Confirmation.NotOnOrAfter; na != "" {
		// An expiry that cannot be read has not been met: refuse it.
		t, err := time.Parse(time.RFC3339, na)
		if err != nil {
			return nil, invalidToken("Invalid SAML response: the subject confirmation's NotOnOrAfter is not a date and time (simulator wording)")
		}
		if !now.Before(t) {
			return nil, &Error{Code: CodeExpiredTokenExc, HTTPStatus: 400,
				Message: "Token expired: current date/time " + strconv.FormatInt(now.Unix(), 10) + " must be before the expiration date/time " + strconv.FormatInt(t.Unix(), 10) + " (simulator wording)"}
		}
	}
	names, ok := resp.attr(samlAttrPrefix + "RoleSessionName")
	if !ok || len(names) == 0 {
		return nil, invalidToken("RoleSessionName is required in AuthnResponse")
	}
	sessionName := strings.TrimSpace(names[0])
	var nv validator
	nv.str("roleSessionName", &sessionName, true, 2, 64, csSessionName)
	if len(nv.vs) > 0 {
		return nil, schemaError(nv.vs)
	}
	if !samlListsRole(&resp, roleARN, providerARN) {
		tr.note("the assertion's Role attribute does not list " + roleARN + "," + providerARN)
		return nil, deny("the assertion's Role attribute does not list this role and provider")
	}
	role := s.world.roles[roleARN]
	if role == nil {
		tr.note("no role has the ARN " + roleARN)
		return nil, deny("the role does not exist")
	}

	// Duration: the request (or 3600) within the role's maximum, shortened
	// by the SessionDuration attribute and SessionNotOnOrAfter.
	duration, derr := firstHopDuration(role, in.DurationSeconds, tr)
	if derr != nil {
		return nil, derr
	}
	if vals, ok := resp.attr(samlAttrPrefix + "SessionDuration"); ok && len(vals) > 0 {
		if d, err := strconv.Atoi(strings.TrimSpace(vals[0])); err == nil && d >= minDuration && d < int(duration) {
			tr.note("the SessionDuration attribute (" + vals[0] + "s) shortens the session")
			duration = int32(d)
			tr.shortenDuration(duration)
		}
	}
	if sn := resp.Assertion.Authn.SessionNotOnOrAfter; sn != "" {
		t, err := time.Parse(time.RFC3339, sn)
		if err != nil {
			return nil, invalidToken("Invalid SAML response: SessionNotOnOrAfter is not a date and time (simulator wording)")
		}
		// Whole seconds from the session's issue (now, truncated to the
		// second); Sub saturates, so a far-off instant does not wrap.
		left := t.Sub(now.Truncate(time.Second)) / time.Second
		if left <= 0 {
			return nil, &Error{Code: CodeExpiredTokenExc, HTTPStatus: 400, Message: "The SAML session's SessionNotOnOrAfter has passed (simulator wording)"}
		}
		if left < time.Duration(duration) {
			tr.note("SessionNotOnOrAfter ends the session sooner")
			duration = int32(left)
			tr.shortenDuration(duration)
		}
	}
	sessionPolicies, perr := s.firstHopSessionPolicies("sts:AssumeRoleWithSAML", role, in.Policy, in.sessionPolicy, in.sessionPolicyErrors, in.sessionPolicyFile, in.PolicyArns)
	if perr != nil {
		return nil, perr
	}

	// Tags and source identity from attributes.
	var tags []Tag
	for _, a := range resp.Assertion.Attributes {
		if k, ok := strings.CutPrefix(a.Name, samlAttrPrefix+"PrincipalTag:"); ok {
			val := ""
			if len(a.Values) > 0 {
				val = a.Values[0]
			}
			tags = append(tags, Tag{Key: k, Value: val})
		}
	}
	transitive, _ := resp.attr(samlAttrPrefix + "TransitiveTagKeys")
	sessTags, terr := checkFirstHopTags(tags, transitive)
	if terr != nil {
		return nil, terr
	}
	sourceIdentity := ""
	if vals, ok := resp.attr(samlAttrPrefix + "SourceIdentity"); ok && len(vals) > 0 {
		si := vals[0]
		var sv validator
		sv.str("sourceIdentity", &si, false, 2, maxSourceIdentity, csSessionName)
		if len(sv.vs) > 0 {
			return nil, schemaError(sv.vs)
		}
		sourceIdentity = si
	}

	// Authorization.
	a := resp.Assertion
	issuer := a.Issuer
	subject := a.Subject.NameID.Value
	subjectType := strings.TrimPrefix(a.Subject.NameID.Format, samlFormatPrefix)
	qualifier := NameQualifier(issuer, prov.Account.ID, prov.Name)
	ctx := s.firstHopContext(role, now, sessionName)
	ctx.Set("SAML:aud", a.Subject.Confirmation.Recipient)
	ctx.Set("SAML:iss", issuer)
	ctx.Set("SAML:sub", subject)
	ctx.Set("SAML:sub_type", subjectType)
	ctx.Set("SAML:namequalifier", qualifier)
	ctx.Set("SAML:doc", prov.Account.ID+"/"+prov.Name)
	for _, at := range a.Attributes {
		if !strings.HasPrefix(at.Name, samlAttrPrefix) && isSAMLKeyName(at.Name) {
			ctx.Set("SAML:"+at.Name, at.Values...)
		}
	}
	setFirstHopTags(ctx, sessTags, transitive, sourceIdentity)
	caller := &principalInfo{kind: principalService, arn: prov.ARN, pol: policy.Principal{Federated: prov.ARN}}
	r := authzRequest{action: "sts:AssumeRoleWithSAML", resource: role.ARN, resourceAccount: role.Account, resourcePolicy: role.Trust, trust: true, caller: caller, ctx: ctx}
	if rs := s.authorizeFirstHop(&r, len(sessTags) > 0, sourceIdentity != "", tr); rs != nil {
		return nil, notAuthorized(rs.Action, rs)
	}

	sess := &Session{
		Kind: SessionSAML, Role: role, Name: sessionName, CallerARN: prov.ARN,
		SessionPolicies: sessionPolicies, Tags: sessTags, SourceIdentity: sourceIdentity,
		FederatedKeys: []ContextKey{
			{Key: "SAML:namequalifier", Values: []string{qualifier}},
			{Key: "SAML:sub", Values: []string{subject}},
			{Key: "SAML:sub_type", Values: []string{subjectType}},
		},
	}
	if len(transitive) > 0 {
		sess.TransitiveTagKeys = transitive
	}
	out := &AssumeRoleWithSAMLOutput{Subject: subject, SubjectType: subjectType, Issuer: issuer,
		Audience: a.Subject.Confirmation.Recipient, NameQualifier: qualifier, Session: sess}
	if size, ok, perr := firstHopPacked(in.Policy, in.PolicyArns, sessTags); perr != nil {
		return nil, perr
	} else if ok {
		out.PackedPolicySize = &size
	}
	s.issueRoleSession(sess, now, duration)
	out.Credentials = sess.Credentials
	out.AssumedRoleUser = AssumedRoleUser{Arn: sess.ARN, AssumedRoleID: sess.AssumedRoleID}
	if sourceIdentity != "" {
		out.SourceIdentity = &sess.SourceIdentity
	}
	return out, nil
}

// samlShape counts the elements of a response that must not repeat, since
// the decoder keeps only the last of each: the Signature elements of the
// Response, their SignatureValues, the Assertions, and the Assertion's
// AuthnStatements (a response that holds two of them says two things, and
// its signature would vouch for either).
type samlShape struct {
	signatures, values, assertions, authn int
	// sigStart and sigEnd are the byte span of the (last) Signature
	// element, start tag to end tag.
	sigStart, sigEnd int64
}

// samlShapeOf reads the first element of a response, as xml.Unmarshal
// does, and counts what samlShape counts. wellFormed is false when the
// element does not end, or an element names an attribute twice (by local
// name, as the decoder matches them: it would keep the last; namespace
// declarations aside).
func samlShapeOf(raw []byte) (shape samlShape, wellFormed bool) {
	dec := xml.NewDecoder(bytes.NewReader(raw))
	var path []string
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return shape, false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			for i, a := range t.Attr {
				for _, b := range t.Attr[:i] {
					if a.Name.Local == b.Name.Local && !isXMLNS(a.Name) && !isXMLNS(b.Name) {
						return shape, false
					}
				}
			}
			path = append(path, t.Name.Local)
			switch {
			case len(path) == 2 && path[1] == "Signature":
				shape.signatures++
				shape.sigStart = off
			case len(path) == 3 && path[1] == "Signature" && path[2] == "SignatureValue":
				shape.values++
			case len(path) == 2 && path[1] == "Assertion":
				shape.assertions++
			case len(path) == 3 && path[1] == "Assertion" && path[2] == "AuthnStatement":
				shape.authn++
			}
		case xml.EndElement:
			if len(path) == 2 && path[1] == "Signature" {
				shape.sigEnd = dec.InputOffset()
			}
			path = path[:len(path)-1]
			if len(path) == 0 {
				return shape, true
			}
		}
	}
}

// isXMLNS tells whether an attribute declares a namespace.
func isXMLNS(n xml.Name) bool { return n.Space == "xmlns" || n.Space == "" && n.Local == "xmlns" }

// samlListsRole tells whether the assertion's Role attribute has the pair
// "role ARN,provider ARN" (in either order).
func samlListsRole(r *samlResponse, roleARN, providerARN string) bool {
	vals, _ := r.attr(samlAttrPrefix + "Role")
	for _, v := range vals {
		a, b, ok := strings.Cut(strings.TrimSpace(v), ",")
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if ok && ((a == roleARN && b == providerARN) || (a == providerARN && b == roleARN)) {
			return true
		}
	}
	return false
}

func isSAMLProviderARN(s string) bool {
	a, err := arn.Parse(s)
	if err != nil || a.Service != "iam" {
		return false
	}
	name, ok := strings.CutPrefix(a.Resource, "saml-provider/")
	return ok && name != "" && !strings.Contains(name, "/")
}

// isSAMLKeyName tells whether an attribute name can follow "SAML:" in a
// condition key (a plain name such as mail or eduPersonAffiliation).
func isSAMLKeyName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWord(s[i]) {
			return false
		}
	}
	return true
}
