package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// wantErr is an expected compile error: the message, at the first
// character of marker (which must occur once in the document).
type wantErr struct {
	at  string
	msg string
}

const v12 = `"Version":"2012-10-17",`

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		kind   Kind
		doc    string
		want   []wantErr
	}{
		// Document.
		{"notObject", "a policy is a JSON object", KindIdentity, `["x"]`,
			[]wantErr{{`["x"]`, "Syntax errors in policy: the policy document must be a JSON object"}}},
		{"badVersion", "only two versions exist", KindIdentity, `{"Version":"2012-10-18","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			[]wantErr{{`"2012-10-18"`, "The policy must contain a valid version string"}}},
		{"versionNumber", "Version is a string", KindIdentity, `{"Version":2012,"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			[]wantErr{{`2012`, "The policy must contain a valid version string"}}},
		{"idNotString", "Id is a string", KindIdentity, `{` + v12 + `"Id":["x"],"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			[]wantErr{{`["x"]`, "Id must be a string"}}},
		{"missingStatement", "Statement is required", KindIdentity, `{"Version":"2012-10-17"}`,
			[]wantErr{{`{"Version"`, "Missing required field Statement"}}},
		{"emptyStatement", "an empty Statement list is an error", KindIdentity, `{` + v12 + `"Statement":[]}`,
			[]wantErr{{`[]`, "Syntax errors in policy: Statement must not be an empty list"}}},
		{"statementString", "Statement is an object or a list", KindIdentity, `{` + v12 + `"Statement":"x"}`,
			[]wantErr{{`"x"`, "Syntax errors in policy: Statement must be an object or a list of objects"}}},
		{"statementItem", "each statement is an object", KindIdentity, `{` + v12 + `"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},"afd"]}`,
			[]wantErr{{`"afd"`, "Syntax errors in policy: a statement must be an object, not string"}}},
		{"unknownTopField", "unknown fields get a suggestion", KindIdentity, `{` + v12 + `"Statment":[]}`,
			[]wantErr{{`{"Version"`, "Missing required field Statement"}, {`"Statment"`, "Unknown field Statment (did you mean Statement?)"}}},
		{"unknownTopFieldNoHint", "no suggestion for a distant name", KindIdentity, `{` + v12 + `"Extra field":"v","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			[]wantErr{{`"Extra field"`, "Unknown field Extra field"}}},

		// Sid.
		{"duplicateSid", "Sids are unique within a policy", KindIdentity, `{` + v12 + `"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"B","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"*","Resource":"*"}]}`,
			[]wantErr{{`"A","Effect":"Deny"`, "Statement IDs (SID) in a single policy must be unique."}}},
		{"sidNotAlnum", "identity policy Sids are alphanumeric", KindIdentity, `{` + v12 + `"Statement":{"Sid":"my-sid","Effect":"Allow","Action":"*","Resource":"*"}}`,
			[]wantErr{{`"my-sid"`, "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"}}},
		{"sidNotAlnumSCP", "SCP Sids are alphanumeric", KindSCP, `{` + v12 + `"Statement":{"Sid":"a b","Effect":"Deny","Action":"*"}}`,
			[]wantErr{{`"a b"`, "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"}}},
		{"sidNotString", "Sid is a string", KindIdentity, `{` + v12 + `"Statement":{"Sid":{},"Effect":"Allow","Action":"*","Resource":"*"}}`,
			[]wantErr{{`{},`, "Syntax errors in policy: Sid must be a string"}}},

		// Effect.
		{"missingEffect", "Effect is required", KindIdentity, `{` + v12 + `"Statement":{"Action":"*","Resource":"*"}}`,
			[]wantErr{{`{"Action"`, "Missing required field Effect"}}},
		{"effectCase", "Effect is case-sensitive", KindIdentity, `{` + v12 + `"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}`,
			[]wantErr{{`"allow"`, `Invalid Effect allow: must be "Allow" or "Deny" (case-sensitive)`}}},
		{"effectNotString", "Effect is a string", KindIdentity, `{` + v12 + `"Statement":{"Effect":true,"Action":"*","Resource":"*"}}`,
			[]wantErr{{`true`, `Syntax errors in policy: Effect must be "Allow" or "Deny"`}}},

		// Action.
		{"missingAction", "Action or NotAction is required", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Resource":"*"}}`,
			[]wantErr{{`{"Effect"`, "Policy statement must contain actions."}}},
		{"emptyAction", "an empty Action list", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":[],"Resource":"*"}}`,
			[]wantErr{{`[]`, "Policy statement must contain actions."}}},
		{"actionAndNotAction", "only one of Action and NotAction", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}}`,
			[]wantErr{{`"NotAction"`, "Syntax errors in policy: a statement must not have both Action and NotAction"}}},
		{"actionNotString", "actions are strings", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":["s3:*",7],"Resource":"*"}}`,
			[]wantErr{{`7]`, "Syntax errors in policy: Action must be a string or a list of strings, not number"}}},
		{"actionObject", "Action is not an object", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":{},"Resource":"*"}}`,
			[]wantErr{{`{},`, "Syntax errors in policy: Action must be a string or a list of strings, not map"}}},
		{"actionNoVendor", "an action needs a service prefix", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"GetObject","Resource":"*"}}`,
			[]wantErr{{`"GetObject"`, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."}}},
		{"notActionEmpty", "an empty NotAction string", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","NotAction":"","Resource":"*"}}`,
			[]wantErr{{`""`, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."}}},
		{"actionTwoColons", "one colon only", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"s3:List:Bucket","Resource":"*"}}`,
			[]wantErr{{`"s3:List:Bucket"`, "Actions/Condition can contain only one colon."}}},
		{"actionVendorWildcard", "no wildcard in the service prefix", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"s*:GetObject","Resource":"*"}}`,
			[]wantErr{{`"s*:GetObject"`, "Vendor s* is not valid"}}},
		{"actionVendorSpace", "no space in the service prefix", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"a a:ListBucket","Resource":"*"}}`,
			[]wantErr{{`"a a:ListBucket"`, "Vendor a a is not valid"}}},
		{"actionVariable", "the colon inside a variable counts", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"s3:${aws:username}","Resource":"*"}}`,
			[]wantErr{{`"s3:${aws:username}"`, "Actions/Condition can contain only one colon."}}},
		{"actionVariableNoColon", "no policy variables in Action", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"s3:Get${aws}","Resource":"*"}}`,
			[]wantErr{{`"s3:Get${aws}"`, "Policy variables are not allowed in Action: s3:Get${aws}"}}},

		// Resource.
		{"missingResourceIdentity", "identity policies need a Resource", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*"}}`,
			[]wantErr{{`{"Effect"`, "Missing required field Resource"}}},
		{"emptyResource", "an empty Resource list", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":[]}}`,
			[]wantErr{{`[]`, "Policy statement must contain resources."}}},
		{"resourceAndNotResource", "only one of Resource and NotResource", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}}`,
			[]wantErr{{`"NotResource"`, "Syntax errors in policy: a statement must not have both Resource and NotResource"}}},
		{"resourceNotARN", "a Resource is an ARN or *", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":["arn:aws:s3:::b","bucket/*"]}}`,
			[]wantErr{{`"bucket/*"`, `Resource bucket/* must be in ARN format or "*".`}}},
		{"resourceEmptyString", "an empty Resource string", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":""}}`,
			[]wantErr{{`""`, `Resource  must be in ARN format or "*".`}}},
		{"resourceShortARN", "an ARN has five colons", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3::b"}}`,
			[]wantErr{{`"arn:aws:s3::b"`, `Resource arn:aws:s3::b must be in ARN format or "*".`}}},
		{"resourceServiceWildcard", "no wildcard in the service segment", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s*:::b"}}`,
			[]wantErr{{`"arn:aws:s*:::b"`, "Resource vendor must be fully qualified and cannot contain regexes."}}},
		{"resourceServiceEmpty", "the service segment is required", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws::::b"}}`,
			[]wantErr{{`"arn:aws::::b"`, "Resource vendor must be fully qualified and cannot contain regexes."}}},
		{"resourceVariableAccount", "variables only in the resource segment", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:iam::${aws:PrincipalAccount}:role/x"}}`,
			[]wantErr{{`"arn:aws:iam::$`, "Policy variables are allowed only in the resource part of an ARN (after the fifth colon): arn:aws:iam::${aws:PrincipalAccount}:role/x"}}},
		{"resourceVariableUnclosed", "a variable must be closed", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username"}}`,
			[]wantErr{{`"arn:aws:s3:::b/$`, "Invalid policy variable ${aws:username: missing closing }"}}},
		{"resourceVariableEmpty", "a variable has a name", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${}"}}`,
			[]wantErr{{`"arn:aws:s3:::b/$`, "Invalid policy variable ${}: empty variable name"}}},
		{"resourceVariableUnknownKey", "a variable names a known key", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:usernme}"}}`,
			[]wantErr{{`"arn:aws:s3:::b/$`, "Policy has an invalid condition key: aws:usernme (did you mean aws:username?)"}}},
		{"resourceVariableNoColon", "a variable names a key with a prefix", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${username}"}}`,
			[]wantErr{{`"arn:aws:s3:::b/$`, "Policy has an invalid condition key: username (a condition key is a service prefix, a colon and a name, e.g. aws:SourceIp)"}}},
		{"resourceVariableDefaultQuotes", "a default value is single-quoted", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username, x}"}}`,
			[]wantErr{{`"arn:aws:s3:::b/$`, "Invalid policy variable ${aws:username, x}: the default value must be in single quotes"}}},
		{"resourceVariableDefaultUnclosed", "a default value's quote is closed", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username, 'x}"}}`,
			[]wantErr{{`"arn:aws:s3:::b/$`, "Invalid policy variable ${aws:username, 'x}: missing closing quote of the default value"}}},
		{"resourceVariableAfterDefault", "nothing after the default", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:username, 'x' y}"}}`,
			[]wantErr{{`"arn:aws:s3:::b/$`, "Invalid policy variable ${aws:username, 'x' y}: missing closing } after the default value"}}},
		{"resourceVariableStarInName", "no wildcard in a variable name", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${aws:*}"}}`,
			[]wantErr{{`"arn:aws:s3:::b/$`, "Invalid policy variable ${aws:*}: unexpected character * in the variable name"}}},

		// Kind rules.
		{"identityPrincipal", "identity policies name no principal", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`,
			[]wantErr{{`"Principal"`, "Policy document should not specify a principal."}}},
		{"identityNotPrincipal", "nor NotPrincipal", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","NotPrincipal":"*","Action":"*","Resource":"*"}}`,
			[]wantErr{{`"NotPrincipal"`, "Policy document should not specify a principal."}}},
		{"scpPrincipal", "SCPs name no principal", KindSCP, `{` + v12 + `"Statement":{"Effect":"Deny","Principal":"*","Action":"*"}}`,
			[]wantErr{{`"Principal"`, "Policy document should not specify a principal."}}},
		{"trustResource", "trust policies have no Resource", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}}`,
			[]wantErr{{`"Resource"`, "Has prohibited field Resource"}}},
		{"trustNotResource", "nor NotResource", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","NotResource":"*"}}`,
			[]wantErr{{`"NotResource"`, "Has prohibited field NotResource"}}},
		{"trustMissingPrincipal", "trust policies need a Principal", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}`,
			[]wantErr{{`{"Effect"`, "Missing required field Principal"}}},
		{"trustNotPrincipal", "NotPrincipal is not allowed in trust policies", KindTrust, `{` + v12 + `"Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"NotPrincipal"`, "Has prohibited field NotPrincipal"}}},
		{"resourceMissingPrincipal", "resource policies need a Principal", KindResource, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
			[]wantErr{{`{"Effect"`, "Missing required field Principal"}}},
		{"resourceMissingResource", "resource policies need a Resource", KindResource, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*"}}`,
			[]wantErr{{`{"Effect"`, "Missing required field Resource"}}},
		{"principalAndNotPrincipal", "only one of Principal and NotPrincipal", KindResource, `{` + v12 + `"Statement":{"Effect":"Deny","Principal":"*","NotPrincipal":"*","Action":"s3:*","Resource":"*"}}`,
			[]wantErr{{`"NotPrincipal"`, "Syntax errors in policy: a statement must not have both Principal and NotPrincipal"}}},
		{"rcpPrincipal", "RCP principals are *", KindRCP, `{` + v12 + `"Statement":{"Effect":"Deny","Principal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"*"}}`,
			[]wantErr{{`{"AWS"`, `RCP statements must use "Principal": "*"`}}},
		{"rcpMissingPrincipal", "RCPs need a Principal", KindRCP, `{` + v12 + `"Statement":{"Effect":"Deny","Action":"s3:*","Resource":"*"}}`,
			[]wantErr{{`{"Effect"`, "Missing required field Principal"}}},
		{"rcpNotPrincipal", "no NotPrincipal in RCPs", KindRCP, `{` + v12 + `"Statement":{"Effect":"Deny","NotPrincipal":"*","Action":"s3:*","Resource":"*"}}`,
			[]wantErr{{`"NotPrincipal"`, "Has prohibited field NotPrincipal"}}},
		{"rcpMissingResource", "RCPs need a Resource", KindRCP, `{` + v12 + `"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*"}}`,
			[]wantErr{{`{"Effect"`, "Missing required field Resource"}}},
		{"rcpAllow", "customer RCPs deny", KindRCP, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`,
			[]wantErr{{`"Allow"`, "RCP Allow statements are not supported"}}},
		{"rcpAllowCondition", "RCPFullAWSAccess has no condition", KindRCP, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}}`,
			[]wantErr{{`"Allow"`, "RCP Allow statements are not supported"}}},

		// Principal values.
		{"principalString", `a Principal string must be "*"`, KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":"arn:aws:iam::111111111111:root","Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"arn:aws:iam::111111111111:root"`, `Invalid principal in policy: a Principal given as a string must be "*"`}}},
		{"principalList", "a Principal is not a list", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":["*"],"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`["*"]`, `Invalid principal in policy: Principal must be "*" or an object`}}},
		{"principalEmptyMap", "a Principal names someone", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`{},`, "Invalid principal in policy: Principal must name at least one principal"}}},
		{"principalEmptyList", "an empty list names no one", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":[]},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`[]`, "Invalid principal in policy: empty list of AWS principals"}}},
		{"principalType", "principal types are case-sensitive", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"aws":"111111111111"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"aws"`, "Invalid principal in policy: unknown principal type aws (did you mean AWS?)"}}},
		{"principalShortAccount", "an account ID has 12 digits", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":"12345"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"12345"`, "Invalid principal in policy"}}},
		{"principalPartialWildcard", "no partial wildcards in principals", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":["111111111111","arn:aws:iam::111111111111:role/*"]},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"arn:aws:iam::111111111111:role/*"`, "Invalid principal in policy"}}},
		{"principalSessionWildcard", "no wildcard session names", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111111111111:assumed-role/R/*"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"arn:aws:sts::111111111111:assumed-role/R/*"`, "Invalid principal in policy"}}},
		{"principalGroup", "groups cannot be principals", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:group/g"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"arn:aws:iam::111111111111:group/g"`, "Invalid principal in policy"}}},
		{"principalRegion", "IAM ARNs have no region", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:us-east-1:111111111111:user/u"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"arn:aws:iam:us-east-1:111111111111:user/u"`, "Invalid principal in policy"}}},
		{"principalUniqueID", "unique IDs are not accepted", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":"AIDAEXAMPLEEXAMPLE1"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"AIDAEXAMPLEEXAMPLE1"`, "Invalid principal in policy"}}},
		{"principalVariable", "no variables in principals", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:user/${aws:username}"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"arn:aws:iam::111111111111:user/$`, "Invalid principal in policy"}}},
		{"principalServiceWildcard", "no wildcard in service principals", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"Service":"*.amazonaws.com"},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`"*.amazonaws.com"`, "Invalid principal in policy"}}},
		{"principalFederatedEmpty", "a federated principal is named", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"Federated":""},"Action":"sts:AssumeRoleWithWebIdentity"}}`,
			[]wantErr{{`""`, "Invalid principal in policy"}}},
		{"principalNumber", "principal values are strings", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":{"AWS":111111111111},"Action":"sts:AssumeRole"}}`,
			[]wantErr{{`111111111111}`, "Syntax errors in policy: Principal AWS must be a string or a list of strings, not number"}}},

		// Conditions.
		{"conditionList", "Condition is an object", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":[]}}`,
			[]wantErr{{`[]`, "Condition must be an object mapping operators to {key: values} objects"}}},
		{"conditionBlockString", "an operator maps to an object", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":"b"}}}`,
			[]wantErr{{`"b"`, "Condition block DateGreaterThan must be an object mapping condition keys to values"}}},
		{"conditionOperator", "unknown operators are AWS's Invalid Condition type", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualz":{"aws:username":"a"}}}}`,
			[]wantErr{{`"StringEqualz"`, "Invalid Condition type : StringEqualz"}}},
		{"conditionNullIfExists", "Null has no IfExists form", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NullIfExists":{"aws:username":"true"}}}}`,
			[]wantErr{{`"NullIfExists"`, "Invalid Condition type : NullIfExists"}}},
		{"conditionDoubleColon", "malformed set prefix", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ForAnyValue::StringEquals":{"aws:TagKeys":"a"}}}}`,
			[]wantErr{{`"ForAnyValue::StringEquals"`, "Invalid Condition type : ForAnyValue::StringEquals"}}},
		{"conditionKeyNoColon", "a key has a service prefix", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"username":"a"}}}}`,
			[]wantErr{{`"username"`, "Policy has an invalid condition key: username (a condition key is a service prefix, a colon and a name, e.g. aws:SourceIp)"}}},
		{"conditionKeyUnknownAWS", "aws: keys are AWS's global keys", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIpAddress":"10.0.0.0/8"}}}}`,
			[]wantErr{{`"aws:SourceIpAddress"`, "Policy has an invalid condition key: aws:SourceIpAddress"}}},
		{"conditionKeyTypo", "a close typo gets a suggestion", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgId2":"o-1"}}}}`,
			[]wantErr{{`"aws:PrincipalOrgId2"`, "Policy has an invalid condition key: aws:PrincipalOrgId2 (did you mean aws:PrincipalOrgID?)"}}},
		{"conditionKeyUnknownSTS", "sts: keys are STS's keys", KindTrust, `{` + v12 + `"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalID2":"x"}}}}`,
			[]wantErr{{`"sts:ExternalID2"`, "Policy has an invalid condition key: sts:ExternalID2 (did you mean sts:ExternalId?)"}}},
		{"conditionKeyUnknownIAM", "iam: keys are IAM's keys", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"iam:Foo":"x"}}}}`,
			[]wantErr{{`"iam:Foo"`, "Policy has an invalid condition key: iam:Foo"}}},
		{"conditionTagKeyEmpty", "a tag key follows the slash", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/":"x"}}}}`,
			[]wantErr{{`"aws:PrincipalTag/"`, "Policy has an invalid condition key: aws:PrincipalTag/ (aws:PrincipalTag/ needs a name after the slash)"}}},
		{"conditionValueObject", "values are scalars", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":{}}}}}`,
			[]wantErr{{`{}}`, "Syntax errors in policy: Condition values must be a string, number or boolean, or a list of them, not map"}}},
		{"conditionValueNull", "null is not a value", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:username":["a",null]}}}}`,
			[]wantErr{{`null`, "Syntax errors in policy: Condition values must be a string, number or boolean, or a list of them, not null"}}},
		{"conditionNumeric", "numeric values are numbers", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":["10","ten"]}}}}`,
			[]wantErr{{`"ten"`, "Invalid numeric value ten in condition NumericLessThan"}}},
		{"conditionNumericHex", "hexadecimal is not accepted", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericEquals":{"s3:max-keys":"0x10"}}}}`,
			[]wantErr{{`"0x10"`, "Invalid numeric value 0x10 in condition NumericEquals"}}},
		{"conditionDate", "date values are dates", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"sdfdsf"}}}}`,
			[]wantErr{{`"sdfdsf"`, "Invalid date value sdfdsf in condition DateGreaterThan (use ISO 8601, e.g. 2024-01-01T00:00:00Z, or epoch seconds)"}}},
		{"conditionDateMonth", "month 13 does not exist", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"2024-13-01"}}}}`,
			[]wantErr{{`"2024-13-01"`, "Invalid date value 2024-13-01 in condition DateLessThan (use ISO 8601, e.g. 2024-01-01T00:00:00Z, or epoch seconds)"}}},
		{"conditionEmptyValues", "an empty value list is refused: a negated operator would hold for every request", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:username":[]}}}}`,
			[]wantErr{{`[]`, "Syntax errors in policy: condition key aws:username under StringNotEquals must have at least one value"}}},
		{"conditionEmptyBlock", "an operator block names at least one key", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{}}}}`,
			[]wantErr{{`{}}`, "Syntax errors in policy: Condition block StringEquals must name at least one condition key"}}},
		{"conditionBoolVariable", "Bool values take no policy variables", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"${aws:ViaAWSService}"}}}}`,
			[]wantErr{{`"${aws:ViaAWSService}"`, "Policy variables are not allowed in Bool conditions: ${aws:ViaAWSService}"}}},
		{"resourceNotPrincipalAllow", "NotPrincipal with Allow is no longer supported", KindResource, `{` + v12 + `"Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"111111111111"},"Action":"s3:*","Resource":"*"}}`,
			[]wantErr{{`"NotPrincipal"`, `Syntax errors in policy: NotPrincipal is not supported with "Effect": "Allow" (use Principal, or Deny with NotPrincipal)`}}},
		{"conditionBool", "Bool values are true or false", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"yes"}}}}`,
			[]wantErr{{`"yes"`, "Invalid boolean value yes in condition Bool (must be true or false)"}}},
		{"conditionNull", "Null values are true or false", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:username":"maybe"}}}}`,
			[]wantErr{{`"maybe"`, "Invalid value maybe in condition Null (must be true or false)"}}},
		{"conditionBinary", "BinaryEquals values are base64", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"BinaryEquals":{"ec2:Data":"not base64!"}}}}`,
			[]wantErr{{`"not base64!"`, "Invalid base64 value not base64! in condition BinaryEquals"}}},
		{"conditionIP", "IpAddress values are CIDRs or addresses", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}}}`,
			[]wantErr{{`"10.0.0.0/33"`, "Invalid IP address in Conditions: 10.0.0.0/33"}}},
		{"conditionArn", "Arn values are ARNs or *", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnLike":{"aws:SourceArn":"arn:aws:s3"}}}}`,
			[]wantErr{{`"arn:aws:s3"`, `Invalid ARN arn:aws:s3 in condition ArnLike (an ARN has six parts separated by colons, or is "*")`}}},
		{"conditionVarNumeric", "no variables in Numeric values", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericEquals":{"s3:max-keys":"${aws:MultiFactorAuthAge}"}}}}`,
			[]wantErr{{`"${aws:MultiFactorAuthAge}"`, "Policy variables are not allowed in NumericEquals conditions: ${aws:MultiFactorAuthAge}"}}},
		{"conditionVarDate", "no variables in Date values", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:CurrentTime":"${aws:TokenIssueTime}"}}}}`,
			[]wantErr{{`"${aws:TokenIssueTime}"`, "Policy variables are not allowed in DateLessThan conditions: ${aws:TokenIssueTime}"}}},
		{"conditionVarIP", "no variables in IpAddress values", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"${aws:VpcSourceIp}"}}}}`,
			[]wantErr{{`"${aws:VpcSourceIp}"`, "Policy variables are not allowed in IpAddress conditions: ${aws:VpcSourceIp}"}}},
		{"conditionVarBinary", "no variables in BinaryEquals values", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"BinaryEquals":{"ec2:Data":"${aws:userid}"}}}}`,
			[]wantErr{{`"${aws:userid}"`, "Policy variables are not allowed in BinaryEquals conditions: ${aws:userid}"}}},
		{"conditionVarNull", "no variables in Null values", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:username":"${aws:userid}"}}}}`,
			[]wantErr{{`"${aws:userid}"`, "Policy variables are not allowed in Null conditions: ${aws:userid}"}}},
		{"conditionVarMalformed", "a malformed variable in a string value", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"s3:prefix":"home/${aws:userid"}}}}`,
			[]wantErr{{`"home/`, "Invalid policy variable ${aws:userid: missing closing }"}}},

		// Statement fields.
		{"unknownStatementField", "a misspelt element gets a suggestion", KindIdentity, `{` + v12 + `"Statement":{"Efect":"Allow","Effect":"Allow","Action":"*","Resource":"*"}}`,
			[]wantErr{{`"Efect"`, "Unknown field Efect (did you mean Effect?)"}}},
		{"unknownStatementFieldCase", "element names are case-sensitive", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","condition":{}}}`,
			[]wantErr{{`"condition"`, "Unknown field condition (did you mean Condition?)"}}},

		// Characters.
		{"charOutsideRange", "policy text is limited to U+0020..U+00FF", KindIdentity, `{` + v12 + `"Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/Ā"}}`,
			[]wantErr{{`"arn:aws:s3:::b/`, "Policy text contains the character U+0100; a policy may contain only TAB, LF, CR and U+0020 to U+00FF"}}},
		{"charLatin1OK", "U+00FF is allowed, U+0001 is not", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":["arn:aws:s3:::b/ÿ","arn:aws:s3:::b/\u0001"]}}`,
			[]wantErr{{`"arn:aws:s3:::b/\u0001"`, "Policy text contains the character U+0001; a policy may contain only TAB, LF, CR and U+0020 to U+00FF"}}},
		{"charInKey", "keys are checked too", KindIdentity, `{` + v12 + `"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/€":"x"}}}}`,
			[]wantErr{{`"aws:PrincipalTag/€"`, "Policy text contains the character U+20AC; a policy may contain only TAB, LF, CR and U+0020 to U+00FF"}}},

		// Several problems at once, reported in document order.
		{"several", "every problem is reported, in document order", KindIdentity, `{"Version":"2012-10-17","Statement":[
{"Sid":"x-1","Effect":"Permit","Action":"s3","Resource":"bucket","Condition":{"StringEqualz":{"aws:usernam":"a"}}},
{"Sid":"ok","Effect":"Allow","Principal":"*","NotAction":"iam:*"}]}`,
			[]wantErr{
				{`"x-1"`, "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"},
				{`"Permit"`, `Invalid Effect Permit: must be "Allow" or "Deny" (case-sensitive)`},
				{`"s3"`, "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."},
				{`"bucket"`, `Resource bucket must be in ARN format or "*".`},
				{`"StringEqualz"`, "Invalid Condition type : StringEqualz"},
				{`"aws:usernam"`, "Policy has an invalid condition key: aws:usernam (did you mean aws:username?)"},
				{`{"Sid":"ok"`, "Missing required field Resource"},
				{`"Principal"`, "Policy document should not specify a principal."},
			}},
	}
	names := make([]string, len(tests))
	for i, tc := range tests {
		names[i] = tc.name
	}
	checkNames(t, names)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, errs := CompileJSON(tc.doc, tc.kind)
			if p != nil {
				t.Errorf("CompileJSON returned a policy along with errors")
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			var want []string
			for _, w := range tc.want {
				pos := posOf(t, tc.doc, w.at)
				want = append(want, fmt.Sprintf("%d:%d: %s", pos.Line, pos.Col, w.msg))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: errors (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestCompileUnknownKind(t *testing.T) {
	_, errs := CompileJSON(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, Kind(9))
	want := []string{"Unknown policy kind Kind(9)"}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCompileSyntaxError(t *testing.T) {
	_, errs := CompileJSON("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}\n", KindIdentity)
	want := []string{"3:17: invalid character '}' looking for beginning of value"}
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCompileValid(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		kind   Kind
		doc    string
	}{
		{"identity", "a typical identity policy", KindIdentity, `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}`},
		{"identityNoVersion", "Version is optional", KindIdentity, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`},
		{"identity2008", "the legacy version", KindIdentity, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`},
		{"trustSidSpaces", "trust policy Sids may hold any text", KindTrust, `{"Version":"2012-10-17","Statement":{"Sid":"Allow CI role","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/ci"},"Action":["sts:AssumeRole","sts:TagSession"]}}`},
		{"trustGitHub", "a GitHub OIDC trust policy", KindTrust, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:org/app:ref:refs/heads/main"}}}}`},
		{"trustService", "a service trust policy with confused-deputy keys", KindTrust, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111"},"ArnLike":{"aws:SourceArn":"arn:aws:lambda:*:111111111111:function:*"}}}}`},
		{"trustSAML", "a SAML trust policy", KindTrust, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}}`},
		{"trustPartitions", "other partitions and every principal ARN form", KindTrust, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws-cn:iam::111111111111:root","arn:aws-us-gov:iam::111111111111:user/path/u","arn:aws:sts::111111111111:assumed-role/R/s@x.com","arn:aws:sts::111111111111:federated-user/fed"]},"Action":"sts:AssumeRole"}}`},
		{"resource", "a bucket policy", KindResource, `{"Version":"2012-10-17","Id":"BucketPolicy","Statement":[{"Sid":"Public read","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`},
		{"resourceNotPrincipal", "NotPrincipal in a resource policy", KindResource, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"111111111111"},"Action":"s3:*","NotResource":"arn:aws:s3:::b/public/*"}}`},
		{"scp", "an SCP without Resource", KindSCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"DenyRegions","Effect":"Deny","NotAction":["iam:*","sts:*"],"Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}`},
		{"rcpFullAccess", "RCPFullAWSAccess", KindRCP, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`},
		{"rcpDeny", "a customer RCP", KindRCP, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":"*"},"Action":["s3:*","sts:*"],"Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}}`},
		{"everyOperator", "every operator in one statement", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
			"StringEquals":{"aws:username":"a"},"StringNotEquals":{"aws:username":"a"},"StringEqualsIgnoreCase":{"aws:username":"a"},"StringNotEqualsIgnoreCase":{"aws:username":"a"},
			"StringLike":{"aws:username":"a*"},"StringNotLike":{"aws:username":"a?"},"NumericEquals":{"s3:max-keys":1},"NumericNotEquals":{"s3:max-keys":"1.5"},
			"NumericLessThan":{"s3:max-keys":"-1"},"NumericLessThanEquals":{"s3:max-keys":"+2"},"NumericGreaterThan":{"s3:max-keys":".5"},"NumericGreaterThanEquals":{"s3:max-keys":"1e3"},
			"DateEquals":{"aws:CurrentTime":"2024-01-01"},"DateNotEquals":{"aws:CurrentTime":"2024-01-01T00:00Z"},"DateLessThan":{"aws:CurrentTime":"2016-12-13T21:20:37.593194+00:00"},
			"DateLessThanEquals":{"aws:CurrentTime":"2016-12-13t2:00:00.593194+23"},"DateGreaterThan":{"aws:CurrentTime":"-292275054"},"DateGreaterThanEquals":{"aws:CurrentTime":"2024-02"},
			"Bool":{"aws:SecureTransport":true},"BinaryEquals":{"ec2:Data":"QmluYXJ5VmFsdWU="},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32","192.0.2.1"]},
			"NotIpAddress":{"aws:SourceIp":"10.1.0.0/16"},"ArnEquals":{"aws:SourceArn":"arn:aws:s3:::b"},"ArnLike":{"aws:SourceArn":"*"},"ArnNotEquals":{"aws:SourceArn":"arn:aws:s3:::c"},
			"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/${aws:username}"},"Null":{"aws:TokenIssueTime":"true"},
			"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]},"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-1/*"},"StringEqualsIfExists":{"aws:PrincipalTag/team":"x"},
			"DateGreaterThanIfExists":{"aws:TokenIssueTime":"2024-01-01T00:00:00Z"},"StringLikeIfExists":{"sts:RequestContext/identitycenter:ApplicationArn":"*"},"ForAnyValue:StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}}`},
		{"emptyCondition", "an empty Condition is allowed", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{}}}`},
		{"variablesOK", "variables in Resource, String and Arn values", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team, 'all'}/${aws:username}/${*}","Condition":{"StringEquals":{"s3:prefix":"${aws:userid}"},"ArnLike":{"aws:SourceArn":"arn:aws:s3:::${aws:username}"}}}}`},
		{"version2008Dollar", "2008-10-17 reads ${ literally, even malformed", KindIdentity, `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::b/${oops","Condition":{"NumericEquals":{"s3:max-keys":"1"}}}}`},
	}
	names := make([]string, len(tests))
	for i, tc := range tests {
		names[i] = tc.name
	}
	checkNames(t, names)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, errs := CompileJSON(tc.doc, tc.kind)
			if errs != nil {
				t.Fatalf("%s: unexpected errors: %v", tc.reason, errs)
			}
			if p.Kind() != tc.kind || len(p.Statements) == 0 {
				t.Errorf("kind %v with %d statements", p.Kind(), len(p.Statements))
			}
		})
	}
}

func TestAccessors(t *testing.T) {
	doc := `{"Version":"2012-10-17","Id":"P1","Statement":[
 {"Sid":"S1","Effect":"Deny","Principal":{"AWS":["111111111111","arn:aws:iam::222222222222:role/R"],"Service":"ec2.amazonaws.com"},"NotAction":["s3:Get*","s3:List*"],"NotResource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:username":["a",1,true]}}},
 {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`
	p := mustCompile(t, KindResource, doc)
	type summary struct {
		Index        int
		Label        string
		Effect       string
		Pos          Pos
		Actions      []string
		NotAction    bool
		HasResource  bool
		Resources    []string
		NotResource  bool
		HasPrincipal bool
		Principals   []PrincipalSpec
		NotPrincipal bool
		Conditions   []ConditionSpec
	}
	var got []summary
	for _, s := range p.Statements {
		got = append(got, summary{
			s.Index, s.Label(), s.Effect.String(), s.Pos, s.Actions(), s.NotAction(), s.HasResource(), s.Resources(), s.NotResource(),
			s.HasPrincipal(), s.Principals(), s.NotPrincipal(), s.Conditions(),
		})
	}
	at := func(m string) Pos { return posOf(t, doc, m) }
	want := []summary{
		{
			Index: 0, Label: "S1", Effect: "Deny", Pos: at(`{"Sid":"S1"`),
			Actions: []string{"s3:Get*", "s3:List*"}, NotAction: true,
			HasResource: true, Resources: []string{"arn:aws:s3:::b/*"}, NotResource: true,
			HasPrincipal: true,
			Principals: []PrincipalSpec{
				{Type: "AWS", Value: "111111111111", Pos: at(`"111111111111"`)},
				{Type: "AWS", Value: "arn:aws:iam::222222222222:role/R", Pos: at(`"arn:aws:iam::222222222222:role/R"`)},
				{Type: "Service", Value: "ec2.amazonaws.com", Pos: at(`"ec2.amazonaws.com"`)},
			},
			Conditions: []ConditionSpec{{
				Operator: "StringEquals", Key: "aws:username", Values: []string{"a", "1", "true"},
				Pos: at(`"StringEquals"`), KeyPos: at(`"aws:username"`), ValuePos: []Pos{at(`"a"`), at(`1,`), at(`true]`)},
			}},
		},
		{
			Index: 1, Label: "Statement[1]", Effect: "Allow", Pos: at(`{"Effect":"Allow"`),
			Actions: []string{"s3:GetObject"}, HasResource: true, Resources: []string{"*"},
			HasPrincipal: true, Principals: []PrincipalSpec{{Type: "*", Value: "*", Pos: at(`"*","Action"`)}},
			Conditions: []ConditionSpec{},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accessors (-want +got):\n%s", diff)
	}
	if p.Version != "2012-10-17" || p.ID != "P1" {
		t.Errorf("Version %q ID %q", p.Version, p.ID)
	}
	// Accessors return copies.
	p.Statements[0].Actions()[0] = "changed"
	if p.Statements[0].Actions()[0] != "s3:Get*" {
		t.Error("Actions() exposes internal state")
	}
}

func TestCompileNodeTree(t *testing.T) {
	// A tree built by another loader (YAML) may repeat keys and hold nil
	// nodes; Compile reports them instead of panicking.
	str := func(s string, line int) *Node { return &Node{Kind: NodeString, Value: s, Pos: Pos{line, 10}} }
	n := &Node{Kind: NodeMap, Pos: Pos{1, 1}, Fields: []Field{
		{Key: "Version", KeyPos: Pos{2, 1}, Value: str("2012-10-17", 2)},
		{Key: "Statement", KeyPos: Pos{3, 1}, Value: &Node{Kind: NodeList, Pos: Pos{3, 10}, Items: []*Node{
			{Kind: NodeMap, Pos: Pos{4, 3}, Fields: []Field{
				{Key: "Effect", KeyPos: Pos{4, 3}, Value: str("Allow", 4)},
				{Key: "Effect", KeyPos: Pos{5, 3}, Value: str("Allow", 5)},
				{Key: "Action", KeyPos: Pos{6, 3}, Value: nil},
				{Key: "Resource", KeyPos: Pos{7, 3}, Value: &Node{Kind: NodeList, Pos: Pos{7, 10}, Items: []*Node{nil}}},
			}},
			nil,
		}}},
	}}
	_, errs := Compile(n, KindIdentity)
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := []string{
		"Syntax errors in policy: a statement must be an object, not null",
		"5:3: Duplicate key Effect",
		"6:3: Syntax errors in policy: Action must be a string or a list of strings, not null",
		"7:10: Syntax errors in policy: Resource must be a string or a list of strings, not null",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, errs := Compile(nil, KindIdentity); len(errs) != 1 || !strings.Contains(errs[0].Message, "must be a JSON object") {
		t.Errorf("Compile(nil) = %v", errs)
	}
}

func TestStringers(t *testing.T) {
	got := []string{
		KindIdentity.String(), KindTrust.String(), KindResource.String(), KindSCP.String(), KindRCP.String(), Kind(7).String(),
		EffectAllow.String(), EffectDeny.String(), Effect(5).String(),
		ImplicitDeny.String(), Allow.String(), ExplicitDeny.String(), Decision(9).String(),
	}
	want := []string{
		"identity", "trust", "resource", "scp", "rcp", "Kind(7)",
		"Allow", "Deny", "Effect(5)",
		"ImplicitDeny", "Allow", "ExplicitDeny", "Decision(9)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
