package tfplan_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func readPlan(t testing.TB, dir string) iamdump.Source {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", dir, "plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	return iamdump.Source{Name: "plan.json", Data: data}
}

// TestGolden imports each testdata plan (after apply, and with --before
// the prior state) and compares the world with testdata/golden; -update
// rewrites them. Each world must load without diagnostics, build, and be
// the same bytes when imported again.
func TestGolden(t *testing.T) {
	cases := []struct {
		name, dir string
		opts      tfplan.Options
	}{
		{"twoaccount", "twoaccount", tfplan.Options{}},
		{"twoaccount-before", "twoaccount", tfplan.Options{Before: true}},
		{"unknown", "unknown", tfplan.Options{}},
		{"org", "org", tfplan.Options{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := readPlan(t, tc.dir)
			res, err := tfplan.Import(src, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", tc.name+".yaml")
			if *update {
				if err := os.WriteFile(golden, res.YAML, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want, res.YAML) {
				t.Errorf("import of testdata/%s differs from %s (go test -update rewrites it; review the diff):\n%s", tc.dir, golden, res.YAML)
			}
			sc, err := scenario.Parse(golden, res.YAML)
			if err != nil {
				t.Fatalf("the imported world does not load: %v", err)
			}
			if _, err := sim.NewWorld(sc); err != nil {
				t.Fatalf("sim.NewWorld: %v", err)
			}
			again, err := tfplan.Import(src, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.YAML, res.YAML) {
				t.Error("a second import gives other bytes")
			}
		})
	}
}

// TestImportedScenarios runs the scenarios written against the golden
// worlds (testdata/scenarios): every step must pass, as the imported
// policies decide.
func TestImportedScenarios(t *testing.T) {
	paths, _ := filepath.Glob("testdata/scenarios/*.yaml")
	if len(paths) == 0 {
		t.Fatal("no testdata/scenarios/*.yaml")
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			sc, err := scenario.Load(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Steps) == 0 {
				t.Fatal("the scenario has no steps")
			}
			rep, err := sim.Run(sc)
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Passed() {
				t.Error("the scenario does not pass")
				for _, s := range rep.Steps {
					if len(s.Problems) > 0 {
						t.Errorf("step %d: %v", s.Index, s.Problems)
					}
				}
			}
		})
	}
}
