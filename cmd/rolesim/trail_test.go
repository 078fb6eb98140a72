package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunTrail checks run --trail: the file holds the records sim/trail's
// golden file holds for the example, in the same bytes, whatever -p; a
// path that cannot be written is a usage error.
func TestRunTrail(t *testing.T) {
	want, err := os.ReadFile(filepath.Join("..", "..", "sim", "trail", "testdata", "04-chain-expiry-not-capped.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"1", "4"} {
		file := filepath.Join(t.TempDir(), "trail.jsonl")
		got := invoke(t, []string{"run", "-p", p, "--trail", file, "examples/04-chain-expiry-not-capped.yaml"})
		if got.code != exitOK {
			t.Fatalf("-p %s: exit %d\n%s%s", p, got.code, got.stdout, got.stderr)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != string(want) {
			t.Errorf("-p %s: the trail differs from sim/trail's golden file:\n%s", p, data)
		}
	}

	// Two scenarios: their records follow one another in file order.
	file := filepath.Join(t.TempDir(), "trail.jsonl")
	if got := invoke(t, []string{"run", "--trail", file, "examples/04-chain-expiry-not-capped.yaml", "examples/07-cross-account-both-sides.yaml"}); got.code != exitOK {
		t.Fatalf("exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), string(want)) || strings.Count(string(data), "\n") <= strings.Count(string(want), "\n") ||
		!strings.Contains(string(data[len(want):]), `"sharedEventID"`) {
		t.Errorf("two scenarios' trail: want example 04's records, then example 07's with its cross-account pairs:\n%s", data)
	}

	// One scenario twice: the second's eventIDs are its own.
	file = filepath.Join(t.TempDir(), "trail.jsonl")
	if got := invoke(t, []string{"run", "--trail", file, "examples/04-chain-expiry-not-capped.yaml", "examples/04-chain-expiry-not-capped.yaml"}); got.code != exitOK {
		t.Fatalf("exit %d\n%s%s", got.code, got.stdout, got.stderr)
	}
	if data, err = os.ReadFile(file); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct{ EventID string }
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.EventID == "" || ids[r.EventID] {
			t.Fatalf("a scenario run twice: eventID %q is missing or used twice (%v)", r.EventID, err)
		}
		ids[r.EventID] = true
	}
	if len(ids) != 2*strings.Count(string(want), "\n") {
		t.Errorf("a scenario run twice gave %d records, want %d", len(ids), 2*strings.Count(string(want), "\n"))
	}

	bad := filepath.Join(t.TempDir(), "no-such-dir", "trail.jsonl")
	got := invoke(t, []string{"run", "--trail", bad, "examples/04-chain-expiry-not-capped.yaml"})
	if got.code != exitBadInput || !strings.Contains(got.stderr, "rolesim: writing the trail: ") {
		t.Errorf("unwritable --trail: exit %d, stderr %q; want %d and the error", got.code, got.stderr, exitBadInput)
	}
}
