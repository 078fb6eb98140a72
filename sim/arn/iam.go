package arn

import "strings"

// IAMResource is the resource part of an IAM ARN, split by ParseIAMResource.
//
// For "role/division/team/Admin" it is {Type: "role", Path: "/division/team/",
// Name: "Admin"}. For oidc-provider and saml-provider resources Path is empty
// and Name is everything after the type ("token.actions.githubusercontent.com",
// "oidc.eks.us-east-1.amazonaws.com/id/ABC"). For the account root user
// ("root") only Type is set.
type IAMResource struct {
	Type string // "user", "role", "group", "policy", "instance-profile", "mfa", "oidc-provider", "saml-provider" or "root"
	Path string // "/" or "/a/b/" for path-carrying types, "" otherwise
	Name string // the last path segment, or the provider name
}

// ParseIAMResource splits the resource part of an IAM ARN (ARN.Resource) into
// type, path and name. It reports false for resource types it does not know
// and for malformed resources: an empty name, an empty path segment ("//"), a
// path byte outside U+0021–U+007E or a path longer than 512 bytes.
//
// It checks structure only, not IAM's naming rules for each type; use
// ValidName for those. Path and Name are substrings of resource.
func ParseIAMResource(resource string) (IAMResource, bool) {
	if resource == "root" {
		return IAMResource{Type: "root"}, true
	}
	slash := strings.IndexByte(resource, '/')
	if slash < 0 {
		return IAMResource{}, false
	}
	typ, rest := resource[:slash], resource[slash:] // rest starts with '/'
	switch typ {
	case "user", "role", "group", "policy", "instance-profile", "mfa":
		path, name, ok := splitPathName(rest)
		if !ok {
			return IAMResource{}, false
		}
		return IAMResource{Type: typ, Path: path, Name: name}, true
	case "oidc-provider":
		// HOST or HOST/PATH: non-empty segments separated by single '/'.
		name := rest[1:]
		if name == "" || name[0] == '/' || name[len(name)-1] == '/' ||
			strings.Contains(name, "//") || !printable(name) {
			return IAMResource{}, false
		}
		return IAMResource{Type: typ, Name: name}, true
	case "saml-provider":
		name := rest[1:]
		if name == "" || strings.IndexByte(name, '/') >= 0 || !printable(name) {
			return IAMResource{}, false
		}
		return IAMResource{Type: typ, Name: name}, true
	}
	return IAMResource{}, false
}

// splitPathName splits "/a/b/name" into "/a/b/" and "name". It reports false
// if the path is not valid (see ValidPath) or the name is empty.
func splitPathName(pathName string) (path, name string, ok bool) {
	i := strings.LastIndexByte(pathName, '/')
	if i < 0 {
		return "", "", false
	}
	path, name = pathName[:i+1], pathName[i+1:]
	if name == "" || !ValidPath(path) {
		return "", "", false
	}
	return path, name, true
}

// printable reports whether every byte of s is in U+0021–U+007E.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// ValidName reports whether name is a valid IAM name of at most max bytes:
// 1..max characters from [\w+=,.@-], where \w is the ASCII letters, digits
// and '_'. Role and user names use max 64; group, policy and instance-profile
// names 128. Session names (2..64) need an extra length check.
func ValidName(name string, max int) bool {
	if len(name) == 0 || len(name) > max {
		return false
	}
	for i := 0; i < len(name); i++ {
		if !nameByte(name[i]) {
			return false
		}
	}
	return true
}

// nameByte reports whether c may appear in an IAM name.
func nameByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '_', '+', '=', ',', '.', '@', '-':
		return true
	}
	return false
}

// maxPathLen is IAM's limit on the length of a path.
const maxPathLen = 512

// ValidPath reports whether path is a valid IAM path: "/" alone, or
// '/'-delimited non-empty segments that begin and end with '/' ("/a/b/"),
// using only characters U+0021–U+007E, at most 512 bytes long.
func ValidPath(path string) bool {
	n := len(path)
	if n == 0 || n > maxPathLen || path[0] != '/' || path[n-1] != '/' {
		return false
	}
	for i := 1; i < n; i++ {
		c := path[i]
		if c < 0x21 || c > 0x7e || c == '/' && path[i-1] == '/' {
			return false
		}
	}
	return true
}
