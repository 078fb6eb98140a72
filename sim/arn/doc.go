// Package arn parses and builds Amazon Resource Names for the simulator.
//
// Parse splits any ARN into its five parts; ParseIAMResource, ParseRoleARN
// and ParseAssumedRoleARN read the IAM and STS forms rolesim cares about
// (users, roles, groups, policies, providers, role sessions). The builders
// (UserARN, RoleARN, AssumedRoleARN, ...) produce the same forms AWS prints.
//
// The package is a leaf: it imports only the standard library. Parsing does
// not allocate on success (results are substrings of the input), nothing in
// it panics on bad input, and it holds no package-level state.
//
// Parse reads concrete ARNs, not policy patterns: a wildcard in the region
// or account ("arn:aws:s3:*:*:x") is rejected.
package arn
