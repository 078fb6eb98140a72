package scenario

import (
	"testing"
	"testing/fstest"
)

// FuzzCompose checks that composition never panics: a fuzzed scenario uses
// the test fixtures and includes a fuzzed world file, which includes the
// scenario back. Load must return a scenario or diagnostics, never both or
// neither, and every diagnostic has a file.
func FuzzCompose(f *testing.F) {
	f.Add([]byte("name: s\nuse: [base]\ninclude: [w.yaml]\n"), []byte("accounts: [{id: \"222222222222\"}]\n"))
	f.Add([]byte("name: s\nuse: [org/small, managed-a]\naccounts:\n  - id: \"111111111111\"\n    alias: x\n    roles: [{name: dev, trust_policy: {}}]\n"),
		[]byte("include: [s.yaml]\n"))
	f.Add([]byte("name: s\ninclude: w.yaml\nsteps: [{advance: 1h}]\n"),
		[]byte("use: base\naccounts:\n  - id: \"111111111111\"\n    users: [{name: ALICE}]\n    oidc_providers: [{url: \"https://x\"}]\norganization: {management_account: \"111111111111\"}\nsteps: []\n"))
	f.Fuzz(func(t *testing.T, top, world []byte) {
		files := fstest.MapFS{"s.yaml": {Data: top}, "w.yaml": {Data: world}}
		s, err := LoadFSWith(files, "s.yaml", Options{Fixtures: composeFixtures})
		if (s == nil) == (err == nil) {
			t.Fatalf("LoadFSWith returned scenario %v and error %v", s != nil, err)
		}
		if ds, ok := err.(Diagnostics); ok {
			for _, d := range ds {
				if d.Pos.File == "" {
					t.Fatalf("a diagnostic without a file: %v", d)
				}
			}
		}
	})
}
