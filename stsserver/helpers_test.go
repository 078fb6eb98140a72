package stsserver

import (
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// testWorld: alice may assume Dev (12 h), whose sessions may chain into
// Prod (4 h) in another account; Dev's trust allows session tags and
// source identity; an OIDC provider and a SAML provider for the unsigned
// operations.
const testWorld = `
name: stsserver-test
accounts:
  - id: "111111111111"
    oidc_providers:
      - url: https://idp.example.com
        client_ids: [app]
    saml_providers:
      - {name: Okta, issuer: "http://www.okta.com/exk1"}
    users:
      - name: alice
        inline_policies:
          All:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "sts:*", Resource: "*"}
    roles:
      - name: Dev
        max_session_duration: 12h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: arn:aws:iam::111111111111:user/alice}
              Action: [sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity]
        inline_policies:
          AssumeProd:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"], Resource: "*"}
      - name: Web
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Federated: arn:aws:iam::111111111111:oidc-provider/idp.example.com}
              Action: sts:AssumeRoleWithWebIdentity
  - id: "222222222222"
    roles:
      - name: Prod
        max_session_duration: 4h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: arn:aws:iam::111111111111:role/Dev}
              Action: [sts:AssumeRole, sts:TagSession, sts:SetSourceIdentity]
`

const (
	aliceARN = "arn:aws:iam::111111111111:user/alice"
	devARN   = "arn:aws:iam::111111111111:role/Dev"
	prodARN  = "arn:aws:iam::222222222222:role/Prod"
	webARN   = "arn:aws:iam::111111111111:role/Web"
)

func loadTestWorld(t testing.TB) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse("test.yaml", []byte(testWorld))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return sc
}

// signingTime is the instant the tests' requests say they were signed
// when their signer has no clock: the fake clock's start.
var signingTime = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// signer signs test requests with SigV4, through the same canonical
// request as the verifier (TestSignKnownAnswer pins it to AWS's published
// example; the sdktest module checks it against the AWS SDK's signer).
type signer struct {
	creds   sim.Credentials
	region  string
	service string
	// clock is when the signer signs (the fake clock's instant, as a client
	// on the endpoint's signing clock would); nil: signingTime.
	clock func() time.Time
	// expires is a presigned URL's X-Amz-Expires; "": 900.
	expires string
}

// date is the signer's X-Amz-Date.
func (s signer) date() string {
	if s.clock == nil {
		return signingTime.Format(amzDateLayout)
	}
	return s.clock().UTC().Format(amzDateLayout)
}

func newSigner(c sim.Credentials) signer {
	return signer{creds: c, region: "us-east-1", service: "sts"}
}

// sign adds X-Amz-Date, the session token and an Authorization header.
func (s signer) sign(r *http.Request, body []byte) {
	date := s.date()
	r.Header.Set("X-Amz-Date", date)
	if s.creds.SessionToken != "" {
		r.Header.Set("X-Amz-Security-Token", s.creds.SessionToken)
	}
	sg := &signature{accessKeyID: s.creds.AccessKeyID, scopeDate: date[:8], region: s.region, service: s.service,
		terminator: scopeEnd, amzDate: date, headers: []string{"content-type", "host", "x-amz-date"}}
	sig := hex.EncodeToString(sign(s.creds.SecretAccessKey, sg, canonicalRequest(r, sg, body)))
	r.Header.Set("Authorization", algorithm+" Credential="+s.creds.AccessKeyID+"/"+date[:8]+"/"+s.region+"/"+s.service+"/"+scopeEnd+
		", SignedHeaders=content-type;host;x-amz-date, Signature="+sig)
}

// presign returns a GET URL carrying the query and its signature.
func (s signer) presign(base string, query url.Values) string {
	date := s.date()
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("X-Amz-Algorithm", algorithm)
	q.Set("X-Amz-Credential", s.creds.AccessKeyID+"/"+date[:8]+"/"+s.region+"/"+s.service+"/"+scopeEnd)
	q.Set("X-Amz-Date", date)
	if s.expires == "" {
		s.expires = "900"
	}
	q.Set("X-Amz-Expires", s.expires)
	q.Set("X-Amz-SignedHeaders", "host")
	if s.creds.SessionToken != "" {
		q.Set("X-Amz-Security-Token", s.creds.SessionToken)
	}
	u, _ := url.Parse(base + "/?" + q.Encode())
	r := httptest.NewRequest(http.MethodGet, u.String(), nil)
	sg := &signature{accessKeyID: s.creds.AccessKeyID, scopeDate: date[:8], region: s.region, service: s.service,
		terminator: scopeEnd, amzDate: date, headers: []string{"host"}, presigned: true}
	q.Set("X-Amz-Signature", hex.EncodeToString(sign(s.creds.SecretAccessKey, sg, canonicalRequest(r, sg, nil))))
	return base + "/?" + q.Encode()
}

// post builds a signed form POST of body.
func (s signer) post(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "http://sts.test/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	s.sign(r, []byte(body))
	return r
}

// get builds a signed GET with the parameters in the query.
func (s signer) get(query string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "http://sts.test/?"+query, nil)
	s.sign(r, nil)
	return r
}

// response is a served request: status and the parsed XML.
type response struct {
	status int
	body   string
	xml    node
}

// node is a generic XML element, children in document order.
type node struct {
	XMLName  xml.Name
	Text     string `xml:",chardata"`
	Children []node `xml:",any"`
}

// path returns the text of the element at the slash-separated path below
// the root, and whether it exists.
func (n node) path(p string) (string, bool) {
	cur := n
	for _, name := range strings.Split(p, "/") {
		found := false
		for _, c := range cur.Children {
			if c.XMLName.Local == name {
				cur, found = c, true
				break
			}
		}
		if !found {
			return "", false
		}
	}
	return cur.Text, true
}

// names lists the element names of the children at path p.
func (n node) names(p string) []string {
	cur := n
	for _, name := range strings.Split(p, "/") {
		for _, c := range cur.Children {
			if c.XMLName.Local == name {
				cur = c
				break
			}
		}
	}
	var out []string
	for _, c := range cur.Children {
		out = append(out, c.XMLName.Local)
	}
	return out
}

func serve(t testing.TB, h http.Handler, r *http.Request) response {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body, _ := io.ReadAll(w.Result().Body)
	res := response{status: w.Code, body: string(body)}
	if strings.HasPrefix(r.URL.Path, ControlPrefix) {
		return res
	}
	if err := xml.Unmarshal(body, &res.xml); err != nil {
		t.Fatalf("response is not XML: %v\n%s", err, body)
	}
	return res
}

// code returns the error code of an error response, "" for a success.
func (r response) code() string {
	c, _ := r.xml.path("Error/Code")
	return c
}

type testEnv struct {
	h     *Handler
	clk   *sim.FakeClock
	alice signer
}

func newEnv(t testing.TB, opts Options) *testEnv {
	t.Helper()
	return newEnvFrom(t, loadTestWorld(t), opts)
}

func newEnvFrom(t testing.TB, sc *scenario.Scenario, opts Options) *testEnv {
	t.Helper()
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	clk := sim.NewFakeClock(scenario.DefaultStart)
	s := sim.New(w, clk)
	opts.Clock = clk
	h := New(s, opts)
	c, err := s.UserCredentials(aliceARN)
	if err != nil {
		t.Fatal(err)
	}
	alice := newSigner(c)
	alice.clock = clk.Now
	return &testEnv{h: h, clk: clk, alice: alice}
}

// session assumes role from the signer's credentials and returns a signer
// for the session.
func (e *testEnv) session(t testing.TB, from signer, role string, extra string) signer {
	t.Helper()
	res := serve(t, e.h, from.post("Action=AssumeRole&Version=2011-06-15&RoleArn="+url.QueryEscape(role)+"&RoleSessionName=s1"+extra))
	if res.status != 200 {
		t.Fatalf("AssumeRole %s: %d %s", role, res.status, res.body)
	}
	key, _ := res.xml.path("AssumeRoleResult/Credentials/AccessKeyId")
	secret, _ := res.xml.path("AssumeRoleResult/Credentials/SecretAccessKey")
	token, _ := res.xml.path("AssumeRoleResult/Credentials/SessionToken")
	s := newSigner(sim.Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: token})
	s.clock = from.clock
	return s
}
