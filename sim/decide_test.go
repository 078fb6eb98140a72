package sim_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

const decideWorld = `version: 1
name: decide
accounts:
  - id: "111111111111"
    oidc_providers:
      - url: https://token.actions.githubusercontent.com
        client_ids: [sts.amazonaws.com]
        thumbprints: [6938fd4d98bab03faadb97b34396831e3780aea1]
    users:
      - name: alice
        tags: [{key: team, value: red}]
      - name: bob
        inline_policies:
          Assume: {Version: "2012-10-17", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}}
    roles:
      - name: Named
        trust_policy: {Version: "2012-10-17", Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/alice"}, Action: sts:AssumeRole, Condition: {Bool: {aws:MultiFactorAuthPresent: "true"}}}}
      - name: Delegated
        trust_policy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}, {Effect: Deny, Principal: "*", Action: sts:AssumeRole, Condition: {StringEquals: {sts:RoleSessionName: evil}}}]}
      - name: Team
        trust_policy: {Version: "2012-10-17", Statement: {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole, Condition: {StringEquals: {aws:PrincipalTag/team: blue}}}}
      - name: Partner
        inline_policies:
          Hop: {Version: "2012-10-17", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}}
        trust_policy: {Version: "2012-10-17", Statement: {Effect: Allow, Principal: {AWS: "999999999999"}, Action: sts:AssumeRole, Condition: {StringEquals: {sts:ExternalId: partner-1}}}}
      - name: Ci
        trust_policy: {Version: "2012-10-17", Statement: {Effect: Allow, Principal: {Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}, Action: sts:AssumeRoleWithWebIdentity, Condition: {StringLike: {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}}}
`

// TestDecide checks the authorization core's answers, exact and partial.
func TestDecide(t *testing.T) {
	sc, err := scenario.Parse("decide.yaml", []byte(decideWorld))
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	a := w.Account("111111111111")
	user := func(name string) sim.Caller {
		for _, u := range a.Users {
			if u.Name == name {
				return w.UserCaller(u)
			}
		}
		t.Fatalf("no user %s", name)
		return sim.Caller{}
	}
	role := func(name string) *sim.Role {
		for _, r := range a.Roles {
			if r.Name == name {
				return r
			}
		}
		t.Fatalf("no role %s", name)
		return nil
	}
	mfa := &policy.Context{}
	mfa.Set("aws:MultiFactorAuthPresent", "true")
	tests := []struct {
		name, reason string
		q            sim.Query
		partial      bool
		// want: "allowed NAMING [conditions] [denials] [outside]" or
		// "denied KIND DECISION".
		want string
	}{
		{"exactNoMFA", "exact: the request lacks MFA, so the trust policy's condition fails",
			sim.Query{Caller: user("alice"), Role: role("Named")}, false, "denied trust_policy implicit"},
		{"exactMFA", "exact: with MFA the named user needs no identity policy",
			sim.Query{Caller: user("alice"), Role: role("Named"), Context: mfa}, false, "allowed user"},
		{"partialMFA", "partial: MFA is unknown and becomes a residual",
			sim.Query{Caller: user("alice"), Role: role("Named")}, true, "allowed user if aws:MultiFactorAuthPresent"},
		{"delegatedNeedsIdentity", "naming the account delegates: alice has no identity policy",
			sim.Query{Caller: user("alice"), Role: role("Delegated")}, true, "denied identity_policy implicit"},
		{"delegatedDenial", "bob's identity policy allows; a Deny on an unknown key is a denial residual",
			sim.Query{Caller: user("bob"), Role: role("Delegated")}, true, "allowed account unless sts:RoleSessionName"},
		{"userTagKnown", "an IAM user's tags are fixed: the team condition is decided",
			sim.Query{Caller: user("alice"), Role: role("Team")}, true, "denied trust_policy implicit"},
		{"roleTagUnknown", "a role session's tags may come from session tags: the condition stays open",
			sim.Query{Caller: w.RoleCaller(role("Partner"), "s1"), Role: role("Team")}, true, "allowed account if aws:PrincipalTag/team"},
		{"external", "an outside account: the external id is residual and its own policies are unknown",
			sim.Query{Caller: w.ExternalCaller("999999999999", "arn:aws:iam::999999999999:root"), Role: role("Partner")}, true, "allowed account if sts:ExternalId outside"},
		{"externalOtherAccount", "an outside account the trust policy does not name",
			sim.Query{Caller: w.ExternalCaller("888888888888", "arn:aws:iam::888888888888:root"), Role: role("Partner")}, true, "denied trust_policy implicit"},
		{"federated", "a web identity token: the sub claim is residual",
			sim.Query{Caller: w.FederatedCaller("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"), Action: "sts:AssumeRoleWithWebIdentity", Role: role("Ci")}, true,
			"allowed federated if token.actions.githubusercontent.com:sub"},
		{"federatedWrongAction", "the trust policy allows only AssumeRoleWithWebIdentity",
			sim.Query{Caller: w.FederatedCaller("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"), Role: role("Ci")}, true, "denied trust_policy implicit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			if tt.partial {
				q.Known = q.Caller.Static()
			}
			d := w.Decide(q)
			if got := describe(d); got != tt.want {
				t.Errorf("got %q, want %q (%s)", got, tt.want, tt.reason)
			}
			if d.Allowed == (d.Path == sim.PathNone) {
				t.Errorf("allowed=%v with rule path %q", d.Allowed, d.Path)
			}
			if d2 := w.Decider().Decide(q); describe(d2) != describe(d) {
				t.Errorf("a Decider answers %q, World.Decide %q", describe(d2), describe(d))
			}
			// AllowedOnly answers the same, without a reason for a denial
			// or, across accounts, the naming.
			q.AllowedOnly = true
			d3 := w.Decide(q)
			want := d
			if !d.SameAccount && d.Naming != sim.NamedFederated && d.Naming != sim.NamedService {
				want.Naming = sim.NamedNone
			}
			switch {
			case d3.Allowed != d.Allowed || d3.Allowed && (describe(d3) != describe(want) || d3.Path != d.Path || d3.Outside != d.Outside):
				t.Errorf("AllowedOnly answers %q (path %s), not %q (path %s)", describe(d3), d3.Path, describe(want), d.Path)
			case !d3.Allowed && d3.Denied != sim.Unexplained:
				t.Errorf("AllowedOnly: a denial carries %+v, want sim.Unexplained", d3.Denied)
			}
		})
	}
}

func describe(d sim.Decision) string {
	if !d.Allowed {
		dec := "implicit"
		if d.Denied.Decision == policy.ExplicitDeny {
			dec = "explicit"
		}
		return "denied " + string(d.Denied.Kind) + " " + dec
	}
	parts := []string{"allowed", d.Naming.String()}
	keys := func(rs []sim.Residual) string {
		var ks []string
		for _, r := range rs {
			for _, c := range r.Conditions {
				ks = append(ks, c.Key)
			}
		}
		return strings.Join(ks, ",")
	}
	if k := keys(d.Conditions); k != "" {
		parts = append(parts, "if", k)
	}
	if k := keys(d.Denials); k != "" {
		parts = append(parts, "unless", k)
	}
	if d.Outside {
		parts = append(parts, "outside")
	}
	return strings.Join(parts, " ")
}

// TestDeciderKeepsNoScratchInDecisions checks that a Decider, which reuses
// its partial-evaluation state from query to query, hands out decisions
// that later queries do not change.
func TestDeciderKeepsNoScratchInDecisions(t *testing.T) {
	sc, err := scenario.Parse("decide.yaml", []byte(decideWorld))
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	a := w.Account("111111111111")
	var alice, bob *sim.User
	for _, u := range a.Users {
		switch u.Name {
		case "alice":
			alice = u
		case "bob":
			bob = u
		}
	}
	role := func(name string) *sim.Role {
		for _, r := range a.Roles {
			if r.Name == name {
				return r
			}
		}
		t.Fatalf("no role %s", name)
		return nil
	}
	dc := w.Decider()
	ask := func(u *sim.User, r string) sim.Decision {
		cl := w.UserCaller(u)
		return dc.Decide(sim.Query{Caller: cl, Role: role(r), Known: cl.Static()})
	}
	named := ask(alice, "Named")
	delegated := ask(bob, "Delegated")
	if !named.Allowed || len(named.Conditions) == 0 || !delegated.Allowed || len(delegated.Denials) == 0 {
		t.Fatalf("want two allowed decisions with residuals: %+v, %+v", named, delegated)
	}
	want := [2]string{describeResiduals(named), describeResiduals(delegated)}
	for i := 0; i < 20; i++ {
		ask(alice, "Named")
		ask(bob, "Delegated")
		ask(bob, "Partner")
		ci := w.FederatedCaller("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com")
		if d := dc.Decide(sim.Query{Caller: ci, Action: "sts:AssumeRoleWithWebIdentity", Role: role("Ci"), Known: ci.Static()}); !d.Allowed || len(d.Conditions) == 0 {
			t.Fatalf("Ci: want an allow with residual conditions, got %+v", d)
		}
	}
	if got := [2]string{describeResiduals(named), describeResiduals(delegated)}; got != want {
		t.Errorf("earlier decisions changed under later queries:\n got %q\nwant %q", got, want)
	}
}

func describeResiduals(d sim.Decision) string {
	var b strings.Builder
	for _, list := range [][]sim.Residual{d.Conditions, d.Denials} {
		for _, r := range list {
			b.WriteString(r.Policy + "/" + r.Statement.Label() + ":")
			for _, c := range r.Conditions {
				b.WriteString(c.Key + ",")
			}
			b.WriteString(";")
		}
		b.WriteString("|")
	}
	return b.String()
}
