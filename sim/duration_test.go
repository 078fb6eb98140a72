package sim

import (
	"errors"
	"testing"
)

const durationWorld = `
name: durations
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Assume:
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}
    roles:
      - name: A
        max_session_duration: 2h
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/alice"}, Action: sts:AssumeRole}
        inline_policies:
          Chain:
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}
      - name: B
        max_session_duration: 4h
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:role/A"}, Action: sts:AssumeRole}
`

// TestDurationRule pins the one duration rule (duration.go) through each
// operation that issues credentials: the rule it records in the trace, the
// duration it gives, and the requests it refuses.
func TestDurationRule(t *testing.T) {
	const roleA, roleB = "arn:aws:iam::111111111111:role/A", "arn:aws:iam::111111111111:role/B"
	tests := []struct {
		name      string
		op        string // alice-A, A-B, token, root-token
		requested *int32
		rule      DurationRule
		effective int32
		wantErr   string
	}{
		{name: "default", op: "alice-A", rule: DurationDefault, effective: 3600},
		{name: "role maximum", op: "alice-A", requested: Int32(7200), rule: DurationWithinRoleMax, effective: 7200},
		{name: "over the role maximum", op: "alice-A", requested: Int32(7201), rule: DurationOverRoleMax,
			wantErr: "ValidationError: The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{name: "chained default", op: "A-B", rule: DurationDefault, effective: 3600},
		{name: "chained hour", op: "A-B", requested: Int32(3600), rule: DurationWithinChainCap, effective: 3600},
		{name: "chained over the cap", op: "A-B", requested: Int32(3601), rule: DurationOverChainCap,
			wantErr: "ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."},
		{name: "token default", op: "token", rule: DurationTokenDefault, effective: 43200},
		{name: "token as requested", op: "token", requested: Int32(129600), rule: DurationAsRequested, effective: 129600},
		{name: "root token default", op: "root-token", rule: DurationDefault, effective: 3600},
		{name: "root token falls back", op: "root-token", requested: Int32(7200), rule: DurationRootFallback, effective: 3600},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := newTestSim(t, durationWorld)
			alice, err := s.UserCredentials("arn:aws:iam::111111111111:user/alice")
			if err != nil {
				t.Fatal(err)
			}
			var tr *Trace
			switch tt.op {
			case "alice-A", "A-B":
				creds, role := alice, roleA
				if tt.op == "A-B" {
					a, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(roleA), RoleSessionName: String("first")})
					if err != nil {
						t.Fatal(err)
					}
					creds, role = a.Credentials, roleB
				}
				out, err := s.AssumeRole(creds, &AssumeRoleInput{RoleArn: String(role), RoleSessionName: String("second"), DurationSeconds: tt.requested, Trace: true})
				if got := errText(err); got != tt.wantErr {
					t.Fatalf("error %q, want %q", got, tt.wantErr)
				}
				if err != nil {
					var e *Error
					if !errors.As(err, &e) {
						t.Fatalf("error %T, want *Error", err)
					}
					tr = e.Trace
				} else {
					tr = out.Trace
					if got := int32(out.Session.Duration().Seconds()); got != tt.effective {
						t.Errorf("session lasts %ds, want %ds", got, tt.effective)
					}
				}
			case "token", "root-token":
				creds := alice
				if tt.op == "root-token" {
					if creds, err = s.RootCredentials("111111111111"); err != nil {
						t.Fatal(err)
					}
				}
				out, err := s.GetSessionToken(creds, &GetSessionTokenInput{DurationSeconds: tt.requested, Trace: true})
				if err != nil {
					t.Fatal(err)
				}
				tr = out.Trace
				if got := int32(out.Session.Duration().Seconds()); got != tt.effective {
					t.Errorf("session lasts %ds, want %ds", got, tt.effective)
				}
			}
			if tr == nil || tr.Duration == nil {
				t.Fatal("no duration in the trace")
			}
			if d := tr.Duration; d.Rule != tt.rule || d.Effective != tt.effective {
				t.Errorf("trace: rule %v, effective %d; want %v, %d", d.Rule, d.Effective, tt.rule, tt.effective)
			}
			if tt.rule.Refused() != (tt.wantErr != "") {
				t.Errorf("%v.Refused() = %v", tt.rule, tt.rule.Refused())
			}
		})
	}
}

// TestDurationRuleText pins that every rule says itself in words.
func TestDurationRuleText(t *testing.T) {
	for r := DurationDefault; r <= DurationConsoleSignIn; r++ {
		text, err := r.MarshalText()
		if err != nil || string(text) != r.String() || len(text) < 20 {
			t.Errorf("rule %d: text %q (%v)", r, text, err)
		}
	}
	if got := DurationRule(200).String(); got != "DurationRule(200)" {
		t.Errorf("an unknown rule says %q", got)
	}
}
