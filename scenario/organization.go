package scenario

import (
	"crypto/sha256"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

var (
	organizationKeys = []string{"id", "management_account", "policies", "root"}
	orgPolicyKeys    = []string{"name", "type", "document"}
	rootKeys         = []string{"id", "scps", "rcps", "accounts", "ous"}
	ouKeys           = []string{"name", "id", "scps", "rcps", "accounts", "ous"}
	orgAccountKeys   = []string{"id", "scps", "rcps"}
)

// Names of the AWS managed organization policies every organization has.
const (
	// FullAWSAccess is the built-in SCP allowing every action on every
	// resource; attached wherever a file omits an scps list.
	FullAWSAccess = "FullAWSAccess"
	// RCPFullAWSAccess is the built-in RCP allowing every action on every
	// resource to every principal; always attached.
	RCPFullAWSAccess = "RCPFullAWSAccess"
)

// maxOrgPoliciesPerTarget is how many SCPs (and, separately, RCPs) can be
// attached to the root, an OU or an account.
const maxOrgPoliciesPerTarget = 5

// orgState is what the walk of one organization carries along.
type orgState struct {
	org      *Organization
	index    int // the organization's place in the scenario's list
	policies map[string]*OrgPolicy
	all      *orgsState
	rootID   string
	// scenario seeds the default OU ids: the scenario's name, and for
	// every organization but the first its index.
	scenario string
}

// orgsState is what the walks of all organizations share: an account
// belongs to at most one organization, and explicit OU ids are unique
// across organizations.
type orgsState struct {
	placed map[string]orgPlace // account id -> where a tree lists it
	ouIDs  map[string]Pos
	// homes maps a policy name to the ids of the organizations that
	// define it (policyHomes), for the hint when a tree attaches another
	// organization's policy.
	homes map[string][]string
}

// orgPlace is where an account was placed in an organization.
type orgPlace struct {
	pos   Pos
	index int    // the organization's index
	org   string // the organization's id
}

func newOrgsState() *orgsState {
	return &orgsState{placed: make(map[string]orgPlace), ouIDs: make(map[string]Pos)}
}

// organizations reads the scenario's organizations: the one-organization
// form (organization:) or the list (organizations:), never both. The
// first organization of the list gets the default ids the
// one-organization form gets; the others' defaults are seeded with their
// index as well, so that no two collide.
func (l *loader) organizations(f *fields, s *Scenario, w *world) {
	one, list := f.get("organization"), f.get("organizations")
	all := newOrgsState()
	switch {
	case one != nil && list != nil:
		k := f.key("organization")
		l.errf(f.key("organizations"), "scenario.organizations: write either organization (one organization) or organizations (a list), not both; organization is at line %d, column %d", k.Line, k.Column)
	case one != nil:
		if o := l.organization(one, s, w, all, 0); o != nil {
			s.Organization = o
			s.Organizations = []*Organization{o}
		}
	case list != nil:
		items := l.list(f, "organizations")
		all.homes = policyHomes(items, s.Name)
		if items != nil && len(items) == 0 {
			l.errf(list, "scenario.organizations: at least one organization is required (omit the key for none)")
		}
		for i, it := range items {
			if o := l.organization(it, s, w, all, i); o != nil {
				s.Organizations = append(s.Organizations, o)
			}
		}
		l.distinctOrgIDs(s.Organizations)
	}
}

// distinctOrgIDs reports an organization or root id that two
// organizations share, at the later one. (The walks report a repeated
// explicit OU id, across organizations too; a default OU id starts with
// its root's id.)
func (l *loader) distinctOrgIDs(orgs []*Organization) {
	type owner struct {
		pos   Pos
		index int
		org   string
	}
	seen := make(map[string]owner)
	note := func(id string, p Pos, i int, org, what string) {
		prev, ok := seen[id]
		switch {
		case !ok:
			seen[id] = owner{p, i, org}
		case prev.index != i:
			l.diags.Add(p, "organization %s: %s id %s is already the id of organization %s's %s (at line %d, column %d); ids must be distinct across organizations", org, what, id, prev.org, what, prev.pos.Line, prev.pos.Col)
		}
	}
	for i, o := range orgs {
		note(o.ID, o.Pos, i, o.ID, "organization")
		if o.Root != nil {
			note(o.Root.ID, o.Root.Pos, i, o.ID, "root")
		}
	}
}

// orgSeed seeds the derived ids of the organization at index of the
// scenario's list: the scenario's name, and for every organization but the
// first its index as well.
func orgSeed(scenario string, index int) string {
	if index == 0 {
		return scenario
	}
	return scenario + "\x00" + strconv.Itoa(index)
}

// policyHomes maps every policy name the organizations of items define to
// the ids of the organizations defining it, in list order. It reads the
// YAML before the walks (which report what is malformed), so that an
// organization's tree can be told about a policy of a later one.
func policyHomes(items []*yaml.Node, scenario string) map[string][]string {
	homes := make(map[string][]string)
	for i, it := range items {
		if it.Kind != yaml.MappingNode {
			continue
		}
		id := "o-" + hashID("org\x00"+orgSeed(scenario, i), 10)
		if v := scalarValue(it, "id"); v != nil {
			id = v.Value
		}
		ps := topValue(it, "policies")
		if ps == nil || ps.Kind != yaml.SequenceNode {
			continue
		}
		for _, p := range ps.Content {
			if v := scalarValue(p, "name"); v != nil && !slices.Contains(homes[v.Value], id) {
				homes[v.Value] = append(homes[v.Value], id)
			}
		}
	}
	return homes
}

func (l *loader) organization(n *yaml.Node, s *Scenario, w *world, all *orgsState, index int) *Organization {
	f := l.object(n, "organization", organizationKeys, "management_account")
	if f == nil {
		return nil
	}
	org := &Organization{Pos: l.pos(n)}
	seed := orgSeed(s.Name, index)
	st := &orgState{org: org, index: index, policies: make(map[string]*OrgPolicy), all: all, scenario: seed}

	org.ID = "o-" + hashID("org\x00"+seed, 10)
	if id, v := l.str(f, "id"); v != nil {
		if !strings.HasPrefix(id, "o-") || !isLowerAlnum(id[2:], 10, 32) {
			l.errf(v, "organization.id: %q is not an organization id: want o- and 10 to 32 lowercase letters or digits", id)
		}
		org.ID = id
	}
	var mgmt *yaml.Node
	if id, v := l.str(f, "management_account"); v != nil {
		org.ManagementAccount = id
		mgmt = v
		if w.accounts[id] == nil {
			l.errf(v, "organization.management_account: account %s is not declared in accounts", id)
		}
	}

	// Built-in policies first, then the file's, in file order.
	org.Policies = append(org.Policies, l.builtinPolicies()...)
	for _, p := range org.Policies {
		st.policies[p.Name] = p
	}
	for _, it := range l.list(f, "policies") {
		if p := l.orgPolicy(it, st); p != nil {
			org.Policies = append(org.Policies, p)
		}
	}

	rootNode := f.get("root")
	org.Root = &OU{Pos: org.Pos, Name: "Root", ID: "r-" + hashID("root\x00"+seed, 4)}
	var rf *fields
	if rootNode != nil {
		org.Root.Pos = l.pos(rootNode)
		rf = l.object(rootNode, "root", rootKeys)
		if rf != nil {
			if id, v := l.str(rf, "id"); v != nil {
				if !strings.HasPrefix(id, "r-") || !isLowerAlnum(id[2:], 4, 32) {
					l.errf(v, "root.id: %q is not a root id: want r- and 4 to 32 lowercase letters or digits", id)
				}
				org.Root.ID = id
			}
		}
	}
	st.rootID = strings.TrimPrefix(org.Root.ID, "r-")
	l.ouBody(rf, org.Root, "root", "Root", st, w)

	if mgmt != nil && w.accounts[org.ManagementAccount] != nil {
		switch prev, ok := all.placed[org.ManagementAccount]; {
		case ok && prev.index != index:
			l.errf(mgmt, "organization %s: management account %s already belongs to organization %s (at line %d, column %d); an account belongs to at most one organization", org.ID, org.ManagementAccount, prev.org, prev.pos.Line, prev.pos.Col)
		case !ok:
			p := l.pos(mgmt)
			all.placed[org.ManagementAccount] = orgPlace{pos: p, index: index, org: org.ID}
			org.Root.Accounts = append(org.Root.Accounts, &OrgAccount{
				Pos:  p,
				ID:   org.ManagementAccount,
				SCPs: []Ref{{Pos: p, Value: FullAWSAccess}},
				RCPs: []Ref{{Pos: p, Value: RCPFullAWSAccess}},
			})
		}
	}
	return org
}

// builtinPolicies builds FullAWSAccess (an SCP allowing every action on
// every resource) and RCPFullAWSAccess (an RCP allowing every action on
// every resource to every principal). Their Pos is zero.
func (l *loader) builtinPolicies() []*OrgPolicy {
	str := func(s string) *policy.Node { return &policy.Node{Kind: policy.NodeString, Value: s} }
	field := func(k string, v *policy.Node) policy.Field { return policy.Field{Key: k, Value: v} }
	doc := func(rcp bool) *policy.Node {
		st := []policy.Field{field("Effect", str("Allow"))}
		if rcp {
			st = append(st, field("Principal", str("*")))
		}
		st = append(st, field("Action", str("*")), field("Resource", str("*")))
		return &policy.Node{Kind: policy.NodeMap, Fields: []policy.Field{
			field("Version", str("2012-10-17")),
			field("Statement", &policy.Node{Kind: policy.NodeList, Items: []*policy.Node{{Kind: policy.NodeMap, Fields: st}}}),
		}}
	}
	var out []*OrgPolicy
	for _, b := range []struct {
		name string
		typ  OrgPolicyType
		kind policy.Kind
	}{{FullAWSAccess, SCP, policy.KindSCP}, {RCPFullAWSAccess, RCP, policy.KindRCP}} {
		p, errs := policy.Compile(doc(b.typ == RCP), b.kind)
		if len(errs) > 0 {
			l.diags.Add(Pos{File: l.file, Line: 1, Col: 1}, "internal error: built-in policy %s does not compile: %v", b.name, errs)
		}
		out = append(out, &OrgPolicy{Name: b.name, Type: b.typ, Document: p})
	}
	return out
}

func (l *loader) orgPolicy(n *yaml.Node, st *orgState) *OrgPolicy {
	f := l.object(n, "organization_policy", orgPolicyKeys, "name", "document")
	if f == nil {
		return nil
	}
	p := &OrgPolicy{Pos: l.pos(n), Type: SCP}
	if t, v := l.str(f, "type"); v != nil {
		switch OrgPolicyType(t) {
		case SCP, RCP:
			p.Type = OrgPolicyType(t)
		default:
			l.errf(v, "organization_policy.type: must be SCP or RCP, got %q", t)
		}
	}
	name, nv := l.str(f, "name")
	p.Name = name
	if nv != nil {
		switch prev := st.policies[name]; {
		case utf8.RuneCountInString(name) < 1 || utf8.RuneCountInString(name) > 128:
			l.errf(nv, "organization_policy.name: must be 1 to 128 characters")
		case prev != nil && prev.Pos.Line == 0:
			l.errf(nv, "organization_policy.name: %s is built in and cannot be redefined", name)
		case prev != nil:
			l.errf(nv, "duplicate organization policy name %q (first at line %d, column %d)", name, prev.Pos.Line, prev.Pos.Col)
		default:
			st.policies[name] = p
		}
	}
	if v := f.get("document"); v != nil {
		kind := policy.KindSCP
		if p.Type == RCP {
			kind = policy.KindRCP
		}
		p.Document = l.policyDoc(v, f.path("document"), kind)
	}
	return p
}

// ouBody reads the keys the root and OUs share into ou. f is nil when the
// file does not describe this node (an omitted root).
func (l *loader) ouBody(f *fields, ou *OU, what, path string, st *orgState, w *world) {
	if f == nil {
		ou.SCPs = defaultAttach(SCP, ou.Pos)
		ou.RCPs = defaultAttach(RCP, ou.Pos)
		return
	}
	ou.SCPs = l.attachments(f, "scps", SCP, what, ou.Pos, st)
	ou.RCPs = l.attachments(f, "rcps", RCP, what, ou.Pos, st)
	for i, it := range l.list(f, "accounts") {
		if a := l.orgAccount(it, itemPath(f.path("accounts"), i), st, w); a != nil {
			ou.Accounts = append(ou.Accounts, a)
		}
	}
	names := make(map[string]*yaml.Node)
	for _, it := range l.list(f, "ous") {
		cf := l.object(it, "ou", ouKeys, "name")
		if cf == nil {
			continue
		}
		child := &OU{Pos: l.pos(it)}
		if name, v := l.str(cf, "name"); v != nil {
			child.Name = name
			if n := utf8.RuneCountInString(name); n < 1 || n > 128 {
				l.errf(v, "ou.name: must be 1 to 128 characters")
			}
			if prev := names[name]; prev != nil {
				l.errf(v, "duplicate OU name %q under %s (first at line %d, column %d)", name, path, prev.Line, prev.Column)
			} else {
				names[name] = v
			}
		}
		childPath := path + "/" + child.Name
		child.ID = "ou-" + st.rootID + "-" + hashID("ou\x00"+st.scenario+"\x00"+childPath, 8)
		if id, v := l.str(cf, "id"); v != nil {
			if !isOUID(id) {
				l.errf(v, "ou.id: %q is not an OU id: want ou-, 4 to 32 lowercase letters or digits, -, and 8 to 32 more", id)
			} else if prev, dup := st.all.ouIDs[id]; dup {
				l.errf(v, "duplicate OU id %s (first at line %d, column %d)", id, prev.Line, prev.Col)
			}
			child.ID = id
			st.all.ouIDs[id] = l.pos(v)
		}
		l.ouBody(cf, child, "ou", childPath, st, w)
		ou.OUs = append(ou.OUs, child)
	}
}

func isOUID(s string) bool {
	rest, ok := strings.CutPrefix(s, "ou-")
	if !ok {
		return false
	}
	a, b, ok := strings.Cut(rest, "-")
	return ok && isLowerAlnum(a, 4, 32) && isLowerAlnum(b, 8, 32)
}

func (l *loader) orgAccount(n *yaml.Node, path string, st *orgState, w *world) *OrgAccount {
	a := &OrgAccount{Pos: l.pos(n)}
	var idNode *yaml.Node
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		idNode = n
		a.SCPs = defaultAttach(SCP, a.Pos)
		a.RCPs = defaultAttach(RCP, a.Pos)
	} else {
		if n.Kind != yaml.MappingNode {
			l.typeErr(n, path, "an account id or a map {id, scps, rcps}")
			return nil
		}
		f := l.object(n, "org_account", orgAccountKeys, "id")
		if f == nil {
			return nil
		}
		if _, v := l.str(f, "id"); v != nil {
			idNode = v
		}
		a.SCPs = l.attachments(f, "scps", SCP, "org_account", a.Pos, st)
		a.RCPs = l.attachments(f, "rcps", RCP, "org_account", a.Pos, st)
	}
	if idNode == nil {
		return nil
	}
	a.ID = idNode.Value
	switch prev, dup := st.all.placed[a.ID]; {
	case w.accounts[a.ID] == nil:
		l.errf(idNode, "organization: account %s is not declared in accounts", a.ID)
	case dup && prev.index == st.index:
		l.errf(idNode, "organization: account %s appears twice in the tree (first at line %d, column %d)", a.ID, prev.pos.Line, prev.pos.Col)
	case dup:
		l.errf(idNode, "organization %s: account %s already belongs to organization %s (at line %d, column %d); an account belongs to at most one organization", st.org.ID, a.ID, prev.org, prev.pos.Line, prev.pos.Col)
	default:
		st.all.placed[a.ID] = orgPlace{pos: l.pos(idNode), index: st.index, org: st.org.ID}
	}
	return a
}

// defaultAttach is the attachment list of a node whose file omits it.
func defaultAttach(t OrgPolicyType, p Pos) []Ref {
	if t == SCP {
		return []Ref{{Pos: p, Value: FullAWSAccess}}
	}
	return []Ref{{Pos: p, Value: RCPFullAWSAccess}}
}

// attachments reads the scps or rcps list of an organization node. An
// omitted list is the default; RCPFullAWSAccess cannot be detached in AWS,
// so it is added first to an rcps list that does not name it.
func (l *loader) attachments(f *fields, key string, t OrgPolicyType, what string, at Pos, st *orgState) []Ref {
	v := f.get(key)
	if v == nil {
		return defaultAttach(t, at)
	}
	path := what + "." + key
	refs := l.refs(f, key)
	if v.Kind != yaml.SequenceNode {
		return defaultAttach(t, at)
	}
	if t == SCP && len(refs) == 0 && len(v.Content) == 0 {
		l.errf(v, "%s: at least one SCP must be attached (AWS requires one)", path)
	}
	seen := make(map[string]Pos, len(refs))
	hasFull := false
	for _, r := range refs {
		p := st.policies[r.Value]
		switch {
		case p == nil:
			if others := st.otherHomes(r.Value); others != "" {
				l.diags.Add(r.Pos, "%s: no organization policy named %q in organization %s; %s is a policy of organization %s, and a tree attaches only its own organization's policies", path, r.Value, st.org.ID, r.Value, others)
			} else if hint := suggest(r.Value, policyNames(st.org.Policies, t)); hint != "" {
				l.diags.Add(r.Pos, "%s: no organization policy named %q; did you mean %q?", path, r.Value, hint)
			} else {
				l.diags.Add(r.Pos, "%s: no organization policy named %q", path, r.Value)
			}
		case p.Type != t:
			l.diags.Add(r.Pos, "%s: %s is an %s and cannot be attached as an %s", path, r.Value, p.Type, t)
		}
		if prev, dup := seen[r.Value]; dup {
			l.diags.Add(r.Pos, "%s: %s is attached twice (first at line %d, column %d)", path, r.Value, prev.Line, prev.Col)
		}
		seen[r.Value] = r.Pos
		if r.Value == RCPFullAWSAccess {
			hasFull = true
		}
	}
	if t == RCP && !hasFull {
		refs = append([]Ref{{Pos: l.pos(v), Value: RCPFullAWSAccess}}, refs...)
	}
	if len(refs) > maxOrgPoliciesPerTarget {
		l.errf(v, "%s: at most %d %ss can be attached to one node, got %d", path, maxOrgPoliciesPerTarget, t, len(refs))
	}
	return refs
}

// otherHomes names the other organizations that define a policy called
// name ("o-..." or "o-... and o-..."); "" when none does.
func (st *orgState) otherHomes(name string) string {
	var ids []string
	for _, id := range st.all.homes[name] {
		if id != st.org.ID {
			ids = append(ids, id)
		}
	}
	return strings.Join(ids, " and ")
}

func policyNames(ps []*OrgPolicy, t OrgPolicyType) []string {
	var out []string
	for _, p := range ps {
		if p.Type == t {
			out = append(out, p.Name)
		}
	}
	return out
}

// hashID derives a deterministic identifier of n lowercase letters and
// digits from seed.
func hashID(seed string, n int) string {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
	sum := sha256.Sum256([]byte(seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[int(sum[i])%len(alphabet)]
	}
	return string(b)
}
