package arn_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/sim/arn"
)

// FuzzParse checks that every string Parse accepts prints back unchanged,
// that rejections are *ParseError values naming the input, and that the IAM
// and STS parsers never panic and round-trip what they accept. Seeds live in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		a, err := arn.Parse(s)
		if err != nil {
			var pe *arn.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T, want *arn.ParseError", s, err)
			}
			if pe.Input != s || pe.Reason == "" {
				t.Fatalf("Parse(%q) error = %+v, want Input = the input and a Reason", s, pe)
			}
			if err.Error() == "" {
				t.Fatalf("Parse(%q) error has empty text", s)
			}
		} else {
			if got := a.String(); got != s {
				t.Fatalf("Parse(%q).String() = %q", s, got)
			}
			if b, err := arn.Parse(a.String()); err != nil || b != a {
				t.Fatalf("Parse(Parse(%q).String()) = %+v, %v; want %+v", s, b, err, a)
			}
		}

		// The resource parser must cope with any string, not just Parse's.
		res := s
		if err == nil {
			res = a.Resource
		}
		if r, ok := arn.ParseIAMResource(res); ok {
			if back := joinIAMResource(r); back != res {
				t.Fatalf("ParseIAMResource(%q) = %+v, which joins to %q", res, r, back)
			}
			if r.Type != "root" && r.Name == "" {
				t.Fatalf("ParseIAMResource(%q) accepted an empty name", res)
			}
			if r.Path != "" && !arn.ValidPath(r.Path) {
				t.Fatalf("ParseIAMResource(%q) returned invalid path %q", res, r.Path)
			}
		}

		if r, ok := arn.ParseRoleARN(s); ok {
			if err != nil {
				t.Fatalf("ParseRoleARN accepted %q, which Parse rejects: %v", s, err)
			}
			if got := r.ARN(); got != s {
				t.Fatalf("ParseRoleARN(%q).ARN() = %q", s, got)
			}
			if !arn.IsAccountID(r.Account) || !arn.ValidPath(r.Path) || !arn.ValidName(r.Name, 64) {
				t.Fatalf("ParseRoleARN(%q) = %+v, which breaks IAM's rules", s, r)
			}
		}

		if sess, ok := arn.ParseAssumedRoleARN(s); ok {
			if err != nil {
				t.Fatalf("ParseAssumedRoleARN accepted %q, which Parse rejects: %v", s, err)
			}
			if got := arn.AssumedRoleARN("aws", sess.Account, sess.RoleName, sess.SessionName); got != s {
				t.Fatalf("ParseAssumedRoleARN(%q) rebuilds as %q", s, got)
			}
			if strings.Contains(sess.RoleName, "/") || len(sess.SessionName) < 2 {
				t.Fatalf("ParseAssumedRoleARN(%q) = %+v, which breaks STS's rules", s, sess)
			}
		}

		// Validators take any input and agree with their rules.
		if arn.IsAccountID(s) && len(s) != 12 {
			t.Fatalf("IsAccountID(%q) accepted a value that is not 12 characters", s)
		}
		if arn.ValidPath(s) && (s == "" || s[0] != '/' || s[len(s)-1] != '/') {
			t.Fatalf("ValidPath(%q) accepted a path that does not start and end with /", s)
		}
		if arn.ValidName(s, 64) && (s == "" || len(s) > 64) {
			t.Fatalf("ValidName(%q, 64) accepted a name of %d bytes", s, len(s))
		}
	})
}

// TestFuzzCorpus fails if the seed corpus has gone missing, since FuzzParse
// would then pass without checking anything in plain `go test` runs.
func TestFuzzCorpus(t *testing.T) {
	seeds, err := filepath.Glob("testdata/fuzz/FuzzParse/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(seeds) < 10 {
		t.Fatalf("found %d seeds in testdata/fuzz/FuzzParse, want at least 10", len(seeds))
	}
}
