package sim

// The copy on write of the World (see changes.go): the Sim clones the
// World it shares before its first change, and again after handing out
// anything that points into its copy.

// clonePolicyRefs copies a slice so that appending to it never writes into
// the shared world's array.
func clonePolicyRefs(refs []*PolicyRef) []*PolicyRef {
	if refs == nil {
		return nil
	}
	return append(make([]*PolicyRef, 0, len(refs)), refs...)
}

// handOut records that the current world, or something pointing into it,
// is being handed out: the next change copies the world first.
func (s *Sim) handOut() { s.chg.owned = false }

// own makes the Sim's world its own copy, unless it is already and nothing
// of it has been handed out since (handOut, or a session issued), and
// returns it. Callers change the world only through what own returns.
func (s *Sim) own() *World {
	if s.chg.owned && s.chg.issued == s.issued {
		return s.world
	}
	old := s.world
	w := *old
	w.accounts = make(map[string]*Account, len(old.accounts))
	w.users = make(map[string]*User, len(old.users))
	w.roles = make(map[string]*Role, len(old.roles))
	w.accessKey = make(map[string]*User, len(old.accessKey))
	w.Accounts = make([]*Account, 0, len(old.Accounts))

	nodes := make(map[*OrgNode]*OrgNode)
	var node func(n *OrgNode) *OrgNode
	node = func(n *OrgNode) *OrgNode {
		if n == nil {
			return nil
		}
		if c := nodes[n]; c != nil {
			return c
		}
		c := *n
		c.SCPs = clonePolicyRefs(n.SCPs)
		c.RCPs = clonePolicyRefs(n.RCPs)
		nodes[n] = &c
		c.parent = node(n.parent)
		return &c
	}
	orgs := make(map[*Org]*Org, len(old.Orgs))
	w.Orgs = make([]*Org, len(old.Orgs))
	for i, o := range old.Orgs {
		org := *o
		org.Root = node(o.Root)
		org.ous = make([]*OrgNode, len(o.ous))
		for j, n := range o.ous {
			org.ous[j] = node(n)
		}
		orgs[o] = &org
		w.Orgs[i] = &org
	}

	accounts := make(map[*Account]*Account, len(old.Accounts))
	for _, a := range old.Accounts {
		na := *a
		na.Org = orgs[a.Org]
		if a.Path != nil {
			na.Path = make([]*OrgNode, len(a.Path))
			for i, n := range a.Path {
				na.Path[i] = node(n)
			}
		}
		na.Users = make([]*User, 0, len(a.Users))
		na.Roles = make([]*Role, 0, len(a.Roles))
		for _, u := range a.Users {
			nu := *u
			nu.Account = &na
			nu.Identity = clonePolicyRefs(u.Identity)
			na.Users = append(na.Users, &nu)
			w.users[nu.ARN] = &nu
			w.accessKey[nu.AccessKeyID] = &nu
		}
		for _, r := range a.Roles {
			nr := *r
			nr.Account = &na
			nr.Identity = clonePolicyRefs(r.Identity)
			if r.ps != nil {
				ps := roleParts{
					inline:  append([]inlinePolicy(nil), r.ps.inline...),
					managed: append([]string(nil), r.ps.managed...),
				}
				nr.ps = &ps
			}
			na.Roles = append(na.Roles, &nr)
			w.roles[nr.ARN] = &nr
		}
		accounts[a] = &na
		w.accounts[na.ID] = &na
		w.Accounts = append(w.Accounts, &na)
	}
	w.ownUsers(old)
	w.resources = make([]*Resource, len(old.resources))
	for i, r := range old.resources {
		nr := *r
		if a := accounts[r.Account]; a != nil {
			nr.Account = a
		}
		w.resources[i] = &nr
	}
	for _, u := range w.users {
		u.principal = userPrincipal(&w, u)
	}
	w.oidc = make(map[string]*OIDCProvider, len(old.oidc))
	for k, p := range old.oidc {
		np := *p
		if a := accounts[p.Account]; a != nil {
			np.Account = a
		}
		w.oidc[k] = &np
	}
	w.saml = make(map[string]*SAMLProvider, len(old.saml))
	for k, p := range old.saml {
		np := *p
		if a := accounts[p.Account]; a != nil {
			np.Account = a
		}
		w.saml[k] = &np
	}
	s.world = &w
	s.chg.owned = true
	s.chg.issued = s.issued
	for k, a := range s.rootKeys {
		if na := accounts[a]; na != nil {
			s.rootKeys[k] = na
		}
	}
	s.invalidate()
	return s.world
}

// invalidate drops everything built from the world that a change may have
// made stale: the principals of sessions (with their views of the world)
// and of root users, and the role resource keys. They are rebuilt on next
// use. Only the sessions used since the last change have a principal to
// drop, so a change costs no more than the requests before it.
func (s *Sim) invalidate() {
	for _, key := range s.cached {
		e := s.sessions[key]
		e.principal = nil
		s.sessions[key] = e
	}
	s.cached = s.cached[:0]
	clear(s.roots)
	clear(s.roleCtx)
}
