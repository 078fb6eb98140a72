// Package stsserver serves rolesim's simulator over HTTP as an STS endpoint
// that real clients talk to: the AWS SDKs and CLI send STS's Query protocol
// (form-encoded POST or GET, Action=...&Version=2011-06-15), signed with
// SigV4, and get STS's XML back, with every rule the simulator enforces and
// its fake clock deciding issue and expiry.
//
// Handler serves AssumeRole, GetCallerIdentity, GetSessionToken,
// GetFederationToken, AssumeRoleWithWebIdentity and AssumeRoleWithSAML. It
// verifies SigV4 signatures (the Authorization header or a presigned query)
// against the world's access keys and the sessions' secrets, in STS's
// order: the credential scope, then the key, the session token and the
// session's expiry, then the signature. A control API under /_rolesim/
// moves the clock and reads the trace of the requests served and their
// CloudTrail records (package trail's, as for a scenario run).
//
// A request's signing date must be within SigningWindow (15 minutes) of
// the signing clock, either way, presigned or not (Options.SigningClock
// says which clock that is).
package stsserver

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rolesim/rolesim/sim"
)

// DefaultMaxBodyBytes is the largest request body the endpoint reads (STS's
// largest parameters, a SAML assertion of 100,000 characters and a web
// identity token of 20,000, fit many times over).
const DefaultMaxBodyBytes = 1 << 20

// DefaultTraceLimit is how many requests the trace keeps (the oldest are
// dropped first, and counted).
const DefaultTraceLimit = 10000

// ControlPrefix is the path under which the control API lives; STS requests
// go to any other path.
const ControlPrefix = "/_rolesim/"

// Clock is the fake clock the Sim reads, as the control API moves it.
// *sim.FakeClock, *clock.Mock and *RunningClock satisfy it.
type Clock interface {
	Now() time.Time
	Add(d time.Duration)
	Set(t time.Time)
}

// Options configure a Handler.
type Options struct {
	// Clock is the clock the Sim reads; the control API advances and sets
	// it. Nil: the clock cannot be moved through the control API.
	Clock Clock
	// Region is the region requests must be signed for; empty means the
	// world's region.
	Region string
	// WallClock turns on the wall-clock expiration mode: every Expiration
	// the endpoint returns is WallClock() plus the session's remaining
	// lifetime on the fake clock (divided by the clock's speed when Clock is
	// a *RunningClock), written with milliseconds. SDKs compare Expiration
	// with their own wall clock, which a test cannot replace, so this is the
	// mode in which their credential caches refresh. Nil: Expiration is the
	// fake clock's, as in the simulator.
	WallClock func() time.Time
	// SigningClock is the clock a request's signing date is compared with,
	// as AWS compares it with its own: an X-Amz-Date (header or presigned
	// query) more than SigningWindow before or after SigningClock() is
	// refused with SignatureDoesNotMatch, before the access key is looked
	// up. It must be the clock the clients sign with. Nil: WallClock when
	// the wall-clock mode is on (the SDKs and the CLI sign with the wall
	// clock), else the Sim's fake clock, for clients that sign with it (a
	// test that signs at the fake instant, whose presigned URLs then expire
	// as the test advances the clock).
	SigningClock func() time.Time
	// MaxBodyBytes limits the request body; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// TraceLimit is how many requests the trace keeps, and how many
	// CloudTrail records the trail keeps; 0 means DefaultTraceLimit.
	TraceLimit int
	// Trail, when set, receives the CloudTrail records of the calls as they
	// are answered, as JSON Lines, one Write per call.
	Trail io.Writer
	// NoTrail turns the CloudTrail trail off: no record is built, kept or
	// written (Trail is ignored), and the control API's trail path answers
	// that the trail is off. The trace is kept as before.
	NoTrail bool
	// TrailSeed is what the records' eventIDs are derived from, with the
	// request's sequence number (a run's are from the scenario's name).
	TrailSeed string
}

// Handler is the STS endpoint over one Sim. It is safe for concurrent use.
type Handler struct {
	sim  *sim.Sim
	opts Options
	keys keyCache

	mu     sync.Mutex
	served int // requests given a request id
	// trace is a ring of at most TraceLimit entries, the oldest at
	// trace[oldest] once it is full; dropped counts the entries overwritten.
	trace   []TraceEntry
	oldest  int
	dropped int

	trail trailLog
}

// New returns the endpoint serving s.
func New(s *sim.Sim, opts Options) *Handler {
	if opts.Region == "" {
		opts.Region = s.World().Region
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.TraceLimit <= 0 {
		opts.TraceLimit = DefaultTraceLimit
	}
	if opts.NoTrail {
		opts.Trail = nil
	}
	// The root users' keys exist from the start, so that a client holding
	// one (the banner prints them) is answered as the root user.
	RootKeys(s)
	return &Handler{sim: s, opts: opts}
}

// Sim returns the simulation the endpoint serves.
func (h *Handler) Sim() *sim.Sim { return h.sim }

// TraceEntry is one STS request the endpoint answered: when on the fake
// clock, which action with which access key id, and its outcome. It never
// holds a secret or a session token.
type TraceEntry struct {
	Seq         int    `json:"seq"`
	RequestID   string `json:"requestId"`
	Time        string `json:"time"`
	Action      string `json:"action"`
	AccessKeyID string `json:"accessKeyId,omitempty"`
	Status      int    `json:"status"`
	Error       string `json:"error,omitempty"`
	Message     string `json:"message,omitempty"`
	// Arn is the identity the request issued credentials for, or the
	// caller's for GetCallerIdentity; IssuedAccessKeyID the new session's
	// key id.
	Arn               string `json:"arn,omitempty"`
	IssuedAccessKeyID string `json:"issuedAccessKeyId,omitempty"`

	call *callFacts // while the request is served
}

// Trace returns the requests served so far, oldest first (at most
// TraceLimit of them), and how many older ones were dropped.
func (h *Handler) Trace() (entries []TraceEntry, dropped int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]TraceEntry, 0, len(h.trace))
	out = append(out, h.trace[h.oldest:]...)
	out = append(out, h.trace[:h.oldest]...)
	return out, h.dropped
}

// requestID returns the next deterministic request id, shaped like AWS's
// (a UUID): the n-th request of a run always gets the same one.
func (h *Handler) requestID() (int, string) {
	h.mu.Lock()
	h.served++
	n := h.served
	h.mu.Unlock()
	sum := sha256.Sum256([]byte("rolesim/request/" + strconv.Itoa(n)))
	x := hex.EncodeToString(sum[:16])
	return n, x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func (h *Handler) record(e TraceEntry) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.trace) < h.opts.TraceLimit {
		h.trace = append(h.trace, e)
		return
	}
	h.trace[h.oldest] = e
	h.oldest = (h.oldest + 1) % len(h.trace)
	h.dropped++
}

// ServeHTTP answers an STS request, or a control request under
// ControlPrefix.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		h.control(w, r)
		return
	}
	seq, id := h.requestID()
	now := h.sim.Now()
	entry := TraceEntry{Seq: seq, RequestID: id, Time: now.UTC().Format(time.RFC3339), call: &callFacts{at: now}}
	var body string
	res, err := h.serveSTS(r, &entry)
	if err != nil {
		entry.Status, entry.Error, entry.Message = status(err), string(err.Code), err.Message
		body = errorXML(err, id)
	} else {
		entry.Status = http.StatusOK
		body = res.end(entry.Action, id)
	}
	h.logCall(r, &entry, err)
	h.record(entry)
	hdr := w.Header()
	hdr.Set("Content-Type", "text/xml")
	hdr.Set("X-Amzn-Requestid", id)
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(entry.Status)
	_, _ = io.WriteString(w, body)
}

// unsigned are the operations STS serves without a signature: the token or
// assertion identifies the caller (a signature, if any, is ignored).
func unsigned(action string) bool {
	return action == "AssumeRoleWithWebIdentity" || action == "AssumeRoleWithSAML"
}

// serveSTS reads, authenticates and runs one STS request. On success the
// response document is open (its result written, the envelope not closed).
func (h *Handler) serveSTS(r *http.Request, entry *TraceEntry) (*doc, *sim.Error) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, &sim.Error{Code: codeInvalidHTTPRequest, HTTPStatus: http.StatusMethodNotAllowed,
			Message: "STS takes GET and POST requests, not " + r.Method + " (rolesim wording)"}
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, h.opts.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, &sim.Error{Code: codeRequestEntityTooLarge, HTTPStatus: http.StatusRequestEntityTooLarge,
				Message: "Request body larger than " + strconv.FormatInt(h.opts.MaxBodyBytes, 10) + " bytes (rolesim's limit)"}
		}
		return nil, &sim.Error{Code: codeInvalidHTTPRequest, HTTPStatus: 400, Message: "The request body could not be read."}
	}
	p := params{}
	parseParams(p, r.URL.RawQuery)
	if r.Method == http.MethodPost && len(body) > 0 {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "application/x-www-form-urlencoded" || mt == "" {
			parseParams(p, string(body))
		}
	}
	action, _ := p.get("Action")
	entry.Action = action
	entry.call.p = p
	var creds sim.Credentials
	if !unsigned(action) {
		sg, signed, err := parseSignature(r, p)
		if err != nil {
			return nil, err
		}
		if !signed {
			return nil, &sim.Error{Code: CodeMissingAuthenticationToken, HTTPStatus: 403, Message: "Request is missing Authentication Token"}
		}
		entry.AccessKeyID = sg.accessKeyID
		if err := sg.checkScope(h.opts.Region); err != nil {
			return nil, err
		}
		if err := sg.checkTime(h.signingNow()); err != nil {
			return nil, err
		}
		secret, serr := h.sim.SigningSecret(sg.accessKeyID, sg.token)
		if serr != nil {
			return nil, asError(serr)
		}
		if err := sg.verify(r, body, secret, &h.keys); err != nil {
			return nil, err
		}
		creds = sim.Credentials{AccessKeyID: sg.accessKeyID, SecretAccessKey: secret, SessionToken: sg.token}
	}
	version, hasVersion := p.get("Version")
	if !hasVersion {
		version = "NO_VERSION_SPECIFIED"
	}
	op := operations[action]
	if op == nil || version != APIVersion {
		return nil, &sim.Error{Code: codeInvalidAction, HTTPStatus: 400, Message: "Could not find operation " + action + " for version " + version}
	}
	d := &doc{}
	d.start(action)
	entry.call.reached = true
	if err := op(h, creds, p, d, entry); err != nil {
		return nil, err
	}
	return d, nil
}

// signingNow is the signing clock's instant (see Options.SigningClock).
func (h *Handler) signingNow() time.Time {
	switch {
	case h.opts.SigningClock != nil:
		return h.opts.SigningClock()
	case h.opts.WallClock != nil:
		return h.opts.WallClock()
	}
	return h.sim.Now()
}

// asError returns err as a *sim.Error (the Sim's errors all are).
func asError(err error) *sim.Error {
	var e *sim.Error
	if errors.As(err, &e) {
		return e
	}
	return &sim.Error{Code: codeInternalFailure, HTTPStatus: 500, Message: err.Error()}
}

// expiration is the Expiration the endpoint shows for a session ending at
// exp on the fake clock (see Options.WallClock).
func (h *Handler) expiration(exp time.Time) string {
	if h.opts.WallClock == nil {
		return exp.UTC().Format(time.RFC3339)
	}
	left := exp.Sub(h.sim.Now())
	if rc, ok := h.opts.Clock.(*RunningClock); ok {
		left = rc.toWall(left)
	}
	return h.opts.WallClock().Add(left).UTC().Format("2006-01-02T15:04:05.000Z07:00")
}

// Error codes of the wire protocol, answered before a request reaches the
// simulator.
const (
	codeInvalidHTTPRequest    sim.Code = "InvalidHttpRequest"
	codeRequestEntityTooLarge sim.Code = "RequestEntityTooLarge"
	codeInvalidAction         sim.Code = "InvalidAction"
	codeInternalFailure       sim.Code = "InternalFailure"
)
