package reach_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// analyze loads a world (accounts, no steps) and indexes its trust graph.
func analyze(t testing.TB, world string) *reach.Analysis {
	t.Helper()
	sc, err := scenario.Parse("w.yaml", []byte("version: 1\nname: w\n"+world))
	if err != nil {
		t.Fatalf("loading the world: %v", err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	return reach.New(trustgraph.Build(w, sc.Name))
}

// role writes a role whose trust policy has one Allow statement for the
// principal (YAML flow text) with an optional condition, then any extra
// statements (YAML list items, indented by 12).
func role(name, maxDur, principal, condition string, extra ...string) string {
	s := "      - name: " + name + "\n"
	if maxDur != "" {
		s += "        max_session_duration: " + maxDur + "\n"
	}
	s += "        trust_policy:\n          Version: \"2012-10-17\"\n          Statement:\n            - Effect: Allow\n" +
		"              Principal: " + principal + "\n              Action: sts:AssumeRole\n"
	if condition != "" {
		s += "              Condition: " + condition + "\n"
	}
	for _, x := range extra {
		s += x
	}
	return s
}

// allow writes an inline policy allowing sts:AssumeRole on resource.
func allow(resource string) string {
	return "        inline_policies:\n          Assume:\n            Version: \"2012-10-17\"\n            Statement:\n" +
		"              - Effect: Allow\n                Action: sts:AssumeRole\n                Resource: \"" + resource + "\"\n"
}

const (
	acct1 = "  - id: \"111111111111\"\n"
	acct2 = "  - id: \"222222222222\"\n"
	alice = "    users:\n      - name: alice\n"
	roles = "    roles:\n"
	arn1  = "arn:aws:iam::111111111111:"
	arn2  = "arn:aws:iam::222222222222:"
)

func aws(arn string) string { return `{AWS: "` + arn + `"}` }

// worlds are the small hand-made worlds the tests share.
var worlds = map[string]string{
	"cross-account": "accounts:\n" + acct1 + alice + roles +
		role("Deploy", "8h", aws(arn1+"user/alice"), "") + allow(arn2+"role/ProdAdmin") +
		acct2 + roles + role("ProdAdmin", "4h", aws(arn1+"role/Deploy"), `{StringEquals: {"sts:ExternalId": "x-42"}}`),
	"external": "accounts:\n" + acct1 + alice + roles +
		role("Vendor", "2h", aws("444455556666"), `{StringEquals: {"sts:ExternalId": "v"}}`) +
		role("Fn", "", `{Service: lambda.amazonaws.com}`, "") +
		role("Public", "", `{AWS: "*"}`, `{StringEquals: {"aws:PrincipalOrgID": "o-abc"}}`),
	"self-loop": "accounts:\n" + acct1 + alice + roles +
		role("Worker", "", aws(arn1+"user/alice"), "",
			"            - Effect: Allow\n              Principal: {AWS: \""+arn1+"role/Worker\"}\n              Action: sts:AssumeRole\n"),
	"cycle-of-three": "accounts:\n" + acct1 + alice + roles +
		role("A", "", `{AWS: ["`+arn1+`user/alice", "`+arn1+`role/C"]}`, "") +
		role("B", "", aws(arn1+"role/A"), "") +
		role("C", "", aws(arn1+"role/B"), `{Bool: {"aws:MultiFactorAuthPresent": "true"}}`),
	"diamond": "accounts:\n" + acct1 + alice + roles +
		role("Z", "", aws(arn1+"user/alice"), `{Bool: {"aws:MultiFactorAuthPresent": "true"}}`) +
		role("A", "", aws(arn1+"user/alice"), "") +
		role("C", "", `{AWS: ["`+arn1+`role/A", "`+arn1+`role/Z"]}`, "") +
		role("Far", "", aws(arn1+"role/C"), "") +
		role("Near", "", `{AWS: ["`+arn1+`role/C", "`+arn1+`user/alice"]}`, ""),
	"deny-breaks-edge": "accounts:\n" + acct1 + alice + "      - name: bob\n" + roles +
		role("Ops", "", `{AWS: ["`+arn1+`user/alice", "`+arn1+`user/bob"]}`, "",
			"            - Effect: Deny\n              Principal: {AWS: \""+arn1+"user/bob\"}\n              Action: sts:AssumeRole\n",
			"            - Effect: Deny\n              Principal: {AWS: \""+arn1+"user/alice\"}\n              Action: sts:AssumeRole\n              Condition: {StringNotEquals: {\"sts:ExternalId\": alice-ext}}\n") +
		role("Next", "", aws(arn1+"role/Ops"), ""),
}

// lines lists a report's routes as "principal: route".
func lines(r *reach.Report) []string {
	var out []string
	for _, p := range r.Principals {
		if len(p.Reaches) == 0 {
			out = append(out, p.Name+": none")
		}
		for _, rt := range p.Reaches {
			out = append(out, p.Name+": "+rt.Line())
		}
	}
	return out
}

func TestReach(t *testing.T) {
	// Routes are sorted by principal ARN (or label), then by role ARN.
	tests := []struct {
		name     string
		reason   string
		world    string
		from, to string
		want     []string
	}{
		{
			name:   "cross-account",
			reason: "a user's first hop lasts the role's maximum; the chained hop into another account lasts 1h and carries the trust policy's external id",
			world:  "cross-account",
			want: []string{
				"Deploy: Deploy → ProdAdmin, 1h (chained), if sts:ExternalId StringEquals x-42",
				"alice: alice → Deploy, up to 8h",
				"alice: alice → Deploy → ProdAdmin, 1h (chained), if sts:ExternalId StringEquals x-42",
			},
		},
		{
			name:   "cross-account-from-to",
			reason: "--from and --to narrow the report to one principal and one role",
			world:  "cross-account", from: "alice", to: "ProdAdmin",
			want: []string{"alice: alice → Deploy → ProdAdmin, 1h (chained), if sts:ExternalId StringEquals x-42"},
		},
		{
			name:   "from-without-route",
			reason: "a principal asked for that reaches nothing is reported as such",
			world:  "cross-account", from: "ProdAdmin",
			want: []string{"ProdAdmin: none"},
		},
		{
			name:   "external",
			reason: "principals outside the world are sources: an outside account (which may be a role session, so 1h if chained), a service (it sets the session length) and anyone with an organization condition",
			world:  "external",
			want: []string{
				"anyone: anyone → Public, up to 1h, if aws:PrincipalOrgID StringEquals o-abc",
				"account 444455556666: account 444455556666 → Vendor, up to 2h (1h if the caller is a role session), if sts:ExternalId StringEquals v",
				"lambda.amazonaws.com: lambda.amazonaws.com → Fn, session length set by the service",
			},
		},
		{
			name:   "self-loop",
			reason: "a role that trusts its own sessions reaches itself, chained",
			world:  "self-loop",
			want: []string{
				"Worker: Worker → Worker, 1h (chained)",
				"alice: alice → Worker, up to 1h",
			},
		},
		{
			name:   "cycle-of-three",
			reason: "each role of a cycle reaches every role of it, itself included; conditions accumulate along the path in order",
			world:  "cycle-of-three",
			want: []string{
				"A: A → B → C → A, 1h (chained), if MFA",
				"A: A → B, 1h (chained)",
				"A: A → B → C, 1h (chained), if MFA",
				"B: B → C → A, 1h (chained), if MFA",
				"B: B → C → A → B, 1h (chained), if MFA",
				"B: B → C, 1h (chained), if MFA",
				"C: C → A, 1h (chained)",
				"C: C → A → B, 1h (chained)",
				"C: C → A → B → C, 1h (chained), if MFA",
				"alice: alice → A, up to 1h",
				"alice: alice → A → B, 1h (chained)",
				"alice: alice → A → B → C, 1h (chained), if MFA",
			},
		},
		{
			name:   "nobody",
			reason: "a world whose trust policies let no one in (an unconditional Deny for everyone) has no route",
			world: "accounts:\n" + acct1 + alice + roles + role("Closed", "", aws(arn1+"user/alice"), "",
				"            - Effect: Deny\n              Principal: {AWS: \"*\"}\n              Action: sts:AssumeRole\n"),
			want: nil,
		},
		{
			name:   "diamond",
			reason: "of two shortest paths the witness goes through the role declared first (Z, not A); a shorter path wins over an earlier one (Near directly)",
			world:  "diamond", from: "alice",
			want: []string{
				"alice: alice → A, up to 1h",
				"alice: alice → Z → C, 1h (chained), if MFA",
				"alice: alice → Z → C → Far, 1h (chained), if MFA",
				"alice: alice → Near, up to 1h",
				"alice: alice → Z, up to 1h, if MFA",
			},
		},
		{
			name:   "deny-breaks-edge",
			reason: "an unconditional Deny removes bob's edge, so bob reaches nothing; alice's conditional Deny stays as a 'denied when' on every route through it",
			world:  "deny-breaks-edge",
			want: []string{
				"Ops: Ops → Next, 1h (chained)",
				"alice: alice → Ops → Next, 1h (chained), denied when sts:ExternalId StringNotEquals alice-ext",
				"alice: alice → Ops, up to 1h, denied when sts:ExternalId StringNotEquals alice-ext",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			world := worlds[tt.world]
			if world == "" {
				world = tt.world
			}
			a := analyze(t, world)
			var from, to []int
			if tt.from != "" {
				if from = a.Lookup(tt.from, false); len(from) == 0 {
					t.Fatalf("no principal %q", tt.from)
				}
			}
			if tt.to != "" {
				if to = a.Lookup(tt.to, true); len(to) == 0 {
					t.Fatalf("no role %q", tt.to)
				}
			}
			got := lines(a.Report("w", from, to))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\nroutes (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
