package cliprofile

import (
	"strings"

	"github.com/rolesim/rolesim/scenario"
)

// Entry is one key of an INI section: its value, and where it was written.
type Entry struct {
	Value string
	Pos   scenario.Pos
}

// Section is one [header] of an INI file with its keys in file order.
// Keys are lower-cased, as configparser does; a key given twice is
// reported and the first value kept.
type Section struct {
	// Name is the header text between the brackets, trimmed.
	Name string
	Pos  scenario.Pos
	Keys []string
	// Values holds each key's entry.
	Values map[string]Entry
}

// Get returns the value of key and whether the section has it.
func (s *Section) Get(key string) (string, bool) {
	e, ok := s.Values[key]
	return e.Value, ok
}

// ParseINI parses an INI file the way Python's configparser (which botocore
// uses) reads AWS config files: [section] headers, key = value or key: value
// lines, full-line comments starting with # or ;, and indented continuation
// lines that extend the previous value (botocore's nested settings, such as
// s3 =). Inline comments are not stripped (configparser keeps them in the
// value). It returns the sections in file order and every problem found,
// each at its file:line:col; a section given twice is reported, as
// configparser's strict mode does, and its keys are merged.
func ParseINI(file string, data []byte) ([]*Section, scenario.Diagnostics) {
	var (
		secs  []*Section
		byNam = map[string]*Section{}
		diags scenario.Diagnostics
		cur   *Section
		last  string // key that continuation lines extend
	)
	text := strings.TrimPrefix(string(data), "\ufeff")
	lines := strings.Split(text, "\n")
	for i, raw := range lines {
		line := strings.TrimSuffix(raw, "\r")
		pos := func(col int) scenario.Pos { return scenario.Pos{File: file, Line: i + 1, Col: col} }
		trimmed := strings.TrimLeft(line, " \t")
		indent := len(line) - len(trimmed)
		body := strings.TrimRight(trimmed, " \t")
		if body == "" {
			last = ""
			continue
		}
		if body[0] == '#' || body[0] == ';' {
			continue
		}
		if indent > 0 && cur != nil && last != "" {
			e := cur.Values[last]
			e.Value += "\n" + body
			cur.Values[last] = e
			continue
		}
		if body[0] == '[' {
			end := strings.LastIndexByte(body, ']')
			if end < 0 {
				diags.Add(pos(indent+1), "section header %q has no closing ]", body)
				cur, last = nil, ""
				continue
			}
			name := strings.TrimSpace(body[1:end])
			if name == "" {
				diags.Add(pos(indent+1), "empty section header []")
				cur, last = nil, ""
				continue
			}
			if rest := strings.TrimSpace(body[end+1:]); rest != "" {
				diags.Add(pos(indent+end+2), "text after the section header: %q", rest)
			}
			last = ""
			if prev, ok := byNam[name]; ok {
				diags.Add(pos(indent+1), "section [%s] already exists (first at line %d)", name, prev.Pos.Line)
				cur = prev
				continue
			}
			cur = &Section{Name: name, Pos: pos(indent + 1), Values: map[string]Entry{}}
			byNam[name] = cur
			secs = append(secs, cur)
			continue
		}
		d := strings.IndexAny(body, "=:")
		if d < 0 {
			diags.Add(pos(indent+1), "line is neither a [section], a key = value nor a comment: %q", body)
			last = ""
			continue
		}
		key := strings.ToLower(strings.TrimSpace(body[:d]))
		if key == "" {
			diags.Add(pos(indent+1), "a value with no key before %q", body[d:d+1])
			last = ""
			continue
		}
		if cur == nil {
			diags.Add(pos(indent+1), "key %q comes before any [section] header", key)
			last = ""
			continue
		}
		val := strings.TrimSpace(body[d+1:])
		if prev, ok := cur.Values[key]; ok {
			diags.Add(pos(indent+1), "key %q already set in [%s] at line %d", key, cur.Name, prev.Pos.Line)
			last = ""
			continue
		}
		cur.Keys = append(cur.Keys, key)
		cur.Values[key] = Entry{Value: val, Pos: pos(indent + 1)}
		last = key
	}
	diags.Sort()
	return secs, diags
}
