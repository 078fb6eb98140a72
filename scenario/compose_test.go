package scenario

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// composeFixtures are small fixtures for the composition tests, shaped like
// the real ones in package fixtures (which this package cannot import).
var composeFixtures = fstest.MapFS{
	"base.yaml": {Data: []byte(y(`
name: base
description: one account, a user and a role
accounts:
  - id: "111111111111"
    alias: base
    users:
      - name: alice
        inline_policies:
          Assume:
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}
    roles:
      - name: Dev
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}
steps: []
`))},
	"org/small.yaml": {Data: []byte(y(`
name: small-org
use: [base]
organization:
  management_account: "111111111111"
accounts:
  - id: "222222222222"
`))},
	"managed-a.yaml": {Data: []byte(y(`
name: managed-a
aws_managed_policies:
  - name: ReadOnlyAccess
    document: {Statement: [{Effect: Allow, Action: "s3:Get*", Resource: "*"}]}
accounts:
  - id: "333333333333"
`))},
	"managed-b.yaml": {Data: []byte(y(`
name: managed-b
aws_managed_policies:
  - name: ReadOnlyAccess
    document: {Statement: [{Effect: Allow, Action: "s3:Get*", Resource: "*"}]}
  - name: PowerUserAccess
    document: {Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
accounts:
  - id: "444444444444"
`))},
}

// composeDiags loads file from files (plus composeFixtures as fixtures, when
// withFixtures) and returns the scenario or every diagnostic.
func composeLoad(t *testing.T, files fstest.MapFS, file string, withFixtures bool) (*Scenario, []string) {
	t.Helper()
	opts := Options{}
	if withFixtures {
		opts.Fixtures = composeFixtures
	}
	s, err := LoadFSWith(files, file, opts)
	if err == nil {
		return s, nil
	}
	var ds Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("error is %T, want Diagnostics: %v", err, err)
	}
	if s != nil {
		t.Error("a scenario came back together with an error")
	}
	return nil, strings.Split(ds.Error(), "\n")
}

func file(src string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(y(src))} }

func TestComposeErrors(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		files    fstest.MapFS
		fixtures bool
		want     []string
	}{
		{
			name:   "use without fixtures",
			reason: "plain Load has no fixtures: a use: must fail at its position and say how to supply them, never pass silently",
			files: fstest.MapFS{"s.yaml": file(`
name: s
use: [base]
`)},
			want: []string{`s.yaml:2:7: use: fixture "base" cannot be resolved: no fixtures were supplied; load the file with scenario.LoadWith(path, scenario.Options{Fixtures: fixtures.FS()}) (the rolesim command and the assertions package do this)`},
		},
		{
			name:     "unknown fixture",
			reason:   "a misspelt fixture name gets a did-you-mean hint",
			fixtures: true,
			files: fstest.MapFS{"s.yaml": file(`
name: s
use: org/smal
`)},
			want: []string{`s.yaml:2:6: use: no fixture named "org/smal"; did you mean "org/small"?`},
		},
		{
			name:     "bad fixture name",
			reason:   "fixture names are lowercase words joined by /; paths belong in include:",
			fixtures: true,
			files: fstest.MapFS{"s.yaml": file(`
name: s
use: [../base]
`)},
			want: []string{`s.yaml:2:7: use: "../base" is not a fixture name: want lowercase words of letters, digits and - joined by / (org/three-account)`},
		},
		{
			name:   "problems in several parts",
			reason: "the parts of a world, read at once, each report their problems under their own name; a missing one too",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [p1.yaml, p2.yaml, p3.yaml, p4.yaml]
`),
				"p1.yaml": file(`
accounts:
  - id: "111111111111"
`),
				"p2.yaml": file(`
accounts:
  - id: "222222222222"
    colour: red
`),
				"p3.yaml": file(`
accounts: [
`),
			},
			want: []string{"p3.yaml:1:1: invalid YAML: did not find expected node content", "s.yaml:2:38: cannot read p4.yaml: file does not exist"},
		},
		{
			name:   "a problem in one of several parts",
			reason: "parts that parse are merged, and a problem in one is reported under its name",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [p1.yaml, p2.yaml, p3.yaml]
`),
				"p1.yaml": file(`
accounts:
  - id: "111111111111"
`),
				"p2.yaml": file(`
accounts:
  - id: "222222222222"
    colour: red
`),
				"p3.yaml": file(`
accounts:
  - id: "333333333333"
`),
			},
			want: []string{`p2.yaml:3:5: unknown key "colour" in account`},
		},
		{
			name:   "missing include",
			reason: "an include that does not exist is reported at the include entry",
			files: fstest.MapFS{"dir/s.yaml": file(`
name: s
include:
  - shared/world.yaml
`)},
			want: []string{`dir/s.yaml:3:5: cannot read dir/shared/world.yaml: file does not exist`},
		},
		{
			name:   "include cycle",
			reason: "a cycle is an error at the include that closes it, in that file, showing the chain",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [a.yaml]
accounts: [{id: "111111111111"}]
`),
				"a.yaml": file(`
include: [sub/b.yaml]
`),
				"sub/b.yaml": file(`
include:
  - ../a.yaml
`),
			},
			want: []string{`sub/b.yaml:2:5: include cycle: a.yaml -> sub/b.yaml -> a.yaml`},
		},
		{
			name:   "self include",
			reason: "a file including itself is the shortest cycle",
			files: fstest.MapFS{"s.yaml": file(`
name: s
include: s.yaml
`)},
			want: []string{`s.yaml:2:10: include cycle: s.yaml -> s.yaml`},
		},
		{
			name:   "absolute include",
			reason: "includes are relative to the including file so that a repository works wherever it is checked out",
			files: fstest.MapFS{"s.yaml": file(`
name: s
include: [/etc/world.yaml]
`)},
			want: []string{`s.yaml:2:11: include: "/etc/world.yaml" must be a relative path with / separators (relative to this file's directory)`},
		},
		{
			name:   "include outside the file system",
			reason: "a file system cannot be left with ..",
			files: fstest.MapFS{"s.yaml": file(`
name: s
include: [../world.yaml]
`)},
			want: []string{`s.yaml:2:11: include: "../world.yaml" leads outside the file system s.yaml was loaded from`},
		},
		{
			name:   "include not a list of strings",
			reason: "use and include take a string or a list of strings",
			files: fstest.MapFS{"s.yaml": file(`
name: s
include: {path: a.yaml}
use: [{x: y}]
`)},
			want: []string{
				`s.yaml:2:10: scenario.include: expected a relative path or a list of them, got map`,
				`s.yaml:3:7: scenario.use[0]: expected a non-empty string, got map`,
			},
		},
		{
			name:   "problems inside an included file",
			reason: "syntax errors and unknown keys of an included file are reported under its own name and lines",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [w.yaml, bad.yaml]
`),
				"w.yaml": file(`
accounts:
  - id: "111111111111"
    rols: []
`),
				"bad.yaml": file(`
accounts: [
`),
			},
			want: []string{
				`bad.yaml:1:1: invalid YAML: did not find expected node content`,
			},
		},
		{
			name:   "walk problems in an included file",
			reason: "once merged, problems the ordinary walk finds in an included file's nodes name that file",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [w.yaml]
steps:
  - assume: {as: "arn:aws:iam::111111111111:user/bob", role_arn: "arn:aws:iam::111111111111:role/R"}
`),
				"w.yaml": file(`
accounts:
  - id: "111111111111"
    rols: []
    roles:
      - name: R
        trust_policy: |
          {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"},
                          "Action": "sts:AssumeRole", "Condition": {"Bogus": {}}}]}
`),
			},
			want: []string{
				`s.yaml:4:18: assume.as: no user arn:aws:iam::111111111111:user/bob is declared (the ARN must include the user's path)`,
				`w.yaml:3:5: unknown key "rols" in account; did you mean "roles"?`,
				`w.yaml:8:69: MalformedPolicyDocument: Invalid Condition type : Bogus`,
			},
		},
		{
			name:     "role redeclared",
			reason:   "an including file may add entities to an account of a fixture but not redeclare one (names ignore case)",
			fixtures: true,
			files: fstest.MapFS{"s.yaml": file(`
name: s
use: [base]
accounts:
  - id: "111111111111"
    roles:
      - name: dev
        trust_policy: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}]}
      - name: Ops
        trust_policy: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}]}
`)},
			want: []string{`s.yaml:6:15: role "dev" of account 111111111111 is already declared at fixture:base:13:15; a composed world may add roles to an account but not redeclare them (names are case-insensitive)`},
		},
		{
			name:     "organization twice",
			reason:   "only one file of a composition may declare the organization",
			fixtures: true,
			files: fstest.MapFS{"s.yaml": file(`
name: s
use: [org/small]
organization:
  management_account: "111111111111"
`)},
			want: []string{`s.yaml:3:1: organization is already declared at fixture:org/small:3:1; only one file of a composition may declare the organization`},
		},
		{
			name:     "alias conflict",
			reason:   "an account has one alias; a second file may repeat it but not change it",
			fixtures: true,
			files: fstest.MapFS{"s.yaml": file(`
name: s
use: [base]
accounts:
  - id: "111111111111"
    alias: other
  - id: "555555555555"
    alias: base
`)},
			want: []string{
				`s.yaml:5:12: account 111111111111: alias "other" conflicts with alias "base" declared at fixture:base:5:12; an account has one alias`,
				`s.yaml:7:12: account alias "base" is already the alias of account 111111111111, declared at fixture:base:5:12`,
			},
		},
		{
			name:     "managed policy differs",
			reason:   "AWS managed policies merge by ARN only when identical",
			fixtures: true,
			files: fstest.MapFS{"s.yaml": file(`
name: s
use: [managed-a]
aws_managed_policies:
  - name: ReadOnlyAccess
    document: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
`)},
			want: []string{`s.yaml:4:11: AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAccess differs from the one declared at fixture:managed-a:3:11; the files of a composition must declare it identically`},
		},
		{
			name:   "included steps",
			reason: "an included world's steps would never run",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [w.yaml]
`),
				"w.yaml": file(`
version: 2
accounts: [{id: "111111111111"}]
steps:
  - advance: 1h
`),
			},
			want: []string{
				`w.yaml:1:10: scenario.version: unsupported version 2: only version 1 exists`,
				`w.yaml:3:1: steps: a world that is used or included may not have steps; they belong to the scenario that composes it`,
			},
		},
		{
			name:   "start conflict",
			reason: "settings inherited from two included files must agree",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [a.yaml, b.yaml]
`),
				"a.yaml": file(`
start: 2024-01-01T00:00:00Z
accounts: [{id: "111111111111"}]
`),
				"b.yaml": file(`
start: 2025-01-01T00:00:00Z
`),
			},
			want: []string{`b.yaml:1:8: scenario.start: 2025-01-01T00:00:00Z conflicts with 2024-01-01T00:00:00Z set at a.yaml:1:8; the files a scenario composes must agree (or the scenario sets its own)`},
		},
		{
			name:   "account twice in one extending file",
			reason: "within one file an account id is still unique, even when it extends an included account",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [w.yaml]
accounts:
  - id: "111111111111"
  - id: "111111111111"
`),
				"w.yaml": file(`
accounts: [{id: "111111111111"}]
`),
			},
			want: []string{`s.yaml:5:9: duplicate account id 111111111111 (first at line 4, column 5)`},
		},
		{
			name:   "identity provider redeclared",
			reason: "an OIDC provider is declared once per account across the composition",
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [w.yaml]
accounts:
  - id: "111111111111"
    oidc_providers:
      - url: https://token.actions.githubusercontent.com
        client_ids: [sts.amazonaws.com]
`),
				"w.yaml": file(`
accounts:
  - id: "111111111111"
    oidc_providers:
      - {url: "https://token.actions.githubusercontent.com", client_ids: [sts.amazonaws.com]}
`),
			},
			want: []string{`s.yaml:6:14: OIDC provider "https://token.actions.githubusercontent.com" of account 111111111111 is already declared at w.yaml:4:15; a composed world may add OIDC providers to an account but not redeclare them (names are case-insensitive)`},
		},
		{
			name:     "resource redeclared",
			reason:   "a resource ARN is unique across the composition",
			fixtures: true,
			files: fstest.MapFS{
				"s.yaml": file(`
name: s
include: [w.yaml]
accounts:
  - id: "111111111111"
    resources:
      - arn: arn:aws:s3:::b
`),
				"w.yaml": file(`
accounts:
  - id: "111111111111"
    resources:
      - arn: arn:aws:s3:::b
`),
			},
			want: []string{`s.yaml:6:14: resource arn:aws:s3:::b is already declared at w.yaml:4:14; a resource is declared in one file only`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := "s.yaml"
			if _, ok := tt.files[file]; !ok {
				file = "dir/s.yaml"
			}
			_, got := composeLoad(t, tt.files, file, tt.fixtures)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestComposeUnmergedKeys checks every top-level key of the format: in an
// included world it is either merged or reported, never dropped silently
// (a key added to the format later is reported until the merge learns it).
func TestComposeUnmergedKeys(t *testing.T) {
	if len(scenarioKeys) == 0 {
		t.Fatal("no scenario keys")
	}
	for _, key := range scenarioKeys {
		t.Run(key, func(t *testing.T) {
			files := fstest.MapFS{
				"s.yaml": file("name: s\ninclude: [w.yaml]\naccounts: [{id: \"111111111111\"}]\n"),
				"w.yaml": file(key + ": {}\n"),
			}
			_, diags := composeLoad(t, files, "s.yaml", false)
			notMerged := "w.yaml:1:1: " + key + ": this key is not merged from a used or included world; declare it in the scenario itself"
			reported := slices.Contains(diags, notMerged)
			if merged := slices.Contains(mergedTopKeys, key); merged == reported {
				t.Errorf("key %q: merged %v, reported as not merged %v; want exactly one (diagnostics: %q)", key, merged, reported, diags)
			}
		})
	}
}

// TestParseWithInclude checks that a scenario held in memory cannot
// include files: it has no directory, and Parse must not read the disk.
func TestParseWithInclude(t *testing.T) {
	_, err := ParseWith("mem.yaml", []byte("name: m\ninclude: [w.yaml]\n"), Options{})
	want := `mem.yaml:2:11: include: "w.yaml" cannot be read: mem.yaml was parsed from memory and has no directory; load it from a file (scenario.LoadWith or LoadFSWith)`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n got %v\nwant %s", err, want)
	}
	s, err := ParseWith("mem.yaml", []byte("name: m\nuse: [base]\n"), Options{Fixtures: composeFixtures})
	if err != nil || len(s.Accounts) != 1 {
		t.Errorf("use: from memory: %v", err)
	}
}

// TestComposeMerges checks what a composition yields: entities of every
// file, in merge order, with positions in their own files.
func TestComposeMerges(t *testing.T) {
	files := fstest.MapFS{
		"s.yaml": file(`
name: s
use: [org/small, managed-a, managed-b]
include: [w.yaml]
accounts:
  - id: "111111111111"
    alias: base
    roles:
      - name: Ops
        trust_policy: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}]}
steps:
  - id: dev
    assume: {as: "arn:aws:iam::111111111111:user/alice", role_arn: "arn:aws:iam::111111111111:role/Dev", role_session_name: a}
  - assume: {as: dev, role_arn: "arn:aws:iam::222222222222:role/Shared", role_session_name: a}
`),
		"w.yaml": file(`
region: eu-west-1
use: base
accounts:
  - id: "222222222222"
    roles:
      - name: Shared
        trust_policy: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}]}
`),
	}
	s, diags := composeLoad(t, files, "s.yaml", true)
	if diags != nil {
		t.Fatalf("composition does not load:\n%s", strings.Join(diags, "\n"))
	}
	type entity struct{ Account, Kind, Name, At string }
	var got []entity
	for _, a := range s.Accounts {
		got = append(got, entity{a.ID, "account", a.Alias, a.Pos.String()})
		for _, u := range a.Users {
			got = append(got, entity{a.ID, "user", u.Name, u.Pos.String()})
		}
		for _, r := range a.Roles {
			got = append(got, entity{a.ID, "role", r.Name, r.Pos.String()})
		}
	}
	for _, p := range s.AWSManagedPolicies {
		got = append(got, entity{"aws", "policy", p.Name, p.Pos.String()})
	}
	want := []entity{
		{"111111111111", "account", "base", "fixture:base:4:5"},
		{"111111111111", "user", "alice", "fixture:base:7:9"},
		{"111111111111", "role", "Dev", "fixture:base:13:9"},
		{"111111111111", "role", "Ops", "s.yaml:8:9"},
		{"222222222222", "account", "", "fixture:org/small:6:5"},
		{"222222222222", "role", "Shared", "w.yaml:6:9"},
		{"333333333333", "account", "", "fixture:managed-a:6:5"},
		{"444444444444", "account", "", "fixture:managed-b:8:5"},
		{"aws", "policy", "ReadOnlyAccess", "fixture:managed-a:3:5"},
		{"aws", "policy", "PowerUserAccess", "fixture:managed-b:5:5"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged entities (-want +got):\n%s", diff)
	}
	if s.Organization == nil || s.Organization.ManagementAccount != "111111111111" {
		t.Errorf("organization = %+v, want the one of fixture org/small", s.Organization)
	}
	if s.Region != "eu-west-1" {
		t.Errorf("region = %q, want eu-west-1 inherited from w.yaml", s.Region)
	}
	if s.Name != "s" || len(s.Steps) != 2 || s.Steps[0].Pos.File != "s.yaml" {
		t.Errorf("name %q, %d steps: the top file's name and steps must be kept", s.Name, len(s.Steps))
	}
}

// TestComposeOverrides checks the settings a scenario overrides: its own
// start and region win over the ones of the worlds it composes.
func TestComposeOverrides(t *testing.T) {
	files := fstest.MapFS{
		"s.yaml": file(`
name: s
include: [w.yaml]
start: 2030-01-01T00:00:00Z
region: ~
`),
		"w.yaml": file(`
start: 2024-06-01T00:00:00Z
region: ap-south-1
accounts: [{id: "111111111111"}]
`),
	}
	s, diags := composeLoad(t, files, "s.yaml", false)
	if diags != nil {
		t.Fatalf("does not load:\n%s", strings.Join(diags, "\n"))
	}
	if got := s.Start.Format("2006-01-02"); got != "2030-01-01" {
		t.Errorf("start = %s, want the scenario's own 2030-01-01", got)
	}
	if s.Region != "ap-south-1" {
		t.Errorf("region = %q, want ap-south-1: region: ~ means not given, so it is inherited", s.Region)
	}
}

// TestComposeDiamond checks that a world reached twice (two files use the
// same fixture) is merged once, not reported as redeclaring itself.
func TestComposeDiamond(t *testing.T) {
	files := fstest.MapFS{
		"s.yaml": file(`
name: s
use: [base]
include: [a.yaml, b.yaml]
`),
		"a.yaml": file(`
use: [base]
include: [b.yaml]
`),
		"b.yaml": file(`
use: [base]
`),
	}
	s, diags := composeLoad(t, files, "s.yaml", true)
	if diags != nil {
		t.Fatalf("does not load:\n%s", strings.Join(diags, "\n"))
	}
	if n := len(s.Accounts); n != 1 || len(s.Accounts[0].Roles) != 1 {
		t.Errorf("got %d accounts, want base's one account with its one role", n)
	}
}

// TestComposeOSPaths loads from disk: includes relative to the including
// file (also with ..), named by their joined path.
func TestComposeOSPaths(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(y(src)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("shared/world.yaml", `
accounts:
  - id: "111111111111"
    roles:
      - name: R
        trust_policy: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}]}
`)
	write("scenarios/ok.yaml", `
name: ok
include: [../shared/world.yaml]
`)
	write("scenarios/bad.yaml", `
name: bad
include: [../shared/world.yaml]
accounts:
  - id: "111111111111"
    roles:
      - name: R
        trust_policy: {Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}]}
`)
	s, err := Load(filepath.Join(dir, "scenarios", "ok.yaml"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	wantFile := filepath.Join(dir, "shared", "world.yaml")
	if got := s.Accounts[0].Roles[0].Pos.File; got != wantFile {
		t.Errorf("role position file = %q, want %q", got, wantFile)
	}
	_, err = Load(filepath.Join(dir, "scenarios", "bad.yaml"))
	want := filepath.Join(dir, "scenarios", "bad.yaml") + `:6:15: role "R" of account 111111111111 is already declared at ` + wantFile + `:4:15; a composed world may add roles to an account but not redeclare them (names are case-insensitive)`
	if err == nil || err.Error() != want {
		t.Errorf("Load(bad.yaml) error:\n got %v\nwant %s", err, want)
	}
}

// TestLoadFixture checks LoadFixture's naming and errors.
func TestLoadFixture(t *testing.T) {
	s, err := LoadFixture("org/small", Options{Fixtures: composeFixtures})
	if err != nil {
		t.Fatalf("LoadFixture: %v", err)
	}
	if s.Pos.File != "fixture:org/small" || s.Accounts[0].Pos.File != "fixture:base" {
		t.Errorf("positions %s, %s; want fixture:org/small and fixture:base", s.Pos, s.Accounts[0].Pos)
	}
	tests := []struct {
		name, reason, fixture string
		opts                  Options
		want                  string
	}{
		{"missing", "an unknown name is a not-exist error", "nope", Options{Fixtures: composeFixtures}, "fixture:nope: file does not exist"},
		{"no fixtures", "nil Fixtures is an error, not a panic", "base", Options{}, "fixture:base: no fixtures: Options.Fixtures is nil"},
		{"bad name", "names are checked before the file system is touched", "../x", Options{Fixtures: composeFixtures}, "fixture:../x: not a fixture name: want lowercase words of letters, digits and - joined by /"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadFixture(tt.fixture, tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Errorf("%s: error %v, want %s", tt.reason, err, tt.want)
			}
		})
	}
	if _, err := LoadFixture("nope", Options{Fixtures: composeFixtures}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not unwrap to fs.ErrNotExist", err)
	}
	if got, want := FixtureNames(composeFixtures), []string{"base", "managed-a", "managed-b", "org/small"}; !cmp.Equal(got, want) {
		t.Errorf("FixtureNames = %v, want %v", got, want)
	}
}

// TestFormatComposition keeps FORMAT.md's composition example loadable and
// its conflict message exact.
func TestFormatComposition(t *testing.T) {
	data, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	_, section, ok := strings.Cut(text, "## Composing worlds")
	if !ok {
		t.Fatal("FORMAT.md has no Composing worlds section")
	}
	_, example, ok := strings.Cut(section, "```yaml\n")
	example, rest, ok2 := strings.Cut(example, "```")
	_, world, ok3 := strings.Cut(rest, "```yaml\n")
	world, _, ok4 := strings.Cut(world, "```")
	if !ok || !ok2 || !ok3 || !ok4 {
		t.Fatal("the Composing worlds section has not the scenario's and the world file's yaml blocks")
	}
	fixtures := os.DirFS("../fixtures/worlds")
	files := fstest.MapFS{
		"scenarios/deploy.yaml":          {Data: []byte(example)},
		"scenarios/worlds/auditors.yaml": {Data: []byte(world)},
	}
	if _, err := LoadFSWith(files, "scenarios/deploy.yaml", Options{Fixtures: fixtures}); err != nil {
		t.Errorf("the composition example does not load:\n%v", err)
	}

	// The conflict quoted: the example with its Auditor named Deployer.
	_, msgBlock, _ := strings.Cut(section, "```\ndeploy.yaml")
	msg, _, _ := strings.Cut("deploy.yaml"+msgBlock, "\n")
	redeclare := fstest.MapFS{
		"deploy.yaml":          {Data: []byte(strings.Replace(example, "name: Auditor", "name: Deployer", 1))},
		"worlds/auditors.yaml": {Data: []byte(world)},
	}
	_, err = LoadFSWith(redeclare, "deploy.yaml", Options{Fixtures: fixtures})
	if err == nil || err.Error() != msg {
		t.Errorf("FORMAT.md's conflict message:\n%s\nthe loader's:\n%v", msg, err)
	}
}
