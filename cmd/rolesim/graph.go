package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

func (a *app) graphCommand() *cobra.Command {
	var out string
	format := pictureFormat{value: "mermaid", allowed: []string{"mermaid", "dot", "svg"}}
	cmd := &cobra.Command{
		Use:   "graph FILE",
		Short: "Draw who can assume which role, as Mermaid, Graphviz DOT or SVG",
		Long: `Graph works out, without running the timeline, who can assume what in a
scenario's world: IAM users and roles are nodes, grouped by account and OU,
and an edge runs from a principal to a role when the role's trust policy and
the caller's own permissions (identity-based policies, permissions boundary,
the SCPs above the caller's account, the RCPs above the role's account) could
all allow sts:AssumeRole. Each edge is labelled with the conditions that gate
it (external id, MFA, tags, ...) and the longest session it can give: the
role's MaxSessionDuration from an IAM user, one hour from a role (chaining,
drawn dashed). Principals a trust policy names outside the scenario appear
in a group of their own.

Conditions on keys the world fixes (the caller's ARN, account and
organization, an IAM user's tags) are evaluated; all others are taken to be
conditions that may hold and become labels. The graph is of the world as the
file declares it: world-change steps are not applied.

Mermaid renders in GitHub Markdown; DOT in Graphviz (dot -Tsvg). The picture
goes to -o (standard output when absent).`,
		Example: `  rolesim graph examples/12-three-hop-chain.yaml
  rolesim graph examples/09-scp-blocks-chain.yaml --format dot | dot -Tsvg > graph.svg
  rolesim graph chain.yaml --format svg -o docs/graph.svg`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			return codeError(a.picture(args[0], out, func(r *ranScenario) (string, error) {
				w, err := sim.NewWorld(r.sc)
				if err != nil {
					return "", err
				}
				g := trustgraph.Build(w, r.sc.Name)
				switch format.value {
				case "dot":
					return g.DOT(), nil
				case "svg":
					if len(g.Edges) > trustgraph.MaxSVGEdges {
						return "", fmt.Errorf("the trust graph has %d edges: --format svg draws at most %d (one numbered arc each, their labels placed apart, which takes time growing with the square of the edges); use --format dot for Graphviz, or mermaid", len(g.Edges), trustgraph.MaxSVGEdges)
					}
					return g.SVG(""), nil
				}
				return g.Mermaid(), nil
			}))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the graph to this file instead of standard output")
	cmd.Flags().Var(&format, "format", "output format: mermaid, dot or svg")
	return cmd
}
