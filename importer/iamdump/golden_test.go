package iamdump_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// readDir returns a test input directory's JSON files as sources named by
// their base name, so that the golden output does not depend on where the
// repository is checked out.
func readDir(t testing.TB, dir string) []iamdump.Source {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no testdata in %s (%v)", dir, err)
	}
	sort.Strings(paths)
	var srcs []iamdump.Source
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, iamdump.Source{Name: filepath.Base(p), Data: data})
	}
	return srcs
}

// TestGolden imports every input directory of testdata (each one world) and
// compares the scenario written with testdata/golden/<dir>.yaml; -update
// rewrites it. The world must load, build and give the same bytes when
// imported again, with the sources in another order.
func TestGolden(t *testing.T) {
	dirs := []string{"org"}
	for _, dir := range dirs {
		t.Run(dir, func(t *testing.T) {
			srcs := readDir(t, filepath.Join("testdata", dir))
			res, err := iamdump.Import(srcs, iamdump.Options{})
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", dir+".yaml")
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
				t.Errorf("import of testdata/%s differs from %s (go test -update rewrites it; review the diff):\n%s", dir, golden, res.YAML)
			}
			sc, err := scenario.Parse(golden, res.YAML)
			if err != nil {
				t.Fatalf("the imported world does not load: %v", err)
			}
			if _, err := sim.NewWorld(sc); err != nil {
				t.Fatalf("sim.NewWorld: %v", err)
			}
			rev := append([]iamdump.Source(nil), srcs...)
			for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
				rev[i], rev[j] = rev[j], rev[i]
			}
			again, err := iamdump.Import(rev, iamdump.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again.YAML, res.YAML) {
				t.Error("a second import, with the files in reverse order, gives other bytes")
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
				for _, s := range rep.Steps {
					if len(s.Problems) > 0 {
						t.Errorf("step %d: %v", s.Index, s.Problems)
					}
				}
			}
		})
	}
}
