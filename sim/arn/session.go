package arn

import "strings"

// Session identifies an assumed-role session by the parts of its ARN
// (arn:aws:sts::Account:assumed-role/RoleName/SessionName). The role's path
// is not part of it: AWS drops it from session ARNs.
type Session struct {
	Account     string // 12 digits: the role's account
	RoleName    string // 1..64 characters from [\w+=,.@-]
	SessionName string // 2..64 characters from [\w+=,.@-]
}

// Session name limits, as for AssumeRole's RoleSessionName.
const (
	minSessionName = 2
	maxSessionName = 64
)

// sessionPrefix starts every session ARN ParseAssumedRoleARN accepts.
const sessionPrefix = "arn:aws:sts::"

// ParseAssumedRoleARN reads an assumed-role session ARN in the aws partition,
// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION. It reports false for
// anything else: another partition, service, region or resource type, an
// account that is not 12 digits, a role name that fails ValidName(name, 64),
// or a session name that is not 2..64 characters from [\w+=,.@-]. The fields
// of the result are substrings of s.
func ParseAssumedRoleARN(s string) (Session, bool) {
	rest, ok := strings.CutPrefix(s, sessionPrefix)
	if !ok || len(rest) < 12 || !IsAccountID(rest[:12]) {
		return Session{}, false
	}
	account := rest[:12]
	roleSession, ok := strings.CutPrefix(rest[12:], ":assumed-role/")
	if !ok {
		return Session{}, false
	}
	role, session, ok := strings.Cut(roleSession, "/")
	if !ok || !ValidName(role, maxRoleName) ||
		len(session) < minSessionName || !ValidName(session, maxSessionName) {
		return Session{}, false
	}
	return Session{Account: account, RoleName: role, SessionName: session}, true
}
