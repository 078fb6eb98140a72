package stsserver

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rolesim/rolesim/scenario"
)

// loopback is a real HTTP server on 127.0.0.1 (httptest) over an endpoint
// whose STS quota is raised, so that no request of a load is throttled
// while the fake clock stands still.
func loopback(t testing.TB, opts Options) (*testEnv, *httptest.Server) {
	t.Helper()
	sc := loadTestWorld(t)
	sc.Quotas.STSRequestsPerSecond = 1 << 30
	sc.Quotas.STSBurst = 1 << 30
	e := newEnvFrom(t, sc, opts)
	srv := httptest.NewServer(e.h)
	t.Cleanup(srv.Close)
	return e, srv
}

// send sends a request signed by post (for host sts.test, kept as the Host
// header) to the loopback server and returns its status and body.
func send(client *http.Client, u *url.URL, signed *http.Request, body []byte) (int, []byte, error) {
	r := signed.Clone(context.Background())
	r.RequestURI = ""
	r.URL = u
	r.Body = io.NopCloser(bytes.NewReader(body))
	resp, err := client.Do(r)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// assumeResult is the part of an AssumeRole answer the load test checks.
type assumeResult struct {
	AccessKeyID string `xml:"AssumeRoleResult>Credentials>AccessKeyId"`
	ARN         string `xml:"AssumeRoleResult>AssumedRoleUser>Arn"`
}

// heap returns the live heap after a collection.
func heap() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestLoad is a bounded load on a loopback server (a fixed number of
// requests, so it stops by itself; run under -race in CI): concurrent
// clients each assume Dev with session names of their own; every request
// issues exactly one session, under the name it asked for, none lost or
// issued twice, and the trace and trail account for each once. Then the
// same clients send many more GetCallerIdentity requests, which keep no
// state but the bounded trace and trail: the live heap grows by less than
// 64 bytes a request.
func TestLoad(t *testing.T) {
	const clients, each, limit = 8, 100, 200
	e, srv := loopback(t, Options{TraceLimit: limit})
	u, _ := url.Parse(srv.URL)
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = clients
	client.Timeout = time.Minute // a hung server fails the test instead of blocking it

	type issued struct{ name, key, arn string }
	var mu sync.Mutex
	var got []issued
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				name := "c" + strconv.Itoa(c) + "-" + strconv.Itoa(i)
				body := ar + "&RoleSessionName=" + name
				status, b, err := send(client, u, e.alice.post(body), []byte(body))
				var res assumeResult
				if err == nil && status == 200 {
					err = xml.Unmarshal(b, &res)
				}
				if err != nil || status != 200 {
					errs <- &loadError{name, status, err, b}
					return
				}
				mu.Lock()
				got = append(got, issued{name, res.AccessKeyID, res.ARN})
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, g := range got {
		s := e.h.Sim().Session(g.key)
		switch {
		case g.key == "" || keys[g.key]:
			t.Fatalf("%s: access key %q missing or issued twice", g.name, g.key)
		case s == nil || s.Name != g.name || g.arn != "arn:aws:sts::111111111111:assumed-role/Dev/"+g.name:
			t.Fatalf("%s: key %s is not the session asked for (%v, %s)", g.name, g.key, s, g.arn)
		}
		keys[g.key] = true
	}
	entries, dropped := e.h.Trace()
	recs, recDropped := e.h.Trail()
	if len(got) != clients*each || len(entries)+dropped != clients*each || len(recs)+recDropped != clients*each {
		t.Fatalf("%d sessions, %d+%d trace entries, %d+%d records; want %d each", len(got), len(entries), dropped, len(recs), recDropped, clients*each)
	}
	seqs, events := map[int]bool{}, map[string]bool{}
	for _, en := range entries {
		if en.Status != 200 || seqs[en.Seq] || !keys[en.IssuedAccessKeyID] {
			t.Fatalf("trace entry %+v: failed, repeated or not a session issued", en)
		}
		seqs[en.Seq] = true
	}
	for _, r := range recs {
		if r.ResponseElements == nil || events[r.EventID] || !keys[r.ResponseElements.Credentials.AccessKeyID] {
			t.Fatalf("record %s: refused, repeated or not a session issued", r.EventID)
		}
		events[r.EventID] = true
	}

	// Flat memory: the second, larger round of stateless requests retains
	// no more than the first left (the rings are full after it).
	who := "Action=GetCallerIdentity&Version=2011-06-15"
	signed := e.alice.post(who)
	round := func(n int) {
		var wg sync.WaitGroup
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < n; i++ {
					if status, b, err := send(client, u, signed, []byte(who)); err != nil || status != 200 {
						t.Errorf("GetCallerIdentity: %d %v %s", status, err, b)
						return
					}
				}
			}()
		}
		wg.Wait()
	}
	round(2 * limit / clients)
	before := heap()
	const more = 5000
	round(more / clients)
	after := heap()
	entries, _ = e.h.Trace()
	recs, _ = e.h.Trail()
	if len(entries) != limit || len(recs) != limit {
		t.Errorf("rings hold %d trace entries and %d records; want %d each", len(entries), len(recs), limit)
	}
	t.Logf("live heap %d bytes before, %d after %d more requests", before, after, more)
	if after > before && after-before > 64*more {
		t.Errorf("live heap grew by %d bytes over %d stateless requests (%d a request); want under 64 a request", after-before, more, (after-before)/more)
	}
}

type loadError struct {
	name   string
	status int
	err    error
	body   []byte
}

func (e *loadError) Error() string {
	return e.name + ": status " + strconv.Itoa(e.status) + ": " + func() string {
		if e.err != nil {
			return e.err.Error()
		}
		return string(e.body)
	}()
}

// TestSessionMemoryBounded: each session the endpoint issues retains a
// bounded share of the heap (its Sim entry, trace entry and record): 2,000
// more AssumeRole requests grow the live heap by less than 8 KiB each.
func TestSessionMemoryBounded(t *testing.T) {
	const n = 2000
	e := newEnvFrom(t, func() *scenario.Scenario {
		sc := loadTestWorld(t)
		sc.Quotas.STSRequestsPerSecond = 1 << 30
		sc.Quotas.STSBurst = 1 << 30
		return sc
	}(), Options{TraceLimit: n})
	body := []byte(ar + "&RoleSessionName=s1")
	signed := e.alice.post(string(body))
	serveN := func(k int) {
		for i := 0; i < k; i++ {
			r := signed.Clone(signed.Context())
			r.Body = io.NopCloser(bytes.NewReader(body))
			w := httptest.NewRecorder()
			e.h.ServeHTTP(w, r)
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
	}
	serveN(100)
	before := heap()
	serveN(n)
	after := heap()
	runtime.KeepAlive(e.h) // the sessions are the handler's: measured live
	if per := (after - min(after, before)) / n; per > 8<<10 {
		t.Errorf("each session retains %d bytes; want under 8 KiB", per)
	} else {
		t.Logf("%d bytes retained per session (Sim entry, trace entry, trail record)", per)
	}
}

// BenchmarkLoopbackLatency sends signed AssumeRole requests to a real
// server on loopback and reports the latency of the round trips: p50-µs
// and p99-µs over every request, from 1 and from 8 concurrent keep-alive
// clients (the request is signed once, outside the timing).
func BenchmarkLoopbackLatency(b *testing.B) {
	for _, clients := range []int{1, 8} {
		b.Run("clients="+strconv.Itoa(clients), func(b *testing.B) {
			e, srv := loopback(b, Options{})
			u, _ := url.Parse(srv.URL)
			client := srv.Client()
			client.Transport.(*http.Transport).MaxIdleConnsPerHost = clients
			body := []byte(ar + "&RoleSessionName=s1&DurationSeconds=900")
			signed := e.alice.post(string(body))
			lat := make([]time.Duration, b.N)
			var next sync.Mutex
			n := 0
			b.ReportAllocs()
			b.ResetTimer()
			var wg sync.WaitGroup
			for c := 0; c < clients; c++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						next.Lock()
						i := n
						n++
						next.Unlock()
						if i >= b.N {
							return
						}
						start := time.Now()
						status, _, err := send(client, u, signed, body)
						lat[i] = time.Since(start)
						if err != nil || status != 200 {
							b.Errorf("status %d: %v", status, err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1e3, "p50-µs")
			b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Nanoseconds())/1e3, "p99-µs")
		})
	}
}
