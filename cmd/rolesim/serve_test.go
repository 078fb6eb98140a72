package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/examples"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/stsserver"
)

// startServe runs `rolesim serve` on a loopback port of its own and
// returns its base URL and a function that stops it and returns its exit
// status and output.
func startServe(t *testing.T, file string, opts serveOptions) (string, func() (int, string, string)) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := newApp(&stdout, &stderr, nil)
	a.examples = examples.FS
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan string, 1)
	listen := func(network, addr string) (net.Listener, error) {
		if addr != opts.addr {
			t.Errorf("listened on %s, want %s", addr, opts.addr)
		}
		ln, err := net.Listen(network, "127.0.0.1:0")
		if err == nil {
			addrs <- "http://" + ln.Addr().String()
		} else {
			close(addrs)
		}
		return ln, err
	}
	code := make(chan int, 1)
	go func() { code <- a.serve(ctx, file, opts, listen) }()
	url, ok := <-addrs
	if !ok {
		cancel()
		t.Fatalf("serve did not listen: %s", stderr.String())
	}
	return url, func() (int, string, string) {
		cancel()
		c := <-code
		return c, stdout.String(), stderr.String()
	}
}

// TestServe starts the command on a loopback port: it prints the users'
// keys (the same on every start), answers STS requests and the control
// API, limits request bodies, and stops when its context ends.
func TestServe(t *testing.T) {
	file := "examples/03-chain-one-hour-cap.yaml"
	url, stop := startServe(t, file, serveOptions{addr: defaultServeAddr, speed: 1})

	post := func(path, body string) (int, string) {
		t.Helper()
		resp, err := http.Post(url+path, "application/x-www-form-urlencoded", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("/", "Action=GetCallerIdentity&Version=2011-06-15"); code != 403 || !strings.Contains(body, "<Code>MissingAuthenticationToken</Code>") {
		t.Errorf("an unsigned GetCallerIdentity: %d %s", code, body)
	}
	if code, body := post("/", "Action=GetCallerIdentity&Pad="+strings.Repeat("x", stsserver.DefaultMaxBodyBytes)); code != 413 {
		t.Errorf("a body over 1 MiB: %d %.200s", code, body)
	}
	code, body := post("/_rolesim/clock/advance?d=1h", "")
	var st stsserver.ClockState
	if err := json.Unmarshal([]byte(body), &st); code != 200 || err != nil || st.Now != "2024-01-01T09:00:00Z" {
		t.Errorf("advance through the control API: %d %s", code, body)
	}

	status, out, errOut := stop()
	if status != exitOK || errOut != "" {
		t.Errorf("serve ended with %d, stderr %q", status, errOut)
	}
	port := regexp.MustCompile(`127\.0\.0\.1:\d+`)
	want := `rolesim serve: chain-one-hour-cap (examples/03-chain-one-hour-cap.yaml)
endpoint:   http://ADDR (region us-east-1; AWS_ENDPOINT_URL_STS=http://ADDR)
fake clock: 2024-01-01T08:00:00Z (moves only through the control API)
control:    GET http://ADDR/_rolesim/clock, POST http://ADDR/_rolesim/clock/advance?d=1h, GET http://ADDR/_rolesim/trace
long-term access keys:
`
	got := port.ReplaceAllString(out, "ADDR")
	if !strings.HasPrefix(got, want) {
		t.Errorf("banner:\n%s\nwant it to start with:\n%s", got, want)
	}
	if !strings.Contains(got, "root users' access keys:\n  arn:aws:iam::") {
		t.Errorf("the banner lists no root user's key:\n%s", got)
	}
	// The keys are the world's, the same on every start.
	_, stop2 := startServe(t, file, serveOptions{addr: defaultServeAddr, speed: 1})
	_, out2, _ := stop2()
	if port.ReplaceAllString(out2, "ADDR") != got {
		t.Errorf("two starts printed different banners:\n%s\n%s", got, out2)
	}
	in, err := (&app{examples: examples.FS}).serveInput(file).load()
	if err != nil {
		t.Fatal(err)
	}
	w, _ := sim.NewWorld(in)
	keys := stsserver.UserKeys(sim.New(w, sim.NewFakeClock(in.Start)))
	if len(keys) == 0 {
		t.Fatal("the example has no users")
	}
	for _, k := range keys {
		if !strings.Contains(out, "  "+k.ARN+"\n    aws_access_key_id = "+k.AccessKeyID+"\n    aws_secret_access_key = "+k.SecretAccessKey+"\n") {
			t.Errorf("banner lacks the key of %s:\n%s", k.ARN, out)
		}
	}
}

// TestServeAddress: the default address is loopback, and --addr is
// passed through unchanged.
func TestServeAddress(t *testing.T) {
	cmd := newApp(io.Discard, io.Discard, nil).serveCommand()
	if got := cmd.Flags().Lookup("addr").DefValue; got != "127.0.0.1:4599" {
		t.Errorf("default --addr %s, want a loopback address", got)
	}
	if host, _, err := net.SplitHostPort(defaultServeAddr); err != nil || !net.ParseIP(host).IsLoopback() {
		t.Errorf("default address %s is not loopback", defaultServeAddr)
	}
	_, stop := startServe(t, "examples/03-chain-one-hour-cap.yaml", serveOptions{addr: "0.0.0.0:9", speed: 1})
	stop()
}

// TestServeBadInput: a file that does not load and a bad --speed are
// refused before anything listens.
func TestServeBadInput(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		err  string
	}{
		{"missing file", []string{"serve", "no-such.yaml"}, "no-such.yaml"},
		{"bad speed", []string{"serve", "examples/03-chain-one-hour-cap.yaml", "--wall-clock", "--speed", "0"}, "--speed must be positive"},
		{"no file", []string{"serve"}, "accepts 1 arg"},
		{"speed without wall clock", []string{"serve", "examples/03-chain-one-hour-cap.yaml", "--speed", "60"}, "only with --wall-clock"},
		{"trail and no trail", []string{"serve", "examples/03-chain-one-hour-cap.yaml", "--no-trail", "--trail", "calls.jsonl"}, "--no-trail turns off"},
	} {
		inv := invoke(t, tt.args)
		if inv.code != exitBadInput || !strings.Contains(inv.stderr, tt.err) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tt.name, inv.code, inv.stderr, exitBadInput, tt.err)
		}
	}
}

// TestServeWallClock: --wall-clock says so at start-up, with its speed.
func TestServeWallClock(t *testing.T) {
	_, stop := startServe(t, "examples/03-chain-one-hour-cap.yaml", serveOptions{addr: defaultServeAddr, wallClock: true, speed: 60})
	code, out, _ := stop()
	if code != exitOK || !strings.Contains(out, "fake clock: 2024-01-01T08:00:00Z (runs at 60x real time; Expiration is on the wall clock)\n") {
		t.Errorf("exit %d, banner:\n%s", code, out)
	}
}

// TestServeNoTrail: with --no-trail the endpoint keeps no CloudTrail
// record of a call it answers (one that has a record otherwise), the trail
// path says the trail is off, the trace still lists the call, and the
// banner says so.
func TestServeNoTrail(t *testing.T) {
	get := func(u string) (int, string) {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for _, tt := range []struct {
		name, reason string
		noTrail      bool
		trailStatus  int
		trailBody    string // contained in the trail path's answer
		banner       bool   // the banner says the trail is off
	}{
		{"default", "the refused call has its record", false, 200, `"eventName":"AssumeRoleWithWebIdentity"`, false},
		{"no trail", "--no-trail: no record, and the trail path says why", true, http.StatusNotImplemented, stsserver.TrailOffMessage, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			base, stop := startServe(t, "examples/31-github-actions-oidc.yaml", serveOptions{addr: defaultServeAddr, speed: 1, noTrail: tt.noTrail})
			form := url.Values{"Action": {"AssumeRoleWithWebIdentity"}, "Version": {"2011-06-15"}, "RoleSessionName": {"ci"},
				"RoleArn": {"arn:aws:iam::111111111111:role/Deploy"}, "WebIdentityToken": {"not-a-jwt"}}
			resp, err := http.PostForm(base+"/", form)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			trailStatus, trailBody := get(base + "/_rolesim/trail")
			_, trace := get(base + "/_rolesim/trace")
			code, out, errOut := stop()
			if code != exitOK || errOut != "" {
				t.Errorf("serve ended with %d, stderr %q", code, errOut)
			}
			if trailStatus != tt.trailStatus || !strings.Contains(trailBody, tt.trailBody) {
				t.Errorf("%s: GET trail %d %s; want %d and %q", tt.reason, trailStatus, trailBody, tt.trailStatus, tt.trailBody)
			}
			if !strings.Contains(trace, `"action": "AssumeRoleWithWebIdentity"`) {
				t.Errorf("the trace lacks the call:\n%s", trace)
			}
			if got := strings.Contains(out, "trail:      off (--no-trail)"); got != tt.banner {
				t.Errorf("banner says the trail is off: %v, want %v\n%s", got, tt.banner, out)
			}
		})
	}
}

// TestServeSigningClock: serve checks a request's signing date against the
// wall clock, which the SDKs and the CLI sign with, not the fake clock: a
// date at the fake clock's start (2024) is "Signature expired", a date of
// now passes the check (the check comes before the key, so an unknown key
// then gives InvalidClientTokenId), in either clock mode.
func TestServeSigningClock(t *testing.T) {
	presigned := func(base string, at time.Time) string {
		date := at.UTC().Format("20060102T150405Z")
		q := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}, "X-Amz-Algorithm": {"AWS4-HMAC-SHA256"},
			"X-Amz-Credential": {"AKIAAAAAAAAAAAAAAAAA/" + date[:8] + "/us-east-1/sts/aws4_request"}, "X-Amz-Date": {date},
			"X-Amz-SignedHeaders": {"host"}, "X-Amz-Signature": {strings.Repeat("0", 64)}}
		return base + "/?" + q.Encode()
	}
	for _, tt := range []struct {
		name, reason string
		wallClock    bool
		at           func() time.Time
		code         string
	}{
		{"fake start", "the fake clock's start is years before the wall clock", false,
			func() time.Time { return time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC) }, "Signature expired: 20240101T080000Z is now earlier than"},
		{"now", "signed now, as an SDK signs", false, time.Now, "<Code>InvalidClientTokenId</Code>"},
		{"wall-clock mode, now", "signed now, with the fake clock running on its own", true, time.Now, "<Code>InvalidClientTokenId</Code>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			speed := 1.0
			if tt.wallClock {
				speed = 60
			}
			base, stop := startServe(t, "examples/03-chain-one-hour-cap.yaml", serveOptions{addr: defaultServeAddr, speed: speed, wallClock: tt.wallClock})
			resp, err := http.Get(presigned(base, tt.at()))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			stop()
			if resp.StatusCode != 403 || !strings.Contains(string(body), tt.code) {
				t.Errorf("%s: %d %s; want 403 and %q", tt.reason, resp.StatusCode, body, tt.code)
			}
		})
	}
}
