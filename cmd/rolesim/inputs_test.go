package main

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
)

func TestCollectDirectories(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{
		"b.yaml",
		"a/c.yml",
		"a/z.yaml",
		"a/.hidden/skipped.yaml",
		".git/skipped.yaml",
		"notes.txt",
		"README.md",
		"0.yaml",
	} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("name: x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	j := func(rel string) string { return filepath.Join(dir, filepath.FromSlash(rel)) }

	tests := []struct {
		name      string
		reason    string
		paths     []string
		want      []string
		wantDiags []string
	}{
		{
			name:   "recursive-sorted",
			reason: "a directory stands for its *.yaml and *.yml files at any depth, sorted, hidden directories skipped",
			paths:  []string{dir},
			want:   []string{j("0.yaml"), j("a/c.yml"), j("a/z.yaml"), j("b.yaml")},
		},
		{
			name:   "files-in-given-order",
			reason: "files run in the order given, whatever their extension",
			paths:  []string{j("b.yaml"), j("notes.txt"), j("0.yaml")},
			want:   []string{j("b.yaml"), j("notes.txt"), j("0.yaml")},
		},
		{
			name:   "mixed",
			reason: "files and directories expand in place",
			paths:  []string{j("b.yaml"), j("a")},
			want:   []string{j("b.yaml"), j("a/c.yml"), j("a/z.yaml")},
		},
		{
			name:      "empty-dir",
			reason:    "a directory without scenarios is a mistake worth reporting",
			paths:     []string{j("empty")},
			wantDiags: []string{j("empty") + ": no *.yaml or *.yml files in this directory"},
		},
		{
			name:      "missing",
			reason:    "every missing path is reported, not only the first",
			paths:     []string{j("nope.yaml"), j("b.yaml"), j("gone")},
			want:      []string{j("b.yaml")},
			wantDiags: []string{j("nope.yaml") + ": no such file or directory", j("gone") + ": no such file or directory"},
		},
	}
	a := newApp(io.Discard, io.Discard, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ins, diags := a.collect(tt.paths)
			var got, gotDiags []string
			for _, in := range ins {
				if in.fsys != nil {
					t.Errorf("%s: read from an fs.FS, want the OS file system", in.name)
				}
				got = append(got, in.name)
			}
			for _, d := range diags {
				gotDiags = append(gotDiags, d.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("files (%s) (-want +got):\n%s", tt.reason, diff)
			}
			if diff := cmp.Diff(tt.wantDiags, gotDiags); diff != "" {
				t.Errorf("diagnostics (%s) (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestCollectExamples(t *testing.T) {
	tests := []struct {
		name      string
		reason    string
		fsys      fs.FS
		want      []string
		wantDiags []string
	}{
		{
			name:   "sorted-with-prefix",
			reason: "embedded examples are sorted by name and shown under examples/; other files are ignored",
			fsys: fstest.MapFS{
				"b.yaml":    {Data: []byte("x")},
				"a.yaml":    {Data: []byte("x")},
				"c.yml":     {Data: []byte("x")},
				"embed.go":  {Data: []byte("x")},
				"sub/d.yml": {Data: []byte("x")},
			},
			want: []string{"examples/a.yaml", "examples/b.yaml", "examples/c.yml"},
		},
		{
			name:      "none",
			reason:    "a binary without examples must not pass by checking nothing",
			fsys:      fstest.MapFS{"embed.go": {Data: []byte("x")}},
			wantDiags: []string{"examples: no built-in examples"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newApp(io.Discard, io.Discard, nil)
			a.examples = tt.fsys
			ins, diags := a.collect(nil)
			var got, gotDiags []string
			for _, in := range ins {
				got = append(got, in.name)
				if _, err := fs.Stat(in.fsys, in.name); err != nil {
					t.Errorf("%s cannot be opened through its fs: %v", in.name, err)
				}
			}
			for _, d := range diags {
				gotDiags = append(gotDiags, d.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("files (%s) (-want +got):\n%s", tt.reason, diff)
			}
			if diff := cmp.Diff(tt.wantDiags, gotDiags); diff != "" {
				t.Errorf("diagnostics (%s) (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestPrefixFS(t *testing.T) {
	p := prefixFS{prefix: "examples", fsys: fstest.MapFS{"a.yaml": {Data: []byte("x")}}}
	tests := []struct {
		name    string
		reason  string
		path    string
		wantErr bool
	}{
		{"inside", "examples/a.yaml is a.yaml in the wrapped fs", "examples/a.yaml", false},
		{"no-prefix", "names outside the prefix do not exist", "a.yaml", true},
		{"missing", "missing files stay missing", "examples/b.yaml", true},
		{"invalid", "invalid paths are refused", "examples/../a.yaml", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := p.Open(tt.path)
			if err == nil {
				f.Close()
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("Open(%q) error = %v, want error %v (%s)", tt.path, err, tt.wantErr, tt.reason)
			}
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("Open(%q) error = %v, want fs.ErrNotExist (%s)", tt.path, err, tt.reason)
			}
		})
	}
}

func TestAsDiagnostics(t *testing.T) {
	loaderErr := scenario.Diagnostics{
		{Pos: scenario.Pos{File: "f.yaml", Line: 1, Col: 2}, Message: "one"},
		{Pos: scenario.Pos{File: "f.yaml", Line: 3, Col: 4}, Message: "two"},
	}
	tests := []struct {
		name   string
		reason string
		err    error
		want   []string
	}{
		{"loader", "the loader's list is kept as is", loaderErr, []string{"f.yaml:1:2: one", "f.yaml:3:4: two"}},
		{"positioned", "a positioned world error keeps its position", errors.New("f.yaml:7:9: managed policy X is not defined"), []string{"f.yaml:7:9: managed policy X is not defined"}},
		{"line-only", "a line without a column keeps the line", errors.New("f.yaml:7: bad"), []string{"f.yaml:7: bad"}},
		{"bare", "an error without a position is attributed to the file", errors.New("something broke: badly"), []string{"f.yaml: something broke: badly"}},
		{"multi-line", "each line becomes a diagnostic", errors.New("f.yaml:1:1: a\n\nf.yaml:2:1: b"), []string{"f.yaml:1:1: a", "f.yaml:2:1: b"}},
		{"empty", "an empty message still says something", errors.New(""), []string{"f.yaml: failed with an empty error message"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range asDiagnostics("f.yaml", tt.err) {
				got = append(got, d.Error())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
