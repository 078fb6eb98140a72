package main

import (
	"path/filepath"
	"runtime/debug"
	"strings"
)

// The command that "see why" hints tell the user to run: rolesim started
// the way it was started this time.

// explainCmd is how hints name rolesim (see progCommand); "rolesim" when
// the app was not given its program name (tests, Main).
func (a *app) explainCmd() string {
	if a.prog == "" {
		return "rolesim"
	}
	return a.prog
}

// progCommand turns the program name rolesim was started with (os.Args[0])
// and its build information into the command a user types to run it
// again. A binary that `go run` built lives in a temporary directory
// ($WORK/b001/exe/rolesim): then it is `go run ./cmd/rolesim` inside
// rolesim's own module, `go run MODULE/cmd/rolesim@VERSION` for a released
// version, and `go run MODULE/cmd/rolesim` as a dependency of another
// module. Any other program name is kept as the user typed it (quoted for
// the shell when needed).
func progCommand(arg0 string, bi *debug.BuildInfo) string {
	if arg0 == "" {
		return "rolesim"
	}
	if !builtByGoRun(arg0) {
		return shellQuote(arg0)
	}
	const pkg = "github.com/rolesim/rolesim/cmd/rolesim"
	if bi == nil || bi.Path == "" {
		return "go run ./cmd/rolesim"
	}
	mainPath, version := bi.Main.Path, bi.Main.Version
	switch {
	case bi.Path == mainPath+"/cmd/rolesim" && (version == "" || version == "(devel)"):
		return "go run ./cmd/rolesim"
	case bi.Path == mainPath+"/cmd/rolesim":
		return "go run " + bi.Path + "@" + version
	default:
		return "go run " + pkg
	}
}

// builtByGoRun tells whether arg0 is a binary `go run` built: it sits in
// an exe directory below a go-build work directory, or (Go 1.24 and later
// cache what go run builds) in a "<hash>-d" directory of the build cache,
// GOCACHE/xx/<hash>-d/rolesim.
func builtByGoRun(arg0 string) bool {
	p := filepath.ToSlash(arg0)
	dir := filepath.Base(filepath.Dir(arg0))
	return strings.Contains(p, "/go-build") && (dir == "exe" || strings.HasSuffix(dir, "-d"))
}
