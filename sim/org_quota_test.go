package sim

import (
	"errors"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// TestAttachPolicyPerTargetQuota: AttachPolicy refuses a sixth SCP or RCP
// on one target with Organizations' ConstraintViolationException, counting
// the FullAWSAccess and RCPFullAWSAccess already attached, and leaves the
// target as it was.
func TestAttachPolicyPerTargetQuota(t *testing.T) {
	src := "name: per-target\naccounts:\n  - id: \"111111111111\"\n  - id: \"222222222222\"\norganization:\n  management_account: \"111111111111\"\n  policies:\n"
	for i := 1; i <= 5; i++ {
		n := strconv.Itoa(i)
		src += "    - {name: S" + n + ", document: {Statement: {Effect: Deny, Action: \"s3:Get" + n + "\", Resource: \"*\"}}}\n" +
			"    - {name: R" + n + ", type: RCP, document: {Statement: {Effect: Deny, Principal: \"*\", Action: \"s3:Get" + n + "\", Resource: \"*\"}}}\n"
	}
	src += "  root:\n    accounts: [\"222222222222\"]\n"
	sc, err := scenario.Parse("s.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	const msg = "You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time."
	type result struct {
		Code    Code
		Message string
	}
	res := func(err error) result {
		var e *Error
		if err == nil || !errors.As(err, &e) {
			return result{Code: ErrorCode(err)}
		}
		return result{e.Code, e.Message}
	}
	for _, kind := range []string{"S", "R"} {
		t.Run(kind+"CPs", func(t *testing.T) {
			s := New(w, NewFakeClock(scenarioStart))
			for _, target := range []string{"222222222222", "Root"} {
				for i := 1; i <= 4; i++ {
					if err := s.AttachPolicy(&PolicyTargetInput{PolicyID: kind + strconv.Itoa(i), TargetID: target}); err != nil {
						t.Fatalf("attaching the %d-th policy to %s: %v", i+1, target, err)
					}
				}
				got := []result{
					res(s.AttachPolicy(&PolicyTargetInput{PolicyID: kind + "5", TargetID: target})),
					res(s.DetachPolicy(&PolicyTargetInput{PolicyID: kind + "5", TargetID: target})),
				}
				want := []result{
					{CodeConstraintViolation, msg},
					{CodePolicyNotAttached, "The policy isn't attached to the specified target in the specified root."},
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("the sixth %sCP on %s is refused and not attached (-want +got):\n%s", kind, target, diff)
				}
			}
		})
	}
}
