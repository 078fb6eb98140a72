// Package explain tells, step by step and in plain English, what AWS does
// with each request of a scenario run and why: which credentials made the
// call, whether it is role chaining, how the session duration was bounded,
// every policy consulted in AWS's evaluation order with the statement that
// decided (quoted from the scenario file with its file:line), the request's
// condition keys, the conditions that failed (naming the keys the request
// lacked) and the final decision in AWS's terms.
//
// Explain builds the explanation as data (JSON tags for --format json);
// String renders it as text. Both are deterministic: the same run gives the
// same bytes.
package explain

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

// ScenarioExplanation explains every step of one scenario run.
type ScenarioExplanation struct {
	// File is the scenario file as positions name it.
	File        string `json:"file"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Passed tells whether every step met its expectation.
	Passed bool           `json:"passed"`
	Steps  []*Explanation `json:"steps"`
}

// Explanation explains one step.
type Explanation struct {
	// Index is the step's 1-based position in the timeline.
	Index int    `json:"index"`
	ID    string `json:"id"`
	// Kind is the step's kind as scenario files write it: assume, call,
	// whoami or advance.
	Kind string `json:"kind"`
	// What says in words what the step does ("an AssumeRole request").
	What string `json:"what"`
	// Position is the step's file:line:col.
	Position string `json:"position"`
	// Clock is the fake clock's instant when the step ran (after it, for an
	// advance), RFC 3339.
	Clock string `json:"clock"`
	Note  string `json:"note,omitempty"`

	Request        *Request        `json:"request,omitempty"`
	Caller         *Caller         `json:"caller,omitempty"`
	Duration       *Duration       `json:"duration,omitempty"`
	Authorizations []Authorization `json:"authorizations,omitempty"`
	// Notes are further remarks on the rules that applied.
	Notes   []string `json:"notes,omitempty"`
	Outcome Outcome  `json:"outcome"`
	Check   Check    `json:"check"`
}

// Request is the request a step sent.
type Request struct {
	// API is the operation: "sts:AssumeRole", "sts:GetCallerIdentity", or
	// the action of an API call.
	API string `json:"api"`
	// Resource is the role ARN or the call's resource; empty for
	// GetCallerIdentity.
	Resource string `json:"resource,omitempty"`
	// Parameters are the request parameters sent, in the API's order.
	Parameters []Parameter `json:"parameters,omitempty"`
	// Advance describes a clock advance.
	Advance string `json:"advance,omitempty"`
}

// Parameter is one request parameter or extra condition key of a request.
type Parameter struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Caller says which credentials made a request.
type Caller struct {
	// Kind is "iam-user", "root-user" or "role-session".
	Kind string `json:"kind"`
	// ARN is the caller's ARN as AWS prints it (the session ARN for a role
	// session).
	ARN     string `json:"arn"`
	Account string `json:"account,omitempty"`
	// RoleARN is the role behind a role session.
	RoleARN string `json:"role_arn,omitempty"`
	// FromStep is the step whose session made the call.
	FromStep string `json:"from_step,omitempty"`
	// Expires is the session's expiration (RFC 3339); Expired tells whether
	// it had passed when the request was made.
	Expires string `json:"expires,omitempty"`
	Expired bool   `json:"expired,omitempty"`
	// Chaining tells whether an AssumeRole by this caller is role chaining.
	Chaining bool `json:"chaining"`
	// Text says all of the above in sentences.
	Text []string `json:"text"`
}

// Duration explains how an AssumeRole session's duration was decided, in
// seconds.
type Duration struct {
	// Requested is DurationSeconds as sent; empty when not sent.
	Requested string `json:"requested,omitempty"`
	// Default is the duration used when none is requested (3600).
	Default int `json:"default"`
	// RoleMax is the role's MaxSessionDuration; 0 when the role does not
	// exist.
	RoleMax int `json:"role_max,omitempty"`
	// ChainingCap is 3600 when the call is role chaining, else 0.
	ChainingCap int `json:"chaining_cap,omitempty"`
	// Allowed is the longest duration this call may request.
	Allowed int `json:"allowed,omitempty"`
	// Effective is the issued session's duration; 0 when none was issued.
	Effective int `json:"effective,omitempty"`
	// Rule says which rule decided, in words.
	Rule string `json:"rule"`
}

// Authorization is one authorization decision: AWS asks whether the caller
// may perform an action on a resource and consults every policy that
// applies.
type Authorization struct {
	Action          string `json:"action"`
	Resource        string `json:"resource"`
	Caller          string `json:"caller"`
	CallerAccount   string `json:"caller_account"`
	ResourceAccount string `json:"resource_account,omitempty"`
	SameAccount     bool   `json:"same_account"`
	// Policies are the policies consulted, in AWS's evaluation order.
	Policies []PolicyVerdict `json:"policies"`
	// Context is the request context: every condition key and its values.
	Context []ContextKey `json:"context"`
	// MissingKeys are condition keys a failing condition asked for that the
	// request context lacks, sorted.
	MissingKeys []string `json:"missing_keys,omitempty"`
	// Scope says which organization policies do not apply, and why.
	Scope []string `json:"scope,omitempty"`
	// Naming says how the trust or resource-based policy named the caller,
	// and what that implies; empty when it did not allow.
	Naming string `json:"naming,omitempty"`
	// Allowed is the decision; Decision says it in AWS's terms.
	Allowed  bool   `json:"allowed"`
	Decision string `json:"decision"`
}

// ContextKey is a condition key of the request context and its values.
type ContextKey struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
}

// PolicyVerdict is one policy's verdict on an authorization.
type PolicyVerdict struct {
	// Kind is the policy type in AWS's words ("service control policy").
	Kind string `json:"kind"`
	// Name names the policy ("trust policy of role Prod").
	Name string `json:"name"`
	// Level is where an SCP or RCP is attached ("OU Workloads").
	Level string `json:"level,omitempty"`
	// Verdict is "allow", "explicit deny" or "no match".
	Verdict string `json:"verdict"`
	// Statement is the deciding statement; nil when none matched.
	Statement *StatementRef `json:"statement,omitempty"`
	// Misses explain statements that did not match, for a policy that did
	// not allow, and Deny statements that a failed condition kept from
	// applying.
	Misses []Miss `json:"misses,omitempty"`
}

// StatementRef names a policy statement and quotes it.
type StatementRef struct {
	// Label is the Sid, or "Statement[i]" (0-based) when there is none.
	Label  string `json:"label"`
	Effect string `json:"effect"`
	// Position is file:line:col in the scenario.
	Position string `json:"position,omitempty"`
	// Source is the statement's text in the scenario file.
	Source []SourceLine `json:"source,omitempty"`
}

// SourceLine is one quoted line of a scenario file.
type SourceLine struct {
	Line int    `json:"line"`
	Text string `json:"text"`
}

// Miss explains why one statement did not apply to the request.
type Miss struct {
	Statement StatementRef `json:"statement"`
	// Reasons are the parts that did not match, one sentence each.
	Reasons []string `json:"reasons"`
	// Conditions are the condition tests that failed.
	Conditions []FailedCondition `json:"conditions,omitempty"`
}

// FailedCondition is a condition test that did not hold.
type FailedCondition struct {
	Operator string   `json:"operator"`
	Key      string   `json:"key"`
	Values   []string `json:"values"`
	// KeyMissing is true when the request context lacks the key;
	// RequestValues are its values otherwise.
	KeyMissing    bool     `json:"key_missing"`
	RequestValues []string `json:"request_values,omitempty"`
	Position      string   `json:"position,omitempty"`
}

// Outcome is what AWS answered.
type Outcome struct {
	// Success tells whether the request succeeded.
	Success bool `json:"success"`
	// Code and Message are AWS's error, when it failed.
	Code    string `json:"code,omitempty"`
	Message string `json:"message,omitempty"`
	// Reason says which policy denied and how, for an access denial.
	Reason string `json:"reason,omitempty"`
	// Text says what AWS returned, in sentences.
	Text []string `json:"text"`
}

// Check compares the outcome with what the scenario expected.
type Check struct {
	Pass bool `json:"pass"`
	// Expected describes the expected outcome.
	Expected string `json:"expected"`
	// Problems say why the step did not pass.
	Problems []string `json:"problems,omitempty"`
	// SkippedBecause is the id of the failed step whose session this step
	// needed, when it was skipped (sim.StepResult.SkippedBecause).
	SkippedBecause string `json:"skipped_because,omitempty"`
}

// Step returns the explanation of the step with the given id; a number
// also finds a step by its 1-based index when no id matches. It returns nil
// when there is no such step.
func (s *ScenarioExplanation) Step(id string) *Explanation {
	for _, e := range s.Steps {
		if e.ID == id {
			return e
		}
	}
	if n, err := strconv.Atoi(id); err == nil && n >= 1 && n <= len(s.Steps) {
		return s.Steps[n-1]
	}
	return nil
}

// Explain explains every step of a run. src is the scenario file's text,
// used to quote the statements that decided; nil quotes nothing. The error
// is non-nil only when the scenario's world cannot be built.
func Explain(rep *sim.Report, src []byte) (*ScenarioExplanation, error) {
	if rep == nil || rep.Scenario == nil {
		return nil, errors.New("explain: no report")
	}
	w, err := sim.NewWorld(rep.Scenario)
	if err != nil {
		return nil, err
	}
	sc := rep.Scenario
	x := &explainer{rep: rep, world: w, src: newSource(src), issued: map[string]*sim.StepResult{}}
	out := &ScenarioExplanation{
		File:        sc.Pos.File,
		Name:        sc.Name,
		Description: strings.TrimSpace(sc.Description),
		Passed:      rep.Passed(),
	}
	for _, res := range rep.Steps {
		out.Steps = append(out.Steps, x.step(res))
		if res.Step != nil && res.Step.Kind.IssuesCredentials() && res.Err == nil && res.Actual.Error != "" {
			x.issued[res.Step.ID] = res
		}
	}
	return out, nil
}

type explainer struct {
	rep   *sim.Report
	world *sim.World
	src   *source
	// issued are the steps that issued credentials so far, by id.
	issued map[string]*sim.StepResult
}

func (x *explainer) step(res *sim.StepResult) *Explanation {
	st := res.Step
	e := &Explanation{Index: res.Index, Clock: formatTime(res.At)}
	if st == nil {
		e.What = "an unknown step"
		x.outcome(e, res)
		return e
	}
	e.ID, e.Kind, e.Position, e.Note = st.ID, string(st.Kind), st.Pos.String(), oneParagraph(st.Note)
	switch st.Kind {
	case scenario.StepAssume:
		e.What = "an AssumeRole request (sts:AssumeRole)"
		x.assume(e, res)
	case scenario.StepCall:
		e.What = "an API request (" + st.Call.Action + ")"
		x.call(e, res)
	case scenario.StepWhoAmI:
		e.What = "a GetCallerIdentity request (sts:GetCallerIdentity)"
		e.Request = &Request{API: "sts:GetCallerIdentity"}
		e.Caller = x.caller(st.WhoAmI.As, res.At)
	case scenario.StepAdvance:
		e.What = "a clock advance"
		e.Request = &Request{Advance: describeAdvance(st.Advance, res.At)}
	case scenario.StepGetSessionToken, scenario.StepGetFederationToken, scenario.StepServiceAssume,
		scenario.StepConsoleSignIn, scenario.StepSwitchRole, scenario.StepWebIdentity, scenario.StepSAML:
		e.What = stepWhat(st.Kind)
		x.credentialStep(e, res)
	default:
		describeOther(e, st)
	}
	if res.Trace != nil {
		for _, d := range res.Trace.Decisions {
			e.Authorizations = append(e.Authorizations, x.authorization(res.Trace, d))
		}
		restated := map[int]bool{}
		if dt := res.Trace.Duration; dt != nil && e.Duration != nil {
			for _, i := range dt.Restated {
				restated[i] = true
			}
		}
		for i, n := range res.Trace.Notes {
			if !restated[i] {
				e.Notes = append(e.Notes, n)
			}
		}
	}
	x.outcome(e, res)
	return e
}

// oneParagraph joins a note's lines into one paragraph, keeping blank-line
// paragraph breaks.
func oneParagraph(s string) string {
	paras := strings.Split(strings.TrimSpace(s), "\n\n")
	for i, p := range paras {
		paras[i] = strings.Join(strings.Fields(p), " ")
	}
	return strings.Join(paras, "\n")
}

func describeAdvance(a *scenario.AdvanceStep, now time.Time) string {
	if !a.To.IsZero() {
		return "The fake clock is set to " + formatTime(a.To) + "."
	}
	return "The fake clock moves forward " + sim.FormatDuration(a.By) + ", to " + formatTime(now) + "."
}

func (x *explainer) assume(e *Explanation, res *sim.StepResult) {
	a := res.Step.Assume
	req := &Request{API: "sts:AssumeRole"}
	if a.RoleArn != nil {
		req.Resource = *a.RoleArn
	}
	add := func(name string, v *string) {
		if v != nil {
			req.Parameters = append(req.Parameters, Parameter{Name: name, Value: *v})
		}
	}
	add("RoleArn", a.RoleArn)
	add("RoleSessionName", a.RoleSessionName)
	add("DurationSeconds", a.DurationSeconds)
	if a.Policy != nil {
		req.Parameters = append(req.Parameters, Parameter{Name: "Policy", Value: a.Policy.Text})
	}
	for _, p := range a.PolicyArns {
		req.Parameters = append(req.Parameters, Parameter{Name: "PolicyArns", Value: p.Value})
	}
	for _, t := range a.Tags {
		req.Parameters = append(req.Parameters, Parameter{Name: "Tags", Value: t.Key + "=" + t.Value})
	}
	for _, k := range a.TransitiveTagKeys {
		req.Parameters = append(req.Parameters, Parameter{Name: "TransitiveTagKeys", Value: k.Value})
	}
	add("ExternalId", a.ExternalID)
	add("SerialNumber", a.SerialNumber)
	add("TokenCode", a.TokenCode)
	add("SourceIdentity", a.SourceIdentity)
	e.Request = req
	e.Caller = x.caller(a.As, res.At)
	if e.Caller.Kind == "root-user" {
		return
	}
	e.Duration = x.duration(res)
}

func (x *explainer) call(e *Explanation, res *sim.StepResult) {
	c := res.Step.Call
	req := &Request{API: c.Action, Resource: c.Resource}
	for _, cv := range c.Context {
		req.Parameters = append(req.Parameters, Parameter{Name: cv.Key, Value: strings.Join(cv.Values, ", ")})
	}
	e.Request = req
	e.Caller = x.caller(c.As, res.At)
}

// caller describes the credentials a step names.
func (x *explainer) caller(c scenario.Credentials, at time.Time) *Caller {
	if c.Step != "" {
		return x.sessionCaller(c.Step, at)
	}
	acct := accountOf(c.ARN)
	if strings.HasSuffix(c.ARN, ":root") {
		return &Caller{Kind: "root-user", ARN: c.ARN, Account: acct, Text: []string{
			"The root user of account " + acct + ", with long-term access keys. AWS does not let the root user assume roles.",
		}}
	}
	return &Caller{Kind: "iam-user", ARN: c.ARN, Account: acct, Text: []string{
		"The IAM user " + c.ARN + ", with its long-term access keys (they do not expire).",
	}}
}

// sessionCaller describes the temporary credentials an earlier step issued.
func (x *explainer) sessionCaller(step string, at time.Time) *Caller {
	src := x.issued[step]
	if src == nil {
		return &Caller{Kind: "session", FromStep: step, Text: []string{
			"The step names the credentials of step " + strconv.Quote(step) + ", but that step issued none, so there are no credentials to call with.",
		}}
	}
	cl := &Caller{Kind: "session", FromStep: step, Chaining: true}
	var expires time.Time
	if s := src.Session; s != nil && s.Role != nil {
		cl.Kind, cl.ARN, cl.Account, cl.RoleARN, expires = "role-session", s.ARN, s.Role.Account.ID, s.Role.ARN, s.Expiration
		how := ""
		if v, ok := viaKind[src.Step.Kind]; ok {
			how = ", by " + v
		}
		cl.Text = append(cl.Text, "The role session "+s.ARN+" (temporary credentials from step "+strconv.Quote(step)+how+", role "+s.Role.ARN+").")
	} else {
		expires, _ = time.Parse(time.RFC3339, src.Actual.Expiration)
		cl.ARN = src.Actual.Arn
		owner := ""
		switch st := src.Step; st.Kind {
		case scenario.StepGetSessionToken:
			owner = st.GetSessionToken.As.String()
			cl.Kind = "session-token"
			cl.Text = append(cl.Text, "The temporary credentials step "+strconv.Quote(step)+" got with GetSessionToken for "+owner+": they act as that identity, with its policies.")
		case scenario.StepGetFederationToken:
			owner = st.GetFederationToken.As.String()
			cl.Kind = "federated-user"
			cl.Text = append(cl.Text, "The federated user "+cl.ARN+" from step "+strconv.Quote(step)+" (GetFederationToken called by "+owner+"): the caller's policies, narrowed by the session policy, apply.")
		case scenario.StepConsoleSignIn:
			owner = st.ConsoleSignIn.As.String()
			cl.Kind = "console-session"
			cl.Text = append(cl.Text, "The console session of "+owner+" from step "+strconv.Quote(step)+".")
		default:
			cl.Text = append(cl.Text, "The temporary credentials from step "+strconv.Quote(step)+".")
		}
		if cl.ARN == "" {
			cl.ARN = owner
		}
		cl.Account = accountOf(cl.ARN)
	}
	if expires.IsZero() {
		return cl
	}
	cl.Expires = formatTime(expires)
	cl.Expired = !at.Before(expires)
	switch {
	case cl.Expired && at.Equal(expires):
		cl.Text = append(cl.Text, "The credentials expire at "+cl.Expires+", the very instant of this request: credentials are valid only strictly before their expiration, so AWS rejects them before looking at any policy.")
	case cl.Expired:
		cl.Text = append(cl.Text, "The credentials expired at "+cl.Expires+", "+sim.FormatDuration(at.Sub(expires))+" before this request: AWS rejects expired credentials before looking at any policy.")
	default:
		cl.Text = append(cl.Text, "They are valid until "+cl.Expires+" ("+sim.FormatDuration(expires.Sub(at))+" left).")
	}
	return cl
}

func accountOf(arnStr string) string {
	parts := strings.SplitN(arnStr, ":", 6)
	if len(parts) < 5 {
		return ""
	}
	return parts[4]
}

// duration explains the session duration of an assume step. It renders the
// simulator's record of the decision (sim.DurationTrace, decided in
// sim/duration.go) and derives no rule of its own.
func (x *explainer) duration(res *sim.StepResult) *Duration {
	d := &Duration{}
	raw := ""
	if a := res.Step.Assume; a.DurationSeconds != nil {
		raw = *a.DurationSeconds
		d.Requested = raw
	}
	var dt *sim.DurationTrace
	if res.Trace != nil {
		dt = res.Trace.Duration
	}
	if dt == nil {
		d.Rule = "STS refused the request before deciding the session's duration: see the outcome below."
		return d
	}
	d.Default, d.RoleMax, d.ChainingCap, d.Allowed = int(dt.Default), dt.RoleMax, int(dt.ChainCap), dt.Allowed()
	if res.Err == nil && res.Session != nil {
		d.Effective = int(dt.Effective)
	}
	asked := "DurationSeconds " + raw + " (" + sim.FormatDuration(secondsDuration(int(dt.Requested))) + ")"
	switch dt.Rule {
	case sim.DurationMalformed:
		d.Rule = "DurationSeconds " + strconv.Quote(raw) + " is not a whole number STS can read (decimal digits, within a 32-bit integer), so STS cannot read the request."
	case sim.DurationOutsideRange:
		d.Rule = "DurationSeconds " + raw + " is outside the range every AssumeRole call must respect (" + strconv.Itoa(int(dt.Min)) + " to " + strconv.Itoa(int(dt.Max)) + " seconds), so STS rejects the request before looking at the role."
	case sim.DurationDefault:
		d.Rule = "No DurationSeconds was sent, so the default of one hour (" + strconv.Itoa(int(dt.Default)) + " seconds) applies. It never exceeds a limit: every role allows at least one hour, and so does role chaining."
		if d.Effective == 0 {
			d.Rule += " No session was issued, though: see the outcome below."
		}
	case sim.DurationOverRoleMax:
		d.Rule = asked + " exceeds the role's MaxSessionDuration of " + seconds(dt.RoleMax) + ", so STS refuses the request. It does not shorten the session to fit."
	case sim.DurationOverChainCap:
		d.Rule = asked + " exceeds the one-hour limit on role chaining, so STS refuses the request. It does not shorten the session to fit, even though the role's MaxSessionDuration (" + seconds(dt.RoleMax) + ") would allow it for a first hop."
	default:
		limitText := "the role's MaxSessionDuration of " + seconds(dt.RoleMax)
		if dt.ChainCap > 0 && dt.RoleMax > int(dt.ChainCap) {
			limitText = "the one-hour limit on role chaining (the role's MaxSessionDuration of " + seconds(dt.RoleMax) + " does not apply to a chained call)"
		}
		if d.Effective > 0 {
			d.Rule = asked + " is within " + limitText + ", so the session lasts exactly what was asked."
			break
		}
		d.Rule = asked + " is within " + limitText + ", but no session was issued"
		if res.Err != nil {
			d.Rule += " (" + string(res.Err.Code) + ")"
		}
		d.Rule += ": see the outcome below."
	}
	return d
}

// seconds renders a number of seconds with its human form: "7200 seconds
// (2h)".
func seconds(n int) string {
	return strconv.Itoa(n) + " seconds (" + sim.FormatDuration(time.Duration(n)*time.Second) + ")"
}

func (x *explainer) authorization(tr *sim.Trace, d *sim.TraceDecision) Authorization {
	au := Authorization{
		Action: d.Action, Resource: d.Resource, Caller: d.Caller,
		CallerAccount: d.CallerAccount, ResourceAccount: d.ResourceAccount,
		SameAccount: d.ResourceAccount == "" || d.ResourceAccount == d.CallerAccount,
		Allowed:     d.Denied == nil,
	}
	au.Scope = x.scope(d)
	for _, k := range d.Context {
		au.Context = append(au.Context, ContextKey{Key: k.Key, Values: append([]string{}, k.Values...)})
	}
	missing := map[string]bool{}
	req := d.Request()
	for _, en := range tr.EntriesOf(d) {
		pv := PolicyVerdict{Kind: en.Kind.Describe(), Name: en.Policy, Level: en.Level, Verdict: verdict(en.Decision)}
		if en.Stmt != nil {
			ref := x.stmtRef(en.Stmt, en.StatementPos)
			pv.Statement = &ref
		}
		if en.Ref != nil && en.Ref.Doc != nil {
			pv.Misses = x.misses(en, en.Decision, req, missing)
		}
		au.Policies = append(au.Policies, pv)
	}
	for k := range missing {
		au.MissingKeys = append(au.MissingKeys, k)
	}
	sort.Strings(au.MissingKeys)
	if d.CallerAccount == "" {
		au.SameAccount = false
	}
	if d.Denied == nil && d.CallerAccount == "" {
		au.Decision = "Allowed: no policy denies it explicitly; the role's trust policy allows " + outsider(d.Caller) + ", which has no identity-based policies of its own."
	} else if d.Denied == nil {
		entries := tr.EntriesOf(d)
		au.Decision = "Allowed: " + allowedBecause(d, entries, au.SameAccount)
		au.Naming = namingText(d, entries, au.SameAccount)
	} else {
		au.Decision = "Denied: " + d.Denied.String() + "."
	}
	return au
}

// scope says which organization policies do not take part, and why.
// With several organizations, each account is governed by its own
// organization's policies, and the texts name it.
func (x *explainer) scope(d *sim.TraceDecision) []string {
	orgs := x.world.Orgs
	if len(orgs) == 0 {
		return nil
	}
	// mgmt is "the organization's management account", or with several
	// organizations "the management account of organization o-...".
	mgmt := func(a *sim.Account) string {
		if len(orgs) == 1 {
			return "the organization's management account"
		}
		return "the management account of organization " + a.Org.ID
	}
	outside := "is not in the organization"
	if len(orgs) > 1 {
		outside = "is in no organization"
	}
	isMgmt := func(a *sim.Account) bool { return a != nil && a.InOrg() && a.ID == a.Org.ManagementAccount }
	var out []string
	caller := x.world.Account(d.CallerAccount)
	switch {
	case isMgmt(caller):
		out = append(out, "No SCP applies: the caller is in "+mgmt(caller)+" ("+d.CallerAccount+"), and SCPs never limit its principals.")
	case caller == nil || !caller.InOrg():
		out = append(out, "No SCP applies: the caller's account "+d.CallerAccount+" "+outside+".")
	}
	if d.ResourceAccount != "" && d.ResourceAccount != d.CallerAccount {
		res := x.world.Account(d.ResourceAccount)
		switch {
		case isMgmt(res):
			out = append(out, "No RCP applies: the resource is in "+mgmt(res)+" ("+d.ResourceAccount+").")
		case res == nil || !res.InOrg():
			out = append(out, "No RCP applies: the resource's account "+d.ResourceAccount+" "+outside+".")
		}
	}
	return out
}

// outsider names a caller that has no AWS account: a service principal or
// a federated identity provider's user.
func outsider(caller string) string {
	switch {
	case strings.Contains(caller, ":oidc-provider/"):
		return "the OpenID Connect provider's identity"
	case strings.Contains(caller, ":saml-provider/"):
		return "the SAML provider's user"
	case strings.HasSuffix(caller, ".amazonaws.com"):
		return "the service " + caller
	}
	return "the caller"
}

func verdict(d policy.Decision) string {
	switch d {
	case policy.Allow:
		return "allow"
	case policy.ExplicitDeny:
		return "explicit deny"
	}
	return "no match"
}

// allowedBecause says why an allowed authorization was allowed, from the
// kinds of policy consulted and how the trust or resource-based policy
// named the caller.
func allowedBecause(d *sim.TraceDecision, entries []sim.TraceEntry, same bool) string {
	consulted := map[sim.PolicyKind]bool{}
	for _, e := range entries {
		consulted[e.Kind] = true
	}
	parts := []string{"no policy denies it explicitly"}
	if consulted[sim.KindSCP] {
		parts = append(parts, "an SCP at every level of the caller's organization path allows it")
	}
	if consulted[sim.KindRCP] {
		parts = append(parts, "an RCP at every level of the resource account's organization path allows it")
	}
	trust := consulted[sim.KindTrustPolicy]
	res := "the resource-based policy"
	if trust {
		res = "the role's trust policy"
	}
	// The simulator recorded the rule that allowed it (d.Path); this only
	// words it.
	switch d.Path {
	case sim.PathWildcard:
		parts = append(parts, res+" names everyone (\"*\"), which admits a caller of its own account: no identity-based policy has to allow it")
	case sim.PathNamedPrincipal:
		parts = append(parts, res+" names the caller, which is enough within one account: no identity-based policy has to allow it")
	case sim.PathNamedRole:
		if trust {
			parts = append(parts, res+" names the caller, which is enough within one account: no identity-based policy has to allow it")
		} else {
			parts = append(parts, res+" names the caller's role, which is enough within one account")
		}
	case sim.PathCrossAccount:
		if d.Naming != sim.NamedNone {
			parts = append(parts, res+" allows the caller and, because the request crosses accounts, so do the caller's identity-based policies")
		} else {
			parts = append(parts, "the caller's identity-based policies and the resource's account both allow it")
		}
	case sim.PathDelegation:
		parts = append(parts, res+" trusts the caller's account and the caller's identity-based policies allow it")
	default:
		parts = append(parts, "the caller's identity-based policies allow it")
	}
	if consulted[sim.KindPermissionsBoundary] {
		parts = append(parts, "the caller's permissions boundary allows it")
	}
	if consulted[sim.KindSessionPolicy] {
		parts = append(parts, "the session policies allow it")
	}
	return strings.Join(parts, "; ") + "."
}

// namingText explains how the trust or resource-based policy named the
// caller.
func namingText(d *sim.TraceDecision, entries []sim.TraceEntry, same bool) string {
	what := "The resource-based policy"
	for _, e := range entries {
		if e.Kind == sim.KindTrustPolicy {
			what = "The role's trust policy"
		}
	}
	var s string
	switch d.Naming {
	case sim.NamedSession:
		s = what + " names the caller's exact role session ARN."
	case sim.NamedUser:
		s = what + " names the caller's IAM user ARN."
	case sim.NamedRole:
		s = what + " names the caller's role ARN."
	case sim.NamedWildcard:
		if same {
			return what + " names everyone (\"*\"), which admits a caller of the same account without an identity-based allow; rolesim still limits it by the caller's permissions boundary and session policies, as a grant to the role ARN is."
		}
		s = what + " names everyone (\"*\")."
	case sim.NamedAccount:
		s = what + " names the caller's account, which delegates the decision to that account: the caller's identity-based policies must allow the request as well."
	default:
		return ""
	}
	if !same && d.Naming != sim.NamedAccount {
		s += " Across accounts that is not enough on its own: the caller's identity-based policies must allow the request as well."
	}
	return s
}

func (x *explainer) stmtRef(st *policy.Statement, pos scenario.Pos) StatementRef {
	ref := StatementRef{Label: st.Label(), Effect: effect(st.Effect)}
	if pos.Line > 0 {
		ref.Position = pos.String()
		// Only the scenario's own file is at hand: a statement of a
		// fixture or an included world file is not quoted.
		if x.rep != nil && pos.File == x.rep.Scenario.Pos.File {
			ref.Source = x.src.quote(pos.Line, pos.Col)
		}
	}
	return ref
}

func effect(e policy.Effect) string {
	if e == policy.EffectDeny {
		return "Deny"
	}
	return "Allow"
}

// misses explains the statements of a policy that did not apply: every
// Allow statement of a policy that did not allow, and every Deny statement
// that only a failed condition kept from applying. Keys that failing
// conditions asked for and the request lacked go into missing.
func (x *explainer) misses(en sim.TraceEntry, dec policy.Decision, req *policy.Request, missing map[string]bool) []Miss {
	var out []Miss
	ref := en.Ref
	// The statements as the simulator matched them when it decided.
	for _, sr := range en.Statements {
		if sr.Matched {
			continue
		}
		partsMatch := sr.Action.Matched && sr.Resource.Matched && sr.Principal.Matched
		st := sr.Statement
		if st.Effect == policy.EffectDeny && !partsMatch {
			continue
		}
		if st.Effect == policy.EffectAllow && dec != policy.ImplicitDeny {
			continue
		}
		pos := scenario.Pos{File: ref.File, Line: st.Pos.Line, Col: st.Pos.Col}
		m := Miss{Statement: x.stmtRef(st, pos)}
		if !sr.Action.Matched {
			m.Reasons = append(m.Reasons, partMiss("Action", sr.Action, st.Actions(), req.Action, "the request's action is "))
		}
		if !sr.Resource.Matched {
			m.Reasons = append(m.Reasons, partMiss("Resource", sr.Resource, st.Resources(), req.Resource, "the request's resource is "))
		}
		if !sr.Principal.Matched {
			var names []string
			for _, p := range st.Principals() {
				names = append(names, p.Value)
			}
			who := ""
			if req.Principal != nil {
				who = strings.Join(req.Principal.ARNs, " (session ")
				if len(req.Principal.ARNs) > 1 {
					who += ")"
				}
			}
			reason := partMiss("Principal", sr.Principal, names, who, "the caller is ")
			if req.Principal != nil {
				for _, a := range req.Principal.ARNs {
					if ref.Stale(a) {
						reason = "Principal named " + a + " before that principal was deleted, and IAM then stored its unique id: the entry does not name the " +
							"principal created since under the same name (save the policy again to name it)."
						break
					}
				}
			}
			m.Reasons = append(m.Reasons, reason)
		}
		if sr.Unresolved != "" {
			m.Reasons = append(m.Reasons, "The policy variable ${"+sr.Unresolved+"} has no single value in the request, so the statement is invalid and applies to nothing.")
		}
		for _, c := range sr.Conditions {
			if c.Result {
				continue
			}
			fc := FailedCondition{Operator: c.Operator, Key: c.Key, Values: append([]string{}, c.Values...), KeyMissing: !c.KeyPresent}
			if c.KeyPresent {
				fc.RequestValues = append([]string{}, c.RequestValues...)
			} else {
				missing[c.Key] = true
			}
			if c.Pos.Line > 0 {
				fc.Position = scenario.Pos{File: ref.File, Line: c.Pos.Line, Col: c.Pos.Col}.String()
			}
			m.Conditions = append(m.Conditions, fc)
			m.Reasons = append(m.Reasons, conditionMiss(fc))
		}
		out = append(out, m)
	}
	return out
}

func partMiss(elem string, pr policy.PartResult, entries []string, value, lead string) string {
	list := quoteList(entries)
	if pr.Not {
		return "Not" + elem + " excludes " + strconv.Quote(pr.Entry) + ", and " + lead + value + "."
	}
	return elem + " lists " + list + ", but " + lead + value + "."
}

func conditionMiss(fc FailedCondition) string {
	s := "Condition " + fc.Operator + " on " + fc.Key + " wants " + quoteList(fc.Values)
	if fc.KeyMissing {
		return s + ", but the request context has no " + fc.Key + " key."
	}
	if len(fc.RequestValues) == 0 {
		return s + ", but the request's " + fc.Key + " is empty."
	}
	return s + ", but the request has " + quoteList(fc.RequestValues) + "."
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = strconv.Quote(v)
	}
	switch len(q) {
	case 0:
		return "nothing"
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// outcome fills in what AWS answered and the expectation check.
func (x *explainer) outcome(e *Explanation, res *sim.StepResult) {
	o := Outcome{Success: res.Err == nil}
	st := res.Step
	switch {
	case res.Err != nil:
		o.Code, o.Message = string(res.Err.Code), res.Err.Message
		o.Text = append(o.Text, "AWS returns the error "+res.Err.Error())
		if res.Err.Reason != nil {
			o.Reason = res.Err.Reason.String()
			why := "Why: " + o.Reason
			if !strings.HasSuffix(why, ".") {
				why += "."
			}
			o.Text = append(o.Text, why)
		} else if len(e.Authorizations) == 0 {
			o.Text = append(o.Text, "No policy was evaluated: the request failed before authorization.")
		}
	case len(res.Problems) > 0 && res.Actual.Error == "":
		o.Success = false
		o.Text = append(o.Text, "The step could not run: "+strings.Join(res.Problems, "; "))
	case st == nil:
	case res.Session != nil:
		s := res.Session
		o.Text = append(o.Text,
			"AWS returns temporary credentials (access key "+s.Credentials.AccessKeyID+") for the role session "+s.ARN+".",
			"The session was issued at "+formatTime(s.IssuedAt)+" and expires at "+formatTime(s.Expiration)+", after "+sim.FormatDuration(s.Duration())+".",
			"Its assumed-role id (aws:userid) is "+s.AssumedRoleID+".",
		)
		if s.SourceIdentity != "" {
			o.Text = append(o.Text, "It carries the source identity "+strconv.Quote(s.SourceIdentity)+", which every later hop in the chain inherits.")
		}
	case st.Kind == scenario.StepConsoleSignIn && res.Actual.Expiration != "":
		o.Text = append(o.Text, "The console signs the user in; the console session lasts until "+res.Actual.Expiration+".")
	case st.Kind.IssuesCredentials() && res.Actual.Expiration != "":
		s := "AWS returns temporary credentials"
		if res.Actual.Arn != "" {
			s += " for " + res.Actual.Arn
		}
		o.Text = append(o.Text, s+", valid until "+res.Actual.Expiration+".")
	case st.Kind == scenario.StepCall:
		o.Text = append(o.Text, "AWS allows the request.")
	case st.Kind == scenario.StepWhoAmI:
		if res.Actual.Arn != "" {
			o.Text = append(o.Text, "AWS returns Account "+res.Actual.Account+", Arn "+res.Actual.Arn+", UserId "+res.Actual.UserID+".")
		} else {
			o.Text = append(o.Text, "AWS returns the caller's identity.")
		}
		o.Text = append(o.Text, "GetCallerIdentity needs no permission: no policy can deny it.")
	case st.Kind == scenario.StepAdvance:
		o.Text = append(o.Text, "The clock now reads "+formatTime(res.At)+".")
	}
	if st != nil && st.Repeat != nil {
		o.Text = append(o.Text, repeatText(st.Repeat, res.Actual))
	}
	if st != nil && st.Kind.IsChange() && res.Err == nil && len(res.Problems) == 0 {
		o.Text = append(o.Text, "The change takes effect at "+formatTime(res.At)+": requests from then on see it, including those made with sessions issued before.")
	}
	e.Outcome = o
	e.Check = Check{Pass: res.Pass, Expected: expected(res), SkippedBecause: res.SkippedBecause}
	if !res.Pass {
		e.Check.Problems = append([]string{}, res.Problems...)
	}
}

// repeatText says how often a repeated request was sent and how it fared;
// the explanation above is that of the last request.
func repeatText(r *scenario.Repeat, got sim.Observed) string {
	s := "The request was sent " + strconv.Itoa(r.Count) + " times"
	if r.Over > 0 {
		s += ", spread over " + sim.FormatDuration(r.Over)
	}
	var parts []string
	for _, c := range []struct{ n, what string }{{got.Succeeded, "succeeded"}, {got.Throttled, "were throttled"}, {got.Failed, "failed otherwise"}} {
		if c.n != "" && c.n != "0" {
			parts = append(parts, c.n+" "+c.what)
		}
	}
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s + ". The explanation above is that of the last one."
}

// expected describes what the step expected.
func expected(res *sim.StepResult) string {
	w := res.Expected
	if w.Error == "" || w.Error == "none (success)" {
		var parts []string
		addf := func(name, v string) {
			if v != "" {
				parts = append(parts, name+" "+v)
			}
		}
		addf("duration", w.Duration)
		addf("expiration", w.Expiration)
		addf("arn", w.Arn)
		addf("assumed role id", w.AssumedRoleID)
		addf("source identity", w.SourceIdentity)
		addf("packed policy size", w.PackedPolicySize)
		addf("chained", w.Chained)
		addf("account", w.Account)
		addf("user id", w.UserID)
		addf("requests succeeded", w.Succeeded)
		addf("requests throttled", w.Throttled)
		addf("requests failed", w.Failed)
		if len(parts) == 0 {
			return "success"
		}
		return "success, with " + strings.Join(parts, ", ")
	}
	s := "the error " + w.Error
	if w.DeniedBy != "" {
		s += ", denied by the " + sim.PolicyKind(w.DeniedBy).Describe()
	}
	if w.Deny != "" {
		s += " (" + w.Deny + " deny)"
	}
	return s
}

// formatTime formats an instant of the fake clock as RFC 3339 in UTC.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func secondsDuration(n int) time.Duration { return time.Duration(n) * time.Second }
