package policy

import (
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	utc := func(s string) instant {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return instant{sec: tm.Unix(), nsec: int32(tm.Nanosecond())}
	}
	tests := []struct {
		name   string
		reason string
		in     string
		ok     bool
		want   instant
	}{
		{"date", "a date is midnight UTC", "2024-03-01", true, utc("2024-03-01T00:00:00Z")},
		{"month", "a year and month is the first of the month", "2024-03", true, utc("2024-03-01T00:00:00Z")},
		{"rfc3339", "RFC 3339 with Z", "2024-03-01T12:34:56Z", true, utc("2024-03-01T12:34:56Z")},
		{"lowercase", "t and z in lower case", "2024-03-01t12:34:56z", true, utc("2024-03-01T12:34:56Z")},
		{"minutes", "seconds are optional", "2024-03-01T12:34Z", true, utc("2024-03-01T12:34:00Z")},
		{"noZone", "no zone means UTC", "2024-03-01T12:34:56", true, utc("2024-03-01T12:34:56Z")},
		{"fraction", "fractional seconds", "2024-03-01T12:34:56.123456789Z", true, utc("2024-03-01T12:34:56.123456789Z")},
		{"fractionShort", "a short fraction", "2024-03-01T12:34:56.5Z", true, utc("2024-03-01T12:34:56.5Z")},
		{"offset", "an offset with a colon", "2024-03-01T12:00:00+02:00", true, utc("2024-03-01T10:00:00Z")},
		{"offsetNoColon", "an offset without a colon", "2024-03-01T12:00:00-0130", true, utc("2024-03-01T13:30:00Z")},
		{"offsetHours", "an offset in hours", "2016-12-13t2:00:00.593194+23", true, utc("2016-12-12T03:00:00.593194Z")},
		{"oneDigitHour", "a one-digit hour", "2024-03-01T2:00:00Z", true, utc("2024-03-01T02:00:00Z")},
		{"leapDay", "29 February in a leap year", "2024-02-29", true, utc("2024-02-29T00:00:00Z")},
		{"epoch", "epoch seconds", "1700000000", true, instant{sec: 1700000000}},
		{"epochFraction", "epoch seconds with a fraction", "1700000000.25", true, instant{sec: 1700000000, nsec: 250000000}},
		{"epochNegative", "negative epoch seconds", "-1.25", true, instant{sec: -2, nsec: 750000000}},
		{"epochFar", "years beyond time.Time's UnixNano range", "-292275054", true, instant{sec: -292275054}},
		{"farFuture", "year 9999", "9999-12-31T23:59:59Z", true, utc("9999-12-31T23:59:59Z")},
		{"notLeapDay", "29 February in a common year", "2023-02-29", false, instant{}},
		{"day31", "30 days hath April", "2024-04-31", false, instant{}},
		{"month13", "no month 13", "2024-13-01", false, instant{}},
		{"hour24", "no hour 24", "2024-03-01T24:00:00Z", false, instant{}},
		{"minute60", "no minute 60", "2024-03-01T12:60:00Z", false, instant{}},
		{"fraction10", "at most nine fraction digits", "2016-12-13T02:00:00.1999999999+10:59", false, instant{}},
		{"oneDigitOffset", "offset hours have two digits", "2016-12-13t2:00:00.593194+1", false, instant{}},
		{"epochOverflow", "epoch seconds must fit in 64 bits", "9223372036854775808", false, instant{}},
		{"word", "not a date", "yesterday", false, instant{}},
		{"empty", "empty", "", false, instant{}},
		{"trailing", "trailing text", "2024-03-01T12:00:00Zx", false, instant{}},
		{"shortYear", "four-digit years", "24-03-01", false, instant{}},
		{"emptyFraction", "a dot needs digits", "2024-03-01T12:00:00.Z", false, instant{}},
		{"space", "no space separator", "2024-03-01 12:00:00Z", false, instant{}},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseDate(tc.in)
			if ok != tc.ok || got != tc.want {
				t.Errorf("parseDate(%q) = %+v, %v; want %+v, %v (%s)", tc.in, got, ok, tc.want, tc.ok, tc.reason)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		in     string
		ok     bool
		want   float64
	}{
		{"int", "an integer", "42", true, 42},
		{"negative", "a sign", "-7", true, -7},
		{"plus", "a plus sign", "+7", true, 7},
		{"decimal", "a decimal", "3.25", true, 3.25},
		{"leadingDot", "a leading dot", ".5", true, 0.5},
		{"trailingDot", "a trailing dot", "5.", true, 5},
		{"exponent", "an exponent", "1e3", true, 1000},
		{"hex", "no hexadecimal", "0x10", false, 0},
		{"underscore", "no underscores", "1_000", false, 0},
		{"inf", "no infinity", "Inf", false, 0},
		{"nan", "no NaN", "NaN", false, 0},
		{"empty", "empty", "", false, 0},
		{"dot", "a lone dot", ".", false, 0},
		{"space", "no spaces", " 1", false, 0},
		{"overflow", "out of range", "1e400", false, 0},
		{"exponentNoDigits", "an exponent needs digits", "1e", false, 0},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseNumber(tc.in)
			if ok != tc.ok || got != tc.want {
				t.Errorf("parseNumber(%q) = %v, %v; want %v, %v (%s)", tc.in, got, ok, tc.want, tc.ok, tc.reason)
			}
		})
	}
}

func TestParseAddresses(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		in     string
		prefix string // parsePrefix result, "" when invalid
		addr   string // parseRequestAddr result, "" when invalid
	}{
		{"cidr4", "an IPv4 block", "10.1.0.0/16", "10.1.0.0/16", ""},
		{"cidrUnmasked", "host bits are cleared", "10.1.2.3/16", "10.1.0.0/16", ""},
		{"addr4", "a bare IPv4 address", "192.0.2.1", "192.0.2.1/32", "192.0.2.1"},
		{"addr6", "a bare IPv6 address", "2001:db8::1", "2001:db8::1/128", "2001:db8::1"},
		{"mapped", "a mapped address is unmapped in requests", "::ffff:10.0.0.1", "::ffff:10.0.0.1/128", "10.0.0.1"},
		{"zone", "zones are dropped in requests, rejected in policies", "fe80::1%eth0", "", "fe80::1"},
		{"bad", "not an address", "ten", "", ""},
		{"badPrefix", "prefix too long", "10.0.0.0/33", "", ""},
		{"empty", "empty", "", "", ""},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gotPrefix := ""
			if p, ok := parsePrefix(tc.in); ok {
				gotPrefix = p.String()
			}
			gotAddr := ""
			if a, ok := parseRequestAddr(tc.in); ok && !strings.Contains(tc.in, "/") {
				gotAddr = a.String()
			}
			if gotPrefix != tc.prefix || gotAddr != tc.addr {
				t.Errorf("%q: prefix %q addr %q; want %q %q (%s)", tc.in, gotPrefix, gotAddr, tc.prefix, tc.addr, tc.reason)
			}
		})
	}
}
