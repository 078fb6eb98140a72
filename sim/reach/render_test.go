package reach_test

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim/reach"
)

// TestJSON checks the JSON report's shape on the cross-account world:
// sorted principals and routes, paths as keys, empty lists as [].
func TestJSON(t *testing.T) {
	a := analyze(t, worlds["cross-account"])
	text := a.Report("w", nil, nil).JSON()
	var got struct {
		World      string
		Principals []struct {
			Principal string
			Kind      string
			Reaches   []struct {
				Role              string
				Path              []string
				MaxSession        string `json:"max_session"`
				MaxSessionSeconds int64  `json:"max_session_seconds"`
				Chained           bool
				Conditions        []string
				DeniedWhen        *[]string `json:"denied_when"`
			}
		}
	}
	if err := json.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	var routes []string
	for _, p := range got.Principals {
		for _, r := range p.Reaches {
			if r.DeniedWhen == nil {
				t.Errorf("%s → %s: denied_when is null, want []", p.Principal, r.Role)
			}
			routes = append(routes, p.Kind+" "+strings.Join(r.Path, " > ")+" "+r.MaxSession+" "+strings.Join(r.Conditions, ";"))
		}
	}
	want := []string{
		"role arn:aws:iam::111111111111:role/Deploy > arn:aws:iam::222222222222:role/ProdAdmin 1h sts:ExternalId StringEquals x-42",
		"user arn:aws:iam::111111111111:user/alice > arn:aws:iam::111111111111:role/Deploy 8h ",
		"user arn:aws:iam::111111111111:user/alice > arn:aws:iam::111111111111:role/Deploy > arn:aws:iam::222222222222:role/ProdAdmin 1h sts:ExternalId StringEquals x-42",
	}
	if diff := cmp.Diff(want, routes); diff != "" {
		t.Errorf("routes (-want +got):\n%s", diff)
	}
	jt := a.JugglingReport("w").JSON()
	if !strings.Contains(jt, `"cycles": []`) {
		t.Errorf("a world without juggling gives cycles %s, want []", jt)
	}
}

// TestPictures checks that DOT and Mermaid draw exactly the witness paths'
// edges, chained hops dashed or dotted.
func TestPictures(t *testing.T) {
	a := analyze(t, worlds["diamond"])
	rep := a.Report("w", a.Lookup("alice", false), a.Lookup("Far", true))
	dot := rep.DOT()
	for _, want := range []string{"n1 -> n2 [label=\"up to 1h\\nif MFA\"];", "n2 -> n4 [label=\"1h (chained)\", style=dashed];", "n4 -> n5"} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q:\n%s", want, dot)
		}
	}
	if strings.Contains(dot, "n3") {
		t.Errorf("DOT draws role A, which is on no witness path:\n%s", dot)
	}
	mm := rep.Mermaid()
	for _, want := range []string{`n1(["alice<br/>IAM user"])`, `n1 -->|"up to 1h; if MFA"| n2`, `n2 -.->|"1h (chained)"| n4`} {
		if !strings.Contains(mm, want) {
			t.Errorf("Mermaid lacks %q:\n%s", want, mm)
		}
	}
}

// TestWorkers checks that All gives the same result on one goroutine as on
// several.
func TestWorkers(t *testing.T) {
	g := genGraph(t, 6, 24)
	text := func() string { return reach.New(g).Report("w", nil, nil).JSON() }
	many := text()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	if one := text(); one != many {
		t.Errorf("one worker and %d differ:\n%s", runtime.NumCPU(), cmp.Diff(many, one))
	}
	if len(many) < 1000 {
		t.Fatalf("the report is only %d bytes", len(many))
	}
}

// TestTextNothing checks the sentences of a report and a juggling report
// with nothing in them.
func TestTextNothing(t *testing.T) {
	a := analyze(t, worlds["cross-account"])
	if got, want := a.Report("w", nil, a.Lookup("alice", false)).Text(), "Reachability in \"w\": no principal reaches a role.\n"; got != want {
		t.Errorf("--to a user: %q, want %q", got, want)
	}
	if got, want := a.Report("w", a.Lookup("ProdAdmin", false), nil).Text(), "Reachability in \"w\":\n\nProdAdmin (role, max 4h, account 222222222222) reaches no role.\n"; got != want {
		t.Errorf("--from a dead end: %q, want %q", got, want)
	}
	if got, want := a.JugglingReport("w").Text(), "Role juggling in \"w\": none; no role's session can come back to it through a chain.\n"; got != want {
		t.Errorf("no cycle: %q, want %q", got, want)
	}
}

// TestJSONSameValue checks that the hand-indented JSON is the document
// json.Marshal gives, on every hand-made world.
func TestJSONSameValue(t *testing.T) {
	for name, world := range worlds {
		rep := analyze(t, world).Report("w", nil, nil)
		var got, want any
		if err := json.Unmarshal([]byte(rep.JSON()), &got); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, rep.JSON())
		}
		data, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: JSON() differs from json.Marshal (-want +got):\n%s", name, diff)
		}
	}
	empty := analyze(t, worlds["cross-account"]).Report("w", nil, []int{0})
	if got, want := empty.JSON(), "{\n  \"world\": \"w\",\n  \"principals\": []\n}\n"; got != want {
		t.Errorf("empty report: %q, want %q", got, want)
	}
}

// TestJSONSize checks that the size JSON reserves is not below what it
// writes by more than a few percent (then the buffer would grow again) nor
// far above it, on a generated org.
func TestJSONSize(t *testing.T) {
	rep := reach.New(genGraph(t, 5, 30)).Report("w", nil, nil)
	got, est := len(rep.JSON()), reach.JSONSize(rep)
	if est < got || est > 2*got {
		t.Errorf("estimated %d bytes for %d written", est, got)
	}
}
