package trustgraph_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim/trustgraph"
)

// twoOrgs: organization A (management 111…, alice's 222… in OU Locked,
// whose SCP denies sts:AssumeRole) and B (management 333…, bob's 444… in
// OU Work); carol's 555… is in none. OpenInA trusts everyone, OrgARole
// and PartnerRole (in B's management account) trust A's or B's principals.
const twoOrgs = `
organizations:
  - id: o-aaaaaaaaaa
    management_account: "111111111111"
    policies:
      - name: NoAssume
        document: {Statement: {Effect: Deny, Action: sts:AssumeRole, Resource: "*"}}
    root:
      ous:
        - name: Locked
          scps: [FullAWSAccess, NoAssume]
          accounts: ["222222222222"]
  - id: o-bbbbbbbbbb
    management_account: "333333333333"
    root:
      ous:
        - name: Work
          accounts: ["444444444444"]
accounts:
  - id: "111111111111"
  - id: "222222222222"
    users:
      - name: alice
        inline_policies: {All: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}}
    roles:
      - name: OpenInA
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "*"}, Action: sts:AssumeRole}}
  - id: "333333333333"
    roles:
      - name: OrgARole
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "*"}, Action: sts:AssumeRole, Condition: {StringEquals: {aws:PrincipalOrgID: o-aaaaaaaaaa}}}}
      - name: PartnerRole
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "*"}, Action: sts:AssumeRole, Condition: {StringEquals: {aws:PrincipalOrgID: o-bbbbbbbbbb}}}}
  - id: "444444444444"
    users:
      - name: bob
        inline_policies: {All: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}}
  - id: "555555555555"
    users:
      - name: carol
        inline_policies: {All: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}}
`

func TestSeveralOrganizations(t *testing.T) {
	g := build(t, twoOrgs)
	want := []string{
		// Org A's SCP stops alice everywhere, but not bob (org B) or
		// carol (no organization) on A's role.
		"bob -> OpenInA [up to 1h]",
		"carol -> OpenInA [up to 1h]",
		"anyone -> OpenInA [up to 1h]",
		// Nobody declared is in org A and free of its SCP.
		"anyone -> OrgARole [up to 1h; if aws:PrincipalOrgID StringEquals o-aaaaaaaaaa]",
		// The roles of B's management account carry B's id.
		"OrgARole -> PartnerRole [up to 1h (chained)]",
		"PartnerRole -> PartnerRole [up to 1h (chained)]",
		"bob -> PartnerRole [up to 1h]",
		"anyone -> PartnerRole [up to 1h; if aws:PrincipalOrgID StringEquals o-bbbbbbbbbb]",
	}
	if diff := cmp.Diff(want, edges(g)); diff != "" {
		t.Errorf("each account meets its own organization's SCPs, and aws:PrincipalOrgID is its own organization's (-want +got):\n%s", diff)
	}
	var groups []string
	var walk func(gr *trustgraph.Group, indent string)
	walk = func(gr *trustgraph.Group, indent string) {
		groups = append(groups, indent+gr.Label)
		for _, c := range gr.Groups {
			walk(c, indent+"  ")
		}
	}
	for _, gr := range g.Groups {
		walk(gr, "")
	}
	rootA, rootB := g.Groups[0].Label, g.Groups[1].Label
	wantGroups := []string{
		rootA,
		"  account 111111111111, management account",
		"  OU Locked",
		"    account 222222222222",
		rootB,
		"  account 333333333333, management account",
		"  OU Work",
		"    account 444444444444",
		"account 555555555555",
		"outside the scenario",
	}
	if diff := cmp.Diff(wantGroups, groups); diff != "" {
		t.Errorf("each organization is a group of its own, its root holding its OUs and accounts (-want +got):\n%s", diff)
	}
	for i, id := range []string{"o-aaaaaaaaaa", "o-bbbbbbbbbb"} {
		if l := g.Groups[i].Label; !strings.HasPrefix(l, "organization "+id+" (root r-") || g.Groups[i].Kind != trustgraph.GroupRoot {
			t.Errorf("group %d is %q (kind %v), want organization %s's root", i, l, g.Groups[i].Kind, id)
		}
	}
	if rootA == rootB {
		t.Errorf("both organizations' roots are labelled %q", rootA)
	}
	// Every picture draws both organizations.
	for _, pic := range []struct{ name, text string }{{"Mermaid", g.Mermaid()}, {"DOT", g.DOT()}, {"SVG", g.SVG("")}} {
		for _, label := range []string{rootA, rootB} {
			if !strings.Contains(pic.text, label) {
				t.Errorf("the %s picture does not draw %q", pic.name, label)
			}
		}
	}
	if err := wellFormed(g.SVG("")); err != nil {
		t.Errorf("the SVG is not well-formed XML: %v", err)
	}
}
