package cliprofile_test

import (
	"fmt"

	"github.com/rolesim/rolesim/importer/cliprofile"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// A chained profile asking for two hours fails at its hop with STS's
// chaining error; the same chain without duration_seconds lasts an hour
// for the CLI and 15 minutes for the Go SDK.
func ExampleSimulate() {
	sc, err := scenario.Load("testdata/world.yaml")
	if err != nil {
		panic(err)
	}
	world, err := sim.NewWorld(sc)
	if err != nil {
		panic(err)
	}
	config := cliprofile.File{Name: "config", Data: []byte(`[profile dev]
role_arn = arn:aws:iam::111111111111:role/Dev
source_profile = alice

[profile prod]
role_arn = arn:aws:iam::222222222222:role/Prod
source_profile = dev
duration_seconds = 7200

[profile prod-1h]
role_arn = arn:aws:iam::222222222222:role/Prod
source_profile = dev
`)}
	creds := cliprofile.File{Name: "credentials", Data: []byte(`[alice]
aws_access_key_id = AKIA5VLWSKMSUQYZTQRH
aws_secret_access_key = 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
`)}
	cfg, err := cliprofile.Parse(config, creds)
	if err != nil {
		panic(err)
	}
	r := cliprofile.Simulate(cfg, "prod", world, sc.Start, cliprofile.ClientCLI, cliprofile.Options{})
	f := r.Failed()
	fmt.Printf("%s at %s: %s\n", f.Profile, f.Pos, f.Error.CLIMessage(f.Operation))
	for _, client := range []cliprofile.Client{cliprofile.ClientCLI, cliprofile.ClientGoSDK} {
		r := cliprofile.Simulate(cfg, "prod-1h", world, sc.Start, client, cliprofile.Options{})
		fmt.Printf("%s: %d s as %s\n", client, r.Seconds, r.Hops[0].SessionName)
	}
	// Output:
	// prod at config:6:1: An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.
	// aws-cli: 3600 s as botocore-session-1704067200
	// aws-sdk-go-v2: 900 s as aws-go-sdk-1704067200000000000
}
