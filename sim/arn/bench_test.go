package arn_test

import (
	"testing"

	"github.com/rolesim/rolesim/sim/arn"
)

var benchARNs = []string{
	"arn:aws:iam::123456789012:role/division/team/Admin",
	"arn:aws:sts::222222222222:assumed-role/Dev/alice",
	"arn:aws:s3:::prod-artifacts/app.zip",
	"arn:aws:logs:us-east-1:123456789012:log-group:/app/web:log-stream:i-1",
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := arn.Parse(benchARNs[i%len(benchARNs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseRoleARN(b *testing.B) {
	const in = "arn:aws:iam::123456789012:role/division/team/Admin"
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := arn.ParseRoleARN(in); !ok {
			b.Fatal("ParseRoleARN failed")
		}
	}
}

func BenchmarkParseAssumedRoleARN(b *testing.B) {
	const in = "arn:aws:sts::222222222222:assumed-role/Dev/alice"
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := arn.ParseAssumedRoleARN(in); !ok {
			b.Fatal("ParseAssumedRoleARN failed")
		}
	}
}

func BenchmarkAssumedRoleARN(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = arn.AssumedRoleARN("aws", "222222222222", "Dev", "alice")
	}
}
