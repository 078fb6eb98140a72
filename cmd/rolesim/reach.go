package main

import (
	"errors"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// analysis builds the trust graph of a scenario's world as the file
// declares it and indexes it for sim/reach.
func analysis(r *ranScenario) (*reach.Analysis, error) {
	w, err := sim.NewWorld(r.sc)
	if err != nil {
		return nil, err
	}
	return reach.New(trustgraph.Build(w, r.sc.Name)), nil
}

// lookupFlag resolves a --from or --to value to its nodes; an unknown name
// is an error naming the flag, with a suggestion when only its case
// differs.
func lookupFlag(a *reach.Analysis, flag, name string, roles bool) ([]int, error) {
	if name == "" {
		return nil, nil
	}
	if nodes := a.Lookup(name, roles); len(nodes) > 0 {
		return nodes, nil
	}
	what := "principal"
	if roles {
		what = "role"
	}
	msg := "--" + flag + " " + name + ": no " + what + " of the world is named so (give its name, or its ARN)"
	for i, nd := range a.Graph.Nodes {
		if (!roles || nd.Kind == trustgraph.NodeRole) && (strings.EqualFold(nd.Label, name) || strings.EqualFold(a.Key(i), name)) {
			msg += "; did you mean " + a.Name(i) + "?"
			break
		}
	}
	return nil, errors.New(msg)
}

func (a *app) reachCommand() *cobra.Command {
	var out, from, to, emit string
	format := pictureFormat{value: "text", allowed: []string{"text", "json", "dot", "mermaid"}}
	cmd := &cobra.Command{
		Use:   "reach FILE",
		Short: "List every role each principal can reach by chains of role assumptions",
		Long: `Reach works out, without running the timeline, every role each principal of a
scenario's world can reach by chains of AssumeRole calls (and the other first
hops the trust graph knows: web identity and SAML through an identity
provider, AWS services), from the edges of rolesim graph. Principals are the
IAM users, the roles (a role's session chaining on), and the principals the
trust policies name outside the world: another account, an outside ARN, an
identity provider, a service, or anyone (a "*" trust).

For each role a principal reaches it gives one path, the shortest (ties go
to the principal or role declared first), the conditions that path relies on
(external id, MFA, tags, ...; the union of its hops' conditions, in order),
the Deny conditions that would stop it, and the longest session the last hop
can give: the role's MaxSessionDuration on a first hop, one hour when the
caller is a role session (role chaining).

--from and --to narrow the answer to one principal and one role, each named
by its name or ARN. Conditions on keys the world fixes are decided as in
rolesim graph; the world is the one the file declares (world-change steps
are not applied). JSON lists principals by ARN and each one's roles by ARN;
DOT and Mermaid draw the hops of the paths listed.`,
		Example: `  rolesim reach examples/12-three-hop-chain.yaml
  rolesim reach examples/07-cross-account-both-sides.yaml --from alice --format json
  rolesim reach world.yaml --to ProdAdmin --format mermaid`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			r, code := a.loadOne(args[0])
			if code != exitOK {
				return codeError(code)
			}
			an, fromNodes, toNodes, err := func() (*reach.Analysis, []int, []int, error) {
				an, err := analysis(r)
				if err != nil {
					return nil, nil, nil, err
				}
				fromNodes, err := lookupFlag(an, "from", from, false)
				if err != nil {
					return nil, nil, nil, err
				}
				toNodes, err := lookupFlag(an, "to", to, true)
				if err != nil {
					return nil, nil, nil, err
				}
				if emit != "" {
					items, err := routeItems(an, fromNodes, toNodes)
					if err != nil {
						return nil, nil, nil, err
					}
					if code := a.emitScenarios(emit, "reach", r, items); code != exitOK {
						return nil, nil, nil, errors.New("--emit-scenario " + emit + ": the replay scenarios could not be written")
					}
				}
				return an, fromNodes, toNodes, nil
			}()
			if err != nil {
				a.printDiagnostics(asDiagnostics(r.name, err))
				return codeError(exitBadInput)
			}
			// Text and JSON are written as the principals are searched,
			// a batch at a time: every route of a large world does not fit
			// in memory at once.
			switch format.value {
			case "json":
				return codeError(a.writeStream(out, func(w io.Writer) error { return an.WriteJSON(w, r.sc.Name, fromNodes, toNodes) }))
			case "dot":
				return codeError(a.writeOutput(out, an.Report(r.sc.Name, fromNodes, toNodes).DOT()))
			case "mermaid":
				return codeError(a.writeOutput(out, an.Report(r.sc.Name, fromNodes, toNodes).Mermaid()))
			}
			return codeError(a.writeStream(out, func(w io.Writer) error { return an.WriteText(w, r.sc.Name, fromNodes, toNodes) }))
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "only the roles this principal (name or ARN) reaches")
	cmd.Flags().StringVar(&to, "to", "", "only the paths to this role (name or ARN)")
	cmd.Flags().StringVar(&emit, "emit-scenario", "", "also write, into this directory, a scenario replaying each route (rolesim run checks them)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the answer to this file instead of standard output")
	cmd.Flags().Var(&format, "format", "output format: text, json, dot or mermaid")
	return cmd
}

func (a *app) jugglingCommand() *cobra.Command {
	var out, emit string
	format := pictureFormat{value: "text", allowed: []string{"text", "json"}}
	cmd := &cobra.Command{
		Use:   "juggling FILE",
		Short: "Find roles whose sessions can re-assume each other forever (role juggling)",
		Long: `Juggling finds, in a scenario's world, the roles whose sessions can assume each
other in a circle, a role that trusts its own sessions included, from the
edges of rolesim graph. A session from role chaining lasts at most one hour,
but hopping around such a cycle before each hour runs out keeps credentials
alive forever, and since every hop issues a fresh session, revoking older
sessions (a Deny on aws:TokenIssueTime) never catches up.

For each cycle it gives its roles, one loop around it, the schedule that
keeps it alive (each hop less than an hour after the previous one), the
conditions the loop relies on, and the principals (other than roles) that
can enter it, each with its shortest path in. The world is the one the file
declares; JSON lists cycles, roles and entrants by ARN.`,
		Example: `  rolesim juggling examples/51-role-juggling.yaml
  rolesim juggling examples/23-role-self-assume.yaml --format json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeScenarioPaths,
		RunE: func(_ *cobra.Command, args []string) error {
			return codeError(a.picture(args[0], out, func(r *ranScenario) (string, error) {
				an, err := analysis(r)
				if err != nil {
					return "", err
				}
				rep := an.JugglingReport(r.sc.Name)
				if emit != "" {
					if code := a.emitScenarios(emit, "juggling", r, cycleItems(an)); code != exitOK {
						return "", errors.New("--emit-scenario " + emit + ": the replay scenarios could not be written")
					}
				}
				if format.value == "json" {
					return rep.JSON(), nil
				}
				return rep.Text(), nil
			}))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the answer to this file instead of standard output")
	cmd.Flags().Var(&format, "format", "output format: text or json")
	cmd.Flags().StringVar(&emit, "emit-scenario", "", "also write, into this directory, a scenario keeping each cycle alive for three laps")
	return cmd
}
