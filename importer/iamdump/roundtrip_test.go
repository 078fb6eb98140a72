package iamdump_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
)

// TestStringsRoundTrip imports strings YAML would read as something else
// if written plain (booleans, numbers, null, indicators, comments, line
// breaks rolesim refuses raw) and checks the loaded world holds them
// exactly: in a policy's condition values, a tag value and a description.
func TestStringsRoundTrip(t *testing.T) {
	tricky := []string{"true", "False", "yes", "null", "~", "", "123", "0x1F", "1e5", "-1", ".5", "*", "&a", "!x", "%p",
		"a: b", "a:", "#x", "a #b", "-x", "? x", "[x]", "{x}", "'q'", `"q"`, " lead", "trail ", "two  spaces", "tab\tx",
		"line\nbreak", "nel\u0085", "é ü ÿ", "arn:aws:s3:::b/${aws:username}/*", "2012-10-17", "|", ">", "@x", "`x`"}
	doc := map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalTag/x": tricky}},
		}},
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}`
	role := map[string]any{
		"RoleName": "R", "Path": "/", "Arn": "arn:aws:iam::111111111111:role/R",
		"AssumeRolePolicyDocument": json.RawMessage(trust),
		"RolePolicyList":           []any{map[string]any{"PolicyName": "P", "PolicyDocument": doc}},
		"Tags":                     []any{map[string]any{"Key": "t", "Value": "true"}, map[string]any{"Key": "n", "Value": "0123"}, map[string]any{"Key": "u", "Value": "日本 \u2028"}},
	}
	dump, _ := json.Marshal(map[string]any{"RoleDetailList": []any{role}})
	list, _ := json.Marshal(map[string]any{"Roles": []any{map[string]any{"Arn": "arn:aws:iam::111111111111:role/R", "MaxSessionDuration": 3600, "Description": "a: #b \"c\""}}})
	res, err := iamdump.Import([]iamdump.Source{{Name: "d.json", Data: dump}, {Name: "r.json", Data: list}}, iamdump.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Parse("w.yaml", res.YAML)
	if err != nil {
		t.Fatalf("%v\n%s", err, res.YAML)
	}
	r := sc.Accounts[0].Roles[0]
	if len(r.InlinePolicies) == 0 {
		t.Fatalf("no inline policy; notes %v", res.Notes)
	}
	st := r.InlinePolicies[0].Document.Statements[0]
	conds := st.Conditions()
	if len(conds) != 1 {
		t.Fatalf("%d conditions", len(conds))
	}
	if diff := cmp.Diff(tricky, conds[0].Values); diff != "" {
		t.Errorf("condition values (-want +got):\n%s", diff)
	}
	var tags []string
	for _, tg := range r.Tags {
		tags = append(tags, tg.Key+"="+tg.Value)
	}
	if diff := cmp.Diff([]string{"n=0123", "t=true", "u=日本 \u2028"}, tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if r.Description != "a: #b \"c\"" {
		t.Errorf("description %q", r.Description)
	}
}
