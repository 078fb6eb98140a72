package policy

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// absent marks a row whose key is not in the request context.
var absent map[string][]string

type condRow struct {
	name   string
	reason string
	op     string
	key    string
	values string // JSON: a scalar or a list
	ctx    map[string][]string
	want   bool
}

func kv(key string, values ...string) map[string][]string {
	if values == nil {
		values = []string{}
	}
	return map[string][]string{key: values}
}

var conditionRows = []condRow{
	// String operators.
	{"StringEquals/match", "exact value", "StringEquals", "aws:username", `"alice"`, kv("aws:username", "alice"), true},
	{"StringEquals/mismatch", "different value", "StringEquals", "aws:username", `"alice"`, kv("aws:username", "bob"), false},
	{"StringEquals/case", "StringEquals is case-sensitive", "StringEquals", "aws:username", `"alice"`, kv("aws:username", "Alice"), false},
	{"StringEquals/missing", "a positive operator on a missing key is false", "StringEquals", "aws:username", `"alice"`, absent, false},
	{"StringEquals/anyPolicyValue", "policy values are OR-ed", "StringEquals", "aws:username", `["bob","alice"]`, kv("aws:username", "alice"), true},
	{"StringEquals/anyRequestValue", "a plain operator matches when any request value matches", "StringEquals", "aws:TagKeys", `"b"`, kv("aws:TagKeys", "a", "b"), true},
	{"StringEquals/starIsLiteral", "StringEquals has no wildcards", "StringEquals", "aws:username", `"a*"`, kv("aws:username", "abc"), false},
	{"StringEquals/starLiteralMatch", "a * in StringEquals matches a literal *", "StringEquals", "aws:username", `"a*"`, kv("aws:username", "a*"), true},
	{"StringEquals/number", "a JSON number is compared as its text", "StringEquals", "s3:max-keys", `10`, kv("s3:max-keys", "10"), true},
	{"StringEquals/bool", "a JSON boolean is compared as its text", "StringEquals", "aws:SecureTransport", `true`, kv("aws:SecureTransport", "true"), true},
	{"StringEquals/presentEmpty", "a present key without values is treated as missing", "StringEquals", "aws:username", `"alice"`, kv("aws:username"), false},
	{"StringEquals/emptyString", "an empty string is a value", "StringEquals", "aws:username", `""`, kv("aws:username", ""), true},
	{"StringNotEquals/differs", "value differs", "StringNotEquals", "aws:username", `"alice"`, kv("aws:username", "bob"), true},
	{"StringNotEquals/equal", "value equal", "StringNotEquals", "aws:username", `"alice"`, kv("aws:username", "alice"), false},
	{"StringNotEquals/missing", "a negated operator on a missing key is true", "StringNotEquals", "aws:username", `"alice"`, absent, true},
	{"StringNotEquals/noneOfSeveral", "negated: the value must match none of the policy values", "StringNotEquals", "aws:username", `["bob","alice"]`, kv("aws:username", "alice"), false},
	{"StringNotEquals/notAny", "negated: no value matches", "StringNotEquals", "aws:username", `["bob","alice"]`, kv("aws:username", "carol"), true},
	{"StringNotEquals/multiRequest", "negated plain operator: no request value may match", "StringNotEquals", "aws:TagKeys", `"b"`, kv("aws:TagKeys", "a", "b"), false},
	{"StringEqualsIgnoreCase/match", "case folded", "StringEqualsIgnoreCase", "aws:username", `"ALICE"`, kv("aws:username", "alice"), true},
	{"StringEqualsIgnoreCase/unicode", "Unicode simple folding", "StringEqualsIgnoreCase", "aws:PrincipalTag/city", `"ÄRGER"`, kv("aws:PrincipalTag/city", "ärger"), true},
	{"StringEqualsIgnoreCase/mismatch", "different value", "StringEqualsIgnoreCase", "aws:username", `"alice"`, kv("aws:username", "alicia"), false},
	{"StringEqualsIgnoreCase/noWildcard", "no wildcards", "StringEqualsIgnoreCase", "aws:username", `"a*"`, kv("aws:username", "ab"), false},
	{"StringNotEqualsIgnoreCase/equal", "equal ignoring case", "StringNotEqualsIgnoreCase", "aws:username", `"ALICE"`, kv("aws:username", "alice"), false},
	{"StringNotEqualsIgnoreCase/differs", "differs", "StringNotEqualsIgnoreCase", "aws:username", `"ALICE"`, kv("aws:username", "bob"), true},
	{"StringNotEqualsIgnoreCase/missing", "negated on a missing key", "StringNotEqualsIgnoreCase", "aws:username", `"ALICE"`, absent, true},
	{"StringLike/star", "* matches any run, slashes included", "StringLike", "s3:prefix", `"home/*"`, kv("s3:prefix", "home/alice/docs"), true},
	{"StringLike/starEmpty", "* matches the empty run", "StringLike", "s3:prefix", `"home/*"`, kv("s3:prefix", "home/"), true},
	{"StringLike/question", "? matches one character", "StringLike", "s3:prefix", `"v?"`, kv("s3:prefix", "v1"), true},
	{"StringLike/questionUnicode", "? matches one character, not one byte", "StringLike", "s3:prefix", `"caf?"`, kv("s3:prefix", "café"), true},
	{"StringLike/questionNotTwo", "? matches exactly one character", "StringLike", "s3:prefix", `"v?"`, kv("s3:prefix", "v12"), false},
	{"StringLike/case", "StringLike is case-sensitive", "StringLike", "s3:prefix", `"Home/*"`, kv("s3:prefix", "home/x"), false},
	{"StringLike/crossesColon", "StringLike's * crosses colons", "StringLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/x"`, kv("aws:PrincipalArn", "arn:aws:iam::1:2:role/x"), true},
	{"StringLike/backtrack", "the matcher backtracks", "StringLike", "s3:prefix", `"*a*b*c"`, kv("s3:prefix", "xaxbxabxc"), true},
	{"StringLike/backtrackFail", "the matcher backtracks and fails", "StringLike", "s3:prefix", `"*a*b*c"`, kv("s3:prefix", "xaxbxabx"), false},
	{"StringLike/missing", "positive on missing key", "StringLike", "s3:prefix", `"*"`, absent, false},
	{"StringNotLike/matches", "value is like the pattern", "StringNotLike", "s3:prefix", `"home/*"`, kv("s3:prefix", "home/a"), false},
	{"StringNotLike/notLike", "value is not like the pattern", "StringNotLike", "s3:prefix", `"home/*"`, kv("s3:prefix", "etc/a"), true},
	{"StringNotLike/missing", "negated on missing key", "StringNotLike", "s3:prefix", `"home/*"`, absent, true},
	{"StringEqualsIfExists/missing", "IfExists is true when the key is missing", "StringEqualsIfExists", "aws:username", `"alice"`, absent, true},
	{"StringEqualsIfExists/mismatch", "IfExists evaluates a present key normally", "StringEqualsIfExists", "aws:username", `"alice"`, kv("aws:username", "bob"), false},
	{"StringEqualsIfExists/match", "IfExists evaluates a present key normally", "StringEqualsIfExists", "aws:username", `"alice"`, kv("aws:username", "alice"), true},
	{"StringNotEqualsIfExists/missing", "negated IfExists on a missing key", "StringNotEqualsIfExists", "aws:username", `"alice"`, absent, true},
	{"StringNotEqualsIfExists/equal", "negated IfExists on an equal value", "StringNotEqualsIfExists", "aws:username", `"alice"`, kv("aws:username", "alice"), false},
	{"StringLikeIfExists/missing", "IfExists on a missing key", "StringLikeIfExists", "s3:prefix", `"x*"`, absent, true},
	{"operatorCase", "operator names are case-insensitive", "stringequals", "aws:username", `"alice"`, kv("aws:username", "alice"), true},
	{"keyCase", "key names are case-insensitive", "StringEquals", "AWS:UserName", `"alice"`, kv("aws:username", "alice"), true},
	{"tagKeyCase", "tag-key suffixes are case-insensitive", "StringEquals", "aws:PrincipalTag/Team", `"red"`, kv("aws:principaltag/TEAM", "red"), true},
	{"tagValueCase", "tag values are case-sensitive with StringEquals", "StringEquals", "aws:PrincipalTag/Team", `"red"`, kv("aws:PrincipalTag/Team", "Red"), false},

	// Numeric operators.
	{"NumericEquals/decimal", "10 equals 10.0", "NumericEquals", "s3:max-keys", `"10.0"`, kv("s3:max-keys", "10"), true},
	{"NumericEquals/jsonNumber", "a JSON number policy value", "NumericEquals", "s3:max-keys", `10`, kv("s3:max-keys", "10"), true},
	{"NumericEquals/mismatch", "different number", "NumericEquals", "s3:max-keys", `10`, kv("s3:max-keys", "11"), false},
	{"NumericEquals/notNumber", "a non-numeric request value makes the condition false", "NumericEquals", "s3:max-keys", `10`, kv("s3:max-keys", "ten"), false},
	{"NumericEquals/missing", "positive on missing key", "NumericEquals", "s3:max-keys", `10`, absent, false},
	{"NumericNotEquals/differs", "different number", "NumericNotEquals", "s3:max-keys", `10`, kv("s3:max-keys", "11"), true},
	{"NumericNotEquals/equal", "same number", "NumericNotEquals", "s3:max-keys", `10`, kv("s3:max-keys", "10.00"), false},
	{"NumericNotEquals/notNumber", "a non-numeric request value makes even a negated condition false", "NumericNotEquals", "s3:max-keys", `10`, kv("s3:max-keys", "ten"), false},
	{"NumericNotEquals/missing", "negated on missing key", "NumericNotEquals", "s3:max-keys", `10`, absent, true},
	{"NumericLessThan/less", "9 < 10", "NumericLessThan", "s3:max-keys", `10`, kv("s3:max-keys", "9"), true},
	{"NumericLessThan/equal", "10 is not < 10", "NumericLessThan", "s3:max-keys", `10`, kv("s3:max-keys", "10"), false},
	{"NumericLessThan/negative", "-1.5 < 0", "NumericLessThan", "s3:max-keys", `0`, kv("s3:max-keys", "-1.5"), true},
	{"NumericLessThanEquals/equal", "10 <= 10", "NumericLessThanEquals", "s3:max-keys", `10`, kv("s3:max-keys", "10"), true},
	{"NumericLessThanEquals/greater", "11 > 10", "NumericLessThanEquals", "s3:max-keys", `10`, kv("s3:max-keys", "11"), false},
	{"NumericGreaterThan/greater", "3600.5 > 3600", "NumericGreaterThan", "aws:MultiFactorAuthAge", `3600`, kv("aws:MultiFactorAuthAge", "3600.5"), true},
	{"NumericGreaterThan/equal", "3600 is not > 3600", "NumericGreaterThan", "aws:MultiFactorAuthAge", `3600`, kv("aws:MultiFactorAuthAge", "3600"), false},
	{"NumericGreaterThanEquals/equal", "3600 >= 3600", "NumericGreaterThanEquals", "aws:MultiFactorAuthAge", `"3600"`, kv("aws:MultiFactorAuthAge", "3600"), true},
	{"NumericGreaterThanEquals/less", "1 < 3600", "NumericGreaterThanEquals", "aws:MultiFactorAuthAge", `"3600"`, kv("aws:MultiFactorAuthAge", "1"), false},
	{"NumericLessThanIfExists/missing", "IfExists on a missing key", "NumericLessThanIfExists", "aws:MultiFactorAuthAge", `3600`, absent, true},
	{"NumericLessThanIfExists/present", "IfExists on a present key", "NumericLessThanIfExists", "aws:MultiFactorAuthAge", `3600`, kv("aws:MultiFactorAuthAge", "7200"), false},
	{"NumericEquals/hexRequest", "hexadecimal is not a number", "NumericEquals", "s3:max-keys", `16`, kv("s3:max-keys", "0x10"), false},

	// Date operators.
	{"DateLessThan/before", "RFC 3339 request value before the policy date", "DateLessThan", "aws:CurrentTime", `"2024-06-01T00:00:00Z"`, kv("aws:CurrentTime", "2024-01-01T00:00:00Z"), true},
	{"DateLessThan/after", "after", "DateLessThan", "aws:CurrentTime", `"2024-06-01T00:00:00Z"`, kv("aws:CurrentTime", "2024-07-01T00:00:00Z"), false},
	{"DateLessThan/dateOnly", "a date alone is midnight UTC", "DateLessThan", "aws:CurrentTime", `"2024-06-01"`, kv("aws:CurrentTime", "2024-05-31T23:59:59Z"), true},
	{"DateLessThan/offset", "offsets are applied: 01:30+02:00 is 23:30Z the day before", "DateLessThan", "aws:CurrentTime", `"2024-06-01T00:00:00Z"`, kv("aws:CurrentTime", "2024-06-01T01:30:00+02:00"), true},
	{"DateLessThan/fraction", "fractional seconds count", "DateLessThan", "aws:TokenIssueTime", `"2024-06-01T00:00:00.5Z"`, kv("aws:TokenIssueTime", "2024-06-01T00:00:00.25Z"), true},
	{"DateLessThan/epochPolicy", "an epoch policy value against an ISO request value", "DateLessThan", "aws:CurrentTime", `"1717200000"`, kv("aws:CurrentTime", "2024-05-31T23:59:59Z"), true},
	{"DateLessThan/epochRequest", "aws:EpochTime is epoch seconds", "DateLessThan", "aws:EpochTime", `"2024-06-01T00:00:00Z"`, kv("aws:EpochTime", "1717199999"), true},
	{"DateLessThan/notDate", "a non-date request value makes the condition false", "DateLessThan", "aws:CurrentTime", `"2024-06-01"`, kv("aws:CurrentTime", "yesterday"), false},
	{"DateLessThan/missing", "positive on missing key", "DateLessThan", "aws:TokenIssueTime", `"2024-06-01"`, absent, false},
	{"DateLessThanEquals/equal", "equal instants", "DateLessThanEquals", "aws:CurrentTime", `"2024-06-01T00:00:00Z"`, kv("aws:CurrentTime", "1717200000"), true},
	{"DateGreaterThan/after", "after", "DateGreaterThan", "aws:CurrentTime", `"2024-06-01"`, kv("aws:CurrentTime", "2024-06-01T00:00:01Z"), true},
	{"DateGreaterThan/equal", "equal is not greater", "DateGreaterThan", "aws:CurrentTime", `"2024-06-01"`, kv("aws:CurrentTime", "2024-06-01T00:00:00Z"), false},
	{"DateGreaterThanEquals/equal", "equal", "DateGreaterThanEquals", "aws:CurrentTime", `"2024-06-01"`, kv("aws:CurrentTime", "2024-06-01T00:00:00.000Z"), true},
	{"DateEquals/equal", "same instant in two zones", "DateEquals", "aws:CurrentTime", `"2024-06-01T02:00:00+02:00"`, kv("aws:CurrentTime", "2024-06-01T00:00:00Z"), true},
	{"DateNotEquals/differs", "different instants", "DateNotEquals", "aws:CurrentTime", `"2024-06-01"`, kv("aws:CurrentTime", "2024-06-02"), true},
	{"DateNotEquals/missing", "negated on missing key", "DateNotEquals", "aws:TokenIssueTime", `"2024-06-01"`, absent, true},
	{"DateGreaterThanIfExists/missing", "IfExists on missing key", "DateGreaterThanIfExists", "aws:TokenIssueTime", `"2024-06-01"`, absent, true},

	// Bool.
	{"Bool/true", "string policy value", "Bool", "aws:SecureTransport", `"true"`, kv("aws:SecureTransport", "true"), true},
	{"Bool/jsonTrue", "JSON boolean policy value", "Bool", "aws:SecureTransport", `true`, kv("aws:SecureTransport", "true"), true},
	{"Bool/caseInsensitive", "boolean text is case-insensitive", "Bool", "aws:SecureTransport", `"True"`, kv("aws:SecureTransport", "TRUE"), true},
	{"Bool/false", "false against true", "Bool", "aws:SecureTransport", `"false"`, kv("aws:SecureTransport", "true"), false},
	{"Bool/notBool", "a non-boolean request value makes the condition false", "Bool", "aws:SecureTransport", `"false"`, kv("aws:SecureTransport", "no"), false},
	{"Bool/missing", "positive on missing key", "Bool", "aws:MultiFactorAuthPresent", `"true"`, absent, false},
	{"BoolIfExists/missing", "the classic MFA deny: BoolIfExists false holds for long-term keys", "BoolIfExists", "aws:MultiFactorAuthPresent", `"false"`, absent, true},
	{"BoolIfExists/present", "present and true", "BoolIfExists", "aws:MultiFactorAuthPresent", `"false"`, kv("aws:MultiFactorAuthPresent", "true"), false},

	// BinaryEquals.
	{"BinaryEquals/equal", "same bytes", "BinaryEquals", "ec2:Data", `"aGVsbG8="`, kv("ec2:Data", "aGVsbG8="), true},
	{"BinaryEquals/differs", "other bytes", "BinaryEquals", "ec2:Data", `"aGVsbG8="`, kv("ec2:Data", "d29ybGQ="), false},
	{"BinaryEquals/invalid", "an invalid base64 request value makes the condition false", "BinaryEquals", "ec2:Data", `"aGVsbG8="`, kv("ec2:Data", "%%%"), false},
	{"BinaryEqualsIfExists/missing", "IfExists", "BinaryEqualsIfExists", "ec2:Data", `"aGVsbG8="`, absent, true},

	// IP addresses.
	{"IpAddress/inRange", "address in the CIDR block", "IpAddress", "aws:SourceIp", `"10.0.0.0/8"`, kv("aws:SourceIp", "10.1.2.3"), true},
	{"IpAddress/outOfRange", "address outside", "IpAddress", "aws:SourceIp", `"10.0.0.0/8"`, kv("aws:SourceIp", "11.0.0.1"), false},
	{"IpAddress/bareAddress", "a bare address is a /32", "IpAddress", "aws:SourceIp", `"203.0.113.5"`, kv("aws:SourceIp", "203.0.113.5"), true},
	{"IpAddress/bareAddressOther", "a bare address is only itself", "IpAddress", "aws:SourceIp", `"203.0.113.5"`, kv("aws:SourceIp", "203.0.113.6"), false},
	{"IpAddress/unmaskedCIDR", "host bits in the policy CIDR are ignored", "IpAddress", "aws:SourceIp", `"10.1.2.3/8"`, kv("aws:SourceIp", "10.200.0.1"), true},
	{"IpAddress/ipv6", "IPv6 block", "IpAddress", "aws:SourceIp", `"2001:db8::/32"`, kv("aws:SourceIp", "2001:db8:1::5"), true},
	{"IpAddress/mapped", "IPv4-mapped IPv6 request addresses are unmapped", "IpAddress", "aws:SourceIp", `"10.0.0.0/8"`, kv("aws:SourceIp", "::ffff:10.0.0.1"), true},
	{"IpAddress/list", "any listed block", "IpAddress", "aws:SourceIp", `["192.0.2.0/24","10.0.0.0/8"]`, kv("aws:SourceIp", "10.9.9.9"), true},
	{"IpAddress/invalid", "a non-IP request value makes the condition false", "IpAddress", "aws:SourceIp", `"10.0.0.0/8"`, kv("aws:SourceIp", "ten"), false},
	{"IpAddress/missing", "positive on missing key", "IpAddress", "aws:SourceIp", `"10.0.0.0/8"`, absent, false},
	{"NotIpAddress/outside", "outside the block", "NotIpAddress", "aws:SourceIp", `"10.0.0.0/8"`, kv("aws:SourceIp", "11.0.0.1"), true},
	{"NotIpAddress/inside", "inside the block", "NotIpAddress", "aws:SourceIp", `"10.0.0.0/8"`, kv("aws:SourceIp", "10.0.0.1"), false},
	{"NotIpAddress/missing", "negated on missing key", "NotIpAddress", "aws:SourceIp", `"10.0.0.0/8"`, absent, true},
	{"NotIpAddress/invalid", "a non-IP request value makes even a negated condition false", "NotIpAddress", "aws:SourceIp", `"10.0.0.0/8"`, kv("aws:SourceIp", "ten"), false},
	{"IpAddressIfExists/missing", "IfExists", "IpAddressIfExists", "aws:SourceIp", `"10.0.0.0/8"`, absent, true},

	// ARN operators.
	{"ArnLike/resourceWildcard", "* spans slashes in the resource segment", "ArnLike", "aws:SourceArn", `"arn:aws:s3:::bucket/*"`, kv("aws:SourceArn", "arn:aws:s3:::bucket/a/b:c"), true},
	{"ArnLike/accountWildcard", "* inside the account segment", "ArnLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/x"`, kv("aws:PrincipalArn", "arn:aws:iam::123456789012:role/x"), true},
	{"ArnLike/noColonCrossing", "* does not cross a colon (StringLike would)", "ArnLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/x"`, kv("aws:PrincipalArn", "arn:aws:iam::1:2:role/x"), false},
	{"ArnLike/question", "? in a segment", "ArnLike", "aws:SourceArn", `"arn:aws:sns:us-east-?:123456789012:t"`, kv("aws:SourceArn", "arn:aws:sns:us-east-1:123456789012:t"), true},
	{"ArnLike/case", "ARN matching is case-sensitive", "ArnLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/Admin"`, kv("aws:PrincipalArn", "arn:aws:iam::123456789012:role/admin"), false},
	{"ArnLike/star", "a lone * matches every ARN", "ArnLike", "aws:SourceArn", `"*"`, kv("aws:SourceArn", "arn:aws:s3:::b"), true},
	{"ArnLike/notARN", "a non-ARN request value makes the condition false", "ArnLike", "aws:SourceArn", `"*"`, kv("aws:SourceArn", "bucket"), false},
	{"ArnLike/missing", "positive on missing key", "ArnLike", "aws:SourceArn", `"arn:aws:s3:::b"`, absent, false},
	{"ArnEquals/wildcards", "ArnEquals takes wildcards like ArnLike", "ArnEquals", "aws:SourceArn", `"arn:aws:sns:*:123456789012:*"`, kv("aws:SourceArn", "arn:aws:sns:eu-west-1:123456789012:topic"), true},
	{"ArnEquals/exact", "exact ARN", "ArnEquals", "aws:SourceArn", `"arn:aws:s3:::b"`, kv("aws:SourceArn", "arn:aws:s3:::b"), true},
	{"ArnEquals/otherAccount", "account differs", "ArnEquals", "aws:SourceArn", `"arn:aws:sns:*:123456789012:*"`, kv("aws:SourceArn", "arn:aws:sns:eu-west-1:999999999999:topic"), false},
	{"ArnNotLike/like", "value is like the pattern", "ArnNotLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/Admin*"`, kv("aws:PrincipalArn", "arn:aws:iam::1:role/AdminX"), false},
	{"ArnNotLike/notLike", "value is not like the pattern", "ArnNotLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/Admin*"`, kv("aws:PrincipalArn", "arn:aws:iam::1:role/Dev"), true},
	{"ArnNotLike/missing", "negated on missing key", "ArnNotLike", "aws:PrincipalArn", `"arn:aws:iam::*:role/Admin*"`, absent, true},
	{"ArnNotEquals/equal", "equal ARN", "ArnNotEquals", "aws:SourceArn", `"arn:aws:s3:::b"`, kv("aws:SourceArn", "arn:aws:s3:::b"), false},
	{"ArnLikeIfExists/missing", "IfExists", "ArnLikeIfExists", "aws:SourceArn", `"arn:aws:s3:::b"`, absent, true},

	// Null.
	{"Null/trueAbsent", "Null true holds for an absent key", "Null", "aws:TokenIssueTime", `"true"`, absent, true},
	{"Null/truePresent", "Null true fails for a present key", "Null", "aws:TokenIssueTime", `"true"`, kv("aws:TokenIssueTime", "2024-01-01T00:00:00Z"), false},
	{"Null/trueEmpty", "a key without values is null", "Null", "aws:TagKeys", `"true"`, kv("aws:TagKeys"), true},
	{"Null/falsePresent", "Null false holds for a present key", "Null", "aws:TokenIssueTime", `false`, kv("aws:TokenIssueTime", "x"), true},
	{"Null/falseAbsent", "Null false fails for an absent key", "Null", "aws:TokenIssueTime", `"false"`, absent, false},
	{"Null/caseInsensitive", "TRUE is true", "Null", "aws:TokenIssueTime", `"TRUE"`, absent, true},

	// Set operators.
	{"ForAllValues/subset", "every request value is listed", "ForAllValues:StringEquals", "aws:TagKeys", `["a","b"]`, kv("aws:TagKeys", "a"), true},
	{"ForAllValues/notSubset", "c is not listed", "ForAllValues:StringEquals", "aws:TagKeys", `["a","b"]`, kv("aws:TagKeys", "a", "c"), false},
	{"ForAllValues/absent", "ForAllValues is true for an absent key", "ForAllValues:StringEquals", "aws:TagKeys", `["a","b"]`, absent, true},
	{"ForAllValues/empty", "ForAllValues is true for an empty key", "ForAllValues:StringEquals", "aws:TagKeys", `["a","b"]`, kv("aws:TagKeys"), true},
	{"ForAllValues/notLikeNone", "ForAllValues:StringNotLike: no value is like key1*", "ForAllValues:StringNotLike", "aws:TagKeys", `"key1*"`, kv("aws:TagKeys", "x", "y"), true},
	{"ForAllValues/notLikeOne", "ForAllValues:StringNotLike: one value is like key1*", "ForAllValues:StringNotLike", "aws:TagKeys", `"key1*"`, kv("aws:TagKeys", "x", "key1a"), false},
	{"ForAllValues/notLikeAbsent", "ForAllValues:StringNotLike on an absent key", "ForAllValues:StringNotLike", "aws:TagKeys", `"key1*"`, absent, true},
	{"ForAllValues/numericInvalid", "a non-number never satisfies a set operator", "ForAllValues:NumericLessThan", "ec2:Sizes", `10`, kv("ec2:Sizes", "1", "x"), false},
	{"ForAllValues/ignoreCase", "inner operator IgnoreCase", "ForAllValues:StringEqualsIgnoreCase", "aws:TagKeys", `["Team","Env"]`, kv("aws:TagKeys", "team", "ENV"), true},
	{"ForAnyValue/one", "one request value is listed", "ForAnyValue:StringEquals", "aws:TagKeys", `["a","b"]`, kv("aws:TagKeys", "c", "a"), true},
	{"ForAnyValue/none", "no request value is listed", "ForAnyValue:StringEquals", "aws:TagKeys", `["a","b"]`, kv("aws:TagKeys", "c"), false},
	{"ForAnyValue/absent", "ForAnyValue is false for an absent key", "ForAnyValue:StringEquals", "aws:TagKeys", `["a","b"]`, absent, false},
	{"ForAnyValue/empty", "ForAnyValue is false for an empty key", "ForAnyValue:StringEquals", "aws:TagKeys", `["a","b"]`, kv("aws:TagKeys"), false},
	{"ForAnyValue/ifExistsAbsent", "ForAnyValue with IfExists is true for an absent key", "ForAnyValue:StringEqualsIfExists", "aws:TagKeys", `"a"`, absent, true},
	{"ForAnyValue/notEquals", "ForAnyValue:StringNotEquals: z is not listed", "ForAnyValue:StringNotEquals", "aws:TagKeys", `["a","b"]`, kv("aws:TagKeys", "a", "z"), true},
	{"ForAnyValue/notEqualsAllListed", "ForAnyValue:StringNotEquals: every value is listed", "ForAnyValue:StringNotEquals", "aws:TagKeys", `["a","b"]`, kv("aws:TagKeys", "a", "b"), false},
	{"ForAnyValue/like", "inner StringLike", "ForAnyValue:StringLike", "aws:PrincipalOrgPaths", `"o-1/r-1/ou-a/*"`, kv("aws:PrincipalOrgPaths", "o-1/r-1/ou-b/", "o-1/r-1/ou-a/ou-c/"), true},
	{"ForAnyValue/amr", "Cognito amr is multivalued", "ForAnyValue:StringLike", "cognito-identity.amazonaws.com:amr", `"authenticated"`, kv("cognito-identity.amazonaws.com:amr", "authenticated", "graph.facebook.com"), true},
	{"ForAnyValue/singleValuedKey", "a set operator on a single-valued key is allowed", "ForAnyValue:StringEquals", "aws:username", `"alice"`, kv("aws:username", "alice"), true},
	{"ForAnyValue/caseOfPrefix", "the set prefix is case-insensitive", "forallvalues:StringEquals", "aws:TagKeys", `"a"`, kv("aws:TagKeys", "b"), false},

	// Keys from outside AWS's global list are read from the context.
	{"serviceKey", "a service key comes from the request", "StringEquals", "s3:x-amz-acl", `"private"`, kv("s3:x-amz-acl", "private"), true},
	{"oidcKey", "an identity provider key comes from the request", "StringLike", "token.actions.githubusercontent.com:sub", `"repo:org/app:*"`, kv("token.actions.githubusercontent.com:sub", "repo:org/app:ref:refs/heads/main"), true},
	{"samlKey", "SAML: and saml: are the same prefix", "StringEquals", "SAML:aud", `"https://signin.aws.amazon.com/saml"`, kv("saml:aud", "https://signin.aws.amazon.com/saml"), true},
}

func conditionDoc(op, key, values string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{%q:{%q:%s}}}}`, op, key, values)
}

func TestConditionOperators(t *testing.T) {
	names := make([]string, len(conditionRows))
	for i, r := range conditionRows {
		names[i] = r.name
	}
	checkNames(t, names)
	for _, tc := range conditionRows {
		t.Run(tc.name, func(t *testing.T) {
			p := mustCompile(t, KindIdentity, conditionDoc(tc.op, tc.key, tc.values))
			req := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: ctxOf(tc.ctx)}
			wantDecision := ImplicitDeny
			if tc.want {
				wantDecision = Allow
			}
			if got := p.Evaluate(req).Decision; got != wantDecision {
				t.Errorf("Evaluate = %v, want %v (%s)", got, wantDecision, tc.reason)
			}
			ex := p.Explain(req)
			if len(ex) != 1 || len(ex[0].Conditions) != 1 {
				t.Fatalf("Explain returned %d statements", len(ex))
			}
			if got := ex[0].Conditions[0].Result; got != tc.want {
				t.Errorf("Explain condition result = %v, want %v (%s)", got, tc.want, tc.reason)
			}
		})
	}
}

// TestConditionCoverage makes sure the table exercises every operator,
// with and without IfExists, and both set prefixes.
func TestConditionCoverage(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range conditionRows {
		op, ok := parseOperator(r.op)
		if !ok {
			t.Fatalf("row %s: bad operator %s", r.name, r.op)
		}
		seen[op.def.name] = true
		if op.ifExists {
			seen["IfExists"] = true
		}
		switch op.set {
		case setForAll:
			seen["ForAllValues"] = true
		case setForAny:
			seen["ForAnyValue"] = true
		}
	}
	var missing []string
	for _, d := range operators {
		if !seen[d.name] {
			missing = append(missing, d.name)
		}
	}
	for _, x := range []string{"IfExists", "ForAllValues", "ForAnyValue"} {
		if !seen[x] {
			missing = append(missing, x)
		}
	}
	if diff := cmp.Diff([]string(nil), missing); diff != "" {
		t.Errorf("operators without a test row (-want +got):\n%s", diff)
	}
}

func TestConditionsAreANDed(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
		"StringEquals":{"aws:username":"alice","aws:PrincipalTag/team":"red"},
		"Bool":{"aws:SecureTransport":"true"}}}}`
	p := mustCompile(t, KindIdentity, doc)
	full := map[string][]string{"aws:username": {"alice"}, "aws:PrincipalTag/team": {"red"}, "aws:SecureTransport": {"true"}}
	tests := []struct {
		name   string
		reason string
		drop   string
		want   Decision
	}{
		{"all", "every key and operator holds", "", Allow},
		{"keyMissing", "keys under one operator are AND-ed", "aws:PrincipalTag/team", ImplicitDeny},
		{"operatorMissing", "operators are AND-ed", "aws:SecureTransport", ImplicitDeny},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := map[string][]string{}
			for k, v := range full {
				if k != tc.drop {
					m[k] = v
				}
			}
			got := p.Evaluate(&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b", Context: ctxOf(m)}).Decision
			if got != tc.want {
				t.Errorf("Evaluate = %v, want %v (%s)", got, tc.want, tc.reason)
			}
		})
	}
}

func TestParseOperator(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		in     string
		ok     bool
		want   string // base name, "+IfExists", set prefix
	}{
		{"plain", "a base operator", "StringEquals", true, "StringEquals"},
		{"ifExists", "IfExists suffix", "NumericLessThanIfExists", true, "NumericLessThan+IfExists"},
		{"forAll", "ForAllValues prefix", "ForAllValues:StringLike", true, "all:StringLike"},
		{"forAnyIfExists", "both", "ForAnyValue:ArnLikeIfExists", true, "any:ArnLike+IfExists"},
		{"lower", "case-insensitive", "forallvalues:stringequalsifexists", true, "all:StringEquals+IfExists"},
		{"nullIfExists", "Null has no IfExists form", "NullIfExists", false, ""},
		{"forAllNull", "Null takes no set prefix", "ForAllValues:Null", false, ""},
		{"unknown", "typo", "StringEqual", false, ""},
		{"onlyIfExists", "suffix alone", "IfExists", false, ""},
		{"doubleColon", "malformed prefix", "ForAnyValue::StringEquals", false, ""},
		{"empty", "empty name", "", false, ""},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			op, ok := parseOperator(tc.in)
			got := ""
			if ok {
				got = op.def.name
				if op.ifExists {
					got += "+IfExists"
				}
				switch op.set {
				case setForAll:
					got = "all:" + got
				case setForAny:
					got = "any:" + got
				}
			}
			if ok != tc.ok || got != tc.want {
				t.Errorf("parseOperator(%q) = %q, %v; want %q, %v (%s)", tc.in, got, ok, tc.want, tc.ok, tc.reason)
			}
		})
	}
}
