package sim

import "testing"

// TestPrincipalTagsOfEverySessionKind checks that PrincipalTags answers for
// sessions that are not role sessions (it used to dereference a nil Role).
func TestPrincipalTagsOfEverySessionKind(t *testing.T) {
	s, _ := newTestSim(t, credWorld)
	alice := userCreds(t, s, aliceARN)
	gst, err := s.GetSessionToken(alice, &GetSessionTokenInput{})
	if err != nil {
		t.Fatal(err)
	}
	sess := s.Session(gst.Credentials.AccessKeyID)
	if sess == nil {
		t.Fatal("no session for the GetSessionToken credentials")
	}
	got := map[string]string{}
	for _, tag := range sess.PrincipalTags() {
		got[tag.Key] = tag.Value
	}
	if got["team"] != "platform" || got["env"] != "dev" || len(got) != 2 {
		t.Errorf("GetSessionToken session's principal tags = %v, want alice's tags team=platform env=dev", got)
	}
}
