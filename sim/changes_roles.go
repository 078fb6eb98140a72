package sim

import (
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// The IAM role operations: CreateRole, DeleteRole, UpdateRole,
// UpdateAssumeRolePolicy, Attach/DetachRolePolicy, Put/DeleteRolePolicy and
// the console's revoke-sessions action, and the role's policy parts they
// edit.

// inlinePolicy is a role's inline policy: its name, size as IAM counts it,
// and the compiled policy.
type inlinePolicy struct {
	name string
	size int
	ref  *PolicyRef
}

// roleParts is a role's identity policies by origin, which Role.Identity
// flattens (inline, then managed). Built on the first change to the role.
type roleParts struct {
	inline  []inlinePolicy
	managed []string // ARNs, in attachment order
}

// parts returns the role's policies by origin, deriving them from the
// scenario the first time.
func (r *Role) parts() *roleParts {
	if r.ps != nil {
		return r.ps
	}
	ps := &roleParts{}
	if sr := r.src; sr != nil {
		for i, ip := range sr.InlinePolicies {
			if i < len(r.Identity) {
				ps.inline = append(ps.inline, inlinePolicy{name: ip.Name, size: ip.Size, ref: r.Identity[i]})
			}
		}
		for _, m := range sr.ManagedPolicies {
			ps.managed = append(ps.managed, m.Value)
		}
	}
	r.ps = ps
	return ps
}

// rebuildIdentity recomputes Identity from the role's parts.
func (r *Role) rebuildIdentity(w *World) {
	ps := r.parts()
	ids := make([]*PolicyRef, 0, len(ps.inline)+len(ps.managed))
	for _, ip := range ps.inline {
		ids = append(ids, ip.ref)
	}
	for _, a := range ps.managed {
		if p := w.managed[a]; p != nil {
			ids = append(ids, p)
		}
	}
	r.Identity = ids
}

// findRole returns the role of the account with the given name, matched
// ignoring case as IAM does.
func (w *World) findRole(a *Account, name string) *Role {
	for _, r := range a.Roles {
		if strings.EqualFold(r.Name, name) {
			return r
		}
	}
	return nil
}

// changedRole resolves the role an IAM request names and makes the world
// the Sim's own, so that the caller may change it.
func (s *Sim) changedRole(accountID, roleName string) (*World, *Role, *Error) {
	if err := validateIAMName("roleName", roleName, 64); err != nil {
		return nil, nil, err
	}
	a, err := s.iamAccount(accountID)
	if err != nil {
		return nil, nil, err
	}
	if s.world.findRole(a, roleName) == nil {
		return nil, nil, noSuchEntity("The role with name " + roleName + " cannot be found.")
	}
	w := s.own()
	return w, w.findRole(w.accounts[accountID], roleName), nil
}

// CreateRoleInput is iam:CreateRole, plus the account it acts on (IAM acts
// on the caller's account).
type CreateRoleInput struct {
	AccountID                string
	RoleName                 string
	Path                     *string
	AssumeRolePolicyDocument string
	MaxSessionDuration       *int32
	Description              *string
	Tags                     []Tag

	// compiled trust policy handed over by the runner
	doc     *policy.Policy
	docFile string
}

// CreateRoleOutput is iam:CreateRole's response: the new role.
type CreateRoleOutput struct {
	Role *Role
}

// Limits of the IAM role operations.
const (
	minMaxSessionDuration = 3600
	maxMaxSessionDuration = 43200
	maxRoleDescription    = 1000
	maxInlinePolicyName   = 128
)

// CreateRole creates a role at the current instant. A role created with the
// ARN of a deleted role is a new role: it gets a new unique id, so the
// deleted role's sessions stay invalid and policies that named the deleted
// role do not name it. The Role returned is a snapshot, as World's is:
// later changes to the role apply to a copy (see Sim.World).
func (s *Sim) CreateRole(in *CreateRoleInput) (*CreateRoleOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.createRole(in)
	if err != nil {
		return nil, err
	}
	s.handOut()
	return &CreateRoleOutput{Role: r}, nil
}

// createRoleStep is CreateRole for the runner, which keeps nothing of the
// new role: nothing is handed out, so a run of create steps changes the
// Sim's copy of the world in place instead of copying it each time.
func (s *Sim) createRoleStep(in *CreateRoleInput) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.createRole(in); err != nil {
		return err
	}
	return nil
}

func (s *Sim) createRole(in *CreateRoleInput) (*Role, *Error) {
	var v validator
	v.str("roleName", &in.RoleName, true, 1, 64, csIAMName)
	v.str("path", in.Path, false, 1, 512, csIAMPath)
	v.str("description", in.Description, false, 0, maxRoleDescription, csPolicy)
	if d := in.MaxSessionDuration; d != nil {
		if e := durationViolation(*d); e != nil {
			v.vs = append(v.vs, *e)
		}
	}
	if len(v.vs) > 0 {
		return nil, schemaError(v.vs)
	}
	path := "/"
	if in.Path != nil {
		path = *in.Path
		if path != "/" && (!strings.HasPrefix(path, "/") || !strings.HasSuffix(path, "/") || len(path) < 3) {
			return nil, schemaError([]schemaViolation{{member: "path", value: path, constraint: "Member must satisfy regular expression pattern: " + csIAMPath.pattern}})
		}
	}
	if _, err := s.iamAccount(in.AccountID); err != nil {
		return nil, err
	}
	doc, size, err := document(in.AssumeRolePolicyDocument, in.doc, policy.KindTrust)
	if err != nil {
		return nil, err
	}
	q := &s.world.Quotas
	if size > q.TrustPolicySize {
		return nil, limitExceeded("Cannot exceed quota for ACLSizePerRole: " + strconv.Itoa(q.TrustPolicySize))
	}
	if len(in.Tags) > q.TagsPerRole {
		return nil, limitExceeded("Cannot exceed quota for TagsPerRole: " + strconv.Itoa(q.TagsPerRole))
	}
	acct := s.world.accounts[in.AccountID]
	if r := s.world.findRole(acct, in.RoleName); r != nil {
		return nil, iamError(CodeEntityAlreadyExists, 409, "Role with name "+in.RoleName+" already exists.")
	}
	if len(acct.Roles) >= q.RolesPerAccount {
		return nil, limitExceeded("Cannot exceed quota for RolesPerAccount: " + strconv.Itoa(q.RolesPerAccount))
	}
	if err := s.world.checkPrincipals(doc); err != nil {
		return nil, err
	}
	w := s.own()
	acct = w.accounts[in.AccountID]
	r := &Role{
		Account:            acct,
		Name:               in.RoleName,
		Path:               path,
		MaxSessionDuration: defaultDuration,
		ps:                 &roleParts{},
	}
	if in.MaxSessionDuration != nil {
		r.MaxSessionDuration = int(*in.MaxSessionDuration)
	}
	for _, t := range in.Tags {
		r.Tags = append(r.Tags, scenario.Tag{Key: t.Key, Value: t.Value})
	}
	r.ARN = arn.RoleARN(partition, acct.ID, r.Path, r.Name)
	label := w.seed + "/role/" + r.ARN
	if n := s.chg.deleted[r.ARN]; n > 0 {
		label += "#" + strconv.Itoa(n)
	}
	r.ID = uniqueID(label, "AROA", 17)
	r.Trust = &PolicyRef{Kind: KindTrustPolicy, Name: "trust policy of role " + r.Name, File: in.docFile, Doc: doc}
	acct.Roles = append(acct.Roles, r)
	w.roles[r.ARN] = r
	s.invalidate()
	return r, nil
}

// durationViolation checks MaxSessionDuration against IAM's schema.
func durationViolation(d int32) *schemaViolation {
	switch {
	case d < minMaxSessionDuration:
		return &schemaViolation{member: "maxSessionDuration", value: strconv.Itoa(int(d)), constraint: "Member must have value greater than or equal to 3600"}
	case d > maxMaxSessionDuration:
		return &schemaViolation{member: "maxSessionDuration", value: strconv.Itoa(int(d)), constraint: "Member must have value less than or equal to 43200"}
	}
	return nil
}

// DeleteRoleInput is iam:DeleteRole, plus the account it acts on.
type DeleteRoleInput struct {
	AccountID string
	RoleName  string
}

// DeleteRole deletes a role at the current instant. As IAM's API does, it
// refuses while managed policies are attached (DeleteConflict "Cannot delete
// entity, must detach all policies first.") or inline policies remain
// ("Cannot delete entity, must delete policies first."). The role's
// sessions are invalid from then on (InvalidClientTokenId), and trust and
// resource policies that named it by ARN no longer name any later role of
// that name.
func (s *Sim) DeleteRole(in *DeleteRoleInput) error {
	return s.change(func() *Error { return s.deleteRole(in) })
}

func (s *Sim) deleteRole(in *DeleteRoleInput) *Error {
	w, r, err := s.changedRole(in.AccountID, in.RoleName)
	if err != nil {
		return err
	}
	ps := r.parts()
	if len(ps.managed) > 0 {
		return iamError(CodeDeleteConflict, 409, "Cannot delete entity, must detach all policies first.")
	}
	if len(ps.inline) > 0 {
		return iamError(CodeDeleteConflict, 409, "Cannot delete entity, must delete policies first.")
	}
	if s.chg.deleted == nil {
		s.chg.deleted = make(map[string]int)
	}
	s.chg.deleted[r.ARN]++
	r.deleted = true
	delete(w.roles, r.ARN)
	acct := r.Account
	for i, x := range acct.Roles {
		if x == r {
			acct.Roles = append(acct.Roles[:i:i], acct.Roles[i+1:]...)
			break
		}
	}
	w.markStale(r.ARN)
	s.invalidate()
	return nil
}

// UpdateAssumeRolePolicyInput is iam:UpdateAssumeRolePolicy, plus the
// account it acts on.
type UpdateAssumeRolePolicyInput struct {
	AccountID      string
	RoleName       string
	PolicyDocument string

	doc     *policy.Policy
	docFile string
}

// UpdateAssumeRolePolicy replaces a role's trust policy. Only later
// AssumeRole calls see it: issued sessions are not affected.
func (s *Sim) UpdateAssumeRolePolicy(in *UpdateAssumeRolePolicyInput) error {
	return s.change(func() *Error { return s.updateAssumeRolePolicy(in) })
}

func (s *Sim) updateAssumeRolePolicy(in *UpdateAssumeRolePolicyInput) *Error {
	if err := validateIAMName("roleName", in.RoleName, 64); err != nil {
		return err
	}
	doc, size, err := document(in.PolicyDocument, in.doc, policy.KindTrust)
	if err != nil {
		return err
	}
	if q := s.world.Quotas.TrustPolicySize; size > q {
		return limitExceeded("Cannot exceed quota for ACLSizePerRole: " + strconv.Itoa(q))
	}
	if err := s.world.checkPrincipals(doc); err != nil {
		return err
	}
	_, r, err := s.changedRole(in.AccountID, in.RoleName)
	if err != nil {
		return err
	}
	r.Trust = &PolicyRef{Kind: KindTrustPolicy, Name: "trust policy of role " + r.Name, File: in.docFile, Doc: doc}
	s.invalidate()
	return nil
}

// UpdateRoleInput is iam:UpdateRole, plus the account it acts on.
type UpdateRoleInput struct {
	AccountID          string
	RoleName           string
	MaxSessionDuration *int32
	Description        *string
}

// UpdateRole changes a role's MaxSessionDuration (or description). Only
// later AssumeRole calls see the new maximum; issued sessions keep their
// expiry.
func (s *Sim) UpdateRole(in *UpdateRoleInput) error {
	return s.change(func() *Error { return s.updateRole(in) })
}

func (s *Sim) updateRole(in *UpdateRoleInput) *Error {
	var v validator
	v.str("roleName", &in.RoleName, true, 1, 64, csIAMName)
	v.str("description", in.Description, false, 0, maxRoleDescription, csPolicy)
	if d := in.MaxSessionDuration; d != nil {
		if e := durationViolation(*d); e != nil {
			v.vs = append(v.vs, *e)
		}
	}
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	_, r, err := s.changedRole(in.AccountID, in.RoleName)
	if err != nil {
		return err
	}
	if in.MaxSessionDuration != nil {
		r.MaxSessionDuration = int(*in.MaxSessionDuration)
	}
	s.invalidate()
	return nil
}

// RolePolicyARNInput names a role and a managed policy: iam:AttachRolePolicy
// and iam:DetachRolePolicy, plus the account they act on.
type RolePolicyARNInput struct {
	AccountID string
	RoleName  string
	PolicyArn string
}

// AttachRolePolicy attaches a managed policy (of the role's account, or an
// AWS managed policy the scenario defines) to a role. Every session of the
// role has its permissions from then on. Attaching an attached policy does
// nothing, as in IAM.
func (s *Sim) AttachRolePolicy(in *RolePolicyARNInput) error {
	return s.change(func() *Error { return s.attachRolePolicy(in, true) })
}

// DetachRolePolicy detaches a managed policy from a role; every session of
// the role loses its permissions from then on.
func (s *Sim) DetachRolePolicy(in *RolePolicyARNInput) error {
	return s.change(func() *Error { return s.attachRolePolicy(in, false) })
}

func (s *Sim) attachRolePolicy(in *RolePolicyARNInput, attach bool) *Error {
	var v validator
	v.str("roleName", &in.RoleName, true, 1, 64, csIAMName)
	v.str("policyArn", &in.PolicyArn, true, 20, 2048, csArn)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	a, perr := arn.Parse(in.PolicyArn)
	if perr != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "policy/") {
		return iamError(CodeInvalidInput, 400, "ARN "+in.PolicyArn+" is not valid.")
	}
	w, r, err := s.changedRole(in.AccountID, in.RoleName)
	if err != nil {
		return err
	}
	ps := r.parts()
	at := -1
	for i, m := range ps.managed {
		if m == in.PolicyArn {
			at = i
		}
	}
	if !attach {
		if at < 0 {
			return noSuchEntity("Policy " + in.PolicyArn + " was not found.")
		}
		ps.managed = append(ps.managed[:at:at], ps.managed[at+1:]...)
	} else {
		if w.managed[in.PolicyArn] == nil || (a.Account != "aws" && a.Account != r.Account.ID) {
			return noSuchEntity("Policy " + in.PolicyArn + " does not exist or is not attachable.")
		}
		if at >= 0 {
			return nil
		}
		if q := w.Quotas.ManagedPoliciesPerRole; len(ps.managed) >= q {
			return limitExceeded("Cannot exceed quota for PoliciesPerRole: " + strconv.Itoa(q))
		}
		ps.managed = append(ps.managed[:len(ps.managed):len(ps.managed)], in.PolicyArn)
	}
	r.rebuildIdentity(w)
	s.invalidate()
	return nil
}

// PutRolePolicyInput is iam:PutRolePolicy, plus the account it acts on.
type PutRolePolicyInput struct {
	AccountID      string
	RoleName       string
	PolicyName     string
	PolicyDocument string

	doc     *policy.Policy
	docFile string
}

// PutRolePolicy adds or replaces an inline policy of a role; every session
// of the role is evaluated with it from then on. The role's inline policies
// together may not exceed the role policy size quota (10,240 characters,
// whitespace not counted).
func (s *Sim) PutRolePolicy(in *PutRolePolicyInput) error {
	return s.change(func() *Error { return s.putRolePolicy(in) })
}

func (s *Sim) putRolePolicy(in *PutRolePolicyInput) *Error {
	var v validator
	v.str("roleName", &in.RoleName, true, 1, 64, csIAMName)
	v.str("policyName", &in.PolicyName, true, 1, maxInlinePolicyName, csIAMName)
	v.str("policyDocument", &in.PolicyDocument, true, 1, 131072, csPolicy)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	doc, size, err := document(in.PolicyDocument, in.doc, policy.KindIdentity)
	if err != nil {
		return err
	}
	w, r, err := s.changedRole(in.AccountID, in.RoleName)
	if err != nil {
		return err
	}
	ps := r.parts()
	total, at := size, -1
	for i, ip := range ps.inline {
		if strings.EqualFold(ip.name, in.PolicyName) {
			at = i
			continue
		}
		total += ip.size
	}
	if q := w.Quotas.RolePolicySize; total > q {
		return limitExceeded(scenario.InlinePolicySizeMessage(q, "role", r.Name))
	}
	ip := inlinePolicy{name: in.PolicyName, size: size,
		ref: &PolicyRef{Kind: KindIdentityPolicy, Name: "inline policy " + in.PolicyName + " of role " + r.Name, File: in.docFile, Doc: doc}}
	inline := append([]inlinePolicy(nil), ps.inline...)
	if at >= 0 {
		ip.name = inline[at].name
		inline[at] = ip
	} else {
		inline = append(inline, ip)
	}
	ps.inline = inline
	r.rebuildIdentity(w)
	s.invalidate()
	return nil
}

// DeleteRolePolicyInput is iam:DeleteRolePolicy, plus the account it acts
// on.
type DeleteRolePolicyInput struct {
	AccountID  string
	RoleName   string
	PolicyName string
}

// DeleteRolePolicy deletes an inline policy of a role.
func (s *Sim) DeleteRolePolicy(in *DeleteRolePolicyInput) error {
	return s.change(func() *Error { return s.deleteRolePolicy(in) })
}

func (s *Sim) deleteRolePolicy(in *DeleteRolePolicyInput) *Error {
	var v validator
	v.str("roleName", &in.RoleName, true, 1, 64, csIAMName)
	v.str("policyName", &in.PolicyName, true, 1, maxInlinePolicyName, csIAMName)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	w, r, err := s.changedRole(in.AccountID, in.RoleName)
	if err != nil {
		return err
	}
	ps := r.parts()
	for i, ip := range ps.inline {
		if strings.EqualFold(ip.name, in.PolicyName) {
			ps.inline = append(ps.inline[:i:i], ps.inline[i+1:]...)
			r.rebuildIdentity(w)
			s.invalidate()
			return nil
		}
	}
	return noSuchEntity("The role policy with name " + in.PolicyName + " cannot be found.")
}

// RevokeSessionsPolicyName is the inline policy the IAM console's "Revoke
// active sessions" puts on a role.
const RevokeSessionsPolicyName = "AWSRevokeOlderSessions"

// RevokeRoleSessionsInput names the role whose active sessions to revoke.
type RevokeRoleSessionsInput struct {
	AccountID string
	RoleName  string
}

// RevokeRoleSessionsOutput tells what the revocation did.
type RevokeRoleSessionsOutput struct {
	// PolicyDocument is the AWSRevokeOlderSessions policy now on the role.
	PolicyDocument string
	// RevokedBefore is the revocation instant: sessions issued before it
	// (aws:TokenIssueTime, whole seconds) are denied everything.
	RevokedBefore time.Time
}

// RevokeRoleSessions does what the IAM console's "Revoke active sessions"
// does: it puts (or refreshes) the inline policy AWSRevokeOlderSessions,
// which denies every action on every resource when aws:TokenIssueTime is
// before the current instant (DateLessThan, whole seconds). Sessions issued
// from this second on are unaffected, and existing sessions keep their
// expiry, though they can do nothing. Revoking again moves the instant.
func (s *Sim) RevokeRoleSessions(in *RevokeRoleSessionsInput) (*RevokeRoleSessionsOutput, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now().UTC().Truncate(time.Second)
	text := revokePolicy(now)
	err := s.putRolePolicy(&PutRolePolicyInput{AccountID: in.AccountID, RoleName: in.RoleName, PolicyName: RevokeSessionsPolicyName, PolicyDocument: text})
	if err != nil {
		return nil, err
	}
	return &RevokeRoleSessionsOutput{PolicyDocument: text, RevokedBefore: now}, nil
}

// revokePolicy is the console's AWSRevokeOlderSessions document.
func revokePolicy(at time.Time) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],` +
		`"Condition":{"DateLessThan":{"aws:TokenIssueTime":"` + at.Format(time.RFC3339) + `"}}}]}`
}
