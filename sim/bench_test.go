package sim

import (
	"os"
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

// BenchmarkChainedAssumeRole measures one chained AssumeRole hop in a
// three-account organization: a Dev role session assumes Tooling in another
// member account, evaluating the SCPs of every level of the caller's path,
// the RCPs of the role's account, the trust policy (with conditions) and the
// caller's identity policy, then issuing the session.
func BenchmarkChainedAssumeRole(b *testing.B) {
	sc, err := scenario.Load("testdata/org-chain.yaml")
	if err != nil {
		b.Fatal(err)
	}
	// Thousands of calls at one fake instant would hit the STS rate quota.
	sc.Quotas.STSRequestsPerSecond, sc.Quotas.STSBurst = 1_000_000, 1_000_000
	w, err := NewWorld(sc)
	if err != nil {
		b.Fatal(err)
	}
	var s *Sim
	var dev Credentials
	fresh := func() {
		s = New(w, NewFakeClock(sc.Start))
		alice, err := s.UserCredentials("arn:aws:iam::222222222222:user/engineers/alice")
		if err != nil {
			b.Fatal(err)
		}
		out, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String("arn:aws:iam::222222222222:role/Dev"), RoleSessionName: String("alice")})
		if err != nil {
			b.Fatal(err)
		}
		dev = out.Credentials
	}
	fresh()
	in := &AssumeRoleInput{RoleArn: String("arn:aws:iam::333333333333:role/ci/Tooling"), RoleSessionName: String("alice-ci")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if i%1000 == 999 {
			// Keep the session table from growing without bound.
			b.StopTimer()
			fresh()
			b.StartTimer()
		}
		out, err := s.AssumeRole(dev, in)
		if err != nil {
			b.Fatal(err)
		}
		if !out.Chained {
			b.Fatal("not chained")
		}
	}
}

// BenchmarkLoadAndRunScenario measures loading a 20-step scenario file (two
// accounts, six clock advances) and running it end to end; the org variant
// does the same for a larger 20-step file with an organization, SCPs and a
// bucket policy.
func BenchmarkLoadAndRunScenario(b *testing.B) {
	for _, f := range []string{"twenty-steps", "org-chain"} {
		b.Run(f, func(b *testing.B) { benchLoadAndRun(b, "testdata/"+f+".yaml") })
	}
}

func benchLoadAndRun(b *testing.B, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sc, err := scenario.Parse(file, data)
		if err != nil {
			b.Fatal(err)
		}
		rep, err := Run(sc)
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Steps) != 20 || !rep.Passed() {
			b.Fatalf("%d steps, %d failed", len(rep.Steps), rep.Failed())
		}
	}
}
