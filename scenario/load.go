package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest scenario file the loader accepts, in bytes
// (4 MiB).
const MaxFileSize = 4 << 20

// Load reads and validates the scenario file at path. Positions in
// diagnostics name the file by path as given. The error, when not nil, is a
// Diagnostics listing every problem found.
//
// A file that uses fixtures (use:) needs LoadWith and Options.Fixtures;
// include: paths are read relative to the file (compose.go).
func Load(path string) (*Scenario, error) {
	return LoadWith(path, Options{})
}

// LoadFS is Load for a file in fsys, such as an embedded directory of
// examples.
func LoadFS(fsys fs.FS, path string) (*Scenario, error) {
	return LoadFSWith(fsys, path, Options{})
}

// fileError turns an I/O error into Diagnostics that still unwrap to it, so
// that errors.Is(err, fs.ErrNotExist) works.
func fileError(path string, err error) error {
	msg := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		msg = pe.Err.Error()
	}
	return Diagnostics{{Pos: Pos{File: path}, Message: msg, Err: err}}
}

// Parse decodes and validates a scenario held in memory. name is used as the
// file name in positions. The error, when not nil, is a Diagnostics listing
// every problem found, sorted by position.
func Parse(name string, data []byte) (*Scenario, error) {
	return ParseWith(name, data, Options{})
}

// loader holds the state of one Parse.
type loader struct {
	file  string
	data  []byte
	lines []int // byte offset of each line's start; built on demand
	diags Diagnostics
	// noFollow is set when the file uses aliases: they are reported once by
	// checkNodes, and the walk skips alias nodes silently.
	noFollow bool
	// opts, top and origin serve composition (compose.go): the options,
	// the file being loaded, and the file each node of the merged tree
	// comes from when it is not top (nil when nothing is composed).
	opts   Options
	top    *srcFile
	origin map[*yaml.Node]*srcFile
	// docs holds the position and size of every compiled policy document,
	// for the size quotas (quotas.go).
	docs docSizes
	// repeated counts the requests of the repeated steps so far, for
	// maxRepeatTotal (steps_changes.go).
	repeated int
}

func (l *loader) parse() *Scenario {
	root := l.tree()
	if root == nil {
		return nil
	}
	if root = l.compose(root); root == nil {
		return nil
	}
	return l.scenario(root)
}

// checkText reports the first byte sequence YAML does not allow (invalid
// UTF-8 or a control character) with its exact position; yaml.v3 reports
// those without one. It also refuses the line breaks other than \n and
// \r\n that yaml.v3 counts as lines (a lone \r, NEL, U+2028, U+2029):
// positions count lines by \n, as editors and the diagnostics' quoted
// source lines do, and would otherwise point at the wrong line.
func (l *loader) checkText() bool {
	line, col := 1, 1
	data := l.data
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line, col = line+1, 1
				i++
				continue
			case c == '\r' && (i+1 == len(data) || data[i+1] != '\n'):
				l.diags.AddCode(Pos{l.file, line, col}, DiagYAML, "a carriage return (\\r) not followed by a line feed is not supported: YAML reads it as a line break; end lines with \\n or \\r\\n")
				return false
			case c == '\t' || c == '\r' || (c >= 0x20 && c < 0x7f):
			default:
				l.diags.AddCode(Pos{l.file, line, col}, DiagYAML, "control character %U is not allowed in YAML", rune(c))
				return false
			}
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			l.diags.AddCode(Pos{l.file, line, col}, DiagYAML, "file is not valid UTF-8 (byte %#02x)", c)
			return false
		}
		if name := yamlBreak(r); name != "" {
			l.diags.AddCode(Pos{l.file, line, col}, DiagYAML, "%U (%s) is not supported: YAML reads it as a line break; end lines with \\n", r, name)
			return false
		}
		if !yamlPrintable(r) {
			l.diags.AddCode(Pos{l.file, line, col}, DiagYAML, "control character %U is not allowed in YAML", r)
			return false
		}
		i += size
		col++
	}
	return true
}

// yamlBreak names the non-ASCII runes that yaml.v3 reads as line breaks
// (YAML 1.1's), or returns "". The loader counts lines by \n only, so a
// file holding one would get diagnostics on the wrong lines.
func yamlBreak(r rune) string {
	switch r {
	case 0x85:
		return "next line"
	case 0x2028:
		return "line separator"
	case 0x2029:
		return "paragraph separator"
	}
	return ""
}

// yamlPrintable reports whether YAML 1.2 allows the non-ASCII rune r.
func yamlPrintable(r rune) bool {
	return r == 0x85 || (r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// decode parses the single YAML document and returns its top node, or nil
// after reporting why there is none.
func (l *loader) decode() *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(l.data))
	var doc yaml.Node
	err := safeDecode(dec, &doc)
	if err == io.EOF {
		l.diags.AddCode(Pos{l.file, 1, 1}, DiagYAML, "file is empty: expected a scenario map")
		return nil
	}
	if err != nil {
		l.yamlError(err)
		return nil
	}
	var extra yaml.Node
	switch err := safeDecode(dec, &extra); {
	case err == io.EOF:
	case err != nil:
		l.yamlError(err)
	default:
		l.errf(&extra, "more than one YAML document: a scenario file holds exactly one")
	}
	if len(doc.Content) != 1 {
		l.diags.AddCode(Pos{l.file, 1, 1}, DiagYAML, "file is empty: expected a scenario map")
		return nil
	}
	return doc.Content[0]
}

// safeDecode guards against a panic inside the YAML parser: bad input must
// give a diagnostic, never a crash.
func safeDecode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: internal parser error: %v", r)
		}
	}()
	return dec.Decode(n)
}

// yamlError turns a yaml.v3 syntax error ("yaml: line N: problem") into a
// diagnostic. yaml.v3 gives no column, and for some problems no line; the
// line is then found by parsing ever longer prefixes of the file.
func (l *loader) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if i := strings.Index(rest, ": "); i > 0 {
			if n, err := strconv.Atoi(rest[:i]); err == nil {
				line, msg = n, rest[i+2:]
			}
		}
	} else {
		line = l.errorLine(err.Error())
	}
	if line < 1 {
		line = 1
	}
	if at := l.breakLine(err.Error(), line); at > line {
		l.diags.AddCode(Pos{l.file, at, l.indentCol(at)}, DiagYAML, "invalid YAML: %s (this line breaks the block that starts at line %d: check its indentation)", msg, line)
		return
	}
	if col := l.tabIndent(line); col > 0 {
		l.diags.AddCode(Pos{l.file, line, col}, DiagYAML, "invalid YAML: %s: a tab in the indentation (YAML indents with spaces)", msg)
		return
	}
	l.diags.AddCode(Pos{l.file, line, 1}, DiagYAML, "invalid YAML: %s", msg)
}

// maxBisect bounds the size of a file whose syntax error line is searched
// for by re-parsing prefixes (about 20 parses).
const maxBisect = 512 << 10

// errorLine finds the first line whose inclusion makes the parser fail with
// text, by bisecting over line prefixes; 0 when not found or the file is
// too big to search.
func (l *loader) errorLine(text string) int {
	if len(l.data) > maxBisect {
		return 0
	}
	starts := l.lineStarts()
	fails := func(k int) bool { // the first k lines fail with text
		end := len(l.data)
		if k < len(starts) {
			end = starts[k]
		}
		dec := yaml.NewDecoder(bytes.NewReader(l.data[:end]))
		for {
			var n yaml.Node
			err := safeDecode(dec, &n)
			if err == nil {
				continue
			}
			return err.Error() == text
		}
	}
	lo, hi := 1, len(starts)
	if !fails(hi) {
		return 0
	}
	for lo < hi {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// lineStarts returns the byte offset at which each line starts.
func (l *loader) lineStarts() []int {
	if l.lines == nil {
		l.lines = append(l.lines, 0)
		for i, c := range l.data {
			if c == '\n' && i+1 < len(l.data) {
				l.lines = append(l.lines, i+1)
			}
		}
	}
	return l.lines
}

// sourceLine returns the text of 1-based line n without its line break.
func (l *loader) sourceLine(n int) (string, bool) {
	starts := l.lineStarts()
	if n < 1 || n > len(starts) {
		return "", false
	}
	s := l.data[starts[n-1]:]
	if i := bytes.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return string(bytes.TrimSuffix(s, []byte("\r"))), true
}

// supportedTags are the YAML tags a scenario may write explicitly.
var supportedTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true,
	"!!map": true, "!!seq": true, "!!timestamp": true,
}

// checkNodes rejects anchors, aliases and unsupported explicit tags anywhere
// in the tree. Refusing aliases outright also rules out alias bombs.
func (l *loader) checkNodes(n *yaml.Node) {
	if n.Anchor != "" {
		l.errc(n, DiagYAML, "YAML anchors are not supported (&%s): repeat the content instead", n.Anchor)
	}
	switch n.Kind {
	case yaml.AliasNode:
		l.errc(n, DiagYAML, "YAML aliases are not supported (*%s): repeat the content instead", n.Value)
		l.noFollow = true
		return
	case yaml.ScalarNode, yaml.MappingNode, yaml.SequenceNode:
		if n.Style&yaml.TaggedStyle != 0 && !supportedTags[n.Tag] {
			l.errc(n, DiagYAML, "YAML tag %s is not supported", n.Tag)
		}
	}
	for _, c := range n.Content {
		l.checkNodes(c)
	}
}
