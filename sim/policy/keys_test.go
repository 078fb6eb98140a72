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
