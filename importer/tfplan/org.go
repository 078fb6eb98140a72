package tfplan

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/importer/iamdump"
)

// The organization a plan's aws_organizations_* resources describe: the
// organization, its OUs and accounts (each under its parent_id), its
// policies (SCPs and RCPs; other types are noted) and their attachments.
//
// An id unknown until apply (an OU, account or policy the plan creates) is
// a placeholder id (unknownuntilapply in it), named in a comment and a
// note; a parent_id, policy_id or target_id unknown until apply is followed
// through the configuration's reference to the resource of the plan it
// names. What the plan does not hold cannot be left out, since that would
// let the world allow more than AWS will: an OU or account whose parent is
// not in the plan (managed elsewhere) is placed in a placeholder OU under
// the root, and a policy the plan attaches but does not hold (or whose id
// cannot be followed) is a placeholder; both carry the placeholder SCP
// that denies everything.

// Placeholder ids and names.
const (
	placeholderOrgID   = "o-unknownuntilapply"
	placeholderRootID  = "r-unknownuntilapply"
	placeholderSCPName = "placeholder-deny-all"
	placeholderSCPID   = "p-placeholderdenyall"
	rcpPlaceholder     = `{"Version":"2012-10-17","Statement":[{"Sid":"` + PlaceholderSid + `","Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`
)

const (
	typeOrg        = "aws_organizations_organization"
	typeOU         = "aws_organizations_organizational_unit"
	typeOrgAccount = "aws_organizations_account"
	typeOrgPolicy  = "aws_organizations_policy"
	typeOrgAttach  = "aws_organizations_policy_attachment"
)

// orgBuilder collects the organization's parts.
type orgBuilder struct {
	res      *resource // the aws_organizations_organization; nil when the snapshot gives the organization
	addr     string    // what the notes call the organization
	from     iamdump.Origin
	m        *iamdump.ModelOrganization
	ids      map[*resource]string // the id of each OU, account and policy read (placeholder or not)
	ous      map[string]bool      // OU ids
	accounts map[string]bool      // account ids
	policies map[string]*iamdump.ModelOrgPolicy
	enabled  map[string]bool   // policy types enabled; nil when not known
	pending  []*resource       // every aws_organizations_* but the organization, in document order
	holders  map[string]string // placeholder OU id by the parent it stands for
	denyAll  bool              // the placeholder SCP is needed
	n        map[string]int    // placeholder counters, by resource type
	attached map[string]bool   // policyID + " " + targetID
}

// orgResources reads the plan's aws_organizations_* resources into the
// model's organization.
func (c *converter) orgResources() error {
	b := &orgBuilder{ids: map[*resource]string{}, ous: map[string]bool{}, accounts: map[string]bool{}, policies: map[string]*iamdump.ModelOrgPolicy{},
		holders: map[string]string{}, attached: map[string]bool{}, n: map[string]int{}}
	for _, r := range c.res {
		switch r.typ {
		case typeOrg:
			if b.res != nil {
				c.note(r, true, "a second aws_organizations_organization (the first is "+b.res.addr+"): not imported")
				continue
			}
			b.res = r
		case typeOU, typeOrgAccount, typeOrgPolicy, typeOrgAttach:
			b.pending = append(b.pending, r)
		}
	}
	over := c.opts.Over
	switch id, mgmt, root, ok := over.Organization(); {
	case b.res != nil:
		b.addr, b.from = b.res.addr, c.origin(b.res)
		if err := c.orgItself(b); err != nil {
			return err
		}
	case len(b.pending) == 0:
		return nil
	case ok && root != "":
		// The plan changes the organization the snapshot's listings give.
		b.addr, b.from = "the snapshot's organization "+id, c.origin(b.pending[0])
		b.m = &iamdump.ModelOrganization{Origin: b.from, ID: id, ManagementAccount: mgmt, RootID: root}
		b.ous[root] = true
	default:
		for _, r := range b.pending {
			c.note(r, true, r.typ+": the plan has no aws_organizations_organization, so the organization is not known (give its Organizations listings, list-roots included, with --over): not imported")
		}
		return nil
	}
	for _, typ := range []string{typeOU, typeOrgAccount, typeOrgPolicy} {
		for _, r := range b.pending {
			if r.typ == typ {
				if err := c.orgID(b, r); err != nil {
					return err
				}
			}
		}
	}
	for _, r := range b.pending {
		var err error
		switch r.typ {
		case typeOU:
			err = c.ou(b, r)
		case typeOrgAccount:
			err = c.orgAccount(b, r)
		case typeOrgPolicy:
			err = c.orgPolicy(b, r)
		case typeOrgAttach:
			err = c.orgAttachment(b, r)
		}
		if err != nil {
			return err
		}
	}
	if err := c.orgMembers(b); err != nil {
		return err
	}
	if b.denyAll {
		c.placeheld++
		b.m.Policies = append(b.m.Policies, iamdump.ModelOrgPolicy{Origin: b.from, ID: placeholderSCPID, Name: placeholderSCPName, Type: "SERVICE_CONTROL_POLICY",
			Document: iamdump.ModelDoc{JSON: identityPlaceholder, Path: b.res.path, Placeholder: "PLACEHOLDER: stands for the SCPs of what the plan does not hold or cannot tell; this denies everything"}})
	}
	c.m.Organization = b.m
	if b.res != nil {
		c.orgHeader = append(c.orgHeader, "The organization: from "+b.addr+" and "+strconv.Itoa(len(b.pending))+" other aws_organizations_* resource(s).")
	} else {
		c.orgHeader = append(c.orgHeader, "The organization: "+b.addr+", changed by "+strconv.Itoa(len(b.pending))+" aws_organizations_* resource(s) of the plan.")
	}
	var ph []string
	switch {
	case b.n[typeOrgAccount] > 0:
		ph = append(ph, "ids with unknownuntilapply in them (and accounts 000000000001, ...) stand for ids unknown until apply")
	case len(b.n) > 0:
		ph = append(ph, "ids with unknownuntilapply in them stand for ids unknown until apply")
	}
	if len(b.holders) > 0 {
		ph = append(ph, "OUs named placeholder-... stand for parents the plan does not hold")
	}
	if len(ph) > 0 {
		c.orgHeader = append(c.orgHeader, "Placeholders: "+strings.Join(ph, "; ")+".")
	}
	return nil
}

// orgItself reads the organization: id, management account, root and the
// policy types enabled.
func (c *converter) orgItself(b *orgBuilder) error {
	r := b.res
	m := &iamdump.ModelOrganization{Origin: c.origin(r)}
	b.m = m
	id, ok, err := c.str(r, "id")
	switch {
	case err != nil:
		return err
	case ok && id != "":
		m.ID = id
	default:
		m.ID = placeholderOrgID
		m.Note = "PLACEHOLDER id: the organization's id is unknown until apply"
		c.note(r, false, "the organization's id is unknown until apply: imported as "+placeholderOrgID)
	}
	mgmt, ok, err := c.str(r, "master_account_id")
	if err != nil {
		return err
	}
	if !ok || mgmt == "" {
		// The account that creates the organization manages it.
		if mgmt, err = c.account(r); err != nil {
			return err
		}
		c.note(r, false, "master_account_id is unknown until apply: the management account is taken to be "+mgmt+", the account of "+r.addr+" (the one that creates the organization)")
	} else if !isAccountID(mgmt) {
		return c.typeErr(r, "master_account_id", "a 12-digit account id")
	}
	m.ManagementAccount = mgmt
	roots, err := c.objects(r, "roots")
	if err != nil {
		return err
	}
	m.RootFrom = r.addr + ".roots[0]"
	if len(roots) > 0 {
		m.RootID, _ = roots[0]["id"].(string)
	}
	if m.RootID == "" {
		m.RootID = placeholderRootID
		c.note(r, false, "the organization's root id is unknown until apply: imported as "+placeholderRootID)
	}
	b.ous[m.RootID] = true
	if unknownAt(r.unknown, "enabled_policy_types") {
		return nil
	}
	if _, present := r.vals["enabled_policy_types"]; !present {
		return nil
	}
	types, err := c.strList(r, "enabled_policy_types")
	if err != nil {
		return err
	}
	if fs, _, _ := c.str(r, "feature_set"); fs == "CONSOLIDATED_BILLING" {
		types = nil
	}
	b.enabled = map[string]bool{}
	for _, t := range types {
		b.enabled[t] = true
	}
	return nil
}

// orgID reads the id of an OU, account or policy, or gives it a
// placeholder.
func (c *converter) orgID(b *orgBuilder, r *resource) error {
	id, ok, err := c.str(r, "id")
	if err != nil {
		return err
	}
	defer func() {
		switch n, _ := r.vals["name"].(string); {
		case r.typ == typeOU && n != "":
			b.ous[b.ids[r]] = true
		case r.typ == typeOrgAccount:
			b.accounts[b.ids[r]] = true
		}
	}()
	if ok && id != "" {
		b.ids[r] = id
		return nil
	}
	b.n[r.typ]++
	n := strconv.Itoa(b.n[r.typ])
	switch r.typ {
	case typeOU:
		id = "ou-unknownuntilapply-" + strings.Repeat("0", 8-min(len(n), 8)) + n
	case typeOrgAccount:
		id = c.placeholderAccount(b)
	case typeOrgPolicy:
		id = "p-unknownuntilapply" + n
	}
	b.ids[r] = id
	return nil
}

// placeholderAccount returns an account id no account of the plan has:
// 000000000001, 000000000002, ...
func (c *converter) placeholderAccount(b *orgBuilder) string {
	for i := 1; ; i++ {
		s := strconv.Itoa(i)
		id := strings.Repeat("0", 12-len(s)) + s
		used := b.accounts[id] || id == b.m.ManagementAccount
		if _, ok := c.acctFrom[id]; ok {
			used = true
		}
		for _, v := range b.ids {
			used = used || v == id
		}
		if !used {
			return id
		}
	}
}

// placeholderNote is the comment of what has a placeholder id.
func placeholderNote(r *resource, id string) string {
	if strings.Contains(id, "unknownuntilapply") || strings.HasPrefix(id, "0000000000") {
		return "PLACEHOLDER id: the id of " + r.addr + " is unknown until apply"
	}
	return ""
}

// parent returns the id of the root or OU a resource's parent_id names:
// the value, or the resource the configuration refers to when it is
// unknown until apply. A parent the plan does not hold is a placeholder OU
// (under the root, with the placeholder SCP).
func (c *converter) parent(b *orgBuilder, r *resource) (string, error) {
	p, ok, err := c.str(r, "parent_id")
	if err != nil {
		return "", err
	}
	if !ok || p == "" {
		if !unknownAt(r.unknown, "parent_id") {
			return "", &iamdump.Error{File: c.file, Path: c.valuePath(r, "parent_id"), Message: r.addr + ": missing parent_id"}
		}
		if id, what := c.orgRef(b, r, "parent_id", typeOU, typeOrg); id != "" {
			c.note(r, false, "parent_id is unknown until apply; the configuration refers to "+what+": read as "+id)
			return id, nil
		}
		return c.holder(b, r, "", "parent_id is unknown until apply and refers to no OU or root of the plan"), nil
	}
	if b.ous[p] || c.opts.Over.HasParent(p) {
		return p, nil
	}
	return c.holder(b, r, p, "its parent "+p+" is not in the plan (managed elsewhere)"), nil
}

// holder returns the placeholder OU that stands for an unknown parent
// ("" for one the plan cannot name), noting why r is placed in it.
func (c *converter) holder(b *orgBuilder, r *resource, parent, why string) string {
	key := parent
	if !strings.HasPrefix(parent, "ou-") || !validOU(parent) {
		key = ""
	}
	id, ok := b.holders[key]
	if !ok {
		id = key
		name := "placeholder-" + key
		if key == "" {
			id, name = "ou-unknownuntilapply-parent00", "placeholder-unknown-parent"
		}
		b.holders[key] = id
		b.ous[id] = true
		b.denyAll = true
		b.m.OUs = append(b.m.OUs, iamdump.ModelOU{Origin: c.origin(r), ID: id, Name: name, Parent: b.m.RootID,
			Note: "PLACEHOLDER: stands for an OU the plan does not hold (its place and SCPs are not known); its SCP denies everything"})
		b.m.Attachments = append(b.m.Attachments, iamdump.ModelOrgAttachment{Origin: c.origin(r), PolicyID: placeholderSCPID, TargetID: id})
		c.placeheld++
	}
	c.note(r, true, why+": placed in the placeholder OU "+id+", whose SCP denies everything (give the organization's listings with --over to import the real place)")
	return id
}

func validOU(s string) bool {
	rest, ok := strings.CutPrefix(s, "ou-")
	if !ok {
		return false
	}
	a, b, ok := strings.Cut(rest, "-")
	return ok && lowerAlnum(a, 4, 32) && lowerAlnum(b, 8, 32)
}

func lowerAlnum(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !(s[i] >= 'a' && s[i] <= 'z' || s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}

// orgRef follows the configuration's reference of r's attr to a resource
// of one of the types: its id, and how it was found. "" when the
// references name none, or several.
func (c *converter) orgRef(b *orgBuilder, r *resource, attr string, types ...string) (string, string) {
	var found *resource
	for _, typ := range types {
		if t := c.referred(r, attr, typ); t != nil {
			if found != nil && found != t {
				return "", ""
			}
			found = t
		}
	}
	switch {
	case found == nil:
		return "", ""
	case found == b.res && b.res != nil:
		return b.m.RootID, found.addr + "'s root"
	case b.ids[found] != "":
		return b.ids[found], found.addr
	}
	return "", ""
}

func (c *converter) ou(b *orgBuilder, r *resource) error {
	id := b.ids[r]
	name, ok, err := c.str(r, "name")
	if err != nil {
		return err
	}
	if !ok || name == "" {
		c.note(r, true, "OU "+r.addr+": its name is unknown until apply: not imported (what it holds is placed in a placeholder OU)")
		return nil
	}
	parent, err := c.parent(b, r)
	if err != nil {
		return err
	}
	b.m.OUs = append(b.m.OUs, iamdump.ModelOU{Origin: c.origin(r), ID: id, Name: name, Parent: parent, Note: placeholderNote(r, id)})
	if n := placeholderNote(r, id); n != "" {
		c.note(r, false, "OU "+name+": its id is unknown until apply: imported as "+id)
	}
	return nil
}

func (c *converter) orgAccount(b *orgBuilder, r *resource) error {
	id := b.ids[r]
	parent, err := c.parent(b, r)
	if err != nil {
		return err
	}
	note := placeholderNote(r, id)
	if note != "" {
		c.placeheld++
		c.note(r, true, "account "+r.addr+": its id is unknown until apply: imported as the placeholder account "+id+" (no IAM entity of the plan can be in it)")
	}
	b.m.Accounts = append(b.m.Accounts, iamdump.ModelOrgAccount{Origin: c.origin(r), ID: id, Parent: parent, Note: note})
	return nil
}

func (c *converter) orgPolicy(b *orgBuilder, r *resource) error {
	id := b.ids[r]
	name, ok, err := c.str(r, "name")
	if err != nil {
		return err
	}
	if !ok || name == "" {
		c.note(r, true, "organization policy "+r.addr+": its name is unknown until apply: not imported (what it is attached to gets the placeholder SCP)")
		return nil
	}
	typ, ok, err := c.str(r, "type")
	switch {
	case err != nil:
		return err
	case !ok && !unknownAt(r.unknown, "type"):
		typ = "SERVICE_CONTROL_POLICY" // the provider's default
	case !ok:
		c.note(r, true, "organization policy "+name+": its type is unknown until apply: not imported (what it is attached to gets the placeholder SCP)")
		return nil
	}
	p := &iamdump.ModelOrgPolicy{Origin: c.origin(r), ID: id, Name: name, Type: typ}
	if typ == "SERVICE_CONTROL_POLICY" || typ == "RESOURCE_CONTROL_POLICY" {
		if b.enabled != nil && !b.enabled[typ] {
			c.note(r, true, "organization policy "+name+": "+typ+" is not enabled in "+b.addr+" (enabled_policy_types, feature_set), so AWS applies none: not imported")
			return nil
		}
		ph := identityPlaceholder
		if typ == "RESOURCE_CONTROL_POLICY" {
			ph = rcpPlaceholder
		}
		doc, ok, err := c.document(r, "organization policy "+name, "its content", ph, "content")
		if err != nil {
			return err
		}
		if !ok {
			return &iamdump.Error{File: c.file, Path: c.valuePath(r, "content"), Message: r.addr + ": missing content"}
		}
		p.Document = doc
	}
	if placeholderNote(r, id) != "" {
		c.note(r, false, "organization policy "+name+": its id is unknown until apply: imported as "+id)
		if p.Document.Placeholder == "" {
			p.Document.Placeholder = "PLACEHOLDER PolicyId: unknown until apply"
		}
	}
	b.policies[id] = p
	b.m.Policies = append(b.m.Policies, *p)
	return nil
}

func (c *converter) orgAttachment(b *orgBuilder, r *resource) error {
	target, ok, err := c.str(r, "target_id")
	if err != nil {
		return err
	}
	if !ok || target == "" {
		if !unknownAt(r.unknown, "target_id") {
			return &iamdump.Error{File: c.file, Path: c.valuePath(r, "target_id"), Message: r.addr + ": missing target_id"}
		}
		id, what := c.orgRef(b, r, "target_id", typeOU, typeOrgAccount, typeOrg)
		if id == "" {
			c.note(r, true, "target_id is unknown until apply and refers to no OU, account or root of the plan: the policy is attached nowhere in the world")
			return nil
		}
		c.note(r, false, "target_id is unknown until apply; the configuration refers to "+what+": read as "+id)
		target = id
	}
	if !b.ous[target] && !b.accounts[target] && !isAccountID(target) && !c.opts.Over.HasParent(target) {
		c.note(r, false, "target "+target+" is not in the plan's organization (managed elsewhere): the attachment affects nothing in the world")
	}
	pid, ok, err := c.str(r, "policy_id")
	if err != nil {
		return err
	}
	if !ok || pid == "" {
		if !unknownAt(r.unknown, "policy_id") {
			return &iamdump.Error{File: c.file, Path: c.valuePath(r, "policy_id"), Message: r.addr + ": missing policy_id"}
		}
		id, what := c.orgRef(b, r, "policy_id", typeOrgPolicy)
		if id == "" || b.policies[id] == nil {
			c.note(r, true, "policy_id is unknown until apply and refers to no organization policy of the plan: "+target+" gets the placeholder SCP that denies everything")
			pid = placeholderSCPID
			b.denyAll = true
		} else {
			c.note(r, false, "policy_id is unknown until apply; the configuration refers to "+what+": read as "+id)
			pid = id
		}
	}
	switch {
	case pid == "p-FullAWSAccess" || pid == "p-RCPFullAWSAccess":
		return nil // attached everywhere already
	case pid == placeholderSCPID:
	case b.policies[pid] == nil && c.opts.Over.HasOrgPolicy(pid):
	case b.policies[pid] == nil:
		c.note(r, true, "policy "+pid+" is not in the plan (managed elsewhere, or not imported), so what it denies is not known: "+target+" gets the placeholder SCP that denies everything")
		pid = placeholderSCPID
		b.denyAll = true
	}
	if b.attached[pid+" "+target] {
		return nil
	}
	b.attached[pid+" "+target] = true
	b.m.Attachments = append(b.m.Attachments, iamdump.ModelOrgAttachment{Origin: c.origin(r), PolicyID: pid, TargetID: target})
	return nil
}

// orgMembers places the accounts the organization lists (its accounts
// attribute) that no aws_organizations_account places: their parent is not
// in the plan.
func (c *converter) orgMembers(b *orgBuilder) error {
	r := b.res
	if r == nil || unknownAt(r.unknown, "accounts") {
		return nil
	}
	list, err := c.objects(r, "accounts")
	if err != nil {
		return err
	}
	for i, a := range list {
		id, _ := a["id"].(string)
		if !isAccountID(id) {
			return &iamdump.Error{File: c.file, Path: index(c.valuePath(r, "accounts"), i) + ".id", Message: r.addr + ": expected a 12-digit account id"}
		}
		if b.accounts[id] || id == b.m.ManagementAccount || c.opts.Over.PlacesAccount(id) {
			continue
		}
		b.accounts[id] = true
		parent := c.holder(b, r, "", "account "+id+" is a member ("+r.addr+".accounts) that no aws_organizations_account of the plan places: its parent is not known")
		b.m.Accounts = append(b.m.Accounts, iamdump.ModelOrgAccount{Origin: iamdump.Origin{From: r.addr + ".accounts[" + strconv.Itoa(i) + "]", Path: index(c.valuePath(r, "accounts"), i)}, ID: id, Parent: parent})
	}
	return nil
}

// allAccounts are the accounts of the IAM entities and of the
// organization, sorted.
func (c *converter) allAccounts() []string {
	set := map[string]bool{}
	for id := range c.acctFrom {
		set[id] = true
	}
	if o := c.m.Organization; o != nil {
		set[o.ManagementAccount] = true
		for _, a := range o.Accounts {
			set[a.ID] = true
		}
	}
	return sortedKeys(set)
}
