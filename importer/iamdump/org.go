package iamdump

import (
	"encoding/json"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim/policy"
)

// The Organizations listings Import reads, all optional:
//
//	aws organizations describe-organization
//	aws organizations list-roots
//	aws organizations list-organizational-units-for-parent --parent-id ID   (file name holds ID)
//	aws organizations list-accounts-for-parent --parent-id ID               (file name holds ID)
//	aws organizations list-policies --filter SERVICE_CONTROL_POLICY         (and RESOURCE_CONTROL_POLICY)
//	aws organizations describe-policy --policy-id ID
//	aws organizations list-targets-for-policy --policy-id ID                (file name holds ID)
//
// The three "for parent/policy" outputs do not say which parent or policy
// they list, so their file names must contain its id (r-..., ou-...-...,
// p-...).

type orgSummary struct {
	Id                  string
	Arn                 string
	MasterAccountId     string
	ManagementAccountId string
}

type orgNode struct {
	Id   string
	Name string
}

type orgPolicySummary struct {
	Id          string
	Name        string
	Description string
	Type        string
	AwsManaged  bool
}

type orgTarget struct {
	TargetId string
	Type     string
}

type orgPolicy struct {
	origin
	summary orgPolicySummary
	doc     *policy.Node
	note    string // a comment on the policy (a placeholder's)
}

// orgData is what the Organizations listings hold.
type orgData struct {
	org      *orgSummary
	orgFrom  origin
	roots    []orgNode
	rootFrom origin
	ous      map[string][]orgNode // by parent id
	ousFrom  map[string]origin
	ouFrom   map[string]origin   // each OU's entry, by OU id
	acctAt   map[string]origin   // each account's entry, by account id
	accounts map[string][]string // by parent id
	acctFrom map[string]origin
	listed   map[string]orgPolicySummary // list-policies, by id
	policies map[string]*orgPolicy       // describe-policy, by id
	targets  map[string][]orgTarget      // by policy id
	tgtFrom  map[string]origin

	// Set for a Model's organization (ImportModel): the notes speak of the
	// model's input, not of listings.
	model    bool
	orgNote  string            // a comment on the organization
	notes    map[string]string // a comment on an OU or account, by id
	parentOf map[string]string // each OU's and account's parent, by id
}

func newOrgData() *orgData {
	return &orgData{ous: map[string][]orgNode{}, ousFrom: map[string]origin{}, ouFrom: map[string]origin{}, acctAt: map[string]origin{}, accounts: map[string][]string{}, acctFrom: map[string]origin{},
		listed: map[string]orgPolicySummary{}, policies: map[string]*orgPolicy{}, targets: map[string][]orgTarget{}, tgtFrom: map[string]origin{}, parentOf: map[string]string{}}
}

var (
	parentIDPattern = regexp.MustCompile(`(?:^|[^a-z0-9])(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})(?:$|[^a-z0-9])`)
	policyIDPattern = regexp.MustCompile(`(?:^|[^a-zA-Z0-9])(p-[0-9a-zA-Z_]{8,128})(?:$|[^a-zA-Z0-9_])`)
)

// orgKind tells which Organizations command printed a file, "" for none.
func orgKind(top map[string]json.RawMessage) string {
	has := func(k string) bool { _, ok := top[k]; return ok }
	switch {
	case has("Organization"):
		return "describe-organization"
	case has("Roots"):
		return "list-roots"
	case has("OrganizationalUnits"):
		return "list-organizational-units-for-parent"
	case has("Accounts"):
		return "list-accounts-for-parent"
	case has("Targets"):
		return "list-targets-for-policy"
	case has("Policy"):
		return "describe-policy"
	case has("Policies") && !has("UserDetailList") && !has("GroupDetailList") && !has("RoleDetailList"):
		var items []map[string]json.RawMessage
		if json.Unmarshal(top["Policies"], &items) == nil && len(items) > 0 {
			_, name := items[0]["PolicyName"]
			_, typ := items[0]["Type"]
			if typ && !name {
				return "list-policies"
			}
		}
	}
	return ""
}

// idIn finds the id a file name carries.
func idIn(f *file, re *regexp.Regexp, what, example string) (string, error) {
	base := f.name
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	m := re.FindAllStringSubmatch(base, -1)
	if len(m) != 1 {
		return "", &Error{File: f.name, Path: "$", Message: f.kind + " output does not say which " + what + " it lists: the file name must hold its id, once (" + example + ")"}
	}
	return m[0][1], nil
}

func (r *reader) readOrg(f *file, data []byte) error {
	o := origin{f.name, "$"}
	if r.org == nil {
		r.org = newOrgData()
	}
	d := r.org
	var top struct {
		Organization        *orgSummary
		Roots               []orgNode
		OrganizationalUnits []orgNode
		Accounts            []struct{ Id string }
		Policies            []orgPolicySummary
		Policy              *struct {
			PolicySummary orgPolicySummary
			Content       json.RawMessage
		}
		Targets   []orgTarget
		NextToken *string
	}
	if err := decode(f.name, "$", data, &top); err != nil {
		return err
	}
	if top.NextToken != nil && *top.NextToken != "" {
		f.trunc = true
		r.note(origin{f.name, "$.NextToken"}, true, f.kind+" output is one page of several (NextToken): the other pages are not in the input")
	}
	switch f.kind {
	case "describe-organization":
		if top.Organization == nil {
			return &Error{File: f.name, Path: "$.Organization", Message: "expected an object"}
		}
		mgmt := top.Organization.MasterAccountId
		if mgmt == "" {
			mgmt = top.Organization.ManagementAccountId
		}
		if !isAccountID(mgmt) {
			return &Error{File: f.name, Path: "$.Organization.MasterAccountId", Message: "not an account id: " + strconv.Quote(mgmt)}
		}
		top.Organization.MasterAccountId = mgmt
		if !isOrgID(top.Organization.Id) {
			return &Error{File: f.name, Path: "$.Organization.Id", Message: "not an organization id (o-...): " + strconv.Quote(top.Organization.Id)}
		}
		if d.org != nil && *d.org != *top.Organization {
			return &Error{File: f.name, Path: "$.Organization", Message: "a second organization (" + d.org.Id + " is in " + d.orgFrom.String() + "): give one organization's listings"}
		}
		d.org, d.orgFrom = top.Organization, o
		f.accounts[mgmt] = true
	case "list-roots":
		if len(top.Roots) != 1 {
			return &Error{File: f.name, Path: "$.Roots", Message: "expected one root, got " + strconv.Itoa(len(top.Roots))}
		}
		if rid := top.Roots[0].Id; !strings.HasPrefix(rid, "r-") || !lowerAlnum(rid[2:], 4, 32) {
			return &Error{File: f.name, Path: "$.Roots[0].Id", Message: "not a root id (r-...): " + strconv.Quote(top.Roots[0].Id)}
		}
		d.roots, d.rootFrom = top.Roots, o
	case "list-organizational-units-for-parent":
		parent, err := idIn(f, parentIDPattern, "parent", "list-accounts-for-parent.r-ab12.json, list-organizational-units-for-parent.ou-ab12-cdef5678.json")
		if err != nil {
			return err
		}
		for i, ou := range top.OrganizationalUnits {
			if !isOUID(ou.Id) {
				return &Error{File: f.name, Path: index("$.OrganizationalUnits", i) + ".Id", Message: "not an OU id (ou-...-...): " + strconv.Quote(ou.Id)}
			}
			if ou.Name == "" || len(ou.Name) > 128 {
				return &Error{File: f.name, Path: index("$.OrganizationalUnits", i) + ".Name", Message: "must be 1 to 128 characters"}
			}
			d.ouFrom[ou.Id] = origin{f.name, index("$.OrganizationalUnits", i)}
		}
		d.ous[parent] = append(d.ous[parent], top.OrganizationalUnits...)
		d.ousFrom[parent] = o
	case "list-accounts-for-parent":
		parent, err := idIn(f, parentIDPattern, "parent", "list-accounts-for-parent.r-ab12.json, list-organizational-units-for-parent.ou-ab12-cdef5678.json")
		if err != nil {
			return err
		}
		for i, a := range top.Accounts {
			if !isAccountID(a.Id) {
				return &Error{File: f.name, Path: index("$.Accounts", i) + ".Id", Message: "not an account id: " + strconv.Quote(a.Id)}
			}
			d.accounts[parent] = append(d.accounts[parent], a.Id)
			d.acctAt[a.Id] = origin{f.name, index("$.Accounts", i)}
			f.accounts[a.Id] = true
		}
		d.acctFrom[parent] = o
	case "list-policies":
		for _, p := range top.Policies {
			d.listed[p.Id] = p
		}
	case "describe-policy":
		if top.Policy == nil {
			return &Error{File: f.name, Path: "$.Policy", Message: "expected an object"}
		}
		s := top.Policy.PolicySummary
		if s.Id == "" || s.Name == "" {
			return &Error{File: f.name, Path: "$.Policy.PolicySummary", Message: "missing Id or Name"}
		}
		p := &orgPolicy{origin: origin{f.name, "$.Policy"}, summary: s}
		if kind, ok := orgPolicyKind(s.Type); ok {
			doc, err := readDocument(f.name, "$.Policy.Content", top.Policy.Content)
			if err != nil {
				return err
			}
			if _, why := compile(doc, kind); why != "" {
				r.note(origin{f.name, "$.Policy.Content"}, true, "organization policy "+s.Name+" not imported: rolesim cannot compile it: "+why)
				return nil
			}
			p.doc = doc
		}
		d.policies[s.Id] = p
	case "list-targets-for-policy":
		id, err := idIn(f, policyIDPattern, "policy", "list-targets-for-policy.p-examplescp.json")
		if err != nil {
			return err
		}
		d.targets[id] = append(d.targets[id], top.Targets...)
		d.tgtFrom[id] = o
	}
	return nil
}

func orgPolicyKind(t string) (policy.Kind, bool) {
	switch t {
	case "SERVICE_CONTROL_POLICY":
		return policy.KindSCP, true
	case "RESOURCE_CONTROL_POLICY":
		return policy.KindRCP, true
	}
	return 0, false
}

func isOrgID(s string) bool {
	return strings.HasPrefix(s, "o-") && lowerAlnum(s[2:], 10, 32)
}

func isOUID(s string) bool {
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

// orgOut is the organization as the scenario writes it.
type orgOut struct {
	id, mgmt string
	from     string
	note     string       // a comment on the organization (a placeholder's)
	model    bool         // from a Model, not listings
	policies []*orgPolicy // SCPs and RCPs with content, sorted by name
	root     *treeNode
}

type treeNode struct {
	id, name   string
	from, note string
	scps, rcps []string
	accounts   []treeAccount
	ous        []*treeNode
}

type treeAccount struct {
	id, from   string
	note       string
	scps, rcps []string
}

const (
	fullAWSAccess    = "p-FullAWSAccess"
	rcpFullAWSAccess = "p-RCPFullAWSAccess"
)

// organization builds the tree from the listings, noting what is missing.
// It returns nil when there is no describe-organization output.
func (w *world) organization() *orgOut {
	d := w.r.org
	if d == nil {
		return nil
	}
	if d.org == nil {
		w.r.note(origin{}, true, "Organizations listings without describe-organization output: the organization is not imported")
		return nil
	}
	out := &orgOut{id: d.org.Id, mgmt: d.org.MasterAccountId, from: d.orgFrom.String(), note: d.orgNote, model: d.model}
	// Policies: those described, of a type rolesim models; AWS's built-in
	// full-access policies are the loader's own.
	attachable := map[string]*orgPolicy{}
	for _, id := range sortedKeys(d.policies) {
		p := d.policies[id]
		switch {
		case id == fullAWSAccess || id == rcpFullAWSAccess || p.summary.Name == "FullAWSAccess" || p.summary.Name == "RCPFullAWSAccess":
			continue
		case p.doc == nil:
			w.r.note(p.origin, true, "organization policy "+p.summary.Name+" ("+p.summary.Type+"): a policy type rolesim does not model: not imported")
			continue
		}
		attachable[id] = p
		out.policies = append(out.policies, p)
	}
	sort.Slice(out.policies, func(i, j int) bool { return out.policies[i].summary.Name < out.policies[j].summary.Name })
	for _, id := range sortedKeys(d.listed) {
		s := d.listed[id]
		if _, ok := orgPolicyKind(s.Type); ok && d.policies[id] == nil && id != fullAWSAccess && id != rcpFullAWSAccess {
			w.r.note(origin{}, true, "organization policy "+s.Name+" ("+id+") is in list-policies output but has no describe-policy output: its content is not in the input, not imported")
		}
	}
	// Attachments by target.
	scps := map[string][]string{}
	rcps := map[string][]string{}
	// A model does not list where FullAWSAccess is: AWS attaches it to
	// every root, OU and account it creates.
	fullKnown := d.tgtFrom[fullAWSAccess] != (origin{}) && !d.model
	for _, pid := range sortedKeys(d.targets) {
		var name string
		kind := ""
		switch {
		case pid == fullAWSAccess && d.model:
			continue
		case pid == fullAWSAccess:
			name, kind = "FullAWSAccess", "SCP"
		case pid == rcpFullAWSAccess:
			continue // attached everywhere, always
		case attachable[pid] != nil:
			name = attachable[pid].summary.Name
			kind = "SCP"
			if attachable[pid].summary.Type == "RESOURCE_CONTROL_POLICY" {
				kind = "RCP"
			}
		default:
			continue
		}
		for _, t := range d.targets[pid] {
			if kind == "SCP" {
				scps[t.TargetId] = append(scps[t.TargetId], name)
			} else {
				rcps[t.TargetId] = append(rcps[t.TargetId], name)
			}
		}
	}
	for _, p := range out.policies {
		switch {
		case d.tgtFrom[p.summary.Id] != (origin{}):
		case d.model:
			w.r.note(p.origin, false, "organization policy "+p.summary.Name+": no attachment in the input: imported, but attached nowhere")
		default:
			w.r.note(p.origin, true, "organization policy "+p.summary.Name+": no list-targets-for-policy output for "+p.summary.Id+": imported, but attached nowhere")
		}
	}
	if !d.model && !fullKnown && len(out.policies) > 0 {
		w.r.note(origin{}, false, "no list-targets-for-policy output for p-FullAWSAccess: FullAWSAccess is taken to be attached everywhere, as AWS attaches it by default")
	}
	attach := func(id string) ([]string, []string) {
		var s []string
		for _, name := range scps[id] {
			if !contains(s, name) {
				s = append(s, name)
			}
		}
		if !fullKnown && !contains(s, "FullAWSAccess") {
			s = append([]string{"FullAWSAccess"}, s...)
		}
		if len(s) == 0 {
			w.r.note(origin{}, false, "organization: "+id+" has no SCP attached in the input (every root, OU and account has one): FullAWSAccess assumed")
			s = []string{"FullAWSAccess"}
		}
		sort.Strings(s)
		var r []string
		for _, name := range rcps[id] {
			if !contains(r, name) {
				r = append(r, name)
			}
		}
		sort.Strings(r)
		return s, r
	}
	if len(d.roots) == 0 {
		if d.model {
			w.r.note(d.orgFrom, true, "the organization's root is not known: its tree is not imported (its accounts are outside it)")
			return out
		}
		w.r.note(d.orgFrom, true, "no list-roots output: the organization's tree is not imported (its accounts are outside it)")
		return out
	}
	placed := map[string]bool{}
	var build func(id, name string, depth int) *treeNode
	build = func(id, name string, depth int) *treeNode {
		n := &treeNode{id: id, name: name, from: d.ouFrom[id].String(), note: d.notes[id]}
		placed[id] = true
		switch {
		case depth == 0 && d.model:
			n.from = d.rootFrom.String()
		case depth == 0:
			n.from = d.rootFrom.String() + ".Roots[0]"
		}
		n.scps, n.rcps = attach(id)
		if !d.model && (d.acctFrom[id] == (origin{}) || d.ousFrom[id] == (origin{})) {
			w.r.note(origin{}, true, "organization: no list-accounts-for-parent or list-organizational-units-for-parent output for "+id+" ("+name+"): its children are not all imported")
		}
		accts := append([]string(nil), d.accounts[id]...)
		sort.Strings(accts)
		for _, a := range accts {
			if placed[a] {
				continue
			}
			placed[a] = true
			s, r := attach(a)
			n.accounts = append(n.accounts, treeAccount{id: a, scps: s, rcps: r, from: d.acctAt[a].String(), note: d.notes[a]})
		}
		if depth > 5 {
			return n
		}
		ous := append([]orgNode(nil), d.ous[id]...)
		sort.Slice(ous, func(i, j int) bool { return ous[i].Name < ous[j].Name })
		for _, ou := range ous {
			if placed[ou.Id] {
				continue // a cycle of parents
			}
			n.ous = append(n.ous, build(ou.Id, ou.Name, depth+1))
		}
		return n
	}
	out.root = build(d.roots[0].Id, "Root", 0)
	if d.model {
		w.unplaced(d, placed)
	}
	return out
}

// orgAccounts are the accounts the organization names, for declaring.
func (o *orgOut) orgAccounts() []string {
	ids := []string{o.mgmt}
	var walk func(n *treeNode)
	walk = func(n *treeNode) {
		for _, a := range n.accounts {
			ids = append(ids, a.id)
		}
		for _, c := range n.ous {
			walk(c)
		}
	}
	if o.root != nil {
		walk(o.root)
	}
	return ids
}

func (o *orgOut) node() *ynode {
	n := ymap()
	n.set("id", ystr(o.id))
	n.set("management_account", yraw(strconv.Quote(o.mgmt)))
	if len(o.policies) > 0 {
		l := ylist()
		for _, p := range o.policies {
			m := ymap()
			m.set("name", ystr(p.summary.Name))
			if p.summary.Type == "RESOURCE_CONTROL_POLICY" {
				m.set("type", ystr("RCP"))
			}
			m.set("document", docNode(p.doc))
			l.add(m, withNote("from "+p.origin.String()+"; PolicyId "+p.summary.Id, p.note))
		}
		n.set("policies", l)
	}
	if o.root != nil {
		c := "from " + o.root.from + "; SCPs attached as list-targets-for-policy says"
		if o.model {
			c = withNote("from "+o.root.from, o.root.note)
		}
		n.set("root", treeYAML(o.root, true)).comment = []string{c}
	}
	return n
}

func treeYAML(t *treeNode, root bool) *ynode {
	n := ymap()
	if !root {
		n.set("name", ystr(t.name))
	}
	n.set("id", ystr(t.id))
	attachYAML(n, t.scps, t.rcps)
	if len(t.accounts) > 0 {
		l := ylist()
		for _, a := range t.accounts {
			if isDefaultAttach(a.scps, a.rcps) {
				l.add(yraw(strconv.Quote(a.id)), withNote("from "+a.from, a.note))
				continue
			}
			m := ymap()
			m.set("id", yraw(strconv.Quote(a.id)))
			attachYAML(m, a.scps, a.rcps)
			l.add(m, withNote("from "+a.from, a.note))
		}
		n.set("accounts", l)
	}
	if len(t.ous) > 0 {
		l := ylist()
		for _, c := range t.ous {
			l.add(treeYAML(c, false), withNote("from "+c.from, c.note))
		}
		n.set("ous", l)
	}
	return n
}

func isDefaultAttach(scps, rcps []string) bool {
	return len(scps) == 1 && scps[0] == "FullAWSAccess" && len(rcps) == 0
}

func attachYAML(n *ynode, scps, rcps []string) {
	if !(len(scps) == 1 && scps[0] == "FullAWSAccess") {
		n.set("scps", strList(scps))
	}
	if len(rcps) > 0 {
		n.set("rcps", strList(rcps))
	}
}

func withNote(c, note string) string {
	if note == "" {
		return c
	}
	return c + "; " + note
}
