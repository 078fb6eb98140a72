package tfplan

import (
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/importer/iamdump"
)

// PlaceholderSid is the Sid of the statement of every placeholder
// document: what a value unknown until apply is imported as.
const PlaceholderSid = "PlaceholderUnknownUntilApply"

// trustPlaceholder trusts no one; identityPlaceholder denies every action.
const (
	trustPlaceholder    = `{"Version":"2012-10-17","Statement":[{"Sid":"` + PlaceholderSid + `","Effect":"Deny","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`
	identityPlaceholder = `{"Version":"2012-10-17","Statement":[{"Sid":"` + PlaceholderSid + `","Effect":"Deny","Action":"*","Resource":"*"}]}`
)

// converter turns resources into an iamdump.Model.
type converter struct {
	file   string
	res    []*resource
	opts   Options
	config *config
	m      *iamdump.Model

	moduleAcct map[string]string // from the ARNs of its resources; "" when they disagree
	acctFrom   map[string]string // account -> how it is known, for the header
	byAddr     map[string]*resource
	roles      map[string]*iamdump.ModelRole // by account/name
	users      map[string]*iamdump.ModelUser
	groups     map[string]*iamdump.ModelGroup
	policies   map[string]*iamdump.ModelPolicy // by address
	acctOfRes  map[*resource]string
	placeheld  int
	otherTypes map[string]int
	orgHeader  []string    // what the header says of the organization
	gone       []*resource // the resources the plan deletes
}

func newConverter(file string, res []*resource, opts Options) *converter {
	c := &converter{file: file, res: res, opts: opts, m: &iamdump.Model{},
		moduleAcct: map[string]string{}, acctFrom: map[string]string{}, byAddr: map[string]*resource{},
		roles: map[string]*iamdump.ModelRole{}, users: map[string]*iamdump.ModelUser{}, groups: map[string]*iamdump.ModelGroup{},
		policies: map[string]*iamdump.ModelPolicy{}, acctOfRes: map[*resource]string{}, otherTypes: map[string]int{}}
	seen := map[string]bool{}
	for _, r := range res {
		c.byAddr[r.addr] = r
		arn, _ := r.vals["arn"].(string)
		id := accountOfARN(arn)
		if id == "" || !strings.HasPrefix(r.typ, "aws_") {
			continue
		}
		if prev, ok := c.moduleAcct[r.module]; !seen[r.module] {
			c.moduleAcct[r.module] = id
			seen[r.module] = true
		} else if ok && prev != id {
			c.moduleAcct[r.module] = ""
		}
	}
	return c
}

func (c *converter) note(r *resource, dropped bool, msg string) {
	c.m.Notes = append(c.m.Notes, iamdump.Note{File: c.file, Path: r.addr, Message: msg, Dropped: dropped})
}

func moduleName(m string) string {
	if m == "" {
		return "the root module"
	}
	return m
}

// account is the account a resource belongs to: its own ARN's, the one
// --account gives its module, its module's ARNs', or --account's.
func (c *converter) account(r *resource) (string, error) {
	if id, ok := c.acctOfRes[r]; ok {
		return id, nil
	}
	arn, _ := r.vals["arn"].(string)
	id, how := accountOfARN(arn), "the ARN of "+r.addr
	switch {
	case id != "":
	case c.opts.ModuleAccounts[r.module] != "":
		id, how = c.opts.ModuleAccounts[r.module], "--account "+r.module+"="+c.opts.ModuleAccounts[r.module]
	case c.moduleAcct[r.module] != "":
		id, how = c.moduleAcct[r.module], "the ARNs of "+moduleName(r.module)+"'s resources"
	case c.opts.Account != "":
		id, how = c.opts.Account, "--account"
	default:
		flag := "--account ID"
		if r.module != "" {
			flag += " (or --account " + r.module + "=ID)"
		}
		return "", &iamdump.Error{File: c.file, Path: r.path, Message: r.addr + ": its account is not known (no ARN of the plan names one for " + moduleName(r.module) + "): give " + flag}
	}
	if _, ok := c.acctFrom[id]; !ok {
		c.acctFrom[id] = how
	}
	c.acctOfRes[r] = id
	return id, nil
}

func (c *converter) accountIDs() []string { return sortedKeys(c.acctFrom) }

func (c *converter) header() []string {
	var h []string
	for _, id := range c.accountIDs() {
		h = append(h, "Account "+id+": known from "+c.acctFrom[id]+".")
	}
	if c.placeheld > 0 {
		h = append(h, strconv.Itoa(c.placeheld)+" value(s) unknown until apply are placeholders (Sid "+PlaceholderSid+", denying", "everything, each with a comment naming its resource): see the notes.")
	}
	return append(h, c.orgHeader...)
}

func key(acct, name string) string { return acct + "/" + strings.ToLower(name) }

// convert reads the entities, then what refers to them.
func (c *converter) convert() (*iamdump.Model, error) {
	for _, r := range c.res {
		var err error
		switch r.typ {
		case "aws_iam_role":
			err = c.role(r)
		case "aws_iam_user":
			err = c.user(r)
		case "aws_iam_group":
			err = c.group(r)
		case "aws_iam_policy":
			err = c.policy(r)
		case "aws_iam_openid_connect_provider":
			err = c.oidc(r)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, r := range c.res {
		var err error
		switch r.typ {
		case "aws_iam_role", "aws_iam_user", "aws_iam_group", "aws_iam_policy", "aws_iam_openid_connect_provider":
		case "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy":
			err = c.inlinePolicy(r)
		case "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment":
			err = c.attachment(r)
		case "aws_iam_group_membership":
			err = c.groupMembership(r)
		case "aws_iam_user_group_membership":
			err = c.userGroups(r)
		case typeOrg, typeOU, typeOrgAccount, typeOrgPolicy, typeOrgAttach:
		default:
			if strings.HasPrefix(r.typ, "aws_iam_") || strings.HasPrefix(r.typ, "aws_organizations_") {
				c.note(r, true, r.typ+" is not read by rolesim import terraform: not imported")
			} else {
				c.otherTypes[r.typ]++
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if err := c.orgResources(); err != nil {
		return nil, err
	}
	if err := c.deletions(c.gone); err != nil {
		return nil, err
	}
	c.dropDeleted()
	c.finish()
	if len(c.otherTypes) > 0 {
		var list []string
		for _, t := range sortedKeys(c.otherTypes) {
			list = append(list, t+" ("+strconv.Itoa(c.otherTypes[t])+")")
		}
		c.m.Notes = append(c.m.Notes, iamdump.Note{File: c.file, Message: "resources of types that hold no IAM entity were not read: " + strings.Join(list, ", ")})
	}
	return c.m, nil
}

func (c *converter) origin(r *resource) iamdump.Origin {
	return iamdump.Origin{From: r.addr, Path: r.path}
}

// document returns a policy document value, or its placeholder (noted)
// when it is unknown until apply. keys locate it in the values and in
// after_unknown; label names it in messages.
func (c *converter) document(r *resource, owner, label, placeholder string, keys ...any) (iamdump.ModelDoc, bool, error) {
	jpath := r.path + ".values"
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			jpath += "." + k
		case int:
			jpath = index(jpath, k)
		}
	}
	var v any = r.vals
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k < len(l) {
				v = l[k]
			} else {
				v = nil
			}
		}
	}
	if unknownAt(r.unknown, keys...) {
		c.placeheld++
		c.note(r, true, owner+": "+label+" is unknown until apply (it refers to a value this plan creates): imported as a placeholder that denies everything (Sid "+PlaceholderSid+")")
		return iamdump.ModelDoc{JSON: placeholder, Path: jpath, Placeholder: "PLACEHOLDER: " + label + " of " + r.addr + " is unknown until apply; this denies everything"}, true, nil
	}
	if v == nil {
		return iamdump.ModelDoc{}, false, nil
	}
	s, ok := v.(string)
	if !ok {
		return iamdump.ModelDoc{}, false, &iamdump.Error{File: c.file, Path: jpath, Message: r.addr + ": expected a policy document (a JSON string)"}
	}
	return iamdump.ModelDoc{JSON: s, Path: jpath}, true, nil
}

// name returns an entity's name; ok is false (noted) when it is unknown.
func (c *converter) name(r *resource, what string) (string, bool, error) {
	n, ok, err := c.str(r, "name")
	if err != nil {
		return "", false, err
	}
	if !ok || n == "" {
		if unknownAt(r.unknown, "name") {
			c.note(r, true, what+"'s name is unknown until apply (name_prefix?): not imported")
		} else {
			c.note(r, true, what+" has no name: not imported")
		}
		return "", false, nil
	}
	return n, true, nil
}

func (c *converter) pathOf(r *resource) (string, error) {
	p, _, err := c.str(r, "path")
	return p, err
}

func (c *converter) tags(r *resource) (map[string]string, error) {
	if _, ok := r.vals["tags_all"]; ok && !unknownAt(r.unknown, "tags_all") {
		return c.strMap(r, "tags_all")
	}
	return c.strMap(r, "tags")
}

// boundary returns a permissions boundary. An unknown one (unknown until
// apply) cannot be left out, which would grant more than AWS will: it is
// replaced by a placeholder inline policy that denies everything, returned
// as deny (noted), the reading that never allows more.
func (c *converter) boundary(r *resource, owner string) (ref *iamdump.ModelRef, deny *iamdump.ModelDoc, err error) {
	if unknownAt(r.unknown, "permissions_boundary") {
		c.note(r, true, owner+": the permissions boundary is unknown until apply: imported as a placeholder inline policy that denies everything (Sid "+PlaceholderSid+"), since no boundary would grant more than AWS will")
		c.placeheld++
		return nil, &iamdump.ModelDoc{Name: "placeholder-unknown-boundary", JSON: identityPlaceholder, Path: c.valuePath(r, "permissions_boundary"),
			Placeholder: "PLACEHOLDER: the permissions boundary of " + r.addr + " is unknown until apply; this denies everything"}, nil
	}
	b, _, err := c.str(r, "permissions_boundary")
	if err != nil || b == "" {
		return nil, nil, err
	}
	return &iamdump.ModelRef{Ref: b, From: r.addr}, nil, nil
}

func (c *converter) role(r *resource) error {
	acct, err := c.account(r)
	if err != nil {
		return err
	}
	name, ok, err := c.name(r, "role "+r.addr)
	if err != nil || !ok {
		return err
	}
	owner := "role " + name
	ro := &iamdump.ModelRole{Origin: c.origin(r), Account: acct, Name: name}
	if ro.Path, err = c.pathOf(r); err != nil {
		return err
	}
	if ro.Description, _, err = c.str(r, "description"); err != nil {
		return err
	}
	d, known, err := c.integer(r, "max_session_duration")
	switch {
	case err != nil:
		return err
	case known:
		ro.MaxSessionDuration = d
	case unknownAt(r.unknown, "max_session_duration"):
		c.note(r, false, owner+": max_session_duration is unknown until apply: imported as 3600, AWS's default, which may be wrong")
		ro.MaxSessionDuration = 3600
	default:
		ro.MaxSessionDuration = 3600 // the provider's default
	}
	trust, ok, err := c.document(r, owner, "assume_role_policy", trustPlaceholder, "assume_role_policy")
	if err != nil {
		return err
	}
	if !ok {
		return &iamdump.Error{File: c.file, Path: c.valuePath(r, "assume_role_policy"), Message: r.addr + ": missing assume_role_policy"}
	}
	ro.Trust = trust
	if unknownAt(r.unknown, "inline_policy") {
		c.placeheld++
		c.note(r, true, owner+": the inline_policy blocks are unknown until apply: imported as one placeholder inline policy that denies everything")
		ro.Inline = append(ro.Inline, iamdump.ModelDoc{Name: "placeholder-unknown-until-apply", JSON: identityPlaceholder, Path: c.valuePath(r, "inline_policy"),
			Placeholder: "PLACEHOLDER: the inline_policy blocks of " + r.addr + " are unknown until apply; this denies everything"})
	} else {
		blocks, err := c.objects(r, "inline_policy")
		if err != nil {
			return err
		}
		for i, b := range blocks {
			n, _ := b["name"].(string)
			if n == "" && unknownAt(r.unknown, "inline_policy", i, "name") {
				// Its statements still apply (a Deny among them must not be
				// lost): imported under a name of its own.
				n = "unknown-name-" + strconv.Itoa(i)
				c.note(r, true, owner+": the name of inline_policy block "+strconv.Itoa(i)+" is unknown until apply: imported as "+n)
			}
			if p, _ := b["policy"].(string); n == "" && p == "" && !unknownAt(r.unknown, "inline_policy", i, "policy") {
				continue // how the provider writes "no inline policies"
			}
			doc, ok, err := c.document(r, owner, "inline policy "+n, identityPlaceholder, "inline_policy", i, "policy")
			if err != nil {
				return err
			}
			if !ok {
				return &iamdump.Error{File: c.file, Path: index(c.valuePath(r, "inline_policy"), i), Message: r.addr + ": inline_policy block without a policy"}
			}
			doc.Name = n
			ro.Inline = append(ro.Inline, doc)
		}
	}
	if unknownAt(r.unknown, "managed_policy_arns") {
		// The policies it will attach may deny: attaching none would grant
		// more than AWS will.
		c.placeheld++
		c.note(r, true, owner+": managed_policy_arns is unknown until apply: imported as a placeholder inline policy that denies everything (Sid "+PlaceholderSid+")")
		ro.Inline = append(ro.Inline, iamdump.ModelDoc{Name: "placeholder-unknown-managed-policies", JSON: identityPlaceholder, Path: c.valuePath(r, "managed_policy_arns"),
			Placeholder: "PLACEHOLDER: managed_policy_arns of " + r.addr + " is unknown until apply; this denies everything"})
	} else {
		arns, err := c.strList(r, "managed_policy_arns")
		if err != nil {
			return err
		}
		for _, a := range arns {
			ro.Managed = append(ro.Managed, iamdump.ModelRef{Ref: a, From: r.addr})
		}
	}
	var deny *iamdump.ModelDoc
	if ro.Boundary, deny, err = c.boundary(r, owner); err != nil {
		return err
	}
	if deny != nil {
		ro.Inline = append(ro.Inline, *deny)
	}
	if ro.Tags, err = c.tags(r); err != nil {
		return err
	}
	if prev := c.roles[key(acct, name)]; prev != nil {
		return &iamdump.Error{File: c.file, Path: r.path, Message: r.addr + ": role " + name + " of account " + acct + " is also declared by " + prev.From}
	}
	c.roles[key(acct, name)] = ro
	return nil
}

func (c *converter) user(r *resource) error {
	acct, err := c.account(r)
	if err != nil {
		return err
	}
	name, ok, err := c.name(r, "user "+r.addr)
	if err != nil || !ok {
		return err
	}
	u := &iamdump.ModelUser{Origin: c.origin(r), Account: acct, Name: name}
	if u.Path, err = c.pathOf(r); err != nil {
		return err
	}
	var deny *iamdump.ModelDoc
	if u.Boundary, deny, err = c.boundary(r, "user "+name); err != nil {
		return err
	}
	if deny != nil {
		u.Inline = append(u.Inline, *deny)
	}
	if u.Tags, err = c.tags(r); err != nil {
		return err
	}
	if prev := c.users[key(acct, name)]; prev != nil {
		return &iamdump.Error{File: c.file, Path: r.path, Message: r.addr + ": user " + name + " of account " + acct + " is also declared by " + prev.From}
	}
	c.users[key(acct, name)] = u
	return nil
}

func (c *converter) group(r *resource) error {
	acct, err := c.account(r)
	if err != nil {
		return err
	}
	name, ok, err := c.name(r, "group "+r.addr)
	if err != nil || !ok {
		return err
	}
	g := &iamdump.ModelGroup{Origin: c.origin(r), Account: acct, Name: name}
	if g.Path, err = c.pathOf(r); err != nil {
		return err
	}
	if prev := c.groups[key(acct, name)]; prev != nil {
		return &iamdump.Error{File: c.file, Path: r.path, Message: r.addr + ": group " + name + " of account " + acct + " is also declared by " + prev.From}
	}
	c.groups[key(acct, name)] = g
	return nil
}

func (c *converter) policy(r *resource) error {
	acct, err := c.account(r)
	if err != nil {
		return err
	}
	name, ok, err := c.name(r, "policy "+r.addr)
	if err != nil || !ok {
		return err
	}
	p := &iamdump.ModelPolicy{Origin: c.origin(r), Account: acct, Name: name}
	if p.Path, err = c.pathOf(r); err != nil {
		return err
	}
	if p.Description, _, err = c.str(r, "description"); err != nil {
		return err
	}
	doc, ok, err := c.document(r, "policy "+name, "the policy", identityPlaceholder, "policy")
	if err != nil {
		return err
	}
	if !ok {
		return &iamdump.Error{File: c.file, Path: c.valuePath(r, "policy"), Message: r.addr + ": missing policy"}
	}
	p.Document = doc
	c.policies[r.addr] = p
	c.m.Policies = append(c.m.Policies, *p)
	return nil
}

func (c *converter) oidc(r *resource) error {
	acct, err := c.account(r)
	if err != nil {
		return err
	}
	url, ok, err := c.str(r, "url")
	if err != nil {
		return err
	}
	if !ok {
		c.note(r, true, "OIDC provider "+r.addr+": its url is unknown until apply: not imported")
		return nil
	}
	if !strings.Contains(url, "://") {
		url = "https://" + url // the form IAM returns
	}
	ids, err := c.strList(r, "client_id_list")
	if err != nil {
		return err
	}
	sort.Strings(ids)
	c.m.OIDCProviders = append(c.m.OIDCProviders, iamdump.ModelOIDCProvider{Origin: c.origin(r), Account: acct, URL: url, ClientIDs: ids})
	return nil
}

// target returns the name of the role, user or group a resource's key
// names: the value, or, when it is unknown until apply, the name of the
// resource the configuration's expression refers to (noted). ok is false
// (noted) when neither says.
func (c *converter) target(r *resource, attr, typ string) (string, bool, error) {
	v, ok, err := c.str(r, attr)
	if err != nil || ok {
		return v, ok, err
	}
	if !unknownAt(r.unknown, attr) {
		return "", false, &iamdump.Error{File: c.file, Path: c.valuePath(r, attr), Message: r.addr + ": missing " + attr}
	}
	if t := c.referred(r, attr, typ); t != nil {
		if n, _ := t.vals["name"].(string); n != "" {
			c.note(r, false, attr+" is unknown until apply; the configuration refers to "+t.addr+", created by this plan: read as its name "+n)
			return n, true, nil
		}
	}
	c.note(r, true, attr+" is unknown until apply and refers to no "+typ+" of the plan whose name is known: not imported")
	return "", false, nil
}

// referred returns the resource of type typ, in r's module instance, that
// the configuration's expression for r's attr refers to; nil when there is
// none, or more than one.
func (c *converter) referred(r *resource, attr, typ string) *resource {
	var found *resource
	for _, ref := range c.config.references(r, attr) {
		parts := strings.Split(ref, ".")
		if len(parts) < 2 || parts[0] != typ {
			continue
		}
		addr := parts[0] + "." + parts[1]
		if r.module != "" {
			addr = r.module + "." + addr
		}
		t := c.byAddr[addr]
		if t == nil {
			continue
		}
		if found != nil && found != t {
			return nil
		}
		found = t
	}
	return found
}

// owner finds the role, user or group a policy or attachment belongs to.
func (c *converter) owner(r *resource) (inline *[]iamdump.ModelDoc, managed *[]iamdump.ModelRef, acct, desc string, ok bool, err error) {
	attr, typ := "role", "aws_iam_role"
	switch {
	case strings.HasPrefix(r.typ, "aws_iam_user_"):
		attr, typ = "user", "aws_iam_user"
	case strings.HasPrefix(r.typ, "aws_iam_group_"):
		attr, typ = "group", "aws_iam_group"
	}
	if acct, err = c.account(r); err != nil {
		return
	}
	name, known, err := c.target(r, attr, typ)
	if err != nil || !known {
		return nil, nil, "", "", false, err
	}
	desc = attr + " " + name
	switch attr {
	case "role":
		if ro := c.roles[key(acct, name)]; ro != nil {
			return &ro.Inline, &ro.Managed, acct, desc, true, nil
		}
	case "user":
		if u := c.users[key(acct, name)]; u != nil {
			return &u.Inline, &u.Managed, acct, desc, true, nil
		}
	case "group":
		if g := c.groups[key(acct, name)]; g != nil {
			return &g.Inline, &g.Managed, acct, desc, true, nil
		}
	}
	c.note(r, true, desc+" of account "+acct+" is not in the plan (managed elsewhere, or not imported): "+r.typ+" left out")
	return nil, nil, "", "", false, nil
}

func (c *converter) inlinePolicy(r *resource) error {
	inline, _, _, owner, ok, err := c.owner(r)
	if err != nil || !ok {
		return err
	}
	name, ok, err := c.name(r, r.typ+" "+r.addr)
	if err != nil || !ok {
		return err
	}
	doc, ok, err := c.document(r, owner, "inline policy "+name, identityPlaceholder, "policy")
	if err != nil {
		return err
	}
	if !ok {
		return &iamdump.Error{File: c.file, Path: c.valuePath(r, "policy"), Message: r.addr + ": missing policy"}
	}
	doc.Name = name
	for i, d := range *inline {
		// The role's inline_policy lists the inline policies it has (the
		// provider reads them all into it): this resource's document is
		// the one apply leaves.
		if d.Name == name && strings.Contains(d.Path, ".values.inline_policy") {
			(*inline)[i] = doc
			return nil
		}
	}
	*inline = append(*inline, doc)
	return nil
}

func (c *converter) attachment(r *resource) error {
	inline, managed, acct, owner, ok, err := c.owner(r)
	if err != nil || !ok {
		return err
	}
	arn, known, err := c.str(r, "policy_arn")
	if err != nil {
		return err
	}
	if !known {
		if !unknownAt(r.unknown, "policy_arn") {
			return &iamdump.Error{File: c.file, Path: c.valuePath(r, "policy_arn"), Message: r.addr + ": missing policy_arn"}
		}
		t := c.referred(r, "policy_arn", "aws_iam_policy")
		p := (*iamdump.ModelPolicy)(nil)
		if t != nil {
			p = c.policies[t.addr]
		}
		if p == nil || p.Account != acct {
			// The policy it will attach may deny: leaving it out would
			// grant more than AWS will.
			c.placeheld++
			c.note(r, true, owner+": policy_arn is unknown until apply and refers to no aws_iam_policy of the plan in the account: imported as a placeholder inline policy that denies everything (Sid "+PlaceholderSid+")")
			*inline = append(*inline, iamdump.ModelDoc{Name: "placeholder-unknown-attachment-" + strconv.Itoa(len(*inline)+1), JSON: identityPlaceholder, Path: c.valuePath(r, "policy_arn"),
				Placeholder: "PLACEHOLDER: the policy " + r.addr + " attaches is unknown until apply; this denies everything"})
			return nil
		}
		path := p.Path
		if path == "" {
			path = "/"
		}
		arn = "arn:aws:iam::" + acct + ":policy" + path + p.Name
		c.note(r, false, owner+": policy_arn is unknown until apply; the configuration refers to "+t.addr+", created by this plan: attached as "+arn)
	}
	*managed = append(*managed, iamdump.ModelRef{Ref: arn, From: r.addr})
	return nil
}

func (c *converter) groupMembership(r *resource) error {
	acct, err := c.account(r)
	if err != nil {
		return err
	}
	group, ok, err := c.target(r, "group", "aws_iam_group")
	if err != nil || !ok {
		return err
	}
	if unknownAt(r.unknown, "users") {
		c.note(r, true, "group "+group+": the members are unknown until apply: membership left out")
		return nil
	}
	users, err := c.strList(r, "users")
	if err != nil {
		return err
	}
	for _, name := range users {
		u := c.users[key(acct, name)]
		if u == nil {
			c.note(r, true, "group "+group+": user "+name+" of account "+acct+" is not in the plan: membership left out")
			continue
		}
		u.Groups = append(u.Groups, iamdump.ModelRef{Ref: group, From: r.addr})
	}
	return nil
}

func (c *converter) userGroups(r *resource) error {
	acct, err := c.account(r)
	if err != nil {
		return err
	}
	name, ok, err := c.target(r, "user", "aws_iam_user")
	if err != nil || !ok {
		return err
	}
	u := c.users[key(acct, name)]
	if u == nil {
		c.note(r, true, "user "+name+" of account "+acct+" is not in the plan: its group memberships left out")
		return nil
	}
	if unknownAt(r.unknown, "groups") {
		// The groups' policies may deny: no membership at all would grant
		// more than AWS will.
		c.placeheld++
		c.note(r, true, "user "+name+": the groups are unknown until apply: imported as a placeholder inline policy that denies everything (Sid "+PlaceholderSid+")")
		u.Inline = append(u.Inline, iamdump.ModelDoc{Name: "placeholder-unknown-groups", JSON: identityPlaceholder, Path: c.valuePath(r, "groups"),
			Placeholder: "PLACEHOLDER: the groups " + r.addr + " adds user " + name + " to are unknown until apply; this denies everything"})
		return nil
	}
	groups, err := c.strList(r, "groups")
	if err != nil {
		return err
	}
	for _, g := range groups {
		u.Groups = append(u.Groups, iamdump.ModelRef{Ref: g, From: r.addr})
	}
	return nil
}

// finish copies the users and groups, which dependents changed, into the
// model, in document order.
func (c *converter) finish() {
	for _, r := range c.res {
		acct := c.acctOfRes[r]
		n, _ := r.vals["name"].(string)
		switch r.typ {
		case "aws_iam_role":
			if ro := c.roles[key(acct, n)]; ro != nil && ro.From == r.addr {
				c.m.Roles = append(c.m.Roles, *ro)
			}
		case "aws_iam_user":
			if u := c.users[key(acct, n)]; u != nil && u.From == r.addr {
				c.m.Users = append(c.m.Users, *u)
			}
		case "aws_iam_group":
			if g := c.groups[key(acct, n)]; g != nil && g.From == r.addr {
				c.m.Groups = append(c.m.Groups, *g)
			}
		}
	}
}
