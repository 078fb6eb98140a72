package trustgraph_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// build loads a world (accounts and organization, no steps) and builds its
// graph.
func build(t testing.TB, world string) *trustgraph.Graph {
	t.Helper()
	sc, err := scenario.Parse("g.yaml", []byte("version: 1\nname: g\n"+world))
	if err != nil {
		t.Fatalf("loading the world: %v", err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	return trustgraph.Build(w, sc.Name)
}

// edges lists a graph's edges as "from -> to [label; label]".
func edges(g *trustgraph.Graph) []string {
	var out []string
	for _, e := range g.Edges {
		out = append(out, g.Nodes[e.From].Label+" -> "+g.Nodes[e.To].Label+" ["+strings.Join(g.EdgeLabel(e), "; ")+"]")
	}
	return out
}

// role writes a role with a trust policy whose statement has the given
// principal and optional condition (YAML flow text).
func role(name, maxDur, principal, condition string) string {
	s := "      - name: " + name + "\n"
	if maxDur != "" {
		s += "        max_session_duration: " + maxDur + "\n"
	}
	s += "        trust_policy:\n          Version: \"2012-10-17\"\n          Statement:\n            - Effect: Allow\n" +
		"              Principal: " + principal + "\n              Action: sts:AssumeRole\n"
	if condition != "" {
		s += "              Condition: " + condition + "\n"
	}
	return s
}

// allow writes an inline policy allowing sts:AssumeRole on resource.
func allow(resource string) string {
	return "        inline_policies:\n          Assume:\n            Version: \"2012-10-17\"\n            Statement:\n" +
		"              - Effect: Allow\n                Action: sts:AssumeRole\n                Resource: \"" + resource + "\"\n"
}

func TestEdges(t *testing.T) {
	const a1, a2 = "  - id: \"111111111111\"\n", "  - id: \"222222222222\"\n"
	tests := []struct {
		name   string
		reason string
		world  string
		want   []string
	}{
		{
			name:   "same-account-exact",
			reason: "within one account, a trust policy naming the user is enough, with no identity policy; the edge gives the role's maximum",
			world:  "accounts:\n" + a1 + "    users:\n      - name: alice\n    roles:\n" + role("R", "8h", `{AWS: "arn:aws:iam::111111111111:user/alice"}`, ""),
			want:   []string{"alice -> R [up to 8h]"},
		},
		{
			name:   "same-account-delegated-needs-identity",
			reason: "a trust policy naming the account delegates: only the user whose own policy allows the call gets an edge",
			world: "accounts:\n" + a1 + "    users:\n      - name: alice\n" + allow("arn:aws:iam::111111111111:role/R") +
				"      - name: bob\n    roles:\n" + role("R", "", `{AWS: "111111111111"}`, ""),
			want: []string{"alice -> R [up to 1h]"},
		},
		{
			name:   "cross-account-needs-both",
			reason: "across accounts, the trust policy naming the user is not enough: the user's identity policy must allow too",
			world: "accounts:\n" + a1 + "    users:\n      - name: alice\n" + allow("*") + "      - name: bob\n" +
				a2 + "    roles:\n" + role("R", "", `{AWS: ["arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob"]}`, ""),
			want: []string{"alice -> R [up to 1h]"},
		},
		{
			name:   "external-id-and-mfa",
			reason: "conditions on keys the request carries may hold, and become labels; MFA is named plainly",
			world: "accounts:\n" + a1 + "    users:\n      - name: alice\n    roles:\n" +
				role("R", "", `{AWS: "arn:aws:iam::111111111111:user/alice"}`, `{StringEquals: {sts:ExternalId: abc}, Bool: {aws:MultiFactorAuthPresent: "true"}}`),
			want: []string{"alice -> R [up to 1h; if sts:ExternalId StringEquals abc; if MFA]"},
		},
		{
			name:   "user-tags-are-known",
			reason: "an IAM user's tags are fixed, so a condition on aws:PrincipalTag is decided, not labelled",
			world: "accounts:\n" + a1 + "    users:\n      - name: priya\n        tags: {team: payments}\n" + allow("*") +
				"      - name: sam\n        tags: {team: search}\n" + allow("*") + "    roles:\n" +
				role("R", "", `{AWS: "111111111111"}`, `{StringEquals: {aws:PrincipalTag/team: payments}}`),
			want: []string{"priya -> R [up to 1h]"},
		},
		{
			name:   "chaining-caps-at-one-hour",
			reason: "from a role the call is role chaining: the edge gives one hour whatever the role's maximum; a session tag condition stays a label",
			world: "accounts:\n" + a1 + "    users:\n      - name: alice\n    roles:\n" +
				role("A", "12h", `{AWS: "arn:aws:iam::111111111111:user/alice"}`, "") +
				role("B", "12h", `{AWS: "arn:aws:iam::111111111111:role/A"}`, `{StringEquals: {aws:PrincipalTag/team: x}}`),
			want: []string{"alice -> A [up to 12h]", "A -> B [up to 1h (chained); if aws:PrincipalTag/team StringEquals x]"},
		},
		{
			name:   "policy-variables",
			reason: "policy variables in a Resource resolve from the caller's known keys",
			world: "accounts:\n" + a1 + "    users:\n      - name: alice\n" + allow("arn:aws:iam::111111111111:role/${aws:username}-box") +
				"    roles:\n" + role("alice-box", "", `{AWS: "111111111111"}`, "") + role("bob-box", "", `{AWS: "111111111111"}`, ""),
			want: []string{"alice -> alice-box [up to 1h]"},
		},
		{
			name:   "self-assume",
			reason: "a role trusting its own ARN gets a loop; one that does not, none",
			world: "accounts:\n" + a1 + "    roles:\n" + role("Self", "", `{AWS: "arn:aws:iam::111111111111:role/Self"}`, "") +
				role("Other", "", `{AWS: "arn:aws:iam::111111111111:role/Self"}`, ""),
			want: []string{"Self -> Self [up to 1h (chained)]", "Self -> Other [up to 1h (chained)]"},
		},
		{
			name:   "boundary-limits",
			reason: "a permissions boundary that does not allow sts:AssumeRole removes the edge even when the trust policy names the user",
			world: "accounts:\n" + a1 + "    policies:\n      - name: S3Only\n        document:\n          Version: \"2012-10-17\"\n          Statement:\n" +
				"            - {Effect: Allow, Action: \"s3:*\", Resource: \"*\"}\n" +
				"    users:\n      - name: alice\n        permissions_boundary: S3Only\n      - name: bob\n    roles:\n" +
				role("R", "", `{AWS: ["arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:user/bob"]}`, ""),
			want: []string{"bob -> R [up to 1h]"},
		},
		{
			name:   "outside-principals",
			reason: "an account, an ARN and a service outside the scenario become external nodes; their edges carry the statement's conditions",
			world: "accounts:\n" + a1 + "    roles:\n" +
				role("Vendor", "4h", `{AWS: "999999999999"}`, `{StringEquals: {sts:ExternalId: v-1}}`) +
				role("Ghost", "", `{AWS: "arn:aws:iam::888888888888:role/Deployer"}`, "") +
				role("Ec2", "", `{Service: ec2.amazonaws.com}`, ""),
			want: []string{
				"account 999999999999 -> Vendor [up to 4h (1h if chained); if sts:ExternalId StringEquals v-1]",
				"Deployer -> Ghost [up to 1h]",
				"ec2.amazonaws.com -> Ec2 [session length set by the service]",
			},
		},
	}
	tests = append(tests, struct {
		name   string
		reason string
		world  string
		want   []string
	}{
		name:   "federated-providers",
		reason: "an OIDC or SAML provider a trust policy names is an outside node, checked against its own STS operation; its conditions are labels and the edge gives the role's maximum",
		world: "accounts:\n" + a1 +
			"    oidc_providers:\n      - url: https://token.actions.githubusercontent.com\n        client_ids: [sts.amazonaws.com]\n" +
			"    saml_providers:\n      - name: Okta\n        issuer: http://www.okta.com/x\n" +
			"    roles:\n" +
			"      - name: Ci\n        max_session_duration: 2h\n        trust_policy:\n          Version: \"2012-10-17\"\n          Statement:\n" +
			"            - Effect: Allow\n              Principal: {Federated: arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com}\n" +
			"              Action: sts:AssumeRoleWithWebIdentity\n              Condition: {StringEquals: {token.actions.githubusercontent.com:aud: sts.amazonaws.com}, StringLike: {token.actions.githubusercontent.com:sub: \"repo:acme/*\"}}\n" +
			"      - name: Sso\n        trust_policy:\n          Version: \"2012-10-17\"\n          Statement:\n" +
			"            - Effect: Allow\n              Principal: {Federated: arn:aws:iam::111111111111:saml-provider/Okta}\n              Action: sts:AssumeRoleWithSAML\n" +
			"      - name: Wrong\n        trust_policy:\n          Version: \"2012-10-17\"\n          Statement:\n" +
			"            - Effect: Allow\n              Principal: {Federated: arn:aws:iam::111111111111:saml-provider/Okta}\n              Action: sts:AssumeRoleWithWebIdentity\n",
		want: []string{
			"token.actions.githubusercontent.com -> Ci [up to 2h; if token.actions.githubusercontent.com:aud StringEquals sts.amazonaws.com; if token.actions.githubusercontent.com:sub StringLike repo:acme/*]",
			"Okta -> Sso [up to 1h]",
		},
	})
	tests = append(tests, struct {
		name   string
		reason string
		world  string
		want   []string
	}{
		name: "named-before-everyone",
		reason: "the principals a trust policy names come first, in its order (bob, then the session of Helper it names); " +
			"\"*\" then adds every other user and role in node order, and Helper's session, named before, is not added again",
		world: "accounts:\n" + a1 + "    users:\n      - name: alice\n" + allow("*") + "      - name: bob\n" + allow("*") +
			"    roles:\n" + role("Helper", "", `{Service: lambda.amazonaws.com}`, "") + allow("*") +
			"      - name: R\n        trust_policy:\n          Version: \"2012-10-17\"\n          Statement:\n" +
			"            - {Effect: Allow, Principal: {AWS: [\"arn:aws:iam::111111111111:user/bob\", \"arn:aws:sts::111111111111:assumed-role/Helper/ops\"]}, Action: sts:AssumeRole}\n" +
			"            - {Effect: Allow, Principal: \"*\", Action: sts:AssumeRole}\n",
		want: []string{"lambda.amazonaws.com -> Helper [session length set by the service]", "bob -> R [up to 1h]", "Helper -> R [up to 1h (chained)]", "alice -> R [up to 1h]", "R -> R [up to 1h (chained)]", "anyone -> R [up to 1h]"},
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := edges(build(t, tt.world))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// org is an organization world: alice in member account 222 (OU Work),
// admin in the management account 111, a sandbox user in OU Sandbox (whose
// SCP allows only S3), and roles trusting each by account.
const org = `organization:
  id: o-abcdefghij
  management_account: "111111111111"
  policies:
    - name: NoProd
      type: SCP
      document:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: sts:AssumeRole
            Resource: arn:aws:iam::333333333333:role/*
    - name: RegionLock
      type: SCP
      document:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Action: "*"
            Resource: "*"
            Condition: {StringNotEquals: {aws:RequestedRegion: us-east-1}}
    - name: S3Only
      type: SCP
      document:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: "s3:*", Resource: "*"}
  root:
    scps: [FullAWSAccess, NoProd, RegionLock]
    accounts: ["111111111111"]
    ous:
      - name: Work
        accounts: ["222222222222", "333333333333"]
      - name: Sandbox
        scps: [S3Only]
        accounts: ["444444444444"]
accounts:
  - id: "111111111111"
    users:
      - name: admin
        inline_policies:
          All: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
  - id: "222222222222"
    users:
      - name: alice
        inline_policies:
          All: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
    roles:
      - name: Dev
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: "*"}
              Action: sts:AssumeRole
              Condition: {StringEquals: {aws:PrincipalOrgID: o-abcdefghij}}
  - id: "333333333333"
    roles:
      - name: Prod
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: ["111111111111", "222222222222"]}
              Action: sts:AssumeRole
  - id: "444444444444"
    users:
      - name: intern
        inline_policies:
          All: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
  - id: "555555555555"
    users:
      - name: outsider
        inline_policies:
          All: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}]}
`

func TestOrganization(t *testing.T) {
	g := build(t, org)
	want := []string{
		// Dev trusts everyone in the organization: admin (management, no
		// SCPs) and alice; the SCP deny on another region is a label. The
		// intern's OU allows only S3; the outsider is not in the
		// organization. Anyone else may get in only with the right org id.
		"admin -> Dev [up to 1h]",
		"alice -> Dev [up to 1h; denied when aws:RequestedRegion StringNotEquals us-east-1]",
		// "*" admits Dev's own sessions too (same account, no identity
		// allow needed), chained.
		"Dev -> Dev [up to 1h (chained); denied when aws:RequestedRegion StringNotEquals us-east-1]",
		"anyone -> Dev [up to 1h; if aws:PrincipalOrgID StringEquals o-abcdefghij]",
		// Prod: the NoProd SCP stops member accounts, not the management
		// account.
		"admin -> Prod [up to 1h]",
	}
	if diff := cmp.Diff(want, edges(g)); diff != "" {
		t.Errorf("SCPs limit member accounts level by level, never the management account; conditions on the organization are decided (-want +got):\n%s", diff)
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
	wantGroups := []string{
		"organization o-abcdefghij (root " + g.Groups[0].Label[len("organization o-abcdefghij (root "):],
		"  account 111111111111, management account",
		"  OU Work",
		"    account 222222222222",
		"    account 333333333333",
		"  OU Sandbox",
		"    account 444444444444",
		"account 555555555555",
		"outside the scenario",
	}
	if diff := cmp.Diff(wantGroups, groups); diff != "" {
		t.Errorf("accounts are grouped under their OUs and the organization root, in declaration order (-want +got):\n%s", diff)
	}
}
