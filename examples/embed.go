// Package examples holds rolesim's teaching scenarios. Each YAML file teaches
// one rule of STS and IAM; all of them run in the tests, and `rolesim run`
// with no arguments runs them from this embedded copy.
package examples

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

// FS holds every example scenario (*.yaml) at its root.
//
//go:embed *.yaml
var FS embed.FS

// Names lists the example scenario files in FS (*.yaml at its root),
// sorted.
func Names() []string {
	entries, err := fs.ReadDir(FS, ".")
	if err != nil {
		return nil // an embedded root always reads; nothing to report
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && path.Ext(e.Name()) == ".yaml" {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}
