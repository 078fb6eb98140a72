package stsserver

import (
	"sync"
	"time"
)

// RunningClock is a fake clock that runs on its own: from the instant it
// was started (or last moved) it goes Speed times as fast as the wall clock
// it reads, and Add and Set move it as a FakeClock's do. With the endpoint's
// wall-clock expiration mode (Options.WallClock) it lets an SDK's
// credential cache see its sessions expire in a short test: at Speed 900 a
// 15-minute session ends after one second of wall time. It is safe for
// concurrent use.
type RunningClock struct {
	mu    sync.Mutex
	wall  func() time.Time
	speed float64
	fake  time.Time // the fake instant at wallAt
	at    time.Time
}

// NewRunningClock returns a clock standing at start now, running speed
// times as fast as wall (a speed of 0 or less is 1).
func NewRunningClock(start time.Time, wall func() time.Time, speed float64) *RunningClock {
	if speed <= 0 {
		speed = 1
	}
	return &RunningClock{wall: wall, speed: speed, fake: start, at: wall()}
}

// Speed is how many fake seconds pass in one wall-clock second.
func (c *RunningClock) Speed() float64 { return c.speed }

// Now returns the fake instant.
func (c *RunningClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now(c.wall())
}

func (c *RunningClock) now(wall time.Time) time.Time {
	return c.fake.Add(time.Duration(float64(wall.Sub(c.at)) * c.speed))
}

// Add moves the clock forward by d.
func (c *RunningClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := c.wall()
	c.fake, c.at = c.now(w).Add(d), w
}

// Set moves the clock to t.
func (c *RunningClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.fake, c.at = t, c.wall()
}

// toWall converts a span of fake time to the wall time it takes to pass.
func (c *RunningClock) toWall(d time.Duration) time.Duration {
	return time.Duration(float64(d) / c.speed)
}
