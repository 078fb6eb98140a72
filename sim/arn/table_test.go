package arn_test

import "testing"

// checkTable fails the test if rows is empty or if any row lacks a name or a
// reason or repeats another row's name, so a table cannot pass by testing
// nothing or hide a case behind a duplicate subtest name.
func checkTable[R any](t *testing.T, rows []R, key func(R) (name, reason string)) {
	t.Helper()
	if len(rows) == 0 {
		t.Fatal("empty table")
	}
	seen := make(map[string]bool, len(rows))
	for i, r := range rows {
		name, reason := key(r)
		if name == "" || reason == "" {
			t.Errorf("row %d (%q): name and reason are both required", i, name)
		}
		if seen[name] {
			t.Errorf("row %d: duplicate name %q", i, name)
		}
		seen[name] = true
	}
}
