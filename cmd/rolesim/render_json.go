package main

import (
	"encoding/json"
	"io"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/check"
	"github.com/rolesim/rolesim/sim/explain"
)

// The JSON report's schema, documented in the README ("JSON output"; a
// test holds the two together). These types are the output format: they
// are built field by field from sim's types, so that a change inside sim
// does not silently change what scripts read. Every field is always
// present (null when it has no value), except in expected and actual,
// which hold only the checked fields.

// jsonVersion is the schema's version, the report's "version" field; it
// changes when a field changes meaning or goes away.
const jsonVersion = 1

// jsonReport is the whole output of `rolesim run --format json`.
type jsonReport struct {
	Version   int            `json:"version"`
	Scenarios []jsonScenario `json:"scenarios"`
	Summary   jsonSummary    `json:"summary"`
}

// jsonSummary counts scenarios and steps. Scenarios that passed, failed
// and did not load are disjoint.
type jsonSummary struct {
	Scenarios    int `json:"scenarios"`
	Passed       int `json:"passed"`
	Failed       int `json:"failed"`
	NotLoaded    int `json:"not_loaded"`
	Steps        int `json:"steps"`
	FailedSteps  int `json:"failed_steps"`
	SkippedSteps int `json:"skipped_steps"`
	// Assertions and FailedAssertions count the assert: entries checked
	// and those that failed.
	Assertions       int `json:"assertions"`
	FailedAssertions int `json:"failed_assertions"`
}

// jsonScenario is one scenario file's result. A file that did not load has
// passed false, its problems in diagnostics, and no steps.
type jsonScenario struct {
	File         string           `json:"file"`
	Name         string           `json:"name"`
	Description  string           `json:"description"`
	Passed       bool             `json:"passed"`
	Diagnostics  []jsonDiagnostic `json:"diagnostics"`
	FailedSteps  int              `json:"failed_steps"`
	SkippedSteps int              `json:"skipped_steps"`
	Steps        []jsonStep       `json:"steps"`
	// FailedAssertions counts the assertions that failed; Assertions are
	// the verdicts on the assert: entries, in file order ([] when none).
	FailedAssertions int             `json:"failed_assertions"`
	Assertions       []jsonAssertion `json:"assertions"`
	// Golden is the golden trace check, with --golden (null without).
	Golden *jsonGolden `json:"golden"`
}

// jsonAssertion is the verdict on one assert: entry. The claim's own
// fields (principal, role, action, resource, max_duration, from) are null
// where the kind has none.
type jsonAssertion struct {
	ID          string  `json:"id"`
	Kind        string  `json:"kind"`
	Pos         string  `json:"pos"`
	Note        string  `json:"note"`
	Principal   *string `json:"principal"`
	Role        *string `json:"role"`
	Action      *string `json:"action"`
	Resource    *string `json:"resource"`
	MaxDuration *string `json:"max_duration"`
	From        *string `json:"from"`
	Passed      bool    `json:"passed"`
	Message     string  `json:"message"`
	// At is the position the message is about: the entry's, or the name
	// or bound it blames.
	At    string      `json:"at"`
	Found []jsonFound `json:"found"`
}

// jsonFound is a route, grant or cycle an assertion's verdict rests on
// (check.Path).
type jsonFound struct {
	Path       []string `json:"path"`
	Names      []string `json:"names"`
	Conditions []string `json:"conditions"`
	DeniedWhen []string `json:"denied_when"`
	// MaxSession is the longest session of the last hop ("1h"); null
	// without a hop, or when a service sets it (service_session).
	MaxSession     *string `json:"max_session"`
	ServiceSession bool    `json:"service_session"`
	Chained        bool    `json:"chained"`
	Action         *string `json:"action"`
	Resource       *string `json:"resource"`
	Outside        bool    `json:"outside"`
	// Loop is a cycle's roles around, the first repeated at the end;
	// HopWithin how soon each hop must follow the last. Null but for
	// no_juggling.
	Loop      []string `json:"loop"`
	HopWithin *string  `json:"hop_within"`
}

// toJSONAssertions lists a scenario's verdicts (never null).
func toJSONAssertions(cs []check.Result) []jsonAssertion {
	out := make([]jsonAssertion, 0, len(cs))
	opt := func(r scenario.Ref, applies bool) *string {
		if !applies {
			return nil
		}
		v := r.Value
		return &v
	}
	for _, c := range cs {
		as := c.Assertion
		reach := as.Kind == scenario.AssertCanReach || as.Kind == scenario.AssertCannotReach
		perform := as.Kind == scenario.AssertCanPerform || as.Kind == scenario.AssertCannotPerform
		ja := jsonAssertion{ID: as.ID, Kind: string(as.Kind), Pos: as.Pos.String(), Note: as.Note,
			Principal: opt(as.Principal, reach || perform), Role: opt(as.Role, reach),
			Action: opt(as.Action, perform), Resource: opt(as.Resource, perform),
			From:   opt(as.From, as.Kind == scenario.AssertNoJuggling && as.From.Value != ""),
			Passed: c.Pass, Message: c.Message, At: c.At.String(), Found: []jsonFound{}}
		if as.MaxDuration > 0 {
			d := sim.FormatDuration(as.MaxDuration)
			ja.MaxDuration = &d
		}
		for _, p := range c.Found {
			jf := jsonFound{Path: append([]string{}, p.Keys...), Names: append([]string{}, p.Names...),
				Conditions: append([]string{}, p.Conditions...), DeniedWhen: append([]string{}, p.Denials...),
				ServiceSession: p.ServiceSession, Chained: p.Chained, Outside: p.Outside}
			if p.MaxSession > 0 {
				d := sim.FormatDuration(p.MaxSession)
				jf.MaxSession = &d
			}
			if p.Action != "" {
				a, r := p.Action, p.Resource
				jf.Action, jf.Resource = &a, &r
			}
			if p.Loop != nil {
				jf.Loop = append([]string{}, p.Loop...)
				d := sim.FormatDuration(p.HopWithin)
				jf.HopWithin = &d
			}
			ja.Found = append(ja.Found, jf)
		}
		out = append(out, ja)
	}
	return out
}

// jsonDiagnostic is one problem of a file that does not load: where it is
// (line and col 0 when unknown) and what.
type jsonDiagnostic struct {
	Pos     string `json:"pos"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// jsonGolden is a scenario's golden trace check: status ok, written,
// missing or differs, and the line diff (- golden, + actual) when it
// differs.
type jsonGolden struct {
	Path   string `json:"path"`
	Status string `json:"status"`
	Diff   string `json:"diff"`
}

// jsonStep is one step's result. Expected holds the fields the scenario
// checks; Actual what the step produced.
type jsonStep struct {
	Index   int    `json:"index"`
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Pos     string `json:"pos"`
	Note    string `json:"note"`
	At      string `json:"at"`
	Passed  bool   `json:"passed"`
	Skipped bool   `json:"skipped"`
	// SkippedBecause is the id of the failed step whose session this one
	// needed, when it was skipped.
	SkippedBecause *string      `json:"skipped_because"`
	Expected       jsonObserved `json:"expected"`
	Actual         jsonObserved `json:"actual"`
	Error          *jsonError   `json:"error"`
	Problems       []string     `json:"problems"`
	// Mismatches are the checked fields that differ from the expectation,
	// as data ({field, want, got}); [] when none do.
	Mismatches []sim.Mismatch `json:"mismatches"`
	// NearestMiss is, for a failed step, the statement that came closest
	// to deciding it the other way and what stopped it; null otherwise.
	NearestMiss *jsonNearest `json:"nearest_miss"`
	Session     *jsonSession `json:"session"`
	Trace       *jsonTrace   `json:"trace"`
}

// jsonNearest is a failed step's nearest miss (explain.Nearest).
type jsonNearest struct {
	Text         string   `json:"text"`
	Kind         string   `json:"kind"`
	Policy       string   `json:"policy"`
	Statement    string   `json:"statement"`
	StatementPos string   `json:"statement_pos"`
	Reasons      []string `json:"reasons"`
}

// jsonObserved is an outcome reduced to the checkable fields: error is the
// AWS error code, null for success (always present); the other fields,
// named as under expect in scenario files, only when set.
type jsonObserved struct {
	Error *string `json:"error"`
	sim.Observed
}

// toJSONObserved moves Observed's error into the nullable field.
func toJSONObserved(o sim.Observed) jsonObserved {
	j := jsonObserved{Observed: o}
	if o.Error != "" && o.Error != outcomeSuccessText {
		code := o.Error
		j.Error = &code
	}
	j.Observed.Error = ""
	return j
}

// outcomeSuccessText is sim.Observed's Error for a request that succeeded.
const outcomeSuccessText = "none (success)"

// jsonError is an AWS error a request got.
type jsonError struct {
	Code       string      `json:"code"`
	Message    string      `json:"message"`
	HTTPStatus int         `json:"http_status"`
	Reason     *jsonReason `json:"reason"`
}

// jsonReason explains an authorization failure.
type jsonReason struct {
	Text         string `json:"text"`
	Action       string `json:"action"`
	Resource     string `json:"resource"`
	Kind         string `json:"kind"`
	Decision     string `json:"decision"`
	Policy       string `json:"policy"`
	Statement    string `json:"statement"`
	StatementPos string `json:"statement_pos"`
	Detail       string `json:"detail"`
}

// jsonSession is the session an assume step issued.
type jsonSession struct {
	Arn             string `json:"arn"`
	AssumedRoleID   string `json:"assumed_role_id"`
	IssuedAt        string `json:"issued_at"`
	Expiration      string `json:"expiration"`
	DurationSeconds int64  `json:"duration_seconds"`
	Chained         bool   `json:"chained"`
	SourceIdentity  string `json:"source_identity"`
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
	Policy       string `json:"policy"`
	Decision     string `json:"decision"`
	Statement    string `json:"statement"`
	StatementPos string `json:"statement_pos"`
}

// writeJSON writes the results as one indented JSON document.
func writeJSON(w io.Writer, results []result, sum summary) {
	rep := jsonReport{
		Version:   jsonVersion,
		Scenarios: make([]jsonScenario, 0, len(results)),
		Summary: jsonSummary{
			Scenarios:    sum.scenarios,
			Passed:       sum.passed,
			Failed:       sum.failed,
			NotLoaded:    sum.notLoaded,
			Steps:        sum.steps,
			FailedSteps:  sum.failedSteps,
			SkippedSteps: sum.skippedSteps,

			Assertions:       sum.assertions,
			FailedAssertions: sum.failedAssertions,
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
	if r.report == nil {
		return jsonScenario{File: r.file, Diagnostics: toJSONDiagnostics(r.diags), Steps: []jsonStep{}, Assertions: []jsonAssertion{}}
	}
	sc := jsonScenario{
		File:         r.file,
		Name:         r.report.Scenario.Name,
		Description:  r.report.Scenario.Description,
		Passed:       r.passed(),
		Diagnostics:  []jsonDiagnostic{},
		FailedSteps:  r.report.Failed(),
		SkippedSteps: r.report.Skipped(),
		Steps:        make([]jsonStep, 0, len(r.report.Steps)),

		FailedAssertions: failedChecks(r.checks),
		Assertions:       toJSONAssertions(r.checks),
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
		Index:      st.Index,
		At:         formatTime(st.At),
		Passed:     st.Pass,
		Skipped:    st.Skipped,
		Expected:   toJSONObserved(st.Expected),
		Actual:     toJSONObserved(st.Actual),
		Problems:   append([]string{}, st.Problems...),
		Mismatches: append([]sim.Mismatch{}, st.Mismatches...),
	}
	if st.Skipped {
		because := st.SkippedBecause
		js.SkippedBecause = &because
	}
	if n := explain.StepNearestMiss(st); n != nil {
		js.NearestMiss = &jsonNearest{Text: n.String(), Kind: string(n.Kind), Policy: n.Policy,
			Statement: n.Statement.Label, StatementPos: n.Statement.Position, Reasons: append([]string{}, n.Reasons...)}
	}
	if s := st.Step; s != nil {
		js.ID, js.Kind, js.Pos, js.Note = s.ID, string(s.Kind), s.Pos.String(), s.Note
	}
	if e := st.Err; e != nil {
		js.Error = &jsonError{Code: string(e.Code), Message: e.Message, HTTPStatus: e.HTTPStatus}
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

// toJSONDiagnostics lists a file's problems (never null).
func toJSONDiagnostics(ds scenario.Diagnostics) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(ds))
	for _, d := range ds {
		code := d.Code
		if code == "" {
			code = scenario.DiagInvalid // a problem found after loading (building the world)
		}
		out = append(out, jsonDiagnostic{Pos: d.Pos.String(), File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Code: string(code), Message: d.Message})
	}
	return out
}

// jsonValidation is the whole output of `rolesim validate --format json`.
type jsonValidation struct {
	Version int                 `json:"version"`
	Files   []jsonValidatedFile `json:"files"`
	Summary jsonValidateSummary `json:"summary"`
}

// jsonValidatedFile is one file's check: passed when it loads and its
// world builds, otherwise its problems.
type jsonValidatedFile struct {
	File        string           `json:"file"`
	Passed      bool             `json:"passed"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
}

// jsonValidateSummary counts the files checked.
type jsonValidateSummary struct {
	Files  int `json:"files"`
	Passed int `json:"passed"`
	Failed int `json:"failed"`
}

// writeValidateJSON writes validate's results as one indented JSON
// document.
func writeValidateJSON(w io.Writer, slots []slot) {
	v := jsonValidation{Version: jsonVersion, Files: make([]jsonValidatedFile, 0, len(slots))}
	for _, sl := range slots {
		f := jsonValidatedFile{File: sl.name, Passed: sl.good >= 0, Diagnostics: toJSONDiagnostics(sl.diags)}
		v.Summary.Files++
		if f.Passed {
			v.Summary.Passed++
		} else {
			v.Summary.Failed++
		}
		v.Files = append(v.Files, f)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
