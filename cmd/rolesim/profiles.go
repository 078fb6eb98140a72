package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/importer/cliprofile"
	"github.com/rolesim/rolesim/sim"
)

// profilesOptions is what `rolesim profiles` was asked to do.
type profilesOptions struct {
	config, credentials, world, profile string
	format                              profilesFormat
	as                                  []string
}

// profilesFormat is the value of profiles' --format flag: text or json.
type profilesFormat string

// String returns the format's name (pflag.Value).
func (f *profilesFormat) String() string { return string(*f) }

// Set checks and stores a --format value (pflag.Value).
func (f *profilesFormat) Set(s string) error {
	if s != "text" && s != "json" {
		return fmt.Errorf("unknown format %q (want text or json)", s)
	}
	*f = profilesFormat(s)
	return nil
}

// Type names the flag's value type in help (pflag.Value).
func (f *profilesFormat) Type() string { return "text|json" }

func (a *app) profilesCommand() *cobra.Command {
	opts := profilesOptions{format: "text"}
	cmd := &cobra.Command{
		Use:   "profiles CONFIG --world W",
		Short: "Check which AWS CLI profiles work against a world, and for how long",
		Long: `Profiles reads an AWS CLI config file (~/.aws/config: [default] and
[profile NAME] sections) and its credentials file, resolves every role profile
(role_arn with source_profile, credential_source or web_identity_token_file)
into the chain of STS calls the AWS CLI makes for it, and plays that chain
against the world of a scenario file (loaded as "rolesim run" loads it,
fixtures and includes too), at the scenario's start instant: will
"aws --profile X" work, for how long, and if not, which hop fails and why, in
AWS's words. duration_seconds, external_id, mfa_serial (the CLI prompts for a
code: the device's first code the world declares is typed) and
role_session_name are sent as the CLI sends them.

Configuration errors are reported as botocore reports them, with the
position of the key at fault: a profile cycle ("Infinite loop in credential
configuration detected..."), a role_arn with neither source_profile nor
credential_source ("Partial credentials found in assume-role..."), a
source_profile that does not exist.

Where a chain starts: static keys (aws_access_key_id) are matched to the
world user whose access key id they are (rolesim's keys are deterministic:
"rolesim serve" and the Go API print them), or named with --as
PROFILE=ARN (an IAM user, or arn:aws:iam::ACCT:root). A credential_source
names credentials rolesim cannot see: --as PROFILE=ARN or --as SOURCE=ARN
gives them: a user for Environment, the instance profile's role for
Ec2InstanceMetadata, the task role for EcsContainer (both are role sessions,
so the next hop is role chaining). SSO and credential_process sources are
reported as not modelled.

Each profile is also resolved as the AWS SDK for Go v2 would, and a note
says where the two differ (reference §14): the default session name
(botocore-session-<unix seconds> for the CLI, aws-go-sdk-<unix nanoseconds>
for Go), the duration (the Go SDK asks for 900 s unless duration_seconds is
960 or more; the CLI sends none, so STS gives 3600), cycles and MFA.

Without --credentials, a file named credentials next to CONFIG is read when
there is one. Without --profile, every role profile is checked, sorted by
name. --format json prints one document: "version", the profiles (each with
its "cli" and "go_sdk" results and "notes") and the warnings.

Exit status: 0 when every profile checked works, 1 when one does not, 2 on
bad input (a file that cannot be read or parsed, each problem at
file:line:col; a world that does not load; a bad --as).`,
		Example: `  rolesim profiles ~/.aws/config --world world.yaml
  rolesim profiles ~/.aws/config --credentials ~/.aws/credentials --world world.yaml --profile prod
  rolesim profiles config --world world.yaml --as Ec2InstanceMetadata=arn:aws:iam::111111111111:role/Web
  rolesim profiles config --world world.yaml --format json | jq '.profiles[] | select(.cli.works | not)'`,
		Args: cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.config = args[0]
			return codeError(a.profiles(opts))
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.credentials, "credentials", "", "the AWS CLI credentials file (default: credentials next to CONFIG, when present)")
	f.StringVar(&opts.world, "world", "", "the scenario file whose world the profiles are checked against (required)")
	f.StringVar(&opts.profile, "profile", "", "check only this profile")
	f.Var(&opts.format, "format", "output format: text or json")
	f.StringArrayVar(&opts.as, "as", nil, "`NAME=ARN`: the principal whose credentials profile NAME (or credential_source NAME) holds; repeatable")
	_ = cmd.MarkFlagRequired("world")
	return cmd
}

// profileReport is one profile's results, for both clients.
type profileReport struct {
	Profile string             `json:"profile"`
	CLI     *cliprofile.Result `json:"cli"`
	GoSDK   *cliprofile.Result `json:"go_sdk"`
	Notes   []string           `json:"notes"`
}

func (a *app) profiles(opts profilesOptions) int {
	as := map[string]string{}
	for _, kv := range opts.as {
		name, principal, ok := strings.Cut(kv, "=")
		if !ok || name == "" || principal == "" {
			fmt.Fprintf(a.stderr, "rolesim: --as %q: want NAME=ARN\n", kv)
			return exitBadInput
		}
		as[name] = principal
	}
	cfgData, err := os.ReadFile(opts.config)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	creds := cliprofile.File{Name: opts.credentials}
	if creds.Name == "" {
		if next := filepath.Join(filepath.Dir(opts.config), "credentials"); next != opts.config {
			if _, err := os.Stat(next); err == nil {
				creds.Name = next
			}
		}
	}
	if creds.Name != "" {
		if creds.Data, err = os.ReadFile(creds.Name); err != nil {
			fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
			return exitBadInput
		}
	}
	cfg, err := cliprofile.Parse(cliprofile.File{Name: opts.config, Data: cfgData}, creds)
	if err != nil {
		a.printDiagnostics(asDiagnostics(opts.config, err))
		return exitBadInput
	}
	sc, err := (input{name: opts.world}).load()
	if err != nil {
		a.printDiagnostics(asDiagnostics(opts.world, err))
		return exitBadInput
	}
	world, err := sim.NewWorld(sc)
	if err != nil {
		a.printDiagnostics(asDiagnostics(opts.world, err))
		return exitBadInput
	}
	var warnings []string
	for _, d := range cfg.Warnings {
		warnings = append(warnings, d.Error())
		if opts.format == "text" {
			fmt.Fprintf(a.stderr, "warning: %s\n", d.Error())
		}
	}
	names := []string{opts.profile}
	if opts.profile == "" {
		names = roleProfiles(cfg)
	}
	simOpts := cliprofile.Options{As: as, ReadFile: readTokenFile}
	reports := make([]profileReport, 0, len(names))
	failed := 0
	for _, n := range names {
		cli := cliprofile.Simulate(cfg, n, world, sc.Start, cliprofile.ClientCLI, simOpts)
		goSDK := cliprofile.Simulate(cfg, n, world, sc.Start, cliprofile.ClientGoSDK, simOpts)
		notes := cliprofile.Notes(cli, goSDK)
		if notes == nil {
			notes = []string{}
		}
		reports = append(reports, profileReport{Profile: n, CLI: cli, GoSDK: goSDK, Notes: notes})
		if !cli.Works {
			failed++
		}
	}
	w := &stickyWriter{w: a.stdout}
	if opts.format == "json" {
		if warnings == nil {
			warnings = []string{}
		}
		b, _ := json.MarshalIndent(struct {
			Version  int             `json:"version"`
			Profiles []profileReport `json:"profiles"`
			Warnings []string        `json:"warnings"`
		}{1, reports, warnings}, "", "  ")
		_, _ = w.Write(append(b, '\n'))
	} else {
		renderProfiles(w, reports, failed)
	}
	if w.err != nil {
		fmt.Fprintf(a.stderr, "rolesim: writing output: %v\n", w.err)
		return exitBadInput
	}
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

// readTokenFile reads a web_identity_token_file as the CLI does: the path
// as written (relative to the current directory), ~ expanded.
func readTokenFile(name string) ([]byte, error) {
	if rest, ok := strings.CutPrefix(name, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			name = filepath.Join(home, rest)
		}
	}
	b, err := os.ReadFile(name)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return nil, pe.Err
	}
	return b, err
}

// roleProfiles lists the profiles that assume a role, sorted.
func roleProfiles(cfg *cliprofile.Config) []string {
	var names []string
	for _, n := range cfg.Names() {
		if cfg.Profiles[n].Has("role_arn") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func renderProfiles(w *stickyWriter, reports []profileReport, failed int) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	for i, r := range reports {
		if i > 0 {
			p("\n")
		}
		c := r.CLI
		switch f := c.Failed(); {
		case c.ConfigError != nil:
			at := ""
			if c.ConfigError.Position != "" {
				at = " at " + c.ConfigError.Position
			}
			p("%s: FAILS: configuration error%s (botocore %s):\n  %s\n", r.Profile, at, c.ConfigError.Type, c.ConfigError.Message)
		case c.Unresolved != "":
			p("%s: UNRESOLVED: %s\n", r.Profile, c.Unresolved)
		case f != nil:
			p("%s: FAILS at %s (hop %d of the chain)\n", r.Profile, f.Profile, len(c.Hops))
		case c.Seconds == 0:
			p("%s: works, with long-term keys, as %s\n", r.Profile, c.ARN)
		default:
			p("%s: works for %s (until %s) as %s\n", r.Profile, seconds(c.Seconds), c.Expiration, c.ARN)
		}
		if c.Start != nil && c.Start.ARN != "" {
			o := c.Start.Origin
			what := "static keys " + o.AccessKeyID
			if o.Kind == cliprofile.OriginCredentialSource {
				what = "credential_source " + o.Source
			}
			p("  from   %s: %s of %s (%s)\n", o.Profile, what, c.Start.ARN, c.Start.MappedBy)
		}
		for j, h := range c.Hops {
			p("  hop %d  %s", j+1, h.Profile)
			if h.Pos != "" {
				p(" (%s)", h.Pos)
			}
			p(": %s %s as %s", h.Operation, h.RoleARN, h.SessionName)
			if h.Requested != 0 {
				p(", DurationSeconds %d", h.Requested)
			}
			if h.MFA != "" {
				p(", MFA %s", h.MFA)
			}
			if h.Error != nil {
				p("\n         %s\n", h.Error.CLIMessage(h.Operation))
				continue
			}
			chained := ""
			if h.Chained {
				chained = ", role chaining"
			}
			p(": %s%s\n", seconds(h.Seconds), chained)
		}
		for _, n := range r.Notes {
			p("  note: %s\n", n)
		}
	}
	p("\n%d of %d profile(s) work", len(reports)-failed, len(reports))
	if failed > 0 {
		p(", %d do(es) not", failed)
	}
	p("\n")
}

func seconds(n int64) string { return (time.Duration(n) * time.Second).String() }
