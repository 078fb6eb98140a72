package timeline_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/examples"
	gold "github.com/rolesim/rolesim/golden"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/timeline"
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

func runExample(t testing.TB, name string) *sim.Report {
	t.Helper()
	sc, err := scenario.LoadFS(examples.FS, name)
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
	return rep
}

// wellFormed parses text as XML to the end and returns the first error.
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

// TestGoldenSVG checks every example's timeline against its golden SVG,
// that the SVG and the HTML page are well-formed XML, and that rendering
// twice gives the same bytes.
func TestGoldenSVG(t *testing.T) {
	for _, name := range exampleFiles(t) {
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			svg := timeline.Build(runExample(t, name)).SVG("")
			file := filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".yaml")+".svg")
			gold.Assert(t, file, []byte(svg), *update)
			if err := wellFormed(svg); err != nil {
				t.Errorf("the SVG is not well-formed XML: %v", err)
			}
			tl := timeline.Build(runExample(t, name))
			if again := tl.SVG(""); again != svg {
				t.Errorf("rendering twice gave different SVG (-first +second):\n%s", cmp.Diff(svg, again))
			}
			html := tl.HTML()
			if err := wellFormed(html); err != nil {
				t.Errorf("the HTML page is not well-formed XML: %v", err)
			}
			if !strings.Contains(html, "<svg ") || !strings.HasPrefix(html, "<!DOCTYPE html>") {
				t.Error("the HTML page does not hold the picture")
			}
		})
	}
}

const world = `version: 1
name: timeline-test
start: 2024-01-01T09:00:00Z
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          Any:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
    roles:
      - name: Dev
        max_session_duration: 2h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: "111111111111"}
              Action: sts:AssumeRole
        inline_policies:
          Any:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
steps:
  - id: dev
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: alice
      duration_seconds: 7200
  - id: chain
    assume:
      as: dev
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: again
  - advance: 90m
  - id: late
    call:
      as: chain
      action: s3:ListBucket
      resource: arn:aws:s3:::b
    expect:
      error: ExpiredToken
  - id: nope
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/Nope
      role_session_name: alice
  - id: orphan
    whoami: nope
  - id: bad-name
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: v
    expect:
      error: ValidationError
`

func TestBuild(t *testing.T) {
	src := world[:strings.Index(world, "  - id: nope\n")]
	sc, err := scenario.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	tl := timeline.Build(rep)
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	type lane struct {
		Kind                    timeline.LaneKind
		Label                   string
		Issued, Expires         time.Time
		Chained                 bool
		RoleMax                 time.Duration
		From                    int
		Detail, Detail2         string
		HasSession, SessionNone bool
	}
	var lanes []lane
	for _, l := range tl.Lanes {
		x := lane{Kind: l.Kind, Label: l.Label, Detail: l.Detail, Detail2: l.Detail2}
		if b := l.Session; b != nil {
			x.Issued, x.Expires, x.Chained, x.RoleMax, x.From, x.HasSession = b.Issued, b.Expires, b.Chained, b.RoleMax, b.From, true
		}
		lanes = append(lanes, x)
	}
	wantLanes := []lane{
		{Kind: timeline.LaneUser, Label: "alice", Detail: "IAM user, account 111111111111"},
		{Kind: timeline.LaneSession, Label: "Dev/alice", Detail: "step dev, account 111111111111", Detail2: "2h session, until 11:00",
			Issued: at("2024-01-01T09:00:00Z"), Expires: at("2024-01-01T11:00:00Z"), RoleMax: 2 * time.Hour, From: 0, HasSession: true},
		{Kind: timeline.LaneSession, Label: "Dev/again", Detail: "step chain, account 111111111111", Detail2: "1h chained session, until 10:00",
			Issued: at("2024-01-01T09:00:00Z"), Expires: at("2024-01-01T10:00:00Z"), Chained: true, RoleMax: 2 * time.Hour, From: 1, HasSession: true},
	}
	if diff := cmp.Diff(wantLanes, lanes); diff != "" {
		t.Errorf("a lane per caller, in order of first use; a session lane per issued session, linked to its caller's lane (-want +got):\n%s", diff)
	}
	type event struct {
		Index, Lane, NewLane int
		What                 string
		OK, Pass             bool
		Error                string
	}
	var events []event
	for _, e := range tl.Events {
		events = append(events, event{e.Index, e.Lane, e.NewLane, e.What, e.OK, e.Pass, e.Error})
	}
	wantEvents := []event{
		{1, 0, 1, "AssumeRole Dev", true, true, ""},
		{2, 1, 2, "AssumeRole Dev", true, true, ""},
		{4, 2, -1, "s3:ListBucket", false, true, "ExpiredToken: The provided token has expired."},
	}
	if diff := cmp.Diff(wantEvents, events); diff != "" {
		t.Errorf("every request is an event on its caller's lane; a refused one carries AWS's error; the advance is not an event (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]timeline.Gap{{Index: 3, From: at("2024-01-01T09:00:00Z"), To: at("2024-01-01T10:30:00Z")}}, tl.Gaps); diff != "" {
		t.Errorf("the clock advance is a gap (-want +got):\n%s", diff)
	}
	if !tl.Start.Equal(at("2024-01-01T09:00:00Z")) || !tl.End.Equal(at("2024-01-01T11:00:00Z")) {
		t.Errorf("Start, End = %v, %v; want the scenario's start and the last expiry", tl.Start, tl.End)
	}

	svg := tl.SVG("x")
	for _, want := range []string{
		`id="x"`, `url(#x-arrow)`, "1h chaining cap", "MaxSessionDuration 2h", "clock +1h30m",
		"refused: ExpiredToken", "Timeline of timeline-test",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
}

// TestUnknownCredentials checks that a step naming the credentials of a
// step that failed (so they were never issued) is listed in the legend as
// skipped because of that step, not placed on a lane and not marked as a
// failure of its own (one cause, one failure), without a panic.
func TestUnknownCredentials(t *testing.T) {
	sc, err := scenario.Parse("t.yaml", []byte(world))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	tl := timeline.Build(rep)
	var orphan *timeline.Event
	for _, e := range tl.Events {
		if e.ID == "orphan" {
			orphan = e
		}
	}
	if orphan == nil || orphan.Lane != -1 || orphan.OK || !orphan.Pass || orphan.SkippedBecause != "nope" {
		t.Errorf("orphan = %+v, want an event off every lane, not OK, skipped because of step nope", orphan)
	}
	svg := tl.SVG("")
	if !strings.Contains(svg, `class="skipped">orphan at 10:30:00: GetCallerIdentity, skipped: step nope failed`) {
		t.Error("the legend does not list the skipped step as skipped")
	}
	if !strings.Contains(svg, ".skipped{") {
		t.Error("the legend's skipped style is missing")
	}
	if err := wellFormed(svg); err != nil {
		t.Error(err)
	}
}

// TestEscaping checks that text with XML's special characters (AWS
// messages quote values in apostrophes) stays well-formed.
func TestEscaping(t *testing.T) {
	sc, err := scenario.Parse("t.yaml", []byte(world))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	tl := timeline.Build(rep)
	for _, text := range []string{tl.SVG(`id&<"`), tl.HTML()} {
		if err := wellFormed(text); err != nil {
			t.Errorf("not well-formed: %v", err)
		}
		if !bytes.Contains([]byte(text), []byte("Value &#39;v&#39; at &#39;roleSessionName&#39;")) {
			t.Error("the error message is not in the legend, escaped")
		}
	}
}

// TestChanges checks that a step changing the world is drawn across the
// lanes at its instant and listed, not taken for a request.
func TestChanges(t *testing.T) {
	src := world[:strings.Index(world, "  - advance: 90m\n")] + `  - id: revoke
    revoke_role_sessions:
      account: "111111111111"
      role_name: Dev
  - id: after
    call:
      as: dev
      action: s3:ListBucket
      resource: arn:aws:s3:::b
    expect:
      error: AccessDenied
`
	sc, err := scenario.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	tl := timeline.Build(rep)
	want := []timeline.Change{{Index: 3, ID: "revoke", At: tl.Start, What: "revoke_role_sessions Dev", OK: true, Pass: true}}
	if diff := cmp.Diff(want, tl.Changes); diff != "" {
		t.Errorf("the change is recorded with its step and instant (-want +got):\n%s", diff)
	}
	for _, e := range tl.Events {
		if e.ID == "revoke" {
			t.Error("the change is also listed as a request")
		}
	}
	svg := tl.SVG("")
	if !strings.Contains(svg, "revoke at 09:00:00: the world changes (revoke_role_sessions Dev)") || !strings.Contains(svg, "world change") {
		t.Error("the SVG does not show the change in its legend and key")
	}
	if err := wellFormed(svg); err != nil {
		t.Error(err)
	}
}
