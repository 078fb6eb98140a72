package stsserver

import (
	"bytes"
	"encoding/base64"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
	"github.com/rolesim/rolesim/sim/trail"
)

// CloudTrail records of the calls the endpoint answers: every request for
// one of the six operations that reached its operation, or was refused as
// ExpiredToken (its caller known), gives the records package trail builds
// for the same call in a scenario run. Requests refused earlier (wire
// errors, unknown keys or tokens, bad signatures, unknown actions) give
// none, as they name no caller. The records' ids derive from
// Options.TrailSeed and the request's sequence number; the requestID is the
// one the response carried.

// callFacts are what a request's records are built from, gathered while it
// is served.
type callFacts struct {
	at      time.Time
	p       params
	reached bool // the operation ran
	issued  *sim.Session
	packed  *int32
}

// answered notes the session a call issued and its PackedPolicySize.
func (c *callFacts) answered(s *sim.Session, packed *int32) {
	if c != nil {
		c.issued, c.packed = s, packed
	}
}

// trailLog is the endpoint's trail: a ring of the latest records, like the
// trace's, and the writer records are appended to.
type trailLog struct {
	mu      sync.Mutex
	recs    []trail.Record
	oldest  int
	dropped int
	err     error // the writer's first error

	ownersOnce sync.Once
	owners     map[string]string // long-term access key id -> owner's ARN
}

// Trail returns the CloudTrail records of the calls answered so far, in the
// order they were answered (at most TraceLimit of them), and how many older
// ones were dropped; none with Options.NoTrail.
func (h *Handler) Trail() (recs []trail.Record, dropped int) {
	t := &h.trail
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]trail.Record, 0, len(t.recs))
	out = append(out, t.recs[t.oldest:]...)
	out = append(out, t.recs[:t.oldest]...)
	return out, t.dropped
}

// TrailErr returns the first error writing to Options.Trail, if any; the
// records stay readable through Trail.
func (h *Handler) TrailErr() error {
	h.trail.mu.Lock()
	defer h.trail.mu.Unlock()
	return h.trail.err
}

// logCall builds and keeps the records of a served request (err its
// refusal), writes them to Options.Trail, and drops entry's facts.
func (h *Handler) logCall(r *http.Request, entry *TraceEntry, err *sim.Error) {
	c := entry.call
	entry.call = nil
	if h.opts.NoTrail || c == nil || operations[entry.Action] == nil || !(c.reached || err != nil && err.Code == sim.CodeExpiredToken) {
		return
	}
	tc := trail.Call{Seq: entry.Seq, At: c.at, Step: callStep(entry.Action, c.p), Err: err, Issued: c.issued, PackedPolicySize: c.packed,
		RequestID: entry.RequestID, UserAgent: r.Header.Get("User-Agent")}
	if host, _, serr := net.SplitHostPort(r.RemoteAddr); serr == nil {
		tc.SourceIPAddress = host
	}
	if !unsigned(entry.Action) {
		tc.Caller, tc.CallerARN = h.callerOf(entry.AccessKeyID)
	}
	recs := trail.CallRecords(h.sim, h.opts.TrailSeed, tc)
	var line bytes.Buffer
	if h.opts.Trail != nil {
		_ = trail.Write(&line, recs)
	}
	t := &h.trail
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, rec := range recs {
		if len(t.recs) < h.opts.TraceLimit {
			t.recs = append(t.recs, rec)
			continue
		}
		t.recs[t.oldest] = rec
		t.oldest = (t.oldest + 1) % len(t.recs)
		t.dropped++
	}
	if h.opts.Trail != nil && t.err == nil {
		// One Write per call: a file gets each call's lines as it is
		// answered.
		_, t.err = h.opts.Trail.Write(line.Bytes())
	}
}

// callerOf returns who signs with an access key: the session it belongs
// to, or the ARN of the IAM user or root user whose long-term key it is.
func (h *Handler) callerOf(accessKeyID string) (*sim.Session, string) {
	if s := h.sim.Session(accessKeyID); s != nil {
		return s, ""
	}
	t := &h.trail
	t.ownersOnce.Do(func() {
		t.owners = map[string]string{}
		for _, k := range append(UserKeys(h.sim), RootKeys(h.sim)...) {
			t.owners[k.AccessKeyID] = k.ARN
		}
	})
	return nil, t.owners[accessKeyID]
}

// callStep is a request as the scenario step that would make it, its
// parameters as the wire carried them.
func callStep(action string, p params) *scenario.Step {
	arns := refs(p.members("PolicyArns", ".arn"))
	switch action {
	case "AssumeRole":
		return &scenario.Step{Kind: scenario.StepAssume, Assume: &scenario.AssumeStep{
			RoleArn: p.str("RoleArn"), RoleSessionName: p.str("RoleSessionName"), DurationSeconds: p.str("DurationSeconds"),
			Policy: sessionPolicy(p), PolicyArns: arns, Tags: tags(p.tags()), TransitiveTagKeys: refs(p.members("TransitiveTagKeys", "")),
			ExternalID: p.str("ExternalId"), SerialNumber: p.str("SerialNumber"), TokenCode: p.str("TokenCode"), SourceIdentity: p.str("SourceIdentity"),
		}}
	case "GetCallerIdentity":
		return &scenario.Step{Kind: scenario.StepWhoAmI, WhoAmI: &scenario.WhoAmIStep{}}
	case "GetSessionToken":
		return &scenario.Step{Kind: scenario.StepGetSessionToken, GetSessionToken: &scenario.GetSessionTokenStep{
			DurationSeconds: p.str("DurationSeconds"), SerialNumber: p.str("SerialNumber"), TokenCode: p.str("TokenCode")}}
	case "GetFederationToken":
		return &scenario.Step{Kind: scenario.StepGetFederationToken, GetFederationToken: &scenario.GetFederationTokenStep{
			Name: p.str("Name"), DurationSeconds: p.str("DurationSeconds"), Policy: sessionPolicy(p), PolicyArns: arns, Tags: tags(p.tags())}}
	case "AssumeRoleWithWebIdentity":
		w := &scenario.WebIdentityStep{RoleArn: p.str("RoleArn"), RoleSessionName: p.str("RoleSessionName"), DurationSeconds: p.str("DurationSeconds"),
			Policy: sessionPolicy(p), PolicyArns: arns, ProviderID: p.str("ProviderId")}
		if tok := p.str("WebIdentityToken"); tok != nil {
			w.Token = &scenario.WebIdentityToken{Raw: tok, Claims: claims(*tok)}
		}
		return &scenario.Step{Kind: scenario.StepWebIdentity, WebIdentity: w}
	case "AssumeRoleWithSAML":
		a := &scenario.SAMLStep{RoleArn: p.str("RoleArn"), PrincipalArn: p.str("PrincipalArn"), DurationSeconds: p.str("DurationSeconds"),
			Policy: sessionPolicy(p), PolicyArns: arns}
		if raw := p.str("SAMLAssertion"); raw != nil {
			a.Assertion = &scenario.SAMLAssertion{Raw: raw}
		}
		return &scenario.Step{Kind: scenario.StepSAML, SAML: a}
	}
	return &scenario.Step{}
}

// claims returns a JWT's payload, from which a refused call's record names
// the caller as a run's does from the step's claims; nil when tok is not a
// JWT with a JSON object for payload.
func claims(tok string) *policy.Node {
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil
	}
	n, err := policy.ParseJSON(payload)
	if err != nil || n.Kind != policy.NodeMap {
		return nil
	}
	return n
}

func sessionPolicy(p params) *scenario.SessionPolicy {
	if v := p.str("Policy"); v != nil {
		return &scenario.SessionPolicy{Text: *v}
	}
	return nil
}

func refs(vs []string) []scenario.Ref {
	var out []scenario.Ref
	for _, v := range vs {
		out = append(out, scenario.Ref{Value: v})
	}
	return out
}

func tags(ts []sim.Tag) []scenario.Tag {
	var out []scenario.Tag
	for _, t := range ts {
		out = append(out, scenario.Tag{Key: t.Key, Value: t.Value})
	}
	return out
}
