package reach_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/sim/gen"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// TestWriteMatchesReport checks that the streaming writers give, byte for
// byte, the report's Text and JSON: every principal, one principal, one
// role, and a selection nothing reaches, on generated worlds in and out of
// an organization.
func TestWriteMatchesReport(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		w := genWorld(t, gen.Options{Seed: seed, Accounts: 5, UsersPer: 2, RolesPer: 12, Org: seed%2 == 0})
		a := reach.New(trustgraph.Build(w, "gen"))
		srcs := a.Sources()
		if len(srcs) < 3 {
			t.Fatalf("seed %d: %d sources", seed, len(srcs))
		}
		user := a.Lookup("u1", false)
		role := a.Lookup("R3", true)
		for _, sel := range []struct {
			name     string
			from, to []int
		}{
			{"all", nil, nil},
			{"from-users", user, nil},
			{"to-roles", nil, role},
			{"from-and-to", srcs[len(srcs)-2:], role},
			{"none", user, user}, // users are never reached
		} {
			t.Run(fmt.Sprintf("%d/%s", seed, sel.name), func(t *testing.T) {
				rep := a.Report("gen", sel.from, sel.to)
				if sel.name == "all" && len(rep.Principals) <= 2*16 {
					t.Fatalf("%d principals: too few to write in several batches", len(rep.Principals))
				}
				var text, js strings.Builder
				if err := a.WriteText(&text, "gen", sel.from, sel.to); err != nil {
					t.Fatal(err)
				}
				if err := a.WriteJSON(&js, "gen", sel.from, sel.to); err != nil {
					t.Fatal(err)
				}
				if text.String() != rep.Text() {
					t.Errorf("WriteText differs from Report.Text:\n%s\nwant:\n%s", text.String(), rep.Text())
				}
				if js.String() != rep.JSON() {
					t.Errorf("WriteJSON differs from Report.JSON:\n%s\nwant:\n%s", js.String(), rep.JSON())
				}
				// The batches hold as many principals as there are cores:
				// other counts write the same bytes.
				for _, procs := range []int{1, 3, 8} {
					prev := runtime.GOMAXPROCS(procs)
					var again strings.Builder
					err := a.WriteJSON(&again, "gen", sel.from, sel.to)
					runtime.GOMAXPROCS(prev)
					if err != nil || again.String() != js.String() {
						t.Errorf("WriteJSON on %d cores differs (%v)", procs, err)
					}
				}
			})
		}
	}
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n < len(p) {
		return 0, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

// TestWriteReportsWriteErrors checks that a failed write is returned, not
// dropped.
func TestWriteReportsWriteErrors(t *testing.T) {
	w := genWorld(t, gen.Options{Seed: 1, Accounts: 4, RolesPer: 8})
	a := reach.New(trustgraph.Build(w, "gen"))
	if err := a.WriteText(&failingWriter{n: 100}, "gen", nil, nil); err == nil || err.Error() != "disk full" {
		t.Errorf("WriteText: %v", err)
	}
	if err := a.WriteJSON(&failingWriter{n: 100}, "gen", nil, nil); err == nil || err.Error() != "disk full" {
		t.Errorf("WriteJSON: %v", err)
	}
}
