package tfplan_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
)

// TestMembershipGroupNotInPlan: a membership (aws_iam_user_group_membership
// or aws_iam_group_membership) in a group the plan does not manage is not
// left out, since the group's policies may deny: the user gets iamdump's
// placeholder inline policy placeholder-group-NAME that denies everything,
// and the note says how to supply the group (its aws_iam_group, or --over a
// snapshot that holds it). A group the plan or the snapshot holds is a
// membership.
func TestMembershipGroupNotInPlan(t *testing.T) {
	user := `{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","values":{"arn":"arn:aws:iam::111111111111:user/u","name":"u","path":"/"}}`
	group := `{"address":"aws_iam_group.ops","mode":"managed","type":"aws_iam_group","name":"ops","values":{"arn":"arn:aws:iam::111111111111:group/ops","name":"ops","path":"/"}}`
	userGroups := `{"address":"aws_iam_user_group_membership.m","mode":"managed","type":"aws_iam_user_group_membership","name":"m","values":{"user":"u","groups":["ops"]}}`
	groupUsers := `{"address":"aws_iam_group_membership.m","mode":"managed","type":"aws_iam_group_membership","name":"m","values":{"name":"m","group":"ops","users":["u"]}}`
	note := func(addr string) string {
		return "plan.json: " + addr + ": user u: group ops is not in the input (a group the plan does not manage, or a page of the snapshot missing): " +
			"imported as the placeholder inline policy placeholder-group-ops, which denies everything (Sid " + iamdump.PlaceholderGroupSid + "), since the group's policies may deny, " +
			"and leaving the membership out would allow more than AWS will; add its aws_iam_group to the plan, or lay the plan --over a snapshot of account 111111111111 whose GroupDetailList holds ops"
	}
	const placeholder = "# PLACEHOLDER: group ops, which user u is a member of, is not in the input; this denies everything\n          placeholder-group-ops:"
	groupPage := iamdump.Source{Name: "snapshot/identity-groups.json", Data: []byte(`{"GroupDetailList":[{"GroupName":"ops","Path":"/","GroupId":"AGPAEXAMPLEOPS000001","Arn":"arn:aws:iam::111111111111:group/ops"}]}`)}
	tests := []struct {
		name, reason string
		resources    string
		over         []iamdump.Source // with the snapshot's sources, --over
		note         string           // a note that must be there; "" none of placeholder-group
		in, out      []string
	}{
		{name: "user_group_membership", reason: "aws_iam_user_group_membership in a group the plan does not manage",
			resources: user + "," + userGroups, note: note("aws_iam_user_group_membership.m"),
			in: []string{placeholder, "Sid: " + iamdump.PlaceholderGroupSid}, out: []string{"groups:"}},
		{name: "group_membership", reason: "aws_iam_group_membership of a group the plan does not manage",
			resources: user + "," + groupUsers, note: note("aws_iam_group_membership.m"),
			in: []string{placeholder}, out: []string{"groups:"}},
		{name: "in plan", reason: "a group the plan manages is a membership",
			resources: user + "," + group + "," + userGroups,
			in:        []string{"groups:\n          - ops"}, out: []string{"placeholder-group-"}},
		{name: "over without", reason: "--over a snapshot that does not hold the group: still the placeholder",
			resources: user + "," + userGroups, over: []iamdump.Source{}, note: note("aws_iam_user_group_membership.m"),
			in: []string{placeholder}, out: []string{"groups:"}},
		{name: "over with", reason: "--over a snapshot whose dump holds the group: a membership",
			resources: user + "," + groupUsers, over: []iamdump.Source{groupPage},
			in: []string{"groups:\n          - ops"}, out: []string{"placeholder-group-"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts tfplan.Options
			if tt.over != nil {
				srcs, _ := snapshot(t)
				s, err := iamdump.ReadSnapshot(append(srcs, tt.over...))
				if err != nil {
					t.Fatal(err)
				}
				opts.Over = s
			}
			res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: plan(tt.resources, "")}, opts)
			if err != nil {
				t.Fatal(err)
			}
			var found bool
			for _, n := range res.Notes {
				found = found || n.String() == tt.note
				if tt.note == "" && strings.Contains(n.Message, "placeholder-group-") {
					t.Errorf("%s: note %s", tt.reason, n)
				}
			}
			if tt.note != "" && !found {
				t.Errorf("%s: no note\n  %s\namong\n  %v", tt.reason, tt.note, res.Notes)
			}
			yaml := string(res.YAML)
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
		})
	}
}
