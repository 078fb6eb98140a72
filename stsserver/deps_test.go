package stsserver

import (
	"os"
	"strings"
	"testing"
)

// TestMainModuleHasNoSDK: the AWS SDK is the sdktest module's dependency
// only; rolesim's own go.mod must not gain it.
func TestMainModuleHasNoSDK(t *testing.T) {
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(mod), "module github.com/rolesim/rolesim\n") {
		t.Fatalf("../go.mod is not rolesim's:\n%s", mod)
	}
	if strings.Contains(string(mod), "github.com/aws/") {
		t.Errorf("rolesim's go.mod names the AWS SDK; it belongs in sdktest/go.mod:\n%s", mod)
	}
	sdk, err := os.ReadFile("../sdktest/go.mod")
	if err != nil || !strings.Contains(string(sdk), "github.com/aws/aws-sdk-go-v2/service/sts") || !strings.Contains(string(sdk), "replace github.com/rolesim/rolesim => ../") {
		t.Errorf("sdktest/go.mod should require the SDK's sts and replace rolesim with ../ (%v):\n%s", err, sdk)
	}
}
