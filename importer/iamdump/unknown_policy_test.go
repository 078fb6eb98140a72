package iamdump_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// TestUnknownManagedPolicyDenies: a user allowed to assume a role by an
// inline policy is denied once a managed policy whose document the input
// does not hold is attached (the placeholder), and by AWSDenyAll (declared
// with its document); with an attached policy the input holds, he is not.
func TestUnknownManagedPolicyDenies(t *testing.T) {
	const allowDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`
	held := `{"PolicyName":"Held","Arn":"arn:aws:iam::111111111111:policy/Held","Path":"/","DefaultVersionId":"v1","PolicyVersionList":[{"Document":` + allowDoc + `,"VersionId":"v1","IsDefaultVersion":true}]}`
	dump := func(attached string) string {
		return `{"Policies":[` + held + `],"UserDetailList":[{"UserName":"u","Arn":"arn:aws:iam::111111111111:user/u","UserPolicyList":[{"PolicyName":"allow","PolicyDocument":` + allowDoc + `}],` +
			`"AttachedManagedPolicies":[{"PolicyArn":"` + attached + `"}]}],"RoleDetailList":[` + roleJSON("A", trustDoc) + `]}`
	}
	const step = "\nsteps:\n  - id: u-assumes-a\n    assume:\n      as: arn:aws:iam::111111111111:user/u\n      role_arn: arn:aws:iam::111111111111:role/A\n      role_session_name: user-u\n    expect:\n"
	tests := []struct {
		name, reason, attached, expect string
	}{
		{"aws managed, no document", "the placeholder denies everything", "arn:aws:iam::aws:policy/ReadOnlyAccess", "      error: AccessDenied\n      denied_by: identity_policy\n"},
		{"customer managed, no document", "so does a customer policy's", "arn:aws:iam::111111111111:policy/Elsewhere", "      error: AccessDenied\n      denied_by: identity_policy\n"},
		{"AWSDenyAll", "AWSDenyAll denies everything, as AWS publishes it", "arn:aws:iam::aws:policy/AWSDenyAll", "      error: AccessDenied\n      denied_by: identity_policy\n"},
		{"held", "a policy the input holds is imported by reference and only allows", "arn:aws:iam::111111111111:policy/Held", "      duration: 1h\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := iamdump.Import([]iamdump.Source{src("d.json", dump(tt.attached))}, iamdump.Options{})
			if err != nil {
				t.Fatal(err)
			}
			sc, err := scenario.Parse("world.yaml", append(append([]byte(nil), res.YAML...), step+tt.expect...))
			if err != nil {
				t.Fatalf("the world does not load: %v\n%s", err, res.YAML)
			}
			rep, err := sim.Run(sc)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Steps) != 1 || !rep.Passed() {
				for _, st := range rep.Steps {
					t.Errorf("%s: %v\n%s", tt.reason, st.Problems, res.YAML)
				}
			}
			if strings.Contains(tt.name, "no document") && !strings.Contains(string(res.YAML), "PlaceholderDocumentNotInInput") {
				t.Errorf("%s: no placeholder in the world", tt.reason)
			}
		})
	}
}
