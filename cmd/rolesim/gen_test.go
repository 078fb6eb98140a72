package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

func TestGenCommand(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "w.yaml")
	if got := invoke(t, []string{"gen", "--accounts", "4", "--roles", "5", "--org", "--steps", "-o", file}); got.code != exitOK {
		t.Fatalf("gen: exit %d: %s", got.code, got.stderr)
	}
	first, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if again := invoke(t, []string{"gen", "--accounts", "4", "--roles", "5", "--org", "--steps"}); again.stdout != string(first) {
		t.Error("the same flags gave another world")
	}
	// The generated scenario loads and runs (its steps expect success, so
	// some fail: the run reports them and exits 1, not 2).
	if got := invoke(t, []string{"run", file}); got.code != exitFailed {
		t.Errorf("run: exit %d, want %d (a world that loads, with failing steps)\n%s", got.code, exitFailed, got.stderr)
	}
	if got := invoke(t, []string{"reach", file}); got.code != exitOK || !strings.Contains(got.stdout, "→") {
		t.Errorf("reach on a generated world: exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	for _, bad := range [][]string{{"gen", "--accounts", "0"}, {"gen", "--roles", "200000"}, {"gen", "--accounts", "2000", "--roles", "1000"}, {"gen", "--accounts", "100", "--roles", "100", "--steps"}} {
		if got := invoke(t, bad); got.code != exitBadInput || !strings.Contains(got.stderr, "rolesim gen:") {
			t.Errorf("%v: exit %d, stderr %q", bad, got.code, got.stderr)
		}
	}
}

// TestGenInParts writes a world over the 4 MiB of one scenario file: with
// -o it goes in parts of whole accounts that load as one world; to
// standard output it is refused, naming -o.
func TestGenInParts(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "big.yaml")
	args := []string{"gen", "--accounts", "200", "--users", "1", "--roles", "70", "--org"}
	if got := invoke(t, append(args, "-o", file)); got.code != exitOK {
		t.Fatalf("gen: exit %d: %s", got.code, got.stderr)
	}
	parts, err := filepath.Glob(filepath.Join(dir, "big.parts", "part-*.yaml"))
	if err != nil || len(parts) < 2 {
		t.Fatalf("parts %v, %v; want at least 2", parts, err)
	}
	for _, p := range append(parts, file) {
		if fi, err := os.Stat(p); err != nil || fi.Size() > scenario.MaxFileSize {
			t.Errorf("%s: %v, %v", p, fi, err)
		}
	}
	sc, err := scenario.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	roles := 0
	for _, a := range sc.Accounts {
		roles += len(a.Roles)
	}
	if len(sc.Accounts) != 200 || roles != 200*70 || sc.Organization == nil {
		t.Errorf("loaded %d accounts, %d roles, organization %v", len(sc.Accounts), roles, sc.Organization != nil)
	}
	if got := invoke(t, args); got.code != exitBadInput || !strings.Contains(got.stderr, "rolesim gen: the world is larger than one scenario file may be (4 MiB): give -o FILE to write it in 2 parts") || got.stdout != "" {
		t.Errorf("to standard output: exit %d, stderr %q", got.code, got.stderr)
	}
	if got := invoke(t, []string{"gen", "--accounts", "10", "--users", "5", "--roles", "21", "--steps"}); got.code != exitBadInput || !strings.Contains(got.stderr, "21000 steps is too many (keep users × roles under 10000)") {
		t.Errorf("--steps over the limit: exit %d, stderr %q", got.code, got.stderr)
	}
}

// TestGraphSVGBounded refuses to draw an SVG of more than MaxSVGEdges
// edges, naming the formats that can, and still writes DOT; the HTML
// report leaves the picture out, saying why.
func TestGraphSVGBounded(t *testing.T) {
	file := filepath.Join(t.TempDir(), "w.yaml")
	if got := invoke(t, []string{"gen", "--accounts", "20", "--roles", "50", "--org", "-o", file}); got.code != exitOK {
		t.Fatalf("gen: exit %d: %s", got.code, got.stderr)
	}
	got := invoke(t, []string{"graph", file, "--format", "svg"})
	if got.code != exitBadInput || !strings.Contains(got.stderr, "edges: --format svg draws at most 10000") || !strings.Contains(got.stderr, "use --format dot for Graphviz, or mermaid") || got.stdout != "" {
		t.Errorf("svg of a large graph: exit %d, stderr %q", got.code, got.stderr)
	}
	if got := invoke(t, []string{"graph", file, "--format", "dot"}); got.code != exitOK || strings.Count(got.stdout, " -> ") <= 10000 {
		t.Errorf("dot of the same graph: exit %d, %d edges", got.code, strings.Count(got.stdout, " -> "))
	}
	// The HTML report says so in place of the picture.
	page := filepath.Join(filepath.Dir(file), "report.html")
	if got := invoke(t, []string{"report", file, "-o", page}); got.code != exitOK {
		t.Fatalf("report: exit %d: %s", got.code, got.stderr)
	}
	html, err := os.ReadFile(page)
	if err != nil || !strings.Contains(string(html), "edges, more than the picture draws (10000): rolesim graph "+file+" --format dot writes it for Graphviz.") || strings.Contains(string(html), `id="graph-1"`) {
		t.Errorf("report of a large world: %v, %d bytes, the graph's note missing or a picture drawn", err, len(html))
	}
}
