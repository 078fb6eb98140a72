package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim/policy"
)

func TestPolicyDocumentPositions(t *testing.T) {
	head := "name: p\naccounts:\n  - id: \"111111111111\"\n    policies:\n      - name: P\n"
	tests := []struct {
		name   string
		reason string
		doc    string
		want   []string
	}{
		{
			name:   "literal block",
			reason: "JSON line L is file line (indicator line + L), column indent + JSON column",
			doc:    "        document: |\n          {\"Statement\": [{\"Effect\": \"Allow\",\n            \"Action\": 5, \"Resource\": \"*\"}]}\n",
			want:   []string{"s.yaml:8:23: MalformedPolicyDocument: Syntax errors in policy: Action must be a string or a list of strings, not number"},
		},
		{
			name:   "folded block",
			reason: "folded blocks map like literal ones",
			doc:    "        document: >\n          {\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\"}}\n",
			want:   []string{"s.yaml:7:25: MalformedPolicyDocument: Missing required field Resource"},
		},
		{
			name:   "single-quoted string",
			reason: "other scalar styles report at the scalar itself",
			doc:    "        document: '{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\"}}'\n",
			want:   []string{"s.yaml:6:19: MalformedPolicyDocument: Missing required field Resource"},
		},
		{
			name:   "plain string that is not JSON",
			reason: "a plain scalar is taken as JSON text, so a bare word is a syntax error at the scalar",
			doc:    "        document: allow-all\n",
			want:   []string{"s.yaml:6:19: MalformedPolicyDocument: invalid character 'a' looking for beginning of value"},
		},
		{
			name:   "YAML map",
			reason: "a map carries file positions directly; quoted \"5\" is a string, plain 5 a number",
			doc:    "        document:\n          Statement:\n            Effect: Allow\n            Action: 5\n            Resource: \"5\"\n",
			want: []string{
				"s.yaml:9:21: MalformedPolicyDocument: Syntax errors in policy: Action must be a string or a list of strings, not number",
				`s.yaml:10:23: MalformedPolicyDocument: Resource 5 must be in ARN format or "*".`,
			},
		},
		{
			name:   "duplicate key in YAML map",
			reason: "duplicate keys are YAML-level errors inside documents too",
			doc:    "        document: {Statement: {Effect: Allow, Effect: Deny, Action: '*', Resource: '*'}}\n",
			want:   []string{`s.yaml:6:47: duplicate key "Effect" in policy document (first at line 6, column 32)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, head+tt.doc)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestSessionPolicyKept(t *testing.T) {
	src := y(`
name: sp
accounts:
  - id: "111111111111"
    users: [{name: u}]
steps:
  - id: json
    assume:
      as: arn:aws:iam::111111111111:user/u
      policy: |
        {"Statement": {"Effect": "Allow", "Action": "*"}}
  - id: yaml
    assume:
      as: arn:aws:iam::111111111111:user/u
      policy: {Statement: {Effect: Alow, Action: "*", Resource: "*"}}
  - id: syntax
    assume:
      as: arn:aws:iam::111111111111:user/u
      policy: '{"Statement": '
`)
	s, err := Parse("s.yaml", []byte(src))
	if err != nil {
		t.Fatalf("a session policy that does not compile must not fail the load: %v", err)
	}
	type got struct {
		Text   string
		HasDoc bool
		Errors policy.Errors
	}
	var gots []got
	for _, st := range s.Steps {
		p := st.Assume.Policy
		gots = append(gots, got{p.Text, p.Document != nil, p.Errors})
	}
	want := []got{
		{
			Text:   "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\"}}\n",
			Errors: policy.Errors{{Pos: policy.Pos{Line: 10, Col: 23}, Message: "Missing required field Resource"}},
		},
		{
			Text:   `{"Statement":{"Effect":"Alow","Action":"*","Resource":"*"}}`,
			Errors: policy.Errors{{Pos: policy.Pos{Line: 14, Col: 36}, Message: `Invalid Effect Alow: must be "Allow" or "Deny" (case-sensitive)`}},
		},
		{
			Text:   `{"Statement": `,
			Errors: policy.Errors{{Pos: policy.Pos{Line: 18, Col: 15}, Message: "unexpected end of JSON input"}},
		},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("session policies (-want +got):\n%s", diff)
	}
}
