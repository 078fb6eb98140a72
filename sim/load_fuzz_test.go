package sim_test

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
	"github.com/rolesim/rolesim/sim/timeline"
)

// FuzzLoadRun continues FuzzLoad (package scenario, which cannot import
// sim): a scenario that loads without errors builds a World, and running
// it is deterministic. The same scenario run twice, and a second parse of
// the same bytes run once more, give byte-identical results: every step's
// outcome, error, session and decision trace, the explanation (text and
// JSON) and the timeline's layout. Seeds: the examples and the scenario
// package's valid test files; `use:` resolves in the real fixtures.
func FuzzLoadRun(f *testing.F) {
	n := 0
	for _, name := range examples.Names() {
		data, err := fs.ReadFile(examples.FS, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		n++
	}
	files, err := filepath.Glob("../scenario/testdata/valid/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		n++
	}
	if n == 0 {
		f.Fatal("no seeds: no examples and no scenario/testdata/valid files")
	}
	opts := fixtures.Options()
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.ParseWith("fuzz.yaml", data, opts)
		if err != nil {
			return // FuzzLoad checks the diagnostics
		}
		if _, err := sim.NewWorld(sc); err != nil {
			t.Fatalf("the scenario loads without errors but builds no world: %v", err)
		}
		first := runText(t, sc, data)
		if again := runText(t, sc, data); again != first {
			t.Fatalf("running the same scenario twice differs (-first +second):\n%s", cmp.Diff(first, again))
		}
		sc2, err := scenario.ParseWith("fuzz.yaml", data, opts)
		if err != nil {
			t.Fatalf("a second parse of the same bytes fails: %v", err)
		}
		if other := runText(t, sc2, data); other != first {
			t.Fatalf("running a second parse of the same bytes differs (-first +second):\n%s", cmp.Diff(first, other))
		}
	})
}

// runText runs sc and renders everything the run produced as text: one
// JSON line per step (outcome, error, session, trace), the explanation as
// text and as JSON, and the timeline's layout as JSON.
func runText(t *testing.T, sc *scenario.Scenario, src []byte) string {
	t.Helper()
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(rep.Steps) != len(sc.Steps) {
		t.Fatalf("Run reported %d steps of %d", len(rep.Steps), len(sc.Steps))
	}
	var b strings.Builder
	for i, res := range rep.Steps {
		if res.Index != i+1 || res.Step != sc.Steps[i] {
			t.Fatalf("step result %d has index %d and another step", i+1, res.Index)
		}
		line, err := json.Marshal(stepView(res))
		if err != nil {
			t.Fatalf("step %d: %v", i+1, err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	ex, err := explain.Explain(rep, src)
	if err != nil {
		t.Fatalf("Explain: %v", err)
	}
	b.WriteString(ex.String())
	j, err := json.Marshal(ex)
	if err != nil {
		t.Fatalf("explanation JSON: %v", err)
	}
	b.Write(j)
	b.WriteByte('\n')
	j, err = json.Marshal(timeline.Build(rep))
	if err != nil {
		t.Fatalf("timeline JSON: %v", err)
	}
	b.Write(j)
	return b.String()
}

// stepResultView is a StepResult as plain data: pointers into the World
// and compiled policies are replaced by the names and positions they
// show.
type stepResultView struct {
	Index              int
	ID                 string
	At                 string
	Expected, Actual   sim.Observed
	Pass               bool
	Problems           []string
	Diff               string
	Err                *errorView `json:",omitempty"`
	Session            *sessionView
	Notes              []string
	Entries            []entryView
	Decisions          []decisionView
	Duration           *sim.DurationTrace
	ErrTraceSameAsStep bool
}

type errorView struct {
	Code       sim.Code
	Message    string
	HTTPStatus int
	Reason     *sim.Reason
	Text       string
}

type sessionView struct {
	Kind, Name, ARN, AssumedRoleID, RoleID, CallerARN string
	Role, User, Account                               string
	Credentials                                       sim.Credentials
	IssuedAt, Expiration, MFAAuthTime                 string
	SessionPolicies                                   []string
	Tags, Inherited                                   []scenario.Tag
	TransitiveTagKeys                                 []string
	SourceIdentity, Provider                          string
	FederatedKeys                                     []sim.ContextKey
}

type entryView struct {
	Action, Policy, Level, Statement string
	Kind                             string
	Decision                         string
	StatementPos                     scenario.Pos
	Ref                              string
}

type decisionView struct {
	Action, Resource, Caller, CallerAccount, ResourceAccount, Naming string
	Principal                                                        any
	Context                                                          []sim.ContextKey
	Denied                                                           *sim.Reason
	EntryStart, EntryEnd                                             int
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func stepView(res *sim.StepResult) stepResultView {
	v := stepResultView{
		Index: res.Index, At: stamp(res.At), Expected: res.Expected, Actual: res.Actual,
		Pass: res.Pass, Problems: res.Problems, Diff: res.Diff,
	}
	if res.Step != nil {
		v.ID = res.Step.ID
	}
	if e := res.Err; e != nil {
		v.Err = &errorView{Code: e.Code, Message: e.Message, HTTPStatus: e.HTTPStatus, Reason: e.Reason, Text: e.Error()}
		v.ErrTraceSameAsStep = e.Trace == res.Trace
	}
	if s := res.Session; s != nil {
		sv := &sessionView{
			Kind: s.Kind.String(), Name: s.Name, ARN: s.ARN, AssumedRoleID: s.AssumedRoleID, RoleID: s.RoleID, CallerARN: s.CallerARN,
			Credentials: s.Credentials, IssuedAt: stamp(s.IssuedAt), Expiration: stamp(s.Expiration), MFAAuthTime: stamp(s.MFAAuthTime),
			Tags: s.Tags, Inherited: s.Inherited, TransitiveTagKeys: s.TransitiveTagKeys, SourceIdentity: s.SourceIdentity,
			Provider: s.Provider, FederatedKeys: s.FederatedKeys,
		}
		if s.Role != nil {
			sv.Role = s.Role.ARN + " " + s.Role.ID
		}
		if s.User != nil {
			sv.User = s.User.ARN + " " + s.User.ID
		}
		if s.Account != nil {
			sv.Account = s.Account.ID
		}
		for _, p := range s.SessionPolicies {
			sv.SessionPolicies = append(sv.SessionPolicies, policyName(p))
		}
		v.Session = sv
	}
	if tr := res.Trace; tr != nil {
		v.Notes, v.Duration = tr.Notes, tr.Duration
		for _, e := range tr.Entries {
			v.Entries = append(v.Entries, entryView{
				Action: e.Action, Policy: e.Policy, Level: e.Level, Statement: e.Statement,
				Kind: string(e.Kind), Decision: e.Decision.String(), StatementPos: e.StatementPos, Ref: policyName(e.Ref),
			})
		}
		for _, d := range tr.Decisions {
			v.Decisions = append(v.Decisions, decisionView{
				Action: d.Action, Resource: d.Resource, Caller: d.Caller, CallerAccount: d.CallerAccount,
				ResourceAccount: d.ResourceAccount, Naming: d.Naming.String(), Principal: d.Principal, Context: d.Context,
				Denied: d.Denied, EntryStart: d.EntryStart, EntryEnd: d.EntryEnd,
			})
		}
	}
	return v
}

// policyName shows a policy reference by what it names and where it was
// written, and its document's shape.
func policyName(p *sim.PolicyRef) string {
	if p == nil {
		return ""
	}
	s := string(p.Kind) + " " + p.Name + " (" + p.File + ")"
	if p.Doc != nil {
		s += " " + p.Doc.Version + " " + p.Doc.ID + " " + strconv.Itoa(len(p.Doc.Statements)) + " statements"
	}
	return s
}
