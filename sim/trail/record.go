// Package trail renders a scenario run's STS calls as AWS CloudTrail
// records, in the shapes the IAM User Guide documents for STS events
// ("Logging IAM and AWS STS API calls with AWS CloudTrail"): one record per
// call, two for a cross-account AssumeRole (one in the caller's account,
// one in the role's, linked by sharedEventID). The console's sign-ins and
// Switch Roles are sign-in events (eventSource signin.amazonaws.com,
// eventType AwsConsoleSignIn), in the shapes the CloudTrail User Guide
// documents ("AWS Management Console sign-in events"). Times are the fake
// clock's and every id is derived from the scenario's name and the step's
// index, so the same run gives byte-identical records.
package trail

// Record is one CloudTrail event record. Fields are in the order CloudTrail
// writes them; RequestParameters and ResponseElements are null when the
// call has none (GetCallerIdentity, every sign-in event) or was refused
// (ResponseElements of an STS call). AdditionalEventData is a sign-in
// event's only; sign-in events have no requestID.
type Record struct {
	EventVersion        string               `json:"eventVersion"`
	UserIdentity        UserIdentity         `json:"userIdentity"`
	EventTime           string               `json:"eventTime"`
	EventSource         string               `json:"eventSource"`
	EventName           string               `json:"eventName"`
	AWSRegion           string               `json:"awsRegion"`
	SourceIPAddress     string               `json:"sourceIPAddress"`
	UserAgent           string               `json:"userAgent"`
	ErrorCode           string               `json:"errorCode,omitempty"`
	ErrorMessage        string               `json:"errorMessage,omitempty"`
	RequestParameters   *RequestParameters   `json:"requestParameters"`
	ResponseElements    *ResponseElements    `json:"responseElements"`
	AdditionalEventData *AdditionalEventData `json:"additionalEventData,omitempty"`
	RequestID           string               `json:"requestID,omitempty"`
	EventID             string               `json:"eventID"`
	ReadOnly            bool                 `json:"readOnly"`
	Resources           []Resource           `json:"resources,omitempty"`
	EventType           string               `json:"eventType"`
	ManagementEvent     bool                 `json:"managementEvent"`
	RecipientAccountID  string               `json:"recipientAccountId"`
	SharedEventID       string               `json:"sharedEventID,omitempty"`
	EventCategory       string               `json:"eventCategory"`
}

// Identity types of UserIdentity.Type.
const (
	TypeIAMUser         = "IAMUser"
	TypeAssumedRole     = "AssumedRole"
	TypeFederatedUser   = "FederatedUser"
	TypeRoot            = "Root"
	TypeAWSAccount      = "AWSAccount"
	TypeAWSService      = "AWSService"
	TypeWebIdentityUser = "WebIdentityUser"
	TypeSAMLUser        = "SAMLUser"
)

// UserIdentity is the record's userIdentity element: who made the call
// and with which credentials.
type UserIdentity struct {
	Type             string          `json:"type"`
	PrincipalID      string          `json:"principalId,omitempty"`
	ARN              string          `json:"arn,omitempty"`
	AccountID        string          `json:"accountId,omitempty"`
	AccessKeyID      string          `json:"accessKeyId,omitempty"`
	UserName         string          `json:"userName,omitempty"`
	SessionContext   *SessionContext `json:"sessionContext,omitempty"`
	InvokedBy        string          `json:"invokedBy,omitempty"`
	IdentityProvider string          `json:"identityProvider,omitempty"`
	// EmptyAccessKeyID writes accessKeyId as "" when AccessKeyID is empty,
	// as CloudTrail does in the sign-in events of the root user and in
	// failed sign-ins; otherwise an empty accessKeyId is left out.
	EmptyAccessKeyID bool `json:"-"`
}

// SessionContext describes the temporary credentials a call was made with:
// the identity that issued them (for a role session, the role), when, with
// or without MFA, and the session's source identity.
type SessionContext struct {
	SessionIssuer  *SessionIssuer `json:"sessionIssuer,omitempty"`
	Attributes     Attributes     `json:"attributes"`
	SourceIdentity string         `json:"sourceIdentity,omitempty"`
}

// SessionIssuer is the principal the session was obtained from: type
// "Role" with the role's id, ARN, account and name (or "IAMUser" for a
// federated user's session).
type SessionIssuer struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName"`
}

// Attributes are a session's creation date (RFC 3339, UTC) and whether it
// carries MFA ("true" or "false", as text, as CloudTrail writes them).
type Attributes struct {
	CreationDate     string `json:"creationDate"`
	MFAAuthenticated string `json:"mfaAuthenticated"`
}

// RequestParameters are the call's parameters as CloudTrail records them;
// absent parameters are left out.
type RequestParameters struct {
	RoleArn                string            `json:"roleArn,omitempty"`
	RoleSessionName        string            `json:"roleSessionName,omitempty"`
	PrincipalArn           string            `json:"principalArn,omitempty"`
	ProviderID             string            `json:"providerId,omitempty"`
	Name                   string            `json:"name,omitempty"`
	DurationSeconds        *int64            `json:"durationSeconds,omitempty"`
	Policy                 string            `json:"policy,omitempty"`
	PolicyArns             []PolicyArn       `json:"policyArns,omitempty"`
	Tags                   []Tag             `json:"tags,omitempty"`
	TransitiveTagKeys      []string          `json:"transitiveTagKeys,omitempty"`
	IncomingTransitiveTags map[string]string `json:"incomingTransitiveTags,omitempty"`
	SourceIdentity         string            `json:"sourceIdentity,omitempty"`
	SerialNumber           string            `json:"serialNumber,omitempty"`
	ExternalID             string            `json:"externalId,omitempty"`
}

// PolicyArn is one managed session policy of a request.
type PolicyArn struct {
	ARN string `json:"arn"`
}

// Tag is a session tag of a request.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// ResponseElements are a successful call's response, without the secret
// access key (CloudTrail never records it).
type ResponseElements struct {
	Credentials     *Credentials     `json:"credentials,omitempty"`
	AssumedRoleUser *AssumedRoleUser `json:"assumedRoleUser,omitempty"`
	FederatedUser   *FederatedUser   `json:"federatedUser,omitempty"`
	SourceIdentity  string           `json:"sourceIdentity,omitempty"`
	// PackedPolicySize is the share (percent) of the packed session
	// policies and tags' budget used; absent when none were passed.
	PackedPolicySize *int32 `json:"packedPolicySize,omitempty"`
	// Web identity and SAML responses.
	SubjectFromWebIdentityToken string `json:"subjectFromWebIdentityToken,omitempty"`
	Provider                    string `json:"provider,omitempty"`
	Audience                    string `json:"audience,omitempty"`
	Subject                     string `json:"subject,omitempty"`
	SubjectType                 string `json:"subjectType,omitempty"`
	Issuer                      string `json:"issuer,omitempty"`
	NameQualifier               string `json:"nameQualifier,omitempty"`
	// ConsoleLogin and SwitchRole are a sign-in event's outcome:
	// "Success" or "Failure".
	ConsoleLogin string `json:"ConsoleLogin,omitempty"`
	SwitchRole   string `json:"SwitchRole,omitempty"`
}

// AdditionalEventData is a sign-in event's additionalEventData: for a
// ConsoleLogin, the page signed in to, whether the mobile console was used
// and whether MFA was ("Yes" or "No"); for a SwitchRole, the ARN switched
// from and the page the console went to.
type AdditionalEventData struct {
	LoginTo       string `json:"LoginTo,omitempty"`
	MobileVersion string `json:"MobileVersion,omitempty"`
	MFAUsed       string `json:"MFAUsed,omitempty"`
	SwitchFrom    string `json:"SwitchFrom,omitempty"`
	RedirectTo    string `json:"RedirectTo,omitempty"`
}

// Credentials are the issued credentials as CloudTrail records them: the
// access key id, the session token and the expiration in CloudTrail's
// "Jan 2, 2006, 3:04:05 PM" form; never the secret.
type Credentials struct {
	AccessKeyID  string `json:"accessKeyId"`
	SessionToken string `json:"sessionToken"`
	Expiration   string `json:"expiration"`
}

// AssumedRoleUser is the issued role session's id and ARN.
type AssumedRoleUser struct {
	AssumedRoleID string `json:"assumedRoleId"`
	ARN           string `json:"arn"`
}

// FederatedUser is the issued federated user's id and ARN.
type FederatedUser struct {
	FederatedUserID string `json:"federatedUserId"`
	ARN             string `json:"arn"`
}

// Resource is a resource of the call: the role an AssumeRole names.
type Resource struct {
	ARN       string `json:"ARN"`
	AccountID string `json:"accountId"`
	Type      string `json:"type"`
}
