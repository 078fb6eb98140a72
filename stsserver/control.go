package stsserver

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/trail"
)

// The control API, under ControlPrefix (JSON answers):
//
//	GET  /_rolesim/clock                  the fake clock's instant
//	POST /_rolesim/clock/advance?d=1h30m  move it forward by a Go duration
//	POST /_rolesim/clock/set?t=RFC3339    move it to an instant (not backwards)
//	GET  /_rolesim/trace                  the STS requests served, oldest first
//	GET  /_rolesim/trail                  their CloudTrail records, JSON Lines
//	                                      (X-Rolesim-Dropped: older ones dropped;
//	                                      501 and TrailOffMessage with NoTrail)
//
// It carries no authentication: like the endpoint, it is meant for a
// loopback address.

// TrailOffMessage is the control API's error for the trail path when the
// endpoint keeps no CloudTrail records (Options.NoTrail).
const TrailOffMessage = "the trail is off: this endpoint was started with --no-trail (Options.NoTrail) and keeps no CloudTrail records"

// ClockState is the control API's answer about the clock.
type ClockState struct {
	Now string `json:"now"`
}

// TraceState is the control API's answer for the trace.
type TraceState struct {
	Requests []TraceEntry `json:"requests"`
	// Dropped counts the older requests no longer kept.
	Dropped int `json:"dropped"`
}

type controlError struct {
	Error string `json:"error"`
}

func (h *Handler) control(w http.ResponseWriter, r *http.Request) {
	reply := func(code int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(v)
	}
	fail := func(code int, msg string) { reply(code, controlError{Error: msg}) }
	method := func(m string) bool {
		if r.Method != m {
			fail(http.StatusMethodNotAllowed, r.URL.Path+" takes "+m)
			return false
		}
		return true
	}
	switch r.URL.Path {
	case ControlPrefix + "clock":
		if method(http.MethodGet) {
			reply(http.StatusOK, h.clockState())
		}
	case ControlPrefix + "clock/advance", ControlPrefix + "clock/set":
		if !method(http.MethodPost) {
			return
		}
		if h.opts.Clock == nil {
			fail(http.StatusNotImplemented, "this endpoint was started without a clock it may move")
			return
		}
		var (
			to      time.Time
			advance time.Duration
			err     string
		)
		now := h.opts.Clock.Now()
		if r.URL.Path == ControlPrefix+"clock/advance" {
			d, perr := time.ParseDuration(r.URL.Query().Get("d"))
			switch {
			case perr != nil:
				err = "d must be a duration such as 90m or 1h30m: " + perr.Error()
			case d < 0:
				err = "d must not be negative: the clock does not move backwards"
			}
			to, advance = now.Add(d), d
		} else {
			t, perr := time.Parse(time.RFC3339Nano, r.URL.Query().Get("t"))
			switch {
			case perr != nil:
				err = "t must be an RFC 3339 instant such as 2024-01-01T03:00:00Z: " + perr.Error()
			case t.Before(now):
				err = "t is before the clock's " + now.UTC().Format(time.RFC3339Nano) + ": the clock does not move backwards"
			}
			to = t
		}
		if err == "" && (to.After(scenario.MaxTime) || to.Before(scenario.MinTime)) {
			err = "the clock would leave " + scenario.MinTime.Format(time.RFC3339) + " to " + scenario.MaxTime.Format(time.RFC3339) + ", the times aws:CurrentTime can express"
		}
		if err != "" {
			fail(http.StatusBadRequest, err)
			return
		}
		if advance > 0 {
			h.opts.Clock.Add(advance)
		} else if advance == 0 && r.URL.Path == ControlPrefix+"clock/set" {
			h.opts.Clock.Set(to)
		}
		reply(http.StatusOK, h.clockState())
	case ControlPrefix + "trace":
		if method(http.MethodGet) {
			entries, dropped := h.Trace()
			if entries == nil {
				entries = []TraceEntry{}
			}
			reply(http.StatusOK, TraceState{Requests: entries, Dropped: dropped})
		}
	case ControlPrefix + "trail":
		if method(http.MethodGet) {
			if h.opts.NoTrail {
				fail(http.StatusNotImplemented, TrailOffMessage)
				return
			}
			recs, dropped := h.Trail()
			w.Header().Set("Content-Type", "application/x-ndjson")
			w.Header().Set("X-Rolesim-Dropped", strconv.Itoa(dropped))
			_ = trail.Write(w, recs)
		}
	default:
		fail(http.StatusNotFound, "no control endpoint "+r.URL.Path+" (clock, clock/advance, clock/set, trace, trail)")
	}
}

func (h *Handler) clockState() ClockState {
	return ClockState{Now: h.sim.Now().UTC().Format(time.RFC3339Nano)}
}
