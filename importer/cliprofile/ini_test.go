package cliprofile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseINI(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		// want lists "section.key=value" in file order.
		want  []string
		diags []string
	}{
		{
			name: "keys and comments", reason: "both delimiters, comments, keys lower-cased, values trimmed",
			in:   "# top\n[profile a]\nRole_ARN = arn:x\n; note\nregion: us-east-1\n",
			want: []string{"profile a.role_arn=arn:x", "profile a.region=us-east-1"},
		},
		{
			name: "continuation", reason: "an indented line extends the value before it (nested s3 settings)",
			in:   "[default]\ns3 =\n  max_concurrent_requests = 10\n",
			want: []string{"default.s3=\nmax_concurrent_requests = 10"},
		},
		{
			name: "inline comment kept", reason: "configparser does not strip inline comments",
			in:   "[default]\nregion = us-east-1 # east\n",
			want: []string{"default.region=us-east-1 # east"},
		},
		{
			name: "crlf and bom", reason: "Windows files read the same",
			in:   "\ufeff[default]\r\nregion = eu-west-1\r\n",
			want: []string{"default.region=eu-west-1"},
		},
		{
			name: "key before section", reason: "configparser's MissingSectionHeaderError, at the key",
			in:    "region = us-east-1\n[default]\n",
			diags: []string{`f:1:1: key "region" comes before any [section] header`},
		},
		{
			name: "no delimiter", reason: "a line that is no key, section or comment",
			in:    "[default]\n  \nregion\n",
			diags: []string{`f:3:1: line is neither a [section], a key = value nor a comment: "region"`},
		},
		{
			name: "unclosed header", reason: "a header without ]",
			in:    "[profile a\nk = v\n",
			diags: []string{`f:1:1: section header "[profile a" has no closing ]`, `f:2:1: key "k" comes before any [section] header`},
		},
		{
			name: "duplicates", reason: "configparser's strict mode refuses a repeated section or key",
			in:    "[a]\nk = 1\nk = 2\n[a]\n",
			want:  []string{"a.k=1"},
			diags: []string{`f:3:1: key "k" already set in [a] at line 2`, "f:4:1: section [a] already exists (first at line 1)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secs, diags := ParseINI("f", []byte(tt.in))
			var got []string
			for _, s := range secs {
				for _, k := range s.Keys {
					got = append(got, s.Name+"."+k+"="+s.Values[k].Value)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: keys (-want +got):\n%s", tt.reason, diff)
			}
			var gotDiags []string
			for _, d := range diags {
				gotDiags = append(gotDiags, d.Error())
			}
			if diff := cmp.Diff(tt.diags, gotDiags); diff != "" {
				t.Errorf("%s: diagnostics (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestParseProfiles(t *testing.T) {
	c, err := Parse(File{Name: "config", Data: []byte("[default]\nregion = x\n[profile dev]\nrole_arn = r\n[dev2]\nrole_arn = r\n[sso-session s]\nsso_region = x\n")},
		File{Name: "credentials", Data: []byte("[default]\naws_access_key_id = AKIA1\n[ci]\naws_access_key_id = AKIA2\n")})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"ci", "default", "dev"}, c.Names()); diff != "" {
		t.Errorf("[profile X] and [default] of the config, every section of the credentials, are profiles (-want +got):\n%s", diff)
	}
	if v, _ := c.Profiles["default"].Get("aws_access_key_id"); v != "AKIA1" {
		t.Errorf("the credentials file's keys merge into the config's profile: got %q", v)
	}
	var warns []string
	for _, d := range c.Warnings {
		warns = append(warns, d.Error())
	}
	if diff := cmp.Diff([]string{"config:5:1: [dev2] is not a profile for the AWS CLI in a config file: write [profile dev2]"}, warns); diff != "" {
		t.Errorf("a bare [name] in the config file is no profile (-want +got):\n%s", diff)
	}
	_, err = Parse(File{Name: "config", Data: []byte("[default]\nregion\n")}, File{Name: "creds", Data: []byte("k = v\n")})
	if err == nil || !strings.Contains(err.Error(), "config:2:1:") || !strings.Contains(err.Error(), "creds:1:1:") {
		t.Errorf("syntax errors of both files, each at file:line:col: got %v", err)
	}
}

// FuzzParseINI checks that no input makes the parser panic, that every
// diagnostic has a position inside the input, and that every key it keeps
// has one too. Seeds: the testdata files and testdata/fuzz/FuzzParseINI.
func FuzzParseINI(f *testing.F) {
	for _, name := range []string{"testdata/config", "testdata/credentials"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	seeds, _ := filepath.Glob("testdata/fuzz/FuzzParseINI/*")
	if len(seeds) == 0 {
		f.Fatal("no seeds in testdata/fuzz/FuzzParseINI")
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := strings.Count(string(data), "\n") + 1
		secs, diags := ParseINI("f", data)
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Errorf("diagnostic outside the input: %v", d)
			}
		}
		for _, s := range secs {
			for _, k := range s.Keys {
				if e := s.Values[k]; e.Pos.Line < 1 || e.Pos.Line > lines {
					t.Errorf("key %s at %v, outside the input", k, e.Pos)
				}
			}
		}
		if c, err := Parse(File{Name: "config", Data: data}, File{}); err == nil {
			for _, n := range c.Names() {
				Resolve(c, n)
			}
		}
	})
}
