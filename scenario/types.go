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

	// Organization is the organization of the one-organization form
	// (organization:); nil when the file has none or uses organizations:.
	Organization *Organization
	// Organizations are every organization of the scenario, in file
	// order: Organization alone in the one-organization form, the list of
	// organizations: otherwise. An account belongs to at most one.
	Organizations []*Organization
	Accounts      []*Account
	// AWSManagedPolicies are the AWS managed policies (arn:aws:iam::aws:policy/...)
	// this scenario defines; only these may be referenced.
	AWSManagedPolicies []*ManagedPolicy

	Steps []*Step

	// Asserts are the claims about the declared world that the static
	// analysis checks (assert:, assert.go; sim/check), in file order.
	Asserts []*Assertion

	// Settings switch disputed or dated AWS behaviour.
	Settings Settings

	// Quotas are the AWS quotas the scenario models: AWS's defaults unless
	// the file's quotas: map raises (or lowers) them.
	Quotas Quotas
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
	// Identity providers for AssumeRoleWithWebIdentity and
	// AssumeRoleWithSAML.
	OIDCProviders []*OIDCProvider
	SAMLProviders []*SAMLProvider
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

	// Credential sources and federated first hops.
	StepGetSessionToken    StepKind = "get_session_token"
	StepGetFederationToken StepKind = "get_federation_token"
	StepServiceAssume      StepKind = "service_assume"
	StepConsoleSignIn      StepKind = "console_sign_in"
	StepSwitchRole         StepKind = "switch_role"
	StepWebIdentity        StepKind = "assume_role_with_web_identity"
	StepSAML               StepKind = "assume_role_with_saml"
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

	// Credential-source and federation steps (see the Step* kinds).
	GetSessionToken    *GetSessionTokenStep
	GetFederationToken *GetFederationTokenStep
	ServiceAssume      *ServiceAssumeStep
	ConsoleSignIn      *ConsoleSignInStep
	SwitchRole         *SwitchRoleStep
	WebIdentity        *WebIdentityStep
	SAML               *SAMLStep

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
	// Message must occur in the error message; with MessageAnyOrder it must
	// be the whole message, up to the order of its validation clauses (the
	// "; "-separated parts after "N validation errors detected: ", whose
	// order AWS does not fix).
	Message         string
	MessageAnyOrder bool
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
	// Absent names response fields (AbsentFields) the response must not
	// have: packed_policy_size, source_identity.
	Absent []string

	// Successful whoami: GetCallerIdentity fields (Arn above is shared).
	Account *string
	UserID  *string

	// Repeated steps: how many of the requests succeeded, were throttled
	// (Throttling), and failed with any other error.
	Succeeded *int
	Throttled *int
	Failed    *int

	// Federated first hops: AssumeRoleWithWebIdentity's
	// SubjectFromWebIdentityToken (Subject), Provider and Audience;
	// AssumeRoleWithSAML's Subject, SubjectType, Issuer, Audience and
	// NameQualifier.
	Subject       *string
	SubjectType   *string
	Provider      *string
	Audience      *string
	Issuer        *string
	NameQualifier *string
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

	// IAM user, group and access key operations (the user's policies, the
	// group's, group membership, and the user's access key).
	StepPutUserPolicy       StepKind = "put_user_policy"
	StepDeleteUserPolicy    StepKind = "delete_user_policy"
	StepAttachUserPolicy    StepKind = "attach_user_policy"
	StepDetachUserPolicy    StepKind = "detach_user_policy"
	StepPutGroupPolicy      StepKind = "put_group_policy"
	StepDeleteGroupPolicy   StepKind = "delete_group_policy"
	StepAttachGroupPolicy   StepKind = "attach_group_policy"
	StepDetachGroupPolicy   StepKind = "detach_group_policy"
	StepAddUserToGroup      StepKind = "add_user_to_group"
	StepRemoveUserFromGroup StepKind = "remove_user_from_group"
	StepUpdateAccessKey     StepKind = "update_access_key"
	StepDeleteAccessKey     StepKind = "delete_access_key"
)

// ChangeKinds lists the step kinds that change the world, in FORMAT.md's
// order.
var ChangeKinds = []StepKind{
	StepCreateRole, StepDeleteRole, StepUpdateRole, StepUpdateAssumeRolePolicy,
	StepAttachRolePolicy, StepDetachRolePolicy, StepPutRolePolicy, StepDeleteRolePolicy,
	StepRevokeRoleSessions, StepMoveAccount, StepAttachPolicy, StepDetachPolicy,
	StepPutUserPolicy, StepDeleteUserPolicy, StepAttachUserPolicy, StepDetachUserPolicy,
	StepPutGroupPolicy, StepDeleteGroupPolicy, StepAttachGroupPolicy, StepDetachGroupPolicy,
	StepAddUserToGroup, StepRemoveUserFromGroup, StepUpdateAccessKey, StepDeleteAccessKey,
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
	// or the inline policy (put_role_policy, put_user_policy,
	// put_group_policy).
	Document *PolicyDocument
	Tags     []Tag

	// IAM user, group and access key operations. AccessKeyID nil (not
	// written) means the user's own access key, the one `as: <user ARN>`
	// signs with; Status is Active or Inactive as written.
	UserName    string
	GroupName   string
	AccessKeyID *string
	Status      string

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

// Settings switch AWS behaviour that is disputed, or that changed over time,
// for one scenario. The loader fills in the defaults.
type Settings struct {
	Pos Pos
	// MFAInRoleSessions decides when a role session carries multi-factor
	// authentication context (aws:MultiFactorAuthPresent true and
	// aws:MultiFactorAuthAge): MFAFromCaller (the default, "") as AWS
	// documents it, MFAFromCallerOrRequest, or MFANever.
	MFAInRoleSessions MFAPropagation
	// GitHubSubCheck is IAM's check, when a trust policy is written, that a
	// role trusting GitHub's OIDC provider tests the token's sub (or
	// job_workflow_ref) claim. True by default; false models a role whose
	// trust policy was saved before AWS introduced the check.
	GitHubSubCheck bool
	// OIDCCustomClaims makes an OIDC token's claims beyond aud, sub, azp,
	// amr and oaud available to trust policies as <provider>:<claim> for the
	// identity providers AWS supports that for (GitHub, Google, CircleCI).
	// False by default.
	OIDCCustomClaims bool
}

// MFAPropagation is a rule for MFA context in role sessions.
type MFAPropagation string

// MFA propagation rules (scenario key settings.mfa_in_role_sessions).
const (
	// MFAFromCaller: a role session carries MFA context only when the
	// credentials that requested it did (GetSessionToken or console sign-in
	// with MFA, or a role session that carried it), with the original
	// authentication time. SerialNumber and TokenCode on AssumeRole count
	// for that request only. The default.
	MFAFromCaller MFAPropagation = "caller"
	// MFAFromCallerOrRequest: as MFAFromCaller, and AssumeRole with a valid
	// SerialNumber and TokenCode also gives the new session MFA context.
	MFAFromCallerOrRequest MFAPropagation = "caller_or_request"
	// MFANever: role sessions never carry MFA context.
	MFANever MFAPropagation = "never"
)

// OIDCProvider is an IAM OpenID Connect identity provider declared in an
// account (arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH]).
type OIDCProvider struct {
	Pos Pos
	// URL is the issuer URL, https://HOST[/PATH], as the token's iss claim
	// states it.
	URL string
	// ClientIDs are the audiences the provider accepts (the token's aud).
	ClientIDs []string
	// Thumbprints are the certificate thumbprints (40 hex digits), kept for
	// completeness; rolesim does not fetch keys.
	Thumbprints []string
}

// Host returns the provider's URL without its https:// scheme: the name in
// its ARN and the prefix of its condition keys.
func (p *OIDCProvider) Host() string {
	if len(p.URL) > len("https://") && p.URL[:len("https://")] == "https://" {
		return p.URL[len("https://"):]
	}
	return p.URL
}

// SAMLProvider is an IAM SAML identity provider declared in an account
// (arn:aws:iam::ACCOUNT:saml-provider/NAME).
type SAMLProvider struct {
	Pos  Pos
	Name string
	// Issuer is the IdP's entity id, from its metadata: assertions must name
	// it as their Issuer.
	Issuer string
}

// GetSessionTokenStep is an sts:GetSessionToken request.
type GetSessionTokenStep struct {
	As Credentials
	// DurationSeconds is the raw parameter text, as for AssumeStep.
	DurationSeconds *string
	SerialNumber    *string
	TokenCode       *string
}

// GetFederationTokenStep is an sts:GetFederationToken request.
type GetFederationTokenStep struct {
	As              Credentials
	Name            *string
	DurationSeconds *string
	Policy          *SessionPolicy
	PolicyArns      []Ref
	Tags            []Tag
}

// ServiceAssumeStep is an AWS service principal (ec2.amazonaws.com,
// lambda.amazonaws.com, ...) assuming a role on a workload's behalf: the
// first hop of EC2 instance-profile, Lambda or ECS task credentials.
type ServiceAssumeStep struct {
	Service         string
	RoleArn         *string
	RoleSessionName *string
	// InstanceID is the EC2 instance (ec2.amazonaws.com only); it is the
	// session name.
	InstanceID      string
	DurationSeconds *string
	// SourceArn and SourceAccount are the aws:SourceArn and
	// aws:SourceAccount the service sends (confused-deputy conditions).
	SourceArn     *string
	SourceAccount *string
}

// ConsoleSignInStep is an IAM user (or the root user) signing in to the AWS
// Management Console, optionally with an MFA code.
type ConsoleSignInStep struct {
	As           Credentials
	SerialNumber *string
	TokenCode    *string
}

// SwitchRoleStep is the console's Switch Role, made from a console sign-in.
type SwitchRoleStep struct {
	As      Credentials
	RoleArn string
}

// WebIdentityStep is an sts:AssumeRoleWithWebIdentity request.
type WebIdentityStep struct {
	RoleArn         *string
	RoleSessionName *string
	DurationSeconds *string
	Policy          *SessionPolicy
	PolicyArns      []Ref
	ProviderID      *string
	Token           *WebIdentityToken
}

// WebIdentityToken is the OIDC token of a web identity step: either raw
// text, sent as is, or claims that the runner encodes as a JWT.
type WebIdentityToken struct {
	Pos Pos
	// Raw is the token text when the scenario writes a string.
	Raw *string
	// Claims is the JWT payload when the scenario writes a map. Times
	// written as RFC 3339 in exp, iat, nbf and auth_time are converted to
	// epoch seconds; iat and exp default to the step's instant and one hour
	// later.
	Claims *policy.Node
}

// SAMLStep is an sts:AssumeRoleWithSAML request.
type SAMLStep struct {
	RoleArn         *string
	PrincipalArn    *string
	DurationSeconds *string
	Policy          *SessionPolicy
	PolicyArns      []Ref
	Assertion       *SAMLAssertion
}

// SAMLAssertion is the SAML response of a SAML step: either raw text (the
// base64 SAMLAssertion, sent as is) or the assertion's parts, which the
// runner renders as a SAML 2.0 response and encodes.
type SAMLAssertion struct {
	Pos Pos
	Raw *string
	// Issuer defaults to the provider's issuer; Recipient (SAML:aud) to
	// https://signin.aws.amazon.com/saml.
	Issuer    *string
	Recipient string
	// NameID is the subject (SAML:sub); NameIDFormat its format:
	// persistent (default), transient, or a format URI.
	NameID       string
	NameIDFormat string
	// IssuedAt defaults to the step's instant; NotOnOrAfter (the subject
	// confirmation's) to five minutes later.
	IssuedAt            *time.Time
	NotOnOrAfter        *time.Time
	SessionNotOnOrAfter *time.Time
	// The https://aws.amazon.com/SAML/Attributes/... attributes.
	// RoleSessionName is required by AWS; Roles default to the requested
	// role and provider pair.
	RoleSessionName   *string
	SessionDuration   *string
	Roles             []Ref
	PrincipalTags     []Tag
	TransitiveTagKeys []Ref
	SourceIdentity    *string
	// Attributes are further attributes (mail, eduPersonAffiliation, ...).
	Attributes []SAMLAttribute
	// InvalidSignature makes the runner sign the response wrongly.
	InvalidSignature bool
}

// SAMLAttribute is one attribute of a SAML assertion.
type SAMLAttribute struct {
	Pos    Pos
	Name   string
	Values []string
}

// IssuesCredentials tells whether steps of the kind yield credentials that
// later steps can name in `as`.
func (k StepKind) IssuesCredentials() bool {
	switch k {
	case StepAssume, StepGetSessionToken, StepGetFederationToken, StepServiceAssume,
		StepConsoleSignIn, StepSwitchRole, StepWebIdentity, StepSAML:
		return true
	}
	return false
}
