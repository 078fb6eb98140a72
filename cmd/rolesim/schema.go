package main

import (
	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/scenario"
)

// schemaHeader is the first line that points the YAML language server at
// the published schema.
const schemaHeader = "# yaml-language-server: $schema=" + scenario.SchemaID

func (a *app) schemaCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the scenario format, for editors",
		Long: `Schema prints the JSON Schema (draft 2020-12) of the scenario format. Editors
with the YAML language server (VS Code's YAML extension, Neovim, JetBrains
IDEs, ...) use it for completion, hover help and validation of scenario
files. Start a scenario file with

  ` + schemaHeader + `

or save the output and point the header at the local copy:

  rolesim schema > rolesim.schema.json
  # yaml-language-server: $schema=./rolesim.schema.json

The schema is generated from the loader's own tables of keys, so it accepts
exactly the keys rolesim accepts.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			out := &stickyWriter{w: a.stdout}
			out.Write(scenario.JSONSchema())
			if out.err != nil {
				return &exitError{code: exitBadInput}
			}
			return nil
		},
	}
}
