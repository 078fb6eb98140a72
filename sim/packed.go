package sim

import (
	"strconv"

	"github.com/rolesim/rolesim/scenario"
)

// AWS packs session policies and session tags into a compressed binary form
// whose algorithm it does not publish (reference §10). rolesim uses a
// documented, deterministic approximation: the session policies' packed
// size is the inline policy's characters outside whitespace plus the
// characters of each managed policy ARN, against a budget of 2,048; the
// tags' packed size is the characters of every key and value (passed and
// inherited transitive tags), against a budget of 2,048. PackedPolicySize is
// the larger of the two percentages, rounded up; above 100 the request fails
// with PackedPolicyTooLarge.
const (
	packedPolicyBudget = 2048
	packedTagBudget    = 2048
)

func packedParts(in *AssumeRoleInput, inherited []scenario.Tag) (policyPct, tagPct int32) {
	n := 0
	if in.Policy != nil {
		for _, r := range *in.Policy {
			if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
				n++
			}
		}
	}
	for _, a := range in.PolicyArns {
		n += len(a)
	}
	t := 0
	for _, tag := range in.Tags {
		t += len(tag.Key) + len(tag.Value)
	}
	for _, tag := range inherited {
		t += len(tag.Key) + len(tag.Value)
	}
	return percent(n, packedPolicyBudget), percent(t, packedTagBudget)
}

func percent(n, budget int) int32 { return int32((n*100 + budget - 1) / budget) }

func packedPolicySize(in *AssumeRoleInput, inherited []scenario.Tag) int32 {
	p, t := packedParts(in, inherited)
	return max(p, t)
}

func packedTooLarge(in *AssumeRoleInput, inherited []scenario.Tag, size int32) *Error {
	p, t := packedParts(in, inherited)
	msg := "Packed policy consumes " + strconv.Itoa(int(size)) + "% of allotted space"
	if t >= p {
		msg = "Packed size of session tags consumes " + strconv.Itoa(int(size)) + "% of allotted space."
	}
	return &Error{Code: CodePackedPolicyTooLarge, HTTPStatus: 400, Message: msg}
}
