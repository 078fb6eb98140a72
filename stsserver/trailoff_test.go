package stsserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestNoTrail: with Options.NoTrail the endpoint keeps and writes no
// CloudTrail record, for calls answered, refused or expired, while the
// trace still lists every request; the control API's trail path says the
// trail is off.
func TestNoTrail(t *testing.T) {
	for _, tt := range []struct {
		name, reason string
		noTrail      bool
		records      int // records kept and lines written
	}{
		{"on", "the default: the calls' records are kept and written", false, 4},
		{"off", "NoTrail: none, though a writer is given", true, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var file bytes.Buffer
			e := newEnv(t, Options{NoTrail: tt.noTrail, Trail: &file})
			dev := e.session(t, e.alice, devARN, "&DurationSeconds=900")            // answered
			serve(t, e.h, e.alice.post(ar+"&RoleSessionName=s2&DurationSeconds=1")) // refused
			serve(t, e.h, dev.post(gciBody))                                        // answered
			e.clk.Add(time.Hour)
			dev.clock = e.clk.Now
			serve(t, e.h, dev.post(gciBody)) // ExpiredToken

			recs, dropped := e.h.Trail()
			lines := bytes.Count(file.Bytes(), []byte("\n"))
			if len(recs) != tt.records || lines != tt.records || dropped != 0 {
				t.Errorf("%s: %d records kept, %d lines written, %d dropped; want %d, %d, 0", tt.reason, len(recs), lines, dropped, tt.records, tt.records)
			}
			if entries, _ := e.h.Trace(); len(entries) != 4 {
				t.Errorf("the trace holds %d requests, want all 4", len(entries))
			}

			w := httptest.NewRecorder()
			e.h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://sts.test"+ControlPrefix+"trail", nil))
			var answer controlError
			_ = json.Unmarshal(w.Body.Bytes(), &answer)
			switch {
			case !tt.noTrail && w.Code != 200:
				t.Errorf("GET trail with the trail on: %d %s", w.Code, w.Body)
			case tt.noTrail && (w.Code != http.StatusNotImplemented || answer.Error != TrailOffMessage):
				t.Errorf("GET trail with the trail off: %d %s; want 501 and %q", w.Code, w.Body, TrailOffMessage)
			}
		})
	}
}
