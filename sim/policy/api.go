// Package policy parses, compiles and evaluates AWS IAM policy documents:
// identity policies, trust policies, resource-based policies, permissions
// boundaries, session policies, SCPs and RCPs. It imports nothing of
// rolesim's: callers hand it a Node (from YAML or JSON) and a Request.
//
// The package works in three steps. ParseJSON reads policy text into a Node
// tree that keeps the line and column of every element. Compile (or
// CompileJSON) validates a tree against the rules of one Kind of policy,
// reports every problem with its position, and builds a Policy whose
// wildcards, ARNs, condition values and policy variables are all
// precompiled. Policy.Evaluate then decides a Request without parsing or
// formatting anything (and without allocating when no policy variables are
// involved), and Policy.Explain reports, statement by statement and
// condition by condition, why it decided so.
//
// # Semantics
//
// The package follows AWS's documented behaviour; where AWS documents
// nothing, it makes these choices:
//
//   - Action matching ignores ASCII case; Resource, ArnLike and Principal
//     ARNs are case-sensitive. An ARN is cut at its first five colons; * and
//     ? never cross a colon in the first five segments, while in the
//     resource segment * spans anything, colons included.
//   - A Resource must be "*" or a full six-part ARN (AWS pads short ARNs
//     with wildcards; rolesim rejects them), with no wildcard in the service
//     segment.
//   - "*" as a Principal names every signed caller in a trust policy and
//     everyone, anonymous callers included, in other policies. A nil
//     Request.Principal is an anonymous caller.
//   - A condition key that is absent, or present with no values, is
//     missing: positive operators are false, negated ones true, IfExists
//     operators and ForAllValues true, ForAnyValue false, Null "true" true.
//   - A plain (non-set) operator on a multivalued key holds, for a positive
//     operator, when some request value matches some policy value, and for
//     a negated one when no request value matches any policy value.
//   - A request value of the wrong type (not a number for Numeric, not a
//     date, boolean, IP address, base64 or ARN) makes a plain condition
//     false, negated or not, and never satisfies a set operator.
//   - Dates are W3C ISO 8601 (date, date and time, fractional seconds,
//     offsets; no zone means UTC) or epoch seconds. Numbers are decimals with
//     an optional exponent; hexadecimal, Inf and NaN are not numbers.
//   - Policy variables (Version 2012-10-17 only) are allowed in the resource
//     segment of a Resource and in String and Arn condition values (not in
//     Bool, Numeric, Date, Binary, IP or Null values). A variable whose key
//     is absent, multivalued, or has other than exactly one value in the
//     request resolves to its default if it has one; otherwise the
//     statement holding it is invalid and applies to nothing: an Allow
//     grants nothing and a Deny denies nothing, whatever NotResource,
//     negated operators or IfExists say. Substituted text is literal: a *
//     in a tag value is not a wildcard.
//   - NotPrincipal is accepted only with Deny, in resource-based policies.
//     Its entries exempt exactly the principals they name (an account entry
//     names the account principal, not its users and roles), a principal is
//     exempt only when its account and every identity of its Principal.Chain
//     are listed, and a principal with a permissions boundary is never
//     exempt.
//   - A condition key must have at least one value, and an operator block
//     at least one key.
//   - Condition keys are validated: aws:, sts: and iam: keys must be keys
//     those prefixes define; other services' keys, SAML keys and
//     identity-provider keys are accepted and read from the request.
//   - Operator names are matched case-insensitively; element names
//     (Effect, Action, ...) and principal types (AWS, Service, ...) are not.
package policy

import "fmt"

// Kind is the type of policy a document is; it decides which elements a
// statement must and may have.
type Kind uint8

// Policy kinds.
const (
	// KindIdentity: user, group and role policies (inline and managed),
	// permissions boundaries and session policies. No Principal; Resource or
	// NotResource required.
	KindIdentity Kind = iota
	// KindTrust: a role's trust policy. Principal required, NotPrincipal,
	// Resource and NotResource prohibited.
	KindTrust
	// KindResource: a resource-based policy (bucket policy, ...). Principal or
	// NotPrincipal required; Resource or NotResource required.
	KindResource
	// KindSCP: a service control policy. No Principal; Resource optional
	// (absent means "*").
	KindSCP
	// KindRCP: a resource control policy. Principal required and must be "*";
	// Resource required.
	KindRCP
)

// Error is one problem in a policy document, positioned inside the node tree
// it was compiled from. Message follows AWS's MalformedPolicyDocument texts
// where AWS has one.
type Error struct {
	Pos     Pos
	Message string
	// Suggestion, when not empty, is what a misspelt name was probably
	// meant to be (the operator "StringEquals" for "StringEqual"). It is
	// kept apart from Message, which is AWS's text, and Error leaves it
	// out; callers that talk to people add it as a hint.
	Suggestion string
}

// Error formats the error as "line:col: message".
func (e *Error) Error() string {
	if e.Pos.Line == 0 {
		return e.Message
	}
	return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Message)
}

// Errors is every problem found in one document, in document order.
type Errors []*Error

// Error joins the messages with "; ".
func (es Errors) Error() string {
	s := ""
	for i, e := range es {
		if i > 0 {
			s += "; "
		}
		s += e.Error()
	}
	return s
}

// Effect is a statement's Effect.
type Effect uint8

// Effects.
const (
	EffectAllow Effect = iota
	EffectDeny
)

// Decision is the outcome of evaluating one policy (or a set of policies).
type Decision uint8

// Decisions. The zero value is ImplicitDeny: nothing matched.
const (
	ImplicitDeny Decision = iota
	Allow
	ExplicitDeny
)

// Principal describes who makes a request, for matching Principal and
// NotPrincipal elements.
type Principal struct {
	// Account is the 12-digit account owning the principal ("" for service
	// principals and anonymous callers). An account principal
	// ("123456789012" or "arn:aws:iam::123456789012:root") in a Principal
	// element matches every principal of that account; in a NotPrincipal
	// element it names the account principal only.
	Account string
	// ARNs are the identities the principal can be named by: an IAM user's
	// ARN; a role session's role ARN and its assumed-role session ARN; the
	// root ARN; a federated-user ARN. Compared case-sensitively.
	ARNs []string
	// Service is set when an AWS service principal (e.g. "ec2.amazonaws.com")
	// acts directly.
	Service string
	// Federated is the identity provider (ARN or host) for web identity and
	// SAML requests.
	Federated string
	// Anonymous is true for unsigned requests.
	Anonymous bool
	// Chain lists the identities, below the account, that a Deny statement's
	// NotPrincipal must all name for the principal to escape it: an IAM
	// user's ARN; a role session's role ARN and session ARN; a federated
	// user's ARN. AWS evaluates NotPrincipal against the account, then the
	// role, then the session, so naming only some of them does not exempt
	// the principal (IAM User Guide, NotPrincipal). When nil, ARNs is used.
	// The root user needs only its account named.
	Chain []string
	// HasBoundary is set when the principal (the user, or the role of a
	// role session) has a permissions boundary: a Deny statement with
	// NotPrincipal then always applies to it, whatever NotPrincipal lists
	// (IAM User Guide, permissions boundaries).
	HasBoundary bool
}

// Request is what a policy is evaluated against.
type Request struct {
	Action    string // "service:Action"
	Resource  string // ARN
	Principal *Principal
	Context   *Context
}

// Result is the outcome of evaluating one policy.
type Result struct {
	Decision Decision
	// Statement is the deciding statement: the first matching Deny for
	// ExplicitDeny, the first matching Allow for Allow, nil otherwise.
	Statement *Statement
}
