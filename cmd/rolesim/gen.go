package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/gen"
)

// maxGenSteps is the most steps gen --steps writes: two per user and role,
// a timeline that stays under the 4 MiB of one scenario file.
const maxGenSteps = 20000

func (a *app) genCommand() *cobra.Command {
	var out string
	var o gen.Options
	cmd := &cobra.Command{
		Use:   "gen",
		Short: "Write a synthetic world (accounts, users, roles, trust policies) to try the analysis at scale",
		Long: `Gen writes a scenario file with a generated world: accounts (with --org, all
but the first in an organization's OU under an SCP), IAM users with and
without tags and identity policies, and roles whose trust policies name
users, roles, accounts or everyone, with and without conditions (external
id, role session name, MFA, tags, account) and Deny statements. The same
flags give the same file, byte for byte. rolesim's own differential tests
run on these worlds; use them to see how reach, juggling, who-can and graph
behave on an org of your size. A world larger than a scenario file may be
(4 MiB) is written as FILE including parts of whole accounts in FILE's
.parts directory (big.yaml, big.parts/part-001.yaml, ...); it needs -o.`,
		Example: `  rolesim gen -o small.yaml
  rolesim gen --accounts 1000 --roles 100 --org -o big.yaml && rolesim juggling big.yaml
  rolesim gen --accounts 200 --roles 50 --org -o mid.yaml && rolesim reach mid.yaml --from u1 --format json`,
		Args: cobra.NoArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			for _, f := range []struct {
				name string
				v    int
			}{{"accounts", o.Accounts}, {"users", o.UsersPer}, {"roles", o.RolesPer}} {
				if f.v < 1 || f.v > 100000 {
					fmt.Fprintf(a.stderr, "rolesim gen: --%s %d: must be from 1 to 100000\n", f.name, f.v)
					return codeError(exitBadInput)
				}
			}
			if o.Accounts*o.RolesPer > 1000000 {
				fmt.Fprintf(a.stderr, "rolesim gen: %d accounts of %d roles is over a million roles\n", o.Accounts, o.RolesPer)
				return codeError(exitBadInput)
			}
			if steps := 2 * o.Accounts * o.UsersPer * o.Accounts * o.RolesPer; o.Steps && steps > maxGenSteps {
				fmt.Fprintf(a.stderr, "rolesim gen: --steps tries every user on every role: %d steps is too many (keep users × roles under %d)\n", steps, maxGenSteps/2)
				return codeError(exitBadInput)
			}
			main, parts := gen.Files(o, partsDir(out))
			if len(main) > scenario.MaxFileSize {
				fmt.Fprintf(a.stderr, "rolesim gen: the timeline alone is %d bytes, over the 4 MiB a scenario file may hold: give fewer users or roles with --steps\n", len(main))
				return codeError(exitBadInput)
			}
			if len(parts) == 0 {
				return codeError(a.writeOutput(out, main))
			}
			files := make([]iamdump.File, len(parts))
			for i, p := range parts {
				files[i] = iamdump.File{Name: p.Name, Data: []byte(p.Data)}
			}
			if err := a.writeWithParts(out, []byte(main), files); err != nil {
				fmt.Fprintf(a.stderr, "rolesim gen: %v\n", err)
				return codeError(exitBadInput)
			}
			return nil
		},
	}
	cmd.Flags().Uint64Var(&o.Seed, "seed", 1, "picks the world; the same flags give the same file")
	cmd.Flags().IntVar(&o.Accounts, "accounts", 3, "number of accounts")
	cmd.Flags().IntVar(&o.UsersPer, "users", 2, "IAM users in each account")
	cmd.Flags().IntVar(&o.RolesPer, "roles", 3, "roles in each account")
	cmd.Flags().BoolVar(&o.Org, "org", false, "put the accounts in an organization under an SCP")
	cmd.Flags().BoolVar(&o.Steps, "steps", false, "add a timeline trying every user on every role (small worlds)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the scenario to this file instead of standard output")
	return cmd
}
