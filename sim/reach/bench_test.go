package reach_test

import (
	"strconv"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// genOrg generates a scenario of accounts×rolesPer roles (rolesPer ≥ 8). In
// each account: a user dev allowed to assume any role; a chain r0 (trusting
// dev, with MFA) → r1 → ... → r(n-6); r1 and r2 trusting each other (a
// cycle of two) and every tenth chain role trusting itself; Vendor trusting
// an outside account with an external id; CI trusting the account's GitHub
// OIDC provider for repo:acme/*; Fn trusting Lambda; XAcct trusting the
// next account's root with an external id (every principal of that account
// allowed to may assume it); Open trusting its own account; Leaf trusting
// the chain's last role. The user and the chain's roles may assume any
// role; the six others may assume none (they end chains: were XAcct
// allowed, the XAcct roles would form one ring through every account).
func genOrg(tb testing.TB, accounts, rolesPer int) *scenario.Scenario {
	tb.Helper()
	compile := func(text string, kind policy.Kind) *policy.Policy {
		p, errs := policy.CompileJSON(text, kind)
		if len(errs) > 0 {
			tb.Fatal(errs)
		}
		return p
	}
	anyRole := compile(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`, policy.KindIdentity)
	inline := []*scenario.InlinePolicy{{Name: "any", Document: anyRole}}
	trust := func(principal, action, condition string) *policy.Policy {
		st := `{"Effect":"Allow","Principal":` + principal + `,"Action":"` + action + `"`
		if condition != "" {
			st += `,"Condition":` + condition
		}
		return compile(`{"Version":"2012-10-17","Statement":[`+st+`}]}`, policy.KindTrust)
	}
	aws := func(arns ...string) string {
		s := `{"AWS":[`
		for i, a := range arns {
			if i > 0 {
				s += ","
			}
			s += `"` + a + `"`
		}
		return s + `]}`
	}
	sc := &scenario.Scenario{Name: "generated org"}
	chain := rolesPer - 6
	for a := 0; a < accounts; a++ {
		id := strconv.Itoa(100000000000 + a)
		next := strconv.Itoa(100000000000 + (a+1)%accounts)
		prefix := "arn:aws:iam::" + id + ":"
		acct := &scenario.Account{ID: id,
			OIDCProviders: []*scenario.OIDCProvider{{URL: "https://token.actions.githubusercontent.com", ClientIDs: []string{"sts.amazonaws.com"}}}}
		acct.Users = append(acct.Users, &scenario.User{Name: "dev", InlinePolicies: inline})
		add := func(name string, t *policy.Policy) {
			acct.Roles = append(acct.Roles, &scenario.Role{Name: name, TrustPolicy: t, MaxSessionDuration: 3600, InlinePolicies: inline})
		}
		leaf := func(name string, t *policy.Policy) {
			acct.Roles = append(acct.Roles, &scenario.Role{Name: name, TrustPolicy: t, MaxSessionDuration: 3600})
		}
		for r := 0; r < chain; r++ {
			name := "r" + strconv.Itoa(r)
			switch {
			case r == 0:
				add(name, trust(aws(prefix+"user/dev"), "sts:AssumeRole", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`))
			case r == 1:
				add(name, trust(aws(prefix+"role/r0", prefix+"role/r2"), "sts:AssumeRole", ""))
			case r%10 == 5:
				add(name, trust(aws(prefix+"role/r"+strconv.Itoa(r-1), prefix+"role/"+name), "sts:AssumeRole", ""))
			default:
				add(name, trust(aws(prefix+"role/r"+strconv.Itoa(r-1)), "sts:AssumeRole", ""))
			}
		}
		leaf("Vendor", trust(aws("arn:aws:iam::444455556666:root"), "sts:AssumeRole", `{"StringEquals":{"sts:ExternalId":"acme-`+id+`"}}`))
		leaf("CI", trust(`{"Federated":"`+prefix+`oidc-provider/token.actions.githubusercontent.com"}`, "sts:AssumeRoleWithWebIdentity",
			`{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:acme/*"}}`))
		leaf("Fn", trust(`{"Service":"lambda.amazonaws.com"}`, "sts:AssumeRole", ""))
		leaf("XAcct", trust(aws("arn:aws:iam::"+next+":root"), "sts:AssumeRole", `{"StringEquals":{"sts:ExternalId":"x"}}`))
		leaf("Open", trust(aws(id), "sts:AssumeRole", ""))
		leaf("Leaf", trust(aws(prefix+"role/r"+strconv.Itoa(chain-1)), "sts:AssumeRole", ""))
		sc.Accounts = append(sc.Accounts, acct)
	}
	return sc
}

func genGraph(tb testing.TB, accounts, rolesPer int) *trustgraph.Graph {
	tb.Helper()
	w, err := sim.NewWorld(genOrg(tb, accounts, rolesPer))
	if err != nil {
		tb.Fatal(err)
	}
	return trustgraph.Build(w, "generated org")
}

// TestGenerated checks the generated org's counts, so that the benchmark
// measures the world it says: every account has its chain, its cycles and
// its outside principals.
func TestGenerated(t *testing.T) {
	const accounts, per = 4, 20
	g := genGraph(t, accounts, per)
	a := reach.New(g)
	cycles := a.Juggling()
	// Per account: r1⇄r2 and r5 (the chain is r0..r13).
	if got, want := len(cycles), accounts*2; got != want {
		t.Errorf("%d cycles, want %d (r1⇄r2 and r5 in each account)", got, want)
	}
	all := a.All()
	pairs := 0
	for _, r := range all {
		pairs += len(r.Hits)
	}
	// dev: the chain (14), Leaf, Open, the previous account's XAcct = 17.
	dev := a.Lookup("arn:aws:iam::100000000000:user/dev", false)
	if len(dev) != 1 {
		t.Fatalf("dev: %v", dev)
	}
	if got, want := len(a.From(dev[0]).Hits), 17; got != want {
		t.Errorf("dev reaches %d roles, want %d", got, want)
	}
	if pairs == 0 || len(all) == 0 {
		t.Fatalf("%d sources reach %d roles", len(all), pairs)
	}
}

// BenchmarkReach measures full reachability (New and All: every source's
// breadth-first search) and juggling over generated orgs of 10,000 roles
// (200 accounts × 50) and 100,000 roles (2,000 accounts × 50); building
// the trust graph is measured apart (build), and at 10k the JSON report of
// every route (report-json).
func BenchmarkReach(b *testing.B) {
	for _, size := range []struct {
		name          string
		accounts, per int
	}{{"10k", 200, 50}, {"100k", 2000, 50}} {
		g := genGraph(b, size.accounts, size.per)
		b.Run(size.name+"/build", func(b *testing.B) {
			w, err := sim.NewWorld(genOrg(b, size.accounts, size.per))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				trustgraph.Build(w, "generated org")
			}
			b.ReportMetric(float64(len(g.Edges)), "edges")
		})
		b.Run(size.name+"/reach", func(b *testing.B) {
			b.ReportAllocs()
			pairs := 0
			for b.Loop() {
				pairs = 0
				for _, r := range reach.New(g).All() {
					pairs += len(r.Hits)
				}
			}
			b.ReportMetric(float64(pairs), "pairs")
		})
		if size.name == "10k" {
			b.Run(size.name+"/report-json", func(b *testing.B) {
				a := reach.New(g)
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					n = len(a.Report("generated org", nil, nil).JSON())
				}
				b.ReportMetric(float64(n), "bytes")
			})
		}
		b.Run(size.name+"/juggling", func(b *testing.B) {
			a := reach.New(g)
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				n = len(a.Juggling())
			}
			b.ReportMetric(float64(n), "cycles")
		})
	}
}
