package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/importer/iamdump"
)

func (a *app) importCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Turn real AWS data into a rolesim world",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cmd.Help()
		},
	}
	cmd.AddCommand(a.importAWSCommand())
	cmd.AddCommand(a.importTerraformCommand())
	return cmd
}

func (a *app) importAWSCommand() *cobra.Command {
	var out, name string
	cmd := &cobra.Command{
		Use:   "aws FILE|DIR...",
		Short: "Import IAM snapshots (get-account-authorization-details, list-roles) as a world",
		Long: `Import aws reads the JSON that the AWS CLI prints for

  aws iam get-account-authorization-details    (users, groups, roles, policies)
  aws iam list-roles                           (each role's MaxSessionDuration)

for one or more accounts, and writes one rolesim scenario file holding their
world, with no steps: add steps, or include: it from scenarios. A directory
stands for every *.json file below it. Documents may be decoded (the CLI's
form) or URL-encoded strings (the API's); pages cut with IsTruncated/Marker
may be given as separate files. The account ids come from the ARNs.

The Organizations listings (describe-organization, list-roots,
list-organizational-units-for-parent, list-accounts-for-parent,
list-policies, describe-policy, list-targets-for-policy) add the
organization: its tree of OUs and accounts, its SCPs and RCPs and where they
are attached. The for-parent and for-policy outputs do not say which parent
or policy they list: their file names must hold its id
(list-accounts-for-parent.ou-ab12-cdef5678.json,
list-targets-for-policy.p-examplescp.json).

Output is sorted and stable: the same input gives the same bytes. Every
entity has a comment naming the file and JSON path it came from, with its
RoleId/UserId (the scenario format has no field for them).

get-account-authorization-details has no MaxSessionDuration: a role that the
list-roles output does not cover is imported with 3600, AWS's default, with a
warning naming it and a comment on the role. What cannot be imported (a
missing page, a trust policy naming a deleted principal's unique id
AROA.../AIDA..., a policy rolesim cannot compile) is listed on stderr and in
the file's header; principals of accounts outside the input are kept and
listed too. A group the input does not hold, and a managed policy or
boundary without its document, become deny-all placeholders
(placeholder-group-NAME, ...) so that a Deny they may carry is not lost.

A managed policy (AWS or customer) that is attached, or a permissions
boundary, whose document the input does not hold is never left out (its
Denies would be lost): it becomes a placeholder inline policy that denies
everything (placeholder-aws-managed-NAME, placeholder-policy-NAME,
placeholder-boundary-NAME; Sid PlaceholderDocumentNotInInput), listed as
not imported. AWSDenyAll, whose document AWS publishes, is declared with it.

Exit status: 0 when the world was written, 2 on bad input (the file and the
JSON path of the problem are named).`,
		Example: `  aws iam get-account-authorization-details > dump/auth.json
  aws iam list-roles > dump/roles.json
  rolesim import aws dump/ -o world.yaml
  rolesim graph world.yaml`,
		Args: cobra.MinimumNArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			return []string{"json"}, cobra.ShellCompDirectiveFilterFileExt
		},
		RunE: func(_ *cobra.Command, args []string) error {
			return codeError(a.importAWS(args, out, name))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the world to this file instead of standard output")
	cmd.Flags().StringVar(&name, "name", "", "the scenario's name (default aws-import)")
	return cmd
}

func (a *app) importAWS(args []string, out, name string) int {
	srcs, err := readImportSources(args)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	res, err := iamdump.Import(srcs, iamdump.Options{Name: name, PartsDir: partsDir(out)})
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
	parts := ""
	if len(res.Parts) > 0 {
		parts = fmt.Sprintf(", in %d parts under %s", len(res.Parts), filepath.Join(filepath.Dir(out), partsDir(out)))
	}
	fmt.Fprintf(a.stderr, "imported %d account(s): %s (%d note(s))%s\n", len(res.Accounts), strings.Join(res.Accounts, ", "), len(res.Notes), parts)
	return exitOK
}

// partsDir is where the parts of a world too large for one file go,
// relative to the output file: world.yaml's in world.parts.
func partsDir(out string) string {
	if out == "" {
		return "parts"
	}
	base := filepath.Base(out)
	return strings.TrimSuffix(base, filepath.Ext(base)) + ".parts"
}

// writeImport writes the world to out (standard output when empty), and its
// parts, if any, next to it.
func (a *app) writeImport(out string, res *iamdump.Result) error {
	return a.writeWithParts(out, res.YAML, res.Parts)
}

// writeWithParts writes a world file to out (standard output when empty),
// and the parts it includes, if any, next to it.
func (a *app) writeWithParts(out string, main []byte, parts []iamdump.File) error {
	if out == "" {
		if len(parts) > 0 {
			return fmt.Errorf("the world is larger than one scenario file may be (4 MiB): give -o FILE to write it in %s", plural(len(parts), "part"))
		}
		_, err := a.stdout.Write(main)
		return err
	}
	dir := filepath.Dir(out)
	for _, p := range parts {
		name := filepath.Join(dir, filepath.FromSlash(p.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(name, p.Data, 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(out, main, 0o644)
}

// readImportSources reads the files named, and every *.json file below the
// directories named (hidden directories skipped), in sorted order.
func readImportSources(args []string) ([]iamdump.Source, error) {
	var names []string
	for _, arg := range args {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			names = append(names, arg)
			continue
		}
		var found []string
		err = filepath.WalkDir(arg, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && p != arg && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".json") {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no *.json file in the directory", arg)
		}
		sort.Strings(found)
		names = append(names, found...)
	}
	srcs := make([]iamdump.Source, 0, len(names))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, iamdump.Source{Name: filepath.ToSlash(n), Data: data})
	}
	return srcs, nil
}
