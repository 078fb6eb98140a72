package policy

import (
	"strings"
	"testing"
)

func TestSuggestOperator(t *testing.T) {
	tests := []struct {
		name, reason, op, want string
	}{
		{"missing s", "one letter short", "StringEqual", "StringEquals"},
		{"IfExist", "the suffix one letter short", "StringEqualsIfExist", "StringEqualsIfExists"},
		{"ForAnyValues", "the prefix one letter long", "ForAnyValues:StringLike", "ForAnyValue:StringLike"},
		{"ForAllValue", "the prefix one letter short", "ForAllValue:StringEquals", "ForAllValues:StringEquals"},
		{"IpAddres", "a letter missing", "IpAddres", "IpAddress"},
		{"lower case", "case is ignored, the suggestion is AWS's spelling", "stringequal", "StringEquals"},
		{"double colon", "a doubled colon", "ForAnyValue::StringEquals", "ForAnyValue:StringEquals"},
		{"transposed", "two letters swapped are two edits", "StirngEquals", "StringEquals"},
		{"numeric", "other families too", "NumericLessThen", "NumericLessThan"},
		{"short", "a short name gets one edit at most", "Boo", "Bool"},
		{"short too far", "two edits off a short name is no suggestion", "Bo", ""},
		{"far", "nothing close", "Bogus", ""},
		{"NullIfExists", "Null takes no suffix: not a typo, no suggestion", "NullIfExists", ""},
		{"huge", "a very long name is not compared", strings.Repeat("StringEquals", 10), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := suggestOperator(tt.op); got != tt.want {
				t.Errorf("%s: suggestOperator(%q) = %q, want %q", tt.reason, tt.op, got, tt.want)
			}
			if tt.want != "" {
				if _, ok := parseOperator(tt.want); !ok {
					t.Errorf("the suggestion %q is not an operator", tt.want)
				}
			}
		})
	}
}

// TestMisspeltOperatorStaysAnError checks that a misspelt operator is
// still refused, with AWS's message, and carries the suggestion apart.
func TestMisspeltOperatorStaysAnError(t *testing.T) {
	tests := []struct {
		name, reason, op, want string
	}{
		{"StringEqual", "the common typo", "StringEqual", "StringEquals"},
		{"IfExist", "the suffix typo", "StringLikeIfExist", "StringLikeIfExists"},
		{"no suggestion", "an unknown operator without a close one", "Whatever", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, errs := CompileJSON(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"`+tt.op+`":{"aws:username":"a"}}}}`, KindIdentity)
			if p != nil || len(errs) != 1 {
				t.Fatalf("%s: want one error and no policy, got %v, %v", tt.reason, p, errs)
			}
			e := errs[0]
			if e.Message != "Invalid Condition type : "+tt.op || e.Suggestion != tt.want {
				t.Errorf("%s: got Message %q, Suggestion %q; want AWS's message and %q", tt.reason, e.Message, e.Suggestion, tt.want)
			}
			if strings.Contains(e.Error(), "did you mean") {
				t.Errorf("Error() carries the hint: %q", e.Error())
			}
		})
	}
}

func BenchmarkSuggestOperator(b *testing.B) {
	for b.Loop() {
		suggestOperator("ForAnyValues:StringEqualsIgnoreCaseIfExist")
	}
}

// TestFoldDistanceBand checks the banded distance against the full
// dynamic programme for every pair of a set of names and misspellings,
// for every limit.
func TestFoldDistanceBand(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "Bool", "boo", "StringEquals", "stringequal", "StirngEquals", "StringEqualsIfExists",
		"ForAnyValue:StringLike", "ForAnyValues:StringLike", "IpAddress", "IpAddres", "NotIpAddress", "xxIpAddress", "IpAddressxx"}
	full := func(a, b string) int {
		prev := make([]int, len(b)+1)
		for j := range prev {
			prev[j] = j
		}
		for i := 1; i <= len(a); i++ {
			cur := make([]int, len(b)+1)
			cur[0] = i
			for j := 1; j <= len(b); j++ {
				cost := 1
				if lowerASCII(a[i-1]) == lowerASCII(b[j-1]) {
					cost = 0
				}
				cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			}
			prev = cur
		}
		return prev[len(b)]
	}
	n := 0
	for _, a := range words {
		for _, b := range words {
			for limit := 0; limit <= 3; limit++ {
				if got, want := foldDistance(a, []byte(b), limit), min(full(a, b), limit+1); got != want {
					t.Errorf("foldDistance(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
				}
				n++
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d cases", n)
	}
}
