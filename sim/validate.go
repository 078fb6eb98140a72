package sim

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// charset is a schema pattern's allowed characters: a table for ASCII and a
// function for the rest. A pattern ending in + (one or
// more) refuses the empty string.
type charset struct {
	pattern string
	ascii   [utf8.RuneSelf]bool
	// fast is ascii as 0 or 1 for every byte value (0 from 0x80 on), for
	// checking eight bytes with one test.
	fast     [256]uint8
	other    func(rune) bool
	nonEmpty bool
}

func newCharset(pattern string, asciiOK func(byte) bool, other func(rune) bool) *charset {
	c := &charset{pattern: pattern, other: other, nonEmpty: strings.HasSuffix(pattern, "+")}
	for b := 0; b < utf8.RuneSelf; b++ {
		c.ascii[b] = asciiOK(byte(b))
	}
	c.setFast()
	return c
}

func (c *charset) setFast() {
	for b, ok := range c.ascii {
		if ok {
			c.fast[b] = 1
		}
	}
}

// asciiPrefix returns the length of the longest prefix of s made of ASCII
// characters the charset allows.
func (c *charset) asciiPrefix(s string) int {
	t := &c.fast
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if t[s[i]]&t[s[i+1]]&t[s[i+2]]&t[s[i+3]]&t[s[i+4]]&t[s[i+5]]&t[s[i+6]]&t[s[i+7]] == 0 {
			break
		}
	}
	for i < len(s) && t[s[i]] != 0 {
		i++
	}
	return i
}

func (c *charset) allows(s string) bool {
	if s == "" {
		return !c.nonEmpty
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if r < utf8.RuneSelf {
					if !c.ascii[r] {
						return false
					}
				} else if c.other == nil || !c.other(r) {
					return false
				}
			}
			return true
		}
		if !c.ascii[b] {
			return false
		}
	}
	return true
}

func isWord(b byte) bool {
	return b == '_' || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9')
}

func isNameByte(b byte) bool {
	return isWord(b) || b == '+' || b == '=' || b == ',' || b == '.' || b == '@' || b == '-'
}

var (
	csSessionName = newCharset(patSessionName, isNameByte, nil)
	csExternalID  = newCharset(patExternalID, func(b byte) bool { return isNameByte(b) || b == ':' || b == '/' }, nil)
	csSerial      = newCharset(patSerialNumber, func(b byte) bool { return isNameByte(b) || b == ':' || b == '/' }, nil)
	csDigits      = newCharset(patTokenCode, func(b byte) bool { return '0' <= b && b <= '9' }, nil)
	csTag         = newCharset(patTagKey, func(b byte) bool {
		return ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z') || ('0' <= b && b <= '9') || b == ' ' ||
			b == '_' || b == '.' || b == ':' || b == '/' || b == '=' || b == '+' || b == '-' || b == '@'
	}, func(r rune) bool { return unicode.IsLetter(r) || unicode.In(r, unicode.Z) || unicode.IsNumber(r) })
	csTagValue = func() *charset {
		c := &charset{pattern: patTagValue, ascii: csTag.ascii, other: csTag.other}
		c.setFast()
		return c
	}()
	// csArn is the model's pattern as STS's Java regexes read it: \u takes
	// exactly four hex digits, so \u10000-\u10FFFF is U+1000, '0'-U+10FF and
	// "FF", and no character beyond the BMP matches. Live AWS refuses 2,048
	// emoji with the pattern message (reference §1, sts_oracle.rs).
	csArn = newCharset(patArn, func(b byte) bool { return b == '\t' || b == '\n' || b == '\r' || (b >= 0x20 && b <= 0x7E) },
		func(r rune) bool {
			return r == 0x85 || (r >= 0xA0 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD)
		})
	csPolicy = newCharset(patPolicy, func(b byte) bool { return b == '\t' || b == '\n' || b == '\r' || b >= 0x20 },
		func(r rune) bool { return r <= 0xFF })
)

// maxSourceIdentity is the longest SourceIdentity STS accepts: 256
// characters as observed on live AWS, although the API model and the IAM
// guide say 64 (reference §1).
const maxSourceIdentity = 256

// validator collects schema violations in the order of the API model's
// members.
type validator struct {
	vs []schemaViolation
}

// str checks an optional or required string member. Every constraint the
// value breaks is reported, as STS does: the pattern first, then the
// length (the order live AWS gave for an empty RoleArn; AWS does not fix
// it).
func (v *validator) str(member string, val *string, required bool, min, max int, cs *charset) {
	if val != nil || required {
		v.check(member, val, required, min, max, cs)
	}
}

// check is str for a present or required member.
func (v *validator) check(member string, val *string, required bool, min, max int, cs *charset) {
	if val == nil {
		if required {
			v.vs = append(v.vs, schemaViolation{member: member, null: true, constraint: "Member must not be null"})
		}
		return
	}
	s := *val
	n, ok := len(s), true
	if cs.asciiPrefix(s) == n {
		// The common case: allowed ASCII throughout, one pass.
		ok = n > 0 || !cs.nonEmpty
	} else {
		if !isASCII(s) {
			n = utf8.RuneCountInString(s)
		}
		ok = cs.allows(s)
	}
	if !ok {
		v.vs = append(v.vs, schemaViolation{member: member, value: s, constraint: "Member must satisfy regular expression pattern: " + cs.pattern})
	}
	switch {
	case n < min:
		v.vs = append(v.vs, schemaViolation{member: member, value: s, constraint: "Member must have length greater than or equal to " + strconv.Itoa(min)})
	case max > 0 && n > max:
		v.vs = append(v.vs, schemaViolation{member: member, value: s, constraint: "Member must have length less than or equal to " + strconv.Itoa(max)})
	}
}

func (v *validator) list(member string, n, max int) {
	if n > max {
		v.tooMany(member, n, max)
	}
}

func (v *validator) tooMany(member string, n, max int) {
	v.vs = append(v.vs, schemaViolation{member: member, value: "[" + strconv.Itoa(n) + " members]", constraint: "Member must have length less than or equal to " + strconv.Itoa(max)})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// validateAssumeRole applies the AssumeRole API schema: required members,
// lengths (in code points) and patterns, reporting every violation of every
// member in one message as STS does.
func validateAssumeRole(in *AssumeRoleInput) *Error {
	var v validator
	v.str("roleArn", in.RoleArn, true, 20, 2048, csArn)
	v.str("roleSessionName", in.RoleSessionName, true, 2, 64, csSessionName)
	for i := range in.PolicyArns {
		v.str("policyArns."+strconv.Itoa(i+1)+".member.arn", &in.PolicyArns[i], true, 20, 2048, csArn)
	}
	v.list("policyArns", len(in.PolicyArns), maxPolicyArns)
	v.str("policy", in.Policy, false, 1, maxSessionPolicyChars, csPolicy)
	if d := in.DurationSeconds; d != nil {
		if *d < minDuration {
			v.vs = append(v.vs, schemaViolation{member: "durationSeconds", value: strconv.Itoa(int(*d)), constraint: "Member must have value greater than or equal to 900"})
		} else if *d > maxDuration {
			v.vs = append(v.vs, schemaViolation{member: "durationSeconds", value: strconv.Itoa(int(*d)), constraint: "Member must have value less than or equal to 43200"})
		}
	}
	for i := range in.Tags {
		prefix := "tags." + strconv.Itoa(i+1) + ".member."
		v.str(prefix+"key", &in.Tags[i].Key, true, 1, 128, csTag)
		v.str(prefix+"value", &in.Tags[i].Value, true, 0, 256, csTagValue)
	}
	v.list("tags", len(in.Tags), maxSessionTags)
	for i := range in.TransitiveTagKeys {
		v.str("transitiveTagKeys."+strconv.Itoa(i+1)+".member", &in.TransitiveTagKeys[i], true, 1, 128, csTag)
	}
	v.list("transitiveTagKeys", len(in.TransitiveTagKeys), maxSessionTags)
	v.str("externalId", in.ExternalID, false, 2, 1224, csExternalID)
	v.str("serialNumber", in.SerialNumber, false, 9, 256, csSerial)
	v.str("tokenCode", in.TokenCode, false, 6, 6, csDigits)
	v.str("sourceIdentity", in.SourceIdentity, false, 2, maxSourceIdentity, csSessionName)
	if len(v.vs) == 0 {
		return nil
	}
	return schemaError(v.vs)
}
