package explain

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestQuote(t *testing.T) {
	yamlDoc := strings.Join([]string{
		"Statement:", // 1
		"  - Sid: A", // 2
		"    Effect: Allow",
		"    Action: s3:*",
		"",
		"    Resource: \"*\"", // 6
		"  - Sid: B",          // 7
		"    Effect: Deny",
		"    Action: '*'",
	}, "\n")
	jsonDoc := strings.Join([]string{
		`policy: |`,
		`  {"Statement": [`,
		`    {"Sid": "A", "Effect": "Allow",`, // 3, statement at col 5
		`     "Action": "s3:*", "Resource": "}{"},`,
		`    {"Sid": "B"}]}`,
	}, "\n")
	long := "Statement:\n  - Sid: Long\n" + strings.Repeat("    Action: x\n", 30)
	tests := []struct {
		name      string
		reason    string
		src       string
		line, col int
		want      []SourceLine
	}{
		{
			name:   "yaml-block",
			reason: "a YAML statement runs to the next line indented less than its first key; blank lines inside are kept, dedented to the list marker",
			src:    yamlDoc, line: 2, col: 5,
			want: []SourceLine{{2, "- Sid: A"}, {3, "  Effect: Allow"}, {4, "  Action: s3:*"}, {5, ""}, {6, `  Resource: "*"`}},
		},
		{
			name:   "yaml-last",
			reason: "the last statement runs to the end of the text",
			src:    yamlDoc, line: 7, col: 5,
			want: []SourceLine{{7, "- Sid: B"}, {8, "  Effect: Deny"}, {9, "  Action: '*'"}},
		},
		{
			name:   "json-braces",
			reason: "a statement starting with { runs to its matching brace; braces inside strings do not count",
			src:    jsonDoc, line: 3, col: 5,
			want: []SourceLine{{3, `{"Sid": "A", "Effect": "Allow",`}, {4, ` "Action": "s3:*", "Resource": "}{"},`}},
		},
		{
			name:   "json-one-line",
			reason: "a statement closed on its own line quotes that line",
			src:    jsonDoc, line: 5, col: 5,
			want: []SourceLine{{5, `{"Sid": "B"}]}`}},
		},
		{
			name:   "truncated",
			reason: "a long statement is cut after 20 lines and marked",
			src:    long, line: 2, col: 5,
			want: func() []SourceLine {
				out := []SourceLine{{2, "- Sid: Long"}}
				for n := 3; n <= 21; n++ {
					out = append(out, SourceLine{n, "  Action: x"})
				}
				return append(out, SourceLine{0, "..."})
			}(),
		},
		{
			name:   "crlf",
			reason: "Windows line ends are not part of the quoted text",
			src:    strings.ReplaceAll(yamlDoc, "\n", "\r\n"), line: 7, col: 5,
			want: []SourceLine{{7, "- Sid: B"}, {8, "  Effect: Deny"}, {9, "  Action: '*'"}},
		},
		{name: "line-out-of-range", reason: "a position past the end quotes nothing", src: yamlDoc, line: 99, col: 1},
		{name: "col-out-of-range", reason: "a column past the line's end quotes nothing", src: yamlDoc, line: 2, col: 80},
		{name: "zero", reason: "an unknown position quotes nothing", src: yamlDoc},
		{name: "no-source", reason: "without the file's text nothing is quoted", line: 2, col: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newSource([]byte(tt.src)).quote(tt.line, tt.col)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
