package iamdump_test

import (
	"fmt"

	"github.com/rolesim/rolesim/importer/iamdump"
)

// A role from the API's form of get-account-authorization-details (the
// trust policy URL-encoded), its MaxSessionDuration from list-roles.
func ExampleImport() {
	dump := `{"RoleDetailList": [{"RoleName": "Deploy", "Path": "/", "RoleId": "AROAEXAMPLEDEPLOY0001",
	  "Arn": "arn:aws:iam::111111111111:role/Deploy",
	  "AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22arn%3Aaws%3Aiam%3A%3A111111111111%3Aroot%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"}],
	  "IsTruncated": false}`
	roles := `{"Roles": [{"RoleName": "Deploy", "Arn": "arn:aws:iam::111111111111:role/Deploy", "MaxSessionDuration": 7200}]}`
	res, err := iamdump.Import([]iamdump.Source{
		{Name: "auth.json", Data: []byte(dump)},
		{Name: "roles.json", Data: []byte(roles)},
	}, iamdump.Options{Name: "example"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(res.YAML))
	// Output:
	// # Imported by rolesim import aws from:
	// #   auth.json: get-account-authorization-details, account 111111111111
	// #   roles.json: list-roles, account 111111111111
	// # Ids (RoleId, UserId, GroupId, PolicyId) are kept in comments: the scenario
	// # format has no field for them, rolesim derives its own.
	// #
	// version: 1
	// name: example
	// description: "Imported from 2 file(s) of AWS CLI output: 1 account(s)."
	// accounts:
	//   # account 111111111111: from auth.json, roles.json
	//   - id: "111111111111"
	//     roles:
	//       # from auth.json $.RoleDetailList[0]; RoleId AROAEXAMPLEDEPLOY0001
	//       - name: Deploy
	//         max_session_duration: 7200  # from roles.json $.Roles[0]
	//         trust_policy:
	//           Version: "2012-10-17"
	//           Statement:
	//             - Effect: Allow
	//               Principal:
	//                 AWS: arn:aws:iam::111111111111:root
	//               Action: sts:AssumeRole
}

// Bad input is an *Error naming the file and the JSON path.
func ExampleImport_error() {
	_, err := iamdump.Import([]iamdump.Source{{Name: "dump.json", Data: []byte(`{"RoleDetailList": [{"RoleName": "A",
	  "Arn": "arn:aws:iam::111111111111:role/A", "AssumeRolePolicyDocument": "not json"}]}`)}}, iamdump.Options{})
	fmt.Println(err)
	// Output:
	// dump.json: $.RoleDetailList[0].AssumeRolePolicyDocument: not a policy document: 1:2: invalid character 'o' in literal null
}
