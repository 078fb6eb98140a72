package sim

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

const partition = "aws"

// PolicyRef is a compiled policy as it takes part in evaluation: its kind, a
// human name, and where it was written.
type PolicyRef struct {
	Kind PolicyKind
	// Name says which policy this is, in a learner's words: "inline policy
	// AllowAssume of user alice", "managed policy arn:aws:iam::...:policy/Base",
	// "trust policy of role Deploy", "SCP DenyProd attached to OU Workloads".
	Name string
	// File is the scenario file the document was written in.
	File string
	Doc  *policy.Policy

	// stale lists principal ARNs the policy named that IAM has since
	// replaced by a deleted principal's unique id (stale.go).
	stale []string
}

// statementPos returns the scenario position of a statement of the policy.
func (r *PolicyRef) statementPos(st *policy.Statement) scenario.Pos {
	if st == nil || r.File == "" {
		return scenario.Pos{}
	}
	return scenario.Pos{File: r.File, Line: st.Pos.Line, Col: st.Pos.Col}
}

// World is the simulated AWS estate: accounts, organizations, IAM entities
// and resources, compiled and indexed for evaluation. Sessions live in a Sim.
//
// A World is read-only once built: NewWorld's World, the one Sim.World
// returns, and everything reachable from them (accounts, users, roles,
// organization nodes, policies) are never modified afterwards, by the Sims
// that use them or anyone else. Any number of goroutines and Sims may read a
// World at once without locking. A Sim that changes the world (CreateRole,
// AttachPolicy, ...) applies the change to its own copy and leaves the World
// it was given, or last handed out, as it was; callers must not modify a
// World either.
type World struct {
	Region string
	// Orgs are the organizations, in the scenario's order. An account
	// belongs to at most one (Account.Org).
	Orgs []*Org
	// Accounts in declaration order.
	Accounts []*Account

	accounts  map[string]*Account
	users     map[string]*User      // by ARN
	roles     map[string]*Role      // by ARN
	accessKey map[string]*User      // long-term access key id -> user
	resources []*Resource           // longest ARN first, for prefix lookup
	managed   map[string]*PolicyRef // managed policies by ARN
	groups    map[string]*iamGroup  // by groupKey, for world changes (changes_users.go)
	seed      string

	// Quotas are the scenario's quotas (AWS's defaults unless raised).
	Quotas scenario.Quotas

	// Settings are the scenario's switches for disputed AWS behaviour.
	Settings scenario.Settings
	oidc     map[string]*OIDCProvider // by provider ARN
	saml     map[string]*SAMLProvider // by provider ARN
}

// Org is an organization: its id, management account and root. Its SCPs
// and RCPs govern its own member accounts only.
type Org struct {
	ID                string
	ManagementAccount string
	Root              *OrgNode

	// ous are the organization's root and OUs in tree order, and policies
	// its SCPs and RCPs by name (org_changes.go).
	ous      []*OrgNode
	policies map[string]*scenario.OrgPolicy
}

// OrgNode is the root, an OU or an account's own attachment point.
type OrgNode struct {
	Kind string // "root", "ou", "account"
	Name string
	ID   string
	SCPs []*PolicyRef
	RCPs []*PolicyRef

	parent *OrgNode // nil for the root and for account nodes
}

// Account is one AWS account.
type Account struct {
	ID    string
	Alias string
	// Org is the organization the account belongs to; nil when it
	// belongs to none.
	Org *Org
	// Path is the organization path from the root to the account itself
	// (root, OUs..., the account); nil when the account belongs to no
	// organization.
	Path []*OrgNode
	// OrgPath is the aws:PrincipalOrgPaths value ("o-.../r-.../ou-.../").
	OrgPath string

	Users []*User
	Roles []*Role

	rootARN string
}

// InOrg tells whether the account belongs to an organization.
func (a *Account) InOrg() bool { return a.Org != nil && a.Path != nil }

// IsMember tells whether the account is a member (non-management) account of
// its organization: only those are limited by SCPs and RCPs, and only by
// their own organization's.
func (a *Account) IsMember() bool {
	return a.InOrg() && a.Org.ManagementAccount != a.ID
}

// User is an IAM user.
type User struct {
	Account *Account
	Name    string
	Path    string
	ARN     string
	ID      string // AIDA...
	// AccessKeyID and SecretAccessKey are the user's long-term keys.
	AccessKeyID     string
	SecretAccessKey string
	Tags            []scenario.Tag
	Identity        []*PolicyRef // user and group policies, inline then managed
	Boundary        *PolicyRef
	MFADevices      []*scenario.MFADevice

	principal principalInfo

	// World changes (changes_users.go): the scenario's user, the policies
	// and groups by origin once changed, and the access key's state.
	src *scenario.User
	ps  *userParts
	key keyState
}

// Role is an IAM role.
type Role struct {
	Account            *Account
	Name               string
	Path               string
	ARN                string
	ID                 string // AROA...
	Trust              *PolicyRef
	Identity           []*PolicyRef
	Boundary           *PolicyRef
	MaxSessionDuration int // seconds
	Tags               []scenario.Tag

	// World changes (changes.go): the scenario's role, the policies by
	// origin once changed, and whether the role was deleted.
	src     *scenario.Role
	ps      *roleParts
	deleted bool
}

// Resource is a resource with a resource-based policy.
type Resource struct {
	Account *Account
	ARN     string
	Policy  *PolicyRef
	Tags    []scenario.Tag
}

// Resources returns the resources the world declares (with their
// resource-based policies), longest ARN first.
func (w *World) Resources() []*Resource { return w.resources }

// Account returns the account with the given id, or nil.
func (w *World) Account(id string) *Account { return w.accounts[id] }

// User returns the user with the given ARN, or nil.
func (w *World) User(userARN string) *User { return w.users[userARN] }

// Role returns the role with the given ARN (path included), or nil.
func (w *World) Role(roleARN string) *Role { return w.roles[roleARN] }

// resourceFor returns the declared resource governing target: the one whose
// ARN equals target or is a prefix of it followed by "/".
func (w *World) resourceFor(target string) *Resource {
	for _, r := range w.resources {
		if target == r.ARN || (strings.HasPrefix(target, r.ARN) && len(target) > len(r.ARN) && target[len(r.ARN)] == '/') {
			return r
		}
	}
	return nil
}

// NewWorld compiles a loaded scenario's world into an indexed World.
func NewWorld(sc *scenario.Scenario) (*World, error) {
	w := &World{
		Region:    sc.Region,
		accounts:  map[string]*Account{},
		users:     map[string]*User{},
		roles:     map[string]*Role{},
		accessKey: map[string]*User{},
		seed:      sc.Name,
		Quotas:    sc.Quotas.WithDefaults(),
	}
	if w.Region == "" {
		w.Region = scenario.DefaultRegion
	}
	w.Settings = sc.Settings
	file := sc.Pos.File
	managed := map[string]*PolicyRef{}
	w.managed = managed
	for _, mp := range sc.AWSManagedPolicies {
		a := arn.PolicyARN(partition, "aws", defaultPath(mp.Path), mp.Name)
		managed[a] = &PolicyRef{Kind: KindIdentityPolicy, Name: "AWS managed policy " + mp.Name, File: posFile(mp.Pos, file), Doc: mp.Document}
	}
	for _, sa := range sc.Accounts {
		acct := &Account{ID: sa.ID, Alias: sa.Alias, rootARN: arn.RootARN(partition, sa.ID)}
		w.accounts[sa.ID] = acct
		w.Accounts = append(w.Accounts, acct)
		for _, mp := range sa.Policies {
			a := arn.PolicyARN(partition, sa.ID, defaultPath(mp.Path), mp.Name)
			managed[a] = &PolicyRef{Kind: KindIdentityPolicy, Name: "managed policy " + mp.Name, File: posFile(mp.Pos, file), Doc: mp.Document}
		}
	}
	for _, so := range sc.Organizations {
		if err := w.buildOrg(so, sc.Pos.File); err != nil {
			return nil, err
		}
	}
	lookup := func(ref scenario.Ref) (*PolicyRef, error) {
		p, ok := managed[ref.Value]
		if !ok {
			return nil, fmt.Errorf("%s: managed policy %s is not defined", ref.Pos, ref.Value)
		}
		return p, nil
	}
	boundary := func(ref *scenario.Ref) (*PolicyRef, error) {
		if ref == nil {
			return nil, nil
		}
		p, err := lookup(*ref)
		if err != nil {
			return nil, err
		}
		b := *p
		b.Kind = KindPermissionsBoundary
		b.Name = "permissions boundary " + strings.TrimPrefix(p.Name, "managed policy ")
		return &b, nil
	}
	for _, sa := range sc.Accounts {
		acct := w.accounts[sa.ID]
		groups := map[string]*scenario.Group{}
		for _, g := range sa.Groups {
			groups[strings.ToLower(g.Name)] = g
		}
		w.addGroups(acct, sa.Groups, file)
		for _, su := range sa.Users {
			u := &User{
				Account:    acct,
				Name:       su.Name,
				Path:       defaultPath(su.Path),
				Tags:       su.Tags,
				MFADevices: su.MFADevices,
				src:        su,
			}
			u.ARN = arn.UserARN(partition, acct.ID, u.Path, u.Name)
			u.ID = uniqueID(w.seed+"/user/"+u.ARN, "AIDA", 17)
			u.AccessKeyID = uniqueID(w.seed+"/key/"+u.ARN, "AKIA", 16)
			u.SecretAccessKey = secretFor(w.seed + "/secret/" + u.ARN)
			for _, ip := range su.InlinePolicies {
				u.Identity = append(u.Identity, &PolicyRef{Kind: KindIdentityPolicy, Name: "inline policy " + ip.Name + " of user " + u.Name, File: posFile(ip.Pos, file), Doc: ip.Document})
			}
			for _, ref := range su.ManagedPolicies {
				p, err := lookup(ref)
				if err != nil {
					return nil, err
				}
				u.Identity = append(u.Identity, p)
			}
			for _, gref := range su.Groups {
				g := groups[strings.ToLower(gref.Value)]
				if g == nil {
					return nil, fmt.Errorf("%s: group %s is not defined", gref.Pos, gref.Value)
				}
				for _, ip := range g.InlinePolicies {
					u.Identity = append(u.Identity, &PolicyRef{Kind: KindIdentityPolicy, Name: "inline policy " + ip.Name + " of group " + g.Name, File: posFile(ip.Pos, file), Doc: ip.Document})
				}
				for _, ref := range g.ManagedPolicies {
					p, err := lookup(ref)
					if err != nil {
						return nil, err
					}
					u.Identity = append(u.Identity, p)
				}
			}
			b, err := boundary(su.PermissionsBoundary)
			if err != nil {
				return nil, err
			}
			u.Boundary = b
			acct.Users = append(acct.Users, u)
			w.users[u.ARN] = u
			w.accessKey[u.AccessKeyID] = u
		}
		for _, sr := range sa.Roles {
			r := &Role{
				Account:            acct,
				Name:               sr.Name,
				Path:               defaultPath(sr.Path),
				MaxSessionDuration: sr.MaxSessionDuration,
				Tags:               sr.Tags,
			}
			if r.MaxSessionDuration == 0 {
				r.MaxSessionDuration = 3600
			}
			r.ARN = arn.RoleARN(partition, acct.ID, r.Path, r.Name)
			r.ID = uniqueID(w.seed+"/role/"+r.ARN, "AROA", 17)
			r.Trust = &PolicyRef{Kind: KindTrustPolicy, Name: "trust policy of role " + r.Name, File: posFile(sr.Pos, file), Doc: sr.TrustPolicy}
			for _, ip := range sr.InlinePolicies {
				r.Identity = append(r.Identity, &PolicyRef{Kind: KindIdentityPolicy, Name: "inline policy " + ip.Name + " of role " + r.Name, File: posFile(ip.Pos, file), Doc: ip.Document})
			}
			for _, ref := range sr.ManagedPolicies {
				p, err := lookup(ref)
				if err != nil {
					return nil, err
				}
				r.Identity = append(r.Identity, p)
			}
			b, err := boundary(sr.PermissionsBoundary)
			if err != nil {
				return nil, err
			}
			r.Boundary = b
			r.src = sr
			acct.Roles = append(acct.Roles, r)
			w.roles[r.ARN] = r
		}
		for _, res := range sa.Resources {
			w.resources = append(w.resources, &Resource{
				Account: acct,
				ARN:     res.ARN,
				Policy:  &PolicyRef{Kind: KindResourcePolicy, Name: "resource-based policy of " + res.ARN, File: posFile(res.Pos, file), Doc: res.Policy},
				Tags:    res.Tags,
			})
		}
	}
	sort.SliceStable(w.resources, func(i, j int) bool { return len(w.resources[i].ARN) > len(w.resources[j].ARN) })
	for _, u := range w.users {
		u.principal = userPrincipal(w, u)
	}
	w.buildProviders(sc)

	return w, nil
}

func (w *World) buildOrg(so *scenario.Organization, file string) error {
	org := &Org{ID: so.ID, ManagementAccount: so.ManagementAccount}
	w.Orgs = append(w.Orgs, org)
	byName := map[string]*scenario.OrgPolicy{}
	for _, p := range so.Policies {
		byName[p.Name] = p
	}
	org.policies = byName
	attach := func(refs []scenario.Ref, typ scenario.OrgPolicyType, where string) ([]*PolicyRef, error) {
		var out []*PolicyRef
		for _, ref := range refs {
			p := byName[ref.Value]
			if p == nil || p.Type != typ {
				return nil, fmt.Errorf("%s: %s %s is not defined", ref.Pos, typ, ref.Value)
			}
			kind := KindSCP
			if typ == scenario.RCP {
				kind = KindRCP
			}
			out = append(out, &PolicyRef{Kind: kind, Name: string(typ) + " " + p.Name + " attached to " + where, File: posFile(p.Pos, file), Doc: p.Document})
		}
		return out, nil
	}
	var walk func(ou *scenario.OU, kind string, parents []*OrgNode, path string) error
	walk = func(ou *scenario.OU, kind string, parents []*OrgNode, path string) error {
		where := "the root"
		if kind == "ou" {
			where = "OU " + ou.Name
		}
		scps, err := attach(ou.SCPs, scenario.SCP, where)
		if err != nil {
			return err
		}
		rcps, err := attach(ou.RCPs, scenario.RCP, where)
		if err != nil {
			return err
		}
		node := &OrgNode{Kind: kind, Name: ou.Name, ID: ou.ID, SCPs: scps, RCPs: rcps}
		org.noteOrgNode(node, parents)
		if kind == "root" {
			org.Root = node
		}
		chain := append(append([]*OrgNode(nil), parents...), node)
		path += ou.ID + "/"
		for _, oa := range ou.Accounts {
			acct := w.accounts[oa.ID]
			if acct == nil {
				return fmt.Errorf("%s: account %s is not declared", oa.Pos, oa.ID)
			}
			if acct.Org != nil {
				return fmt.Errorf("%s: account %s already belongs to organization %s", oa.Pos, oa.ID, acct.Org.ID)
			}
			where := "account " + oa.ID
			ascps, err := attach(oa.SCPs, scenario.SCP, where)
			if err != nil {
				return err
			}
			arcps, err := attach(oa.RCPs, scenario.RCP, where)
			if err != nil {
				return err
			}
			own := &OrgNode{Kind: "account", Name: oa.ID, ID: oa.ID, SCPs: ascps, RCPs: arcps}
			acct.Org = org
			acct.Path = append(append([]*OrgNode(nil), chain...), own)
			acct.OrgPath = path
		}
		for _, child := range ou.OUs {
			if err := walk(child, "ou", chain, path); err != nil {
				return err
			}
		}
		return nil
	}
	if so.Root == nil {
		return fmt.Errorf("%s: organization has no root", so.Pos)
	}
	return walk(so.Root, "root", nil, so.ID+"/")
}

func defaultPath(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func secretFor(label string) string {
	src := newIDSource(label)
	return string(src.appendChars(make([]byte, 0, 40), 40, secretAlphabet))
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
