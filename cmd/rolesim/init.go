package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/scenario"
)

// Files `rolesim init` writes.
const (
	starterFile   = "starter.yaml"
	suiteTestFile = "scenarios_test.go"
	schemaFile    = "rolesim.schema.json"
)

// localSchemaHeader is the first line of the starter scenario: it points
// the YAML language server at the schema written beside it, so that
// completion and validation work offline and match the rolesim version
// that wrote it.
const localSchemaHeader = "# yaml-language-server: $schema=./" + schemaFile

// starterScenario is the scenario `rolesim init` writes: it builds on the
// single-account fixture, adds a role, and checks a chain, a denial and an
// expiry.
const starterScenario = localSchemaHeader + `
name: starter
description: >
  A first scenario. It builds on rolesim's single-account fixture (an admin user, a developer, an
  Admin role and a ReadOnly role in account 123456789012), adds a Deployer role, and checks who
  may assume what and for how long. Edit it to describe your own roles, or add files next to it:
  every *.yaml file in this directory runs in go test (directories named worlds hold world files
  for include: and are not run).
use: [single-account]
accounts:
  - id: "123456789012"
    roles:
      - name: Deployer
        max_session_duration: 2h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Sid: AdminRoleOnly
              Effect: Allow
              Principal: {AWS: "arn:aws:iam::123456789012:role/Admin"}
              Action: sts:AssumeRole
steps:
  - id: admin
    note: The admin user's group policy allows assuming any role of the account; Admin allows 4h.
    assume:
      as: arn:aws:iam::123456789012:user/admin
      role_arn: arn:aws:iam::123456789012:role/Admin
      role_session_name: admin
      duration_seconds: 7200
    expect:
      duration: 2h
  - id: deployer
    note: Admin chains into Deployer. A chained session lasts at most one hour, whatever the role allows.
    assume:
      as: admin
      role_arn: arn:aws:iam::123456789012:role/Deployer
      role_session_name: admin
    expect:
      chained: true
      duration: 1h
  - id: dev-cannot-deploy
    note: Deployer's trust policy names only the Admin role.
    assume:
      as: arn:aws:iam::123456789012:user/engineering/dev
      role_arn: arn:aws:iam::123456789012:role/Deployer
      role_session_name: dev
    expect:
      error: AccessDenied
  - advance: 1h
  - id: expired
    whoami: deployer
    expect:
      error: ExpiredToken
`

// suiteTest is the test file `rolesim init` writes; %s is the package name.
const suiteTest = `package %s

import (
	"testing"

	"github.com/rolesim/rolesim/assertions"
)

// TestScenarios runs every scenario file in this directory as subtests: one
// per scenario and one per step, so a single step can be run with
//
//	go test -run 'TestScenarios/starter/deployer' -v
//
// A failed step is reported at its file:line with the expected and actual
// outcome, the policy statement that decided, and the decision trace.
func TestScenarios(t *testing.T) {
	assertions.RunDir(t, ".", assertions.Parallel())
}
`

func (a *app) initCommand() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init [DIR]",
		Short: "Scaffold a starter scenario and a go test that runs it",
		Long: `Init writes three files into DIR (default: the current directory):

  starter.yaml         a scenario built on the single-account fixture, whose
                       first line points editors (yaml-language-server) at
                       the schema beside it
  rolesim.schema.json  the scenario format's JSON Schema (rolesim schema), so
                       that completion and validation work offline
  scenarios_test.go    a Go test that runs every scenario in DIR with the
                       assertions package, one subtest per scenario and step

In a Go module, it also declares the rolesim command a tool of the module in
its go.mod (tool github.com/rolesim/rolesim/cmd/rolesim, Go 1.24's tool
directive; the go line is raised to 1.24 when older), so that go mod tidy
keeps what the command needs and go tool rolesim runs it. Then: go mod tidy
&& go test ./DIR. Existing files are not overwritten unless --force is
given.`,
		Example: `  rolesim init iam/scenarios
  go mod tidy
  go test ./iam/scenarios
  go tool rolesim run iam/scenarios`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			dir := "."
			if len(args) == 1 {
				dir = args[0]
			}
			return codeError(a.scaffold(dir, force))
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite existing files")
	return cmd
}

// scaffold carries out `rolesim init` and returns the exit status.
func (a *app) scaffold(dir string, force bool) int {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	pkg, err := packageName(dir)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	files := []struct{ name, content string }{
		{starterFile, starterScenario},
		{schemaFile, string(scenario.JSONSchema())},
		{suiteTestFile, fmt.Sprintf(suiteTest, pkg)},
	}
	// The go.mod is read, and refused when unreadable, before anything is
	// written.
	gomod, err := findGoMod(dir)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	var modText []byte
	var edit goModEdit
	if gomod != "" {
		data, err := os.ReadFile(gomod)
		if err == nil {
			modText, edit, err = addRolesimTool(gomod, data, rolesimVersion())
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
			return exitBadInput
		}
	}
	if !force {
		for _, f := range files {
			p := filepath.Join(dir, f.name)
			if _, err := os.Stat(p); err == nil {
				fmt.Fprintf(a.stderr, "rolesim: %s exists; not overwriting it (use --force)\n", p)
				return exitBadInput
			}
		}
	}
	out := &stickyWriter{w: a.stdout}
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(f.content), 0o644); err != nil {
			fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
			return exitBadInput
		}
		fmt.Fprintf(out, "created %s\n", p)
	}
	if edit.changed() {
		if err := os.WriteFile(gomod, modText, 0o644); err != nil {
			fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
			return exitBadInput
		}
		msg := "updated " + gomod + ": tool " + rolesimTool + " (go tool rolesim runs it)"
		if edit.Require {
			msg += "; require " + rolesimModule + " " + rolesimVersion()
		}
		if edit.Go != "" {
			msg += "; go 1.24, was " + edit.Go + " (tool directives need it)"
		}
		fmt.Fprintln(out, msg)
	}
	next := "go test ./" + filepath.ToSlash(filepath.Clean(dir))
	switch {
	case filepath.Clean(dir) == ".":
		next = "go test ."
	case filepath.IsAbs(dir):
		next = "cd " + shellQuote(dir) + " && go test ."
	}
	switch {
	case gomod == "":
		fmt.Fprintf(out, "next: create a Go module (go mod init example.com/iam), then: go get -tool %s && %s\n", rolesimTool, next)
	case edit.Own:
		fmt.Fprintf(out, "next: %s\n", next)
	default:
		fmt.Fprintf(out, "next: go mod tidy && %s\n", next)
	}
	if out.err != nil {
		fmt.Fprintf(a.stderr, "rolesim: writing results: %v\n", out.err)
		return exitBadInput
	}
	return exitOK
}

// packageName returns the package of the Go files already in dir (so the
// test file joins it), or a name made from the directory's name.
func packageName(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, n), nil, parser.PackageClauseOnly)
		if err != nil {
			return "", err
		}
		return f.Name.Name, nil
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return identifier(filepath.Base(abs)), nil
}

// identifier turns a directory name into a package name: lower case,
// anything but letters and digits becomes _, "scenarios" when nothing
// usable is left.
func identifier(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9' && b.Len() > 0:
			b.WriteRune(r)
		case b.Len() > 0:
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" || token.IsKeyword(s) {
		return "scenarios"
	}
	return s
}
