package main

import (
	"fmt"
	"sync"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/diff"
	"github.com/rolesim/rolesim/sim/reach"
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
			// Both worlds load and are analysed at once (loading one file
			// uses one core); problems are reported in argument order, the
			// old world's first.
			var sides [2]struct {
				analysis *reach.Analysis
				diags    scenario.Diagnostics
			}
			var wg sync.WaitGroup
			for i, path := range args {
				wg.Add(1)
				go func() {
					defer wg.Done()
					run, diags := a.loadQuiet(path)
					if len(diags) > 0 {
						sides[i].diags = diags
						return
					}
					an, err := analysis(run)
					if err != nil {
						sides[i].diags = asDiagnostics(run.name, err)
						return
					}
					sides[i].analysis = an
				}()
			}
			wg.Wait()
			for _, s := range sides {
				if len(s.diags) > 0 {
					a.printDiagnostics(s.diags)
					return codeError(exitBadInput)
				}
			}
			d := diff.Compare(sides[0].analysis, sides[1].analysis, args[0], args[1])
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
