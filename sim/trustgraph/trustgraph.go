// Package trustgraph works out who can assume which role in a world, without
// running anything: principals (IAM users and roles) and roles are nodes,
// grouped by account and organizational unit, and an edge runs from a
// principal to a role when the role's trust policy and the caller's
// permissions (identity-based policies, permissions boundary, the SCPs above
// the caller's account and the RCPs above the role's account) could all
// allow sts:AssumeRole. Each edge carries the conditions that gate it
// (external id, MFA, tags, ...) and the longest session it can give: the
// role's MaxSessionDuration from an IAM user, one hour from a role session
// (role chaining).
//
// The analysis is static, and it is the simulator's own: every edge is a
// decision of the authorization core (sim.World.Decide) in partial
// evaluation. Condition keys whose values are fixed by the world (the
// caller's ARN, account, organization, an IAM user's tags, the role's tags
// for a first hop: sim.Caller.Static) are evaluated; every other condition
// (an external id, MFA, session tags, the time, ...) is left as a residual
// that may hold, and becomes a label on the edge. A Deny with such a
// condition becomes a "denied when" label; an unconditional Deny removes the
// edge. No policy is evaluated in this package.
//
// Candidate pairs come from an index of the principals each trust policy
// names (by ARN, by account, or everyone), so that the work grows with the
// number of edges rather than with principals times roles.
package trustgraph

import (
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

// Graph is the trust graph of one world.
type Graph struct {
	Title string
	// Groups are the top-level groups: each organization's root (holding
	// its OUs and accounts) and the accounts outside every organization.
	Groups []*Group
	Nodes  []*Node
	Edges  []*Edge
}

// GroupKind tells what a group stands for.
type GroupKind uint8

// Group kinds.
const (
	GroupRoot GroupKind = iota
	GroupOU
	GroupAccount
	// GroupExternal holds the principals named by trust policies that the
	// world does not define.
	GroupExternal
)

// Group is a box of the picture: the organization root, an OU, an account,
// or the principals outside the scenario.
type Group struct {
	// ID is a stable identifier ("g1", "g2", ...).
	ID     string
	Kind   GroupKind
	Label  string
	Groups []*Group
	// Nodes are indexes into Graph.Nodes.
	Nodes []int
	// Management tells whether the group is an organization's management
	// account: it is drawn even when it holds no user or role.
	Management bool
}

// NodeKind tells what a node stands for.
type NodeKind uint8

// Node kinds.
const (
	NodeUser NodeKind = iota
	NodeRole
	// NodeExternal is a principal a trust policy names that the world does
	// not define: an outside account or ARN, a service, or everyone.
	NodeExternal
	// NodeProvider is an OIDC or SAML identity provider an account of the
	// world declares and a trust policy names; it sits in its account.
	NodeProvider
)

// Node is a principal or a role.
type Node struct {
	// ID is a stable identifier ("n1", "n2", ...).
	ID      string
	Kind    NodeKind
	Label   string
	Detail  string
	ARN     string
	Account string
}

// Edge says that From could assume To.
type Edge struct {
	From, To int
	// Conditions are the conditions that must hold for the call to be
	// allowed, in words; Denials the conditions under which a Deny stops
	// it.
	Conditions []string
	Denials    []string
	// Residuals and DenialResiduals are the same, as the authorization
	// core returned them (sim.Decision.Conditions and Denials): the
	// conditions themselves, for tools that must meet them (a replay).
	Residuals       []sim.Residual
	DenialResiduals []sim.Residual
	// MaxSession is the longest session the edge can give, 0 when the
	// caller (an AWS service) sets it; Chained tells whether that is
	// because the caller is a role (role chaining).
	MaxSession time.Duration
	Chained    bool
	// Via says how the trust policy names the caller and what else must
	// allow.
	Via string
}

// builder holds the indexes of one Build.
type builder struct {
	w   *sim.World
	g   *Graph
	dec *sim.Decider

	userNode map[*sim.User]int
	roleNode map[*sim.Role]int
	byARN    map[string]int    // user and role ARNs -> node
	byRole   map[string]int    // "account/role name" -> role node, for assumed-role ARNs
	byAcct   map[string][]int  // account -> user and role nodes in it
	external map[string]int    // external principal key -> node
	extGroup *Group            // created on first external node
	acctGrp  map[string]*Group // account id -> its group
	users    map[int]*sim.User // node -> user
	// callers[n] is user or role node n's caller, built (and made[n]
	// set) while the candidates are found, read by the deciding goroutines.
	callers []sim.Caller
	made    []bool
	// everyone is set once every user and role node has its caller.
	everyone bool
	roles    map[int]*sim.Role // node -> role
	all      []int             // every user and role node
	// seen[n] == epoch marks the candidates found so far for one role,
	// and in is their list's storage, reused role after role.
	seen    []uint32
	epoch   uint32
	in      []candidate
	nextGrp int
}

// Build works out the trust graph of a world.
func Build(w *sim.World, title string) *Graph {
	b := &builder{
		w:        w,
		g:        &Graph{Title: title},
		dec:      w.Decider(),
		userNode: map[*sim.User]int{},
		roleNode: map[*sim.Role]int{},
		byARN:    map[string]int{},
		byRole:   map[string]int{},
		byAcct:   map[string][]int{},
		external: map[string]int{},
		users:    map[int]*sim.User{},
		roles:    map[int]*sim.Role{},
		acctGrp:  map[string]*Group{},
	}
	b.nodes()
	// The candidates, external nodes and callers are found role by role
	// (the nodes are numbered in that order); the decisions, which cost
	// nearly everything, run on up to GOMAXPROCS goroutines, each with its
	// own Decider; the edges are then laid out role by role, so that the
	// graph does not depend on how many.
	var work []*roleWork
	for _, a := range w.Accounts {
		for _, r := range a.Roles {
			work = append(work, b.prepare(r))
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(work))
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		dec := b.dec
		if k > 0 {
			dec = w.Decider()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(work)); i = next.Add(1) - 1 {
				work[i].decide(b, dec)
			}
		}()
	}
	wg.Wait()
	n := 0
	for _, rw := range work {
		n += len(rw.edges)
	}
	b.g.Edges = make([]*Edge, 0, n)
	for _, rw := range work {
		b.g.Edges = append(b.g.Edges, rw.edges...)
	}
	return b.g
}

func (b *builder) group(kind GroupKind, label string) *Group {
	b.nextGrp++
	return &Group{ID: "g" + strconv.Itoa(b.nextGrp), Kind: kind, Label: label}
}

func (b *builder) addNode(n *Node) int {
	n.ID = "n" + strconv.Itoa(len(b.g.Nodes)+1)
	b.g.Nodes = append(b.g.Nodes, n)
	return len(b.g.Nodes) - 1
}

// nodes creates the groups and the user and role nodes, in declaration
// order.
func (b *builder) nodes() {
	orgGroups := map[*sim.OrgNode]*Group{}
	for _, a := range b.w.Accounts {
		label := "account " + a.ID
		if a.Alias != "" {
			label += " (" + a.Alias + ")"
		}
		mgmt := b.managementAccount(a)
		if mgmt {
			label += ", management account"
		}
		var parent *Group
		if len(a.Path) > 1 {
			for _, on := range a.Path[:len(a.Path)-1] {
				g := orgGroups[on]
				if g == nil {
					if on.Kind == "root" {
						g = b.group(GroupRoot, "organization "+a.Org.ID+" (root "+on.ID+")")
						b.g.Groups = append(b.g.Groups, g)
					} else {
						g = b.group(GroupOU, "OU "+on.Name)
						if parent != nil {
							parent.Groups = append(parent.Groups, g)
						}
					}
					orgGroups[on] = g
				}
				parent = g
			}
		}
		ag := b.group(GroupAccount, label)
		ag.Management = mgmt
		b.acctGrp[a.ID] = ag
		if parent != nil {
			parent.Groups = append(parent.Groups, ag)
		} else {
			b.g.Groups = append(b.g.Groups, ag)
		}
		for _, u := range a.Users {
			i := b.addNode(&Node{Kind: NodeUser, Label: u.Name, Detail: "IAM user", ARN: u.ARN, Account: a.ID})
			b.userNode[u], b.users[i], b.byARN[u.ARN] = i, u, i
			ag.Nodes = append(ag.Nodes, i)
			b.byAcct[a.ID] = append(b.byAcct[a.ID], i)
			b.all = append(b.all, i)
		}
		for _, r := range a.Roles {
			i := b.addNode(&Node{Kind: NodeRole, Label: r.Name, Detail: "role, max " + sim.FormatDuration(time.Duration(r.MaxSessionDuration)*time.Second), ARN: r.ARN, Account: a.ID})
			b.roleNode[r], b.roles[i], b.byARN[r.ARN] = i, r, i
			b.byRole[a.ID+"/"+r.Name] = i
			ag.Nodes = append(ag.Nodes, i)
			b.byAcct[a.ID] = append(b.byAcct[a.ID], i)
			b.all = append(b.all, i)
		}
	}
}

// externalNode returns the node of a principal outside the world, creating
// it on first use.
func (b *builder) externalNode(key, label, detail, arnStr, acct string) int {
	if i, ok := b.external[key]; ok {
		return i
	}
	if b.extGroup == nil {
		b.extGroup = b.group(GroupExternal, "outside the scenario")
		b.g.Groups = append(b.g.Groups, b.extGroup)
	}
	i := b.addNode(&Node{Kind: NodeExternal, Label: label, Detail: detail, ARN: arnStr, Account: acct})
	b.extGroup.Nodes = append(b.extGroup.Nodes, i)
	b.external[key] = i
	return i
}

// managementAccount tells whether a is an organization's management
// account, whether or not the organization's tree lists it.
func (b *builder) managementAccount(a *sim.Account) bool {
	for _, o := range b.w.Orgs {
		if o.ManagementAccount == a.ID {
			return true
		}
	}
	return false
}

// providerNode returns the node of the identity provider a trust policy
// names by ARN: in its account when the world declares it there, outside
// the scenario otherwise.
func (b *builder) providerNode(providerARN, what string) int {
	key := "federated:" + providerARN
	if i, ok := b.external[key]; ok {
		return i
	}
	acct := accountOf(providerARN)
	ag := b.acctGrp[acct]
	declared := b.w.OIDCProvider(providerARN) != nil || b.w.SAMLProvider(providerARN) != nil
	if ag == nil || !declared {
		return b.externalNode(key, lastPart(providerARN), what, providerARN, acct)
	}
	i := b.addNode(&Node{Kind: NodeProvider, Label: lastPart(providerARN), Detail: what, ARN: providerARN, Account: acct})
	ag.Nodes = append(ag.Nodes, i)
	b.external[key] = i
	return i
}

// candidate is a principal a trust policy may let in.
type candidate struct {
	node int
	// session is the session name an assumed-role ARN names; "" otherwise.
	session string
}

// candidates lists, in a stable order and without duplicates, the world's
// principals that a trust policy names, and adds an external node for every
// principal it names outside the world (returned in ext with the
// statement that names it).
func (b *builder) candidates(r *sim.Role) (in []candidate, ext []extRef, allAt int) {
	b.epoch++
	if len(b.seen) < len(b.g.Nodes) {
		b.seen = append(b.seen, make([]uint32, len(b.g.Nodes)-len(b.seen))...)
	}
	in = b.in[:0]
	allAt = -1
	add := func(c candidate) {
		if allAt >= 0 && c.session == "" {
			return // a candidate already, as every node is
		}
		if b.seen[c.node] != b.epoch || c.session != "" {
			b.seen[c.node] = b.epoch
			in = append(in, c)
		}
	}
	defer func() { b.in = in }()
	addAll := func(nodes []int) {
		for _, n := range nodes {
			add(candidate{node: n})
		}
	}
	// addEveryone makes every user and role node a candidate, after those
	// found so far, without listing them (roleWork.everyone walks them).
	addEveryone := func() {
		if allAt < 0 {
			allAt = len(in)
		}
	}
	if r.Trust == nil || r.Trust.Doc == nil {
		return nil, nil, -1
	}
	for _, st := range r.Trust.Doc.Statements {
		if st.Effect != policy.EffectAllow {
			continue
		}
		if st.NotPrincipal() {
			addEveryone()
			continue
		}
		for _, p := range st.Principals() {
			v := p.Value
			switch {
			case p.Type == "Service":
				ext = append(ext, extRef{node: b.externalNode("service:"+v, v, "AWS service", "", ""), stmt: st, principal: policy.Principal{Service: v}})
			case p.Type == "Federated":
				action, what := "sts:AssumeRoleWithWebIdentity", "OIDC identity provider"
				if strings.Contains(v, ":saml-provider/") {
					action, what = "sts:AssumeRoleWithSAML", "SAML identity provider"
				}
				ext = append(ext, extRef{node: b.providerNode(v, what), stmt: st,
					principal: policy.Principal{Federated: v}, action: action})
			case p.Type != "AWS" && p.Type != "*":
				// Canonical users do not call AssumeRole.
			case v == "*":
				addEveryone()
				ext = append(ext, extRef{node: b.externalNode("*", "anyone", "any AWS principal", "", ""), stmt: st,
					principal: policy.Principal{Account: "000000000000", ARNs: []string{"arn:aws:iam::000000000000:user/anyone"}}})
			case isAccountID(v) || (strings.HasPrefix(v, "arn:") && strings.HasSuffix(v, ":root")):
				acct := v
				if !isAccountID(v) {
					acct = accountOf(v)
				}
				if nodes, ok := b.byAcct[acct]; ok && b.w.Account(acct) != nil {
					addAll(nodes)
				} else if b.w.Account(acct) == nil {
					ext = append(ext, extRef{node: b.externalNode("acct:"+acct, "account "+acct, "any principal it allows", "arn:aws:iam::"+acct+":root", acct), stmt: st,
						principal: policy.Principal{Account: acct, ARNs: []string{"arn:aws:iam::" + acct + ":root"}}})
				}
			default:
				if n, ok := b.byARN[v]; ok {
					add(candidate{node: n})
					continue
				}
				if acct, name, sess, ok := assumedRole(v); ok {
					if n, ok := b.byRole[acct+"/"+name]; ok {
						add(candidate{node: n, session: sess})
						continue
					}
				}
				acct := accountOf(v)
				ext = append(ext, extRef{node: b.externalNode("arn:"+v, lastPart(v), "outside the scenario", v, acct), stmt: st,
					principal: policy.Principal{Account: acct, ARNs: []string{v}}})
			}
		}
	}
	return in, ext, allAt
}

// extRef is an external principal and the trust statement naming it.
type extRef struct {
	node      int
	stmt      *policy.Statement
	principal policy.Principal
	// action is the STS operation it calls; "" means sts:AssumeRole.
	action string
}

// roleWork is what deciding the edges into one role needs, and its edges.
type roleWork struct {
	r  *sim.Role
	to int
	// in are the candidates, in the order found; when allAt >= 0 every
	// other user and role node (in node order) is one too, coming after
	// in[:allAt].
	in    []candidate
	allAt int
	ext   []extRef
	// extCallers[i] and extActions[i] are ext[i]'s caller and operation.
	extCallers []sim.Caller
	extActions []string
	edges      []*Edge
}

// prepare finds the candidates of role r and their callers.
func (b *builder) prepare(r *sim.Role) *roleWork {
	in, ext, allAt := b.candidates(r)
	rw := &roleWork{r: r, to: b.roleNode[r], in: slices.Clone(in), allAt: allAt, ext: ext}
	for _, c := range in {
		if c.session == "" {
			b.makeCaller(c.node)
		}
	}
	if allAt >= 0 && !b.everyone {
		for _, n := range b.all {
			b.makeCaller(n)
		}
		b.everyone = true
	}
	for _, x := range ext {
		cl, action := b.externalCaller(x)
		rw.extCallers = append(rw.extCallers, cl)
		rw.extActions = append(rw.extActions, action)
	}
	return rw
}

// decide adds every edge into the role: one per candidate the core
// allows, and one per external node (the first of its references the
// core allows).
func (rw *roleWork) decide(b *builder, dec *sim.Decider) {
	visit := func(c candidate) {
		if e := edgeAs(dec, b.callerOf(c), rw.r, ""); e != nil {
			e.From, e.To = c.node, rw.to
			rw.edges = append(rw.edges, e)
		}
	}
	for i := 0; i <= len(rw.in); i++ {
		if i == rw.allAt {
			rw.everyone(b, visit)
		}
		if i < len(rw.in) {
			visit(rw.in[i])
		}
	}
	var done []int
	for i, x := range rw.ext {
		if slices.Contains(done, x.node) {
			continue
		}
		e := edgeAs(dec, rw.extCallers[i], rw.r, rw.extActions[i])
		if e == nil {
			continue
		}
		done = append(done, x.node)
		e.From, e.To = x.node, rw.to
		rw.edges = append(rw.edges, e)
	}
}

// everyone visits every user and role node that is not among the
// candidates before rw.allAt (with a session name or not), in node order,
// as listing them after those would.
func (rw *roleWork) everyone(b *builder, visit func(candidate)) {
	var before map[int]bool
	for _, c := range rw.in[:rw.allAt] {
		if before == nil {
			before = map[int]bool{}
		}
		before[c.node] = true
	}
	for _, n := range b.all {
		if !before[n] {
			visit(candidate{node: n})
		}
	}
}

// externalCaller is the caller an external reference stands for, and the
// STS operation it calls.
func (b *builder) externalCaller(x extRef) (sim.Caller, string) {
	p := x.principal
	switch {
	case p.Federated != "":
		return b.w.FederatedCaller(p.Federated), x.action
	case p.Service != "":
		return b.w.ServiceCaller(p.Service), ""
	}
	return b.w.ExternalCaller(p.Account, p.ARNs[0]), ""
}

// makeCaller builds user or role node n's caller, once.
func (b *builder) makeCaller(n int) {
	if len(b.made) < len(b.g.Nodes) {
		b.made = append(b.made, make([]bool, len(b.g.Nodes)-len(b.made))...)
		b.callers = append(b.callers, make([]sim.Caller, len(b.g.Nodes)-len(b.callers))...)
	}
	if b.made[n] {
		return
	}
	if u := b.users[n]; u != nil {
		b.callers[n] = b.w.UserCaller(u)
	} else {
		b.callers[n] = b.w.RoleCaller(b.roles[n], "")
	}
	b.made[n] = true
}

// callerOf returns a candidate's caller: its node's (made by makeCaller),
// or for a role named by an assumed-role ARN one with that session name.
// Deciding goroutines call it concurrently: it only reads the builder.
func (b *builder) callerOf(c candidate) sim.Caller {
	if c.session == "" {
		return b.callers[c.node]
	}
	return b.w.RoleCaller(b.roles[c.node], c.session)
}

// companion is an action STS authorizes along with the assumption when the
// request carries some keys: sts:SetSourceIdentity with a source identity
// (sent or inherited), sts:TagSession with session tags (sent, inherited
// or from an identity provider), as the simulator does.
type companion struct {
	action string
	keys   func(key string) bool
}

var companions = [...]companion{
	{"sts:SetSourceIdentity", func(k string) bool {
		return strings.EqualFold(k, "sts:SourceIdentity") || strings.EqualFold(k, "aws:SourceIdentity")
	}},
	{"sts:TagSession", func(k string) bool {
		return len(k) >= len("aws:RequestTag/") && strings.EqualFold(k[:len("aws:RequestTag/")], "aws:RequestTag/") ||
			strings.EqualFold(k, "aws:TagKeys") || strings.EqualFold(k, "sts:TransitiveTagKeys")
	}},
}

func mentions(rs []sim.Residual, keys func(string) bool) bool {
	for _, r := range rs {
		for _, c := range r.Conditions {
			if keys(c.Key) {
				return true
			}
		}
	}
	return false
}

// assume decides whether the caller may assume r. When the decision relies
// on a condition about a source identity or session tags, meeting it means
// sending them, which STS allows only if sts:SetSourceIdentity (or
// sts:TagSession) is allowed too: the companion's conditions join the
// edge's; if it is refused, the assumption is decided again with those
// keys absent (the only requests the caller can make).
func assume(dec *sim.Decider, cl sim.Caller, r *sim.Role, action string) (sim.Decision, bool) {
	static := cl.Static()
	d := dec.Decide(sim.Query{Caller: cl, Action: action, Role: r, Known: static, AllowedOnly: true})
	if !d.Allowed {
		return d, false
	}
	for _, cp := range companions {
		if !mentions(d.Conditions, cp.keys) && !mentions(d.Denials, cp.keys) {
			continue
		}
		if x := dec.Decide(sim.Query{Caller: cl, Action: cp.action, Role: r, Known: static, AllowedOnly: true}); x.Allowed {
			d.Conditions = append(d.Conditions, x.Conditions...)
			d.Denials = append(d.Denials, x.Denials...)
			continue
		}
		// prev, not static, is captured: a closure over static, which the
		// loop reassigns, would put it on the heap for every call.
		prev, keys := static, cp.keys
		known := func(k string) bool { return keys(k) || prev(k) }
		d = dec.Decide(sim.Query{Caller: cl, Action: action, Role: r, Known: known, AllowedOnly: true})
		if !d.Allowed {
			return d, false
		}
		static = known
	}
	return d, true
}

// edgeAs asks the authorization core whether the caller could assume r
// (by action, "" for sts:AssumeRole), with every condition on a key the
// caller's identity does not fix left open, and turns its answer into an
// edge (nil when it cannot).
func edgeAs(dec *sim.Decider, cl sim.Caller, r *sim.Role, action string) *Edge {
	d, ok := assume(dec, cl, r, action)
	if !ok {
		return nil
	}
	e := &Edge{Chained: cl.Chained, Conditions: conditionLabels(d.Conditions), Denials: denialLabels(d.Denials),
		Residuals: d.Conditions, DenialResiduals: d.Denials}
	e.MaxSession = time.Duration(r.MaxSessionDuration) * time.Second
	if cl.Chained && e.MaxSession > time.Hour {
		e.MaxSession = time.Hour
	}
	switch d.Path {
	case sim.PathService:
		// A service's sessions are not bound by MaxSessionDuration.
		e.Via, e.MaxSession = "the trust policy trusts the service", 0
	case sim.PathFederated:
		e.Via = "the trust policy trusts the identity provider's tokens (" + action + ")"
	case sim.PathNamedPrincipal, sim.PathNamedRole, sim.PathWildcard:
		e.Via = "the trust policy names it"
	case sim.PathDelegation:
		e.Via = "the trust policy trusts its account, and its own policies allow it"
	default:
		e.Via = "the trust policy allows it, and (across accounts) its own policies allow it too"
		if d.Outside {
			e.Via = "the trust policy names it; its own account's policies must allow it too"
		}
	}
	return e
}

func appendNew(list []string, items ...string) []string {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func accountOf(arnStr string) string {
	parts := strings.SplitN(arnStr, ":", 6)
	if len(parts) < 5 {
		return ""
	}
	return parts[4]
}

func lastPart(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	if i := strings.LastIndexByte(s, ':'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// assumedRole splits arn:aws:sts::ACCT:assumed-role/NAME/SESSION.
func assumedRole(s string) (acct, name, session string, ok bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[2] != "sts" {
		return "", "", "", false
	}
	rest, found := strings.CutPrefix(parts[5], "assumed-role/")
	if !found {
		return "", "", "", false
	}
	name, session, found = strings.Cut(rest, "/")
	return parts[4], name, session, found
}
