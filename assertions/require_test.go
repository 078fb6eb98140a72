package assertions

import (
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/stretchr/testify/suite"

	"github.com/rolesim/rolesim/fixtures"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// fakeT records what a Require or Assert function reports. It is both a
// require.TestingT and an assert.TestingT; FailNow ends the calling
// goroutine as testing.T does.
type fakeT struct {
	msgs    []string
	stopped bool
	helpers int
}

func (f *fakeT) Helper() { f.helpers++ }

func (f *fakeT) Errorf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}

func (f *fakeT) FailNow() {
	f.stopped = true
	runtime.Goexit()
}

func (f *fakeT) report() string { return strings.Join(f.msgs, "\n") }

// call runs f against a fresh fakeT in its own goroutine, so that FailNow
// can end it; finished tells whether f returned.
func call(f func(*fakeT)) (tb *fakeT, finished bool) {
	tb = &fakeT{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(tb)
		finished = true
	}()
	<-done
	return tb, finished
}

// newSim starts a simulation of a fixture at the default start.
func newSim(t *testing.T, fixture string) *sim.Sim {
	t.Helper()
	sc, err := fixtures.Load(fixture)
	require.NoError(t, err)
	return simOf(t, sc)
}

// simOf starts a simulation of a scenario's world at the default start.
func simOf(t *testing.T, sc *scenario.Scenario) *sim.Sim {
	t.Helper()
	w, err := sim.NewWorld(sc)
	require.NoError(t, err)
	return sim.New(w, sim.NewFakeClock(scenario.DefaultStart))
}

func userCreds(t *testing.T, s *sim.Sim, arn string) sim.Credentials {
	t.Helper()
	c, err := s.UserCredentials(arn)
	require.NoError(t, err)
	return c
}

// check is one Require/Assert pair on the same request: the Require
// flavour must stop the test exactly when the Assert flavour returns
// false, and both must report the same.
type check struct {
	name, reason string
	require      func(require.TestingT)
	assert       func(assert.TestingT) bool
	fails        bool
	want         []string // substrings of the report
}

func runChecks(t *testing.T, checks []check) {
	t.Helper()
	for _, tt := range checks {
		t.Run(tt.name, func(t *testing.T) {
			stopT, finished := call(func(f *fakeT) { tt.require(f) })
			assert.Equal(t, tt.fails, stopT.stopped, "%s: Require stopped the test; messages: %q", tt.reason, stopT.msgs)
			assert.Equal(t, !tt.fails, finished, "%s: Require returned", tt.reason)

			goOnT, finished := call(func(f *fakeT) {
				ok := tt.assert(f)
				assert.Equal(t, !tt.fails, ok, "%s: Assert's result", tt.reason)
			})
			assert.True(t, finished, "%s: Assert stopped the test", tt.reason)
			assert.False(t, goOnT.stopped, "%s: Assert called FailNow", tt.reason)
			assert.Equal(t, stopT.msgs, goOnT.msgs, "%s: Require and Assert report differently", tt.reason)
			assert.Positive(t, goOnT.helpers, "%s: the function does not call t.Helper", tt.reason)

			msg := goOnT.report()
			if !tt.fails {
				assert.Empty(t, msg, tt.reason)
				return
			}
			for _, w := range tt.want {
				assert.Contains(t, msg, w, tt.reason)
			}
			assert.NotContains(t, msg, "false != true", "a bare boolean report")
		})
	}
}

func TestRequireAssumeRoleAndCalls(t *testing.T) {
	starter := newSim(t, "single-account")
	admin := userCreds(t, starter, "arn:aws:iam::123456789012:user/admin")
	dev := userCreds(t, starter, "arn:aws:iam::123456789012:user/engineering/dev")
	adminRole := &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::123456789012:role/Admin"), RoleSessionName: sim.String("me")}
	readOnly := &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::123456789012:role/ReadOnly"), RoleSessionName: sim.String("me")}

	org := newSim(t, "org/three-account")
	ci := userCreds(t, org, "arn:aws:iam::222222222222:user/ci")
	ciSession := RequireAssumeRole(t, org, ci, &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::222222222222:role/CI"), RoleSessionName: sim.String("ci")})
	deployer := RequireAssumeRole(t, org, ciSession.Credentials, &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::333333333333:role/Deployer"), RoleSessionName: sim.String("ci")})
	adminOut := RequireAssumeRole(t, starter, admin, adminRole)

	runChecks(t, []check{
		{
			name: "assume ok", reason: "a successful AssumeRole passes",
			require: func(t require.TestingT) { RequireAssumeRole(t, starter, admin, adminRole) },
			assert:  func(t assert.TestingT) bool { _, ok := AssertAssumeRole(t, starter, admin, adminRole); return ok },
		},
		{
			name: "assume fails", reason: "a denied AssumeRole fails with the outcome diff, the reason and the trace",
			require: func(t require.TestingT) { RequireAssumeRole(t, starter, dev, adminRole) },
			assert:  func(t assert.TestingT) bool { _, ok := AssertAssumeRole(t, starter, dev, adminRole); return ok },
			fails:   true,
			want: []string{
				"AssumeRole arn:aws:iam::123456789012:role/Admin: want success, got AccessDenied: User: arn:aws:iam::123456789012:user/engineering/dev is not authorized",
				"\n  diff (-want +got):\n", "\n  decided by: implicit deny: no identity-based policy allows sts:AssumeRole",
				"\n  decision trace:\n", "trust_policy",
			},
		},
		{
			name: "error ok", reason: "the expected error code passes",
			require: func(t require.TestingT) { RequireAssumeRoleError(t, starter, dev, adminRole, sim.CodeAccessDenied) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleError(t, starter, dev, adminRole, sim.CodeAccessDenied)
				return ok
			},
		},
		{
			name: "error but success", reason: "an AssumeRole that succeeds fails RequireAssumeRoleError, showing what allowed it",
			require: func(t require.TestingT) { RequireAssumeRoleError(t, starter, dev, readOnly, sim.CodeAccessDenied) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleError(t, starter, dev, readOnly, sim.CodeAccessDenied)
				return ok
			},
			fails: true,
			want: []string{
				"AssumeRole arn:aws:iam::123456789012:role/ReadOnly: want AccessDenied, got success\n",
				"\n  diff (-want +got):\n",
				"\n  allowed by:\n    sts:AssumeRole trust_policy trust policy of role ReadOnly, statement Statement[0] at fixture:single-account:",
				": Allow sts:AssumeRole for AWS arn:aws:iam::123456789012:user/engineering/dev",
			},
		},
		{
			name: "wrong code", reason: "another error code fails with both codes",
			require: func(t require.TestingT) { RequireAssumeRoleError(t, starter, dev, adminRole, "ValidationError") },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleError(t, starter, dev, adminRole, "ValidationError")
				return ok
			},
			fails: true,
			want:  []string{"want ValidationError, got AccessDenied\n", "\n  message: User: "},
		},
		{
			name: "expiry ok", reason: "the right expiration passes",
			require: func(t require.TestingT) { RequireExpiresAt(t, adminOut, scenario.DefaultStart.Add(time.Hour)) },
			assert: func(t assert.TestingT) bool {
				return AssertExpiresAt(t, adminOut, scenario.DefaultStart.Add(time.Hour))
			},
		},
		{
			name: "expiry wrong", reason: "a wrong expiration shows both times and durations, and the trace",
			require: func(t require.TestingT) { RequireExpiresAt(t, adminOut, scenario.DefaultStart.Add(4*time.Hour)) },
			assert: func(t assert.TestingT) bool {
				return AssertExpiresAt(t, adminOut, scenario.DefaultStart.Add(4*time.Hour))
			},
			fails: true,
			want: []string{
				"session arn:aws:sts::123456789012:assumed-role/Admin/me expires at the wrong time\n  diff (-want +got):\n",
				"2024-01-01T04:00:00Z", "2024-01-01T01:00:00Z", "4h0m0s", "1h0m0s",
				"\n  decision trace:\n",
			},
		},
		{
			name: "expiry without output", reason: "a nil output fails rather than panics",
			require: func(t require.TestingT) { RequireExpiresAt(t, nil, scenario.DefaultStart) },
			assert:  func(t assert.TestingT) bool { return AssertExpiresAt(t, nil, scenario.DefaultStart) },
			fails:   true,
			want:    []string{"no AssumeRole output"},
		},
		{
			name: "allowed", reason: "an allowed call passes",
			require: func(t require.TestingT) {
				RequireAllowed(t, org, deployer.Credentials, "s3:PutObject", "arn:aws:s3:::releases/app.zip")
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAllowed(t, org, deployer.Credentials, "s3:PutObject", "arn:aws:s3:::releases/app.zip")
				return ok
			},
		},
		{
			name: "allowed but denied", reason: "a denied call fails RequireAllowed with the deciding SCP statement",
			require: func(t require.TestingT) {
				RequireAllowed(t, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x")
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAllowed(t, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x")
				return ok
			},
			fails: true,
			want: []string{
				"iam:CreateUser on arn:aws:iam::333333333333:user/x: want allowed",
				"\n  decided by: explicit deny in service control policy (SCP DenyIamUsers attached to account 333333333333, statement NoIamUsers at fixture:org/three-account:",
				"\n    statement NoIamUsers: Deny iam:CreateUser, iam:CreateAccessKey on *\n",
			},
		},
		{
			name: "denied by kind", reason: "a denial by the expected kind of policy passes",
			require: func(t require.TestingT) {
				RequireDenied(t, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", sim.KindSCP)
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertDenied(t, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", sim.KindSCP)
				return ok
			},
		},
		{
			name: "denied by any kind", reason: "an empty kind accepts any denial",
			require: func(t require.TestingT) {
				RequireDenied(t, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", "")
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertDenied(t, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", "")
				return ok
			},
		},
		{
			name: "denied by another kind", reason: "a denial by another kind of policy fails, naming both kinds",
			require: func(t require.TestingT) {
				RequireDenied(t, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", sim.KindIdentityPolicy)
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertDenied(t, org, deployer.Credentials, "iam:CreateUser", "arn:aws:iam::333333333333:user/x", sim.KindIdentityPolicy)
				return ok
			},
			fails: true,
			want:  []string{"want AccessDenied by identity_policy, got AccessDenied by scp\n", "DeniedBy"},
		},
		{
			name: "denied but allowed", reason: "an allowed call fails RequireDenied",
			require: func(t require.TestingT) {
				RequireDenied(t, org, deployer.Credentials, "s3:PutObject", "arn:aws:s3:::releases/app.zip", sim.KindSCP)
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertDenied(t, org, deployer.Credentials, "s3:PutObject", "arn:aws:s3:::releases/app.zip", sim.KindSCP)
				return ok
			},
			fails: true,
			want:  []string{"s3:PutObject on arn:aws:s3:::releases/app.zip: want AccessDenied by scp, got success\n", "\n  allowed by:\n"},
		},
	})
}

// nearestScenario is the scenario whose steps each fail for one reason.
const nearestScenario = "../sim/explain/testdata/nearest/nearest-miss.yaml"

// TestRequireNearestMiss checks that a failed check names the statement
// that came closest and the one thing that stopped it: a typo in a trust
// policy's principal, a Deny statement's condition that never holds.
func TestRequireNearestMiss(t *testing.T) {
	sc, err := scenario.Load(nearestScenario)
	require.NoError(t, err)
	s := simOf(t, sc)
	alice := userCreds(t, s, "arn:aws:iam::111111111111:user/alice")
	dev := &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::111111111111:role/Dev"), RoleSessionName: sim.String("alice")}
	deploy := RequireAssumeRoleWithWebIdentity(t, s, &sim.AssumeRoleWithWebIdentityInput{
		RoleArn: sim.String("arn:aws:iam::111111111111:role/Deploy"), RoleSessionName: sim.String("gha"),
		WebIdentityToken: sim.String(sim.EncodeJWT(sc.Steps[2].WebIdentity.Token, s.Now())),
	})
	runChecks(t, []check{
		{
			name: "principal typo", reason: "the trust policy names user/alcie",
			require: func(t require.TestingT) { RequireAssumeRole(t, s, alice, dev) },
			assert:  func(t assert.TestingT) bool { _, ok := AssertAssumeRole(t, s, alice, dev); return ok },
			fails:   true,
			want: []string{
				"\n  decided by: implicit deny: no role trust policy allows sts:AssumeRole\n",
				"\n  nearest miss: statement TrustAlice of trust policy of role Dev (" + nearestScenario + ":34:15): " +
					`Principal lists "arn:aws:iam::111111111111:user/alcie", but the caller is arn:aws:iam::111111111111:user/alice.` + "\n",
			},
		},
		{
			name: "deny that never applies", reason: "an unexpected allow names the Deny statement its condition kept off",
			require: func(t require.TestingT) {
				RequireDenied(t, s, deploy.Credentials, "s3:DeleteObject", "arn:aws:s3:::acme-artifacts/app.zip", "")
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertDenied(t, s, deploy.Credentials, "s3:DeleteObject", "arn:aws:s3:::acme-artifacts/app.zip", "")
				return ok
			},
			fails: true,
			want: []string{
				"want AccessDenied, got success\n",
				"\n  nearest miss: statement NoDeletesWithoutMFA of inline policy Artifacts of role Deploy (" + nearestScenario + ":61:17): " +
					`Condition Bool on aws:MultiFactorAuthPresent wants "true", but the request has "false".`,
			},
		},
	})
}

// TestRequireFederation checks the web identity and SAML helpers.
func TestRequireFederation(t *testing.T) {
	sc, err := scenario.Load(nearestScenario)
	require.NoError(t, err)
	s := simOf(t, sc)
	token := func(step int) *sim.AssumeRoleWithWebIdentityInput {
		return &sim.AssumeRoleWithWebIdentityInput{
			RoleArn: sim.String("arn:aws:iam::111111111111:role/Deploy"), RoleSessionName: sim.String("gha"),
			WebIdentityToken: sim.String(sim.EncodeJWT(sc.Steps[step].WebIdentity.Token, s.Now())),
		}
	}
	mainBranch, featureBranch := token(2), token(1)
	notAJWT := &sim.AssumeRoleWithWebIdentityInput{
		RoleArn: sim.String("arn:aws:iam::111111111111:role/Deploy"), RoleSessionName: sim.String("gha"),
		WebIdentityToken: sim.String("ghp_0123456789"),
	}

	saml := newSimFile(t, "../examples/34-saml-federation.yaml")
	engineer := &sim.AssumeRoleWithSAMLInput{
		RoleArn:       sim.String("arn:aws:iam::777777777777:role/Engineer"),
		PrincipalArn:  sim.String("arn:aws:iam::777777777777:saml-provider/Okta"),
		SAMLAssertion: sim.String(samlResponse("arn:aws:iam::777777777777:role/Engineer", "https://signin.aws.amazon.com/saml")),
	}
	wrongRecipient := &sim.AssumeRoleWithSAMLInput{
		RoleArn:       engineer.RoleArn,
		PrincipalArn:  engineer.PrincipalArn,
		SAMLAssertion: sim.String(samlResponse("arn:aws:iam::777777777777:role/Engineer", "https://example.com/saml")),
	}

	runChecks(t, []check{
		{
			name: "web identity ok", reason: "a token from main passes",
			require: func(t require.TestingT) { RequireAssumeRoleWithWebIdentity(t, s, mainBranch) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleWithWebIdentity(t, s, mainBranch)
				return ok
			},
		},
		{
			name: "web identity from another branch", reason: "a token from a feature branch fails, naming the sub condition",
			require: func(t require.TestingT) { RequireAssumeRoleWithWebIdentity(t, s, featureBranch) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleWithWebIdentity(t, s, featureBranch)
				return ok
			},
			fails: true,
			want: []string{
				"AssumeRoleWithWebIdentity arn:aws:iam::111111111111:role/Deploy: want success, got AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity\n",
				"\n  nearest miss: statement MainBranch of trust policy of role Deploy (" + nearestScenario + ":42:15): " +
					`Condition StringLike on token.actions.githubusercontent.com:sub wants "repo:acme/app:ref:refs/heads/main", but the request has "repo:acme/app:ref:refs/heads/feature".`,
			},
		},
		{
			name: "web identity error ok", reason: "the expected error passes",
			require: func(t require.TestingT) {
				RequireAssumeRoleWithWebIdentityError(t, s, notAJWT, sim.CodeInvalidIdentityToken)
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleWithWebIdentityError(t, s, notAJWT, sim.CodeInvalidIdentityToken)
				return ok
			},
		},
		{
			name: "web identity error but success", reason: "a token that is accepted fails the error check",
			require: func(t require.TestingT) {
				RequireAssumeRoleWithWebIdentityError(t, s, mainBranch, sim.CodeAccessDenied)
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleWithWebIdentityError(t, s, mainBranch, sim.CodeAccessDenied)
				return ok
			},
			fails: true,
			want:  []string{"AssumeRoleWithWebIdentity arn:aws:iam::111111111111:role/Deploy: want AccessDenied, got success\n", "\n  allowed by:\n"},
		},
		{
			name: "saml ok", reason: "a signed assertion for the sign-in endpoint passes",
			require: func(t require.TestingT) { RequireAssumeRoleWithSAML(t, saml, engineer) },
			assert:  func(t assert.TestingT) bool { _, ok := AssertAssumeRoleWithSAML(t, saml, engineer); return ok },
		},
		{
			name: "saml wrong recipient", reason: "an assertion for another recipient fails, naming the SAML:aud condition",
			require: func(t require.TestingT) { RequireAssumeRoleWithSAML(t, saml, wrongRecipient) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleWithSAML(t, saml, wrongRecipient)
				return ok
			},
			fails: true,
			want: []string{
				"AssumeRoleWithSAML arn:aws:iam::777777777777:role/Engineer: want success, got AccessDenied",
				`nearest miss: statement Statement[0] of trust policy of role Engineer (../examples/34-saml-federation.yaml:32:15): Condition StringEquals on SAML:aud wants "https://signin.aws.amazon.com/saml", but the request has "https://example.com/saml".`,
			},
		},
		{
			name: "saml error ok", reason: "the expected error passes",
			require: func(t require.TestingT) {
				RequireAssumeRoleWithSAMLError(t, saml, wrongRecipient, sim.CodeAccessDenied)
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleWithSAMLError(t, saml, wrongRecipient, sim.CodeAccessDenied)
				return ok
			},
		},
		{
			name: "saml error but success", reason: "an accepted assertion fails the error check",
			require: func(t require.TestingT) { RequireAssumeRoleWithSAMLError(t, saml, engineer, sim.CodeAccessDenied) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertAssumeRoleWithSAMLError(t, saml, engineer, sim.CodeAccessDenied)
				return ok
			},
			fails: true,
			want:  []string{"AssumeRoleWithSAML arn:aws:iam::777777777777:role/Engineer: want AccessDenied, got success\n"},
		},
	})
}

// TestRequireSessionTokenAndIdentity checks the GetSessionToken and
// GetCallerIdentity helpers.
func TestRequireSessionTokenAndIdentity(t *testing.T) {
	s := newSim(t, "single-account")
	const adminARN = "arn:aws:iam::123456789012:user/admin"
	admin := userCreds(t, s, adminARN)
	tooShort := &sim.GetSessionTokenInput{DurationSeconds: sim.Int32(60)}
	token := RequireGetSessionToken(t, s, admin, nil)
	assert.Equal(t, scenario.DefaultStart.Add(12*time.Hour), token.Credentials.Expiration, "GetSessionToken's default is 12 hours")
	adminSession := RequireAssumeRole(t, s, admin, &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::123456789012:role/Admin"), RoleSessionName: sim.String("me")})
	expired := sim.Credentials{AccessKeyID: "ASIAEXPIRED", SecretAccessKey: "x", SessionToken: "x", Expiration: scenario.DefaultStart}
	_ = adminSession

	runChecks(t, []check{
		{
			name: "session token ok", reason: "an IAM user's GetSessionToken passes",
			require: func(t require.TestingT) { RequireGetSessionToken(t, s, admin, nil) },
			assert:  func(t assert.TestingT) bool { _, ok := AssertGetSessionToken(t, s, admin, nil); return ok },
		},
		{
			name: "session token fails", reason: "a refused GetSessionToken fails with AWS's message",
			require: func(t require.TestingT) { RequireGetSessionToken(t, s, admin, tooShort) },
			assert:  func(t assert.TestingT) bool { _, ok := AssertGetSessionToken(t, s, admin, tooShort); return ok },
			fails:   true,
			want:    []string{"GetSessionToken: want success, got ValidationError: 1 validation error detected: Value '60' at 'durationSeconds'"},
		},
		{
			name: "session token error ok", reason: "the expected error passes",
			require: func(t require.TestingT) {
				RequireGetSessionTokenError(t, s, admin, tooShort, sim.CodeValidationError)
			},
			assert: func(t assert.TestingT) bool {
				_, ok := AssertGetSessionTokenError(t, s, admin, tooShort, sim.CodeValidationError)
				return ok
			},
		},
		{
			name: "session token error but success", reason: "a GetSessionToken that succeeds fails the error check",
			require: func(t require.TestingT) { RequireGetSessionTokenError(t, s, admin, nil, sim.CodeAccessDenied) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertGetSessionTokenError(t, s, admin, nil, sim.CodeAccessDenied)
				return ok
			},
			fails: true,
			want:  []string{"GetSessionToken: want AccessDenied, got success\n"},
		},
		{
			name: "identity ok", reason: "the caller's own ARN passes",
			require: func(t require.TestingT) { RequireCallerIdentity(t, s, token.Credentials, adminARN) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertCallerIdentity(t, s, token.Credentials, adminARN)
				return ok
			},
		},
		{
			name: "identity any", reason: "an empty ARN accepts any caller",
			require: func(t require.TestingT) { RequireCallerIdentity(t, s, adminSession.Credentials, "") },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertCallerIdentity(t, s, adminSession.Credentials, "")
				return ok
			},
		},
		{
			name: "identity wrong", reason: "another ARN fails with both ARNs",
			require: func(t require.TestingT) { RequireCallerIdentity(t, s, adminSession.Credentials, adminARN) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertCallerIdentity(t, s, adminSession.Credentials, adminARN)
				return ok
			},
			fails: true,
			want: []string{
				"GetCallerIdentity: want " + adminARN + ", got arn:aws:sts::123456789012:assumed-role/Admin/me (account 123456789012, user id AROA",
				"\n  diff (-want +got):\n",
			},
		},
		{
			name: "identity refused", reason: "unknown credentials fail the identity check",
			require: func(t require.TestingT) { RequireCallerIdentity(t, s, expired, "") },
			assert:  func(t assert.TestingT) bool { _, ok := AssertCallerIdentity(t, s, expired, ""); return ok },
			fails:   true,
			want:    []string{"GetCallerIdentity: want success, got InvalidClientTokenId"},
		},
		{
			name: "identity error ok", reason: "the expected error passes",
			require: func(t require.TestingT) { RequireCallerIdentityError(t, s, expired, sim.CodeInvalidClientTokenID) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertCallerIdentityError(t, s, expired, sim.CodeInvalidClientTokenID)
				return ok
			},
		},
		{
			name: "identity error but success", reason: "credentials that work fail the error check",
			require: func(t require.TestingT) { RequireCallerIdentityError(t, s, admin, sim.CodeExpiredToken) },
			assert: func(t assert.TestingT) bool {
				_, ok := AssertCallerIdentityError(t, s, admin, sim.CodeExpiredToken)
				return ok
			},
			fails: true,
			want:  []string{"GetCallerIdentity: want ExpiredToken, got success\n"},
		},
	})
}

// newSimFile starts a simulation of a scenario file's world.
func newSimFile(t *testing.T, path string) *sim.Sim {
	t.Helper()
	sc, err := scenario.Load(path)
	require.NoError(t, err)
	return simOf(t, sc)
}

// samlResponse is a SAML response of example 34's Okta provider for alice,
// signed as rolesim's simulated IdP signs (sim.SAMLSignature), issued at
// the default start, for the given role and recipient.
func samlResponse(role, recipient string) string {
	const issuer = "http://www.okta.com/exk1a2b3c4d5e6f7g8h9"
	head := `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_t" Version="2.0" IssueInstant="2024-01-01T00:00:00Z" Destination="` + recipient + `"><saml:Issuer>` + issuer + `</saml:Issuer>`
	body := `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
		`<saml:Assertion ID="_t-assertion" Version="2.0" IssueInstant="2024-01-01T00:00:00Z"><saml:Issuer>` + issuer + `</saml:Issuer>` +
		`<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice@acme.example</saml:NameID>` +
		`<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="2024-01-01T00:05:00Z" Recipient="` + recipient + `"/></saml:SubjectConfirmation></saml:Subject>` +
		`<saml:Conditions NotBefore="2024-01-01T00:00:00Z" NotOnOrAfter="2024-01-01T00:05:00Z"><saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
		`<saml:AuthnStatement AuthnInstant="2024-01-01T00:00:00Z"/><saml:AttributeStatement>` +
		`<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role"><saml:AttributeValue>` + role + `,arn:aws:iam::777777777777:saml-provider/Okta</saml:AttributeValue></saml:Attribute>` +
		`<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>alice@acme.example</saml:AttributeValue></saml:Attribute>` +
		`</saml:AttributeStatement></saml:Assertion></samlp:Response>`
	sig := `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>` + sim.SAMLSignature(issuer, []byte(head+body)) + `</ds:SignatureValue></ds:Signature>`
	return base64.StdEncoding.EncodeToString([]byte(head + sig + body))
}

// TestRequireDoesNotModifyInput checks that the Require functions ask for
// the trace on a copy of the caller's input.
func TestRequireDoesNotModifyInput(t *testing.T) {
	s := newSim(t, "single-account")
	in := &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::123456789012:role/Admin"), RoleSessionName: sim.String("me")}
	admin := userCreds(t, s, "arn:aws:iam::123456789012:user/admin")
	RequireAssumeRole(t, s, admin, in)
	assert.False(t, in.Trace, "RequireAssumeRole set Trace on the caller's input")
	tok := &sim.GetSessionTokenInput{}
	RequireGetSessionToken(t, s, admin, tok)
	assert.False(t, tok.Trace, "RequireGetSessionToken set Trace on the caller's input")
}

// helpersSuite uses the Require and Assert functions from a testify suite,
// as a design-card test would: s.T() is both kinds of TestingT.
type helpersSuite struct {
	suite.Suite
	sim   *sim.Sim
	admin sim.Credentials
}

func (s *helpersSuite) SetupTest() {
	s.sim = newSim(s.T(), "single-account")
	s.admin = userCreds(s.T(), s.sim, "arn:aws:iam::123456789012:user/admin")
}

func (s *helpersSuite) TestAdminChain() {
	out := RequireAssumeRole(s.T(), s.sim, s.admin, &sim.AssumeRoleInput{RoleArn: sim.String("arn:aws:iam::123456789012:role/Admin"), RoleSessionName: sim.String("me")})
	RequireExpiresAt(s.T(), out, scenario.DefaultStart.Add(time.Hour))
	_, ok := AssertCallerIdentity(s.T(), s.sim, out.Credentials, "arn:aws:sts::123456789012:assumed-role/Admin/me")
	s.True(ok)
}

func TestHelpersInASuite(t *testing.T) { suite.Run(t, new(helpersSuite)) }
