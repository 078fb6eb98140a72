package report_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/report"
)

// loaded is an example scenario and its text.
type loaded struct {
	name string
	src  []byte
	sc   *scenario.Scenario
}

func loadExamples(tb testing.TB) []loaded {
	tb.Helper()
	var out []loaded
	for _, name := range examples.Names() {
		sc, err := scenario.LoadFS(examples.FS, name)
		if err != nil {
			tb.Fatalf("loading %s: %v", name, err)
		}
		src, err := fs.ReadFile(examples.FS, name)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, loaded{name: name, src: src, sc: sc})
	}
	if len(out) == 0 {
		tb.Fatal("examples.FS holds no *.yaml files")
	}
	return out
}

// render runs the scenarios and renders the report.
func render(tb testing.TB, ls []loaded) string {
	tb.Helper()
	entries := make([]report.Entry, len(ls))
	for i, l := range ls {
		rep, err := sim.Run(l.sc)
		if err != nil {
			tb.Fatal(err)
		}
		entries[i] = report.Entry{File: "examples/" + l.name, Source: l.src, Report: rep}
	}
	page, err := report.HTML("rolesim examples", entries)
	if err != nil {
		tb.Fatal(err)
	}
	return page
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

// TestHTML checks the page for all examples: well-formed XML, every
// scenario in the table and as a section with its three parts, nothing
// fetched from elsewhere, and the same bytes when rendered twice.
func TestHTML(t *testing.T) {
	ls := loadExamples(t)
	page := render(t, ls)
	if err := wellFormed(page); err != nil {
		t.Fatalf("the page is not well-formed XML: %v", err)
	}
	for i, l := range ls {
		for _, want := range []string{
			">" + l.sc.Name + "</a></td>",
			"<code>examples/" + l.name + "</code>",
			`id="timeline-` + itoa(i+1) + `"`,
			`id="graph-` + itoa(i+1) + `"`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the page lacks %q for %s", want, l.name)
			}
		}
	}
	if got := strings.Count(page, `<section class="scenario"`); got != len(ls) {
		t.Errorf("%d scenario sections, want %d", got, len(ls))
	}
	if got := strings.Count(page, `<details class="step `); got == 0 {
		t.Error("the page explains no step")
	}
	// Self-contained: no scripts, no external references (namespace
	// declarations are names, not fetches).
	external := regexp.MustCompile(`(?i)<script|<link|<img|<iframe|@import|url\((?:["']?)https?:|(?:src|href)="(?:https?:)?//`)
	if m := external.FindString(page); m != "" {
		t.Errorf("the page fetches or runs something: %q", m)
	}
	if again := render(t, ls); again != page {
		t.Error("rendering twice gave different pages")
	}
}

// TestFailedStepsOpen checks that a failed step's explanation is open and
// marked, and the table says FAIL.
func TestFailedStepsOpen(t *testing.T) {
	ls := loadExamples(t)[:1]
	sc := *ls[0].sc
	steps := append([]*scenario.Step(nil), sc.Steps...)
	first := *steps[0]
	first.Expect = &scenario.Expect{Error: "AccessDenied"}
	steps[0] = &first
	sc.Steps = steps
	ls[0].sc = &sc
	page := render(t, ls)
	for _, want := range []string{
		`<tr class="fail">`, `<td class="status">FAIL</td>`,
		`<details class="step fail" open="open"><summary><span class="badge fail">FAIL</span> Step 1`,
		"1 scenario, 0 passed, 1 failed",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestSkippedStepsGrey checks one cause, one failure in the report: a step
// skipped because the step whose session it needs failed gets a grey SKIP
// badge, closed, and the counts name only the failed step.
func TestSkippedStepsGrey(t *testing.T) {
	src, err := os.ReadFile("../explain/testdata/skipped/skipped.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("skipped.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	page := render(t, []loaded{{name: "skipped.yaml", src: src, sc: sc}})
	for _, want := range []string{
		`<details class="step fail" open="open"><summary><span class="badge fail">FAIL</span> Step 1 `,
		`<details class="step skip"><summary><span class="badge skip">SKIP</span> Step 2 `,
		".badge.skip{", "2 steps, 1 failed",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// chromium finds a Chromium or Chrome binary.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestChromium renders the report for all examples in headless Chromium
// and checks that the rendered page shows every scenario. CI installs
// Chromium (Debian's chromium package, see .ci/run); the test is skipped
// only where no Chromium is installed.
func TestChromium(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("Chromium is not installed (looked for chromium, chromium-browser, google-chrome): install Debian's chromium package to run this test; .ci/run does")
	}
	ls := loadExamples(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(render(t, ls)), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", "file://"+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	dom := string(out)
	if !strings.Contains(dom, "<h1>rolesim examples</h1>") {
		t.Fatalf("the rendered page has no heading; chromium printed:\n%.2000s", dom)
	}
	for i, l := range ls {
		for _, want := range []string{">" + l.sc.Name + "</a>", `id="scenario-` + itoa(i+1) + `"`, `id="timeline-` + itoa(i+1) + `"`, `id="graph-` + itoa(i+1) + `"`} {
			if !strings.Contains(dom, want) {
				t.Errorf("the rendered page does not show %s: it lacks %q", l.name, want)
			}
		}
	}
	if got := strings.Count(dom, "<svg"); got < 2*len(ls) {
		t.Errorf("the rendered page has %d pictures, want at least %d (a timeline and a graph per scenario)", got, 2*len(ls))
	}
}

// BenchmarkReport runs every example and renders the whole report: runs,
// explanations, timelines, graphs and the page.
func BenchmarkReport(b *testing.B) {
	ls := loadExamples(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		render(b, ls)
	}
}
