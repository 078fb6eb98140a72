package scenario

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// twoOrgs is a scenario with two organizations: A (management 111…,
// member 222…) and B (management 333…, member 444…); 555… is in none.
// extraA and extraB are appended to each organization's block (indented
// four spaces, for keys of the organization), tail to the file.
func twoOrgs(extraA, extraB, tail string) string {
	return `name: two-orgs
accounts:
  - id: "111111111111"
  - id: "222222222222"
  - id: "333333333333"
  - id: "444444444444"
  - id: "555555555555"
organizations:
  - management_account: "111111111111"
    root:
      accounts: ["222222222222"]
` + extraA + `  - management_account: "333333333333"
    root:
      accounts: ["444444444444"]
` + extraB + tail
}

func TestOrganizationsDiagnostics(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		src    string
		want   []string
	}{
		{
			name:   "two organizations",
			reason: "each account in at most one organization loads",
			src:    twoOrgs("", "", ""),
		},
		{
			name:   "both keys",
			reason: "organization: and organizations: are two forms of one thing; writing both is an error at the second",
			src:    twoOrgs("", "", "organization:\n  management_account: \"555555555555\"\n"),
			want:   []string{"s.yaml:8:1: scenario.organizations: write either organization (one organization) or organizations (a list), not both; organization is at line 15, column 1"},
		},
		{
			name:   "member account in two organizations",
			reason: "an account belongs to at most one organization; the error names both",
			src:    strings.Replace(twoOrgs("", "", ""), `accounts: ["444444444444"]`, `accounts: ["444444444444", "222222222222"]`, 1),
			want:   []string{`s.yaml:14:34: organization o-9rvw7a4rmy: account 222222222222 already belongs to organization o-95738frf88 (at line 11, column 18); an account belongs to at most one organization`},
		},
		{
			name:   "management account of one is a member of the other",
			reason: "B's management account may not sit in A's tree",
			src:    strings.Replace(twoOrgs("", "", ""), `accounts: ["222222222222"]`, `accounts: ["222222222222", "333333333333"]`, 1),
			want:   []string{`s.yaml:12:25: organization o-9rvw7a4rmy: management account 333333333333 already belongs to organization o-95738frf88 (at line 11, column 34); an account belongs to at most one organization`},
		},
		{
			name:   "member of the other's management account",
			reason: "A's management account (placed at A's root without being listed) may not be listed in B's tree",
			src:    strings.Replace(twoOrgs("", "", ""), `accounts: ["444444444444"]`, `accounts: ["444444444444", "111111111111"]`, 1),
			want:   []string{`s.yaml:14:34: organization o-9rvw7a4rmy: account 111111111111 already belongs to organization o-95738frf88 (at line 9, column 25); an account belongs to at most one organization`},
		},
		{
			name:   "same organization id",
			reason: "organization ids are distinct",
			src:    twoOrgs("    id: o-aaaaaaaaaa\n", "    id: o-aaaaaaaaaa\n", ""),
			want:   []string{`s.yaml:13:5: organization o-aaaaaaaaaa: organization id o-aaaaaaaaaa is already the id of organization o-aaaaaaaaaa's organization (at line 9, column 5); ids must be distinct across organizations`},
		},
		{
			name:   "same root id",
			reason: "root ids are distinct across organizations",
			src:    strings.ReplaceAll(twoOrgs("", "", ""), "    root:\n", "    root:\n      id: r-abcd\n"),
			want:   []string{`s.yaml:15:7: organization o-9rvw7a4rmy: root id r-abcd is already the id of organization o-95738frf88's root (at line 11, column 7); ids must be distinct across organizations`},
		},
		{
			name:   "same OU id",
			reason: "explicit OU ids are unique across organizations, so that change steps find their organization by id",
			src:    strings.ReplaceAll(twoOrgs("", "", ""), "    root:\n", "    root:\n      ous:\n        - {name: Prod, id: ou-abcd-12345678}\n"),
			want:   []string{`s.yaml:17:28: duplicate OU id ou-abcd-12345678 (first at line 12, column 28)`},
		},
		{
			name:   "empty list",
			reason: "an empty list is a mistake: omit the key for no organization",
			src:    "name: none\naccounts:\n  - id: \"111111111111\"\norganizations: []\n",
			want:   []string{`s.yaml:4:16: scenario.organizations: at least one organization is required (omit the key for none)`},
		},
		{
			name:   "policy of another organization",
			reason: "each organization has its own policies: B cannot attach A's SCP",
			src: strings.Replace(twoOrgs("    policies:\n      - {name: DenyS3, document: {Statement: {Effect: Deny, Action: \"s3:*\", Resource: \"*\"}}}\n", "", ""),
				`accounts: ["444444444444"]`, `accounts: [{id: "444444444444", scps: [FullAWSAccess, DenyS3]}]`, 1),
			want: []string{`s.yaml:16:61: org_account.scps: no organization policy named "DenyS3" in organization o-9rvw7a4rmy; DenyS3 is a policy of organization o-95738frf88, and a tree attaches only its own organization's policies`},
		},
		{
			name:   "policy of a later organization",
			reason: "the hint knows the policies of organizations later in the list too",
			src: strings.Replace(twoOrgs("", "    policies:\n      - {name: DenyS3, document: {Statement: {Effect: Deny, Action: \"s3:*\", Resource: \"*\"}}}\n", ""),
				`accounts: ["222222222222"]`, `accounts: [{id: "222222222222", scps: [FullAWSAccess, DenyS3]}]`, 1),
			want: []string{`s.yaml:11:61: org_account.scps: no organization policy named "DenyS3" in organization o-95738frf88; DenyS3 is a policy of organization o-9rvw7a4rmy, and a tree attaches only its own organization's policies`},
		},
		{
			name:   "SCP size quota in the second organization",
			reason: "every organization's policies are held to the 5,120-character quota",
			src:    twoOrgs("", "    policies:\n      - name: Big\n        document: '"+compactSCP(5121, false)+"'\n", ""),
			want:   []string{`s.yaml:17:19: ConstraintViolationException: You have exceeded the maximum policy size. (SCP Big is 5121 characters, whitespace counted; AWS Organizations allows 5120 and does not raise this quota; a YAML map is sent as compact JSON)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, tt.src)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestOrganizationsDefaultIDs: the first organization of the list gets the
// ids the one-organization form gets, the others ids of their own.
func TestOrganizationsDefaultIDs(t *testing.T) {
	withOU := strings.ReplaceAll(twoOrgs("", "", ""), "    root:\n", "    root:\n      ous: [{name: Prod}]\n")
	list, err := Parse("s.yaml", []byte(withOU))
	if err != nil {
		t.Fatal(err)
	}
	if list.Organization != nil || len(list.Organizations) != 2 {
		t.Fatalf("organizations: gave Organization %v and %d Organizations, want nil and 2", list.Organization, len(list.Organizations))
	}
	one, err := Parse("s.yaml", []byte(`name: two-orgs
accounts:
  - id: "111111111111"
  - id: "222222222222"
organization:
  management_account: "111111111111"
  root:
    ous: [{name: Prod}]
    accounts: ["222222222222"]
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Organizations) != 1 || one.Organizations[0] != one.Organization {
		t.Fatalf("organization: gave Organizations %v, want [Organization]", one.Organizations)
	}
	ids := func(o *Organization) []string { return []string{o.ID, o.Root.ID, o.Root.OUs[0].ID} }
	a, b := ids(list.Organizations[0]), ids(list.Organizations[1])
	if diff := cmp.Diff(ids(one.Organization), a); diff != "" {
		t.Errorf("the first organization of a list has the one-organization form's default ids (-want +got):\n%s", diff)
	}
	for i := range a {
		if a[i] == b[i] {
			t.Errorf("default id %s is shared by both organizations", a[i])
		}
	}
	if !strings.HasPrefix(b[2], "ou-"+strings.TrimPrefix(b[1], "r-")+"-") {
		t.Errorf("the second organization's OU id %s does not start with its root's id %s", b[2], b[1])
	}
}

// TestOrganizationsComposed: a world file may declare organizations: for
// the scenario composing it; a second declaration, with either key, is an
// error at it.
func TestOrganizationsComposed(t *testing.T) {
	world := file(`
name: orgs-world
organizations:
  - management_account: "111111111111"
  - management_account: "222222222222"
accounts:
  - id: "111111111111"
  - id: "222222222222"
`)
	tests := []struct {
		name   string
		reason string
		top    string
		want   []string
		orgs   int
	}{
		{
			name:   "inherited",
			reason: "the organizations of an included world are the scenario's",
			top:    "name: s\ninclude: w.yaml\n",
			orgs:   2,
		},
		{
			name:   "declared again as organization",
			reason: "only one file of a composition declares the organizations, whichever key it writes",
			top:    "name: s\ninclude: w.yaml\norganization:\n  management_account: \"111111111111\"\n",
			want:   []string{`s.yaml:3:1: organization is already declared at w.yaml:2:1; only one file of a composition may declare the organization`},
		},
		{
			name:   "declared again as organizations",
			reason: "the same for the list form",
			top:    "name: s\ninclude: w.yaml\norganizations:\n  - management_account: \"111111111111\"\n",
			want:   []string{`s.yaml:3:1: organizations is already declared at w.yaml:2:1; only one file of a composition may declare the organization`},
		},
		{
			name:   "both keys after an included organization",
			reason: "each key is a second declaration",
			top:    "name: s\ninclude: w.yaml\norganization:\n  management_account: \"111111111111\"\norganizations:\n  - management_account: \"222222222222\"\n",
			want: []string{
				`s.yaml:3:1: organization is already declared at w.yaml:2:1; only one file of a composition may declare the organization`,
				`s.yaml:5:1: organizations is already declared at w.yaml:2:1; only one file of a composition may declare the organization`,
			},
		},
		{
			name:   "both keys in a composed scenario",
			reason: "a composed scenario writing both keys, its world neither, gets the one-file error",
			top:    "name: s\ninclude: plain.yaml\norganization:\n  management_account: \"111111111111\"\norganizations:\n  - management_account: \"222222222222\"\n",
			want:   []string{`s.yaml:5:1: scenario.organizations: write either organization (one organization) or organizations (a list), not both; organization is at s.yaml:3:1`},
		},
	}
	plain := file(`
name: plain
accounts:
  - id: "111111111111"
  - id: "222222222222"
`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, got := composeLoad(t, fstest.MapFS{"w.yaml": world, "plain.yaml": plain, "s.yaml": file(tt.top)}, "s.yaml", false)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
			if s != nil && len(s.Organizations) != tt.orgs {
				t.Errorf("%s: %d organizations, want %d", tt.reason, len(s.Organizations), tt.orgs)
			}
		})
	}
}
