// Package sim is rolesim's simulator: a World of accounts, IAM entities and
// resources built from a scenario, STS operations shaped like the STS API
// (AssumeRole, GetCallerIdentity), an authorization call for any API action,
// credentials and sessions on a fake clock, and the step runner that plays a
// scenario's timeline and checks every step against its expectation.
//
// Policy evaluation lives in sim/policy and ARN handling in sim/arn.
package sim

import (
	"encoding/binary"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rolesim/rolesim/sim/policy"
)

// Sim is a running simulation: a World, a clock and the sessions issued so
// far. It is safe for concurrent use: every method may be called from any
// goroutine, and requests and changes are serialised.
//
// What a Sim hands out is never modified afterwards, so it may be read from
// any goroutine without locking while the Sim goes on: the World from World,
// the Session of every issued session (with the Role, User and Account it
// points to, as they were when the session was issued), the Role of
// CreateRoleOutput, and traces and errors. World changes apply to a copy
// (see World): the first change after something was handed out copies the
// world, at a cost in proportion to its size, and changes in a row with
// nothing handed out between them copy nothing. The one exception is the
// Clock, which the caller owns: Now and every request read it, so it must be
// safe for concurrent use if the Sim is used concurrently (FakeClock and
// clock.Mock are).
type Sim struct {
	mu       sync.Mutex
	world    *World
	clock    Clock
	sessions map[string]sessionEntry // by access key id
	// cached are the access key ids of the sessions whose principal is
	// built (invalidate drops them).
	cached   []string
	roots    map[string]*principalInfo
	rootKeys map[string]*Account // root access key id -> account
	roleCtx  map[*Role]*policy.Context
	keys     idSource
	issued   int
	// buckets are the accounts' STS request-rate token buckets (quota.go);
	// chg is the state of world changes (changes.go).
	buckets map[string]*stsBucket
	chg     changeState
	// mfaUsed holds the MFA one-time codes already accepted (mfa.go).
	mfaUsed map[mfaUse]bool
	// strs and sessChunk hold the strings and the values of issued
	// sessions, several to an allocation (issue_arena.go).
	strs      stringArena
	sessChunk issuedSessions

	// per-request scratch, reused under mu
	az      authz
	azReq   authzRequest
	reqCtx  policy.Context
	timeCtx policy.Context
	timeAt  time.Time
	timeStr string
	epoch   string
}

// New starts a simulation of world on clk. Any clock with a Now method
// works: *clock.Mock from github.com/benbjohnson/clock, or FakeClock.
func New(world *World, clk Clock) *Sim {
	return &Sim{
		world:    world,
		clock:    clk,
		sessions: make(map[string]sessionEntry, 64),
		roots:    map[string]*principalInfo{},
		rootKeys: map[string]*Account{},
		roleCtx:  map[*Role]*policy.Context{},
		keys:     newIDSource(world.seed + "/sessions"),
	}
}

// sessionEntry is a session as the Sim keeps it: the Session as issued
// (handed out to the caller, and never written again), and its principal
// once the session has made a request since the last change. The
// principal's session is the Sim's own view of the session, whose Role,
// User and Account are the current world's (liveSession).
type sessionEntry struct {
	issued    *Session
	principal *principalInfo
}

// World returns the simulated world as it is now: the World the Sim was
// started with until a change (CreateRole, DeleteRole, AttachPolicy, ...),
// and from then on the Sim's copy. The World returned is a snapshot: the
// Sim never modifies it afterwards (the next change applies to a new copy),
// so it may be read from any goroutine while the Sim goes on; it must not be
// modified. Call World again to see later changes.
func (s *Sim) World() *World {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handOut()
	return s.world
}

// Now returns the simulation clock's current instant.
func (s *Sim) Now() time.Time { return s.clock.Now() }

// UserCredentials returns the long-term access key of the IAM user with the
// given ARN.
func (s *Sim) UserCredentials(userARN string) (Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.world.users[userARN]
	if u == nil {
		return Credentials{}, &Error{Code: CodeNoSuchEntity, HTTPStatus: 404, Message: "The user with ARN " + userARN + " cannot be found."}
	}
	return Credentials{AccessKeyID: u.AccessKeyID, SecretAccessKey: u.SecretAccessKey}, nil
}

// RootCredentials returns a long-term access key of the root user of the
// account.
func (s *Sim) RootCredentials(accountID string) (Credentials, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.world.accounts[accountID]
	if a == nil {
		return Credentials{}, &Error{Code: CodeNoSuchEntity, HTTPStatus: 404, Message: "The account " + accountID + " cannot be found."}
	}
	key := uniqueID(s.world.seed+"/rootkey/"+a.ID, "AKIA", 16)
	s.rootKeys[key] = a
	return Credentials{AccessKeyID: key, SecretAccessKey: secretFor(s.world.seed + "/rootsecret/" + a.ID)}, nil
}

// Session returns the session issued with the given access key id, or nil.
// It is the Session the issuing operation returned, unchanged since: its
// Role, User and Account are as they were at issue (later changes to them
// apply to requests made with the session, not to the Session value).
func (s *Sim) Session(accessKeyID string) *Session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[accessKeyID].issued
}

// record records an issued session under its access key id.
func (s *Sim) record(key string, sess *Session) {
	s.sessions[key] = sessionEntry{issued: sess}
	s.issued++
}

// requestContext resets the scratch request context on top of the caller's
// principal keys and fills the keys every request carries.
func (s *Sim) requestContext(p *principalInfo, now time.Time) *policy.Context {
	tc := s.timeContext(now)
	tc.Parent = p.ctx
	ctx := &s.reqCtx
	ctx.Reset()
	ctx.Parent = tc
	if p.session != nil && p.session.MFA {
		ctx.Set("aws:MultiFactorAuthAge", mfaAgeSeconds(now, p.session.MFAAuthTime))
	}
	return ctx
}

// timeContext returns the layer holding aws:CurrentTime and aws:EpochTime
// for now; it is rebuilt only when the clock has moved, since many requests
// share an instant.
func (s *Sim) timeContext(now time.Time) *policy.Context {
	if !now.Equal(s.timeAt) || s.timeStr == "" {
		s.timeAt = now
		s.timeStr = now.UTC().Format(time.RFC3339)
		s.epoch = strconv.FormatInt(now.Unix(), 10)
		s.timeCtx.Reset()
		s.timeCtx.Set("aws:CurrentTime", s.timeStr)
		s.timeCtx.Set("aws:EpochTime", s.epoch)
	}
	return &s.timeCtx
}

// Session credential shapes: ASIA + 16 base32 characters, a 40-character
// secret and a token of the prefix AWS session tokens share plus 96 base64
// characters (AWS's tokens are longer and of no fixed size; clients must not
// assume one).
const (
	tokenPrefix  = "IQoJb3JpZ2luX2Vj"
	rawKeyBytes  = 10 // -> 16 base32 characters
	rawSecret    = 30 // -> 40 base64 characters
	rawToken     = 72 // -> 96 base64 characters
	rawCredBytes = rawKeyBytes + rawSecret + rawToken
)

const (
	credKeyLen    = 20
	credSecretLen = 40
	credTokenLen  = len(tokenPrefix) + rawToken/3*4
	credLen       = credKeyLen + credSecretLen + credTokenLen
)

// writeCredentials draws a session's access key id, secret and token from
// the simulation's deterministic stream and writes them, in that order, to b.
func (s *Sim) writeCredentials(b *strings.Builder) {
	var buf [credLen]byte
	s.drawCredentials(&buf)
	b.Write(buf[:])
}

// drawCredentials draws a session's access key id, secret and token into
// buf: "ASIA" and the base32 of 10 raw bytes, the base64 of 30, then the
// token prefix and the base64 of 72 (credentials_encode.go).
func (s *Sim) drawCredentials(buf *[credLen]byte) {
	var raw [rawCredBytes]byte
	for i := 0; i < rawCredBytes; i += 8 {
		binary.LittleEndian.PutUint64(raw[i:], s.keys.next())
	}
	copy(buf[:], "ASIA")
	encodeBase32(buf[4:credKeyLen], raw[:rawKeyBytes])
	encodeBase64(buf[credKeyLen:credKeyLen+credSecretLen], raw[rawKeyBytes:rawKeyBytes+rawSecret])
	copy(buf[credKeyLen+credSecretLen:], tokenPrefix)
	encodeBase64(buf[credKeyLen+credSecretLen+len(tokenPrefix):], raw[rawKeyBytes+rawSecret:])
}

// splitCredentials cuts what writeCredentials wrote.
func splitCredentials(all string) (key, secret, token string) {
	return all[:credKeyLen], all[credKeyLen : credKeyLen+credSecretLen], all[credKeyLen+credSecretLen:]
}

// newSessionCredentials draws a session's access key id, secret and token,
// cut from the Sim's string arena.
func (s *Sim) newSessionCredentials() (key, secret, token string) {
	b, start := s.strs.begin(credLen)
	s.writeCredentials(b)
	return splitCredentials(s.strs.end(start))
}

// identityBuf bounds the ARN, id and credentials identifyRoleSession
// assembles on the stack (role and session names of the longest lengths
// AWS allows, 64 each, fit).
const identityBuf = 512

// identifyRoleSession gives a role session its assumed-role ARN (no role path,
// as AWS prints it), its assumed-role id "<role id>:<session>" and its
// credentials, all cut from one string of the Sim's arena, and records it.
func (s *Sim) identifyRoleSession(sess *Session) {
	role := sess.Role
	const pre, mid = "arn:" + partition + ":sts::", ":assumed-role/"
	arnLen := len(pre) + len(role.Account.ID) + len(mid) + len(role.Name) + 1 + len(sess.Name)
	idLen := len(role.ID) + 1 + len(sess.Name)
	n := arnLen + idLen + credLen
	// Assembled in one buffer (on the stack unless the names are longer
	// than AWS allows) and written at once: cheaper than a builder write
	// per part.
	var stack [identityBuf]byte
	buf := stack[:]
	if n > len(buf) {
		buf = make([]byte, n)
	}
	i := copy(buf, pre)
	i += copy(buf[i:], role.Account.ID)
	i += copy(buf[i:], mid)
	i += copy(buf[i:], role.Name)
	buf[i] = '/'
	i++
	i += copy(buf[i:], sess.Name)
	i += copy(buf[i:], role.ID)
	buf[i] = ':'
	i++
	i += copy(buf[i:], sess.Name)
	s.drawCredentials((*[credLen]byte)(buf[i : i+credLen]))
	b, start := s.strs.begin(n)
	b.Write(buf[:n])
	all := s.strs.end(start)
	sess.ARN, sess.AssumedRoleID = all[:arnLen], all[arnLen:arnLen+idLen]
	key, secret, token := splitCredentials(all[arnLen+idLen:])
	// Field by field: a composite literal copied into the heap object
	// costs a bulk write barrier while the GC runs.
	sess.Credentials.AccessKeyID = key
	sess.Credentials.SecretAccessKey = secret
	sess.Credentials.SessionToken = token
	sess.Credentials.Expiration = sess.Expiration
	s.record(key, sess)
}

// traceable is an operation's output that carries its decision trace.
type traceable interface{ setTrace(*Trace) }

// serve runs one operation under the Sim's lock, reading the clock once and
// recording a trace when asked; the trace is attached to the output, or on
// failure to the error.
func serve[O traceable](s *Sim, trace bool, op func(now time.Time, tr *Trace) (O, *Error)) (O, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var tr *Trace
	if trace {
		tr = &Trace{}
	}
	now := s.clock.Now()
	err := clockError(now)
	var out O
	if err == nil {
		out, err = op(now, tr)
	}
	if err != nil {
		err.Trace = tr
		var zero O
		return zero, err
	}
	out.setTrace(tr)
	return out, nil
}

func (o *AssumeRoleOutput) setTrace(t *Trace)                { o.Trace = t }
func (o *AssumeRoleWithSAMLOutput) setTrace(t *Trace)        { o.Trace = t }
func (o *AssumeRoleWithWebIdentityOutput) setTrace(t *Trace) { o.Trace = t }
func (o *GetSessionTokenOutput) setTrace(t *Trace)           { o.Trace = t }
func (o *GetFederationTokenOutput) setTrace(t *Trace)        { o.Trace = t }
