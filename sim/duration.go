package sim

import (
	"strconv"
	"time"
)

// The session-duration rule, in one place for every operation that issues
// credentials (reference §4): the API range of DurationSeconds (checked with
// the request's schema), the operation's default, the role's
// MaxSessionDuration, and the one-hour cap on role chaining. AssumeRole
// and the federated first hops refuse a duration beyond a limit; they never
// shorten it to fit. GetSessionToken and GetFederationToken have their own
// range and default, and for the root user a one-hour maximum to which
// longer requests fall back.

// Limits of AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML.
const (
	minDuration        = 900
	maxDuration        = 43200
	defaultDuration    = 3600
	chainedMaxDuration = 3600
)

// Limits of GetSessionToken and GetFederationToken.
const (
	minTokenDuration     = 900
	maxTokenDuration     = 129600 // 36 hours
	defaultTokenDuration = 43200  // 12 hours
	rootTokenDuration    = 3600   // the root user's maximum (and default)
)

// consoleSessionDuration is how long an IAM user's console sign-in lasts.
const consoleSessionDuration = 12 * time.Hour

// DurationRule names the rule that decided a session's duration.
type DurationRule uint8

// The duration rules.
const (
	// DurationDefault: no DurationSeconds was sent; the default of one
	// hour applies.
	DurationDefault DurationRule = iota + 1
	// DurationTokenDefault: no DurationSeconds was sent to
	// GetSessionToken or GetFederationToken by an IAM user; the default of
	// 12 hours applies.
	DurationTokenDefault
	// DurationWithinRoleMax: the requested duration, within the role's
	// MaxSessionDuration (a first hop).
	DurationWithinRoleMax
	// DurationWithinChainCap: the requested duration, within the role's
	// MaxSessionDuration and the one-hour role-chaining cap.
	DurationWithinChainCap
	// DurationOverRoleMax: more than the role's MaxSessionDuration was
	// requested; the request fails.
	DurationOverRoleMax
	// DurationOverChainCap: role chaining, and more than one hour was
	// requested; the request fails.
	DurationOverChainCap
	// DurationAsRequested: GetSessionToken or GetFederationToken, the
	// requested duration within the operation's range.
	DurationAsRequested
	// DurationRootFallback: the root user asked GetSessionToken or
	// GetFederationToken for more than one hour; it gets one hour.
	DurationRootFallback
	// DurationServiceUnlimited: a service assumed the role; its
	// MaxSessionDuration does not limit the session.
	DurationServiceUnlimited
	// DurationOutsideRange: DurationSeconds is outside the operation's API
	// range (DurationTrace.Min to Max); the request's schema check fails it
	// before any other rule applies.
	DurationOutsideRange
	// DurationMalformed: DurationSeconds is not a number STS's parser can
	// read (not decimal digits, or beyond a 32-bit integer); the request
	// fails with MalformedInput before it reaches the operation.
	DurationMalformed
	// DurationAssertionShortened: AssumeRoleWithSAML, and the assertion's
	// SessionDuration attribute or SessionNotOnOrAfter ends the session
	// before the duration the request was given.
	DurationAssertionShortened
	// DurationSwitchRoleMax: the console's Switch Role; the session lasts
	// the role's MaxSessionDuration.
	DurationSwitchRoleMax
	// DurationConsoleRemaining: the console's Switch Role, and the console
	// session ends before the role's MaxSessionDuration: the switched
	// session ends with it.
	DurationConsoleRemaining
	// DurationConsoleSignIn: an IAM user's console sign-in lasts 12 hours.
	DurationConsoleSignIn
)

var durationRuleText = [...]string{
	DurationDefault:            "no DurationSeconds: the default of one hour applies",
	DurationTokenDefault:       "no DurationSeconds: the default of 12 hours applies",
	DurationWithinRoleMax:      "within the role's MaxSessionDuration",
	DurationWithinChainCap:     "within the role's MaxSessionDuration and the one-hour role-chaining limit",
	DurationOverRoleMax:        "the requested DurationSeconds exceeds the role's MaxSessionDuration: the request fails",
	DurationOverChainCap:       "role chaining limits the session to one hour and more was requested: the request fails",
	DurationAsRequested:        "within the operation's range: the session lasts what was asked",
	DurationRootFallback:       "the root user's sessions last at most one hour: a longer request falls back to one hour",
	DurationServiceUnlimited:   "a service assumed the role: its MaxSessionDuration does not limit the session",
	DurationOutsideRange:       "DurationSeconds is outside the operation's API range: the request fails",
	DurationMalformed:          "DurationSeconds is not a number STS can read: the request fails",
	DurationAssertionShortened: "the SAML assertion's SessionDuration or SessionNotOnOrAfter ends the session sooner",
	DurationSwitchRoleMax:      "the console's Switch Role: the session lasts the role's MaxSessionDuration",
	DurationConsoleRemaining:   "the console's Switch Role: the session ends with the console session, before the role's MaxSessionDuration",
	DurationConsoleSignIn:      "a console sign-in lasts 12 hours",
}

// String says the rule in words.
func (r DurationRule) String() string {
	if int(r) < len(durationRuleText) && durationRuleText[r] != "" {
		return durationRuleText[r]
	}
	return "DurationRule(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText writes the rule in words, as String does.
func (r DurationRule) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Refused tells whether the rule fails the request.
func (r DurationRule) Refused() bool {
	switch r {
	case DurationOverRoleMax, DurationOverChainCap, DurationOutsideRange, DurationMalformed:
		return true
	}
	return false
}

// Allowed is the longest duration the request may ask for under the limits
// recorded: the role's MaxSessionDuration and, when chained, the one-hour
// cap; 0 when neither applies.
func (d *DurationTrace) Allowed() int {
	if c := int(d.ChainCap); c > 0 && (d.RoleMax == 0 || c < d.RoleMax) {
		return c
	}
	return d.RoleMax
}

// decideDuration applies the rule to a request: the operation's default
// when nothing was requested, and else the requested duration if it is
// within roleMax (0: no role maximum applies) and, when chained, the
// one-hour cap. The decision is recorded in tr.Duration.
func decideDuration(requested *int32, def int32, roleMax int, chained bool, tr *Trace) (int32, DurationRule) {
	d, rule := def, DurationDefault
	switch {
	case requested == nil:
	case roleMax > 0 && int(*requested) > roleMax:
		d, rule = 0, DurationOverRoleMax
	case chained && *requested > chainedMaxDuration:
		d, rule = 0, DurationOverChainCap
	case roleMax == 0:
		d, rule = *requested, DurationAsRequested
	case chained:
		d, rule = *requested, DurationWithinChainCap
	default:
		d, rule = *requested, DurationWithinRoleMax
	}
	if tr != nil {
		dt := &DurationTrace{Default: def, RoleMax: roleMax, Chained: chained, Effective: d, Rule: rule}
		if chained {
			dt.ChainCap = chainedMaxDuration
		}
		if requested != nil {
			dt.Requested = *requested
		}
		tr.Duration = dt
	}
	return d, rule
}

// roleSessionDuration is the duration of an AssumeRole session (chained
// when the caller's credentials are temporary), or the ValidationError that
// refuses it.
func roleSessionDuration(role *Role, requested *int32, c *principalInfo, tr *Trace) (int32, *Error) {
	chained := c.session != nil
	d, rule := decideDuration(requested, defaultDuration, role.MaxSessionDuration, chained, tr)
	switch rule {
	case DurationOverRoleMax:
		tr.restate("requested " + strconv.Itoa(int(*requested)) + "s exceeds the role's MaxSessionDuration of " + strconv.Itoa(role.MaxSessionDuration) + "s")
		return 0, errOverRoleMax()
	case DurationOverChainCap:
		tr.restate(chainNote(c, true))
		return 0, validationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	}
	if tr != nil && chained {
		tr.restate(chainNote(c, false))
	}
	if rule == DurationDefault {
		tr.restate("no DurationSeconds: the default of 3600 seconds applies")
	}
	return d, nil
}

// firstHopDuration is the duration of a federated first hop
// (AssumeRoleWithWebIdentity, AssumeRoleWithSAML): 3600 by default, at most
// the role's MaxSessionDuration; never the chaining cap.
func firstHopDuration(role *Role, requested *int32, tr *Trace) (int32, *Error) {
	d, rule := decideDuration(requested, defaultDuration, role.MaxSessionDuration, false, tr)
	switch rule {
	case DurationDefault:
		tr.restate("no DurationSeconds: the default of 3600 seconds applies")
	case DurationOverRoleMax:
		tr.restate("requested " + strconv.Itoa(int(*requested)) + "s exceeds the role's MaxSessionDuration of " + strconv.Itoa(role.MaxSessionDuration) + "s")
		return 0, errOverRoleMax()
	default:
		tr.note("a federated first hop is not role chaining: up to the role's MaxSessionDuration")
	}
	return d, nil
}

// tokenDuration is the duration of GetSessionToken and GetFederationToken
// credentials: 43,200 seconds by default; for the root user 3,600 at most,
// longer requests falling back to one hour (they are not refused).
func tokenDuration(c *principalInfo, requested *int32, tr *Trace) int32 {
	if c.kind == principalRoot {
		d, rule := decideDuration(requested, rootTokenDuration, 0, false, tr)
		switch {
		case rule == DurationDefault:
			tr.restate("no DurationSeconds: the root user's default of 3600 seconds applies")
		case d > rootTokenDuration:
			tr.note("the root user's sessions last at most 1 hour: " + strconv.Itoa(int(d)) + "s falls back to 3600s")
			d = rootTokenDuration
			if tr != nil {
				tr.Duration.Effective, tr.Duration.Rule = d, DurationRootFallback
			}
		}
		return d
	}
	d, rule := decideDuration(requested, defaultTokenDuration, 0, false, tr)
	if rule == DurationDefault {
		tr.restate("no DurationSeconds: the default of 43200 seconds (12 hours) applies")
		if tr != nil {
			tr.Duration.Rule = DurationTokenDefault
		}
	}
	return d
}

// serviceDuration is the duration of a session a service principal
// assumes: what it asks for (3600 by default), which the role's
// MaxSessionDuration does not limit.
func serviceDuration(role *Role, requested *int32, tr *Trace) int32 {
	d, _ := decideDuration(requested, defaultDuration, 0, false, tr)
	if int(d) > role.MaxSessionDuration {
		tr.note(strconv.Itoa(int(d)) + "s is above the role's MaxSessionDuration, which does not limit sessions a service assumes")
		if tr != nil {
			tr.Duration.RoleMax, tr.Duration.Rule = role.MaxSessionDuration, DurationServiceUnlimited
		}
	}
	return d
}

// errOverRoleMax is the ValidationError of a duration above the role's
// MaxSessionDuration.
func errOverRoleMax() *Error {
	return validationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
}

// durationOutsideRange records in tr that requested is outside the API
// range [lo, hi] the request's schema check enforces (validate.go), with
// the operation's default def, and reports whether it is. It runs where that check refuses the request, so
// the trace says why no other duration rule applied.
func durationOutsideRange(requested *int32, lo, hi, def int32, tr *Trace) bool {
	if requested == nil || (*requested >= lo && *requested <= hi) {
		return false
	}
	if tr != nil {
		tr.Duration = &DurationTrace{Requested: *requested, Default: def, Min: lo, Max: hi, Rule: DurationOutsideRange}
	}
	return true
}

// malformedDuration is the MalformedInput error of a DurationSeconds STS's
// query parser cannot read (message may be empty), with a trace recording
// the rule: the request never reaches the operation, so nothing else does.
func malformedDuration(message string) *Error {
	return &Error{Code: CodeMalformedInput, HTTPStatus: 400, Message: message,
		Trace: &Trace{Duration: &DurationTrace{Rule: DurationMalformed}}}
}

// restate notes s, a remark that says in words only what the duration
// record says, and lists it in the record's Restated: a renderer that
// shows the record may leave it out. The record must have been made.
func (t *Trace) restate(s string) {
	if t == nil {
		return
	}
	t.Duration.Restated = append(t.Duration.Restated, len(t.Notes))
	t.note(s)
}

// shortenDuration records that a limit applied after the rule (a SAML
// assertion's SessionDuration or SessionNotOnOrAfter) shortened the
// session to d seconds.
func (t *Trace) shortenDuration(d int32) {
	if t != nil && t.Duration != nil {
		t.Duration.Effective, t.Duration.Rule = d, DurationAssertionShortened
	}
}

// switchRoleDuration is the duration of a console Switch Role session: the
// role's MaxSessionDuration, or what remains of the console session (left)
// when that is less. The decision is recorded in tr.Duration.
func switchRoleDuration(role *Role, left time.Duration, tr *Trace) time.Duration {
	maxDur := time.Duration(role.MaxSessionDuration) * time.Second
	d, rule := maxDur, DurationSwitchRoleMax
	if left < maxDur {
		d, rule = left, DurationConsoleRemaining
	}
	if tr != nil {
		tr.Duration = &DurationTrace{RoleMax: role.MaxSessionDuration, Effective: int32(d / time.Second), Rule: rule}
		if rule == DurationConsoleRemaining {
			tr.note("the console session has " + left.String() + " left, less than the role's MaxSessionDuration: the switched session ends with it")
		} else {
			tr.note("the role's MaxSessionDuration (" + maxDur.String() + ") is shorter than what remains of the console session")
		}
	}
	return d
}

// consoleSignInDuration is how long an IAM user's console sign-in lasts,
// recorded in tr.Duration.
func consoleSignInDuration(tr *Trace) time.Duration {
	if tr != nil {
		tr.Duration = &DurationTrace{Default: int32(consoleSessionDuration / time.Second), Effective: int32(consoleSessionDuration / time.Second), Rule: DurationConsoleSignIn}
	}
	return consoleSessionDuration
}
