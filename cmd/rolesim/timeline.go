package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/sim/timeline"
)

// pictureFormat is the value of a picture command's --format flag.
type pictureFormat struct {
	value   string
	allowed []string
}

// String returns the format's name (pflag.Value).
func (f *pictureFormat) String() string { return f.value }

// Set checks and stores a --format value (pflag.Value).
func (f *pictureFormat) Set(s string) error {
	for _, a := range f.allowed {
		if s == a {
			f.value = s
			return nil
		}
	}
	return fmt.Errorf("unknown format %q (want %s)", s, strings.Join(f.allowed, " or "))
}

// Type names the flag's value type in help (pflag.Value).
func (f *pictureFormat) Type() string { return strings.Join(f.allowed, "|") }

func (a *app) timelineCommand() *cobra.Command {
	var out string
	format := pictureFormat{allowed: []string{"svg", "html"}}
	cmd := &cobra.Command{
		Use:   "timeline FILE",
		Short: "Draw a scenario's run on the fake clock as an SVG picture",
		Long: `Timeline runs one scenario and draws it on its fake clock: one lane per
caller (IAM user, root user or role session), a bar for each session from
issue to expiry, an arrow for each AssumeRole hop, a numbered marker for every
request (red when AWS refused it; the legend gives its error), the one-hour
role-chaining cap and the role's MaxSessionDuration as dashed limits, and
clock advances as shaded gaps.

The picture goes to -o (standard output when absent). --format html wraps it
in a self-contained page; without --format, an -o file ending in .html gets
html and anything else svg.`,
		Example: `  rolesim timeline examples/12-three-hop-chain.yaml -o docs/timeline.svg
  rolesim timeline chain.yaml --format html -o chain.html`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			f := format.value
			if f == "" {
				f = "svg"
				if strings.EqualFold(filepath.Ext(out), ".html") {
					f = "html"
				}
			}
			return codeError(a.picture(args[0], out, func(r *ranScenario) (string, error) {
				tl := timeline.Build(r.report)
				if f == "html" {
					return tl.HTML(), nil
				}
				return tl.SVG(""), nil
			}))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the picture to this file instead of standard output")
	cmd.Flags().Var(&format, "format", "output format: svg or html")
	return cmd
}

// picture loads and runs one scenario, renders it, and writes the result to
// out (standard output when empty).
func (a *app) picture(file, out string, render func(*ranScenario) (string, error)) int {
	r, code := a.loadOne(file)
	if code != exitOK {
		return code
	}
	text, err := render(r)
	if err != nil {
		a.printDiagnostics(asDiagnostics(r.name, err))
		return exitBadInput
	}
	return a.writeOutput(out, text)
}

// writeStream writes with write to the file out, or to standard output
// when out is empty, without holding the whole text: rolesim reach on a
// large world writes gigabytes.
func (a *app) writeStream(out string, write func(io.Writer) error) int {
	if out == "" {
		bw := bufio.NewWriterSize(a.stdout, 1<<16)
		err := write(bw)
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			fmt.Fprintf(a.stderr, "rolesim: writing output: %v\n", err)
			return exitBadInput
		}
		return exitOK
	}
	f, err := os.Create(out)
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	return exitOK
}

// writeOutput writes text to the file out, or to standard output when out
// is empty.
func (a *app) writeOutput(out, text string) int {
	if out == "" {
		w := &stickyWriter{w: a.stdout}
		_, _ = w.Write([]byte(text))
		if w.err != nil {
			fmt.Fprintf(a.stderr, "rolesim: writing output: %v\n", w.err)
			return exitBadInput
		}
		return exitOK
	}
	if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
		fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
		return exitBadInput
	}
	return exitOK
}
