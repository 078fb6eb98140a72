package stsserver

import (
	"bytes"
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"testing"
)

// BenchmarkServeAssumeRole is one signed AssumeRole round trip through the
// handler: parse the form, verify the SigV4 signature, run AssumeRole on the
// Sim and write the XML answer (the client's signing is done once, outside
// the loop). The STS quota is raised so that no request is throttled while
// the fake clock stands still.
func BenchmarkServeAssumeRole(b *testing.B) { benchServeAssumeRole(b, Options{}) }

// BenchmarkServeAssumeRoleNoTrail is BenchmarkServeAssumeRole with the
// CloudTrail trail off (Options.NoTrail): what building and keeping each
// call's record costs.
func BenchmarkServeAssumeRoleNoTrail(b *testing.B) { benchServeAssumeRole(b, Options{NoTrail: true}) }

func benchServeAssumeRole(b *testing.B, opts Options) {
	sc := loadTestWorld(b)
	sc.Quotas.STSRequestsPerSecond = 1 << 30
	sc.Quotas.STSBurst = 1 << 30
	e := newEnvFrom(b, sc, opts)
	body := []byte(ar + "&RoleSessionName=s1&DurationSeconds=900")
	signed := e.alice.post(string(body))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := signed.Clone(signed.Context())
		r.Body = io.NopCloser(bytes.NewReader(body))
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// BenchmarkServeLoopback is the same signed AssumeRole through a real HTTP
// server on loopback (httptest), one keep-alive client: the endpoint's
// throughput including the network stack.
func BenchmarkServeLoopback(b *testing.B) {
	sc := loadTestWorld(b)
	sc.Quotas.STSRequestsPerSecond = 1 << 30
	sc.Quotas.STSBurst = 1 << 30
	e := newEnvFrom(b, sc, Options{})
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	body := []byte(ar + "&RoleSessionName=s1&DurationSeconds=900")
	signed := e.alice.post(string(body))
	u, _ := url.Parse(srv.URL)
	client := srv.Client()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := signed.Clone(context.Background())
		r.RequestURI = ""
		r.URL = u
		r.Body = io.NopCloser(bytes.NewReader(body))
		resp, err := client.Do(r)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
