package report_test

import (
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

// TestMillenniaBounded checks that the page of a run spanning year 1 to
// year 9999 stays small: its timeline ticks the axis by span, not daily
// (626 MB before).
func TestMillenniaBounded(t *testing.T) {
	src := []byte(`name: millennia
start: 0001-01-02T00:00:00Z
accounts:
  - id: "111111111111"
    users: [{name: alice}]
steps:
  - advance: {to: 9999-12-31T00:00:00Z}
  - whoami: arn:aws:iam::111111111111:user/alice
`)
	sc, err := scenario.Parse("millennia.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, []loaded{{name: "millennia.yaml", src: src, sc: sc}})
	const maxBytes = 200 << 10
	if len(page) > maxBytes {
		t.Errorf("the page is %d bytes, want at most %d", len(page), maxBytes)
	}
	if err := wellFormed(page); err != nil {
		t.Errorf("the page is not well-formed XML: %v", err)
	}
}
