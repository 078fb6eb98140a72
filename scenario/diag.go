package scenario

import (
	"fmt"
	"sort"
	"strings"
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

// Diagnostic is one problem found while loading a scenario.
type Diagnostic struct {
	Pos     Pos
	Message string
	// Err is the underlying error when the problem is not in the file's
	// content (for example fs.ErrNotExist); nil otherwise.
	Err error
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

// Add appends a diagnostic.
func (ds *Diagnostics) Add(pos Pos, format string, args ...any) {
	*ds = append(*ds, &Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
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

// Err returns the sorted list as an error, or nil when it is empty.
func (ds Diagnostics) Err() error {
	if len(ds) == 0 {
		return nil
	}
	ds.Sort()
	return ds
}
