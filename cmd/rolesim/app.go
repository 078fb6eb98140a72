package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"

	"github.com/rolesim/rolesim/examples"
)

// Exit statuses.
const (
	exitOK       = 0 // every scenario passed (or the command had nothing to check)
	exitFailed   = 1 // at least one step did not meet its expectation
	exitBadInput = 2 // bad flags, unreadable paths, files that do not load
)

// exitError carries an exit status through cobra's error return. Commands
// print their own diagnostics before returning one.
type exitError struct{ code int }

func (e *exitError) Error() string { return "exit status " + strconv.Itoa(e.code) }

// app holds the dependencies of one rolesim invocation: where output goes,
// how the environment is read, how a terminal is recognised, and where the
// built-in examples live. Main builds it from the process; tests swap the
// parts they need.
type app struct {
	stdout, stderr io.Writer
	lookupEnv      func(string) (string, bool)
	isTerminal     func(io.Writer) bool
	// examples is the file system `run` and `validate` use when given no
	// paths; its *.yaml files at the root are shown as examples/<name>.
	examples fs.FS
	// prog is the command that runs rolesim again, for hints (see
	// progCommand); empty means "rolesim".
	prog string
}

func newApp(stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) *app {
	if lookupEnv == nil {
		lookupEnv = func(string) (string, bool) { return "", false }
	}
	return &app{
		stdout:     stdout,
		stderr:     stderr,
		lookupEnv:  lookupEnv,
		isTerminal: fileIsTerminal,
		examples:   examples.FS,
	}
}

// execute parses args with a fresh command tree, runs the chosen command and
// returns the exit status.
func (a *app) execute(args []string) int {
	if args == nil {
		// cobra reads os.Args when given nil.
		args = []string{}
	}
	root := a.rootCommand()
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	// A usage problem found by cobra: unknown command or flag, bad flag
	// value, wrong number of arguments.
	fmt.Fprintf(a.stderr, "rolesim: %v\n", err)
	if cmd != nil {
		fmt.Fprintf(a.stderr, "Run '%s --help' for usage.\n", cmd.CommandPath())
	}
	return exitBadInput
}

// useColor tells whether output to w may carry ANSI colours: only on a
// terminal, and only when NO_COLOR is unset or empty (https://no-color.org).
func (a *app) useColor(w io.Writer) bool {
	if v, ok := a.lookupEnv("NO_COLOR"); ok && v != "" {
		return false
	}
	return a.isTerminal(w)
}

// fileIsTerminal reports whether w is an *os.File attached to a character
// device (a terminal).
func fileIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || f == nil {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}
