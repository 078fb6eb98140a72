package assertions

import (
	"errors"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/explain"
	"github.com/rolesim/rolesim/sim/policy"
)

// The Require and Assert functions check one request made on a *sim.Sim
// from a hand-written test. They ask the simulator for the decision trace
// (on a copy of the input), and on failure report a go-cmp diff of the
// expected and actual outcome (-want +got), what decided the request (the
// deny reason and its statement, or the statements that allowed it), the
// nearest miss (the statement that came closest to the expected outcome
// and what stopped it) and the trace.
//
// They come in testify's two flavours. RequireX stops the test
// (t.Errorf, then t.FailNow) and takes a require.TestingT; AssertX reports
// the failure (t.Errorf), lets the test go on, and takes an
// assert.TestingT. AssertX returns what RequireX returns, and then whether
// the check passed. *testing.T, *testing.B and testify suites' T() are
// both kinds; a t with a Helper method is marked as a helper.

// helperT is the Helper method of *testing.T, which testify's TestingT
// interfaces leave out.
type helperT interface{ Helper() }

// Outcome is a request's outcome as the Require and Assert functions
// compare it.
type Outcome struct {
	// Error is the AWS error code; "" for success.
	Error sim.Code
	// DeniedBy is the kind of policy that denied the request, and Deny
	// "explicit" or "implicit"; empty unless compared.
	DeniedBy sim.PolicyKind
	Deny     string
}

// RequireAssumeRole calls s.AssumeRole(creds, in) and requires it to
// succeed; it returns the output. in is not modified.
func RequireAssumeRole(t require.TestingT, s *sim.Sim, creds sim.Credentials, in *sim.AssumeRoleInput) *sim.AssumeRoleOutput {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, ok := AssertAssumeRole(t, s, creds, in)
	if !ok {
		t.FailNow()
	}
	return out
}

// AssertAssumeRole is RequireAssumeRole that lets the test go on: it
// reports a failure and returns false.
func AssertAssumeRole(t assert.TestingT, s *sim.Sim, creds sim.Credentials, in *sim.AssumeRoleInput) (*sim.AssumeRoleOutput, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.AssumeRole(creds, tracedAssume(in))
	return out, checkSuccess(t, "AssumeRole "+roleOf(in), "success", err)
}

// RequireAssumeRoleError calls s.AssumeRole(creds, in) and requires it to
// fail with the AWS error code (sim.CodeAccessDenied, "ValidationError",
// ...); it returns the error.
func RequireAssumeRoleError(t require.TestingT, s *sim.Sim, creds sim.Credentials, in *sim.AssumeRoleInput, code sim.Code) *sim.Error {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	e, ok := AssertAssumeRoleError(t, s, creds, in, code)
	if !ok {
		t.FailNow()
	}
	return e
}

// AssertAssumeRoleError is RequireAssumeRoleError that lets the test go
// on.
func AssertAssumeRoleError(t assert.TestingT, s *sim.Sim, creds sim.Credentials, in *sim.AssumeRoleInput, code sim.Code) (*sim.Error, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.AssumeRole(creds, tracedAssume(in))
	var trace *sim.Trace
	if out != nil {
		trace = out.Trace
	}
	return checkError(t, "AssumeRole "+roleOf(in), Outcome{Error: code}, err, trace)
}

// RequireAssumeRoleWithWebIdentity calls s.AssumeRoleWithWebIdentity(in)
// and requires it to succeed; it returns the output. in is not modified.
func RequireAssumeRoleWithWebIdentity(t require.TestingT, s *sim.Sim, in *sim.AssumeRoleWithWebIdentityInput) *sim.AssumeRoleWithWebIdentityOutput {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, ok := AssertAssumeRoleWithWebIdentity(t, s, in)
	if !ok {
		t.FailNow()
	}
	return out
}

// AssertAssumeRoleWithWebIdentity is RequireAssumeRoleWithWebIdentity that
// lets the test go on.
func AssertAssumeRoleWithWebIdentity(t assert.TestingT, s *sim.Sim, in *sim.AssumeRoleWithWebIdentityInput) (*sim.AssumeRoleWithWebIdentityOutput, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.AssumeRoleWithWebIdentity(tracedWebIdentity(in))
	return out, checkSuccess(t, "AssumeRoleWithWebIdentity "+webIdentityRole(in), "success", err)
}

// RequireAssumeRoleWithWebIdentityError calls
// s.AssumeRoleWithWebIdentity(in) and requires it to fail with the AWS
// error code (sim.CodeAccessDenied, sim.CodeInvalidIdentityToken,
// sim.CodeExpiredTokenExc, ...); it returns the error.
func RequireAssumeRoleWithWebIdentityError(t require.TestingT, s *sim.Sim, in *sim.AssumeRoleWithWebIdentityInput, code sim.Code) *sim.Error {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	e, ok := AssertAssumeRoleWithWebIdentityError(t, s, in, code)
	if !ok {
		t.FailNow()
	}
	return e
}

// AssertAssumeRoleWithWebIdentityError is
// RequireAssumeRoleWithWebIdentityError that lets the test go on.
func AssertAssumeRoleWithWebIdentityError(t assert.TestingT, s *sim.Sim, in *sim.AssumeRoleWithWebIdentityInput, code sim.Code) (*sim.Error, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.AssumeRoleWithWebIdentity(tracedWebIdentity(in))
	var trace *sim.Trace
	if out != nil {
		trace = out.Trace
	}
	return checkError(t, "AssumeRoleWithWebIdentity "+webIdentityRole(in), Outcome{Error: code}, err, trace)
}

// RequireAssumeRoleWithSAML calls s.AssumeRoleWithSAML(in) and requires it
// to succeed; it returns the output. in is not modified.
func RequireAssumeRoleWithSAML(t require.TestingT, s *sim.Sim, in *sim.AssumeRoleWithSAMLInput) *sim.AssumeRoleWithSAMLOutput {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, ok := AssertAssumeRoleWithSAML(t, s, in)
	if !ok {
		t.FailNow()
	}
	return out
}

// AssertAssumeRoleWithSAML is RequireAssumeRoleWithSAML that lets the test
// go on.
func AssertAssumeRoleWithSAML(t assert.TestingT, s *sim.Sim, in *sim.AssumeRoleWithSAMLInput) (*sim.AssumeRoleWithSAMLOutput, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.AssumeRoleWithSAML(tracedSAML(in))
	return out, checkSuccess(t, "AssumeRoleWithSAML "+samlRole(in), "success", err)
}

// RequireAssumeRoleWithSAMLError calls s.AssumeRoleWithSAML(in) and
// requires it to fail with the AWS error code (sim.CodeAccessDenied,
// "InvalidIdentityToken", ...); it returns the error.
func RequireAssumeRoleWithSAMLError(t require.TestingT, s *sim.Sim, in *sim.AssumeRoleWithSAMLInput, code sim.Code) *sim.Error {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	e, ok := AssertAssumeRoleWithSAMLError(t, s, in, code)
	if !ok {
		t.FailNow()
	}
	return e
}

// AssertAssumeRoleWithSAMLError is RequireAssumeRoleWithSAMLError that lets
// the test go on.
func AssertAssumeRoleWithSAMLError(t assert.TestingT, s *sim.Sim, in *sim.AssumeRoleWithSAMLInput, code sim.Code) (*sim.Error, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.AssumeRoleWithSAML(tracedSAML(in))
	var trace *sim.Trace
	if out != nil {
		trace = out.Trace
	}
	return checkError(t, "AssumeRoleWithSAML "+samlRole(in), Outcome{Error: code}, err, trace)
}

// RequireGetSessionToken calls s.GetSessionToken(creds, in) and requires
// it to succeed; it returns the output. A nil in sends no parameters; in is
// not modified.
func RequireGetSessionToken(t require.TestingT, s *sim.Sim, creds sim.Credentials, in *sim.GetSessionTokenInput) *sim.GetSessionTokenOutput {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, ok := AssertGetSessionToken(t, s, creds, in)
	if !ok {
		t.FailNow()
	}
	return out
}

// AssertGetSessionToken is RequireGetSessionToken that lets the test go
// on.
func AssertGetSessionToken(t assert.TestingT, s *sim.Sim, creds sim.Credentials, in *sim.GetSessionTokenInput) (*sim.GetSessionTokenOutput, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.GetSessionToken(creds, tracedSessionToken(in))
	return out, checkSuccess(t, "GetSessionToken", "success", err)
}

// RequireGetSessionTokenError calls s.GetSessionToken(creds, in) and
// requires it to fail with the AWS error code (sim.CodeAccessDenied for a
// wrong MFA code, sim.CodeValidationError, ...); it returns the error.
func RequireGetSessionTokenError(t require.TestingT, s *sim.Sim, creds sim.Credentials, in *sim.GetSessionTokenInput, code sim.Code) *sim.Error {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	e, ok := AssertGetSessionTokenError(t, s, creds, in, code)
	if !ok {
		t.FailNow()
	}
	return e
}

// AssertGetSessionTokenError is RequireGetSessionTokenError that lets the
// test go on.
func AssertGetSessionTokenError(t assert.TestingT, s *sim.Sim, creds sim.Credentials, in *sim.GetSessionTokenInput, code sim.Code) (*sim.Error, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.GetSessionToken(creds, tracedSessionToken(in))
	var trace *sim.Trace
	if out != nil {
		trace = out.Trace
	}
	return checkError(t, "GetSessionToken", Outcome{Error: code}, err, trace)
}

// RequireCallerIdentity calls s.GetCallerIdentity(creds) and requires it
// to succeed and to name the ARN arn ("" accepts any); it returns the
// output.
func RequireCallerIdentity(t require.TestingT, s *sim.Sim, creds sim.Credentials, arn string) *sim.GetCallerIdentityOutput {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, ok := AssertCallerIdentity(t, s, creds, arn)
	if !ok {
		t.FailNow()
	}
	return out
}

// AssertCallerIdentity is RequireCallerIdentity that lets the test go on.
func AssertCallerIdentity(t assert.TestingT, s *sim.Sim, creds sim.Credentials, arn string) (*sim.GetCallerIdentityOutput, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.GetCallerIdentity(creds)
	if !checkSuccess(t, "GetCallerIdentity", "success", err) {
		return out, false
	}
	if arn != "" && out.Arn != arn {
		type identity struct{ Arn string }
		t.Errorf("GetCallerIdentity: want %s, got %s (account %s, user id %s)\n  diff (-want +got):\n%s",
			arn, out.Arn, out.Account, out.UserID, indent(cmp.Diff(identity{arn}, identity{out.Arn}), "    "))
		return out, false
	}
	return out, true
}

// RequireCallerIdentityError calls s.GetCallerIdentity(creds) and requires
// it to fail with the AWS error code (sim.CodeExpiredToken,
// sim.CodeInvalidClientTokenID); it returns the error.
func RequireCallerIdentityError(t require.TestingT, s *sim.Sim, creds sim.Credentials, code sim.Code) *sim.Error {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	e, ok := AssertCallerIdentityError(t, s, creds, code)
	if !ok {
		t.FailNow()
	}
	return e
}

// AssertCallerIdentityError is RequireCallerIdentityError that lets the
// test go on.
func AssertCallerIdentityError(t assert.TestingT, s *sim.Sim, creds sim.Credentials, code sim.Code) (*sim.Error, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	_, err := s.GetCallerIdentity(creds)
	return checkError(t, "GetCallerIdentity", Outcome{Error: code}, err, nil)
}

// RequireExpiresAt requires the credentials of an AssumeRole output to
// expire at want.
func RequireExpiresAt(t require.TestingT, out *sim.AssumeRoleOutput, want time.Time) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	if !AssertExpiresAt(t, out, want) {
		t.FailNow()
	}
}

// AssertExpiresAt is RequireExpiresAt that lets the test go on.
func AssertExpiresAt(t assert.TestingT, out *sim.AssumeRoleOutput, want time.Time) bool {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	if out == nil {
		t.Errorf("AssertExpiresAt: no AssumeRole output")
		return false
	}
	got := out.Credentials.Expiration
	if got.Equal(want) {
		return true
	}
	type expiry struct{ Expiration, Duration string }
	w := expiry{want.UTC().Format(time.RFC3339), "?"}
	g := expiry{got.UTC().Format(time.RFC3339), "?"}
	if out.Session != nil {
		w.Duration = want.Sub(out.Session.IssuedAt).String()
		g.Duration = out.Session.Duration().String()
	}
	msg := "session " + out.AssumedRoleUser.Arn + " expires at the wrong time\n  diff (-want +got):\n" + indent(cmp.Diff(w, g), "    ")
	if out.Trace != nil {
		if d := out.Trace.Duration; d != nil {
			msg += "\n  duration rule: " + d.Rule.String()
		}
		msg += "\n  decision trace:"
		var b strings.Builder
		writeTrace(&b, out.Trace, "    ")
		msg += b.String()
	}
	t.Errorf("%s", msg)
	return false
}

// RequireAllowed calls s.Call for action on resource with creds and
// requires it to be allowed; it returns the output.
func RequireAllowed(t require.TestingT, s *sim.Sim, creds sim.Credentials, action, resource string) *sim.CallOutput {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, ok := AssertAllowed(t, s, creds, action, resource)
	if !ok {
		t.FailNow()
	}
	return out
}

// AssertAllowed is RequireAllowed that lets the test go on.
func AssertAllowed(t assert.TestingT, s *sim.Sim, creds sim.Credentials, action, resource string) (*sim.CallOutput, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.Call(creds, &sim.CallInput{Action: action, Resource: resource, Trace: true})
	return out, checkSuccess(t, action+" on "+resource, "allowed", err)
}

// RequireDenied calls s.Call for action on resource with creds and requires
// AccessDenied from a policy of the given kind (sim.KindSCP,
// sim.KindIdentityPolicy, ...; "" accepts any kind). It returns the error.
func RequireDenied(t require.TestingT, s *sim.Sim, creds sim.Credentials, action, resource string, kind sim.PolicyKind) *sim.Error {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	e, ok := AssertDenied(t, s, creds, action, resource, kind)
	if !ok {
		t.FailNow()
	}
	return e
}

// AssertDenied is RequireDenied that lets the test go on.
func AssertDenied(t assert.TestingT, s *sim.Sim, creds sim.Credentials, action, resource string, kind sim.PolicyKind) (*sim.Error, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	out, err := s.Call(creds, &sim.CallInput{Action: action, Resource: resource, Trace: true})
	var trace *sim.Trace
	if out != nil {
		trace = out.Trace
	}
	return checkError(t, action+" on "+resource, Outcome{Error: sim.CodeAccessDenied, DeniedBy: kind}, err, trace)
}

// checkSuccess reports a request that should have succeeded (want says
// how: "success", "allowed") and did not.
func checkSuccess(t assert.TestingT, what, want string, err error) bool {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	if err == nil {
		return true
	}
	t.Errorf("%s: want %s, got %v\n%s", what, want, err, detail(Outcome{}, err, nil))
	return false
}

// checkError checks a failed request against want (DeniedBy compared only
// when set).
func checkError(t assert.TestingT, what string, want Outcome, err error, trace *sim.Trace) (*sim.Error, bool) {
	if h, ok := t.(helperT); ok {
		h.Helper()
	}
	got := outcomeOf(err)
	if want.DeniedBy == "" {
		got.DeniedBy, got.Deny = "", ""
	} else {
		want.Deny = got.Deny // the kind is checked, not how it denied
	}
	var e *sim.Error
	if err != nil && !errors.As(err, &e) {
		t.Errorf("%s: want %s, got a non-AWS error: %v", what, want.Error, err)
		return nil, false
	}
	if got != want {
		t.Errorf("%s: want %s, got %s\n%s", what, describe(want), describe(got), detail(want, err, trace))
		return e, false
	}
	return e, true
}

// outcomeOf reduces a request's error to an Outcome.
func outcomeOf(err error) Outcome {
	var e *sim.Error
	if !errors.As(err, &e) {
		return Outcome{}
	}
	o := Outcome{Error: e.Code}
	if r := e.Reason; r != nil && r.Kind != "" {
		o.DeniedBy = r.Kind
		o.Deny = "implicit"
		if r.Decision == policy.ExplicitDeny {
			o.Deny = "explicit"
		}
	}
	return o
}

func describe(o Outcome) string {
	if o.Error == "" {
		return "success"
	}
	s := string(o.Error)
	if o.DeniedBy != "" {
		s += " by " + string(o.DeniedBy)
	}
	return s
}

// detail renders the diff of want and the actual outcome (err, or success
// with trace), what decided, the nearest miss, and the trace.
func detail(want Outcome, err error, trace *sim.Trace) string {
	got := outcomeOf(err)
	if want.DeniedBy == "" {
		got.DeniedBy, got.Deny = "", ""
	}
	var b strings.Builder
	b.WriteString("  diff (-want +got):\n" + indent(cmp.Diff(want, got), "    "))
	var e *sim.Error
	if errors.As(err, &e) {
		if e.Message != "" {
			b.WriteString("\n  message: " + e.Message)
		}
		if trace == nil {
			trace = e.Trace
		}
	}
	writeDecidedBy(&b, e, trace, "  ")
	writeNearestMiss(&b, explain.NearestMiss(e, trace), "  ")
	if trace != nil && (len(trace.Entries) > 0 || len(trace.Notes) > 0) {
		b.WriteString("\n  decision trace:")
		writeTrace(&b, trace, "    ")
	}
	return b.String()
}

// tracedAssume returns a copy of in that asks for the trace.
func tracedAssume(in *sim.AssumeRoleInput) *sim.AssumeRoleInput {
	if in == nil {
		return &sim.AssumeRoleInput{Trace: true}
	}
	cp := *in
	cp.Trace = true
	return &cp
}

// tracedWebIdentity returns a copy of in that asks for the trace.
func tracedWebIdentity(in *sim.AssumeRoleWithWebIdentityInput) *sim.AssumeRoleWithWebIdentityInput {
	if in == nil {
		return &sim.AssumeRoleWithWebIdentityInput{Trace: true}
	}
	cp := *in
	cp.Trace = true
	return &cp
}

// tracedSAML returns a copy of in that asks for the trace.
func tracedSAML(in *sim.AssumeRoleWithSAMLInput) *sim.AssumeRoleWithSAMLInput {
	if in == nil {
		return &sim.AssumeRoleWithSAMLInput{Trace: true}
	}
	cp := *in
	cp.Trace = true
	return &cp
}

// tracedSessionToken returns a copy of in that asks for the trace.
func tracedSessionToken(in *sim.GetSessionTokenInput) *sim.GetSessionTokenInput {
	if in == nil {
		return &sim.GetSessionTokenInput{Trace: true}
	}
	cp := *in
	cp.Trace = true
	return &cp
}

func roleOf(in *sim.AssumeRoleInput) string {
	if in == nil {
		return arnOrNone(nil)
	}
	return arnOrNone(in.RoleArn)
}

func webIdentityRole(in *sim.AssumeRoleWithWebIdentityInput) string {
	if in == nil {
		return arnOrNone(nil)
	}
	return arnOrNone(in.RoleArn)
}

func samlRole(in *sim.AssumeRoleWithSAMLInput) string {
	if in == nil {
		return arnOrNone(nil)
	}
	return arnOrNone(in.RoleArn)
}

func arnOrNone(p *string) string {
	if p == nil {
		return "(no RoleArn)"
	}
	return *p
}
