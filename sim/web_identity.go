package sim

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// AssumeRoleWithWebIdentityInput is the sts:AssumeRoleWithWebIdentity
// request, shaped like the AWS SDK's (nil pointers are absent parameters).
// It is not signed: the OIDC token identifies the caller.
type AssumeRoleWithWebIdentityInput struct {
	RoleArn          *string
	RoleSessionName  *string
	WebIdentityToken *string
	ProviderID       *string
	PolicyArns       []string
	Policy           *string
	DurationSeconds  *int32
	// Trace asks for the decision trace.
	Trace bool

	sessionPolicy       *policy.Policy
	sessionPolicyErrors policy.Errors
	sessionPolicyFile   string
}

// AssumeRoleWithWebIdentityOutput is the sts:AssumeRoleWithWebIdentity
// response, plus rolesim's extras (Session, Trace).
type AssumeRoleWithWebIdentityOutput struct {
	Credentials                 Credentials
	SubjectFromWebIdentityToken string
	AssumedRoleUser             AssumedRoleUser
	PackedPolicySize            *int32
	// Provider is the token's issuer (its iss claim).
	Provider string
	// Audience is the token's audience (the client id) that matched.
	Audience       string
	SourceIdentity *string

	Session *Session
	Trace   *Trace
}

// Error codes of the federation operations.
const (
	CodeInvalidIdentityToken Code = "InvalidIdentityToken"
	CodeExpiredTokenExc      Code = "ExpiredTokenException"
)

// AWS's claim and attribute names for session tags and source identity.
const (
	claimTags           = "https://aws.amazon.com/tags"
	claimSourceIdentity = "https://aws.amazon.com/source_identity"
)

// builtinOIDC are the identity providers STS knows without an IAM OIDC
// provider; a trust policy names them by host.
var builtinOIDC = []string{"accounts.google.com", "cognito-identity.amazonaws.com", "graph.facebook.com", "www.amazon.com"}

// customClaimIssuers are the providers whose further claims STS checks in
// trust policies (January 2026), by host prefix.
var customClaimIssuers = []string{"token.actions.githubusercontent.com", "accounts.google.com", "oidc.circleci.com/"}

// registeredClaims are claims never offered as custom condition keys, in
// any case: condition keys ignore case, so a claim "SUB" would replace the
// token's sub (and "oaud" Google's original audience) in the request.
var registeredClaims = []string{"iss", "aud", "sub", "exp", "iat", "nbf", "jti", "amr", "azp", "auth_time", "oaud", claimTags, claimSourceIdentity}

// jwtAlgs are the signing algorithms STS accepts.
var jwtAlgs = []string{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"}

func invalidToken(msg string) *Error {
	return &Error{Code: CodeInvalidIdentityToken, HTTPStatus: 400, Message: msg}
}

const msgNotJWT = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"

// AssumeRoleWithWebIdentity exchanges an OIDC token for a role session. The
// token's issuer must be an OIDC provider declared in the role's account
// (or one of the providers STS knows), its audience one of the provider's
// client ids, and it must not have expired; the role's trust policy must
// allow sts:AssumeRoleWithWebIdentity for Principal {"Federated": provider}
// with the provider's condition keys (<host>:aud, :sub, :amr, ...). The
// session lasts 900 seconds up to the role's MaxSessionDuration; it is not
// role chaining, but an AssumeRole made with it is.
func (s *Sim) AssumeRoleWithWebIdentity(in *AssumeRoleWithWebIdentityInput) (*AssumeRoleWithWebIdentityOutput, error) {
	return serve(s, in.Trace, func(now time.Time, tr *Trace) (*AssumeRoleWithWebIdentityOutput, *Error) {
		return s.assumeRoleWithWebIdentity(in, now, tr)
	})
}

// jwtClaims is a decoded token payload.
type jwtClaims map[string]any

func (c jwtClaims) str(name string) (string, bool) {
	s, ok := c[name].(string)
	return s, ok
}

// strs reads a claim that is a string or a list of strings.
func (c jwtClaims) strs(name string) []string {
	switch v := c[name].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// epoch reads a NumericDate claim as whole seconds, rounded up (a token
// whose exp is 100.5 is still valid at 100), and clamped to the int64
// range (float-to-int conversion of larger values is not portable).
func (c jwtClaims) epoch(name string) (int64, bool) {
	n, ok := c[name].(json.Number)
	if !ok {
		return 0, false
	}
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, false
	}
	switch f = math.Ceil(f); {
	case f >= math.MaxInt64:
		return math.MaxInt64, true
	case f <= math.MinInt64:
		return math.MinInt64, true
	}
	return int64(f), true
}

// decodeJWT splits a compact JWS and decodes its header and payload.
func decodeJWT(tok string) (jwtClaims, *Error) {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, invalidToken(msgNotJWT)
	}
	var header jwtClaims
	if !decodeSegment(parts[0], &header) {
		return nil, invalidToken(msgNotJWT)
	}
	alg, _ := header.str("alg")
	if !containsString(jwtAlgs, alg) {
		return nil, invalidToken(msgNotJWT)
	}
	var claims jwtClaims
	if !decodeSegment(parts[1], &claims) || claims == nil {
		return nil, invalidToken(msgNotJWT)
	}
	return claims, nil
}

func decodeSegment(seg string, into *jwtClaims) bool {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(into) != nil {
		return false
	}
	_, err = dec.Token() // one JSON value, then nothing: not even a stray ] or }
	return err == io.EOF
}

func containsString(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func (s *Sim) assumeRoleWithWebIdentity(in *AssumeRoleWithWebIdentityInput, now time.Time, tr *Trace) (*AssumeRoleWithWebIdentityOutput, *Error) {
	var v validator
	v.str("roleArn", in.RoleArn, true, 20, 2048, csArn)
	v.str("roleSessionName", in.RoleSessionName, true, 2, 64, csSessionName)
	v.str("webIdentityToken", in.WebIdentityToken, true, 4, 20000, csArn)
	v.str("providerId", in.ProviderID, false, 4, 2048, csArn)
	for i := range in.PolicyArns {
		v.str("policyArns."+strconv.Itoa(i+1)+".member.arn", &in.PolicyArns[i], true, 20, 2048, csArn)
	}
	v.list("policyArns", len(in.PolicyArns), maxPolicyArns)
	v.str("policy", in.Policy, false, 1, maxSessionPolicyChars, csPolicy)
	v.intRange("durationSeconds", in.DurationSeconds, minDuration, maxDuration)
	if len(v.vs) > 0 {
		return nil, schemaError(v.vs)
	}
	roleARN := *in.RoleArn
	ra, ok := arn.ParseRoleARN(roleARN)
	if !ok {
		return nil, validationError(roleARN + " is invalid")
	}
	// No credentials sign it: the request counts against the rate quota of
	// the role's account.
	if err := s.takeSTSToken(ra.Account, now); err != nil {
		return nil, err
	}

	// The token: shape, issuer and provider, audience, expiry.
	claims, err := decodeJWT(*in.WebIdentityToken)
	if err != nil {
		return nil, err
	}
	iss, ok := claims.str("iss")
	if !ok || iss == "" {
		return nil, invalidToken(msgNotJWT)
	}
	// The issuer is a provider's URL, https:// included; Google also
	// writes its own without the scheme.
	host, ok := strings.CutPrefix(iss, "https://")
	if !ok && iss != "accounts.google.com" {
		return nil, invalidToken("No OpenIDConnect provider found in your account for " + iss)
	}
	providerARN := oidcProviderARN(ra.Account, host)
	prov := s.world.oidc[providerARN]
	federated := providerARN
	if prov == nil {
		if !containsString(builtinOIDC, host) {
			return nil, invalidToken("No OpenIDConnect provider found in your account for " + iss)
		}
		federated = host
		tr.note(host + " is an identity provider STS knows without an IAM OIDC provider; trust policies name it by host")
	}
	auds := claims.strs("aud")
	if len(auds) == 0 {
		return nil, invalidToken("Missing a required claim: aud")
	}
	audience := auds[0]
	if azp, ok := claims.str("azp"); ok && host == "accounts.google.com" {
		audience = azp
	}
	if prov != nil {
		audience = ""
		for _, a := range auds {
			if containsString(prov.ClientIDs, a) {
				audience = a
				break
			}
		}
		if audience == "" {
			tr.note("the token's audience " + strings.Join(auds, ", ") + " is not a client id of " + prov.ARN)
			return nil, invalidToken("Incorrect token audience")
		}
	}
	sub, ok := claims.str("sub")
	if !ok || sub == "" {
		return nil, invalidToken("Missing a required claim: sub")
	}
	exp, ok := claims.epoch("exp")
	if !ok {
		return nil, invalidToken("Missing a required claim: exp")
	}
	if now.Unix() >= exp {
		return nil, &Error{Code: CodeExpiredTokenExc, HTTPStatus: 400,
			Message: "Token expired: current date/time " + strconv.FormatInt(now.Unix(), 10) + " must be before the expiration date/time " + strconv.FormatInt(exp, 10)}
	}

	role := s.world.roles[roleARN]
	notAuthorized := func(action string, rs *Reason) *Error {
		return &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: "Not authorized to perform " + action, Reason: rs}
	}
	if role == nil {
		tr.note("no role has the ARN " + roleARN)
		return nil, notAuthorized("sts:AssumeRoleWithWebIdentity", &Reason{Action: "sts:AssumeRoleWithWebIdentity", Resource: roleARN, Kind: KindTrustPolicy, Decision: policy.ImplicitDeny, Detail: "the role does not exist"})
	}
	duration, derr := firstHopDuration(role, in.DurationSeconds, tr)
	if derr != nil {
		return nil, derr
	}
	sessionPolicies, perr := s.firstHopSessionPolicies("sts:AssumeRoleWithWebIdentity", role, in.Policy, in.sessionPolicy, in.sessionPolicyErrors, in.sessionPolicyFile, in.PolicyArns)
	if perr != nil {
		return nil, perr
	}
	tags, transitive, terr := oidcTags(claims)
	if terr != nil {
		return nil, terr
	}
	sourceIdentity := ""
	if si, ok := claims[claimSourceIdentity]; ok {
		str, _ := si.(string)
		var sv validator
		sv.str("sourceIdentity", &str, false, 2, maxSourceIdentity, csSessionName)
		if len(sv.vs) > 0 {
			return nil, schemaError(sv.vs)
		}
		sourceIdentity = str
	}

	// Authorization.
	ctx := s.firstHopContext(role, now, *in.RoleSessionName)
	ctx.Set(host+":aud", audience)
	if host == "accounts.google.com" {
		ctx.Set(host+":oaud", auds...)
	}
	ctx.Set(host+":sub", sub)
	if azp, ok := claims.str("azp"); ok {
		ctx.Set(host+":azp", azp)
	}
	amr := claims.strs("amr")
	if amr != nil {
		ctx.Set(host+":amr", amr...)
	}
	ctx.Set("aws:FederatedProvider", federated)
	if s.world.Settings.OIDCCustomClaims && customClaims(host) {
		for _, k := range sortedClaimNames(claims) {
			if vals := claims.strs(k); vals != nil {
				ctx.Set(host+":"+k, vals...)
			}
		}
	}
	setFirstHopTags(ctx, tags, transitive, sourceIdentity)
	caller := &principalInfo{kind: principalService, arn: federated, pol: policy.Principal{Federated: federated}}
	r := authzRequest{action: "sts:AssumeRoleWithWebIdentity", resource: role.ARN, resourceAccount: role.Account, resourcePolicy: role.Trust, trust: true, caller: caller, ctx: ctx}
	if rs := s.authorizeFirstHop(&r, len(tags) > 0, sourceIdentity != "", tr); rs != nil {
		return nil, notAuthorized(rs.Action, rs)
	}

	sess := &Session{
		Kind: SessionWebIdentity, Role: role, Name: *in.RoleSessionName, CallerARN: federated,
		SessionPolicies: sessionPolicies, Tags: tags, TransitiveTagKeys: transitive, SourceIdentity: sourceIdentity,
		Provider:      federated,
		FederatedKeys: []ContextKey{{Key: host + ":aud", Values: []string{audience}}, {Key: host + ":sub", Values: []string{sub}}},
	}
	if amr != nil {
		sess.FederatedKeys = append(sess.FederatedKeys, ContextKey{Key: host + ":amr", Values: amr})
	}
	out := &AssumeRoleWithWebIdentityOutput{SubjectFromWebIdentityToken: sub, Provider: iss, Audience: audience, Session: sess}
	if in.ProviderID != nil {
		out.Provider = *in.ProviderID
	}
	if size, ok, perr := firstHopPacked(in.Policy, in.PolicyArns, tags); perr != nil {
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

func customClaims(host string) bool {
	for _, p := range customClaimIssuers {
		if host == p || strings.HasPrefix(host, p) || strings.HasPrefix(host, p+"/") {
			return true
		}
	}
	return false
}

func sortedClaimNames(c jwtClaims) []string {
	out := make([]string, 0, len(c))
	for k := range c {
		registered := false
		for _, r := range registeredClaims {
			registered = registered || strings.EqualFold(k, r)
		}
		if !registered {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// oidcTags reads the https://aws.amazon.com/tags claim:
// {"principal_tags": {"K": ["v"]}, "transitive_tag_keys": ["K"]}.
func oidcTags(c jwtClaims) ([]scenario.Tag, []string, *Error) {
	raw, ok := c[claimTags]
	if !ok {
		return nil, nil, nil
	}
	obj, ok := raw.(map[string]any)
	if !ok {
		return nil, nil, invalidToken("The " + claimTags + " claim must be an object (simulator wording)")
	}
	var tags []Tag
	if pt, ok := obj["principal_tags"].(map[string]any); ok {
		keys := make([]string, 0, len(pt))
		for k := range pt {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			vals, ok := pt[k].([]any)
			if !ok || len(vals) != 1 {
				return nil, nil, invalidToken("Session tag " + k + " must have exactly one value (simulator wording)")
			}
			val, _ := vals[0].(string)
			tags = append(tags, Tag{Key: k, Value: val})
		}
	}
	var transitive []string
	if tk, ok := obj["transitive_tag_keys"].([]any); ok {
		for _, k := range tk {
			if s, ok := k.(string); ok {
				transitive = append(transitive, s)
			}
		}
	}
	out, err := checkFirstHopTags(tags, transitive)
	if err != nil {
		return nil, nil, err
	}
	return out, transitive, nil
}

// firstHopSessionPolicies compiles the inline session policy and resolves
// the managed ones (in the role's account).
func (s *Sim) firstHopSessionPolicies(action string, role *Role, text *string, doc *policy.Policy, errs policy.Errors, file string, arns []string) ([]*PolicyRef, *Error) {
	var out []*PolicyRef
	if text != nil {
		if doc == nil && len(errs) == 0 {
			doc, errs = policy.CompileJSON(*text, policy.KindIdentity)
		}
		if len(errs) > 0 {
			return nil, &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: errs[0].Message}
		}
		out = append(out, &PolicyRef{Kind: KindSessionPolicy, Name: "inline session policy", File: file, Doc: doc})
	}
	for _, pa := range arns {
		ref := s.sessionManagedPolicy(role, pa)
		if ref == nil {
			return nil, &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: "Not authorized to perform " + action,
				Reason: &Reason{Action: action, Resource: role.ARN, Kind: KindSessionPolicy, Decision: policy.ImplicitDeny, Detail: "managed session policy " + pa + " does not exist in the role's account"}}
		}
		out = append(out, ref)
	}
	return out, nil
}

// firstHopContext builds the request context of a first hop made without
// an AWS caller: the role's keys, the time, the request's common keys and
// sts:RoleSessionName.
func (s *Sim) firstHopContext(role *Role, now time.Time, sessionName string) *policy.Context {
	ctx := &s.reqCtx
	ctx.Reset()
	rc := s.roleContext(role)
	rc.Parent = nil
	ctx.Parent = rc
	s.setTimeKeys(ctx, now)
	setCommonKeys(ctx, s.world)
	ctx.Set("sts:RoleSessionName", sessionName)
	return ctx
}

// authorizeFirstHop authorizes a federated first hop's action, then
// sts:TagSession when the identity provider passes tags and
// sts:SetSourceIdentity when it passes a source identity.
func (s *Sim) authorizeFirstHop(r *authzRequest, tags, sourceIdentity bool, tr *Trace) *Reason {
	if rs := s.authorizeTrust(r, true, tr); rs != nil {
		return rs
	}
	if tags {
		r.action = "sts:TagSession"
		if rs := s.authorizeTrust(r, true, tr); rs != nil {
			return rs
		}
	}
	if sourceIdentity {
		r.action = "sts:SetSourceIdentity"
		if rs := s.authorizeTrust(r, true, tr); rs != nil {
			return rs
		}
	}
	return nil
}

// firstHopPacked computes PackedPolicySize when session policies or tags
// were passed.
func firstHopPacked(text *string, arns []string, tags []scenario.Tag) (int32, bool, *Error) {
	if text == nil && len(arns) == 0 && len(tags) == 0 {
		return 0, false, nil
	}
	in := &AssumeRoleInput{Policy: text, PolicyArns: arns}
	for _, t := range tags {
		in.Tags = append(in.Tags, Tag{Key: t.Key, Value: t.Value})
	}
	size := packedPolicySize(in, nil)
	if size > 100 {
		return 0, false, packedTooLarge(in, nil, size)
	}
	return size, true, nil
}
