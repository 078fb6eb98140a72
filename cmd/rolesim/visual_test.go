package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func wellFormedXML(text string) error {
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

func TestVisualCommands(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		reason string
		args   []string
		code   int
		// stdout and stderr must contain each of these strings; stdoutNot
		// must not be in stdout.
		stdout, stderr, stdoutNot []string
		// file, when set, must exist after the run and contain each of
		// fileHas.
		file    string
		fileHas []string
		// check runs on stdout.
		check func(t *testing.T, stdout string)
	}{
		{
			name:   "explain-all",
			reason: "explain with no --step explains every step, in plain English, and exits 0 even for a failing scenario",
			args:   []string{"explain", failFile},
			code:   exitOK,
			stdout: []string{"Scenario cli-fail (" + failFile + ")", `Step 1 "developer": an AssumeRole request`, `Step 5 "denied"`, "Session duration", "Policies consulted, in AWS's evaluation order:"},
		},
		{
			name:      "explain-step",
			reason:    "--step explains one step only",
			args:      []string{"explain", failFile, "--step", "chained"},
			code:      exitOK,
			stdout:    []string{`Step 2 "chained"`, "exceeds the one-hour limit on role chaining"},
			stdoutNot: []string{`Step 1 "developer"`, "Scenario cli-fail"},
		},
		{
			name:   "explain-step-json",
			reason: "--format json prints the structured explanation",
			args:   []string{"explain", failFile, "--step", "denied", "--format", "json"},
			code:   exitOK,
			check: func(t *testing.T, out string) {
				var v struct {
					ID    string `json:"id"`
					Check struct {
						Pass bool `json:"pass"`
					} `json:"check"`
				}
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				if v.ID != "denied" || v.Check.Pass {
					t.Errorf("got id %q pass %v, want the failed step denied", v.ID, v.Check.Pass)
				}
			},
		},
		{
			name:   "explain-json",
			reason: "--format json without --step prints the whole scenario's explanation",
			args:   []string{"explain", passFile, "--format", "json"},
			code:   exitOK,
			check: func(t *testing.T, out string) {
				var v struct {
					Name  string            `json:"name"`
					Steps []json.RawMessage `json:"steps"`
				}
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Fatalf("not JSON: %v", err)
				}
				if v.Name != "cli-pass" || len(v.Steps) != 5 {
					t.Errorf("got %q with %d steps, want cli-pass with 5", v.Name, len(v.Steps))
				}
			},
		},
		{
			name:   "explain-unknown-step",
			reason: "an unknown --step is bad input, and the message lists the steps there are",
			args:   []string{"explain", failFile, "--step", "nope"},
			code:   exitBadInput,
			stderr: []string{`has no step "nope"; its steps are: developer, chained, read-artifacts, `},
		},
		{
			name:   "explain-builtin-example",
			reason: "examples/<name> finds the built-in example when no such file exists, as `rolesim run` names them",
			args:   []string{"explain", "examples/03-chain-one-hour-cap.yaml", "--step", "2"},
			code:   exitOK,
			stdout: []string{"at examples/03-chain-one-hour-cap.yaml:"},
		},
		{
			name:   "explain-missing-file",
			reason: "a file that does not exist is bad input",
			args:   []string{"explain", "testdata/nope.yaml"},
			code:   exitBadInput,
			stderr: []string{"testdata/nope.yaml: "},
		},
		{
			name:   "explain-broken-file",
			reason: "a file that does not load prints its positioned problems",
			args:   []string{"explain", malformedFile},
			code:   exitBadInput,
			stderr: []string{malformedFile + ":2:1: "},
		},
		{
			name:   "explain-needs-file",
			reason: "explain takes exactly one file",
			args:   []string{"explain"},
			code:   exitBadInput,
			stderr: []string{"accepts 1 arg(s)"},
		},
		{
			name:   "timeline-stdout",
			reason: "timeline prints a well-formed SVG to standard output",
			args:   []string{"timeline", failFile},
			code:   exitOK,
			check: func(t *testing.T, out string) {
				if !strings.HasPrefix(out, "<svg ") {
					t.Errorf("not an SVG: %.80s", out)
				}
				if err := wellFormedXML(out); err != nil {
					t.Error(err)
				}
			},
		},
		{
			name:    "timeline-html-by-extension",
			reason:  "an -o file ending in .html gets the HTML page",
			args:    []string{"timeline", passFile, "-o", filepath.Join(dir, "t.html")},
			code:    exitOK,
			file:    filepath.Join(dir, "t.html"),
			fileHas: []string{"<!DOCTYPE html>", "<svg "},
		},
		{
			name:    "timeline-format-wins",
			reason:  "--format svg wins over the file's extension",
			args:    []string{"timeline", passFile, "--format", "svg", "-o", filepath.Join(dir, "t2.html")},
			code:    exitOK,
			file:    filepath.Join(dir, "t2.html"),
			fileHas: []string{"<svg "},
		},
		{
			name:   "timeline-bad-format",
			reason: "an unknown format is a usage error",
			args:   []string{"timeline", passFile, "--format", "png"},
			code:   exitBadInput,
			stderr: []string{`unknown format "png" (want svg or html)`},
		},
		{
			name:   "timeline-unwritable",
			reason: "an -o path that cannot be written is bad input",
			args:   []string{"timeline", passFile, "-o", filepath.Join(dir, "no", "such", "dir", "t.svg")},
			code:   exitBadInput,
			stderr: []string{"no such file or directory"},
		},
		{
			name:      "timeline-burst",
			reason:    "a repeated step is drawn as a burst with its counts, not as a refused request with an empty error (issue 12)",
			args:      []string{"timeline", "examples/40-sts-request-rate-quota.yaml"},
			code:      exitOK,
			stdout:    []string{`<g class="event burst">`, "600 allowed, 100 throttled", "600 sessions issued"},
			stdoutNot: []string{"refused: </text>", "Deploy, refused:"},
		},
		{
			name:      "timeline-failures",
			reason:    "in a failing run the failures carry the thick ring, a header line and a key entry (issue 12)",
			args:      []string{"timeline", failFile},
			code:      exitOK,
			stdout:    []string{`class="missed-ring"`, "4 steps did not go as expected", "not as expected: the run fails here"},
			stdoutNot: []string{`stroke-dasharray="2,1.5"`},
		},
		{
			name:      "graph-provider-in-account",
			reason:    "a declared OIDC provider is drawn in its account, not outside the scenario (issue 12)",
			args:      []string{"graph", "examples/31-github-actions-oidc.yaml"},
			code:      exitOK,
			stdout:    []string{"class n5 idp"},
			stdoutNot: []string{"outside the scenario"},
		},
		{
			name:   "graph-mermaid",
			reason: "graph prints Mermaid by default",
			args:   []string{"graph", failFile},
			code:   exitOK,
			stdout: []string{"flowchart LR\n", "subgraph "},
		},
		{
			name:   "graph-dot",
			reason: "--format dot prints Graphviz",
			args:   []string{"graph", failFile, "--format", "dot"},
			code:   exitOK,
			stdout: []string{"digraph trust {\n", "subgraph cluster_"},
		},
		{
			name:   "graph-svg",
			reason: "--format svg prints the arc diagram",
			args:   []string{"graph", failFile, "--format", "svg"},
			code:   exitOK,
			check: func(t *testing.T, out string) {
				if err := wellFormedXML(out); err != nil || !strings.HasPrefix(out, "<svg ") {
					t.Errorf("not a well-formed SVG (%v): %.80s", err, out)
				}
			},
		},
		{
			name:    "report-dir",
			reason:  "report runs every scenario of a directory and writes one page with all of them",
			args:    []string{"report", "testdata/scenarios", "-o", filepath.Join(dir, "r.html")},
			code:    exitOK,
			file:    filepath.Join(dir, "r.html"),
			fileHas: []string{"<title>rolesim report</title>", ">cli-fail</a>", ">cli-pass</a>", "2 scenarios, 1 passed, 1 failed", `<a href="#scenario-1-step-1">`, `<pre id="scenario-1-step-1">`},
		},
		{
			name:   "report-examples",
			reason: "with no paths, report covers the built-in examples",
			args:   []string{"report", "--title", "Examples"},
			code:   exitOK,
			stdout: []string{"<title>Examples</title>", "examples/01-first-hop-max-session-duration.yaml", "examples/23-role-self-assume.yaml"},
		},
		{
			name:   "report-bad-input",
			reason: "a file that does not load stops the report with its problems",
			args:   []string{"report", passFile, brokenFile},
			code:   exitBadInput,
			stderr: []string{brokenFile + ":"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != tt.code {
				t.Errorf("exit status %d, want %d (%s)\nstderr:\n%s", got.code, tt.code, tt.reason, got.stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(got.stdout, s) {
					t.Errorf("stdout lacks %q (%s)\nstdout:\n%.3000s", s, tt.reason, got.stdout)
				}
			}
			for _, s := range tt.stdoutNot {
				if strings.Contains(got.stdout, s) {
					t.Errorf("stdout has %q (%s)", s, tt.reason)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(got.stderr, s) {
					t.Errorf("stderr lacks %q (%s)\nstderr:\n%s", s, tt.reason, got.stderr)
				}
			}
			if tt.file != "" {
				data, err := os.ReadFile(tt.file)
				if err != nil {
					t.Fatalf("%v (%s)", err, tt.reason)
				}
				if got.stdout != "" {
					t.Errorf("with -o, stdout should be empty, got %.200q", got.stdout)
				}
				for _, s := range tt.fileHas {
					if !strings.Contains(string(data), s) {
						t.Errorf("%s lacks %q (%s)", tt.file, s, tt.reason)
					}
				}
			}
			if tt.check != nil {
				tt.check(t, got.stdout)
			}
		})
	}
}

// TestRunPointsToExplain checks that every failed step of `rolesim run`
// ends with a `rolesim explain` command, and that the command works and
// explains that step.
func TestRunPointsToExplain(t *testing.T) {
	run := invoke(t, []string{"run", failFile})
	hint := regexp.MustCompile(`(?m)^    see why: rolesim (explain \S+ --step \S+)$`)
	matches := hint.FindAllStringSubmatch(run.stdout, -1)
	if len(matches) != 4 {
		t.Fatalf("found %d explain hints, want one per failed step (4):\n%s", len(matches), run.stdout)
	}
	for _, m := range matches {
		args := strings.Fields(m[1])
		got := invoke(t, args)
		if got.code != exitOK {
			t.Errorf("rolesim %s: exit status %d\n%s", m[1], got.code, got.stderr)
			continue
		}
		id := args[len(args)-1]
		if !strings.HasPrefix(got.stdout, "Step ") || !strings.Contains(strings.SplitN(got.stdout, "\n", 2)[0], `"`+id+`"`) {
			t.Errorf("rolesim %s does not explain step %s:\n%.300s", m[1], id, got.stdout)
		}
		if !strings.Contains(got.stdout, "FAIL: the scenario expected") {
			t.Errorf("rolesim %s does not say the step failed its expectation", m[1])
		}
	}
}

func TestShellQuote(t *testing.T) {
	tests := []struct {
		name, reason, in, want string
	}{
		{"plain", "paths and ids of safe characters stay as they are", "examples/03-chain.yaml", "examples/03-chain.yaml"},
		{"space", "a space needs quotes", "my scenarios/a.yaml", "'my scenarios/a.yaml'"},
		{"apostrophe", "an apostrophe is closed, escaped and reopened", "it's.yaml", `'it'\''s.yaml'`},
		{"empty", "an empty word must still be a word", "", "''"},
	}
	for _, tt := range tests {
		if got := shellQuote(tt.in); got != tt.want {
			t.Errorf("%s: shellQuote(%q) = %q, want %q (%s)", tt.name, tt.in, got, tt.want, tt.reason)
		}
	}
}

// TestDocsPictures checks that the pictures the README shows are what the
// documented commands draw now.
func TestDocsPictures(t *testing.T) {
	tests := []struct {
		name, reason string
		args         []string
		file         string
	}{
		{"timeline", "docs/timeline.svg is regenerated by the command the README gives",
			[]string{"timeline", "examples/12-three-hop-chain.yaml"}, "../../docs/timeline.svg"},
		{"graph", "docs/graph.svg is regenerated by the command the README gives",
			[]string{"graph", "examples/18-trust-principal-org-id.yaml", "--format", "svg"}, "../../docs/graph.svg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != exitOK {
				t.Fatalf("exit status %d: %s", got.code, got.stderr)
			}
			want, err := os.ReadFile(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if string(want) != got.stdout {
				t.Errorf("%s is stale (%s): run go run ./cmd/rolesim %s -o %s", tt.file, tt.reason, strings.Join(tt.args, " "), strings.TrimPrefix(tt.file, "../../"))
			}
		})
	}
}

// chromiumBin finds a Chromium or Chrome binary.
func chromiumBin() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// pictureProbe measures, once the browser has laid the pictures out with
// its real fonts, the text that runs out of its place: a lane's name or
// detail into the plot, a limit label into another or across a limit line
// or out of the picture, a trust graph's name out of its box. It writes
// what it found into the DOM.
const pictureProbe = `<script>
var bad = [];
function box(el) { var b = el.getBBox(); return {x1: b.x, x2: b.x + b.width, y1: b.y, y2: b.y + b.height}; }
document.querySelectorAll("svg").forEach(function (svg) {
  var w = svg.viewBox.baseVal.width;
  var axis = null;
  svg.querySelectorAll("line").forEach(function (l) {
    if (l.getAttribute("stroke") === "#999999" && l.getAttribute("y1") === l.getAttribute("y2")) axis = l.x1.baseVal.value;
  });
  svg.querySelectorAll("text").forEach(function (t) {
    var b = box(t);
    if (b.x2 > w + 1) bad.push(svg.id + ": past the right edge: " + t.textContent);
    if (axis !== null && t.getAttribute("x") === "12.0" && (t.classList.contains("lane") || t.classList.contains("small")) && b.y1 > 60 && b.x2 > axis - 2) bad.push(svg.id + ": lane text into the plot: " + t.textContent);
  });
  var limits = Array.prototype.slice.call(svg.querySelectorAll("text.cap, text.max")).map(function (t) { return {t: t.textContent, b: box(t)}; });
  limits.forEach(function (a, i) {
    limits.slice(i + 1).forEach(function (c) {
      if (a.b.x1 < c.b.x2 && c.b.x1 < a.b.x2 && a.b.y1 < c.b.y2 && c.b.y1 < a.b.y2) bad.push(svg.id + ": limit labels overlap: " + a.t + " / " + c.t);
    });
  });
  svg.querySelectorAll("g > rect + text.node").forEach(function (t) {
    var r = box(t.previousElementSibling), b = box(t);
    if (b.x2 > r.x2 - 2) bad.push(svg.id + ": name out of its box: " + t.textContent);
  });
});
var r = document.createElement("div"); r.id = "probe"; r.textContent = bad.length + " misplaced: " + bad.join(" | ");
document.body.appendChild(r);
</script>`

// TestChromiumPictureText draws timelines and trust graphs in headless
// Chromium, as a user sees them, and checks with the browser's own font
// metrics that no text runs out of its place (issue 12: lane labels cut,
// limit labels in the wrong lane). CI installs Chromium (see .ci/run);
// the test is skipped only where none is installed.
func TestChromiumPictureText(t *testing.T) {
	bin := chromiumBin()
	if bin == "" {
		t.Skip("Chromium is not installed (looked for chromium, chromium-browser, google-chrome): install Debian's chromium package to run this test; .ci/run does")
	}
	var page strings.Builder
	page.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/></head><body>\n")
	pictures := [][]string{
		{"timeline", "examples/31-github-actions-oidc.yaml"},
		{"timeline", "examples/32-eks-irsa.yaml"},
		{"timeline", "examples/40-sts-request-rate-quota.yaml"},
		{"timeline", "examples/24-get-session-token.yaml"},
		{"timeline", failFile},
		{"graph", "examples/31-github-actions-oidc.yaml", "--format", "svg"},
		{"graph", "examples/32-eks-irsa.yaml", "--format", "svg"},
		{"graph", "examples/18-trust-principal-org-id.yaml", "--format", "svg"},
	}
	for i, args := range pictures {
		got := invoke(t, args)
		if got.code != exitOK {
			t.Fatalf("rolesim %s: exit status %d\n%s", strings.Join(args, " "), got.code, got.stderr)
		}
		page.WriteString(strings.Replace(got.stdout, `id="timeline"`, `id="p`+strconv.Itoa(i)+`"`, 1))
	}
	page.WriteString(pictureProbe + "\n</body></html>\n")
	dir := t.TempDir()
	file := filepath.Join(dir, "pictures.html")
	if err := os.WriteFile(file, []byte(page.String()), 0o644); err != nil {
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
	m := regexp.MustCompile(`<div id="probe">([^<]*)</div>`).FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("the probe did not run; chromium printed:\n%.2000s", out)
	}
	if !strings.HasPrefix(m[1], "0 misplaced") {
		t.Errorf("text out of place in the pictures: %s", m[1])
	}
}
