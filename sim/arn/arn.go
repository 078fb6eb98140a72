package arn

import (
	"strconv"
	"strings"
)

// ARN is an Amazon Resource Name split into its parts:
// arn:Partition:Service:Region:Account:Resource. Region and Account may be
// empty; Resource may itself contain ':' and '/'.
type ARN struct {
	Partition string // "aws", "aws-cn", "aws-us-gov", ...
	Service   string // "iam", "sts", "s3", ...
	Region    string // "" for global services such as IAM and STS
	Account   string // 12 digits, "aws" for AWS managed resources, or ""
	Resource  string // "role/path/Name", "assumed-role/Role/session", ...
}

// String returns the ARN in its textual form. For every a returned by Parse,
// a.String() is the string that was parsed.
func (a ARN) String() string {
	return "arn:" + a.Partition + ":" + a.Service + ":" + a.Region + ":" + a.Account + ":" + a.Resource
}

// ParseError reports why Parse rejected its input.
type ParseError struct {
	Input  string // the string given to Parse
	Reason string // what is wrong with it, e.g. `unknown partition "aws-xx"`
}

// Error returns the text `arn: invalid ARN "INPUT": REASON`.
func (e *ParseError) Error() string {
	return "arn: invalid ARN " + strconv.Quote(e.Input) + ": " + e.Reason
}

// Reasons given by Parse. They are part of the error text only; callers should
// not compare them.
const (
	reasonPrefix    = `missing "arn:" prefix`
	reasonSections  = "too few sections, want arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"
	reasonService   = "empty service"
	reasonResource  = "empty resource"
	reasonAccountID = `account must be 12 digits, "aws" or empty`
)

// Parse splits s, of the form arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE,
// into an ARN. The fields of the result are substrings of s, so a successful
// Parse does not allocate.
//
// Parse accepts the partitions aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b,
// aws-iso-e, aws-iso-f and aws-eusc. The service must be non-empty and use
// only [a-z0-9-]; the region only [a-z0-9-] (or be empty); the account must
// be 12 ASCII digits, "aws" (AWS managed resources) or empty; the resource
// must be non-empty and is everything after the fifth ':'.
//
// On failure the error is a *ParseError.
func Parse(s string) (ARN, error) {
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return ARN{}, &ParseError{Input: s, Reason: reasonPrefix}
	}
	var parts [4]string
	for i := range parts {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return ARN{}, &ParseError{Input: s, Reason: reasonSections}
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	a := ARN{Partition: parts[0], Service: parts[1], Region: parts[2], Account: parts[3], Resource: rest}
	if !knownPartition(a.Partition) {
		return ARN{}, &ParseError{Input: s, Reason: "unknown partition " + strconv.Quote(a.Partition)}
	}
	if a.Service == "" {
		return ARN{}, &ParseError{Input: s, Reason: reasonService}
	}
	serviceAt := len("arn:") + len(a.Partition) + 1
	if i := badLowerAlnum(a.Service); i >= 0 {
		return ARN{}, &ParseError{Input: s, Reason: badByte(s, serviceAt+i, "service")}
	}
	regionAt := serviceAt + len(a.Service) + 1
	if i := badLowerAlnum(a.Region); i >= 0 {
		return ARN{}, &ParseError{Input: s, Reason: badByte(s, regionAt+i, "region")}
	}
	if a.Account != "" && a.Account != "aws" && !IsAccountID(a.Account) {
		return ARN{}, &ParseError{Input: s, Reason: reasonAccountID}
	}
	if a.Resource == "" {
		return ARN{}, &ParseError{Input: s, Reason: reasonResource}
	}
	return a, nil
}

// knownPartition reports whether p is an AWS partition name.
func knownPartition(p string) bool {
	switch p {
	case "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc":
		return true
	}
	return false
}

// badLowerAlnum returns the index of the first byte of s outside [a-z0-9-],
// or -1 if there is none.
func badLowerAlnum(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return i
		}
	}
	return -1
}

// badByte describes the unexpected byte at s[i], inside the named section.
func badByte(s string, i int, section string) string {
	return "invalid character " + strconv.Quote(s[i:i+1]) + " at offset " + strconv.Itoa(i) + " in " + section + ", want [a-z0-9-]"
}

// IsAccountID reports whether s is an AWS account ID: exactly 12 ASCII
// digits.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
