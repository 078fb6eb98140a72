package scenario

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// This file merges the parts of a composition into one tree (rules in
// FORMAT.md, "Composing worlds"):
//
//   - the top file's own keys are kept as written;
//   - start and region: the top file's; else inherited from the files it
//     composes (which must then agree);
//   - accounts are merged by id: an account declared in several files gets
//     the users, groups, roles, policies and resources of all of them, and
//     an alias from any of them (the same one everywhere);
//   - aws_managed_policies are merged by ARN (identical repeats are one);
//   - everything else declared twice across files is an error: an entity of
//     an account, a resource ARN, an alias of two accounts, an organization,
//     differing managed policies; an included file's steps too.
//
// Conflicts are reported where the later declaration stands (the merge
// order puts what a file composes before the file itself) and name the
// earlier one's file:line:col. Duplicates within one file are left for the
// ordinary walk, which reports them as in a single file.

// mergedTopKeys are the top-level keys of a used or included world that
// the merge takes into account; any other key there is an error.
var mergedTopKeys = []string{"version", "name", "description", "use", "include", "start", "region", "aws_managed_policies", "organization", "organizations", "accounts", "steps"}

// declared is where a name was first declared.
type declared struct {
	src *srcFile
	pos Pos
	// node is the declaration (for managed policies, to compare contents).
	node *yaml.Node
	// account owns an alias.
	account string
}

// accountMerge is an account being assembled from its declarations.
type accountMerge struct {
	id    string
	first *yaml.Node // the merged map: a copy of the first declaration
	src   *srcFile
	pos   Pos
	// lists maps users, groups, ... to the merged list in first.
	lists map[string]*yaml.Node
	// names maps list key + "\x00" + lower-case name to its declaration.
	names     map[string]declared
	alias     *declared
	aliasName string
	// files holds where each file first declares the account.
	files map[*srcFile]Pos
}

// accountLists are the keys of an account holding named entities, and the
// key that names them.
var accountLists = []struct{ key, name, what string }{
	{"users", "name", "user"},
	{"groups", "name", "group"},
	{"roles", "name", "role"},
	{"policies", "name", "policy"},
	{"resources", "arn", "resource"},
	{"oidc_providers", "url", "OIDC provider"},
	{"saml_providers", "name", "SAML provider"},
}

// mergeState is what merge carries along.
type mergeState struct {
	c        *composer
	accounts []*accountMerge
	byID     map[string]*accountMerge
	extra    []*yaml.Node // account entries passed through unmerged
	aliases  map[string]declared
	arns     map[string]declared // resource ARNs
	managed  []*yaml.Node        // aws_managed_policies items
	mpByARN  map[string]declared
	org      *declared
	orgNode  [2]*yaml.Node // key and value
	start    [2]*yaml.Node
	region   [2]*yaml.Node
	firstKey map[string]*yaml.Node // first key node of a merged top-level list
}

func (c *composer) merge() *yaml.Node {
	m := &mergeState{
		c: c, byID: map[string]*accountMerge{}, aliases: map[string]declared{},
		arns: map[string]declared{}, mpByARN: map[string]declared{}, firstKey: map[string]*yaml.Node{},
	}
	var top *part
	for i := range c.parts {
		p := &c.parts[i]
		if p.top {
			top = p
			continue
		}
		m.included(p)
	}
	return m.build(top)
}

// included merges the contents of a used or included file.
func (m *mergeState) included(p *part) {
	l := m.c.l
	f := p.fields
	if v := f.get("version"); v != nil && (v.Kind != yaml.ScalarNode || v.Tag != "!!int" || v.Value != "1") {
		l.errf(v, "scenario.version: unsupported version %s: only version 1 exists", v.Value)
	}
	for _, key := range []string{"start", "region"} {
		v := f.get(key)
		if v == nil {
			continue
		}
		slot := &m.start
		if key == "region" {
			slot = &m.region
		}
		switch prev := slot[1]; {
		case prev == nil:
			slot[0], slot[1] = f.key(key), v
		case prev.Value != v.Value:
			l.errf(v, "scenario.%s: %s conflicts with %s set at %s; the files a scenario composes must agree (or the scenario sets its own)", key, v.Value, prev.Value, l.pos(prev))
		}
	}
	if v := f.get("steps"); v != nil && (v.Kind != yaml.SequenceNode || len(v.Content) > 0) {
		l.errf(f.key("steps"), "steps: a world that is used or included may not have steps; they belong to the scenario that composes it")
	}
	// Keys this merge does not know (added to the format later) must not
	// be dropped silently.
	for i, k := range f.keys {
		if slices.Contains(mergedTopKeys, k) {
			continue
		}
		if kn := f.keyN[i]; kn != nil {
			l.errf(kn, "%s: this key is not merged from a used or included world; declare it in the scenario itself", k)
		}
	}
	if v := f.get("aws_managed_policies"); v != nil {
		m.managedPolicies(f.key("aws_managed_policies"), v, p.src)
	}
	if v := f.get("accounts"); v != nil {
		m.accountList(f.key("accounts"), v, p.src)
	}
	for _, k := range []string{"organization", "organizations"} {
		if v := f.get(k); v != nil {
			m.organization(f.key(k), v, p.src)
		}
	}
}

// build assembles the merged tree: the top file's keys, with the merged
// lists in place of its own.
func (m *mergeState) build(top *part) *yaml.Node {
	root := top.root
	seen := map[string]bool{}
	var passthrough [][2]*yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := ""
		if k.Kind == yaml.ScalarNode {
			key = k.Value
		}
		first := !seen[key]
		seen[key] = true
		switch {
		case !first:
			// A repeated key: the walk reports it.
		case key == "aws_managed_policies" || key == "accounts":
			if !isNull(v) {
				m.firstKey[key] = k
				if key == "accounts" {
					m.accountList(k, v, top.src)
				} else {
					m.managedPolicies(k, v, top.src)
				}
			}
			continue
		case key == "organization" || key == "organizations":
			if !isNull(v) {
				m.organization(k, v, top.src)
			}
			continue
		case key == "start" || key == "region":
			slot := &m.start
			if key == "region" {
				slot = &m.region
			}
			if isNull(v) && slot[0] != nil {
				continue // not given: inherited
			}
			*slot = [2]*yaml.Node{}
		}
		passthrough = append(passthrough, [2]*yaml.Node{k, v})
	}
	out := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: root.Line, Column: root.Column}
	add := func(k, v *yaml.Node) { out.Content = append(out.Content, k, v) }
	for _, kv := range passthrough {
		add(kv[0], kv[1])
	}
	for _, slot := range [][2]*yaml.Node{m.start, m.region} {
		if slot[0] != nil {
			add(slot[0], slot[1])
		}
	}
	if len(m.managed) > 0 {
		add(m.firstKey["aws_managed_policies"], m.list(m.firstKey["aws_managed_policies"], m.managed))
	}
	if len(m.accounts)+len(m.extra) > 0 {
		items := make([]*yaml.Node, 0, len(m.accounts)+len(m.extra))
		for _, a := range m.accounts {
			items = append(items, a.first)
		}
		items = append(items, m.extra...)
		add(m.firstKey["accounts"], m.list(m.firstKey["accounts"], items))
	} else if k := m.firstKey["accounts"]; k != nil {
		add(k, m.list(k, nil))
	}
	if m.org != nil {
		add(m.orgNode[0], m.orgNode[1])
	}
	return out
}

// list makes a sequence node of items, positioned (and attributed) like the
// key that introduced the first of them.
func (m *mergeState) list(key *yaml.Node, items []*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: key.Line, Column: key.Column, Content: items}
	if n.Content == nil {
		n.Content = []*yaml.Node{}
	}
	if s := m.c.l.origin[key]; s != nil {
		m.c.l.origin[n] = s
	}
	return n
}

// items returns the items of a list value, reporting any other value.
func (m *mergeState) items(v *yaml.Node, path string) ([]*yaml.Node, bool) {
	if v.Kind != yaml.SequenceNode {
		m.c.l.typeErr(v, path, "a list")
		return nil, false
	}
	return v.Content, true
}

func (m *mergeState) managedPolicies(key, v *yaml.Node, src *srcFile) {
	items, ok := m.items(v, "scenario.aws_managed_policies")
	if !ok {
		return
	}
	if m.firstKey["aws_managed_policies"] == nil {
		m.firstKey["aws_managed_policies"] = key
	}
	l := m.c.l
	for _, it := range items {
		name, path := scalarValue(it, "name"), scalarValue(it, "path")
		if name == nil {
			m.managed = append(m.managed, it)
			continue
		}
		p := "/"
		if path != nil {
			p = path.Value
		}
		arn := "arn:aws:iam::aws:policy" + p + name.Value
		prev, dup := m.mpByARN[arn]
		switch {
		case !dup:
			m.mpByARN[arn] = declared{src: src, pos: l.pos(name), node: it}
		case prev.src == src:
			// The walk reports a repeat within one file.
		case sameNode(prev.node, it):
			continue // the same policy, written the same way: one policy
		default:
			l.errf(name, "AWS managed policy %s differs from the one declared at %s; the files of a composition must declare it identically", arn, prev.pos)
			continue
		}
		m.managed = append(m.managed, it)
	}
}

func (m *mergeState) organization(key, v *yaml.Node, src *srcFile) {
	l := m.c.l
	if m.org != nil {
		if m.org.src == src {
			l.errf(key, "scenario.organizations: write either organization (one organization) or organizations (a list), not both; organization is at %s", m.org.pos)
			return
		}
		l.errf(key, "%s is already declared at %s; only one file of a composition may declare the organization", key.Value, m.org.pos)
		return
	}
	m.org = &declared{src: src, pos: l.pos(key)}
	m.orgNode = [2]*yaml.Node{key, v}
}

func (m *mergeState) accountList(key, v *yaml.Node, src *srcFile) {
	items, ok := m.items(v, "scenario.accounts")
	if !ok {
		return
	}
	if m.firstKey["accounts"] == nil {
		m.firstKey["accounts"] = key
	}
	for _, it := range items {
		m.account(it, src)
	}
}

// account merges one account entry.
func (m *mergeState) account(it *yaml.Node, src *srcFile) {
	l := m.c.l
	idNode := scalarValue(it, "id")
	if idNode == nil {
		m.extra = append(m.extra, it) // not a map, or no id: the walk reports it
		return
	}
	id := idNode.Value
	a := m.byID[id]
	if a == nil {
		a = &accountMerge{id: id, src: src, pos: l.pos(it), lists: map[string]*yaml.Node{}, names: map[string]declared{}, files: map[*srcFile]Pos{src: l.pos(it)}}
		a.first = m.copyNode(it)
		for i := 0; i+1 < len(a.first.Content); i += 2 {
			k, v := a.first.Content[i], a.first.Content[i+1]
			if k.Kind != yaml.ScalarNode || a.lists[k.Value] != nil {
				continue
			}
			if k.Value == "alias" && a.alias == nil && v.Kind == yaml.ScalarNode && !isNull(v) {
				if !m.registerAlias(v, src, id) {
					a.first.Content = append(a.first.Content[:i], a.first.Content[i+2:]...)
					i -= 2
					continue
				}
				a.alias = &declared{src: src, pos: l.pos(v), account: id}
				a.aliasName = v.Value
			}
			if listKey(k.Value) && v.Kind == yaml.SequenceNode {
				cp := m.copyNode(v)
				a.first.Content[i+1] = cp
				a.lists[k.Value] = cp
				for _, e := range cp.Content {
					m.register(a, k.Value, e, src)
				}
			}
		}
		m.byID[id] = a
		m.accounts = append(m.accounts, a)
		return
	}
	if first, dup := a.files[src]; dup {
		l.errf(idNode, "duplicate account id %s (first at line %d, column %d)", id, first.Line, first.Col)
		return
	}
	a.files[src] = l.pos(it)
	// A later declaration extends the account: check its keys as the walk
	// would, then move its entities over.
	f := l.object(it, "account", accountKeys, "id")
	if f == nil {
		return
	}
	if v := f.get("alias"); v != nil && v.Kind == yaml.ScalarNode {
		switch {
		case a.alias == nil:
			if m.registerAlias(v, src, id) {
				a.alias = &declared{src: src, pos: l.pos(v), account: id}
				a.aliasName = v.Value
				a.first.Content = append(a.first.Content, f.key("alias"), v)
			}
		case a.aliasName != v.Value:
			l.errf(v, "account %s: alias %q conflicts with alias %q declared at %s; an account has one alias", id, v.Value, a.aliasName, a.alias.pos)
		}
	} else if v != nil {
		l.typeErr(v, f.path("alias"), "a string")
	}
	// Every other key of an account is a list (accountKeys, in schema
	// order); the entities of the lists accountLists names are checked for
	// redeclaration.
	for _, key := range accountKeys {
		v := f.get(key)
		if key == "id" || key == "alias" || v == nil {
			continue
		}
		items, ok := m.items(v, f.path(key))
		if !ok {
			continue
		}
		var kept []*yaml.Node
		for _, e := range items {
			if !listKey(key) || m.register(a, key, e, src) {
				kept = append(kept, e)
			}
		}
		if len(kept) == 0 {
			continue
		}
		dst := a.lists[key]
		if dst == nil {
			if existing := topValue(a.first, key); existing != nil {
				if existing.Kind != yaml.SequenceNode {
					continue // the first declaration's value is not a list: reported by the walk
				}
				dst = m.copyNode(existing)
				replaceValue(a.first, key, dst)
			} else {
				dst = m.list(f.key(key), nil)
				a.first.Content = append(a.first.Content, f.key(key), dst)
			}
			a.lists[key] = dst
		}
		dst.Content = append(dst.Content, kept...)
	}
}

// replaceValue sets the value of the first key named key in map n.
func replaceValue(n *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			n.Content[i+1] = v
			return
		}
	}
}

// register records an entity of a (a list item under key) and reports it
// when another file declared it already; the result tells whether to keep
// it.
func (m *mergeState) register(a *accountMerge, key string, e *yaml.Node, src *srcFile) bool {
	l := m.c.l
	var spec struct{ key, name, what string }
	for _, ls := range accountLists {
		if ls.key == key {
			spec = ls
		}
	}
	nameNode := scalarValue(e, spec.name)
	if nameNode == nil {
		return true // the walk reports what is wrong with it
	}
	if key == "resources" {
		arn := nameNode.Value
		prev, dup := m.arns[arn]
		if dup && prev.src != src {
			l.errf(nameNode, "resource %s is already declared at %s; a resource is declared in one file only", arn, prev.pos)
			return false
		}
		if !dup {
			m.arns[arn] = declared{src: src, pos: l.pos(nameNode)}
		}
		return true
	}
	k := key + "\x00" + strings.ToLower(nameNode.Value)
	prev, dup := a.names[k]
	if dup && prev.src != src {
		l.errf(nameNode, "%s %q of account %s is already declared at %s; a composed world may add %ss to an account but not redeclare them (names are case-insensitive)", spec.what, nameNode.Value, a.id, prev.pos, spec.what)
		return false
	}
	if !dup {
		a.names[k] = declared{src: src, pos: l.pos(nameNode)}
	}
	return true
}

// registerAlias records alias v of account id and reports an alias another
// file gave to another account.
func (m *mergeState) registerAlias(v *yaml.Node, src *srcFile, id string) bool {
	prev, dup := m.aliases[v.Value]
	if dup && prev.account != id && prev.src != src {
		m.c.l.errf(v, "account alias %q is already the alias of account %s, declared at %s", v.Value, prev.account, prev.pos)
		return false
	}
	if !dup {
		m.aliases[v.Value] = declared{src: src, pos: m.c.l.pos(v), account: id}
	}
	return true
}

func listKey(k string) bool {
	for _, ls := range accountLists {
		if ls.key == k {
			return true
		}
	}
	return false
}

// copyNode returns a shallow copy of n (its own Content slice) with the
// same origin.
func (m *mergeState) copyNode(n *yaml.Node) *yaml.Node {
	cp := *n
	cp.Content = append([]*yaml.Node(nil), n.Content...)
	if s := m.c.l.origin[n]; s != nil {
		m.c.l.origin[&cp] = s
	}
	return &cp
}

// scalarValue returns the value of key in map n when it is a non-null
// scalar, else nil.
func scalarValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	v := topValue(n, key)
	if v == nil || v.Kind != yaml.ScalarNode || isNull(v) {
		return nil
	}
	return v
}

// sameNode reports whether two YAML trees hold the same data, ignoring
// positions, styles and comments.
func sameNode(a, b *yaml.Node) bool {
	if a.Kind != b.Kind || a.ShortTag() != b.ShortTag() || a.Value != b.Value || len(a.Content) != len(b.Content) {
		return false
	}
	for i := range a.Content {
		if !sameNode(a.Content[i], b.Content[i]) {
			return false
		}
	}
	return true
}
