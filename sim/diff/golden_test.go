package diff_test

import (
	"flag"
	"path/filepath"
	"testing"

	gold "github.com/rolesim/rolesim/golden"
	"github.com/rolesim/rolesim/sim/diff"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden keeps the text, JSON and Markdown (the pull-request comment)
// of every TestCompare case in testdata/golden; go test -update rewrites
// them.
func TestGolden(t *testing.T) {
	base, cases := compareCases()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			d := diff.Compare(analysis(t, "old", base), analysis(t, "new", tt.new), "main", "pr-42")
			dir := filepath.Join("testdata", "golden")
			gold.Assert(t, filepath.Join(dir, tt.name+".txt"), []byte(d.Text()), *update)
			gold.Assert(t, filepath.Join(dir, tt.name+".json"), []byte(d.JSON()), *update)
			gold.Assert(t, filepath.Join(dir, tt.name+".md"), []byte(d.Markdown()), *update)
		})
	}
}
