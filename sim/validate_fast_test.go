package sim

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// referenceStr is validator.str as it was before the one-pass fast path:
// a rune count, then the pattern check, byte by byte.
func referenceStr(v *validator, member string, val *string, required bool, min, max int, cs *charset) {
	if val == nil {
		if required {
			v.vs = append(v.vs, schemaViolation{member: member, null: true, constraint: "Member must not be null"})
		}
		return
	}
	s := *val
	n := len(s)
	if n > 0 && !isASCII(s) {
		n = utf8.RuneCountInString(s)
	}
	if !cs.allows(s) {
		v.vs = append(v.vs, schemaViolation{member: member, value: s, constraint: "Member must satisfy regular expression pattern: " + cs.pattern})
	}
	switch {
	case n < min:
		v.vs = append(v.vs, schemaViolation{member: member, value: s, constraint: "Member must have length greater than or equal to " + strconv.Itoa(min)})
	case max > 0 && n > max:
		v.vs = append(v.vs, schemaViolation{member: member, value: s, constraint: "Member must have length less than or equal to " + strconv.Itoa(max)})
	}
}

// TestValidatorFastPath checks validator.str (eight bytes at a time while
// the value is allowed ASCII) against the byte-by-byte reference, for every
// charset, on every single byte, on each byte at each position of longer
// values, and on non-ASCII and invalid UTF-8 values.
func TestValidatorFastPath(t *testing.T) {
	sets := map[string]*charset{
		"sessionName": csSessionName, "externalId": csExternalID, "serial": csSerial, "digits": csDigits,
		"tag": csTag, "tagValue": csTagValue, "arn": csArn, "policy": csPolicy, "iamName": csIAMName, "iamPath": csIAMPath,
	}
	values := []string{"", "a", "ab", "é", "\xff", "ab\xffcd", "arn:aws:iam::333333333333:role/ci/Tooling", "alice-ci", "123456",
		strings.Repeat("x", 64), strings.Repeat("x", 65), "日本語のタグ", "tag value", "😀😀", "a\tb\nc\rd"}
	for b := 0; b < 256; b++ {
		values = append(values, string(rune(b)), string([]byte{byte(b)}))
		for _, at := range []int{0, 3, 7, 8, 9, 15, 16, 20} {
			v := []byte(strings.Repeat("a", 21))
			v[at] = byte(b)
			values = append(values, string(v))
		}
	}
	for name, cs := range sets {
		for _, val := range values {
			for _, lim := range [][2]int{{0, 0}, {2, 64}, {1, 8}, {20, 2048}} {
				var got, want validator
				got.str("m", &val, true, lim[0], lim[1], cs)
				referenceStr(&want, "m", &val, true, lim[0], lim[1], cs)
				if !reflect.DeepEqual(got.vs, want.vs) {
					t.Fatalf("%s %q %v: %+v, want %+v", name, val, lim, got.vs, want.vs)
				}
			}
		}
		for _, required := range []bool{false, true} {
			var got, want validator
			got.str("m", nil, required, 1, 2, cs)
			referenceStr(&want, "m", nil, required, 1, 2, cs)
			if !reflect.DeepEqual(got.vs, want.vs) {
				t.Fatalf("%s nil required=%v: %+v, want %+v", name, required, got.vs, want.vs)
			}
		}
	}
}
