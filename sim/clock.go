package sim

import (
	"errors"
	"sync"
	"time"

	"github.com/rolesim/rolesim/scenario"
)

// Clock is the time source the simulator reads. *clock.Mock and the real
// clock from github.com/benbjohnson/clock satisfy it, and so does FakeClock.
type Clock interface {
	Now() time.Time
}

// FakeClock is a manual clock that moves only when told to. Unlike
// clock.Mock, Set and Add never sleep, so a scenario with many clock advances
// costs nothing. It is safe for concurrent use.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock returns a clock standing at t.
func NewFakeClock(t time.Time) *FakeClock { return &FakeClock{now: t} }

// Now returns the clock's current instant.
func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Add moves the clock forward by d.
func (c *FakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *FakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// checkClock returns an error when t lies outside the fake clock's range,
// scenario.MinTime to scenario.MaxTime: past it aws:CurrentTime no longer
// parses and every Date condition stops applying. what names the setting
// ("advance 2h"), for the message.
func checkClock(what string, t time.Time) error {
	if t.After(scenario.MaxTime) || t.Before(scenario.MinTime) {
		return errors.New(what + " would put the fake clock at " + t.UTC().Format(time.RFC3339Nano) + ", outside " +
			scenario.MinTime.Format(time.RFC3339) + " to " + scenario.MaxTime.Format(time.RFC3339) + ", the times aws:CurrentTime can express")
	}
	return nil
}

// CodeClockOutOfRange is the code of the error every request gets while the
// Sim's clock lies outside scenario.MinTime..scenario.MaxTime (a clock the
// caller moved there): aws:CurrentTime could not be written, and evaluating
// Date conditions against nothing would fail open. It is rolesim's, not
// AWS's.
const CodeClockOutOfRange = "ClockOutOfRange"

// clockError refuses a request made at an instant the clock may not show.
func clockError(now time.Time) *Error {
	if err := checkClock("the Sim's clock", now); err != nil {
		return &Error{Code: CodeClockOutOfRange, HTTPStatus: 400, Message: "rolesim: " + err.Error()}
	}
	return nil
}
