package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiffCommand(t *testing.T) {
	const old = "../../examples/07-cross-account-both-sides.yaml"
	src, err := os.ReadFile(old)
	if err != nil {
		t.Fatal(err)
	}
	// The pull request: ProdSupport trusts carol's whole account instead
	// of carol.
	changed := strings.Replace(string(src), `Principal: {AWS: "arn:aws:iam::222222222222:user/carol"}`, `Principal: {AWS: "222222222222"}`, 1)
	if changed == string(src) {
		t.Fatal("example 07 no longer names carol: update the test")
	}
	pr := filepath.Join(t.TempDir(), "pr.yaml")
	if err := os.WriteFile(pr, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		args         []string
		code         int
		want         []string
	}{
		{"same", "a world compared with itself: no change, exit 0", []string{"diff", old, old}, exitOK, []string{"No change"}},
		{"appeared", "trusting the account lets dave in: exit 1, as diff(1)", []string{"diff", old, pr}, exitFailed,
			[]string{"+ dave can now reach ProdSupport: dave → ProdSupport, up to 1h", "1 appeared, 0 vanished, 0 changed"}},
		{"reverse", "the other way round the route vanishes", []string{"diff", pr, old}, exitFailed,
			[]string{"- dave can no longer reach ProdSupport"}},
		{"markdown", "a table for a pull-request comment", []string{"diff", old, pr, "--format", "markdown"}, exitFailed,
			[]string{"| | principal | role | before | after |", "| ➕ | dave | ProdSupport |  | dave → ProdSupport, up to 1h |"}},
		{"missing", "an unreadable file is bad input", []string{"diff", old, "nope.yaml"}, exitBadInput, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != tt.code {
				t.Fatalf("exit %d, want %d (%s)\n%s%s", got.code, tt.code, tt.reason, got.stdout, got.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(got.stdout, w) {
					t.Errorf("stdout lacks %q (%s):\n%s", w, tt.reason, got.stdout)
				}
			}
		})
	}
	// Both worlds load at once; the problems are the old world's first,
	// and only its, as when they loaded one after the other.
	if got := invoke(t, []string{"diff", "nope-old.yaml", "nope-new.yaml"}); got.code != exitBadInput ||
		!strings.Contains(got.stderr, "nope-old.yaml") || strings.Contains(got.stderr, "nope-new.yaml") {
		t.Errorf("two bad worlds: exit %d, stderr %q", got.code, got.stderr)
	}
	js := invoke(t, []string{"diff", old, pr, "--format", "json"})
	var d struct {
		Changes []struct {
			Kind, Principal, Role string
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(js.stdout), &d); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(d.Changes) != 1 || d.Changes[0].Kind != "appeared" || !strings.HasSuffix(d.Changes[0].Role, ":role/ProdSupport") {
		t.Errorf("changes = %+v", d.Changes)
	}
}
