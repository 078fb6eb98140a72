package scenario

import "testing"

// TestExportedChecks pins that the checks importers use answer as the
// loader does.
func TestExportedChecks(t *testing.T) {
	if CheckIAMName("Deploy+1", 64) != "" || CheckIAMName("bad name", 64) == "" || CheckIAMName(string(make([]byte, 65)), 64) == "" {
		t.Error("CheckIAMName")
	}
	if CheckIAMPath("/ci/") != "" || CheckIAMPath("ci/") == "" {
		t.Error("CheckIAMPath")
	}
	if CheckTagKey("team") != "" || CheckTagKey("aws:x") == "" || CheckTagValue("a b") != "" || CheckTagValue("<") == "" {
		t.Error("CheckTagKey/CheckTagValue")
	}
	if !IsAccountID("111111111111") || IsAccountID("11111111111") || IsAccountID("11111111111a") {
		t.Error("IsAccountID")
	}
}
