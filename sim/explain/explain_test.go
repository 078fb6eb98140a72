package explain_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
)

// world is a small scenario world the table tests add steps to: alice
// (tagged team=payments) and a cross-account vendor user, a Dev role alice
// may assume for up to 12 hours, and a Prod role that Dev may chain into
// and the vendor may assume with an external id.
const world = `version: 1
name: explain-test
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          AssumeDev:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: arn:aws:iam::111111111111:role/Dev
    roles:
      - name: Dev
        max_session_duration: 12h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Sid: Alice
              Effect: Allow
              Principal: {AWS: arn:aws:iam::111111111111:user/alice}
              Action: sts:AssumeRole
        inline_policies:
          Chain:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: arn:aws:iam::222222222222:role/Prod
  - id: "222222222222"
    roles:
      - name: Prod
        max_session_duration: 4h
        trust_policy: |
          {"Version": "2012-10-17",
           "Statement": [
             {"Sid": "FromDev", "Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::111111111111:role/Dev"},
              "Action": "sts:AssumeRole"},
             {"Sid": "Vendor", "Effect": "Allow",
              "Principal": {"AWS": "333333333333"},
              "Action": "sts:AssumeRole",
              "Condition": {"StringEquals": {"sts:ExternalId": "secret-1"}}}]}
  - id: "333333333333"
    users:
      - name: vendor
        inline_policies:
          Any:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: "*"
steps:
`

// explainSteps loads world plus steps, runs it and explains it.
func explainSteps(t *testing.T, steps string) *explain.ScenarioExplanation {
	t.Helper()
	src := world + steps
	sc, err := scenario.Parse("test.yaml", []byte(src))
	if err != nil {
		t.Fatalf("loading the test scenario: %v", err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := explain.Explain(rep, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

const devStep = `  - id: dev
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: alice
      duration_seconds: 43200
`

func TestExplainStep(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		steps  string
		step   string
		// check extracts the fields under test from the explanation.
		check func(e *explain.Explanation) any
		want  any
	}{
		{
			name:   "first-hop-duration",
			reason: "a first hop from an IAM user may use the role's whole MaxSessionDuration; the rule says the request fit",
			steps:  devStep,
			step:   "dev",
			check: func(e *explain.Explanation) any {
				return []any{e.Caller.Kind, e.Caller.Chaining, e.Duration.Requested, e.Duration.RoleMax, e.Duration.ChainingCap, e.Duration.Allowed, e.Duration.Effective,
					strings.Contains(e.Duration.Rule, "lasts exactly what was asked")}
			},
			want: []any{"iam-user", false, "43200", 43200, 0, 43200, 43200, true},
		},
		{
			name:   "chained-too-long",
			reason: "from a role session, asking for more than an hour is refused (not capped), and the rule says so",
			steps: devStep + `  - id: prod
    assume:
      as: dev
      role_arn: arn:aws:iam::222222222222:role/Prod
      role_session_name: alice
      duration_seconds: 7200
    expect:
      error: ValidationError
`,
			step: "prod",
			check: func(e *explain.Explanation) any {
				return []any{e.Caller.Kind, e.Caller.Chaining, e.Caller.FromStep, e.Duration.ChainingCap, e.Duration.Allowed, e.Duration.Effective,
					strings.Contains(e.Duration.Rule, "exceeds the one-hour limit on role chaining"), len(e.Authorizations), e.Outcome.Code}
			},
			want: []any{"role-session", true, "dev", 3600, 3600, 0, true, 0, "ValidationError"},
		},
		{
			name:   "over-role-max",
			reason: "asking for more than MaxSessionDuration is refused, and the rule names the role's maximum",
			steps: `  - id: dev
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::222222222222:role/Prod
      role_session_name: alice
      duration_seconds: 18000
    expect:
      error: ValidationError
`,
			step: "dev",
			check: func(e *explain.Explanation) any {
				return []any{e.Duration.RoleMax, strings.Contains(e.Duration.Rule, "exceeds the role's MaxSessionDuration of 14400 seconds (4h)")}
			},
			want: []any{14400, true},
		},
		{
			name:   "missing-external-id",
			reason: "a condition on a key the request lacks is named as a missing key, with the statement that wanted it quoted from the JSON text",
			steps: `  - id: vendor
    assume:
      as: arn:aws:iam::333333333333:user/vendor
      role_arn: arn:aws:iam::222222222222:role/Prod
      role_session_name: vendor
    expect:
      error: AccessDenied
`,
			step: "vendor",
			check: func(e *explain.Explanation) any {
				a := e.Authorizations[0]
				trust := a.Policies[0]
				var misses []string
				for _, m := range trust.Misses {
					misses = append(misses, m.Statement.Label+": "+strings.Join(m.Reasons, " "))
				}
				return []any{a.MissingKeys, trust.Verdict, misses, trust.Misses[1].Statement.Position, trust.Misses[1].Statement.Source[0]}
			},
			want: []any{
				[]string{"sts:ExternalId"}, "no match",
				[]string{
					`FromDev: Principal lists "arn:aws:iam::111111111111:role/Dev", but the caller is arn:aws:iam::333333333333:user/vendor.`,
					`Vendor: Condition StringEquals on sts:ExternalId wants "secret-1", but the request context has no sts:ExternalId key.`,
				},
				"test.yaml:41:14",
				explain.SourceLine{Line: 41, Text: `{"Sid": "Vendor", "Effect": "Allow",`},
			},
		},
		{
			name:   "wrong-external-id",
			reason: "a condition whose key is present but whose value differs shows the request's value and names no missing key",
			steps: `  - id: vendor
    assume:
      as: arn:aws:iam::333333333333:user/vendor
      role_arn: arn:aws:iam::222222222222:role/Prod
      role_session_name: vendor
      external_id: guess
    expect:
      error: AccessDenied
`,
			step: "vendor",
			check: func(e *explain.Explanation) any {
				a := e.Authorizations[0]
				return []any{len(a.MissingKeys), a.Policies[0].Misses[1].Reasons}
			},
			want: []any{0, []string{`Condition StringEquals on sts:ExternalId wants "secret-1", but the request has "guess".`}},
		},
		{
			name:   "same-account-exact-naming",
			reason: "the trust policy naming the user within one account is enough: the decision says no identity-based policy is needed, and the statement is quoted from YAML",
			steps:  devStep,
			step:   "dev",
			check: func(e *explain.Explanation) any {
				a := e.Authorizations[0]
				return []any{a.SameAccount, a.Allowed, a.Naming, strings.Contains(a.Decision, "no identity-based policy has to allow it"),
					a.Policies[0].Statement.Label, a.Policies[0].Statement.Position, len(a.Policies[0].Statement.Source)}
			},
			want: []any{true, true, "The role's trust policy names the caller's IAM user ARN.", true, "Alice", "test.yaml:20:15", 4},
		},
		{
			name:   "expired-caller",
			reason: "a session used after its expiry is described as expired, and the outcome says no policy was evaluated",
			steps: devStep + `  - advance: 13h
  - id: late
    call:
      as: dev
      action: s3:ListBucket
      resource: arn:aws:s3:::b
    expect:
      error: ExpiredToken
`,
			step: "late",
			check: func(e *explain.Explanation) any {
				return []any{e.Caller.Expired, e.Outcome.Code, e.Outcome.Text[len(e.Outcome.Text)-1]}
			},
			want: []any{true, "ExpiredToken", "No policy was evaluated: the request failed before authorization."},
		},
		{
			name:   "root-caller",
			reason: "the root user is described as such, and no duration is explained since it cannot assume roles",
			steps: `  - id: root
    assume:
      as: arn:aws:iam::111111111111:root
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: root
    expect:
      error: AccessDenied
`,
			step: "root",
			check: func(e *explain.Explanation) any {
				return []any{e.Caller.Kind, e.Duration == nil, e.Outcome.Message}
			},
			want: []any{"root-user", true, "Roles may not be assumed by root accounts."},
		},
		{
			name:   "world-change",
			reason: "a change step is named by its AWS operation, with its parameters, and says when it takes effect",
			steps: devStep + `  - id: revoke
    revoke_role_sessions:
      account: "111111111111"
      role_name: Dev
`,
			step: "revoke",
			check: func(e *explain.Explanation) any {
				return []any{e.What, e.Request.Parameters, e.Outcome.Text}
			},
			want: []any{
				"a change to the world: revoking the role's active sessions (iam:PutRolePolicy AWSRevokeOlderSessions, a Deny for tokens issued before now)",
				[]explain.Parameter{{Name: "Account", Value: "111111111111"}, {Name: "RoleName", Value: "Dev"}},
				[]string{"The change takes effect at 2024-01-01T00:00:00Z: requests from then on see it, including those made with sessions issued before."},
			},
		},
		{
			name:   "repeated-request",
			reason: "a repeated request says how many were sent and how they fared",
			steps: `  - id: burst
    whoami: arn:aws:iam::111111111111:user/alice
    repeat: 3
    expect:
      succeeded: 3
`,
			step: "burst",
			check: func(e *explain.Explanation) any {
				return []any{e.Outcome.Text[len(e.Outcome.Text)-1], e.Check.Expected}
			},
			want: []any{"The request was sent 3 times: 3 succeeded. The explanation above is that of the last one.", "success, with requests succeeded 3"},
		},
		{
			name:   "step-by-number",
			reason: "a step without a matching id is found by its 1-based number",
			steps:  devStep,
			step:   "1",
			check:  func(e *explain.Explanation) any { return e.ID },
			want:   "dev",
		},
		{
			name:   "failed-expectation",
			reason: "a step whose outcome differs from the expectation is explained as a failed check, with the runner's problems",
			steps: devStep + `    expect:
      duration: 1h
`,
			step: "dev",
			check: func(e *explain.Explanation) any {
				return []any{e.Check.Pass, e.Check.Expected, e.Check.Problems}
			},
			want: []any{false, "success, with duration 1h0m0s", []string{"expected duration 1h0m0s, got 12h0m0s"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := explainSteps(t, tt.steps)
			e := ex.Step(tt.step)
			if e == nil {
				t.Fatalf("no step %q", tt.step)
			}
			if diff := cmp.Diff(tt.want, tt.check(e)); diff != "" {
				t.Errorf("%s (-want +got):\n%s\n\nexplanation:\n%s", tt.reason, diff, e)
			}
		})
	}
}

func TestStepNotFound(t *testing.T) {
	ex := explainSteps(t, devStep)
	for _, id := range []string{"nope", "0", "2", ""} {
		if e := ex.Step(id); e != nil {
			t.Errorf("Step(%q) = step %q, want nil: there is no such step", id, e.ID)
		}
	}
}

func TestExplainNoReport(t *testing.T) {
	if _, err := explain.Explain(nil, nil); err == nil {
		t.Error("Explain(nil) succeeded, want an error: there is nothing to explain")
	}
}
