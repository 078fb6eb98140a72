package main

import (
	"github.com/spf13/cobra"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/access"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// finder builds the world, trust graph and access finder of a scenario.
func finder(r *ranScenario) (*access.Finder, *reach.Analysis, error) {
	w, err := sim.NewWorld(r.sc)
	if err != nil {
		return nil, nil, err
	}
	an := reach.New(trustgraph.Build(w, r.sc.Name))
	return access.New(w, an), an, nil
}

func (a *app) whoCanCommand() *cobra.Command {
	var out string
	format := pictureFormat{value: "text", allowed: []string{"text", "json"}}
	cmd := &cobra.Command{
		Use:   "who-can ACTION RESOURCE FILE",
		Short: "List every principal that can be allowed an action on a resource, directly or through chains",
		Long: `Who-can works out, without running the timeline, every principal of a
scenario's world that can be allowed ACTION on RESOURCE: each user and role
the authorization core allows directly (identity-based policies, permissions
boundary, SCPs, RCPs, the resource's policy when the world declares the
resource, the same-account and cross-account rules), every principal that
reaches one of those roles by a chain of role assumptions (its shortest
chain, as rolesim reach finds it), and the principals outside the world that
the resource's policy names.

Each answer carries the conditions it relies on (those of the chain's hops,
then the request's own: external id, MFA, tags, ...), the Deny conditions
that would stop it, and the longest session the chain's last hop can give.
Conditions on keys the world does not fix are listed, not decided. The world
is the one the file declares (world-change steps are not applied).`,
		Example: `  rolesim who-can s3:GetObject arn:aws:s3:::acme-prod-artifacts/build.zip examples/14-resource-policy-vs-assume-role.yaml
  rolesim who-can sts:AssumeRole arn:aws:iam::333333333333:role/ProdAdmin world.yaml --format json`,
		Args: cobra.ExactArgs(3),
		RunE: func(_ *cobra.Command, args []string) error {
			return codeError(a.picture(args[2], out, func(r *ranScenario) (string, error) {
				f, _, err := finder(r)
				if err != nil {
					return "", err
				}
				ans := f.WhoCanAnswer(r.sc.Name, args[0], args[1])
				if format.value == "json" {
					return ans.JSON(), nil
				}
				return ans.Text(), nil
			}))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the answer to this file instead of standard output")
	cmd.Flags().Var(&format, "format", "output format: text or json")
	return cmd
}

func (a *app) whatCanCommand() *cobra.Command {
	var out string
	format := pictureFormat{value: "text", allowed: []string{"text", "json"}}
	cmd := &cobra.Command{
		Use:   "what-can PRINCIPAL FILE",
		Short: "List what a principal can be allowed on the world's resources, itself or through the roles it reaches",
		Long: `What-can works out, without running the timeline, what PRINCIPAL (a user or
role, by name or ARN) can be allowed on the resources the world declares (a
bucket's objects as ARN/*, every key at once) and on its roles, itself or as
any role it reaches by a chain of role assumptions. The actions tried are
those of each resource's service that the world's policies name literally
(a wildcard entry such as s3:Get* names no one action and is not
enumerated). Each answer carries its chain and conditions as in who-can.`,
		Example: `  rolesim what-can alice examples/14-resource-policy-vs-assume-role.yaml`,
		Args:    cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			return codeError(a.picture(args[1], out, func(r *ranScenario) (string, error) {
				f, an, err := finder(r)
				if err != nil {
					return "", err
				}
				nodes, err := lookupFlag(an, "principal", args[0], false)
				if err != nil {
					return "", err
				}
				ans := f.WhatCanAnswer(r.sc.Name, nodes[0])
				if format.value == "json" {
					return ans.JSON(), nil
				}
				return ans.Text(), nil
			}))
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the answer to this file instead of standard output")
	cmd.Flags().Var(&format, "format", "output format: text or json")
	return cmd
}
