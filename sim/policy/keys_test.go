package policy

import "testing"

func TestIsMultivalued(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		key    string
		want   bool
	}{
		{"tagKeys", "aws:TagKeys is a set", "aws:TagKeys", true},
		{"tagKeysCase", "case-insensitive", "AWS:tagkeys", true},
		{"orgPaths", "org paths are sets", "aws:PrincipalOrgPaths", true},
		{"resourceOrgPaths", "org paths are sets", "aws:ResourceOrgPaths", true},
		{"sourceOrgPaths", "org paths are sets", "aws:SourceOrgPaths", true},
		{"vpceOrgPaths", "org paths are sets", "aws:VpceOrgPaths", true},
		{"calledVia", "aws:CalledVia is a list", "aws:CalledVia", true},
		{"serviceNames", "service names list", "aws:PrincipalServiceNamesList", true},
		{"transitive", "sts:TransitiveTagKeys is a set", "sts:TransitiveTagKeys", true},
		{"providers", "context providers", "sts:RequestContextProviders", true},
		{"amr", "an identity provider's amr claim", "cognito-identity.amazonaws.com:amr", true},
		{"amrCase", "amr, any case", "accounts.google.com:AMR", true},
		{"username", "single-valued", "aws:username", false},
		{"calledViaFirst", "single-valued", "aws:CalledViaFirst", false},
		{"amrOnly", "a bare :amr is not a key", ":amr", false},
		{"tag", "a tag is single-valued", "aws:PrincipalTag/amr", false},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsMultivalued(tc.key); got != tc.want {
				t.Errorf("IsMultivalued(%q) = %v, want %v (%s)", tc.key, got, tc.want, tc.reason)
			}
		})
	}
}

func TestCheckKeyAccepts(t *testing.T) {
	keys := []string{
		"aws:SourceIp", "AWS:SOURCEIP", "aws:referer", "aws:userid", "aws:PrincipalTag/Team", "aws:RequestTag/cost-center",
		"aws:ResourceTag/x", "aws:CalledViaLast", "aws:Ec2InstanceSourcePrivateIPv4", "aws:VpceOrgID", "aws:AssumedRoot",
		"sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity", "sts:TransitiveTagKeys", "sts:AWSServiceName",
		"sts:DurationSeconds", "sts:RequestContextProviders", "sts:RequestContext/identitycenter:ApplicationArn",
		"iam:ResourceTag/Team", "iam:PassedToService", "iam:PermissionsBoundary", "iam:PolicyARN", "iam:AWSServiceName",
		"iam:OrganizationsPolicyId", "s3:prefix", "ec2:ResourceTag/Env", "saml:aud", "SAML:sub",
		"token.actions.githubusercontent.com:sub", "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud", "accounts.google.com:aud",
	}
	keys = append(keys, globalKeys...)
	requireRows(t, len(keys))
	for _, k := range keys {
		if msg := checkKey(k); msg != "" {
			t.Errorf("checkKey(%q) = %q, want accepted", k, msg)
		}
	}
	for _, k := range []string{"aws:Foo", "sts:Foo", "iam:Foo", "aws:", ":x", "nokey", "aws:PrincipalTag", "aws:RequestTag/"} {
		if checkKey(k) == "" {
			t.Errorf("checkKey(%q) accepted, want an error", k)
		}
	}
}

func TestRequestKey(t *testing.T) {
	tests := []struct {
		key      string
		settable bool
		reason   string
	}{
		{"aws:SourceIp", true, "the caller chooses where it calls from"},
		{"AWS:sourceip", true, "key names are case-insensitive"},
		{"aws:SourceVpce", true, "the caller chooses the VPC endpoint it goes through"},
		{"aws:RequestedRegion", true, "the caller chooses the Region"},
		{"aws:UserAgent", true, "the caller sets its user agent"},
		{"aws:SecureTransport", true, "the caller chooses TLS or not"},
		{"aws:RequestTag/team", true, "the caller passes the tags"},
		{"aws:TagKeys", true, "the caller passes the tags"},
		{"s3:prefix", true, "a request parameter of ListBucket"},
		{"iam:PassedToService", true, "a request parameter"},
		{"sts:ExternalId", true, "an AssumeRole parameter"},
		{"aws:PrincipalOrgID", false, "derived from the caller's account"},
		{"aws:PrincipalArn", false, "derived from the caller"},
		{"aws:PrincipalTag/dept", false, "derived from the caller's tags"},
		{"aws:MultiFactorAuthPresent", false, "derived from the credentials"},
		{"aws:userid", false, "derived from the caller"},
		{"aws:username", false, "derived from the caller"},
		{"aws:TokenIssueTime", false, "derived from the credentials"},
		{"aws:SourceIdentity", false, "derived from the session"},
		{"aws:ResourceTag/tier", false, "derived from the resource"},
		{"aws:ResourceOrgID", false, "derived from the resource"},
		{"aws:CurrentTime", false, "derived from the clock"},
		{"aws:CalledVia", false, "derived from the service chain"},
		{"aws:SourceArn", false, "set by the calling service"},
		{"aws:ViaAWSService", false, "set by the calling service"},
		{"aws:VpceOrgID", false, "derived from the endpoint's owner"},
		{"sts:RequestContext/x", false, "a signed assertion"},
		{"saml:aud", false, "set by the SAML assertion"},
		{"token.actions.githubusercontent.com:sub", false, "set by the OIDC token"},
		{"s3:ResourceAccount", false, "derived from the resource"},
		{"ec2:ResourceTag/env", false, "derived from the resource"},
		{"kms:CallerAccount", false, "derived from the caller"},
		{"nocolon", false, "not a condition key"},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		if got := RequestKey(tc.key) == ""; got != tc.settable {
			t.Errorf("RequestKey(%q) settable = %v, want %v (%s): %q", tc.key, got, tc.settable, tc.reason, RequestKey(tc.key))
		}
	}
}
