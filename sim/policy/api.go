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
	// ("123456789012" or "arn:aws:iam::123456789012:root") matches every
	// principal of that account.
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
