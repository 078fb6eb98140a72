package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/importer/tfplan"
)

func (a *app) importTerraformCommand() *cobra.Command {
	var out, name string
	var before bool
	var accounts, over []string
	cmd := &cobra.Command{
		Use:   "terraform PLAN.json",
		Short: "Import a Terraform plan (terraform show -json) as a world",
		Long: `Import terraform reads the JSON that

  terraform plan -out=tfplan && terraform show -json tfplan > plan.json

prints, and writes one rolesim scenario file holding the IAM world the plan
leaves behind (its planned values, root and child modules), with no steps:
so a plan can be tested before it is applied. With --before it writes the
world of the plan's prior state instead (what exists now): the two worlds
are the before and after of the change. The output of terraform show -json
for a state file is read too.

It reads aws_iam_role (inline_policy blocks, assume_role_policy,
max_session_duration, path, tags, permissions_boundary, managed_policy_arns),
aws_iam_role_policy, aws_iam_policy, aws_iam_role_policy_attachment (and the
user and group ones), aws_iam_user, aws_iam_user_policy, aws_iam_group,
aws_iam_group_policy, aws_iam_group_membership,
aws_iam_user_group_membership and aws_iam_openid_connect_provider, and the
organization: aws_organizations_organization, _organizational_unit,
_account, _policy (SCPs and RCPs) and _policy_attachment. Other aws_iam_*
and aws_organizations_* resources (and policy types) are listed as not
imported.

A value unknown until apply (after_unknown: a trust policy or policy that
refers to an ARN the plan creates) is never guessed: it is imported as a
placeholder that denies everything (Sid PlaceholderUnknownUntilApply, with a
comment naming the resource address), and listed on stderr and in the
file's header. An unknown role, user, group or policy ARN is followed
through the plan's configuration to the resource it refers to, when there
is exactly one (noted), and so is an unknown parent_id, policy_id or
target_id. An OU, account or policy id unknown until apply gets a
placeholder id (unknownuntilapply in it; accounts 000000000001, ...). An
attached policy the plan does not hold, and an OU or member account whose
parent the plan does not hold, get the placeholder SCP placeholder-deny-all:
what could deny is never left out. Nor is an attached managed policy or a
boundary whose document the plan does not hold (AWS managed ones: the
snapshot of --over holds those an account uses): a placeholder inline
policy that denies everything stands for it (see import aws).

With --over FILE|DIR (repeatable: what import aws reads, of the same
accounts) the plan is laid over that IAM snapshot: the snapshot gives the
entities Terraform does not manage, the plan's planned values replace the
snapshot's entity of the same ARN (keeping the inline policies, attachments
and group memberships the plan does not hold, which apply leaves), and what
the plan deletes (actions ["delete"]) is removed; the header lists what came
from the plan, what it replaced and what it removed, and each entity's
comment names its file. The snapshot's Organizations listings are the
organization the plan's aws_organizations_* resources change (a plan without
aws_organizations_organization needs them). Not with --before.

Account ids come from the ARNs in the plan: a resource's own arn, else those
of the other resources of its module. A module whose resources are all new
has none: give --account ID for every such resource, or --account
MODULE=ID (module.workload=222222222222, "" or root for the root module)
per module; without it the import fails naming the resource.

Exit status: 0 when the world was written, 2 on bad input (the file and the
JSON path of the problem are named).`,
		Example: `  terraform plan -out=tfplan && terraform show -json tfplan > plan.json
  rolesim import terraform plan.json -o after.yaml
  rolesim import terraform plan.json --before -o before.yaml
  rolesim import terraform plan.json --over dump/ -o after.yaml
  rolesim import terraform plan.json --account module.workload=222222222222 -o after.yaml`,
		Args: cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return codeError(a.importTerraform(args[0], out, name, before, accounts, over))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the world to this file instead of standard output")
	cmd.Flags().StringVar(&name, "name", "", "the scenario's name (default terraform-import)")
	cmd.Flags().BoolVar(&before, "before", false, "import the plan's prior state (before apply) instead of its planned values")
	cmd.Flags().StringArrayVar(&over, "over", nil, "lay the plan over this IAM snapshot (the FILE|DIR... of import aws; repeatable)")
	cmd.Flags().StringArrayVar(&accounts, "account", nil, "the account of resources no ARN of the plan places: ID, or MODULE=ID for one module (repeatable)")
	return cmd
}

func (a *app) importTerraform(plan, out, name string, before bool, accounts, over []string) int {
	opts := tfplan.Options{Name: name, PartsDir: partsDir(out), Before: before, ModuleAccounts: map[string]string{}}
	if len(over) > 0 {
		srcs, err := readImportSources(over)
		if err == nil {
			opts.Over, err = iamdump.ReadSnapshot(srcs)
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "rolesim: --over: %v\n", err)
			return exitBadInput
		}
	}
	for _, acc := range accounts {
		mod, id, ok := strings.Cut(acc, "=")
		if !ok {
			opts.Account = acc
			continue
		}
		if mod == "root" {
			mod = ""
		}
		opts.ModuleAccounts[mod] = id
	}
	data, err := os.ReadFile(plan)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	res, err := tfplan.Import(iamdump.Source{Name: filepath.ToSlash(plan), Data: data}, opts)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	for _, n := range res.Notes {
		kind := "warning"
		if n.Dropped {
			kind = "not imported"
		}
		fmt.Fprintf(a.stderr, "%s: %s\n", kind, n)
	}
	if err := a.writeImport(out, res); err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	fmt.Fprintf(a.stderr, "imported %d account(s): %s (%d note(s))\n", len(res.Accounts), strings.Join(res.Accounts, ", "), len(res.Notes))
	return exitOK
}
