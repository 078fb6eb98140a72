package arn

import "strings"

// Role identifies an IAM role by the parts of its ARN
// (arn:aws:iam::Account:role<Path><Name>).
type Role struct {
	Account string // 12 digits
	Path    string // "/" or "/a/b/"
	Name    string // 1..64 characters from [\w+=,.@-]
}

// maxRoleName is IAM's limit on the length of a role name.
const maxRoleName = 64

// rolePrefix starts every role ARN ParseRoleARN accepts.
const rolePrefix = "arn:aws:iam::"

// ParseRoleARN reads an IAM role ARN in the aws partition,
// arn:aws:iam::ACCOUNT:role/PATH/NAME. It reports false for anything else:
// another partition, service, region or resource type, an account that is
// not 12 digits, a path that fails ValidPath, or a name that fails
// ValidName(name, 64). The fields of the result are substrings of s.
func ParseRoleARN(s string) (Role, bool) {
	rest, ok := strings.CutPrefix(s, rolePrefix)
	if !ok || len(rest) < 12 || !IsAccountID(rest[:12]) {
		return Role{}, false
	}
	account := rest[:12]
	pathName, ok := strings.CutPrefix(rest[12:], ":role")
	if !ok || pathName == "" || pathName[0] != '/' {
		return Role{}, false
	}
	path, name, ok := splitPathName(pathName)
	if !ok || !ValidName(name, maxRoleName) {
		return Role{}, false
	}
	return Role{Account: account, Path: path, Name: name}, true
}

// ARN returns the role's ARN in the aws partition; an empty Path counts as
// "/". For every r returned by ParseRoleARN(s), r.ARN() == s.
func (r Role) ARN() string {
	return RoleARN("aws", r.Account, r.Path, r.Name)
}
