package main

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const failAssertFile = "testdata/assert/fail-assert.yaml"

// TestRunAssertions checks that rolesim run reports assertions with the
// steps: a failed one fails the scenario and the exit status, the text
// gives the route found and the command behind it, and JSON carries the
// verdicts and paths as data.
func TestRunAssertions(t *testing.T) {
	inv := invoke(t, []string{"run", failAssertFile})
	if inv.code != exitFailed {
		t.Errorf("exit %d, want %d (a failed assertion fails the scenario)\n%s", inv.code, exitFailed, inv.stdout)
	}
	for _, want := range []string{
		"FAIL " + failAssertFile + " (fail-assert, 1 step, 3 assertions, 2 assertions failed)\n",
		`  FAIL assert "no-admin" [cannot_reach] at ` + failAssertFile + ":19:5\n" +
			"    ci can reach Admin: ci → Admin, up to 1h, if sts:ExternalId StringEquals x-1 (conditions that may hold still give access)\n" +
			"    found: ci → Admin, up to 1h, if sts:ExternalId StringEquals x-1\n" +
			"      arn:aws:iam::111111111111:user/ci → arn:aws:iam::111111111111:role/Admin\n" +
			"    see why: rolesim reach " + failAssertFile + " --from ci --to Admin\n",
		`  FAIL assert "ci-reads" [can_perform] at ` + failAssertFile + ":21:5\n" +
			"    ci cannot be allowed s3:GetObject on arn:aws:s3:::b/k, itself or through any role it reaches. No principal of the world can be allowed it.\n" +
			"    see why: rolesim who-can s3:GetObject arn:aws:s3:::b/k " + failAssertFile + "\n",
		"1 scenario, 0 passed, 1 failed (1 step, 0 failed; 3 assertions, 2 failed)\n",
	} {
		if !strings.Contains(inv.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, inv.stdout)
		}
	}
	if strings.Contains(inv.stdout, "assert-3") {
		t.Errorf("a passed assertion is shown without -v:\n%s", inv.stdout)
	}

	inv = invoke(t, []string{"run", "--format", "json", failAssertFile})
	if inv.code != exitFailed {
		t.Errorf("json: exit %d, want %d", inv.code, exitFailed)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(inv.stdout), &rep); err != nil || len(rep.Scenarios) != 1 {
		t.Fatalf("json: %v\n%s", err, inv.stdout)
	}
	sc := rep.Scenarios[0]
	type verdict struct {
		ID, Kind, At string
		Passed       bool
		Paths        [][]string
		Conditions   [][]string
	}
	var got []verdict
	for _, a := range sc.Assertions {
		v := verdict{ID: a.ID, Kind: a.Kind, At: a.At, Passed: a.Passed}
		for _, f := range a.Found {
			v.Paths = append(v.Paths, f.Path)
			v.Conditions = append(v.Conditions, f.Conditions)
		}
		got = append(got, v)
	}
	want := []verdict{
		{ID: "no-admin", Kind: "cannot_reach", At: failAssertFile + ":19:5",
			Paths:      [][]string{{"arn:aws:iam::111111111111:user/ci", "arn:aws:iam::111111111111:role/Admin"}},
			Conditions: [][]string{{"sts:ExternalId StringEquals x-1"}}},
		{ID: "ci-reads", Kind: "can_perform", At: failAssertFile + ":21:5"},
		{ID: "assert-3", Kind: "no_juggling", At: failAssertFile + ":23:5", Passed: true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("json verdicts (-want +got):\n%s", diff)
	}
	if sc.Passed || sc.FailedAssertions != 2 || rep.Summary.Assertions != 3 || rep.Summary.FailedAssertions != 2 || rep.Summary.Failed != 1 {
		t.Errorf("json counts: passed %v, failed_assertions %d, summary %+v", sc.Passed, sc.FailedAssertions, rep.Summary)
	}

	// JUnit: one testcase per assertion after the steps' own, failing
	// with the assertion's message and its text report.
	inv = invoke(t, []string{"run", "--format", "junit", failAssertFile})
	if inv.code != exitFailed {
		t.Errorf("junit: exit %d, want %d", inv.code, exitFailed)
	}
	var doc junitSuites
	if err := xml.Unmarshal([]byte(inv.stdout), &doc); err != nil || len(doc.Suites) != 1 {
		t.Fatalf("junit: %v\n%s", err, inv.stdout)
	}
	type jcase struct {
		Name, Type string
		Line       int
		Found      bool
	}
	var cases []jcase
	for _, c := range doc.Suites[0].Cases {
		jc := jcase{Name: c.Name, Line: c.Line}
		if c.Failure != nil {
			jc.Type = c.Failure.Type
			jc.Found = strings.Contains(c.Failure.Text, `FAIL assert "`+c.Name+`"`) && c.Failure.Message != ""
		}
		cases = append(cases, jc)
	}
	wantCases := []jcase{
		{Name: doc.Suites[0].Cases[0].Name, Line: doc.Suites[0].Cases[0].Line},
		{Name: "no-admin", Type: "assert cannot_reach", Line: 19, Found: true},
		{Name: "ci-reads", Type: "assert can_perform", Line: 21, Found: true},
		{Name: "assert-3", Line: 23},
	}
	if diff := cmp.Diff(wantCases, cases); diff != "" {
		t.Errorf("junit testcases (-want +got):\n%s", diff)
	}
	if s := doc.Suites[0]; s.Tests != 4 || s.Failures != 2 || doc.Tests != 4 || doc.Failures != 2 {
		t.Errorf("junit counts: suite %d tests, %d failures; document %d, %d", s.Tests, s.Failures, doc.Tests, doc.Failures)
	}
}

// TestRunAssertionsPass checks that the teaching example's assertions pass
// and keep the exit status 0.
func TestRunAssertionsPass(t *testing.T) {
	inv := invoke(t, []string{"run", "examples/53-access-assertions.yaml"})
	if inv.code != exitOK || !strings.Contains(inv.stdout, "6 assertions, 0 failed") {
		t.Errorf("exit %d, want %d:\n%s%s", inv.code, exitOK, inv.stdout, inv.stderr)
	}
}
