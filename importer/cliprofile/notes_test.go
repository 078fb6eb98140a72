package cliprofile

import (
	"strings"
	"testing"
)

func TestNotes(t *testing.T) {
	c, w, sc := loadTestdata(t)
	short := []byte("[profile quick]\nrole_arn = arn:aws:iam::111111111111:role/Dev\nsource_profile = default\nduration_seconds = 900\nrole_session_name = quick\n")
	cq, err := Parse(File{Name: "config", Data: short}, File{Name: "credentials", Data: []byte("[default]\naws_access_key_id = AKIA5VLWSKMSUQYZTQRH\naws_secret_access_key = x\n")})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		cfg          *Config
		profile      string
		// want: a substring of each note, in order; the count must match.
		want []string
	}{
		{
			name: "default duration and name", reason: "no duration_seconds: the Go SDK gets 15 minutes; no role_session_name: the names differ",
			cfg: c, profile: "vendor",
			want: []string{"aws-sdk-go-v2 gets 15m0s where the CLI gets 1h0m0s", "default session name: the CLI sends botocore-session-<unix seconds>, aws-sdk-go-v2 aws-go-sdk-<unix nanoseconds>"},
		},
		{
			name: "same duration, named session", reason: "prod sets role_session_name but its source dev does not",
			cfg: c, profile: "dev",
			want: []string{"default session name"},
		},
		{
			name: "mfa", reason: "the CLI prompts; the Go SDK needs a token provider",
			cfg: c, profile: "admin",
			want: []string{"aws-sdk-go-v2 gets 15m0s", "default session name", `profile admin: the CLI prompts "Enter MFA code for arn:aws:iam::111111111111:mfa/alice: "`},
		},
		{
			name: "cycle", reason: "the Go SDK raises no loop error",
			cfg: c, profile: "loop-a",
			want: []string{"aws-sdk-go-v2 reports no loop"},
		},
		{
			name: "short session", reason: "900 s: the CLI's cache reuses nothing with 15 minutes or less left; both clients ask for 900 s",
			cfg: cq, profile: "quick",
			want: []string{"the CLI reuses cached credentials only while more than 15 minutes remain: with a session of 15m0s every command calls STS again"},
		},
		{
			name: "partial", reason: "a configuration error other than a cycle has nothing to compare",
			cfg: c, profile: "partial",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cli := Simulate(tt.cfg, tt.profile, w, sc.Start, ClientCLI, Options{})
			goSDK := Simulate(tt.cfg, tt.profile, w, sc.Start, ClientGoSDK, Options{})
			got := Notes(cli, goSDK)
			if len(got) != len(tt.want) {
				t.Fatalf("%s: %d notes, want %d:\n%s", tt.reason, len(got), len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.Contains(got[i], tt.want[i]) {
					t.Errorf("%s: note %d is %q, want it to hold %q", tt.reason, i+1, got[i], tt.want[i])
				}
			}
		})
	}
}
