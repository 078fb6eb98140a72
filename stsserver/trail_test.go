package stsserver

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trail"
)

// trailOf reads the endpoint's trail through the control API, one decoded
// JSON object a line, and the dropped count it reports.
func trailOf(t *testing.T, h *Handler) ([]map[string]any, string) {
	t.Helper()
	body, dropped := getTrail(t, h)
	return decodeLines(t, []byte(body)), dropped
}

// getTrail is GET /_rolesim/trail: the body and X-Rolesim-Dropped.
func getTrail(t *testing.T, h *Handler) (body, dropped string) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://sts.test"+ControlPrefix+"trail", nil))
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("GET trail: %d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	return w.Body.String(), w.Header().Get("X-Rolesim-Dropped")
}

func decodeLines(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("trail line %d is not a JSON object: %v\n%s", n, err, sc.Bytes())
		}
		out = append(out, m)
	}
	return out
}

// at walks a decoded record by keys and returns the text found ("" when
// absent or not a string).
func at(m map[string]any, keys ...string) string {
	var v any = m
	for _, k := range keys {
		o, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = o[k]
	}
	s, _ := v.(string)
	return s
}

// TestTrailChain: a two-hop chain through the endpoint gives AssumeRole
// records whose identities chain: the second hop is made by the first's
// session (its ids, key and creation time, Dev as sessionIssuer), and,
// Prod being in another account, is recorded in both accounts, linked by
// sharedEventID.
func TestTrailChain(t *testing.T) {
	e := newEnv(t, Options{TrailSeed: "chain"})
	dev := e.session(t, e.alice, devARN, "")
	e.clk.Add(time.Minute)
	e.session(t, dev, prodARN, "")
	recs, dropped := trailOf(t, e.h)
	if len(recs) != 3 || dropped != "0" {
		t.Fatalf("%d records (%s dropped), want 3 (the first hop, the second's pair):\n%v", len(recs), dropped, recs)
	}
	first, second, other := recs[0], recs[1], recs[2]
	for _, c := range []struct{ got, want string }{
		{at(first, "eventName"), "AssumeRole"},
		{at(first, "userIdentity", "type"), "IAMUser"},
		{at(first, "userIdentity", "arn"), aliceARN},
		{at(first, "userIdentity", "accessKeyId"), e.alice.creds.AccessKeyID},
		{at(first, "requestParameters", "roleArn"), devARN},
		{at(first, "recipientAccountId"), "111111111111"},
		{at(first, "sharedEventID"), ""},
		{at(second, "eventName"), "AssumeRole"},
		{at(second, "userIdentity", "type"), "AssumedRole"},
		{at(second, "userIdentity", "arn"), at(first, "responseElements", "assumedRoleUser", "arn")},
		{at(second, "userIdentity", "principalId"), at(first, "responseElements", "assumedRoleUser", "assumedRoleId")},
		{at(second, "userIdentity", "accessKeyId"), at(first, "responseElements", "credentials", "accessKeyId")},
		{at(second, "userIdentity", "sessionContext", "sessionIssuer", "type"), "Role"},
		{at(second, "userIdentity", "sessionContext", "sessionIssuer", "arn"), devARN},
		{at(second, "userIdentity", "sessionContext", "sessionIssuer", "userName"), "Dev"},
		{at(second, "userIdentity", "sessionContext", "attributes", "creationDate"), at(first, "eventTime")},
		{at(second, "eventTime"), "2024-01-01T00:01:00Z"},
		{at(second, "recipientAccountId"), "111111111111"},
		{at(other, "userIdentity", "type"), "AWSAccount"},
		{at(other, "userIdentity", "accountId"), "111111111111"},
		{at(other, "recipientAccountId"), "222222222222"},
		{at(other, "sharedEventID"), at(second, "sharedEventID")},
		{at(other, "requestID"), at(second, "requestID")},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if at(second, "sharedEventID") == "" || at(other, "eventID") == at(second, "eventID") {
		t.Errorf("the pair needs a sharedEventID and two eventIDs: %v / %v", second, other)
	}
	entries, _ := e.h.Trace()
	if at(first, "requestID") != entries[0].RequestID || at(second, "requestID") != entries[1].RequestID {
		t.Errorf("requestIDs %s, %s are not the responses' (%s, %s)", at(first, "requestID"), at(second, "requestID"), entries[0].RequestID, entries[1].RequestID)
	}
}

// TestTrailRefused: a refused call is recorded with STS's errorCode and
// errorMessage and null responseElements; requests refused before they name
// a caller (an unknown key, a bad signature, an unknown action) give no
// record, and an expired session's call names the session.
func TestTrailRefused(t *testing.T) {
	e := newEnv(t, Options{})
	dev := e.session(t, e.alice, devARN, "&DurationSeconds=900")
	res := serve(t, e.h, e.alice.post("Action=AssumeRole&Version=2011-06-15&RoleArn="+url.QueryEscape(prodARN)+"&RoleSessionName=xx"))
	if res.code() != "AccessDenied" {
		t.Fatalf("alice assuming Prod: %s", res.body)
	}
	msg, _ := res.xml.path("Error/Message")
	stranger := newSigner(sim.Credentials{AccessKeyID: "AKIAUNKNOWN000000000", SecretAccessKey: "x"})
	wrong := e.alice
	wrong.creds.SecretAccessKey = "wrong"
	serve(t, e.h, stranger.post("Action=GetCallerIdentity&Version=2011-06-15"))
	serve(t, e.h, wrong.post("Action=GetCallerIdentity&Version=2011-06-15"))
	serve(t, e.h, e.alice.post("Action=NoSuchThing&Version=2011-06-15"))
	e.clk.Add(time.Hour)
	if res := serve(t, e.h, dev.post("Action=GetCallerIdentity&Version=2011-06-15")); res.code() != "ExpiredToken" {
		t.Fatalf("an expired session: %s", res.body)
	}

	body := trailBody(t, e.h)
	lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d records, want 4 (assume Dev, the refusal's pair, the expired call):\n%s", len(lines), body)
	}
	refused, pair := lines[1], lines[2]
	for _, l := range []string{refused, pair} {
		for _, want := range []string{`"errorCode":"AccessDenied"`, `"errorMessage":` + quote(msg), `"responseElements":null`} {
			if !strings.Contains(l, want) {
				t.Errorf("refused AssumeRole's record lacks %s:\n%s", want, l)
			}
		}
	}
	recs := decodeLines(t, []byte(body))
	expired := recs[3]
	if at(expired, "errorCode") != "ExpiredToken" || at(expired, "eventName") != "GetCallerIdentity" || at(expired, "userIdentity", "arn") != "arn:aws:sts::111111111111:assumed-role/Dev/s1" {
		t.Errorf("expired session's call: %v", expired)
	}
}

func trailBody(t *testing.T, h *Handler) string {
	t.Helper()
	body, _ := getTrail(t, h)
	return body
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestTrailNoSecret: the records hold the issued session tokens, as AWS's
// do, and never a secret access key, the caller's or an issued one.
func TestTrailNoSecret(t *testing.T) {
	e := newEnv(t, Options{})
	dev := e.session(t, e.alice, devARN, "")
	prod := e.session(t, dev, prodARN, "")
	res := serve(t, e.h, e.alice.post("Action=GetSessionToken&Version=2011-06-15"))
	gstSecret, _ := res.xml.path("GetSessionTokenResult/Credentials/SecretAccessKey")
	body := trailBody(t, e.h)
	for _, s := range []string{e.alice.creds.SecretAccessKey, dev.creds.SecretAccessKey, prod.creds.SecretAccessKey, gstSecret} {
		if s == "" || strings.Contains(body, s) {
			t.Errorf("secret %q is empty or in the trail", s)
		}
	}
	for _, tok := range []string{dev.creds.SessionToken, prod.creds.SessionToken} {
		if !strings.Contains(body, tok) {
			t.Errorf("session token %q is not in the trail", tok)
		}
	}
}

// countingWriter counts the Write calls it receives.
type countingWriter struct {
	bytes.Buffer
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.Buffer.Write(p)
}

// TestTrailWriterAndLimit: Options.Trail gets each call's records in one
// Write, the same lines the control API serves while it keeps them all;
// the control API keeps at most TraceLimit records and counts the others;
// the same requests give the same records (ids from the sequence).
func TestTrailWriterAndLimit(t *testing.T) {
	run := func(limit int) (*countingWriter, string, string) {
		var w countingWriter
		e := newEnv(t, Options{Trail: &w, TraceLimit: limit, TrailSeed: "seed"})
		dev := e.session(t, e.alice, devARN, "")
		e.session(t, dev, prodARN, "")
		serve(t, e.h, e.alice.post("Action=GetCallerIdentity&Version=2011-06-15"))
		body, dropped := getTrail(t, e.h)
		if e.h.TrailErr() != nil {
			t.Fatal(e.h.TrailErr())
		}
		return &w, body, dropped
	}
	w, served, dropped := run(0)
	if w.writes != 3 || w.String() != served || dropped != "0" || strings.Count(served, "\n") != 4 {
		t.Errorf("%d writes, %s dropped; want 3 writes of the 4 records served:\n%s\n---\n%s", w.writes, dropped, w.String(), served)
	}
	w2, served2, dropped2 := run(2)
	lines := strings.SplitAfter(w.String(), "\n")
	if w2.String() != w.String() || served2 != lines[2]+lines[3] || dropped2 != "2" {
		t.Errorf("limit 2: kept %q (%s dropped); want the last 2 of the same records", served2, dropped2)
	}
}

// agreeWorld is testWorld with steps that the endpoint test sends as
// requests, in order: the same calls as a scenario run and through the
// endpoint.
const agreeSteps = `
steps:
  - id: dev
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: s1
      duration_seconds: "+7200"
      tags: {team: blue, env: test}
      transitive_tag_keys: [team]
      source_identity: alice
  - id: prod
    assume:
      as: dev
      role_arn: arn:aws:iam::222222222222:role/Prod
      role_session_name: s2
  - whoami: prod
  - id: refused
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::222222222222:role/Prod
      role_session_name: s3
    expect:
      error: AccessDenied
  - id: malformed
    assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: s4
      duration_seconds: abc
    expect:
      error: MalformedInput
  - id: gst
    get_session_token:
      as: arn:aws:iam::111111111111:user/alice
      duration_seconds: "900"
  - id: root
    assume:
      as: arn:aws:iam::111111111111:root
      role_arn: arn:aws:iam::111111111111:role/Dev
      role_session_name: s5
    expect:
      error: AccessDenied
  - id: web
    assume_role_with_web_identity:
      role_arn: arn:aws:iam::111111111111:role/Web
      role_session_name: web
      token: {iss: https://idp.example.com, aud: app, sub: user-1}
  - id: web-refused
    assume_role_with_web_identity:
      role_arn: arn:aws:iam::111111111111:role/Web
      role_session_name: web2
      token: {iss: https://idp.example.com, aud: other, sub: user-2}
    expect:
      error: InvalidIdentityToken
`

// TestTrailAgreesWithRun: the records of a scenario run and those of the
// same calls through the endpoint agree on every field that does not depend
// on the transport (sourceIPAddress, userAgent and requestID aside).
func TestTrailAgreesWithRun(t *testing.T) {
	sc, err := scenario.Parse("agree.yaml", []byte(testWorld+agreeSteps))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := trail.Records(rep)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := trail.Write(&want, recs); err != nil {
		t.Fatal(err)
	}

	e := newEnvFrom(t, sc, Options{TrailSeed: sc.Name})
	const v = "&Version=2011-06-15"
	dev := e.session(t, e.alice, devARN, "&DurationSeconds=%2B7200&Tags.member.1.Key=team&Tags.member.1.Value=blue&Tags.member.2.Key=env&Tags.member.2.Value=test"+
		"&TransitiveTagKeys.member.1=team&SourceIdentity=alice")
	prodRes := serve(t, e.h, dev.post("Action=AssumeRole"+v+"&RoleArn="+url.QueryEscape(prodARN)+"&RoleSessionName=s2"))
	key, _ := prodRes.xml.path("AssumeRoleResult/Credentials/AccessKeyId")
	secret, _ := prodRes.xml.path("AssumeRoleResult/Credentials/SecretAccessKey")
	token, _ := prodRes.xml.path("AssumeRoleResult/Credentials/SessionToken")
	prod := newSigner(sim.Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: token})
	root, err := e.h.Sim().RootCredentials("111111111111")
	if err != nil {
		t.Fatal(err)
	}
	for _, rq := range []struct {
		s    signer
		body string
	}{
		{prod, "Action=GetCallerIdentity" + v},
		{e.alice, "Action=AssumeRole" + v + "&RoleArn=" + url.QueryEscape(prodARN) + "&RoleSessionName=s3"},
		{e.alice, "Action=AssumeRole" + v + "&RoleArn=" + url.QueryEscape(devARN) + "&RoleSessionName=s4&DurationSeconds=abc"},
		{e.alice, "Action=GetSessionToken" + v + "&DurationSeconds=900"},
		{newSigner(root), "Action=AssumeRole" + v + "&RoleArn=" + url.QueryEscape(devARN) + "&RoleSessionName=s5"},
	} {
		serve(t, e.h, rq.s.post(rq.body))
	}
	for i, name := range []string{"web", "web2"} {
		token := sim.EncodeJWT(sc.Steps[7+i].WebIdentity.Token, e.clk.Now())
		body := "Action=AssumeRoleWithWebIdentity" + v + "&RoleArn=" + url.QueryEscape(webARN) + "&RoleSessionName=" + name + "&WebIdentityToken=" + url.QueryEscape(token)
		r := httptest.NewRequest(http.MethodPost, "http://sts.test/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		serve(t, e.h, r)
	}
	got := trailBody(t, e.h)

	strip := func(data string) []map[string]any {
		out := decodeLines(t, []byte(data))
		for _, m := range out {
			delete(m, "sourceIPAddress")
			delete(m, "userAgent")
			delete(m, "requestID")
		}
		return out
	}
	w, g := strip(want.String()), strip(got)
	if len(w) != 11 {
		t.Fatalf("the run gave %d records; want one for each of its 9 calls, two for the cross-account ones:\n%s", len(w), want.String())
	}
	if last := g[len(g)-1]; at(last, "errorCode") == "" || at(last, "userIdentity", "principalId") != "idp.example.com:other:user-2" {
		t.Errorf("a refused web identity call names its caller from the token's claims: %v", last)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("run (-) and endpoint (+) records differ:\n%s", diff)
	}
}
