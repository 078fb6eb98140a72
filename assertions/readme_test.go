package assertions

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeSections are the README sections whose Go snippets and signatures
// use this package, by their headings (up to the next heading of the same
// level or above).
var readmeSections = []string{"## A five-minute tutorial", "## In your `go test` suite"}

// readmeSection returns the text of the README section under heading.
func readmeSection(t *testing.T, readme, heading string) string {
	t.Helper()
	i := strings.Index(readme, "\n"+heading+"\n")
	require.GreaterOrEqual(t, i, 0, "README.md has no section %q", heading)
	rest := readme[i+1+len(heading):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// goBlocks returns the ```go blocks of a Markdown text, dedented to their
// fence's indentation (blocks inside list items are indented).
func goBlocks(text string) []string {
	var out []string
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		fence := strings.TrimLeft(lines[i], " ")
		if fence != "```go" {
			continue
		}
		ind := len(lines[i]) - len(fence)
		var b strings.Builder
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			l := lines[i]
			if len(l) >= ind && strings.TrimSpace(l[:ind]) == "" {
				l = l[ind:]
			}
			b.WriteString(l + "\n")
		}
		out = append(out, b.String())
	}
	return out
}

// exportedFuncs parses the package's non-test files and returns each
// exported function's parameter names, "..." prefixed to a variadic one.
func exportedFuncs(t *testing.T) map[string][]string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	funcs := map[string][]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() {
				continue
			}
			var params []string
			for _, p := range fd.Type.Params.List {
				_, variadic := p.Type.(*ast.Ellipsis)
				for _, n := range p.Names {
					if variadic {
						params = append(params, "..."+n.Name)
					} else {
						params = append(params, n.Name)
					}
				}
			}
			funcs[fd.Name.Name] = params
		}
	}
	require.Greater(t, len(funcs), 20, "exported functions found")
	return funcs
}

// checkCall checks a call's arguments against a function's parameters:
// as many (a variadic parameter takes any number, or "x..."), and, for
// arguments written as plain names in a signature, the parameter's name.
func checkCall(params []string, call *ast.CallExpr, names bool) string {
	fixed := len(params)
	variadic := fixed > 0 && strings.HasPrefix(params[fixed-1], "...")
	if variadic {
		fixed--
	}
	switch {
	case !variadic && len(call.Args) != fixed:
		return "takes " + strings.Join(params, ", ")
	case variadic && len(call.Args) < fixed:
		return "takes " + strings.Join(params, ", ")
	}
	if !names {
		return ""
	}
	for i, a := range call.Args {
		id, ok := a.(*ast.Ident)
		if !ok || i >= fixed || id.Name == "true" || id.Name == "false" {
			continue
		}
		if id.Name != params[i] && !(id.Name == "stepResult" && params[i] == "st") {
			return "argument " + id.Name + " is parameter " + params[i] + " (" + strings.Join(params, ", ") + ")"
		}
	}
	return ""
}

// TestREADMESignatures checks every signature of this package the README
// mentions in inline code (`RequireDenied(t, s, creds, action, resource,
// kind)`) and every assertions.X call of its Go snippets against the
// package: the function exists and takes those arguments.
func TestREADMESignatures(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	funcs := exportedFuncs(t)
	inline := regexp.MustCompile("`([A-Z][A-Za-z]*\\([^`]*\\))`")
	checked := map[string]bool{}
	for _, heading := range readmeSections {
		section := readmeSection(t, string(data), heading)
		for _, m := range inline.FindAllStringSubmatch(section, -1) {
			e, err := parser.ParseExpr(m[1])
			if err != nil {
				continue // not Go: a shell fragment or prose
			}
			call, ok := e.(*ast.CallExpr)
			if !ok {
				continue
			}
			name := call.Fun.(*ast.Ident).Name
			params, ok := funcs[name]
			if !ok {
				continue // another package's name (sim.Run in prose is written qualified)
			}
			checked[name] = true
			assert.Empty(t, checkCall(params, call, true), "README %s: `%s`", heading, m[1])
		}
		for _, block := range goBlocks(section) {
			f, err := parser.ParseFile(token.NewFileSet(), "snippet.go", "package p\nfunc _() {\n"+block+"\n}\n", 0)
			if err != nil {
				f, err = parser.ParseFile(token.NewFileSet(), "snippet.go", "package p\n"+block, 0)
			}
			require.NoError(t, err, "README %s: a Go snippet does not parse:\n%s", heading, block)
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "assertions" {
					return true
				}
				params, ok := funcs[sel.Sel.Name]
				if assert.True(t, ok, "README %s: assertions.%s does not exist", heading, sel.Sel.Name) {
					checked[sel.Sel.Name] = true
					assert.Empty(t, checkCall(params, call, false), "README %s: a call of assertions.%s", heading, sel.Sel.Name)
				}
				return true
			})
		}
	}
	var names []string
	for n := range checked {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, want := range []string{"RunDir", "RequireDenied", "RequireAssumeRoleWithWebIdentity", "RequireCallerIdentity", "AssertDenied", "FormatFailure"} {
		assert.Contains(t, names, want, "the README's signatures checked")
	}
}

// TestREADMESnippetsCompile compiles the README's Go snippets that use
// rolesim from Go (the tutorial's and the go test section's) against the
// module, and checks that every simulator they start runs on a clock that
// starts where scenarios start (scenario.DefaultStart), not at 1970.
func TestREADMESnippetsCompile(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	var body, top strings.Builder
	n := 0
	for _, heading := range readmeSections {
		var fn strings.Builder
		for _, block := range goBlocks(readmeSection(t, string(data), heading)) {
			n++
			for _, call := range regexp.MustCompile(`sim\.New\(([^\n]*)`).FindAllStringSubmatch(block, -1) {
				assert.Contains(t, call[1], "scenario.DefaultStart", "README %s: a simulator whose clock does not start at scenario.DefaultStart: sim.New(%s", heading, call[1])
			}
			if strings.HasPrefix(block, "func ") {
				top.WriteString(block + "\n")
			} else {
				fn.WriteString(block + "\n") // a section's snippets continue each other
			}
		}
		if fn.Len() > 0 {
			body.WriteString("func snippet" + strconv.Itoa(n) + "(t *testing.T) {\n" + fn.String() + "}\n\n")
		}
	}
	require.GreaterOrEqual(t, n, 4, "Go snippets found")
	src := `package readme

import (
	"testing"
	"time"

	"github.com/rolesim/rolesim/assertions"
	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

` + top.String() + body.String()
	dir, err := os.MkdirTemp("testdata", "readme-")
	require.NoError(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	require.NoError(t, os.WriteFile(filepath.Join(dir, "snippets.go"), []byte(src), 0o644))
	out, _ := exec.Command("go", "build", "-gcflags=-e", "./"+filepath.ToSlash(dir)).CombinedOutput()
	var errs []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		// Snippets show calls, not whole programs: a result they do not use
		// or an import one section does not need is fine.
		if l == "" || strings.HasPrefix(l, "#") || strings.Contains(l, "declared and not used") || strings.Contains(l, "imported and not used") {
			continue
		}
		errs = append(errs, l)
	}
	assert.Empty(t, errs, "the README's Go snippets do not compile:\n%s", src)
}
