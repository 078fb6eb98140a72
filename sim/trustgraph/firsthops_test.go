package trustgraph_test

import (
	"testing"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/gen"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// TestOtherFirstHopsAddNothing backs the README's choice not to give
// GetSessionToken and console Switch Role first hops of their own in the
// graph: on generated worlds, every role a user reaches by Switch Role, or
// by AssumeRole with GetSessionToken credentials, the graph already has an
// edge for, from the user, giving at least as long a session.
func TestOtherFirstHopsAddNothing(t *testing.T) {
	switched, viaToken := 0, 0
	for seed := uint64(1); seed <= 16; seed++ {
		sc, w := genWorld(t, gen.Options{Seed: seed, Org: seed%2 == 0})
		g := trustgraph.Build(w, "gen")
		edge := func(from, to string) *trustgraph.Edge {
			for _, e := range g.Edges {
				if g.Nodes[e.From].ARN == from && g.Nodes[e.To].ARN == to {
					return e
				}
			}
			return nil
		}
		for _, a := range w.Accounts {
			for _, u := range a.Users {
				for _, acct := range w.Accounts {
					for _, r := range acct.Roles {
						// A Sim of its own for each try, so that no quota
						// or earlier session bears on it.
						clk := clock.NewMock()
						clk.Set(sc.Start)
						s := sim.New(w, clk)
						creds, err := s.UserCredentials(u.ARN)
						if err != nil {
							t.Fatal(err)
						}
						console, err := s.ConsoleSignIn(creds, &sim.ConsoleSignInInput{})
						if err != nil {
							t.Fatalf("seed %d: %s signs in: %v", seed, u.ARN, err)
						}
						if out, err := s.SwitchRole(console.Credentials, &sim.SwitchRoleInput{RoleArn: &r.ARN}); err == nil {
							switched++
							e := edge(u.ARN, r.ARN)
							if got := out.Credentials.Expiration.Sub(clk.Now()); e == nil || e.MaxSession < got {
								t.Errorf("seed %d: %s switches to %s for %s; the graph's edge: %+v", seed, u.ARN, r.ARN, got, e)
							}
						}
						token, err := s.GetSessionToken(creds, &sim.GetSessionTokenInput{})
						if err != nil {
							t.Fatalf("seed %d: %s gets a session token: %v", seed, u.ARN, err)
						}
						for _, ext := range []*string{nil, ptr("ext-x")} {
							out, err := s.AssumeRole(token.Credentials, &sim.AssumeRoleInput{RoleArn: &r.ARN, RoleSessionName: ptr("ops-1"), ExternalID: ext})
							if err != nil {
								continue
							}
							viaToken++
							e := edge(u.ARN, r.ARN)
							if got := out.Credentials.Expiration.Sub(clk.Now()); e == nil || e.MaxSession < got || got > time.Hour {
								t.Errorf("seed %d: %s, with GetSessionToken credentials, assumes %s for %s; the graph's edge: %+v", seed, u.ARN, r.ARN, got, e)
							}
						}
					}
				}
			}
		}
	}
	t.Logf("%d Switch Role and %d GetSessionToken-first assumptions checked", switched, viaToken)
	if switched < 50 || viaToken < 50 {
		t.Fatalf("only %d Switch Role and %d GetSessionToken-first assumptions succeeded: the worlds have lost their mix", switched, viaToken)
	}
}

func ptr[T any](v T) *T { return &v }
