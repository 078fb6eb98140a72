package sim

import (
	"strings"
	"time"
)

// Issuing a session allocates the session (with its response) and its
// strings: the assumed-role ARN and id, the access key id, the secret and
// the session token. Both come from per-Sim chunks that hold several
// sessions, so that the hot path of a busy Sim (thousands of sessions)
// makes well under one allocation per session, while a Sim that issues a
// handful makes small chunks only: chunk sizes double from one session's
// worth up to issueChunkSessions sessions.
//
// A chunk is only ever appended to, never rewritten: what a Sim has handed
// out stays unchanged, as the Sim promises. Sessions are kept for the
// Sim's lifetime, so grouping them costs no memory; a caller that keeps a
// single Session keeps its chunk alive (at most issueChunkSessions
// sessions, or issueArenaMax bytes of strings).

const (
	issueChunkSessions = 16   // most sessions in a chunk of issuedSession
	issueArenaMin      = 512  // first string chunk, in bytes
	issueArenaMax      = 8192 // largest string chunk, in bytes
)

// stringArena hands out strings cut from shared chunks: a strings.Builder
// with spare capacity, whose String at any time is the chunk so far;
// appending later writes past its end only, so strings cut from it never
// change.
type stringArena struct {
	b strings.Builder
}

// begin returns the builder to write a string of n bytes to, with room for
// all of them, and where the string starts; end cuts it.
func (a *stringArena) begin(n int) (b *strings.Builder, start int) {
	if a.b.Cap()-a.b.Len() < n {
		size := min(max(2*a.b.Cap(), issueArenaMin), issueArenaMax)
		a.b = strings.Builder{}
		a.b.Grow(max(size, n))
	}
	return &a.b, a.b.Len()
}

// end returns what was written since begin returned start.
func (a *stringArena) end(start int) string {
	return a.b.String()[start:]
}

// issuedSessions hands out zeroed issuedSession values from shared chunks.
type issuedSessions struct {
	free []issuedSession
	n    int // size of the last chunk
}

// next returns a zeroed issuedSession.
func (c *issuedSessions) next() *issuedSession {
	if len(c.free) == 0 {
		c.n = min(max(2*c.n, 1), issueChunkSessions)
		c.free = make([]issuedSession, c.n)
	}
	iss := &c.free[0]
	c.free = c.free[1:]
	return iss
}

// truncateSecond is t.Truncate(time.Second), the instant a session is
// issued at, without Truncate's general division: a second's remainder is
// the nanosecond field.
func truncateSecond(t time.Time) time.Time {
	t = t.Round(0) // drop any monotonic reading, as Truncate does
	return t.Add(-time.Duration(t.Nanosecond()))
}
