package iamdump

import (
	"strconv"
	"strings"
)

// ModelOrganization is an AWS Organization given by parts, as the
// Organizations listings give it: the organization, its root, its OUs and
// accounts by parent id, its policies and their attachments by id.
// ImportModel builds the tree from them as Import builds it from the
// listings: FullAWSAccess is attached everywhere (AWS attaches it to every
// root, OU and account by default), RCPFullAWSAccess too; an OU or account
// whose parent is not in the tree is not placed (noted).
type ModelOrganization struct {
	Origin
	ID                string // o-...
	ManagementAccount string
	// RootID is the root's id (r-...); RootFrom names where it was read.
	RootID, RootFrom string
	// Note is a comment on the organization (a placeholder's).
	Note        string
	OUs         []ModelOU
	Accounts    []ModelOrgAccount
	Policies    []ModelOrgPolicy
	Attachments []ModelOrgAttachment
}

// ModelOU is an organizational unit under Parent (a root or OU id).
// Note is a comment on it (a placeholder's).
type ModelOU struct {
	Origin
	ID, Name, Parent, Note string
}

// ModelOrgAccount is a member account under Parent (a root or OU id).
type ModelOrgAccount struct {
	Origin
	ID, Parent, Note string
}

// ModelOrgPolicy is an organization policy of Type SERVICE_CONTROL_POLICY
// or RESOURCE_CONTROL_POLICY (another type is noted as not imported; its
// Document may be empty).
type ModelOrgPolicy struct {
	Origin
	ID, Name, Type string
	Document       ModelDoc
}

// ModelOrgAttachment attaches the policy PolicyID to TargetID (a root, OU
// or account id).
type ModelOrgAttachment struct {
	Origin
	PolicyID, TargetID string
}

// organization turns the model's organization into the listings' data,
// checking ids and documents.
func (mr *modelReader) organization(m *ModelOrganization) error {
	d := newOrgData()
	d.model = true
	d.notes = map[string]string{}
	o := mr.origin(m.Origin)
	if !isOrgID(m.ID) {
		return mr.err(m.Origin.Path, "not an organization id (o-...): "+strconv.Quote(m.ID))
	}
	if !isAccountID(m.ManagementAccount) {
		return mr.err(m.Origin.Path, "organization "+m.ID+": management account "+strconv.Quote(m.ManagementAccount)+" is not 12 digits")
	}
	d.org, d.orgFrom = &orgSummary{Id: m.ID, MasterAccountId: m.ManagementAccount}, o
	d.orgNote = m.Note
	mr.f.accounts[m.ManagementAccount] = true
	if m.RootID != "" {
		if !strings.HasPrefix(m.RootID, "r-") || !lowerAlnum(m.RootID[2:], 4, 32) {
			return mr.err(m.Origin.Path, "not a root id (r-...): "+strconv.Quote(m.RootID))
		}
		d.roots, d.rootFrom = []orgNode{{Id: m.RootID, Name: "Root"}}, origin{mr.f.name, m.RootFrom}
	}
	for _, ou := range m.OUs {
		if !isOUID(ou.ID) {
			return mr.err(ou.Path, "not an OU id (ou-...-...): "+strconv.Quote(ou.ID))
		}
		if ou.Name == "" || len(ou.Name) > 128 {
			return mr.err(ou.Path, "OU "+ou.ID+": its name must be 1 to 128 characters")
		}
		if _, dup := d.ouFrom[ou.ID]; dup {
			return mr.err(ou.Path, "OU "+ou.ID+" is also declared by "+d.ouFrom[ou.ID].jpath)
		}
		d.ous[ou.Parent] = append(d.ous[ou.Parent], orgNode{Id: ou.ID, Name: ou.Name})
		d.ouFrom[ou.ID] = mr.origin(ou.Origin)
		d.parentOf[ou.ID] = ou.Parent
		if ou.Note != "" {
			d.notes[ou.ID] = ou.Note
		}
	}
	for _, a := range m.Accounts {
		if !isAccountID(a.ID) {
			return mr.err(a.Path, "not an account id: "+strconv.Quote(a.ID))
		}
		if _, dup := d.acctAt[a.ID]; dup {
			return mr.err(a.Path, "account "+a.ID+" is also declared by "+d.acctAt[a.ID].jpath)
		}
		d.accounts[a.Parent] = append(d.accounts[a.Parent], a.ID)
		d.acctAt[a.ID] = mr.origin(a.Origin)
		d.parentOf[a.ID] = a.Parent
		if a.Note != "" {
			d.notes[a.ID] = a.Note
		}
		mr.f.accounts[a.ID] = true
	}
	names := map[string]string{}
	for _, p := range m.Policies {
		if p.ID == "" || p.Name == "" || len(p.Name) > 128 {
			return mr.err(p.Path, "organization policy "+strconv.Quote(p.Name)+": needs an id and a name of 1 to 128 characters")
		}
		if d.policies[p.ID] != nil {
			return mr.err(p.Path, "organization policy "+p.ID+" is also declared by "+d.policies[p.ID].jpath)
		}
		if prev, dup := names[p.Name]; dup {
			return mr.err(p.Path, "organization policy "+p.Name+" is also declared by "+prev)
		}
		names[p.Name] = p.From
		op := &orgPolicy{origin: mr.origin(p.Origin), summary: orgPolicySummary{Id: p.ID, Name: p.Name, Type: p.Type}, note: p.Document.Placeholder}
		if kind, ok := orgPolicyKind(p.Type); ok {
			doc, err := mr.doc(p.Origin, "organization policy "+p.Name, "its content", p.Document, kind)
			if err != nil {
				return err
			}
			if doc == nil {
				continue // noted
			}
			op.doc = doc
		}
		d.policies[p.ID] = op
	}
	for _, at := range m.Attachments {
		d.targets[at.PolicyID] = append(d.targets[at.PolicyID], orgTarget{TargetId: at.TargetID})
		d.tgtFrom[at.PolicyID] = mr.origin(at.Origin)
	}
	mr.r.org = d
	return nil
}

// unplaced notes the OUs and accounts of a model's organization that the
// tree does not reach (their parent is not in it).
func (w *world) unplaced(d *orgData, placed map[string]bool) {
	for _, id := range sortedKeys(d.ouFrom) {
		if !placed[id] {
			w.r.note(d.ouFrom[id], true, "organization: OU "+id+"'s parent "+d.parentOf[id]+" is not in the organization's tree: the OU and what it holds are not imported")
		}
	}
	for _, id := range sortedKeys(d.acctAt) {
		if !placed[id] {
			w.r.note(d.acctAt[id], true, "organization: account "+id+"'s parent "+d.parentOf[id]+" is not in the organization's tree: it is outside the organization in the world")
		}
	}
}
