package iamdump_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// userJSON is a UserDetail of account 111111111111 in the groups given
// (raw JSON list items), allowed s3:GetObject by an inline policy.
func userJSON(name, groups string) string {
	return `{"UserName":"` + name + `","Path":"/","UserId":"AIDAEXAMPLE` + strings.ToUpper(name) + `","Arn":"arn:aws:iam::111111111111:user/` + name + `","GroupList":[` + groups + `],` +
		`"UserPolicyList":[{"PolicyName":"Read","PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}}]}`
}

// groupJSON is a GroupDetail of account 111111111111 with no policy.
func groupJSON(name string) string {
	return `{"GroupName":"` + name + `","Path":"/","GroupId":"AGPAEXAMPLE` + strings.ToUpper(name) + `","Arn":"arn:aws:iam::111111111111:group/` + name + `"}`
}

// TestMissingGroup: a user whose GroupList names a group the input does
// not describe gets, once a group, the placeholder inline policy
// placeholder-group-NAME that denies everything (the group's Denies must
// not be lost), with a note saying how to supply the group; a group the
// input describes, on whatever page, is a membership.
func TestMissingGroup(t *testing.T) {
	const note = "d.json: $.UserDetailList[0].GroupList[0]: user u: group Contractors is not in the input (a page of the dump missing, or a group of another dump): " +
		"imported as the placeholder inline policy placeholder-group-Contractors, which denies everything (Sid PlaceholderGroupNotInInput), since the group's policies may deny, " +
		"and leaving the membership out would allow more than AWS will; add the get-account-authorization-details page of account 111111111111 whose GroupDetailList holds Contractors"
	tests := []struct {
		name, reason string
		srcs         []iamdump.Source
		notes        []string // the notes, all of them
		in, out      []string // in the world, not in it
		denied       bool     // u's s3:GetObject is denied
	}{
		{"missing", "the group is a placeholder that denies everything, noted with the fix",
			[]iamdump.Source{src("d.json", `{"UserDetailList":[`+userJSON("u", `"Contractors"`)+`]}`)},
			[]string{note},
			[]string{"# PLACEHOLDER: group Contractors, which user u is a member of, is not in the input; this denies everything\n          placeholder-group-Contractors:",
				"- Sid: " + iamdump.PlaceholderGroupSid + "\n                Effect: Deny\n                Action: \"*\"\n                Resource: \"*\""},
			[]string{"groups:"}, true},
		{"once", "a group named twice, in two cases, is one placeholder (IAM's group names ignore case)",
			[]iamdump.Source{src("d.json", `{"UserDetailList":[`+userJSON("u", `"Contractors","contractors"`)+`]}`)},
			[]string{note},
			[]string{"placeholder-group-Contractors:"}, []string{"placeholder-group-contractors", "placeholder-group-Contractors-2"}, true},
		{"name-taken", "an inline policy of the placeholder's name already there gives the placeholder another name",
			[]iamdump.Source{src("d.json", `{"UserDetailList":[`+strings.Replace(userJSON("u", `"Contractors"`), `"PolicyName":"Read"`, `"PolicyName":"placeholder-group-Contractors"`, 1)+`]}`)},
			[]string{strings.Replace(note, "policy placeholder-group-Contractors,", "policy placeholder-group-Contractors-2,", 1)},
			[]string{"placeholder-group-Contractors:", "placeholder-group-Contractors-2:"}, nil, true},
		{"described", "a group the dump describes is a membership, no placeholder",
			[]iamdump.Source{src("d.json", `{"UserDetailList":[`+userJSON("u", `"Contractors"`)+`],"GroupDetailList":[`+groupJSON("Contractors")+`]}`)},
			nil, []string{"groups:\n          - Contractors"}, []string{"placeholder-group-"}, false},
		{"other-page", "the page that holds the group, added, is the fix",
			[]iamdump.Source{
				src("p1.json", `{"UserDetailList":[`+userJSON("u", `"Contractors"`)+`],"IsTruncated":true,"Marker":"m1"}`),
				src("p2.json", `{"GroupDetailList":[`+groupJSON("Contractors")+`],"IsTruncated":false}`)},
			nil, []string{"groups:\n          - Contractors"}, []string{"placeholder-group-"}, false},
		{"other-account", "a group of the same name in another account is not the user's group",
			[]iamdump.Source{src("d.json", `{"UserDetailList":[`+userJSON("u", `"Contractors"`)+`]}`),
				src("e.json", `{"GroupDetailList":[`+strings.ReplaceAll(groupJSON("Contractors"), "111111111111", "222222222222")+`]}`)},
			[]string{note}, []string{"placeholder-group-Contractors:"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, yaml := notes(t, tt.srcs...)
			if strings.Join(got, "\n") != strings.Join(tt.notes, "\n") {
				t.Errorf("%s: notes (-want +got):\n-  %s\n+  %s", tt.reason, strings.Join(tt.notes, "\n-  "), strings.Join(got, "\n+  "))
			}
			world := yaml[strings.Index(yaml, "\nversion:"):]
			for _, s := range tt.in {
				if !strings.Contains(world, s) {
					t.Errorf("%s: the world lacks %q:\n%s", tt.reason, s, yaml)
				}
			}
			for _, s := range tt.out {
				if strings.Contains(world, s) {
					t.Errorf("%s: the world has %q:\n%s", tt.reason, s, yaml)
				}
			}
			if d := getObjectDenied(t, yaml); d != tt.denied {
				t.Errorf("%s: user u's s3:GetObject denied %v, want %v", tt.reason, d, tt.denied)
			}
		})
	}
}

// getObjectDenied runs a call of user u (account 111111111111) to
// s3:GetObject against the imported world and reports whether it was
// denied by an explicit Deny of its identity policies.
func getObjectDenied(t *testing.T, world string) bool {
	t.Helper()
	text := world + "steps:\n  - call: {as: \"arn:aws:iam::111111111111:user/u\", action: s3:GetObject, resource: \"arn:aws:s3:::bucket/key\"}\n"
	sc, err := scenario.Parse("t.yaml", []byte(text))
	if err != nil {
		t.Fatalf("does not load: %v", err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Steps) != 1 {
		t.Fatalf("%d steps run, want 1", len(rep.Steps))
	}
	if rep.Passed() {
		return false
	}
	p := strings.Join(rep.Steps[0].Problems, "; ")
	if !strings.Contains(p, "explicit deny in identity-based policy") {
		t.Fatalf("denied otherwise: %s", p)
	}
	return true
}
