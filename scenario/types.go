// Package scenario defines rolesim's YAML scenario format (version 1): plain
// data types, a strict loader that reports every problem with its
// file:line:col position, and validation. Behaviour lives in package sim.
package scenario

import (
	"regexp"
	"time"

	"github.com/rolesim/rolesim/sim/policy"
)

// DefaultStart is the fake clock's start when a scenario names none, so that
// files without `start:` are still deterministic.
var DefaultStart = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// DefaultRegion is the region used when a scenario names none.
const DefaultRegion = "us-east-1"

// Scenario is one loaded, validated scenario file: a world and a timeline.
type Scenario struct {
	Pos         Pos
	Name        string
	Description string
	Start       time.Time
	Region      string

	Organization *Organization
	Accounts     []*Account
	// AWSManagedPolicies are the AWS managed policies (arn:aws:iam::aws:policy/...)
	// this scenario defines; only these may be referenced.
	AWSManagedPolicies []*ManagedPolicy

	// Quotas are the AWS quotas the scenario models: AWS's defaults unless
	// the file's quotas: map raises (or lowers) them.
	Quotas Quotas

	Steps []*Step
}

// Organization is an AWS Organization: a management account and a tree of
// OUs holding accounts, with SCPs and RCPs attached at every level.
type Organization struct {
	Pos Pos
	// ID is the organization id (o-...). A deterministic default is derived
	// when the file names none.
	ID                string
	ManagementAccount string
	// Policies are the organization's SCPs and RCPs, by name. FullAWSAccess
	// (SCP) and RCPFullAWSAccess (RCP) always exist.
	Policies []*OrgPolicy
	Root     *OU
}

// OrgPolicyType tells whether an organization policy is an SCP or an RCP.
type OrgPolicyType string

// Organization policy types.
const (
	SCP OrgPolicyType = "SCP"
	RCP OrgPolicyType = "RCP"
)

// OrgPolicy is a service or resource control policy defined in the
// organization.
type OrgPolicy struct {
	Pos      Pos
	Name     string
	Type     OrgPolicyType
	Document *policy.Policy
}

// OU is the organization root (Name "Root") or an organizational unit.
type OU struct {
	Pos  Pos
	Name string
	// ID is r-... for the root and ou-... for an OU; derived
	// deterministically when not given.
	ID string
	// SCPs and RCPs name the organization policies attached here, in order.
	// When the file omits the list, it is [FullAWSAccess] (SCPs) and
	// [RCPFullAWSAccess] (RCPs), as AWS attaches them.
	SCPs     []Ref
	RCPs     []Ref
	OUs      []*OU
	Accounts []*OrgAccount
}

// OrgAccount places an account in the organization tree.
type OrgAccount struct {
	Pos  Pos
	ID   string
	SCPs []Ref
	RCPs []Ref
}

// Ref is a name or ARN written in the file, with its position.
type Ref struct {
	Pos   Pos
	Value string
}

// Account is one AWS account and the IAM entities and resources in it.
type Account struct {
	Pos   Pos
	ID    string // 12 digits, leading zeros kept
	Alias string

	Users     []*User
	Groups    []*Group
	Roles     []*Role
	Policies  []*ManagedPolicy // customer managed policies
	Resources []*Resource
}

// Tag is an IAM or session tag.
type Tag struct {
	Pos   Pos
	Key   string
	Value string
}

// InlinePolicy is a policy embedded in a user, group or role.
type InlinePolicy struct {
	Pos      Pos
	Name     string
	Document *policy.Policy
	// Size is the document's length in characters, whitespace not counted,
	// as IAM measures it against its policy size quotas.
	Size int
}

// ManagedPolicy is a customer managed policy (in an account) or an AWS
// managed policy (in Scenario.AWSManagedPolicies).
type ManagedPolicy struct {
	Pos         Pos
	Name        string
	Path        string
	Description string
	Document    *policy.Policy
	// Size is the document's length in characters, whitespace not counted.
	Size int
}

// User is an IAM user.
type User struct {
	Pos                 Pos
	Name                string
	Path                string
	Groups              []Ref
	InlinePolicies      []*InlinePolicy
	ManagedPolicies     []Ref // ARNs, or names of customer managed policies in the same account
	PermissionsBoundary *Ref
	Tags                []Tag
	MFADevices          []*MFADevice
}

// MFADevice is an MFA device of a user: its serial number (a virtual device
// ARN or a hardware serial) and the token codes the scenario declares valid.
type MFADevice struct {
	Pos    Pos
	Serial string
	Codes  []string
}

// Group is an IAM group.
type Group struct {
	Pos             Pos
	Name            string
	Path            string
	InlinePolicies  []*InlinePolicy
	ManagedPolicies []Ref
}

// Role is an IAM role.
type Role struct {
	Pos                 Pos
	Name                string
	Path                string
	Description         string
	TrustPolicy         *policy.Policy
	InlinePolicies      []*InlinePolicy
	ManagedPolicies     []Ref
	PermissionsBoundary *Ref
	// MaxSessionDuration in seconds, 3600..43200; 3600 when not given.
	MaxSessionDuration int
	Tags               []Tag
	// TrustPolicySize is the trust policy's length in characters,
	// whitespace not counted (the ACLSizePerRole quota).
	TrustPolicySize int
}

// Resource is a resource with a resource-based policy (for example an S3
// bucket and its bucket policy). Its policy governs requests for ARN itself
// and for every ARN below it (ARN + "/..."), as a bucket policy governs the
// bucket's objects.
type Resource struct {
	Pos    Pos
	ARN    string
	Policy *policy.Policy
	Tags   []Tag
}

// StepKind tells what a step does.
type StepKind string

// Step kinds.
const (
	StepAssume  StepKind = "assume"
	StepAdvance StepKind = "advance"
	StepCall    StepKind = "call"
	StepWhoAmI  StepKind = "whoami"
)

// Step is one entry of the timeline. Exactly one of Assume, Advance, Call and
// WhoAmI is set, matching Kind.
type Step struct {
	Pos Pos
	// ID names the step; steps that produce credentials (assume) can be
	// referred to by it. When the file gives none it is "step-N" (1-based).
	ID string
	// Note is free text shown in reports: what the step teaches.
	Note string
	Kind StepKind

	Assume  *AssumeStep
	Advance *AdvanceStep
	Call    *CallStep
	WhoAmI  *WhoAmIStep

	// Expect is the expected outcome; nil means "must succeed".
	Expect *Expect

	// Repeat, when set, makes an assume, call or whoami step send its
	// request Repeat.Count times; Expect then counts outcomes.
	Repeat *Repeat
	// Change is set for the steps that change the world (Kind is one of
	// ChangeKinds).
	Change *ChangeStep
}

// Credentials names whose credentials make a request: an IAM user's
// long-term keys (user ARN), the account root user (arn:aws:iam::ACCT:root),
// or the session produced by an earlier step (that step's id).
type Credentials struct {
	Pos Pos
	// Step is set when the reference names an earlier step.
	Step string
	// ARN is set when the reference names a user or root ARN.
	ARN string
}

// String returns the reference as written.
func (c Credentials) String() string {
	if c.Step != "" {
		return c.Step
	}
	return c.ARN
}

// SessionPolicy is an inline session policy passed on AssumeRole. It is kept
// even when it does not compile: AWS reports that at request time as
// MalformedPolicyDocument, so the step fails rather than the load.
type SessionPolicy struct {
	Pos Pos
	// Text is the policy's plaintext as sent to STS: the JSON string as
	// written, or the YAML map rendered as compact JSON.
	Text string
	// Document is the compiled policy; nil when Errors is not empty.
	Document *policy.Policy
	// Errors are the policy's problems (JSON syntax or compilation), with
	// positions mapped into the scenario file as for every other policy
	// document. Empty when the policy compiled.
	Errors policy.Errors
}

// AssumeStep is an sts:AssumeRole request. Request parameters are kept as
// written (pointers are nil when absent) so that the simulator, not the
// loader, rejects bad values with AWS's error codes.
type AssumeStep struct {
	As              Credentials
	RoleArn         *string
	RoleSessionName *string
	// DurationSeconds is the raw parameter text ("3600", "+900", "abc"),
	// parsed by the simulator as STS would (MalformedInput when not an int32).
	DurationSeconds   *string
	Policy            *SessionPolicy
	PolicyArns        []Ref
	Tags              []Tag
	TransitiveTagKeys []Ref
	ExternalID        *string
	SerialNumber      *string
	TokenCode         *string
	SourceIdentity    *string
}

// AdvanceStep moves the fake clock forward By a duration, or To an instant.
type AdvanceStep struct {
	By time.Duration
	To time.Time // zero unless the step names an instant
}

// CallStep is an API request made with some credentials: Action on Resource,
// with extra condition-key values.
type CallStep struct {
	As       Credentials
	Action   string
	Resource string
	Context  []ContextValue
}

// ContextValue is a condition key and its values supplied by a call step.
type ContextValue struct {
	Pos    Pos
	Key    string
	Values []string
}

// WhoAmIStep is an sts:GetCallerIdentity request.
type WhoAmIStep struct {
	As Credentials
}

// Expect is a step's expected outcome. Error is empty for success. Pointer
// fields are checked only when set.
type Expect struct {
	Pos Pos
	// Error is the expected AWS error code (AccessDenied, ValidationError, ...).
	Error string
	// Message must occur in the error message.
	Message string
	// MessageRegexp must match the error message.
	MessageRegexp *regexp.Regexp
	// DeniedBy names the kind of policy that denied the request (see
	// DeniedByKinds); Deny is "explicit" or "implicit".
	DeniedBy string
	Deny     string

	// Successful assume: response fields.
	Expiration       *time.Time
	Duration         *time.Duration
	Arn              *string
	AssumedRoleID    *string
	SourceIdentity   *string
	PackedPolicySize *int
	Chained          *bool

	// Successful whoami: GetCallerIdentity fields (Arn above is shared).
	Account *string
	UserID  *string

	// Repeated steps: how many of the requests succeeded, were throttled
	// (Throttling), and failed with any other error.
	Succeeded *int
	Throttled *int
	Failed    *int
}

// DeniedByKinds are the values Expect.DeniedBy accepts.
var DeniedByKinds = []string{
	"scp", "rcp", "trust_policy", "resource_policy", "identity_policy",
	"permissions_boundary", "session_policy",
}

// Quotas are the AWS quotas a scenario models: the STS request rate, checked
// by the simulator on the fake clock, and IAM's object and size quotas,
// checked at load (and by the simulator when a step changes the world). A
// zero field means AWS's default; WithDefaults fills them in.
type Quotas struct {
	// Pos is where the file's quotas: map is; zero when it has none.
	Pos Pos

	// STSRequestsPerSecond is the STS request-rate quota per account and
	// Region (600); STSBurst is the token bucket's capacity (the rate).
	STSRequestsPerSecond int
	STSBurst             int

	// Objects per account.
	RolesPerAccount    int // 1,000 (adjustable to 5,000)
	UsersPerAccount    int // 5,000 (fixed)
	GroupsPerAccount   int // 300 (adjustable to 500)
	PoliciesPerAccount int // customer managed policies: 1,500 (adjustable to 5,000)

	// Attachments.
	ManagedPoliciesPerRole  int // 10 (adjustable to 20)
	ManagedPoliciesPerUser  int // 10 (adjustable to 20)
	ManagedPoliciesPerGroup int // 10 (fixed)
	GroupsPerUser           int // 10 (fixed)
	TagsPerRole             int // 50 (fixed)
	TagsPerUser             int // 50 (fixed)

	// Sizes in characters, whitespace not counted: the aggregate of an
	// entity's inline policies, a trust policy, a managed policy.
	RolePolicySize    int // 10,240 (fixed)
	UserPolicySize    int // 2,048 (fixed)
	GroupPolicySize   int // 5,120 (fixed)
	TrustPolicySize   int // 2,048 (adjustable to 4,096)
	ManagedPolicySize int // 6,144 (fixed)
}

// Repeat makes a step send its request Count times: all at the step's
// instant, or, with Over, spread evenly over that interval (request i at
// start + Over*i/Count); the clock then stands at start + Over.
type Repeat struct {
	Pos   Pos
	Count int
	Over  time.Duration
}

// Steps that change the world at the current instant, as the IAM and
// Organizations operations of the same names do.
const (
	StepCreateRole             StepKind = "create_role"
	StepDeleteRole             StepKind = "delete_role"
	StepUpdateRole             StepKind = "update_role"
	StepUpdateAssumeRolePolicy StepKind = "update_assume_role_policy"
	StepAttachRolePolicy       StepKind = "attach_role_policy"
	StepDetachRolePolicy       StepKind = "detach_role_policy"
	StepPutRolePolicy          StepKind = "put_role_policy"
	StepDeleteRolePolicy       StepKind = "delete_role_policy"
	StepRevokeRoleSessions     StepKind = "revoke_role_sessions"
	StepMoveAccount            StepKind = "move_account"
	StepAttachPolicy           StepKind = "attach_policy"
	StepDetachPolicy           StepKind = "detach_policy"
)

// ChangeKinds lists the step kinds that change the world, in FORMAT.md's
// order.
var ChangeKinds = []StepKind{
	StepCreateRole, StepDeleteRole, StepUpdateRole, StepUpdateAssumeRolePolicy,
	StepAttachRolePolicy, StepDetachRolePolicy, StepPutRolePolicy, StepDeleteRolePolicy,
	StepRevokeRoleSessions, StepMoveAccount, StepAttachPolicy, StepDetachPolicy,
}

// IsChange tells whether steps of this kind change the world.
func (k StepKind) IsChange() bool {
	for _, c := range ChangeKinds {
		if k == c {
			return true
		}
	}
	return false
}

// ChangeStep is a change to the world: the parameters of the IAM or
// Organizations request named by the step's Kind. Only the fields that
// operation takes are set. Names are kept as written, so that the simulator
// rejects bad ones with AWS's error codes.
type ChangeStep struct {
	// Account is the account whose IAM the operation acts on (IAM requests
	// act on the caller's account), or the account to move (move_account).
	Account string

	// IAM role operations.
	RoleName           string
	Path               *string
	Description        *string
	MaxSessionDuration *int // seconds
	PolicyArn          string
	PolicyName         string
	// Document is the trust policy (create_role, update_assume_role_policy)
	// or the inline policy (put_role_policy).
	Document *PolicyDocument
	Tags     []Tag

	// Organizations operations. PolicyID names an SCP or RCP of the
	// organization; TargetID, SourceParentID and DestinationParentID name
	// the root ("Root" or r-...), an OU (ou-... or its path of names from the
	// root, "Workloads/Prod") or an account (12 digits).
	PolicyID            string
	TargetID            string
	SourceParentID      string
	DestinationParentID string
}

// PolicyDocument is a policy document a change step sends, compiled at load.
type PolicyDocument struct {
	Pos Pos
	// Text is the document as sent: the JSON string as written, or the YAML
	// map rendered as compact JSON.
	Text     string
	Document *policy.Policy
	// Size is the length IAM counts against its quotas: characters,
	// whitespace not counted.
	Size int
}
