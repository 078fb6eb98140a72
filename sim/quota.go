package sim

import (
	"time"
)

// STS request-rate quota (reference §10). AWS states a per-account,
// per-Region request rate for STS without publishing its algorithm; rolesim
// models it as a token bucket on the fake clock, in exact integer
// arithmetic so that the number of throttled requests is predictable:
//
//   - Each account has one bucket holding at most B tokens, B =
//     Quotas.STSBurst (by default the rate R = Quotas.STSRequestsPerSecond,
//     600). It starts full, at the account's first STS request.
//   - It refills continuously at R tokens per second of fake time: after Δt
//     it holds min(B, tokens + R·Δt), computed in billionths of a token, so
//     no rounding ever happens (R·Δt with Δt in nanoseconds).
//   - Every STS request signed with the account's credentials (AssumeRole,
//     GetCallerIdentity, GetSessionToken, GetFederationToken, and call steps
//     whose action is sts:*) takes one token when at least one whole token
//     is there; otherwise it fails with Throttling ("Rate exceeded", HTTP
//     400) and takes nothing. Requests whose credentials are rejected
//     (unknown, expired, of a deleted role) are not counted.
//     AssumeRoleWithWebIdentity and AssumeRoleWithSAML, which no credentials
//     sign, count against the role's account.
//
// So N requests at one instant against a full bucket give min(N, B)
// successes. N requests spread evenly over T (request i at T·i/N, in whole
// nanoseconds) arrive at least as fast as the refill when N/T ≥ R; they then
// give min(N, ⌊B + R·t⌋) successes, t being the last request's offset
// ⌊T·(N−1)/N⌋, because each request succeeds exactly when the tokens
// supplied so far, B + R·tᵢ, cover one more success.
type stsBucket struct {
	// tokens is in billionths of a token.
	tokens int64
	// at is the instant tokens was last brought up to date.
	at time.Time
}

// tokenUnit is one token in the bucket's units: with R tokens per second
// and time in nanoseconds, R·Δt is exact.
const tokenUnit = int64(time.Second)

// throttling is STS's answer to a request over the rate quota.
func throttling() *Error {
	return &Error{Code: CodeThrottling, HTTPStatus: 400, Message: "Rate exceeded"}
}

// takeSTSToken charges one STS request made at now to the account's bucket,
// returning Throttling when the bucket is empty.
func (s *Sim) takeSTSToken(account string, now time.Time) *Error {
	q := &s.world.Quotas
	rate, burst := int64(q.STSRequestsPerSecond), int64(q.STSBurst)
	if rate <= 0 {
		rate = 600
	}
	if burst <= 0 {
		burst = rate
	}
	capacity := burst * tokenUnit
	b := s.buckets[account]
	switch {
	case b == nil:
		if s.buckets == nil {
			s.buckets = make(map[string]*stsBucket)
		}
		b = &stsBucket{tokens: capacity, at: now}
		s.buckets[account] = b
	case now.After(b.at):
		// The time needed to fill up, in nanoseconds, rounded up: beyond it
		// the bucket is full (and R·Δt could overflow).
		full := (capacity - b.tokens + rate - 1) / rate
		if dt := int64(now.Sub(b.at)); dt >= full {
			b.tokens = capacity
		} else {
			b.tokens += rate * dt
		}
		b.at = now
	}
	if b.tokens < tokenUnit {
		return throttling()
	}
	b.tokens -= tokenUnit
	return nil
}
