// Package timeline draws a scenario run on its fake clock: one lane per
// caller (an IAM user, a root user, or a role session), a bar for each
// session from issue to expiry, an arrow for each AssumeRole hop from the
// caller's lane to the new session, a numbered marker for every request
// (red when AWS refused it, with its error in the legend; for a repeated
// request a ring whose red share is the share refused, with its counts),
// a thick magenta ring on every step that missed its expectation, a frame
// around markers at the very same instant, the one-hour role-chaining cap
// and the role's MaxSessionDuration drawn as limits on each session, and
// clock advances shaded as gaps.
//
// Build turns a run into a Timeline (plain data); SVG and HTML render it.
// Rendering is deterministic: coordinates are printed with one decimal,
// and nothing depends on map order or the wall clock.
package timeline

import (
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// Timeline is a scenario run laid out in time.
type Timeline struct {
	// Title names the scenario; File is its file.
	Title string
	File  string
	// Start and End bound the time axis.
	Start, End time.Time
	Lanes      []*Lane
	Events     []*Event
	Gaps       []Gap
	// Changes are the steps that changed the world (IAM and Organizations
	// operations).
	Changes []Change
}

// Change is a step that changed the world at an instant.
type Change struct {
	Index int
	ID    string
	At    time.Time
	// What names the operation ("delete_role Deployer").
	What string
	// OK tells whether the change was made; Error is AWS's error otherwise.
	OK    bool
	Error string
	// Pass tells whether the step met its expectation.
	Pass bool
}

// LaneKind tells what a lane stands for.
type LaneKind uint8

// Lane kinds.
const (
	// LaneUser is an IAM user calling with long-term keys.
	LaneUser LaneKind = iota
	// LaneRoot is an account's root user.
	LaneRoot
	// LaneSession is a role session.
	LaneSession
	// LaneUserSession is temporary credentials that act as an IAM user, a
	// root user or a federated user (GetSessionToken, GetFederationToken, a
	// console sign-in).
	LaneUserSession
	// LaneExternal is a caller without AWS credentials of its own: an AWS
	// service, or an OIDC or SAML identity provider's user.
	LaneExternal
)

// Lane is one row of the picture: a caller.
type Lane struct {
	Kind LaneKind
	// Label, Detail and Detail2 name the caller in up to three short
	// lines.
	Label   string
	Detail  string
	Detail2 string
	// Session is the session of a LaneSession lane.
	Session *Bar
}

// Bar is a session's life.
type Bar struct {
	// Step is the id of the step that issued it.
	Step string
	ARN  string
	// Issued and Expires bound the bar.
	Issued, Expires time.Time
	// Chained tells whether the session came from role chaining, which
	// caps it at one hour.
	Chained bool
	// RoleMax is the role's MaxSessionDuration.
	RoleMax time.Duration
	// From is the lane of the caller that assumed it.
	From int
}

// Event is one request of the timeline.
type Event struct {
	// Index is the step's 1-based number, ID its id.
	Index int
	ID    string
	// Lane is the caller's lane; -1 when the step named credentials that do
	// not exist.
	Lane int
	At   time.Time
	// What says what the request was ("AssumeRole Developer").
	What string
	// OK tells whether AWS accepted the request; Error is AWS's error
	// ("Code: message") otherwise.
	OK    bool
	Error string
	// Pass tells whether the step met its expectation. A skipped step
	// passes: it did not fail on its own.
	Pass bool
	// SkippedBecause is the id (or number) of the failed step whose session
	// this step needed, when it did not run; "" otherwise.
	SkippedBecause string
	// NewLane is the lane of the session an AssumeRole issued; -1 when none.
	NewLane int
	// Burst holds the counts of a repeated step that ran; nil for a single
	// request. OK is then true only when every request was accepted.
	Burst *Burst
}

// Burst is a repeated request: Count requests at one instant (At), or
// spread evenly from At over Over.
type Burst struct {
	Count, Succeeded, Throttled, Failed int
	Over                                time.Duration
	// Sessions counts the sessions the requests issued; the lane of the
	// step's credentials (NewLane) is the last of them.
	Sessions int
}

// Gap is a clock advance: nothing happens between From and To.
type Gap struct {
	Index    int
	From, To time.Time
}

// Build lays out a run.
func Build(rep *sim.Report) *Timeline {
	sc := rep.Scenario
	start := sc.Start
	if start.IsZero() {
		start = scenario.DefaultStart
	}
	t := &Timeline{Title: sc.Name, File: sc.Pos.File, Start: start, End: start}
	byKey := map[string]int{}
	byStep := map[string]int{}
	// principal returns the lane of a caller without AWS credentials of its
	// own or with long-term keys, creating it on first use.
	principal := func(key string, kind LaneKind, label, detail string) int {
		if i, ok := byKey[key]; ok {
			return i
		}
		t.Lanes = append(t.Lanes, &Lane{Kind: kind, Label: label, Detail: detail})
		byKey[key] = len(t.Lanes) - 1
		return len(t.Lanes) - 1
	}
	lane := func(c scenario.Credentials) int {
		if c.Step != "" {
			if i, ok := byStep[c.Step]; ok {
				return i
			}
			return -1
		}
		if strings.HasSuffix(c.ARN, ":root") {
			return principal(c.ARN, LaneRoot, "root", "root user, account "+accountOf(c.ARN))
		}
		return principal(c.ARN, LaneUser, lastPart(c.ARN, '/'), "IAM user, account "+accountOf(c.ARN))
	}
	prev := start
	for _, res := range rep.Steps {
		st := res.Step
		if st == nil {
			continue
		}
		// A step that could not run at all has no observed outcome.
		ev := &Event{Index: res.Index, ID: st.ID, At: res.At, OK: res.Err == nil && res.Actual.Error != "", Pass: res.Pass, NewLane: -1}
		if res.Skipped {
			// One cause, one failure: the step that failed is marked, not
			// the steps that could not run after it.
			ev.Pass, ev.SkippedBecause = true, res.SkippedBecause
		}
		switch {
		case ev.SkippedBecause != "":
		case st.Repeat != nil && res.Actual.Succeeded != "":
			ev.Burst = burstOf(st, res)
			ev.At = res.At.Add(-st.Repeat.Over)
			ev.OK = ev.Burst.Succeeded == ev.Burst.Count
			if res.Err != nil {
				ev.Error = res.Err.Error()
			}
		case res.Err != nil:
			ev.Error = res.Err.Error()
		case !ev.OK:
			ev.Error = strings.Join(res.Problems, "; ")
		}
		if st.Kind.IsChange() {
			c := Change{Index: res.Index, ID: st.ID, At: res.At, What: changeText(st), OK: ev.OK, Error: ev.Error, Pass: res.Pass}
			t.Changes = append(t.Changes, c)
			prev = res.At
			t.End = later(t.End, res.At)
			continue
		}
		ev.Lane = -1
		switch st.Kind {
		case scenario.StepAdvance:
			t.Gaps = append(t.Gaps, Gap{Index: res.Index, From: prev, To: res.At})
			prev = res.At
			t.End = later(t.End, res.At)
			continue
		case scenario.StepAssume:
			ev.Lane = lane(st.Assume.As)
			ev.What = "AssumeRole " + roleName(st.Assume.RoleArn)
		case scenario.StepCall:
			ev.Lane = lane(st.Call.As)
			ev.What = st.Call.Action
		case scenario.StepWhoAmI:
			ev.Lane = lane(st.WhoAmI.As)
			ev.What = "GetCallerIdentity"
		case scenario.StepGetSessionToken:
			ev.Lane = lane(st.GetSessionToken.As)
			ev.What = "GetSessionToken"
		case scenario.StepGetFederationToken:
			ev.Lane = lane(st.GetFederationToken.As)
			ev.What = "GetFederationToken"
		case scenario.StepConsoleSignIn:
			ev.Lane = lane(st.ConsoleSignIn.As)
			ev.What = "console sign-in"
		case scenario.StepSwitchRole:
			ev.Lane = lane(st.SwitchRole.As)
			ev.What = "Switch Role " + lastPart(st.SwitchRole.RoleArn, '/')
		case scenario.StepServiceAssume:
			svc := st.ServiceAssume.Service
			ev.Lane = principal("service:"+svc, LaneExternal, svc, "AWS service")
			ev.What = "AssumeRole " + roleName(st.ServiceAssume.RoleArn)
		case scenario.StepWebIdentity:
			p := oidcProvider(st.WebIdentity, res)
			ev.Lane = principal("oidc:"+p, LaneExternal, p, "OIDC identity provider")
			ev.What = "AssumeRoleWithWebIdentity " + roleName(st.WebIdentity.RoleArn)
		case scenario.StepSAML:
			p := "SAML identity provider"
			if st.SAML.PrincipalArn != nil {
				p = *st.SAML.PrincipalArn
			}
			ev.Lane = principal("saml:"+p, LaneExternal, lastPart(p, '/'), "SAML identity provider")
			ev.What = "AssumeRoleWithSAML " + roleName(st.SAML.RoleArn)
		default:
			// A kind this picture does not know: listed, not placed.
			ev.What = strings.ReplaceAll(string(st.Kind), "_", " ")
		}
		if st.Kind.IssuesCredentials() && (ev.OK || ev.Burst != nil && ev.Burst.Succeeded > 0) {
			if l := sessionLane(st, res, ev.Lane); l != nil {
				if b := ev.Burst; b != nil && b.Sessions > 1 {
					l.Detail = strings.Replace(l.Detail, ", account ", ", the last of "+strconv.Itoa(b.Sessions)+" sessions, account ", 1)
				}
				t.Lanes = append(t.Lanes, l)
				byStep[st.ID] = len(t.Lanes) - 1
				ev.NewLane = len(t.Lanes) - 1
				t.End = later(t.End, l.Session.Expires)
			}
		}
		prev = res.At
		t.End = later(t.End, res.At)
		t.Events = append(t.Events, ev)
	}
	return t
}

// burstOf reads a repeated step's counts of outcomes.
func burstOf(st *scenario.Step, res *sim.StepResult) *Burst {
	n := func(s string) int {
		v, _ := strconv.Atoi(s)
		return v
	}
	b := &Burst{Count: st.Repeat.Count, Succeeded: n(res.Actual.Succeeded), Throttled: n(res.Actual.Throttled), Failed: n(res.Actual.Failed), Over: st.Repeat.Over}
	if st.Kind.IssuesCredentials() {
		b.Sessions = b.Succeeded
	}
	return b
}

// oidcProvider names the OpenID Connect provider of a web identity step by
// its host and path, the same whichever way the step names it: from the
// issued session's provider ARN, else the ProviderId parameter, else the
// token's iss claim.
func oidcProvider(w *scenario.WebIdentityStep, res *sim.StepResult) string {
	if res.Session != nil && res.Session.Provider != "" {
		return providerHost(res.Session.Provider)
	}
	if w.ProviderID != nil && *w.ProviderID != "" {
		return providerHost(*w.ProviderID)
	}
	if w.Token != nil && w.Token.Claims != nil {
		for _, f := range w.Token.Claims.Fields {
			if f.Key == "iss" && f.Value != nil && f.Value.Value != "" {
				return providerHost(f.Value.Value)
			}
		}
	}
	return "OIDC identity provider"
}

// providerHost reduces a provider ARN, URL or host to its host and path.
func providerHost(s string) string {
	if _, rest, ok := strings.Cut(s, ":oidc-provider/"); ok {
		s = rest
	}
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	return strings.TrimSuffix(s, "/")
}

// roleName returns the name part of a role ARN, "" when absent.
func roleName(roleARN *string) string {
	if roleARN == nil {
		return ""
	}
	return lastPart(*roleARN, '/')
}

// sessionLane builds the lane of the credentials a step issued: a role
// session (from the session itself), or the temporary credentials of an
// IAM user, root user or federated user (from the observed expiration).
func sessionLane(st *scenario.Step, res *sim.StepResult, from int) *Lane {
	if s := res.Session; s != nil && s.Role != nil {
		return &Lane{
			Kind:    LaneSession,
			Label:   s.Role.Name + "/" + s.Name,
			Detail:  "step " + st.ID + ", account " + s.Role.Account.ID,
			Detail2: sessionSummary(s),
			Session: &Bar{
				Step: st.ID, ARN: s.ARN, Issued: s.IssuedAt, Expires: s.Expiration, Chained: s.Chained,
				RoleMax: time.Duration(s.Role.MaxSessionDuration) * time.Second, From: from,
			},
		}
	}
	exp, err := time.Parse(time.RFC3339, res.Actual.Expiration)
	if err != nil {
		return nil
	}
	issued := res.At.Truncate(time.Second)
	var label, owner string
	switch st.Kind {
	case scenario.StepGetSessionToken:
		owner = st.GetSessionToken.As.String()
		label = principalName(owner) + " (session token)"
	case scenario.StepGetFederationToken:
		owner = st.GetFederationToken.As.String()
		label = lastPart(res.Actual.Arn, ':')
	case scenario.StepConsoleSignIn:
		owner = st.ConsoleSignIn.As.String()
		label = principalName(owner) + " (console)"
	default:
		label = st.ID
	}
	return &Lane{
		Kind:    LaneUserSession,
		Label:   label,
		Detail:  "step " + st.ID + ", account " + accountOf(firstNonEmpty(res.Actual.Arn, owner)),
		Detail2: sim.FormatDuration(exp.Sub(issued)) + " temporary credentials, until " + clockText(exp, issued),
		Session: &Bar{Step: st.ID, ARN: firstNonEmpty(res.Actual.Arn, owner), Issued: issued, Expires: exp, From: from},
	}
}

// principalName is the short name of a user or root ARN.
func principalName(arnStr string) string {
	if strings.HasSuffix(arnStr, ":root") {
		return "root"
	}
	return lastPart(arnStr, '/')
}

// clockText formats an instant as HH:MM, with the date when it is not
// ref's day.
func clockText(t, ref time.Time) string {
	t, ref = t.UTC(), ref.UTC()
	if t.Format("2006-01-02") != ref.Format("2006-01-02") {
		return t.Format("Jan 2 15:04")
	}
	return t.Format("15:04")
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// changeText names a change step's operation and its subject.
func changeText(st *scenario.Step) string {
	s := string(st.Kind)
	if c := st.Change; c != nil {
		for _, v := range []string{c.RoleName, c.PolicyName, c.PolicyArn, c.PolicyID, c.TargetID} {
			if v != "" {
				s += " " + lastPart(v, '/')
				break
			}
		}
	}
	return s
}

// sessionSummary says how long a session lasts, whether it is chained, and
// when it expires.
func sessionSummary(s *sim.Session) string {
	kind := "session"
	if s.Chained {
		kind = "chained session"
	}
	return sim.FormatDuration(s.Duration()) + " " + kind + ", until " + clockText(s.Expiration, s.IssuedAt)
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func lastPart(s string, sep byte) string {
	if i := strings.LastIndexByte(s, sep); i >= 0 {
		return s[i+1:]
	}
	return s
}

func accountOf(arnStr string) string {
	parts := strings.SplitN(arnStr, ":", 6)
	if len(parts) < 5 {
		return ""
	}
	return parts[4]
}
