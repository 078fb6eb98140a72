package scenario

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a position in a scenario file: file name, 1-based line and column.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats the position as file:line:col (or a shorter form when
// parts are unknown).
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// DiagCode classifies a load diagnostic for tools (editors, CI annotations):
// the kind of problem, stable across releases, whatever the message says.
type DiagCode string

// The diagnostic codes.
const (
	// DiagInvalid: a value the format does not accept (the default).
	DiagInvalid DiagCode = "invalid"
	// DiagYAML: the file is not YAML the loader reads (syntax, indentation,
	// encoding, line breaks, anchors and tags, size).
	DiagYAML DiagCode = "yaml"
	// DiagUnknownKey: a key the map does not accept.
	DiagUnknownKey DiagCode = "unknown-key"
	// DiagDuplicateKey: a key written twice.
	DiagDuplicateKey DiagCode = "duplicate-key"
	// DiagMissingKey: a required key absent or null.
	DiagMissingKey DiagCode = "missing-key"
	// DiagType: a value of the wrong kind (a list where a string goes).
	DiagType DiagCode = "type"
	// DiagPolicy: a policy document IAM would refuse (MalformedPolicyDocument).
	DiagPolicy DiagCode = "policy"
	// DiagQuota: an IAM or Organizations quota exceeded.
	DiagQuota DiagCode = "quota"
	// DiagFile: a file that cannot be read (missing, unreadable, or a
	// directory without scenarios).
	DiagFile DiagCode = "file"
	// DiagMore: the last line of a capped list, "and N more problems".
	DiagMore DiagCode = "more"
)

// Diagnostic is one problem found while loading a scenario.
type Diagnostic struct {
	Pos     Pos
	Message string
	// Code is the kind of problem.
	Code DiagCode
	// Err is the underlying error when the problem is not in the file's
	// content (for example fs.ErrNotExist); nil otherwise.
	Err error
	// more, when not zero, makes this the last line of a capped list,
	// standing for that many problems left out (see MaxDiagnostics).
	more int
}

// Error formats the diagnostic as file:line:col: message.
func (d *Diagnostic) Error() string {
	return d.Pos.String() + ": " + d.Message
}

// Unwrap returns the underlying error, if any.
func (d *Diagnostic) Unwrap() error { return d.Err }

// Diagnostics is the list of every problem found in a load, sorted by
// position.
type Diagnostics []*Diagnostic

// Error joins all diagnostics, one per line.
func (ds Diagnostics) Error() string {
	var b strings.Builder
	for i, d := range ds {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Unwrap returns the diagnostics as a list of errors, so that errors.Is and
// errors.As look into each of them.
func (ds Diagnostics) Unwrap() []error {
	errs := make([]error, len(ds))
	for i, d := range ds {
		errs[i] = d
	}
	return errs
}

// Add appends a diagnostic. Long values quoted in the message are elided
// (see MaxEcho), and so is the end of an overlong message.
func (ds *Diagnostics) Add(pos Pos, format string, args ...any) {
	ds.AddCode(pos, DiagInvalid, format, args...)
}

// AddCode appends a diagnostic of the given kind, as Add does.
func (ds *Diagnostics) AddCode(pos Pos, code DiagCode, format string, args ...any) {
	*ds = append(*ds, &Diagnostic{Pos: pos, Message: elideMessage(fmt.Sprintf(format, args...)), Code: code})
}

// Sort orders the diagnostics by file, line, column, then message.
func (ds Diagnostics) Sort() {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Message < b.Message
	})
}

// MaxDiagnostics is the most problems a list reports: Err keeps the first
// MaxDiagnostics by position and ends the list with one more diagnostic,
// "and N more problems", at the position of the first problem left out.
const MaxDiagnostics = 100

// Err returns the sorted list as an error, or nil when it is empty. A list
// longer than MaxDiagnostics is cut after sorting (see MaxDiagnostics).
func (ds Diagnostics) Err() error {
	if len(ds) == 0 {
		return nil
	}
	ds.Sort()
	return ds.capped()
}

// capped cuts a sorted list to MaxDiagnostics problems and a summary of
// the rest. The summary sorts after the problems kept: when it shares the
// last one's position and its text sorts first, the problems after it at
// that position are left out too.
func (ds Diagnostics) capped() Diagnostics {
	if len(ds) <= MaxDiagnostics || len(ds) == MaxDiagnostics+1 && ds[MaxDiagnostics].more > 0 {
		return ds
	}
	weight := func(d *Diagnostic) int {
		if d.more > 0 {
			return d.more
		}
		return 1
	}
	keep, left := MaxDiagnostics, 0
	for _, d := range ds[MaxDiagnostics:] {
		left += weight(d)
	}
	summary := func() *Diagnostic {
		msg := "and " + strconv.Itoa(left) + " more problems"
		if left == 1 {
			msg = "and 1 more problem"
		}
		return &Diagnostic{Pos: ds[keep].Pos, Message: msg, Code: DiagMore, more: left}
	}
	s := summary()
	for keep > 0 && ds[keep-1].Pos == s.Pos && ds[keep-1].Message > s.Message {
		keep--
		left += weight(ds[keep])
		s = summary()
	}
	out := make(Diagnostics, keep, keep+1)
	copy(out, ds[:keep])
	return append(out, s)
}

// MaxEcho is the most characters of a value a diagnostic quotes: a longer
// one keeps its first MaxEcho characters, then "…(N characters)".
const MaxEcho = 64

// maxMessage is the most characters of a diagnostic's message; the rest is
// elided the same way.
const maxMessage = 1024

// elide shortens s to its first MaxEcho characters and its length, when
// it is longer.
func elide(s string) string {
	return elideAt(s, MaxEcho)
}

// elideAt shortens s to its first n characters and its length, when it
// is longer and not already so shortened.
func elideAt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	count := utf8.RuneCountInString(s)
	if count <= n {
		return s
	}
	cut, i := 0, 0
	for cut = range s {
		if i == n {
			break
		}
		i++
	}
	if isElided(s[cut:]) {
		return s
	}
	return s[:cut] + "…(" + strconv.Itoa(count) + " characters)"
}

// isElided tells whether s is the tail elideAt writes: "…(N characters)".
func isElided(s string) bool {
	digits, ok := strings.CutPrefix(s, "…(")
	if !ok {
		return false
	}
	digits, ok = strings.CutSuffix(digits, " characters)")
	if !ok || digits == "" {
		return false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// elideMessage elides every Go-quoted string in msg longer than MaxEcho
// characters (the values a message echoes with %q), then the end of a
// message still longer than maxMessage.
func elideMessage(msg string) string {
	if len(msg) <= MaxEcho {
		return msg
	}
	var b strings.Builder
	rest := msg
	for {
		i := strings.IndexByte(rest, '"')
		if i < 0 {
			break
		}
		q, err := strconv.QuotedPrefix(rest[i:])
		if err != nil {
			b.WriteString(rest[:i+1])
			rest = rest[i+1:]
			continue
		}
		b.WriteString(rest[:i])
		rest = rest[i+len(q):]
		if len(q) <= MaxEcho+2 {
			b.WriteString(q)
			continue
		}
		v, err := strconv.Unquote(q)
		if e := elide(v); err == nil && e != v {
			b.WriteString(strconv.Quote(e))
		} else {
			b.WriteString(q)
		}
	}
	b.WriteString(rest)
	return elideAt(b.String(), maxMessage)
}
