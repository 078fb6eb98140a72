package trustgraph_test

import (
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/examples"
	gold "github.com/rolesim/rolesim/golden"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
	"github.com/rolesim/rolesim/sim/trustgraph"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func exampleFiles(t testing.TB) []string {
	t.Helper()
	names := examples.Names()
	if len(names) == 0 {
		t.Fatal("examples.FS holds no *.yaml files")
	}
	return names
}

func exampleGraph(t testing.TB, name string) *trustgraph.Graph {
	t.Helper()
	sc, err := scenario.LoadFS(examples.FS, name)
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	return trustgraph.Build(w, sc.Name)
}

func golden(t *testing.T, file string, got string) {
	t.Helper()
	gold.Assert(t, file, []byte(got), *update)
}

func wellFormed(text string) error {
	dec := xml.NewDecoder(strings.NewReader(text))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestGolden checks every example's graph in Mermaid and DOT against golden
// files, that its SVG is well-formed XML, and that building and rendering
// twice gives the same bytes.
func TestGolden(t *testing.T) {
	for _, name := range exampleFiles(t) {
		base := strings.TrimSuffix(name, ".yaml")
		t.Run(base, func(t *testing.T) {
			g := exampleGraph(t, name)
			mermaid, dot, svg := g.Mermaid(), g.DOT(), g.SVG("")
			golden(t, filepath.Join("testdata", "golden", base+".mmd"), mermaid)
			golden(t, filepath.Join("testdata", "golden", base+".dot"), dot)
			if err := wellFormed(svg); err != nil {
				t.Errorf("the SVG is not well-formed XML: %v", err)
			}
			g2 := exampleGraph(t, name)
			if g2.Mermaid() != mermaid || g2.DOT() != dot || g2.SVG("") != svg {
				t.Error("building and rendering twice gave different output")
			}
			if len(g.Nodes) == 0 {
				t.Error("the graph has no nodes")
			}
		})
	}
}

// TestDOTAndMermaidEscaping checks that quotes and other special
// characters in names cannot break either language.
func TestDOTAndMermaidEscaping(t *testing.T) {
	g := &trustgraph.Graph{
		Title: "t",
		Nodes: []*trustgraph.Node{
			{ID: "n1", Kind: trustgraph.NodeExternal, Label: `a"b\c`, Detail: "x<y>#z"},
			{ID: "n2", Kind: trustgraph.NodeRole, Label: "R", Detail: "role"},
		},
		Groups: []*trustgraph.Group{{ID: "g1", Kind: trustgraph.GroupExternal, Label: `outside "quoted"`, Nodes: []int{0, 1}}},
		Edges:  []*trustgraph.Edge{{From: 0, To: 1, Conditions: []string{`k StringEquals "v"`}}},
	}
	mermaid := g.Mermaid()
	for _, want := range []string{`n1{{"a#quot;b\c<br/>x#lt;y#gt;#35;z"}}`, `subgraph g1["outside #quot;quoted#quot;"]`, `if k StringEquals #quot;v#quot;`} {
		if !strings.Contains(mermaid, want) {
			t.Errorf("Mermaid lacks %q:\n%s", want, mermaid)
		}
	}
	dot := g.DOT()
	for _, want := range []string{`label="a\"b\\c\nx<y>#z"`, `label="outside \"quoted\""`, `if k StringEquals \"v\"`} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q:\n%s", want, dot)
		}
	}
	if err := wellFormed(g.SVG(`i"d`)); err != nil {
		t.Error(err)
	}
}

// bigWorld builds a world of accounts×rolesPer roles: in each account a
// user, and roles each trusting the previous role of its account (a chain)
// and the account's user by ARN, every role allowed to assume any role.
func bigWorld(tb testing.TB, accounts, rolesPer int) *sim.World {
	tb.Helper()
	compile := func(text string, kind policy.Kind) *policy.Policy {
		p, errs := policy.CompileJSON(text, kind)
		if len(errs) > 0 {
			tb.Fatal(errs)
		}
		return p
	}
	anyRole := compile(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/*"}]}`, policy.KindIdentity)
	sc := &scenario.Scenario{Name: "big"}
	for a := 0; a < accounts; a++ {
		id := strconv.Itoa(100000000000 + a)
		acct := &scenario.Account{ID: id}
		user := "arn:aws:iam::" + id + ":user/u"
		acct.Users = append(acct.Users, &scenario.User{Name: "u", InlinePolicies: []*scenario.InlinePolicy{{Name: "any", Document: anyRole}}})
		for r := 0; r < rolesPer; r++ {
			prev := user
			if r > 0 {
				prev = "arn:aws:iam::" + id + ":role/r" + strconv.Itoa(r-1)
			}
			trust := compile(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["`+prev+`","`+user+`"]},"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, policy.KindTrust)
			acct.Roles = append(acct.Roles, &scenario.Role{
				Name: "r" + strconv.Itoa(r), TrustPolicy: trust, MaxSessionDuration: 3600,
				InlinePolicies: []*scenario.InlinePolicy{{Name: "any", Document: anyRole}},
			})
		}
		sc.Accounts = append(sc.Accounts, acct)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// TestBigWorld checks the edges of a generated world: each role is reached
// from its account's user and from the previous role.
func TestBigWorld(t *testing.T) {
	g := trustgraph.Build(bigWorld(t, 10, 100), "big")
	if got, want := len(g.Nodes), 10*101; got != want {
		t.Errorf("%d nodes, want %d", got, want)
	}
	if got, want := len(g.Edges), 10*(100+99); got != want {
		t.Errorf("%d edges, want %d (a user edge per role, a chain edge per role but the first)", got, want)
	}
}

// BenchmarkBuild10k builds the graph of 10,000 roles in 100 accounts.
func BenchmarkBuild10k(b *testing.B) {
	w := bigWorld(b, 100, 100)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		trustgraph.Build(w, "big")
	}
}

// BenchmarkExamples builds and renders every example's graph.
func BenchmarkExamples(b *testing.B) {
	var worlds []*sim.World
	for _, name := range exampleFiles(b) {
		sc, err := scenario.LoadFS(examples.FS, name)
		if err != nil {
			b.Fatal(err)
		}
		w, err := sim.NewWorld(sc)
		if err != nil {
			b.Fatal(err)
		}
		worlds = append(worlds, w)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, w := range worlds {
			g := trustgraph.Build(w, "x")
			_ = g.Mermaid()
			_ = g.DOT()
			_ = g.SVG("")
		}
	}
}
