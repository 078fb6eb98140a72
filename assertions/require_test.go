package assertions

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// fakeTB records what a Require function reports; Fatalf ends the calling
// goroutine as testing.T does.
type fakeTB struct {
	testing.TB
	msgs  []string
	fatal bool
}

func (f *fakeTB) Helper() {}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
	f.fatal = true
	runtime.Goexit()
}

func (f *fakeTB) Errorf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}

// call runs f against a fresh fakeTB in its own goroutine.
func call(f func(testing.TB)) *fakeTB {
	tb := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(tb)
	}()
	<-done
	return tb
}

// newSim starts a simulation of a fixture at the default start.
func newSim(t *testing.T, fixture string) *sim.Sim {
	t.Helper()
	sc, err := fixtures.Load(fixture)
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	return sim.New(w, sim.NewFakeClock(scenario.DefaultStart))
}

func userCreds(t *testing.T, s *sim.Sim, arn string) sim.Credentials {
	t.Helper()
	c, err := s.UserCredentials(arn)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRequire(t *testing.T) {
	starter := newSim(t, "single-account")
	admin := userCreds(t, starter, "arn:aws:iam::123456789012:user/admin")
	dev := userCreds(t, starter, "arn:aws:iam::123456789012:user/engineering/dev")
	adminRole := &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::123456789012:role/Admin"), RoleSessionName: sim.String("me")}
	readOnly := &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::123456789012:role/ReadOnly"), RoleSessionName: sim.String("me")}

	org := newSim(t, "org/three-account")
	ci := userCreds(t, org, "arn:aws:iam::222222222222:user/ci")
	ciSession := RequireAssumeRole(t, org, ci, &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::222222222222:role/CI"), RoleSessionName: sim.String("ci")})
	deployer := RequireAssumeRole(t, org, ciSession.Credentials, &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::333333333333:role/Deployer"), RoleSessionName: sim.String("ci")})

	tests := []struct {
		name, reason string
		f            func(testing.TB)
		fatal        bool
		want         []string // substrings of the report
	}{
		{
			name: "assume ok", reason: "a successful AssumeRole passes",
			f: func(tb testing.TB) { RequireAssumeRole(tb, starter, admin, adminRole) },
		},
		{
			name: "assume fails", reason: "a denied AssumeRole fails with the outcome diff, the reason and the trace",
			f:     func(tb testing.TB) { RequireAssumeRole(tb, starter, dev, adminRole) },
			fatal: true,
			want: []string{
				"AssumeRole arn:aws:iam::123456789012:role/Admin: want success, got AccessDenied: User: arn:aws:iam::123456789012:user/engineering/dev is not authorized",
				"\n  diff (-want +got):\n", "\n  decided by: implicit deny: no identity-based policy allows sts:AssumeRole",
				"\n  decision trace:\n", "trust_policy",
			},
		},
		{
			name: "error ok", reason: "the expected error code passes",
			f: func(tb testing.TB) { RequireAssumeRoleError(tb, starter, dev, adminRole, sim.CodeAccessDenied) },
		},
		{
			name: "error but success", reason: "an AssumeRole that succeeds fails RequireAssumeRoleError, showing what allowed it",
			f:     func(tb testing.TB) { RequireAssumeRoleError(tb, starter, dev, readOnly, sim.CodeAccessDenied) },
			fatal: true,
			want: []string{
				"AssumeRole arn:aws:iam::123456789012:role/ReadOnly: want AccessDenied, got success\n",
				"\n  diff (-want +got):\n",
				"\n  allowed by:\n    sts:AssumeRole trust_policy trust policy of role ReadOnly, statement Statement[0] at fixture:single-account:",
				": Allow sts:AssumeRole for AWS arn:aws:iam::123456789012:user/engineering/dev",
			},
		},
		{
			name: "wrong code", reason: "another error code fails with both codes",
			f:     func(tb testing.TB) { RequireAssumeRoleError(tb, starter, dev, adminRole, "ValidationError") },
			fatal: true,
			want:  []string{"want ValidationError, got AccessDenied\n", "\n  message: User: "},
		},
		{
			name: "expiry ok", reason: "the right expiration passes",
			f: func(tb testing.TB) {
				RequireExpiresAt(tb, RequireAssumeRole(tb, starter, admin, adminRole), scenario.DefaultStart.Add(time.Hour))
			},
		},
		{
			name: "expiry wrong", reason: "a wrong expiration shows both times and durations, and the trace",
			f: func(tb testing.TB) {
				RequireExpiresAt(tb, RequireAssumeRole(tb, starter, admin, adminRole), scenario.DefaultStart.Add(4*time.Hour))
			},
			fatal: true,
			want: []string{
				"session arn:aws:sts::123456789012:assumed-role/Admin/me expires at the wrong time\n  diff (-want +got):\n",
				"2024-01-01T04:00:00Z", "2024-01-01T01:00:00Z", "4h0m0s", "1h0m0s",
				"\n  decision trace:\n",
			},
		},
		{
			name: "allowed", reason: "an allowed call passes",
			f: func(tb testing.TB) {
				RequireAllowed(tb, org, deployer.Credentials, "s3:PutObject", "arn:aws:s3:::releases/app.zip")
			},
		},
		{
			name: "allowed but denied", reason: "a denied call fails RequireAllowed with the deciding SCP statement",
			f: func(tb testing.TB) {
				RequireAllowed(tb, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x")
			},
			fatal: true,
			want: []string{
				"iam:CreateUser on arn:aws:iam::333333333333:user/x: want allowed, got AccessDenied",
				"\n  decided by: explicit deny in service control policy (SCP DenyIamUsers attached to account 333333333333, statement NoIamUsers at fixture:org/three-account:",
				"\n    statement NoIamUsers: Deny iam:CreateUser, iam:CreateAccessKey on *\n",
			},
		},
		{
			name: "denied by kind", reason: "a denial by the expected kind of policy passes",
			f: func(tb testing.TB) {
				RequireDenied(tb, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", sim.KindSCP)
			},
		},
		{
			name: "denied by any kind", reason: "an empty kind accepts any denial",
			f: func(tb testing.TB) {
				RequireDenied(tb, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", "")
			},
		},
		{
			name: "denied by another kind", reason: "a denial by another kind of policy fails, naming both kinds",
			f: func(tb testing.TB) {
				RequireDenied(tb, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", sim.KindIdentityPolicy)
			},
			fatal: true,
			want:  []string{"want AccessDenied by identity_policy, got AccessDenied by scp\n", "DeniedBy"},
		},
		{
			name: "denied but allowed", reason: "an allowed call fails RequireDenied",
			f: func(tb testing.TB) {
				RequireDenied(tb, org, deployer.Credentials, "s3:PutObject", "arn:aws:s3:::releases/app.zip", sim.KindSCP)
			},
			fatal: true,
			want:  []string{"s3:PutObject on arn:aws:s3:::releases/app.zip: want AccessDenied by scp, got success\n", "\n  allowed by:\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := call(tt.f)
			if tb.fatal != tt.fatal {
				t.Fatalf("%s: fatal = %v, want %v; messages: %q", tt.reason, tb.fatal, tt.fatal, tb.msgs)
			}
			msg := strings.Join(tb.msgs, "\n")
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%s: the report lacks %q; report:\n%s", tt.reason, w, msg)
				}
			}
			if tt.fatal && strings.Contains(msg, "false != true") {
				t.Errorf("a bare boolean report: %s", msg)
			}
		})
	}
}

// TestRequireDoesNotModifyInput checks that the Require functions ask for
// the trace on a copy of the caller's input.
func TestRequireDoesNotModifyInput(t *testing.T) {
	s := newSim(t, "single-account")
	in := &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::123456789012:role/Admin"), RoleSessionName: sim.String("me")}
	RequireAssumeRole(t, s, userCreds(t, s, "arn:aws:iam::123456789012:user/admin"), in)
	if in.Trace {
		t.Error("RequireAssumeRole set Trace on the caller's input")
	}
}
