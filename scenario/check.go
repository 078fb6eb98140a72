package scenario

// The loader's checks of names, paths, account ids and tags, for tools
// that write scenarios (the importers): each returns "" when the value is
// valid, else the reason, in the words the loader's diagnostics use.

// CheckIAMName checks a user or role name (max 64) or a group or policy
// name (max 128): 1 to max characters of [\w+=,.@-].
func CheckIAMName(s string, max int) string { return checkIAMName(s, max) }

// CheckIAMPath checks an IAM path: "/" or "/.../", at most 512 characters
// from U+0021 to U+007E.
func CheckIAMPath(s string) string { return checkIAMPath(s) }

// CheckTagKey checks an IAM tag key: 1 to 128 characters of
// [\p{L}\p{Z}\p{N}_.:/=+\-@], not starting with "aws:".
func CheckTagKey(s string) string { return checkTagKey(s) }

// CheckTagValue checks an IAM tag value: at most 256 characters of the tag
// character set.
func CheckTagValue(s string) string { return checkTagValue(s) }

// IsAccountID reports whether s is an AWS account id: exactly 12 ASCII
// digits.
func IsAccountID(s string) bool { return isAccountID(s) }
