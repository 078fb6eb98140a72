package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestJSONReport(t *testing.T) {
	got := invoke(t, []string{"run", "--format", "json", "testdata/scenarios"})
	if got.code != exitFailed {
		t.Fatalf("exit status %d, want 1; stderr:\n%s", got.code, got.stderr)
	}
	if !json.Valid([]byte(got.stdout)) {
		t.Fatalf("output is not JSON:\n%s", got.stdout)
	}
	var rep jsonReport
	dec := json.NewDecoder(strings.NewReader(got.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("decoding the report: %v", err)
	}
	if dec.More() {
		t.Errorf("more than one JSON document in the output")
	}

	wantSummary := jsonSummary{Scenarios: 2, Passed: 1, Failed: 1, Steps: 10, FailedSteps: 4}
	if diff := cmp.Diff(wantSummary, rep.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	type scenarioHead struct {
		File        string
		Name        string
		Passed      bool
		FailedSteps int
		Steps       int
	}
	var heads []scenarioHead
	for _, sc := range rep.Scenarios {
		heads = append(heads, scenarioHead{sc.File, sc.Name, sc.Passed, sc.FailedSteps, len(sc.Steps)})
	}
	wantHeads := []scenarioHead{
		{failFile, "cli-fail", false, 4, 5},
		{passFile, "cli-pass", true, 0, 5},
	}
	if diff := cmp.Diff(wantHeads, heads); diff != "" {
		t.Fatalf("scenarios (-want +got):\n%s", diff)
	}

	tests := []struct {
		name   string
		reason string
		check  func(t *testing.T)
	}{
		{
			name:   "steps-numbered",
			reason: "every step carries its 1-based index, id, kind, position and an RFC 3339 instant",
			check: func(t *testing.T) {
				for _, sc := range rep.Scenarios {
					for i, st := range sc.Steps {
						if st.Index != i+1 || st.ID == "" || st.Kind == "" || !strings.HasPrefix(st.Pos, sc.File+":") {
							t.Errorf("%s step %d: index %d, id %q, kind %q, pos %q", sc.File, i+1, st.Index, st.ID, st.Kind, st.Pos)
						}
						if _, err := time.Parse(time.RFC3339, st.At); err != nil {
							t.Errorf("%s step %d: at %q: %v", sc.File, i+1, st.At, err)
						}
						if st.Problems == nil {
							t.Errorf("%s step %d: problems is null, want a list", sc.File, i+1)
						}
						if st.Passed != (len(st.Problems) == 0) {
							t.Errorf("%s step %d: pass %v with problems %q", sc.File, i+1, st.Passed, st.Problems)
						}
					}
				}
			},
		},
		{
			name:   "failed-call",
			reason: "a denied call carries the error code, a reason with the deciding policy kind, and a trace",
			check: func(t *testing.T) {
				st := rep.Scenarios[0].Steps[2]
				if st.ID != "read-artifacts" || st.Passed {
					t.Fatalf("step 3 is %q, passed %v", st.ID, st.Passed)
				}
				if st.Error == nil || st.Error.Code != "AccessDenied" || st.Error.Message == "" {
					t.Fatalf("error = %+v, want AccessDenied with a message", st.Error)
				}
				if r := st.Error.Reason; r == nil || r.Kind != "identity_policy" || r.Text == "" {
					t.Errorf("reason = %+v, want kind identity_policy", r)
				}
				if st.Actual.Error == nil || *st.Actual.Error != "AccessDenied" {
					t.Errorf("actual.error = %v, want AccessDenied", st.Actual.Error)
				}
				if st.Trace == nil || st.Trace.Entries == nil {
					t.Errorf("no trace")
				}
			},
		},
		{
			name:   "session",
			reason: "a successful assume step reports the session it issued",
			check: func(t *testing.T) {
				st := rep.Scenarios[1].Steps[0]
				want := &jsonSession{
					Arn:             "arn:aws:sts::222222222222:assumed-role/Deploy/alice",
					IssuedAt:        "2024-01-01T00:00:00Z",
					Expiration:      "2024-01-01T01:00:00Z",
					DurationSeconds: 3600,
				}
				got := st.Session
				if got != nil {
					cp := *got
					cp.AssumedRoleID = ""
					got = &cp
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("session (-want +got):\n%s", diff)
				}
			},
		},
		{
			name:   "wire-names",
			reason: "the JSON keys are snake_case as documented",
			check: func(t *testing.T) {
				for _, key := range []string{`"scenarios"`, `"summary"`, `"failed_steps"`, `"expected"`, `"actual"`, `"problems"`, `"trace"`, `"entries"`, `"statement_pos"`, `"duration_seconds"`} {
					if !strings.Contains(got.stdout, key) {
						t.Errorf("output lacks key %s", key)
					}
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Logf("checks that %s", tt.reason)
			tt.check(t)
		})
	}
}

func TestJSONEmptyListsAreLists(t *testing.T) {
	var b bytes.Buffer
	writeJSON(&b, nil, summary{})
	want := "{\n  \"version\": 1,\n  \"scenarios\": [],\n  \"summary\": {\n    \"scenarios\": 0,\n    \"passed\": 0,\n    \"failed\": 0,\n    \"not_loaded\": 0,\n    \"steps\": 0,\n    \"failed_steps\": 0,\n    \"skipped_steps\": 0,\n    \"assertions\": 0,\n    \"failed_assertions\": 0\n  }\n}\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("empty report (-want +got):\n%s", diff)
	}
}
