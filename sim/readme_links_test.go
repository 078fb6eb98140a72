package sim_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMELinksResolve checks every relative link of the README: the file
// it names exists in the repository, and a #fragment into a Markdown file
// names one of its headings (GitHub's anchor rules). The README must not
// point at documents that are not in the repository.
func TestREADMELinksResolve(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	links := regexp.MustCompile(`\]\(([^)\s]+)\)`).FindAllStringSubmatch(string(readme), -1)
	checked := 0
	for _, m := range links {
		target := m[1]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "#") || strings.HasPrefix(target, "mailto:") {
			continue
		}
		file, frag, _ := strings.Cut(target, "#")
		path := filepath.Join("..", filepath.FromSlash(file))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("README links %s: %v", target, err)
			continue
		}
		checked++
		if frag != "" && strings.HasSuffix(file, ".md") && !hasAnchor(string(data), frag) {
			t.Errorf("README links %s: %s has no heading with anchor #%s", target, file, frag)
		}
	}
	if checked == 0 {
		t.Fatal("the README has no relative links: the test would check nothing")
	}
	if _, err := os.Stat("../LICENSE"); err != nil {
		t.Errorf("no LICENSE file: %v", err)
	}
}

// hasAnchor reports whether a Markdown document has a heading whose GitHub
// anchor is frag: lower-cased, punctuation but - and _ dropped, spaces as -.
func hasAnchor(doc, frag string) bool {
	drop := regexp.MustCompile(`[^\p{L}\p{N}_\- ]`)
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.TrimSpace(strings.TrimLeft(line, "#"))
		a := strings.ReplaceAll(drop.ReplaceAllString(strings.ToLower(h), ""), " ", "-")
		if a == frag {
			return true
		}
	}
	return false
}
