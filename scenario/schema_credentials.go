package scenario

// The JSON Schema of the settings, identity providers and credential steps
// (see schema.go for the rest of the format).

// credentialSpecs describes the maps of settings, identity providers and
// credential steps.
func credentialSpecs() []objectSpec {
	callerDesc := "who calls: a user ARN (path included), arn:aws:iam::ACCOUNT:root, or an earlier step's id"
	duration := str("DurationSeconds, as written")
	return []objectSpec{
		{def: "settings", what: "Switches for AWS behaviour that is disputed or changed over time.", keys: settingsKeys, props: map[string]schema{
			"mfa_in_role_sessions": enum("when a role session carries MFA context: caller (default, AWS's documentation), caller_or_request, never", mfaRules...),
			"github_sub_check":     boolean("IAM's write-time check that a trust policy trusting GitHub's OIDC provider tests sub (default true)"),
			"oidc_custom_claims":   boolean("offer GitHub, Google and CircleCI token claims beyond aud/sub/azp/amr as condition keys (default false)"),
		}},
		{def: "oidcProvider", what: "An IAM OpenID Connect identity provider (arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH]).", keys: oidcProviderKeys, required: []string{"url"}, props: map[string]schema{
			"url":         strPattern("the issuer URL, https://HOST[/PATH] (the token's iss)", `^https://[^/?#@ ]+(/[^?#@ ]*[^/?#@ ])?$`),
			"client_ids":  strList("the audiences accepted (the token's aud)"),
			"thumbprints": strList("certificate thumbprints, 40 hexadecimal digits each"),
		}},
		{def: "samlProvider", what: "An IAM SAML identity provider (arn:aws:iam::ACCOUNT:saml-provider/NAME).", keys: samlProviderKeys, required: []string{"name", "issuer"}, props: map[string]schema{
			"name":   strPattern("the provider's name: 1-128 of letters, digits and ._-", `^[\w.-]+$`),
			"issuer": str("the IdP's entity id (its metadata), the Issuer of its assertions"),
		}},
		{def: "getSessionToken", what: "An sts:GetSessionToken request.", keys: sessionTokenKeys, required: []string{"as"}, props: map[string]schema{
			"as":               str(callerDesc),
			"duration_seconds": duration,
			"serial_number":    str("SerialNumber (MFA device)"),
			"token_code":       str("TokenCode (MFA code)"),
		}},
		{def: "getFederationToken", what: "An sts:GetFederationToken request.", keys: federationTokenKeys, required: []string{"as"}, props: map[string]schema{
			"as":               str(callerDesc),
			"name":             str("Name: the federated user's name (2-32 characters)"),
			"duration_seconds": duration,
			"policy":           ref("policyDocument", "Policy: an inline session policy"),
			"policy_arns":      strList("PolicyArns: managed session policies"),
			"tags":             ref("tags", "Tags: session tags"),
		}},
		{def: "serviceAssume", what: "An AWS service principal assuming a role for a workload (EC2 instance profile, Lambda, ECS task).", keys: serviceAssumeKeys, required: []string{"service"}, props: map[string]schema{
			"service":           strPattern("the service principal", `^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$`),
			"role_arn":          str("RoleArn"),
			"role_session_name": str("the session name (required unless instance_id)"),
			"instance_id":       strPattern("ec2.amazonaws.com only: the instance, which names the session", `^i-([0-9a-f]{8}|[0-9a-f]{17})$`),
			"duration_seconds":  str("900-43200, default 3600; the role's maximum does not apply"),
			"source_arn":        str("aws:SourceArn the service sends"),
			"source_account":    str("aws:SourceAccount the service sends"),
		}},
		{def: "consoleSignIn", what: "A console sign-in of an IAM user or the root user.", keys: consoleSignInKeys, required: []string{"as"}, props: map[string]schema{
			"as":            str("a user ARN or arn:aws:iam::ACCOUNT:root"),
			"serial_number": str("MFA device, for a sign-in with MFA"),
			"token_code":    str("MFA code"),
		}},
		{def: "switchRole", what: "The console's Switch Role, from a console sign-in.", keys: switchRoleKeys, required: []string{"as", "role_arn"}, props: map[string]schema{
			"as":       str("the console_sign_in step to switch from"),
			"role_arn": strPattern("the role's ARN", `^arn:`),
		}},
		{def: "webIdentity", what: "An sts:AssumeRoleWithWebIdentity request.", keys: webIdentityKeys, required: []string{"token"}, props: map[string]schema{
			"role_arn":          str("RoleArn"),
			"role_session_name": str("RoleSessionName"),
			"token": schema{"anyOf": []any{schema{"type": "string"}, schema{"type": "object"}},
				"description": "WebIdentityToken: the JWT's claims (iss, aud, sub, ...; exp and iat may be RFC 3339 times), or the token text"},
			"provider_id":      str("ProviderId"),
			"duration_seconds": duration,
			"policy":           ref("policyDocument", "Policy: an inline session policy"),
			"policy_arns":      strList("PolicyArns: managed session policies"),
		}},
		{def: "saml", what: "An sts:AssumeRoleWithSAML request.", keys: samlStepKeys, required: []string{"assertion"}, props: map[string]schema{
			"role_arn":         str("RoleArn"),
			"principal_arn":    str("PrincipalArn: the SAML provider's ARN"),
			"assertion":        schema{"anyOf": []any{schema{"type": "string"}, ref("samlAssertion", "")}, "description": "SAMLAssertion: the assertion's parts, or the base64 response"},
			"duration_seconds": duration,
			"policy":           ref("policyDocument", "Policy: an inline session policy"),
			"policy_arns":      strList("PolicyArns: managed session policies"),
		}},
		{def: "samlAssertion", what: "The parts of a SAML response, rendered by the runner.", keys: samlAssertionKeys, props: map[string]schema{
			"issuer":                  str("Issuer (default: the provider's issuer)"),
			"recipient":               str("the Recipient, SAML:aud (default https://signin.aws.amazon.com/saml)"),
			"name_id":                 str("NameID, SAML:sub"),
			"name_id_format":          str("persistent (default), transient, emailAddress, unspecified or a format URI"),
			"issued_at":               timestamp("IssueInstant (default: the step's instant)"),
			"not_on_or_after":         timestamp("the subject confirmation's NotOnOrAfter (default: five minutes after issue)"),
			"session_not_on_or_after": timestamp("SessionNotOnOrAfter"),
			"role_session_name":       str("the RoleSessionName attribute"),
			"session_duration":        str("the SessionDuration attribute (seconds)"),
			"roles":                   strList("the Role attribute: role ARN,provider ARN pairs (default: the requested pair)"),
			"principal_tags":          ref("tags", "PrincipalTag:KEY attributes"),
			"transitive_tag_keys":     strList("the TransitiveTagKeys attribute"),
			"source_identity":         str("the SourceIdentity attribute"),
			"attributes": schema{"type": []string{"object", "null"}, "description": "further attributes: name -> value or list of values",
				"additionalProperties": schema{"anyOf": []any{schema{"type": scalarTypes}, schema{"type": "array", "items": schema{"type": scalarTypes}}}}},
			"signature": enum("valid (default) or invalid", "valid", "invalid"),
		}},
	}
}

// addCredentialProps describes the keys this part of the format adds to
// maps described in schema.go: settings, the identity providers, the
// credential steps and their expect keys.
func addCredentialProps(specs []objectSpec) []objectSpec {
	extra := map[string]map[string]schema{
		"scenario": {"settings": ref("settings", "switches for disputed or dated AWS behaviour")},
		"account": {
			"oidc_providers": listOf(ref("oidcProvider", ""), "OpenID Connect identity providers"),
			"saml_providers": listOf(ref("samlProvider", ""), "SAML identity providers"),
		},
		"step": {
			string(StepGetSessionToken):    ref("getSessionToken", "an sts:GetSessionToken request"),
			string(StepGetFederationToken): ref("getFederationToken", "an sts:GetFederationToken request"),
			string(StepServiceAssume):      ref("serviceAssume", "a service principal assuming a role for a workload"),
			string(StepConsoleSignIn):      schema{"anyOf": []any{str("a user ARN or root ARN"), ref("consoleSignIn", "")}, "description": "a console sign-in"},
			string(StepSwitchRole):         ref("switchRole", "the console's Switch Role"),
			string(StepWebIdentity):        ref("webIdentity", "an sts:AssumeRoleWithWebIdentity request"),
			string(StepSAML):               ref("saml", "an sts:AssumeRoleWithSAML request"),
		},
		"expect": {
			"subject":        str("web identity: SubjectFromWebIdentityToken; SAML: Subject"),
			"subject_type":   str("SAML: SubjectType"),
			"provider":       str("web identity: Provider"),
			"audience":       str("web identity, SAML: Audience"),
			"issuer":         str("SAML: Issuer"),
			"name_qualifier": str("SAML: NameQualifier"),
		},
	}
	for i := range specs {
		for k, v := range extra[specs[i].def] {
			specs[i].props[k] = v
		}
	}
	return specs
}
