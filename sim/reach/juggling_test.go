package reach_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim/reach"
)

// cycles lists a world's juggling cycles in one line each: roles, loop,
// self-assume roles, hop limit, conditions and entrants.
func cycles(r *reach.JugglingReport) []string {
	var out []string
	for _, c := range r.Cycles {
		s := strings.Join(c.Names, ",") + " loop " + strings.Join(c.Loop, "→") + " within " + c.HopWithin
		if len(c.SelfAssume) > 0 {
			s += " self " + strings.Join(c.SelfAssume, ",")
		}
		if len(c.Conditions) > 0 {
			s += " if " + strings.Join(c.Conditions, "; ")
		}
		for _, e := range c.Entrants {
			s += " | " + strings.Join(e.Names, "→")
			if len(e.Conditions) > 0 {
				s += " if " + strings.Join(e.Conditions, "; ")
			}
		}
		out = append(out, s)
	}
	return out
}

func TestJuggling(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		world  string
		want   []string
	}{
		{
			name:   "self-loop",
			reason: "a role whose trust policy lets its own sessions in is a cycle of one role; alice enters it",
			world:  "self-loop",
			want:   []string{"Worker loop Worker→Worker within 1h self arn:aws:iam::111111111111:role/Worker | alice→Worker"},
		},
		{
			name:   "cycle-of-three",
			reason: "A → B → C → A is one component; the loop starts at its first role and carries C's MFA condition",
			world:  "cycle-of-three",
			want:   []string{"A,B,C loop A→B→C→A within 1h if MFA | alice→A"},
		},
		{
			name:   "no-cycle-cross-account",
			reason: "a chain that never comes back is no juggling",
			world:  "cross-account",
			want:   nil,
		},
		{
			name:   "no-cycle-after-deny",
			reason: "Ops → Next does not come back",
			world:  "deny-breaks-edge",
			want:   nil,
		},
		{
			name:   "two-cycles-and-a-bridge",
			reason: "two components joined one way stay two cycles; a principal entering the first reaches the second through it, by its shortest path; the external account enters the second directly",
			world: "accounts:\n" + acct1 + alice + roles +
				role("P", "", `{AWS: ["`+arn1+`user/alice", "`+arn1+`role/Q"]}`, "") +
				role("Q", "", aws(arn1+"role/P"), "") +
				role("X", "", `{AWS: ["`+arn1+`role/Q", "`+arn1+`role/Y", "arn:aws:iam::444455556666:root"]}`, `{StringEquals: {"sts:ExternalId": "e"}}`) +
				role("Y", "", aws(arn1+"role/X"), ""),
			want: []string{
				"P,Q loop P→Q→P within 1h | alice→P",
				"X,Y loop X→Y→X within 1h if sts:ExternalId StringEquals e | alice→P→Q→X if sts:ExternalId StringEquals e | account 444455556666→X if sts:ExternalId StringEquals e",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			world := worlds[tt.world]
			if world == "" {
				world = tt.world
			}
			got := cycles(analyze(t, world).JugglingReport("w"))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ncycles (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestSchedule checks that a schedule hops around the loop a minute before
// each chained session's hour runs out, until a session outlives the
// period asked for.
func TestSchedule(t *testing.T) {
	a := analyze(t, worlds["cycle-of-three"])
	cs := a.Juggling()
	if len(cs) != 1 {
		t.Fatalf("%d cycles, want 1", len(cs))
	}
	c := cs[0]
	hops := c.Schedule(24 * time.Hour)
	// 24h / 59m = 24.4: hops at 59m, 1h58m, ..., 24×59m = 23h36m, whose
	// session lasts past 24h.
	if got, want := len(hops), 24; got != want {
		t.Fatalf("%d hops, want %d", got, want)
	}
	for i, h := range hops {
		if want := time.Duration(i+1) * 59 * time.Minute; h.At != want {
			t.Errorf("hop %d at %v, want %v", i, h.At, want)
		}
		if want := c.Loop[i%len(c.Loop)]; h.Edge != want {
			t.Errorf("hop %d takes edge %d, want %d (the loop in order)", i, h.Edge, want)
		}
		if i > 0 && h.At-hops[i-1].At >= reach.ChainCap {
			t.Errorf("hop %d comes %v after the previous one, not within the 1h chaining cap", i, h.At-hops[i-1].At)
		}
	}
	if last := hops[len(hops)-1].At; last+c.HopWithin <= 24*time.Hour {
		t.Errorf("the last session (from %v) ends before 24h", last)
	}
}
