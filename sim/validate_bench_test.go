package sim

import "testing"

// BenchmarkValidateAssumeRole measures the AssumeRole schema check of the
// chained hop's request (BenchmarkChainedAssumeRole): a role ARN and a
// session name, every other member absent.
func BenchmarkValidateAssumeRole(b *testing.B) {
	in := &AssumeRoleInput{RoleArn: String("arn:aws:iam::333333333333:role/ci/Tooling"), RoleSessionName: String("alice-ci")}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := validateAssumeRole(in); err != nil {
			b.Fatal(err)
		}
	}
}
