package assertions

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

// The Require functions check one request made on a *sim.Sim from a
// hand-written test. They ask the simulator for the decision trace, and on
// failure stop the test (t.Fatalf) with a go-cmp diff of the expected and
// actual outcome (-want +got), what decided the request (the deny reason
// and its statement, or the statements that allowed it) and the trace.

// Outcome is a request's outcome as the Require functions compare it.
type Outcome struct {
	// Error is the AWS error code; "" for success.
	Error string
	// DeniedBy is the kind of policy that denied the request, and Deny
	// "explicit" or "implicit"; empty unless compared.
	DeniedBy sim.PolicyKind
	Deny     string
}

// RequireAssumeRole calls s.AssumeRole(creds, in) and requires it to
// succeed; it returns the output. in is not modified.
func RequireAssumeRole(t testing.TB, s *sim.Sim, creds sim.Credentials, in *sim.AssumeRoleInput) *sim.AssumeRoleOutput {
	t.Helper()
	out, err := s.AssumeRole(creds, traced(in))
	if err != nil {
		t.Fatalf("AssumeRole %s: want success, got %v\n%s", roleOf(in), err, detail(Outcome{}, err, nil))
	}
	return out
}

// RequireAssumeRoleError calls s.AssumeRole(creds, in) and requires it to
// fail with the AWS error code (sim.CodeAccessDenied, "ValidationError",
// ...); it returns the error.
func RequireAssumeRoleError(t testing.TB, s *sim.Sim, creds sim.Credentials, in *sim.AssumeRoleInput, code string) *sim.Error {
	t.Helper()
	out, err := s.AssumeRole(creds, traced(in))
	var trace *sim.Trace
	if out != nil {
		trace = out.Trace
	}
	return requireError(t, "AssumeRole "+roleOf(in), Outcome{Error: code}, err, trace)
}

// RequireExpiresAt requires the credentials of an AssumeRole output to
// expire at want.
func RequireExpiresAt(t testing.TB, out *sim.AssumeRoleOutput, want time.Time) {
	t.Helper()
	if out == nil {
		t.Fatalf("RequireExpiresAt: no AssumeRole output")
		return
	}
	got := out.Credentials.Expiration
	if got.Equal(want) {
		return
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
			msg += "\n  duration rule: " + d.Rule
		}
		msg += "\n  decision trace:"
		var b strings.Builder
		writeTrace(&b, out.Trace, "    ")
		msg += b.String()
	}
	t.Fatalf("%s", msg)
}

// RequireAllowed calls s.Call for action on resource with creds and
// requires it to be allowed; it returns the output.
func RequireAllowed(t testing.TB, s *sim.Sim, creds sim.Credentials, action, resource string) *sim.CallOutput {
	t.Helper()
	out, err := s.Call(creds, &sim.CallInput{Action: action, Resource: resource, Trace: true})
	if err != nil {
		t.Fatalf("%s on %s: want allowed, got %v\n%s", action, resource, err, detail(Outcome{}, err, nil))
	}
	return out
}

// RequireDenied calls s.Call for action on resource with creds and requires
// AccessDenied from a policy of the given kind (sim.KindSCP,
// sim.KindIdentityPolicy, ...; "" accepts any kind). It returns the error.
func RequireDenied(t testing.TB, s *sim.Sim, creds sim.Credentials, action, resource string, kind sim.PolicyKind) *sim.Error {
	t.Helper()
	out, err := s.Call(creds, &sim.CallInput{Action: action, Resource: resource, Trace: true})
	var trace *sim.Trace
	if out != nil {
		trace = out.Trace
	}
	return requireError(t, action+" on "+resource, Outcome{Error: sim.CodeAccessDenied, DeniedBy: kind}, err, trace)
}

// requireError checks a failed request against want (DeniedBy compared
// only when set).
func requireError(t testing.TB, what string, want Outcome, err error, trace *sim.Trace) *sim.Error {
	t.Helper()
	got := outcomeOf(err)
	if want.DeniedBy == "" {
		got.DeniedBy, got.Deny = "", ""
	} else {
		want.Deny = got.Deny // the kind is checked, not how it denied
	}
	var e *sim.Error
	if err != nil && !errors.As(err, &e) {
		t.Fatalf("%s: want %s, got a non-AWS error: %v", what, want.Error, err)
		return nil
	}
	if got != want {
		t.Fatalf("%s: want %s, got %s\n%s", what, describe(want), describe(got), detail(want, err, trace))
		return nil
	}
	return e
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
	s := o.Error
	if o.DeniedBy != "" {
		s += " by " + string(o.DeniedBy)
	}
	return s
}

// detail renders the diff of want and the actual outcome (err, or success
// with trace), what decided, and the trace.
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
	if trace != nil && (len(trace.Entries) > 0 || len(trace.Notes) > 0) {
		b.WriteString("\n  decision trace:")
		writeTrace(&b, trace, "    ")
	}
	return b.String()
}

// traced returns a copy of in that asks for the trace.
func traced(in *sim.AssumeRoleInput) *sim.AssumeRoleInput {
	if in == nil {
		return &sim.AssumeRoleInput{Trace: true}
	}
	cp := *in
	cp.Trace = true
	return &cp
}

func roleOf(in *sim.AssumeRoleInput) string {
	if in == nil || in.RoleArn == nil {
		return "(no RoleArn)"
	}
	return *in.RoleArn
}
