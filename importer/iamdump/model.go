package iamdump

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim/policy"
)

// Model is a world given entity by entity by an importer of another source
// (importer/tfplan reads Terraform plans). ImportModel checks it as Import
// checks a dump (names, paths, tags, documents that compile, references
// between entities) and writes it with the same writer: the same order,
// comments and header of notes.
type Model struct {
	// Tool is the command the header names ("rolesim import terraform").
	Tool string
	// File is the input file's name; Kind says what it is, for the header.
	File, Kind string
	// Description is the scenario's description.
	Description string
	// Header lines follow the input's in the file's header.
	Header        []string
	Roles         []ModelRole
	Users         []ModelUser
	Groups        []ModelGroup
	Policies      []ModelPolicy
	OIDCProviders []ModelOIDCProvider
	// Organization is the accounts' organization; nil for none.
	Organization *ModelOrganization
	// Deletions are what the model's source deletes: with Options.Over,
	// they are removed from the snapshot's world.
	Deletions []ModelDeletion
	// Notes come first among the world's notes, as given.
	Notes []Note
}

// Origin is where an entity was read. From is what the world's comments
// and the notes name (a resource address); Path is the entity's JSON path,
// which errors about it name.
type Origin struct {
	From string
	Path string
}

// ModelDoc is a policy document as JSON text and the JSON path it was read
// at. Placeholder, when set, says that JSON stands for a document not known
// (written as a comment next to it).
type ModelDoc struct {
	Name        string // an inline policy's name
	JSON        string
	Path        string
	Placeholder string
}

// ModelRef names an attached policy (by ARN), a boundary (by ARN) or a
// group (by name), and where the attachment was read (for notes).
type ModelRef struct {
	Ref  string
	From string
}

// ModelRole is a role. MaxSessionDuration 0 is not known.
type ModelRole struct {
	Origin
	Account, Name, Path, Description string
	MaxSessionDuration               int
	Trust                            ModelDoc
	Inline                           []ModelDoc
	Managed                          []ModelRef
	Boundary                         *ModelRef
	Tags                             map[string]string
}

// ModelUser is a user; Groups name groups of its account.
type ModelUser struct {
	Origin
	Account, Name, Path string
	Groups              []ModelRef
	Inline              []ModelDoc
	Managed             []ModelRef
	Boundary            *ModelRef
	Tags                map[string]string
}

// ModelGroup is a group.
type ModelGroup struct {
	Origin
	Account, Name, Path string
	Inline              []ModelDoc
	Managed             []ModelRef
}

// ModelPolicy is a customer managed policy (its ARN is made of the
// account, path and name) or, with Account "aws", an AWS managed one.
type ModelPolicy struct {
	Origin
	Account, Name, Path, Description string
	Document                         ModelDoc
}

// ModelOIDCProvider is an OIDC identity provider: its URL (https://...)
// and client ids.
type ModelOIDCProvider struct {
	Origin
	Account   string
	URL       string
	ClientIDs []string
}

// ImportModel checks the model and returns the world it describes, as
// Import does for a dump. Bad input is an *Error naming Model.File and the
// entity's Path.
func ImportModel(m *Model, opts Options) (*Result, error) {
	name := opts.Name
	if name == "" {
		name = "aws-import"
	}
	if !isSimpleID(name) {
		return nil, errors.New("scenario name " + strconv.Quote(name) + ": may contain only letters, digits and ._-")
	}
	r := newReader()
	if opts.Over != nil {
		var err error
		if r, err = startOver(opts.Over); err != nil {
			return nil, err
		}
	}
	r.tool, r.desc, r.extraHeader = m.Tool, m.Description, m.Header
	r.notes = append(r.notes, m.Notes...)
	f := &file{name: m.File, kind: m.Kind, accounts: map[string]bool{}}
	r.files = append(r.files, f)
	mr := &modelReader{r: r, f: f}
	if r.over != nil {
		mr.deletions(m.Deletions)
	}
	for _, p := range m.Policies {
		if err := mr.policy(p); err != nil {
			return nil, err
		}
	}
	for _, g := range m.Groups {
		if err := mr.group(g); err != nil {
			return nil, err
		}
	}
	for _, u := range m.Users {
		if err := mr.user(u); err != nil {
			return nil, err
		}
	}
	for _, ro := range m.Roles {
		if err := mr.role(ro); err != nil {
			return nil, err
		}
	}
	for _, p := range m.OIDCProviders {
		if err := mr.oidc(p); err != nil {
			return nil, err
		}
	}
	switch {
	case m.Organization == nil:
	case r.over != nil && r.org != nil && r.org.org != nil:
		if err := mr.overOrganization(m.Organization); err != nil {
			return nil, err
		}
	default:
		if err := mr.organization(m.Organization); err != nil {
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
	out, parts := w.write(name, partsDir)
	if err := check(out, parts); err != nil {
		return nil, errors.New("the imported world does not load (rolesim cannot model something in the input; please report it): " + firstLines(err.Error(), 5))
	}
	return &Result{YAML: out, Parts: parts, Notes: r.notes, Accounts: w.accountIDs}, nil
}

type modelReader struct {
	r *reader
	f *file
}

func (mr *modelReader) err(path, msg string) error {
	return &Error{File: mr.f.name, Path: path, Message: msg}
}

func (mr *modelReader) origin(o Origin) origin { return origin{mr.f.name, o.From} }

// entity checks an entity's account, name and path.
func (mr *modelReader) entity(o Origin, kind, acct, name string, max int, path *string) error {
	if !isAccountID(acct) {
		return mr.err(o.Path, kind+" "+name+": account "+strconv.Quote(acct)+" is not 12 digits")
	}
	if why := checkName(name, max); why != "" {
		return mr.err(o.Path, kind+" name "+strconv.Quote(name)+": "+why)
	}
	if *path == "" {
		*path = "/"
	}
	if why := checkPath(*path); why != "" {
		return mr.err(o.Path, kind+" "+name+": path "+strconv.Quote(*path)+": "+why)
	}
	mr.f.accounts[acct] = true
	return nil
}

// doc parses a document; nil (noted) when it does not compile as kind.
func (mr *modelReader) doc(o Origin, owner, what string, d ModelDoc, kind policy.Kind) (*policy.Node, error) {
	n, err := policy.ParseJSON([]byte(d.JSON))
	if err != nil {
		return nil, mr.err(d.Path, "not a policy document: "+err.Error())
	}
	if n.Kind != policy.NodeMap {
		return nil, mr.err(d.Path, "not a policy document: expected an object, got "+n.Kind.String())
	}
	if _, why := compile(n, kind); why != "" {
		mr.r.note(mr.origin(o), true, owner+": "+what+" not imported: rolesim cannot compile it: "+why)
		return nil, nil
	}
	return n, nil
}

func (mr *modelReader) inline(o Origin, owner string, list []ModelDoc) ([]namedDoc, error) {
	var out []namedDoc
	seen := map[string]bool{}
	for _, d := range list {
		if why := checkName(d.Name, 128); why != "" {
			return nil, mr.err(d.Path, owner+": inline policy name "+strconv.Quote(d.Name)+": "+why)
		}
		if seen[d.Name] {
			return nil, mr.err(d.Path, owner+" has two inline policies named "+strconv.Quote(d.Name))
		}
		seen[d.Name] = true
		n, err := mr.doc(o, owner, "inline policy "+d.Name, d, policy.KindIdentity)
		if err != nil {
			return nil, err
		}
		if n != nil {
			out = append(out, namedDoc{name: d.Name, doc: n, note: d.Placeholder})
		}
	}
	return out, nil
}

func refs(list []ModelRef) []attachment {
	out := make([]attachment, 0, len(list))
	for _, a := range list {
		out = append(out, attachment{arn: a.Ref, path: a.From})
	}
	return out
}

func ref(b *ModelRef) *attachment {
	if b == nil {
		return nil
	}
	return &attachment{arn: b.Ref, path: b.From}
}

func (mr *modelReader) tags(o Origin, owner string, m map[string]string) []tag {
	var out []tag
	seen := map[string]bool{}
	for _, k := range sortedKeys(m) {
		if why := checkTag(k, m[k]); why != "" {
			mr.r.note(mr.origin(o), true, owner+": tag "+strconv.Quote(k)+" not imported: "+why)
			continue
		}
		if seen[strings.ToLower(k)] {
			mr.r.note(mr.origin(o), true, owner+": tag "+strconv.Quote(k)+" not imported: a second tag with that key")
			continue
		}
		seen[strings.ToLower(k)] = true
		out = append(out, tag{key: k, value: m[k]})
	}
	return out
}

func (mr *modelReader) policy(p ModelPolicy) error {
	if p.Path == "" {
		p.Path = "/"
	}
	if why := checkName(p.Name, 128); why != "" {
		return mr.err(p.Origin.Path, "policy name "+strconv.Quote(p.Name)+": "+why)
	}
	if why := checkPath(p.Path); why != "" {
		return mr.err(p.Origin.Path, "policy "+p.Name+": path "+strconv.Quote(p.Path)+": "+why)
	}
	if p.Account != "aws" && !isAccountID(p.Account) {
		return mr.err(p.Origin.Path, "policy "+p.Name+": account "+strconv.Quote(p.Account)+" is not 12 digits")
	}
	if len([]rune(p.Description)) > 1000 {
		return mr.err(p.Origin.Path, "policy "+p.Name+": description of more than 1000 characters")
	}
	arn := "arn:aws:iam::" + p.Account + ":policy" + p.Path + p.Name
	prev := mr.r.policies[arn]
	if prev != nil && !mr.snapshots(prev.origin) {
		return mr.err(p.Origin.Path, "policy "+arn+" is also declared by "+prev.jpath)
	}
	doc, err := mr.doc(p.Origin, "policy "+arn, "its document", p.Document, policy.KindIdentity)
	if err != nil || doc == nil {
		return err
	}
	if p.Account != "aws" {
		mr.f.accounts[p.Account] = true
	}
	np := &managedPolicy{origin: mr.origin(p.Origin), account: p.Account, arn: arn, name: p.Name, path: p.Path,
		desc: p.Description, doc: doc, text: doc.CompactJSON(), note: p.Document.Placeholder}
	if prev != nil {
		np.id = prev.id
		mr.replaced("policy "+arn, prev.origin, np.origin)
	} else {
		mr.added("policy "+arn, np.origin)
	}
	mr.r.policies[arn] = np
	return nil
}

func (mr *modelReader) group(g ModelGroup) error {
	if err := mr.entity(g.Origin, "group", g.Account, g.Name, 128, &g.Path); err != nil {
		return err
	}
	key := g.Account + "/" + strings.ToLower(g.Name)
	prev := mr.r.groups[key]
	if prev != nil && !mr.snapshots(prev.origin) {
		return mr.err(g.Origin.Path, "group "+g.Name+" is also declared by "+prev.jpath)
	}
	owner := "group " + g.Name
	inline, err := mr.inline(g.Origin, owner, g.Inline)
	if err != nil {
		return err
	}
	ng := &group{origin: mr.origin(g.Origin), account: g.Account, name: g.Name, path: g.Path, inline: inline, managed: refs(g.Managed)}
	if prev != nil {
		ng.id, ng.inline, ng.managed = prev.id, mergeNamed(ng.inline, prev.inline, prev.origin), mergeRefs(ng.managed, prev.managed, false)
		mr.replaced("group arn:aws:iam::"+g.Account+":group"+g.Path+g.Name, prev.origin, ng.origin)
	} else {
		mr.added("group arn:aws:iam::"+g.Account+":group"+g.Path+g.Name, ng.origin)
	}
	mr.r.groups[key] = ng
	return nil
}

func (mr *modelReader) user(u ModelUser) error {
	if err := mr.entity(u.Origin, "user", u.Account, u.Name, 64, &u.Path); err != nil {
		return err
	}
	key := u.Account + "/" + strings.ToLower(u.Name)
	prev := mr.r.users[key]
	if prev != nil && !mr.snapshots(prev.origin) {
		return mr.err(u.Origin.Path, "user "+u.Name+" is also declared by "+prev.jpath)
	}
	owner := "user " + u.Name
	inline, err := mr.inline(u.Origin, owner, u.Inline)
	if err != nil {
		return err
	}
	nu := &user{origin: mr.origin(u.Origin), account: u.Account, name: u.Name, path: u.Path, groups: refs(u.Groups),
		inline: inline, managed: refs(u.Managed), boundary: ref(u.Boundary), tags: mr.tags(u.Origin, owner, u.Tags)}
	if prev != nil {
		nu.id, nu.inline, nu.managed = prev.id, mergeNamed(nu.inline, prev.inline, prev.origin), mergeRefs(nu.managed, prev.managed, false)
		nu.groups = mergeRefs(nu.groups, prev.groups, true)
		mr.replaced("user arn:aws:iam::"+u.Account+":user"+u.Path+u.Name, prev.origin, nu.origin)
	} else {
		mr.added("user arn:aws:iam::"+u.Account+":user"+u.Path+u.Name, nu.origin)
	}
	mr.r.users[key] = nu
	return nil
}

func (mr *modelReader) role(ro ModelRole) error {
	if err := mr.entity(ro.Origin, "role", ro.Account, ro.Name, 64, &ro.Path); err != nil {
		return err
	}
	key := ro.Account + "/" + strings.ToLower(ro.Name)
	prev := mr.r.roles[key]
	if prev != nil && !mr.snapshots(prev.origin) {
		return mr.err(ro.Origin.Path, "role "+ro.Name+" is also declared by "+prev.jpath)
	}
	if ro.MaxSessionDuration != 0 {
		if err := checkMaxDur(mr.f.name, ro.Origin.Path, ro.MaxSessionDuration); err != nil {
			return err
		}
	}
	if len([]rune(ro.Description)) > 1000 {
		return mr.err(ro.Origin.Path, "role "+ro.Name+": description of more than 1000 characters")
	}
	owner := "role " + ro.Name
	arn := "arn:aws:iam::" + ro.Account + ":role" + ro.Path + ro.Name
	o := mr.origin(ro.Origin)
	trust, err := mr.doc(ro.Origin, owner, "its trust policy", ro.Trust, policy.KindTrust)
	if err != nil {
		return err
	}
	if trust == nil {
		mr.r.dropped[arn] = true
		mr.dropSnapshot(prev, key, arn)
		return nil
	}
	out := &role{origin: o, account: ro.Account, name: ro.Name, path: ro.Path, arn: arn, desc: ro.Description,
		managed: refs(ro.Managed), boundary: ref(ro.Boundary), tags: mr.tags(ro.Origin, owner, ro.Tags), trustNote: ro.Trust.Placeholder, trustAt: ro.From}
	out.trust, out.unresolve = stripUniqueIDs(trust)
	for _, id := range out.unresolve {
		mr.r.note(o, true, owner+": the trust policy names "+id+", a unique id that no longer resolves to a principal: unresolved, left out of the trust policy")
	}
	p, why := compile(out.trust, policy.KindTrust)
	if why != "" {
		mr.r.note(o, true, owner+" not imported: rolesim cannot compile its trust policy: "+why)
		mr.r.dropped[arn] = true
		mr.dropSnapshot(prev, key, arn)
		return nil
	}
	out.compiled = p
	if out.inline, err = mr.inline(ro.Origin, owner, ro.Inline); err != nil {
		return err
	}
	if ro.MaxSessionDuration != 0 {
		out.maxDur, out.maxFrom = ro.MaxSessionDuration, o.String()
	}
	if prev != nil {
		out.id, out.profiles = prev.id, prev.profiles
		out.inline, out.managed = mergeNamed(out.inline, prev.inline, prev.origin), mergeRefs(out.managed, prev.managed, false)
		mr.replaced("role "+arn, prev.origin, o)
	} else {
		mr.added("role "+arn, o)
	}
	mr.r.roles[key] = out
	return nil
}

func (mr *modelReader) oidc(p ModelOIDCProvider) error {
	host, ok := strings.CutPrefix(p.URL, "https://")
	if !ok || !validOIDCHost(host) {
		return mr.err(p.Origin.Path, "OIDC provider URL "+strconv.Quote(p.URL)+": not https://HOST[/PATH]")
	}
	if !isAccountID(p.Account) {
		return mr.err(p.Origin.Path, "OIDC provider "+p.URL+": account "+strconv.Quote(p.Account)+" is not 12 digits")
	}
	for _, prev := range mr.r.oidcDecl {
		if prev.account == p.Account && prev.host == host {
			return mr.err(p.Origin.Path, "OIDC provider "+p.URL+" is also declared by "+prev.from)
		}
	}
	mr.added("OIDC provider "+p.URL+" of account "+p.Account, mr.origin(p.Origin))
	ids := append([]string(nil), p.ClientIDs...)
	sort.Strings(ids)
	for _, id := range ids {
		if id == "" || len(id) > 255 {
			return mr.err(p.Origin.Path, "OIDC provider "+p.URL+": client id "+strconv.Quote(id)+" must be 1 to 255 characters")
		}
	}
	mr.f.accounts[p.Account] = true
	mr.r.oidcDecl = append(mr.r.oidcDecl, &oidcProvider{account: p.Account, host: host, clientIDs: ids, from: p.From, declared: "from " + mr.origin(p.Origin).String()})
	return nil
}

// snapshots reports whether an entity already read comes from the snapshot
// the model is laid over (so the model's replaces it).
func (mr *modelReader) snapshots(o origin) bool {
	return mr.r.over != nil && o.file != mr.f.name
}

// dropSnapshot removes the snapshot's role that a model's role, not
// imported, replaces: the plan's role is not the snapshot's any more.
func (mr *modelReader) dropSnapshot(prev *role, key, arn string) {
	if prev == nil {
		return
	}
	delete(mr.r.roles, key)
	mr.r.note(prev.origin, true, "role "+arn+": the plan's replaces it and is not imported: the snapshot's is left out too")
}
