package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/sim/diff"
)

func (a *app) diffCommand() *cobra.Command {
	var out string
	format := pictureFormat{value: "text", allowed: []string{"text", "json", "markdown"}}
	cmd := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show which access paths appeared, vanished or changed between two versions of a world",
		Long: `Diff compares the access two scenario files' worlds give, as rolesim reach
works it out for each: every principal-to-role route that appeared or
vanished, every route whose conditions, Deny conditions or longest session
changed, and every role-juggling cycle that appeared or vanished. Principals
and roles are matched by ARN. A different shortest path to the same role
under the same conditions is not a change of access.

Run it on the world of the main branch and on a pull request's (for example
two rolesim import terraform outputs, --before and after) to review what the
change does to access. The exit status is 0 when the access is the same, 1
when it differs (as diff(1)), 2 for bad input. --format markdown writes a
table for a pull-request comment.`,
		Example: `  rolesim diff main/world.yaml pr/world.yaml
  rolesim diff before.yaml after.yaml --format markdown -o access.md`,
		Args: cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			oldRun, code := a.loadOne(args[0])
			if code != exitOK {
				return codeError(code)
			}
			newRun, code := a.loadOne(args[1])
			if code != exitOK {
				return codeError(code)
			}
			oldA, err := analysis(oldRun)
			if err != nil {
				a.printDiagnostics(asDiagnostics(oldRun.name, err))
				return codeError(exitBadInput)
			}
			newA, err := analysis(newRun)
			if err != nil {
				a.printDiagnostics(asDiagnostics(newRun.name, err))
				return codeError(exitBadInput)
			}
			d := diff.Compare(oldA, newA, args[0], args[1])
			text := d.Text()
			switch format.value {
			case "json":
				text = d.JSON()
			case "markdown":
				text = d.Markdown()
			}
			if code := a.writeOutput(out, text); code != exitOK {
				return codeError(code)
			}
			if !d.Empty() {
				if out != "" {
					fmt.Fprintf(a.stderr, "rolesim diff: access differs (%d route change(s), %d cycle change(s))\n", len(d.Changes), len(d.Cycles))
				}
				return codeError(exitFailed)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the comparison to this file instead of standard output")
	cmd.Flags().Var(&format, "format", "output format: text, json or markdown")
	return cmd
}
