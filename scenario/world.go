package scenario

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

// Schemas: the keys each map accepts, in the order FORMAT.md lists them.
var (
	scenarioKeys      = []string{"version", "name", "description", "use", "include", "start", "region", "quotas", "settings", "aws_managed_policies", "organization", "organizations", "accounts", "steps", "assert"}
	awsPolicyKeys     = []string{"name", "path", "description", "document"}
	accountKeys       = []string{"id", "alias", "users", "groups", "roles", "policies", "resources", "oidc_providers", "saml_providers"}
	userKeys          = []string{"name", "path", "groups", "inline_policies", "managed_policies", "permissions_boundary", "tags", "mfa_devices"}
	mfaKeys           = []string{"serial", "codes"}
	groupKeys         = []string{"name", "path", "inline_policies", "managed_policies"}
	roleKeys          = []string{"name", "path", "description", "trust_policy", "inline_policies", "managed_policies", "permissions_boundary", "max_session_duration", "tags"}
	managedPolicyKeys = []string{"name", "path", "description", "document"}
	resourceKeys      = []string{"arn", "policy", "tags"}
	tagKeys           = []string{"key", "value"}
)

// IAM limits the loader enforces (reference §5, §10).
const (
	maxUserRoleName    = 64
	maxGroupPolicyName = 128
	maxTags            = 50
	maxDescription     = 1000
	minSessionDuration = 3600
	maxSessionDuration = 43200
)

// world indexes what has been loaded so far, for resolving references.
type world struct {
	accounts    map[string]*Account
	accountList []*accountIndex
	// policies maps a managed policy ARN (customer or AWS) to its policy.
	policies  map[string]*ManagedPolicy
	users     map[string]*User // by user ARN
	resources map[string]*yaml.Node
	aliases   map[string]*yaml.Node
}

// accountIndex holds one account's entities by lower-case name.
type accountIndex struct {
	acct     *Account
	groups   map[string]*Group
	policies map[string]*ManagedPolicy
	// where each reference list came from, for resolution messages
	users []userRefs
	grps  []entityRefs
	roles []entityRefs
}

type entityRefs struct {
	kind     string // "user", "group", "role"
	managed  []Ref
	boundary *Ref
	set      func(managed []Ref, boundary *Ref)
}

type userRefs struct {
	entityRefs
	user *User
}

func newWorld() *world {
	return &world{
		accounts:  make(map[string]*Account),
		policies:  make(map[string]*ManagedPolicy),
		users:     make(map[string]*User),
		resources: make(map[string]*yaml.Node),
		aliases:   make(map[string]*yaml.Node),
	}
}

// scenario walks the top-level map.
func (l *loader) scenario(n *yaml.Node) *Scenario {
	f := l.object(n, "scenario", scenarioKeys, "name", "accounts")
	if f == nil {
		return nil
	}
	s := &Scenario{Pos: l.pos(n), Start: DefaultStart, Region: DefaultRegion}
	if v := f.get("version"); v != nil {
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
			l.typeErr(v, "scenario.version", "the integer 1")
		} else if v.Value != "1" {
			l.errf(v, "scenario.version: unsupported version %s: only version 1 exists", v.Value)
		}
	}
	if name, v := l.str(f, "name"); v != nil {
		if !isSimpleID(name) {
			l.errf(v, "scenario.name: %q may contain only letters, digits and ._-", name)
		}
		s.Name = name
	}
	s.Description, _ = l.str(f, "description")
	if v := f.get("start"); v != nil {
		if t, ok := l.timestamp(v, "scenario.start"); ok && !l.clockOutOfRange(v, "scenario.start: "+v.Value, t) {
			s.Start = t
		}
	}
	if r, v := l.str(f, "region"); v != nil {
		if !isRegion(r) {
			l.errf(v, "scenario.region: %q is not a region name like us-east-1", r)
		}
		s.Region = r
	}
	s.Quotas = l.quotas(f.get("quotas"))
	s.Settings = l.settings(f.get("settings"))
	w := newWorld()
	for _, it := range l.list(f, "aws_managed_policies") {
		if p := l.awsManagedPolicy(it, w); p != nil {
			s.AWSManagedPolicies = append(s.AWSManagedPolicies, p)
		}
	}
	if items := l.list(f, "accounts"); items != nil {
		if len(items) == 0 {
			l.errf(f.get("accounts"), "scenario.accounts: at least one account is required")
		}
		for _, it := range items {
			if a := l.account(it, w); a != nil {
				s.Accounts = append(s.Accounts, a)
			}
		}
	}
	l.resolveAccounts(w)
	l.organizations(f, s, w)
	if items := l.list(f, "steps"); items != nil {
		s.Steps = l.steps(items, s, w)
	}
	if items := l.list(f, "assert"); items != nil {
		s.Asserts = l.asserts(items, s)
	}
	l.checkQuotas(s)
	l.checkFederatedTrust(s)
	return s
}

func (l *loader) awsManagedPolicy(n *yaml.Node, w *world) *ManagedPolicy {
	f := l.object(n, "aws_managed_policy", awsPolicyKeys, "name", "document")
	if f == nil {
		return nil
	}
	p := l.managedPolicyFields(f, n)
	nameNode := f.get("name")
	if nameNode == nil || p.Name == "" {
		return p // missing name already reported
	}
	arn := "arn:aws:iam::aws:policy" + p.Path + p.Name
	if prev := w.policies[arn]; prev != nil {
		l.errf(nameNode, "duplicate AWS managed policy %s (first at line %d, column %d)", arn, prev.Pos.Line, prev.Pos.Col)
	} else {
		w.policies[arn] = p
	}
	return p
}

// managedPolicyFields reads the keys a customer and an AWS managed policy
// share.
func (l *loader) managedPolicyFields(f *fields, n *yaml.Node) *ManagedPolicy {
	p := &ManagedPolicy{Pos: l.pos(n), Path: "/"}
	p.Name = l.iamName(f, maxGroupPolicyName, "policy")
	p.Path = l.iamPath(f)
	p.Description = l.description(f)
	if v := f.get("document"); v != nil {
		p.Document = l.policyDoc(v, f.path("document"), policy.KindIdentity)
	}
	return p
}

// iamName reads and checks the required name key of an IAM entity.
func (l *loader) iamName(f *fields, max int, what string) string {
	name, v := l.str(f, "name")
	if v != nil {
		if why := checkIAMName(name, max); why != "" {
			l.errf(v, "%s: %q is not a valid %s name: %s", f.path("name"), name, what, why)
		}
	}
	return name
}

func (l *loader) iamPath(f *fields) string {
	p, v := l.str(f, "path")
	if v == nil {
		return "/"
	}
	if why := checkIAMPath(p); why != "" {
		l.errf(v, "%s: %q is not a valid IAM path: %s", f.path("path"), p, why)
	}
	return p
}

func (l *loader) description(f *fields) string {
	d, v := l.str(f, "description")
	if v != nil && utf8.RuneCountInString(d) > maxDescription {
		l.errf(v, "%s: must be at most %d characters", f.path("description"), maxDescription)
	}
	return d
}

// unique records the lower-cased name in seen and reports a clash.
func (l *loader) unique(seen map[string]*yaml.Node, name string, v *yaml.Node, what, acct string) {
	if v == nil || name == "" {
		return
	}
	k := strings.ToLower(name)
	if prev := seen[k]; prev != nil {
		l.errf(v, "duplicate %s name %q in account %s (first at line %d, column %d; names are case-insensitive)", what, name, acct, prev.Line, prev.Column)
		return
	}
	seen[k] = v
}

func (l *loader) account(n *yaml.Node, w *world) *Account {
	f := l.object(n, "account", accountKeys, "id")
	if f == nil {
		return nil
	}
	a := &Account{Pos: l.pos(n)}
	if id, v := l.str(f, "id"); v != nil {
		a.ID = id
		switch prev := w.accounts[id]; {
		case !isAccountID(id):
			l.errf(v, "account.id: %q is not an account id: want exactly 12 digits", id)
		case prev != nil:
			l.errf(v, "duplicate account id %s (first at line %d, column %d)", id, prev.Pos.Line, prev.Pos.Col)
		default:
			w.accounts[id] = a
		}
	}
	if alias, v := l.str(f, "alias"); v != nil {
		a.Alias = alias
		if why := checkAlias(alias); why != "" {
			l.errf(v, "account.alias: %q is not a valid account alias: %s", alias, why)
		} else if prev := w.aliases[alias]; prev != nil {
			l.errf(v, "duplicate account alias %q (first at line %d, column %d)", alias, prev.Line, prev.Column)
		} else {
			w.aliases[alias] = v
		}
	}
	ix := &accountIndex{acct: a, groups: make(map[string]*Group), policies: make(map[string]*ManagedPolicy)}
	w.accountList = append(w.accountList, ix)

	// Customer managed policies first: the other entities refer to them.
	seen := make(map[string]*yaml.Node)
	for _, it := range l.list(f, "policies") {
		pf := l.object(it, "policy", managedPolicyKeys, "name", "document")
		if pf == nil {
			continue
		}
		p := l.managedPolicyFields(pf, it)
		l.unique(seen, p.Name, pf.get("name"), "policy", a.ID)
		a.Policies = append(a.Policies, p)
		if p.Name != "" {
			ix.policies[strings.ToLower(p.Name)] = p
			w.policies[policyARN(a.ID, p)] = p
		}
	}
	seen = make(map[string]*yaml.Node)
	for _, it := range l.list(f, "groups") {
		if g := l.group(it, a, ix, seen); g != nil {
			a.Groups = append(a.Groups, g)
		}
	}
	seen = make(map[string]*yaml.Node)
	for _, it := range l.list(f, "users") {
		if u := l.user(it, a, ix, seen, w); u != nil {
			a.Users = append(a.Users, u)
		}
	}
	seen = make(map[string]*yaml.Node)
	l.identityProviders(f, a)
	for _, it := range l.list(f, "roles") {
		if r := l.role(it, a, ix, seen); r != nil {
			a.Roles = append(a.Roles, r)
		}
	}
	for _, it := range l.list(f, "resources") {
		if r := l.resource(it, a, w); r != nil {
			a.Resources = append(a.Resources, r)
		}
	}
	return a
}

func policyARN(account string, p *ManagedPolicy) string {
	return "arn:aws:iam::" + account + ":policy" + p.Path + p.Name
}

// inlinePolicies reads a map of policy name to document.
func (l *loader) inlinePolicies(f *fields) []*InlinePolicy {
	v := f.getOrGuess("inline_policies")
	if v == nil {
		return nil
	}
	path := f.path("inline_policies")
	var out []*InlinePolicy
	for _, e := range l.entries(v, path) {
		name := e.key.Value
		if why := checkIAMName(name, maxGroupPolicyName); why != "" {
			l.errf(e.key, "%s: %q is not a valid policy name: %s", path, name, why)
		}
		if isNull(e.val) {
			l.errf(e.key, "%s.%s: expected %s, got null", path, name, docExpected)
			continue
		}
		out = append(out, &InlinePolicy{
			Pos:      l.pos(e.key),
			Name:     name,
			Document: l.policyDoc(e.val, path+"."+name, policy.KindIdentity),
		})
	}
	return out
}

// boundary reads the optional permissions_boundary reference.
func (l *loader) boundary(f *fields) *Ref {
	v := f.get("permissions_boundary")
	if v == nil {
		return nil
	}
	if v.Kind != yaml.ScalarNode {
		l.typeErr(v, f.path("permissions_boundary"), "a string")
		return nil
	}
	return &Ref{Pos: l.pos(v), Value: v.Value}
}

func (l *loader) group(n *yaml.Node, a *Account, ix *accountIndex, seen map[string]*yaml.Node) *Group {
	f := l.object(n, "group", groupKeys, "name")
	if f == nil {
		return nil
	}
	g := &Group{Pos: l.pos(n)}
	g.Name = l.iamName(f, maxGroupPolicyName, "group")
	l.unique(seen, g.Name, f.get("name"), "group", a.ID)
	if _, dup := ix.groups[strings.ToLower(g.Name)]; !dup && g.Name != "" {
		ix.groups[strings.ToLower(g.Name)] = g
	}
	g.Path = l.iamPath(f)
	g.InlinePolicies = l.inlinePolicies(f)
	g.ManagedPolicies = l.refs(f, "managed_policies")
	ix.grps = append(ix.grps, entityRefs{kind: "group", managed: g.ManagedPolicies, set: func(m []Ref, _ *Ref) { g.ManagedPolicies = m }})
	return g
}

func (l *loader) user(n *yaml.Node, a *Account, ix *accountIndex, seen map[string]*yaml.Node, w *world) *User {
	f := l.object(n, "user", userKeys, "name")
	if f == nil {
		return nil
	}
	u := &User{Pos: l.pos(n)}
	u.Name = l.iamName(f, maxUserRoleName, "user")
	l.unique(seen, u.Name, f.get("name"), "user", a.ID)
	u.Path = l.iamPath(f)
	if u.Name != "" {
		w.users["arn:aws:iam::"+a.ID+":user"+u.Path+u.Name] = u
	}
	u.Groups = l.refs(f, "groups")
	u.InlinePolicies = l.inlinePolicies(f)
	u.ManagedPolicies = l.refs(f, "managed_policies")
	u.PermissionsBoundary = l.boundary(f)
	if v := f.get("tags"); v != nil {
		u.Tags = l.tags(v, f.path("tags"), true)
	}
	for i, it := range l.list(f, "mfa_devices") {
		if d := l.mfaDevice(it, itemPath(f.path("mfa_devices"), i)); d != nil {
			u.MFADevices = append(u.MFADevices, d)
		}
	}
	ix.users = append(ix.users, userRefs{
		entityRefs: entityRefs{kind: "user", managed: u.ManagedPolicies, boundary: u.PermissionsBoundary,
			set: func(m []Ref, b *Ref) { u.ManagedPolicies, u.PermissionsBoundary = m, b }},
		user: u,
	})
	return u
}

func (l *loader) mfaDevice(n *yaml.Node, path string) *MFADevice {
	f := l.object(n, "mfa_device", mfaKeys, "serial")
	if f == nil {
		return nil
	}
	d := &MFADevice{Pos: l.pos(n)}
	if s, v := l.str(f, "serial"); v != nil {
		d.Serial = s
		if !isSerial(s) {
			l.errf(v, "mfa_device.serial: %q is not a valid serial number: want 9 to 256 characters of letters, digits and _+=/:,.@-", s)
		}
	}
	for _, r := range l.refs(f, "codes") {
		if !isTokenCode(r.Value) {
			l.diags.Add(r.Pos, "mfa_device.codes: %q is not a token code: want 6 digits", r.Value)
		}
		d.Codes = append(d.Codes, r.Value)
	}
	return d
}

// isSerial checks an MFA serial number: 9 to 256 of [\w+=/:,.@-].
func isSerial(s string) bool {
	if len(s) < 9 || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isIAMNameChar(s[i]) && s[i] != '/' && s[i] != ':' {
			return false
		}
	}
	return true
}

func isTokenCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (l *loader) role(n *yaml.Node, a *Account, ix *accountIndex, seen map[string]*yaml.Node) *Role {
	f := l.object(n, "role", roleKeys, "name", "trust_policy")
	if f == nil {
		return nil
	}
	r := &Role{Pos: l.pos(n), MaxSessionDuration: minSessionDuration}
	r.Name = l.iamName(f, maxUserRoleName, "role")
	l.unique(seen, r.Name, f.get("name"), "role", a.ID)
	r.Path = l.iamPath(f)
	r.Description = l.description(f)
	if v := f.get("trust_policy"); v != nil {
		r.TrustPolicy = l.policyDoc(v, f.path("trust_policy"), policy.KindTrust)
	}
	r.InlinePolicies = l.inlinePolicies(f)
	r.ManagedPolicies = l.refs(f, "managed_policies")
	r.PermissionsBoundary = l.boundary(f)
	if v := f.get("max_session_duration"); v != nil {
		if secs, ok := l.sessionDuration(v, f.path("max_session_duration")); ok {
			r.MaxSessionDuration = secs
		}
	}
	if v := f.get("tags"); v != nil {
		r.Tags = l.tags(v, f.path("tags"), true)
	}
	ix.roles = append(ix.roles, entityRefs{kind: "role", managed: r.ManagedPolicies, boundary: r.PermissionsBoundary,
		set: func(m []Ref, b *Ref) { r.ManagedPolicies, r.PermissionsBoundary = m, b }})
	return r
}

// sessionDuration reads a role's maximum session duration: whole seconds
// in the forms duration takes, within 3600..43200 seconds.
func (l *loader) sessionDuration(n *yaml.Node, path string) (int, bool) {
	secs, ok := l.wholeSeconds(n, path)
	if !ok {
		return 0, false
	}
	if secs < minSessionDuration || secs > maxSessionDuration {
		l.errf(n, "%s: must be between 3600 and 43200 seconds (1h to 12h), got %d", path, secs)
		return 0, false
	}
	return secs, true
}

func (l *loader) resource(n *yaml.Node, a *Account, w *world) *Resource {
	f := l.object(n, "resource", resourceKeys, "arn")
	if f == nil {
		return nil
	}
	r := &Resource{Pos: l.pos(n)}
	if arn, v := l.str(f, "arn"); v != nil {
		r.ARN = arn
		parts := strings.SplitN(arn, ":", 6)
		switch {
		case len(parts) < 6 || parts[0] != "arn" || parts[1] == "" || parts[2] == "" || parts[5] == "":
			l.errf(v, "resource.arn: %q is not an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)", arn)
		case parts[4] != "" && parts[4] != a.ID:
			l.errf(v, "resource.arn: %s names account %s but is listed under account %s", arn, parts[4], a.ID)
		}
		if prev := w.resources[arn]; prev != nil {
			l.errf(v, "duplicate resource %s (first at line %d, column %d)", arn, prev.Line, prev.Column)
		} else {
			w.resources[arn] = v
		}
	}
	if v := f.get("policy"); v != nil {
		r.Policy = l.policyDoc(v, f.path("policy"), policy.KindResource)
	}
	if v := f.get("tags"); v != nil {
		r.Tags = l.tags(v, f.path("tags"), true)
	}
	return r
}

// tags reads tags written as a map (key: value) or a list of {key, value}.
// When iam is set they are checked as IAM tags: key and value shape, keys
// unique ignoring case, at most 50. Session tags on assume steps are kept
// raw for the simulator to validate as STS does.
func (l *loader) tags(n *yaml.Node, path string, iam bool) []Tag {
	var out []Tag
	var keyNodes []*yaml.Node
	switch n.Kind {
	case yaml.MappingNode:
		for _, e := range l.entries(n, path) {
			val := ""
			if !isNull(e.val) {
				if l.scalar(e.val, path+"."+e.key.Value) == nil {
					continue
				}
				val = e.val.Value
			}
			out = append(out, Tag{Pos: l.pos(e.key), Key: e.key.Value, Value: val})
			keyNodes = append(keyNodes, e.key)
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			f := l.object(it, "tag", tagKeys, "key")
			if f == nil {
				continue
			}
			k, kn := l.str(f, "key")
			if kn == nil {
				continue
			}
			v, _ := l.str(f, "value")
			out = append(out, Tag{Pos: l.pos(it), Key: k, Value: v})
			keyNodes = append(keyNodes, kn)
		}
	default:
		l.typeErr(n, path, "a map of tags or a list of {key, value}")
		return nil
	}
	if !iam {
		return out
	}
	if len(out) > maxTags {
		l.errf(n, "%s: at most %d tags are allowed, got %d", path, maxTags, len(out))
	}
	seen := make(map[string]*yaml.Node, len(out))
	for i, t := range out {
		kn := keyNodes[i]
		if why := checkTagKey(t.Key); why != "" {
			l.errf(kn, "%s: invalid tag key %q: %s", path, t.Key, why)
		}
		if why := checkTagValue(t.Value); why != "" {
			l.diags.Add(t.Pos, "%s: invalid value for tag %q: %s", path, t.Key, why)
		}
		k := strings.ToLower(t.Key)
		if prev := seen[k]; prev != nil {
			l.errf(kn, "%s: duplicate tag key %q (first at line %d, column %d; tag keys are case-insensitive)", path, t.Key, prev.Line, prev.Column)
			continue
		}
		seen[k] = kn
	}
	return out
}

// resolveAccounts resolves, per account, user group names and the managed
// policy and boundary references of users, groups and roles.
func (l *loader) resolveAccounts(w *world) {
	for _, ix := range w.accountList {
		for _, u := range ix.users {
			l.resolveGroups(u.user, ix)
			l.resolveManaged(u.entityRefs, ix, w)
		}
		for _, g := range ix.grps {
			l.resolveManaged(g, ix, w)
		}
		for _, r := range ix.roles {
			l.resolveManaged(r, ix, w)
		}
	}
}

func (l *loader) resolveGroups(u *User, ix *accountIndex) {
	seen := make(map[*Group]Pos, len(u.Groups))
	for i := range u.Groups {
		r := &u.Groups[i]
		g := ix.groups[strings.ToLower(r.Value)]
		if g == nil {
			l.diags.Add(r.Pos, "user.groups: no group named %q in account %s", r.Value, ix.acct.ID)
			continue
		}
		if prev, dup := seen[g]; dup {
			l.diags.Add(r.Pos, "user.groups: group %q is listed twice (first at line %d, column %d)", g.Name, prev.Line, prev.Col)
		}
		seen[g] = r.Pos
		r.Value = g.Name
	}
}

// resolveManaged resolves managed policy references (ARNs or names of the
// account's customer managed policies) to full ARNs.
func (l *loader) resolveManaged(e entityRefs, ix *accountIndex, w *world) {
	seen := make(map[string]Pos, len(e.managed))
	managed := make([]Ref, len(e.managed))
	for i, r := range e.managed {
		if arn, ok := l.resolvePolicy(r, ix, e.kind+".managed_policies", w); ok {
			if prev, dup := seen[arn]; dup {
				l.diags.Add(r.Pos, "%s.managed_policies: %s is attached twice (first at line %d, column %d)", e.kind, arn, prev.Line, prev.Col)
			}
			seen[arn] = r.Pos
			r.Value = arn
		}
		managed[i] = r
	}
	var boundary *Ref
	if e.boundary != nil {
		b := *e.boundary
		if arn, ok := l.resolvePolicy(b, ix, e.kind+".permissions_boundary", w); ok {
			b.Value = arn
		}
		boundary = &b
	}
	if e.managed == nil {
		managed = nil
	}
	e.set(managed, boundary)
}

// resolvePolicy resolves one managed policy reference made from account
// acct and returns the policy's ARN.
func (l *loader) resolvePolicy(r Ref, ix *accountIndex, path string, w *world) (string, bool) {
	v, acct := r.Value, ix.acct.ID
	if !strings.HasPrefix(v, "arn:") {
		if checkIAMName(v, maxGroupPolicyName) != "" {
			l.diags.Add(r.Pos, "%s: %q is neither a managed policy ARN nor a policy name", path, v)
			return "", false
		}
		if p := ix.policies[strings.ToLower(v)]; p != nil {
			return policyARN(acct, p), true
		}
		l.diags.Add(r.Pos, "%s: no customer managed policy named %q in account %s", path, v, acct)
		return "", false
	}
	owner, _, _, ok := splitIAMARN(v, "policy")
	if !ok {
		l.diags.Add(r.Pos, "%s: %q is not a managed policy ARN (arn:aws:iam::ACCOUNT:policy/NAME)", path, v)
		return "", false
	}
	if w.policies[v] == nil {
		if owner == "aws" {
			l.diags.Add(r.Pos, "%s: AWS managed policy %s is not defined in aws_managed_policies", path, v)
		} else {
			l.diags.Add(r.Pos, "%s: customer managed policy %s is not defined in the scenario", path, v)
		}
		return "", false
	}
	if owner != "aws" && owner != acct {
		l.diags.Add(r.Pos, "%s: %s belongs to account %s; only policies of account %s and AWS managed policies can be attached here", path, v, owner, acct)
		return "", false
	}
	return v, true
}
