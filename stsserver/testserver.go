package stsserver

import (
	"net/http/httptest"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// TB is the part of testing.TB that NewTestServer uses (so that this
// package, which the rolesim command links, does not import testing).
type TB interface {
	Helper()
	Cleanup(func())
	Fatalf(format string, args ...any)
}

// TestServer is an endpoint on httptest for a test: its URL, the clock its
// Sim reads, and the world's long-term credentials.
type TestServer struct {
	// URL is the endpoint's base URL (http://127.0.0.1:PORT), for an SDK's
	// BaseEndpoint.
	URL string
	// Clock is the fake clock; moving it moves the endpoint's time.
	Clock Clock
	// Handler is the endpoint, for its trace.
	Handler *Handler
	// Region is the region requests are signed for.
	Region string
	// Users are the IAM users' long-term access keys.
	Users []UserKey
	// Server is the running httptest server.
	Server *httptest.Server
}

// TestOption changes how NewTestServer starts the endpoint.
type TestOption func(*testConfig)

type testConfig struct {
	speed float64
	wall  func() time.Time
	// signing is the signing clock, once WithSigningClock has set it
	// (signingSet).
	signing    func() time.Time
	signingSet bool
}

// WithSigningClock sets the clock request signing dates are checked
// against (Options.SigningClock): a date more than SigningWindow from it is
// refused. Without it the endpoint checks against time.Now, the clock the
// AWS SDKs sign with, in either mode (the wall-clock mode's wall function
// when given). A nil now means the fake clock, for a test that signs its
// requests at ts.Clock.Now() (the SDK's v4.Signer takes the signing time)
// and so sees a presigned URL expire when it advances the clock past the
// URL's 15 minutes.
func WithSigningClock(now func() time.Time) TestOption {
	return func(c *testConfig) { c.signing, c.signingSet = now, true }
}

// WithWallClock starts the endpoint in the wall-clock expiration mode
// (Options.WallClock) on a RunningClock going speed times as fast as the
// wall clock read by wall (time.Now in a test).
func WithWallClock(wall func() time.Time, speed float64) TestOption {
	return func(c *testConfig) { c.wall, c.speed = wall, speed }
}

// NewTestServer builds the world of sc, starts the endpoint over it on
// httptest at the scenario's start and stops it when the test ends. The
// scenario's steps are not played: the test makes the requests. Without
// options the clock is a *sim.FakeClock that moves only when told, and
// signing dates are checked against time.Now, as the SDKs sign (see
// WithSigningClock).
func NewTestServer(t TB, sc *scenario.Scenario, opts ...TestOption) *TestServer {
	t.Helper()
	var cfg testConfig
	for _, o := range opts {
		o(&cfg)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatalf("stsserver: %v", err)
	}
	start := sc.Start
	if start.IsZero() {
		start = scenario.DefaultStart
	}
	var clk Clock = sim.NewFakeClock(start)
	hopts := Options{SigningClock: time.Now}
	if cfg.wall != nil {
		clk = NewRunningClock(start, cfg.wall, cfg.speed)
		hopts.WallClock, hopts.SigningClock = cfg.wall, cfg.wall
	}
	if cfg.signingSet {
		hopts.SigningClock = cfg.signing
	}
	hopts.Clock = clk
	s := sim.New(w, clk)
	h := New(s, hopts)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &TestServer{URL: srv.URL, Clock: clk, Handler: h, Region: h.opts.Region, Users: UserKeys(s), Server: srv}
}

// Credentials returns the long-term access key of the user with the given
// ARN; the test fails when there is none.
func (ts *TestServer) Credentials(t TB, userARN string) sim.Credentials {
	t.Helper()
	for _, u := range ts.Users {
		if u.ARN == userARN {
			return sim.Credentials{AccessKeyID: u.AccessKeyID, SecretAccessKey: u.SecretAccessKey}
		}
	}
	t.Fatalf("stsserver: no user %s in the world", userARN)
	return sim.Credentials{}
}

// UserKey is an IAM user's long-term access key.
type UserKey struct {
	ARN             string
	AccessKeyID     string
	SecretAccessKey string
}

// RootKeys lists the access keys of the accounts' root users, in the
// scenario's order (ARN arn:aws:iam::ACCOUNT:root), and makes the Sim
// accept them.
func RootKeys(s *sim.Sim) []UserKey {
	var out []UserKey
	for _, a := range s.World().Accounts {
		c, err := s.RootCredentials(a.ID)
		if err != nil {
			continue
		}
		out = append(out, UserKey{ARN: "arn:aws:iam::" + a.ID + ":root", AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey})
	}
	return out
}

// UserKeys lists the long-term access keys of the world's users, account
// by account in the scenario's order, users in their order.
func UserKeys(s *sim.Sim) []UserKey {
	var out []UserKey
	for _, a := range s.World().Accounts {
		for _, u := range a.Users {
			c, err := s.UserCredentials(u.ARN)
			if err != nil {
				continue
			}
			out = append(out, UserKey{ARN: u.ARN, AccessKeyID: c.AccessKeyID, SecretAccessKey: c.SecretAccessKey})
		}
	}
	return out
}
