package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
)

// Module paths `rolesim init` writes into a go.mod.
const (
	rolesimModule = "github.com/rolesim/rolesim"
	rolesimTool   = rolesimModule + "/cmd/rolesim"
)

// minToolGo is the first Go version whose go.mod has tool directives
// (rolesim itself needs it too).
var minToolGo = [2]int{1, 24}

// goModEdit is what `rolesim init` changed in a go.mod.
type goModEdit struct {
	// Tool is true when the tool directive was added, Require when a
	// requirement on rolesim was, and Go is the go version it was raised
	// from ("" when it was left alone). Own is true for rolesim's own
	// module, which is left alone.
	Tool, Require, Own bool
	Go                 string
}

// changed tells whether the edit changed anything.
func (e goModEdit) changed() bool { return e.Tool || e.Require || e.Go != "" }

// findGoMod returns the go.mod of the module dir is in ("" when there is
// none).
func findGoMod(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(abs, "go.mod")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", nil
		}
		abs = parent
	}
}

// addRolesimTool makes the go.mod text data declare the rolesim command
// as a tool (go 1.24's tool directive), so that `go tool rolesim` runs it
// and `go mod tidy` keeps the command's requirements although no package
// of the module imports it. It raises the go version to 1.24 when it is
// older, and requires rolesim at version when the file does not and
// version is a module version ("" adds none: go mod tidy resolves it). It
// returns the new text, what changed, and, for a file it cannot read, an
// error naming the go.mod line. A go.mod that already has the tool, and
// rolesim's own, are left as they are.
func addRolesimTool(name string, data []byte, version string) ([]byte, goModEdit, error) {
	var edit goModEdit
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	lines := strings.Split(text, "\n")
	module, goLine, hasTool, hasRequire := "", -1, false, false
	block := "" // the directive of the ( ... ) block being read
	for i, raw := range lines {
		l := strings.TrimSpace(raw)
		if c := strings.Index(l, "//"); c >= 0 {
			l = strings.TrimSpace(l[:c])
		}
		if l == "" {
			continue
		}
		if block != "" {
			if l == ")" {
				block = ""
				continue
			}
			hasTool = hasTool || block == "tool" && unquote(l) == rolesimTool
			hasRequire = hasRequire || block == "require" && firstField(l) == rolesimModule
			continue
		}
		verb, rest, _ := strings.Cut(l, " ")
		rest = strings.TrimSpace(rest)
		if rest == "(" {
			block = verb
			continue
		}
		switch verb {
		case "module":
			module = unquote(rest)
		case "go":
			if _, ok := goVersion(rest); !ok {
				return nil, edit, fmt.Errorf("%s:%d:%d: go directive %q: not a Go version", name, i+1, strings.Index(raw, "go")+1, rest)
			}
			goLine = i
		case "tool":
			hasTool = hasTool || unquote(rest) == rolesimTool
		case "require":
			hasRequire = hasRequire || firstField(rest) == rolesimModule
		}
	}
	if module == "" {
		return nil, edit, fmt.Errorf("%s:1:1: no module directive", name)
	}
	if hasTool || module == rolesimModule {
		// rolesim's own module builds the command as it is.
		edit.Own = module == rolesimModule
		return data, edit, nil
	}
	if goLine < 0 {
		// A go.mod without a go line is read as go 1.16: insert one after
		// the module line.
		for i, l := range lines {
			if strings.HasPrefix(strings.TrimSpace(l), "module") {
				lines = append(lines[:i+1], append([]string{"", "go 1.24"}, lines[i+1:]...)...)
				break
			}
		}
		edit.Go = "none (1.16)"
	} else {
		have := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lines[goLine]), "go"))
		if c := strings.Index(have, "//"); c >= 0 {
			have = strings.TrimSpace(have[:c])
		}
		if v, _ := goVersion(have); v[0] < minToolGo[0] || v[0] == minToolGo[0] && v[1] < minToolGo[1] {
			lines[goLine] = "go 1.24"
			edit.Go = have
		}
	}
	text = strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
	if !hasRequire && version != "" {
		text += "\nrequire " + rolesimModule + " " + version + "\n"
		edit.Require = true
	}
	text += "\ntool " + rolesimTool + "\n"
	edit.Tool = true
	return []byte(text), edit, nil
}

// goVersion reads a go directive's version: 1.24, 1.24.1, 1.25rc1.
func goVersion(s string) ([2]int, bool) {
	major, rest, ok := strings.Cut(s, ".")
	if !ok {
		return [2]int{}, false
	}
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	a, errA := strconv.Atoi(major)
	b, errB := strconv.Atoi(rest[:end])
	if errA != nil || errB != nil {
		return [2]int{}, false
	}
	return [2]int{a, b}, true
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return unquote(f[0])
	}
	return ""
}

// unquote removes the quotes of a quoted go.mod token.
func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
	return s
}

// rolesimVersion returns the module version of the running rolesim, for a
// go.mod requirement: set when it was built from a module version (go
// install ...@v1.2.0, go tool), "" for a development build.
func rolesimVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Path != rolesimModule {
		return ""
	}
	return moduleVersion(bi.Main.Version)
}

// moduleVersion returns v when it can stand in a require directive: a
// semantic version, not "(devel)" nor a version stamped +dirty.
func moduleVersion(v string) string {
	if !strings.HasPrefix(v, "v") || strings.Contains(v, "+") {
		return ""
	}
	return v
}
