package policy

// maxSuggestDistance is the most edits a misspelt operator may be from the
// operator suggested for it.
const maxSuggestDistance = 2

// suggestOperator returns the condition operator an unknown one was
// probably meant to be: the closest spelling, ignoring case, among every
// operator with its optional ForAllValues:/ForAnyValue: prefix and
// IfExists suffix, at most maxSuggestDistance edits away (one for names of
// five letters or fewer); "" when none is that close. Ties go to the first
// in AWS's order of operators, without prefix or suffix first. It runs
// only for an operator the compiler refuses, so a misspelling stays an
// error (an operator rolesim does not model never allows silently).
func suggestOperator(name string) string {
	if len(name) > 64 {
		return ""
	}
	limit := maxSuggestDistance
	if len(name) <= 5 {
		limit = 1
	}
	var buf [128]byte // prefix + operator + suffix, on the stack
	best, bestD := "", limit+1
	for _, suffix := range [...]string{"", "IfExists"} {
		for _, prefix := range [...]string{"", "ForAllValues:", "ForAnyValue:"} {
			for _, d := range operators {
				if d.fam == famNull && (prefix != "" || suffix != "") {
					continue
				}
				n := len(prefix) + len(d.name) + len(suffix)
				if n-len(name) >= bestD || len(name)-n >= bestD {
					continue
				}
				cand := append(append(append(buf[:0], prefix...), d.name...), suffix...)
				if dist := foldDistance(name, cand, bestD-1); dist < bestD {
					if dist == 0 {
						return "" // a valid spelling refused for another reason
					}
					best, bestD = string(cand), dist
				}
			}
		}
	}
	return best
}

// foldDistance is the edit distance between a and b, ignoring ASCII case,
// when it is at most limit (not negative), and limit+1 otherwise. Both
// have at most 127 bytes; only the band of cells within limit of the
// diagonal is computed.
func foldDistance(a string, b []byte, limit int) int {
	if len(a) > 127 || len(b) > 127 || len(a)-len(b) > limit || len(b)-len(a) > limit {
		return limit + 1
	}
	far := limit + 1
	var rows [2][128]int
	prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1]
	for j := range prev {
		prev[j] = min(j, far)
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(len(b), i+limit)
		cur[lo-1] = far
		rowMin := far
		if lo == 1 {
			cur[0] = min(i, far)
			rowMin = cur[0]
		}
		for j := lo; j <= hi; j++ {
			cost := 1
			if lowerASCII(a[i-1]) == lowerASCII(b[j-1]) {
				cost = 0
			}
			c := min(prev[j-1]+cost, far)
			if j < i+limit {
				c = min(c, prev[j]+1)
			}
			if j > lo || lo == 1 {
				c = min(c, cur[j-1]+1)
			}
			cur[j] = c
			rowMin = min(rowMin, c)
		}
		if hi < len(b) {
			cur[hi+1] = far
		}
		if rowMin > limit {
			return far
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], far)
}
