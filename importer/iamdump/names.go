package iamdump

import (
	"strings"

	"github.com/rolesim/rolesim/scenario"
)

// The checks rolesim's loader makes of names, paths and tags (package
// scenario's); each returns "" when the value is valid, else the reason.

func checkName(s string, max int) string { return scenario.CheckIAMName(s, max) }

func checkPath(s string) string { return scenario.CheckIAMPath(s) }

func isAccountID(s string) bool { return scenario.IsAccountID(s) }

func checkTag(key, value string) string {
	if why := scenario.CheckTagKey(key); why != "" {
		if strings.HasPrefix(why, "must") {
			return "key " + why
		}
		return why
	}
	if why := scenario.CheckTagValue(value); why != "" {
		if strings.HasPrefix(why, "must") {
			return "value " + why
		}
		return why
	}
	return ""
}

func isSimpleID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// iamARN is an IAM ARN split: arn:PARTITION:iam::ACCOUNT:RESOURCE.
type iamARN struct {
	partition, account, resource string
}

func parseIAMARN(s string) (iamARN, bool) {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3] != "" {
		return iamARN{}, false
	}
	return iamARN{partition: parts[1], account: parts[4], resource: parts[5]}, true
}

// principalAccount returns the account an AWS principal names (an account
// id, or an iam or sts ARN), "" for "*" and anything else.
func principalAccount(v string) string {
	if isAccountID(v) {
		return v
	}
	parts := strings.SplitN(v, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && (parts[2] == "iam" || parts[2] == "sts") && isAccountID(parts[4]) {
		return parts[4]
	}
	return ""
}
