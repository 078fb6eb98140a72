package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/sim/policy"
)

// TestJSONStatementPositions checks that the statements and conditions of a
// policy written as JSON text carry positions in the scenario file (as
// those of a YAML map do), so that traces and explanations can point at
// them: JSON in a block scalar maps line by line, any other scalar style to
// the scalar itself.
func TestJSONStatementPositions(t *testing.T) {
	head := "name: p\naccounts:\n  - id: \"111111111111\"\n    policies:\n      - name: P\n"
	type pos struct {
		Stmt, Cond policy.Pos
	}
	tests := []struct {
		name   string
		reason string
		doc    string
		want   []pos
	}{
		{
			name:   "literal-block",
			reason: "a statement on JSON line 2, column 3 is on file line 6+2, column 10+3",
			doc: "        document: |\n" +
				"          {\"Statement\": [\n" +
				"            {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\",\n" +
				"             \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}}]}\n",
			want: []pos{{Stmt: policy.Pos{Line: 8, Col: 13}, Cond: policy.Pos{Line: 9, Col: 28}}},
		},
		{
			name:   "quoted-string",
			reason: "a quoted JSON string has no line structure in the file: everything is at the scalar",
			doc:    "        document: '{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}}}'\n",
			want:   []pos{{Stmt: policy.Pos{Line: 6, Col: 19}, Cond: policy.Pos{Line: 6, Col: 19}}},
		},
		{
			name:   "yaml-map",
			reason: "a YAML map keeps its own positions",
			doc: "        document:\n" +
				"          Statement:\n" +
				"            - Effect: Allow\n" +
				"              Action: s3:*\n" +
				"              Resource: \"*\"\n" +
				"              Condition: {Bool: {aws:SecureTransport: \"true\"}}\n",
			want: []pos{{Stmt: policy.Pos{Line: 8, Col: 15}, Cond: policy.Pos{Line: 11, Col: 27}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := Parse("s.yaml", []byte(head+tt.doc))
			if err != nil {
				t.Fatalf("loading: %v", err)
			}
			doc := sc.Accounts[0].Policies[0].Document
			var got []pos
			for _, st := range doc.Statements {
				p := pos{Stmt: st.Pos}
				if cs := st.Conditions(); len(cs) > 0 {
					p.Cond = cs[0].Pos
				}
				got = append(got, p)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
