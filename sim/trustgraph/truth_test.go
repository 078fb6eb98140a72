package trustgraph_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/sim/trustgraph"
)

// groupOf returns the label of the group holding node i, "" when none.
func groupOf(g *trustgraph.Graph, i int) string {
	var find func(gr *trustgraph.Group) string
	find = func(gr *trustgraph.Group) string {
		for _, n := range gr.Nodes {
			if n == i {
				return gr.Label
			}
		}
		for _, c := range gr.Groups {
			if l := find(c); l != "" {
				return l
			}
		}
		return ""
	}
	for _, gr := range g.Groups {
		if l := find(gr); l != "" {
			return l
		}
	}
	return ""
}

// TestProvidersInTheirAccount checks that an OIDC or SAML provider an
// account declares is drawn in that account, and one the world does not
// declare stays outside the scenario (issue 12: declared providers were
// drawn under "outside the scenario").
func TestProvidersInTheirAccount(t *testing.T) {
	tests := []struct {
		name, reason string
		g            *trustgraph.Graph
		label, group string
		kind         trustgraph.NodeKind
	}{
		{"oidc", "example 31's account declares GitHub's OIDC provider", exampleGraph(t, "31-github-actions-oidc.yaml"),
			"token.actions.githubusercontent.com", "account 111111111111 (acme-ci)", trustgraph.NodeProvider},
		{"saml", "example 34's account declares the Okta SAML provider", exampleGraph(t, "34-saml-federation.yaml"),
			"Okta", "", trustgraph.NodeProvider},
		{"undeclared", "a provider of an account outside the world is outside the scenario", build(t, `accounts:
  - id: "111111111111"
    roles:
      - name: Fed
        trust_policy: {Statement: {Effect: Allow, Principal: {Federated: arn:aws:iam::999999999999:oidc-provider/idp.example.com}, Action: sts:AssumeRoleWithWebIdentity}}
`), "idp.example.com", "outside the scenario", trustgraph.NodeExternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := false
			for i, n := range tt.g.Nodes {
				if n.Label != tt.label {
					continue
				}
				found = true
				got := groupOf(tt.g, i)
				if n.Kind != tt.kind || tt.group != "" && got != tt.group || tt.group == "" && !strings.HasPrefix(got, "account "+n.Account) {
					t.Errorf("%s is a %v node in %q, want a %v node in %q (%s)", tt.label, n.Kind, got, tt.kind, tt.group, tt.reason)
				}
			}
			if !found {
				t.Fatalf("no node %q", tt.label)
			}
			if tt.kind == trustgraph.NodeProvider {
				for _, gr := range tt.g.Groups {
					if gr.Kind == trustgraph.GroupExternal {
						t.Errorf("there is an %q group, but nothing in this world is outside it", gr.Label)
					}
				}
				if !strings.Contains(tt.g.Mermaid(), "class ") || !strings.Contains(tt.g.Mermaid(), " idp\n") {
					t.Error("Mermaid gives the provider no class of its own")
				}
			}
		})
	}
}

// TestManagementAccountShown checks that an organization's management
// account is drawn in every format even with no users or roles (issue 12).
func TestManagementAccountShown(t *testing.T) {
	g := exampleGraph(t, "47-rcp-s3-data-perimeter.yaml")
	label := "account 111111111111 (acme-mgmt), management account"
	for _, pic := range []struct{ name, text string }{{"Mermaid", g.Mermaid()}, {"DOT", g.DOT()}, {"SVG", g.SVG("")}} {
		if !strings.Contains(pic.text, label) {
			t.Errorf("the %s picture does not show %q", pic.name, label)
		}
		if !strings.Contains(pic.text, "no users or roles") {
			t.Errorf("the %s picture does not say the management account holds no users or roles", pic.name)
		}
	}
}

var (
	edgeRE  = regexp.MustCompile(`<g class="edge"><title>[^<]*</title><path d="M([0-9.]+),([0-9.]+) C[^"]* ([0-9.]+),([0-9.]+)"[^>]*/><text x="([0-9.]+)" y="([0-9.]+)" class="num">([^<]*)</text></g>`)
	countRE = regexp.MustCompile(`<g class="edge">`)
)

// arcsOf reads the arcs of a graph's SVG: start and end y, label box.
func arcsOf(t *testing.T, svg string) (ends [][2]float64, labels [][4]float64, texts []string) {
	t.Helper()
	ms := edgeRE.FindAllStringSubmatch(svg, -1)
	if n := len(countRE.FindAllString(svg, -1)); n != len(ms) {
		t.Fatalf("%d edge groups, %d understood", n, len(ms))
	}
	f := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, m := range ms {
		ends = append(ends, [2]float64{f(m[2]), f(m[4])})
		x, y := f(m[5]), f(m[6])
		text := strings.ReplaceAll(m[7], "&#39;", "'")
		labels = append(labels, [4]float64{x, y - 9, x + 6*float64(len([]rune(text))), y + 2})
		texts = append(texts, text)
	}
	return ends, labels, texts
}

// TestArcsLegible checks that arcs leaving or reaching one box start and
// end at points of their own, that their labels do not overlap, and that
// parallel edges are one arc listing their numbers (issue 12: the arcs of
// example 31 shared one point and their labels ran together).
func TestArcsLegible(t *testing.T) {
	for _, name := range []string{"31-github-actions-oidc.yaml", "18-trust-principal-org-id.yaml", "09-scp-blocks-chain.yaml"} {
		g := exampleGraph(t, name)
		ends, labels, _ := arcsOf(t, g.SVG(""))
		if len(ends) == 0 {
			t.Fatalf("%s: no arcs", name)
		}
		var points []float64
		for _, e := range ends {
			if e[0] != e[1] {
				points = append(points, e[0], e[1])
			}
		}
		for i := range points {
			for j := i + 1; j < len(points); j++ {
				if d := points[i] - points[j]; d > -3 && d < 3 {
					t.Errorf("%s: two arcs meet the boxes at y=%v and y=%v", name, points[i], points[j])
				}
			}
		}
		for i, a := range labels {
			for j, b := range labels[i+1:] {
				if a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3] {
					t.Errorf("%s: the labels of arcs %d and %d overlap", name, i+1, i+j+2)
				}
			}
		}
	}
	// Two statements naming one role by two assumed-role ARNs: two edges
	// between the same nodes.
	g := build(t, `accounts:
  - id: "111111111111"
    roles:
      - name: A
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "111111111111"}, Action: sts:AssumeRole}}
        inline_policies: {All: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}}
      - name: B
        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:sts::111111111111:assumed-role/A/one}, Action: sts:AssumeRole}
            - {Effect: Allow, Principal: {AWS: arn:aws:sts::111111111111:assumed-role/A/two}, Action: sts:AssumeRole}
`)
	pairs := map[[2]int][]int{}
	for i, e := range g.Edges {
		pairs[[2]int{e.From, e.To}] = append(pairs[[2]int{e.From, e.To}], i+1)
	}
	var parallel []int
	for _, p := range pairs {
		if len(p) > 1 {
			parallel = p
		}
	}
	if parallel == nil {
		t.Fatalf("no parallel edges in %v", edges(g))
	}
	_, _, texts := arcsOf(t, g.SVG(""))
	if len(texts) != len(pairs) {
		t.Errorf("%d arcs for %d pairs of nodes, want one each", len(texts), len(pairs))
	}
	want := strconv.Itoa(parallel[0]) + "," + strconv.Itoa(parallel[1]) + ": ≤1h"
	found := false
	for _, s := range texts {
		found = found || s == want
	}
	if !found {
		t.Errorf("arc labels %q, want one %q for the parallel edges", texts, want)
	}
}
