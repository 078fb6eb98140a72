package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

func TestDiff(t *testing.T) {
	tests := []struct {
		name, reason string
		want, got    string
		diff         string
	}{
		{
			name: "equal", reason: "equal texts have no diff",
			want: "a\nb\n", got: "a\nb\n", diff: "",
		},
		{
			name: "changed line", reason: "a changed line is a - and a + with context around it",
			want: "1\n2\n3\n4\n5\n6\n7\n", got: "1\n2\n3\nfour\n5\n6\n7\n",
			diff: "@@ golden line 2, actual line 2 @@\n  2\n  3\n- 4\n+ four\n  5\n  6\n",
		},
		{
			name: "two hunks", reason: "changes far apart make separate hunks",
			want: "a\n1\n2\n3\n4\n5\n6\nb\n", got: "A\n1\n2\n3\n4\n5\n6\nB\n",
			diff: "@@ golden line 1, actual line 1 @@\n- a\n+ A\n  1\n  2\n@@ golden line 6, actual line 6 @@\n  5\n  6\n- b\n+ B\n",
		},
		{
			name: "insert and missing newline", reason: "added lines are + only; a missing final newline is shown",
			want: "x\ny", got: "x\nnew\ny\n",
			diff: "@@ golden line 1, actual line 1 @@\n  x\n- y (no newline at end)\n+ new\n+ y\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.diff, Diff([]byte(tt.want), []byte(tt.got))); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, d)
			}
		})
	}
}

func TestRelative(t *testing.T) {
	tests := []struct {
		name, reason string
		base         string
		in, want     scenario.Pos
	}{
		{"own file", "the scenario's own file is written by its base name", "a/b/s.yaml", scenario.Pos{File: "a/b/s.yaml", Line: 3, Col: 4}, scenario.Pos{File: "s.yaml", Line: 3, Col: 4}},
		{"fixture", "fixtures keep their name", "a/s.yaml", scenario.Pos{File: "fixture:org/three-account", Line: 1}, scenario.Pos{File: "fixture:org/three-account", Line: 1}},
		{"include", "an included file is relative to the scenario's directory", "a/b/s.yaml", scenario.Pos{File: "a/shared/w.yaml", Line: 2}, scenario.Pos{File: "../shared/w.yaml", Line: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, Relative(tt.base, tt.in)); d != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, d)
			}
		})
	}
}

const chain = `name: golden-chain
accounts:
  - id: "111111111111"
    users:
      - name: alice
        inline_policies:
          A: {Statement: [{Sid: AssumeAny, Effect: Allow, Action: "sts:AssumeRole", Resource: "*"}]}
    roles:
      - name: Dev
        trust_policy: {Statement: [{Sid: Alice, Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/alice"}, Action: "sts:AssumeRole"}]}
steps:
  - id: dev
    assume: {as: "arn:aws:iam::111111111111:user/alice", role_arn: "arn:aws:iam::111111111111:role/Dev", role_session_name: alice}
  - advance: 2h
  - id: expired
    whoami: dev
    expect: {error: ExpiredToken}
  - id: denied
    call: {as: "arn:aws:iam::111111111111:user/alice", action: "s3:GetObject", resource: "arn:aws:s3:::b/k"}
    expect: {error: AccessDenied}
`

// TestTranscript checks the transcript's content for every kind of
// outcome, and that it does not depend on the directory the scenario was
// loaded from.
func TestTranscript(t *testing.T) {
	run := func(name string) string {
		t.Helper()
		sc, err := scenario.Parse(name, []byte(chain))
		if err != nil {
			t.Fatal(err)
		}
		rep, err := sim.Run(sc)
		if err != nil {
			t.Fatal(err)
		}
		return string(Transcript(rep))
	}
	got := run("deep/dir/chain.yaml")
	for _, want := range []string{
		"# rolesim golden trace of scenario golden-chain\n",
		"\nstep 1 dev [assume] at chain.yaml:12:5\n  clock: 2024-01-01T00:00:00Z\n  outcome: success\n",
		"  session: arn:aws:sts::111111111111:assumed-role/Dev/alice\n",
		": Allow (statement Alice at chain.yaml:10:36)\n",
		"  decision: sts:AssumeRole on arn:aws:iam::111111111111:role/Dev\n",
		"    context aws:username = alice\n",
		"\nstep 2 step-2 [advance] at chain.yaml:14:5\n  clock: 2024-01-01T02:00:00Z\n  outcome: clock moved\n",
		"step 3 expired [whoami] at chain.yaml:15:5\n  clock: 2024-01-01T02:00:00Z\n  outcome: ExpiredToken: The security token included in the request is expired\n",
		"  outcome: AccessDenied: User: arn:aws:iam::111111111111:user/alice is not authorized to perform: s3:GetObject on resource: \"arn:aws:s3:::b/k\" because no identity-based policy allows the s3:GetObject action\n  reason: identity_policy ImplicitDeny",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q; transcript:\n%s", want, got)
		}
	}
	if other := run("chain.yaml"); other != got {
		t.Errorf("the transcript depends on the scenario's directory:\n%s", Diff([]byte(got), []byte(other)))
	}
}

// TestCheck covers the golden file's life: missing, written only with
// update, matching, differing (reported, not rewritten), and rewritten.
func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x"+Ext)
	steps := []struct {
		name, reason string
		got          string
		update       bool
		want         Result
		file         string // content of the file afterwards; "" = absent
	}{
		{"missing", "a missing file is reported, not created, without update", "a\n", false, Result{Path: path, Missing: true}, ""},
		{"created", "update creates it, directories included", "a\n", true, Result{Path: path, Written: true}, "a\n"},
		{"match", "a matching file passes and is left alone", "a\n", true, Result{Path: path}, "a\n"},
		{"differs", "a difference is a diff, and the file is kept", "b\n", false, Result{Path: path, Diff: "@@ golden line 1, actual line 1 @@\n- a\n+ b\n"}, "a\n"},
		{"rewritten", "update rewrites a differing file", "b\n", true, Result{Path: path, Written: true}, "b\n"},
	}
	for _, st := range steps {
		res, err := Check(path, []byte(st.got), st.update)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if d := cmp.Diff(st.want, res); d != "" {
			t.Errorf("%s: %s (-want +got):\n%s", st.name, st.reason, d)
		}
		if res.OK() != (st.want.Diff == "" && !st.want.Missing) {
			t.Errorf("%s: OK() = %v", st.name, res.OK())
		}
		data, err := os.ReadFile(path)
		if string(data) != st.file || (st.file == "" && err == nil) {
			t.Errorf("%s: file holds %q, want %q", st.name, data, st.file)
		}
	}
}
