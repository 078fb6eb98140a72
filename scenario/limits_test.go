package scenario

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// repeatedSteps returns n whoami steps of stepsHead, each repeated count
// times; step k (from 1) stands on line 8+2(k-1).
func repeatedSteps(n int, count string) string {
	return strings.Repeat("  - repeat: "+count+"\n    whoami: arn:aws:iam::111111111111:user/u\n", n)
}

// TestRepeatTotal checks the bound on the requests all repeated steps of
// a scenario send: reported once, at the step that crosses it, naming the
// total.
func TestRepeatTotal(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		steps  string
		want   []string
	}{
		{
			name:   "at the bound",
			reason: "ten steps of 100,000 requests make exactly the 1,000,000 a scenario may send",
			steps:  repeatedSteps(10, "100000"),
		},
		{
			name:   "past the bound",
			reason: "the eleventh step of 100,000 crosses the bound; it alone is reported, with the total",
			steps:  repeatedSteps(400, "100000"),
			want: []string{
				`s.yaml:28:13: repeat.count: with these 100000, the scenario's repeated steps send 1100000 requests in all, more than the 1000000 allowed`,
			},
		},
		{
			name:   "spread form",
			reason: "the count of the map form counts too, reported at the count",
			steps:  repeatedSteps(10, "100000") + "  - repeat: {count: 1, over: 1s}\n    whoami: arn:aws:iam::111111111111:user/u\n",
			want: []string{
				`s.yaml:28:21: repeat.count: with these 1, the scenario's repeated steps send 1000001 requests in all, more than the 1000000 allowed`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, stepsHead+tt.steps)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestClockRange checks that no clock setting moves the fake clock past
// 9999-12-31T23:59:59Z (or before year 0), where aws:CurrentTime no longer
// parses: the start, advance to, the sum of advances and a spread repeat.
func TestClockRange(t *testing.T) {
	const head = `name: t
start: 9999-12-31T00:00:00Z
accounts:
  - id: "111111111111"
    users: [{name: u}]
steps:
`
	tests := []struct {
		name   string
		reason string
		src    string
		want   []string
	}{
		{
			name:   "up to the last second",
			reason: "advances may bring the clock to 9999-12-31T23:59:59Z exactly",
			src:    head + "  - advance: 23h\n  - advance: 59m\n  - advance: {to: 9999-12-31T23:59:59Z}\n",
		},
		{
			name:   "sum of advances",
			reason: "the advance that takes the clock past the bound is reported with where it goes; the clock stays, so a later small advance is fine",
			src:    head + "  - advance: 23h\n  - advance: 2h\n  - advance: 30m\n",
			want: []string{
				`s.yaml:8:14: advance: 2h from 9999-12-31T23:00:00Z moves the fake clock to 10000-01-01T01:00:00Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
			},
		},
		{
			name:   "advance to",
			reason: "a time past the bound, here through its offset, is refused at the time",
			src:    head + "  - advance: {to: 9999-12-31T23:59:59-01:00}\n  - advance: {to: 9999-12-31T23:59:59.5Z}\n",
			want: []string{
				`s.yaml:7:19: advance.to: 9999-12-31T23:59:59-01:00 moves the fake clock to 10000-01-01T00:59:59Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
				`s.yaml:8:19: advance.to: 9999-12-31T23:59:59.5Z moves the fake clock to 9999-12-31T23:59:59.5Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
			},
		},
		{
			name:   "repeat over",
			reason: "a repeat spread over an interval moves the clock too",
			src:    head + "  - advance: 23h\n  - repeat: {count: 2, over: 2h}\n    whoami: arn:aws:iam::111111111111:user/u\n",
			want: []string{
				`s.yaml:8:30: repeat.over: 2h from 9999-12-31T23:00:00Z moves the fake clock to 10000-01-01T01:00:00Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
			},
		},
		{
			name:   "start",
			reason: "a start outside the range is refused, once: the steps are then checked from the default start",
			src:    strings.Replace(head, "9999-12-31T00:00:00Z", "9999-12-31T23:59:59-00:01", 1) + "  - advance: 2h\n",
			want: []string{
				`s.yaml:2:8: scenario.start: 9999-12-31T23:59:59-00:01 moves the fake clock to 10000-01-01T00:00:59Z, past 9999-12-31T23:59:59Z, the latest time aws:CurrentTime can express`,
			},
		},
		{
			name:   "start before year 0",
			reason: "a year-0 start with a positive offset falls in year -1, which RFC 3339 cannot write",
			src:    strings.Replace(head, "9999-12-31T00:00:00Z", "0000-01-01T00:00:00+01:00", 1),
			want: []string{
				`s.yaml:2:8: scenario.start: 0000-01-01T00:00:00+01:00 puts the fake clock at -0001-12-31T23:00:00Z, before 0000-01-01T00:00:00Z, the earliest time aws:CurrentTime can express`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, tt.src)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestDiagnosticsCapped checks that a file with 10,000 problems reports
// the first 100 by position and one line for the rest.
func TestDiagnosticsCapped(t *testing.T) {
	src := "name: t\naccounts:\n  - id: \"111111111111\"\nsteps:\n" + strings.Repeat("  - advance: -1m\n", 10_000)
	got := diagLines(t, src)
	if len(got) != MaxDiagnostics+1 {
		t.Fatalf("%d lines, want %d", len(got), MaxDiagnostics+1)
	}
	for i, line := range got[:MaxDiagnostics] {
		want := "s.yaml:" + strconv.Itoa(5+i) + ":14: advance: the duration must be positive, got -1m"
		if line != want {
			t.Fatalf("line %d = %q, want %q (the first problems by position)", i+1, line, want)
		}
	}
	if want := "s.yaml:105:14: and 9900 more problems"; got[MaxDiagnostics] != want {
		t.Errorf("last line = %q, want %q", got[MaxDiagnostics], want)
	}
}

// TestCapAfterSort checks Diagnostics.Err's cap on lists built directly:
// it keeps the first problems by position whatever the order they were
// found in, and its summary sorts after them.
func TestCapAfterSort(t *testing.T) {
	at := func(line int) Pos { return Pos{File: "s.yaml", Line: line, Col: 1} }
	lines := func(from, to int) []string {
		var out []string
		for i := from; i <= to; i++ {
			out = append(out, "s.yaml:"+strconv.Itoa(i)+":1: problem")
		}
		return out
	}
	tests := []struct {
		name   string
		reason string
		build  func() Diagnostics
		want   []string
	}{
		{
			name:   "reverse order",
			reason: "problems found last but placed first are the ones kept",
			build: func() Diagnostics {
				var ds Diagnostics
				for i := 10_000; i >= 1; i-- {
					ds.Add(at(i), "problem")
				}
				return ds
			},
			want: append(lines(1, 100), "s.yaml:101:1: and 9900 more problems"),
		},
		{
			name:   "at the cap",
			reason: "100 problems are all listed, with no summary",
			build: func() Diagnostics {
				var ds Diagnostics
				for i := 1; i <= 100; i++ {
					ds.Add(at(i), "problem")
				}
				return ds
			},
			want: lines(1, 100),
		},
		{
			name:   "one over",
			reason: "the summary of a single problem is singular",
			build: func() Diagnostics {
				var ds Diagnostics
				for i := 1; i <= 101; i++ {
					ds.Add(at(i), "problem")
				}
				return ds
			},
			want: append(lines(1, 100), "s.yaml:101:1: and 1 more problem"),
		},
		{
			name:   "tie at the cut",
			reason: "the summary shares the 100th problem's position and sorts before its text, so that problem is left out too",
			build: func() Diagnostics {
				var ds Diagnostics
				for i := 1; i <= 99; i++ {
					ds.Add(at(i), "problem")
				}
				ds.Add(at(100), "y")
				ds.Add(at(100), "b")
				ds.Add(at(100), "x")
				return ds
			},
			want: append(lines(1, 99), "s.yaml:100:1: and 3 more problems"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.build().Err()
			got := strings.Split(err.Error(), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
			ds := err.(Diagnostics)
			for i := 1; i < len(ds); i++ {
				if a, b := ds[i-1], ds[i]; a.Pos.Line > b.Pos.Line || a.Pos.Line == b.Pos.Line && a.Message > b.Message {
					t.Errorf("%q sorts after %q", a.Error(), b.Error())
				}
			}
			if again := ds.Err().Error(); again != err.Error() {
				t.Errorf("capping the capped list again changed it (-first +again):\n%s", cmp.Diff(err.Error(), again))
			}
		})
	}
}

// TestLongValuesElided checks that diagnostics quote at most MaxEcho
// characters of a value, however it was printed, and say how long it was.
func TestLongValuesElided(t *testing.T) {
	big := strings.Repeat("a", 1<<20)
	src := "name: \"x y" + big + "\"\nregion: " + big + "\naccounts:\n  - id: \"111111111111\"\n    users: [{name: u}]\nsteps:\n  - whoami: " + big + "\n"
	got := diagLines(t, src)
	prefix := strings.Repeat("a", MaxEcho)
	want := []string{
		`s.yaml:1:7: scenario.name: "x y` + prefix[:MaxEcho-3] + `…(1048579 characters)" may contain only letters, digits and ._-`,
		`s.yaml:2:9: scenario.region: "` + prefix + `…(1048576 characters)" is not a region name like us-east-1`,
		`s.yaml:7:13: whoami: step "` + prefix + `…(1048576 characters)" is not an earlier step that issues credentials`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("each 1 MB value is quoted by its first %d characters and its length (-want +got):\n%s", MaxEcho, diff)
	}
}

// TestElideMessage checks the elision of the values a message quotes and
// of an overlong message.
func TestElideMessage(t *testing.T) {
	long := strings.Repeat("é", 100)
	tests := []struct {
		name, reason string
		msg, want    string
	}{
		{"short", "a short message is kept", `key "x" is unknown`, `key "x" is unknown`},
		{"quoted", "a long quoted value keeps MaxEcho characters (not bytes) and its length",
			`value ` + strconv.Quote(long) + ` is bad`, `value "` + strings.Repeat("é", MaxEcho) + `…(100 characters)" is bad`},
		{"escaped", "a value with escapes is counted unquoted and re-quoted",
			strconv.Quote(strings.Repeat("\n", 70)) + " here", `"` + strings.Repeat(`\n`, MaxEcho) + `…(70 characters)" here`},
		{"elided", "an elided value is not elided again", `v "` + strings.Repeat("a", MaxEcho) + `…(70 characters)" w` + strings.Repeat(".", 80),
			`v "` + strings.Repeat("a", MaxEcho) + `…(70 characters)" w` + strings.Repeat(".", 80)},
		{"unbalanced", "a stray quote is kept as text", `a "b` + strings.Repeat("c", 80), `a "b` + strings.Repeat("c", 80)},
		{"overlong", "a message over 1024 characters keeps its first 1024", strings.Repeat("m", 2000), strings.Repeat("m", 1024) + "…(2000 characters)"},
	}
	for _, tt := range tests {
		if got := elideMessage(tt.msg); got != tt.want {
			t.Errorf("%s: elideMessage = %q, want %q (%s)", tt.name, got, tt.want, tt.reason)
		}
	}
}

// BenchmarkManyProblems loads a file of 10,000 steps with an unknown key
// each: 20,000 problems, 101 reported (the did-you-mean search built a
// string replacer per candidate key before: 77 µs a problem).
func BenchmarkManyProblems(b *testing.B) {
	src := []byte("name: t\naccounts:\n  - id: \"111111111111\"\nsteps:\n" + strings.Repeat("- {x: 1}\n", 10_000))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("s.yaml", src); err == nil {
			b.Fatal("the file loaded")
		}
	}
}
