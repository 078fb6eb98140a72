package sim

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// Report is the result of running a scenario: one StepResult per step.
type Report struct {
	Scenario *scenario.Scenario
	Steps    []*StepResult
}

// Passed tells whether every step met its expectation.
func (r *Report) Passed() bool { return r.Failed() == 0 }

// Failed counts the steps that did not meet their expectation, not counting
// those skipped because an earlier step failed (see Skipped).
func (r *Report) Failed() int {
	n := 0
	for _, s := range r.Steps {
		if !s.Pass && !s.Skipped {
			n++
		}
	}
	return n
}

// Skipped counts the steps that did not run because a step whose session
// they use failed.
func (r *Report) Skipped() int {
	n := 0
	for _, s := range r.Steps {
		if s.Skipped {
			n++
		}
	}
	return n
}

// StepResult compares one step's expected outcome with the actual one.
type StepResult struct {
	Step *scenario.Step
	// Index is the step's 1-based position in the timeline.
	Index int
	// At is the fake clock's instant when the step ran (after it, for an
	// advance).
	At time.Time
	// Expected and Actual hold the checked fields: Expected only those the
	// scenario states (success when it states none), Actual the same fields
	// as observed.
	Expected Observed
	Actual   Observed
	// Err is the request's error, when it failed.
	Err *Error
	// Pass tells whether the step met its expectation; Problems says why
	// not, one sentence each; Mismatches are the checked fields that
	// differ, as data, and Diff renders them (-want +got), one line pair
	// each.
	Pass       bool
	Problems   []string
	Mismatches []Mismatch
	Diff       string
	// Session is the session an assume step issued.
	Session *Session
	// Issued is the session a GetSessionToken, GetFederationToken,
	// service, console or federated step issued, a role session or not
	// (Session holds only role sessions).
	Issued *Session
	// PackedPolicySize is the response's PackedPolicySize, when it has one
	// (session policies or tags were passed; always for
	// GetFederationToken).
	PackedPolicySize *int32
	// Trace is the decision trace of the step's request.
	Trace *Trace
	// Skipped tells that the step did not run because it uses the session
	// of a step that failed (Pass is then false, and Report.Failed does not
	// count it); SkippedBecause is the id of that failed step, the first
	// cause when the step in between was skipped too.
	Skipped        bool
	SkippedBecause string
}

// Observed is an outcome reduced to the fields a scenario can check, as
// text. Empty fields are not checked.
type Observed struct {
	Error            string `json:"error,omitempty"`
	DeniedBy         string `json:"denied_by,omitempty"`
	Deny             string `json:"deny,omitempty"`
	Expiration       string `json:"expiration,omitempty"`
	Duration         string `json:"duration,omitempty"`
	Arn              string `json:"arn,omitempty"`
	AssumedRoleID    string `json:"assumed_role_id,omitempty"`
	SourceIdentity   string `json:"source_identity,omitempty"`
	PackedPolicySize string `json:"packed_policy_size,omitempty"`
	Chained          string `json:"chained,omitempty"`
	Account          string `json:"account,omitempty"`
	UserID           string `json:"user_id,omitempty"`
	// Repeated steps: counts of outcomes.
	Succeeded     string `json:"succeeded,omitempty"`
	Throttled     string `json:"throttled,omitempty"`
	Failed        string `json:"failed,omitempty"`
	Subject       string `json:"subject,omitempty"`
	SubjectType   string `json:"subject_type,omitempty"`
	Provider      string `json:"provider,omitempty"`
	Audience      string `json:"audience,omitempty"`
	Issuer        string `json:"issuer,omitempty"`
	NameQualifier string `json:"name_qualifier,omitempty"`
}

// outcomeSuccess is the Error value of a successful request in Observed.
const outcomeSuccess = "none (success)"

// Run plays a scenario's timeline on a fresh World and FakeClock starting at
// the scenario's start, and checks every step. The error is non-nil only
// when the world cannot be built or the start lies outside the fake clock's
// range (scenario.MinTime to scenario.MaxTime); a step that would move the
// clock out of it does not run.
func Run(sc *scenario.Scenario) (*Report, error) {
	w, err := NewWorld(sc)
	if err != nil {
		return nil, err
	}
	start := sc.Start
	if start.IsZero() {
		start = scenario.DefaultStart
	}
	if err := checkClock("the scenario's start", start); err != nil {
		return nil, err
	}
	clk := NewFakeClock(start)
	r := runner{sim: New(w, clk), clock: clk, creds: map[string]stepCreds{}, failed: map[string]string{}}
	rep := &Report{Scenario: sc}
	for i, st := range sc.Steps {
		res := r.step(st)
		res.Index = i + 1
		if !res.Pass && st.ID != "" {
			cause := st.ID
			if res.Skipped {
				cause = res.SkippedBecause
			}
			r.failed[st.ID] = cause
		}
		rep.Steps = append(rep.Steps, res)
	}
	return rep, nil
}

type stepCreds struct {
	creds Credentials
	ok    bool
}

type runner struct {
	sim   *Sim
	clock *FakeClock
	creds map[string]stepCreds
	// failed maps the id of each step that failed or was skipped to the
	// failed step at the root of it.
	failed map[string]string
}

// skipError is the error of a step whose `as:` names a step that failed
// without issuing a session: the step is skipped, not failed again.
type skipError struct{ cause string }

func (e *skipError) Error() string {
	return "skipped because step \"" + e.cause + "\" failed: the session this step uses was never issued"
}

// skip marks res as skipped when err is a skipError and reports whether it
// was one.
func skip(res *StepResult, err error) bool {
	var se *skipError
	if !errors.As(err, &se) {
		return false
	}
	res.Skipped, res.SkippedBecause = true, se.cause
	res.Problems = append(res.Problems, se.Error())
	return true
}

func (r *runner) step(st *scenario.Step) *StepResult {
	if st.Repeat != nil {
		return r.repeatStep(st)
	}
	res := &StepResult{Step: st}
	var obs Observed
	var err error
	switch st.Kind {
	case scenario.StepAdvance:
		err = r.advance(st.Advance)
		obs.Error = outcomeSuccess
	case scenario.StepAssume:
		obs, err = r.assume(st, res)
	case scenario.StepCall:
		obs, err = r.call(st, res)
	case scenario.StepWhoAmI:
		obs, err = r.whoami(st)
	case scenario.StepCreateRole, scenario.StepDeleteRole, scenario.StepUpdateRole, scenario.StepUpdateAssumeRolePolicy, scenario.StepAttachRolePolicy, scenario.StepDetachRolePolicy, scenario.StepPutRolePolicy, scenario.StepDeleteRolePolicy, scenario.StepRevokeRoleSessions, scenario.StepMoveAccount, scenario.StepAttachPolicy, scenario.StepDetachPolicy:
		obs, err = r.change(st.Kind, st.Change)
	case scenario.StepGetSessionToken, scenario.StepGetFederationToken, scenario.StepServiceAssume, scenario.StepConsoleSignIn, scenario.StepSwitchRole, scenario.StepWebIdentity, scenario.StepSAML:
		obs, err = r.credentialStep(st, res)
	default:
		if st.Kind.IsChange() {
			obs, err = r.change(st.Kind, st.Change)
		} else {
			err = errors.New("unknown step kind " + string(st.Kind))
		}
	}
	res.At = r.clock.Now()
	var e *Error
	if errors.As(err, &e) {
		res.Err = e
		if res.Trace == nil {
			res.Trace = e.Trace
		}
		obs = Observed{Error: string(e.Code)}
		if e.Reason != nil && e.Reason.Kind != "" {
			obs.DeniedBy = string(e.Reason.Kind)
			obs.Deny = "implicit"
			if e.Reason.Decision == policy.ExplicitDeny {
				obs.Deny = "explicit"
			}
		}
	} else if err != nil {
		// Not an AWS error: the step could not run at all. Expected still
		// says what the scenario asked for.
		res.Pass = false
		res.Expected = expectedOutcome(st.Expect)
		if !skip(res, err) {
			res.Problems = append(res.Problems, err.Error())
		}
		return res
	}
	r.compare(st, res, obs)
	return res
}

func (r *runner) advance(a *scenario.AdvanceStep) error {
	if !a.To.IsZero() {
		if a.To.Before(r.clock.Now()) {
			return errors.New("advance to " + a.To.UTC().Format(time.RFC3339) + " would move the clock backwards from " + r.clock.Now().UTC().Format(time.RFC3339))
		}
		if err := checkClock("advance to "+a.To.UTC().Format(time.RFC3339Nano), a.To); err != nil {
			return err
		}
		r.clock.Set(a.To)
		return nil
	}
	if err := checkClock("advance "+a.By.String(), r.clock.Now().Add(a.By)); err != nil {
		return err
	}
	r.clock.Add(a.By)
	return nil
}

// credentials resolves a step's `as:` reference.
func (r *runner) credentials(c scenario.Credentials) (Credentials, error) {
	if c.Step != "" {
		sc, ok := r.creds[c.Step]
		if cause, failed := r.failed[c.Step]; failed && !sc.ok {
			return Credentials{}, &skipError{cause: cause}
		}
		if !ok || !sc.ok {
			return Credentials{}, errors.New("the credentials of step \"" + c.Step + "\" are unavailable: that step did not issue a session")
		}
		return sc.creds, nil
	}
	if strings.HasSuffix(c.ARN, ":root") {
		acct := strings.TrimSuffix(strings.TrimPrefix(c.ARN, "arn:aws:iam::"), ":root")
		return r.sim.RootCredentials(acct)
	}
	return r.sim.UserCredentials(c.ARN)
}

func (r *runner) assume(st *scenario.Step, res *StepResult) (Observed, error) {
	a := st.Assume
	r.creds[st.ID] = stepCreds{}
	creds, err := r.credentials(a.As)
	if err != nil {
		return Observed{}, err
	}
	in, err := assumeInput(a)
	if err != nil {
		return Observed{}, err
	}
	out, err := r.sim.AssumeRole(creds, in)
	if err != nil {
		return Observed{}, err
	}
	r.creds[st.ID] = stepCreds{creds: out.Credentials, ok: true}
	res.Session = out.Session
	res.Trace = out.Trace
	res.PackedPolicySize = out.PackedPolicySize
	return assumeObserved(out), nil
}

// assumeInput builds the AssumeRole request of an assume step, with its
// decision trace asked for.
func assumeInput(a *scenario.AssumeStep) (*AssumeRoleInput, error) {
	in := &AssumeRoleInput{
		RoleArn:         a.RoleArn,
		RoleSessionName: a.RoleSessionName,
		ExternalID:      a.ExternalID,
		SerialNumber:    a.SerialNumber,
		TokenCode:       a.TokenCode,
		SourceIdentity:  a.SourceIdentity,
		Trace:           true,
	}
	if a.DurationSeconds != nil {
		d, perr := parseDurationSeconds(*a.DurationSeconds)
		if perr != nil {
			return nil, perr
		}
		in.DurationSeconds = &d
	}
	if a.Policy != nil {
		in.Policy = &a.Policy.Text
		in.sessionPolicy = a.Policy.Document
		in.sessionPolicyErrors = a.Policy.Errors
		in.sessionPolicyFile = a.Policy.Pos.File
	}
	for _, p := range a.PolicyArns {
		in.PolicyArns = append(in.PolicyArns, p.Value)
	}
	for _, t := range a.Tags {
		in.Tags = append(in.Tags, Tag{Key: t.Key, Value: t.Value})
	}
	for _, k := range a.TransitiveTagKeys {
		in.TransitiveTagKeys = append(in.TransitiveTagKeys, k.Value)
	}
	return in, nil
}

// assumeObserved reduces a successful AssumeRole to the checkable fields.
func assumeObserved(out *AssumeRoleOutput) Observed {
	obs := Observed{
		Error:         outcomeSuccess,
		Expiration:    out.Credentials.Expiration.UTC().Format(time.RFC3339),
		Duration:      out.Session.Duration().String(),
		Arn:           out.AssumedRoleUser.Arn,
		AssumedRoleID: out.AssumedRoleUser.AssumedRoleID,
		Chained:       strconv.FormatBool(out.Chained),
	}
	if out.SourceIdentity != nil {
		obs.SourceIdentity = *out.SourceIdentity
	}
	if out.PackedPolicySize != nil {
		obs.PackedPolicySize = strconv.Itoa(int(*out.PackedPolicySize))
	}
	return obs
}

// parseDurationSeconds reads DurationSeconds as STS's query parser does:
// an optional sign and decimal digits fitting an int32 (leading zeros are
// fine); anything else is MalformedInput.
func parseDurationSeconds(raw string) (int32, error) {
	if raw == "" {
		return 0, malformedDuration("missing value for decimal type")
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < math.MinInt32 || n > math.MaxInt32 {
		return 0, malformedDuration("")
	}
	return int32(n), nil
}

func (r *runner) call(st *scenario.Step, res *StepResult) (Observed, error) {
	c := st.Call
	creds, err := r.credentials(c.As)
	if err != nil {
		return Observed{}, err
	}
	in := callInput(c)
	in.Trace = true
	out, err := r.sim.Call(creds, in)
	if err != nil {
		return Observed{}, err
	}
	res.Trace = out.Trace
	return Observed{Error: outcomeSuccess}, nil
}

func (r *runner) whoami(st *scenario.Step) (Observed, error) {
	creds, err := r.credentials(st.WhoAmI.As)
	if err != nil {
		return Observed{}, err
	}
	out, err := r.sim.GetCallerIdentity(creds)
	if err != nil {
		return Observed{}, err
	}
	return Observed{Error: outcomeSuccess, Account: out.Account, Arn: out.Arn, UserID: out.UserID}, nil
}

// expectedOutcome is the outcome an expect block asks for, as far as it can
// be told without running the step: success or the error code, and how it
// is denied.
func expectedOutcome(x *scenario.Expect) Observed {
	want := Observed{Error: outcomeSuccess}
	if x == nil {
		return want
	}
	if x.Error != "" {
		want.Error = x.Error
	}
	want.DeniedBy, want.Deny = x.DeniedBy, x.Deny
	return want
}

// compare checks the observed outcome against the step's expectation.
func (r *runner) compare(st *scenario.Step, res *StepResult, obs Observed) {
	want := Observed{Error: outcomeSuccess}
	got := Observed{Error: obs.Error}
	x := st.Expect
	if x != nil {
		if x.Error != "" {
			want.Error = x.Error
		}
		pick := func(w *string, g *string, set bool, wantVal, gotVal string) {
			if set {
				*w, *g = wantVal, gotVal
			}
		}
		pick(&want.DeniedBy, &got.DeniedBy, x.DeniedBy != "", x.DeniedBy, orNone(obs.DeniedBy))
		pick(&want.Deny, &got.Deny, x.Deny != "", x.Deny, orNone(obs.Deny))
		if x.Expiration != nil {
			pick(&want.Expiration, &got.Expiration, true, x.Expiration.UTC().Format(time.RFC3339), orNone(obs.Expiration))
		}
		if x.Duration != nil {
			pick(&want.Duration, &got.Duration, true, x.Duration.String(), orNone(obs.Duration))
		}
		if x.Arn != nil {
			pick(&want.Arn, &got.Arn, true, *x.Arn, orNone(obs.Arn))
		}
		if x.AssumedRoleID != nil {
			pick(&want.AssumedRoleID, &got.AssumedRoleID, true, *x.AssumedRoleID, orNone(obs.AssumedRoleID))
		}
		if x.SourceIdentity != nil {
			pick(&want.SourceIdentity, &got.SourceIdentity, true, *x.SourceIdentity, orNone(obs.SourceIdentity))
		}
		if x.PackedPolicySize != nil {
			pick(&want.PackedPolicySize, &got.PackedPolicySize, true, strconv.Itoa(*x.PackedPolicySize), orNone(obs.PackedPolicySize))
		}
		if x.Chained != nil {
			pick(&want.Chained, &got.Chained, true, strconv.FormatBool(*x.Chained), orNone(obs.Chained))
		}
		for _, name := range x.Absent {
			switch name {
			case "packed_policy_size":
				pick(&want.PackedPolicySize, &got.PackedPolicySize, true, orNone(""), orNone(obs.PackedPolicySize))
			case "source_identity":
				pick(&want.SourceIdentity, &got.SourceIdentity, true, orNone(""), orNone(obs.SourceIdentity))
			}
		}
		if x.Account != nil {
			pick(&want.Account, &got.Account, true, *x.Account, orNone(obs.Account))
		}
		if x.UserID != nil {
			pick(&want.UserID, &got.UserID, true, *x.UserID, orNone(obs.UserID))
		}
		for _, f := range []struct {
			x         *string
			want, got *string
			obs       string
		}{
			{x.Subject, &want.Subject, &got.Subject, obs.Subject},
			{x.SubjectType, &want.SubjectType, &got.SubjectType, obs.SubjectType},
			{x.Provider, &want.Provider, &got.Provider, obs.Provider},
			{x.Audience, &want.Audience, &got.Audience, obs.Audience},
			{x.Issuer, &want.Issuer, &got.Issuer, obs.Issuer},
			{x.NameQualifier, &want.NameQualifier, &got.NameQualifier, obs.NameQualifier},
		} {
			if f.x != nil {
				pick(f.want, f.got, true, *f.x, orNone(f.obs))
			}
		}
	}
	res.Expected, res.Actual = want, obs
	if want != got {
		res.Mismatches = mismatches(want, got)
		res.Diff = diffText(res.Mismatches)
		if want.Error != got.Error {
			res.Problems = append(res.Problems, "expected "+describeOutcome(want.Error)+", got "+describeOutcome(got.Error)+errSuffix(res.Err))
		}
		res.Problems = append(res.Problems, fieldMismatches(want, got)...)
	}
	if x != nil && res.Err != nil {
		switch {
		case x.MessageAnyOrder:
			if !sameClauses(x.Message, res.Err.Message) {
				res.Problems = append(res.Problems, "expected the message to be "+strconv.Quote(x.Message)+" (its clauses in any order), got "+strconv.Quote(res.Err.Message))
			}
		case x.Message != "" && !strings.Contains(res.Err.Message, x.Message):
			res.Problems = append(res.Problems, "expected the message to contain "+strconv.Quote(x.Message)+", got "+strconv.Quote(res.Err.Message))
		}
		if x.MessageRegexp != nil && !x.MessageRegexp.MatchString(res.Err.Message) {
			res.Problems = append(res.Problems, "expected the message to match /"+x.MessageRegexp.String()+"/, got "+strconv.Quote(res.Err.Message))
		}
	}
	res.Pass = len(res.Problems) == 0
}

// sameClauses tells whether two error messages are equal up to the order
// of their validation clauses: the head up to "detected: " must be the
// same, and the rest, split before each "; Value ", the same clauses the
// same number of times. A message without "detected: " is one clause.
func sameClauses(want, got string) bool {
	if want == got {
		return true
	}
	wh, wc := validationClauses(want)
	gh, gc := validationClauses(got)
	if wh != gh || len(wc) != len(gc) {
		return false
	}
	slices.Sort(wc)
	slices.Sort(gc)
	return slices.Equal(wc, gc)
}

// validationClauses splits "N validation errors detected: A; Value B" into
// its head and clauses ("A", "Value B").
func validationClauses(msg string) (head string, clauses []string) {
	const detected = "detected: "
	i := strings.Index(msg, detected)
	if i < 0 {
		return "", []string{msg}
	}
	head, rest := msg[:i+len(detected)], msg[i+len(detected):]
	for {
		j := strings.Index(rest, "; Value ")
		if j < 0 {
			break
		}
		clauses = append(clauses, rest[:j])
		rest = rest[j+len("; "):]
	}
	return head, append(clauses, rest)
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func describeOutcome(code string) string {
	if code == outcomeSuccess {
		return "success"
	}
	return code
}

func errSuffix(e *Error) string {
	if e == nil {
		return ""
	}
	s := ": " + e.Message
	if e.Reason != nil {
		s += " [" + e.Reason.String() + "]"
	}
	return s
}
