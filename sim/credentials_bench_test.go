package sim

import "testing"

// BenchmarkAssumeRoleWithWebIdentity measures a GitHub Actions first hop:
// token decoding, provider and audience checks, and the trust policy.
func BenchmarkAssumeRoleWithWebIdentity(b *testing.B) {
	s, _ := newTestSim(b, fedWorld)
	unthrottled(s)
	tok := jwt(b, scenarioStart, "{iss: "+ghIss+", aud: sts.amazonaws.com, sub: '"+ghMain+"'}")
	in := &AssumeRoleWithWebIdentityInput{RoleArn: String(deployARN), RoleSessionName: String("ci"), WebIdentityToken: &tok}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := s.AssumeRoleWithWebIdentity(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetSessionTokenChain measures GetSessionToken with MFA followed
// by an AssumeRole made with its credentials. A one-time code is accepted
// once (mfa.go), so each iteration forgets the codes used before it.
func BenchmarkGetSessionTokenChain(b *testing.B) {
	s, _ := newTestSim(b, credWorld)
	unthrottled(s)
	alice, err := s.UserCredentials(aliceARN)
	if err != nil {
		b.Fatal(err)
	}
	gst := &GetSessionTokenInput{SerialNumber: String(mfaARN), TokenCode: String("123456")}
	ar := &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("alice")}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		clear(s.mfaUsed)
		out, err := s.GetSessionToken(alice, gst)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.AssumeRole(out.Credentials, ar); err != nil {
			b.Fatal(err)
		}
	}
}

// unthrottled raises the STS rate quota: a benchmark sends thousands of
// requests at one fake instant.
func unthrottled(s *Sim) {
	s.world.Quotas.STSRequestsPerSecond, s.world.Quotas.STSBurst = 1_000_000_000, 1_000_000_000
}
