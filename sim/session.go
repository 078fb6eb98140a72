package sim

import (
	"strconv"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// Credentials are AWS credentials as STS returns them: an access key id, its
// secret, and for temporary credentials a session token and an expiration.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	Expiration      time.Time // zero for long-term keys
}

// Session is a set of temporary credentials: a role session (AssumeRole,
// AssumeRoleWithWebIdentity, AssumeRoleWithSAML, a service principal or the
// console's Switch Role), or a GetSessionToken, GetFederationToken or
// console sign-in session. Kind tells which.
type Session struct {
	// Role is the assumed role of a role session; nil otherwise.
	Role *Role
	// User is the IAM user a GetSessionToken, GetFederationToken or console
	// session belongs to; nil for role sessions and the root user's.
	User *User
	// Account owns the session's principal: the role's, the user's or the
	// root user's account.
	Account *Account
	// RoleID is the role's unique id when the session was issued.
	RoleID string
	// Name is the RoleSessionName (the federated user's name for
	// GetFederationToken).
	Name string
	// ARN is the identity GetCallerIdentity shows: the assumed-role ARN
	// (arn:aws:sts::ACCT:assumed-role/ROLE/NAME), the federated-user ARN, or
	// the user's or root user's ARN.
	ARN string
	// AssumedRoleID is the session's aws:userid: "<role id>:<session name>",
	// "ACCOUNT:NAME" for a federated user, the user's or account's id.
	AssumedRoleID string
	Credentials   Credentials
	IssuedAt      time.Time
	Expiration    time.Time
	// CallerARN is the ARN of the identity that called AssumeRole.
	CallerARN string
	// SessionPolicies are the inline and managed session policies passed on
	// AssumeRole; nil when none were passed.
	SessionPolicies []*PolicyRef
	// Tags are the session tags passed on AssumeRole; Inherited are the
	// transitive tags inherited from the calling session.
	Tags      []scenario.Tag
	Inherited []scenario.Tag
	// TransitiveTagKeys are the keys that later sessions in the chain
	// inherit: the inherited ones plus those marked transitive on this call.
	TransitiveTagKeys []string
	SourceIdentity    string
	// MFAAuthTime is when the MFA context of the session (see MFA) was
	// established.
	MFAAuthTime time.Time
	// FederatedKeys are the identity provider's condition keys that a web
	// identity or SAML session keeps for its later requests (OIDC amr, aud,
	// sub; SAML namequalifier, sub, sub_type), and Provider its
	// aws:FederatedProvider.
	FederatedKeys []ContextKey
	Provider      string

	// Kind tells what issued the session; the zero value is AssumeRole.
	Kind SessionKind
	// Chained is true when the session was assumed with temporary
	// credentials (role chaining).
	Chained bool
	// MFA tells whether the session carries multi-factor authentication
	// context (aws:MultiFactorAuthPresent true).
	MFA bool
}

// Duration is the session's lifetime, Expiration - IssuedAt.
func (s *Session) Duration() time.Duration { return s.Expiration.Sub(s.IssuedAt) }

// PrincipalTags returns the session's principal tags: session tags and
// inherited transitive tags, then the role's tags (a user's, for
// GetSessionToken and federation sessions) whose keys (compared
// case-insensitively) they do not override.
func (s *Session) PrincipalTags() []scenario.Tag {
	var base []scenario.Tag
	switch {
	case s.Role != nil:
		base = s.Role.Tags
	case s.User != nil:
		// GetSessionToken and federation sessions: the user's tags.
		base = s.User.Tags
	}
	out := make([]scenario.Tag, 0, len(s.Tags)+len(s.Inherited)+len(base))
	out = append(out, s.Inherited...)
	out = append(out, s.Tags...)
	for _, t := range base {
		if !hasTagKey(out, t.Key) {
			out = append(out, t)
		}
	}
	return out
}

func hasTagKey(tags []scenario.Tag, key string) bool {
	for _, t := range tags {
		if equalFoldASCII(t.Key, key) {
			return true
		}
	}
	return false
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// principalKind is the type of identity making a request.
type principalKind uint8

const (
	principalUser principalKind = iota
	principalRoot
	principalSession
	principalFederated // a GetFederationToken session
	principalService   // an AWS service principal acting directly
	// principalExternal is a principal outside the world (an account or
	// ARN a policy names that the world does not declare): only partial
	// evaluation asks about it, taking its own policies as unknown.
	principalExternal
)

// principalInfo is everything evaluation needs about a caller, built once
// per user, root or session.
type principalInfo struct {
	kind    principalKind
	account *Account
	user    *User
	session *Session
	// arn is the caller ARN as AWS prints it in messages and
	// GetCallerIdentity: user ARN (with path), root ARN, or assumed-role ARN.
	arn    string
	userID string
	pol    policy.Principal
	// ctx holds the principal's condition keys (aws:PrincipalArn, ...).
	ctx      *policy.Context
	identity []*PolicyRef
	boundary *PolicyRef
	// sessionPolicies is nil when the principal is not a session or no
	// session policy was passed.
	sessionPolicies []*PolicyRef
}

// setOrgKeys sets the organization keys of an account (aws:PrincipalOrgID
// and aws:PrincipalOrgPaths, or the Resource ones): its own
// organization's; none for an account that belongs to no organization.
func setOrgKeys(ctx *policy.Context, w *World, a *Account, idKey, pathKey string) {
	if a.InOrg() {
		ctx.Set(idKey, a.Org.ID)
		ctx.Set(pathKey, a.OrgPath)
	}
}

func setCommonKeys(ctx *policy.Context, w *World) {
	ctx.Set("aws:RequestedRegion", w.Region)
	ctx.Set("aws:PrincipalIsAWSService", "false")
	ctx.Set("aws:SecureTransport", "true")
	ctx.Set("aws:ViaAWSService", "false")
}

func userPrincipal(w *World, u *User) principalInfo {
	ctx := &policy.Context{}
	ctx.Set("aws:PrincipalArn", u.ARN)
	ctx.Set("aws:PrincipalAccount", u.Account.ID)
	ctx.Set("aws:PrincipalType", "User")
	ctx.Set("aws:userid", u.ID)
	ctx.Set("aws:username", u.Name)
	setOrgKeys(ctx, w, u.Account, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths")
	for _, t := range u.Tags {
		ctx.Set("aws:PrincipalTag/"+t.Key, t.Value)
	}
	setCommonKeys(ctx, w)
	return principalInfo{
		kind:     principalUser,
		account:  u.Account,
		user:     u,
		arn:      u.ARN,
		userID:   u.ID,
		pol:      policy.Principal{Account: u.Account.ID, ARNs: []string{u.ARN}, HasBoundary: u.Boundary != nil},
		ctx:      ctx,
		identity: u.Identity,
		boundary: u.Boundary,
	}
}

func rootPrincipal(w *World, a *Account) *principalInfo {
	ctx := &policy.Context{}
	ctx.Set("aws:PrincipalArn", a.rootARN)
	ctx.Set("aws:PrincipalAccount", a.ID)
	ctx.Set("aws:PrincipalType", "Account")
	ctx.Set("aws:userid", a.ID)
	setOrgKeys(ctx, w, a, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths")
	setCommonKeys(ctx, w)
	return &principalInfo{
		kind:    principalRoot,
		account: a,
		arn:     a.rootARN,
		userID:  a.ID,
		pol:     policy.Principal{Account: a.ID, ARNs: []string{a.rootARN}},
		ctx:     ctx,
	}
}

func sessionPrincipal(w *World, s *Session) *principalInfo {
	if !s.Kind.RoleSession() {
		return credentialPrincipal(w, s)
	}
	r := s.Role
	ctx := &policy.Context{}
	ctx.Set("aws:PrincipalArn", r.ARN)
	ctx.Set("aws:PrincipalAccount", r.Account.ID)
	ctx.Set("aws:PrincipalType", "AssumedRole")
	ctx.Set("aws:userid", s.AssumedRoleID)
	setOrgKeys(ctx, w, r.Account, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths")
	for _, t := range s.PrincipalTags() {
		ctx.Set("aws:PrincipalTag/"+t.Key, t.Value)
	}
	ctx.Set("aws:TokenIssueTime", s.IssuedAt.UTC().Format(time.RFC3339))
	if s.MFA {
		ctx.Set("aws:MultiFactorAuthPresent", "true")
	} else {
		ctx.Set("aws:MultiFactorAuthPresent", "false")
	}
	if s.SourceIdentity != "" {
		ctx.Set("aws:SourceIdentity", s.SourceIdentity)
	}
	for _, k := range s.FederatedKeys {
		ctx.Set(k.Key, k.Values...)
	}
	if s.Provider != "" {
		ctx.Set("aws:FederatedProvider", s.Provider)
	}
	setCommonKeys(ctx, w)
	return &principalInfo{
		kind:            principalSession,
		account:         r.Account,
		session:         s,
		arn:             s.ARN,
		userID:          s.AssumedRoleID,
		pol:             policy.Principal{Account: r.Account.ID, ARNs: []string{r.ARN, s.ARN}, HasBoundary: r.Boundary != nil},
		ctx:             ctx,
		identity:        r.Identity,
		boundary:        r.Boundary,
		sessionPolicies: s.SessionPolicies,
	}
}

// mfaAgeSeconds renders aws:MultiFactorAuthAge.
func mfaAgeSeconds(now, at time.Time) string {
	d := now.Sub(at) / time.Second
	if d < 0 {
		d = 0
	}
	return strconv.FormatInt(int64(d), 10)
}
