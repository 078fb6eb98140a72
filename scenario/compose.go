package scenario

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"
)

// Composition: a scenario may pull reusable worlds into its own with
//
//	use: [org/three-account]          # fixtures, by name
//	include: [../shared/network.yaml] # the user's own world files, by relative path
//
// The files are read, each checked on its own (text, YAML, keys), and merged
// into one YAML tree before the ordinary walk, so that references across
// files resolve as if everything had been written in one file. Nodes that
// come from another file are remembered in loader.origin, so every problem is
// reported in the file and at the line where it arose. The merge rules are
// documented in FORMAT.md ("Composing worlds").

// Options tells LoadWith, LoadFSWith and ParseWith where the files a scenario
// composes come from.
type Options struct {
	// Fixtures resolves `use:` names: the world NAME is the file NAME.yaml
	// in Fixtures (fixtures.FS() holds rolesim's own). When nil, a file that
	// uses a fixture is an error that says how to supply them.
	Fixtures fs.FS
}

// FixturePrefix starts the file name under which diagnostics and positions
// show a fixture: "fixture:org/three-account".
const FixturePrefix = "fixture:"

// LoadWith is Load with options: `use:` names resolve in opts.Fixtures;
// `include:` paths are relative to the including file, on the operating
// system's file system.
func LoadWith(path string, opts Options) (*Scenario, error) {
	src := &srcFile{key: osKey(path), name: path, path: path}
	data, err := src.read()
	if err != nil {
		return nil, fileError(path, err)
	}
	return parseSource(src, data, opts)
}

// LoadFSWith is LoadFS with options: `include:` paths are relative to the
// including file and read from fsys too.
func LoadFSWith(fsys fs.FS, name string, opts Options) (*Scenario, error) {
	src := &srcFile{key: "fs:" + path.Clean(name), name: name, path: name, fsys: fsys}
	data, err := src.read()
	if err != nil {
		return nil, fileError(name, err)
	}
	return parseSource(src, data, opts)
}

// ParseWith is Parse with options. A scenario held in memory has no
// directory, so `include:` is an error (use LoadWith or LoadFSWith); `use:`
// works.
func ParseWith(name string, data []byte, opts Options) (*Scenario, error) {
	return parseSource(&srcFile{key: "memory:" + name, name: name, path: name, memory: true}, data, opts)
}

// LoadFixture loads the world NAME from opts.Fixtures as a scenario of its
// own. Positions name it "fixture:NAME".
func LoadFixture(name string, opts Options) (*Scenario, error) {
	src := &srcFile{key: FixturePrefix + name, name: FixturePrefix + name, path: name + ".yaml", fsys: opts.Fixtures, fixture: true}
	if opts.Fixtures == nil {
		return nil, Diagnostics{{Pos: Pos{File: src.name}, Message: "no fixtures: Options.Fixtures is nil"}}
	}
	if !validFixtureName(name) {
		return nil, Diagnostics{{Pos: Pos{File: src.name}, Message: "not a fixture name: want lowercase words of letters, digits and - joined by /"}}
	}
	data, err := src.read()
	if err != nil {
		return nil, fileError(src.name, err)
	}
	return parseSource(src, data, opts)
}

func parseSource(src *srcFile, data []byte, opts Options) (*Scenario, error) {
	l := &loader{file: src.name, data: data, opts: opts, top: src}
	s := l.parse()
	if err := l.diags.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// srcFile is one file taking part in a composition.
type srcFile struct {
	// key identifies the file for cycle and repeat detection.
	key string
	// name is the file's name in positions: a path, or fixture:NAME.
	name string
	// path is where it is read: an OS path when fsys is nil, else a path
	// in fsys.
	path    string
	fsys    fs.FS
	fixture bool
	// memory is set for a file given to ParseWith: it has no directory.
	memory bool
	// ld is the loader that checked the file's text; it holds its data.
	ld *loader
}

func osKey(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return "os:" + abs
	}
	return "os:" + filepath.Clean(p)
}

// read returns the file's content, at most MaxFileSize+1 bytes (parse
// reports larger files).
func (s *srcFile) read() ([]byte, error) {
	var (
		f   io.ReadCloser
		err error
	)
	if s.fsys != nil {
		f, err = s.fsys.Open(s.path)
	} else {
		f, err = os.Open(s.path)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Read in one allocation when the size is known (it usually is).
	buf := []byte(nil)
	if st, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := st.Stat(); err == nil && fi.Size() >= 0 && fi.Size() <= MaxFileSize {
			buf = make([]byte, 0, fi.Size()+bytes.MinRead)
		}
	}
	w := bytes.NewBuffer(buf)
	_, err = w.ReadFrom(io.LimitReader(f, MaxFileSize+1))
	return w.Bytes(), err
}

// tree checks the file's text and YAML and returns its top node, or nil
// after reporting why there is none.
func (l *loader) tree() *yaml.Node {
	if len(l.data) > MaxFileSize {
		l.diags.AddCode(Pos{File: l.file, Line: 1, Col: 1}, DiagYAML, "file is larger than 4 MiB (%d bytes)", len(l.data))
		return nil
	}
	if !l.checkText() {
		return nil
	}
	root := l.decode()
	if root == nil {
		return nil
	}
	l.checkNodes(root)
	return root
}

// fileOf returns the name of the file node n comes from.
func (l *loader) fileOf(n *yaml.Node) string {
	if s := l.origin[n]; s != nil {
		return s.name
	}
	return l.file
}

// lineOf returns the text of line of the file node n comes from.
func (l *loader) lineOf(n *yaml.Node, line int) (string, bool) {
	if s := l.origin[n]; s != nil {
		return s.ld.sourceLine(line)
	}
	return l.sourceLine(line)
}

// composer carries the state of one composition.
type composer struct {
	l     *loader
	parts []part             // in merge order: what a file uses comes before it
	done  map[string]bool    // files already expanded
	stack []*srcFile         // the chain of files being expanded, for cycles
	fatal bool               // a file could not be found, read or parsed
	names []string           // fixture names, listed on first need
	pre   map[string]*parsed // files prefetch parsed, by key, until read takes them
}

// part is one file of the composition and its top node.
type part struct {
	src  *srcFile
	root *yaml.Node
	top  bool
	// fields are the checked top-level keys of an included file (nil for
	// the top file, which the ordinary walk checks).
	fields *fields
}

// compose returns the tree to walk: root itself when the file composes
// nothing, else the merged tree of every file it uses and includes. It
// returns nil when a file cannot be found, read or parsed, or the includes
// form a cycle: the walk would then only report consequences.
func (l *loader) compose(root *yaml.Node) *yaml.Node {
	if root.Kind != yaml.MappingNode {
		return root
	}
	use, include := topValue(root, "use"), topValue(root, "include")
	if use == nil && include == nil {
		return root
	}
	c := &composer{l: l, done: map[string]bool{}}
	l.origin = map[*yaml.Node]*srcFile{}
	c.expand(l.top, root, true)
	if c.fatal {
		return nil
	}
	return c.merge()
}

// topValue returns the value of the first key named key in map n, or nil.
func topValue(n *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; k.Kind == yaml.ScalarNode && k.Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// expand adds src's uses and includes (depth first), then src itself, to
// the parts.
func (c *composer) expand(src *srcFile, root *yaml.Node, top bool) {
	p := &part{src: src, root: root, top: top}
	var use, include *yaml.Node
	if top {
		use, include = topValue(root, "use"), topValue(root, "include")
	} else {
		p.fields = c.l.object(root, "scenario", scenarioKeys)
		if p.fields == nil {
			c.done[src.key] = true
			return
		}
		use, include = p.fields.get("use"), p.fields.get("include")
	}
	c.stack = append(c.stack, src)
	var deps []depAt
	for _, it := range c.entries(use, "use") {
		if dep := c.fixture(src, it); dep != nil {
			deps = append(deps, depAt{dep, it})
		}
	}
	for _, it := range c.entries(include, "include") {
		if dep := c.include(src, it); dep != nil {
			deps = append(deps, depAt{dep, it})
		}
	}
	c.prefetch(deps)
	for _, d := range deps {
		c.visit(d.dep, d.at)
	}
	c.stack = c.stack[:len(c.stack)-1]
	c.done[src.key] = true
	c.parts = append(c.parts, *p)
}

// entries reads use: or include: — one string or a list of strings.
func (c *composer) entries(n *yaml.Node, key string) []*yaml.Node {
	if n == nil || isNull(n) {
		return nil
	}
	what := "a fixture name or a list of them"
	if key == "include" {
		what = "a relative path or a list of them"
	}
	var items []*yaml.Node
	switch n.Kind {
	case yaml.ScalarNode:
		items = []*yaml.Node{n}
	case yaml.SequenceNode:
		items = n.Content
	default:
		c.l.typeErr(n, "scenario."+key, what)
		c.fatal = true
		return nil
	}
	out := items[:0:0]
	for i, it := range items {
		if it.Kind != yaml.ScalarNode || isNull(it) || it.Value == "" {
			p := "scenario." + key
			if n.Kind == yaml.SequenceNode {
				p = itemPath(p, i)
			}
			c.l.typeErr(it, p, "a non-empty string")
			c.fatal = true
			continue
		}
		out = append(out, it)
	}
	return out
}

// visit expands dep, named by the use or include entry at, unless it was
// expanded already; a file that is being expanded is a cycle.
func (c *composer) visit(dep *srcFile, at *yaml.Node) {
	for i, s := range c.stack {
		if s.key != dep.key {
			continue
		}
		chain := make([]string, 0, len(c.stack)-i+1)
		for _, s := range c.stack[i:] {
			chain = append(chain, s.name)
		}
		chain = append(chain, dep.name)
		c.l.errf(at, "include cycle: %s", strings.Join(chain, " -> "))
		c.fatal = true
		return
	}
	if c.done[dep.key] {
		return
	}
	root := c.read(dep, at)
	if root == nil {
		c.fatal = true
		c.done[dep.key] = true
		return
	}
	c.expand(dep, root, false)
}

// depAt is a file a scenario uses or includes, and the entry naming it.
type depAt struct {
	dep *srcFile
	at  *yaml.Node
}

// parsed is a file's loader (holding its text) and YAML tree, or the
// error reading it, read ahead of its turn.
type parsed struct {
	err  error
	sub  *loader
	root *yaml.Node
}

// parse reads and parses one file with a loader of its own.
func parse(dep *srcFile) *parsed {
	data, err := dep.read()
	if err != nil {
		return &parsed{err: err}
	}
	sub := &loader{file: dep.name, data: data}
	return &parsed{sub: sub, root: sub.tree()}
}

// prefetch reads and parses, on up to GOMAXPROCS goroutines, the files of
// deps that visit will read: a world written in parts parses them all at
// once. What each file gives does not depend on the others, and read
// takes the results in the order it always did.
func (c *composer) prefetch(deps []depAt) {
	var todo []*srcFile
	for _, d := range deps {
		if c.done[d.dep.key] || c.pre[d.dep.key] != nil || slices.ContainsFunc(c.stack, func(s *srcFile) bool { return s.key == d.dep.key }) ||
			slices.ContainsFunc(todo, func(s *srcFile) bool { return s.key == d.dep.key }) {
			continue
		}
		todo = append(todo, d.dep)
	}
	if len(todo) < 2 {
		return
	}
	out := make([]*parsed, len(todo))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(todo)); i = next.Add(1) - 1 {
				out[i] = parse(todo[i])
			}
		}()
	}
	wg.Wait()
	if c.pre == nil {
		c.pre = map[string]*parsed{}
	}
	for i, dep := range todo {
		c.pre[dep.key] = out[i]
	}
}

// read loads dep's text and YAML with a loader of its own (so problems in it
// are reported under its name), or takes what prefetch read, and records
// the origin of its nodes.
func (c *composer) read(dep *srcFile, at *yaml.Node) *yaml.Node {
	p := c.pre[dep.key]
	if p == nil {
		p = parse(dep)
	}
	delete(c.pre, dep.key)
	if err := p.err; err != nil {
		msg := err.Error()
		var pe *fs.PathError
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
		c.l.diags = append(c.l.diags, &Diagnostic{Pos: c.l.pos(at), Message: "cannot read " + dep.name + ": " + msg, Code: DiagFile, Err: err})
		return nil
	}
	sub, root := p.sub, p.root
	dep.ld = sub
	c.l.diags = append(c.l.diags, sub.diags...)
	if sub.noFollow {
		c.l.noFollow = true
	}
	if root == nil || len(sub.diags) > 0 {
		return nil
	}
	var mark func(n *yaml.Node)
	mark = func(n *yaml.Node) {
		c.l.origin[n] = dep
		for _, k := range n.Content {
			mark(k)
		}
	}
	mark(root)
	return root
}

// fixture resolves a use: entry.
func (c *composer) fixture(from *srcFile, it *yaml.Node) *srcFile {
	name := it.Value
	fsys := c.l.opts.Fixtures
	if fsys == nil {
		c.l.errf(it, "use: fixture %q cannot be resolved: no fixtures were supplied; load the file with scenario.LoadWith(path, scenario.Options{Fixtures: fixtures.FS()}) (the rolesim command and the assertions package do this)", name)
		c.fatal = true
		return nil
	}
	if !validFixtureName(name) {
		c.l.errf(it, "use: %q is not a fixture name: want lowercase words of letters, digits and - joined by / (org/three-account)", name)
		c.fatal = true
		return nil
	}
	if _, err := fs.Stat(fsys, name+".yaml"); err != nil {
		names := c.fixtureNames()
		msg := "use: no fixture named %q"
		if hint := suggest(name, names); hint != "" {
			c.l.errf(it, msg+"; did you mean %q?", name, hint)
		} else {
			c.l.errf(it, msg+" (fixtures: %s)", name, strings.Join(names, ", "))
		}
		c.fatal = true
		return nil
	}
	return &srcFile{key: FixturePrefix + name, name: FixturePrefix + name, path: name + ".yaml", fsys: fsys, fixture: true}
}

// fixtureNames lists the names of the worlds in Options.Fixtures, sorted.
func (c *composer) fixtureNames() []string {
	if c.names == nil {
		c.names = FixtureNames(c.l.opts.Fixtures)
	}
	return c.names
}

// FixtureNames lists the worlds in fsys (every *.yaml file, by its path
// without the extension), sorted.
func FixtureNames(fsys fs.FS) []string {
	names := []string{}
	if fsys == nil {
		return names
	}
	_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			names = append(names, strings.TrimSuffix(p, ".yaml"))
		}
		return nil
	})
	sort.Strings(names)
	return names
}

// validFixtureName reports whether s is lowercase words of [a-z0-9-] joined
// by slashes.
func validFixtureName(s string) bool {
	if s == "" {
		return false
	}
	for _, w := range strings.Split(s, "/") {
		if w == "" || w == "." || w == ".." {
			return false
		}
		for i := 0; i < len(w); i++ {
			if c := w[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// include resolves an include: entry against the including file's
// directory.
func (c *composer) include(from *srcFile, it *yaml.Node) *srcFile {
	rel := it.Value
	if from.memory {
		c.l.errf(it, "include: %q cannot be read: %s was parsed from memory and has no directory; load it from a file (scenario.LoadWith or LoadFSWith)", rel, from.name)
		c.fatal = true
		return nil
	}
	if path.IsAbs(rel) || filepath.IsAbs(rel) || strings.Contains(rel, `\`) {
		c.l.errf(it, "include: %q must be a relative path with / separators (relative to this file's directory)", rel)
		c.fatal = true
		return nil
	}
	if from.fsys != nil {
		p := path.Join(path.Dir(from.path), rel)
		if !fs.ValidPath(p) {
			c.l.errf(it, "include: %q leads outside the file system %s was loaded from", rel, from.name)
			c.fatal = true
			return nil
		}
		if from.fixture {
			name := strings.TrimSuffix(p, path.Ext(p))
			return &srcFile{key: FixturePrefix + name, name: FixturePrefix + name, path: p, fsys: from.fsys, fixture: true}
		}
		// Show the file as the including file shows itself: keep the
		// prefix of names (examples/...) that a wrapping FS adds.
		return &srcFile{key: "fs:" + p, name: p, path: p, fsys: from.fsys}
	}
	p := filepath.Join(filepath.Dir(from.path), filepath.FromSlash(rel))
	return &srcFile{key: osKey(p), name: p, path: p}
}
