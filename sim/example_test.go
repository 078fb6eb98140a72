package sim_test

import (
	"fmt"
	"time"

	"github.com/benbjohnson/clock"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

const exampleWorld = `
name: example
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Assume:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "sts:AssumeRole", Resource: "*"}
    roles:
      - name: Dev
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "111111111111"}, Action: "sts:AssumeRole"}
        inline_policies:
          Chain:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "sts:AssumeRole", Resource: "*"}
      - name: Ops
        max_session_duration: 12h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:role/Dev"}, Action: "sts:AssumeRole"}
steps:`

// ExampleSim_AssumeRole drives the simulator from Go with a *clock.Mock:
// alice assumes Dev, then chains into Ops, where more than an hour is
// refused.
func ExampleSim_AssumeRole() {
	sc, err := scenario.Parse("example.yaml", []byte(exampleWorld+" []\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	world, err := sim.NewWorld(sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	clk := clock.NewMock()
	clk.Set(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	s := sim.New(world, clk)

	alice, _ := s.UserCredentials("arn:aws:iam::111111111111:user/alice")
	dev, err := s.AssumeRole(alice, &sim.AssumeRoleInput{
		RoleArn:         sim.String("arn:aws:iam::111111111111:role/Dev"),
		RoleSessionName: sim.String("alice"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(dev.AssumedRoleUser.Arn, dev.Credentials.Expiration.Format(time.RFC3339))

	_, err = s.AssumeRole(dev.Credentials, &sim.AssumeRoleInput{
		RoleArn:         sim.String("arn:aws:iam::111111111111:role/Ops"),
		RoleSessionName: sim.String("alice"),
		DurationSeconds: sim.Int32(7200),
	})
	fmt.Println(err)

	who, _ := s.GetCallerIdentity(dev.Credentials)
	fmt.Println(who.Account, who.Arn)
	// Output:
	// arn:aws:sts::111111111111:assumed-role/Dev/alice 2024-01-01T01:00:00Z
	// ValidationError: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.
	// 111111111111 arn:aws:sts::111111111111:assumed-role/Dev/alice
}

// ExampleRun loads a scenario and plays its timeline.
func ExampleRun() {
	sc, err := scenario.Parse("run.yaml", []byte(exampleWorld+`
  - id: dev
    assume: {as: "arn:aws:iam::111111111111:user/alice", role_arn: "arn:aws:iam::111111111111:role/Dev", role_session_name: alice}
    expect: {duration: 1h}
  - advance: 1h
  - whoami: dev
    expect: {error: ExpiredToken}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	rep, err := sim.Run(sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, st := range rep.Steps {
		fmt.Println(st.Index, st.Step.Kind, st.Pass, st.Actual.Error)
	}
	// Output:
	// 1 assume true none (success)
	// 2 advance true none (success)
	// 3 whoami true ExpiredToken
}
