package sim

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// BenchmarkThrottledBurst runs a scenario of 1,000 AssumeRole calls at one
// instant under the default 600/s STS quota, world building included. The
// documented model predicts exactly 600 successes and 400 Throttling errors.
func BenchmarkThrottledBurst(b *testing.B) {
	sc, err := scenario.Load("testdata/sts-burst.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := Run(sc)
		if err != nil {
			b.Fatal(err)
		}
		got := rep.Steps[0].Actual
		if !rep.Passed() || got.Succeeded != "600" || got.Throttled != "400" {
			b.Fatalf("passed %v, succeeded %s, throttled %s", rep.Passed(), got.Succeeded, got.Throttled)
		}
	}
}

// quotaSim builds a Sim over a world with the given STS rate and burst and
// two accounts with a user each.
func quotaSim(t testing.TB, rate, burst int) (*Sim, *FakeClock) {
	t.Helper()
	src := fmt.Sprintf(`
name: quota
quotas: {sts_requests_per_second: %d, sts_burst: %d}
accounts:
  - id: "111111111111"
    users: [{name: a}]
    roles:
      - name: R
        trust_policy: {Statement: {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/a"}, Action: sts:AssumeRole}}
  - id: "222222222222"
    users: [{name: b}]
`, rate, burst)
	sc, err := scenario.Parse("quota.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	clk := NewFakeClock(scenarioStart)
	return New(w, clk), clk
}

// TestSTSTokenBucket checks the documented rate model request by request.
func TestSTSTokenBucket(t *testing.T) {
	type req struct {
		at      time.Duration // after the start
		account string
	}
	a := func(at time.Duration) req { return req{at, "111111111111"} }
	tests := []struct {
		name        string
		reason      string
		rate, burst int
		reqs        []req
		want        string // one letter per request: o ok, T throttled
	}{
		{
			name: "burst at one instant", reason: "a full bucket of 3 serves 3 requests at once, then none",
			rate: 3, burst: 3, reqs: []req{a(0), a(0), a(0), a(0), a(0)}, want: "oooTT",
		},
		{
			name: "exact refill", reason: "at 2 per second a token takes exactly 500ms: 499.999999ms is not enough",
			rate: 2, burst: 2, reqs: []req{a(0), a(0), a(500*time.Millisecond - 1), a(500 * time.Millisecond)}, want: "ooTo",
		},
		{
			name: "throttled requests take nothing", reason: "the throttled request at 0.5s does not delay the token of 1s",
			rate: 1, burst: 1, reqs: []req{a(0), a(500 * time.Millisecond), a(time.Second)}, want: "oTo",
		},
		{
			name: "capacity caps the refill", reason: "after 10s a bucket of 2 holds 2 tokens, not 10",
			rate: 1, burst: 2, reqs: []req{a(0), a(0), a(10 * time.Second), a(10 * time.Second), a(10 * time.Second)}, want: "ooooT",
		},
		{
			name: "burst larger than the rate", reason: "a burst of 5 at a rate of 1 serves 5 at once",
			rate: 1, burst: 5, reqs: []req{a(0), a(0), a(0), a(0), a(0), a(0)}, want: "oooooT",
		},
		{
			name: "per account", reason: "each account has its own bucket",
			rate: 1, burst: 1, reqs: []req{a(0), a(0), {0, "222222222222"}}, want: "oTo",
		},
		{
			name: "clock moved back", reason: "a clock set back adds no tokens and breaks nothing",
			rate: 1, burst: 1, reqs: []req{a(time.Second), a(0), a(2 * time.Second)}, want: "oTo",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := quotaSim(t, tt.rate, tt.burst)
			got := ""
			for _, r := range tt.reqs {
				if err := s.takeSTSToken(r.account, scenarioStart.Add(r.at)); err == nil {
					got += "o"
				} else if err.Code == CodeThrottling && err.Message == "Rate exceeded" && err.HTTPStatus == 400 {
					got += "T"
				} else {
					got += "?"
				}
			}
			if got != tt.want {
				t.Errorf("got %s, want %s: %s", got, tt.want, tt.reason)
			}
		})
	}
}

// TestSTSQuotaAppliesToRequests checks which requests are counted: every STS
// operation and call steps on sts:* actions, before parameter validation;
// not requests whose credentials are rejected, nor other services' calls.
func TestSTSQuotaAppliesToRequests(t *testing.T) {
	s, clk := quotaSim(t, 1, 1)
	alice, err := s.UserCredentials("arn:aws:iam::111111111111:user/a")
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/R"), RoleSessionName: String("aa")})
	if err != nil {
		t.Fatal(err)
	}
	session := out.Credentials
	code := func(err error) Code {
		if err == nil {
			return "ok"
		}
		return ErrorCode(err)
	}
	var got []Code
	_, err = s.AssumeRole(alice, &AssumeRoleInput{RoleSessionName: String("x")})
	got = append(got, code(err)) // throttled before the missing RoleArn is noticed
	_, err = s.GetCallerIdentity(session)
	got = append(got, code(err)) // the session belongs to the same account
	_, err = s.Call(alice, &CallInput{Action: "s3:ListBuckets", Resource: "*"})
	got = append(got, code(err)) // not STS: not counted (and not allowed)
	_, err = s.Call(alice, &CallInput{Action: "sts:GetAccessKeyInfo", Resource: "*"})
	got = append(got, code(err)) // an STS action
	clk.Add(time.Hour)
	_, err = s.GetCallerIdentity(session)
	got = append(got, code(err)) // expired: rejected before the quota, not counted
	_, err = s.GetCallerIdentity(alice)
	got = append(got, code(err)) // so the refilled token is still there
	_, err = s.GetSessionToken(alice, &GetSessionTokenInput{})
	got = append(got, code(err)) // and now it is gone, for every STS operation
	want := []Code{CodeThrottling, CodeThrottling, CodeAccessDenied, CodeThrottling, CodeExpiredToken, "ok", CodeThrottling}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestRepeatPrediction runs spread bursts through the runner and compares
// the successes with the documented formula min(N, ⌊S + R·t⌋), t being the
// last request's offset ⌊T·(N−1)/N⌋, for a full bucket (S = B = R) and
// N/T ≥ R.
func TestRepeatPrediction(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		rate   int
		count  int
		over   time.Duration
	}{
		{"one instant", "no refill: exactly the bucket", 600, 1000, 0},
		{"700 in a second", "the refill covers the excess", 600, 700, time.Second},
		{"twice the rate", "about one second's refill on top of the bucket", 600, 2400, time.Second},
		{"odd interval", "offsets are rounded down to the nanosecond", 7, 100, 3*time.Second + 333},
		{"short interval", "a burst of 1,000 over 100ms", 600, 1000, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if float64(tt.count) < float64(tt.rate)*tt.over.Seconds() {
				t.Fatal("the formula needs N/T >= R")
			}
			src := fmt.Sprintf(`
name: repeat
quotas: {sts_requests_per_second: %d}
accounts: [{id: "111111111111", users: [{name: a}]}]
steps:
  - repeat: {count: %d, over: %s}
    whoami: arn:aws:iam::111111111111:user/a
    expect: {failed: 0}
`, tt.rate, tt.count, tt.over)
			if tt.over == 0 {
				src = strings.Replace(src, fmt.Sprintf("{count: %d, over: 0s}", tt.count), fmt.Sprint(tt.count), 1)
			}
			sc, err := scenario.Parse("repeat.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(sc)
			if err != nil {
				t.Fatal(err)
			}
			last := int64(0)
			if tt.count > 1 {
				last = int64(tt.over) * int64(tt.count-1) / int64(tt.count)
			}
			supplied := (int64(tt.rate)*int64(time.Second) + int64(tt.rate)*last) / int64(time.Second)
			want := strconv.FormatInt(min(int64(tt.count), supplied), 10)
			got := rep.Steps[0].Actual
			if got.Succeeded != want || !rep.Passed() {
				t.Errorf("%s: succeeded %s, throttled %s; the model predicts %s successes", tt.reason, got.Succeeded, got.Throttled, want)
			}
			if end := scenarioStart.Add(tt.over); !rep.Steps[0].At.Equal(end) {
				t.Errorf("the clock ends at %s, want %s", rep.Steps[0].At, end)
			}
		})
	}
}
