package explain

import "strings"

// maxQuoteLines bounds how much of a statement is quoted.
const maxQuoteLines = 20

// source is a scenario file's text, split into lines for quoting.
type source struct {
	lines []string
}

func newSource(src []byte) *source {
	if len(src) == 0 {
		return &source{}
	}
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	return &source{lines: strings.Split(text, "\n")}
}

// quote returns the lines of the statement that starts at line:col
// (1-based): up to the matching brace when it starts with "{" (a JSON
// policy or a YAML flow mapping), else the YAML block of keys indented at
// least as far as its first key. Lines are dedented to their common
// indentation. It returns nil when the position is outside the text.
func (s *source) quote(line, col int) []SourceLine {
	if line < 1 || line > len(s.lines) || col < 1 {
		return nil
	}
	first := s.lines[line-1]
	if col-1 >= len(first) {
		return nil
	}
	var end int
	if first[col-1] == '{' {
		end = s.braceEnd(line, col)
	} else {
		end = s.blockEnd(line, col)
	}
	truncated := end-line+1 > maxQuoteLines
	if truncated {
		end = line + maxQuoteLines - 1
	}
	out := make([]SourceLine, 0, end-line+1)
	indent := -1
	for n := line; n <= end; n++ {
		text := strings.TrimRight(s.lines[n-1], " \t")
		if strings.TrimSpace(text) != "" {
			lead := len(text) - len(strings.TrimLeft(text, " "))
			if indent < 0 || lead < indent {
				indent = lead
			}
		}
		out = append(out, SourceLine{Line: n, Text: text})
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1].Text) == "" {
		out = out[:len(out)-1]
	}
	for i := range out {
		if len(out[i].Text) >= indent && indent > 0 {
			out[i].Text = out[i].Text[indent:]
		}
	}
	if truncated {
		out = append(out, SourceLine{Text: "..."})
	}
	return out
}

// blockEnd returns the last line of the YAML block mapping whose first key
// is at line:col.
func (s *source) blockEnd(line, col int) int {
	end := line
	for n := line + 1; n <= len(s.lines); n++ {
		text := s.lines[n-1]
		trimmed := strings.TrimLeft(text, " ")
		if trimmed == "" {
			continue
		}
		if len(text)-len(trimmed) < col-1 {
			break
		}
		end = n
	}
	return end
}

// braceEnd returns the line of the brace that closes the one at line:col,
// skipping braces inside quoted strings; the last line when none does.
func (s *source) braceEnd(line, col int) int {
	depth := 0
	var quote byte
	for n := line; n <= len(s.lines); n++ {
		text := s.lines[n-1]
		start := 0
		if n == line {
			start = col - 1
		}
		for i := start; i < len(text); i++ {
			c := text[i]
			switch {
			case quote != 0:
				if c == '\\' && quote == '"' {
					i++
				} else if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '{':
				depth++
			case c == '}':
				depth--
				if depth == 0 {
					return n
				}
			}
		}
	}
	return len(s.lines)
}
