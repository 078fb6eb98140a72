package scenario

import (
	"errors"
	"testing"
)

// TestBlockJSONCutShort checks where a JSON policy in a block scalar that
// ends too soon is reported: at the end of the block's last line, not on a
// line past it (which may not exist, or belong to another key).
func TestBlockJSONCutShort(t *testing.T) {
	src := "name: t\naccounts:\n  - id: \"111111111111\"\n    roles:\n      - name: R\n        trust_policy: |\n          {\"Version\": \"2012-10-17\",\n"
	_, err := Parse("s.yaml", []byte(src))
	var ds Diagnostics
	if !errors.As(err, &ds) || len(ds) == 0 {
		t.Fatalf("want diagnostics, got %v", err)
	}
	got := ds[0].Pos
	if got.Line != 7 || got.Col != 36 {
		t.Errorf("cut-short JSON reported at %d:%d, want 7:36 (just after the block's last character): %v", got.Line, got.Col, err)
	}
}
