package sdktest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/stsserver"
)

// world: alice may assume Dev (12 h); Dev's sessions may chain into Prod
// (4 h, so that two hours is refused by the chaining cap, not the role's
// maximum) in another account.
const world = `
name: sdk-chain
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          AssumeDev:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: arn:aws:iam::111111111111:role/Dev}
              - {Effect: Allow, Action: sts:GetFederationToken, Resource: "*"}
    oidc_providers:
      - url: https://idp.example.com
        client_ids: [app]
    roles:
      - name: Web
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {Federated: arn:aws:iam::111111111111:oidc-provider/idp.example.com}
              Action: sts:AssumeRoleWithWebIdentity
      - name: Dev
        max_session_duration: 12h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:user/alice}, Action: sts:AssumeRole}
        inline_policies:
          AssumeProd:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: sts:AssumeRole, Resource: arn:aws:iam::222222222222:role/Prod}
  - id: "222222222222"
    roles:
      - name: Prod
        max_session_duration: 4h
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:role/Dev}, Action: sts:AssumeRole}
`

const (
	aliceARN = "arn:aws:iam::111111111111:user/alice"
	devARN   = "arn:aws:iam::111111111111:role/Dev"
	prodARN  = "arn:aws:iam::222222222222:role/Prod"
)

func start(t *testing.T, opts ...stsserver.TestOption) *stsserver.TestServer {
	t.Helper()
	sc, err := scenario.Parse("world.yaml", []byte(world))
	if err != nil {
		t.Fatal(err)
	}
	return stsserver.NewTestServer(t, sc, opts...)
}

// client is an STS client of the endpoint with the given credentials; the
// SDK's retries are off, so every call is one request.
func client(ts *stsserver.TestServer, creds aws.CredentialsProvider) *sts.Client {
	return sts.New(sts.Options{
		Region:       ts.Region,
		BaseEndpoint: aws.String(ts.URL),
		Credentials:  creds,
		Retryer:      aws.NopRetryer{},
	})
}

func static(c sim.Credentials) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(c.AccessKeyID, c.SecretAccessKey, c.SessionToken)
}

// apiError returns the code and message of an SDK error from STS.
func apiError(t *testing.T, err error) (string, string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("not an API error: %v", err)
	}
	return ae.ErrorCode(), ae.ErrorMessage()
}

// assumed returns a cached AssumeRoleProvider for role over base.
func assumed(base *sts.Client, role, name string, d time.Duration) *aws.CredentialsCache {
	return aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(base, role, func(o *stscreds.AssumeRoleOptions) {
		o.RoleSessionName = name
		o.Duration = d
	}))
}

// TestTwoHopChain: alice's keys assume Dev, Dev's session assumes Prod, and
// Prod's session is who the SDK's GetCallerIdentity says it is.
func TestTwoHopChain(t *testing.T) {
	ts := start(t)
	ctx := context.Background()
	alice := client(ts, static(ts.Credentials(t, aliceARN)))
	dev := client(ts, assumed(alice, devARN, "dev", 12*time.Hour))
	prod := client(ts, assumed(dev, prodARN, "prod", time.Hour))
	out, err := prod.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(out.Arn); got != "arn:aws:sts::222222222222:assumed-role/Prod/prod" {
		t.Errorf("second hop's identity %s", got)
	}
	if got := aws.ToString(out.Account); got != "222222222222" {
		t.Errorf("account %s", got)
	}
	// The first hop's session lasts the 12 hours asked for.
	ar, err := alice.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String(devARN), RoleSessionName: aws.String("direct"), DurationSeconds: aws.Int32(43200)})
	if err != nil {
		t.Fatal(err)
	}
	if got := ar.Credentials.Expiration.Sub(ts.Clock.Now()); got != 12*time.Hour {
		t.Errorf("first hop lasts %v, want 12h", got)
	}
	if got := aws.ToString(ar.AssumedRoleUser.Arn); got != "arn:aws:sts::111111111111:assumed-role/Dev/direct" {
		t.Errorf("AssumedRoleUser.Arn %s", got)
	}
}

// TestChainedTwoHoursRefused: a chained AssumeRole for two hours fails, and
// the SDK surfaces AWS's code and message.
func TestChainedTwoHoursRefused(t *testing.T) {
	ts := start(t)
	alice := client(ts, static(ts.Credentials(t, aliceARN)))
	dev := client(ts, assumed(alice, devARN, "dev", time.Hour))
	_, err := assumed(dev, prodARN, "prod", 2*time.Hour).Retrieve(context.Background())
	if err == nil {
		t.Fatal("a chained two-hour session was issued")
	}
	code, msg := apiError(t, err)
	if code != "ValidationError" || msg != "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." {
		t.Errorf("got %s: %s", code, msg)
	}
}

// TestWrongSecret: keys with the wrong secret fail the signature check;
// an unknown key is InvalidClientTokenId.
func TestWrongSecret(t *testing.T) {
	ts := start(t)
	good := ts.Credentials(t, aliceARN)
	wrong := good
	wrong.SecretAccessKey = strings.Repeat("x", len(good.SecretAccessKey))
	unknown := good
	unknown.AccessKeyID = "AKIAAAAAAAAAAAAAAAAA"
	for _, tt := range []struct {
		name  string
		creds sim.Credentials
		code  string
	}{
		{"wrong secret", wrong, "SignatureDoesNotMatch"},
		{"unknown key", unknown, "InvalidClientTokenId"},
	} {
		_, err := client(ts, static(tt.creds)).GetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
		if err == nil {
			t.Errorf("%s: the request was accepted", tt.name)
			continue
		}
		if code, _ := apiError(t, err); code != tt.code {
			t.Errorf("%s: %s, want %s", tt.name, code, tt.code)
		}
	}
}

// TestPresignedGetCallerIdentity: the SDK's presigned GetCallerIdentity
// (what EKS authenticators send) verifies.
func TestPresignedGetCallerIdentity(t *testing.T) {
	ts := start(t)
	req, err := sts.NewPresignClient(client(ts, static(ts.Credentials(t, aliceARN)))).PresignGetCallerIdentity(context.Background(), &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(req.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<Arn>"+aliceARN+"</Arn>") {
		t.Errorf("presigned GetCallerIdentity: %d %s", resp.StatusCode, body)
	}
}

// TestCacheRefreshesAfterExpiry: in the wall-clock expiration mode, with
// the fake clock running 1800 times as fast as the wall clock, a 15-minute
// session lasts half a second of wall time. After the test advances the
// clock past the session's end, the session is refused (ExpiredToken), and
// once its wall-clock Expiration has passed the SDK's cache assumes the
// role again by itself.
func TestCacheRefreshesAfterExpiry(t *testing.T) {
	ts := start(t, stsserver.WithWallClock(time.Now, 1800))
	ctx := context.Background()
	alice := client(ts, static(ts.Credentials(t, aliceARN)))
	cache := assumed(alice, devARN, "dev", 15*time.Minute)
	first, err := cache.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if left := time.Until(first.Expires); left <= 0 || left > time.Minute {
		t.Fatalf("Expiration is %v from now, want the 15 fake minutes at 1800x (half a second)", left)
	}
	again, _ := cache.Retrieve(ctx)
	if again.AccessKeyID != first.AccessKeyID {
		t.Fatal("the cache refreshed credentials that had not expired")
	}

	ts.Clock.Add(16 * time.Minute)
	_, err = client(ts, static(sim.Credentials{AccessKeyID: first.AccessKeyID, SecretAccessKey: first.SecretAccessKey, SessionToken: first.SessionToken})).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if code, _ := apiError(t, err); code != "ExpiredToken" {
		t.Errorf("the session after the clock passed its end: %s, want ExpiredToken", code)
	}

	time.Sleep(time.Until(first.Expires) + 10*time.Millisecond)
	second, err := cache.Retrieve(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if second.AccessKeyID == first.AccessKeyID {
		t.Fatal("the cache did not refresh after the Expiration")
	}
	out, err := client(ts, cache).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(out.Arn) != "arn:aws:sts::111111111111:assumed-role/Dev/dev" {
		t.Errorf("the refreshed session: %v %v", out, err)
	}
	entries, _ := ts.Handler.Trace()
	assumes := 0
	for _, e := range entries {
		if e.Action == "AssumeRole" && e.Status == 200 {
			assumes++
		}
	}
	if assumes != 2 {
		t.Errorf("%d AssumeRole requests, want 2 (one per refresh)", assumes)
	}
}

// TestOtherOperations: the SDK reads the endpoint's answers to
// GetSessionToken, GetFederationToken and the unsigned
// AssumeRoleWithWebIdentity, and the credentials they return work.
func TestOtherOperations(t *testing.T) {
	ts := start(t)
	ctx := context.Background()
	alice := client(ts, static(ts.Credentials(t, aliceARN)))

	st, err := alice.GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(3600)})
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Credentials.Expiration.Sub(ts.Clock.Now()); got != time.Hour {
		t.Errorf("GetSessionToken lasts %v, want 1h", got)
	}
	who, err := client(ts, credentials.NewStaticCredentialsProvider(aws.ToString(st.Credentials.AccessKeyId), aws.ToString(st.Credentials.SecretAccessKey),
		aws.ToString(st.Credentials.SessionToken))).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Arn) != aliceARN {
		t.Errorf("GetSessionToken credentials are alice's: %v %v", who, err)
	}

	ft, err := alice.GetFederationToken(ctx, &sts.GetFederationTokenInput{Name: aws.String("carol")})
	if err != nil {
		t.Fatal(err)
	}
	if got := aws.ToString(ft.FederatedUser.Arn); got != "arn:aws:sts::111111111111:federated-user/carol" {
		t.Errorf("FederatedUser.Arn %s", got)
	}

	sc, err := scenario.Parse("t.yaml", []byte("name: t\naccounts: [{id: \"111111111111\"}]\nsteps:\n  - assume_role_with_web_identity:\n      token: {iss: https://idp.example.com, aud: app, sub: user-1}\n"))
	if err != nil {
		t.Fatal(err)
	}
	token := sim.EncodeJWT(sc.Steps[0].WebIdentity.Token, ts.Clock.Now())
	web, err := client(ts, nil).AssumeRoleWithWebIdentity(ctx, &sts.AssumeRoleWithWebIdentityInput{
		RoleArn: aws.String("arn:aws:iam::111111111111:role/Web"), RoleSessionName: aws.String("web"), WebIdentityToken: aws.String(token)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(web.AssumedRoleUser.Arn) != "arn:aws:sts::111111111111:assumed-role/Web/web" || aws.ToString(web.SubjectFromWebIdentityToken) != "user-1" {
		t.Errorf("AssumeRoleWithWebIdentity: %s, subject %s", aws.ToString(web.AssumedRoleUser.Arn), aws.ToString(web.SubjectFromWebIdentityToken))
	}
}

// BenchmarkSDKAssumeRole is an AssumeRole round trip as an application
// makes it: the Go SDK's sts.Client signs the request, sends it over
// loopback HTTP to the endpoint, which verifies the signature, runs the
// simulator and answers in STS's XML, and the SDK parses the credentials.
func BenchmarkSDKAssumeRole(b *testing.B) {
	sc, err := scenario.Parse("world.yaml", []byte(world))
	if err != nil {
		b.Fatal(err)
	}
	// Many calls at one fake instant would meet the STS rate quota.
	sc.Quotas.STSRequestsPerSecond, sc.Quotas.STSBurst = 1_000_000_000, 1_000_000_000
	ts := stsserver.NewTestServer(b, sc)
	alice := client(ts, static(ts.Credentials(b, aliceARN)))
	ctx := context.Background()
	in := &sts.AssumeRoleInput{RoleArn: aws.String(devARN), RoleSessionName: aws.String("bench")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := alice.AssumeRole(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if out.Credentials == nil {
			b.Fatal("no credentials")
		}
	}
}
