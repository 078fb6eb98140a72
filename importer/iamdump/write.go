package iamdump

import (
	"sort"

	"github.com/rolesim/rolesim/scenario"
	"strconv"
	"strings"
)

// partBudget is the most a part file holds, well under the loader's
// 4 MiB (scenario.MaxFileSize).
const partBudget = 3 << 20

// write renders the world as one scenario file, or, when that would be
// larger than the loader accepts, as a main file that includes part files
// (paths relative to the main file, in partsDir), each holding some of
// the accounts' entities.
func (w *world) write(name, partsDir string) ([]byte, []File) {
	top := w.topNode(name)
	accts := ylist()
	for _, id := range w.accountIDs {
		accts.add(w.account(w.accounts[id]), "account "+id+": from "+strings.Join(w.accounts[id].files, ", "))
	}
	top.set("accounts", accts)
	var p printer
	p.comments(0, w.header(nil))
	p.node(top, 0, false)
	if p.b.Len() <= scenario.MaxFileSize {
		return []byte(p.b.String()), nil
	}
	parts := w.parts(partsDir)
	top = w.topNode(name)
	inc := ylist()
	for _, f := range parts {
		inc.add(ystr(f.Name))
	}
	top.set("include", inc).comment = []string{"the world is larger than one scenario file may be (4 MiB): its accounts' entities are in these parts"}
	ids := ylist()
	for _, id := range w.accountIDs {
		m := ymap()
		m.set("id", yraw(strconv.Quote(id)))
		ids.add(m, "account "+id+": from "+strings.Join(w.accounts[id].files, ", "))
	}
	top.set("accounts", ids)
	var mp printer
	mp.comments(0, w.header(parts))
	mp.node(top, 0, false)
	return []byte(mp.b.String()), parts
}

// topNode is the scenario's keys before accounts.
func (w *world) topNode(name string) *ynode {
	top := ymap()
	top.set("version", yraw("1"))
	top.set("name", ystr(name))
	top.set("description", ystr(w.description()))
	if w.githubOff {
		s := ymap()
		s.set("github_sub_check", yraw("false"))
		top.set("settings", s).comment = []string{"a role trusts GitHub without the sub check IAM now makes (see the notes above)"}
	}
	if len(w.quotas) > 0 {
		q := ymap()
		for _, k := range sortedKeys(w.quotas) {
			q.set(k, yraw(strconv.Itoa(w.quotas[k])))
		}
		top.set("quotas", q).comment = []string{"raised above AWS's defaults: the input holds more than they allow"}
	}
	if len(w.awsManaged) > 0 {
		l := ylist()
		for _, p := range w.awsManaged {
			l.add(policyNode(p), p.comment())
		}
		top.set("aws_managed_policies", l)
	}
	if w.org != nil {
		c := "from " + w.org.from + " and the other Organizations listings"
		if w.org.model {
			c = withNote("from "+w.org.from, w.org.note)
		}
		top.set("organization", w.org.node()).comment = []string{c}
	}
	return top
}

// parts packs the accounts' entities, in order, into part files of at
// most partBudget bytes (an entity larger than that gets a part alone).
func (w *world) parts(dir string) []File {
	var files []File
	var b strings.Builder
	acct, section := "", ""
	n := 0
	flush := func() {
		if b.Len() > 0 {
			files[len(files)-1].Data = []byte(b.String())
			b.Reset()
		}
		acct, section = "", ""
	}
	for _, id := range w.accountIDs {
		for _, sec := range w.accounts[id].sections() {
			for _, it := range sec.val.items {
				var p printer
				l := ylist()
				l.add(it.val, it.comment...)
				p.node(l, 6, false)
				text := p.b.String()
				if b.Len() > 0 && b.Len()+len(text) > partBudget {
					flush()
				}
				if b.Len() == 0 {
					n++
					files = append(files, File{Name: dir + "/part-" + pad3(n) + ".yaml"})
					b.WriteString("# Part " + strconv.Itoa(n) + " of an imported world (see the file that includes it).\n")
				}
				if acct != id {
					b.WriteString(map[bool]string{true: "accounts:\n", false: ""}[acct == ""])
					b.WriteString("  - id: " + strconv.Quote(id) + "\n")
					acct, section = id, ""
				}
				if section != sec.key {
					b.WriteString("    " + sec.key + ":\n")
					section = sec.key
				}
				b.WriteString(text)
			}
		}
	}
	flush()
	return files
}

func pad3(i int) string {
	s := strconv.Itoa(i)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

// sections are an account's lists as account() writes them.
func (a *acctOut) sections() []yfield {
	var out []yfield
	n := a.node()
	for _, f := range n.fields {
		if f.val.isList {
			out = append(out, f)
		}
	}
	return out
}

func (w *world) description() string {
	n := len(w.accountIDs)
	if w.r.desc != "" {
		return w.r.desc
	}
	s := "Imported from " + strconv.Itoa(len(w.r.files)) + " file(s) of AWS CLI output: " + strconv.Itoa(n) + " account(s)"
	if w.org != nil {
		s += " of organization " + w.org.id
	}
	return s + "."
}

func (w *world) header(parts []File) []string {
	tool := "rolesim import aws"
	if w.r.tool != "" {
		tool = w.r.tool
	}
	h := []string{"Imported by " + tool + " from:"}
	for _, f := range w.r.files {
		accts := sortedKeys(f.accounts)
		line := "  " + f.name + ": " + f.kind
		if len(accts) > 0 {
			line += ", account " + strings.Join(accts, ", ")
		}
		if f.trunc {
			line += " (a page: IsTruncated)"
		}
		h = append(h, line)
	}
	if len(parts) > 0 {
		h = append(h, "Written in "+strconv.Itoa(len(parts))+" parts (include: below): one scenario file may hold at most 4 MiB.")
	}
	if w.r.tool == "" {
		h = append(h, "Ids (RoleId, UserId, GroupId, PolicyId) are kept in comments: the scenario", "format has no field for them, rolesim derives its own.")
	}
	h = append(h, w.r.extraHeader...)
	if w.r.over != nil {
		h = append(h, w.r.over.header()...)
	}
	if w.githubOff || len(w.quotas) > 0 {
		h = append(h, "A scenario that includes this world must declare its settings and quotas itself", "(copy them): a world file may not.")
	}
	var dropped, caveats []string
	for _, n := range w.r.notes {
		if n.Dropped {
			dropped = append(dropped, "  "+n.String())
		} else {
			caveats = append(caveats, "  "+n.String())
		}
	}
	if len(dropped) > 0 {
		h = append(h, "", "Not imported ("+strconv.Itoa(len(dropped))+"):")
		h = append(h, dropped...)
	}
	if len(caveats) > 0 {
		h = append(h, "", "Imported with a caveat ("+strconv.Itoa(len(caveats))+"):")
		h = append(h, caveats...)
	}
	return append(h, "")
}

func (p *managedPolicy) comment() string {
	c := "from " + p.origin.String()
	if p.version != "" {
		c += "; default version " + p.version
	}
	if p.id != "" {
		c += "; PolicyId " + p.id
	}
	if p.note != "" {
		c += "; " + p.note
	}
	return c
}

func policyNode(p *managedPolicy) *ynode {
	n := ymap()
	n.set("name", ystr(p.name))
	if p.path != "/" {
		n.set("path", ystr(p.path))
	}
	if p.desc != "" {
		n.set("description", ystr(p.desc))
	}
	n.set("document", docNode(p.doc))
	return n
}

func (w *world) account(a *acctOut) *ynode { return a.node() }

func (a *acctOut) node() *ynode {
	n := ymap()
	n.set("id", ystr(a.id)).val.scalar = strconv.Quote(a.id)
	if len(a.users) > 0 {
		l := ylist()
		for _, u := range a.users {
			l.add(userNode(u), idComment(u.origin, "UserId", u.id))
		}
		n.set("users", l)
	}
	if len(a.groups) > 0 {
		l := ylist()
		for _, g := range a.groups {
			l.add(groupNode(g), idComment(g.origin, "GroupId", g.id))
		}
		n.set("groups", l)
	}
	if len(a.roles) > 0 {
		l := ylist()
		for _, ro := range a.roles {
			c := idComment(ro.origin, "RoleId", ro.id)
			if len(ro.profiles) > 0 {
				c += "; instance profiles " + strings.Join(ro.profiles, ", ")
			}
			l.add(roleNode(ro), c)
		}
		n.set("roles", l)
	}
	if len(a.policies) > 0 {
		l := ylist()
		for _, p := range a.policies {
			l.add(policyNode(p), p.comment())
		}
		n.set("policies", l)
	}
	if len(a.oidc) > 0 {
		l := ylist()
		for _, k := range sortedKeys(a.oidc) {
			p := a.oidc[k]
			m := ymap()
			m.set("url", ystr("https://"+p.host))
			if len(p.clientIDs) > 0 {
				m.set("client_ids", strList(p.clientIDs))
			}
			c := "not in the input: declared from " + p.from + "'s trust policy"
			if p.declared != "" {
				c = p.declared
			}
			l.add(m, c)
		}
		n.set("oidc_providers", l)
	}
	if len(a.saml) > 0 {
		l := ylist()
		for _, k := range sortedKeys(a.saml) {
			p := a.saml[k]
			m := ymap()
			m.set("name", ystr(p.name))
			m.set("issuer", ystr("urn:rolesim:import:unknown-issuer:"+p.name))
			l.add(m, "not in the input: declared from "+p.from+"'s trust policy; the issuer is a placeholder")
		}
		n.set("saml_providers", l)
	}
	return n
}

func idComment(o origin, key, id string) string {
	c := "from " + o.String()
	if id != "" {
		c += "; " + key + " " + id
	}
	return c
}

func strList(list []string) *ynode {
	l := ylist()
	for _, s := range list {
		l.add(ystr(s))
	}
	return l
}

func inlineNode(list []namedDoc) *ynode {
	sorted := append([]namedDoc(nil), list...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	m := ymap()
	for _, d := range sorted {
		f := m.set(d.name, docNode(d.doc))
		if d.note != "" {
			f.comment = []string{d.note}
		}
	}
	return m
}

func refList(list []attachment) *ynode {
	l := ylist()
	for _, a := range list {
		l.add(ystr(a.arn))
	}
	return l
}

func tagsNode(tags []tag) *ynode {
	m := ymap()
	for _, t := range tags {
		m.set(t.key, ystr(t.value))
	}
	return m
}

func userNode(u *user) *ynode {
	n := ymap()
	n.set("name", ystr(u.name))
	if u.path != "/" {
		n.set("path", ystr(u.path))
	}
	if len(u.groups) > 0 {
		n.set("groups", refList(u.groups))
	}
	if len(u.inline) > 0 {
		n.set("inline_policies", inlineNode(u.inline))
	}
	if len(u.managed) > 0 {
		n.set("managed_policies", refList(u.managed))
	}
	if u.boundary != nil {
		n.set("permissions_boundary", ystr(u.boundary.arn))
	}
	if len(u.tags) > 0 {
		n.set("tags", tagsNode(u.tags))
	}
	return n
}

func groupNode(g *group) *ynode {
	n := ymap()
	n.set("name", ystr(g.name))
	if g.path != "/" {
		n.set("path", ystr(g.path))
	}
	if len(g.inline) > 0 {
		n.set("inline_policies", inlineNode(g.inline))
	}
	if len(g.managed) > 0 {
		n.set("managed_policies", refList(g.managed))
	}
	return n
}

func roleNode(ro *role) *ynode {
	n := ymap()
	n.set("name", ystr(ro.name))
	if ro.path != "/" {
		n.set("path", ystr(ro.path))
	}
	if ro.desc != "" {
		n.set("description", ystr(ro.desc))
	}
	if ro.maxDur == 0 {
		n.set("max_session_duration", yraw("3600")).trail = "NOT KNOWN: AWS's default assumed (no list-roles output for this role)"
	} else {
		n.set("max_session_duration", yraw(strconv.Itoa(ro.maxDur))).trail = "from " + ro.maxFrom
	}
	f := n.set("trust_policy", docNode(ro.trust))
	if len(ro.unresolve) > 0 {
		f.trail = "principals left out (see the notes): " + strings.Join(ro.unresolve, ", ")
	}
	if ro.trustNote != "" {
		f.trail = ro.trustNote
	}
	if len(ro.inline) > 0 {
		n.set("inline_policies", inlineNode(ro.inline))
	}
	if len(ro.managed) > 0 {
		n.set("managed_policies", refList(ro.managed))
	}
	if ro.boundary != nil {
		n.set("permissions_boundary", ystr(ro.boundary.arn))
	}
	if len(ro.tags) > 0 {
		n.set("tags", tagsNode(ro.tags))
	}
	return n
}
