package conformance_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/assertions"
	"github.com/rolesim/rolesim/scenario"
)

// files lists the corpus, failing when it is empty so that nothing passes
// vacuously.
func files(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no conformance scenarios (*.yaml) in the package directory: %v", err)
	}
	return names
}

// TestConformance runs every conformance scenario: each step must meet its
// expectation, exactly as AWS behaves.
func TestConformance(t *testing.T) {
	files(t)
	assertions.RunDir(t, ".", assertions.Parallel())
}

// TestSources checks that every scenario cites where its behaviour comes
// from, and is named after its file.
func TestSources(t *testing.T) {
	for _, name := range files(t) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := scenario.Parse(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !strings.Contains(sc.Description, "Source: ") && !strings.Contains(sc.Description, "Sources: ") {
			t.Errorf("%s: the description has no \"Source: \" line naming the AWS page or live-AWS recording", name)
		}
		if want := strings.TrimSuffix(name, ".yaml"); sc.Name != want {
			t.Errorf("%s: name is %q, want %q (the file's name)", name, sc.Name, want)
		}
	}
}

// TestREADMELinks checks that the README's choices table links every
// conformance scenario, and that every link it has names a scenario that
// exists.
func TestREADMELinks(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	for _, name := range files(t) {
		if !strings.Contains(text, "](conformance/"+name+")") {
			t.Errorf("README.md links no row to conformance/%s: say which behaviour it pins", name)
		}
	}
	for rest := text; ; {
		i := strings.Index(rest, "](conformance/")
		if i < 0 {
			break
		}
		rest = rest[i+len("](conformance/"):]
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			t.Fatal("unclosed conformance link in README.md")
		}
		if _, err := os.Stat(rest[:j]); err != nil {
			t.Errorf("README.md links conformance/%s, which does not exist", rest[:j])
		}
	}
}
