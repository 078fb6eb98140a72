package main

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestREADMEDescribesJSON checks that the README's "JSON output" section
// lists, object by object and in order, exactly the fields the JSON
// report and validate's JSON have.
func TestREADMEDescribesJSON(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	i := strings.Index(text, "\n### JSON output\n")
	if i < 0 {
		t.Fatal("README.md has no JSON output section")
	}
	section := text[i+1:]
	if j := strings.Index(section, "\n```"); j >= 0 {
		section = section[:j]
	}
	// Each object is one bullet, "- label: `field` (comment), ...", maybe
	// wrapped onto indented lines; comments in parentheses are not fields.
	bullets := map[string][]string{}
	var order []string
	parens := regexp.MustCompile(`\([^()]*\)`)
	field := regexp.MustCompile("`([a-z_]+)`")
	var cur string
	for _, line := range strings.Split(section, "\n") {
		switch {
		case strings.HasPrefix(line, "- "):
			label, rest, ok := strings.Cut(strings.TrimPrefix(line, "- "), ": ")
			if !ok {
				t.Fatalf("bullet %q has no label", line)
			}
			cur = label
			order = append(order, label)
			bullets[cur] = []string{rest}
		case strings.HasPrefix(line, "  ") && cur != "":
			bullets[cur] = append(bullets[cur], strings.TrimSpace(line))
		default:
			cur = ""
		}
	}
	types := []struct {
		label string
		typ   any
	}{
		{"report", jsonReport{}},
		{"summary", jsonSummary{}},
		{"scenario", jsonScenario{}},
		{"diagnostic", jsonDiagnostic{}},
		{"golden", jsonGolden{}},
		{"assertion", jsonAssertion{}},
		{"found", jsonFound{}},
		{"step", jsonStep{}},
		{"expected and actual", jsonObserved{}},
		{"error", jsonError{}},
		{"reason", jsonReason{}},
		{"nearest miss", jsonNearest{}},
		{"session", jsonSession{}},
		{"trace", jsonTrace{}},
		{"trace entry", jsonTraceEntry{}},
		{"validation", jsonValidation{}},
		{"file", jsonValidatedFile{}},
		{"validation summary", jsonValidateSummary{}},
	}
	var wantOrder []string
	for _, tt := range types {
		wantOrder = append(wantOrder, tt.label)
		var want []string
		rt := reflect.TypeOf(tt.typ)
		for k := 0; k < rt.NumField(); k++ {
			f := rt.Field(k)
			if f.Anonymous {
				continue // sim.Observed: the checked fields, not listed one by one
			}
			want = append(want, strings.Split(f.Tag.Get("json"), ",")[0])
		}
		var got []string
		for _, m := range field.FindAllStringSubmatch(parens.ReplaceAllString(strings.Join(bullets[tt.label], " "), ""), -1) {
			got = append(got, m[1])
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("README's %q fields differ from %s's (-want +got):\n%s", tt.label, rt.Name(), diff)
		}
	}
	if diff := cmp.Diff(wantOrder, order); diff != "" {
		t.Errorf("README's JSON objects (-want +got):\n%s", diff)
	}
}
