package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// expectWorld is a minimal world for expect-parsing tests; steps follow.
const expectWorld = `
name: t
accounts:
  - id: "111111111111"
    users:
      - name: alice
    roles:
      - name: R
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:user/alice}, Action: sts:AssumeRole}
steps:
`

func TestExpectMessageAnyOrderAndAbsent(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		steps    string
		anyOrder bool
		absent   []string
	}{
		{
			name:     "any-order",
			reason:   "message_any_order: true is kept with its message",
			steps:    "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x, role_session_name: '!'}\n    expect: {error: ValidationError, message: m, message_any_order: true}\n",
			anyOrder: true,
		},
		{
			name:   "any-order-false",
			reason: "message_any_order: false is the default substring match",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x, role_session_name: '!'}\n    expect: {error: ValidationError, message: m, message_any_order: false}\n",
		},
		{
			name:   "absent-assume",
			reason: "an assume step may require both optional response fields to be absent, in the order written",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R, role_session_name: s}\n    expect: {absent: [source_identity, packed_policy_size]}\n",
			absent: []string{"source_identity", "packed_policy_size"},
		},
		{
			name:   "absent-empty",
			reason: "an empty list requires nothing",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R, role_session_name: s}\n    expect: {absent: []}\n",
			absent: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse("s.yaml", []byte(y(expectWorld)+tt.steps))
			if err != nil {
				t.Fatalf("%s: %v", tt.reason, err)
			}
			if len(sc.Steps) != 1 || sc.Steps[0].Expect == nil {
				t.Fatalf("%s: want one step with an expect, got %d steps", tt.reason, len(sc.Steps))
			}
			x := sc.Steps[0].Expect
			if x.MessageAnyOrder != tt.anyOrder {
				t.Errorf("%s: MessageAnyOrder = %v, want %v", tt.reason, x.MessageAnyOrder, tt.anyOrder)
			}
			if diff := cmp.Diff(tt.absent, x.Absent); diff != "" {
				t.Errorf("%s: Absent (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestExpectMessageAnyOrderAndAbsentErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		steps  string
		want   []string
	}{
		{
			name:   "any-order-without-message",
			reason: "message_any_order says how message is compared, so it needs one",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x}\n    expect: {error: ValidationError, message_any_order: true}\n",
			want:   []string{`s.yaml:13:38: expect.message_any_order needs expect.message: it makes message match the whole error message in any order of its clauses`},
		},
		{
			name:   "any-order-without-error",
			reason: "message_any_order describes a failure",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x}\n    expect: {message: m, message_any_order: true}\n",
			want: []string{
				`s.yaml:13:14: expect.message describes a failure and needs expect.error`,
				`s.yaml:13:26: expect.message_any_order describes a failure and needs expect.error`,
			},
		},
		{
			name:   "any-order-not-boolean",
			reason: "message_any_order is true or false",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x}\n    expect: {error: ValidationError, message: m, message_any_order: yes}\n",
			want:   []string{`s.yaml:13:69: expect.message_any_order: expected true or false, got string`},
		},
		{
			name:   "any-order-on-a-change-step",
			reason: "world changes answer validation errors too, so the key applies to them",
			steps:  "  - delete_role: {account: \"111111111111\", role_name: R}\n    expect: {error: DeleteConflict, message: m, message_any_order: true}\n",
			want:   nil,
		},
		{
			name:   "absent-with-error",
			reason: "absent describes a successful response",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x}\n    expect: {error: ValidationError, absent: [source_identity]}\n",
			want:   []string{`s.yaml:13:38: expect.absent describes a success and cannot be combined with expect.error`},
		},
		{
			name:   "absent-unknown-field",
			reason: "only optional response fields can be absent; a near miss gets a hint",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x}\n    expect: {absent: [packed_policy, arn, {a: b}]}\n",
			want: []string{
				`s.yaml:13:23: expect.absent[0]: "packed_policy" is not a response field that can be absent; want packed_policy_size or source_identity; did you mean "packed_policy_size"?`,
				`s.yaml:13:38: expect.absent[1]: "arn" is not a response field that can be absent; want packed_policy_size or source_identity`,
				`s.yaml:13:43: expect.absent[2]: expected a response field name (packed_policy_size or source_identity), got map`,
			},
		},
		{
			name:   "absent-not-a-list",
			reason: "absent is a list",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x}\n    expect: {absent: source_identity}\n",
			want:   []string{`s.yaml:13:22: expect.absent: expected a list, got string`},
		},
		{
			name:   "absent-field-of-another-kind",
			reason: "GetFederationToken's response has no SourceIdentity",
			steps:  "  - get_federation_token: {as: arn:aws:iam::111111111111:user/alice, name: bob}\n    expect: {absent: [source_identity]}\n",
			want:   []string{`s.yaml:13:23: expect.absent[0]: source_identity is not part of a get_federation_token step's response`},
		},
		{
			name:   "absent-on-a-step-without-optional-fields",
			reason: "a call step has no response fields at all",
			steps:  "  - call: {as: arn:aws:iam::111111111111:user/alice, action: s3:GetObject, resource: '*'}\n    expect: {absent: [source_identity]}\n",
			want: []string{
				`s.yaml:13:14: expect.absent does not apply to a call step`,
				`s.yaml:13:23: expect.absent[0]: source_identity is not part of a call step's response`,
			},
		},
		{
			name:   "absent-twice-and-with-a-value",
			reason: "a field is listed once, and cannot be both absent and have a value",
			steps:  "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: x}\n    expect: {source_identity: s, absent: [packed_policy_size, packed_policy_size, source_identity]}\n",
			want: []string{
				`s.yaml:13:63: expect.absent[1]: packed_policy_size is listed twice`,
				`s.yaml:13:83: expect.absent[2]: source_identity cannot be absent and have the value expect.source_identity gives`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, y(expectWorld)+tt.steps)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
