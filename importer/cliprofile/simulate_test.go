package cliprofile

import (
	"os"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// loadTestdata reads testdata/config, testdata/credentials and the world.
func loadTestdata(t *testing.T) (*Config, *sim.World, *scenario.Scenario) {
	t.Helper()
	cfg, err := os.ReadFile("testdata/config")
	if err != nil {
		t.Fatal(err)
	}
	creds, err := os.ReadFile("testdata/credentials")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Parse(File{Name: "config", Data: cfg}, File{Name: "credentials", Data: creds})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load("testdata/world.yaml")
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	return c, w, sc
}

func TestSimulate(t *testing.T) {
	c, w, sc := loadTestdata(t)
	tests := []struct {
		name, reason string
		profile      string
		as           map[string]string
		client       Client
		works        bool
		seconds      int64
		arn          string
		hops         int
		// failing hop: profile, code, message
		failAt, code, message string
		// configuration error: botocore type and message
		configType, configMessage string
		unresolved                string
	}{
		{
			name: "first hop from user keys", reason: "alice's key id is the world's; Dev grants 12 h from a user",
			profile: "dev", works: true, seconds: 43200, hops: 1,
			arn: "arn:aws:sts::111111111111:assumed-role/Dev/botocore-session-1704067200",
		},
		{
			name: "two-hop chain works", reason: "default -> dev -> prod, no duration: STS's default hour, chained",
			profile: "prod", works: true, seconds: 3600, hops: 2,
			arn: "arn:aws:sts::222222222222:assumed-role/Prod/alice",
		},
		{
			name: "go sdk default duration", reason: "aws-sdk-go-v2 asks for 900 s without duration_seconds",
			profile: "prod", client: ClientGoSDK, works: true, seconds: 900, hops: 2,
			arn: "arn:aws:sts::222222222222:assumed-role/Prod/alice",
		},
		{
			name: "go sdk session name", reason: "aws-sdk-go-v2 names the session aws-go-sdk-<nanos>",
			profile: "dev", client: ClientGoSDK, works: true, seconds: 43200, hops: 1,
			arn: "arn:aws:sts::111111111111:assumed-role/Dev/aws-go-sdk-1704067200000000000",
		},
		{
			name: "chained two hours refused", reason: "a role session asking for 7200 s fails with the chaining ValidationError",
			profile: "prod-2h", hops: 2, failAt: "prod-2h", code: "ValidationError",
			message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
		},
		{
			name: "mfa profile", reason: "the prompted code makes aws:MultiFactorAuthPresent true",
			profile: "admin", works: true, seconds: 3600, hops: 1,
			arn: "arn:aws:sts::111111111111:assumed-role/Admin/botocore-session-1704067200",
		},
		{
			name: "external id", reason: "external_id is sent as ExternalId",
			profile: "vendor", works: true, seconds: 3600, hops: 1,
			arn: "arn:aws:sts::222222222222:assumed-role/Vendor/botocore-session-1704067200",
		},
		{
			name: "external id missing", reason: "without external_id the trust policy's condition fails",
			profile: "vendor-no-id", hops: 1, failAt: "vendor-no-id", code: "AccessDenied",
			message: "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/Vendor",
		},
		{
			name: "cycle", reason: "botocore's InfiniteLoopConfigError, visited profiles as a Python list",
			profile: "loop-a", configType: "InfiniteLoopConfigError",
			configMessage: "Infinite loop in credential configuration detected. Attempting to load from profile loop-a which has already been visited. Visited profiles: ['loop-a', 'loop-b']",
		},
		{
			name: "partial config", reason: "role_arn with neither source_profile nor credential_source",
			profile: "partial", configType: "PartialCredentialsError",
			configMessage: "Partial credentials found in assume-role, missing: source_profile or credential_source",
		},
		{
			name: "unknown source profile", reason: "source_profile names no profile",
			profile: "orphan", configType: "InvalidConfigError",
			configMessage: `The source_profile "nobody" referenced in the profile "orphan" does not exist.`,
		},
		{
			name: "both sources", reason: "source_profile and credential_source together",
			profile: "both", configType: "InvalidConfigError",
			configMessage: `The profile "both" contains both source_profile and credential_source.`,
		},
		{
			name: "unknown profile", reason: "--profile names nothing",
			profile: "nope", configType: "ProfileNotFound", configMessage: "The config profile (nope) could not be found",
		},
		{
			name: "unmapped key", reason: "a key id no world user has, and no --as",
			profile: "stranger-dev", unresolved: "the access key id AKIAIOSFODNN7EXAMPLE of profile stranger is no world user's key",
		},
		{
			name: "key mapped by --as", reason: "--as stranger=bob: bob has no policy allowing sts:AssumeRole and Dev does not trust him",
			profile: "stranger-dev", as: map[string]string{"stranger": "arn:aws:iam::111111111111:user/bob"},
			hops: 1, failAt: "stranger-dev", code: "AccessDenied",
			message: "User: arn:aws:iam::111111111111:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/Dev",
		},
		{
			name: "credential_source unmapped", reason: "instance metadata holds a session rolesim cannot see",
			profile: "ec2-prod", unresolved: "credential_source Ec2InstanceMetadata of profile ec2-prod holds credentials rolesim cannot see",
		},
		{
			name: "instance role chain", reason: "the instance role's session is a role session: the hop is chained",
			profile: "ec2-prod", as: map[string]string{"Ec2InstanceMetadata": "arn:aws:iam::111111111111:role/Web"},
			works: true, seconds: 3600, hops: 1,
			arn: "arn:aws:sts::222222222222:assumed-role/Prod/botocore-session-1704067200",
		},
		{
			name: "environment keys", reason: "--as env-dev=alice: Environment holds alice's keys",
			profile: "env-dev", as: map[string]string{"env-dev": "arn:aws:iam::111111111111:user/alice"},
			works: true, seconds: 3600, hops: 1,
			arn: "arn:aws:sts::111111111111:assumed-role/Dev/botocore-session-1704067200",
		},
		{
			name: "static profile", reason: "a profile of keys alone is alice herself, with no expiry",
			profile: "default", works: true, arn: "arn:aws:iam::111111111111:user/alice",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := tt.client
			if client == "" {
				client = ClientCLI
			}
			r := Simulate(c, tt.profile, w, sc.Start, client, Options{As: tt.as})
			if r.Works != tt.works || r.Seconds != tt.seconds || r.ARN != tt.arn && tt.works {
				t.Errorf("%s: works %v for %d s as %s, want works %v for %d s as %s", tt.reason, r.Works, r.Seconds, r.ARN, tt.works, tt.seconds, tt.arn)
			}
			if len(r.Hops) != tt.hops {
				t.Errorf("%s: %d hops, want %d: %+v", tt.reason, len(r.Hops), tt.hops, r.Hops)
			}
			f := r.Failed()
			switch {
			case tt.failAt == "" && f != nil:
				t.Errorf("%s: hop %s failed: %s", tt.reason, f.Profile, f.Error.CLIMessage(f.Operation))
			case tt.failAt != "" && f == nil:
				t.Errorf("%s: no hop failed, want %s to fail", tt.reason, tt.failAt)
			case f != nil && (f.Profile != tt.failAt || f.Error.Code != tt.code || f.Error.Message != tt.message):
				t.Errorf("%s: hop %s failed with %s: %s\nwant %s with %s: %s", tt.reason, f.Profile, f.Error.Code, f.Error.Message, tt.failAt, tt.code, tt.message)
			}
			switch {
			case tt.configType == "" && r.ConfigError != nil:
				t.Errorf("%s: configuration error %v", tt.reason, r.ConfigError)
			case tt.configType != "" && r.ConfigError == nil:
				t.Errorf("%s: no configuration error, want %s", tt.reason, tt.configType)
			case r.ConfigError != nil && (r.ConfigError.Type != tt.configType || r.ConfigError.Message != tt.configMessage):
				t.Errorf("%s: %s: %s\nwant %s: %s", tt.reason, r.ConfigError.Type, r.ConfigError.Message, tt.configType, tt.configMessage)
			}
			if !strings.HasPrefix(r.Unresolved, tt.unresolved) || (tt.unresolved == "") != (r.Unresolved == "") {
				t.Errorf("%s: unresolved %q, want %q", tt.reason, r.Unresolved, tt.unresolved)
			}
		})
	}
}
