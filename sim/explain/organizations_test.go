package explain_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
)

// TestScopeSeveralOrganizations: with several organizations, the scope
// says which organization's policies stay out, naming it.
func TestScopeSeveralOrganizations(t *testing.T) {
	const file = "../../conformance/scps-apply-to-their-own-organization.yaml"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse(file, src)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := explain.Explain(rep, src)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		step, reason string
		want         []string
	}{
		{"own-member-denied", "alice's SCPs apply, and the bucket is in her own account", nil},
		{"own-member-denied-in-the-other-organization", "a member of org A on org B's bucket: A's SCPs and B's RCPs apply", nil},
		{"no-organization-not-limited", "the caller is in no organization; the resource's account is a member of A",
			[]string{"No SCP applies: the caller's account 555555555555 is in no organization."}},
		{"management-account-not-limited", "the management account of org A is exempt from A's SCPs",
			[]string{"No SCP applies: the caller is in the management account of organization o-aaaaaaaaaa (111111111111), and SCPs never limit its principals."}},
	}
	for _, tt := range tests {
		t.Run(tt.step, func(t *testing.T) {
			e := ex.Step(tt.step)
			if e == nil || len(e.Authorizations) == 0 {
				t.Fatalf("step %q has no authorization to explain", tt.step)
			}
			if diff := cmp.Diff(tt.want, e.Authorizations[0].Scope); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
