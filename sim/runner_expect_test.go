package sim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolesim/rolesim/scenario"
)

func TestSameClauses(t *testing.T) {
	const (
		pat = "Value '!' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*"
		lng = "Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"
		two = "2 validation errors detected: "
	)
	tests := []struct {
		name, reason, want, got string
		match                   bool
	}{
		{name: "same-order", reason: "identical messages match", want: two + pat + "; " + lng, got: two + pat + "; " + lng, match: true},
		{name: "swapped", reason: "AWS does not fix the order of the clauses", want: two + lng + "; " + pat, got: two + pat + "; " + lng, match: true},
		{name: "missing-clause", reason: "every clause must be there", want: two + pat + "; " + lng, got: "1 validation error detected: " + pat},
		{name: "count-differs", reason: "the head is compared too", want: "3 validation errors detected: " + pat + "; " + lng, got: two + pat + "; " + lng},
		{name: "repeated-clause", reason: "clauses are counted, not just collected", want: two + pat + "; " + pat, got: two + pat + "; " + lng},
		{name: "substring", reason: "the whole message is compared, not a part of it", want: pat, got: two + pat + "; " + lng},
		{name: "plain-equal", reason: "a message that is not a validation message must be equal", want: "Rate exceeded", got: "Rate exceeded", match: true},
		{name: "plain-differs", reason: "and is not split", want: "Rate exceeded", got: "Rate exceeded."},
		{name: "semicolon-in-value", reason: "only '; Value ' separates clauses, so a value holding '; ' stays whole",
			want: "2 validation errors detected: Value 'a; b' at 'x' failed; Value 'c' at 'y' failed",
			got:  "2 validation errors detected: Value 'c' at 'y' failed; Value 'a; b' at 'x' failed", match: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sameClauses(tt.want, tt.got); got != tt.match {
				t.Errorf("%s: sameClauses = %v, want %v", tt.reason, got, tt.match)
			}
		})
	}
}

// TestRunnerAnyOrderAndAbsent runs steps whose expectations use
// message_any_order and absent, and checks which pass and why the others
// fail.
func TestRunnerAnyOrderAndAbsent(t *testing.T) {
	src := `
name: t
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Fed:
            Statement:
              - {Effect: Allow, Action: sts:GetFederationToken, Resource: "*"}
    roles:
      - name: R
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:user/alice}, Action: [sts:AssumeRole, sts:SetSourceIdentity]}
steps:
  - id: swapped
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R, role_session_name: alice, external_id: "!"}
    expect:
      error: ValidationError
      message_any_order: true
      message: "2 validation errors detected: Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '!' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*"
  - id: swapped-substring
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R, role_session_name: alice, external_id: "!"}
    expect:
      error: ValidationError
      message: "2 validation errors detected: Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '!' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*"
  - id: one-clause
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R, role_session_name: alice, external_id: "!"}
    expect:
      error: ValidationError
      message_any_order: true
      message: "1 validation error detected: Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"
  - id: plain
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R, role_session_name: alice}
    expect: {absent: [packed_policy_size, source_identity]}
  - id: with-source-identity
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R, role_session_name: alice, source_identity: alice}
    expect: {absent: [source_identity]}
  - id: federation
    get_federation_token: {as: arn:aws:iam::111111111111:user/alice, name: bob}
    expect: {absent: [packed_policy_size]}
`
	sc, err := scenario.Parse("t.yaml", []byte(strings.TrimPrefix(src, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"swapped": nil,
		"swapped-substring": {`expected the message to contain "2 validation errors detected: Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '!' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*", ` +
			`got "2 validation errors detected: Value '!' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*; Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"`},
		"one-clause": {`expected the message to be "1 validation error detected: Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2" (its clauses in any order), ` +
			`got "2 validation errors detected: Value '!' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*; Value '!' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2"`},
		"plain":                {},
		"with-source-identity": {"expected source_identity (none), got alice"},
		"federation":           {"expected packed_policy_size (none), got 0"},
	}
	if len(rep.Steps) != len(want) {
		t.Fatalf("%d step results, want %d", len(rep.Steps), len(want))
	}
	for _, res := range rep.Steps {
		w, ok := want[res.Step.ID]
		if !ok {
			t.Fatalf("unexpected step %q", res.Step.ID)
		}
		if diff := cmp.Diff(w, res.Problems, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("step %s: problems (-want +got):\n%s", res.Step.ID, diff)
		}
		if res.Pass != (len(w) == 0) {
			t.Errorf("step %s: Pass = %v with problems %q", res.Step.ID, res.Pass, res.Problems)
		}
	}
}
