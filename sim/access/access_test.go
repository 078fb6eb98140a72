package access_test

import (
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/access"
	"github.com/rolesim/rolesim/sim/reach"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

const world = `version: 1
name: access
accounts:
  - id: "111111111111"
    users:
      - name: alice
      - name: bob
      - name: carol
        inline_policies:
          Read: {Version: "2012-10-17", Statement: {Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::data/*"}}
    roles:
      - name: Reader
        trust_policy: {Version: "2012-10-17", Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/alice"}, Action: sts:AssumeRole, Condition: {Bool: {aws:MultiFactorAuthPresent: "true"}}}}
      - name: Blocked
        inline_policies:
          Read: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: s3:GetObject, Resource: "*"}, {Effect: Deny, Action: s3:*, Resource: "arn:aws:s3:::data/*"}]}
        trust_policy: {Version: "2012-10-17", Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/bob"}, Action: sts:AssumeRole}}
    resources:
      - arn: arn:aws:s3:::data
        policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: ["arn:aws:iam::111111111111:role/Reader", "arn:aws:iam::222222222222:role/Auditor", "333333333333"]}
              Action: s3:GetObject
              Resource: arn:aws:s3:::data/*
  - id: "222222222222"
    users:
      - name: dave
        inline_policies:
          Hop: {Version: "2012-10-17", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: "*"}}
    roles:
      - name: Auditor
        inline_policies:
          Read: {Version: "2012-10-17", Statement: {Effect: Allow, Action: s3:GetObject, Resource: "*"}}
        trust_policy: {Version: "2012-10-17", Statement: {Effect: Allow, Principal: {AWS: "222222222222"}, Action: sts:AssumeRole}}
`

func finder(t *testing.T) (*access.Finder, *trustgraph.Graph) {
	t.Helper()
	sc, err := scenario.Parse("access.yaml", []byte(world))
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	g := trustgraph.Build(w, sc.Name)
	return access.New(w, reach.New(g)), g
}

func describe(g *trustgraph.Graph, gr access.Grant) string {
	if gr.Principal < 0 {
		return gr.Outsider + " (outside)"
	}
	parts := []string{g.Nodes[gr.Principal].Label}
	for _, e := range gr.Path {
		parts = append(parts, "->", g.Nodes[g.Edges[e].To].Label)
	}
	s := strings.Join(parts, " ")
	if len(gr.Conditions) > 0 {
		s += " if " + strings.Join(gr.Conditions, ", ")
	}
	if gr.Outside {
		s += " (outside)"
	}
	return s
}

func TestWhoCan(t *testing.T) {
	f, g := finder(t)
	tests := []struct {
		name, reason, action, resource string
		want                           []string
	}{
		{"bucketObject", "carol by her identity policy (same account); Reader (named by the bucket policy) and alice through it with MFA; Auditor across accounts and dave through it; account 333333333333 outside",
			"s3:GetObject", "arn:aws:s3:::data/k", []string{
				"Reader",
				"alice -> Reader if MFA",
				"carol",
				"Auditor",
				"dave -> Auditor",
				"arn:aws:iam::333333333333:root (outside)",
			}},
		{"otherAction", "nobody may delete", "s3:DeleteObject", "arn:aws:s3:::data/k", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, gr := range f.WhoCan(tt.action, tt.resource) {
				if gr.Action != tt.action || gr.Resource != tt.resource {
					t.Errorf("grant of %s on %s", gr.Action, gr.Resource)
				}
				got = append(got, describe(g, gr))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\n(%s)", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), tt.reason)
			}
		})
	}
}

func TestWhatCan(t *testing.T) {
	f, g := finder(t)
	node := func(label string) int {
		for i, n := range g.Nodes {
			if n.Label == label {
				return i
			}
		}
		t.Fatalf("no node %s", label)
		return -1
	}
	tests := []struct {
		name, reason, principal string
		want                    []string
	}{
		{"alice", "alice reads the bucket's objects only through Reader, with MFA", "alice",
			[]string{"alice -> Reader if MFA: s3:GetObject arn:aws:s3:::data/*"}},
		{"bob", "bob reaches Blocked, whose Deny stops reading the objects (only the bucket ARN itself, which the Deny does not cover, is allowed)", "bob",
			[]string{"bob -> Blocked: s3:GetObject arn:aws:s3:::data"}},
		{"carol", "carol reads herself", "carol", []string{"carol: s3:GetObject arn:aws:s3:::data/*"}},
		{"dave", "dave reads through Auditor, across accounts", "dave", []string{"dave -> Auditor: s3:GetObject arn:aws:s3:::data/*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, gr := range f.WhatCan(node(tt.principal)) {
				got = append(got, describe(g, gr)+": "+gr.Action+" "+gr.Resource)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s\n(%s)", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), tt.reason)
			}
		})
	}
}
