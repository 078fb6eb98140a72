package tfplan_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// orgPlan is a plan with an organization (o-abcdefghij, root r-ab12,
// managed by 111111111111), a user and a role in 222222222222, and the
// given aws_organizations_* resources, changes and configuration
// resources.
func orgPlan(resources, changes, config string) []byte {
	org := `{"address":"aws_organizations_organization.org","mode":"managed","type":"aws_organizations_organization","name":"org","values":{"id":"o-abcdefghij","master_account_id":"111111111111","feature_set":"ALL","enabled_policy_types":["SERVICE_CONTROL_POLICY"],"roots":[{"id":"r-ab12","name":"Root"}],"accounts":[{"id":"111111111111"},{"id":"222222222222"}]}}`
	iam := `,{"address":"aws_iam_user.u","mode":"managed","type":"aws_iam_user","name":"u","values":{"arn":"arn:aws:iam::222222222222:user/u","name":"u","path":"/"}}` +
		`,{"address":"aws_iam_user_policy.u","mode":"managed","type":"aws_iam_user_policy","name":"u","values":{"user":"u","name":"any","policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"}}` +
		`,{"address":"aws_iam_role.r","mode":"managed","type":"aws_iam_role","name":"r","values":{"arn":"arn:aws:iam::222222222222:role/r","name":"r","path":"/","max_session_duration":3600,"assume_role_policy":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"sts:AssumeRole\"}]}"}}`
	if resources != "" {
		resources = "," + resources
	}
	return []byte(`{"format_version":"1.2","planned_values":{"root_module":{"resources":[` + org + iam + resources + `]}},"resource_changes":[` + changes +
		`],"configuration":{"root_module":{"resources":[` + config + `]}}}`)
}

func orgRes(typ, name, values string) string {
	return `{"address":"` + typ + `.` + name + `","mode":"managed","type":"` + typ + `","name":"` + name + `","values":{` + values + `}}`
}

func unknown(addr, keys string) string {
	return `{"address":"` + addr + `","mode":"managed","change":{"actions":["create"],"after_unknown":{` + keys + `}}}`
}

func refs(addr, attrs string) string {
	return `{"address":"` + addr + `","expressions":{` + attrs + `}}`
}

const (
	denyAssume = `"name":"deny-assume","type":"SERVICE_CONTROL_POLICY","content":"{\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"`
	// The account moves into an OU the plan creates, and an SCP the plan
	// creates is attached to it: every id involved is unknown until apply.
	newOU      = `"name":"Locked","parent_id":"r-ab12"`
	movedAcct  = `"id":"222222222222","name":"workload","email":"w@example.com"`
	attachment = `"skip_destroy":null`
)

// assumeStep is a step of u assuming r in 222222222222, expecting want.
const assumeStep = "\nsteps:\n  - id: u-assumes-r\n    assume:\n      as: arn:aws:iam::222222222222:user/u\n      role_arn: arn:aws:iam::222222222222:role/r\n      role_session_name: user-u\n    expect:\n"

// TestOrganizationSCP: an SCP the plan creates, attached through
// references to an OU the plan creates, which an account moves into (every
// id unknown until apply), loads with sim.NewWorld and denies the
// account's role; without the attachment the same step is allowed.
func TestOrganizationSCP(t *testing.T) {
	resources := orgRes("aws_organizations_organizational_unit", "locked", newOU) + "," +
		orgRes("aws_organizations_account", "workload", movedAcct) + "," +
		orgRes("aws_organizations_policy", "deny", denyAssume)
	changes := unknown("aws_organizations_organizational_unit.locked", `"id":true`) + "," +
		unknown("aws_organizations_account.workload", `"parent_id":true`) + "," +
		unknown("aws_organizations_policy.deny", `"id":true`)
	config := refs("aws_organizations_account.workload", `"parent_id":{"references":["aws_organizations_organizational_unit.locked.id","aws_organizations_organizational_unit.locked"]}`)
	attach := orgRes("aws_organizations_policy_attachment", "deny_locked", attachment)
	attachChange := unknown("aws_organizations_policy_attachment.deny_locked", `"policy_id":true,"target_id":true`)
	attachRefs := refs("aws_organizations_policy_attachment.deny_locked", `"policy_id":{"references":["aws_organizations_policy.deny.id","aws_organizations_policy.deny"]},`+
		`"target_id":{"references":["aws_organizations_organizational_unit.locked.id","aws_organizations_organizational_unit.locked"]}`)
	tests := []struct {
		name, reason string
		data         []byte
		expect       string
		notes        []string
	}{
		{name: "attached", reason: "the SCP reaches the account through the OU it moves into",
			data:   orgPlan(resources+","+attach, changes+","+attachChange, config+","+attachRefs),
			expect: "      error: AccessDenied\n      denied_by: scp\n",
			notes: []string{"aws_organizations_account.workload: parent_id is unknown until apply; the configuration refers to aws_organizations_organizational_unit.locked: read as ou-unknownuntilapply-00000001",
				"aws_organizations_policy_attachment.deny_locked: policy_id is unknown until apply; the configuration refers to aws_organizations_policy.deny: read as p-unknownuntilapply1",
				"aws_organizations_policy_attachment.deny_locked: target_id is unknown until apply; the configuration refers to aws_organizations_organizational_unit.locked: read as ou-unknownuntilapply-00000001"}},
		{name: "not attached", reason: "the SCP is imported but attached nowhere",
			data:   orgPlan(resources, changes, config),
			expect: "      duration: 1h\n",
			notes:  []string{"aws_organizations_policy.deny: organization policy deny-assume: no attachment in the input: imported, but attached nowhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: tt.data}, tfplan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var notes []string
			for _, n := range res.Notes {
				notes = append(notes, n.String())
			}
			all := strings.Join(notes, "\n")
			for _, want := range tt.notes {
				if !strings.Contains(all, want) {
					t.Errorf("%s: the notes lack %q:\n%s", tt.reason, want, all)
				}
			}
			sc, err := scenario.Parse("world.yaml", append(append([]byte(nil), res.YAML...), assumeStep+tt.expect...))
			if err != nil {
				t.Fatalf("the world does not load: %v\n%s", err, res.YAML)
			}
			if _, err := sim.NewWorld(sc); err != nil {
				t.Fatalf("sim.NewWorld: %v", err)
			}
			rep, err := sim.Run(sc)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Steps) != 1 || !rep.Passed() {
				for _, st := range rep.Steps {
					t.Errorf("%s: the step does not pass: %v\n%s", tt.reason, st.Problems, res.YAML)
				}
			}
		})
	}
}

// TestOrganizationNotes: what the plan cannot tell about the organization
// is noted by resource address, and whatever could deny is a placeholder
// that denies everything, never left out.
func TestOrganizationNotes(t *testing.T) {
	tests := []struct {
		name, reason       string
		data               []byte
		notes, world, lack []string
	}{
		{name: "no organization", reason: "without aws_organizations_organization the organization is not known",
			data: []byte(`{"planned_values":{"root_module":{"resources":[` + role(`"max_session_duration":3600,"assume_role_policy":`+trust) + `,` +
				orgRes("aws_organizations_policy", "p", denyAssume+`,"id":"p-abcdefgh"`) + `]}}}`),
			notes: []string{"aws_organizations_policy.p: aws_organizations_policy: the plan has no aws_organizations_organization, so the organization is not known (give its Organizations listings, list-roots included, with --over): not imported"},
			lack:  []string{"organization:"}},
		{name: "not enabled", reason: "an SCP of an organization whose SCPs are not enabled applies nowhere",
			data:  []byte(strings.Replace(string(orgPlan(orgRes("aws_organizations_policy", "p", denyAssume+`,"id":"p-abcdefgh"`), "", "")), `"enabled_policy_types":["SERVICE_CONTROL_POLICY"]`, `"enabled_policy_types":[]`, 1)),
			notes: []string{"SERVICE_CONTROL_POLICY is not enabled in aws_organizations_organization.org (enabled_policy_types, feature_set), so AWS applies none: not imported"},
			lack:  []string{"deny-assume"}},
		{name: "policy elsewhere", reason: "an attached policy the plan does not hold may deny: the target gets the placeholder SCP",
			data:  orgPlan(orgRes("aws_organizations_policy_attachment", "a", `"policy_id":"p-elsewhere1","target_id":"222222222222"`), "", ""),
			notes: []string{"policy p-elsewhere1 is not in the plan (managed elsewhere, or not imported), so what it denies is not known: 222222222222 gets the placeholder SCP that denies everything"},
			world: []string{"placeholder-deny-all", tfplan.PlaceholderSid}},
		{name: "unknown policy id", reason: "a policy_id unknown until apply that no reference resolves is the placeholder SCP",
			data:  orgPlan(orgRes("aws_organizations_policy_attachment", "a", `"target_id":"r-ab12"`), unknown("aws_organizations_policy_attachment.a", `"policy_id":true`), ""),
			notes: []string{"aws_organizations_policy_attachment.a: policy_id is unknown until apply and refers to no organization policy of the plan: r-ab12 gets the placeholder SCP that denies everything"},
			world: []string{"placeholder-deny-all"}},
		{name: "unknown content", reason: "an SCP whose content is unknown until apply denies everything",
			data:  orgPlan(orgRes("aws_organizations_policy", "p", `"name":"later","type":"SERVICE_CONTROL_POLICY","id":"p-abcdefgh"`), unknown("aws_organizations_policy.p", `"content":true`), ""),
			notes: []string{"organization policy later: its content is unknown until apply (it refers to a value this plan creates): imported as a placeholder that denies everything"},
			world: []string{"PLACEHOLDER: its content of aws_organizations_policy.p is unknown until apply"}},
		{name: "unplaced member", reason: "a member no aws_organizations_account places is in a placeholder OU that denies everything",
			data:  orgPlan("", "", ""),
			notes: []string{"account 222222222222 is a member (aws_organizations_organization.org.accounts) that no aws_organizations_account of the plan places: its parent is not known: placed in the placeholder OU ou-unknownuntilapply-parent00"},
			world: []string{"placeholder-unknown-parent", "placeholder-deny-all"}},
		{name: "parent elsewhere", reason: "an OU under an OU the plan does not hold is placed in a placeholder of that OU",
			data: orgPlan(orgRes("aws_organizations_organizational_unit", "o", `"name":"Child","parent_id":"ou-ab12-elsewher","id":"ou-ab12-child001"`)+","+
				orgRes("aws_organizations_account", "w", `"id":"222222222222","parent_id":"ou-ab12-child001"`), "", ""),
			notes: []string{"aws_organizations_organizational_unit.o: its parent ou-ab12-elsewher is not in the plan (managed elsewhere): placed in the placeholder OU ou-ab12-elsewher"},
			world: []string{"name: placeholder-ou-ab12-elsewher", "name: Child"}},
		{name: "other type", reason: "a tag policy is a type rolesim does not model",
			data:  orgPlan(orgRes("aws_organizations_policy", "t", `"name":"tags","type":"TAG_POLICY","content":"{}","id":"p-abcdefgh"`), "", ""),
			notes: []string{"organization policy tags (TAG_POLICY): a policy type rolesim does not model: not imported"}},
		{name: "new account", reason: "an account the plan creates has a placeholder id",
			data: orgPlan(orgRes("aws_organizations_account", "n", `"name":"new","email":"n@example.com","parent_id":"r-ab12"`)+","+orgRes("aws_organizations_account", "w", `"id":"222222222222","parent_id":"r-ab12"`),
				unknown("aws_organizations_account.n", `"id":true`), ""),
			notes: []string{"aws_organizations_account.n: account aws_organizations_account.n: its id is unknown until apply: imported as the placeholder account 000000000001"},
			world: []string{"# from plan.json aws_organizations_account.n; PLACEHOLDER id: the id of aws_organizations_account.n is unknown until apply\n", `- "000000000001"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: tt.data}, tfplan.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var notes []string
			for _, n := range res.Notes {
				notes = append(notes, n.String())
			}
			all := strings.Join(notes, "\n")
			for _, want := range tt.notes {
				if !strings.Contains(all, want) {
					t.Errorf("%s: the notes lack %q:\n%s", tt.reason, want, all)
				}
			}
			world := string(res.YAML)
			for _, want := range tt.world {
				if !strings.Contains(world, want) {
					t.Errorf("%s: the world lacks %q:\n%s", tt.reason, want, world)
				}
			}
			for _, not := range tt.lack {
				if strings.Contains(world[strings.Index(world, "\nversion:"):], not) {
					t.Errorf("%s: the world has %q:\n%s", tt.reason, not, world)
				}
			}
		})
	}
}
