package sim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

// TestPackedPolicySize pins the documented approximation of AWS's packed
// size: session policy characters (inline, whitespace not counted, plus the
// managed policy ARNs) and tag characters (passed and inherited) each
// against 2,048, the larger percentage rounded up, over 100 refused with
// AWS's messages.
func TestPackedPolicySize(t *testing.T) {
	arn := "arn:aws:iam::111111111111:policy/Read01" // 39 characters
	tags := func(n, keyLen, valueLen int) []Tag {
		out := make([]Tag, n)
		for i := range out {
			out[i] = Tag{Key: strings.Repeat(string(rune('a'+i)), keyLen), Value: strings.Repeat("v", valueLen)}
		}
		return out
	}
	type result struct {
		Size    int32
		Code    Code
		Message string
	}
	tests := []struct {
		name      string
		reason    string
		in        AssumeRoleInput
		inherited []scenario.Tag
		want      result
	}{
		{
			name:   "one managed ARN",
			reason: "39 of 2,048 characters is 1.9%, rounded up to 2",
			in:     AssumeRoleInput{PolicyArns: []string{arn}},
			want:   result{Size: 2},
		},
		{
			name:   "inline without whitespace",
			reason: "whitespace in the inline policy is not counted: 11 characters are 1%",
			in:     AssumeRoleInput{Policy: String("{ \"a\" :\n\t\"bcd\" }")},
			want:   result{Size: 1},
		},
		{
			name:   "exactly full",
			reason: "2,048 characters are 100%, which is allowed",
			in:     AssumeRoleInput{Policy: String(strings.Repeat("x", 2048-39)), PolicyArns: []string{arn}},
			want:   result{Size: 100},
		},
		{
			name:   "policy overflow",
			reason: "one character more is 101%: PackedPolicyTooLarge, worded for policies",
			in:     AssumeRoleInput{Policy: String(strings.Repeat("x", 2049-39)), PolicyArns: []string{arn}},
			want:   result{Size: 101, Code: CodePackedPolicyTooLarge, Message: "Packed policy consumes 101% of allotted space"},
		},
		{
			name:   "tags",
			reason: "tag keys and values count against their own budget: 4 × (10 + 20) = 120 characters, 6%",
			in:     AssumeRoleInput{Tags: tags(4, 10, 20)},
			want:   result{Size: 6},
		},
		{
			name:   "the larger part",
			reason: "policies (2%) and tags (6%) are measured apart; the size is the larger",
			in:     AssumeRoleInput{PolicyArns: []string{arn}, Tags: tags(4, 10, 20)},
			want:   result{Size: 6},
		},
		{
			name:      "inherited tags count",
			reason:    "inherited transitive tags count toward the packed size (observed), here 2,100 characters: 103%",
			in:        AssumeRoleInput{Tags: tags(1, 50, 50)},
			inherited: []scenario.Tag{{Key: strings.Repeat("k", 1000), Value: strings.Repeat("v", 1000)}},
			want:      result{Size: 103, Code: CodePackedPolicyTooLarge, Message: "Packed size of session tags consumes 103% of allotted space."},
		},
		{
			name:   "tags overflow",
			reason: "six tags of 128 + 256 characters are 2,304 characters: 113%, AWS's observed message for tags",
			in:     AssumeRoleInput{Tags: tags(6, 128, 256)},
			want:   result{Size: 113, Code: CodePackedPolicyTooLarge, Message: "Packed size of session tags consumes 113% of allotted space."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := result{Size: packedPolicySize(&tt.in, tt.inherited)}
			if got.Size > 100 {
				e := packedTooLarge(&tt.in, tt.inherited, got.Size)
				got.Code, got.Message = e.Code, e.Message
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
