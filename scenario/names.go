package scenario

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Validation of names, paths and identifiers as IAM, STS and Organizations
// check them. Each check returns "" when the value is valid, else the reason.

// isIAMNameChar reports whether c may appear in an IAM user, role, group or
// policy name: [\w+=,.@-].
func isIAMNameChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		strings.IndexByte("_+=,.@-", c) >= 0
}

// checkIAMName checks a user or role name (max 64) or a group or policy name
// (max 128).
func checkIAMName(s string, max int) string {
	if s == "" || len(s) > max {
		return "must be 1 to " + strconv.Itoa(max) + " characters"
	}
	for i := 0; i < len(s); i++ {
		if !isIAMNameChar(s[i]) {
			return "may contain only letters, digits and _+=,.@-"
		}
	}
	return ""
}

// checkIAMPath checks an IAM path: "/" or "/.../", at most 512 characters
// from U+0021 to U+007E.
func checkIAMPath(s string) string {
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

// isAccountID reports whether s is exactly 12 ASCII digits.
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

// checkAlias checks an account alias: 3 to 63 lowercase letters, digits and
// hyphens, starting and ending with a letter or digit, no "--".
func checkAlias(s string) string {
	if len(s) < 3 || len(s) > 63 {
		return "must be 3 to 63 characters"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
		case c == '-':
			if i == 0 || i == len(s)-1 || s[i-1] == '-' {
				return "must start and end with a letter or digit and not contain --"
			}
		default:
			return "may contain only lowercase letters, digits and hyphens"
		}
	}
	return ""
}

// isSimpleID reports whether s is a non-empty [A-Za-z0-9._-]+ (scenario
// names and step ids).
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

// isRegion reports whether s looks like an AWS region: lowercase words
// joined by hyphens and ending in a number (us-east-1, us-gov-west-1).
func isRegion(s string) bool {
	parts := strings.Split(s, "-")
	if len(parts) < 3 {
		return false
	}
	for i, p := range parts {
		if p == "" {
			return false
		}
		for j := 0; j < len(p); j++ {
			c := p[j]
			last := i == len(parts)-1
			if last && !(c >= '0' && c <= '9') || !last && !(c >= 'a' && c <= 'z') {
				return false
			}
		}
	}
	return true
}

// isLowerAlnum reports whether s is made of [a-z0-9] only, with a length in
// [min, max].
func isLowerAlnum(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// checkTagKey checks an IAM tag key: 1 to 128 characters matching
// [\p{L}\p{Z}\p{N}_.:/=+\-@]+, not starting with "aws:".
func checkTagKey(s string) string {
	if n := utf8.RuneCountInString(s); n < 1 || n > 128 {
		return "must be 1 to 128 characters"
	}
	if !tagChars(s) {
		return "may contain only letters, digits, spaces and _.:/=+-@"
	}
	if len(s) >= 4 && strings.EqualFold(s[:4], "aws:") {
		return "the aws: prefix is reserved for AWS"
	}
	return ""
}

// checkTagValue checks an IAM tag value: 0 to 256 characters from the tag
// character set.
func checkTagValue(s string) string {
	if utf8.RuneCountInString(s) > 256 {
		return "must be at most 256 characters"
	}
	if !tagChars(s) {
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

// isActionName reports whether s looks like service:Action with a concrete
// action (no wildcards).
func isActionName(s string) bool {
	svc, act, ok := strings.Cut(s, ":")
	if !ok || svc == "" || act == "" {
		return false
	}
	for i := 0; i < len(svc); i++ {
		c := svc[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	for i := 0; i < len(act); i++ {
		c := act[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// isErrorCode reports whether s looks like an AWS error code:
// ^[A-Z][A-Za-z]+$.
func isErrorCode(s string) bool {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// splitIAMARN splits arn:aws:iam::ACCOUNT:TYPE/PATH/NAME into its account,
// path ("/" when none) and name. ok is false when s is not of that shape.
func splitIAMARN(s, typ string) (account, path, name string, ok bool) {
	rest, found := strings.CutPrefix(s, "arn:aws:iam::")
	if !found {
		return "", "", "", false
	}
	account, rest, found = strings.Cut(rest, ":")
	if !found {
		return "", "", "", false
	}
	rest, found = strings.CutPrefix(rest, typ)
	if !found || !strings.HasPrefix(rest, "/") {
		return "", "", "", false
	}
	i := strings.LastIndexByte(rest, '/')
	return account, rest[:i+1], rest[i+1:], true
}
