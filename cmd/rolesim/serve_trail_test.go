package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeTrail: --trail FILE appends each call's CloudTrail record to
// FILE as the call is answered (readable before the server stops, earlier
// contents kept), the same lines GET /_rolesim/trail serves; a FILE that
// cannot be opened is refused before anything listens.
func TestServeTrail(t *testing.T) {
	file := filepath.Join(t.TempDir(), "calls.jsonl")
	const earlier = "{\"earlier\":true}\n"
	if err := os.WriteFile(file, []byte(earlier), 0o644); err != nil {
		t.Fatal(err)
	}
	base, stop := startServe(t, "examples/31-github-actions-oidc.yaml", serveOptions{addr: defaultServeAddr, speed: 1, trail: file})
	form := url.Values{"Action": {"AssumeRoleWithWebIdentity"}, "Version": {"2011-06-15"}, "RoleSessionName": {"ci"},
		"RoleArn": {"arn:aws:iam::111111111111:role/Deploy"}, "WebIdentityToken": {"not-a-jwt"}}
	resp, err := http.PostForm(base+"/", form)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Fatal("a token that is not a JWT was accepted")
	}
	written, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	resp, err = http.Get(base + "/_rolesim/trail")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	code, _, errOut := stop()
	if code != exitOK || errOut != "" {
		t.Errorf("serve ended with %d, stderr %q", code, errOut)
	}
	if string(written) != earlier+string(served) || strings.Count(string(served), "\n") != 1 {
		t.Fatalf("FILE holds %q; want %q then the one record served, %q", written, earlier, served)
	}
	var rec map[string]any
	if err := json.Unmarshal(served, &rec); err != nil || rec["eventName"] != "AssumeRoleWithWebIdentity" || rec["errorCode"] == nil || rec["responseElements"] != nil {
		t.Errorf("record %v (%v): want a refused AssumeRoleWithWebIdentity", rec, err)
	}

	inv := invoke(t, []string{"serve", "examples/31-github-actions-oidc.yaml", "--trail", t.TempDir()})
	if inv.code != exitBadInput || !strings.Contains(inv.stderr, "--trail") {
		t.Errorf("--trail naming a directory: exit %d, stderr %q", inv.code, inv.stderr)
	}
}
