package cliprofile

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestResolve(t *testing.T) {
	tests := []struct {
		name, reason string
		config       string
		creds        string
		profile      string
		// want: origin kind and profile, then hop profiles; or a botocore
		// error type, message and position.
		origin        OriginKind
		originProfile string
		hops          []string
		errType, msg  string
		pos           string
	}{
		{
			name: "self reference with keys", reason: "a profile may source its own static keys (top level only)",
			config:  "[profile a]\nrole_arn = r\nsource_profile = a\naws_access_key_id = AKIA1\naws_secret_access_key = s\n",
			profile: "a", origin: OriginStaticKeys, originProfile: "a", hops: []string{"a"},
		},
		{
			name: "self reference without keys", reason: "a keyless profile naming itself is a loop",
			config:  "[profile a]\nrole_arn = r\nsource_profile = a\n",
			profile: "a", errType: "InfiniteLoopConfigError", pos: "config:3:1",
			msg: "Infinite loop in credential configuration detected. Attempting to load from profile a which has already been visited. Visited profiles: ['a']",
		},
		{
			name: "keys win below the top", reason: "a source profile with keys and role_arn gives its keys",
			config:  "[profile b]\nrole_arn = r\nsource_profile = k\n[profile k]\nrole_arn = other\nsource_profile = nowhere\n",
			creds:   "[k]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n",
			profile: "b", origin: OriginStaticKeys, originProfile: "k", hops: []string{"b"},
		},
		{
			name: "role wins at the top", reason: "the top profile's role_arn wins over its keys",
			config:  "[profile k]\nrole_arn = r\ncredential_source = Environment\naws_access_key_id = AKIA1\naws_secret_access_key = s\n",
			profile: "k", origin: OriginCredentialSource, originProfile: "k", hops: []string{"k"},
		},
		{
			name: "three hops", reason: "keyless role sources are assumed in turn",
			config:  "[profile c]\nrole_arn = r3\nsource_profile = b\n[profile b]\nrole_arn = r2\nsource_profile = a\n[profile a]\nrole_arn = r1\nsource_profile = default\n",
			creds:   "[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s\n",
			profile: "c", origin: OriginStaticKeys, originProfile: "default", hops: []string{"a", "b", "c"},
		},
		{
			name: "web identity source", reason: "a source with role_arn and web_identity_token_file starts with AssumeRoleWithWebIdentity",
			config:  "[profile ci]\nrole_arn = r2\nsource_profile = oidc\n[profile oidc]\nrole_arn = r1\nweb_identity_token_file = /tmp/token\n",
			profile: "ci", origin: OriginWebIdentity, originProfile: "oidc", hops: []string{"oidc", "ci"},
		},
		{
			name: "sso source", reason: "SSO is not modelled: the chain starts there, unsupported",
			config:  "[profile p]\nrole_arn = r\nsource_profile = sso\n[profile sso]\nsso_session = corp\n",
			profile: "p", origin: OriginUnsupported, originProfile: "sso", hops: []string{"p"},
		},
		{
			name: "source without credentials", reason: "botocore: the source profile must have credentials",
			config:  "[profile p]\nrole_arn = r\nsource_profile = empty\n[profile empty]\nregion = x\n",
			profile: "p", errType: "InvalidConfigError", pos: "config:4:1",
			msg: `The source profile "empty" must have credentials.`,
		},
		{
			name: "invalid credential_source", reason: "only Environment, Ec2InstanceMetadata and EcsContainer",
			config:  "[profile p]\nrole_arn = r\ncredential_source = Laptop\n",
			profile: "p", errType: "InvalidConfigError", pos: "config:3:1",
			msg: `The credential source "Laptop" referenced in profile "p" is not valid.`,
		},
		{
			name: "partial keys", reason: "an access key id without its secret, in the credentials file",
			config:  "[profile p]\nrole_arn = r\nsource_profile = k\n",
			creds:   "[k]\naws_access_key_id = AKIA1\n",
			profile: "p", errType: "PartialCredentialsError", pos: "credentials:2:1",
			msg: "Partial credentials found in shared-credentials-file, missing: aws_secret_access_key",
		},
		{
			name: "partial keys in config", reason: "the config file's provider is config-file",
			config:  "[default]\naws_secret_access_key = s\n",
			profile: "default", errType: "PartialCredentialsError", pos: "config:2:1",
			msg: "Partial credentials found in config-file, missing: aws_access_key_id",
		},
		{
			name: "duration not a number", reason: "botocore calls int() on duration_seconds",
			config:  "[profile p]\nrole_arn = r\ncredential_source = Environment\nduration_seconds = 1h\n",
			profile: "p", errType: "ValueError", pos: "config:4:1",
			msg: "invalid literal for int() with base 10: '1h'",
		},
		{
			name: "no credentials", reason: "a profile with nothing to sign with",
			config:  "[profile p]\nregion = x\n",
			profile: "p", errType: "NoCredentialsError", pos: "config:1:1",
			msg: `Unable to locate credentials. You can configure credentials by running "aws configure".`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creds := File{}
			if tt.creds != "" {
				creds = File{Name: "credentials", Data: []byte(tt.creds)}
			}
			c, err := Parse(File{Name: "config", Data: []byte(tt.config)}, creds)
			if err != nil {
				t.Fatal(err)
			}
			ch, cerr := Resolve(c, tt.profile)
			if tt.errType != "" {
				if cerr == nil {
					t.Fatalf("%s: resolved, want %s", tt.reason, tt.errType)
				}
				if cerr.Type != tt.errType || cerr.Message != tt.msg || cerr.Pos.String() != tt.pos {
					t.Errorf("%s: %s at %s: %s\nwant %s at %s: %s", tt.reason, cerr.Type, cerr.Pos, cerr.Message, tt.errType, tt.pos, tt.msg)
				}
				return
			}
			if cerr != nil {
				t.Fatalf("%s: %v", tt.reason, cerr)
			}
			var hops []string
			for _, h := range ch.Hops {
				hops = append(hops, h.Profile)
			}
			if ch.Origin.Kind != tt.origin || ch.Origin.Profile != tt.originProfile {
				t.Errorf("%s: origin %s of %s, want %s of %s", tt.reason, ch.Origin.Kind, ch.Origin.Profile, tt.origin, tt.originProfile)
			}
			if diff := cmp.Diff(tt.hops, hops); diff != "" {
				t.Errorf("%s: hops (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
