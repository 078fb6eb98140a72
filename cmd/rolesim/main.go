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
// expectation, 2 on bad input (a file that does not load, a path that cannot
// be read, a bad flag).
package main

import (
	"io"
	"os"
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv))
}

// Main runs rolesim with the command-line arguments args (without the
// program name), writing results to stdout and diagnostics to stderr, and
// reading the environment through lookupEnv (os.LookupEnv in production).
// It returns the process exit status: 0 when everything passed, 1 when a
// scenario step failed, 2 on bad input. Colour is used only when stdout is a
// terminal and NO_COLOR is unset or empty.
func Main(args []string, stdout, stderr io.Writer, lookupEnv func(string) (string, bool)) int {
	return newApp(stdout, stderr, lookupEnv).execute(args)
}
