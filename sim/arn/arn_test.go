package arn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolesim/rolesim/sim/arn"
)

func TestParse(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
		want   arn.ARN
	}
	tests := []row{{
		name:   "role",
		reason: "the common IAM role form: global service, no region",
		in:     "arn:aws:iam::123456789012:role/Admin",
		want:   arn.ARN{Partition: "aws", Service: "iam", Account: "123456789012", Resource: "role/Admin"},
	}, {
		name:   "role-with-path",
		reason: "'/' in the resource is part of the resource",
		in:     "arn:aws:iam::123456789012:role/division/team/Admin",
		want:   arn.ARN{Partition: "aws", Service: "iam", Account: "123456789012", Resource: "role/division/team/Admin"},
	}, {
		name:   "assumed-role",
		reason: "STS session ARNs parse like any other",
		in:     "arn:aws:sts::222222222222:assumed-role/Dev/alice",
		want:   arn.ARN{Partition: "aws", Service: "sts", Account: "222222222222", Resource: "assumed-role/Dev/alice"},
	}, {
		name:   "s3-no-account",
		reason: "S3 bucket ARNs have neither region nor account",
		in:     "arn:aws:s3:::prod-artifacts/app.zip",
		want:   arn.ARN{Partition: "aws", Service: "s3", Resource: "prod-artifacts/app.zip"},
	}, {
		name:   "aws-managed-policy",
		reason: `AWS managed policies use the account "aws"`,
		in:     "arn:aws:iam::aws:policy/ReadOnlyAccess",
		want:   arn.ARN{Partition: "aws", Service: "iam", Account: "aws", Resource: "policy/ReadOnlyAccess"},
	}, {
		name:   "colon-in-resource",
		reason: "everything after the fifth ':' is the resource, colons included",
		in:     "arn:aws:logs:us-east-1:123456789012:log-group:/app/web:log-stream:i-1",
		want:   arn.ARN{Partition: "aws", Service: "logs", Region: "us-east-1", Account: "123456789012", Resource: "log-group:/app/web:log-stream:i-1"},
	}, {
		name:   "resource-only-colons",
		reason: "a resource made of separators is still non-empty",
		in:     "arn:aws:svc:::://",
		want:   arn.ARN{Partition: "aws", Service: "svc", Resource: "://"},
	}, {
		name:   "region-and-digits-in-service",
		reason: "services may contain digits and '-'",
		in:     "arn:aws:route53-recovery-control-config:eu-west-2:123456789012:cluster/x",
		want:   arn.ARN{Partition: "aws", Service: "route53-recovery-control-config", Region: "eu-west-2", Account: "123456789012", Resource: "cluster/x"},
	}, {
		name:   "partition-cn",
		reason: "China partition",
		in:     "arn:aws-cn:iam::123456789012:root",
		want:   arn.ARN{Partition: "aws-cn", Service: "iam", Account: "123456789012", Resource: "root"},
	}, {
		name:   "partition-us-gov",
		reason: "GovCloud partition",
		in:     "arn:aws-us-gov:s3:::b",
		want:   arn.ARN{Partition: "aws-us-gov", Service: "s3", Resource: "b"},
	}, {
		name:   "partition-iso",
		reason: "ISO partition",
		in:     "arn:aws-iso:s3:::b",
		want:   arn.ARN{Partition: "aws-iso", Service: "s3", Resource: "b"},
	}, {
		name:   "partition-iso-b",
		reason: "ISO-B partition",
		in:     "arn:aws-iso-b:s3:::b",
		want:   arn.ARN{Partition: "aws-iso-b", Service: "s3", Resource: "b"},
	}, {
		name:   "partition-iso-e",
		reason: "ISO-E partition",
		in:     "arn:aws-iso-e:s3:::b",
		want:   arn.ARN{Partition: "aws-iso-e", Service: "s3", Resource: "b"},
	}, {
		name:   "partition-iso-f",
		reason: "ISO-F partition",
		in:     "arn:aws-iso-f:s3:::b",
		want:   arn.ARN{Partition: "aws-iso-f", Service: "s3", Resource: "b"},
	}, {
		name:   "partition-eusc",
		reason: "European Sovereign Cloud partition",
		in:     "arn:aws-eusc:iam::123456789012:user/bob",
		want:   arn.ARN{Partition: "aws-eusc", Service: "iam", Account: "123456789012", Resource: "user/bob"},
	}, {
		name:   "unicode-resource",
		reason: "the resource is not restricted beyond being non-empty",
		in:     "arn:aws:s3:::bücket/ключ",
		want:   arn.ARN{Partition: "aws", Service: "s3", Resource: "bücket/ключ"},
	}}
	checkTable(t, tests, func(r row) (string, string) {
		return r.name, r.reason
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v\n%s", tt.in, err, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s\n%s", tt.in, diff, tt.reason)
			}
			if s := got.String(); s != tt.in {
				t.Errorf("Parse(%q).String() = %q, want the input back", tt.in, s)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	type row struct {
		name       string
		reason     string
		in         string
		wantReason string
	}
	tests := []row{{
		name:       "empty",
		reason:     "nothing to parse",
		in:         "",
		wantReason: `missing "arn:" prefix`,
	}, {
		name:       "no-prefix",
		reason:     "a bare resource is not an ARN",
		in:         "role/Admin",
		wantReason: `missing "arn:" prefix`,
	}, {
		name:       "upper-prefix",
		reason:     "the prefix is case-sensitive",
		in:         "ARN:aws:iam::123456789012:root",
		wantReason: `missing "arn:" prefix`,
	}, {
		name:       "leading-space",
		reason:     "no trimming",
		in:         " arn:aws:iam::123456789012:root",
		wantReason: `missing "arn:" prefix`,
	}, {
		name:       "prefix-only",
		reason:     "no sections after the prefix",
		in:         "arn:",
		wantReason: "too few sections, want arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE",
	}, {
		name:       "four-sections",
		reason:     "the account separator is missing",
		in:         "arn:aws:iam::123456789012",
		wantReason: "too few sections, want arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE",
	}, {
		name:       "three-sections",
		reason:     "only partition, service and region",
		in:         "arn:aws:iam:",
		wantReason: "too few sections, want arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE",
	}, {
		name:       "unknown-partition",
		reason:     "only the eight AWS partitions are accepted",
		in:         "arn:aws-xx:iam::123456789012:root",
		wantReason: `unknown partition "aws-xx"`,
	}, {
		name:       "empty-partition",
		reason:     "the partition is required",
		in:         "arn::iam::123456789012:root",
		wantReason: `unknown partition ""`,
	}, {
		name:       "upper-partition",
		reason:     "partitions are lower case",
		in:         "arn:AWS:iam::123456789012:root",
		wantReason: `unknown partition "AWS"`,
	}, {
		name:       "wildcard-partition",
		reason:     "Parse reads ARNs, not patterns",
		in:         "arn:*:iam::123456789012:root",
		wantReason: `unknown partition "*"`,
	}, {
		name:       "empty-service",
		reason:     "the service is required",
		in:         "arn:aws:::123456789012:root",
		wantReason: "empty service",
	}, {
		name:       "upper-service",
		reason:     "services are [a-z0-9-]",
		in:         "arn:aws:IAM::123456789012:root",
		wantReason: `invalid character "I" at offset 8 in service, want [a-z0-9-]`,
	}, {
		name:       "non-ascii-service",
		reason:     "a non-ASCII byte is reported as a byte",
		in:         "arn:aws:ïam::123456789012:root",
		wantReason: `invalid character "\xc3" at offset 8 in service, want [a-z0-9-]`,
	}, {
		name:       "space-in-service",
		reason:     "services are [a-z0-9-]",
		in:         "arn:aws:ia m::123456789012:root",
		wantReason: `invalid character " " at offset 10 in service, want [a-z0-9-]`,
	}, {
		name:       "wildcard-region",
		reason:     "Parse reads ARNs, not patterns",
		in:         "arn:aws:s3:*::b",
		wantReason: `invalid character "*" at offset 11 in region, want [a-z0-9-]`,
	}, {
		name:       "upper-region",
		reason:     "regions are [a-z0-9-]",
		in:         "arn:aws:ec2:US-east-1:123456789012:instance/i-1",
		wantReason: `invalid character "U" at offset 12 in region, want [a-z0-9-]`,
	}, {
		name:       "short-account",
		reason:     "account IDs have exactly 12 digits",
		in:         "arn:aws:iam::12345678901:root",
		wantReason: `account must be 12 digits, "aws" or empty`,
	}, {
		name:       "long-account",
		reason:     "account IDs have exactly 12 digits",
		in:         "arn:aws:iam::1234567890123:root",
		wantReason: `account must be 12 digits, "aws" or empty`,
	}, {
		name:       "wildcard-account",
		reason:     "Parse reads ARNs, not patterns",
		in:         "arn:aws:iam::*:root",
		wantReason: `account must be 12 digits, "aws" or empty`,
	}, {
		name:       "placeholder-account",
		reason:     "documentation placeholders are not accounts",
		in:         "arn:aws:iam::ACCT:root",
		wantReason: `account must be 12 digits, "aws" or empty`,
	}, {
		name:       "upper-aws-account",
		reason:     `only lower-case "aws" names AWS itself`,
		in:         "arn:aws:iam::AWS:policy/ReadOnlyAccess",
		wantReason: `account must be 12 digits, "aws" or empty`,
	}, {
		name:       "empty-resource",
		reason:     "the resource is required",
		in:         "arn:aws:iam::123456789012:",
		wantReason: "empty resource",
	}}
	checkTable(t, tests, func(r row) (string, string) {
		return r.name, r.reason
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := arn.Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want error\n%s", tt.in, got, tt.reason)
			}
			if diff := cmp.Diff(arn.ARN{}, got); diff != "" {
				t.Errorf("Parse(%q) returned a non-zero ARN with its error (-want +got):\n%s", tt.in, diff)
			}
			var pe *arn.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T, want *arn.ParseError", tt.in, err)
			}
			want := &arn.ParseError{Input: tt.in, Reason: tt.wantReason}
			if diff := cmp.Diff(want, pe); diff != "" {
				t.Errorf("Parse(%q) error mismatch (-want +got):\n%s\n%s", tt.in, diff, tt.reason)
			}
		})
	}
}

func TestParseErrorText(t *testing.T) {
	_, err := arn.Parse("arn:aws-xx:iam::123456789012:root")
	want := `arn: invalid ARN "arn:aws-xx:iam::123456789012:root": unknown partition "aws-xx"`
	if err == nil || err.Error() != want {
		t.Errorf("Parse error text = %v, want %s", err, want)
	}
	// Control characters in the input must not leak into the message raw.
	_, err = arn.Parse("arn:aws:iam::123456789012\n")
	if err == nil {
		t.Fatal("Parse accepted an ARN with no resource section")
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error text contains a raw newline: %q", err.Error())
	}
}

func TestARNStringZero(t *testing.T) {
	if got, want := (arn.ARN{}).String(), "arn:::::"; got != want {
		t.Errorf("ARN{}.String() = %q, want %q", got, want)
	}
}

func TestParseAllocs(t *testing.T) {
	in := "arn:aws:iam::123456789012:role/division/team/Admin"
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := arn.Parse(in); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Parse allocates %v times per call, want 0", allocs)
	}
}

func TestIsAccountID(t *testing.T) {
	type row struct {
		name   string
		reason string
		in     string
		want   bool
	}
	tests := []row{
		{name: "valid", reason: "12 digits", in: "123456789012", want: true},
		{name: "zeros", reason: "leading zeros are digits too", in: "000000000000", want: true},
		{name: "empty", reason: "no digits", in: "", want: false},
		{name: "eleven", reason: "one digit short", in: "12345678901", want: false},
		{name: "thirteen", reason: "one digit too many", in: "1234567890123", want: false},
		{name: "letter", reason: "letters are not digits", in: "12345678901a", want: false},
		{name: "aws", reason: `"aws" is a valid ARN account but not an account ID`, in: "aws", want: false},
		{name: "space", reason: "no trimming", in: " 23456789012", want: false},
		{name: "unicode-digit", reason: "only ASCII digits count", in: "12345678901٣", want: false},
		{name: "slash", reason: "'/' sorts just below '0'", in: "12345678901/", want: false},
		{name: "colon", reason: "':' sorts just above '9'", in: "12345678901:", want: false},
	}
	checkTable(t, tests, func(r row) (string, string) {
		return r.name, r.reason
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := arn.IsAccountID(tt.in); got != tt.want {
				t.Errorf("IsAccountID(%q) = %v, want %v (%s)", tt.in, got, tt.want, tt.reason)
			}
		})
	}
}
