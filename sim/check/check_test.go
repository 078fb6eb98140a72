package check_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/check"
)

// world is the world every case asserts about: ci reaches Deploy; alice
// reaches Admin (4h) only with an external id, and the juggling pair A and B;
// EC2 assumes Web; two roles are named Ops; the bucket's policy lets in an
// account outside the world.
const world = `version: 1
name: check-world
accounts:
  - id: "111111111111"
    users:
      - name: ci
      - name: alice
      - name: bob
    roles:
      - name: Deploy
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:user/ci}, Action: sts:AssumeRole}
        inline_policies:
          Upload:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: s3:PutObject, Resource: "arn:aws:s3:::artifacts/*"}
      - name: Admin
        max_session_duration: 4h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: arn:aws:iam::111111111111:user/alice}
              Action: sts:AssumeRole
              Condition: {StringEquals: {sts:ExternalId: x-1}}
        inline_policies:
          All:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "*", Resource: "*"}
      - name: A
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: [arn:aws:iam::111111111111:role/B, arn:aws:iam::111111111111:user/alice]}, Action: sts:AssumeRole}
      - name: B
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:role/A}, Action: sts:AssumeRole}
      - name: Web
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}
      - name: Ops
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:user/bob}, Action: sts:AssumeRole}
    resources:
      - arn: arn:aws:s3:::artifacts
        policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::999999999999:root}, Action: s3:GetObject, Resource: "arn:aws:s3:::artifacts/*"}
  - id: "222222222222"
    roles:
      - name: Ops
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::222222222222:root}, Action: sts:AssumeRole}
`

// TestCheck runs one assertion a case against world and checks the verdict,
// the message, the position it names and the paths found.
func TestCheck(t *testing.T) {
	tests := []struct {
		name, reason string
		assert       string
		pass         bool
		message      string
		at           string // line:col of Result.At
		found        []string
	}{
		{
			name: "can-reach", reason: "a direct route passes, its session within max_duration",
			assert: "can_reach: {principal: ci, role: Deploy, max_duration: 1h}", pass: true,
			message: "ci reaches Deploy: ci → Deploy, up to 1h", at: "2:5",
			found: []string{"ci → Deploy, up to 1h"},
		},
		{
			name: "can-reach-conditional", reason: "a route that relies on an external id still exists: can_reach passes and lists the condition",
			assert: "can_reach: {principal: alice, role: Admin}", pass: true,
			message: "alice reaches Admin: alice → Admin, up to 4h, if sts:ExternalId StringEquals x-1", at: "2:5",
			found: []string{"alice → Admin, up to 4h, if sts:ExternalId StringEquals x-1"},
		},
		{
			name: "can-reach-too-long", reason: "max_duration bounds the session: a route giving 4h fails a 1h bound, at the bound",
			assert:  "can_reach: {principal: alice, role: Admin, max_duration: 1h}",
			message: "alice reaches Admin with sessions of up to 4h, longer than max_duration 1h: alice → Admin, up to 4h, if sts:ExternalId StringEquals x-1", at: "2:62",
			found: []string{"alice → Admin, up to 4h, if sts:ExternalId StringEquals x-1"},
		},
		{
			name: "can-reach-service-session", reason: "a service sets its sessions' length: no bound can be shown",
			assert:  "can_reach: {principal: ec2.amazonaws.com, role: Web, max_duration: 6h}",
			message: "ec2.amazonaws.com reaches Web (ec2.amazonaws.com → Web, session length set by the service), but the service sets the session length: it cannot be shown to be at most 6h", at: "2:72",
			found: []string{"ec2.amazonaws.com → Web, session length set by the service"},
		},
		{
			name: "can-reach-no-route", reason: "a failed can_reach says what the principal reaches and who the role trusts",
			assert:  "can_reach: {principal: ci, role: Admin}",
			message: "ci cannot reach Admin: no chain of role assumptions leads there. ci reaches 1 role: Deploy. Admin can be assumed directly by alice.", at: "2:5",
		},
		{
			name: "can-reach-chained", reason: "a chain of two hops: the last hop is chained, an hour",
			assert: "can_reach: {principal: alice, role: B, max_duration: 1h}", pass: true,
			message: "alice reaches B: alice → A → B, up to 1h (chained)", at: "2:5",
			found: []string{"alice → A → B, up to 1h (chained)"},
		},
		{
			name: "cannot-reach", reason: "no route under any condition passes",
			assert: "cannot_reach: {principal: ci, role: Admin}", pass: true,
			message: "ci cannot reach Admin: no chain of role assumptions leads there, under any condition", at: "2:5",
		},
		{
			name: "cannot-reach-conditional", reason: "a route under conditions fails cannot_reach: the conditions may hold",
			assert:  "cannot_reach: {principal: alice, role: Admin}",
			message: "alice can reach Admin: alice → Admin, up to 4h, if sts:ExternalId StringEquals x-1 (conditions that may hold still give access)", at: "2:5",
			found: []string{"alice → Admin, up to 4h, if sts:ExternalId StringEquals x-1"},
		},
		{
			name: "unknown-principal", reason: "a name that matches nothing fails (a typo must not pass cannot_reach), at the name, with a hint",
			assert:  "cannot_reach: {principal: Alice, role: Admin}",
			message: `principal "Alice": no principal of the world is named so (give its name, or its ARN); did you mean "alice"?`, at: "2:31",
		},
		{
			name: "ambiguous-role", reason: "a name two roles share fails, naming both ARNs",
			assert:  "cannot_reach: {principal: ci, role: Ops}",
			message: `role "Ops" names 2 roles (arn:aws:iam::111111111111:role/Ops, arn:aws:iam::222222222222:role/Ops): give the ARN`, at: "2:41",
		},
		{
			name: "can-perform-chain", reason: "a grant through a role counts, with its path",
			assert: "can_perform: {principal: ci, action: s3:PutObject, resource: arn:aws:s3:::artifacts/a.zip}", pass: true,
			message: "ci can be allowed s3:PutObject on arn:aws:s3:::artifacts/a.zip: ci → Deploy, up to 1h: s3:PutObject on arn:aws:s3:::artifacts/a.zip", at: "2:5",
			found: []string{"ci → Deploy, up to 1h: s3:PutObject on arn:aws:s3:::artifacts/a.zip"},
		},
		{
			name: "can-perform-missing", reason: "a failed can_perform lists who can",
			assert:  "can_perform: {principal: ci, action: s3:GetObject, resource: arn:aws:s3:::artifacts/a.zip}",
			message: "ci cannot be allowed s3:GetObject on arn:aws:s3:::artifacts/a.zip, itself or through any role it reaches. Who can: Admin, alice, arn:aws:iam::999999999999:root.", at: "2:5",
		},
		{
			name: "cannot-perform-conditional", reason: "alice's grant through Admin needs the external id: cannot_perform fails on it",
			assert:  "cannot_perform: {principal: alice, action: s3:DeleteObject, resource: arn:aws:s3:::artifacts/a.zip}",
			message: "alice can be allowed s3:DeleteObject on arn:aws:s3:::artifacts/a.zip (1 way): alice → Admin, up to 4h: s3:DeleteObject on arn:aws:s3:::artifacts/a.zip, if sts:ExternalId StringEquals x-1", at: "2:5",
			found: []string{"alice → Admin, up to 4h: s3:DeleteObject on arn:aws:s3:::artifacts/a.zip, if sts:ExternalId StringEquals x-1"},
		},
		{
			name: "outsider-perform", reason: "an account outside the world that the bucket policy names is a principal too",
			assert: "can_perform: {principal: \"arn:aws:iam::999999999999:root\", action: s3:GetObject, resource: arn:aws:s3:::artifacts/a.zip}", pass: true,
			message: "arn:aws:iam::999999999999:root can be allowed s3:GetObject on arn:aws:s3:::artifacts/a.zip: arn:aws:iam::999999999999:root: s3:GetObject on arn:aws:s3:::artifacts/a.zip, and if its own account's policies allow it (they are outside the world)", at: "2:5",
			found: []string{"arn:aws:iam::999999999999:root: s3:GetObject on arn:aws:s3:::artifacts/a.zip, and if its own account's policies allow it (they are outside the world)"},
		},
		{
			name: "no-juggling-world", reason: "the A-B cycle fails a world-wide no_juggling",
			assert:  "no_juggling: {}",
			message: "1 cycle of roles can re-assume each other forever: A, then around A → B → A (a hop within 1h of the last, forever)", at: "2:5",
			found: []string{"A, then around A → B → A (a hop within 1h of the last, forever)"},
		},
		{
			name: "no-juggling-from-entrant", reason: "alice can enter the cycle: the path in, then the loop",
			assert:  "no_juggling: {from: alice}",
			message: "alice can enter 1 cycle of roles that re-assume each other forever: alice → A, then around A → B → A (a hop within 1h of the last, forever)", at: "2:5",
			found: []string{"alice → A, then around A → B → A (a hop within 1h of the last, forever)"},
		},
		{
			name: "no-juggling-from-member", reason: "a role of the cycle is in it; the loop starts at it",
			assert:  "no_juggling: {from: B}",
			message: "B can enter 1 cycle of roles that re-assume each other forever: B, then around B → A → B (a hop within 1h of the last, forever)", at: "2:5",
			found: []string{"B, then around B → A → B (a hop within 1h of the last, forever)"},
		},
		{
			name: "no-juggling-from-clean", reason: "ci reaches no role of a cycle",
			assert: "no_juggling: {from: ci}", pass: true,
			message: "ci can enter no cycle of roles that re-assume each other", at: "2:5",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := world + "assert:\n  - " + tt.assert + "\n"
			sc, err := scenario.Parse("w.yaml", []byte(src))
			if err != nil {
				t.Fatalf("%v", err)
			}
			// Assertion positions count from the assert: line.
			base := strings.Count(world, "\n")
			res, err := check.Scenario(sc)
			if err != nil || len(res) != 1 {
				t.Fatalf("check.Scenario: %d results, %v", len(res), err)
			}
			r := res[0]
			var found []string
			for _, p := range r.Found {
				found = append(found, p.Line())
			}
			at := ""
			if r.At.Line > 0 {
				at = strconv.Itoa(r.At.Line-base) + ":" + strconv.Itoa(r.At.Col)
			}
			got := struct {
				Pass        bool
				Message, At string
				Found       []string
			}{r.Pass, r.Message, at, found}
			want := struct {
				Pass        bool
				Message, At string
				Found       []string
			}{tt.pass, tt.message, tt.at, tt.found}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s\nresult (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestScenarioWithoutAssertions checks that a scenario without assert:
// gets no results (and no world is built for it).
func TestScenarioWithoutAssertions(t *testing.T) {
	sc, err := scenario.Parse("w.yaml", []byte(world))
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Scenario(sc)
	if res != nil || err != nil {
		t.Errorf("check.Scenario = %v, %v; want nil, nil", res, err)
	}
}

// TestCheckerRunsInOrder checks that Run keeps the file's order and that
// the who-can answer shared by two assertions gives each its own verdict.
func TestCheckerRunsInOrder(t *testing.T) {
	src := world + `assert:
  - {id: one, cannot_perform: {principal: ci, action: s3:PutObject, resource: "arn:aws:s3:::artifacts/k"}}
  - {id: two, can_perform: {principal: ci, action: s3:PutObject, resource: "arn:aws:s3:::artifacts/k"}}
  - {id: three, no_juggling: {from: bob}}
`
	sc, err := scenario.Parse("w.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := check.Scenario(sc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res {
		got = append(got, r.Assertion.ID+" "+strconv.FormatBool(r.Pass))
	}
	want := []string{"one false", "two true", "three true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
}
