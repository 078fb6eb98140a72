package reach_test

import (
	"fmt"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// Example works out where alice can go from her IAM user, and the two
// roles whose sessions can re-assume each other forever.
func Example() {
	sc, err := scenario.Parse("juggle.yaml", []byte(`version: 1
name: juggle
accounts:
  - id: "111111111111"
    users:
      - name: alice
    roles:
      - name: Deploy
        max_session_duration: 8h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: ["arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:role/Ops"]}
              Action: sts:AssumeRole
      - name: Ops
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: arn:aws:iam::111111111111:role/Deploy}
              Action: sts:AssumeRole
              Condition: {StringEquals: {"sts:ExternalId": "ops"}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := reach.New(trustgraph.Build(w, sc.Name))
	fmt.Print(a.Report(sc.Name, a.Lookup("alice", false), nil).Text())
	fmt.Println()
	fmt.Print(a.JugglingReport(sc.Name).Text())
	// Output:
	// Reachability in "juggle":
	//
	// alice (IAM user, account 111111111111) reaches 2 roles:
	//   alice → Deploy, up to 8h
	//   alice → Deploy → Ops, 1h (chained), if sts:ExternalId StringEquals ops
	//
	// Role juggling in "juggle": 1 cycle.
	//
	// cycle 1: Deploy, Ops
	//   loop: Deploy → Ops → Deploy, each hop chained (a session of at most 1h)
	//   keeps credentials alive: hop again within 1h of each hop, before its session expires (one every 59m, 24 hops a day); each hop is a fresh session, so revoking older sessions (a Deny on aws:TokenIssueTime) never catches up
	//   if sts:ExternalId StringEquals ops
	//   entered by:
	//     alice → Deploy, up to 8h
	//
}
