package golden

import (
	"strconv"
	"strings"
)

// contextLines is how many unchanged lines Diff shows around a change.
const contextLines = 2

// maxDiffCells bounds the work of the longest-common-subsequence table; past
// it Diff shows the first differing line and the rest of both texts' ends.
const maxDiffCells = 4 << 20

// Diff returns a line diff of want and got: hunks headed by
// "@@ golden line N, actual line M @@", unchanged lines prefixed "  ",
// golden-only lines "- " and actual-only lines "+ ". It is deterministic
// (unlike go-cmp's text), so command output stays byte-identical. "" when
// the texts are equal.
func Diff(want, got []byte) string {
	if string(want) == string(got) {
		return ""
	}
	a, b := splitLines(string(want)), splitLines(string(got))
	ops := lineOps(a, b)
	var out strings.Builder
	// Emit hunks: runs of changes with contextLines of context around.
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-contextLines)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			// A run of unchanged lines longer than twice the context
			// ends the hunk.
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*contextLines {
				end = min(end+contextLines, len(ops))
				break
			}
			end = run
		}
		out.WriteString("@@ golden line " + strconv.Itoa(ops[start].a+1) + ", actual line " + strconv.Itoa(ops[start].b+1) + " @@\n")
		for _, op := range ops[start:end] {
			out.WriteByte(op.kind)
			out.WriteByte(' ')
			out.WriteString(op.text)
			out.WriteByte('\n')
		}
		i = end
	}
	return out.String()
}

// op is one line of a diff: kind ' ', '-' or '+', the line, and the 0-based
// line numbers in a and b at that point.
type op struct {
	kind byte
	text string
	a, b int
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	} else {
		lines[len(lines)-1] += " (no newline at end)"
	}
	return lines
}

// lineOps computes an edit script from a to b by longest common
// subsequence, after trimming the common prefix and suffix.
func lineOps(a, b []string) []op {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []op
	for i := 0; i < pre; i++ {
		ops = append(ops, op{' ', a[i], i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if (len(ma)+1)*(len(mb)+1) > maxDiffCells {
		for i, l := range ma {
			ops = append(ops, op{'-', l, pre + i, pre})
		}
		for j, l := range mb {
			ops = append(ops, op{'+', l, pre + len(ma), pre + j})
		}
	} else {
		// lcs[i][j] is the LCS length of ma[i:] and mb[j:].
		n, m := len(ma), len(mb)
		lcs := make([]int32, (n+1)*(m+1))
		at := func(i, j int) *int32 { return &lcs[i*(m+1)+j] }
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				if ma[i] == mb[j] {
					*at(i, j) = *at(i+1, j+1) + 1
				} else {
					*at(i, j) = max(*at(i+1, j), *at(i, j+1))
				}
			}
		}
		i, j := 0, 0
		for i < n || j < m {
			switch {
			case i < n && j < m && ma[i] == mb[j]:
				ops = append(ops, op{' ', ma[i], pre + i, pre + j})
				i++
				j++
			case i < n && (j == m || *at(i+1, j) >= *at(i, j+1)):
				ops = append(ops, op{'-', ma[i], pre + i, pre + j})
				i++
			default:
				ops = append(ops, op{'+', mb[j], pre + i, pre + j})
				j++
			}
		}
	}
	for k := 0; k < suf; k++ {
		ia, ib := len(a)-suf+k, len(b)-suf+k
		ops = append(ops, op{' ', a[ia], ia, ib})
	}
	return ops
}
