package iamdump

import (
	"errors"
	"sort"
	"strconv"
	"strings"
)

// Snapshot is an IAM snapshot (what Import reads: get-account-authorization-
// details and list-roles output, the Organizations listings) read for a
// Model to be laid over it (Options.Over). ImportModel consumes it: a
// Snapshot serves one import.
type Snapshot struct {
	r    *reader
	used bool
}

// ReadSnapshot reads the sources (sorted by name) as Import does. Bad
// input is an *Error.
func ReadSnapshot(srcs []Source) (*Snapshot, error) {
	if len(srcs) == 0 {
		return nil, errors.New("no snapshot files")
	}
	sorted := append([]Source(nil), srcs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	r := newReader()
	for _, s := range sorted {
		if err := r.read(s); err != nil {
			return nil, err
		}
	}
	return &Snapshot{r: r}, nil
}

// Organization returns the snapshot's organization: its id, management
// account and root id (the root "" when no list-roots output); ok is false
// when the snapshot has no describe-organization output.
func (s *Snapshot) Organization() (id, management, root string, ok bool) {
	if s == nil {
		return "", "", "", false
	}
	d := s.r.org
	if d == nil || d.org == nil {
		return "", "", "", false
	}
	if len(d.roots) > 0 {
		root = d.roots[0].Id
	}
	return d.org.Id, d.org.MasterAccountId, root, true
}

// The methods below answer for a nil Snapshot too (no snapshot).

// HasParent reports whether the snapshot's organization has the root or OU
// id.
func (s *Snapshot) HasParent(id string) bool {
	if s == nil {
		return false
	}
	d := s.r.org
	if d == nil {
		return false
	}
	if len(d.roots) > 0 && d.roots[0].Id == id {
		return true
	}
	_, ok := d.ouFrom[id]
	return ok
}

// HasOrgPolicy reports whether the snapshot describes the organization
// policy id (describe-policy output, or AWS's FullAWSAccess).
func (s *Snapshot) HasOrgPolicy(id string) bool {
	if s == nil {
		return false
	}
	d := s.r.org
	return d != nil && (d.policies[id] != nil || id == fullAWSAccess || id == rcpFullAWSAccess)
}

// PlacesAccount reports whether the snapshot's listings place the account
// in the organization's tree (list-accounts-for-parent output names it).
func (s *Snapshot) PlacesAccount(id string) bool {
	if s == nil {
		return false
	}
	d := s.r.org
	if d == nil {
		return false
	}
	_, ok := d.acctAt[id]
	return ok
}

// ModelDeletion is something a plan deletes, to be removed from the
// snapshot a Model is laid over. Kind says what:
//
//	role, user, group, policy     the entity Name of Account (its ARN in Ref)
//	inline                        the inline policy Name of OwnerKind (role, user, group) Owner
//	attachment                    the managed policy Ref (an ARN) attached to OwnerKind Owner
//	membership                    user Owner's membership of group Name
//	oidc                          the OIDC provider of URL Ref
//	ou, org-account, org-policy   the organization's OU, account or policy of id Ref
//	org-attachment                the attachment of policy Ref to Target
type ModelDeletion struct {
	Origin
	Kind, Account, OwnerKind, Owner, Name, Ref, Target string
}

// overlay records what laying a Model over a snapshot did, for the header.
type overlay struct {
	replaced, added, removed []string
}

// startOver makes the snapshot's reader the model's.
func startOver(s *Snapshot) (*reader, error) {
	if s.used {
		return nil, errors.New("the snapshot was laid under another import already: read it again")
	}
	s.used = true
	r := s.r
	r.over = &overlay{}
	return r, nil
}

func dropNamed(list []namedDoc, name string) ([]namedDoc, bool) {
	for i, d := range list {
		if d.name == name {
			return append(list[:i:i], list[i+1:]...), true
		}
	}
	return list, false
}

func dropRef(list []attachment, ref string, fold bool) ([]attachment, bool) {
	for i, a := range list {
		if a.arn == ref || fold && strings.EqualFold(a.arn, ref) {
			return append(list[:i:i], list[i+1:]...), true
		}
	}
	return list, false
}

// deletions removes from the snapshot what the plan deletes; what the
// snapshot does not hold is noted.
func (mr *modelReader) deletions(list []ModelDeletion) {
	r := mr.r
	for _, d := range list {
		o := mr.origin(d.Origin)
		key := d.Account + "/" + strings.ToLower(d.Name)
		what, gone := "", false
		switch d.Kind {
		case "role":
			what = "role " + d.Name + " of account " + d.Account
			if ro := r.roles[key]; ro != nil {
				delete(r.roles, key)
				gone = true
			}
			delete(r.listed, d.Ref)
			delete(r.dropped, d.Ref)
		case "user":
			what = "user " + d.Name + " of account " + d.Account
			if r.users[key] != nil {
				delete(r.users, key)
				gone = true
			}
		case "group":
			what = "group " + d.Name + " of account " + d.Account
			if r.groups[key] != nil {
				delete(r.groups, key)
				gone = true
			}
		case "policy":
			what = "policy " + d.Ref
			if r.policies[d.Ref] != nil {
				delete(r.policies, d.Ref)
				gone = true
			}
		case "inline", "attachment":
			what = "the " + map[string]string{"inline": "inline policy " + d.Name, "attachment": "attachment of " + d.Ref}[d.Kind] + " to " + d.OwnerKind + " " + d.Owner + " of account " + d.Account
			inline, managed := mr.owned(d.OwnerKind, d.Account, d.Owner)
			if inline != nil && d.Kind == "inline" {
				*inline, gone = dropNamed(*inline, d.Name)
			}
			if managed != nil && d.Kind == "attachment" {
				*managed, gone = dropRef(*managed, d.Ref, false)
			}
		case "membership":
			what = "user " + d.Owner + "'s membership of group " + d.Name + " of account " + d.Account
			if u := r.users[d.Account+"/"+strings.ToLower(d.Owner)]; u != nil {
				u.groups, gone = dropRef(u.groups, d.Name, true)
			}
		case "oidc":
			what = "OIDC provider " + d.Ref + " of account " + d.Account
			host := strings.TrimPrefix(d.Ref, "https://")
			for i, p := range r.oidcDecl {
				if p.account == d.Account && p.host == host {
					r.oidcDecl = append(r.oidcDecl[:i:i], r.oidcDecl[i+1:]...)
					gone = true
					break
				}
			}
		case "ou", "org-account", "org-policy", "org-attachment":
			what, gone = mr.orgDeletion(d)
		default:
			continue
		}
		if gone {
			r.over.removed = append(r.over.removed, what+" ("+d.From+")")
			r.note(o, false, what+": the plan deletes it: removed from the snapshot's world")
		} else {
			r.note(o, false, what+": the plan deletes it, and the snapshot does not hold it")
		}
	}
}

// owned returns the inline policies and attachments of a snapshot entity.
func (mr *modelReader) owned(kind, acct, name string) (*[]namedDoc, *[]attachment) {
	key := acct + "/" + strings.ToLower(name)
	switch kind {
	case "role":
		if ro := mr.r.roles[key]; ro != nil {
			return &ro.inline, &ro.managed
		}
	case "user":
		if u := mr.r.users[key]; u != nil {
			return &u.inline, &u.managed
		}
	case "group":
		if g := mr.r.groups[key]; g != nil {
			return &g.inline, &g.managed
		}
	}
	return nil, nil
}

func (mr *modelReader) orgDeletion(d ModelDeletion) (string, bool) {
	o := mr.r.org
	switch d.Kind {
	case "ou":
		what := "OU " + d.Ref
		if o == nil {
			return what, false
		}
		_, ok := o.ouFrom[d.Ref]
		o.unlist(d.Ref)
		delete(o.ouFrom, d.Ref)
		return what, ok
	case "org-account":
		what := "organization account " + d.Ref
		if o == nil {
			return what, false
		}
		_, ok := o.acctAt[d.Ref]
		o.unlist(d.Ref)
		delete(o.acctAt, d.Ref)
		return what, ok
	case "org-policy":
		what := "organization policy " + d.Ref
		if o == nil {
			return what, false
		}
		ok := o.policies[d.Ref] != nil
		delete(o.policies, d.Ref)
		delete(o.listed, d.Ref)
		delete(o.targets, d.Ref)
		return what, ok
	default:
		what := "the attachment of organization policy " + d.Ref + " to " + d.Target
		if o == nil {
			return what, false
		}
		ts := o.targets[d.Ref]
		for i, t := range ts {
			if t.TargetId == d.Target {
				o.targets[d.Ref] = append(ts[:i:i], ts[i+1:]...)
				return what, true
			}
		}
		return what, false
	}
}

// unlist takes an OU or account out of its parent's listing.
func (d *orgData) unlist(id string) {
	for _, p := range sortedKeys(d.ous) {
		l := d.ous[p]
		for i, n := range l {
			if n.Id == id {
				d.ous[p] = append(l[:i:i], l[i+1:]...)
				break
			}
		}
	}
	for _, p := range sortedKeys(d.accounts) {
		l := d.accounts[p]
		for i, a := range l {
			if a == id {
				d.accounts[p] = append(l[:i:i], l[i+1:]...)
				break
			}
		}
	}
}

// replaced records that the model's entity replaces the snapshot's.
func (mr *modelReader) replaced(what string, prev, now origin) {
	mr.r.over.replaced = append(mr.r.over.replaced, what+" ("+now.jpath+", over "+prev.String()+")")
}

// added records an entity the snapshot does not hold.
func (mr *modelReader) added(what string, now origin) {
	if mr.r.over != nil {
		mr.r.over.added = append(mr.r.over.added, what+" ("+now.jpath+")")
	}
}

// mergeNamed keeps the snapshot's inline policies the model does not name:
// the plan does not manage them, so apply leaves them.
func mergeNamed(model, snap []namedDoc, from origin) []namedDoc {
	out := append([]namedDoc(nil), model...)
	for _, d := range snap {
		dup := false
		for _, m := range out {
			dup = dup || m.name == d.name
		}
		if !dup {
			d.note = withNote("from "+from.String()+", which the plan does not manage", d.note)
			out = append(out, d)
		}
	}
	return out
}

// mergeRefs keeps the snapshot's attachments (or groups) the model does
// not hold.
func mergeRefs(model, snap []attachment, fold bool) []attachment {
	out := append([]attachment(nil), model...)
	for _, a := range snap {
		dup := false
		for _, b := range out {
			dup = dup || b.arn == a.arn || fold && strings.EqualFold(b.arn, a.arn)
		}
		if !dup {
			out = append(out, a)
		}
	}
	return out
}

// overOrganization lays the model's organization over the snapshot's
// listings: its OUs and accounts move to the plan's parents, its policies
// replace the snapshot's of the same id (or name), its attachments add to
// the listed ones.
func (mr *modelReader) overOrganization(m *ModelOrganization) error {
	d := mr.r.org
	if m.ID != d.org.Id {
		return mr.err(m.Origin.Path, "the plan's organization "+m.ID+" is not the snapshot's ("+d.org.Id+", "+d.orgFrom.String()+"): lay a plan over the snapshot of its own organization")
	}
	if d.notes == nil {
		d.notes = map[string]string{}
	}
	fullKnown := d.tgtFrom[fullAWSAccess] != (origin{})
	newNode := func(id string) {
		// AWS attaches FullAWSAccess to every OU and account it creates or
		// invites; the listings cannot say so of what does not exist yet.
		if fullKnown {
			d.targets[fullAWSAccess] = append(d.targets[fullAWSAccess], orgTarget{TargetId: id})
		}
	}
	for _, ou := range m.OUs {
		if !isOUID(ou.ID) {
			return mr.err(ou.Path, "not an OU id (ou-...-...): "+strconv.Quote(ou.ID))
		}
		if ou.Name == "" || len(ou.Name) > 128 {
			return mr.err(ou.Path, "OU "+ou.ID+": its name must be 1 to 128 characters")
		}
		prev, known := d.ouFrom[ou.ID]
		d.unlist(ou.ID)
		d.ous[ou.Parent] = append(d.ous[ou.Parent], orgNode{Id: ou.ID, Name: ou.Name})
		now := mr.origin(ou.Origin)
		d.ouFrom[ou.ID] = now
		if known {
			mr.replaced("OU "+ou.ID, prev, now)
		} else {
			mr.added("OU "+ou.ID, now)
			// The plan creates it: what it holds is the plan's.
			d.ousFrom[ou.ID], d.acctFrom[ou.ID] = now, now
			newNode(ou.ID)
		}
		if ou.Note != "" {
			d.notes[ou.ID] = ou.Note
		}
	}
	for _, a := range m.Accounts {
		if !isAccountID(a.ID) {
			return mr.err(a.Path, "not an account id: "+strconv.Quote(a.ID))
		}
		prev, known := d.acctAt[a.ID]
		d.unlist(a.ID)
		d.accounts[a.Parent] = append(d.accounts[a.Parent], a.ID)
		now := mr.origin(a.Origin)
		d.acctAt[a.ID] = now
		mr.f.accounts[a.ID] = true
		if known {
			mr.replaced("organization account "+a.ID, prev, now)
		} else {
			mr.added("organization account "+a.ID, now)
			newNode(a.ID)
		}
		if a.Note != "" {
			d.notes[a.ID] = a.Note
		}
	}
	for _, p := range m.Policies {
		op := &orgPolicy{origin: mr.origin(p.Origin), summary: orgPolicySummary{Id: p.ID, Name: p.Name, Type: p.Type}, note: p.Document.Placeholder}
		if kind, ok := orgPolicyKind(p.Type); ok {
			doc, err := mr.doc(p.Origin, "organization policy "+p.Name, "its content", p.Document, kind)
			if err != nil {
				return err
			}
			if doc == nil {
				continue
			}
			op.doc = doc
		}
		for _, id := range sortedKeys(d.policies) {
			if q := d.policies[id]; id != p.ID && q.summary.Name == p.Name {
				mr.r.note(op.origin, false, "organization policy "+p.Name+": the plan's ("+p.ID+") replaces the snapshot's of the same name ("+id+", "+q.origin.String()+")")
				delete(d.policies, id)
				delete(d.targets, id)
			}
		}
		if prev := d.policies[p.ID]; prev != nil {
			mr.replaced("organization policy "+p.Name, prev.origin, op.origin)
		} else {
			mr.added("organization policy "+p.Name, op.origin)
		}
		d.policies[p.ID] = op
	}
	for _, at := range m.Attachments {
		dup := false
		for _, t := range d.targets[at.PolicyID] {
			dup = dup || t.TargetId == at.TargetID
		}
		if !dup {
			d.targets[at.PolicyID] = append(d.targets[at.PolicyID], orgTarget{TargetId: at.TargetID})
		}
		if d.tgtFrom[at.PolicyID] == (origin{}) {
			d.tgtFrom[at.PolicyID] = mr.origin(at.Origin)
		}
	}
	return nil
}

// header is what the header says of an import laid over a snapshot.
func (o *overlay) header() []string {
	h := []string{"Laid over an IAM snapshot (--over): the plan's entities replace the snapshot's of the same ARN",
		"(keeping the inline policies, attachments and group memberships the plan does not manage), what",
		"the plan deletes is removed, and every other entity is the snapshot's; each entity's comment names",
		"the file it came from."}
	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		sorted := append([]string(nil), items...)
		sort.Strings(sorted)
		h = append(h, title+" ("+strconv.Itoa(len(items))+"):")
		for _, it := range sorted {
			h = append(h, "  "+it)
		}
	}
	list("From the plan, replacing the snapshot's", o.replaced)
	list("From the plan, not in the snapshot", o.added)
	list("Removed from the snapshot, deleted by the plan", o.removed)
	return h
}
