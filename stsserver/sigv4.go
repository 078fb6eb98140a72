package stsserver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rolesim/rolesim/sim"
)

// SigV4 verification, written from AWS's description of Signature Version
// 4 (the canonical request, the string to sign and the derived signing
// key); the AWS SDKs' signers are the other side of it.

const (
	algorithm     = "AWS4-HMAC-SHA256"
	scopeEnd      = "aws4_request"
	amzDateLayout = "20060102T150405Z"
	service       = "sts"
)

// Error codes of the authentication checks.
const (
	CodeIncompleteSignature        = "IncompleteSignature"
	CodeSignatureDoesNotMatch      = "SignatureDoesNotMatch"
	CodeMissingAuthenticationToken = "MissingAuthenticationToken"
)

// signature is what a signed request claims: its credential scope, date,
// signed headers, signature and session token.
type signature struct {
	accessKeyID string
	scopeDate   string // YYYYMMDD
	region      string
	service     string
	terminator  string
	amzDate     string // YYYYMMDDTHHMMSSZ
	headers     []string
	sig         string
	token       string
	presigned   bool
}

func incomplete(msg string) *sim.Error {
	return &sim.Error{Code: CodeIncompleteSignature, Message: msg, HTTPStatus: 400}
}

func mismatch(msg string) *sim.Error {
	return &sim.Error{Code: CodeSignatureDoesNotMatch, Message: msg, HTTPStatus: 403}
}

// signatureMismatchMessage is STS's text for a signature computed with
// another secret (or over another request).
const signatureMismatchMessage = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

// parseSignature reads the request's signature from its Authorization
// header or, for a presigned request, its X-Amz-* query parameters. ok is
// false when the request carries neither (MissingAuthenticationToken for an
// operation that needs a signature).
func parseSignature(r *http.Request, query params) (sg *signature, ok bool, err *sim.Error) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		sg, err = parseAuthorization(auth)
		if err != nil {
			return nil, true, err
		}
		sg.amzDate = r.Header.Get("X-Amz-Date")
		if sg.amzDate == "" {
			// The Date header, in HTTP's format, stands in for X-Amz-Date.
			if t, err := http.ParseTime(r.Header.Get("Date")); err == nil {
				sg.amzDate = t.UTC().Format(amzDateLayout)
			}
		}
		if sg.amzDate == "" {
			return nil, true, incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
		}
		sg.token = r.Header.Get("X-Amz-Security-Token")
		return sg, true, nil
	}
	if _, presigned := query.get("X-Amz-Algorithm"); !presigned {
		if _, presigned = query.get("X-Amz-Signature"); !presigned {
			return nil, false, nil
		}
	}
	var missing []string
	need := func(name string) string {
		v, ok := query.get(name)
		if !ok || v == "" {
			missing = append(missing, name)
		}
		return v
	}
	alg := need("X-Amz-Algorithm")
	cred := need("X-Amz-Credential")
	date := need("X-Amz-Date")
	signed := need("X-Amz-SignedHeaders")
	sig := need("X-Amz-Signature")
	if len(missing) > 0 {
		msg := ""
		for _, m := range missing {
			msg += "AWS query-string parameters must include '" + m + "'. "
		}
		return nil, true, incomplete(msg + "Re-examine the query-string parameters.")
	}
	if alg != algorithm {
		return nil, true, incomplete("Unsupported AWS 'algorithm': '" + alg + "'.")
	}
	// X-Amz-Expires is signed with the rest of the query but not read: STS
	// ignores it, a presigned request lives the SigningWindow whatever it
	// says (checkTime).
	sg = &signature{amzDate: date, sig: sig, presigned: true, headers: strings.Split(signed, ";")}
	if err := sg.setCredential(cred); err != nil {
		return nil, true, err
	}
	sg.token, _ = query.get("X-Amz-Security-Token")
	return sg, true, nil
}

// parseAuthorization reads "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...".
func parseAuthorization(auth string) (*signature, *sim.Error) {
	alg, rest, _ := strings.Cut(auth, " ")
	if alg != algorithm {
		return nil, incomplete("Unsupported AWS 'algorithm': '" + alg + "'.")
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok {
			if _, dup := fields[k]; !dup {
				fields[k] = v
			}
		}
	}
	msg := ""
	for _, name := range []string{"Credential", "Signature", "SignedHeaders"} {
		if fields[name] == "" {
			msg += "Authorization header requires '" + name + "' parameter. "
		}
	}
	if msg != "" {
		return nil, incomplete(strings.TrimSuffix(msg, " "))
	}
	sg := &signature{sig: fields["Signature"], headers: strings.Split(fields["SignedHeaders"], ";")}
	if err := sg.setCredential(fields["Credential"]); err != nil {
		return nil, err
	}
	return sg, nil
}

// setCredential splits keyid/date/region/service/aws4_request.
func (sg *signature) setCredential(cred string) *sim.Error {
	parts := strings.Split(cred, "/")
	if len(parts) != 5 {
		return incomplete("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + cred + "'")
	}
	sg.accessKeyID, sg.scopeDate, sg.region, sg.service, sg.terminator = parts[0], parts[1], parts[2], parts[3], parts[4]
	return nil
}

// checkScope applies the credential-scope rules STS checks first of all:
// the service, the region, the terminator and the date.
func (sg *signature) checkScope(region string) *sim.Error {
	if sg.service != service {
		return mismatch("Credential should be scoped to correct service: '" + service + "'. ")
	}
	if sg.region != region {
		return mismatch("Credential should be scoped to a valid region. ")
	}
	if sg.terminator != scopeEnd {
		return mismatch("Credential should be scoped with a valid terminator: '" + scopeEnd + "', not '" + sg.terminator + "'. ")
	}
	if len(sg.amzDate) != len(amzDateLayout) || sg.amzDate[8] != 'T' || sg.amzDate[15] != 'Z' {
		return incomplete("Date must be in ISO-8601 'basic format'. Got '" + sg.amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601")
	}
	if sg.scopeDate != sg.amzDate[:8] {
		return mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
			sg.scopeDate + "' != '" + sg.amzDate[:8] + "', from '" + sg.amzDate + "'.")
	}
	return nil
}

// SigningWindow is how far a request's signing time (X-Amz-Date, or the
// Date header) may be from the endpoint's signing clock, either way, as in
// AWS. It holds a presigned request too: STS ignores X-Amz-Expires, so a
// presigned URL is good for 15 minutes after its X-Amz-Date, no more and
// no less.
const SigningWindow = 15 * time.Minute

// checkTime refuses a signing date more than SigningWindow before or after
// now (taken to the second, as X-Amz-Date is), with STS's messages.
func (sg *signature) checkTime(now time.Time) *sim.Error {
	at, err := time.Parse(amzDateLayout, sg.amzDate)
	if err != nil {
		return incomplete("Date must be in ISO-8601 'basic format'. Got '" + sg.amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601")
	}
	now = now.UTC().Truncate(time.Second)
	if earliest := now.Add(-SigningWindow); at.Before(earliest) {
		return mismatch("Signature expired: " + sg.amzDate + " is now earlier than " + earliest.Format(amzDateLayout) +
			" (" + now.Format(amzDateLayout) + " - 15 min.)")
	}
	if latest := now.Add(SigningWindow); at.After(latest) {
		return mismatch("Signature not yet current: " + sg.amzDate + " is still later than " + latest.Format(amzDateLayout) +
			" (" + now.Format(amzDateLayout) + " + 15 min.)")
	}
	return nil
}

// verify recomputes the signature of r (whose body is body) with secret and
// compares it with the one the request carries. keys caches signing keys.
func (sg *signature) verify(r *http.Request, body []byte, secret string, keys *keyCache) *sim.Error {
	want := signWith(keys.key(secret, sg), sg, canonicalRequest(r, sg, body))
	got, err := hex.DecodeString(sg.sig)
	if err != nil || !hmac.Equal(want, got) {
		return mismatch(signatureMismatchMessage)
	}
	return nil
}

// canonicalRequest is SigV4's canonical form of the request:
// method, URI, query, headers, signed header names and payload hash, one a
// line.
func canonicalRequest(r *http.Request, sg *signature, body []byte) string {
	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(r.URL.EscapedPath()))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL.RawQuery, sg.presigned))
	b.WriteByte('\n')
	headers := append([]string(nil), sg.headers...)
	for i := range headers {
		headers[i] = strings.ToLower(headers[i])
	}
	sort.Strings(headers)
	for _, h := range headers {
		b.WriteString(h)
		b.WriteByte(':')
		b.WriteString(headerValue(r, h))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(headers, ";"))
	b.WriteByte('\n')
	sum := sha256.Sum256(body)
	b.WriteString(hex.EncodeToString(sum[:]))
	return b.String()
}

// canonicalURI encodes each segment of the (already escaped) path once
// more, as SigV4 does for every service but S3; an empty path is "/".
func canonicalURI(escaped string) string {
	if escaped == "" {
		return "/"
	}
	return uriEncode(escaped, false)
}

// canonicalQuery sorts the query's pairs by encoded name, then value, each
// encoded as SigV4 requires; a presigned request's X-Amz-Signature is left
// out.
func canonicalQuery(raw string, presigned bool) string {
	q := params{}
	parseParams(q, raw)
	var pairs []string
	for k, vs := range q {
		if presigned && k == "X-Amz-Signature" {
			continue
		}
		ek := uriEncode(k, true)
		for _, v := range vs {
			pairs = append(pairs, ek+"="+uriEncode(v, true))
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

// headerValue is a signed header's canonical value: the request's values
// joined by commas, each trimmed with inner runs of spaces collapsed.
func headerValue(r *http.Request, name string) string {
	var vs []string
	switch name {
	case "host":
		vs = []string{r.Host}
	case "content-length":
		vs = r.Header.Values("Content-Length")
		if len(vs) == 0 && r.ContentLength >= 0 {
			vs = []string{strconv.FormatInt(r.ContentLength, 10)}
		}
	default:
		vs = r.Header.Values(name)
	}
	for i, v := range vs {
		vs[i] = strings.Join(strings.Fields(v), " ")
	}
	return strings.Join(vs, ",")
}

// uriEncode percent-encodes every byte but the unreserved characters
// A-Z a-z 0-9 - _ . ~ (and '/' unless encodeSlash), with upper-case hex.
func uriEncode(s string, encodeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == '/' && !encodeSlash:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
	}
	return b.String()
}

// sign computes the request's signature: the string to sign (algorithm,
// date, scope and the canonical request's hash) signed with the key derived
// from the secret through the scope's date, region, service and terminator.
func sign(secret string, sg *signature, canonical string) []byte {
	return signWith(signingKey(secret, sg), sg, canonical)
}

// signingKey derives the key of the scope: HMACs of the date, region,
// service and terminator, starting from "AWS4" + secret.
func signingKey(secret string, sg *signature) []byte {
	key := hmacSHA256([]byte("AWS4"+secret), sg.scopeDate)
	key = hmacSHA256(key, sg.region)
	key = hmacSHA256(key, sg.service)
	return hmacSHA256(key, sg.terminator)
}

// signWith signs the string to sign of the canonical request with a
// derived key.
func signWith(key []byte, sg *signature, canonical string) []byte {
	sum := sha256.Sum256([]byte(canonical))
	toSign := algorithm + "\n" + sg.amzDate + "\n" + sg.scopeDate + "/" + sg.region + "/" + sg.service + "/" + sg.terminator +
		"\n" + hex.EncodeToString(sum[:])
	return hmacSHA256(key, toSign)
}

// maxCachedKeys bounds the signing-key cache; it is emptied when full.
const maxCachedKeys = 4096

// keyCache keeps derived signing keys by secret and scope, as AWS's
// signers do: a key serves every request of its day. It is safe for
// concurrent use.
type keyCache struct {
	mu   sync.Mutex
	keys map[string][]byte
}

func (c *keyCache) key(secret string, sg *signature) []byte {
	id := secret + "\x00" + sg.scopeDate + "/" + sg.region + "/" + sg.service + "/" + sg.terminator
	c.mu.Lock()
	k, ok := c.keys[id]
	c.mu.Unlock()
	if ok {
		return k
	}
	k = signingKey(secret, sg)
	c.mu.Lock()
	if c.keys == nil || len(c.keys) >= maxCachedKeys {
		c.keys = make(map[string][]byte)
	}
	c.keys[id] = k
	c.mu.Unlock()
	return k
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}
