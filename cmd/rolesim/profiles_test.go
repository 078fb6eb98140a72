package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	profilesConfig = "../../importer/cliprofile/testdata/config"
	profilesWorld  = "../../importer/cliprofile/testdata/world.yaml"
)

func TestProfilesCommand(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "config")
	if err := os.WriteFile(bad, []byte("[profile a]\nrole_arn\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		args         []string
		code         int
		// stdout and stderr must contain each of these.
		stdout, stderr []string
	}{
		{
			name: "two-hop chain works", reason: "prod: alice -> Dev -> Prod, one hour, and the Go SDK's 15 minutes noted",
			args: []string{"profiles", profilesConfig, "--world", profilesWorld, "--profile", "prod"},
			code: exitOK,
			stdout: []string{
				"prod: works for 1h0m0s (until 2024-01-01T01:00:00Z) as arn:aws:sts::222222222222:assumed-role/Prod/alice",
				"from   default: static keys AKIA5VLWSKMSUQYZTQRH of arn:aws:iam::111111111111:user/alice (access key id)",
				"hop 2  prod (../../importer/cliprofile/testdata/config:13:1): AssumeRole arn:aws:iam::222222222222:role/Prod as alice: 1h0m0s, role chaining",
				"note: aws-sdk-go-v2 gets 15m0s where the CLI gets 1h0m0s",
				"note: default session name: the CLI sends botocore-session-<unix seconds>, aws-sdk-go-v2 aws-go-sdk-<unix nanoseconds>",
				"1 of 1 profile(s) work\n",
			},
		},
		{
			name: "chained two hours", reason: "the failing hop and AWS's chaining message, as the CLI prints it",
			args: []string{"profiles", profilesConfig, "--world", profilesWorld, "--profile", "prod-2h"},
			code: exitFailed,
			stdout: []string{
				"prod-2h: FAILS at prod-2h (hop 2 of the chain)",
				"An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
			},
		},
		{
			name: "cycle", reason: "botocore's text, at the source_profile that closes the loop",
			args: []string{"profiles", profilesConfig, "--world", profilesWorld, "--profile", "loop-a"},
			code: exitFailed,
			stdout: []string{
				"loop-a: FAILS: configuration error at ../../importer/cliprofile/testdata/config:43:1 (botocore InfiniteLoopConfigError)",
				"Infinite loop in credential configuration detected. Attempting to load from profile loop-a which has already been visited. Visited profiles: ['loop-a', 'loop-b']",
				"note: aws-sdk-go-v2 reports no loop",
			},
		},
		{
			name: "every role profile", reason: "without --profile every role profile is checked; the credentials next to CONFIG are read",
			args:   []string{"profiles", profilesConfig, "--world", profilesWorld, "--as", "Ec2InstanceMetadata=arn:aws:iam::111111111111:role/Web"},
			code:   exitFailed,
			stdout: []string{"admin: works for 1h0m0s", "ec2-prod: works for 1h0m0s", "5 of 14 profile(s) work, 9 do(es) not\n"},
		},
		{
			name: "syntax error", reason: "a line that is no key = value, at file:line:col",
			args:   []string{"profiles", bad, "--world", profilesWorld},
			code:   exitBadInput,
			stderr: []string{bad + `:2:1: line is neither a [section], a key = value nor a comment: "role_arn"`},
		},
		{
			name: "bad --as", reason: "NAME=ARN is required",
			args:   []string{"profiles", profilesConfig, "--world", profilesWorld, "--as", "alice"},
			code:   exitBadInput,
			stderr: []string{`--as "alice": want NAME=ARN`},
		},
		{
			name: "world required", reason: "--world is required",
			args:   []string{"profiles", profilesConfig},
			code:   exitBadInput,
			stderr: []string{`required flag(s) "world" not set`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != tt.code {
				t.Errorf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", tt.reason, got.code, tt.code, got.stdout, got.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(got.stdout, s) {
					t.Errorf("%s: stdout lacks %q:\n%s", tt.reason, s, got.stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(got.stderr, s) {
					t.Errorf("%s: stderr lacks %q:\n%s", tt.reason, s, got.stderr)
				}
			}
		})
	}
}

func TestProfilesJSON(t *testing.T) {
	args := []string{"profiles", profilesConfig, "--world", profilesWorld, "--format", "json", "--profile", "prod"}
	first := invoke(t, args)
	if first.code != exitOK {
		t.Fatalf("exit %d: %s", first.code, first.stderr)
	}
	if again := invoke(t, args); again.stdout != first.stdout {
		t.Errorf("two runs printed different JSON")
	}
	var doc struct {
		Version  int
		Profiles []struct {
			Profile string
			CLI     struct {
				Works   bool
				Seconds int64 `json:"duration_seconds"`
				Hops    []struct {
					SessionName string `json:"role_session_name"`
					Chained     bool
				}
			}
			GoSDK struct {
				Seconds int64 `json:"duration_seconds"`
				Hops    []struct {
					SessionName string `json:"role_session_name"`
				}
			} `json:"go_sdk"`
			Notes []string
		}
		Warnings []string
	}
	if err := json.Unmarshal([]byte(first.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Profiles) != 1 || doc.Warnings == nil {
		t.Fatalf("want version 1, one profile and a warnings list: %s", first.stdout)
	}
	p := doc.Profiles[0]
	if !p.CLI.Works || p.CLI.Seconds != 3600 || p.GoSDK.Seconds != 900 || len(p.CLI.Hops) != 2 || !p.CLI.Hops[1].Chained {
		t.Errorf("prod: CLI 3600 s chained, Go SDK 900 s: %s", first.stdout)
	}
	if p.CLI.Hops[0].SessionName != "botocore-session-1704067200" || p.GoSDK.Hops[0].SessionName != "aws-go-sdk-1704067200000000000" {
		t.Errorf("default session names: CLI %q, Go %q", p.CLI.Hops[0].SessionName, p.GoSDK.Hops[0].SessionName)
	}
	if len(p.Notes) == 0 {
		t.Errorf("no notes on where the clients differ")
	}
}

// TestProfilesREADMESample checks that the README's sample output of
// rolesim profiles is what the command prints for the testdata files.
func TestProfilesREADMESample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "## Checking your CLI profiles")
	if !ok {
		t.Fatal("README has no section Checking your CLI profiles")
	}
	_, block, ok := strings.Cut(after, "```text\n")
	if !ok {
		t.Fatal("the section has no text sample")
	}
	block, _, _ = strings.Cut(block, "```")
	t.Chdir("../../importer/cliprofile/testdata")
	got := invoke(t, []string{"profiles", "config", "--world", "world.yaml", "--profile", "prod-2h"})
	if !strings.HasPrefix(got.stdout, block) {
		t.Errorf("README sample:\n%s\nrolesim prints:\n%s", block, got.stdout)
	}
}
