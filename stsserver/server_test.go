package stsserver

import (
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// TestSignKnownAnswer pins the signer to AWS's published SigV4 example (the
// IAM ListUsers request of the SigV4 documentation).
func TestSignKnownAnswer(t *testing.T) {
	r := httptest.NewRequest(http.MethodGet, "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", nil)
	r.Host = "iam.amazonaws.com"
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	r.Header.Set("X-Amz-Date", "20150830T123600Z")
	sg := &signature{accessKeyID: "AKIDEXAMPLE", scopeDate: "20150830", region: "us-east-1", service: "iam", terminator: scopeEnd,
		amzDate: "20150830T123600Z", headers: []string{"content-type", "host", "x-amz-date"}}
	got := hex.EncodeToString(sign("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sg, canonicalRequest(r, sg, nil)))
	if want := "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"; got != want {
		t.Errorf("signature of AWS's example: got %s, want %s", got, want)
	}
}

const ar = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2FDev"

// TestWireRules checks the Query protocol's rules request by request: the
// status, the error code, the message (or its absence) and chosen fields of
// the response.
func TestWireRules(t *testing.T) {
	tests := []struct {
		name, reason string
		get          bool // the parameters in a GET query instead of a POST body
		body         string
		status       int
		code         string
		message      *string // nil: not checked; "": no Message element
		fields       map[string]string
	}{
		{name: "assume role", reason: "a signed form POST", body: ar + "&RoleSessionName=s1", status: 200,
			fields: map[string]string{"AssumeRoleResult/AssumedRoleUser/Arn": "arn:aws:sts::111111111111:assumed-role/Dev/s1",
				"AssumeRoleResult/Credentials/Expiration": "2024-01-01T01:00:00Z"}},
		{name: "get", reason: "the same request as a GET query", get: true, body: ar + "&RoleSessionName=s1", status: 200,
			fields: map[string]string{"AssumeRoleResult/AssumedRoleUser/Arn": "arn:aws:sts::111111111111:assumed-role/Dev/s1"}},
		{name: "first duplicate wins", reason: "of a repeated scalar, the first value counts", body: ar + "&RoleSessionName=first&RoleSessionName=second", status: 200,
			fields: map[string]string{"AssumeRoleResult/AssumedRoleUser/Arn": "arn:aws:sts::111111111111:assumed-role/Dev/first"}},
		{name: "unknown parameter", reason: "unknown parameters are ignored", body: ar + "&RoleSessionName=s1&NoSuchParameter=x&Tags.member.x.Key=k", status: 200},
		{name: "plus sign", reason: "a signed decimal: +900 is 900", body: ar + "&RoleSessionName=s1&DurationSeconds=%2B900", status: 200,
			fields: map[string]string{"AssumeRoleResult/Credentials/Expiration": "2024-01-01T00:15:00Z"}},
		{name: "leading zero", reason: "0900 is 900", body: ar + "&RoleSessionName=s1&DurationSeconds=0900", status: 200,
			fields: map[string]string{"AssumeRoleResult/Credentials/Expiration": "2024-01-01T00:15:00Z"}},
		{name: "non-numeric duration", reason: "MalformedInput with no Message element", body: ar + "&RoleSessionName=s1&DurationSeconds=abc",
			status: 400, code: "MalformedInput", message: sim.String("")},
		{name: "decimal point", reason: "900.0 is not an integer", body: ar + "&RoleSessionName=s1&DurationSeconds=900.0",
			status: 400, code: "MalformedInput", message: sim.String("")},
		{name: "out of int32", reason: "2147483648 does not fit a signed 32-bit integer", body: ar + "&RoleSessionName=s1&DurationSeconds=2147483648",
			status: 400, code: "MalformedInput", message: sim.String("")},
		{name: "empty duration", reason: "an empty number", body: ar + "&RoleSessionName=s1&DurationSeconds=",
			status: 400, code: "MalformedInput", message: sim.String("missing value for decimal type")},
		{name: "negative duration", reason: "a negative int32 parses and fails the range check", body: ar + "&RoleSessionName=s1&DurationSeconds=-1",
			status: 400, code: "ValidationError", message: sim.String("1 validation error detected: Value '-1' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")},
		{name: "missing session name", reason: "the simulator's schema check", body: ar, status: 400, code: "ValidationError",
			message: sim.String("1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null")},
		{name: "tags", reason: "Tags.member.N.Key/Value and TransitiveTagKeys.member.N; PackedPolicySize follows Credentials",
			body: ar + "&RoleSessionName=s1&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1&TransitiveTagKeys.member.1=a", status: 200,
			fields: map[string]string{"AssumeRoleResult/PackedPolicySize": "1"}},
		{name: "transitive key not a tag", reason: "the list reaches the simulator's check", body: ar + "&RoleSessionName=s1&Tags.member.1.Key=a&Tags.member.1.Value=1&TransitiveTagKeys.member.1=other",
			status: 400, code: "InvalidParameterValue", message: sim.String("The specified transitive tag key must be included in the requested tags.")},
		{name: "policy arns", reason: "PolicyArns.member.N.arn: a managed policy the role's account lacks is refused", body: ar + "&RoleSessionName=s1&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3A111111111111%3Apolicy%2FNone",
			status: 403, code: "AccessDenied"},
		{name: "source identity", reason: "SourceIdentity comes back after Credentials", body: ar + "&RoleSessionName=s1&SourceIdentity=alice", status: 200,
			fields: map[string]string{"AssumeRoleResult/SourceIdentity": "alice"}},
		{name: "unknown action", reason: "InvalidAction names the operation and version", body: "Action=NoSuchAction&Version=2011-06-15",
			status: 400, code: "InvalidAction", message: sim.String("Could not find operation NoSuchAction for version 2011-06-15")},
		{name: "no version", reason: "a missing Version is NO_VERSION_SPECIFIED", body: "Action=GetCallerIdentity",
			status: 400, code: "InvalidAction", message: sim.String("Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED")},
		{name: "caller identity", reason: "Arn, UserId, Account", body: "Action=GetCallerIdentity&Version=2011-06-15", status: 200,
			fields: map[string]string{"GetCallerIdentityResult/Arn": aliceARN, "GetCallerIdentityResult/Account": "111111111111"}},
		{name: "session token", reason: "a user's default is 12 hours", body: "Action=GetSessionToken&Version=2011-06-15", status: 200,
			fields: map[string]string{"GetSessionTokenResult/Credentials/Expiration": "2024-01-01T12:00:00Z"}},
		{name: "session token duration", reason: "DurationSeconds follows the same integer rules", body: "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=x",
			status: 400, code: "MalformedInput", message: sim.String("")},
		{name: "federation token", reason: "FederatedUser follows Credentials", body: "Action=GetFederationToken&Version=2011-06-15&Name=carol", status: 200,
			fields: map[string]string{"GetFederationTokenResult/FederatedUser/Arn": "arn:aws:sts::111111111111:federated-user/carol",
				"GetFederationTokenResult/FederatedUser/FederatedUserId": "111111111111:carol"}},
		{name: "web identity token", reason: "unsigned: a bad token is the token's error, not MissingAuthenticationToken",
			body:   "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + url.QueryEscape(webARN) + "&RoleSessionName=s1&WebIdentityToken=abcd",
			status: 400, code: "InvalidIdentityToken"},
		{name: "saml assertion", reason: "unsigned: a bad assertion is the assertion's error",
			body:   "Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=" + url.QueryEscape(webARN) + "&PrincipalArn=" + url.QueryEscape("arn:aws:iam::111111111111:saml-provider/Okta") + "&SAMLAssertion=abcd",
			status: 400, code: "InvalidIdentityToken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, Options{})
			var r *http.Request
			if tt.get {
				r = e.alice.get(tt.body)
			} else {
				r = e.alice.post(tt.body)
			}
			if strings.Contains(tt.body, "AssumeRoleWith") {
				r = httptest.NewRequest(http.MethodPost, "http://sts.test/", strings.NewReader(tt.body))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			res := serve(t, e.h, r)
			if res.status != tt.status || res.code() != tt.code {
				t.Fatalf("%s: got %d %q, want %d %q\n%s", tt.reason, res.status, res.code(), tt.status, tt.code, res.body)
			}
			if tt.message != nil {
				msg, has := res.xml.path("Error/Message")
				if *tt.message == "" && has {
					t.Errorf("%s: want no Message element, got %q", tt.reason, msg)
				} else if *tt.message != "" && msg != *tt.message {
					t.Errorf("%s: message %q, want %q", tt.reason, msg, *tt.message)
				}
			}
			for p, want := range tt.fields {
				if got, _ := res.xml.path(p); got != want {
					t.Errorf("%s: %s = %q, want %q", tt.reason, p, got, want)
				}
			}
			if tt.status != 200 {
				if typ, _ := res.xml.path("Error/Type"); typ != "Sender" {
					t.Errorf("error Type %q, want Sender", typ)
				}
			}
		})
	}
}

// TestResponseShape checks the envelope: namespace, element order and the
// request id, in the body and the header, the same from run to run.
func TestResponseShape(t *testing.T) {
	run := func() ([]string, []string, string, string) {
		e := newEnv(t, Options{})
		res := serve(t, e.h, e.alice.post(ar+"&RoleSessionName=s1&SourceIdentity=alice&Tags.member.1.Key=a&Tags.member.1.Value=1"))
		if res.xml.XMLName.Space != Namespace || res.xml.XMLName.Local != "AssumeRoleResponse" {
			t.Errorf("root %v, want AssumeRoleResponse in %s", res.xml.XMLName, Namespace)
		}
		id, _ := res.xml.path("ResponseMetadata/RequestId")
		bad := serve(t, e.h, e.alice.post("Action=Nope&Version=2011-06-15"))
		errID, _ := bad.xml.path("RequestId")
		return res.xml.names("AssumeRoleResult"), bad.xml.names("Error"), id, errID
	}
	order, errOrder, id, errID := run()
	if diff := cmp.Diff([]string{"AssumedRoleUser", "Credentials", "PackedPolicySize", "SourceIdentity"}, order); diff != "" {
		t.Errorf("AssumeRoleResult's elements (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Type", "Code", "Message"}, errOrder); diff != "" {
		t.Errorf("Error's elements (-want +got):\n%s", diff)
	}
	_, _, id2, errID2 := run()
	if id == "" || id != id2 || errID != errID2 || id == errID || len(id) != 36 {
		t.Errorf("request ids %q %q and %q %q: want UUID-shaped, distinct per request, the same per run", id, errID, id2, errID2)
	}
}

// TestAuthentication checks every signature failure and STS's order:
// scope, then key and token and expiry, then the signature.
func TestAuthentication(t *testing.T) {
	e := newEnv(t, Options{})
	dev := e.session(t, e.alice, devARN, "&DurationSeconds=900")
	wrong := e.alice
	wrong.creds.SecretAccessKey = "x" + wrong.creds.SecretAccessKey[1:]
	unknown := e.alice
	unknown.creds.AccessKeyID = "AKIAAAAAAAAAAAAAAAAA"
	tokenless := dev
	tokenless.creds.SessionToken = ""
	otherToken := dev
	otherToken.creds.SessionToken += "x"
	userWithToken := e.alice
	userWithToken.creds.SessionToken = dev.creds.SessionToken
	badService := e.alice
	badService.service = "iam"
	badRegion := e.alice
	badRegion.region = "eu-west-1"
	const gci = "Action=GetCallerIdentity&Version=2011-06-15"
	unsignedReq := func() *http.Request {
		r := httptest.NewRequest(http.MethodPost, "http://sts.test/", strings.NewReader(gci))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	withAuth := func(auth string) func() *http.Request {
		return func() *http.Request {
			r := unsignedReq()
			r.Header.Set("X-Amz-Date", "20240101T000000Z")
			r.Header.Set("Authorization", auth)
			return r
		}
	}
	tampered := func() *http.Request {
		r := e.alice.post(gci)
		r.Body = http.NoBody
		r.Body = httptest.NewRequest(http.MethodPost, "/", strings.NewReader(gci+"&x=1")).Body
		return r
	}
	tests := []struct {
		name, reason string
		req          func() *http.Request
		status       int
		code, msg    string
	}{
		{"signed", "a good signature", func() *http.Request { return e.alice.post(gci) }, 200, "", ""},
		{"session", "a session signs with its secret and token", func() *http.Request { return dev.post(gci) }, 200, "", ""},
		{"presigned", "a presigned GET", func() *http.Request {
			return httptest.NewRequest(http.MethodGet, e.alice.presign("http://sts.test", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}), nil)
		}, 200, "", ""},
		{"presigned session", "a presigned GET with a session token", func() *http.Request {
			return httptest.NewRequest(http.MethodGet, dev.presign("http://sts.test", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}), nil)
		}, 200, "", ""},
		{"presigned, changed", "a presigned URL whose parameters changed", func() *http.Request {
			u := e.alice.presign("http://sts.test", url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}})
			return httptest.NewRequest(http.MethodGet, u+"&Extra=1", nil)
		}, 403, "SignatureDoesNotMatch", signatureMismatchMessage},
		{"presigned, incomplete", "a presigned URL without its signature", func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "http://sts.test/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256", nil)
		}, 400, "IncompleteSignature", "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Date'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters."},
		{"unsigned", "no signature at all", unsignedReq, 403, "MissingAuthenticationToken", "Request is missing Authentication Token"},
		{"wrong secret", "signed with another secret", func() *http.Request { return wrong.post(gci) }, 403, "SignatureDoesNotMatch", signatureMismatchMessage},
		{"tampered body", "the body changed after signing", tampered, 403, "SignatureDoesNotMatch", signatureMismatchMessage},
		{"unknown key", "no such access key", func() *http.Request { return unknown.post(gci) }, 403, "InvalidClientTokenId", "The security token included in the request is invalid."},
		{"session without token", "a session key needs its token", func() *http.Request { return tokenless.post(gci) }, 403, "InvalidClientTokenId", "The security token included in the request is invalid."},
		{"other token", "the token must be the session's", func() *http.Request { return otherToken.post(gci) }, 403, "InvalidClientTokenId", "The security token included in the request is invalid."},
		{"user with token", "a long-term key takes no token", func() *http.Request { return userWithToken.post(gci) }, 403, "InvalidClientTokenId", "The security token included in the request is invalid."},
		{"wrong service", "scoped to iam", func() *http.Request { return badService.post(gci) }, 403, "SignatureDoesNotMatch", "Credential should be scoped to correct service: 'sts'. "},
		{"wrong region", "scoped to another region", func() *http.Request { return badRegion.post(gci) }, 403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region. "},
		{"missing parts", "an Authorization header without Signature and SignedHeaders",
			withAuth("AWS4-HMAC-SHA256 Credential=" + e.alice.creds.AccessKeyID + "/20240101/us-east-1/sts/aws4_request"), 400, "IncompleteSignature",
			"Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."},
		{"short credential", "a credential of four parts", withAuth("AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sts, SignedHeaders=host, Signature=00"), 400, "IncompleteSignature",
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20240101/us-east-1/sts'"},
		{"other algorithm", "only AWS4-HMAC-SHA256", withAuth("AWS4-ECDSA-P256-SHA256 Credential=x"), 400, "IncompleteSignature", "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'."},
		{"no date", "a signature needs X-Amz-Date", func() *http.Request {
			r := e.alice.post(gci)
			r.Header.Del("X-Amz-Date")
			return r
		}, 400, "IncompleteSignature", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."},
		{"date header", "the Date header stands in for X-Amz-Date", func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "http://sts.test/", strings.NewReader(gci))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Date", signingTime.Format(http.TimeFormat))
			date := signingTime.Format(amzDateLayout)
			sg := &signature{accessKeyID: e.alice.creds.AccessKeyID, scopeDate: date[:8], region: "us-east-1", service: "sts",
				terminator: scopeEnd, amzDate: date, headers: []string{"content-type", "date", "host"}}
			sig := hex.EncodeToString(sign(e.alice.creds.SecretAccessKey, sg, canonicalRequest(r, sg, []byte(gci))))
			r.Header.Set("Authorization", algorithm+" Credential="+e.alice.creds.AccessKeyID+"/"+date[:8]+"/us-east-1/sts/aws4_request, SignedHeaders=content-type;date;host, Signature="+sig)
			return r
		}, 200, "", ""},
		{"scope date", "the scope's date must be the signing date's", withAuth("AWS4-HMAC-SHA256 Credential=" + e.alice.creds.AccessKeyID + "/20240102/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00"),
			403, "SignatureDoesNotMatch", "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240102' != '20240101', from '20240101T000000Z'."},
		{"terminator", "the scope ends in aws4_request", withAuth("AWS4-HMAC-SHA256 Credential=" + e.alice.creds.AccessKeyID + "/20240101/us-east-1/sts/aws5_request, SignedHeaders=host, Signature=00"),
			403, "SignatureDoesNotMatch", "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := serve(t, e.h, tt.req())
			msg, _ := res.xml.path("Error/Message")
			if res.status != tt.status || res.code() != tt.code || msg != tt.msg {
				t.Errorf("%s: got %d %q %q, want %d %q %q", tt.reason, res.status, res.code(), msg, tt.status, tt.code, tt.msg)
			}
		})
	}

	t.Run("expired before signature", func(t *testing.T) {
		e.clk.Add(901 * time.Second)
		wrongDev := dev
		wrongDev.creds.SecretAccessKey = "x" + dev.creds.SecretAccessKey[1:]
		for _, s := range []signer{dev, wrongDev} {
			res := serve(t, e.h, s.post(gci))
			if res.status != 403 || res.code() != "ExpiredToken" {
				t.Errorf("an expired session (good or bad secret): got %d %q, want 403 ExpiredToken", res.status, res.code())
			}
		}
	})
}

// TestChain: a two-hop chain through the endpoint, and a chained request
// for two hours refused with AWS's message.
func TestChain(t *testing.T) {
	e := newEnv(t, Options{})
	dev := e.session(t, e.alice, devARN, "&DurationSeconds=43200")
	res := serve(t, e.h, dev.post("Action=AssumeRole&Version=2011-06-15&RoleArn="+url.QueryEscape(prodARN)+"&RoleSessionName=s2&DurationSeconds=7200"))
	msg, _ := res.xml.path("Error/Message")
	if res.status != 400 || res.code() != "ValidationError" || msg != "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." {
		t.Errorf("two hours chained: got %d %s %q", res.status, res.code(), msg)
	}
	prod := e.session(t, dev, prodARN, "")
	who := serve(t, e.h, prod.post("Action=GetCallerIdentity&Version=2011-06-15"))
	if arn, _ := who.xml.path("GetCallerIdentityResult/Arn"); arn != "arn:aws:sts::222222222222:assumed-role/Prod/s1" {
		t.Errorf("second hop's identity: %q\n%s", arn, who.body)
	}
}

// TestLimits: the request size limit and the methods served.
func TestLimits(t *testing.T) {
	e := newEnv(t, Options{MaxBodyBytes: 64})
	res := serve(t, e.h, e.alice.post("Action=GetCallerIdentity&Version=2011-06-15&Pad="+strings.Repeat("x", 64)))
	if res.status != http.StatusRequestEntityTooLarge || res.code() != "RequestEntityTooLarge" {
		t.Errorf("a body over the limit: %d %s", res.status, res.code())
	}
	r := httptest.NewRequest(http.MethodPut, "http://sts.test/", nil)
	if res := serve(t, e.h, r); res.status != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d, want 405", res.status)
	}
}

// TestWallClockExpiration: in the wall-clock mode an Expiration is the wall
// clock's now plus the fake lifetime left, divided by the clock's speed.
func TestWallClockExpiration(t *testing.T) {
	wall := time.Date(2030, 6, 1, 12, 0, 0, 0, time.UTC)
	wallNow := func() time.Time { return wall }
	for _, tt := range []struct {
		name  string
		speed float64
		want  string
	}{
		{"real time", 1, "2030-06-01T12:15:00.000Z"},
		{"900 times as fast", 900, "2030-06-01T12:00:01.000Z"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sc := loadTestWorld(t)
			w, _ := sim.NewWorld(sc)
			clk := NewRunningClock(sc.Start, wallNow, tt.speed)
			s := sim.New(w, clk)
			h := New(s, Options{Clock: clk, WallClock: wallNow})
			c, _ := s.UserCredentials(aliceARN)
			alice := newSigner(c)
			alice.clock = wallNow // as the SDKs sign
			res := serve(t, h, alice.post(ar+"&RoleSessionName=s1&DurationSeconds=900"))
			if got, _ := res.xml.path("AssumeRoleResult/Credentials/Expiration"); got != tt.want {
				t.Errorf("Expiration %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRunningClock: the clock runs at its speed from where it was moved.
func TestRunningClock(t *testing.T) {
	wall := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewRunningClock(start, func() time.Time { return wall }, 60)
	wall = wall.Add(time.Second)
	if got := c.Now(); !got.Equal(start.Add(time.Minute)) {
		t.Errorf("after a wall second at 60x: %v", got)
	}
	c.Add(time.Hour)
	wall = wall.Add(time.Second)
	if got := c.Now(); !got.Equal(start.Add(time.Hour + 2*time.Minute)) {
		t.Errorf("after Add(1h) and another second: %v", got)
	}
	c.Set(start)
	if got := c.Now(); !got.Equal(start) {
		t.Errorf("after Set: %v", got)
	}
}

// TestWebIdentity: an unsigned AssumeRoleWithWebIdentity with a token of
// the world's provider answers with the web identity fields after
// Credentials.
func TestWebIdentity(t *testing.T) {
	e := newEnv(t, Options{})
	sc, err := scenario.Parse("t.yaml", []byte("name: t\naccounts: [{id: \"111111111111\"}]\nsteps:\n  - assume_role_with_web_identity:\n      token: {iss: https://idp.example.com, aud: app, sub: user-1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	token := sim.EncodeJWT(sc.Steps[0].WebIdentity.Token, e.clk.Now())
	body := "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + url.QueryEscape(webARN) + "&RoleSessionName=web&WebIdentityToken=" + url.QueryEscape(token)
	r := httptest.NewRequest(http.MethodPost, "http://sts.test/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := serve(t, e.h, r)
	if res.status != 200 {
		t.Fatalf("%d %s", res.status, res.body)
	}
	want := map[string]string{
		"AssumeRoleWithWebIdentityResult/AssumedRoleUser/Arn":         "arn:aws:sts::111111111111:assumed-role/Web/web",
		"AssumeRoleWithWebIdentityResult/SubjectFromWebIdentityToken": "user-1",
		"AssumeRoleWithWebIdentityResult/Audience":                    "app",
		"AssumeRoleWithWebIdentityResult/Credentials/Expiration":      "2024-01-01T01:00:00Z",
	}
	for p, w := range want {
		if got, _ := res.xml.path(p); got != w {
			t.Errorf("%s = %q, want %q", p, got, w)
		}
	}
	if names := res.xml.names("AssumeRoleWithWebIdentityResult"); len(names) < 2 || names[0] != "AssumedRoleUser" || names[1] != "Credentials" {
		t.Errorf("element order %v", names)
	}
}

// TestRootUserKeys: the endpoint answers a request signed with a root
// user's key (the banner prints them) as the root user, without the Sim
// having been asked for that key first.
func TestRootUserKeys(t *testing.T) {
	e := newEnv(t, Options{})
	// The key as another Sim of the same world gives it: the endpoint's Sim
	// is not asked.
	roots := RootKeys(sim.New(e.h.Sim().World(), sim.NewFakeClock(scenario.DefaultStart)))
	if len(roots) == 0 {
		t.Fatal("no root keys")
	}
	root := newSigner(sim.Credentials{AccessKeyID: roots[0].AccessKeyID, SecretAccessKey: roots[0].SecretAccessKey})
	who := serve(t, e.h, root.post("Action=GetCallerIdentity&Version=2011-06-15"))
	if arn, _ := who.xml.path("GetCallerIdentityResult/Arn"); who.status != 200 || arn != roots[0].ARN {
		t.Errorf("root's identity: %d %q, want %s\n%s", who.status, arn, roots[0].ARN, who.body)
	}
}
