// Command rolesim runs and validates rolesim scenario files: YAML
// descriptions of AWS accounts, roles and policies plus a timeline of STS
// AssumeRole calls, clock advances and API calls, each with the outcome it
// must produce.
//
// Usage:
//
//	rolesim run [files or dirs...]       run scenarios and check every step
//	rolesim validate [files or dirs...]  load and check scenarios without running them
//	rolesim version                      print the version
//
// With no paths, both commands use the examples built into the binary.
// Exit status: 0 when everything passed, 1 when a step failed its
// expectation or a file does not load, 2 on a usage error (a bad flag or
// argument count) or when the output cannot be written.
package main

import (
	"io"
	"os"
	"runtime/debug"
)

func main() {
	a := newApp(os.Stdout, os.Stderr, os.LookupEnv)
	bi, _ := debug.ReadBuildInfo()
	a.prog = progCommand(os.Args[0], bi)
	os.Exit(a.execute(os.Args[1:]))
}

// Main runs rolesim with the command-line arguments args (without the
// program name), writing results to stdout and diagnostics to stderr, and
// reading the environment through lookupEnv (os.LookupEnv in production).
// It returns the process exit status: 0 when everything passed, 1 when a
// scenario step failed or a file did not load, 2 on a usage error. Colour
// is used only when stdout is a terminal and NO_COLOR is unset or empty.
func Main(args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	return newApp(stdout, stderr, lookupEnv).execute(args)
}
