package iamdump_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
)

const trustDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}`

// roleJSON is a RoleDetail of account 111111111111 with the given trust
// policy value (raw JSON: an object or a string).
func roleJSON(name, trust string) string {
	return `{"RoleName":"` + name + `","Path":"/","RoleId":"AROAEXAMPLE` + strings.ToUpper(name) + `","Arn":"arn:aws:iam::111111111111:role/` + name + `","AssumeRolePolicyDocument":` + trust + `}`
}

func src(name, data string) iamdump.Source { return iamdump.Source{Name: name, Data: []byte(data)} }

func TestImportErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		srcs   []iamdump.Source
		want   string
	}{
		{"not-json", "a syntax error names the file, $ and the line and column",
			[]iamdump.Source{src("dump.json", "{\n  \"RoleDetailList\": [,]\n}")},
			`dump.json: $: not JSON: line 2, column 22: invalid character ',' looking for beginning of value`},
		{"cut-short", "a file cut in the middle is not JSON",
			[]iamdump.Source{src("dump.json", `{"RoleDetailList": [`)},
			`dump.json: $: not JSON: line 1, column 20: unexpected end of JSON input`},
		{"not-object", "the top level must be an object",
			[]iamdump.Source{src("dump.json", `[1]`)},
			`dump.json: $: expected a JSON object (the output of aws iam get-account-authorization-details or list-roles)`},
		{"other-command", "the output of another command is named as such, with its keys",
			[]iamdump.Source{src("users.json", `{"Users": []}`)},
			`users.json: $: not the output of aws iam get-account-authorization-details (UserDetailList, GroupDetailList, RoleDetailList, Policies), aws iam list-roles (Roles) or an Organizations listing; its keys are Users`},
		{"wrong-type", "a field of the wrong type is named by its JSON path, index included",
			[]iamdump.Source{src("dump.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`, {"RoleName": 7}]}`)},
			`dump.json: $.RoleDetailList[1].RoleName: expected string, got number`},
		{"trust-not-a-document", "a trust policy that is not a document is an error at its path",
			[]iamdump.Source{src("dump.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`,`+roleJSON("B", trustDoc)+`,`+roleJSON("C", trustDoc)+`,`+roleJSON("D", `"%7B%22Version"`)+`]}`)},
			`dump.json: $.RoleDetailList[3].AssumeRolePolicyDocument: not a policy document: 1:10: unexpected end of JSON input in string literal`},
		{"trust-a-list", "a document must be an object or a string",
			[]iamdump.Source{src("dump.json", `{"RoleDetailList": [`+roleJSON("A", `[]`)+`]}`)},
			`dump.json: $.RoleDetailList[0].AssumeRolePolicyDocument: not a policy document: expected an object or a string, got list`},
		{"trust-missing", "a role without a trust policy is an error",
			[]iamdump.Source{src("dump.json", `{"RoleDetailList": [{"RoleName":"A","Arn":"arn:aws:iam::111111111111:role/A"}]}`)},
			`dump.json: $.RoleDetailList[0].AssumeRolePolicyDocument: missing policy document`},
		{"bad-url-encoding", "the API's form must decode",
			[]iamdump.Source{src("dump.json", `{"RoleDetailList": [`+roleJSON("A", `"%7B%zz"`)+`]}`)},
			`dump.json: $.RoleDetailList[0].AssumeRolePolicyDocument: not a policy document: bad URL encoding: invalid URL escape "%zz"`},
		{"arn-mismatch", "the Arn must be the one of the Path and name",
			[]iamdump.Source{src("dump.json", `{"RoleDetailList": [{"RoleName":"A","Path":"/x/","Arn":"arn:aws:iam::111111111111:role/A","AssumeRolePolicyDocument":`+trustDoc+`}]}`)},
			`dump.json: $.RoleDetailList[0].Arn: "arn:aws:iam::111111111111:role/A" does not match the Path "/x/" and name "A"`},
		{"partition", "rolesim models the aws partition only",
			[]iamdump.Source{src("dump.json", `{"RoleDetailList": [{"RoleName":"A","Arn":"arn:aws-cn:iam::111111111111:role/A","AssumeRolePolicyDocument":`+trustDoc+`}]}`)},
			`dump.json: $.RoleDetailList[0].Arn: partition "aws-cn": rolesim models the aws partition only`},
		{"bad-name", "a name IAM would not accept",
			[]iamdump.Source{src("dump.json", `{"UserDetailList": [{"UserName":"a b","Arn":"arn:aws:iam::111111111111:user/a b"}]}`)},
			`dump.json: $.UserDetailList[0].UserName: "a b": may contain only letters, digits and _+=,.@-`},
		{"max-duration", "list-roles' MaxSessionDuration is checked",
			[]iamdump.Source{src("roles.json", `{"Roles": [{"RoleName":"A","Arn":"arn:aws:iam::111111111111:role/A","MaxSessionDuration":60}]}`)},
			`roles.json: $.Roles[0].MaxSessionDuration: 60 is outside 3600..43200 seconds`},
		{"conflict", "one role read twice with different content",
			[]iamdump.Source{
				src("a.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`]}`),
				src("b.json", `{"RoleDetailList": [`+roleJSON("A", `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole"}}`)+`]}`)},
			`b.json: $.RoleDetailList[0]: role A is also in a.json $.RoleDetailList[0], with different content`},
		{"two-defaults", "a policy with two default versions",
			[]iamdump.Source{src("dump.json", `{"Policies": [{"PolicyName":"P","Path":"/","Arn":"arn:aws:iam::111111111111:policy/P","PolicyVersionList":[{"VersionId":"v1","IsDefaultVersion":true,"Document":{}},{"VersionId":"v2","IsDefaultVersion":true,"Document":{}}]}]}`)},
			`dump.json: $.Policies[0].PolicyVersionList[1]: a second default version (v1 is one)`},
		{"parent-unknown", "a for-parent listing whose file name holds no parent id",
			[]iamdump.Source{src("ous.json", `{"OrganizationalUnits": []}`)},
			`ous.json: $: list-organizational-units-for-parent output does not say which parent it lists: the file name must hold its id, once (list-accounts-for-parent.r-ab12.json, list-organizational-units-for-parent.ou-ab12-cdef5678.json)`},
		{"bad-ou-id", "an OU id is checked",
			[]iamdump.Source{src("ous.r-ab12.json", `{"OrganizationalUnits": [{"Id": "ou-x", "Name": "A"}]}`)},
			`ous.r-ab12.json: $.OrganizationalUnits[0].Id: not an OU id (ou-...-...): "ou-x"`},
		{"bad-scp", "an SCP's content must be a policy document",
			[]iamdump.Source{src("p.json", `{"Policy": {"PolicySummary": {"Id": "p-12345678", "Name": "S", "Type": "SERVICE_CONTROL_POLICY"}, "Content": "{\"Version\": "}}`)},
			`p.json: $.Policy.Content: not a policy document: 1:12: unexpected end of JSON input`},
		{"nothing", "a dump with no entity",
			[]iamdump.Source{src("dump.json", `{"UserDetailList": [], "IsTruncated": false}`)},
			`no IAM user, group, role or customer managed policy in the input: nothing to import`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := iamdump.Import(tt.srcs, iamdump.Options{})
			if err == nil {
				t.Fatalf("no error (%s)", tt.reason)
			}
			if err.Error() != tt.want {
				t.Errorf("%s:\n got %s\nwant %s", tt.reason, err, tt.want)
			}
			var e *iamdump.Error
			if strings.Contains(tt.want, ": $") && !errors.As(err, &e) {
				t.Errorf("%T is not an *iamdump.Error", err)
			}
		})
	}
}

// notes imports and returns the notes as strings, and the scenario loaded.
func notes(t *testing.T, srcs ...iamdump.Source) ([]string, *scenario.Scenario, string) {
	t.Helper()
	res, err := iamdump.Import(srcs, iamdump.Options{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("t.yaml", res.YAML)
	if err != nil {
		t.Fatalf("does not load: %v\n%s", err, res.YAML)
	}
	var out []string
	for _, n := range res.Notes {
		out = append(out, n.String())
		if !strings.Contains(string(res.YAML), "#   "+n.String()) {
			t.Errorf("note %q is not in the file's header", n)
		}
	}
	return out, sc, string(res.YAML)
}

func TestNotes(t *testing.T) {
	policyP := `{"PolicyName":"P","Path":"/","Arn":"arn:aws:iam::111111111111:policy/P","DefaultVersionId":"v2","PolicyVersionList":[` +
		`{"VersionId":"v1","IsDefaultVersion":false,"Document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}},` +
		`{"VersionId":"v2","IsDefaultVersion":true,"Document":"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}]}`
	tests := []struct {
		name   string
		reason string
		srcs   []iamdump.Source
		want   []string // each must be one of the notes
		in     []string // each must be in the file
		out    []string // none may be in the file
	}{
		{"missing-last-page", "a page with IsTruncated and no last page is reported as incomplete",
			[]iamdump.Source{src("p1.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`], "IsTruncated": true, "Marker": "m1"}`)},
			[]string{"p1.json: account 111111111111: the get-account-authorization-details output is incomplete: 1 page(s) say more follow (IsTruncated) and the last page is missing; what the missing pages hold is not imported"},
			[]string{"p1.json: get-account-authorization-details, account 111111111111 (a page: IsTruncated)"}, nil},
		{"pages-complete", "two pages, the last with IsTruncated false, are complete",
			[]iamdump.Source{
				src("p1.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`], "IsTruncated": true, "Marker": "m1"}`),
				src("p2.json", `{"RoleDetailList": [`+roleJSON("B", trustDoc)+`], "IsTruncated": false}`)},
			nil, []string{"- name: A", "- name: B"}, []string{"incomplete"}},
		{"max-session-unknown", "a role no list-roles output covers is imported as 3600, with a warning and a comment",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`]}`)},
			[]string{"d.json: $.RoleDetailList[0]: role A: MaxSessionDuration is in neither get-account-authorization-details (which never has it) nor list-roles output: imported as 3600 (AWS's default), which may be wrong; give aws iam list-roles output to import the real value"},
			[]string{"max_session_duration: 3600  # NOT KNOWN"}, nil},
		{"max-session-listed", "list-roles gives the maximum, and the comment says where it came from",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`]}`),
				src("r.json", `{"Roles": [{"RoleName":"A","Arn":"arn:aws:iam::111111111111:role/A","MaxSessionDuration":7200}]}`)},
			nil, []string{"max_session_duration: 7200  # from r.json $.Roles[0]"}, []string{"NOT KNOWN"}},
		{"unique-id", "a bare unique id in a trust policy is reported as unresolved and left out",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["AROA3XFRBF535PLBIFPI4","arn:aws:iam::111111111111:root"]},"Action":"sts:AssumeRole"}]}`)+`]}`)},
			[]string{"d.json: $.RoleDetailList[0].AssumeRolePolicyDocument: role A: the trust policy names AROA3XFRBF535PLBIFPI4, a unique id that no longer resolves to a principal (IAM shows a deleted role or user so): unresolved, left out of the trust policy"},
			[]string{"# principals left out (see the notes): AROA3XFRBF535PLBIFPI4", "- arn:aws:iam::111111111111:root"}, []string{"AWS: AROA"}},
		{"missing-principal", "a user or role of an imported account the input does not hold is left out of a trust policy (IAM would refuse it)",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:role/Gone","arn:aws:iam::111111111111:role/B"]},"Action":"sts:AssumeRole"}]}`)+`,`+roleJSON("B", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/nobody"},"Action":"sts:AssumeRole"}]}`)+`]}`)},
			[]string{"d.json: $.RoleDetailList[0].AssumeRolePolicyDocument: role A: the trust policy names arn:aws:iam::111111111111:role/Gone, which is not in the input (a missing page, or deleted since): left out of the trust policy, since IAM refuses a principal that does not exist",
				"d.json: $.RoleDetailList[1].AssumeRolePolicyDocument: role B: the trust policy names arn:aws:iam::111111111111:user/nobody, which is not in the input (a missing page, or deleted since): left out of the trust policy, since IAM refuses a principal that does not exist"},
			[]string{"- arn:aws:iam::111111111111:role/B", "AWS: \"*\""}, []string{"- arn:aws:iam::111111111111:role/Gone", "AWS: arn:aws:iam::111111111111:user/nobody"}},
		{"foreign-account", "a principal of an account outside the input is kept and listed",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"sts:AssumeRole"}]}`)+`]}`)},
			[]string{"d.json: $.RoleDetailList[0].AssumeRolePolicyDocument: role A: the trust policy names 999999999999, of account 999999999999, which is not in the input: kept, but no caller of that account exists in the world"},
			[]string{`AWS: "999999999999"`}, nil},
		{"missing-policy", "an attachment of an AWS managed policy the input does not hold is a placeholder that denies everything (its Denies must not be lost), listed",
			[]iamdump.Source{src("d.json", `{"UserDetailList": [{"UserName":"u","Arn":"arn:aws:iam::111111111111:user/u","AttachedManagedPolicies":[{"PolicyName":"X","PolicyArn":"arn:aws:iam::aws:policy/X"}],"GroupList":["G"]}]}`)},
			[]string{"d.json: $.UserDetailList[0].AttachedManagedPolicies[0]: user u: attached policy arn:aws:iam::aws:policy/X is not in the input: imported as the placeholder inline policy placeholder-aws-managed-X, which denies everything (Sid PlaceholderDocumentNotInInput), since its statements may deny, and leaving it out would allow more than AWS will; give its document (the get-account-authorization-details output of an account that uses it holds it)",
				"d.json: $.UserDetailList[0].GroupList[0]: user u: group G is not in the input (a page of the dump missing, or a group of another dump): imported as the placeholder inline policy placeholder-group-G, which denies everything (Sid PlaceholderGroupNotInInput), since the group's policies may deny, and leaving the membership out would allow more than AWS will; add the get-account-authorization-details page of account 111111111111 whose GroupDetailList holds G"},
			[]string{"- name: u", "# PLACEHOLDER: the document of arn:aws:iam::aws:policy/X (attached policy) is not in the input; this denies everything\n          placeholder-aws-managed-X:",
				"- Sid: PlaceholderDocumentNotInInput\n                Effect: Deny\n                Action: \"*\""}, []string{"- arn:aws:iam::aws:policy/X", "groups:"}},
		{"missing-customer-policy", "so is a customer managed policy of the account the input does not hold",
			[]iamdump.Source{src("d.json", `{"UserDetailList": [{"UserName":"u","Arn":"arn:aws:iam::111111111111:user/u","AttachedManagedPolicies":[{"PolicyName":"Mine","PolicyArn":"arn:aws:iam::111111111111:policy/team/Mine"}]}]}`)},
			[]string{"d.json: $.UserDetailList[0].AttachedManagedPolicies[0]: user u: attached policy arn:aws:iam::111111111111:policy/team/Mine is not in the input: imported as the placeholder inline policy placeholder-policy-Mine, which denies everything (Sid PlaceholderDocumentNotInInput), since its statements may deny, and leaving it out would allow more than AWS will; give its document (the get-account-authorization-details output of an account that uses it holds it)"},
			[]string{"placeholder-policy-Mine:"}, []string{"managed_policies:"}},
		{"missing-boundary", "a permissions boundary the input does not hold is a placeholder that denies everything: no boundary would allow more",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [{"RoleName":"A","Arn":"arn:aws:iam::111111111111:role/A","AssumeRolePolicyDocument":`+trustDoc+`,"PermissionsBoundary":{"PermissionsBoundaryType":"Policy","PermissionsBoundaryArn":"arn:aws:iam::aws:policy/PowerUserAccess"}}]}`)},
			[]string{"d.json: $.RoleDetailList[0].PermissionsBoundary: role A: permissions boundary arn:aws:iam::aws:policy/PowerUserAccess is not in the input: imported as the placeholder inline policy placeholder-boundary-PowerUserAccess, which denies everything (Sid PlaceholderDocumentNotInInput), since its statements may deny, and leaving it out would allow more than AWS will; give its document (the get-account-authorization-details output of an account that uses it holds it)"},
			[]string{"placeholder-boundary-PowerUserAccess:"}, []string{"permissions_boundary:"}},
		{"quarantine", "AWS's quarantine policies are known to deny, and the note says so",
			[]iamdump.Source{src("d.json", `{"UserDetailList": [{"UserName":"u","Arn":"arn:aws:iam::111111111111:user/u","AttachedManagedPolicies":[{"PolicyArn":"arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3"}]}]}`)},
			[]string{"d.json: $.UserDetailList[0].AttachedManagedPolicies[0]: user u: attached policy arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3 is not in the input: imported as the placeholder inline policy placeholder-aws-managed-AWSCompromisedKeyQuarantineV3, which denies everything (Sid PlaceholderDocumentNotInInput), since it is an AWS managed policy that denies, and leaving it out would allow more than AWS will; give its document (the get-account-authorization-details output of an account that uses it holds it)"},
			[]string{"placeholder-aws-managed-AWSCompromisedKeyQuarantineV3:"}, nil},
		{"deny-all", "AWSDenyAll, whose document AWS publishes, is declared with it and attached by reference",
			[]iamdump.Source{src("d.json", `{"UserDetailList": [{"UserName":"u","Arn":"arn:aws:iam::111111111111:user/u","AttachedManagedPolicies":[{"PolicyArn":"arn:aws:iam::aws:policy/AWSDenyAll"}]}]}`)},
			[]string{"AWSDenyAll is not in the input: declared with its document as AWS publishes it (Deny * on *)"},
			[]string{"aws_managed_policies:\n  # from the AWS Managed Policy Reference (AWSDenyAll, default version v2); the input does not hold it: declared by rolesim\n  - name: AWSDenyAll\n",
				"- Sid: DenyAll\n          Effect: Deny\n          Action:\n            - \"*\"\n          Resource: \"*\"", "managed_policies:\n          - arn:aws:iam::aws:policy/AWSDenyAll"}, []string{"placeholder-"}},
		{"default-version", "only the default version counts, URL-encoded or not",
			[]iamdump.Source{src("d.json", `{"Policies": [`+policyP+`], "RoleDetailList": [{"RoleName":"A","Arn":"arn:aws:iam::111111111111:role/A","AssumeRolePolicyDocument":`+trustDoc+`,"AttachedManagedPolicies":[{"PolicyArn":"arn:aws:iam::111111111111:policy/P"}]}]}`)},
			nil, []string{"default version v2", "Action: s3:GetObject", "managed_policies:\n          - P\n"}, []string{`Action: "*"`}},
		{"uncompilable", "a policy rolesim cannot compile is left out and listed, the rest imported",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [{"RoleName":"A","Arn":"arn:aws:iam::111111111111:role/A","AssumeRolePolicyDocument":`+trustDoc+`,"RolePolicyList":[{"PolicyName":"Bad","PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEqualz":{"a:b":"c"}}}]}}]}]}`)},
			[]string{"d.json: $.RoleDetailList[0].RolePolicyList[0]: role A: inline policy Bad not imported: rolesim cannot compile it: MalformedPolicyDocument: Invalid Condition type : StringEqualz"},
			[]string{"- name: A"}, []string{"Bad:"}},
		{"listed-not-dumped", "a role list-roles names but no dump holds is reported, not imported",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`]}`),
				src("r.json", `{"Roles": [{"Arn":"arn:aws:iam::111111111111:role/A","MaxSessionDuration":3600},{"Arn":"arn:aws:iam::111111111111:role/New","MaxSessionDuration":3600}]}`)},
			[]string{"r.json: $.Roles[1]: role arn:aws:iam::111111111111:role/New is in list-roles output but in no get-account-authorization-details output (a missing page, or a role created in between): not imported"},
			[]string{"- name: A"}, []string{"New"}},
		{"trust-uncompilable", "a role whose trust policy rolesim cannot compile is left out, once",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`,`+roleJSON("B", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:group/g"},"Action":"sts:AssumeRole"}]}`)+`]}`),
				src("r.json", `{"Roles": [{"Arn":"arn:aws:iam::111111111111:role/B","MaxSessionDuration":3600}]}`)},
			[]string{"d.json: $.RoleDetailList[1].AssumeRolePolicyDocument: role B not imported: rolesim cannot compile its trust policy: MalformedPolicyDocument: Invalid principal in policy"},
			[]string{"- name: A"}, []string{"- name: B"}},
		{"org-accounts", "accounts of the organization without IAM data are declared, noted; the tree places them",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`]}`),
				src("org.json", `{"Organization": {"Id": "o-abcdefghij", "MasterAccountId": "111111111111"}}`),
				src("roots.json", `{"Roots": [{"Id": "r-ab12", "Name": "Root"}]}`),
				src("accounts.r-ab12.json", `{"Accounts": [{"Id": "111111111111"}, {"Id": "222222222222"}]}`),
				src("ous.r-ab12.json", `{"OrganizationalUnits": []}`)},
			[]string{"account 222222222222 is in the organization but in no get-account-authorization-details output: declared with no IAM entities"},
			[]string{"management_account: \"111111111111\"", "  - id: \"222222222222\"\n", "      - \"222222222222\"\n"}, nil},
		{"org-gaps", "a policy without content, one without targets, an OU without listings, a type rolesim does not model",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`]}`),
				src("org.json", `{"Organization": {"Id": "o-abcdefghij", "MasterAccountId": "111111111111"}}`),
				src("roots.json", `{"Roots": [{"Id": "r-ab12", "Name": "Root"}]}`),
				src("accounts.r-ab12.json", `{"Accounts": [{"Id": "111111111111"}]}`),
				src("ous.r-ab12.json", `{"OrganizationalUnits": [{"Id": "ou-ab12-abcdefgh", "Name": "Dev"}]}`),
				src("policies.json", `{"Policies": [{"Id": "p-aaaaaaaa", "Name": "Gone", "Type": "SERVICE_CONTROL_POLICY"}]}`),
				src("describe.json", `{"Policy": {"PolicySummary": {"Id": "p-bbbbbbbb", "Name": "Loose", "Type": "SERVICE_CONTROL_POLICY"}, "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}}`),
				src("tag.json", `{"Policy": {"PolicySummary": {"Id": "p-cccccccc", "Name": "Tags", "Type": "TAG_POLICY"}, "Content": "{\"tags\": {}}"}}`)},
			[]string{"organization policy Gone (p-aaaaaaaa) is in list-policies output but has no describe-policy output: its content is not in the input, not imported",
				"describe.json: $.Policy: organization policy Loose: no list-targets-for-policy output for p-bbbbbbbb: imported, but attached nowhere",
				"organization: no list-accounts-for-parent or list-organizational-units-for-parent output for ou-ab12-abcdefgh (Dev): its children are not all imported",
				"tag.json: $.Policy: organization policy Tags (TAG_POLICY): a policy type rolesim does not model: not imported",
				"no list-targets-for-policy output for p-FullAWSAccess: FullAWSAccess is taken to be attached everywhere, as AWS attaches it by default"},
			[]string{"- name: Loose", "- name: Dev"}, []string{"name: Gone", "name: Tags"}},
		{"trust-policy-quota", "a trust policy longer than the default ACLSizePerRole (an account whose quota was raised) raises quotas.trust_policy_size",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"`+strings.Repeat("x", 2000)+`"}}}]}`)+`]}`)},
			nil, []string{"quotas:\n  trust_policy_size: 2187\n"}, nil},
		{"reserved-tag", "an aws: tag is left out and listed",
			[]iamdump.Source{src("d.json", `{"UserDetailList": [{"UserName":"u","Arn":"arn:aws:iam::111111111111:user/u","Tags":[{"Key":"aws:cloudformation:stack-name","Value":"s"},{"Key":"team","Value":"x"}]}]}`)},
			[]string{`d.json: $.UserDetailList[0].Tags[0]: user u: tag "aws:cloudformation:stack-name" not imported: the aws: prefix is reserved for AWS`},
			[]string{"team: x"}, []string{"stack-name:"}},
		{"github-unscoped", "a role trusting GitHub without a sub condition loads with the check off, noted",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity"}]}`)+`]}`)},
			[]string{"d.json: $.RoleDetailList[0].AssumeRolePolicyDocument: role A: the trust policy trusts GitHub's OIDC provider without a scoped sub or job_workflow_ref condition, which IAM now refuses to save: settings.github_sub_check is set to false so that it loads"},
			[]string{"github_sub_check: false", "url: https://token.actions.githubusercontent.com"}, nil},
		{"saml", "a SAML provider named by a trust policy is declared with a placeholder issuer",
			[]iamdump.Source{src("d.json", `{"RoleDetailList": [`+roleJSON("A", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}]}`)+`]}`)},
			[]string{"d.json: $.RoleDetailList[0].AssumeRolePolicyDocument: account 111111111111: SAML provider Okta is not in the input (get-account-authorization-details does not list identity providers): declared from role A's trust policy with a placeholder issuer"},
			[]string{"saml_providers:", "issuer: urn:rolesim:import:unknown-issuer:Okta"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, yaml := notes(t, tt.srcs...)
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("%s: no note\n  %s\namong\n  %s", tt.reason, w, strings.Join(got, "\n  "))
				}
			}
			if tt.want == nil && len(got) > 0 && tt.name != "max-session-unknown" {
				for _, g := range got {
					if strings.Contains(g, "incomplete") {
						t.Errorf("%s: unexpected note %s", tt.reason, g)
					}
				}
			}
			for _, s := range tt.in {
				if !strings.Contains(yaml, s) {
					t.Errorf("%s: the file lacks %q:\n%s", tt.reason, s, yaml)
				}
			}
			for _, s := range tt.out {
				if strings.Contains(yaml[strings.Index(yaml, "\nversion:"):], s) {
					t.Errorf("%s: the file's world has %q:\n%s", tt.reason, s, yaml)
				}
			}
		})
	}
}

// TestDroppedRoleNotedOnce: a role left out for its trust policy is not
// reported a second time as a list-roles role missing from the dump.
func TestDroppedRoleNotedOnce(t *testing.T) {
	got, _, _ := notes(t, src("d.json", `{"RoleDetailList": [`+roleJSON("A", trustDoc)+`,`+roleJSON("B", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:group/g"},"Action":"sts:AssumeRole"}]}`)+`]}`),
		src("r.json", `{"Roles": [{"Arn":"arn:aws:iam::111111111111:role/A","MaxSessionDuration":3600},{"Arn":"arn:aws:iam::111111111111:role/B","MaxSessionDuration":3600}]}`))
	if len(got) != 1 || !strings.Contains(got[0], "role B not imported") {
		t.Errorf("notes:\n  %s", strings.Join(got, "\n  "))
	}
}
