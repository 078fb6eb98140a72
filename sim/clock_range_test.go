package sim

import (
	"testing"
	"time"
)

// TestRequestsRefusedOutsideClockRange checks that a Sim whose clock the
// caller moved past 9999-12-31T23:59:59Z refuses every request instead of
// evaluating Date conditions against an aws:CurrentTime that cannot be
// written (which would let a DateGreaterThan Deny stop applying).
func TestRequestsRefusedOutsideClockRange(t *testing.T) {
	s, clk := newTestSim(t, refusedWorld)
	alice := userCreds(t, s, "arn:aws:iam::111111111111:user/alice")
	clk.Set(time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC))
	if _, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/Tagged"), RoleSessionName: String("last")}); err != nil {
		t.Fatalf("the last instant the clock may show: %v", err)
	}
	clk.Set(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	requests := map[string]func() error{
		"AssumeRole": func() error {
			_, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/Tagged"), RoleSessionName: String("late")})
			return err
		},
		"Call": func() error {
			_, err := s.Call(alice, &CallInput{Action: "sts:GetCallerIdentity", Resource: "*"})
			return err
		},
		"GetSessionToken": func() error {
			_, err := s.GetSessionToken(alice, &GetSessionTokenInput{})
			return err
		},
		"ConsoleSignIn": func() error {
			_, err := s.ConsoleSignIn(alice, &ConsoleSignInInput{})
			return err
		},
	}
	for _, name := range []string{"AssumeRole", "Call", "ConsoleSignIn", "GetSessionToken"} {
		err := requests[name]()
		if got := errText(err); len(got) < len(CodeClockOutOfRange) || got[:len(CodeClockOutOfRange)] != CodeClockOutOfRange {
			t.Errorf("%s at year 10000: got %q, want a %s error", name, got, CodeClockOutOfRange)
		}
	}
}
