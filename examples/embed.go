// Package examples holds rolesim's teaching scenarios. Each YAML file teaches
// one rule of STS and IAM; all of them run in the tests, and `rolesim run`
// with no arguments runs them from this embedded copy.
package examples

import "embed"

// FS holds every example scenario (*.yaml) at its root.
//
//go:embed *.yaml
var FS embed.FS
