package iamdump

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The checks rolesim's loader makes of names, paths and tags (scenario's
// names.go); each returns "" when the value is valid, else the reason.

func checkName(s string, max int) string {
	if s == "" || len(s) > max {
		return "must be 1 to " + strconv.Itoa(max) + " characters"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_+=,.@-", c) >= 0) {
			return "may contain only letters, digits and _+=,.@-"
		}
	}
	return ""
}

func checkPath(s string) string {
	if s == "" || len(s) > 512 {
		return "must be 1 to 512 characters"
	}
	if s[0] != '/' || s[len(s)-1] != '/' {
		return "must begin and end with /"
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return "may contain only printable ASCII characters other than space"
		}
	}
	return ""
}

func isAccountID(s string) bool {
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

func checkTag(key, value string) string {
	if n := utf8.RuneCountInString(key); n < 1 || n > 128 {
		return "key must be 1 to 128 characters"
	}
	if len(key) >= 4 && strings.EqualFold(key[:4], "aws:") {
		return "the aws: prefix is reserved for AWS"
	}
	if utf8.RuneCountInString(value) > 256 {
		return "value must be at most 256 characters"
	}
	if !tagChars(key) || !tagChars(value) {
		return "may contain only letters, digits, spaces and _.:/=+-@"
	}
	return ""
}

func tagChars(s string) bool {
	for _, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.In(r, unicode.Z) || strings.ContainsRune("_.:/=+-@", r)) {
			return false
		}
	}
	return true
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
