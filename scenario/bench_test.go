package scenario

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"
)

// BenchmarkParse loads a realistic scenario: 3 accounts, an organization, a
// dozen policies and 20 steps, 5 of them advances.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/valid/org-chain.yaml")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Parse("org-chain.yaml", data); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("org-chain.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYAMLDecodeOnly decodes the same file into a yaml.Node and does
// nothing else: the floor under BenchmarkParse that yaml.v3 sets.
func BenchmarkYAMLDecodeOnly(b *testing.B) {
	data, err := os.ReadFile("testdata/valid/org-chain.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var n yaml.Node
		if err := yaml.Unmarshal(data, &n); err != nil {
			b.Fatal(err)
		}
	}
}
