package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestWhoCanAndWhatCan(t *testing.T) {
	const ex14 = "../../examples/14-resource-policy-vs-assume-role.yaml"
	tests := []struct {
		name, reason string
		args         []string
		code         int
		want         []string // substrings of stdout, in order
		wantErr      string
	}{
		{"whoCanObject", "ReleaseRole is named by the bucket policy and allowed by its own; alice reaches it",
			[]string{"who-can", "s3:GetObject", "arn:aws:s3:::acme-prod-artifacts/build.zip", ex14}, exitOK,
			[]string{"Who can s3:GetObject on arn:aws:s3:::acme-prod-artifacts/build.zip", "  ReleaseRole: s3:GetObject", "  alice → ReleaseRole (a last session of up to 1h)", "2 grants."}, ""},
		{"whoCanNobody", "nobody may delete the bucket",
			[]string{"who-can", "s3:DeleteBucket", "arn:aws:s3:::acme-prod-artifacts", ex14}, exitOK,
			[]string{"No principal of the world"}, ""},
		{"whoCanAssume", "an STS action on a role is decided by its trust policy; the SCP stops the developers",
			[]string{"who-can", "sts:AssumeRole", "arn:aws:iam::333333333333:role/ProdDeployer", "../../examples/09-scp-blocks-chain.yaml"}, exitOK,
			[]string{"  org-admin: sts:AssumeRole", "1 grant."}, ""},
		{"whatCan", "alice reads through ReleaseRole and writes two hops further",
			[]string{"what-can", "alice", ex14}, exitOK,
			[]string{"What can alice do", "alice → ReleaseRole (a last session of up to 1h): s3:GetObject on arn:aws:s3:::acme-prod-artifacts/*",
				"alice → ReleaseRole → ArtifactPublisher (a last session of up to 1h, role chaining): s3:PutObject"}, ""},
		{"whatCanUnknown", "an unknown principal is an error naming it",
			[]string{"what-can", "mallory", ex14}, exitBadInput, nil, "--principal mallory: no principal of the world"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := invoke(t, tt.args)
			if got.code != tt.code {
				t.Fatalf("exit %d, want %d (%s)\nstdout:\n%s\nstderr:\n%s", got.code, tt.code, tt.reason, got.stdout, got.stderr)
			}
			rest := got.stdout
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("stdout lacks %q (in order) (%s):\n%s", w, tt.reason, got.stdout)
				}
				rest = rest[i+len(w):]
			}
			if tt.wantErr != "" && !strings.Contains(got.stderr, tt.wantErr) {
				t.Errorf("stderr %q lacks %q", got.stderr, tt.wantErr)
			}
		})
	}
}

func TestWhoCanJSON(t *testing.T) {
	args := []string{"who-can", "s3:GetObject", "arn:aws:s3:::acme-prod-artifacts/build.zip", "../../examples/14-resource-policy-vs-assume-role.yaml", "--format", "json"}
	first := invoke(t, args)
	if first.code != exitOK {
		t.Fatalf("exit %d: %s", first.code, first.stderr)
	}
	var out struct {
		Question string `json:"question"`
		Grants   []struct {
			Principal string   `json:"principal"`
			Path      []string `json:"path"`
			Actor     string   `json:"actor"`
			Session   string   `json:"session"`
		} `json:"grants"`
	}
	if err := json.Unmarshal([]byte(first.stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, first.stdout)
	}
	if len(out.Grants) != 2 || out.Grants[1].Principal != "arn:aws:iam::222222222222:user/alice" ||
		len(out.Grants[1].Path) != 1 || out.Grants[1].Actor != out.Grants[1].Path[0] || out.Grants[1].Session != "1h" {
		t.Errorf("grants = %+v", out.Grants)
	}
	if again := invoke(t, args); again.stdout != first.stdout {
		t.Error("two runs differ")
	}
}

// TestREADMEWhoCan checks that the README's who-can answer is the
// command's.
func TestREADMEWhoCan(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const cmdLine = "$ rolesim who-can s3:GetObject arn:aws:s3:::acme-prod-artifacts/build.zip examples/14-resource-policy-vs-assume-role.yaml\n"
	_, after, ok := strings.Cut(string(data), cmdLine)
	if !ok {
		t.Fatal("README shows no who-can answer")
	}
	shown, _, _ := strings.Cut(after, "```")
	got := invoke(t, []string{"who-can", "s3:GetObject", "arn:aws:s3:::acme-prod-artifacts/build.zip", "../../examples/14-resource-policy-vs-assume-role.yaml"})
	if got.stdout != shown {
		t.Errorf("README shows\n%s\nthe command answers\n%s", shown, got.stdout)
	}
}
