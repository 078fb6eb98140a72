package policy

import (
	"net/netip"
	"strconv"
	"time"
)

// Typed condition values. Policy values are parsed once by Compile; request
// values are parsed at evaluation by the same functions, which do not
// allocate on success or failure.

// parseNumber parses an integer or decimal number: an optional sign, digits
// with an optional fraction (".5" and "5." included) and an optional
// exponent. Hexadecimal, underscores, Inf and NaN are rejected.
func parseNumber(s string) (float64, bool) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && isDigit(s[i]) {
			i++
			exp++
		}
		if exp == 0 {
			return 0, false
		}
	}
	if i != len(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// Only out-of-range values get here; ParseFloat's error
		// allocates, but such values are not valid numbers for us.
		return 0, false
	}
	return f, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// instant is a point in time with nanosecond precision over any year
// (time.Time's UnixNano would overflow outside 1678-2262).
type instant struct {
	sec  int64
	nsec int32
}

func (a instant) compare(b instant) int {
	switch {
	case a.sec < b.sec:
		return -1
	case a.sec > b.sec:
		return 1
	case a.nsec < b.nsec:
		return -1
	case a.nsec > b.nsec:
		return 1
	}
	return 0
}

// parseDate parses a date condition value: epoch seconds (an optional
// minus sign, digits, an optional fraction) or a W3C ISO 8601 date and time:
//
//	2024-01-01
//	2024-01
//	2024-01-01T10:00Z
//	2024-01-01T10:00:00Z
//	2024-01-01T10:00:00.123456789+02:00
//	2024-01-01T10:00:00+0200
//	2024-01-01T10:00:00          (no zone: UTC)
//
// T and Z may be lower case; the hour may have one digit.
func parseDate(s string) (instant, bool) {
	if s == "" {
		return instant{}, false
	}
	if e, ok := parseEpoch(s); ok {
		return e, true
	}
	// Date part.
	year, i, ok := fixedDigits(s, 0, 4)
	if !ok || i >= len(s) || s[i] != '-' {
		return instant{}, false
	}
	month, i, ok := fixedDigits(s, i+1, 2)
	if !ok || month < 1 || month > 12 {
		return instant{}, false
	}
	day := 1
	if i < len(s) {
		if s[i] != '-' {
			return instant{}, false
		}
		day, i, ok = fixedDigits(s, i+1, 2)
		if !ok || day < 1 || day > daysIn(year, month) {
			return instant{}, false
		}
	}
	var hour, minute, sec, nsec, offset int
	if i < len(s) {
		if s[i] != 'T' && s[i] != 't' {
			return instant{}, false
		}
		i++
		// Hour: one or two digits.
		j := i
		for j < len(s) && j-i < 2 && isDigit(s[j]) {
			hour = hour*10 + int(s[j]-'0')
			j++
		}
		if j == i || hour > 23 || j >= len(s) || s[j] != ':' {
			return instant{}, false
		}
		minute, i, ok = fixedDigits(s, j+1, 2)
		if !ok || minute > 59 {
			return instant{}, false
		}
		if i < len(s) && s[i] == ':' {
			sec, i, ok = fixedDigits(s, i+1, 2)
			if !ok || sec > 59 {
				return instant{}, false
			}
			if i < len(s) && s[i] == '.' {
				i++
				n := 0
				for i < len(s) && isDigit(s[i]) {
					if n == 9 {
						return instant{}, false
					}
					nsec = nsec*10 + int(s[i]-'0')
					i++
					n++
				}
				if n == 0 {
					return instant{}, false
				}
				for ; n < 9; n++ {
					nsec *= 10
				}
			}
		}
		if i < len(s) {
			switch s[i] {
			case 'Z', 'z':
				i++
			case '+', '-':
				sign := 1
				if s[i] == '-' {
					sign = -1
				}
				var oh, om int
				oh, i, ok = fixedDigits(s, i+1, 2)
				if !ok || oh > 23 {
					return instant{}, false
				}
				if i < len(s) {
					if s[i] == ':' {
						i++
					}
					om, i, ok = fixedDigits(s, i, 2)
					if !ok || om > 59 {
						return instant{}, false
					}
				}
				offset = sign * (oh*3600 + om*60)
			default:
				return instant{}, false
			}
		}
		if i != len(s) {
			return instant{}, false
		}
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	return instant{sec: t.Unix() - int64(offset), nsec: int32(nsec)}, true
}

// parseEpoch parses epoch seconds: [-]digits[.digits].
func parseEpoch(s string) (instant, bool) {
	i := 0
	neg := false
	if s[0] == '-' {
		neg = true
		i++
	}
	var sec int64
	start := i
	for i < len(s) && isDigit(s[i]) {
		d := int64(s[i] - '0')
		if sec > (1<<63-1-d)/10 {
			return instant{}, false // overflow
		}
		sec = sec*10 + d
		i++
	}
	if i == start {
		return instant{}, false
	}
	var nsec int64
	if i < len(s) && s[i] == '.' {
		i++
		n := 0
		for i < len(s) && isDigit(s[i]) {
			if n == 9 {
				return instant{}, false
			}
			nsec = nsec*10 + int64(s[i]-'0')
			i++
			n++
		}
		if n == 0 {
			return instant{}, false
		}
		for ; n < 9; n++ {
			nsec *= 10
		}
	}
	if i != len(s) {
		return instant{}, false
	}
	if neg {
		sec = -sec
		if nsec > 0 {
			sec--
			nsec = 1e9 - nsec
		}
	}
	return instant{sec: sec, nsec: int32(nsec)}, true
}

// fixedDigits reads exactly n decimal digits at s[i:].
func fixedDigits(s string, i, n int) (int, int, bool) {
	if i+n > len(s) {
		return 0, i, false
	}
	v := 0
	for k := i; k < i+n; k++ {
		if !isDigit(s[k]) {
			return 0, i, false
		}
		v = v*10 + int(s[k]-'0')
	}
	return v, i + n, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseBool parses "true" or "false", case-insensitively.
func parseBool(s string) (bool, bool) {
	switch {
	case equalFoldASCII(s, "true"):
		return true, true
	case equalFoldASCII(s, "false"):
		return false, true
	}
	return false, false
}

// parsePrefix parses an IpAddress policy value: a CIDR block, or a bare
// address meaning that single host.
func parsePrefix(s string) (netip.Prefix, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '/' {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return netip.Prefix{}, false
			}
			return p.Masked(), true
		}
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}

// parseRequestAddr parses a request's IP address. IPv4-mapped IPv6
// addresses are unmapped and zones dropped, so that ::ffff:10.0.0.1 is in
// 10.0.0.0/8.
func parseRequestAddr(s string) (netip.Addr, bool) {
	if !looksLikeAddr(s) {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.WithZone("").Unmap(), true
}

// looksLikeAddr is a cheap pre-check that keeps obviously wrong values
// away from netip.ParseAddr, whose error allocates: before an optional
// %zone, only hexadecimal digits, dots and colons.
func looksLikeAddr(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			return i > 0
		case isDigit(c), c == '.', c == ':', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
		default:
			return false
		}
	}
	return true
}
