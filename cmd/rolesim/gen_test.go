package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
