package trail_test

import (
	"fmt"

	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trail"
)

// ExampleRecords prints who called what in the role-juggling example's
// trail, and the role each session was issued by.
func ExampleRecords() {
	sc, err := scenario.LoadFS(examples.FS, "04-chain-expiry-not-capped.yaml")
	if err != nil {
		panic(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		panic(err)
	}
	recs, err := trail.Records(rep)
	if err != nil {
		panic(err)
	}
	for _, r := range recs {
		issuer := ""
		if c := r.UserIdentity.SessionContext; c != nil && c.SessionIssuer != nil {
			issuer = " (" + c.SessionIssuer.UserName + ")"
		}
		role := ""
		if p := r.RequestParameters; p != nil {
			role = " " + p.RoleArn
		}
		if r.ErrorCode != "" {
			role += " " + r.ErrorCode
		}
		fmt.Printf("%s %s %s%s%s\n", r.EventTime, r.EventName, r.UserIdentity.Type, issuer, role)
	}
	// Output:
	// 2024-01-01T00:00:00Z AssumeRole IAMUser arn:aws:iam::222222222222:role/BuildAgent
	// 2024-01-01T00:50:00Z AssumeRole AssumedRole (BuildAgent) arn:aws:iam::222222222222:role/ArtifactSigner
	// 2024-01-01T01:05:00Z GetCallerIdentity AssumedRole (BuildAgent) ExpiredToken
	// 2024-01-01T01:05:00Z GetCallerIdentity AssumedRole (ArtifactSigner)
	// 2024-01-01T01:05:00Z AssumeRole AssumedRole (ArtifactSigner) arn:aws:iam::222222222222:role/BuildAgent
}
