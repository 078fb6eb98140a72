package iamdump_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/rolesim/rolesim/importer/iamdump"
)

// synthetic builds get-account-authorization-details and list-roles output
// for n roles spread over accounts of at most 1000 roles (AWS's default
// quota), each role with a cross-account trust policy, an inline policy,
// an AWS managed and a customer managed policy, a boundary and tags; the
// documents URL-encoded in every other account, as the API gives them.
func synthetic(n int) []iamdump.Source {
	var srcs []iamdump.Source
	trust := func(acct string) map[string]any {
		return map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::" + acct + ":root"},
			"Action": "sts:AssumeRole", "Condition": map[string]any{"Bool": map[string]any{"aws:MultiFactorAuthPresent": "true"}}}}}
	}
	inline := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
		"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:PutObject"}, "Resource": "arn:aws:s3:::bucket/${aws:username}/*"}}}
	ro := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Action": []any{"s3:Get*", "s3:List*"}, "Resource": "*"}}}
	for a := 0; a*1000 < n; a++ {
		acct := "1000000000" + pad2(a)
		encode := a%2 == 1
		doc := func(v any) any {
			if !encode {
				return v
			}
			b, _ := json.Marshal(v)
			return urlEncode(string(b))
		}
		var roles, listed []any
		for i := a * 1000; i < n && i < (a+1)*1000; i++ {
			name := "role-" + strconv.Itoa(i)
			arn := "arn:aws:iam::" + acct + ":role/team/" + name
			roles = append(roles, map[string]any{
				"RoleName": name, "Path": "/team/", "RoleId": "AROAEXAMPLE" + strconv.Itoa(100000+i), "Arn": arn,
				"AssumeRolePolicyDocument": doc(trust("1000000000" + pad2((a+1)%((n+999)/1000)))),
				"RolePolicyList":           []any{map[string]any{"PolicyName": "Inline", "PolicyDocument": doc(inline)}},
				"AttachedManagedPolicies": []any{
					map[string]any{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
					map[string]any{"PolicyName": "Base", "PolicyArn": "arn:aws:iam::" + acct + ":policy/Base"}},
				"PermissionsBoundary": map[string]any{"PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "arn:aws:iam::" + acct + ":policy/Base"},
				"Tags":                []any{map[string]any{"Key": "team", "Value": "t" + strconv.Itoa(i%17)}},
			})
			listed = append(listed, map[string]any{"RoleName": name, "Arn": arn, "MaxSessionDuration": 3600 + (i%12)*3600})
		}
		pol := func(acctID, name string, d any) map[string]any {
			return map[string]any{"PolicyName": name, "Path": "/", "Arn": "arn:aws:iam::" + acctID + ":policy/" + name, "DefaultVersionId": "v1",
				"PolicyVersionList": []any{map[string]any{"VersionId": "v1", "IsDefaultVersion": true, "Document": doc(d)}}}
		}
		auth, _ := json.Marshal(map[string]any{"RoleDetailList": roles, "Policies": []any{pol("aws", "ReadOnlyAccess", ro), pol(acct, "Base", ro)}, "IsTruncated": false})
		lr, _ := json.Marshal(map[string]any{"Roles": listed})
		srcs = append(srcs, iamdump.Source{Name: acct + "-auth.json", Data: auth}, iamdump.Source{Name: acct + "-roles.json", Data: lr})
	}
	return srcs
}

func pad2(i int) string {
	s := strconv.Itoa(i)
	if len(s) < 2 {
		s = "0" + s
	}
	return s
}

func urlEncode(s string) string {
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)*3)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

func benchmarkImport(b *testing.B, n int) {
	srcs := synthetic(n)
	size := 0
	for _, s := range srcs {
		size += len(s.Data)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := iamdump.Import(srcs, iamdump.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Notes) != 0 {
			b.Fatalf("notes: %v", res.Notes[0])
		}
	}
}

// BenchmarkImport1000Roles: one account of 1,000 roles (target: under 1 s,
// the output's scenario.Parse check included).
func BenchmarkImport1000Roles(b *testing.B) { benchmarkImport(b, 1000) }

// BenchmarkImport10000Roles: ten accounts of 1,000 roles (target: under 5 s).
func BenchmarkImport10000Roles(b *testing.B) { benchmarkImport(b, 10000) }

// TestSynthetic checks the benchmarks' input imports completely: every role,
// with its maximum from list-roles and no note.
func TestSynthetic(t *testing.T) {
	res, err := iamdump.Import(synthetic(1500), iamdump.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Accounts) != 2 || len(res.Notes) != 0 {
		t.Fatalf("accounts %v, notes %v", res.Accounts, res.Notes)
	}
}
