package iamdump

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
)

// Error is bad input: a file that is not what Import reads, or a value of
// the wrong shape inside one. Path is a JSON path into the file
// ($.RoleDetailList[3].AssumeRolePolicyDocument).
type Error struct {
	File    string
	Path    string
	Message string
}

// Error returns "file: path: message".
func (e *Error) Error() string {
	return e.File + ": " + e.Path + ": " + e.Message
}

// The shapes of the AWS CLI's output, as far as Import reads them. Lists
// whose elements are reported by index stay raw and are decoded one by one.

type authDetails struct {
	UserDetailList  []json.RawMessage
	GroupDetailList []json.RawMessage
	RoleDetailList  []json.RawMessage
	Policies        []json.RawMessage
	IsTruncated     *bool
	Marker          *string
	NextToken       *string
}

type listRoles struct {
	Roles       []json.RawMessage
	IsTruncated *bool
	Marker      *string
	NextToken   *string
}

type attachedPolicy struct {
	PolicyName string
	PolicyArn  string
}

type inlinePolicy struct {
	PolicyName     string
	PolicyDocument json.RawMessage
}

type boundary struct {
	PermissionsBoundaryType string
	PermissionsBoundaryArn  string
}

type tagJSON struct {
	Key   string
	Value string
}

type userDetail struct {
	UserName                string
	UserId                  string
	Path                    string
	Arn                     string
	GroupList               []string
	UserPolicyList          []json.RawMessage
	AttachedManagedPolicies []attachedPolicy
	PermissionsBoundary     *boundary
	Tags                    []tagJSON
}

type groupDetail struct {
	GroupName               string
	GroupId                 string
	Path                    string
	Arn                     string
	GroupPolicyList         []json.RawMessage
	AttachedManagedPolicies []attachedPolicy
}

type instanceProfile struct {
	InstanceProfileName string
}

type roleDetail struct {
	RoleName                 string
	RoleId                   string
	Path                     string
	Arn                      string
	AssumeRolePolicyDocument json.RawMessage
	InstanceProfileList      []instanceProfile
	RolePolicyList           []json.RawMessage
	AttachedManagedPolicies  []attachedPolicy
	PermissionsBoundary      *boundary
	Tags                     []tagJSON
	// Not in RoleDetail as AWS documents it; read when a tool adds it.
	MaxSessionDuration *int
	Description        *string
}

type policyVersion struct {
	VersionId        string
	IsDefaultVersion bool
	Document         json.RawMessage
}

type managedPolicyDetail struct {
	PolicyName        string
	PolicyId          string
	Path              string
	Arn               string
	DefaultVersionId  string
	Description       *string
	PolicyVersionList []json.RawMessage
}

// roleListed is one element of list-roles' Roles.
type roleListed struct {
	RoleName           string
	RoleId             string
	Arn                string
	MaxSessionDuration *int
	Description        *string
}

// decode unmarshals raw into v, turning encoding/json's errors into an
// *Error at path (with the field the error names appended).
func decode(file, path string, raw []byte, v any) error {
	if err := json.Unmarshal(raw, v); err != nil {
		return jsonError(file, path, raw, err)
	}
	return nil
}

func jsonError(file, path string, raw []byte, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := path
		if te.Field != "" {
			p += "." + te.Field
		}
		return &Error{File: file, Path: p, Message: "expected " + typeName(te.Type.Kind().String()) + ", got " + te.Value}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(raw, int(se.Offset))
		return &Error{File: file, Path: path, Message: "not JSON: line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) + ": " + se.Error()}
	}
	return &Error{File: file, Path: path, Message: strings.TrimPrefix(err.Error(), "json: ")}
}

func typeName(kind string) string {
	switch kind {
	case "slice":
		return "list"
	case "struct", "map":
		return "object"
	case "int", "int64":
		return "integer"
	case "bool":
		return "boolean"
	}
	return kind
}

// lineCol converts a byte offset (encoding/json counts the offending byte
// as read) into a 1-based line and column.
func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	if off > 0 {
		off--
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

func index(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}
