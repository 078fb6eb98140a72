package assertions

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
)

// benchT runs subtests as testing.T does, each in a goroutine of its own,
// and collects failures; it lets a benchmark drive the same code path as
// RunDir.
type benchT struct {
	mu     sync.Mutex
	failed []string
}

func (b *benchT) Helper()   {}
func (b *benchT) Parallel() {}
func (b *benchT) Errorf(format string, args ...any) {
	b.mu.Lock()
	b.failed = append(b.failed, fmt.Sprintf(format, args...))
	b.mu.Unlock()
}
func (b *benchT) Fatalf(format string, args ...any) { b.Errorf(format, args...) }
func (b *benchT) Skipf(string, ...any)              { runtime.Goexit() }
func (b *benchT) Run(_ string, f func(*benchT)) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(b)
	}()
	<-done
	return true
}

// BenchmarkRunDir runs every example through RunDir's code path end to end
// per iteration: walking the directory, loading each file (with fixtures),
// building its world, playing its steps, and one subtest per scenario and
// per step. The target is under 50 ms for all the examples.
func BenchmarkRunDir(b *testing.B) {
	b.ReportAllocs()
	c := newConfig(nil)
	for i := 0; i < b.N; i++ {
		t := &benchT{}
		runDir(t, "../examples", c)
		if len(t.failed) > 0 {
			b.Fatalf("examples failed: %s", t.failed[0])
		}
	}
}
