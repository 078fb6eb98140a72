package iamdump

import (
	"errors"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// Source is one input file: its name (used in comments, notes and errors)
// and its content.
type Source struct {
	Name string
	Data []byte
}

// Options adjust an import.
type Options struct {
	// Name is the scenario's name ([A-Za-z0-9._-]+); "aws-import" when
	// empty.
	Name string
	// PartsDir is the directory, relative to the main file, of the part
	// files of a world too large for one file; "parts" when empty.
	PartsDir string
	// Over, for ImportModel, is the snapshot the model is laid over: the
	// model's entities replace the snapshot's of the same ARN (keeping
	// the inline policies, attachments and group memberships the model
	// does not hold), its Deletions are removed, and the rest of the world
	// is the snapshot's. Import ignores it.
	Over *Snapshot
}

// File is a part of an imported world written in several files.
type File struct {
	// Name is the file's path relative to the main file's directory,
	// "/"-separated.
	Name string
	Data []byte
}

// Note is something Import could not import, or imported with a caveat:
// where it was read and what happened. Dropped is set when something of the
// input is not in the world at all.
type Note struct {
	File    string
	Path    string
	Message string
	Dropped bool
}

// String returns "file: path: message" (the file and path left out when
// empty: a note about the input as a whole).
func (n Note) String() string {
	if n.File == "" {
		return n.Message
	}
	s := n.File + ": "
	if n.Path != "" {
		s += n.Path + ": "
	}
	return s + n.Message
}

// Result is an imported world.
type Result struct {
	// YAML is the scenario file.
	YAML []byte
	// Parts are the files YAML includes, when the world is too large for
	// one file (scenario.MaxFileSize); none otherwise.
	Parts []File
	// Notes are listed in YAML's header too, in the same order.
	Notes []Note
	// Accounts are the ids of the accounts imported, sorted.
	Accounts []string
}

// Import reads the sources (get-account-authorization-details and
// list-roles output, in any order: they are sorted by name) and returns the
// world they describe. Bad input is an *Error; a world that rolesim's
// loader would not load is an error too, never a result.
func Import(srcs []Source, opts Options) (*Result, error) {
	name := opts.Name
	if name == "" {
		name = "aws-import"
	}
	if !isSimpleID(name) {
		return nil, errors.New("scenario name " + strconv.Quote(name) + ": may contain only letters, digits and ._-")
	}
	if len(srcs) == 0 {
		return nil, errors.New("no input files")
	}
	sorted := append([]Source(nil), srcs...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	r := newReader()
	for _, s := range sorted {
		if err := r.read(s); err != nil {
			return nil, err
		}
	}
	w, err := r.resolve()
	if err != nil {
		return nil, err
	}
	partsDir := opts.PartsDir
	if partsDir == "" {
		partsDir = "parts"
	}
	if !fs.ValidPath(partsDir) || partsDir == "." {
		return nil, errors.New("parts directory " + strconv.Quote(partsDir) + ": not a relative, /-separated path")
	}
	out, parts := w.write(name, partsDir)
	if err := check(out, parts); err != nil {
		return nil, errors.New("the imported world does not load (rolesim cannot model something in the input; please report it): " + firstLines(err.Error(), 5))
	}
	return &Result{YAML: out, Parts: parts, Notes: r.notes, Accounts: w.accountIDs}, nil
}

// check loads the world as rolesim will.
func check(main []byte, parts []File) error {
	if len(parts) == 0 {
		_, err := scenario.Parse("imported.yaml", main)
		return err
	}
	fsys := memFS{"imported.yaml": main}
	for _, p := range parts {
		fsys[p.Name] = p.Data
	}
	_, err := scenario.LoadFS(fsys, "imported.yaml")
	return err
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n")
}

// world is what resolve makes of the reader's entities: per account, sorted.
type world struct {
	r          *reader
	accountIDs []string
	accounts   map[string]*acctOut
	awsManaged []*managedPolicy
	githubOff  bool
	org        *orgOut
	principals map[string]bool // ARNs of the users and roles imported
	quotas     map[string]int
}

type acctOut struct {
	id       string
	users    []*user
	groups   []*group
	roles    []*role
	policies []*managedPolicy
	oidc     map[string]*oidcProvider
	saml     map[string]*samlProvider
	files    []string
}

type oidcProvider struct {
	host      string
	clientIDs []string
	from      string
	account   string // of a declared provider
	declared  string // set for a provider the input declares: the comment
}

type samlProvider struct {
	name string
	from string
}

// resolve checks every reference between entities, sorts them, and notes
// what cannot be kept.
func (r *reader) resolve() (*world, error) {
	w := &world{r: r, accounts: map[string]*acctOut{}, quotas: map[string]int{}}
	acct := func(id string) *acctOut {
		a := w.accounts[id]
		if a == nil {
			a = &acctOut{id: id, oidc: map[string]*oidcProvider{}, saml: map[string]*samlProvider{}}
			w.accounts[id] = a
		}
		return a
	}
	for _, u := range sortedValues(r.users) {
		acct(u.account).users = append(acct(u.account).users, u)
	}
	for _, g := range sortedValues(r.groups) {
		acct(g.account).groups = append(acct(g.account).groups, g)
	}
	for _, ro := range sortedValues(r.roles) {
		acct(ro.account).roles = append(acct(ro.account).roles, ro)
	}
	for _, p := range sortedValues(r.policies) {
		if p.account == "aws" {
			w.awsManaged = append(w.awsManaged, p)
		} else {
			acct(p.account).policies = append(acct(p.account).policies, p)
		}
	}
	for _, p := range r.oidcDecl {
		acct(p.account).oidc[p.host] = p
	}
	w.org = w.organization()
	if w.org != nil {
		for _, id := range w.org.orgAccounts() {
			if w.accounts[id] == nil {
				acct(id)
				if w.org.model {
					w.r.note(origin{}, false, "account "+id+" is in the organization but holds no IAM entity of the input: declared with none")
				} else {
					w.r.note(origin{}, false, "account "+id+" is in the organization but in no get-account-authorization-details output: declared with no IAM entities")
				}
			}
		}
	}
	if len(w.accounts) == 0 {
		return nil, errors.New("no IAM user, group, role or customer managed policy in the input: nothing to import")
	}
	for id := range w.accounts {
		w.accountIDs = append(w.accountIDs, id)
	}
	sort.Strings(w.accountIDs)
	w.pages()
	w.principals = map[string]bool{}
	for _, u := range r.users {
		w.principals["arn:aws:iam::"+u.account+":user"+u.path+u.name] = true
	}
	for _, ro := range r.roles {
		w.principals[ro.arn] = true
	}
	for _, id := range w.accountIDs {
		a := w.accounts[id]
		for _, f := range r.files {
			if f.accounts[id] {
				a.files = append(a.files, f.name)
			}
		}
		w.resolveAccount(a)
	}
	w.unlisted()
	w.setQuotas()
	return w, nil
}

// unlisted notes the roles list-roles names that no
// get-account-authorization-details output holds (a missing page, or a role
// created between the two commands): list-roles has no permissions, so
// they are not imported.
func (w *world) unlisted() {
	seen := map[string]bool{}
	for arn := range w.r.dropped {
		seen[arn] = true
	}
	for _, ro := range w.r.roles {
		seen[ro.arn] = true
	}
	for _, arn := range sortedKeys(w.r.listed) {
		if !seen[arn] {
			l := w.r.listed[arn]
			w.r.note(l.origin, true, "role "+arn+" is in list-roles output but in no get-account-authorization-details output (a missing page, or a role created in between): not imported")
		}
	}
}

// pages reports accounts whose paged dump has no last page.
func (w *world) pages() {
	type count struct{ trunc, last int }
	byKind := map[string]map[string]*count{}
	for _, f := range w.r.files {
		m := byKind[f.kind]
		if m == nil {
			m = map[string]*count{}
			byKind[f.kind] = m
		}
		if len(f.accounts) == 0 && f.trunc {
			w.r.note(origin{f.name, "$.IsTruncated"}, true, f.kind+": a page that names no account says more pages follow; they are not in the input")
		}
		for a := range f.accounts {
			c := m[a]
			if c == nil {
				c = &count{}
				m[a] = c
			}
			if f.trunc {
				c.trunc++
			} else {
				c.last++
			}
		}
	}
	for _, kind := range []string{"get-account-authorization-details", "list-roles"} {
		for _, id := range w.accountIDs {
			c := byKind[kind][id]
			if c == nil || c.trunc == 0 || c.last > 0 {
				continue
			}
			var names []string
			for _, f := range w.r.files {
				if f.kind == kind && f.accounts[id] {
					names = append(names, f.name)
				}
			}
			what := "what the missing pages hold is not imported"
			if kind == "list-roles" {
				what = "the roles on the missing pages have no known MaxSessionDuration"
			}
			w.r.notes = append(w.r.notes, Note{File: strings.Join(names, ", "), Message: "account " + id + ": the " + kind +
				" output is incomplete: " + strconv.Itoa(c.trunc) + " page(s) say more follow (IsTruncated) and the last page is missing; " + what, Dropped: true})
		}
	}
}

func sortedValues[T any](m map[string]T) []T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]T, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// ref resolves an attached policy's ARN to the reference the scenario
// writes: the name of a customer managed policy of the account, or the ARN
// of an AWS managed policy. ok is false when the input does not hold the
// policy (missing, not noted: the caller places a placeholder) or it
// belongs to another account (noted). AWSDenyAll, whose document AWS
// publishes, is declared when the input does not hold it.
func (w *world) ref(o origin, owner, account string, at attachment, what string) (ref string, ok, missing bool) {
	p := w.r.policies[at.arn]
	if p == nil && at.arn == awsDenyAllARN {
		p = w.awsDenyAll()
	}
	switch {
	case p == nil:
		return "", false, true
	case p.account == "aws":
		return p.arn, true, false
	case p.account != account:
		w.r.note(origin{o.file, at.path}, true, owner+": "+what+" "+at.arn+" belongs to another account: left out")
		return "", false, false
	}
	return p.name, true, false
}

func (w *world) resolveAccount(a *acctOut) {
	groups := map[string]*group{}
	for _, g := range a.groups {
		groups[strings.ToLower(g.name)] = g
	}
	for _, u := range a.users {
		owner := "user " + u.name
		var keep, missing []attachment
		for _, g := range u.groups {
			if gr := groups[strings.ToLower(g.arn)]; gr != nil {
				keep = append(keep, attachment{arn: gr.name, path: g.path})
				continue
			}
			missing = append(missing, g)
		}
		sort.Slice(keep, func(i, j int) bool { return keep[i].arn < keep[j].arn })
		u.groups = keep
		w.missingGroups(a, u, missing)
		u.managed = w.refs(u.origin, owner, a.id, u.managed, &u.inline)
		u.boundary = w.boundary(u.origin, owner, a.id, u.boundary, &u.inline)
	}
	for _, g := range a.groups {
		g.managed = w.refs(g.origin, "group "+g.name, a.id, g.managed, &g.inline)
	}
	roles := a.roles[:0]
	for _, ro := range a.roles {
		if w.missingPrincipals(ro) {
			roles = append(roles, ro)
		}
	}
	a.roles = roles
	for _, ro := range a.roles {
		owner := "role " + ro.name
		ro.managed = w.refs(ro.origin, owner, a.id, ro.managed, &ro.inline)
		ro.boundary = w.boundary(ro.origin, owner, a.id, ro.boundary, &ro.inline)
		if ro.maxDur == 0 {
			if l := w.r.listed[ro.arn]; l != nil {
				ro.maxDur, ro.maxFrom = l.maxDur, l.origin.String()
				if l.desc != nil && ro.desc == "" {
					ro.desc = *l.desc
				}
			}
		}
		if ro.maxDur == 0 {
			w.r.note(ro.origin, false, owner+": MaxSessionDuration is in neither get-account-authorization-details (which never has it) nor list-roles output: imported as 3600 (AWS's default), which may be wrong; give aws iam list-roles output to import the real value")
		}
		w.trust(ro)
	}
}

// missingPrincipals takes out of a role's trust policy the users and roles
// of imported accounts that the input does not hold (a missing page, or
// deleted since): IAM, and rolesim's loader, refuse a principal that does
// not exist. It reports false (noted) when the role cannot be kept.
func (w *world) missingPrincipals(ro *role) bool {
	missing := func(v string) bool {
		rest, ok := strings.CutPrefix(v, "arn:aws:iam::")
		if !ok || len(rest) < 13 || rest[12] != ':' || w.accounts[rest[:12]] == nil {
			return false
		}
		res := rest[13:]
		return (strings.HasPrefix(res, "user/") || strings.HasPrefix(res, "role/")) && !w.principals[v]
	}
	trust, gone := stripPrincipals(ro.trust, missing)
	if len(gone) == 0 {
		return true
	}
	o := ro.trustOrigin()
	for _, v := range gone {
		w.r.note(o, true, "role "+ro.name+": the trust policy names "+v+", which is not in the input (a missing page, or deleted since): left out of the trust policy, since IAM refuses a principal that does not exist")
	}
	p, why := compile(trust, policy.KindTrust)
	if why != "" {
		w.r.note(o, true, "role "+ro.name+" not imported: its trust policy without those principals does not compile: "+why)
		return false
	}
	ro.trust, ro.compiled = trust, p
	ro.unresolve = append(ro.unresolve, gone...)
	return true
}

// policySize is a policy's length as IAM counts it against its quotas (and
// rolesim's loader does): characters, whitespace not counted.
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

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (w *world) refs(o origin, owner, account string, list []attachment, inline *[]namedDoc) []attachment {
	var out []attachment
	seen := map[string]bool{}
	for _, at := range list {
		ref, ok, missing := w.ref(o, owner, account, at, "attached policy")
		if missing && !seen[at.arn] {
			seen[at.arn] = true
			w.placeholder(o, owner, at, "attached policy", inline)
		}
		if !ok || seen[ref] {
			continue
		}
		seen[ref] = true
		out = append(out, attachment{arn: ref, path: at.path})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].arn < out[j].arn })
	return out
}

func (w *world) boundary(o origin, owner, account string, b *attachment, inline *[]namedDoc) *attachment {
	if b == nil {
		return nil
	}
	ref, ok, missing := w.ref(o, owner, account, *b, "permissions boundary")
	if missing {
		w.placeholder(o, owner, *b, "permissions boundary", inline)
	}
	if !ok {
		return nil
	}
	return &attachment{arn: ref, path: b.path}
}

// trust looks at what a role's trust policy names: principals of accounts
// outside the input (kept, noted), identity providers of imported accounts
// (which the dump does not list: declared from the trust policy, noted), and
// GitHub trust IAM's current check would refuse (the check is switched off,
// noted).
func (w *world) trust(ro *role) {
	owner := "role " + ro.name
	o := ro.trustOrigin()
	noted := map[string]bool{}
	for _, st := range ro.compiled.Statements {
		for _, p := range st.Principals() {
			switch p.Type {
			case "AWS":
				id := principalAccount(p.Value)
				if id == "" || w.accounts[id] != nil || noted[p.Value] {
					continue
				}
				noted[p.Value] = true
				w.r.note(o, false, owner+": the trust policy names "+p.Value+", of account "+id+", which is not in the input: kept, but no caller of that account exists in the world")
			case "Federated":
				pa, ok := parseIAMARN(p.Value)
				a := w.accounts[pa.account]
				if !ok || a == nil {
					continue
				}
				if host, ok := strings.CutPrefix(pa.resource, "oidc-provider/"); ok {
					w.oidcFrom(a, ro, st, host, o)
				} else if name, ok := strings.CutPrefix(pa.resource, "saml-provider/"); ok {
					if a.saml[name] == nil && checkSAMLName(name) {
						a.saml[name] = &samlProvider{name: name, from: owner}
						w.r.note(o, false, "account "+pa.account+": SAML provider "+name+" is not in the input (get-account-authorization-details does not list identity providers): declared from "+owner+"'s trust policy with a placeholder issuer")
					}
				}
				if st.Effect == policy.EffectAllow && isGitHub(p.Value) && !scenario.GitHubTrustScoped(st) && !w.githubOff {
					w.githubOff = true
					w.r.note(o, false, owner+": the trust policy trusts GitHub's OIDC provider without a scoped sub or job_workflow_ref condition, which IAM now refuses to save: settings.github_sub_check is set to false so that it loads")
				}
			}
		}
	}
}

func (w *world) oidcFrom(a *acctOut, ro *role, st *policy.Statement, host string, o origin) {
	p := a.oidc[host]
	if p == nil {
		if !validOIDCHost(host) {
			return
		}
		p = &oidcProvider{host: host, from: "role " + ro.name}
		a.oidc[host] = p
		w.r.note(o, false, "account "+a.id+": OIDC provider "+host+" is not in the input (get-account-authorization-details does not list identity providers): declared from role "+ro.name+"'s trust policy, its client ids taken from the trust policies' "+host+":aud conditions")
	}
	if p.declared != "" {
		return
	}
	for _, c := range st.Conditions() {
		op := c.Operator
		if i := strings.IndexByte(op, ':'); i >= 0 {
			op = op[i+1:]
		}
		if op != "StringEquals" || !strings.EqualFold(c.Key, host+":aud") {
			continue
		}
		for _, v := range c.Values {
			if v != "" && len(v) <= 255 && !contains(p.clientIDs, v) && len(p.clientIDs) < 100 {
				p.clientIDs = append(p.clientIDs, v)
			}
		}
	}
	sort.Strings(p.clientIDs)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func isGitHub(v string) bool {
	_, host, ok := strings.Cut(v, ":oidc-provider/")
	return ok && (host == "token.actions.githubusercontent.com" || strings.HasPrefix(host, "token.actions.githubusercontent.com/"))
}

func validOIDCHost(h string) bool {
	if h == "" || len("https://"+h) > 255 || strings.HasSuffix(h, "/") || strings.ContainsAny(h, "?#") {
		return false
	}
	for _, c := range []byte(h) {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

func checkSAMLName(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-') {
			return false
		}
	}
	return true
}

// setQuotas raises the quotas the world needs above AWS's defaults (an
// account whose quotas were raised in AWS), up to what AWS grants.
func (w *world) setQuotas() {
	need := func(key string, n, def int) {
		if n > def && n > w.quotas[key] {
			w.quotas[key] = n
		}
	}
	for _, id := range w.accountIDs {
		a := w.accounts[id]
		need("roles_per_account", len(a.roles), 1000)
		need("users_per_account", len(a.users), 5000)
		need("groups_per_account", len(a.groups), 300)
		need("policies_per_account", len(a.policies), 1500)
		for _, u := range a.users {
			need("managed_policies_per_user", len(u.managed), 10)
		}
		for _, g := range a.groups {
			need("managed_policies_per_group", len(g.managed), 10)
		}
		for _, ro := range a.roles {
			need("managed_policies_per_role", len(ro.managed), 10)
			need("trust_policy_size", policySize(ro.trust.CompactJSON()), 2048)
		}
	}
}
