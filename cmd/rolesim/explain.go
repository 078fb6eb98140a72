package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
)

// explainOptions is what `rolesim explain` was asked to do.
type explainOptions struct {
	file   string
	step   string
	format outputFormat
}

func (a *app) explainCommand() *cobra.Command {
	opts := explainOptions{format: outputText}
	cmd := &cobra.Command{
		Use:   "explain FILE",
		Short: "Explain, step by step and in plain English, what AWS does and why",
		Long: `Explain runs one scenario and tells, for every step (or the one --step names),
what AWS would do and why: which credentials made the call, whether it counts
as role chaining, the requested, allowed and effective session duration and
the rule that bounded it, each policy consulted in AWS's evaluation order
(SCPs level by level, RCPs, the trust or resource-based policy, identity
policies, the permissions boundary, session policies) with the statement that
decided quoted from the file with its file:line, the condition keys of the
request, the conditions that failed and the keys they missed, and the final
decision.

FILE is a scenario file; examples/<name> also finds a built-in example when
no such file exists. --format json prints the same explanation for programs.

` + scenarioFormatHelp,
		Example: `  rolesim explain examples/03-chain-one-hour-cap.yaml
  rolesim explain chain.yaml --step prod
  rolesim explain chain.yaml --step 2 --format json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			opts.file = args[0]
			return codeError(a.explain(opts))
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.step, "step", "", "explain only the step with this id (or 1-based number)")
	f.Var(&opts.format, "format", "output format: text or json")
	return cmd
}

func (a *app) explain(opts explainOptions) int {
	one, code := a.loadOne(opts.file)
	if code != exitOK {
		return code
	}
	ex, err := explain.Explain(one.report, one.source)
	if err != nil {
		a.printDiagnostics(asDiagnostics(one.name, err))
		return exitBadInput
	}
	out := &stickyWriter{w: a.stdout}
	if opts.step != "" {
		e := ex.Step(opts.step)
		if e == nil {
			fmt.Fprintf(a.stderr, "rolesim: %s has no step %q; its steps are: %s\n", one.name, opts.step, stepIDs(ex))
			return exitBadInput
		}
		if opts.format == outputJSON {
			writeIndentedJSON(out, e)
		} else {
			fmt.Fprint(out, e.String())
		}
	} else if opts.format == outputJSON {
		writeIndentedJSON(out, ex)
	} else {
		fmt.Fprint(out, ex.String())
	}
	if out.err != nil {
		fmt.Fprintf(a.stderr, "rolesim: writing the explanation: %v\n", out.err)
		return exitBadInput
	}
	return exitOK
}

func stepIDs(ex *explain.ScenarioExplanation) string {
	ids := make([]string, len(ex.Steps))
	for i, s := range ex.Steps {
		ids[i] = s.ID
	}
	return strings.Join(ids, ", ")
}

func writeIndentedJSON(out *stickyWriter, v any) {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		out.err = err
		return
	}
	data = append(data, '\n')
	_, _ = out.Write(data)
}

// ranScenario is one scenario file loaded and run, with its text.
type ranScenario struct {
	name   string
	source []byte
	sc     *scenario.Scenario
	report *sim.Report
}

// loadOne loads, runs and reads one scenario file for the picture and
// explanation commands. A path that does not exist on disk but names a
// built-in example (examples/<name>) loads that example. Problems are
// printed; the status is exitOK when the scenario ran.
func (a *app) loadOne(path string) (*ranScenario, int) {
	r, diags := a.loadQuiet(path)
	if len(diags) > 0 {
		a.printDiagnostics(diags)
		return nil, exitBadInput
	}
	return r, exitOK
}

// loadQuiet is loadOne returning the problems instead of printing them;
// it writes nothing, so that several may run at once.
func (a *app) loadQuiet(path string) (*ranScenario, scenario.Diagnostics) {
	in := input{name: path}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if ex, ok := a.builtinExamples(path); ok && len(ex) == 1 {
			in = ex[0]
		}
	}
	rs, diags := a.runInputs([]input{in})
	if len(diags) > 0 {
		return nil, diags
	}
	return rs[0], nil
}

// runInputs loads every input, reads its text and runs it. Problems of the
// inputs that do not load are returned; the others run.
func (a *app) runInputs(ins []input) ([]*ranScenario, scenario.Diagnostics) {
	good, diags := prepare(ins)
	var out []*ranScenario
	for _, l := range good {
		var (
			src []byte
			err error
		)
		if l.fsys != nil {
			src, err = fs.ReadFile(l.fsys, l.name)
		} else {
			src, err = os.ReadFile(l.name)
		}
		if err != nil {
			diags = append(diags, pathDiagnostic(l.name, err))
			continue
		}
		rep, err := sim.Run(l.sc)
		if err != nil {
			diags = append(diags, asDiagnostics(l.name, err)...)
			continue
		}
		out = append(out, &ranScenario{name: l.name, source: src, sc: l.sc, report: rep})
	}
	return out, diags
}
