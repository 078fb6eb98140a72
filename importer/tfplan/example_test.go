package tfplan_test

import (
	"fmt"
	"strings"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
)

// A plan that creates a role whose trust policy names a role the same plan
// creates: the trust policy is unknown until apply and becomes a
// placeholder, named in a note.
func ExampleImport() {
	plan := `{"format_version":"1.2",
	  "planned_values":{"root_module":{"resources":[
	    {"address":"aws_iam_role.app","mode":"managed","type":"aws_iam_role","name":"app",
	     "values":{"name":"app","path":"/","max_session_duration":3600}}]}},
	  "resource_changes":[{"address":"aws_iam_role.app","mode":"managed",
	    "change":{"actions":["create"],"after_unknown":{"arn":true,"assume_role_policy":true}}}]}`
	res, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: []byte(plan)}, tfplan.Options{Account: "111111111111"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Accounts)
	fmt.Println(res.Notes[0])
	for _, line := range strings.Split(string(res.YAML), "\n") {
		if strings.Contains(line, "trust_policy:") || strings.Contains(line, "Sid:") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// [111111111111]
	// plan.json: aws_iam_role.app: role app: assume_role_policy is unknown until apply (it refers to a value this plan creates): imported as a placeholder that denies everything (Sid PlaceholderUnknownUntilApply)
	// trust_policy:  # PLACEHOLDER: assume_role_policy of aws_iam_role.app is unknown until apply; this denies everything
	// - Sid: PlaceholderUnknownUntilApply
}

// Bad input names the file and the JSON path of the value.
func ExampleImport_error() {
	plan := `{"planned_values":{"root_module":{"resources":[
	  {"address":"aws_iam_role.app","mode":"managed","type":"aws_iam_role","name":"app",
	   "values":{"arn":"arn:aws:iam::111111111111:role/app","name":"app","assume_role_policy":{"Version":"2012-10-17"}}}]}}}`
	_, err := tfplan.Import(iamdump.Source{Name: "plan.json", Data: []byte(plan)}, tfplan.Options{})
	fmt.Println(err)
	// Output:
	// plan.json: $.planned_values.root_module.resources[0].values.assume_role_policy: aws_iam_role.app: expected a policy document (a JSON string)
}
