package sim

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/scenario"
)

// TestTruncateSecond checks truncateSecond against time.Truncate, with
// and without a monotonic reading, before year 1, and in other zones.
func TestTruncateSecond(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	times := []time.Time{
		time.Now(), // carries a monotonic reading
		time.Now().Add(1500 * time.Millisecond),
		time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 1, 1, 0, 0, 0, 999_999_999, time.UTC),
		time.Date(2024, 1, 1, 23, 59, 59, 1, tokyo),
		time.Date(-5, 3, 1, 0, 0, 4, 300_000_000, time.UTC),
		{},
	}
	for _, tm := range times {
		got, want := truncateSecond(tm), tm.Truncate(time.Second)
		if got != want || got.String() != want.String() {
			t.Errorf("truncateSecond(%v) = %v, want %v", tm, got, want)
		}
	}
}

// TestStringArenaStrings checks that strings cut from the arena keep their
// contents while later ones are written after them, across chunk changes,
// and that chunks double up to issueArenaMax (a larger string gets a chunk
// of its own).
func TestStringArenaStrings(t *testing.T) {
	var a stringArena
	var got, want []string
	var caps []int
	for i := 0; i < 400; i++ {
		s := strings.Repeat(strconv.Itoa(i%10), 1+i%300)
		if i == 200 {
			s = strings.Repeat("L", issueArenaMax+1) // larger than any chunk
		}
		b, start := a.begin(len(s))
		before := b.Cap()
		b.WriteString(s)
		if b.Cap() != before {
			t.Fatalf("string %d: the builder grew from %d to %d: begin reserved too little", i, before, b.Cap())
		}
		got = append(got, a.end(start))
		want = append(want, s)
		if start == 0 && i != 200 { // a new chunk, not the large string's own
			caps = append(caps, b.Cap())
		}
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("string %d changed: %.20q..., want %.20q...", i, got[i], want[i])
		}
	}
	if caps[0] != issueArenaMin || caps[1] != 2*issueArenaMin {
		t.Errorf("chunk sizes %v, want %d then %d first", caps, issueArenaMin, 2*issueArenaMin)
	}
	for _, c := range caps {
		if c > issueArenaMax {
			t.Errorf("chunk of %d bytes, want at most %d", c, issueArenaMax)
		}
	}
}

// TestIssuedSessionsChunks checks that issued sessions are distinct,
// zeroed, and come in chunks of 1, 2, 4, ... issueChunkSessions.
func TestIssuedSessionsChunks(t *testing.T) {
	var c issuedSessions
	seen := map[*issuedSession]bool{}
	var sizes []int
	for i := 0; i < 100; i++ {
		empty := len(c.free) == 0
		iss := c.next()
		if empty {
			sizes = append(sizes, c.n)
		}
		if seen[iss] {
			t.Fatalf("session %d handed out twice", i)
		}
		seen[iss] = true
		if iss.Session.Name != "" || iss.out.Session != nil {
			t.Fatalf("session %d not zeroed", i)
		}
		iss.Session.Name = "used"
		iss.out.Session = &iss.Session
	}
	want := []int{1, 2, 4, 8, 16, 16, 16, 16, 16, 16}
	if len(sizes) != len(want) {
		t.Fatalf("chunk sizes %v, want %v", sizes, want)
	}
	for i := range want {
		if sizes[i] != want[i] {
			t.Fatalf("chunk sizes %v, want %v", sizes, want)
		}
	}
}

// TestIssuedSessionsStayPut checks through the API that sessions issued
// from shared chunks keep their own values: a thousand AssumeRole calls,
// each session's ARN, id and credentials checked after all of them.
func TestIssuedSessionsStayPut(t *testing.T) {
	s, _ := newTestSim(t, credWorld)
	unthrottled(s)
	alice, err := s.UserCredentials(aliceARN)
	if err != nil {
		t.Fatal(err)
	}
	type issued struct {
		out  *AssumeRoleOutput
		name string
		copy Credentials
	}
	var all []issued
	keys := map[string]bool{}
	for i := 0; i < 1000; i++ {
		name := "s" + strconv.Itoa(i)
		out, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String(name)})
		if err != nil {
			t.Fatal(err)
		}
		if keys[out.Credentials.AccessKeyID] {
			t.Fatalf("session %d: access key id %s issued twice", i, out.Credentials.AccessKeyID)
		}
		keys[out.Credentials.AccessKeyID] = true
		all = append(all, issued{out, name, out.Credentials})
	}
	for i, is := range all {
		o := is.out
		if !strings.HasSuffix(o.AssumedRoleUser.Arn, "/"+is.name) || !strings.HasSuffix(o.AssumedRoleUser.AssumedRoleID, ":"+is.name) ||
			o.Session.ARN != o.AssumedRoleUser.Arn || o.Session.Name != is.name {
			t.Fatalf("session %d: %q %q %q", i, o.AssumedRoleUser.Arn, o.AssumedRoleUser.AssumedRoleID, o.Session.Name)
		}
		if o.Credentials != is.copy || o.Session.Credentials != is.copy || s.Session(is.copy.AccessKeyID) != o.Session {
			t.Fatalf("session %d: credentials changed: %+v, issued %+v", i, o.Credentials, is.copy)
		}
	}
}

// TestChainedAssumeRoleAllocs bounds the allocations of the chained hop of
// BenchmarkChainedAssumeRole: the session, its response and its strings
// come from shared chunks, so a thousand hops average under one allocation
// each (before the chunks: two each).
func TestChainedAssumeRoleAllocs(t *testing.T) {
	sc, err := scenario.Load("testdata/org-chain.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc.Quotas.STSRequestsPerSecond, sc.Quotas.STSBurst = 1_000_000, 1_000_000
	w, err := NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	s := New(w, NewFakeClock(sc.Start))
	alice, err := s.UserCredentials("arn:aws:iam::222222222222:user/engineers/alice")
	if err != nil {
		t.Fatal(err)
	}
	dev, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String("arn:aws:iam::222222222222:role/Dev"), RoleSessionName: String("alice")})
	if err != nil {
		t.Fatal(err)
	}
	in := &AssumeRoleInput{RoleArn: String("arn:aws:iam::333333333333:role/ci/Tooling"), RoleSessionName: String("alice-ci")}
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := s.AssumeRole(dev.Credentials, in); err != nil {
			t.Fatal(err)
		}
	})
	if allocs >= 1 {
		t.Errorf("a chained AssumeRole makes %v allocations on average, want under 1", allocs)
	}
}

// TestIdentifyRoleSession checks the assumed-role ARN, id and credentials
// identifyRoleSession assembles, for names of ordinary and of the longest
// lengths and for names longer than its stack buffer holds.
func TestIdentifyRoleSession(t *testing.T) {
	for _, c := range []struct{ role, id, name string }{
		{"Tooling", "AROAEXAMPLEEXAMPLE123", "alice-ci"},
		{strings.Repeat("r", 64), "AROAEXAMPLEEXAMPLE123", strings.Repeat("n", 64)},
		{strings.Repeat("r", 200), strings.Repeat("I", 200), strings.Repeat("n", 200)}, // past identityBuf
	} {
		s := &Sim{keys: newIDSource("seed/sessions"), sessions: map[string]sessionEntry{}}
		ref := newIDSource("seed/sessions")
		for k := 0; k < 3; k++ {
			role := &Role{Name: c.role, ID: c.id, Account: &Account{ID: "333333333333"}}
			sess := &Session{Role: role, Name: c.name, Expiration: scenarioStart.Add(time.Hour)}
			s.identifyRoleSession(sess)
			wantARN := "arn:aws:sts::333333333333:assumed-role/" + c.role + "/" + c.name
			creds := stdlibCredentials(&ref)
			key, secret, token := splitCredentials(creds)
			if sess.ARN != wantARN || sess.AssumedRoleID != c.id+":"+c.name {
				t.Errorf("%d-character role: ARN %q, id %q", len(c.role), sess.ARN, sess.AssumedRoleID)
			}
			if sess.Credentials != (Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: token, Expiration: sess.Expiration}) {
				t.Errorf("%d-character role: credentials %+v, want %q %q %q", len(c.role), sess.Credentials, key, secret, token)
			}
			if s.Session(key) != sess {
				t.Errorf("%d-character role: the session is not recorded under %s", len(c.role), key)
			}
		}
	}
}
