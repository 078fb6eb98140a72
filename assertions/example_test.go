package assertions_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/assertions"
	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// ExampleRunDir shows the whole of a scenario suite: one test function
// that runs every scenario below a directory, each scenario and each step a
// subtest (go test -run 'TestScenarios/deploy-chain/prod').
func ExampleRunDir() {
	// In scenarios_test.go:
	testScenarios := func(t *testing.T) {
		assertions.RunDir(t, "testdata/scenarios", assertions.Parallel())
	}
	_ = testScenarios
}

// ExampleGolden compares each scenario's full decision trace with a golden
// file, rewritten by go test -update.
func ExampleGolden() {
	// In scenarios_test.go (the -update flag is the test package's own):
	//
	//	var update = flag.Bool("update", false, "rewrite golden traces")
	testScenarios := func(t *testing.T) {
		assertions.RunDir(t, "scenarios", assertions.Golden("testdata/golden"))
	}
	_ = testScenarios
}

// reportT stands in for the *testing.T of a test in this example: it
// prints the first line of what the test would report.
type reportT struct{ testing.TB }

func (reportT) Helper() {}
func (reportT) Fatalf(format string, args ...any) {
	fmt.Println("test fails:", strings.SplitN(fmt.Sprintf(format, args...), "\n", 2)[0])
}

// ExampleRequireAssumeRoleError checks hand-written calls against the
// simulator: a role chain through the org/three-account fixture.
func ExampleRequireAssumeRoleError() {
	var t reportT // in a test: the test's *testing.T
	sc, _ := fixtures.Load("org/three-account")
	world, _ := sim.NewWorld(sc)
	s := sim.New(world, sim.NewFakeClock(scenario.DefaultStart))
	ci, _ := s.UserCredentials("arn:aws:iam::222222222222:user/ci")

	out := assertions.RequireAssumeRole(t, s, ci, &sim.AssumeRoleInput{
		RoleArn:         sim.String("arn:aws:iam::222222222222:role/CI"),
		RoleSessionName: sim.String("build"),
	})
	err := assertions.RequireAssumeRoleError(t, s, out.Credentials, &sim.AssumeRoleInput{
		RoleArn:         sim.String("arn:aws:iam::333333333333:role/Deployer"),
		RoleSessionName: sim.String("build"),
		DurationSeconds: sim.Int32(7200),
	}, "ValidationError")
	fmt.Println(err.Message)

	// A wrong expectation fails the test with the diff, the decision and
	// the trace (only the first line is printed here).
	assertions.RequireAllowed(t, s, out.Credentials, "s3:PutObject", "arn:aws:s3:::releases/app.zip")
	// Output:
	// The requested DurationSeconds exceeds the MaxSessionDuration set for this role.
	// test fails: s3:PutObject on arn:aws:s3:::releases/app.zip: want allowed, got AccessDenied: User: arn:aws:sts::222222222222:assumed-role/CI/build is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::releases/app.zip" because no identity-based policy allows the s3:PutObject action
}

// ExampleFormatFailure shows how a failed step is reported: its position,
// the expected and actual outcome, and the statement that decided.
func ExampleFormatFailure() {
	sc, err := scenario.ParseWith("deploy.yaml", []byte(`
name: deploy
use: [org/three-account]
steps:
  - id: ci
    assume: {as: "arn:aws:iam::222222222222:user/ci", role_arn: "arn:aws:iam::222222222222:role/CI", role_session_name: ci}
  - id: prod
    assume: {as: ci, role_arn: "arn:aws:iam::333333333333:role/Deployer", role_session_name: ci}
  - id: new-user
    call: {as: prod, action: "iam:CreateUser", resource: "arn:aws:iam::333333333333:user/x"}
`), fixtures.Options())
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, _ := sim.Run(sc)
	for _, st := range rep.Steps {
		if st.Pass {
			continue
		}
		// The go-cmp diff's exact text is not stable, so print the rest.
		for _, line := range strings.Split(assertions.FormatFailure(st), "\n") {
			if strings.HasPrefix(line, "  decision trace:") {
				break
			}
			if !strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "    statement") {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// deploy.yaml:9:5: step "new-user" (call) failed
	//   expected: success
	//   actual:   AccessDenied: User: arn:aws:sts::333333333333:assumed-role/Deployer/ci is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::333333333333:user/x with an explicit deny in a service control policy
	//   diff (-want +got):
	//   decided by: explicit deny in service control policy (SCP DenyIamUsers attached to account 333333333333, statement NoIamUsers at fixture:org/three-account:18:13)
	//     statement NoIamUsers: Deny iam:CreateUser, iam:CreateAccessKey on *
}
