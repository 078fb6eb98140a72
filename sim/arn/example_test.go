package arn_test

import (
	"fmt"

	"github.com/rolesim/rolesim/sim/arn"
)

func ExampleParse() {
	a, err := arn.Parse("arn:aws:iam::123456789012:role/division/team/Admin")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Partition, a.Service, a.Account, a.Resource)

	res, ok := arn.ParseIAMResource(a.Resource)
	fmt.Printf("%s %s %s %v\n", res.Type, res.Path, res.Name, ok)

	_, err = arn.Parse("arn:aws:iam::1234:root")
	fmt.Println(err)
	// Output:
	// aws iam 123456789012 role/division/team/Admin
	// role /division/team/ Admin true
	// arn: invalid ARN "arn:aws:iam::1234:root": account must be 12 digits, "aws" or empty
}

func ExampleAssumedRoleARN() {
	role, ok := arn.ParseRoleARN("arn:aws:iam::123456789012:role/division/team/Admin")
	if !ok {
		return
	}
	// The session ARN names the role without its path.
	fmt.Println(arn.AssumedRoleARN("aws", role.Account, role.Name, "alice"))
	// Output:
	// arn:aws:sts::123456789012:assumed-role/Admin/alice
}
