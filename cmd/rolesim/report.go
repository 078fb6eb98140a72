package main

import (
	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/sim/report"
)

func (a *app) reportCommand() *cobra.Command {
	var out, title string
	cmd := &cobra.Command{
		Use:   "report [files or dirs...]",
		Short: "Write one self-contained HTML page: results, timelines, trust graphs, explanations",
		Long: `Report runs scenarios and writes a single HTML page with the pass/fail table
of all of them and, for each, its timeline, its trust graph and the
plain-English explanation of every step (failed steps opened). The page is
self-contained: styles and pictures are inline, it has no scripts and fetches
nothing, so it can be attached to a CI run or mailed.

Paths are taken as by "rolesim run": files in the order given, directories
searched for *.yaml and *.yml files, the built-in examples when none is given.
The page goes to -o (standard output when absent). The exit status is 0 when
the page was written, whatever the scenarios' results, and 2 on bad input.`,
		Example: `  rolesim report examples/ -o report.html
  rolesim report -o report.html     # the built-in examples`,
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			return codeError(a.report(args, out, title))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the page to this file instead of standard output")
	cmd.Flags().StringVar(&title, "title", "rolesim report", "the page's title")
	return cmd
}

func (a *app) report(paths []string, out, title string) int {
	ins, diags := a.collect(paths)
	ran, runDiags := a.runInputs(ins)
	diags = append(diags, runDiags...)
	if len(diags) > 0 {
		a.printDiagnostics(diags)
		return exitBadInput
	}
	entries := make([]report.Entry, len(ran))
	for i, r := range ran {
		entries[i] = report.Entry{File: r.name, Source: r.source, Report: r.report}
	}
	page, err := report.HTML(title, entries)
	if err != nil {
		a.printDiagnostics(asDiagnostics("", err))
		return exitBadInput
	}
	return a.writeOutput(out, page)
}
