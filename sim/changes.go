package sim

import (
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// World changes: IAM role operations (this file) and Organizations
// operations (org_changes.go), applied at the clock's current instant with
// AWS's consequences (reference §9):
//
//   - permission changes (identity policies, SCPs, RCPs, the organization
//     path) apply at once to every existing session: every request is
//     evaluated against the current policies;
//   - trust policy and MaxSessionDuration changes apply only to later
//     AssumeRole calls; issued sessions keep their expiry;
//   - a deleted role's sessions fail with InvalidClientTokenId from then on,
//     even after a role of the same name is created again (it gets a new
//     unique id);
//   - a trust or resource policy naming a deleted role by ARN stops naming
//     it: IAM stored the role's unique id, not its ARN, so a recreated role
//     of that name is not admitted until the policy is saved again.
//     aws:PrincipalArn conditions compare ARNs and keep working.
//
// Copy on write: the World a Sim starts from is shared and never modified.
// The first change makes the Sim clone it (accounts, users, roles,
// resources, the organization tree) and from then on the Sim works on its
// own copy; Sims that change nothing never copy anything, so AssumeRole's
// hot path is unaffected. A World the Sim has handed out, directly (World)
// or through what points into it (an issued Session's Role, User and
// Account, CreateRole's Role), is shared again: the next change clones it
// rather than modify what a caller may be reading. Changes in a row with
// nothing handed out between them modify the Sim's copy in place.

// Error codes of the IAM and Organizations operations.
const (
	CodeNoSuchEntity        = "NoSuchEntity"
	CodeEntityAlreadyExists = "EntityAlreadyExists"
	CodeDeleteConflict      = "DeleteConflict"
	CodeLimitExceeded       = "LimitExceeded"
	CodeInvalidInput        = "InvalidInput"
)

func iamError(code string, status int, msg string) *Error {
	return &Error{Code: code, HTTPStatus: status, Message: msg}
}

func noSuchEntity(msg string) *Error  { return iamError(CodeNoSuchEntity, 404, msg) }
func limitExceeded(msg string) *Error { return iamError(CodeLimitExceeded, 409, msg) }

// changeState is a Sim's state for world changes.
type changeState struct {
	// owned tells that s.world is this Sim's own copy and that nothing
	// pointing into it has been handed out since it was made, except the
	// sessions counted in issued (handOut).
	owned bool
	// issued is the Sim's count of issued sessions when it last copied the
	// world: a session issued since points into the world.
	issued int
	// deleted counts the deleted roles of each ARN, so that a role created
	// again with that ARN gets a new unique id.
	deleted map[string]int
}

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

// clonePolicyRefs copies a slice so that appending to it never writes into
// the shared world's array.
func clonePolicyRefs(refs []*PolicyRef) []*PolicyRef {
	if refs == nil {
		return nil
	}
	return append(make([]*PolicyRef, 0, len(refs)), refs...)
}

// handOut records that the current world, or something pointing into it,
// is being handed out: the next change copies the world first.
func (s *Sim) handOut() { s.chg.owned = false }

// own makes the Sim's world its own copy, unless it is already and nothing
// of it has been handed out since (handOut, or a session issued), and
// returns it. Callers change the world only through what own returns.
func (s *Sim) own() *World {
	if s.chg.owned && s.chg.issued == s.issued {
		return s.world
	}
	old := s.world
	w := *old
	w.accounts = make(map[string]*Account, len(old.accounts))
	w.users = make(map[string]*User, len(old.users))
	w.roles = make(map[string]*Role, len(old.roles))
	w.accessKey = make(map[string]*User, len(old.accessKey))
	w.Accounts = make([]*Account, 0, len(old.Accounts))

	nodes := make(map[*OrgNode]*OrgNode)
	var node func(n *OrgNode) *OrgNode
	node = func(n *OrgNode) *OrgNode {
		if n == nil {
			return nil
		}
		if c := nodes[n]; c != nil {
			return c
		}
		c := *n
		c.SCPs = clonePolicyRefs(n.SCPs)
		c.RCPs = clonePolicyRefs(n.RCPs)
		nodes[n] = &c
		c.parent = node(n.parent)
		return &c
	}
	orgs := make(map[*Org]*Org, len(old.Orgs))
	w.Orgs = make([]*Org, len(old.Orgs))
	for i, o := range old.Orgs {
		org := *o
		org.Root = node(o.Root)
		org.ous = make([]*OrgNode, len(o.ous))
		for j, n := range o.ous {
			org.ous[j] = node(n)
		}
		orgs[o] = &org
		w.Orgs[i] = &org
	}

	accounts := make(map[*Account]*Account, len(old.Accounts))
	for _, a := range old.Accounts {
		na := *a
		na.Org = orgs[a.Org]
		if a.Path != nil {
			na.Path = make([]*OrgNode, len(a.Path))
			for i, n := range a.Path {
				na.Path[i] = node(n)
			}
		}
		na.Users = make([]*User, 0, len(a.Users))
		na.Roles = make([]*Role, 0, len(a.Roles))
		for _, u := range a.Users {
			nu := *u
			nu.Account = &na
			nu.Identity = clonePolicyRefs(u.Identity)
			na.Users = append(na.Users, &nu)
			w.users[nu.ARN] = &nu
			w.accessKey[nu.AccessKeyID] = &nu
		}
		for _, r := range a.Roles {
			nr := *r
			nr.Account = &na
			nr.Identity = clonePolicyRefs(r.Identity)
			if r.ps != nil {
				ps := roleParts{
					inline:  append([]inlinePolicy(nil), r.ps.inline...),
					managed: append([]string(nil), r.ps.managed...),
				}
				nr.ps = &ps
			}
			na.Roles = append(na.Roles, &nr)
			w.roles[nr.ARN] = &nr
		}
		accounts[a] = &na
		w.accounts[na.ID] = &na
		w.Accounts = append(w.Accounts, &na)
	}
	w.ownUsers(old)
	w.resources = make([]*Resource, len(old.resources))
	for i, r := range old.resources {
		nr := *r
		if a := accounts[r.Account]; a != nil {
			nr.Account = a
		}
		w.resources[i] = &nr
	}
	for _, u := range w.users {
		u.principal = userPrincipal(&w, u)
	}
	w.oidc = make(map[string]*OIDCProvider, len(old.oidc))
	for k, p := range old.oidc {
		np := *p
		if a := accounts[p.Account]; a != nil {
			np.Account = a
		}
		w.oidc[k] = &np
	}
	w.saml = make(map[string]*SAMLProvider, len(old.saml))
	for k, p := range old.saml {
		np := *p
		if a := accounts[p.Account]; a != nil {
			np.Account = a
		}
		w.saml[k] = &np
	}
	s.world = &w
	s.chg.owned = true
	s.chg.issued = s.issued
	for k, a := range s.rootKeys {
		if na := accounts[a]; na != nil {
			s.rootKeys[k] = na
		}
	}
	s.invalidate()
	return s.world
}

// invalidate drops everything built from the world that a change may have
// made stale: the principals of sessions (with their views of the world)
// and of root users, and the role resource keys. They are rebuilt on next
// use. Only the sessions used since the last change have a principal to
// drop, so a change costs no more than the requests before it.
func (s *Sim) invalidate() {
	for _, key := range s.cached {
		e := s.sessions[key]
		e.principal = nil
		s.sessions[key] = e
	}
	s.cached = s.cached[:0]
	clear(s.roots)
	clear(s.roleCtx)
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

// iamAccount resolves the account an IAM request acts on.
func (s *Sim) iamAccount(id string) (*Account, *Error) {
	if a := s.world.accounts[id]; a != nil {
		return a, nil
	}
	return nil, noSuchEntity("The account " + id + " cannot be found.")
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

// IAM request schema checks, with IAM's ValidationError messages.
func validateIAMName(member, v string, max int) *Error {
	var vd validator
	vd.str(member, &v, true, 1, max, csIAMName)
	if len(vd.vs) > 0 {
		return schemaError(vd.vs)
	}
	return nil
}

var csIAMName = newCharset(`[\w+=,.@-]+`, isNameByte, nil)

var csIAMPath = newCharset(`(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, func(b byte) bool { return b >= 0x21 && b <= 0x7E }, nil)

// document compiles a policy document sent to IAM (unless the scenario
// loader already did) and measures it as IAM does.
func document(text string, pre *policy.Policy, kind policy.Kind) (*policy.Policy, int, *Error) {
	size := policySize(text)
	if pre != nil {
		return pre, size, nil
	}
	if _, err := policy.ParseJSON([]byte(text)); err != nil {
		return nil, 0, &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: "This policy contains invalid Json"}
	}
	doc, errs := policy.CompileJSON(text, kind)
	if len(errs) > 0 {
		return nil, 0, &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: errs[0].Message}
	}
	return doc, size, nil
}

// policySize is a policy's length as IAM counts it: characters, whitespace
// not counted.
func policySize(text string) int {
	n := 0
	for _, r := range text {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

// checkPrincipals rejects a trust policy naming an IAM user or role that
// does not exist in an account the world knows, as IAM does when it saves
// the policy (it stores the principal's unique id, so the principal must
// exist).
func (w *World) checkPrincipals(doc *policy.Policy) *Error {
	for _, st := range doc.Statements {
		for _, p := range st.Principals() {
			if p.Type != "AWS" {
				continue
			}
			a, err := arn.Parse(p.Value)
			if err != nil || a.Service != "iam" || w.accounts[a.Account] == nil {
				continue
			}
			kind, _, _ := strings.Cut(a.Resource, "/")
			switch {
			case kind == "role" && w.roles[p.Value] == nil, kind == "user" && w.users[p.Value] == nil:
				return &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: "Invalid principal in policy: \"AWS\":\"" + p.Value + "\""}
			}
		}
	}
	return nil
}

// namesARN tells whether a policy names principalARN in a Principal or
// NotPrincipal element.
func namesARN(doc *policy.Policy, principalARN string) bool {
	if doc == nil {
		return false
	}
	for _, st := range doc.Statements {
		for _, p := range st.Principals() {
			if p.Type == "AWS" && p.Value == principalARN {
				return true
			}
		}
	}
	return false
}

// markStale records, in every trust and resource policy naming the deleted
// principal by ARN, that the ARN no longer names anyone that policy meant.
func (w *World) markStale(principalARN string) {
	stale := func(ref *PolicyRef) *PolicyRef {
		if ref == nil || !namesARN(ref.Doc, principalARN) {
			return ref
		}
		cp := *ref
		cp.stale = append(append([]string(nil), ref.stale...), principalARN)
		return &cp
	}
	for _, a := range w.Accounts {
		for _, r := range a.Roles {
			r.Trust = stale(r.Trust)
		}
	}
	for _, r := range w.resources {
		r.Policy = stale(r.Policy)
	}
}

// isStale tells whether the policy no longer names principalARN.
func (r *PolicyRef) isStale(principalARN string) bool {
	for _, s := range r.stale {
		if s == principalARN {
			return true
		}
	}
	return false
}

// evalResource evaluates the resource-based (or trust) policy of the
// request. When the policy names one of the caller's ARNs that IAM has
// since replaced by a deleted principal's unique id, that ARN is hidden
// from the policy's Principal elements.
func (a *authz) evalResource(ref *PolicyRef) {
	if len(ref.stale) == 0 {
		a.eval(ref, &a.res, nil)
		return
	}
	c := a.r.caller
	live := c.pol
	live.ARNs = nil
	// A NotPrincipal entry that IAM replaced by a deleted principal's id no
	// longer names this one: keep the chain's length, with the stale
	// identity unnamable, so that it cannot exempt the caller.
	chain := c.pol.Chain
	if chain == nil {
		chain = c.pol.ARNs
	}
	live.Chain = make([]string, len(chain))
	for i, x := range chain {
		if !ref.isStale(x) {
			live.Chain[i] = x
		}
	}
	for _, x := range c.pol.ARNs {
		if ref.isStale(x) {
			if a.trace != nil {
				a.trace.note(ref.Name + " names " + x + ", but IAM stored the unique id of a role or user of that name that was deleted: it does not name this one (re-save the policy to name it again)")
			}
			continue
		}
		live.ARNs = append(live.ARNs, x)
	}
	a.req.Principal = &live
	a.eval(ref, &a.res, nil)
	a.req.Principal = &c.pol
}

// staleProbe tells whether any of arns is no longer named by the request's
// resource policy (see evalResource).
func (a *authz) staleProbe(arns []string) bool {
	ref := a.r.resourcePolicy
	if ref == nil || len(ref.stale) == 0 {
		return false
	}
	for _, x := range arns {
		if ref.isStale(x) {
			return true
		}
	}
	return false
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.deleteRole(in); err != nil {
		return err
	}
	return nil
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.updateAssumeRolePolicy(in); err != nil {
		return err
	}
	return nil
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.updateRole(in); err != nil {
		return err
	}
	return nil
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.attachRolePolicy(in, true); err != nil {
		return err
	}
	return nil
}

// DetachRolePolicy detaches a managed policy from a role; every session of
// the role loses its permissions from then on.
func (s *Sim) DetachRolePolicy(in *RolePolicyARNInput) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.attachRolePolicy(in, false); err != nil {
		return err
	}
	return nil
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.putRolePolicy(in); err != nil {
		return err
	}
	return nil
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
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.deleteRolePolicy(in); err != nil {
		return err
	}
	return nil
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
