package scenario

import (
	"encoding/json"
	"sort"
	"strconv"
)

// The JSON Schema of the scenario format, for editors (the YAML language
// server gives completion, hover help and validation from it). Every map of
// the format is described from the loader's own key table (scenarioKeys,
// roleKeys, ...), so the schema cannot offer a key the loader refuses or
// miss one it accepts: a table key without a description here is caught by
// TestSchemaCoversKeyTables, and schema.json is kept equal to JSONSchema()
// by TestSchemaFile.

// SchemaID is the schema's $id: where the checked-in copy is published.
const SchemaID = "https://raw.githubusercontent.com/rolesim/rolesim/main/scenario/schema.json"

// schema is one JSON Schema node.
type schema = map[string]any

// objectSpec describes one map of the format.
type objectSpec struct {
	def      string   // name under $defs
	what     string   // description
	keys     []string // the loader's key table
	required []string
	props    map[string]schema
	// extra adds keywords to the object's schema (oneOf, ...).
	extra schema
}

// Building blocks. Where the format takes a string it accepts any scalar
// (its text is used), and null stands for "not given" on optional keys.
var scalarTypes = []string{"string", "number", "integer", "boolean"}

func scalarOrNull() []string { return []string{"string", "number", "integer", "boolean", "null"} }

func str(d string) schema { return schema{"type": scalarOrNull(), "description": d} }

func strPattern(d, pattern string) schema {
	return schema{"type": scalarOrNull(), "pattern": pattern, "description": d}
}

func integer(d string) schema { return schema{"type": []string{"integer", "null"}, "description": d} }

func boolean(d string) schema { return schema{"type": []string{"boolean", "null"}, "description": d} }

func ref(def, d string) schema {
	s := schema{"$ref": "#/$defs/" + def}
	if d != "" {
		s["description"] = d
	}
	return s
}

func listOf(item schema, d string) schema {
	return schema{"type": []string{"array", "null"}, "items": item, "description": d}
}

func strList(d string) schema { return listOf(schema{"type": scalarTypes}, d) }

func enum(d string, values ...string) schema {
	vals := make([]any, 0, len(values)+1)
	for _, v := range values {
		vals = append(vals, v)
	}
	vals = append(vals, nil)
	return schema{"enum": vals, "description": d}
}

const (
	durationPattern  = `^([+-]?[0-9]+|[+-]?([0-9]*(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$`
	timePattern      = `^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`
	accountPattern   = `^[0-9]{12}$`
	simpleIDPattern  = `^[A-Za-z0-9._-]+$`
	iamPathPattern   = `^/([!-~]*/)?$`
	iamNamePattern   = `^[\w+=,.@-]+$`
	errorCodePattern = `^[A-Z][A-Za-z]+$`
)

// duration describes a duration-valued key: seconds (3600) or a Go
// duration (90m), as the loader's duration reads them.
func duration(d string) schema {
	return strPattern(d+"; seconds (3600) or a duration like 90m", durationPattern)
}

func timestamp(d string) schema { return strPattern(d, timePattern) }

// objectSpecs lists every map of the format.
func objectSpecs() []objectSpec {
	return append(baseSpecs(), changeSpecs()...)
}

// baseSpecs lists the maps of the format other than change steps.
func baseSpecs() []objectSpec {
	nameDesc := func(what string) schema {
		return strPattern("the "+what+"'s name: 1-128 of letters, digits and _+=,.@- (unique in the account, ignoring case)", iamNamePattern)
	}
	pathDesc := strPattern("IAM path: / or /a/b/ (begins and ends with /)", iamPathPattern)
	inline := schema{
		"type":                 []string{"object", "null"},
		"additionalProperties": ref("policyDocument", "an identity-based policy"),
		"description":          "inline policies: policy name -> policy document",
	}
	managed := strList("managed policies: names of customer managed policies of the account, or ARNs (AWS managed ones declared in aws_managed_policies)")
	boundary := str("permissions boundary: a managed policy name or ARN")
	specs := []objectSpec{
		{def: "scenario", what: "A rolesim scenario: a world (accounts, organization) and a timeline of steps.", keys: scenarioKeys, required: []string{"name"}, props: map[string]schema{
			"version":              schema{"enum": []any{1, nil}, "description": "format version; only 1"},
			"name":                 strPattern("the scenario's name: letters, digits and ._- (test names, golden files, derived ids)", simpleIDPattern),
			"description":          str("free text shown in reports: what the scenario teaches or checks"),
			"use":                  schema{"anyOf": []any{schema{"type": "string"}, schema{"type": "array", "items": schema{"type": "string"}}, schema{"type": "null"}}, "description": "fixtures to build on, by name (org/three-account); see rolesim's fixtures package"},
			"include":              schema{"anyOf": []any{schema{"type": "string"}, schema{"type": "array", "items": schema{"type": "string"}}, schema{"type": "null"}}, "description": "world files to build on, by path relative to this file"},
			"start":                timestamp("the fake clock's start (RFC 3339); default 2024-01-01T00:00:00Z"),
			"region":               strPattern("the region (default us-east-1)", `^[a-z]+(-[a-z]+)+-[0-9]+$`),
			"quotas":               ref("quotas", "AWS quotas to model: AWS's defaults unless raised (or lowered) here"),
			"settings":             ref("settings", "switches for disputed or dated AWS behaviour"),
			"aws_managed_policies": listOf(ref("awsManagedPolicy", ""), "AWS managed policies the scenario uses; only these can be referenced as arn:aws:iam::aws:policy/..."),
			"organization":         ref("organization", "an AWS Organization: management account, OUs, SCPs and RCPs"),
			"organizations":        listOf(ref("organization", ""), "several AWS Organizations, instead of organization; an account belongs to at most one"),
			"accounts":             listOf(ref("account", ""), "the AWS accounts of the world"),
			"steps":                listOf(ref("step", ""), "the timeline"),
			"assert":               listOf(ref("assertion", ""), "claims about the declared world that the static analysis checks: can_reach, cannot_reach, can_perform, cannot_perform, no_juggling"),
		}},
		{def: "awsManagedPolicy", what: "An AWS managed policy (arn:aws:iam::aws:policy + path + name).", keys: awsPolicyKeys, required: []string{"name", "document"}, props: map[string]schema{
			"name":        nameDesc("policy"),
			"path":        pathDesc,
			"description": str("at most 1000 characters"),
			"document":    ref("policyDocument", "an identity-based policy"),
		}},
		{def: "account", what: "An AWS account and the IAM entities and resources in it.", keys: accountKeys, required: []string{"id"}, props: map[string]schema{
			"id":             strPattern("the account id: exactly 12 digits", accountPattern),
			"alias":          strPattern("the account alias: 3-63 lowercase letters, digits and hyphens", `^[a-z0-9]([a-z0-9-]{1,61})[a-z0-9]$`),
			"users":          listOf(ref("user", ""), "IAM users"),
			"groups":         listOf(ref("group", ""), "IAM groups"),
			"roles":          listOf(ref("role", ""), "IAM roles"),
			"policies":       listOf(ref("managedPolicy", ""), "customer managed policies"),
			"resources":      listOf(ref("resource", ""), "resources with resource-based policies (an S3 bucket and its bucket policy)"),
			"oidc_providers": listOf(ref("oidcProvider", ""), "OpenID Connect identity providers, for assume_role_with_web_identity"),
			"saml_providers": listOf(ref("samlProvider", ""), "SAML identity providers, for assume_role_with_saml"),
		}},
		{def: "oidcProvider", what: "An IAM OpenID Connect identity provider.", keys: oidcProviderKeys, required: []string{"url"}, props: map[string]schema{
			"url":         strPattern("the issuer URL, https://HOST[/PATH]", `^https://`),
			"client_ids":  strList("the audiences it accepts (the token's aud)"),
			"thumbprints": strList("certificate thumbprints (40 hex digits)"),
		}},
		{def: "samlProvider", what: "An IAM SAML identity provider.", keys: samlProviderKeys, required: []string{"name"}, props: map[string]schema{
			"name":   str("the provider's name (arn:aws:iam::ACCOUNT:saml-provider/NAME)"),
			"issuer": str("the IdP's issuer, as assertions state it"),
		}},
		{def: "settings", what: "Switches for AWS behaviour that is disputed or changed over time.", keys: settingsKeys, props: map[string]schema{
			"mfa_in_role_sessions": enum("when a role session carries MFA context (default caller)", mfaRules...),
			"github_sub_check":     boolean("IAM's write-time check of trust policies trusting GitHub's OIDC provider (default true)"),
			"oidc_custom_claims":   boolean("further token claims as <provider>:<claim> condition keys (default false)"),
		}},
		{def: string(StepGetSessionToken), what: "An sts:GetSessionToken request.", keys: sessionTokenKeys, required: []string{"as"}, props: map[string]schema{
			"as":               str("an IAM user's ARN or a root ARN"),
			"duration_seconds": str("DurationSeconds, as written"),
			"serial_number":    str("SerialNumber (MFA device)"),
			"token_code":       str("TokenCode (MFA code)"),
		}},
		{def: string(StepGetFederationToken), what: "An sts:GetFederationToken request.", keys: federationTokenKeys, required: []string{"as"}, props: map[string]schema{
			"as":               str("an IAM user's ARN or a root ARN"),
			"name":             str("Name: the federated user's name"),
			"duration_seconds": str("DurationSeconds, as written"),
			"policy":           ref("policyDocument", "Policy: an inline session policy"),
			"policy_arns":      strList("PolicyArns"),
			"tags":             ref("tags", "Tags: session tags"),
		}},
		{def: string(StepServiceAssume), what: "An AWS service principal assuming a role as the first hop (an EC2 instance profile, a Lambda function).", keys: serviceAssumeKeys, required: []string{"service"}, props: map[string]schema{
			"service":           str("the service principal (ec2.amazonaws.com, lambda.amazonaws.com)"),
			"role_arn":          str("the role"),
			"role_session_name": str("the session name"),
			"instance_id":       str("EC2: the instance, which names the session"),
			"duration_seconds":  str("DurationSeconds, as written"),
			"source_arn":        str("aws:SourceArn the service sends"),
			"source_account":    str("aws:SourceAccount the service sends"),
		}},
		{def: string(StepConsoleSignIn), what: "A console sign-in of an IAM user.", keys: consoleSignInKeys, required: []string{"as"}, props: map[string]schema{
			"as":            str("an IAM user's ARN"),
			"serial_number": str("the MFA device"),
			"token_code":    str("the MFA code"),
		}},
		{def: string(StepSwitchRole), what: "The console's Switch Role.", keys: switchRoleKeys, required: []string{"as", "role_arn"}, props: map[string]schema{
			"as":       str("a console_sign_in step's id"),
			"role_arn": str("the role"),
		}},
		{def: string(StepWebIdentity), what: "An sts:AssumeRoleWithWebIdentity request.", keys: webIdentityKeys, required: []string{"token"}, props: map[string]schema{
			"role_arn":          str("RoleArn"),
			"role_session_name": str("RoleSessionName"),
			"token":             schema{"anyOf": []any{schema{"type": "string"}, schema{"type": "object"}}, "description": "the token: a map of claims (iss, aud, sub, exp, ...) or the token text"},
			"provider_id":       str("ProviderId (OAuth 2.0 providers)"),
			"duration_seconds":  str("DurationSeconds, as written"),
			"policy":            ref("policyDocument", "Policy: an inline session policy"),
			"policy_arns":       strList("PolicyArns"),
		}},
		{def: string(StepSAML), what: "An sts:AssumeRoleWithSAML request.", keys: samlStepKeys, required: []string{"assertion"}, props: map[string]schema{
			"role_arn":         str("RoleArn"),
			"principal_arn":    str("PrincipalArn: the SAML provider"),
			"assertion":        schema{"anyOf": []any{schema{"type": "string"}, ref("samlAssertion", "")}, "description": "the SAML assertion's parts, or the base64 SAMLAssertion text"},
			"duration_seconds": str("DurationSeconds, as written"),
			"policy":           ref("policyDocument", "Policy: an inline session policy"),
			"policy_arns":      strList("PolicyArns"),
		}},
		{def: "samlAssertion", what: "A SAML assertion's contents.", keys: samlAssertionKeys, props: map[string]schema{
			"issuer":                  str("the IdP's issuer"),
			"recipient":               str("the recipient (AWS's sign-in endpoint)"),
			"name_id":                 str("the subject's NameID"),
			"name_id_format":          str("the NameID format"),
			"issued_at":               timestamp("when the assertion was issued"),
			"not_on_or_after":         timestamp("when the assertion expires"),
			"session_not_on_or_after": timestamp("the session's end"),
			"role_session_name":       str("the RoleSessionName attribute"),
			"session_duration":        str("the SessionDuration attribute"),
			"roles":                   strList("the Role attribute: role ARN,provider ARN pairs"),
			"principal_tags":          ref("tags", "the PrincipalTag attributes"),
			"transitive_tag_keys":     strList("the TransitiveTagKeys attribute"),
			"source_identity":         str("the SourceIdentity attribute"),
			"attributes":              schema{"type": []string{"object", "null"}, "description": "further attributes: name -> value or list of values"},
			"signature":               enum("valid (default) or invalid", "valid", "invalid"),
		}},
		{def: "user", what: "An IAM user; its ARN is arn:aws:iam::ACCOUNT:user + path + name.", keys: userKeys, required: []string{"name"}, props: map[string]schema{
			"name":                 strPattern("the user's name: 1-64 of letters, digits and _+=,.@-", iamNamePattern),
			"path":                 pathDesc,
			"groups":               strList("names of groups of the same account (at most 10)"),
			"inline_policies":      inline,
			"managed_policies":     managed,
			"permissions_boundary": boundary,
			"tags":                 ref("tags", "IAM tags"),
			"mfa_devices":          listOf(ref("mfaDevice", ""), "the user's MFA devices"),
		}},
		{def: "mfaDevice", what: "An MFA device of a user.", keys: mfaKeys, required: []string{"serial"}, props: map[string]schema{
			"serial": str("a virtual device ARN or a hardware serial"),
			"codes":  strList("the 6-digit token codes the simulator accepts"),
		}},
		{def: "group", what: "An IAM group.", keys: groupKeys, required: []string{"name"}, props: map[string]schema{
			"name":             nameDesc("group"),
			"path":             pathDesc,
			"inline_policies":  inline,
			"managed_policies": managed,
		}},
		{def: "role", what: "An IAM role; its ARN is arn:aws:iam::ACCOUNT:role + path + name.", keys: roleKeys, required: []string{"name", "trust_policy"}, props: map[string]schema{
			"name":                 strPattern("the role's name: 1-64 of letters, digits and _+=,.@-", iamNamePattern),
			"path":                 pathDesc,
			"description":          str("at most 1000 characters"),
			"trust_policy":         ref("policyDocument", "the trust policy (who may assume the role)"),
			"inline_policies":      inline,
			"managed_policies":     managed,
			"permissions_boundary": boundary,
			"max_session_duration": schema{"type": []string{"integer", "string", "null"}, "description": "MaxSessionDuration: 3600-43200 seconds, or a duration like 2h; default 3600"},
			"tags":                 ref("tags", "IAM tags"),
		}},
		{def: "managedPolicy", what: "A customer managed policy (arn:aws:iam::ACCOUNT:policy + path + name).", keys: managedPolicyKeys, required: []string{"name", "document"}, props: map[string]schema{
			"name":        nameDesc("policy"),
			"path":        pathDesc,
			"description": str("at most 1000 characters"),
			"document":    ref("policyDocument", "an identity-based policy"),
		}},
		{def: "resource", what: "A resource with a resource-based policy; the policy also governs every ARN below it (ARN/...).", keys: resourceKeys, required: []string{"arn"}, props: map[string]schema{
			"arn":    strPattern("the resource's ARN", `^arn:`),
			"policy": ref("policyDocument", "the resource-based policy"),
			"tags":   ref("tags", "IAM tags"),
		}},
		{def: "tag", what: "A tag as a {key, value} map.", keys: tagKeys, required: []string{"key"}, props: map[string]schema{
			"key":   str("the tag key"),
			"value": str("the tag value (default empty)"),
		}},
		{def: "organization", what: "An AWS Organization. Accounts the tree does not list are outside it.", keys: organizationKeys, required: []string{"management_account"}, props: map[string]schema{
			"id":                 strPattern("the organization id (o- and 10-32 lowercase letters or digits); derived when absent", `^o-[a-z0-9]{10,32}$`),
			"management_account": strPattern("the management account's id (a declared account)", accountPattern),
			"policies":           listOf(ref("orgPolicy", ""), "SCPs and RCPs; FullAWSAccess and RCPFullAWSAccess are built in"),
			"root":               ref("root", "the organization tree"),
		}},
		{def: "orgPolicy", what: "A service control policy (SCP) or resource control policy (RCP).", keys: orgPolicyKeys, required: []string{"name", "document"}, props: map[string]schema{
			"name":     str("the policy's name, unique; not FullAWSAccess or RCPFullAWSAccess"),
			"type":     enum("SCP (default) or RCP", "SCP", "RCP"),
			"document": ref("policyDocument", "the policy"),
		}},
		{def: "root", what: "The organization root.", keys: rootKeys, props: map[string]schema{
			"id":       strPattern("the root id (r- and 4-32 lowercase letters or digits); derived when absent", `^r-[a-z0-9]{4,32}$`),
			"scps":     strList("names of the SCPs attached (default [FullAWSAccess])"),
			"rcps":     strList("names of the RCPs attached (RCPFullAWSAccess is always attached)"),
			"accounts": listOf(ref("orgAccountEntry", ""), "accounts placed here"),
			"ous":      listOf(ref("ou", ""), "organizational units"),
		}},
		{def: "ou", what: "An organizational unit.", keys: ouKeys, required: []string{"name"}, props: map[string]schema{
			"name":     str("the OU's name, unique among its siblings"),
			"id":       strPattern("the OU id; derived when absent", `^ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$`),
			"scps":     strList("names of the SCPs attached (default [FullAWSAccess])"),
			"rcps":     strList("names of the RCPs attached (RCPFullAWSAccess is always attached)"),
			"accounts": listOf(ref("orgAccountEntry", ""), "accounts placed here"),
			"ous":      listOf(ref("ou", ""), "nested OUs"),
		}},
		{def: "orgAccount", what: "An account placed in the tree, with its own attachments.", keys: orgAccountKeys, required: []string{"id"}, props: map[string]schema{
			"id":   strPattern("a declared account's id", accountPattern),
			"scps": strList("names of the SCPs attached (default [FullAWSAccess])"),
			"rcps": strList("names of the RCPs attached"),
		}},
		{def: "step", what: "One entry of the timeline: exactly one step kind (assume, advance, call, whoami, or a change to the world).", keys: stepKeys, props: stepProps(), extra: stepKindsSchema()},
		{def: "assertion", what: "A claim about the declared world, checked by the static analysis: exactly one kind.", keys: assertKeys, props: map[string]schema{
			"id":             strPattern("names the assertion in reports (default assert-N); unique among step and assertion ids", simpleIDPattern),
			"note":           str("free text shown with the result"),
			"can_reach":      ref("canReach", "passes when a chain of role assumptions leads from the principal to the role, even one that relies on conditions"),
			"cannot_reach":   ref("cannotReach", "fails when any chain leads there, even one that relies on conditions"),
			"can_perform":    ref("perform", "passes when the principal can be allowed the request, itself or through the roles it reaches, even under conditions"),
			"cannot_perform": ref("perform", "fails when the principal can be allowed the request in any way, even under conditions"),
			"no_juggling":    ref("noJuggling", "fails when a cycle of roles can re-assume each other ({} for the whole world)"),
		}, extra: assertKindsSchema()},
		{def: "canReach", what: "A principal and a role it can reach.", keys: reachKeys, required: []string{"principal", "role"}, props: map[string]schema{
			"principal":    str("who: a user, role or outside principal, by ARN or by name when unique"),
			"role":         str("the role, by ARN or by name when unique"),
			"max_duration": duration("the longest session the route's last hop may give: fails when it can give more"),
		}},
		{def: "cannotReach", what: "A principal and a role it must not reach.", keys: cannotReachKey, required: []string{"principal", "role"}, props: map[string]schema{
			"principal": str("who: a user, role or outside principal, by ARN or by name when unique"),
			"role":      str("the role, by ARN or by name when unique"),
		}},
		{def: "perform", what: "A principal and one request.", keys: performKeys, required: []string{"principal", "action", "resource"}, props: map[string]schema{
			"principal": str("who: a user, role or outside principal, by ARN or by name when unique"),
			"action":    strPattern("service:Action, no wildcards (s3:GetObject)", `^[A-Za-z0-9-]+:[A-Za-z0-9]+$`),
			"resource":  strPattern("one resource ARN, no wildcards", `^arn:[^*?]*$`),
		}},
		{def: "noJuggling", what: "No role juggling: world-wide, or among the cycles a principal can enter.", keys: jugglingKeys, props: map[string]schema{
			"from": str("only the cycles this principal (by ARN, or by name when unique) can enter"),
		}},
		{def: "repeatSpread", what: "Repeats a request count times, spread evenly over an interval.", keys: repeatKeys, required: []string{"count"}, props: map[string]schema{
			"count": integer("how many times"),
			"over":  duration("the interval the requests are spread over (default: all at one instant)"),
		}},
		{def: "quotas", what: "AWS quotas the scenario models; each key defaults to AWS's default.", keys: quotaKeys, props: quotaProps()},
		{def: "assume", what: "An sts:AssumeRole request; parameters are sent as written.", keys: assumeKeys, required: []string{"as"}, props: map[string]schema{
			"as":                  str("who calls: a user ARN (path included), arn:aws:iam::ACCOUNT:root, or an earlier assume step's id"),
			"role_arn":            str("RoleArn"),
			"role_session_name":   str("RoleSessionName"),
			"duration_seconds":    str("DurationSeconds, as written"),
			"policy":              ref("policyDocument", "Policy: an inline session policy"),
			"policy_arns":         strList("PolicyArns: managed session policies"),
			"tags":                ref("tags", "Tags: session tags"),
			"transitive_tag_keys": strList("TransitiveTagKeys"),
			"external_id":         str("ExternalId"),
			"serial_number":       str("SerialNumber (MFA device)"),
			"token_code":          str("TokenCode (MFA code)"),
			"source_identity":     str("SourceIdentity"),
		}},
		{def: "advanceTo", what: "Moves the fake clock to an instant.", keys: advanceKeys, required: []string{"to"}, props: map[string]schema{
			"to": timestamp("an RFC 3339 time, not before the clock"),
		}},
		{def: "call", what: "An API request made with some credentials.", keys: callKeys, required: []string{"as", "action"}, props: map[string]schema{
			"as":       str("who calls: a user ARN, a root ARN, or an earlier assume step's id"),
			"action":   strPattern("service:Action, no wildcards (s3:GetObject)", `^[A-Za-z0-9-]+:[A-Za-z0-9]+$`),
			"resource": str("an ARN or *; omitted only for actions that take no resource (s3:ListAllMyBuckets)"),
			"context": schema{
				"type":                 []string{"object", "null"},
				"additionalProperties": schema{"anyOf": []any{schema{"type": scalarTypes}, schema{"type": "array", "items": schema{"type": scalarTypes}}}},
				"description":          "extra request context: condition key -> value or list of values",
			},
		}},
		{def: "whoami", what: "An sts:GetCallerIdentity request.", keys: whoamiKeys, required: []string{"as"}, props: map[string]schema{
			"as": str("who calls: a user ARN, a root ARN, or an earlier assume step's id"),
		}},
		{def: "expect", what: "A step's expected outcome.", keys: expectKeys, props: map[string]schema{
			"error":              strPattern("the expected AWS error code (AccessDenied, ValidationError, ExpiredToken, ...); absent = success", errorCodePattern),
			"message":            str("a substring of the error message (the whole message with message_any_order)"),
			"message_any_order":  boolean("message is the whole error message, its validation clauses in any order"),
			"message_regexp":     str("a Go regexp the error message must match"),
			"denied_by":          enum("the kind of policy that denied the request", DeniedByKinds...),
			"deny":               enum("explicit (a Deny statement) or implicit (nothing allowed)", "explicit", "implicit"),
			"expiration":         timestamp("assume: the credentials' expiration"),
			"duration":           duration("assume: the session's duration"),
			"arn":                str("assume: the assumed-role ARN; whoami: the caller's ARN"),
			"assumed_role_id":    str("assume: AssumedRoleUser.AssumedRoleId"),
			"source_identity":    str("assume: the session's source identity"),
			"packed_policy_size": integer("assume: PackedPolicySize (percent)"),
			"chained":            boolean("assume: whether the call was role chaining"),
			"absent":             listOf(schema{"enum": AbsentFields, "description": "a response field"}, "response fields the response must not have"),
			"account":            strPattern("whoami: the account", accountPattern),
			"user_id":            str("whoami: UserId"),
			"succeeded":          integer("repeat: how many of the repeated requests succeed"),
			"throttled":          integer("repeat: how many are throttled (Throttling)"),
			"failed":             integer("repeat: how many fail otherwise"),
			"subject":            str("federated: SubjectFromWebIdentityToken / Subject"),
			"subject_type":       str("SAML: SubjectType"),
			"provider":           str("federated: Provider"),
			"audience":           str("federated: Audience"),
			"issuer":             str("SAML: Issuer"),
			"name_qualifier":     str("SAML: NameQualifier"),
		}},
	}
	return specs
}

// stepProps describes the keys of a step: the request kinds, and one key
// per change kind (changeKindNames, the loader's list).
func stepProps() map[string]schema {
	props := map[string]schema{
		"id":      strPattern("the step's id (default step-N); later steps use an assume step's id in as:", simpleIDPattern),
		"note":    str("teaching text shown in reports"),
		"assume":  ref("assume", "an sts:AssumeRole request"),
		"advance": schema{"anyOf": []any{duration("a positive duration"), ref("advanceTo", "")}, "description": "moves the fake clock: a duration (90m) or {to: RFC 3339 time}"},
		"call":    ref("call", "an API request"),
		"whoami":  schema{"anyOf": []any{str("the credentials"), ref("whoami", "")}, "description": "an sts:GetCallerIdentity request: the credentials, or {as: ...}"},
		"expect":  ref("expect", "the expected outcome; absent means the step must succeed"),
		"repeat":  schema{"anyOf": []any{integer("how many times"), ref("repeatSpread", "")}, "description": "repeats the request: a count, or {count, over}"},
	}
	for _, k := range changeKindNames {
		props[k] = ref(changeDef(k), "changes the world now: the "+k+" operation")
	}
	for _, k := range credentialKindNames {
		props[k] = ref(k, "obtains credentials: "+k)
	}
	props[string(StepConsoleSignIn)] = schema{"anyOf": []any{str("the user's or root user's ARN"), ref(string(StepConsoleSignIn), "")},
		"description": "a console sign-in: the credentials, or {as, serial_number, token_code}"}
	return props
}

func changeDef(kind string) string { return "change_" + kind }

// changeKeyTypes describes the parameters of change steps, by name.
var changeKeyTypes = map[string]schema{
	"account":                     strPattern("the account whose IAM the operation acts on", accountPattern),
	"account_id":                  strPattern("the account to move", accountPattern),
	"role_name":                   str("the role's name"),
	"path":                        strPattern("IAM path", iamPathPattern),
	"description":                 str("the role's description"),
	"policy_arn":                  str("a managed policy ARN"),
	"policy_name":                 str("an inline policy's name"),
	"policy_id":                   str("an organization policy's name"),
	"target_id":                   str("the root, an OU (by id or name path) or an account id"),
	"source_parent_id":            str("where the account is now"),
	"destination_parent_id":       str("where the account goes"),
	"max_session_duration":        schema{"type": []string{"integer", "string", "null"}, "description": "3600-43200 seconds, or a duration like 2h"},
	"tags":                        ref("tags", "IAM tags"),
	"assume_role_policy_document": ref("policyDocument", "the trust policy"),
	"policy_document":             ref("policyDocument", "the policy"),
	"user_name":                   str("the user's name"),
	"group_name":                  str("the group's name"),
	"access_key_id":               str("the access key's id; left out, the user's own access key"),
	"status":                      str("Active or Inactive"),
}

// changeSpecs describes each change step's map from the loader's
// changeSchemas, sorted by kind.
func changeSpecs() []objectSpec {
	kinds := make([]string, 0, len(changeSchemas))
	for k := range changeSchemas {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	out := make([]objectSpec, 0, len(kinds))
	for _, k := range kinds {
		cs := changeSchemas[StepKind(k)]
		props := map[string]schema{}
		for _, key := range cs.keys {
			if t, ok := changeKeyTypes[key]; ok {
				props[key] = t
			}
		}
		out = append(out, objectSpec{def: changeDef(k), what: "The " + k + " change step.", keys: cs.keys, required: cs.required, props: props})
	}
	return out
}

// quotaProps describes the quotas: keys from the loader's quotaDefs.
func quotaProps() map[string]schema {
	props := map[string]schema{}
	for _, d := range quotaDefs {
		what := d.key
		if d.awsName != "" {
			what = d.awsName
		}
		props[d.key] = schema{"type": []string{"integer", "null"}, "minimum": 0, "maximum": d.max,
			"description": what + ": AWS's default " + strconv.Itoa(d.def) + ", at most " + strconv.Itoa(d.max)}
	}
	return props
}

// stepKindsSchema requires exactly one step kind (stepKinds, the loader's
// list).
func stepKindsSchema() schema {
	var one []any
	for _, k := range stepKinds {
		one = append(one, schema{"required": []string{k}})
	}
	return schema{"oneOf": one}
}

// assertKindsSchema requires exactly one assertion kind.
func assertKindsSchema() schema {
	var one []any
	for _, k := range assertKinds {
		one = append(one, schema{"required": []string{k}})
	}
	return schema{"oneOf": one}
}

// JSONSchema returns the JSON Schema (draft 2020-12) of the scenario
// format, indented, with a final newline; scenario/schema.json holds the
// same bytes. Editors with the YAML language server use it with the first
// line
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/rolesim/rolesim/main/scenario/schema.json
func JSONSchema() []byte {
	defs := schema{}
	var top schema
	for _, o := range objectSpecs() {
		props := schema{}
		for _, k := range o.keys {
			if p, ok := o.props[k]; ok {
				props[k] = p
			}
		}
		s := schema{
			"type":                 "object",
			"description":          o.what,
			"properties":           props,
			"additionalProperties": false,
		}
		if len(o.required) > 0 {
			s["required"] = o.required
		}
		for k, v := range o.extra {
			s[k] = v
		}
		if o.def == "scenario" {
			top = s
			continue
		}
		defs[o.def] = s
	}
	for k, v := range sharedDefs() {
		defs[k] = v
	}
	out := schema{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"$id":     SchemaID,
		"title":   "rolesim scenario",
		"$defs":   defs,
	}
	for k, v := range top {
		out[k] = v
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		panic("scenario: the schema does not encode: " + err.Error()) // static data; a programmer error
	}
	return append(data, '\n')
}

// sharedDefs are the definitions that are not maps of the format's own:
// tags, account entries in the tree, and policy documents (AWS's JSON
// keys).
func sharedDefs() schema {
	scalarOrList := schema{"anyOf": []any{schema{"type": scalarTypes}, schema{"type": "array", "items": schema{"type": scalarTypes}}}}
	principal := schema{"anyOf": []any{
		schema{"const": "*"},
		schema{"type": "object", "propertyNames": schema{"enum": []string{"AWS", "Service", "Federated", "CanonicalUser"}}, "additionalProperties": scalarOrList},
	}}
	stmtProps := schema{
		"Sid":          schema{"type": "string", "description": "statement id: letters and digits"},
		"Effect":       schema{"enum": []string{"Allow", "Deny"}},
		"Principal":    principal,
		"NotPrincipal": principal,
		"Action":       scalarOrList,
		"NotAction":    scalarOrList,
		"Resource":     scalarOrList,
		"NotResource":  scalarOrList,
		"Condition": schema{
			"type":                 "object",
			"description":          "operator -> condition key -> value(s)",
			"additionalProperties": schema{"type": "object", "additionalProperties": scalarOrList},
		},
	}
	statement := schema{"type": "object", "properties": stmtProps, "additionalProperties": false, "required": []string{"Effect"}}
	return schema{
		"tags": schema{
			"description": "tags: a map {key: value}, or a list of {key, value}",
			"anyOf": []any{
				schema{"type": "object", "additionalProperties": schema{"type": scalarOrNull()}},
				schema{"type": "array", "items": schema{"$ref": "#/$defs/tag"}},
				schema{"type": "null"},
			},
		},
		"orgAccountEntry": schema{
			"description": "an account id, or {id, scps, rcps}",
			"anyOf":       []any{strPattern("a declared account's id", accountPattern), schema{"$ref": "#/$defs/orgAccount"}},
		},
		"policyDocument": schema{
			"description": "a policy document: a YAML map with AWS's keys, or a JSON string as pasted from the console",
			"anyOf": []any{
				schema{"type": "string"},
				schema{
					"type": "object",
					"properties": schema{
						"Version":   schema{"enum": []string{"2012-10-17", "2008-10-17"}},
						"Id":        schema{"type": "string"},
						"Statement": schema{"anyOf": []any{statement, schema{"type": "array", "items": statement}}},
					},
					"additionalProperties": false,
				},
			},
		},
	}
}
