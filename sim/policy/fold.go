package policy

import (
	"unicode"
	"unicode/utf8"
)

// Case folding helpers. Condition key names and policy-variable names are
// compared case-insensitively with strings.EqualFold (Unicode simple
// folding). To keep lookups fast, each key also gets a hash of its folded
// form, computed once when the key is set or compiled.

// foldHash returns an FNV-1a hash of s with every rune replaced by the
// smallest rune of its simple-folding orbit, so that two strings equal under
// strings.EqualFold have the same hash. It does not allocate.
func foldHash(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// The smallest member of an ASCII letter's orbit is its upper
			// case (the orbits of k and s also hold U+212A and U+017F,
			// which are larger).
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			h ^= uint32(c)
			h *= 16777619
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		r = canonicalFold(r)
		h ^= uint32(r)
		h *= 16777619
	}
	return h
}

// canonicalFold returns the smallest rune equivalent to r under simple
// case folding.
func canonicalFold(r rune) rune {
	m := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < m {
			m = f
		}
	}
	return m
}

// lowerASCII maps an ASCII upper-case letter to lower case.
func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// hasPrefixFoldASCII reports whether s begins with prefix, ignoring the
// case of ASCII letters.
func hasPrefixFoldASCII(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	s = s[:len(prefix)]
	for i := 0; i < len(prefix); i++ {
		a, b := s[i], prefix[i]
		if a == b {
			continue
		}
		// Setting bit 0x20 lower-cases an ASCII letter.
		if a|0x20 != b|0x20 || a|0x20 < 'a' || a|0x20 > 'z' {
			return false
		}
	}
	return true
}

// equalFoldASCII reports whether a and b are equal ignoring the case of
// ASCII letters.
func equalFoldASCII(a, b string) bool {
	return len(a) == len(b) && hasPrefixFoldASCII(a, b)
}

// hasPrefixFold reports whether s begins with a string equal to prefix
// under Unicode simple folding, and returns the rest of s.
func hasPrefixFold(s, prefix string) (string, bool) {
	for prefix != "" {
		if s == "" {
			return "", false
		}
		// ASCII fast path.
		if s[0] < utf8.RuneSelf && prefix[0] < utf8.RuneSelf {
			if lowerASCII(s[0]) != lowerASCII(prefix[0]) {
				return "", false
			}
			s, prefix = s[1:], prefix[1:]
			continue
		}
		r, n := utf8.DecodeRuneInString(s)
		p, m := utf8.DecodeRuneInString(prefix)
		s, prefix = s[n:], prefix[m:]
		if r != p && canonicalFold(r) != canonicalFold(p) {
			return "", false
		}
	}
	return s, true
}
