package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReachCommand checks rolesim reach and rolesim juggling on the
// examples: every format, the --from and --to filters, and unknown names
// and formats refused with the file named.
func TestReachCommand(t *testing.T) {
	const chain, self = "examples/12-three-hop-chain.yaml", "examples/23-role-self-assume.yaml"
	tests := []struct {
		name   string
		reason string
		args   []string
		code   int
		// stdout (or, when the code is not exitOK, stderr) must contain
		// each of these, and none of not.
		want, not []string
	}{
		{
			name:   "text",
			reason: "the text reads as a lesson: users first, nearest roles first, the chained hop's hour",
			args:   []string{"reach", chain},
			code:   exitOK,
			want: []string{"Reachability in \"three-hop-chain\":\n\nalice (IAM user, account 222222222222) reaches 3 roles:\n  alice → Developer, up to 8h\n  alice → Developer → PipelineRunner, 1h (chained)\n  alice → Developer → PipelineRunner → ProdDeployer, 1h (chained)\n",
				"PipelineRunner (role, max 4h, account 444444444444) reaches 1 role:\n  PipelineRunner → ProdDeployer, 1h (chained)\n"},
		},
		{
			name:   "from-to",
			reason: "--from and --to keep one principal's path to one role",
			args:   []string{"reach", chain, "--from", "alice", "--to", "arn:aws:iam::444444444444:role/ci/PipelineRunner"},
			code:   exitOK,
			want:   []string{"alice → Developer → PipelineRunner, 1h (chained)\n"},
			not:    []string{"ProdDeployer", "Developer (role"},
		},
		{
			name:   "dot",
			reason: "--format dot draws the paths' hops, chained ones dashed",
			args:   []string{"reach", chain, "--format", "dot"},
			code:   exitOK,
			want:   []string{"digraph reach {\n", "style=dashed"},
		},
		{
			name:   "mermaid",
			reason: "--format mermaid draws the same as a flowchart",
			args:   []string{"reach", chain, "--format", "mermaid"},
			code:   exitOK,
			want:   []string{"flowchart LR\n", " -.->|\"1h (chained)\"| "},
		},
		{
			name:   "unknown-from",
			reason: "a --from naming nobody is bad input, the file named, with a suggestion when only the case differs",
			args:   []string{"reach", chain, "--from", "ALICE"},
			code:   exitBadInput,
			want:   []string{chain + ": --from ALICE: no principal of the world is named so", "did you mean alice?"},
		},
		{
			name:   "unknown-to",
			reason: "--to names a role: a user is not one",
			args:   []string{"reach", chain, "--to", "alice"},
			code:   exitBadInput,
			want:   []string{"--to alice: no role of the world is named so"},
		},
		{
			name:   "bad-format",
			reason: "an unknown format is refused, naming the ones there are",
			args:   []string{"reach", chain, "--format", "svg"},
			code:   exitBadInput,
			want:   []string{`unknown format "svg" (want text or json or dot or mermaid)`},
		},
		{
			name:   "juggling-self",
			reason: "a role trusting its own sessions is a cycle of one, entered by alice",
			args:   []string{"juggling", self},
			code:   exitOK,
			want:   []string{"1 cycle.", "cycle 1: ScopedWorker\n", "loop: ScopedWorker → ScopedWorker", "24 hops a day", "alice → ScopedWorker, up to 1h"},
			not:    []string{"BatchWorker"},
		},
		{
			name:   "juggling-example",
			reason: "the juggling example's two roles are one cycle, entered by oncall's first hop",
			args:   []string{"juggling", "examples/51-role-juggling.yaml"},
			code:   exitOK,
			want:   []string{"1 cycle.", "cycle 1: Helper, Responder\n", "loop: Responder → Helper → Responder,", "    oncall → Responder, up to 4h\n"},
		},
		{
			name:   "juggling-none",
			reason: "a chain that never comes back is no juggling",
			args:   []string{"juggling", chain},
			code:   exitOK,
			want:   []string{"Role juggling in \"three-hop-chain\": none"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			text := got.stdout
			if tt.code != exitOK {
				text = got.stderr
			}
			if got.code != tt.code {
				t.Fatalf("%s: exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.reason, got.code, tt.code, got.stdout, got.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s: output lacks %q:\n%s", tt.reason, w, text)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("%s: output has %q:\n%s", tt.reason, w, text)
				}
			}
		})
	}
}

// TestReachJSON checks that the JSON answers parse, are sorted, and are
// the same bytes every time.
func TestReachJSON(t *testing.T) {
	first := invoke(t, []string{"reach", "examples/12-three-hop-chain.yaml", "--format", "json"})
	if first.code != exitOK {
		t.Fatalf("exit %d\n%s", first.code, first.stderr)
	}
	var rep struct {
		Principals []struct {
			Principal string
			Reaches   []struct {
				Role string
				Path []string
			}
		}
	}
	if err := json.Unmarshal([]byte(first.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Principals) != 3 {
		t.Fatalf("%d principals, want 3 (alice, Developer, PipelineRunner)", len(rep.Principals))
	}
	for i, p := range rep.Principals {
		if i > 0 && rep.Principals[i-1].Principal >= p.Principal {
			t.Errorf("principals not sorted: %s before %s", rep.Principals[i-1].Principal, p.Principal)
		}
		for k, r := range p.Reaches {
			if k > 0 && p.Reaches[k-1].Role >= r.Role {
				t.Errorf("%s: roles not sorted: %s before %s", p.Principal, p.Reaches[k-1].Role, r.Role)
			}
			if r.Path[0] != p.Principal || r.Path[len(r.Path)-1] != r.Role {
				t.Errorf("%s → %s: path %v does not run from one to the other", p.Principal, r.Role, r.Path)
			}
		}
	}
	for _, args := range [][]string{
		{"reach", "examples/12-three-hop-chain.yaml", "--format", "json"},
		{"juggling", "examples/23-role-self-assume.yaml", "--format", "json"},
	} {
		a, b := invoke(t, args), invoke(t, args)
		if a.code != exitOK || a.stdout != b.stdout || !json.Valid([]byte(a.stdout)) {
			t.Errorf("rolesim %s: exit %d, valid %v, same twice %v", strings.Join(args, " "), a.code, json.Valid([]byte(a.stdout)), a.stdout == b.stdout)
		}
	}
}

// TestREADMEReach checks that the README's reach and juggling answers
// (code blocks that start with "$ rolesim reach" or "$ rolesim juggling")
// are what the commands print.
func TestREADMEReach(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(data), "```\n")
	found := 0
	for _, b := range blocks {
		cmdLine, want, ok := strings.Cut(b, "\n")
		if !ok || !(strings.HasPrefix(cmdLine, "$ rolesim reach ") || strings.HasPrefix(cmdLine, "$ rolesim juggling ")) {
			continue
		}
		found++
		args := strings.Fields(strings.TrimPrefix(cmdLine, "$ rolesim "))
		got := invoke(t, args)
		if got.code != exitOK || got.stdout != want {
			t.Errorf("README shows for %s (exit %d):\n%s", cmdLine, got.code, cmp.Diff(want, got.stdout))
		}
	}
	if found < 2 {
		t.Fatalf("the README shows %d reach or juggling answers, want 2", found)
	}
}
