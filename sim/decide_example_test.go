package sim_test

import (
	"fmt"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// ExampleWorld_Decide asks the authorization core whether a partner account
// may assume a role, with the external id unknown: the answer is the
// condition it relies on.
func ExampleWorld_Decide() {
	sc, err := scenario.Parse("partner.yaml", []byte(`version: 1
name: partner
accounts:
  - id: "111111111111"
    roles:
      - name: Partner
        trust_policy:
          Version: "2012-10-17"
          Statement:
            Effect: Allow
            Principal: {AWS: "999999999999"}
            Action: sts:AssumeRole
            Condition: {StringEquals: {sts:ExternalId: partner-1}}
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
	role := w.Account("111111111111").Roles[0]
	caller := w.ExternalCaller("999999999999", "arn:aws:iam::999999999999:root")
	d := w.Decide(sim.Query{Caller: caller, Role: role, Known: caller.Static()})
	fmt.Println("allowed:", d.Allowed, "naming:", d.Naming, "outside:", d.Outside)
	for _, r := range d.Conditions {
		for _, c := range r.Conditions {
			fmt.Printf("if %s %s %v (%s, %s)\n", c.Key, c.Operator, c.Values, r.Kind, r.Statement.Label())
		}
	}
	// Output:
	// allowed: true naming: account outside: true
	// if sts:ExternalId StringEquals [partner-1] (trust_policy, Statement[0])
}
