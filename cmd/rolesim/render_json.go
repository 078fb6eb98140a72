package main

import (
	"encoding/json"
	"io"

	"github.com/rolesim/rolesim/sim"
)

// The JSON report's schema. These types are the output format: they are
// built field by field from sim's types, so that a change inside sim does
// not silently change what scripts read.

// jsonReport is the whole output of `rolesim run --format json`.
type jsonReport struct {
	Scenarios []jsonScenario `json:"scenarios"`
	Summary   jsonSummary    `json:"summary"`
}

// jsonSummary counts scenarios and steps.
type jsonSummary struct {
	Scenarios   int `json:"scenarios"`
	Passed      int `json:"passed"`
	Failed      int `json:"failed"`
	Steps       int `json:"steps"`
	FailedSteps int `json:"failed_steps"`
}

// jsonScenario is one scenario file's result.
type jsonScenario struct {
	File        string     `json:"file"`
	Name        string     `json:"name"`
	Description string     `json:"description,omitempty"`
	Passed      bool       `json:"passed"`
	FailedSteps int        `json:"failed_steps"`
	Steps       []jsonStep `json:"steps"`
	// Golden is the golden trace check, with --golden.
	Golden *jsonGolden `json:"golden,omitempty"`
}

// jsonGolden is a scenario's golden trace check: status ok, written,
// missing or differs, and the line diff (- golden, + actual) when it
// differs.
type jsonGolden struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	Diff   string `json:"diff,omitempty"`
}

// jsonStep is one step's result. Expected holds the fields the scenario
// checks; Actual what the step produced.
type jsonStep struct {
	Index    int          `json:"index"`
	ID       string       `json:"id"`
	Kind     string       `json:"kind"`
	Pos      string       `json:"pos"`
	Note     string       `json:"note,omitempty"`
	At       string       `json:"at"`
	Pass     bool         `json:"pass"`
	Expected sim.Observed `json:"expected"`
	Actual   sim.Observed `json:"actual"`
	Error    *jsonError   `json:"error,omitempty"`
	Problems []string     `json:"problems"`
	Session  *jsonSession `json:"session,omitempty"`
	Trace    *jsonTrace   `json:"trace,omitempty"`
}

// jsonError is an AWS error a request got.
type jsonError struct {
	Code       string      `json:"code"`
	Message    string      `json:"message"`
	HTTPStatus int         `json:"http_status,omitempty"`
	Reason     *jsonReason `json:"reason,omitempty"`
}

// jsonReason explains an authorization failure.
type jsonReason struct {
	Text         string `json:"text"`
	Action       string `json:"action,omitempty"`
	Resource     string `json:"resource,omitempty"`
	Kind         string `json:"kind,omitempty"`
	Decision     string `json:"decision"`
	Policy       string `json:"policy,omitempty"`
	Statement    string `json:"statement,omitempty"`
	StatementPos string `json:"statement_pos,omitempty"`
	Detail       string `json:"detail,omitempty"`
}

// jsonSession is the session an assume step issued.
type jsonSession struct {
	Arn             string `json:"arn"`
	AssumedRoleID   string `json:"assumed_role_id"`
	IssuedAt        string `json:"issued_at"`
	Expiration      string `json:"expiration"`
	DurationSeconds int64  `json:"duration_seconds"`
	Chained         bool   `json:"chained"`
	SourceIdentity  string `json:"source_identity,omitempty"`
}

// jsonTrace is a decision trace.
type jsonTrace struct {
	Entries []jsonTraceEntry `json:"entries"`
	Notes   []string         `json:"notes"`
}

// jsonTraceEntry is one policy evaluation.
type jsonTraceEntry struct {
	Action       string `json:"action"`
	Kind         string `json:"kind"`
	Policy       string `json:"policy,omitempty"`
	Decision     string `json:"decision"`
	Statement    string `json:"statement,omitempty"`
	StatementPos string `json:"statement_pos,omitempty"`
}

// writeJSON writes the results as one indented JSON document.
func writeJSON(w io.Writer, results []result, sum summary) {
	rep := jsonReport{
		Scenarios: make([]jsonScenario, 0, len(results)),
		Summary: jsonSummary{
			Scenarios:   sum.scenarios,
			Passed:      sum.passed,
			Failed:      sum.failed,
			Steps:       sum.steps,
			FailedSteps: sum.failedSteps,
		},
	}
	for _, r := range results {
		rep.Scenarios = append(rep.Scenarios, toJSONScenario(r))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	// Encoding plain structs of strings, ints and bools cannot fail; a write
	// error is caught by the caller's stickyWriter.
	_ = enc.Encode(rep)
}

func toJSONScenario(r result) jsonScenario {
	sc := jsonScenario{
		File:        r.file,
		Name:        r.report.Scenario.Name,
		Description: r.report.Scenario.Description,
		Passed:      r.report.Passed() && !r.golden.failed(),
		FailedSteps: r.report.Failed(),
		Steps:       make([]jsonStep, 0, len(r.report.Steps)),
	}
	for _, st := range r.report.Steps {
		sc.Steps = append(sc.Steps, toJSONStep(st))
	}
	if g := r.golden; g != nil {
		sc.Golden = &jsonGolden{Path: g.path, Status: string(g.status), Diff: g.diff}
	}
	return sc
}

func toJSONStep(st *sim.StepResult) jsonStep {
	js := jsonStep{
		Index:    st.Index,
		At:       formatTime(st.At),
		Pass:     st.Pass,
		Expected: st.Expected,
		Actual:   st.Actual,
		Problems: append([]string{}, st.Problems...),
	}
	if s := st.Step; s != nil {
		js.ID, js.Kind, js.Pos, js.Note = s.ID, string(s.Kind), s.Pos.String(), s.Note
	}
	if e := st.Err; e != nil {
		js.Error = &jsonError{Code: e.Code, Message: e.Message, HTTPStatus: e.HTTPStatus}
		if r := e.Reason; r != nil {
			js.Error.Reason = &jsonReason{
				Text:      r.String(),
				Action:    r.Action,
				Resource:  r.Resource,
				Kind:      string(r.Kind),
				Decision:  r.Decision.String(),
				Policy:    r.Policy,
				Statement: r.Statement,
				Detail:    r.Detail,
			}
			if r.StatementPos.Line > 0 {
				js.Error.Reason.StatementPos = r.StatementPos.String()
			}
		}
	}
	if s := st.Session; s != nil {
		js.Session = &jsonSession{
			Arn:             s.ARN,
			AssumedRoleID:   s.AssumedRoleID,
			IssuedAt:        formatTime(s.IssuedAt),
			Expiration:      formatTime(s.Expiration),
			DurationSeconds: int64(s.Duration().Seconds()),
			Chained:         s.Chained,
			SourceIdentity:  s.SourceIdentity,
		}
	}
	if t := st.Trace; t != nil {
		jt := &jsonTrace{Entries: make([]jsonTraceEntry, 0, len(t.Entries)), Notes: append([]string{}, t.Notes...)}
		for _, e := range t.Entries {
			je := jsonTraceEntry{
				Action:    e.Action,
				Kind:      string(e.Kind),
				Policy:    e.Policy,
				Decision:  e.Decision.String(),
				Statement: e.Statement,
			}
			if e.StatementPos.Line > 0 {
				je.StatementPos = e.StatementPos.String()
			}
			jt.Entries = append(jt.Entries, je)
		}
		js.Trace = jt
	}
	return js
}
