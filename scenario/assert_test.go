package scenario

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// assertHead is a world with one step for assertion tests; its assert:
// entries start on line 9.
const assertHead = `name: t
accounts:
  - id: "111111111111"
    users: [{name: u}]
    roles:
      - {name: R, trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}}}
steps: [{id: s, whoami: arn:aws:iam::111111111111:user/u}]
assert:
`

func TestAssertDiagnostics(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		assert string
		want   []string
	}{
		{
			name:   "valid",
			reason: "every kind loads, with and without ids and notes",
			assert: `  - can_reach: {principal: u, role: R, max_duration: 1h}
  - {id: x, note: n, cannot_reach: {principal: u, role: arn:aws:iam::111111111111:role/R}}
  - can_perform: {principal: u, action: s3:GetObject, resource: "arn:aws:s3:::b/k"}
  - cannot_perform: {principal: R, action: iam:PassRole, resource: "arn:aws:iam::111111111111:role/R"}
  - no_juggling: {}
  - no_juggling: {from: u}
`,
		},
		{
			name:   "unknown keys",
			reason: "entries and their bodies are strict, with hints; max_duration belongs to can_reach only",
			assert: `  - can_reach: {principal: u, rol: R}
  - cannot_reach: {principal: u, role: R, max_duration: 1h}
  - canreach: {principal: u, role: R}
  - no_juggling: {form: u}
`,
			want: []string{
				`s.yaml:9:16: missing required key "role" in assert.can_reach`,
				`s.yaml:9:31: unknown key "rol" in assert.can_reach; did you mean "role"?`,
				`s.yaml:10:43: unknown key "max_duration" in assert.cannot_reach`,
				`s.yaml:11:5: unknown key "canreach" in assert; did you mean "can_reach"?`,
				`s.yaml:12:19: unknown key "form" in assert.no_juggling; did you mean "from"?`,
			},
		},
		{
			name:   "kinds",
			reason: "an entry claims exactly one thing, and needs a body",
			assert: `  - {id: a}
  - {can_reach: {principal: u, role: R}, no_juggling: {}}
  - no_juggling:
`,
			want: []string{
				`s.yaml:9:5: assertion needs one of can_reach, cannot_reach, can_perform, cannot_perform, no_juggling`,
				`s.yaml:10:42: assertion has both "can_reach" and "no_juggling": an entry claims exactly one thing`,
				`s.yaml:11:17: assert.no_juggling: expected a map ({} for the whole world), got null`,
			},
		},
		{
			name:   "ids",
			reason: "ids are unique among steps and assertions, default ids included",
			assert: `  - {id: s, no_juggling: {}}
  - {id: assert-3, no_juggling: {}}
  - no_juggling: {}
  - {id: "a b", no_juggling: {}}
`,
			want: []string{
				`s.yaml:9:10: duplicate id "s" (first at line 7, column 9): steps and assertions each need their own`,
				`s.yaml:11:5: assertion 3 has no id and its default id "assert-3" is already taken (line 10, column 5): give it an id`,
				`s.yaml:12:10: assert.id: "a b" may contain only letters, digits and ._-`,
			},
		},
		{
			name:   "values",
			reason: "one action and one resource ARN, no wildcards; a positive whole-second bound; names not empty",
			assert: `  - can_perform: {principal: u, action: "s3:Get*", resource: "arn:aws:s3:::b/*"}
  - cannot_perform: {principal: "", action: s3:GetObject, resource: b}
  - can_reach: {principal: u, role: R, max_duration: 0}
  - can_reach: {principal: u, role: R, max_duration: 1.5s}
  - can_reach: {principal: u, role: R, max_duration: soon}
`,
			want: []string{
				`s.yaml:9:41: assert.can_perform.action: "s3:Get*" is not one action like s3:GetObject (an assertion checks one request: no wildcards)`,
				`s.yaml:9:62: assert.can_perform.resource: "arn:aws:s3:::b/*" is not one resource ARN (an assertion checks one request: no wildcards, which would match only the policies that name the same pattern)`,
				`s.yaml:10:33: assert.cannot_perform.principal: must not be empty`,
				`s.yaml:10:69: assert.cannot_perform.resource: "b" is not one resource ARN (an assertion checks one request: no wildcards, which would match only the policies that name the same pattern)`,
				`s.yaml:11:54: assert.can_reach.max_duration: 0 is not a session length: give a positive duration such as 1h`,
				`s.yaml:12:54: assert.can_reach.max_duration: 1.5s is not a whole number of seconds`,
				`s.yaml:13:54: assert.can_reach.max_duration: invalid duration "soon": want seconds (3600) or a Go duration (90m, 1h30m)`,
			},
		},
		{
			name:   "not a list",
			reason: "assert: is a list of maps",
			assert: `  no_juggling: {}
`,
			want: []string{`s.yaml:9:3: scenario.assert: expected a list, got map`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, assertHead+tt.assert)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestAssertLoads checks what a valid entry loads to: kind, ids, names with
// their positions, and the bound.
func TestAssertLoads(t *testing.T) {
	sc, err := Parse("s.yaml", []byte(assertHead+`  - can_reach: {principal: u, role: R, max_duration: 90m}
  - {id: own, note: why, cannot_perform: {principal: u, action: s3:GetObject, resource: "arn:aws:s3:::b/k"}}
  - no_juggling: {}
`))
	if err != nil {
		t.Fatal(err)
	}
	want := []*Assertion{
		{Pos: Pos{"s.yaml", 9, 5}, ID: "assert-1", Kind: AssertCanReach, Principal: Ref{Pos{"s.yaml", 9, 28}, "u"}, Role: Ref{Pos{"s.yaml", 9, 37}, "R"},
			MaxDuration: 90 * time.Minute, MaxDurationPos: Pos{"s.yaml", 9, 54}},
		{Pos: Pos{"s.yaml", 10, 5}, ID: "own", Note: "why", Kind: AssertCannotPerform, Principal: Ref{Pos{"s.yaml", 10, 54}, "u"},
			Action: Ref{Pos{"s.yaml", 10, 65}, "s3:GetObject"}, Resource: Ref{Pos{"s.yaml", 10, 89}, "arn:aws:s3:::b/k"}},
		{Pos: Pos{"s.yaml", 11, 5}, ID: "assert-3", Kind: AssertNoJuggling},
	}
	if diff := cmp.Diff(want, sc.Asserts); diff != "" {
		t.Errorf("assertions (-want +got):\n%s", diff)
	}
}
