package sim

import (
	"slices"
	"strings"

	"github.com/rolesim/rolesim/scenario"
)

// Organizations operations that change the world: MoveAccount,
// AttachPolicy and DetachPolicy. Their consequences are immediate: SCPs
// and RCPs are evaluated, level by level, along each account's current
// path on every request.

// Error codes of the Organizations operations (HTTP 400). Messages are the
// exceptions' descriptions in the Organizations API model.
const (
	CodeOrganizationsNotInUse     Code = "AWSOrganizationsNotInUseException"
	CodeAccountNotFound           Code = "AccountNotFoundException"
	CodeDestinationParentNotFound Code = "DestinationParentNotFoundException"
	CodeSourceParentNotFound      Code = "SourceParentNotFoundException"
	CodeDuplicateAccount          Code = "DuplicateAccountException"
	CodePolicyNotFound            Code = "PolicyNotFoundException"
	CodeTargetNotFound            Code = "TargetNotFoundException"
	CodeDuplicatePolicyAttachment Code = "DuplicatePolicyAttachmentException"
	CodePolicyNotAttached         Code = "PolicyNotAttachedException"
	CodeConstraintViolation       Code = "ConstraintViolationException"
)

func orgError(code Code, msg string) *Error { return &Error{Code: code, HTTPStatus: 400, Message: msg} }

func orgNotInUse() *Error {
	return orgError(CodeOrganizationsNotInUse, "Your account is not a member of an organization.")
}

// noteOrgNode records a root or OU node of the organization tree and its
// parent, for the Organizations operations.
func (o *Org) noteOrgNode(n *OrgNode, parents []*OrgNode) {
	if len(parents) > 0 {
		n.parent = parents[len(parents)-1]
	}
	o.ous = append(o.ous, n)
}

// namePath is the node's path of names below the root ("Workloads/Prod");
// "" for the root.
func (n *OrgNode) namePath() string {
	if n.parent == nil {
		return ""
	}
	if p := n.parent.namePath(); p != "" {
		return p + "/" + n.Name
	}
	return n.Name
}

// parent resolves a ParentId in the organization: the root ("Root" or its
// r- id) or an OU (its ou- id, or its path of names from the root,
// "Workloads/Prod", optionally written "Root/Workloads/Prod"). A root or
// OU of another organization is not found, as in AWS.
func (o *Org) parent(id string) *OrgNode {
	if o == nil || id == "" {
		return nil
	}
	if id == "Root" || id == o.Root.ID {
		return o.Root
	}
	path := strings.TrimPrefix(id, "Root/")
	for _, n := range o.ous {
		if n.parent != nil && (n.ID == id || n.namePath() == path) {
			return n
		}
	}
	return nil
}

// target resolves a TargetId in the organization: a root or OU as parent
// does, or a member account's id (its own attachment point).
func (o *Org) target(w *World, id string) *OrgNode {
	if n := o.parent(id); n != nil {
		return n
	}
	if a := w.accounts[id]; a != nil && a.InOrg() && a.Org == o {
		return a.Path[len(a.Path)-1]
	}
	return nil
}

// policyOrg finds the organization an AttachPolicy or DetachPolicy request
// acts on: the one whose tree has the target and which defines the policy.
// Root, OU and account ids are unique across organizations; "Root" and
// paths of names may name a node in several, and then the policy's name
// must tell them apart (a policy only one of them defines), or no target
// is found.
func (w *World) policyOrg(in *PolicyTargetInput) (*Org, *Error) {
	var found *Org
	hasPolicy, hasTarget, n := false, false, 0
	for _, o := range w.Orgs {
		p := o.policies[in.PolicyID] != nil
		t := o.target(w, in.TargetID) != nil
		hasPolicy = hasPolicy || p
		hasTarget = hasTarget || t
		if p && t {
			found = o
			n++
		}
	}
	switch {
	case n == 1:
		return found, nil
	case !hasPolicy || hasTarget && n == 0:
		return nil, orgError(CodePolicyNotFound, "We can't find a policy with the PolicyId that you specified.")
	default:
		return nil, orgError(CodeTargetNotFound, "We can't find a root, OU, account, or policy with the TargetId that you specified.")
	}
}

// placeAccount sets an account's organization path below parent, a node
// of its own organization.
func (w *World) placeAccount(a *Account, parent *OrgNode) {
	var chain []*OrgNode
	for n := parent; n != nil; n = n.parent {
		chain = append(chain, n)
	}
	own := a.Path[len(a.Path)-1]
	path := make([]*OrgNode, 0, len(chain)+1)
	orgPath := a.Org.ID + "/"
	for i := len(chain) - 1; i >= 0; i-- {
		path = append(path, chain[i])
		orgPath += chain[i].ID + "/"
	}
	a.Path = append(path, own)
	a.OrgPath = orgPath
}

// refreshPrincipals rebuilds the users' principal keys after a change to
// an organization (aws:PrincipalOrgPaths).
func (s *Sim) refreshPrincipals(w *World) {
	for _, u := range w.users {
		u.principal = userPrincipal(w, u)
	}
	s.invalidate()
}

// MoveAccountInput is organizations:MoveAccount.
type MoveAccountInput struct {
	AccountID string
	// SourceParentID is optional here (AWS requires it); when given it must
	// be the account's current parent.
	SourceParentID      string
	DestinationParentID string
}

// MoveAccount moves a member account to another OU (or to the root) of
// its organization; a root or OU of another organization is not found
// (DestinationParentNotFoundException), as in AWS. From
// then on the account's principals and resources are governed by the SCPs
// and RCPs of its new path, and aws:PrincipalOrgPaths and
// aws:ResourceOrgPaths name it.
func (s *Sim) MoveAccount(in *MoveAccountInput) error {
	return s.change(func() *Error { return s.moveAccount(in) })
}

func (s *Sim) moveAccount(in *MoveAccountInput) *Error {
	w := s.world
	if len(w.Orgs) == 0 {
		return orgNotInUse()
	}
	a := w.accounts[in.AccountID]
	if a == nil || !a.InOrg() {
		return orgError(CodeAccountNotFound, "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization.")
	}
	dest := a.Org.parent(in.DestinationParentID)
	if dest == nil {
		return orgError(CodeDestinationParentNotFound, "We can't find the destination container (a root or OU) with the ParentId that you specified.")
	}
	current := a.Path[len(a.Path)-2]
	if in.SourceParentID != "" {
		if src := a.Org.parent(in.SourceParentID); src == nil || src != current {
			return orgError(CodeSourceParentNotFound, "We can't find a source root or OU with the ParentId that you specified.")
		}
	}
	if dest == current {
		return orgError(CodeDuplicateAccount, "That account is already present in the specified destination.")
	}
	w = s.own()
	moved := w.accounts[in.AccountID]
	w.placeAccount(moved, moved.Org.parent(in.DestinationParentID))
	s.refreshPrincipals(w)
	return nil
}

// PolicyTargetInput is organizations:AttachPolicy and DetachPolicy:
// PolicyID names an SCP or RCP of an organization (by name, as the
// scenario does), TargetID the root, an OU or an account of the same
// organization (see Org.target and World.policyOrg).
type PolicyTargetInput struct {
	PolicyID string
	TargetID string
}

// maxOrgAttachments is how many SCPs (and RCPs) one target can have.
const maxOrgAttachments = 5

// AttachPolicy attaches an SCP or RCP to the root, an OU or an account;
// requests are evaluated against it from then on.
func (s *Sim) AttachPolicy(in *PolicyTargetInput) error {
	return s.change(func() *Error { return s.attachPolicy(in, true) })
}

// DetachPolicy detaches an SCP or RCP. The last SCP of a target cannot be
// detached, nor can RCPFullAWSAccess (ConstraintViolationException).
func (s *Sim) DetachPolicy(in *PolicyTargetInput) error {
	return s.change(func() *Error { return s.attachPolicy(in, false) })
}

func (s *Sim) attachPolicy(in *PolicyTargetInput, attach bool) *Error {
	w := s.world
	if len(w.Orgs) == 0 {
		return orgNotInUse()
	}
	org, err := w.policyOrg(in)
	if err != nil {
		return err
	}
	p := org.policies[in.PolicyID]
	at := slices.Index(w.Orgs, org)
	w = s.own()
	target := w.Orgs[at].target(w, in.TargetID)
	list := &target.SCPs
	kind := KindSCP
	if p.Type == scenario.RCP {
		list, kind = &target.RCPs, KindRCP
	}
	at = -1
	for i, ref := range *list {
		if ref.Doc == p.Document {
			at = i
		}
	}
	switch {
	case attach && at >= 0:
		return orgError(CodeDuplicatePolicyAttachment, "The selected policy is already attached to the specified target.")
	case attach && len(*list) >= maxOrgAttachments:
		return orgError(CodeConstraintViolation, "You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.")
	case attach:
		ref := &PolicyRef{Kind: kind, Name: string(p.Type) + " " + p.Name + " attached to " + describeNode(target), File: p.Pos.File, Doc: p.Document}
		*list = append((*list)[:len(*list):len(*list)], ref)
	case at < 0:
		return orgError(CodePolicyNotAttached, "The policy isn't attached to the specified target in the specified root.")
	case kind == KindSCP && len(*list) == 1,
		kind == KindRCP && p.Name == scenario.RCPFullAWSAccess:
		return orgError(CodeConstraintViolation, "You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.")
	default:
		*list = append((*list)[:at:at], (*list)[at+1:]...)
	}
	s.invalidate()
	return nil
}
