package report_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	hrefRE = regexp.MustCompile(`<a href="#([^"]+)">`)
	idRE   = regexp.MustCompile(` id="([^"]+)"`)
)

// TestStepLinks checks that every timeline marker links to its step's
// explanation: one link per drawn step, each to an id the page holds, and
// every step's explanation carries one (issue 12).
func TestStepLinks(t *testing.T) {
	ls := loadExamples(t)
	page := render(t, ls)
	ids := map[string]int{}
	for _, m := range idRE.FindAllStringSubmatch(page, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q is used %d times", id, n)
		}
	}
	links := hrefRE.FindAllStringSubmatch(page, -1)
	steps := 0
	for _, m := range links {
		if !strings.Contains(m[1], "-step-") {
			continue
		}
		steps++
		if ids[m[1]] == 0 {
			t.Errorf("a marker links to #%s, which the page lacks", m[1])
		}
	}
	if steps == 0 {
		t.Fatal("no timeline marker links to a step")
	}
	for i, l := range ls {
		for j := range l.sc.Steps {
			id := "scenario-" + itoa(i+1) + "-step-" + itoa(j+1)
			if ids[id] != 1 {
				t.Errorf("%s: step %d's explanation has no id %q", l.name, j+1, id)
			}
		}
	}
	if !strings.Contains(page, `<a href="#scenario-1-step-1"><g class="event`) {
		t.Error("the first scenario's first marker is not a link to its step")
	}
}

// TestLongLinesWrap checks that the page's styles wrap long lines (tokens,
// policies, ARNs) instead of running them out of their box.
func TestLongLinesWrap(t *testing.T) {
	page := render(t, loadExamples(t)[:1])
	for _, want := range []string{"white-space:pre-wrap", "overflow-wrap:anywhere"} {
		if !strings.Contains(page, want) {
			t.Errorf("the styles lack %q", want)
		}
	}
	if strings.Contains(page, "white-space:pre}") || strings.Contains(page, "white-space:pre;") {
		t.Error("a style keeps long lines on one line")
	}
}

// chromiumDOM loads file (with an optional #fragment) in headless Chromium
// at a 1100-pixel-wide window and returns the DOM after its scripts ran.
func chromiumDOM(t *testing.T, bin, dir, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1100,900",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--dump-dom", url)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out)
}

// TestChromiumLayout renders the report for all examples in headless
// Chromium: no text box is wider than its box (long tokens wrap), the page
// is no wider than the window, and following a marker's link opens the
// step's closed explanation. CI installs Chromium (see .ci/run); the test
// is skipped only where none is installed.
func TestChromiumLayout(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("Chromium is not installed (looked for chromium, chromium-browser, google-chrome): install Debian's chromium package to run this test; .ci/run does")
	}
	page := render(t, loadExamples(t))
	dir := t.TempDir()
	// The page has no scripts; this copy measures itself once laid out
	// and writes what overflows into the DOM.
	probe := `<script>
var bad = [];
document.querySelectorAll("pre, code, summary, td, p").forEach(function (el) {
  if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== "inline") bad.push(el.tagName + ":" + (el.id || el.textContent.slice(0, 60)));
});
if (document.documentElement.scrollWidth > window.innerWidth + 1) bad.push("page:" + document.documentElement.scrollWidth);
var r = document.createElement("div"); r.id = "overflow-probe"; r.textContent = bad.length + " overflowing: " + bad.join(" | ");
document.body.appendChild(r);
</script>
</body>`
	probed := filepath.Join(dir, "probed.html")
	if err := os.WriteFile(probed, []byte(strings.Replace(page, "</body>", probe, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := chromiumDOM(t, bin, dir, "file://"+probed)
	m := regexp.MustCompile(`<div id="overflow-probe">([^<]*)</div>`).FindStringSubmatch(dom)
	if m == nil {
		t.Fatalf("the probe did not run; chromium printed:\n%.2000s", dom)
	}
	if !strings.HasPrefix(m[1], "0 overflowing") {
		t.Errorf("text runs out of its box: %s", m[1])
	}

	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom = chromiumDOM(t, bin, dir, "file://"+file+"#scenario-2-step-1")
	open := regexp.MustCompile(`<details class="step [a-z]+"( open="[^"]*")?><summary>[^\n]*\n<pre id="([^"]+)"`)
	opened := 0
	for _, m := range open.FindAllStringSubmatch(dom, -1) {
		if m[2] == "scenario-2-step-1" {
			if m[1] == "" {
				t.Error("following the link to scenario 2's step 1 left its explanation closed")
			}
			opened++
		}
	}
	if opened != 1 {
		t.Errorf("found %d explanations with id scenario-2-step-1, want 1", opened)
	}
}
