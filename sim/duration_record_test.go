package sim

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// TestDurationRecordedBeforeTheRule pins the duration records of requests
// refused before decideDuration runs, and of repeated steps: explain
// renders these records and derives nothing, so a step without one would
// have its duration explained from nothing.
func TestDurationRecordedBeforeTheRule(t *testing.T) {
	src := `
name: records
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Assume:
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}
    roles:
      - name: Dev
        max_session_duration: 2h
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: [arn:aws:iam::111111111111:user/alice, arn:aws:iam::111111111111:role/Dev]}, Action: sts:AssumeRole}
        inline_policies:
          Chain:
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}
steps:
  - id: below
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: a, duration_seconds: 899}
    expect: {error: ValidationError}
  - id: above
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: aa, duration_seconds: 43201}
    expect: {error: ValidationError}
  - id: overflow
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: aa, duration_seconds: "99999999999"}
    expect: {error: MalformedInput}
  - id: repeated
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: rr, duration_seconds: 5400}
    repeat: {count: 3}
  - id: chained
    assume: {as: repeated, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: cc, duration_seconds: 1800}
`
	sc, err := scenario.Parse("records.yaml", []byte(strings.TrimPrefix(src, "\n")))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		step    string
		reason  string
		want    DurationTrace
		allowed int
	}{
		{"below", "the schema check refuses 899 (and the one-letter session name) before the rule; the record says so, with the range",
			DurationTrace{Requested: 899, Default: 3600, Min: 900, Max: 43200, Rule: DurationOutsideRange}, 0},
		{"above", "likewise 43201",
			DurationTrace{Requested: 43201, Default: 3600, Min: 900, Max: 43200, Rule: DurationOutsideRange}, 0},
		{"overflow", "a value beyond int32 never reaches the operation: MalformedInput, recorded as such",
			DurationTrace{Rule: DurationMalformed}, 0},
		{"repeated", "a repeated step keeps the duration record of its last issued session",
			DurationTrace{Requested: 5400, Default: 3600, RoleMax: 7200, Effective: 5400, Rule: DurationWithinRoleMax}, 7200},
		{"chained", "a chained call records the cap it met, and that its one note (role chaining) restates the record",
			DurationTrace{Requested: 1800, Default: 3600, RoleMax: 7200, Chained: true, ChainCap: 3600, Effective: 1800, Rule: DurationWithinChainCap, Restated: []int{0}}, 3600},
	}
	if len(rep.Steps) != len(tests) {
		t.Fatalf("%d steps, want %d", len(rep.Steps), len(tests))
	}
	for i, tt := range tests {
		res := rep.Steps[i]
		if !res.Pass {
			t.Errorf("step %s did not pass: %v", tt.step, res.Problems)
		}
		if res.Trace == nil || res.Trace.Duration == nil {
			t.Errorf("step %s (%s): no duration record", tt.step, tt.reason)
			continue
		}
		if diff := cmp.Diff(tt.want, *res.Trace.Duration); diff != "" {
			t.Errorf("step %s (%s): record (-want +got):\n%s", tt.step, tt.reason, diff)
		}
		if got := res.Trace.Duration.Allowed(); got != tt.allowed {
			t.Errorf("step %s: Allowed() = %d, want %d", tt.step, got, tt.allowed)
		}
		if got, want := res.Trace.Duration.Rule.Refused(), res.Err != nil; got != want {
			t.Errorf("step %s: %v.Refused() = %v, but the step's error is %v", tt.step, res.Trace.Duration.Rule, got, res.Err)
		}
	}
}

// TestRepeatTracesOneRequest bounds what the duration record of a repeated
// step costs: its requests are traced only until one issues a session, so
// 200 repeats allocate little more than 200 untraced requests (a traced
// AssumeRole allocates about four times what an untraced one does).
func TestRepeatTracesOneRequest(t *testing.T) {
	run := func(count int) float64 {
		src := `
name: repeat
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Assume:
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}
    roles:
      - name: Dev
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:user/alice}, Action: sts:AssumeRole}
steps:
  - id: burst
    assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/Dev, role_session_name: job}
    repeat: {count: ` + strconv.Itoa(count) + `}
`
		sc, err := scenario.Parse("repeat.yaml", []byte(strings.TrimPrefix(src, "\n")))
		if err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(5, func() {
			rep, err := Run(sc)
			if err != nil || !rep.Steps[0].Pass || rep.Steps[0].Trace == nil || rep.Steps[0].Trace.Duration == nil {
				t.Fatalf("run: %v; the repeated step must pass with a duration record", err)
			}
		})
	}
	one, many := run(1), run(201)
	if perRequest := (many - one) / 200; perRequest > 16 {
		t.Errorf("a repeated request allocates %.1f times (1 repeat: %.0f, 201: %.0f); more than 16 means each is traced", perRequest, one, many)
	}
}
