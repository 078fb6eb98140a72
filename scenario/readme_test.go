package scenario

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateREADME = flag.Bool("update-readme", false, "rewrite the format reference section of ../README.md from FORMAT.md")

const (
	readmeBegin = "<!-- FORMAT-REFERENCE:BEGIN (generated from scenario/FORMAT.md by `go test ./scenario -run TestREADMEFormatReference -update-readme`) -->"
	readmeEnd   = "<!-- FORMAT-REFERENCE:END -->"
)

// readmeSection renders FORMAT.md for the README: every heading one level
// deeper (outside code blocks), between the markers.
func readmeSection(format string) string {
	var b strings.Builder
	b.WriteString(readmeBegin + "\n\n")
	fence := false
	for _, line := range strings.Split(strings.TrimRight(format, "\n"), "\n") {
		if strings.HasPrefix(line, "```") {
			fence = !fence
		}
		if !fence && strings.HasPrefix(line, "#") {
			line = "#" + line
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("\n" + readmeEnd)
	return b.String()
}

// TestREADMEFormatReference keeps the README's format reference identical to
// FORMAT.md, so the user's first contact documents every key.
func TestREADMEFormatReference(t *testing.T) {
	format, err := os.ReadFile("FORMAT.md")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := readmeSection(string(format))
	text := string(readme)
	i := strings.Index(text, readmeBegin)
	j := strings.Index(text, readmeEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the format reference markers %q ... %q", readmeBegin, readmeEnd)
	}
	got := text[i : j+len(readmeEnd)]
	if got == want {
		return
	}
	if *updateREADME {
		if err := os.WriteFile("../README.md", []byte(text[:i]+want+text[j+len(readmeEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's format reference differs from scenario/FORMAT.md; run: go test ./scenario -run TestREADMEFormatReference -update-readme")
}
