package explain

import (
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

// TestChangeAPIsCoverEveryChangeKind fails when a change step kind is added
// without the operation explanations name it by.
func TestChangeAPIsCoverEveryChangeKind(t *testing.T) {
	if len(scenario.ChangeKinds) < 24 {
		t.Fatalf("only %d change kinds", len(scenario.ChangeKinds))
	}
	for _, k := range scenario.ChangeKinds {
		if changeAPIs[k] == "" {
			t.Errorf("change kind %s has no operation in changeAPIs", k)
		}
	}
}
