package layout_test

import (
	"os/exec"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/rolesim/rolesim/"

// allowed lists, for every package of the module, the packages of the
// module it may import (besides itself). A package missing from the table
// fails the test: a new package must take its place in the architecture.
var allowed = map[string][]string{
	"sim/arn":              {},
	"sim/policy":           {},
	"sim/internal/svgtext": {},
	"scenario":             {"sim/arn", "sim/policy"},
	"sim":                  {"scenario", "sim/arn", "sim/policy"},
	"sim/explain":          {"scenario", "sim", "sim/arn", "sim/policy"},
	"sim/timeline":         {"scenario", "sim", "sim/arn", "sim/policy", "sim/internal/svgtext"},
	"sim/trustgraph":       {"scenario", "sim", "sim/arn", "sim/policy", "sim/internal/svgtext"},
	"sim/trail":            {"scenario", "sim", "sim/arn", "sim/policy"},
	"sim/reach":            {"scenario", "sim", "sim/arn", "sim/policy", "sim/internal/svgtext", "sim/trustgraph"},
	"sim/gen":              {},
	"sim/replay":           {"scenario", "sim", "sim/arn", "sim/policy", "sim/internal/svgtext", "sim/trustgraph", "sim/reach"},
	"sim/diff":             {"scenario", "sim", "sim/arn", "sim/policy", "sim/internal/svgtext", "sim/trustgraph", "sim/reach"},
	"sim/access":           {"scenario", "sim", "sim/arn", "sim/policy", "sim/internal/svgtext", "sim/trustgraph", "sim/reach"},
	"sim/check":            {"scenario", "sim", "sim/arn", "sim/policy", "sim/internal/svgtext", "sim/trustgraph", "sim/reach", "sim/access"},
	"sim/report":           {"scenario", "sim", "sim/arn", "sim/policy", "sim/internal/svgtext", "sim/explain", "sim/timeline", "sim/trustgraph"},
	"golden":               {"scenario", "sim", "sim/arn", "sim/policy"},
	"fixtures":             {"scenario"},
	"importer/iamdump":     {"scenario", "sim/arn", "sim/policy"},
	"importer/tfplan":      {"scenario", "sim/arn", "sim/policy", "importer/iamdump"},
	"importer/cliprofile":  {"scenario", "sim", "sim/arn", "sim/policy"},
	"examples":             {},
	"conformance":          {},
	"internal/layout":      {},
	"assertions":           {"scenario", "sim", "sim/arn", "sim/policy", "golden", "fixtures", "sim/explain", "sim/check"},
	"stsserver":            {"scenario", "sim", "sim/arn", "sim/policy", "sim/trail"},
	"cmd/rolesim": {"scenario", "sim", "sim/arn", "sim/policy", "golden", "fixtures", "examples",
		"sim/explain", "sim/timeline", "sim/trustgraph", "sim/report", "importer/iamdump", "importer/tfplan", "importer/cliprofile", "stsserver", "sim/trail", "sim/reach", "sim/access", "sim/diff", "sim/replay", "sim/gen", "sim/check"},
}

// TestImportDirection checks every package's imports (tests excluded)
// against the table: leaves import nothing of ours, scenario only the
// leaves, sim only scenario and the leaves, renderers sit on sim, and
// nothing imports cmd/rolesim or assertions.
func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < len(allowed)/2 {
		t.Fatalf("go list listed %d packages", len(lines))
	}
	seen := map[string]bool{}
	for _, line := range lines {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		seen[pkg] = true
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s has no place in the architecture table (internal/layout): add it, and to the README's Architecture section", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			dep, ours := strings.CutPrefix(imp, module)
			if !ours {
				continue
			}
			if !contains(ok, dep) {
				t.Errorf("%s imports %s: against the import direction (allowed: %s)", pkg, dep, strings.Join(ok, ", "))
			}
		}
	}
	var missing []string
	for pkg := range allowed {
		if !seen[pkg] {
			missing = append(missing, pkg)
		}
	}
	sort.Strings(missing)
	for _, pkg := range missing {
		t.Errorf("the table names %s, which go list does not list", pkg)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
