package stsserver

import (
	"encoding/xml"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzQuery feeds any text to the Query parser, as a signed form body of a
// request the handler serves: no input panics, every answer is STS's XML
// (a result or an error with a code), and the parser's readings agree with
// each other. Seeds are in testdata/fuzz/FuzzQuery.
func FuzzQuery(f *testing.F) {
	for _, s := range []string{
		ar + "&RoleSessionName=s1",
		ar + "&RoleSessionName=s1&DurationSeconds=%2B0900&Tags.member.1.Key=a&Tags.member.1.Value=b&TransitiveTagKeys.member.1=a",
		"Action=GetCallerIdentity&Version=2011-06-15",
		"Action=GetFederationToken&Version=2011-06-15&Name=carol&PolicyArns.member.1.arn=x",
	} {
		f.Add(s)
	}
	e := newEnv(f, Options{})
	f.Fuzz(func(t *testing.T, raw string) {
		p := params{}
		parseParams(p, raw)
		if d, err := p.int32Param("DurationSeconds"); (d == nil) == (err == nil) {
			if _, has := p.get("DurationSeconds"); has {
				t.Errorf("DurationSeconds: both or neither of a value (%v) and an error (%v)", d, err)
			}
		}
		for _, k := range p.members("TransitiveTagKeys", "") {
			_ = k
		}
		_ = p.tags()
		_ = canonicalQuery(raw, false)
		r := e.alice.post(raw)
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		var n node
		if err := xml.Unmarshal(w.Body.Bytes(), &n); err != nil {
			t.Fatalf("answer is not XML: %v\n%s", err, w.Body)
		}
		if w.Code != 200 {
			if c, _ := n.path("Error/Code"); c == "" {
				t.Fatalf("status %d without an error code:\n%s", w.Code, w.Body)
			}
		} else if !strings.HasSuffix(n.XMLName.Local, "Response") || n.XMLName.Space != Namespace {
			t.Fatalf("a success that is not a response envelope:\n%s", w.Body)
		}
	})
}
