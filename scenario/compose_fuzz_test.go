package scenario

import (
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzCompose checks composition's promises: a fuzzed scenario uses the
// test fixtures and includes a fuzzed world file, which may include the
// scenario back. LoadFSWith returns a scenario or diagnostics, never both
// or neither; every diagnostic names one of the files taking part (s.yaml,
// w.yaml or a fixture) and points at a line and column that exist in that
// file; the diagnostics are sorted; and loading the same files twice gives
// exactly the same diagnostics and scenario.
func FuzzCompose(f *testing.F) {
	f.Add([]byte("name: s\nuse: [base]\ninclude: [w.yaml]\n"), []byte("accounts: [{id: \"222222222222\"}]\n"))
	f.Add([]byte("name: s\nuse: [org/small, managed-a]\naccounts:\n  - id: \"111111111111\"\n    alias: x\n    roles: [{name: dev, trust_policy: {}}]\n"),
		[]byte("include: [s.yaml]\n"))
	f.Add([]byte("name: s\ninclude: w.yaml\nsteps: [{advance: 1h}]\n"),
		[]byte("use: base\naccounts:\n  - id: \"111111111111\"\n    users: [{name: ALICE}]\n    oidc_providers: [{url: \"https://x\"}]\norganization: {management_account: \"111111111111\"}\nsteps: []\n"))
	// A world file whose problems must be reported in it, and a scenario
	// that refers across files (alice is declared in the fixture).
	f.Add([]byte("name: s\ninclude: [w.yaml]\nsteps:\n  - assume_role: {as: alice, role_arn: \"arn:aws:iam::111111111111:role/Dev\"}\n"),
		[]byte("use: [base]\naccounts:\n  - id: \"111111111111\"\n    rolez: []\n"))
	f.Add([]byte("name: s\ninclude: [./w.yaml, missing.yaml, ../up.yaml, /abs.yaml]\nuse: [Base, nope, org//x]\n"),
		[]byte("\xff"))
	f.Add([]byte("name: s\r\ninclude: [w.yaml]\r\n"), []byte("accounts:\r\n\t- id: 1\r\n"))
	fileNames := map[string][]byte{}
	for name, file := range composeFixtures {
		fileNames[FixturePrefix+strings.TrimSuffix(name, ".yaml")] = file.Data
	}
	f.Fuzz(func(t *testing.T, top, world []byte) {
		files := fstest.MapFS{"s.yaml": {Data: top}, "w.yaml": {Data: world}}
		inputs := map[string][]byte{"s.yaml": top, "w.yaml": world}
		for name, data := range fileNames {
			inputs[name] = data
		}
		s, err := LoadFSWith(files, "s.yaml", Options{Fixtures: composeFixtures})
		checkLoad(t, s, err, inputs)
		s2, err2 := LoadFSWith(files, "s.yaml", Options{Fixtures: composeFixtures})
		checkSameLoad(t, s, err, s2, err2)
	})
}
