package stsserver

import (
	"strconv"
	"sync"
	"testing"
)

// TestConcurrentRequests: signed AssumeRole requests from several
// goroutines at once (run under -race in CI) all succeed, and no session or
// trace entry is lost or issued twice.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t, Options{})
	const workers, each = 4, 50
	keys := make(chan string, workers*each)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				res := serve(t, e.h, e.alice.post(ar+"&RoleSessionName=w"+strconv.Itoa(w)+"-"+strconv.Itoa(i)))
				key, _ := res.xml.path("AssumeRoleResult/Credentials/AccessKeyId")
				keys <- key
			}
		}(w)
	}
	wg.Wait()
	close(keys)
	seen := map[string]bool{}
	for k := range keys {
		if k == "" || seen[k] {
			t.Fatalf("access key %q missing or issued twice", k)
		}
		seen[k] = true
	}
	entries, dropped := e.h.Trace()
	ids := map[string]bool{}
	for _, en := range entries {
		if en.Status != 200 || ids[en.RequestID] || !seen[en.IssuedAccessKeyID] {
			t.Fatalf("trace entry %+v: failed, repeated or not a session issued", en)
		}
		ids[en.RequestID] = true
	}
	if len(seen) != workers*each || len(entries) != workers*each || dropped != 0 {
		t.Errorf("%d sessions, %d trace entries (%d dropped); want %d each", len(seen), len(entries), dropped, workers*each)
	}
}

// TestKeyCacheBounded: the signing-key cache never holds more than
// maxCachedKeys keys, and a key is the one derived from its own secret.
func TestKeyCacheBounded(t *testing.T) {
	var c keyCache
	sg := &signature{scopeDate: "20240101", region: "us-east-1", service: "sts", terminator: scopeEnd}
	for i := 0; i <= maxCachedKeys; i++ {
		c.key("secret"+strconv.Itoa(i), sg)
		if len(c.keys) > maxCachedKeys {
			t.Fatalf("%d keys cached after %d secrets", len(c.keys), i+1)
		}
	}
	if got, want := c.key("secret1", sg), signingKey("secret1", sg); string(got) != string(want) {
		t.Error("a cached key differs from the one derived")
	}
	if string(c.key("a", sg)) == string(c.key("b", sg)) {
		t.Error("two secrets share a key")
	}
}

// TestThrottlingUnderConcurrentLoad: a thousand signed AssumeRole requests
// from several goroutines at one fake instant meet STS's 600-per-second
// quota exactly as the simulator's timeline does: 600 sessions and 400
// Throttling errors (BenchmarkThrottledBurst's prediction), whatever the
// interleaving.
func TestThrottlingUnderConcurrentLoad(t *testing.T) {
	e := newEnv(t, Options{})
	const workers, each = 4, 250
	var mu sync.Mutex
	counts := map[string]int{}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				res := serve(t, e.h, e.alice.post(ar+"&RoleSessionName=burst"))
				mu.Lock()
				counts[strconv.Itoa(res.status)+" "+res.code()]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	want := map[string]int{"200 ": 600, "400 Throttling": 400}
	if len(counts) != len(want) || counts["200 "] != 600 || counts["400 Throttling"] != 400 {
		t.Errorf("outcomes %v, want %v", counts, want)
	}
}
