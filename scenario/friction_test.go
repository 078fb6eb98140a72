package scenario

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// frictionWorld is a small world for the tests of issue 12 (new-user
// friction): alice may assume R, which trusts her. %s is the role's extra
// keys, %s the steps.
const frictionWorld = `name: t
start: 2024-01-01T00:00:00Z
accounts:
  - id: "111111111111"
    users:
      - name: alice
    roles:
      - name: R
%s        trust_policy:
          Statement:
            - {Effect: Allow, Principal: {AWS: arn:aws:iam::111111111111:user/alice}, Action: sts:AssumeRole}
steps:
%s`

// TestDurationForms checks that every duration-valued key takes the same
// forms: integer seconds, a string of digits, and a Go duration.
func TestDurationForms(t *testing.T) {
	forms := []struct {
		text string
		want time.Duration
	}{
		{"3600", time.Hour},
		{`"3600"`, time.Hour},
		{"+3600", time.Hour},
		{"1h", time.Hour},
		{"60m", time.Hour},
		{"30m1800s", time.Hour},
		{"1.0h", time.Hour},
		{`"1h"`, time.Hour},
	}
	keys := []struct {
		name string
		role string // the role's extra keys, %s the form
		step string // the steps, %s the form
		read func(s *Scenario) time.Duration
	}{
		{"max_session_duration", "        max_session_duration: %s\n", "  - whoami: arn:aws:iam::111111111111:user/alice\n",
			func(s *Scenario) time.Duration {
				return time.Duration(s.Accounts[0].Roles[0].MaxSessionDuration) * time.Second
			}},
		{"expect.duration", "", "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R}\n    expect: {duration: %s}\n",
			func(s *Scenario) time.Duration { return *s.Steps[0].Expect.Duration }},
		{"advance", "", "  - advance: %s\n",
			func(s *Scenario) time.Duration { return s.Steps[0].Advance.By }},
		{"repeat.over", "", "  - whoami: arn:aws:iam::111111111111:user/alice\n    repeat: {count: 2, over: %s}\n",
			func(s *Scenario) time.Duration { return s.Steps[0].Repeat.Over }},
	}
	n := 0
	for _, k := range keys {
		for _, f := range forms {
			t.Run(k.name+"="+f.text, func(t *testing.T) {
				role, step := k.role, k.step
				if strings.Contains(role, "%s") {
					role = fmt.Sprintf(role, f.text)
				} else {
					step = fmt.Sprintf(step, f.text)
				}
				s, err := Parse("s.yaml", []byte(fmt.Sprintf(frictionWorld, role, step)))
				if err != nil {
					t.Fatalf("%s: %s is a duration like any other, got:\n%v", k.name, f.text, err)
				}
				if got := k.read(s); got != f.want {
					t.Errorf("%s: %s read as %s, want %s", k.name, f.text, got, f.want)
				}
			})
			n++
		}
	}
	if n < 30 {
		t.Fatalf("only %d cases", n)
	}
}

// TestDurationErrors checks the diagnostics of durations the loader
// refuses: the same message for every key.
func TestDurationErrors(t *testing.T) {
	tests := []struct {
		name, reason, step, want string
	}{
		{"word", "a word is no duration", "  - advance: soon\n",
			`s.yaml:13:14: advance: invalid duration "soon": want seconds (3600) or a Go duration (90m, 1h30m)`},
		{"number without unit", "a fraction of seconds has no unit", "  - advance: 1.5\n",
			`s.yaml:13:14: advance: expected seconds (integer) or a duration like 2h, got number`},
		{"boolean", "true is no duration", "  - whoami: arn:aws:iam::111111111111:user/alice\n    repeat: {count: 2, over: true}\n",
			`s.yaml:14:30: repeat.over: expected seconds (integer) or a duration like 2h, got boolean`},
		{"list", "a list is no duration", "  - advance: [1h]\n",
			`s.yaml:13:14: advance: expected seconds (integer) or a duration like 2h or a map {to: RFC 3339 time}, got list`},
		{"huge seconds", "seconds beyond time.Duration are refused, not wrapped", "  - advance: 99999999999999999999\n",
			`s.yaml:13:14: advance: 99999999999999999999 seconds is beyond the longest duration, about 292 years`},
		{"negative seconds", "a negative advance is refused as the Go form is", "  - advance: -60\n",
			`s.yaml:13:14: advance: the duration must be positive, got -60`},
		{"expect word", "expect.duration says the same as advance", "  - assume: {as: arn:aws:iam::111111111111:user/alice, role_arn: arn:aws:iam::111111111111:role/R}\n    expect: {duration: long}\n",
			`s.yaml:14:24: expect.duration: invalid duration "long": want seconds (3600) or a Go duration (90m, 1h30m)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, fmt.Sprintf(frictionWorld, "", tt.step))
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestMaxSessionDurationForms checks the role's bounds still apply to
// every form.
func TestMaxSessionDurationForms(t *testing.T) {
	tests := []struct {
		name, reason, value, want string
	}{
		{"quoted seconds too low", "bounds apply to the string form", `"60"`,
			"s.yaml:9:31: role.max_session_duration: must be between 3600 and 43200 seconds (1h to 12h), got 60"},
		{"fraction", "whole seconds only", "1h0m0.5s",
			"s.yaml:9:31: role.max_session_duration: 1h0m0.5s is not a whole number of seconds"},
		{"huge", "far too long, no overflow", "2540400h",
			"s.yaml:9:31: role.max_session_duration: 2540400h is far outside any session duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, fmt.Sprintf(frictionWorld, "        max_session_duration: "+tt.value+"\n", "  - whoami: arn:aws:iam::111111111111:user/alice\n"))
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestKeyHints checks the did-you-mean hints of unknown keys one letter
// or one plural off.
func TestKeyHints(t *testing.T) {
	tests := []struct {
		name, reason, key, inside, want string
	}{
		{"singular of a y plural", "inline_policy is inline_policies' singular (edit distance 3)", "inline_policy", "user", "inline_policies"},
		{"singular of managed", "managed_policy is managed_policies' singular", "managed_policy", "user", "managed_policies"},
		{"singular", "role is roles' singular", "role", "account", "roles"},
		{"plural", "a plural of a singular key", "names", "user", "name"},
		{"plural of a y key", "a policies key where policy is meant", "policies", "assume", "policy"},
		{"one letter", "one letter off", "trust_polcy", "role", "trust_policy"},
		{"case and underscores", "InlinePolicies is inline_policies", "InlinePolicies", "user", "inline_policies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keys := map[string][]string{"user": userKeys, "account": accountKeys, "role": roleKeys, "assume": assumeKeys}[tt.inside]
			if len(keys) == 0 {
				t.Fatalf("no keys for %s", tt.inside)
			}
			if got := suggest(tt.key, keys); got != tt.want {
				t.Errorf("%s: suggest(%q) in %s = %q, want %q", tt.reason, tt.key, tt.inside, got, tt.want)
			}
		})
	}
	got := diagLines(t, strings.Replace(fmt.Sprintf(frictionWorld, "", "  - whoami: arn:aws:iam::111111111111:user/alice\n"), "      - name: alice\n", "      - name: alice\n        inline_policy: {}\n", 1))
	want := []string{`s.yaml:7:9: unknown key "inline_policy" in user; did you mean "inline_policies"?`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the hint reaches the diagnostic (-want +got):\n%s", diff)
	}
}

// TestMisspeltStepKeys checks that a misspelt step key is reported with
// its hint and that its body is still checked, as the kind suggested.
func TestMisspeltStepKeys(t *testing.T) {
	tests := []struct {
		name, reason, steps string
		want                []string
	}{
		{
			name:   "misspelt assume",
			reason: "the body of asume is read as an assume: its unknown key and its bad duration are reported",
			steps:  "  - asume: {as: arn:aws:iam::111111111111:user/bob, rol_arn: x}\n    expect: {duration: forever}\n",
			want: []string{
				`s.yaml:13:5: unknown key "asume" in step; did you mean "assume"?`,
				`s.yaml:13:17: assume.as: no user arn:aws:iam::111111111111:user/bob is declared (the ARN must include the user's path)`,
				`s.yaml:13:53: unknown key "rol_arn" in assume; did you mean "role_arn"?`,
				`s.yaml:14:24: expect.duration: invalid duration "forever": want seconds (3600) or a Go duration (90m, 1h30m)`,
			},
		},
		{
			name:   "misspelt expect",
			reason: "the body of expct is read as an expect",
			steps:  "  - whoami: arn:aws:iam::111111111111:user/alice\n    expct: {account: 42}\n",
			want: []string{
				`s.yaml:14:5: unknown key "expct" in step; did you mean "expect"?`,
				`s.yaml:14:22: expect.account: "42" is not an account id: want exactly 12 digits`,
			},
		},
		{
			name:   "misspelt repeat",
			reason: "the body of repaet is read as a repeat",
			steps:  "  - whoami: arn:aws:iam::111111111111:user/alice\n    repaet: {count: 0}\n",
			want: []string{
				`s.yaml:14:5: unknown key "repaet" in step; did you mean "repeat"?`,
				`s.yaml:14:21: repeat.count: must be 1 to 100000, got 0`,
			},
		},
		{
			name:   "misspelt advance",
			reason: "advnce's value is read as an advance",
			steps:  "  - advnce: -1h\n",
			want: []string{
				`s.yaml:13:5: unknown key "advnce" in step; did you mean "advance"?`,
				`s.yaml:13:13: advance: the duration must be positive, got -1h`,
			},
		},
		{
			name:   "misspelt whoami in a change step",
			reason: "a real kind wins: the misspelt key is only reported",
			steps:  "  - whoami: arn:aws:iam::111111111111:user/alice\n    callx: {as: nobody}\n",
			want: []string{
				`s.yaml:14:5: unknown key "callx" in step; did you mean "call"?`,
			},
		},
		{
			name:   "two misspellings",
			reason: "two guesses of different kinds: neither is read, and the step needs a kind",
			steps:  "  - asume: {as: nobody}\n    cal: {as: nobody}\n",
			want: []string{
				`s.yaml:13:5: step needs one of ` + strings.Join(stepKinds, ", "),
				`s.yaml:13:5: unknown key "asume" in step; did you mean "assume"?`,
				`s.yaml:14:5: unknown key "cal" in step; did you mean "call"?`,
			},
		},
		{
			name:   "misspelt kind with null",
			reason: "a null body under a misspelt key adds nothing to the misspelling",
			steps:  "  - asume:\n",
			want: []string{
				`s.yaml:13:5: unknown key "asume" in step; did you mean "assume"?`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, fmt.Sprintf(frictionWorld, "", tt.steps))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestOperatorHints checks that a misspelt condition operator stays a load
// error, now with a did-you-mean hint, and that a session policy keeps
// AWS's message apart from the hint (the simulator answers with the
// message alone).
func TestOperatorHints(t *testing.T) {
	tests := []struct {
		name, reason, op, want string
	}{
		{"StringEqual", "one letter short", "StringEqual", `s.yaml:12:29: MalformedPolicyDocument: Invalid Condition type : StringEqual; did you mean "StringEquals"?`},
		{"IfExist", "suffix one letter short", "StringEqualsIfExist", `s.yaml:12:29: MalformedPolicyDocument: Invalid Condition type : StringEqualsIfExist; did you mean "StringEqualsIfExists"?`},
		{"ForAnyValues", "prefix one letter long", "ForAnyValues:StringLike", `s.yaml:12:29: MalformedPolicyDocument: Invalid Condition type : ForAnyValues:StringLike; did you mean "ForAnyValue:StringLike"?`},
		{"IpAddres", "one letter short", "IpAddres", `s.yaml:12:29: MalformedPolicyDocument: Invalid Condition type : IpAddres; did you mean "IpAddress"?`},
		{"far", "no close operator: AWS's message alone", "Sometimes", `s.yaml:12:29: MalformedPolicyDocument: Invalid Condition type : Sometimes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			role := "" // the trust policy gets the condition
			src := fmt.Sprintf(frictionWorld, role, "  - whoami: arn:aws:iam::111111111111:user/alice\n")
			src = strings.Replace(src, "Action: sts:AssumeRole}\n", "Action: sts:AssumeRole,\n                Condition: {"+tt.op+": {aws:username: alice}}}\n", 1)
			got := diagLines(t, src)
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}

	src := fmt.Sprintf(frictionWorld, "", `  - assume:
      as: arn:aws:iam::111111111111:user/alice
      role_arn: arn:aws:iam::111111111111:role/R
      policy: {Version: "2012-10-17", Statement: {Effect: Allow, Action: "*", Resource: "*", Condition: {StringEqual: {aws:username: a}}}}
    expect: {error: MalformedPolicyDocument}
`)
	s, err := Parse("s.yaml", []byte(src))
	if err != nil {
		t.Fatalf("a session policy's problems are the request's outcome, not load errors: %v", err)
	}
	errs := s.Steps[0].Assume.Policy.Errors
	if len(errs) != 1 || errs[0].Message != "Invalid Condition type : StringEqual" || errs[0].Suggestion != "StringEquals" {
		t.Errorf("session policy errors: got %v, want AWS's message with the suggestion kept apart", errs)
	}
}

// TestTrailingComma checks that a trailing comma in a pasted JSON policy
// is called so, at the comma: in a block scalar by its line and column, in
// a one-line quoted string by its column when the line holds the JSON
// verbatim up to it, and at the string otherwise.
func TestTrailingComma(t *testing.T) {
	const msg = "MalformedPolicyDocument: trailing comma: JSON allows no comma after the last member of an object or array"
	tests := []struct {
		name, reason, doc, want string
	}{
		{"block object", "the comma after the last member, on its own line in the file",
			"        trust_policy: |\n          {\n            \"Version\": \"2012-10-17\",\n            \"Statement\": [],\n          }\n",
			"s.yaml:12:28: " + msg},
		{"block array", "a comma after the last statement",
			"        trust_policy: |\n          {\"Statement\": [\n            {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"sts:AssumeRole\"},\n          ]}\n",
			"s.yaml:11:78: " + msg},
		{"single-quoted", "a one-line JSON string: the comma's column",
			`        trust_policy: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole",}]}'` + "\n",
			"s.yaml:9:103: " + msg},
		{"double-quoted", "any syntax error of a one-line string, with no escapes before it: its column",
			`        trust_policy: "{'Statement': [],}"` + "\n",
			"s.yaml:9:25: MalformedPolicyDocument: invalid character '\\'' looking for beginning of object key string"},
		{"double-quoted escapes", "escapes before the comma: the string's own position",
			`        trust_policy: "{\"Statement\": [],}"` + "\n",
			"s.yaml:9:23: " + msg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fmt.Sprintf(frictionWorld, "", "  - whoami: arn:aws:iam::111111111111:user/alice\n")
			i := strings.Index(src, "        trust_policy:")
			j := strings.Index(src, "steps:")
			got := diagLines(t, src[:i]+tt.doc+src[j:])
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestYAMLIndentation checks that a mis-indented line is reported at that
// line (and its first character), not at the block yaml.v3 names.
func TestYAMLIndentation(t *testing.T) {
	const head = "name: t\naccounts:\n  - id: \"111111111111\"\n"
	tests := []struct {
		name, reason, src, want string
	}{
		{"key short of its siblings", "Statement one space left of Version",
			head + "    roles:\n      - name: R\n        trust_policy:\n          Version: \"2012-10-17\"\n         Statement: []\n",
			`s.yaml:8:10: invalid YAML: did not find expected key (this line breaks the block that starts at line 4: check its indentation)`},
		{"key short in a list item", "path one space left of name",
			head + "    roles:\n      - name: R\n       path: /\n",
			`s.yaml:6:8: invalid YAML: did not find expected '-' indicator (this line breaks the block that starts at line 4: check its indentation)`},
		{"key between levels", "users at no level of the blocks above",
			head + "    roles:\n    - name: R\n      trust_policy: {}\n   users: []\n",
			`s.yaml:7:4: invalid YAML: did not find expected '-' indicator (this line breaks the block that starts at line 2: check its indentation)`},
		{"step expect short", "a step's expect one space left of its kind",
			head + "steps:\n  - whoami: arn:aws:iam::111111111111:root\n   expect: {account: \"111111111111\"}\n",
			`s.yaml:6:4: invalid YAML: did not find expected '-' indicator (this line breaks the block that starts at line 4: check its indentation)`},
		{"policy key short", "a statement's Resource one space left of Action",
			head + "    users:\n      - name: alice\n        inline_policies:\n          A:\n            Statement:\n              - Effect: Allow\n                Action: \"*\"\n               Resource: \"*\"\n",
			`s.yaml:11:16: invalid YAML: did not find expected '-' indicator (this line breaks the block that starts at line 8: check its indentation)`},
		{"item too deep", "a list item under another's map",
			head + "    users:\n    - name: alice\n    - name: bob\n      - name: carol\n",
			`s.yaml:7:7: invalid YAML: did not find expected key (this line breaks the block that starts at line 5: check its indentation)`},
		{"key too deep", "yaml.v3 names this line already: unchanged",
			head + "    roles:\n      - name: R\n          path: /\n",
			`s.yaml:6:1: invalid YAML: mapping values are not allowed in this context`},
		{"tab", "a tab in the indentation is named, at the tab",
			head + "  \tusers: []\n",
			`s.yaml:4:3: invalid YAML: found character that cannot start any token: a tab in the indentation (YAML indents with spaces)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, tt.src)
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestMisspeltWorldKeys checks that lists and policy maps under a
// misspelt key of the world are still checked.
func TestMisspeltWorldKeys(t *testing.T) {
	const head = "name: t\naccounts:\n  - id: \"111111111111\"\n"
	tests := []struct {
		name, reason, src string
		want              []string
	}{
		{"role", "the roles under role: are read: the one without a trust policy is reported",
			head + "    role:\n      - name: R\n",
			[]string{
				`s.yaml:4:5: unknown key "role" in account; did you mean "roles"?`,
				`s.yaml:5:9: missing required key "trust_policy" in role`,
			}},
		{"inline_policy", "the policies under inline_policy: are compiled: the statement's typo is reported",
			head + "    users:\n      - name: alice\n        inline_policy:\n          A: {Statement: {Efect: Allow, Action: \"*\", Resource: \"*\"}}\n",
			[]string{
				`s.yaml:6:9: unknown key "inline_policy" in user; did you mean "inline_policies"?`,
				`s.yaml:7:26: MalformedPolicyDocument: Missing required field Effect`,
				`s.yaml:7:27: MalformedPolicyDocument: Unknown field Efect (did you mean Effect?)`,
			}},
		{"managed_policy", "the references under managed_policy: are resolved",
			head + "    users:\n      - name: alice\n        managed_policy: [Nope]\n",
			[]string{
				`s.yaml:6:9: unknown key "managed_policy" in user; did you mean "managed_policies"?`,
				`s.yaml:6:26: user.managed_policies: no customer managed policy named "Nope" in account 111111111111`,
			}},
		{"both spellings", "with the right key present, the misspelt one is only reported",
			head + "    roles: []\n    role:\n      - name: R\n",
			[]string{
				`s.yaml:5:5: unknown key "role" in account; did you mean "roles"?`,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, tt.src)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
