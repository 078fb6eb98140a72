package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// scenarioFormatHelp is the scenario format taught in every command's help.
const scenarioFormatHelp = `A scenario is a YAML file with a world and a timeline. The world is a list
of accounts (id, users, groups, roles with their trust_policy, customer
managed policies, resources with resource-based policies), optionally an
organization with SCPs and RCPs attached to its OUs. The timeline is a list
of steps: "assume" calls sts:AssumeRole as a user, the root user or the
session an earlier step issued (naming that step's id); "advance" moves the
fake clock (90m, or {to: 2024-01-01T03:00:00Z}); "call" makes an API request
such as s3:GetObject; "whoami" calls sts:GetCallerIdentity. A step may carry
a note (what it teaches) and an "expect" block: the AWS error code it must
fail with (AccessDenied, ValidationError, ...), which kind of policy denied it
(denied_by), and for a successful assume its duration, expiration, arn or
whether it was chained. A step with no expect block must succeed. Policies
use AWS's own JSON keys (Version, Statement, Effect, Principal, Action,
Resource, Condition), written as YAML maps or JSON strings.`

// rootCommand builds the command tree for one invocation.
func (a *app) rootCommand() *cobra.Command {
	var showVersion bool
	root := &cobra.Command{
		Use:   "rolesim",
		Short: "Simulate AWS STS AssumeRole and role chaining on a fake clock",
		Long: `rolesim plays YAML scenarios of AWS STS AssumeRole calls, role chaining and
API calls on a fake clock, evaluates every trust policy, identity policy,
permissions boundary, session policy, SCP and RCP the way AWS does, and
checks each step against the outcome the scenario expects.

` + scenarioFormatHelp,
		Example: `  rolesim run                       # run the built-in examples
  rolesim run my-scenarios/         # every *.yaml and *.yml below the directory
  rolesim run -v chain.yaml         # every step, its clock instant and session
  rolesim validate chain.yaml       # check the file without running it`,
		Version:       Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	// Declared here so that cobra does not give --version the -v shorthand,
	// which `run` uses for --verbose.
	root.Flags().BoolVar(&showVersion, "version", false, "print the version and exit")
	root.SetVersionTemplate("rolesim {{.Version}}\n")
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.AddCommand(a.runCommand(), a.validateCommand(), a.versionCommand())
	root.AddCommand(a.schemaCommand(), a.initCommand())
	root.AddCommand(a.explainCommand(), a.timelineCommand(), a.graphCommand(), a.reportCommand())
	root.AddCommand(a.reachCommand(), a.jugglingCommand(), a.whoCanCommand(), a.whatCanCommand(), a.diffCommand(), a.genCommand())
	root.AddCommand(a.serveCommand())
	root.AddCommand(a.importCommand())
	root.AddCommand(a.profilesCommand())
	return root
}

func (a *app) runCommand() *cobra.Command {
	opts := runOptions{format: outputText}
	cmd := &cobra.Command{
		Use:   "run [files or dirs...]",
		Short: "Run scenarios and check every step against its expectation",
		Long: `Run loads each scenario, plays its steps on a fresh world and fake clock,
and checks every step's outcome against its expect block.

Files run in the order given; a directory stands for every *.yaml and *.yml
file below it (hidden directories skipped), in sorted order. With no paths,
the examples built into rolesim run, shown as examples/<name>; a path
examples/<name> (or examples/) that does not exist on disk names the
built-in examples too. A file that fails to load is a failed scenario: its
problems, each as file:line:col: message, are in the report (and on stderr
with --format json or junit), and the other files still run.

The text report has one PASS or FAIL line per scenario. Each failed step is
shown with its note, why it failed, a (-want +got) diff of the checked fields
and the decision trace: every policy evaluated, its verdict and the deciding
statement. -v shows every step with the clock instant and, for assume steps,
the session issued. --format json prints the same results for programs, and
--format junit as JUnit XML for CI systems (one testsuite per scenario, one
testcase per step; a file that does not load is a testsuite with one failed
testcase holding its problems). A step that uses the session of a step that
failed is not run: it is reported as skipped because of that step (SKIP,
JUnit <skipped>), counted apart from the failures. The JSON schema is
described in the README (its "version" field says which). Colour is used
only on a terminal, and never when NO_COLOR is set.

Scenarios may build on rolesim's fixtures (use: [org/three-account]) and on
world files (include: [../shared/world.yaml]); directories named worlds are
not run as scenarios.

--golden DIR compares each scenario's full decision trace with the file
DIR/<scenario name>.golden (the same files the Go assertions package's Golden
option uses); a missing or different file fails the scenario, and --update
rewrites them. --shard i/n runs the i-th of n deterministic shares of the
files (sorted by path, dealt round-robin), for a CI matrix. -p N runs N
scenarios at once (default: the number of CPUs); the output is the same for
any N. On a terminal, a progress line on stderr counts the files.

--trail FILE writes every STS call of the runs as a CloudTrail record, one
JSON object per line, in file and step order: the shapes CloudTrail gives STS
events (userIdentity by type, requestParameters, responseElements without
the secret or errorCode and errorMessage), times on the fake clock and ids
derived from the scenario's name and step, so a run always writes the same
file; a cross-account AssumeRole is recorded in both accounts.

Exit status: 0 when every step passed; 1 when a step (or golden trace)
failed or a file did not load; 2 on a usage error (an unknown flag or bad
flag value, --update without --golden, two scenarios of one name with
--golden) or when the results or golden files cannot be written.

` + scenarioFormatHelp,
		Example: `  rolesim run
  rolesim run examples/01-first-hop-max-session-duration.yaml
  rolesim run --verbose scenarios/ extra.yml
  rolesim run --format json scenarios/ | jq '.summary'
  rolesim run --format junit --shard 2/4 -p 8 scenarios/ > junit.xml
  rolesim run --golden testdata/golden scenarios/          # --update rewrites
  rolesim run --trail trail.jsonl examples/04-chain-expiry-not-capped.yaml`,
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			opts.paths = args
			return codeError(a.run(opts))
		},
	}
	f := cmd.Flags()
	f.BoolVarP(&opts.verbose, "verbose", "v", false, "show every step with its clock instant and, for assume steps, the session issued")
	f.Var(&opts.format, "format", "output format: text, json or junit")
	_ = cmd.RegisterFlagCompletionFunc("format", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return []string{"text\thuman-readable report", "json\tmachine-readable results", "junit\tJUnit XML for CI"}, cobra.ShellCompDirectiveNoFileComp
	})
	f.StringVar(&opts.golden, "golden", "", "compare each scenario's decision trace with `DIR`/<scenario name>.golden")
	f.BoolVar(&opts.update, "update", false, "rewrite the golden traces (with --golden)")
	f.Var(&opts.shard, "shard", "run only share i of n of the files (sorted by path), e.g. 2/4")
	f.IntVarP(&opts.parallel, "parallel", "p", 0, "run `N` scenarios at once (default: the number of CPUs); output is the same for any N")
	f.StringVar(&opts.trail, "trail", "", "write every STS call as a CloudTrail record to `FILE`, one JSON object per line")
	return cmd
}

func (a *app) validateCommand() *cobra.Command {
	format := outputText
	cmd := &cobra.Command{
		Use:   "validate [files or dirs...]",
		Short: "Load and check scenarios without running them",
		Long: `Validate loads each scenario with the strict loader (unknown keys, bad
values, malformed policies, references to undefined accounts, roles, steps or
policies) and builds its world, without running any step. It prints
"ok <file>" for each good file and every problem of the others to stderr as
file:line:col: message. --format json prints one document instead: a
"version", one entry per file (file, passed, diagnostics with pos, file,
line, col and message) and a summary (files, passed, failed); the problems
still go to stderr too.

Paths are taken as by "rolesim run": files in the order given, directories
searched for *.yaml and *.yml files, the built-in examples when none is given
(examples/<name> finds one of them).

Exit status: 0 when every file is valid, 1 when one is not (or a path cannot
be read), 2 on a usage error.

` + scenarioFormatHelp,
		Example: `  rolesim validate
  rolesim validate chain.yaml scenarios/
  rolesim validate --format json scenarios/ | jq '.summary'`,
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			if format == outputJUnit {
				return errors.New(`validate --format: want text or json, not "junit"`)
			}
			return codeError(a.validate(args, format))
		},
	}
	cmd.Flags().Var(&format, "format", "output format: text or json")
	return cmd
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print rolesim's version",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(a.stdout, "rolesim %s\n", Version)
			return err
		},
	}
}

// completeScenarioPaths completes arguments with YAML files and directories.
func completeScenarioPaths(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}

// codeError turns an exit status into the error cobra returns (nil for 0).
func codeError(code int) error {
	if code == exitOK {
		return nil
	}
	return &exitError{code: code}
}
