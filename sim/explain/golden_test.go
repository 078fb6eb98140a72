package explain_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/examples"
	gold "github.com/rolesim/rolesim/golden"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// exampleFiles lists the embedded examples, sorted; it fails when there are
// none, so that the golden tests cannot pass by testing nothing.
func exampleFiles(t testing.TB) []string {
	t.Helper()
	names := examples.Names()
	if len(names) == 0 {
		t.Fatal("examples.FS holds no *.yaml files")
	}
	return names
}

// runExample loads and runs one example and returns the run and the file's
// text.
func runExample(t testing.TB, name string) (*sim.Report, []byte) {
	t.Helper()
	sc, err := scenario.LoadFS(examples.FS, name)
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	src, err := fs.ReadFile(examples.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
	return rep, src
}

// golden compares got with the golden file, or rewrites it with -update.
func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	gold.Assert(t, file, got, *update)
}

// TestGoldenText checks the explanation of every example against its
// golden file, and that explaining twice gives the same bytes.
func TestGoldenText(t *testing.T) {
	for _, name := range exampleFiles(t) {
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			rep, src := runExample(t, name)
			ex, err := explain.Explain(rep, src)
			if err != nil {
				t.Fatal(err)
			}
			got := ex.String()
			golden(t, filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".yaml")+".txt"), []byte(got))

			rep2, _ := runExample(t, name)
			ex2, err := explain.Explain(rep2, src)
			if err != nil {
				t.Fatal(err)
			}
			if again := ex2.String(); again != got {
				t.Errorf("explaining %s twice gave different text (-first +second):\n%s", name, cmp.Diff(got, again))
			}
		})
	}
}

// TestGoldenJSON checks the structured form of one example against its
// golden file and that every example's structured form is valid JSON that
// reads back into the same value.
func TestGoldenJSON(t *testing.T) {
	for _, name := range exampleFiles(t) {
		rep, src := runExample(t, name)
		ex, err := explain.Explain(rep, src)
		if err != nil {
			t.Fatal(err)
		}
		data, err := json.MarshalIndent(ex, "", "  ")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var back explain.ScenarioExplanation
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&back); err != nil {
			t.Fatalf("%s: reading the JSON back: %v", name, err)
		}
		if diff := cmp.Diff(ex, &back); diff != "" {
			t.Errorf("%s: JSON round trip changed the explanation (-want +got):\n%s", name, diff)
		}
		if name == "17-external-id-confused-deputy.yaml" {
			golden(t, filepath.Join("testdata", "golden", "17-external-id-confused-deputy.json"), append(data, '\n'))
		}
	}
}

// goName matches a qualified Go identifier of rolesim's packages.
var goName = regexp.MustCompile(`\b(sim|policy|scenario|explain|arn)\.[A-Z][A-Za-z]*`)

// TestPlainEnglish checks that no example's explanation shows internal
// names: Go types, decision enum names, or the scenario format's policy
// kind codes.
func TestPlainEnglish(t *testing.T) {
	internal := []string{
		"ImplicitDeny", "ExplicitDeny", "StepResult", "TraceDecision", "TraceEntry",
		"PolicyKind", "PolicyRef", "identity_policy", "trust_policy", "permissions_boundary", "session_policy",
		"resource_policy", "<nil>", "%!", "0x",
	}
	for _, name := range exampleFiles(t) {
		rep, src := runExample(t, name)
		ex, err := explain.Explain(rep, src)
		if err != nil {
			t.Fatal(err)
		}
		text := ex.String()
		if m := goName.FindString(text); m != "" {
			t.Errorf("%s: the explanation shows the Go name %q", name, m)
		}
		for _, word := range internal {
			if strings.Contains(text, word) {
				i := strings.Index(text, word)
				t.Errorf("%s: the explanation shows the internal name %q: ...%s...", name, word, text[max(0, i-60):min(len(text), i+60)])
			}
		}
	}
}

// TestDecidingStatementsQuoted checks that in every example each deciding
// statement written in the file is quoted with its file:line, and that the
// quote starts at that line.
func TestDecidingStatementsQuoted(t *testing.T) {
	quoted := 0
	for _, name := range exampleFiles(t) {
		rep, src := runExample(t, name)
		ex, err := explain.Explain(rep, src)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		for _, st := range ex.Steps {
			for _, a := range st.Authorizations {
				for _, p := range a.Policies {
					s := p.Statement
					if s == nil || s.Position == "" {
						continue
					}
					if !strings.HasPrefix(s.Position, name+":") {
						t.Errorf("%s step %s: statement %s at %q, want a position in %s", name, st.ID, s.Label, s.Position, name)
						continue
					}
					if len(s.Source) == 0 {
						t.Errorf("%s step %s: statement %s at %s is not quoted", name, st.ID, s.Label, s.Position)
						continue
					}
					first := s.Source[0]
					if first.Line < 1 || first.Line > len(lines) || !strings.HasSuffix(strings.TrimRight(lines[first.Line-1], " "), first.Text) {
						t.Errorf("%s step %s: quoted line %d %q is not the file's line", name, st.ID, first.Line, first.Text)
					}
					quoted++
				}
			}
		}
	}
	if quoted == 0 {
		t.Fatal("no deciding statement was quoted in any example")
	}
}
