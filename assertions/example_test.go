package assertions_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/assertions"
	"github.com/rolesim/rolesim/examples"
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

// reportT stands in for the *testing.T of a test in these examples: it
// prints the first line of what the test would report. (A real t's FailNow
// stops the test; this one lets the example go on.)
type reportT struct{}

func (reportT) Helper()  {}
func (reportT) FailNow() {}
func (reportT) Errorf(format string, args ...any) {
	fmt.Println("test fails:", strings.SplitN(fmt.Sprintf(format, args...), "\n", 2)[0])
}

// ExampleRunFile runs one scenario file as a subtest.
func ExampleRunFile() {
	// In scenarios_test.go:
	testDeployChain := func(t *testing.T) {
		assertions.RunFile(t, "testdata/scenarios/deploy-chain.yaml")
	}
	_ = testDeployChain
}

// ExampleRunFS runs the scenarios of an fs.FS, here rolesim's embedded
// examples.
func ExampleRunFS() {
	// In examples_test.go:
	testExamples := func(t *testing.T) {
		assertions.RunFS(t, examples.FS, ".", assertions.Parallel())
	}
	_ = testExamples
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
	// Output:
	// The requested DurationSeconds exceeds the MaxSessionDuration set for this role.
}

// ExampleAssertAllowed checks a request and lets the test go on when it
// fails: the report has the diff, the decision, the nearest miss and the
// trace (only its first line is printed here).
func ExampleAssertAllowed() {
	var t reportT // in a test: the test's *testing.T
	sc, _ := fixtures.Load("org/three-account")
	world, _ := sim.NewWorld(sc)
	s := sim.New(world, sim.NewFakeClock(scenario.DefaultStart))
	ci, _ := s.UserCredentials("arn:aws:iam::222222222222:user/ci")
	out := assertions.RequireAssumeRole(t, s, ci, &sim.AssumeRoleInput{
		RoleArn:         sim.String("arn:aws:iam::222222222222:role/CI"),
		RoleSessionName: sim.String("build"),
	})

	if _, ok := assertions.AssertAllowed(t, s, out.Credentials, "s3:PutObject", "arn:aws:s3:::releases/app.zip"); !ok {
		fmt.Println("the test goes on")
	}
	// Output:
	// test fails: s3:PutObject on arn:aws:s3:::releases/app.zip: want allowed, got AccessDenied: User: arn:aws:sts::222222222222:assumed-role/CI/build is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::releases/app.zip" because no identity-based policy allows the s3:PutObject action
	// the test goes on
}

// ExampleRequireDenied requires a request to be denied by a kind of
// policy.
func ExampleRequireDenied() {
	var t reportT // in a test: the test's *testing.T
	sc, _ := fixtures.Load("org/three-account")
	world, _ := sim.NewWorld(sc)
	s := sim.New(world, sim.NewFakeClock(scenario.DefaultStart))
	ci, _ := s.UserCredentials("arn:aws:iam::222222222222:user/ci")
	build := assertions.RequireAssumeRole(t, s, ci, &sim.AssumeRoleInput{
		RoleArn: sim.String("arn:aws:iam::222222222222:role/CI"), RoleSessionName: sim.String("build")})
	deployer := assertions.RequireAssumeRole(t, s, build.Credentials, &sim.AssumeRoleInput{
		RoleArn: sim.String("arn:aws:iam::333333333333:role/Deployer"), RoleSessionName: sim.String("build")})

	err := assertions.RequireDenied(t, s, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", sim.KindSCP)
	fmt.Println(err.Reason)
	// Output:
	// explicit deny in service control policy (SCP DenyIamUsers attached to account 333333333333, statement NoIamUsers at fixture:org/three-account:18:13)
}

// ExampleRequireCallerIdentity follows credentials from GetSessionToken to
// GetCallerIdentity: session credentials of an IAM user act as the user.
func ExampleRequireCallerIdentity() {
	var t reportT // in a test: the test's *testing.T
	sc, _ := fixtures.Load("single-account")
	world, _ := sim.NewWorld(sc)
	clk := sim.NewFakeClock(scenario.DefaultStart)
	s := sim.New(world, clk)
	admin, _ := s.UserCredentials("arn:aws:iam::123456789012:user/admin")

	token := assertions.RequireGetSessionToken(t, s, admin, &sim.GetSessionTokenInput{DurationSeconds: sim.Int32(3600)})
	id := assertions.RequireCallerIdentity(t, s, token.Credentials, "arn:aws:iam::123456789012:user/admin")
	fmt.Println(id.Account)

	clk.Add(2 * time.Hour)
	err := assertions.RequireCallerIdentityError(t, s, token.Credentials, sim.CodeExpiredToken)
	fmt.Println(err.Message)
	// Output:
	// 123456789012
	// The security token included in the request is expired
}

// ExampleRequireAssumeRoleWithWebIdentity exchanges a GitHub Actions OIDC
// token for a role session. sim.EncodeJWT renders a scenario's token; a
// failure names the trust policy's condition that did not hold.
func ExampleRequireAssumeRoleWithWebIdentity() {
	var t reportT // in a test: the test's *testing.T
	sc, _ := scenario.Load("../examples/31-github-actions-oidc.yaml")
	world, _ := sim.NewWorld(sc)
	s := sim.New(world, sim.NewFakeClock(scenario.DefaultStart))
	push := sc.Steps[0].WebIdentity.Token // a push to main

	out := assertions.RequireAssumeRoleWithWebIdentity(t, s, &sim.AssumeRoleWithWebIdentityInput{
		RoleArn:          sim.String("arn:aws:iam::111111111111:role/Deploy"),
		RoleSessionName:  sim.String("gha-1"),
		WebIdentityToken: sim.String(sim.EncodeJWT(push, s.Now())),
	})
	fmt.Println(out.AssumedRoleUser.Arn, out.SubjectFromWebIdentityToken)
	// Output:
	// arn:aws:sts::111111111111:assumed-role/Deploy/gha-1 repo:acme/app:ref:refs/heads/main
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
