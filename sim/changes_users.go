package sim

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// World changes to IAM users and groups: their inline and managed policies,
// group membership, and the user's access key. They follow the role
// operations of changes.go, copy on write included (every change goes
// through Sim.own), and AWS's consequences:
//
//   - a change to a user's or a group's permissions applies at once to
//     every later request of the user (long-term key or GetSessionToken,
//     GetFederationToken and console sessions), since every request is
//     evaluated against the current policies; a role session the user
//     obtained has the role's permissions and is not affected;
//   - a request signed with an Inactive or deleted access key, STS requests
//     included, fails with InvalidClientTokenId "The security token
//     included in the request is invalid." (403); setting the key Active
//     again restores it. Temporary credentials obtained with the key
//     earlier stay valid until they expire: STS credentials "are valid
//     through the expiration period and cannot be revoked" (IAM User Guide,
//     "Permissions for temporary security credentials"), only their
//     permissions can be changed.
//
// Error texts are IAM's: NoSuchEntity "The user with name X cannot be
// found.", "The group with name X cannot be found.", "The user policy with
// name X cannot be found.", "The group policy with name X cannot be found.",
// "The Access Key with id X cannot be found."; LimitExceeded "Cannot exceed
// quota for PoliciesPerUser: 10" (PoliciesPerGroup, GroupsPerUser) and
// "Maximum policy size of 2048 bytes exceeded for user X" (5120 ... group).

// keyState is the state of a user's access key.
type keyState uint8

const (
	keyActive keyState = iota
	keyInactive
	keyDeleted
)

// String returns the key's status as IAM names it.
func (k keyState) String() string {
	switch k {
	case keyInactive:
		return StatusInactive
	case keyDeleted:
		return "deleted"
	}
	return StatusActive
}

// Access key statuses (iam:UpdateAccessKey's Status).
const (
	StatusActive   = "Active"
	StatusInactive = "Inactive"
)

// userParts is a user's identity policies and groups by origin, which
// User.Identity flattens: the user's inline policies, its managed
// policies, then each group's inline and managed policies, in membership
// order (as NewWorld builds it). Built on the first change to the user.
type userParts struct {
	inline  []inlinePolicy
	managed []string // ARNs, in attachment order
	groups  []string // group names as declared, in membership order
}

// iamGroup is an IAM group as world changes see it: its policies by origin.
// Its members name it in userParts.groups.
type iamGroup struct {
	account string
	name    string
	inline  []inlinePolicy
	managed []string // ARNs, in attachment order
}

// groupKey is the World.groups key of a group: names are unique in an
// account ignoring case.
func groupKey(accountID, name string) string {
	return accountID + "/" + strings.ToLower(name)
}

// addGroups records an account's groups for world changes.
func (w *World) addGroups(acct *Account, groups []*scenario.Group, file string) {
	if len(groups) == 0 {
		return
	}
	if w.groups == nil {
		w.groups = make(map[string]*iamGroup)
	}
	for _, sg := range groups {
		g := &iamGroup{account: acct.ID, name: sg.Name}
		for _, ip := range sg.InlinePolicies {
			g.inline = append(g.inline, inlinePolicy{name: ip.Name, size: ip.Size,
				ref: &PolicyRef{Kind: KindIdentityPolicy, Name: "inline policy " + ip.Name + " of group " + sg.Name, File: posFile(ip.Pos, file), Doc: ip.Document}})
		}
		for _, m := range sg.ManagedPolicies {
			g.managed = append(g.managed, m.Value)
		}
		w.groups[groupKey(acct.ID, sg.Name)] = g
	}
}

// findGroup returns the group of the account with the given name, matched
// ignoring case as IAM does.
func (w *World) findGroup(accountID, name string) *iamGroup {
	return w.groups[groupKey(accountID, name)]
}

// parts returns the user's policies and groups by origin, deriving them
// from the scenario the first time. Only for a user of the Sim's own world
// (it stores them in the user): others read view.
func (u *User) parts(w *World) *userParts {
	if u.ps == nil {
		u.ps = u.view(w)
	}
	return u.ps
}

// view returns the user's policies and groups by origin without storing
// anything in the user.
func (u *User) view(w *World) *userParts {
	if u.ps != nil {
		return u.ps
	}
	ps := &userParts{}
	if su := u.src; su != nil {
		for i, ip := range su.InlinePolicies {
			if i < len(u.Identity) {
				ps.inline = append(ps.inline, inlinePolicy{name: ip.Name, size: ip.Size, ref: u.Identity[i]})
			}
		}
		for _, m := range su.ManagedPolicies {
			ps.managed = append(ps.managed, m.Value)
		}
		for _, g := range su.Groups {
			if wg := w.findGroup(u.Account.ID, g.Value); wg != nil {
				ps.groups = append(ps.groups, wg.name)
			}
		}
	}
	return ps
}

// rebuildUser recomputes the user's Identity from its parts and its
// groups', and the principal built from it.
func (w *World) rebuildUser(u *User) {
	ps := u.parts(w)
	ids := make([]*PolicyRef, 0, len(ps.inline)+len(ps.managed))
	add := func(inline []inlinePolicy, managed []string) {
		for _, ip := range inline {
			ids = append(ids, ip.ref)
		}
		for _, a := range managed {
			if p := w.managed[a]; p != nil {
				ids = append(ids, p)
			}
		}
	}
	add(ps.inline, ps.managed)
	for _, name := range ps.groups {
		if g := w.findGroup(u.Account.ID, name); g != nil {
			add(g.inline, g.managed)
		}
	}
	u.Identity = ids
	u.principal = userPrincipal(w, u)
}

// members returns the users of the group's account that belong to it.
func (w *World) members(g *iamGroup) []*User {
	var out []*User
	for _, u := range w.accounts[g.account].Users {
		for _, name := range u.view(w).groups {
			if strings.EqualFold(name, g.name) {
				out = append(out, u)
				break
			}
		}
	}
	return out
}

// ownUsers finishes Sim.own's copy of the users and groups: each copied
// user gets its own userParts, each group is copied, and keys that are not
// active leave the access key index. Slices in parts are shared with the
// old world: changes replace them, never write into them.
func (w *World) ownUsers(old *World) {
	for _, a := range w.Accounts {
		for _, u := range a.Users {
			if u.ps != nil {
				ps := *u.ps
				u.ps = &ps
			}
			if u.key != keyActive {
				delete(w.accessKey, u.AccessKeyID)
			}
		}
	}
	if old.groups != nil {
		w.groups = make(map[string]*iamGroup, len(old.groups))
		for k, g := range old.groups {
			cp := *g
			w.groups[k] = &cp
		}
	}
}

// IAM request schema types of the user and group operations.
const (
	maxUserName         = 64  // userNameType
	maxExistingUserName = 128 // existingUserNameType
	maxGroupName        = 128 // groupNameType
	minAccessKeyID      = 16
	maxAccessKeyID      = 128
	maxPolicyDocument   = 131072
)

var csAccessKeyID = newCharset(`[\w]+`, isWord, nil)

// findUser returns the user of the account with the given name, matched
// ignoring case as IAM does.
func findUser(a *Account, name string) *User {
	for _, u := range a.Users {
		if strings.EqualFold(u.Name, name) {
			return u
		}
	}
	return nil
}

func noSuchUser(name string) *Error {
	return noSuchEntity("The user with name " + name + " cannot be found.")
}
func noSuchGroup(name string) *Error {
	return noSuchEntity("The group with name " + name + " cannot be found.")
}

// changedUser resolves the user an IAM request names and makes the world
// the Sim's own, so that the caller may change it.
func (s *Sim) changedUser(accountID, userName string) (*World, *User, *Error) {
	a, err := s.iamAccount(accountID)
	if err != nil {
		return nil, nil, err
	}
	if findUser(a, userName) == nil {
		return nil, nil, noSuchUser(userName)
	}
	w := s.own()
	return w, findUser(w.accounts[accountID], userName), nil
}

// changedGroup resolves the group an IAM request names and makes the world
// the Sim's own.
func (s *Sim) changedGroup(accountID, groupName string) (*World, *iamGroup, *Error) {
	if _, err := s.iamAccount(accountID); err != nil {
		return nil, nil, err
	}
	if s.world.findGroup(accountID, groupName) == nil {
		return nil, nil, noSuchGroup(groupName)
	}
	w := s.own()
	return w, w.findGroup(accountID, groupName), nil
}

// PutUserPolicyInput is iam:PutUserPolicy, plus the account it acts on.
type PutUserPolicyInput struct {
	AccountID      string
	UserName       string
	PolicyName     string
	PolicyDocument string

	doc     *policy.Policy
	docFile string
}

// PutUserPolicy adds or replaces an inline policy of a user; every later
// request of the user is evaluated with it. The user's inline policies
// together may not exceed the user policy size quota (2,048 characters,
// whitespace not counted).
func (s *Sim) PutUserPolicy(in *PutUserPolicyInput) error {
	return s.change(func() *Error { return s.putUserPolicy(in) })
}

func (s *Sim) putUserPolicy(in *PutUserPolicyInput) *Error {
	var v validator
	v.str("userName", &in.UserName, true, 1, maxExistingUserName, csIAMName)
	v.str("policyName", &in.PolicyName, true, 1, maxInlinePolicyName, csIAMName)
	v.str("policyDocument", &in.PolicyDocument, true, 1, maxPolicyDocument, csPolicy)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	doc, size, err := document(in.PolicyDocument, in.doc, policy.KindIdentity)
	if err != nil {
		return err
	}
	a, err := s.iamAccount(in.AccountID)
	if err != nil {
		return err
	}
	u := findUser(a, in.UserName)
	if u == nil {
		return noSuchUser(in.UserName)
	}
	inline, err := putInline(u.view(s.world).inline, in.PolicyName, size, s.world.Quotas.UserPolicySize, "user", u.Name,
		&PolicyRef{Kind: KindIdentityPolicy, Name: "inline policy " + in.PolicyName + " of user " + u.Name, File: in.docFile, Doc: doc})
	if err != nil {
		return err
	}
	w, u, _ := s.changedUser(in.AccountID, in.UserName)
	u.parts(w).inline = inline
	w.rebuildUser(u)
	s.invalidate()
	return nil
}

// putInline returns a new list of inline policies with the named one added
// or replaced (keeping its name's spelling), or LimitExceeded when their
// total size would exceed the quota. The list given is not modified.
func putInline(list []inlinePolicy, name string, size, quota int, kind, entity string, ref *PolicyRef) ([]inlinePolicy, *Error) {
	total, at := size, -1
	for i, ip := range list {
		if strings.EqualFold(ip.name, name) {
			at = i
			continue
		}
		total += ip.size
	}
	if total > quota {
		return nil, limitExceeded(scenario.InlinePolicySizeMessage(quota, kind, entity))
	}
	out := append([]inlinePolicy(nil), list...)
	ip := inlinePolicy{name: name, size: size, ref: ref}
	if at >= 0 {
		ip.name = out[at].name
		out[at] = ip
	} else {
		out = append(out, ip)
	}
	return out, nil
}

// deleteInline returns a new list without the named inline policy, or
// false when there is none of that name.
func deleteInline(list []inlinePolicy, name string) ([]inlinePolicy, bool) {
	for i, ip := range list {
		if strings.EqualFold(ip.name, name) {
			return append(list[:i:i], list[i+1:]...), true
		}
	}
	return nil, false
}

// DeleteUserPolicyInput is iam:DeleteUserPolicy, plus the account it acts
// on.
type DeleteUserPolicyInput struct {
	AccountID  string
	UserName   string
	PolicyName string
}

// DeleteUserPolicy deletes an inline policy of a user.
func (s *Sim) DeleteUserPolicy(in *DeleteUserPolicyInput) error {
	return s.change(func() *Error { return s.deleteUserPolicy(in) })
}

func (s *Sim) deleteUserPolicy(in *DeleteUserPolicyInput) *Error {
	var v validator
	v.str("userName", &in.UserName, true, 1, maxExistingUserName, csIAMName)
	v.str("policyName", &in.PolicyName, true, 1, maxInlinePolicyName, csIAMName)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	a, err := s.iamAccount(in.AccountID)
	if err != nil {
		return err
	}
	u := findUser(a, in.UserName)
	if u == nil {
		return noSuchUser(in.UserName)
	}
	inline, ok := deleteInline(u.view(s.world).inline, in.PolicyName)
	if !ok {
		return noSuchEntity("The user policy with name " + in.PolicyName + " cannot be found.")
	}
	w, u, _ := s.changedUser(in.AccountID, in.UserName)
	u.parts(w).inline = inline
	w.rebuildUser(u)
	s.invalidate()
	return nil
}

// UserPolicyARNInput names a user and a managed policy:
// iam:AttachUserPolicy and iam:DetachUserPolicy, plus the account they act
// on.
type UserPolicyARNInput struct {
	AccountID string
	UserName  string
	PolicyArn string
}

// AttachUserPolicy attaches a managed policy (of the user's account, or an
// AWS managed policy the scenario defines) to a user; every later request
// of the user has its permissions. Attaching an attached policy does
// nothing, as in IAM.
func (s *Sim) AttachUserPolicy(in *UserPolicyARNInput) error {
	return s.change(func() *Error { return s.attachUserPolicy(in, true) })
}

// DetachUserPolicy detaches a managed policy from a user.
func (s *Sim) DetachUserPolicy(in *UserPolicyARNInput) error {
	return s.change(func() *Error { return s.attachUserPolicy(in, false) })
}

func (s *Sim) attachUserPolicy(in *UserPolicyARNInput, attach bool) *Error {
	var v validator
	v.str("userName", &in.UserName, true, 1, maxUserName, csIAMName)
	v.str("policyArn", &in.PolicyArn, true, 20, 2048, csArn)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	a, err := s.iamAccount(in.AccountID)
	if err != nil {
		return err
	}
	u := findUser(a, in.UserName)
	if u == nil {
		return noSuchUser(in.UserName)
	}
	managed, changed, err := s.attachManaged(u.view(s.world).managed, in.PolicyArn, in.AccountID, attach, s.world.Quotas.ManagedPoliciesPerUser, "PoliciesPerUser")
	if err != nil || !changed {
		return err
	}
	w, u, _ := s.changedUser(in.AccountID, in.UserName)
	u.parts(w).managed = managed
	w.rebuildUser(u)
	s.invalidate()
	return nil
}

// attachManaged returns a new list of attached managed policies with arn
// attached or detached, with IAM's errors; changed is false when attaching
// a policy already attached. The list given is not modified.
func (s *Sim) attachManaged(list []string, policyArn, accountID string, attach bool, quota int, quotaName string) (out []string, changed bool, _ *Error) {
	a, perr := arn.Parse(policyArn)
	if perr != nil || a.Service != "iam" || !strings.HasPrefix(a.Resource, "policy/") {
		return nil, false, iamError(CodeInvalidInput, 400, "ARN "+policyArn+" is not valid.")
	}
	at := -1
	for i, m := range list {
		if m == policyArn {
			at = i
		}
	}
	if !attach {
		if at < 0 {
			return nil, false, noSuchEntity("Policy " + policyArn + " was not found.")
		}
		return append(list[:at:at], list[at+1:]...), true, nil
	}
	if s.world.managed[policyArn] == nil || (a.Account != "aws" && a.Account != accountID) {
		return nil, false, noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.")
	}
	if at >= 0 {
		return nil, false, nil
	}
	if len(list) >= quota {
		return nil, false, limitExceeded("Cannot exceed quota for " + quotaName + ": " + strconv.Itoa(quota))
	}
	return append(list[:len(list):len(list)], policyArn), true, nil
}

// PutGroupPolicyInput is iam:PutGroupPolicy, plus the account it acts on.
type PutGroupPolicyInput struct {
	AccountID      string
	GroupName      string
	PolicyName     string
	PolicyDocument string

	doc     *policy.Policy
	docFile string
}

// PutGroupPolicy adds or replaces an inline policy of a group; every later
// request of each member is evaluated with it. The group's inline policies
// together may not exceed the group policy size quota (5,120 characters,
// whitespace not counted).
func (s *Sim) PutGroupPolicy(in *PutGroupPolicyInput) error {
	return s.change(func() *Error { return s.putGroupPolicy(in) })
}

func (s *Sim) putGroupPolicy(in *PutGroupPolicyInput) *Error {
	var v validator
	v.str("groupName", &in.GroupName, true, 1, maxGroupName, csIAMName)
	v.str("policyName", &in.PolicyName, true, 1, maxInlinePolicyName, csIAMName)
	v.str("policyDocument", &in.PolicyDocument, true, 1, maxPolicyDocument, csPolicy)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	doc, size, err := document(in.PolicyDocument, in.doc, policy.KindIdentity)
	if err != nil {
		return err
	}
	if _, err := s.iamAccount(in.AccountID); err != nil {
		return err
	}
	g := s.world.findGroup(in.AccountID, in.GroupName)
	if g == nil {
		return noSuchGroup(in.GroupName)
	}
	inline, err := putInline(g.inline, in.PolicyName, size, s.world.Quotas.GroupPolicySize, "group", g.name,
		&PolicyRef{Kind: KindIdentityPolicy, Name: "inline policy " + in.PolicyName + " of group " + g.name, File: in.docFile, Doc: doc})
	if err != nil {
		return err
	}
	w, g, _ := s.changedGroup(in.AccountID, in.GroupName)
	g.inline = inline
	s.rebuildMembers(w, g)
	return nil
}

// rebuildMembers recomputes the identity of every member of a changed
// group.
func (s *Sim) rebuildMembers(w *World, g *iamGroup) {
	for _, u := range w.members(g) {
		w.rebuildUser(u)
	}
	s.invalidate()
}

// DeleteGroupPolicyInput is iam:DeleteGroupPolicy, plus the account it
// acts on.
type DeleteGroupPolicyInput struct {
	AccountID  string
	GroupName  string
	PolicyName string
}

// DeleteGroupPolicy deletes an inline policy of a group.
func (s *Sim) DeleteGroupPolicy(in *DeleteGroupPolicyInput) error {
	return s.change(func() *Error { return s.deleteGroupPolicy(in) })
}

func (s *Sim) deleteGroupPolicy(in *DeleteGroupPolicyInput) *Error {
	var v validator
	v.str("groupName", &in.GroupName, true, 1, maxGroupName, csIAMName)
	v.str("policyName", &in.PolicyName, true, 1, maxInlinePolicyName, csIAMName)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	if _, err := s.iamAccount(in.AccountID); err != nil {
		return err
	}
	g := s.world.findGroup(in.AccountID, in.GroupName)
	if g == nil {
		return noSuchGroup(in.GroupName)
	}
	inline, ok := deleteInline(g.inline, in.PolicyName)
	if !ok {
		return noSuchEntity("The group policy with name " + in.PolicyName + " cannot be found.")
	}
	w, g, _ := s.changedGroup(in.AccountID, in.GroupName)
	g.inline = inline
	s.rebuildMembers(w, g)
	return nil
}

// GroupPolicyARNInput names a group and a managed policy:
// iam:AttachGroupPolicy and iam:DetachGroupPolicy, plus the account they
// act on.
type GroupPolicyARNInput struct {
	AccountID string
	GroupName string
	PolicyArn string
}

// AttachGroupPolicy attaches a managed policy to a group; every later
// request of each member has its permissions. Attaching an attached policy
// does nothing.
func (s *Sim) AttachGroupPolicy(in *GroupPolicyARNInput) error {
	return s.change(func() *Error { return s.attachGroupPolicy(in, true) })
}

// DetachGroupPolicy detaches a managed policy from a group.
func (s *Sim) DetachGroupPolicy(in *GroupPolicyARNInput) error {
	return s.change(func() *Error { return s.attachGroupPolicy(in, false) })
}

func (s *Sim) attachGroupPolicy(in *GroupPolicyARNInput, attach bool) *Error {
	var v validator
	v.str("groupName", &in.GroupName, true, 1, maxGroupName, csIAMName)
	v.str("policyArn", &in.PolicyArn, true, 20, 2048, csArn)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	if _, err := s.iamAccount(in.AccountID); err != nil {
		return err
	}
	g := s.world.findGroup(in.AccountID, in.GroupName)
	if g == nil {
		return noSuchGroup(in.GroupName)
	}
	managed, changed, err := s.attachManaged(g.managed, in.PolicyArn, in.AccountID, attach, s.world.Quotas.ManagedPoliciesPerGroup, "PoliciesPerGroup")
	if err != nil || !changed {
		return err
	}
	w, g, _ := s.changedGroup(in.AccountID, in.GroupName)
	g.managed = managed
	s.rebuildMembers(w, g)
	return nil
}

// GroupMembershipInput is iam:AddUserToGroup and iam:RemoveUserFromGroup,
// plus the account they act on.
type GroupMembershipInput struct {
	AccountID string
	GroupName string
	UserName  string
}

// AddUserToGroup makes a user a member of a group: the group's policies
// apply to every later request of the user. Adding a member again does
// nothing, as in IAM. A user belongs to at most 10 groups (GroupsPerUser).
func (s *Sim) AddUserToGroup(in *GroupMembershipInput) error {
	return s.change(func() *Error { return s.groupMembership(in, true) })
}

// RemoveUserFromGroup takes a user out of a group: the group's policies no
// longer apply to the user's requests. Removing a user that is not a
// member does nothing (IAM answers success, as observed).
func (s *Sim) RemoveUserFromGroup(in *GroupMembershipInput) error {
	return s.change(func() *Error { return s.groupMembership(in, false) })
}

func (s *Sim) groupMembership(in *GroupMembershipInput, add bool) *Error {
	var v validator
	v.str("groupName", &in.GroupName, true, 1, maxGroupName, csIAMName)
	v.str("userName", &in.UserName, true, 1, maxExistingUserName, csIAMName)
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	a, err := s.iamAccount(in.AccountID)
	if err != nil {
		return err
	}
	g := s.world.findGroup(in.AccountID, in.GroupName)
	if g == nil {
		return noSuchGroup(in.GroupName)
	}
	u := findUser(a, in.UserName)
	if u == nil {
		return noSuchUser(in.UserName)
	}
	groups := u.view(s.world).groups
	at := -1
	for i, name := range groups {
		if strings.EqualFold(name, g.name) {
			at = i
		}
	}
	var next []string
	switch {
	case add && at >= 0, !add && at < 0:
		return nil
	case add:
		if q := s.world.Quotas.GroupsPerUser; len(groups) >= q {
			return limitExceeded("Cannot exceed quota for GroupsPerUser: " + strconv.Itoa(q))
		}
		next = append(groups[:len(groups):len(groups)], g.name)
	default:
		next = append(groups[:at:at], groups[at+1:]...)
	}
	w, u, _ := s.changedUser(in.AccountID, in.UserName)
	u.parts(w).groups = next
	w.rebuildUser(u)
	s.invalidate()
	return nil
}

// UpdateAccessKeyInput is iam:UpdateAccessKey, plus the account it acts
// on. UserName is required (the simulator has no caller to default to).
type UpdateAccessKeyInput struct {
	AccountID   string
	UserName    string
	AccessKeyID string
	Status      string

	// ownKey names the user's own access key whatever AccessKeyID says
	// (a scenario step that leaves access_key_id out).
	ownKey bool
}

// UpdateAccessKey sets a user's access key Active or Inactive. While it is
// Inactive, every request signed with it fails with InvalidClientTokenId;
// sessions obtained with it earlier stay valid.
func (s *Sim) UpdateAccessKey(in *UpdateAccessKeyInput) error {
	return s.change(func() *Error {
		return s.accessKeyChange(in.AccountID, in.UserName, in.AccessKeyID, in.ownKey, &in.Status)
	})
}

// DeleteAccessKeyInput is iam:DeleteAccessKey, plus the account it acts
// on.
type DeleteAccessKeyInput struct {
	AccountID   string
	UserName    string
	AccessKeyID string

	ownKey bool
}

// DeleteAccessKey deletes a user's access key: every request signed with
// it fails with InvalidClientTokenId from then on, and the key cannot be
// updated or deleted again (NoSuchEntity). Sessions obtained with it
// earlier stay valid.
func (s *Sim) DeleteAccessKey(in *DeleteAccessKeyInput) error {
	return s.change(func() *Error { return s.accessKeyChange(in.AccountID, in.UserName, in.AccessKeyID, in.ownKey, nil) })
}

// accessKeyChange sets the status of a user's access key, or deletes it
// when status is nil.
func (s *Sim) accessKeyChange(accountID, userName, keyID string, ownKey bool, status *string) *Error {
	var v validator
	v.str("userName", &userName, true, 1, maxExistingUserName, csIAMName)
	if !ownKey {
		v.str("accessKeyId", &keyID, true, minAccessKeyID, maxAccessKeyID, csAccessKeyID)
	}
	if status != nil && *status != StatusActive && *status != StatusInactive {
		v.vs = append(v.vs, schemaViolation{member: "status", value: *status, constraint: "Member must satisfy enum value set: [Active, Inactive]"})
	}
	if len(v.vs) > 0 {
		return schemaError(v.vs)
	}
	a, err := s.iamAccount(accountID)
	if err != nil {
		return err
	}
	u := findUser(a, userName)
	if u == nil {
		return noSuchUser(userName)
	}
	if ownKey {
		keyID = u.AccessKeyID
	}
	if keyID != u.AccessKeyID || u.key == keyDeleted {
		return noSuchEntity("The Access Key with id " + keyID + " cannot be found.")
	}
	next := keyDeleted
	if status != nil {
		next = keyActive
		if *status == StatusInactive {
			next = keyInactive
		}
	}
	if next == u.key {
		return nil
	}
	w, u, _ := s.changedUser(accountID, userName)
	u.key = next
	if next == keyActive {
		w.accessKey[u.AccessKeyID] = u
	} else {
		delete(w.accessKey, u.AccessKeyID)
	}
	s.invalidate()
	return nil
}
