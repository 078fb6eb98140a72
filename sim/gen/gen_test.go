package gen_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/gen"
)

func TestWorld(t *testing.T) {
	tests := []struct {
		name string
		o    gen.Options
	}{
		{"defaults", gen.Options{Seed: 1}},
		{"org", gen.Options{Seed: 2, Org: true}},
		{"steps", gen.Options{Seed: 3, Steps: true}},
		{"wide", gen.Options{Seed: 4, Accounts: 40, UsersPer: 3, RolesPer: 25, Org: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := gen.World(tt.o)
			if again := gen.World(tt.o); again != src {
				t.Fatal("the same options gave two worlds")
			}
			if other := gen.World(gen.Options{Seed: tt.o.Seed + 100, Accounts: tt.o.Accounts, UsersPer: tt.o.UsersPer, RolesPer: tt.o.RolesPer, Org: tt.o.Org, Steps: tt.o.Steps}); other == src {
				t.Error("another seed gave the same world")
			}
			sc, err := scenario.Parse("gen.yaml", []byte(src))
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			w, err := sim.NewWorld(sc)
			if err != nil {
				t.Fatal(err)
			}
			o := tt.o
			if o.Accounts == 0 {
				o.Accounts, o.UsersPer, o.RolesPer = 3, 2, 3
			}
			var users, roles int
			for _, a := range w.Accounts {
				users += len(a.Users)
				roles += len(a.Roles)
			}
			if len(w.Accounts) != o.Accounts || users != o.Accounts*o.UsersPer || roles != o.Accounts*o.RolesPer {
				t.Errorf("%d accounts, %d users, %d roles; want %d, %d, %d", len(w.Accounts), users, roles, o.Accounts, o.Accounts*o.UsersPer, o.Accounts*o.RolesPer)
			}
			if o.Org != (len(w.Orgs) > 0) {
				t.Errorf("Org %v, %d organizations", o.Org, len(w.Orgs))
			}
			if tt.o.Steps != (len(sc.Steps) > 0) {
				t.Errorf("Steps %v, %d steps", tt.o.Steps, len(sc.Steps))
			}
		})
	}
}

// BenchmarkWorld100k generates and loads a world of 100,000 roles (5,000
// accounts of 20, in parts, as `rolesim gen` writes it), as the analysis
// benchmarks do.
func BenchmarkWorld100k(b *testing.B) {
	o := gen.Options{Seed: 1, Accounts: 5000, UsersPer: 2, RolesPer: 20, Org: true}
	for b.Loop() {
		sc, err := scenario.LoadFS(gen.FS(o, "gen.yaml"), "gen.yaml")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := sim.NewWorld(sc); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFilesLoadAsOne writes worlds in parts, and checks that loading them
// gives the world of the single file.
func TestFilesLoadAsOne(t *testing.T) {
	for _, o := range []gen.Options{
		{Seed: 5, Accounts: 20, UsersPer: 2, RolesPer: 10, Org: true},
		{Seed: 6, Accounts: 9, RolesPer: 4, Steps: true},
	} {
		src := gen.World(o)
		main, parts := gen.FilesWithin(o, "big.parts", 8<<10, 8<<10)
		if len(parts) < 3 {
			t.Fatalf("%d parts", len(parts))
		}
		fsys := fstest.MapFS{"big.yaml": {Data: []byte(main)}}
		total := 0
		for _, p := range parts {
			if len(p.Data) > 8<<10 {
				t.Errorf("%s: %d bytes, over the budget", p.Name, len(p.Data))
			}
			total += strings.Count(p.Data, "\n  - id: ")
			fsys[p.Name] = &fstest.MapFile{Data: []byte(p.Data)}
		}
		if total != o.Accounts {
			t.Errorf("the parts hold %d accounts, want %d", total, o.Accounts)
		}
		split, err := scenario.LoadFS(fsys, "big.yaml")
		if err != nil {
			t.Fatal(err)
		}
		whole, err := scenario.Parse("big.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if len(split.Steps) != len(whole.Steps) || len(split.Steps) == 0 != !o.Steps {
			t.Errorf("%d steps from the parts, %d from the file", len(split.Steps), len(whole.Steps))
		}
		ws, err := sim.NewWorld(split)
		if err != nil {
			t.Fatal(err)
		}
		ww, err := sim.NewWorld(whole)
		if err != nil {
			t.Fatal(err)
		}
		if a, b := describe(ws), describe(ww); a != b {
			t.Errorf("the parts give another world:\n%s\nthe file:\n%s", a, b)
		}
	}
	fsys := gen.FSWithin(gen.Options{Seed: 7, Accounts: 12, RolesPer: 5}, "w/big.yaml", 8<<10, 8<<10)
	if _, ok := fsys["w/big.parts/part-002.yaml"]; !ok {
		t.Errorf("FS holds %v", slices.Sorted(maps.Keys(fsys)))
	}
	sc, err := scenario.LoadFS(fsys, "w/big.yaml")
	if err != nil || len(sc.Accounts) != 12 {
		t.Errorf("loading FS: %v", err)
	}
	if small, parts := gen.Files(gen.Options{Seed: 1}, "p"); small != gen.World(gen.Options{Seed: 1}) || parts != nil {
		t.Error("a small world is not one file")
	}
}

// describe lists a world's accounts, users and roles with their trust
// policies' first statements, and its organization's accounts.
func describe(w *sim.World) string {
	var b strings.Builder
	for _, a := range w.Accounts {
		fmt.Fprintf(&b, "%s %d users, path %d:", a.ID, len(a.Users), len(a.Path))
		for _, r := range a.Roles {
			fmt.Fprintf(&b, " %s(%s)", r.Name, r.Trust.Doc.Statements[0].Label())
		}
		b.WriteString("\n")
	}
	return b.String()
}
