package policy

import (
	"strings"
)

// Condition-key validation. A key in a Condition element or a policy
// variable must name something the simulator can supply: an aws: key must be
// one of AWS's global condition keys, an sts: or iam: key one of the keys
// those services define for the requests rolesim models. Keys of other
// services (s3:prefix, ec2:ResourceTag/Env), SAML keys (saml:aud) and
// identity-provider keys (token.actions.githubusercontent.com:sub) are
// accepted as written: their values come from the request context.

// globalKeys are AWS's global condition keys (IAM User Guide, "AWS global
// condition context keys"), in AWS's spelling.
var globalKeys = []string{
	"aws:AssumedRoot",
	"aws:CalledVia",
	"aws:CalledViaFirst",
	"aws:CalledViaLast",
	"aws:ChatbotSourceArn",
	"aws:CurrentTime",
	"aws:Ec2InstanceSourcePrivateIPv4",
	"aws:Ec2InstanceSourceVpc",
	"aws:EpochTime",
	"aws:FederatedProvider",
	"aws:MultiFactorAuthAge",
	"aws:MultiFactorAuthPresent",
	"aws:PrincipalAccount",
	"aws:PrincipalArn",
	"aws:PrincipalIsAWSService",
	"aws:PrincipalOrgID",
	"aws:PrincipalOrgPaths",
	"aws:PrincipalServiceName",
	"aws:PrincipalServiceNamesList",
	"aws:PrincipalType",
	"aws:referer",
	"aws:RequestedRegion",
	"aws:ResourceAccount",
	"aws:ResourceOrgID",
	"aws:ResourceOrgPaths",
	"aws:SecureTransport",
	"aws:SourceAccount",
	"aws:SourceArn",
	"aws:SourceIdentity",
	"aws:SourceIp",
	"aws:SourceOrgID",
	"aws:SourceOrgPaths",
	"aws:SourceOwner",
	"aws:SourceVpc",
	"aws:SourceVpcArn",
	"aws:SourceVpce",
	"aws:TagKeys",
	"aws:TokenIssueTime",
	"aws:UserAgent",
	"aws:userid",
	"aws:username",
	"aws:ViaAWSService",
	"aws:VpceAccount",
	"aws:VpceOrgID",
	"aws:VpceOrgPaths",
	"aws:VpcSourceIp",
}

// stsKeys are the sts: condition keys.
var stsKeys = []string{
	"sts:AWSServiceName",
	"sts:DurationSeconds",
	"sts:ExternalId",
	"sts:RequestContextProviders",
	"sts:RoleSessionName",
	"sts:SourceIdentity",
	"sts:TransitiveTagKeys",
}

// iamKeys are the iam: condition keys accepted.
var iamKeys = []string{
	"iam:AssociatedResourceArn",
	"iam:AWSServiceName",
	"iam:OrganizationsPolicyId",
	"iam:PassedToService",
	"iam:PermissionsBoundary",
	"iam:PolicyARN",
}

// taggedKeys are the key families that take a suffix after the slash (a tag
// key or a context name). The suffix must not be empty.
var taggedKeys = []string{
	"aws:PrincipalTag/",
	"aws:RequestTag/",
	"aws:ResourceTag/",
	"iam:ResourceTag/",
	"sts:RequestContext/",
}

// multivaluedKeys are the keys whose request values are a set, for which the
// ForAllValues and ForAnyValue operators are meaningful.
var multivaluedKeys = []string{
	"aws:CalledVia",
	"aws:PrincipalOrgPaths",
	"aws:PrincipalServiceNamesList",
	"aws:ResourceOrgPaths",
	"aws:SourceOrgPaths",
	"aws:TagKeys",
	"aws:VpceOrgPaths",
	"sts:RequestContextProviders",
	"sts:TransitiveTagKeys",
}

// IsMultivalued reports whether key (case-insensitive) is a multivalued
// condition key: one whose request context value is a set, such as
// aws:TagKeys, aws:PrincipalOrgPaths, aws:CalledVia, sts:TransitiveTagKeys
// or an identity provider's amr claim (any key ending in ":amr"). A
// multivalued key cannot be used as a policy variable.
func IsMultivalued(key string) bool {
	for _, k := range multivaluedKeys {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return len(key) > 4 && equalFoldASCII(key[len(key)-4:], ":amr")
}

// checkKey validates a condition key name. It returns "" when the key is
// acceptable, else the error message.
func checkKey(key string) string {
	colon := strings.IndexByte(key, ':')
	if colon <= 0 || colon == len(key)-1 {
		return "Policy has an invalid condition key: " + key +
			" (a condition key is a service prefix, a colon and a name, e.g. aws:SourceIp)"
	}
	prefix := key[:colon]
	var known []string
	switch {
	case equalFoldASCII(prefix, "aws"):
		known = globalKeys
	case equalFoldASCII(prefix, "sts"):
		known = stsKeys
	case equalFoldASCII(prefix, "iam"):
		known = iamKeys
	default:
		// Other services' keys, SAML keys and identity-provider keys are
		// supplied by the request as written.
		return ""
	}
	for _, k := range known {
		if strings.EqualFold(k, key) {
			return ""
		}
	}
	for _, t := range taggedKeys {
		if len(key) > len(t) && hasPrefixFoldASCII(key, t) {
			return ""
		}
		if equalFoldASCII(key, t) || equalFoldASCII(key, t[:len(t)-1]) {
			return "Policy has an invalid condition key: " + key +
				" (" + t + " needs a name after the slash)"
		}
	}
	msg := "Policy has an invalid condition key: " + key
	cands := make([]string, 0, len(known)+len(taggedKeys))
	cands = append(cands, known...)
	for _, t := range taggedKeys {
		if hasPrefixFoldASCII(t, key[:colon+1]) {
			cands = append(cands, t)
		}
	}
	if s := suggest(key, cands); s != "" {
		msg += " (did you mean " + s + "?)"
	}
	return msg
}

// suggest returns the candidate closest to name: an exact case-insensitive
// match, else the one at the smallest edit distance if that distance is
// small for the name's length. It returns "" when nothing is close.
func suggest(name string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(c, name) {
			return c
		}
	}
	lname := strings.ToLower(name)
	best, bestD := "", 0
	for _, c := range candidates {
		d := editDistance(lname, strings.ToLower(c))
		if best == "" || d < bestD {
			best, bestD = c, d
		}
	}
	limit := 2
	if len(name) <= 4 {
		limit = 1
	}
	if best != "" && bestD <= limit {
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	if len(a) > 256 || len(b) > 256 {
		// Not worth a suggestion; avoid quadratic work on huge inputs.
		return 1 << 30
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// requestSettableGlobalKeys are the aws: keys whose values a caller really
// controls when it makes a request: where it sends the request from and
// through (source IP, VPC and VPC endpoint), the Region it calls, its user
// agent and referer, whether it uses TLS, and the tags it passes.
var requestSettableGlobalKeys = []string{
	"aws:referer",
	"aws:RequestedRegion",
	"aws:SecureTransport",
	"aws:SourceIp",
	"aws:SourceVpc",
	"aws:SourceVpcArn",
	"aws:SourceVpce",
	"aws:TagKeys",
	"aws:UserAgent",
	"aws:VpcSourceIp",
}

// RequestKey reports whether a caller can set the condition key key in a
// request it makes. It returns "" when it can (the keys above,
// aws:RequestTag/*, and service-specific request keys such as s3:prefix or
// iam:PassedToService), else why not: the key is derived by AWS from the
// caller's identity or session (aws:PrincipalOrgID, aws:PrincipalTag/*,
// aws:MultiFactorAuthPresent, ...), from the resource (aws:ResourceTag/*,
// s3:ResourceAccount), from the clock (aws:CurrentTime), from the service
// chain (aws:CalledVia, aws:SourceArn), or from an identity provider's token
// (saml:*, token.actions.githubusercontent.com:sub). A simulator that let a
// request set those would let any caller pass an org-only policy.
func RequestKey(key string) string {
	colon := strings.IndexByte(key, ':')
	if colon <= 0 || colon == len(key)-1 {
		return "not a condition key (a service prefix, a colon and a name, e.g. aws:SourceIp)"
	}
	prefix, name := key[:colon], key[colon+1:]
	switch {
	case equalFoldASCII(prefix, "aws"):
		if hasPrefixFoldASCII(key, "aws:RequestTag/") && len(key) > len("aws:RequestTag/") {
			return ""
		}
		for _, k := range requestSettableGlobalKeys {
			if strings.EqualFold(k, key) {
				return ""
			}
		}
		switch {
		case hasPrefixFoldASCII(key, "aws:Principal"), hasPrefixFoldASCII(key, "aws:user"),
			hasPrefixFoldASCII(key, "aws:MultiFactor"), equalFoldASCII(key, "aws:TokenIssueTime"),
			equalFoldASCII(key, "aws:SourceIdentity"), equalFoldASCII(key, "aws:FederatedProvider"),
			equalFoldASCII(key, "aws:AssumedRoot"), hasPrefixFoldASCII(key, "aws:Ec2Instance"):
			return "AWS derives it from the caller's identity and credentials"
		case hasPrefixFoldASCII(key, "aws:Resource"):
			return "AWS derives it from the resource"
		case equalFoldASCII(key, "aws:CurrentTime"), equalFoldASCII(key, "aws:EpochTime"):
			return "AWS derives it from the time of the request (move the clock with advance)"
		case hasPrefixFoldASCII(key, "aws:Vpce"):
			return "AWS derives it from the VPC endpoint's owner"
		}
		return "AWS derives it from the service or the chain of services that made the request"
	case equalFoldASCII(prefix, "sts"):
		if hasPrefixFoldASCII(key, "sts:RequestContext") {
			return "it comes from a signed context assertion"
		}
		return ""
	case equalFoldASCII(prefix, "saml"), strings.IndexByte(prefix, '.') >= 0:
		return "the identity provider's token or assertion sets it"
	}
	// Service-specific keys: those naming the resource or the caller are
	// derived, the rest are request parameters.
	switch {
	case hasPrefixFoldASCII(name, "ResourceTag/"), equalFoldASCII(name, "ResourceAccount"),
		hasPrefixFoldASCII(name, "ResourceOrg"):
		return "AWS derives it from the resource"
	case hasPrefixFoldASCII(name, "PrincipalTag/"), equalFoldASCII(name, "CallerAccount"):
		return "AWS derives it from the caller's identity"
	}
	return ""
}
