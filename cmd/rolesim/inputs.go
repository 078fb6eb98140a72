package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// examplesDir is the directory name the built-in examples are shown under.
const examplesDir = "examples"

// input is one scenario file to load.
type input struct {
	// name is the path shown in reports and used in positions.
	name string
	// fsys is the file system name is read from; nil means the operating
	// system's (name is then an OS path).
	fsys fs.FS
}

func (in input) load() (*scenario.Scenario, error) {
	// Scenarios may use rolesim's fixtures (use:) and include world files.
	if in.fsys != nil {
		return scenario.LoadFSWith(in.fsys, in.name, fixtures.Options())
	}
	return scenario.LoadWith(in.name, fixtures.Options())
}

// loaded is an input whose scenario loaded and whose world builds.
type loaded struct {
	input
	sc *scenario.Scenario
}

// collect turns command-line paths into the list of files to load: files in
// the order given, each directory expanded to the *.yaml and *.yml files
// below it (sorted, hidden directories skipped), and the built-in examples
// when paths is empty. A path that does not exist on disk but names a
// built-in example (examples/<name>) or all of them (examples, examples/)
// is taken from the built-in examples. Paths that cannot be read are
// reported as diagnostics.
func (a *app) collect(paths []string) ([]input, scenario.Diagnostics) {
	if len(paths) == 0 {
		return a.collectExamples()
	}
	var (
		ins   []input
		diags scenario.Diagnostics
	)
	for _, p := range paths {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			if ex, ok := a.builtinExamples(p); ok {
				ins = append(ins, ex...)
				continue
			}
		}
		if err != nil {
			diags = append(diags, pathDiagnostic(p, err))
			continue
		}
		if !fi.IsDir() {
			ins = append(ins, input{name: p})
			continue
		}
		found, ds := walkDir(p)
		diags = append(diags, ds...)
		if len(found) == 0 && len(ds) == 0 {
			diags = append(diags, &scenario.Diagnostic{Pos: scenario.Pos{File: p}, Message: "no *.yaml or *.yml files in this directory", Code: scenario.DiagFile})
		}
		for _, f := range found {
			ins = append(ins, input{name: f})
		}
	}
	return ins, diags
}

// walkDir lists the scenario files below dir, sorted.
func walkDir(dir string) ([]string, scenario.Diagnostics) {
	var (
		files []string
		diags scenario.Diagnostics
	)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			diags = append(diags, pathDiagnostic(path, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			// Hidden directories, and worlds/ (files for include:, not
			// scenarios to run), are skipped.
			if path != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "worlds") {
				return fs.SkipDir
			}
			return nil
		}
		if isScenarioFile(d.Name()) {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		diags = append(diags, pathDiagnostic(dir, err))
	}
	sort.Strings(files)
	return files, diags
}

func isScenarioFile(name string) bool {
	ext := filepath.Ext(name)
	return ext == ".yaml" || ext == ".yml"
}

// collectExamples lists the built-in examples, sorted by name.
func (a *app) collectExamples() ([]input, scenario.Diagnostics) {
	entries, err := fs.ReadDir(a.examples, ".")
	if err != nil {
		return nil, scenario.Diagnostics{pathDiagnostic(examplesDir, err)}
	}
	fsys := prefixFS{prefix: examplesDir, fsys: a.examples}
	var ins []input
	for _, e := range entries {
		if e.IsDir() || !isScenarioFile(e.Name()) {
			continue
		}
		ins = append(ins, input{name: examplesDir + "/" + e.Name(), fsys: fsys})
	}
	sort.Slice(ins, func(i, j int) bool { return ins[i].name < ins[j].name })
	if len(ins) == 0 {
		return nil, scenario.Diagnostics{{Pos: scenario.Pos{File: examplesDir}, Message: "no built-in examples"}}
	}
	return ins, nil
}

// builtinExamples resolves a path that does not exist on disk against the
// built-in examples: examples/<name> is that example, examples or
// examples/ all of them.
func (a *app) builtinExamples(p string) ([]input, bool) {
	clean := filepath.ToSlash(filepath.Clean(p))
	if clean == examplesDir {
		ins, diags := a.collectExamples()
		return ins, len(diags) == 0
	}
	rest, ok := strings.CutPrefix(clean, examplesDir+"/")
	if !ok || !fs.ValidPath(rest) || !isScenarioFile(rest) {
		return nil, false
	}
	if fi, err := fs.Stat(a.examples, rest); err != nil || fi.IsDir() {
		return nil, false
	}
	return []input{{name: examplesDir + "/" + rest, fsys: prefixFS{prefix: examplesDir, fsys: a.examples}}}, true
}

// prefixFS shows fsys as the directory prefix, so that files loaded from it
// are named prefix/<name> in reports and diagnostics.
type prefixFS struct {
	prefix string
	fsys   fs.FS
}

func (p prefixFS) Open(name string) (fs.File, error) {
	rest, ok := strings.CutPrefix(name, p.prefix+"/")
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return p.fsys.Open(rest)
}

// pathDiagnostic reports an I/O error on path as "path: reason".
func pathDiagnostic(path string, err error) *scenario.Diagnostic {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return &scenario.Diagnostic{Pos: scenario.Pos{File: path}, Message: msg, Code: scenario.DiagFile, Err: err}
}

// prepare loads every input and builds its world, so that bad input is
// reported before anything runs. It returns the good scenarios and the
// problems of the others.
func prepare(ins []input) ([]loaded, scenario.Diagnostics) {
	var (
		good  []loaded
		diags scenario.Diagnostics
	)
	for _, in := range ins {
		sc, err := in.load()
		if err == nil {
			_, err = sim.NewWorld(sc)
		}
		if err != nil {
			diags = append(diags, asDiagnostics(in.name, err)...)
			continue
		}
		good = append(good, loaded{input: in, sc: sc})
	}
	return good, diags
}

// asDiagnostics turns a load or world-building error into diagnostics: the
// loader's own list, or one diagnostic per line of any other error. A line
// that starts with file:line:col keeps that position; any other line is
// attributed to the file as a whole.
func asDiagnostics(file string, err error) scenario.Diagnostics {
	var ds scenario.Diagnostics
	if errors.As(err, &ds) {
		return ds
	}
	var d *scenario.Diagnostic
	if errors.As(err, &d) {
		return scenario.Diagnostics{d}
	}
	var out scenario.Diagnostics
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		d := parsePositioned(file, line)
		d.Err = err
		out = append(out, d)
	}
	if len(out) == 0 {
		out = append(out, &scenario.Diagnostic{Pos: scenario.Pos{File: file}, Message: "failed with an empty error message", Err: err})
	}
	return out
}

// parsePositioned reads a "file:line:col: message" line (line and column
// optional); a line that does not start with file is all message.
func parsePositioned(file, line string) *scenario.Diagnostic {
	pos := scenario.Pos{File: file}
	rest, ok := strings.CutPrefix(line, file+":")
	if !ok {
		return &scenario.Diagnostic{Pos: pos, Message: line}
	}
	for _, dst := range []*int{&pos.Line, &pos.Col} {
		num, after, found := strings.Cut(rest, ":")
		n, err := strconv.Atoi(num)
		if !found || err != nil || n <= 0 {
			break
		}
		*dst, rest = n, after
	}
	return &scenario.Diagnostic{Pos: pos, Message: strings.TrimPrefix(rest, " ")}
}
