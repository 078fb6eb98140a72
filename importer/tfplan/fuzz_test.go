package tfplan_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
	"github.com/rolesim/rolesim/scenario"
)

// FuzzImportTerraform imports a plan (after apply, or with before the
// prior state) and checks: no panic; an *iamdump.Error names the file and
// a JSON path; an accepted input gives a world that loads without
// diagnostics; importing twice gives the same bytes. Seeds: the testdata
// plans and the corpus in testdata/fuzz/FuzzImportTerraform.
func FuzzImportTerraform(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*/plan.json")
	if len(paths) == 0 {
		f.Fatal("no testdata/*/plan.json")
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false)
		f.Add(data, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, before bool) {
		src := iamdump.Source{Name: "plan.json", Data: data}
		opts := tfplan.Options{Before: before, Account: "999999999999"}
		res, err := tfplan.Import(src, opts)
		if err != nil {
			var e *iamdump.Error
			if errors.As(err, &e) && !(e.File == "plan.json" && strings.HasPrefix(e.Path, "$")) {
				t.Fatalf("error without the file and a JSON path: %v", err)
			}
			return
		}
		fsys := fstest.MapFS{"world.yaml": {Data: res.YAML}}
		for _, p := range res.Parts {
			fsys[p.Name] = &fstest.MapFile{Data: p.Data}
		}
		if _, err := scenario.LoadFS(fsys, "world.yaml"); err != nil {
			t.Fatalf("accepted input gives a world that does not load: %v\n%s", err, res.YAML)
		}
		again, err := tfplan.Import(src, opts)
		if err != nil {
			t.Fatalf("second import fails: %v", err)
		}
		if !bytes.Equal(res.YAML, again.YAML) {
			t.Fatal("importing twice gives different bytes")
		}
	})
}

// FuzzImportTerraformOver lays a plan over testdata/over/snapshot and
// checks as FuzzImportTerraform does: no panic, errors with the file and a
// JSON path, accepted input gives a world that loads, the same bytes twice.
// Seeds: the testdata plans.
func FuzzImportTerraformOver(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*/plan.json")
	snaps, _ := filepath.Glob("testdata/over/snapshot/*.json")
	if len(paths) == 0 || len(snaps) == 0 {
		f.Fatal("no testdata/*/plan.json or testdata/over/snapshot/*.json")
	}
	var srcs []iamdump.Source
	for _, p := range snaps {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		srcs = append(srcs, iamdump.Source{Name: p, Data: data})
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	imp := func(data []byte) (*iamdump.Result, error) {
		s, err := iamdump.ReadSnapshot(srcs)
		if err != nil {
			return nil, err
		}
		return tfplan.Import(iamdump.Source{Name: "plan.json", Data: data}, tfplan.Options{Over: s, Account: "999999999999"})
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := imp(data)
		if err != nil {
			var e *iamdump.Error
			if errors.As(err, &e) && !(e.File == "plan.json" && strings.HasPrefix(e.Path, "$")) {
				t.Fatalf("error without the file and a JSON path: %v", err)
			}
			return
		}
		fsys := fstest.MapFS{"world.yaml": {Data: res.YAML}}
		for _, p := range res.Parts {
			fsys[p.Name] = &fstest.MapFile{Data: p.Data}
		}
		if _, err := scenario.LoadFS(fsys, "world.yaml"); err != nil {
			t.Fatalf("accepted input gives a world that does not load: %v\n%s", err, res.YAML)
		}
		again, err := imp(data)
		if err != nil || !bytes.Equal(res.YAML, again.YAML) {
			t.Fatalf("importing twice gives different results: %v", err)
		}
	})
}
