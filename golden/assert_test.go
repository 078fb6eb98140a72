package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder stands in for *testing.T and records what Assert reports.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper()           {}
func (r *recorder) Fatal(args ...any) { r.failures = append(r.failures, fmt.Sprint(args...)) }
func (r *recorder) Fatalf(f string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(f, args...))
}
func (r *recorder) Errorf(f string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(f, args...))
}

func TestAssert(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "sub", "x.golden")
	tests := []struct {
		name, reason string
		got          string
		update       bool
		want         string // substring of the single failure; "" = none
	}{
		{name: "missing", reason: "a missing file fails and says how to create it", got: "a\n", want: "run go test -update"},
		{name: "create", reason: "update writes the missing file", got: "a\n", update: true},
		{name: "match", reason: "the same bytes pass", got: "a\n"},
		{name: "differs", reason: "other bytes fail with a line diff", got: "b\n", want: "+ b"},
		{name: "rewrite", reason: "update rewrites a differing file", got: "b\n", update: true},
		{name: "match-again", reason: "after the rewrite the new bytes pass", got: "b\n"},
	}
	for _, tt := range tests {
		r := &recorder{TB: t}
		Assert(r, file, []byte(tt.got), tt.update)
		switch {
		case tt.want == "" && len(r.failures) > 0:
			t.Errorf("%s (%s): unexpected failures %q", tt.name, tt.reason, r.failures)
		case tt.want != "" && (len(r.failures) != 1 || !strings.Contains(r.failures[0], tt.want)):
			t.Errorf("%s (%s): failures %q, want one containing %q", tt.name, tt.reason, r.failures, tt.want)
		}
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != "b\n" {
		t.Errorf("golden file holds %q (%v), want the rewritten %q", data, err, "b\n")
	}
}
