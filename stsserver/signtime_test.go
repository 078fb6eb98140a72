package stsserver

import (
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/sim"
)

const gciBody = "Action=GetCallerIdentity&Version=2011-06-15"

var gciQuery = url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}

// fixed returns a clock standing at t.
func fixed(t time.Time) func() time.Time { return func() time.Time { return t } }

// TestSigningWindow: a request signed more than 15 minutes before or after
// the signing clock (the fake clock here) is refused with STS's messages,
// in the Authorization header, through the Date header and presigned; a
// presigned URL lives its 15 minutes whatever its X-Amz-Expires says, as
// STS ignores it.
func TestSigningWindow(t *testing.T) {
	// The fake clock half a second past a whole second: the window is
	// reckoned from the second (X-Amz-Date's precision).
	now := time.Date(2024, 1, 1, 1, 0, 0, 500_000_000, time.UTC)
	const (
		expired = "Signature expired: 20240101T004459Z is now earlier than 20240101T004500Z (20240101T010000Z - 15 min.)"
		future  = "Signature not yet current: 20240101T011501Z is still later than 20240101T011500Z (20240101T010000Z + 15 min.)"
	)
	e := newEnv(t, Options{})
	e.clk.Set(now)
	sec := time.Second
	header := func(s signer) *http.Request { return s.post(gciBody) }
	presigned := func(s signer) *http.Request {
		return httptest.NewRequest(http.MethodGet, s.presign("http://sts.test", gciQuery), nil)
	}
	dateHeader := func(s signer) *http.Request {
		// Signed with the Date header, in HTTP's format, for X-Amz-Date.
		r := httptest.NewRequest(http.MethodPost, "http://sts.test/", strings.NewReader(gciBody))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		at := s.clock().UTC()
		r.Header.Set("Date", at.Format(http.TimeFormat))
		date := at.Format(amzDateLayout)
		sg := &signature{accessKeyID: s.creds.AccessKeyID, scopeDate: date[:8], region: s.region, service: s.service,
			terminator: scopeEnd, amzDate: date, headers: []string{"content-type", "date", "host"}}
		sig := hex.EncodeToString(sign(s.creds.SecretAccessKey, sg, canonicalRequest(r, sg, []byte(gciBody))))
		r.Header.Set("Authorization", algorithm+" Credential="+s.creds.AccessKeyID+"/"+date[:8]+"/"+s.region+"/sts/aws4_request, SignedHeaders=content-type;date;host, Signature="+sig)
		return r
	}
	base := now.Truncate(sec)
	tests := []struct {
		name, reason string
		req          func(signer) *http.Request
		signedAt     time.Time
		expires      string // X-Amz-Expires of a presigned URL; "" is 900
		msg          string // "" when accepted
	}{
		{"header now", "signed at the clock's instant", header, base, "", ""},
		{"header 15m before", "the window's first instant", header, base.Add(-15 * time.Minute), "", ""},
		{"header 15m1s before", "a second too old", header, base.Add(-15*time.Minute - sec), "", expired},
		{"header 15m after", "the window's last instant", header, base.Add(15 * time.Minute), "", ""},
		{"header 15m1s after", "a second too far ahead", header, base.Add(15*time.Minute + sec), "", future},
		{"header a year before", "a clock long wrong", header, base.AddDate(-1, 0, 0), "",
			"Signature expired: 20230101T010000Z is now earlier than 20240101T004500Z (20240101T010000Z - 15 min.)"},
		{"date header 15m before", "the Date header is checked as X-Amz-Date is", dateHeader, base.Add(-15 * time.Minute), "", ""},
		{"date header 15m1s before", "the Date header is checked as X-Amz-Date is", dateHeader, base.Add(-15*time.Minute - sec), "", expired},
		{"date header 15m1s after", "the Date header is checked as X-Amz-Date is", dateHeader, base.Add(15*time.Minute + sec), "", future},
		{"presigned now", "a fresh presigned URL", presigned, base, "", ""},
		{"presigned 15m old", "a presigned URL lives 15 minutes", presigned, base.Add(-15 * time.Minute), "", ""},
		{"presigned 15m1s old", "and no longer", presigned, base.Add(-15*time.Minute - sec), "", expired},
		{"presigned 15m1s ahead", "a presigned URL dated too far ahead", presigned, base.Add(15*time.Minute + sec), "", future},
		{"presigned 60s, at 60s", "X-Amz-Expires=60 is ignored: still good at its end", presigned, base.Add(-60 * sec), "60", ""},
		{"presigned 60s, at 61s", "X-Amz-Expires=60 is ignored: still good past its end", presigned, base.Add(-61 * sec), "60", ""},
		{"presigned 60s, at 15m", "X-Amz-Expires=60 is ignored: good until the 15 minutes end", presigned, base.Add(-15 * time.Minute), "60", ""},
		{"presigned 60s, at 15m1s", "X-Amz-Expires=60 is ignored: refused when the 15 minutes end", presigned, base.Add(-15*time.Minute - sec), "60", expired},
		{"presigned 1h, at 15m1s", "X-Amz-Expires=3600 does not lengthen the 15 minutes", presigned, base.Add(-15*time.Minute - sec), "3600", expired},
		{"presigned 0s", "X-Amz-Expires=0 (aws-iam-authenticator sent it for years) is accepted", presigned, base.Add(-time.Minute), "0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := e.alice
			s.clock, s.expires = fixed(tt.signedAt), tt.expires
			res := serve(t, e.h, tt.req(s))
			msg, _ := res.xml.path("Error/Message")
			wantStatus, wantCode := 200, ""
			if tt.msg != "" {
				wantStatus, wantCode = 403, CodeSignatureDoesNotMatch
			}
			if res.status != wantStatus || res.code() != wantCode || msg != tt.msg {
				t.Errorf("%s: got %d %q %q, want %d %q %q", tt.reason, res.status, res.code(), msg, wantStatus, wantCode, tt.msg)
			}
		})
	}
}

// TestSigningWindowOrder: the signing date is checked after the credential
// scope and before the access key, the session token and the session's
// expiry are looked at.
func TestSigningWindowOrder(t *testing.T) {
	e := newEnv(t, Options{})
	dev := e.session(t, e.alice, devARN, "&DurationSeconds=900")
	e.clk.Add(time.Hour) // dev's session has expired
	old := fixed(signingTime)
	const expired = "Signature expired: 20240101T000000Z is now earlier than 20240101T004500Z (20240101T010000Z - 15 min.)"
	unknown := e.alice
	unknown.creds.AccessKeyID = "AKIAAAAAAAAAAAAAAAAA"
	badRegion := e.alice
	badRegion.region = "eu-west-1"
	tests := []struct {
		name, reason string
		s            signer
		status       int
		code, msg    string
	}{
		{"scope first", "a wrong region is reported before the date", badRegion, 403, CodeSignatureDoesNotMatch, "Credential should be scoped to a valid region. "},
		{"before the key", "an unknown key signed an hour ago: the date is reported", unknown, 403, CodeSignatureDoesNotMatch, expired},
		{"before expiry", "an expired session signed an hour ago: the date is reported", dev, 403, CodeSignatureDoesNotMatch, expired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.s
			s.clock = old
			res := serve(t, e.h, s.post(gciBody))
			msg, _ := res.xml.path("Error/Message")
			if res.status != tt.status || res.code() != tt.code || msg != tt.msg {
				t.Errorf("%s: got %d %q %q, want %d %q %q", tt.reason, res.status, res.code(), msg, tt.status, tt.code, tt.msg)
			}
		})
	}
	// Signed now, the same expired session is ExpiredToken again.
	dev.clock = e.clk.Now
	if res := serve(t, e.h, dev.post(gciBody)); res.code() != string(sim.CodeExpiredToken) {
		t.Errorf("the expired session signed now: %d %s, want ExpiredToken", res.status, res.code())
	}
}

// TestSigningClock: which clock the signing date is compared with. With no
// wall clock it is the fake clock, so a presigned URL made at the fake
// instant expires as the clock is advanced; in the wall-clock mode it is
// the wall clock, which the SDKs sign with, whatever the fake clock does
// and however fast it runs; Options.SigningClock overrides both.
func TestSigningClock(t *testing.T) {
	wall := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	wallNow := func() time.Time { return wall }
	tests := []struct {
		name, reason string
		opts         func(clk Clock) Options
		running      bool // a RunningClock at 1800x on wall
		signAt       func(clk Clock) time.Time
		advance      time.Duration // the fake clock moved after signing
		ok           bool
	}{
		{"fake, fresh", "normal mode: a URL signed at the fake instant",
			func(Clock) Options { return Options{} }, false, Clock.Now, 0, true},
		{"fake, advanced 15m", "normal mode: 15 fake minutes later, still good",
			func(Clock) Options { return Options{} }, false, Clock.Now, 15 * time.Minute, true},
		{"fake, advanced 16m", "normal mode: 16 fake minutes later, expired",
			func(Clock) Options { return Options{} }, false, Clock.Now, 16 * time.Minute, false},
		{"fake, signed on the wall clock", "normal mode: the wall clock is years from the fake clock",
			func(Clock) Options { return Options{} }, false, func(Clock) time.Time { return wall }, 0, false},
		{"wall, signed on the wall clock", "wall-clock mode: signed as the SDKs sign",
			func(clk Clock) Options { return Options{WallClock: wallNow} }, true, func(Clock) time.Time { return wall }, 0, true},
		{"wall, fake clock advanced", "wall-clock mode: moving the fake clock does not age a signature",
			func(clk Clock) Options { return Options{WallClock: wallNow} }, true, func(Clock) time.Time { return wall }, 16 * time.Minute, true},
		{"wall, signed on the fake clock", "wall-clock mode: the fake instant is not the wall clock's",
			func(clk Clock) Options { return Options{WallClock: wallNow} }, true, Clock.Now, 0, false},
		{"explicit", "Options.SigningClock wins over the fake clock",
			func(Clock) Options { return Options{SigningClock: wallNow} }, false, func(Clock) time.Time { return wall }, 0, true},
		{"explicit in wall mode", "Options.SigningClock wins over WallClock",
			func(clk Clock) Options { return Options{WallClock: wallNow, SigningClock: clk.Now} }, true, Clock.Now, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := loadTestWorld(t)
			w, err := sim.NewWorld(sc)
			if err != nil {
				t.Fatal(err)
			}
			var clk Clock = sim.NewFakeClock(sc.Start)
			if tt.running {
				clk = NewRunningClock(sc.Start, wallNow, 1800)
			}
			s := sim.New(w, clk)
			opts := tt.opts(clk)
			opts.Clock = clk
			h := New(s, opts)
			c, _ := s.UserCredentials(aliceARN)
			alice := newSigner(c)
			alice.clock = fixed(tt.signAt(clk))
			u := alice.presign("http://sts.test", gciQuery)
			clk.Add(tt.advance)
			res := serve(t, h, httptest.NewRequest(http.MethodGet, u, nil))
			if got := res.status == 200; got != tt.ok {
				t.Errorf("%s: got %d %s, want accepted %v\n%s", tt.reason, res.status, res.code(), tt.ok, res.body)
			}
		})
	}
}

// TestTestServerSigningClock: NewTestServer checks signing dates against
// time.Now, as the SDKs sign, unless WithSigningClock(nil) makes it the
// fake clock.
func TestTestServerSigningClock(t *testing.T) {
	sc := loadTestWorld(t)
	tests := []struct {
		name, reason string
		opts         []TestOption
		signAt       func(ts *TestServer) time.Time
		ok           bool
	}{
		{"default, wall", "the default accepts what the SDKs sign", nil, func(*TestServer) time.Time { return time.Now() }, true},
		{"default, fake", "the default refuses the fake clock's 2024", nil, func(ts *TestServer) time.Time { return ts.Clock.Now() }, false},
		{"fake, fake", "WithSigningClock(nil): the fake clock", []TestOption{WithSigningClock(nil)}, func(ts *TestServer) time.Time { return ts.Clock.Now() }, true},
		{"fake, wall", "WithSigningClock(nil) refuses the wall clock", []TestOption{WithSigningClock(nil)}, func(*TestServer) time.Time { return time.Now() }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := NewTestServer(t, sc, tt.opts...)
			alice := newSigner(ts.Credentials(t, aliceARN))
			alice.clock = fixed(tt.signAt(ts))
			resp, err := http.Get(alice.presign(ts.URL, gciQuery))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got := resp.StatusCode == 200; got != tt.ok {
				t.Errorf("%s: status %d, want accepted %v", tt.reason, resp.StatusCode, tt.ok)
			}
		})
	}
}
