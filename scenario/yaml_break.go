package scenario

// breakLine finds the line that breaks a YAML file when yaml.v3 reports
// the error at an earlier one (line), as it does for a mis-indented key:
// "line 4: did not find expected key" names the block the key should have
// continued, not the key. It is the first line whose inclusion makes the
// file fail with the same error (errorLine); 0 when that is not after
// line.
func (l *loader) breakLine(text string, line int) int {
	at := l.errorLine(text)
	if at <= line {
		return 0
	}
	return at
}

// indentCol is the column of the first character of line n that is not a
// space (1 for a blank or missing line).
func (l *loader) indentCol(n int) int {
	s, ok := l.sourceLine(n)
	if !ok {
		return 1
	}
	return min(leadingSpaces(s), len(s)) + 1
}

// tabIndent is the column of the first tab in the indentation of line n,
// or 0 when its indentation has none.
func (l *loader) tabIndent(n int) int {
	s, ok := l.sourceLine(n)
	if !ok {
		return 0
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t':
			return i + 1
		case ' ':
		default:
			return 0
		}
	}
	return 0
}
