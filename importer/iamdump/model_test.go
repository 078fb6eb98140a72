package iamdump_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
	"github.com/rolesim/rolesim/scenario"
)

const modelTrust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}`

// TestImportModel: a model is written with the tool, description and
// header it gives, comments naming each entity's From, a declared OIDC
// provider as declared (its client ids not widened from trust policies),
// placeholder comments, and references resolved as for a dump.
func TestImportModel(t *testing.T) {
	m := &iamdump.Model{
		Tool: "rolesim import test", File: "in.json", Kind: "a test model", Description: "A test world.",
		Header: []string{"A header line."},
		Roles: []iamdump.ModelRole{{
			Origin: iamdump.Origin{From: "role.a", Path: "$.a"}, Account: "111111111111", Name: "a", MaxSessionDuration: 7200,
			Trust:   iamdump.ModelDoc{JSON: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.example.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.example.com:aud":"other"}}}]}`, Path: "$.a.trust"},
			Inline:  []iamdump.ModelDoc{{Name: "p", JSON: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, Path: "$.a.p", Placeholder: "PLACEHOLDER: p"}},
			Managed: []iamdump.ModelRef{{Ref: "arn:aws:iam::111111111111:policy/pol", From: "att.a"}, {Ref: "arn:aws:iam::111111111111:policy/missing", From: "att.b"}},
		}},
		Policies:      []iamdump.ModelPolicy{{Origin: iamdump.Origin{From: "policy.pol", Path: "$.pol"}, Account: "111111111111", Name: "pol", Document: iamdump.ModelDoc{JSON: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`}}},
		OIDCProviders: []iamdump.ModelOIDCProvider{{Origin: iamdump.Origin{From: "oidc.p", Path: "$.p"}, Account: "111111111111", URL: "https://token.example.com", ClientIDs: []string{"app"}}},
	}
	res, err := iamdump.ImportModel(m, iamdump.Options{Name: "t"})
	if err != nil {
		t.Fatal(err)
	}
	y := string(res.YAML)
	for _, want := range []string{
		"# Imported by rolesim import test from:\n#   in.json: a test model, account 111111111111\n# A header line.\n",
		"description: A test world.\n",
		"# from in.json role.a\n",
		"max_session_duration: 7200  # from in.json role.a\n",
		"# PLACEHOLDER: p\n",
		"managed_policies:\n          - pol\n",
		"# from in.json oidc.p\n      - url: https://token.example.com\n        client_ids:\n          - app\n",
	} {
		if !strings.Contains(y, want) {
			t.Errorf("the world lacks %q:\n%s", want, y)
		}
	}
	if strings.Contains(y, "- other") || strings.Contains(y, "RoleId") {
		t.Errorf("declared provider widened, or import aws's id line:\n%s", y)
	}
	if len(res.Notes) != 1 || res.Notes[0].Path != "att.b" || !strings.Contains(res.Notes[0].Message, "policy/missing is not in the input") {
		t.Errorf("notes: %+v", res.Notes)
	}
	if _, err := scenario.Parse("t.yaml", res.YAML); err != nil {
		t.Fatal(err)
	}
}

// TestImportModelErrors: bad entities are *Errors naming the file and the
// entity's or document's path.
func TestImportModelErrors(t *testing.T) {
	role := func(mod func(*iamdump.ModelRole)) *iamdump.Model {
		r := iamdump.ModelRole{Origin: iamdump.Origin{From: "r", Path: "$.r"}, Account: "111111111111", Name: "r", Trust: iamdump.ModelDoc{JSON: modelTrust, Path: "$.r.trust"}}
		mod(&r)
		return &iamdump.Model{File: "in.json", Roles: []iamdump.ModelRole{r}}
	}
	cases := []struct {
		name, reason string
		m            *iamdump.Model
		path, msg    string
	}{
		{"account", "a role's account is 12 digits", role(func(r *iamdump.ModelRole) { r.Account = "1" }), "$.r", `account "1" is not 12 digits`},
		{"name", "IAM's name characters", role(func(r *iamdump.ModelRole) { r.Name = "a b" }), "$.r", `role name "a b"`},
		{"path", "a path begins and ends with /", role(func(r *iamdump.ModelRole) { r.Path = "x" }), "$.r", "must begin and end with /"},
		{"trust", "a document that is not JSON names its own path", role(func(r *iamdump.ModelRole) { r.Trust.JSON = "{" }), "$.r.trust", "not a policy document"},
		{"duration", "IAM's range of MaxSessionDuration", role(func(r *iamdump.ModelRole) { r.MaxSessionDuration = 10 }), "$.r", "outside 3600..43200"},
		{"inline", "two inline policies of one name", role(func(r *iamdump.ModelRole) {
			d := iamdump.ModelDoc{Name: "x", JSON: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, Path: "$.r.x"}
			r.Inline = []iamdump.ModelDoc{d, d}
		}), "$.r.x", "two inline policies"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := iamdump.ImportModel(tc.m, iamdump.Options{})
			var e *iamdump.Error
			if !errors.As(err, &e) || e.File != "in.json" || e.Path != tc.path || !strings.Contains(e.Message, tc.msg) {
				t.Errorf("%s: got %v, want in.json: %s: ...%s...", tc.reason, err, tc.path, tc.msg)
			}
		})
	}
}

// TestImportModelTrustNote: a note on a model role's trust policy points
// at the role's From, not at get-account-authorization-details' key.
func TestImportModelTrustNote(t *testing.T) {
	m := &iamdump.Model{File: "in.json", Roles: []iamdump.ModelRole{{
		Origin: iamdump.Origin{From: "module.x.role.a", Path: "$.a"}, Account: "111111111111", Name: "a", MaxSessionDuration: 3600,
		Trust: iamdump.ModelDoc{JSON: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111111111111:user/ghost","arn:aws:iam::111111111111:root"]},"Action":"sts:AssumeRole"}]}`, Path: "$.a.trust"},
	}}}
	res, err := iamdump.ImportModel(m, iamdump.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || res.Notes[0].Path != "module.x.role.a" || !strings.Contains(res.Notes[0].Message, "user/ghost") {
		t.Errorf("notes: %+v", res.Notes)
	}
}
