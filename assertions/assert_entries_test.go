package assertions

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAssertEntries checks that RunFile reports a scenario's assert:
// entries as subtests named after their ids, after the steps, and fails
// exactly the false ones, with the route found.
func TestAssertEntries(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a.yaml")
	src := `name: a
accounts:
  - id: "111111111111"
    users: [{name: ci}]
    roles:
      - name: Admin
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: arn:aws:iam::111111111111:user/ci}
              Action: sts:AssumeRole
              Condition: {StringEquals: {sts:ExternalId: x-1}}
steps:
  - {id: who, whoami: arn:aws:iam::111111111111:user/ci}
assert:
  - {id: no-admin, note: the design, cannot_reach: {principal: ci, role: Admin}}
  - {id: admin, can_reach: {principal: ci, role: Admin}}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(func(r *recorder) { runFile(r, source{path: file}, newConfig(nil)) })
	wantTree := []string{"T/a", "T/a/who", "T/a/no-admin FAIL", "T/a/admin"}
	if diff := cmp.Diff(wantTree, r.tree()); diff != "" {
		t.Errorf("subtests, only the false assertion failed (-want +got):\n%s", diff)
	}
	want := file + ":17:5: assertion \"no-admin\" [cannot_reach] failed\n" +
		"  note: the design\n" +
		"  ci can reach Admin: ci → Admin, up to 1h, if sts:ExternalId StringEquals x-1 (conditions that may hold still give access)\n" +
		"  found: ci → Admin, up to 1h, if sts:ExternalId StringEquals x-1\n" +
		"    arn:aws:iam::111111111111:user/ci → arn:aws:iam::111111111111:role/Admin"
	got := allErrors(r)
	if len(got) != 1 || !strings.Contains(got[0], want) {
		t.Errorf("failure report:\n got %q\nwant %q", got, want)
	}
}
