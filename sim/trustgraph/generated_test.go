package trustgraph_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

// TestGeneratedWorldsAgree runs the differential test on generated worlds:
// accounts (some in an organization under an SCP), users with and without
// tags and identity policies, roles whose trust policies name users, roles,
// accounts or everyone, with and without conditions, and a timeline that
// tries every user on every role (with and without an external id) and
// chains from the first hops to every role.
func TestGeneratedWorldsAgree(t *testing.T) {
	var n agreement
	for seed := uint64(1); seed <= 40; seed++ {
		src := generateWorld(seed)
		sc, err := scenario.Parse(fmt.Sprintf("gen-%d.yaml", seed), []byte(src))
		if err != nil {
			t.Fatalf("seed %d: %v\n%s", seed, err, src)
		}
		n.add(checkAgreement(t, fmt.Sprintf("seed %d", seed), sc))
	}
	t.Logf("%d decisions compared with the core (%d allowed), %d with the graph, %d skipped", n.compared, n.allowed, n.edges, n.skipped)
	if n.compared < 2000 || n.edges < 2000 || n.allowed < n.compared/20 || n.allowed > n.compared*9/10 {
		t.Fatalf("only %d decisions (%d allowed) and %d edges compared: the generator has lost its mix", n.compared, n.allowed, n.edges)
	}
}

// generateWorld writes a scenario from a seed, deterministically.
func generateWorld(seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 7))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	accts := []string{"111111111111", "222222222222", "333333333333"}
	inOrg := rng.IntN(2) == 0
	var b strings.Builder
	b.WriteString("version: 1\nname: generated\nstart: 2024-06-01T00:00:00Z\n")
	if inOrg {
		b.WriteString(`organization:
  id: o-gen1234567
  management_account: "111111111111"
  policies:
    - name: Guard
      type: SCP
      document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}` +
			pick("", `, {Effect: Deny, Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/R1"}`,
				`, {Effect: Deny, Action: "sts:AssumeRole", Resource: "*", Condition: {StringNotEquals: {"aws:PrincipalTag/team": red}}}`) + `]}
  root:
    scps: [FullAWSAccess]
    accounts: ["111111111111"]
    ous:
      - name: Work
        scps: [Guard]
        accounts: ["222222222222", "333333333333"]
`)
	}
	b.WriteString("accounts:\n")
	var users, roles []string
	for _, a := range accts {
		fmt.Fprintf(&b, "  - id: %q\n    users:\n", a)
		for i := 1; i <= 2; i++ {
			name := fmt.Sprintf("u%d", i)
			users = append(users, "arn:aws:iam::"+a+":user/"+name)
			fmt.Fprintf(&b, "      - name: %s\n", name)
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "        tags: [{key: team, value: %s}]\n", pick("red", "blue"))
			}
			switch rng.IntN(4) {
			case 0:
				b.WriteString("        inline_policies: {Any: {Version: \"2012-10-17\", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: \"*\"}}}\n")
			case 1:
				fmt.Fprintf(&b, "        inline_policies: {Some: {Version: \"2012-10-17\", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: \"arn:aws:iam::*:role/R%d\"}}}\n", 1+rng.IntN(3))
			case 2:
				fmt.Fprintf(&b, "        inline_policies: {Mixed: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: \"sts:*\", Resource: \"*\"}, {Effect: Deny, Action: sts:AssumeRole, Resource: \"arn:aws:iam::%s:role/R%d\"}]}}\n", pick(accts...), 1+rng.IntN(3))
			}
		}
		b.WriteString("    roles:\n")
		for i := 1; i <= 3; i++ {
			roles = append(roles, fmt.Sprintf("arn:aws:iam::%s:role/R%d", a, i))
		}
	}
	// Roles are written after every principal is known, so that trust
	// policies can name any of them.
	var out strings.Builder
	lines := strings.Split(b.String(), "\n")
	ri := 0
	for _, l := range lines {
		out.WriteString(l + "\n")
		if l != "    roles:" {
			continue
		}
		for i := 0; i < 3; i++ {
			arn := roles[ri]
			ri++
			name := arn[strings.LastIndexByte(arn, '/')+1:]
			var principal string
			switch rng.IntN(5) {
			case 0:
				principal = fmt.Sprintf("{AWS: %q}", pick(users...))
			case 1:
				principal = fmt.Sprintf("{AWS: %q}", pick(roles...))
			case 2:
				principal = fmt.Sprintf("{AWS: \"arn:aws:iam::%s:root\"}", pick(accts...))
			case 3:
				principal = fmt.Sprintf("{AWS: %q}", pick(accts...))
			default:
				principal = `"*"`
			}
			cond := pick("", "", `, Condition: {StringEquals: {"sts:ExternalId": ext-x}}`,
				`, Condition: {StringEquals: {"aws:PrincipalTag/team": red}}`,
				`, Condition: {StringEquals: {"aws:PrincipalAccount": "222222222222"}}`,
				`, Condition: {Bool: {"aws:MultiFactorAuthPresent": "true"}}`)
			deny := pick("", "", `, {Effect: Deny, Principal: {AWS: "`+pick(users...)+`"}, Action: sts:AssumeRole}`)
			fmt.Fprintf(&out, "      - name: %s\n        trust_policy: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal: %s, Action: sts:AssumeRole%s}%s]}\n", name, principal, cond, deny)
			if rng.IntN(2) == 0 {
				out.WriteString("        inline_policies: {Hop: {Version: \"2012-10-17\", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: \"*\"}}}\n")
			}
		}
	}
	out.WriteString("steps:\n")
	step := 0
	var firstHops []string
	for _, u := range users {
		for _, r := range roles {
			for _, ext := range []string{"", "x"} {
				step++
				id := fmt.Sprintf("s%d", step)
				fmt.Fprintf(&out, "  - id: %s\n    assume: {as: %q, role_arn: %q, role_session_name: sess", id, u, r)
				if ext != "" {
					fmt.Fprintf(&out, ", external_id: ext-%s", ext)
					firstHops = append(firstHops, id)
				}
				out.WriteString("}\n    expect: {}\n")
			}
		}
	}
	for i := 0; i < 30 && len(firstHops) > 0; i++ {
		step++
		from := firstHops[rng.IntN(len(firstHops))]
		fmt.Fprintf(&out, "  - id: s%d\n    assume: {as: %s, role_arn: %q, role_session_name: hop, external_id: ext-x}\n    expect: {}\n", step, from, pick(roles...))
	}
	return out.String()
}
