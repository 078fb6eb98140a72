package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stepsHead is a world for step tests; its steps start on line 8.
const stepsHead = `name: t
accounts:
  - id: "111111111111"
    users: [{name: u}]
    roles:
      - {name: R, trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}}}
steps:
`

func TestChangeAndRepeatDiagnostics(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		steps  string
		want   []string
	}{
		{
			name:   "valid",
			reason: "every change step and both repeat forms load",
			steps: `  - create_role: {account: "111111111111", role_name: N, path: /p/, max_session_duration: 2h, description: d, tags: {a: b}, assume_role_policy_document: '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}'}
  - update_role: {account: "111111111111", role_name: N, max_session_duration: 7200}
  - delete_role: {account: "111111111111", role_name: N}
  - repeat: 3
    whoami: arn:aws:iam::111111111111:user/u
  - repeat: {count: 3, over: 1s}
    call: {as: arn:aws:iam::111111111111:user/u, action: s3:GetObject, resource: "*"}
    expect: {succeeded: 0, failed: 3}
`,
		},
		{
			name:   "missing and unknown keys",
			reason: "change steps have strict keys with hints, and required keys",
			steps: `  - delete_role: {account: "111111111111", rolename: R}
  - attach_policy: {policy_id: P}
`,
			want: []string{
				`s.yaml:8:18: missing required key "role_name" in delete_role`,
				`s.yaml:8:44: unknown key "rolename" in delete_role; did you mean "role_name"?`,
				`s.yaml:9:20: missing required key "target_id" in attach_policy`,
			},
		},
		{
			name:   "accounts",
			reason: "an IAM change acts on a declared account, given as 12 digits",
			steps: `  - delete_role: {account: "222222222222", role_name: R}
  - move_account: {account_id: "1234", destination_parent_id: Root}
`,
			want: []string{
				`s.yaml:8:28: delete_role.account: account 222222222222 is not declared in accounts`,
				`s.yaml:9:32: move_account.account_id: "1234" is not an account id: want exactly 12 digits`,
			},
		},
		{
			name:   "documents",
			reason: "change documents compile at load as their kind: a trust policy needs a Principal, an inline policy may not have one",
			steps: `  - update_assume_role_policy: {account: "111111111111", role_name: R, policy_document: {Statement: {Effect: Allow, Action: sts:AssumeRole}}}
  - put_role_policy: {account: "111111111111", role_name: R, policy_name: P, policy_document: {Statement: {Effect: Allow, Principal: "*", Action: "*", Resource: "*"}}}
  - create_role: {account: "111111111111", role_name: N, assume_role_policy_document: 12}
`,
			want: []string{
				`s.yaml:8:101: MalformedPolicyDocument: Missing required field Principal`,
				`s.yaml:9:123: MalformedPolicyDocument: Policy document should not specify a principal.`,
				`s.yaml:10:87: create_role.assume_role_policy_document: expected a policy document (a map or a JSON string), got integer`,
			},
		},
		{
			name:   "max session duration types",
			reason: "seconds or a duration of whole seconds; the range is IAM's check at run time",
			steps: `  - update_role: {account: "111111111111", role_name: R, max_session_duration: 1.5h}
  - update_role: {account: "111111111111", role_name: R, max_session_duration: 90500ms}
  - update_role: {account: "111111111111", role_name: R, max_session_duration: [1]}
  - update_role: {account: "111111111111", role_name: R, max_session_duration: 100}
`,
			want: []string{
				`s.yaml:9:80: update_role.max_session_duration: 90500ms is not a whole number of seconds`,
				`s.yaml:10:80: update_role.max_session_duration: expected seconds (integer) or a duration like 2h, got list`,
			},
		},
		{
			name:   "repeat values",
			reason: "count is 1 to 100,000, over a positive duration up to 24h",
			steps: `  - repeat: 0
    whoami: arn:aws:iam::111111111111:user/u
  - repeat: {count: 100001}
    whoami: arn:aws:iam::111111111111:user/u
  - repeat: {count: 2, over: -1s}
    whoami: arn:aws:iam::111111111111:user/u
  - repeat: {count: 2, over: 25h}
    whoami: arn:aws:iam::111111111111:user/u
  - repeat: {over: 1s}
    whoami: arn:aws:iam::111111111111:user/u
  - repeat: many
    whoami: arn:aws:iam::111111111111:user/u
`,
			want: []string{
				`s.yaml:8:13: repeat.count: must be 1 to 100000, got 0`,
				`s.yaml:10:21: repeat.count: must be 1 to 100000, got 100001`,
				`s.yaml:12:30: repeat.over: the interval must be positive, got -1s`,
				`s.yaml:14:30: repeat.over: at most 24h0m0s, got 25h`,
				`s.yaml:16:13: missing required key "count" in repeat`,
				`s.yaml:18:13: repeat.count: expected a positive integer, got string`,
			},
		},
		{
			name:   "a spread repeat moves the clock",
			reason: "after repeat over 1h the clock stands an hour later, so advancing to 30 minutes is going back",
			steps: `  - repeat: {count: 2, over: 1h}
    whoami: arn:aws:iam::111111111111:user/u
  - advance: {to: 2024-01-01T00:30:00Z}
`,
			want: []string{
				`s.yaml:10:19: advance.to: 2024-01-01T00:30:00Z is before the fake clock's time at this step, 2024-01-01T01:00:00Z: time only moves forward`,
			},
		},
		{
			name:   "repeat kinds",
			reason: "only assume, call and whoami requests repeat",
			steps: `  - repeat: 2
    advance: 1m
  - repeat: 2
    delete_role: {account: "111111111111", role_name: R}
`,
			want: []string{
				`s.yaml:8:13: repeat applies only to assume, call and whoami steps, not advance`,
				`s.yaml:10:13: repeat applies only to assume, call and whoami steps, not delete_role`,
			},
		},
		{
			name:   "repeat expectations",
			reason: "a repeated step expects counts only, not negative, adding up to at most the count (exactly, when all three are given)",
			steps: `  - repeat: 5
    whoami: arn:aws:iam::111111111111:user/u
    expect: {succeeded: 4, error: Throttling}
  - repeat: 5
    whoami: arn:aws:iam::111111111111:user/u
    expect: {succeeded: 4, throttled: 2}
  - repeat: 5
    whoami: arn:aws:iam::111111111111:user/u
    expect: {succeeded: 1, throttled: 1, failed: 1}
  - repeat: 5
    whoami: arn:aws:iam::111111111111:user/u
    expect: {succeeded: -1}
`,
			want: []string{
				`s.yaml:10:28: expect.error does not apply to a repeated step: it expects succeeded, throttled and failed counts`,
				`s.yaml:13:13: expect: the counts add up to 6, more than the 5 repeated requests`,
				`s.yaml:16:13: expect: succeeded, throttled and failed add up to 3, not to the 5 repeated requests`,
				`s.yaml:19:25: expect.succeeded: must not be negative, got -1`,
			},
		},
		{
			name:   "expect on change steps and counts elsewhere",
			reason: "change steps expect an error or success only; counts need repeat",
			steps: `  - delete_role: {account: "111111111111", role_name: R}
    expect: {error: DeleteConflict, denied_by: scp}
  - whoami: arn:aws:iam::111111111111:user/u
    expect: {succeeded: 1}
`,
			want: []string{
				`s.yaml:9:37: expect.denied_by does not apply to a delete_role step`,
				`s.yaml:11:14: expect.succeeded does not apply to a whoami step`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, stepsHead+tt.steps)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestChangeMaxSessionDurationForms pins that a change step's
// max_session_duration takes every form the other duration keys take
// (duration.go): seconds, quoted seconds and Go durations.
func TestChangeMaxSessionDurationForms(t *testing.T) {
	for _, form := range []string{`7200`, `"7200"`, `2h`, `120m`, `1h60m`} {
		t.Run(form, func(t *testing.T) {
			sc, err := Parse("s.yaml", []byte(stepsHead+`  - update_role: {account: "111111111111", role_name: R, max_session_duration: `+form+"}\n"))
			if err != nil {
				t.Fatal(err)
			}
			if got := sc.Steps[0].Change.MaxSessionDuration; got == nil || *got != 7200 {
				t.Errorf("max_session_duration %s read as %v, want 7200", form, got)
			}
		})
	}
}
