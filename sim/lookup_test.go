package sim

import (
	"testing"
	"time"
)

// TestSigningSecret checks the lookup a signature-verifying server makes:
// the secret to verify against, or STS's error for what comes before the
// signature, in STS's order.
func TestSigningSecret(t *testing.T) {
	s, clk := newTestSim(t, credWorld)
	user := userCreds(t, s, aliceARN)
	out, err := s.AssumeRole(user, &AssumeRoleInput{RoleArn: String(devARN), RoleSessionName: String("ab"), DurationSeconds: Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	sess := out.Credentials
	root, err := s.RootCredentials(acct)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		name, reason      string
		key, token        string
		wantSecret, wantE string
	}
	live := []row{
		{"user key", "a long-term key signs with its secret", user.AccessKeyID, "", user.SecretAccessKey, ""},
		{"user key with a token", "a long-term key takes no session token", user.AccessKeyID, "x", "", "InvalidClientTokenId: The security token included in the request is invalid."},
		{"unknown key", "a key no one issued", "AKIAAAAAAAAAAAAAAAAA", "", "", "InvalidClientTokenId: The security token included in the request is invalid."},
		{"root key", "handed out by RootCredentials", root.AccessKeyID, "", root.SecretAccessKey, ""},
		{"session", "a session signs with its secret and token", sess.AccessKeyID, sess.SessionToken, sess.SecretAccessKey, ""},
		{"session without token", "the token binds the key", sess.AccessKeyID, "", "", "InvalidClientTokenId: The security token included in the request is invalid."},
		{"session, other token", "the token binds the key", sess.AccessKeyID, sess.SessionToken + "x", "", "InvalidClientTokenId: The security token included in the request is invalid."},
	}
	check := func(rows []row) {
		t.Helper()
		for _, r := range rows {
			secret, err := s.SigningSecret(r.key, r.token)
			if secret != r.wantSecret || errText(err) != r.wantE {
				t.Errorf("%s (%s): got %q, %q; want %q, %q", r.name, r.reason, secret, errText(err), r.wantSecret, r.wantE)
			}
		}
	}
	check(live)

	clk.Add(901 * time.Second)
	check([]row{
		{"expired session", "expiry is checked before the secret", sess.AccessKeyID, sess.SessionToken, "", "ExpiredToken: The security token included in the request is expired"},
		{"expired session, other token", "a mismatched token is seen before expiry", sess.AccessKeyID, "x", "", "InvalidClientTokenId: The security token included in the request is invalid."},
	})

	clk.Add(-901 * time.Second)
	if err := s.DeleteRolePolicy(&DeleteRolePolicyInput{AccountID: acct, RoleName: "Dev", PolicyName: "All"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteRole(&DeleteRoleInput{AccountID: acct, RoleName: "Dev"}); err != nil {
		t.Fatal(err)
	}
	check([]row{{"deleted role", "a deleted role's sessions are invalid", sess.AccessKeyID, sess.SessionToken, "", "InvalidClientTokenId: The security token included in the request is invalid."}})
}
