package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEmitScenario writes the replays of reach's routes and juggling's
// cycles and runs them: the analysis's claims pass the simulator.
func TestEmitScenario(t *testing.T) {
	tests := []struct {
		name, reason string
		args         []string
		files        int
		index        []string
	}{
		{"reach", "example 12's three user routes replay; the routes from roles are listed as not replayable",
			[]string{"reach", "../../examples/12-three-hop-chain.yaml"}, 3,
			[]string{"reach-0003.yaml: alice → Developer → PipelineRunner → ProdDeployer, up to 1h", "not replayed: Developer → PipelineRunner"}},
		{"reachTo", "--to narrows the replays too",
			[]string{"reach", "../../examples/12-three-hop-chain.yaml", "--from", "alice", "--to", "Developer"}, 1,
			[]string{"reach-0001.yaml: alice → Developer, up to 8h"}},
		{"juggling", "example 51's cycle is kept alive for three laps",
			[]string{"juggling", "../../examples/51-role-juggling.yaml"}, 1,
			[]string{"juggling-0001.yaml: three laps of the juggling cycle Responder, Helper"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "replay")
			got := invoke(t, append(tt.args, "--emit-scenario", dir))
			if got.code != exitOK || !strings.Contains(got.stderr, "rolesim: wrote ") {
				t.Fatalf("exit %d\n%s", got.code, got.stderr)
			}
			index, err := os.ReadFile(filepath.Join(dir, "index.txt"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.index {
				if !strings.Contains(string(index), w) {
					t.Errorf("index.txt lacks %q (%s):\n%s", w, tt.reason, index)
				}
			}
			run := invoke(t, []string{"run", dir})
			if run.code != exitOK {
				t.Fatalf("the replays do not pass (%s): exit %d\n%s%s", tt.reason, run.code, run.stdout, run.stderr)
			}
			want := fmt.Sprintf("%d scenarios, %d passed, 0 failed", tt.files, tt.files)
			if tt.files == 1 {
				want = "1 scenario, 1 passed, 0 failed"
			}
			if !strings.Contains(run.stdout, want) {
				t.Errorf("run says %q, want %q", lastLine(run.stdout), want)
			}
		})
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// TestEmitScenarioBounded refuses to write a replay per route when a
// world has more than maxEmitted routes, naming --from and --to, and
// writes nothing; narrowed, the same world's routes are written.
func TestEmitScenarioBounded(t *testing.T) {
	dir := t.TempDir()
	world := filepath.Join(dir, "w.yaml")
	if got := invoke(t, []string{"gen", "--accounts", "20", "--roles", "50", "--org", "-o", world}); got.code != exitOK {
		t.Fatalf("gen: exit %d: %s", got.code, got.stderr)
	}
	out := filepath.Join(dir, "replays")
	got := invoke(t, []string{"reach", world, "--emit-scenario", out})
	if got.code != exitBadInput || !strings.Contains(got.stderr, "at most 10000: the selection has more routes; narrow it with --from or --to") || got.stdout != "" {
		t.Fatalf("every route: exit %d, stderr %q", got.code, got.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the refused emit wrote %s (%v)", out, err)
	}
	got = invoke(t, []string{"reach", world, "--from", "arn:aws:iam::111111111111:user/u1", "--to", "arn:aws:iam::111111112124:role/R2", "--emit-scenario", out})
	if got.code != exitOK {
		t.Fatalf("narrowed: exit %d, stderr %s", got.code, got.stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(out, "reach-*.yaml")); len(files) != 1 {
		t.Errorf("narrowed: %d replay files, want 1", len(files))
	}
}
