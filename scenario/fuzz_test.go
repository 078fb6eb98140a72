package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzLoad checks Parse's promises on any input: it returns a scenario or
// diagnostics, never both or neither; every diagnostic names the input,
// points at a line and column that exist in it and reads file:line:col:
// message; the diagnostics are sorted by position; and parsing the same
// bytes twice gives exactly the same diagnostics and the same scenario.
// Running what loads is FuzzLoadRun's job (package sim). Seeds: the
// scenario files in testdata/valid and testdata/invalid, plus
// testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	files, err := filepath.Glob("testdata/*/*.yaml")
	if err != nil || len(files) == 0 {
		f.Fatal("no testdata")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.yaml", data)
		checkLoad(t, s, err, map[string][]byte{"fuzz.yaml": data})
		s2, err2 := Parse("fuzz.yaml", data)
		checkSameLoad(t, s, err, s2, err2)
	})
}

// checkLoad checks one load's answer: a scenario or diagnostics, each
// positioned inside the file it names (one of files, by name) and sorted.
func checkLoad(t *testing.T, s *Scenario, err error, files map[string][]byte) {
	t.Helper()
	if (s == nil) == (err == nil) {
		t.Fatalf("got scenario %v and error %v, want exactly one", s != nil, err)
	}
	if err == nil {
		return
	}
	var ds Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("error is %T, want Diagnostics: %v", err, err)
	}
	if len(ds) == 0 {
		t.Fatal("an error with no diagnostics")
	}
	for i, d := range ds {
		if d.Message == "" {
			t.Errorf("diagnostic %d at %v has no message", i, d.Pos)
		}
		data, ok := files[d.Pos.File]
		if !ok {
			t.Errorf("diagnostic %q names file %q, which is not an input", d.Error(), d.Pos.File)
			continue
		}
		if msg := positionProblem(d.Pos, data); msg != "" {
			t.Errorf("diagnostic %q: %s", d.Error(), msg)
		}
		if i > 0 && diagnosticBefore(d, ds[i-1]) {
			t.Errorf("diagnostics out of order: %q comes after %q", d.Error(), ds[i-1].Error())
		}
	}
}

// positionProblem says why pos is not a position in data, or returns "".
// Lines are what a \n ends (a file ending in \n has an empty last line,
// where end-of-file problems sit); a column may be one past the last
// character of its line, counted in runes as YAML counts them.
func positionProblem(pos Pos, data []byte) string {
	lines := strings.Split(string(data), "\n")
	if pos.Line < 1 || pos.Line > len(lines) {
		return "line " + strconv.Itoa(pos.Line) + " is outside the input's " + strconv.Itoa(len(lines)) + " lines"
	}
	if n := utf8.RuneCountInString(lines[pos.Line-1]); pos.Col < 1 || pos.Col > n+1 {
		return "column " + strconv.Itoa(pos.Col) + " is outside line " + strconv.Itoa(pos.Line) + ", which has " + strconv.Itoa(n) + " characters"
	}
	if want := pos.File + ":" + strconv.Itoa(pos.Line) + ":" + strconv.Itoa(pos.Col); pos.String() != want {
		return "position prints as " + pos.String() + ", want " + want
	}
	return ""
}

// diagnosticBefore tells whether a sorts before b: by file, line, column,
// then message (written out here, apart from Diagnostics.Sort).
func diagnosticBefore(a, b *Diagnostic) bool {
	switch {
	case a.Pos.File != b.Pos.File:
		return a.Pos.File < b.Pos.File
	case a.Pos.Line != b.Pos.Line:
		return a.Pos.Line < b.Pos.Line
	case a.Pos.Col != b.Pos.Col:
		return a.Pos.Col < b.Pos.Col
	}
	return a.Message < b.Message
}

// loadResult is what a load answers, reduced to comparable values.
type loadResult struct {
	Scenario    *Scenario
	Diagnostics []diagnosticText
}

type diagnosticText struct {
	Pos     Pos
	Message string
	Err     string
}

func resultOf(s *Scenario, err error) loadResult {
	r := loadResult{Scenario: s}
	var ds Diagnostics
	if errors.As(err, &ds) {
		for _, d := range ds {
			dt := diagnosticText{Pos: d.Pos, Message: d.Message}
			if d.Err != nil {
				dt.Err = d.Err.Error()
			}
			r.Diagnostics = append(r.Diagnostics, dt)
		}
	}
	return r
}

// sameLoad compares loads field by field, unexported fields (compiled
// policies) included; a compiled regexp compares by its source.
var sameLoad = []cmp.Option{
	cmp.Exporter(func(reflect.Type) bool { return true }),
	cmp.Comparer(func(a, b *regexp.Regexp) bool {
		if a == nil || b == nil {
			return a == b
		}
		return a.String() == b.String()
	}),
}

// checkSameLoad fails when two loads of the same bytes disagree.
func checkSameLoad(t *testing.T, s1 *Scenario, err1 error, s2 *Scenario, err2 error) {
	t.Helper()
	if diff := cmp.Diff(resultOf(s1, err1), resultOf(s2, err2), sameLoad...); diff != "" {
		t.Fatalf("two loads of the same bytes differ (-first +second):\n%s", diff)
	}
}
