package stsserver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestControl drives the control API: the clock moves forward only, within
// the fake clock's range, and the trace lists the requests without secrets.
func TestControl(t *testing.T) {
	e := newEnv(t, Options{})
	call := func(method, path string) (int, map[string]any) {
		t.Helper()
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, httptest.NewRequest(method, path, nil))
		var v map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			t.Fatalf("%s %s: not JSON: %v\n%s", method, path, err, w.Body)
		}
		return w.Code, v
	}
	tests := []struct {
		name, reason string
		method, path string
		status       int
		now          string // "" when not checked
	}{
		{"read", "the clock at the start", "GET", "/_rolesim/clock", 200, "2024-01-01T00:00:00Z"},
		{"advance", "a Go duration", "POST", "/_rolesim/clock/advance?d=1h30m", 200, "2024-01-01T01:30:00Z"},
		{"set", "an RFC 3339 instant", "POST", "/_rolesim/clock/set?t=2024-01-02T00:00:00Z", 200, "2024-01-02T00:00:00Z"},
		{"backwards", "set does not move back", "POST", "/_rolesim/clock/set?t=2024-01-01T00:00:00Z", 400, ""},
		{"negative", "advance does not move back", "POST", "/_rolesim/clock/advance?d=-1h", 400, ""},
		{"bad duration", "d must parse", "POST", "/_rolesim/clock/advance?d=soon", 400, ""},
		{"wrong method", "advance takes POST", "GET", "/_rolesim/clock/advance?d=1h", 405, ""},
		{"unknown", "no such control endpoint", "GET", "/_rolesim/nope", 404, ""},
		{"last instant", "the clock's last instant", "POST", "/_rolesim/clock/set?t=9999-12-31T23:59:59Z", 200, "9999-12-31T23:59:59Z"},
		{"out of range", "past the times aws:CurrentTime can express", "POST", "/_rolesim/clock/advance?d=1s", 400, ""},
	}
	for _, tt := range tests {
		code, v := call(tt.method, tt.path)
		if code != tt.status {
			t.Errorf("%s (%s): status %d, want %d: %v", tt.name, tt.reason, code, tt.status, v)
		}
		if tt.now != "" && v["now"] != tt.now {
			t.Errorf("%s (%s): now %v, want %s", tt.name, tt.reason, v["now"], tt.now)
		}
	}
	if got := e.clk.Now().Format("2006-01-02T15:04:05Z"); got != "9999-12-31T23:59:59Z" {
		t.Errorf("the Sim's clock after the control calls: %s", got)
	}
	e.clk.Set(e.clk.Now().AddDate(-9000, 0, 0))

	serve(t, e.h, e.alice.post(ar+"&RoleSessionName=s1"))
	serve(t, e.h, e.alice.post("Action=Nope&Version=2011-06-15"))
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/_rolesim/trace", nil))
	var tr TraceState
	if err := json.Unmarshal(w.Body.Bytes(), &tr); err != nil {
		t.Fatal(err)
	}
	if len(tr.Requests) != 2 || tr.Requests[0].Action != "AssumeRole" || tr.Requests[0].Status != 200 ||
		tr.Requests[0].Arn != "arn:aws:sts::111111111111:assumed-role/Dev/s1" || tr.Requests[1].Error != "InvalidAction" {
		t.Errorf("trace: %+v", tr.Requests)
	}
	secret := e.alice.creds.SecretAccessKey
	if body := w.Body.String(); len(secret) == 0 || contains(body, secret) || contains(body, "SessionToken") {
		t.Errorf("the trace shows a secret:\n%s", body)
	}
}

// TestTraceLimit: the trace keeps the newest TraceLimit requests and
// counts the others.
func TestTraceLimit(t *testing.T) {
	e := newEnv(t, Options{TraceLimit: 3})
	for i := 0; i < 5; i++ {
		serve(t, e.h, e.alice.post("Action=GetCallerIdentity&Version=2011-06-15"))
	}
	entries, dropped := e.h.Trace()
	if len(entries) != 3 || dropped != 2 || entries[0].Seq != 3 || entries[2].Seq != 5 {
		t.Errorf("trace of 5 requests kept 3: %d entries (first %d), %d dropped", len(entries), entries[0].Seq, dropped)
	}
}

func contains(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && (s == sub || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
