package iamdump_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
)

// FuzzImportAWS imports two files (an authorization-details dump and a
// list-roles output, or anything else) and checks: no panic; an error that
// is an *Error names one of the files and a JSON path; an accepted input
// gives a world scenario.Parse loads without diagnostics; importing twice
// gives the same bytes. Seeds: the testdata/org files and the corpus in
// testdata/fuzz/FuzzImportAWS.
func FuzzImportAWS(f *testing.F) {
	paths, _ := filepath.Glob("testdata/org/*.json")
	if len(paths) == 0 {
		f.Fatal("no testdata/org/*.json")
	}
	var roles []byte
	for _, p := range paths {
		if strings.Contains(p, "list-roles") {
			roles, _ = os.ReadFile(p)
		}
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, roles)
	}
	f.Fuzz(func(t *testing.T, auth, roles []byte) {
		srcs := []iamdump.Source{{Name: "auth.json", Data: auth}, {Name: "roles.json", Data: roles}}
		res, err := iamdump.Import(srcs, iamdump.Options{})
		if err != nil {
			var e *iamdump.Error
			if errors.As(err, &e) && !((e.File == "auth.json" || e.File == "roles.json") && strings.HasPrefix(e.Path, "$")) {
				t.Fatalf("error without a file and JSON path: %v", err)
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
		again, err := iamdump.Import(srcs, iamdump.Options{})
		if err != nil {
			t.Fatalf("second import fails: %v", err)
		}
		if !bytes.Equal(res.YAML, again.YAML) || len(res.Parts) != len(again.Parts) {
			t.Fatal("importing twice gives different bytes")
		}
		for i := range res.Parts {
			if res.Parts[i].Name != again.Parts[i].Name || !bytes.Equal(res.Parts[i].Data, again.Parts[i].Data) {
				t.Fatalf("importing twice gives a different part %d", i)
			}
		}
	})
}
