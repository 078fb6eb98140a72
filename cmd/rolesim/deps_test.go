package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBinaryLinksNoTestLibraries checks that the shipped command links
// neither the testing package nor test libraries (go-cmp, testify): they
// belong in tests and in the assertions package, not in rolesim.
func TestBinaryLinksNoTestLibraries(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 10 {
		t.Fatalf("go list -deps listed %d packages: %q", len(deps), out)
	}
	for _, d := range deps {
		if d == "testing" || strings.HasPrefix(d, "github.com/google/go-cmp/") || strings.HasPrefix(d, "github.com/stretchr/testify/") {
			t.Errorf("the rolesim command links %s", d)
		}
	}
}
