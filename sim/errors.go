package sim

import (
	"errors"
	"strconv"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// Code is an AWS error code ("AccessDenied", "ValidationError", ...): the
// Code element of AWS's error responses.
type Code string

// AWS error codes the simulator returns.
const (
	CodeAccessDenied            Code = "AccessDenied"
	CodeValidationError         Code = "ValidationError"
	CodeMalformedInput          Code = "MalformedInput"
	CodeMalformedPolicyDocument Code = "MalformedPolicyDocument"
	CodePackedPolicyTooLarge    Code = "PackedPolicyTooLarge"
	CodeInvalidParameterValue   Code = "InvalidParameterValue"
	CodeExpiredToken            Code = "ExpiredToken"
	CodeInvalidClientTokenID    Code = "InvalidClientTokenId"
	CodeThrottling              Code = "Throttling"
	CodeSignatureDoesNotMatch   Code = "SignatureDoesNotMatch"
	CodeInvalidAccessKeyID      Code = "InvalidAccessKeyId"
	// CodeInternalError is a failure of rolesim itself (a step it could
	// not run), not an AWS answer.
	CodeInternalError Code = "InternalError"
)

// Error is a failed STS or API request: AWS's error code, HTTP status and
// message, plus, for authorization failures, the structured Reason that AWS
// does not print but a learner wants to see.
type Error struct {
	Code       Code
	Message    string
	HTTPStatus int
	// Reason is set for AccessDenied errors that come from policy evaluation.
	Reason *Reason
	// Trace is the decision trace, when the request asked for one.
	Trace *Trace
}

// Error formats the error as AWS SDKs print it: "Code: Message".
func (e *Error) Error() string {
	if e.Message == "" {
		return string(e.Code)
	}
	return string(e.Code) + ": " + e.Message
}

// ErrorCode returns the AWS error code of err, or "" when err is not an *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// PolicyKind names the kind of policy that took part in a decision.
type PolicyKind string

// Policy kinds, spelled as scenario files write them in expect.denied_by.
const (
	KindSCP                 PolicyKind = "scp"
	KindRCP                 PolicyKind = "rcp"
	KindTrustPolicy         PolicyKind = "trust_policy"
	KindResourcePolicy      PolicyKind = "resource_policy"
	KindIdentityPolicy      PolicyKind = "identity_policy"
	KindPermissionsBoundary PolicyKind = "permissions_boundary"
	KindSessionPolicy       PolicyKind = "session_policy"
)

// Describe returns the kind in AWS's words ("service control policy", ...).
func (k PolicyKind) Describe() string {
	switch k {
	case KindSCP:
		return "service control policy"
	case KindRCP:
		return "resource control policy"
	case KindTrustPolicy:
		return "role trust policy"
	case KindResourcePolicy:
		return "resource-based policy"
	case KindIdentityPolicy:
		return "identity-based policy"
	case KindPermissionsBoundary:
		return "permissions boundary"
	case KindSessionPolicy:
		return "session policy"
	}
	return string(k)
}

// Reason explains an authorization failure: which kind of policy denied the
// request, whether the deny was explicit (a Deny statement matched) or
// implicit (nothing allowed), and the deciding policy and statement when
// there is one.
type Reason struct {
	Action   string
	Resource string
	Kind     PolicyKind
	Decision policy.Decision // ImplicitDeny or ExplicitDeny
	// Policy names the deciding policy ("role Deploy trust policy", "SCP
	// DenyProd attached to ou Workloads", ...); empty for an implicit deny
	// with no policy of that kind.
	Policy string
	// Statement is the deciding statement's label (Sid or Statement[i]) and
	// StatementPos its position in the scenario; empty for implicit denies.
	Statement    string
	StatementPos scenario.Pos
	// Detail is a plain-English sentence for the cases the fields above do
	// not cover (a missing role, an invalid MFA code, ...).
	Detail string
}

// String renders the reason in one sentence.
func (r *Reason) String() string {
	if r == nil {
		return ""
	}
	var s string
	if r.Decision == policy.ExplicitDeny {
		s = "explicit deny in " + r.Kind.Describe()
	} else {
		s = "implicit deny: no " + r.Kind.Describe() + " allows " + r.Action
	}
	if r.Policy != "" {
		s += " (" + r.Policy
		if r.Statement != "" {
			s += ", statement " + r.Statement
			if r.StatementPos.Line > 0 {
				s += " at " + r.StatementPos.String()
			}
		}
		s += ")"
	}
	if r.Detail != "" {
		s += ": " + r.Detail
	}
	return s
}

func validationError(msg string) *Error {
	return &Error{Code: CodeValidationError, Message: msg, HTTPStatus: 400}
}

func expiredToken() *Error {
	return &Error{Code: CodeExpiredToken, Message: "The security token included in the request is expired", HTTPStatus: 403}
}

func invalidClientToken() *Error {
	return &Error{Code: CodeInvalidClientTokenID, Message: "The security token included in the request is invalid.", HTTPStatus: 403}
}

// schemaViolation is one clause of an AWS schema validation message.
type schemaViolation struct {
	member     string
	value      string
	null       bool
	constraint string
}

// schemaError joins violations into AWS's message:
// "N validation error(s) detected: Value 'v' at 'member' failed to satisfy
// constraint: C; ...".
func schemaError(vs []schemaViolation) *Error {
	n := len(vs)
	msg := strconv.Itoa(n) + " validation error"
	if n > 1 {
		msg += "s"
	}
	msg += " detected: "
	for i, v := range vs {
		if i > 0 {
			msg += "; "
		}
		if v.null {
			msg += "Value null"
		} else {
			msg += "Value '" + v.value + "'"
		}
		msg += " at '" + v.member + "' failed to satisfy constraint: " + v.constraint
	}
	return validationError(msg)
}
