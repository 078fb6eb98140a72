package diff_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/diff"
	"github.com/rolesim/rolesim/sim/gen"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

func analyse(tb testing.TB, src string) *reach.Analysis {
	tb.Helper()
	sc, err := scenario.Parse("w.yaml", []byte(src))
	if err != nil {
		tb.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return reach.New(trustgraph.Build(w, "w"))
}

// mutate changes the trust policy of the n-th role of a generated world to
// trust the account of its first user instead.
func mutate(src string, n int) string {
	lines := strings.Split(src, "\n")
	seen := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "        trust_policy:") {
			seen++
			if seen == n {
				lines[i] = `        trust_policy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:root"}, Action: sts:AssumeRole}]}`
			}
		}
	}
	return strings.Join(lines, "\n")
}

// routes is every route of a world, keyed "principal -> role", with what
// the diff compares.
func routes(a *reach.Analysis) map[string]string {
	m := map[string]string{}
	for _, p := range a.Report("w", nil, nil).Principals {
		for _, rt := range p.Reaches {
			m[p.Principal+" -> "+rt.Role] = strings.Join(rt.Conditions, ";") + "|" + strings.Join(rt.DeniedWhen, ";") + "|" + rt.MaxSession
		}
	}
	return m
}

// TestIncrementalAgreesWithFull checks the diff, which only searches from
// the principals that reach a changed edge, against a comparison of every
// route of both worlds.
func TestIncrementalAgreesWithFull(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		src := gen.World(gen.Options{Seed: seed, Accounts: 5, RolesPer: 6, Org: seed%2 == 0})
		for _, n := range []int{1, 7, 20} {
			old, new := analyse(t, src), analyse(t, mutate(src, n))
			want := map[string]string{}
			ro, rn := routes(old), routes(new)
			for k, v := range ro {
				if w, ok := rn[k]; !ok {
					want[k] = "vanished"
				} else if w != v {
					want[k] = "changed"
				}
			}
			for k := range rn {
				if _, ok := ro[k]; !ok {
					want[k] = "appeared"
				}
			}
			got := map[string]string{}
			for _, c := range diff.Compare(old, new, "old", "new").Changes {
				got[c.Principal+" -> "+c.Role] = string(c.Kind)
			}
			if len(got) != len(want) {
				t.Errorf("seed %d role %d: %d changes, a full comparison finds %d", seed, n, len(got), len(want))
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("seed %d role %d: %s: %q, a full comparison says %q", seed, n, k, got[k], v)
				}
			}
		}
	}
}

// BenchmarkDiff10k compares two worlds of 10,000 roles (100 accounts of
// 100) that differ in one trust policy, their analyses built beforehand:
// "local", a role of account 42 trusting one user of its account instead;
// "wide", a role trusting account 111111111111, which thousands of routes
// then cross (the comparison costs what the change touches).
func BenchmarkDiff10k(b *testing.B) {
	src := gen.World(gen.Options{Seed: 1, Accounts: 100, UsersPer: 2, RolesPer: 100, Org: true})
	old := analyse(b, src)
	for _, bc := range []struct {
		name string
		new  *reach.Analysis
	}{
		{"local", analyse(b, mutateTo(src, 4250, gen.AccountID(42)+":user/u1"))},
		{"wide", analyse(b, mutate(src, 5000))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				d := diff.Compare(old, bc.new, "old", "new")
				if d.Empty() {
					b.Fatal("no change found")
				}
				if i == 0 {
					b.ReportMetric(float64(len(d.Changes)), "changes")
				}
			}
		})
	}
}

// mutateTo makes the n-th role trust principal (an ARN tail after the
// account: "ACCOUNT:user/u1").
func mutateTo(src string, n int, principal string) string {
	lines := strings.Split(src, "\n")
	seen := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "        trust_policy:") {
			seen++
			if seen == n {
				lines[i] = `        trust_policy: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: "arn:aws:iam::` + principal + `"}, Action: sts:AssumeRole}]}`
			}
		}
	}
	return strings.Join(lines, "\n")
}
