package trustgraph_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

// TestCoreGraphSimulatorAgree is the differential test of the decision
// engine: for every trust-policy decision the simulator made while running
// every example and conformance scenario (before any world-change step),
// the authorization core asked exactly (World.Decide with the request's
// context) decides the same, and the trust graph built from the core's
// partial decisions has an edge for every role assumption the simulator
// allowed, and no unconditional edge for one it refused.
func TestCoreGraphSimulatorAgree(t *testing.T) {
	type source struct {
		name string
		fsys fs.FS
	}
	var files []source
	for _, n := range examples.Names() {
		files = append(files, source{n, examples.FS})
	}
	conf, err := filepath.Glob("../../conformance/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range conf {
		files = append(files, source{filepath.Base(p), os.DirFS(filepath.Dir(p))})
	}
	var n agreement
	for _, f := range files {
		sc, err := scenario.LoadFS(f.fsys, f.name)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		n.add(checkAgreement(t, f.name, sc))
	}
	t.Logf("%d decisions compared with the core (%d of them API calls), %d with the graph, %d skipped (callers the core does not model: root, federated users, session policies, chains)", n.compared, n.calls, n.edges, n.skipped)
	if n.compared < 100 || n.edges < 50 || n.calls < 30 {
		t.Fatalf("only %d decisions compared and %d edges checked: the test has lost its inputs", n.compared, n.edges)
	}
}

// agreement counts what checkAgreement compared.
type agreement struct{ compared, allowed, calls, edges, skipped int }

func (a *agreement) add(b agreement) {
	a.compared += b.compared
	a.allowed += b.allowed
	a.calls += b.calls
	a.edges += b.edges
	a.skipped += b.skipped
}

// checkAgreement runs a scenario and compares every trust-policy decision
// of its timeline (up to the first world change) with the core's exact
// decision and with the graph's edge.
func checkAgreement(t *testing.T, name string, sc *scenario.Scenario) agreement {
	t.Helper()
	var n agreement
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	g := trustgraph.Build(w, sc.Name)
	roles, users := index(w)
	for _, res := range rep.Steps {
		if res.Step != nil && res.Step.Kind.IsChange() {
			break // later decisions are of another world
		}
		if res.Trace == nil {
			continue
		}
		for _, d := range res.Trace.Decisions {
			role := roles[d.Resource]
			if !assumes(d.Action) && !strings.HasPrefix(d.Action, "sts:") {
				role = nil // an API call on the role (iam:GetRole, ...), not an assumption
			}
			where := name + " step " + res.Step.ID + " " + d.Action + " by " + d.Caller
			cl, node, ok := callerOf(w, g, d, roles, users, res.Trace.EntriesOf(d))
			if !ok {
				n.skipped++
				continue
			}
			q := sim.Query{Caller: cl, Action: d.Action, Role: role, Context: d.Request().Context}
			if role == nil {
				q.Resource = d.Resource
			}
			got := w.Decide(q)
			simAllowed := d.Denied == nil
			if got.Allowed != simAllowed {
				t.Errorf("%s: the simulator allowed=%v, the core allowed=%v (%+v)", where, simAllowed, got.Allowed, got.Denied)
				continue
			}
			if !simAllowed && (got.Denied.Kind != d.Denied.Kind || got.Denied.Decision != d.Denied.Decision) {
				t.Errorf("%s: the simulator denied by %v (%v), the core by %v (%v)", where, d.Denied.Kind, d.Denied.Decision, got.Denied.Kind, got.Denied.Decision)
			}
			if simAllowed && (got.Naming != d.Naming || got.Path != d.Path || got.Path == sim.PathNone) {
				t.Errorf("%s: the simulator named the caller %q and allowed by %q, the core %q by %q", where, d.Naming, d.Path, got.Naming, got.Path)
			}
			n.compared++
			if simAllowed {
				n.allowed++
			}
			if role == nil {
				n.calls++
			}
			if node < 0 || role == nil || !assumes(d.Action) {
				continue
			}
			e := edgeBetween(g, node, g.Nodes, role.ARN)
			switch {
			case simAllowed && e == nil:
				t.Errorf("%s: the simulator allowed it, but the graph has no edge %s -> %s", where, g.Nodes[node].Label, role.Name)
			case !simAllowed && e != nil && len(e.Conditions) == 0 && len(e.Denials) == 0:
				t.Errorf("%s: the simulator refused it (%v), but the graph has an unconditional edge %s -> %s", where, d.Denied.Kind, g.Nodes[node].Label, role.Name)
			}
			n.edges++
		}
	}
	return n
}

func assumes(action string) bool {
	switch action {
	case "sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML":
		return true
	}
	return false
}

func index(w *sim.World) (map[string]*sim.Role, map[string]*sim.User) {
	roles, users := map[string]*sim.Role{}, map[string]*sim.User{}
	for _, a := range w.Accounts {
		for _, r := range a.Roles {
			roles[r.ARN] = r
		}
		for _, u := range a.Users {
			users[u.ARN] = u
		}
	}
	return roles, users
}

// callerOf returns the core's caller for a decision's caller and its graph
// node (-1 when the graph has none), or false for a caller the core's
// constructors do not model exactly: a root user, a federated user, a
// session with session policies or a source-identity chain.
func callerOf(w *sim.World, g *trustgraph.Graph, d *sim.TraceDecision, roles map[string]*sim.Role, users map[string]*sim.User, entries []sim.TraceEntry) (sim.Caller, int, bool) {
	for _, e := range entries {
		if e.Kind == sim.KindSessionPolicy {
			return sim.Caller{}, -1, false
		}
	}
	p := d.Principal
	if len(p.Chain) > 0 {
		return sim.Caller{}, -1, false
	}
	nodeOf := func(arn, label string) int {
		for i, n := range g.Nodes {
			if arn != "" && n.ARN == arn || arn == "" && n.Label == label {
				return i
			}
		}
		return -1
	}
	switch {
	case p.Service != "":
		return w.ServiceCaller(p.Service), nodeOf("", p.Service), true
	case p.Federated != "":
		return w.FederatedCaller(p.Federated), nodeOf(p.Federated, ""), true
	case users[d.Caller] != nil:
		return w.UserCaller(users[d.Caller]), nodeOf(d.Caller, ""), true
	case len(p.ARNs) == 2 && roles[p.ARNs[0]] != nil && strings.Contains(d.Caller, ":assumed-role/"):
		r := roles[p.ARNs[0]]
		session := d.Caller[strings.LastIndexByte(d.Caller, '/')+1:]
		return w.RoleCaller(r, session), nodeOf(r.ARN, ""), true
	}
	return sim.Caller{}, -1, false
}

// edgeBetween returns the edge from node from to the role node of roleARN.
func edgeBetween(g *trustgraph.Graph, from int, nodes []*trustgraph.Node, roleARN string) *trustgraph.Edge {
	for _, e := range g.Edges {
		if e.From == from && nodes[e.To].ARN == roleARN {
			return e
		}
	}
	return nil
}
