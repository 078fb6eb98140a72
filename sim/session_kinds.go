package sim

import (
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// SessionKind tells which STS operation, console action or service issued a
// Session. The first five kinds are role sessions (principal type
// AssumedRole); the others act as an IAM user, the root user or a federated
// user.
type SessionKind uint8

// Session kinds.
const (
	// SessionAssumeRole: sts:AssumeRole (the zero value).
	SessionAssumeRole SessionKind = iota
	// SessionWebIdentity: sts:AssumeRoleWithWebIdentity.
	SessionWebIdentity
	// SessionSAML: sts:AssumeRoleWithSAML.
	SessionSAML
	// SessionService: an AWS service principal assumed the role for a
	// workload (EC2 instance profile, Lambda, ECS task, ...).
	SessionService
	// SessionSwitchRole: the console's Switch Role.
	SessionSwitchRole
	// SessionToken: sts:GetSessionToken; the credentials act as the IAM user
	// (or root user) that asked for them.
	SessionToken
	// SessionFederation: sts:GetFederationToken; a federated user.
	SessionFederation
	// SessionConsole: a console sign-in of an IAM user or the root user.
	SessionConsole
)

// String names the kind as AWS names the operation.
func (k SessionKind) String() string {
	switch k {
	case SessionAssumeRole:
		return "AssumeRole"
	case SessionWebIdentity:
		return "AssumeRoleWithWebIdentity"
	case SessionSAML:
		return "AssumeRoleWithSAML"
	case SessionService:
		return "service"
	case SessionSwitchRole:
		return "SwitchRole"
	case SessionToken:
		return "GetSessionToken"
	case SessionFederation:
		return "GetFederationToken"
	case SessionConsole:
		return "ConsoleSignIn"
	}
	return "unknown"
}

// RoleSession tells whether sessions of the kind are role sessions.
func (k SessionKind) RoleSession() bool { return k <= SessionSwitchRole }

// credentialPrincipal builds the principal of a session that is not a role
// session: GetSessionToken and console sessions act as their user (or the
// root user) with session keys added; GetFederationToken sessions are
// federated users.
func credentialPrincipal(w *World, s *Session) *principalInfo {
	var p principalInfo
	switch {
	case s.Kind == SessionFederation:
		p = federatedPrincipal(w, s)
	case s.User != nil:
		p = userPrincipal(w, s.User)
	default:
		p = *rootPrincipal(w, s.Account)
	}
	p.session = s
	p.ctx.Set("aws:TokenIssueTime", s.IssuedAt.UTC().Format(time.RFC3339))
	if s.MFA {
		p.ctx.Set("aws:MultiFactorAuthPresent", "true")
	} else {
		p.ctx.Set("aws:MultiFactorAuthPresent", "false")
	}
	return &p
}

// federatedPrincipal is a GetFederationToken session: principal type
// FederatedUser, aws:userid ACCOUNT:NAME, the issuing user's identity
// policies and boundary limited by the session policies. A federated user
// session without a session policy has no permissions, which an empty
// (non-nil) list of session policies expresses.
func federatedPrincipal(w *World, s *Session) principalInfo {
	a := s.Account
	ctx := &policy.Context{}
	ctx.Set("aws:PrincipalArn", s.ARN)
	ctx.Set("aws:PrincipalAccount", a.ID)
	ctx.Set("aws:PrincipalType", "FederatedUser")
	ctx.Set("aws:userid", s.AssumedRoleID)
	setOrgKeys(ctx, w, a, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths")
	// Session tags override the user's tags with the same key.
	for _, t := range s.Tags {
		ctx.Set("aws:PrincipalTag/"+t.Key, t.Value)
	}
	p := principalInfo{
		kind:            principalFederated,
		account:         a,
		user:            s.User,
		arn:             s.ARN,
		userID:          s.AssumedRoleID,
		ctx:             ctx,
		sessionPolicies: s.SessionPolicies,
	}
	if p.sessionPolicies == nil {
		p.sessionPolicies = []*PolicyRef{}
	}
	// NotPrincipal must name the federated user itself (and its account),
	// not the IAM user who federated.
	p.pol = policy.Principal{Account: a.ID, ARNs: []string{s.ARN}, Chain: []string{s.ARN}}
	if u := s.User; u != nil {
		for _, t := range u.Tags {
			if !hasTagKey(s.Tags, t.Key) {
				ctx.Set("aws:PrincipalTag/"+t.Key, t.Value)
			}
		}
		p.identity, p.boundary = u.Identity, u.Boundary
		p.pol.HasBoundary = u.Boundary != nil
		// A resource policy naming the user who federated also names the
		// federated session (limited by its session policy).
		p.pol.ARNs = append(p.pol.ARNs, u.ARN)
	}
	setCommonKeys(ctx, w)
	return p
}

// allAccess tells whether the principal's identity side allows every
// action: the root user, and a federated user the root user created.
func (p *principalInfo) allAccess() bool {
	return p.kind == principalRoot || (p.kind == principalFederated && p.user == nil)
}

// roleSessionMFA decides whether a new role session carries MFA context,
// and since when, under the scenario's MFA rule (reference §4, "Session
// policies and MFA along a chain").
func (s *Sim) roleSessionMFA(c *principalInfo, requestMFA bool, now time.Time) (bool, time.Time) {
	rule := s.world.Settings.MFAInRoleSessions
	if rule == scenario.MFANever {
		return false, time.Time{}
	}
	if c.session != nil && c.session.MFA {
		return true, c.session.MFAAuthTime
	}
	if requestMFA && rule == scenario.MFAFromCallerOrRequest {
		return true, now.Truncate(time.Second)
	}
	return false, time.Time{}
}

// callRestriction applies what AWS does not let some temporary credentials
// do whatever their policies say: GetSessionToken credentials without MFA
// and GetFederationToken credentials cannot call IAM; GetSessionToken
// credentials may call only AssumeRole and GetCallerIdentity of STS, and
// GetFederationToken credentials only GetCallerIdentity.
func callRestriction(c *principalInfo, action string) *Error {
	sess := c.session
	if sess == nil || sess.Kind.RoleSession() {
		return nil
	}
	svc, op, _ := strings.Cut(action, ":")
	switch {
	case strings.EqualFold(svc, "iam") && (sess.Kind == SessionFederation || (sess.Kind == SessionToken && !sess.MFA)):
		// IAM's answer, observed: no trailing period, unlike STS's.
		// No Reason: IAM rejects the token before any policy is evaluated.
		return &Error{Code: CodeInvalidClientTokenID, HTTPStatus: 403, Message: "The security token included in the request is invalid"}
	case strings.EqualFold(svc, "sts") && !strings.EqualFold(op, "GetCallerIdentity") &&
		!(sess.Kind == SessionToken && strings.EqualFold(op, "AssumeRole")):
		return &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: "Cannot call " + op + " with session credentials",
			Reason: &Reason{Action: action, Kind: KindIdentityPolicy, Decision: policy.ImplicitDeny,
				Detail: sess.Kind.String() + " credentials may not call sts:" + op}}
	}
	return nil
}

// chainNote explains, for the trace, why an AssumeRole is role chaining;
// refused is set when the requested duration was over the cap.
func chainNote(c *principalInfo, refused bool) string {
	if c.session != nil && c.session.Kind == SessionToken {
		return "role chaining: the caller uses GetSessionToken credentials, so the new session may last at most 1 hour"
	}
	if refused {
		return "role chaining: the caller is a role session, so the session may last at most 1 hour"
	}
	return "role chaining: the caller " + c.arn + " is a role session, so the new session may last at most 1 hour"
}

func tagOf(t Tag) scenario.Tag { return scenario.Tag{Key: t.Key, Value: t.Value} }
