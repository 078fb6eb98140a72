package sim

import (
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// Tag is a session tag, as the STS API's Tag type.
type Tag struct {
	Key   string
	Value string
}

// AssumeRoleInput is the sts:AssumeRole request, shaped like the AWS SDK's
// (nil pointers are absent parameters).
type AssumeRoleInput struct {
	RoleArn           *string
	RoleSessionName   *string
	DurationSeconds   *int32
	Policy            *string
	PolicyArns        []string
	Tags              []Tag
	TransitiveTagKeys []string
	ExternalID        *string
	SerialNumber      *string
	TokenCode         *string
	SourceIdentity    *string

	// Trace asks for the decision trace in the output (or in the error's
	// Reason path); it costs allocations, so it is off by default.
	Trace bool

	// compiled session policy handed over by the runner (already compiled
	// at load); when nil, Policy is compiled at request time.
	sessionPolicy       *policy.Policy
	sessionPolicyErrors policy.Errors
	sessionPolicyFile   string
}

// AssumedRoleUser identifies the new session.
type AssumedRoleUser struct {
	Arn           string
	AssumedRoleID string
}

// AssumeRoleOutput is the sts:AssumeRole response, plus rolesim's extras
// (Chained, Session, Trace).
type AssumeRoleOutput struct {
	Credentials      Credentials
	AssumedRoleUser  AssumedRoleUser
	PackedPolicySize *int32
	SourceIdentity   *string

	// Chained tells whether the call was role chaining.
	Chained bool
	// Session is the issued session.
	Session *Session
	// Trace is the decision trace, when the input asked for it.
	Trace *Trace
}

// String returns a pointer to s, for building inputs.
func String(s string) *string { return &s }

// Int32 returns a pointer to n, for building inputs.
func Int32(n int32) *int32 { return &n }

// Limits the AssumeRole API enforces.
const (
	maxSessionPolicyChars = 2048
	maxPolicyArns         = 10
	maxSessionTags        = 50
)

const (
	patSessionName    = `[\w+=,.@-]*`
	patExternalID     = `[\w+=,.@:\/-]*`
	patSerialNumber   = `[\w+=/:,.@-]*`
	patTokenCode      = `[\d]*`
	patSourceIdentity = `[\w+=,.@-]*`
	patTagKey         = `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`
	patTagValue       = `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`
	patArn            = `[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+`
	patPolicy         = `[\u0009\u000A\u000D\u0020-\u00FF]+`
)

// AssumeRole makes an sts:AssumeRole request with the given credentials.
// Failures are *Error values with AWS's code and message; authorization
// failures carry a Reason.
func (s *Sim) AssumeRole(creds Credentials, in *AssumeRoleInput) (*AssumeRoleOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	if err := clockError(now); err != nil {
		return nil, err
	}
	var tr *Trace
	if in.Trace {
		tr = &Trace{}
	}
	out, err := s.assumeRole(creds, in, now, tr)
	if err != nil {
		if tr != nil {
			err.Trace = tr
		}
		return nil, err
	}
	out.Trace = tr
	return out, nil
}

func (s *Sim) assumeRole(creds Credentials, in *AssumeRoleInput, now time.Time, tr *Trace) (*AssumeRoleOutput, *Error) {
	c, err := s.stsCaller(creds, now)
	if err != nil {
		return nil, err
	}
	if c.kind == principalRoot {
		return nil, &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: "Roles may not be assumed by root accounts.",
			Reason: &Reason{Action: "sts:AssumeRole", Kind: KindIdentityPolicy, Decision: policy.ImplicitDeny, Detail: "the root user cannot call AssumeRole"}}
	}
	if err := refuseCaller(c, "AssumeRole"); err != nil {
		return nil, err
	}
	if err := validateAssumeRole(in); err != nil {
		durationOutsideRange(in.DurationSeconds, minDuration, maxDuration, defaultDuration, tr)
		return nil, err
	}
	roleARN := *in.RoleArn
	if s.world.roles[roleARN] == nil && !validRoleARN(roleARN) {
		return nil, validationError(roleARN + " is invalid")
	}

	// Session policy: inline document and managed ARNs.
	var sessionPolicies []*PolicyRef
	if in.Policy != nil {
		doc, errs := in.sessionPolicy, in.sessionPolicyErrors
		if doc == nil && len(errs) == 0 {
			doc, errs = policy.CompileJSON(*in.Policy, policy.KindIdentity)
		}
		if len(errs) > 0 {
			return nil, &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: errs[0].Message}
		}
		sessionPolicies = append(sessionPolicies, &PolicyRef{Kind: KindSessionPolicy, Name: "inline session policy", File: in.sessionPolicyFile, Doc: doc})
	}

	role := s.world.roles[roleARN]
	callerARN := c.arn
	accessDenied := func(action string, rs *Reason) *Error {
		return &Error{Code: CodeAccessDenied, HTTPStatus: 403,
			Message: "User: " + callerARN + " is not authorized to perform: " + action + " on resource: " + roleARN, Reason: rs}
	}
	if role == nil {
		tr.note("no role has the ARN " + roleARN + " (AWS answers as for any authorization failure)")
		return nil, accessDenied("sts:AssumeRole", &Reason{Action: "sts:AssumeRole", Resource: roleARN, Kind: KindTrustPolicy, Decision: policy.ImplicitDeny, Detail: "the role does not exist"})
	}
	for _, pa := range in.PolicyArns {
		ref := s.sessionManagedPolicy(role, pa)
		if ref == nil {
			return nil, &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: "User: " + callerARN + " is not authorized to perform: sts:AssumeRole on resource: " + roleARN,
				Reason: &Reason{Action: "sts:AssumeRole", Resource: roleARN, Kind: KindSessionPolicy, Decision: policy.ImplicitDeny, Detail: "managed session policy " + pa + " does not exist in the role's account"}}
		}
		sessionPolicies = append(sessionPolicies, ref)
	}

	// Duration: API range (schema, above), the role's maximum, then the
	// one-hour role-chaining cap (duration.go). Any temporary credentials
	// make it chaining: role sessions of every kind and GetSessionToken
	// credentials (reference §4).
	chained := c.session != nil
	duration, derr := roleSessionDuration(role, in.DurationSeconds, c, tr)
	if derr != nil {
		return nil, derr
	}

	// Tags, transitive tags and source identity.
	var inherited []scenario.Tag
	var inheritedKeys []string
	callerSourceIdentity := ""
	if c.session != nil {
		inherited = c.session.transitiveTags()
		inheritedKeys = c.session.TransitiveTagKeys
		callerSourceIdentity = c.session.SourceIdentity
	}
	if err := checkTags(in, inheritedKeys); err != nil {
		return nil, err
	}
	sourceIdentity := callerSourceIdentity
	if in.SourceIdentity != nil {
		if callerSourceIdentity != "" && *in.SourceIdentity != callerSourceIdentity {
			return nil, validationError("The source identity is already set for this assume role session")
		}
		sourceIdentity = *in.SourceIdentity
	}

	// MFA: SerialNumber and TokenCode count for this request; whether the
	// new session carries MFA context follows the scenario's rule.
	requestMFA := false
	if in.SerialNumber != nil || in.TokenCode != nil {
		if rs := s.verifyMFA(c, in.SerialNumber, in.TokenCode, "sts:AssumeRole", KindTrustPolicy); rs != nil {
			return nil, &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: rs.Detail, Reason: rs}
		}
		requestMFA = true
	}
	mfa, mfaAt := s.roleSessionMFA(c, requestMFA, now)

	// Authorization: sts:SetSourceIdentity first when the request sends a
	// source identity, then sts:AssumeRole, then sts:TagSession when tags
	// are passed or inherited, then sts:SetSourceIdentity when a source
	// identity is inherited. The first refused action is the one the
	// message names: a source identity that fails the trust policy's
	// sts:SourceIdentity condition is refused as sts:SetSourceIdentity,
	// a missing one as sts:AssumeRole (observed, reference §4).
	ctx := s.requestContext(c, now)
	s.fillAssumeRoleContext(ctx, in, role, requestMFA)
	if in.SourceIdentity == nil && callerSourceIdentity != "" {
		// The inherited source identity is the request's too.
		ctx.Set("sts:SourceIdentity", callerSourceIdentity)
	}
	r := authzRequest{action: "sts:AssumeRole", resource: role.ARN, resourceAccount: role.Account, resourcePolicy: role.Trust, trust: true, caller: c, ctx: ctx}
	check := func(action string) *Error {
		r.action = action
		if rs := s.authorize(&r, tr); rs != nil {
			return accessDenied(action, rs)
		}
		return nil
	}
	if in.SourceIdentity != nil {
		if err := check("sts:SetSourceIdentity"); err != nil {
			return nil, err
		}
	}
	if err := check("sts:AssumeRole"); err != nil {
		return nil, err
	}
	if len(in.Tags) > 0 || len(in.TransitiveTagKeys) > 0 || len(inherited) > 0 {
		if err := check("sts:TagSession"); err != nil {
			return nil, err
		}
	}
	if in.SourceIdentity == nil && sourceIdentity != "" {
		if err := check("sts:SetSourceIdentity"); err != nil {
			return nil, err
		}
	}

	// Everything that can refuse the request is checked before the session
	// is issued, so a refused request leaves no session behind.
	var packed *int32
	if in.Policy != nil || len(in.PolicyArns) > 0 || len(in.Tags) > 0 || len(inherited) > 0 {
		size := packedPolicySize(in, inherited)
		if size > 100 {
			return nil, packedTooLarge(in, inherited, size)
		}
		packed = &size
	}

	// Issue the session.
	issued := truncateSecond(now)
	// Fields are set one by one: copying a whole composite literal into the
	// new object would cost a bulk write barrier while the GC runs.
	iss := s.sessChunk.next()
	sess := &iss.Session
	sess.Role = role
	sess.Account = role.Account
	sess.RoleID = role.ID
	sess.Name = *in.RoleSessionName
	sess.IssuedAt = issued
	sess.Expiration = issued.Add(time.Duration(duration) * time.Second)
	sess.Chained = chained
	sess.CallerARN = callerARN
	sess.SessionPolicies = sessionPolicies
	sess.Inherited = inherited
	sess.SourceIdentity = sourceIdentity
	sess.MFA = mfa
	sess.MFAAuthTime = mfaAt
	if len(in.Tags) > 0 {
		sess.Tags = make([]scenario.Tag, len(in.Tags))
		for i, t := range in.Tags {
			sess.Tags[i] = scenario.Tag{Key: t.Key, Value: t.Value}
		}
	}
	if len(inheritedKeys) > 0 || len(in.TransitiveTagKeys) > 0 {
		sess.TransitiveTagKeys = append(append([]string(nil), inheritedKeys...), in.TransitiveTagKeys...)
	}
	s.identifyRoleSession(sess)

	out := &iss.out
	out.Credentials = sess.Credentials
	out.AssumedRoleUser.Arn = sess.ARN
	out.AssumedRoleUser.AssumedRoleID = sess.AssumedRoleID
	out.Chained = chained
	out.Session = sess
	out.PackedPolicySize = packed
	if sourceIdentity != "" {
		out.SourceIdentity = &sess.SourceIdentity
	}
	return out, nil
}

// validRoleARN tells whether s is shaped like a role ARN (an existing
// role's ARN always is, so callers check the world first). The account may
// be any run of digits: STS answers arn:aws:iam::123456789:role/x, which
// names no role, with AccessDenied as for an unknown role, not with
// "... is invalid" (reference §1).
func validRoleARN(s string) bool {
	if _, ok := arn.ParseRoleARN(s); ok {
		return true
	}
	rest, ok := strings.CutPrefix(s, "arn:aws:iam::")
	i := strings.IndexByte(rest, ':')
	if !ok || i <= 0 || i == 12 {
		return false
	}
	for j := 0; j < i; j++ {
		if rest[j] < '0' || rest[j] > '9' {
			return false
		}
	}
	_, ok = arn.ParseRoleARN("arn:aws:iam::000000000000" + rest[i:])
	return ok
}

// issuedSession holds a new session and the response that returned it,
// side by side (and several to an allocation: issue_arena.go).
type issuedSession struct {
	Session
	out AssumeRoleOutput
}

// sessionManagedPolicy resolves a PolicyArns entry: a managed policy of the
// role's account, or an AWS managed policy the scenario defines.
func (s *Sim) sessionManagedPolicy(role *Role, policyARN string) *PolicyRef {
	a, err := arn.Parse(policyARN)
	if err != nil || a.Service != "iam" || (a.Account != role.Account.ID && a.Account != "aws") {
		return nil
	}
	ref := s.world.managed[policyARN]
	if ref == nil {
		return nil
	}
	cp := *ref
	cp.Kind = KindSessionPolicy
	cp.Name = "managed session policy " + policyARN
	return &cp
}

// fillAssumeRoleContext layers the request's condition keys over the role's
// (aws:ResourceAccount, aws:ResourceTag/...) and the caller's.
// aws:ResourceTag is always the role's own tags: inherited transitive tags
// override the new session's principal tags only, so a caller cannot tag its
// way past a guardrail keyed on the role's tags (reference §4).
func (s *Sim) fillAssumeRoleContext(ctx *policy.Context, in *AssumeRoleInput, role *Role, mfa bool) {
	rc := s.roleContext(role)
	rc.Parent = ctx.Parent
	ctx.Parent = rc
	ctx.Set("sts:RoleSessionName", *in.RoleSessionName)
	if in.ExternalID != nil {
		ctx.Set("sts:ExternalId", *in.ExternalID)
	}
	if in.SourceIdentity != nil {
		ctx.Set("sts:SourceIdentity", *in.SourceIdentity)
	}
	if len(in.Tags) > 0 {
		keys := make([]string, len(in.Tags))
		for i, t := range in.Tags {
			ctx.Set("aws:RequestTag/"+t.Key, t.Value)
			keys[i] = t.Key
		}
		ctx.Set("aws:TagKeys", keys...)
	}
	if len(in.TransitiveTagKeys) > 0 {
		ctx.Set("sts:TransitiveTagKeys", in.TransitiveTagKeys...)
	}
	if mfa {
		ctx.Set("aws:MultiFactorAuthPresent", "true")
		ctx.Set("aws:MultiFactorAuthAge", "0")
	}
}

// roleContext returns this simulation's copy of the role's resource keys, so
// that Sims sharing a World never write to the same Context.
func (s *Sim) roleContext(role *Role) *policy.Context {
	rc := s.roleCtx[role]
	if rc == nil {
		rc = &policy.Context{}
		rc.Set("aws:ResourceAccount", role.Account.ID)
		setOrgKeys(rc, s.world, role.Account, "aws:ResourceOrgID", "aws:ResourceOrgPaths")
		for _, t := range role.Tags {
			rc.Set("aws:ResourceTag/"+t.Key, t.Value)
		}
		s.roleCtx[role] = rc
	}
	return rc
}
