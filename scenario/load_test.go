package scenario

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolesim/rolesim/sim/policy"
)

// compiled stands for "some compiled policy" in expected values: compiled
// policies are compared for presence only (their insides belong to package
// policy).
var compiled = &policy.Policy{}

var structOpts = cmp.Options{
	cmp.Comparer(func(a, b *policy.Policy) bool { return (a == nil) == (b == nil) }),
	cmp.Comparer(func(a, b *regexp.Regexp) bool {
		return (a == nil) == (b == nil) && (a == nil || a.String() == b.String())
	}),
	cmpopts.IgnoreTypes(Pos{}),
	cmpopts.EquateEmpty(),
}

func ptr[T any](v T) *T { return &v }

func TestLoadValidFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/valid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, err := Load(f)
			if err != nil {
				t.Fatalf("Load(%q) failed:\n%v", f, err)
			}
			if s.Pos.File != f {
				t.Errorf("Pos.File = %q, want the path as given %q", s.Pos.File, f)
			}
		})
	}
}

// TestLoadInvalidFiles checks each testdata/invalid file against the
// "# want: " lines it carries (full diagnostics, in order).
func TestLoadInvalidFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, line := range strings.Split(string(data), "\n") {
				if w, ok := strings.CutPrefix(line, "# want: "); ok {
					want = append(want, f+":"+w)
				}
			}
			if len(want) == 0 {
				t.Fatal("file has no # want: lines")
			}
			_, err = Load(f)
			if err == nil {
				t.Fatal("Load succeeded, want diagnostics")
			}
			got := strings.Split(err.Error(), "\n")
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseEveryKey(t *testing.T) {
	s, err := Load("testdata/valid/every-key.yaml")
	if err != nil {
		t.Fatal(err)
	}
	full := []Ref{{Value: FullAWSAccess}}
	rcpFull := []Ref{{Value: RCPFullAWSAccess}}
	want := &Scenario{
		Name:        "every-key",
		Description: "Every key of the format.",
		Start:       time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC),
		Region:      "eu-central-1",
		Settings:    Settings{MFAInRoleSessions: MFAFromCaller, GitHubSubCheck: true},
		AWSManagedPolicies: []*ManagedPolicy{
			{Name: "ReadOnlyAccess", Path: "/job-function/", Description: "AWS read only.", Document: compiled, Size: 66},
		},
		Organization: &Organization{
			ID:                "o-abcdefghij",
			ManagementAccount: "111111111111",
			Policies: []*OrgPolicy{
				{Name: FullAWSAccess, Type: SCP, Document: compiled},
				{Name: RCPFullAWSAccess, Type: RCP, Document: compiled},
				{Name: "DenyAll", Type: SCP, Document: compiled},
				{Name: "OrgOnly", Type: RCP, Document: compiled},
			},
			Root: &OU{
				Name:     "Root",
				ID:       "r-ab12",
				SCPs:     full,
				RCPs:     []Ref{{Value: RCPFullAWSAccess}, {Value: "OrgOnly"}},
				Accounts: []*OrgAccount{{ID: "111111111111", SCPs: full, RCPs: rcpFull}},
				OUs: []*OU{{
					Name:     "Sandbox",
					ID:       "ou-ab12-abcdefgh",
					SCPs:     []Ref{{Value: FullAWSAccess}, {Value: "DenyAll"}},
					RCPs:     rcpFull,
					Accounts: []*OrgAccount{{ID: "022222222222", SCPs: full, RCPs: rcpFull}},
				}},
			},
		},
		Accounts: []*Account{
			{
				ID:    "111111111111",
				Alias: "mgmt",
				Users: []*User{{
					Name:   "alice",
					Path:   "/eng/",
					Groups: []Ref{{Value: "devs"}},
					InlinePolicies: []*InlinePolicy{
						{Name: "Inline", Document: compiled, Size: 73},
					},
					ManagedPolicies: []Ref{
						{Value: "arn:aws:iam::111111111111:policy/Base"},
						{Value: "arn:aws:iam::aws:policy/job-function/ReadOnlyAccess"},
					},
					PermissionsBoundary: &Ref{Value: "arn:aws:iam::111111111111:policy/Base"},
					Tags:                []Tag{{Key: "team", Value: "platform"}},
					MFADevices:          []*MFADevice{{Serial: "arn:aws:iam::111111111111:mfa/alice", Codes: []string{"012345"}}},
				}},
				Groups: []*Group{{
					Name:            "devs",
					Path:            "/g/",
					InlinePolicies:  []*InlinePolicy{{Name: "G", Document: compiled, Size: 67}},
					ManagedPolicies: []Ref{{Value: "arn:aws:iam::111111111111:policy/Base"}},
				}},
				Roles: []*Role{{
					Name:                "Admin",
					Path:                "/r/",
					Description:         "Admins.",
					TrustPolicy:         compiled,
					InlinePolicies:      []*InlinePolicy{{Name: "All", Document: compiled, Size: 60}},
					ManagedPolicies:     []Ref{{Value: "arn:aws:iam::111111111111:policy/Base"}},
					PermissionsBoundary: &Ref{Value: "arn:aws:iam::aws:policy/job-function/ReadOnlyAccess"},
					MaxSessionDuration:  7200,
					Tags:                []Tag{{Key: "env", Value: "prod"}, {Key: "empty"}},
					TrustPolicySize:     93,
				}},
				Policies: []*ManagedPolicy{
					{Name: "Base", Path: "/", Description: "Base policy.", Document: compiled, Size: 80},
				},
				Resources: []*Resource{{
					ARN:    "arn:aws:s3:::bucket",
					Policy: compiled,
					Tags:   []Tag{{Key: "data", Value: "public"}},
				}},
			},
			{ID: "022222222222"},
		},
		Steps: []*Step{
			{
				ID:   "first",
				Note: "Assume with every parameter.",
				Kind: StepAssume,
				Assume: &AssumeStep{
					As:              Credentials{ARN: "arn:aws:iam::111111111111:user/eng/alice"},
					RoleArn:         ptr("arn:aws:iam::111111111111:role/r/Admin"),
					RoleSessionName: ptr("alice"),
					DurationSeconds: ptr("0900"),
					Policy: &SessionPolicy{
						Text:     `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
						Document: compiled,
					},
					PolicyArns:        []Ref{{Value: "arn:aws:iam::111111111111:policy/Base"}},
					Tags:              []Tag{{Key: "Project", Value: "x"}, {Key: "Empty", Value: ""}},
					TransitiveTagKeys: []Ref{{Value: "Project"}},
					ExternalID:        ptr("ext"),
					SerialNumber:      ptr("arn:aws:iam::111111111111:mfa/alice"),
					TokenCode:         ptr("012345"),
					SourceIdentity:    ptr("alice"),
				},
				Expect: &Expect{
					Expiration:       ptr(time.Date(2024, 5, 1, 10, 15, 0, 0, time.UTC)),
					Duration:         ptr(15 * time.Minute),
					Arn:              ptr("arn:aws:sts::111111111111:assumed-role/Admin/alice"),
					AssumedRoleID:    ptr("AROAEXAMPLE:alice"),
					SourceIdentity:   ptr("alice"),
					PackedPolicySize: ptr(7),
					Chained:          ptr(false),
				},
			},
			{
				ID:   "step-2",
				Kind: StepAssume,
				Assume: &AssumeStep{
					As:              Credentials{Step: "first"},
					RoleArn:         ptr("not-an-arn"),
					RoleSessionName: ptr("a"),
					Tags:            []Tag{{Key: "aws:x", Value: "y"}},
				},
				Expect: &Expect{
					Error:         "ValidationError",
					Message:       "1 validation error",
					MessageRegexp: regexp.MustCompile("^1 validation"),
				},
			},
			{ID: "step-3", Kind: StepAdvance, Advance: &AdvanceStep{By: 90 * time.Minute}},
			{ID: "step-4", Kind: StepAdvance, Advance: &AdvanceStep{To: time.Date(2024, 5, 1, 13, 0, 0, 0, time.UTC)}},
			{
				ID:   "step-5",
				Kind: StepCall,
				Call: &CallStep{
					As:       Credentials{ARN: "arn:aws:iam::111111111111:root"},
					Action:   "s3:GetObject",
					Resource: "arn:aws:s3:::bucket/key",
					Context: []ContextValue{
						{Key: "aws:SourceIp", Values: []string{"203.0.113.7"}},
						{Key: "aws:TagKeys", Values: []string{"a", "b"}},
					},
				},
				Expect: &Expect{Error: "AccessDenied", DeniedBy: "scp", Deny: "explicit"},
			},
			{
				ID:     "step-6",
				Kind:   StepWhoAmI,
				WhoAmI: &WhoAmIStep{As: Credentials{Step: "first"}},
				Expect: &Expect{
					Arn:     ptr("arn:aws:sts::111111111111:assumed-role/Admin/alice"),
					Account: ptr("111111111111"),
					UserID:  ptr("AROAEXAMPLE:alice"),
				},
			},
			{ID: "step-7", Kind: StepWhoAmI, WhoAmI: &WhoAmIStep{As: Credentials{Step: "first"}}},
			{
				ID:     "burst",
				Kind:   StepWhoAmI,
				WhoAmI: &WhoAmIStep{As: Credentials{Step: "first"}},
				Repeat: &Repeat{Count: 3, Over: time.Second},
				Expect: &Expect{Succeeded: ptr(1), Throttled: ptr(1), Failed: ptr(1)},
			},
			{ID: "create", Kind: StepCreateRole, Change: &ChangeStep{
				Account: "111111111111", RoleName: "New", Path: ptr("/n/"), Description: ptr("New role."), MaxSessionDuration: ptr(7200),
				Document: &PolicyDocument{Text: `{"Statement":{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}}`, Document: compiled, Size: 93},
				Tags:     []Tag{{Key: "k", Value: "v"}},
			}},
			{ID: "update", Kind: StepUpdateRole, Change: &ChangeStep{Account: "111111111111", RoleName: "New", MaxSessionDuration: ptr(10800), Description: ptr("Newer.")}},
			{ID: "trust", Kind: StepUpdateAssumeRolePolicy, Change: &ChangeStep{Account: "111111111111", RoleName: "New",
				Document: &PolicyDocument{Text: `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}`, Document: compiled, Size: 93}}},
			{ID: "attach", Kind: StepAttachRolePolicy, Change: &ChangeStep{Account: "111111111111", RoleName: "New", PolicyArn: "arn:aws:iam::111111111111:policy/Base"}},
			{ID: "detach", Kind: StepDetachRolePolicy, Change: &ChangeStep{Account: "111111111111", RoleName: "New", PolicyArn: "arn:aws:iam::111111111111:policy/Base"}},
			{ID: "put", Kind: StepPutRolePolicy, Change: &ChangeStep{Account: "111111111111", RoleName: "New", PolicyName: "P",
				Document: &PolicyDocument{Text: `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, Document: compiled, Size: 63}}},
			{ID: "delete-policy", Kind: StepDeleteRolePolicy, Change: &ChangeStep{Account: "111111111111", RoleName: "New", PolicyName: "P"}},
			{ID: "revoke", Kind: StepRevokeRoleSessions, Change: &ChangeStep{Account: "111111111111", RoleName: "Admin"}},
			{ID: "delete", Kind: StepDeleteRole, Change: &ChangeStep{Account: "111111111111", RoleName: "Admin"},
				Expect: &Expect{Error: "DeleteConflict", Message: "must", MessageRegexp: regexp.MustCompile("^Cannot")}},
			{ID: "move", Kind: StepMoveAccount, Change: &ChangeStep{Account: "022222222222", SourceParentID: "Sandbox", DestinationParentID: "Root"}},
			{ID: "attach-scp", Kind: StepAttachPolicy, Change: &ChangeStep{PolicyID: "DenyAll", TargetID: "022222222222"}},
			{ID: "detach-scp", Kind: StepDetachPolicy, Change: &ChangeStep{PolicyID: "DenyAll", TargetID: "Sandbox"}},
		},
		Quotas: Quotas{
			STSRequestsPerSecond: 700, STSBurst: 800,
			RolesPerAccount: 2000, UsersPerAccount: 4000, GroupsPerAccount: 400, PoliciesPerAccount: 3000,
			ManagedPoliciesPerRole: 20, ManagedPoliciesPerUser: 15, ManagedPoliciesPerGroup: 9, GroupsPerUser: 9,
			TagsPerRole: 40, TagsPerUser: 45,
			RolePolicySize: 10000, UserPolicySize: 2000, GroupPolicySize: 5000, TrustPolicySize: 4096, ManagedPolicySize: 6000,
		},
	}
	want.Organizations = []*Organization{want.Organization}
	if diff := cmp.Diff(want, s, structOpts); diff != "" {
		t.Errorf("every-key.yaml loaded wrong (-want +got):\n%s", diff)
	}
}

func TestPositions(t *testing.T) {
	src := y(`
name: pos
accounts:
  - id: "111111111111"
    users:
      - name: alice
        groups: [g]
        tags: {team: a}
    groups: [{name: g}]
steps:
  - whoami: arn:aws:iam::111111111111:user/alice
  - call: {as: arn:aws:iam::111111111111:root, action: "s3:GetObject", resource: "*", context: {s3:prefix: v}}
    expect: {error: AccessDenied}
`)
	s, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	at := func(line, col int) Pos { return Pos{File: "p.yaml", Line: line, Col: col} }
	u := s.Accounts[0].Users[0]
	tests := []struct {
		name   string
		got    Pos
		want   Pos
		reason string
	}{
		{"scenario", s.Pos, at(1, 1), "the top-level map"},
		{"account", s.Accounts[0].Pos, at(3, 5), "an entity is at its map"},
		{"user", u.Pos, at(5, 9), "an entity is at its map"},
		{"group ref", u.Groups[0].Pos, at(6, 18), "a reference is at the name as written"},
		{"tag", u.Tags[0].Pos, at(7, 16), "a map-form tag is at its key"},
		{"group", s.Accounts[0].Groups[0].Pos, at(8, 14), "a flow-map entity is at its first key"},
		{"step", s.Steps[0].Pos, at(10, 5), "a step is at its map"},
		{"whoami credentials", s.Steps[0].WhoAmI.As.Pos, at(10, 13), "credentials are at the reference"},
		{"call credentials", s.Steps[1].Call.As.Pos, at(11, 16), "credentials are at the reference"},
		{"context value", s.Steps[1].Call.Context[0].Pos, at(11, 97), "a context value is at its key"},
		{"expect", s.Steps[1].Expect.Pos, at(12, 13), "expect is at its map"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: Pos = %v, want %v (%s)", tt.name, tt.got, tt.want, tt.reason)
		}
	}
}

func TestLeadingZeroAccountIDs(t *testing.T) {
	src := y(`
name: zeros
accounts:
  - id: 012345678901
    users: [{name: u}]
  - id: '000000000042'
organization:
  management_account: 012345678901
  root: {accounts: [000000000042]}
steps:
  - whoami: arn:aws:iam::012345678901:user/u
    expect: {account: 012345678901}
`)
	s, err := Parse("z.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := []string{
		s.Accounts[0].ID,
		s.Accounts[1].ID,
		s.Organization.ManagementAccount,
		s.Organization.Root.Accounts[0].ID,
		s.Organization.Root.Accounts[1].ID,
		*s.Steps[0].Expect.Account,
	}
	want := []string{"012345678901", "000000000042", "012345678901", "000000000042", "012345678901", "012345678901"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("account ids (-want +got):\n%s", diff)
	}
}

func TestOrganizationDefaults(t *testing.T) {
	src := y(`
name: org-defaults
accounts:
  - id: "111111111111"
  - id: "222222222222"
  - id: "333333333333"
organization:
  management_account: "111111111111"
  root:
    ous:
      - name: Workloads
        accounts: ["222222222222"]
        ous:
          - name: Prod
`)
	s, err := Parse("o.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	org := s.Organization
	full := []Ref{{Value: FullAWSAccess}}
	rcpFull := []Ref{{Value: RCPFullAWSAccess}}
	want := &Organization{
		ID:                "o-d3f5hfp8aw",
		ManagementAccount: "111111111111",
		Policies: []*OrgPolicy{
			{Name: FullAWSAccess, Type: SCP, Document: compiled},
			{Name: RCPFullAWSAccess, Type: RCP, Document: compiled},
		},
		Root: &OU{
			Name: "Root", ID: "r-r9k3", SCPs: full, RCPs: rcpFull,
			OUs: []*OU{{
				Name: "Workloads", ID: "ou-r9k3-jtjfnqx0", SCPs: full, RCPs: rcpFull,
				Accounts: []*OrgAccount{{ID: "222222222222", SCPs: full, RCPs: rcpFull}},
				OUs:      []*OU{{Name: "Prod", ID: "ou-r9k3-45i4a3dt", SCPs: full, RCPs: rcpFull}},
			}},
			// The management account is placed at the root when the tree
			// does not list it; 333333333333 stays outside.
			Accounts: []*OrgAccount{{ID: "111111111111", SCPs: full, RCPs: rcpFull}},
		},
	}
	if diff := cmp.Diff(want, org, structOpts); diff != "" {
		t.Errorf("organization (-want +got):\n%s", diff)
	}
	// Same input, same ids; another scenario name, other ids.
	again, err := Parse("o.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if again.Organization.Root.OUs[0].ID != org.Root.OUs[0].ID {
		t.Error("OU ids differ between two loads of the same file")
	}
	other, err := Parse("o.yaml", []byte(strings.Replace(src, "org-defaults", "other", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if other.Organization.ID == org.ID {
		t.Error("organization id does not depend on the scenario name")
	}
	for _, p := range org.Policies {
		if p.Document == nil || len(p.Document.Statements) != 1 {
			t.Errorf("built-in %s: want a compiled document with one statement", p.Name)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	_, err := Load("testdata/does-not-exist.yaml")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: errors.Is(err, fs.ErrNotExist) is false for %v", err)
	}
	if want := "testdata/does-not-exist.yaml: no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("Load of a missing file: got %v, want %q", err, want)
	}

	big := strings.Repeat("#", MaxFileSize+1)
	fsys := fstest.MapFS{
		"big.yaml":  {Data: []byte(big)},
		"ok.yaml":   {Data: []byte("name: ok\naccounts: [{id: \"111111111111\"}]\n")},
		"bad.yaml":  {Data: []byte("name: ok\n")},
		"dir/x.txt": {Data: nil},
	}
	if _, err := LoadFS(fsys, "ok.yaml"); err != nil {
		t.Errorf("LoadFS(ok.yaml): %v", err)
	}
	_, err = LoadFS(fsys, "big.yaml")
	if want := "big.yaml:1:1: file is larger than 4 MiB (4194305 bytes)"; err == nil || err.Error() != want {
		t.Errorf("LoadFS(big.yaml): got %v, want %q", err, want)
	}
	_, err = LoadFS(fsys, "bad.yaml")
	if want := `bad.yaml:1:1: missing required key "accounts" in scenario`; err == nil || err.Error() != want {
		t.Errorf("LoadFS(bad.yaml): got %v, want %q", err, want)
	}
	var ds Diagnostics
	if !errors.As(err, &ds) || len(ds) != 1 || ds[0].Pos != (Pos{File: "bad.yaml", Line: 1, Col: 1}) {
		t.Errorf("LoadFS(bad.yaml): want one Diagnostic at bad.yaml:1:1, got %#v", err)
	}
	if _, err := LoadFS(fsys, "missing.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("LoadFS(missing.yaml): errors.Is(err, fs.ErrNotExist) is false for %v", err)
	}
}

// TestFormatExample keeps the example in FORMAT.md loadable.
func TestFormatExample(t *testing.T) {
	data, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "## Example\n\n```yaml\n")
	if !ok {
		t.Fatal("FORMAT.md has no ## Example yaml block")
	}
	example, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("unterminated yaml block in FORMAT.md")
	}
	s, err := Parse("FORMAT.md example", []byte(example))
	if err != nil {
		t.Fatalf("the FORMAT.md example does not load:\n%v", err)
	}
	if len(s.Steps) != 5 || s.Organization == nil {
		t.Errorf("example loaded with %d steps, organization %v; want 5 steps and an organization", len(s.Steps), s.Organization != nil)
	}
}
