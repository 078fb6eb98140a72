package scenario

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// orgDocScenario is a scenario whose organization defines one policy of
// type typ with the given document line (already indented for the
// document: key, at line 10).
func orgDocScenario(typ, doc string) string {
	return `name: org-size
accounts:
  - id: "111111111111"
  - id: "222222222222"
organization:
  management_account: "111111111111"
  policies:
    - name: Big
      type: ` + typ + `
` + doc + `  root:
    accounts: ["222222222222"]
`
}

// compactSCP returns a compact JSON SCP (or, with rcp, an RCP) of exactly
// n characters, padded through its Sid.
func compactSCP(n int, rcp bool) string {
	head, tail := `{"Version":"2012-10-17","Statement":[{"Sid":"`, `","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`
	if rcp {
		tail = `","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`
	}
	return head + strings.Repeat("A", n-len(head)-len(tail)) + tail
}

// yamlSCP is the YAML map form of compactSCP(n, rcp): the loader renders
// it as exactly that compact JSON.
func yamlSCP(n int, rcp bool) string {
	js := compactSCP(n, rcp)
	sid := js[strings.Index(js, `"Sid":"`)+7 : strings.Index(js, `","Effect"`)]
	principal := ""
	if rcp {
		principal = `, Principal: "*"`
	}
	return `      document: {Version: "2012-10-17", Statement: [{Sid: ` + sid + `, Effect: Deny` + principal + `, Action: "s3:*", Resource: "*"}]}` + "\n"
}

func TestOrgPolicySizeQuota(t *testing.T) {
	sizeMsg := func(typ string, n int) []string {
		return []string{`s.yaml:10:17: ConstraintViolationException: You have exceeded the maximum policy size. (` + typ + ` Big is ` + strconv.Itoa(n) +
			` characters, whitespace counted; AWS Organizations allows 5120 and does not raise this quota; a YAML map is sent as compact JSON)`}
	}
	jsonDoc := func(text string) string { return "      document: '" + text + "'\n" }
	tests := []struct {
		name   string
		reason string
		typ    string
		doc    string
		want   []string
	}{
		{"scp at the quota", "5,120 characters is allowed", "SCP", jsonDoc(compactSCP(5120, false)), nil},
		{"scp over the quota", "5,121 is ConstraintViolationException", "SCP", jsonDoc(compactSCP(5121, false)), sizeMsg("SCP", 5121)},
		{"rcp at the quota", "RCPs have the same quota", "RCP", jsonDoc(compactSCP(5120, true)), nil},
		{"rcp over the quota", "RCPs have the same quota", "RCP", jsonDoc(compactSCP(5121, true)), sizeMsg("RCP", 5121)},
		{"yaml map at the quota", "a YAML map counts as its compact JSON", "SCP", yamlSCP(5120, false), nil},
		{"yaml map over the quota", "a YAML map counts as its compact JSON", "SCP", yamlSCP(5121, false), sizeMsg("SCP", 5121)},
		{
			name:   "whitespace counts",
			reason: "Organizations counts every character of the JSON as written, whitespace included (IAM does not)",
			typ:    "SCP",
			doc:    jsonDoc(strings.Replace(compactSCP(5100, false), `"Effect"`, strings.Repeat(" ", 21)+`"Effect"`, 1)),
			want:   sizeMsg("SCP", 5121),
		},
		{
			name:   "the 978 KB SCP of the review",
			reason: "a huge document is one diagnostic, found in linear time",
			typ:    "SCP",
			doc:    jsonDoc(compactSCP(978_000, false)),
			want:   sizeMsg("SCP", 978_000),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, orgDocScenario(tt.typ, tt.doc))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestOrgPoliciesPerTarget: at most 5 SCPs and 5 RCPs are attached
// directly to the root, an OU or an account (RCPFullAWSAccess, always
// attached, counts).
func TestOrgPoliciesPerTarget(t *testing.T) {
	policies := ""
	var names []string
	for i := 1; i <= 5; i++ {
		n := "D" + strconv.Itoa(i)
		names = append(names, n)
		policies += "    - {name: " + n + ", document: {Statement: {Effect: Deny, Action: \"s3:*\", Resource: \"*\"}}}\n" +
			"    - {name: R" + strconv.Itoa(i) + ", type: RCP, document: {Statement: {Effect: Deny, Principal: \"*\", Action: \"s3:*\", Resource: \"*\"}}}\n"
	}
	src := func(scps, rcps string) string {
		return "name: per-target\naccounts:\n  - id: \"111111111111\"\n  - id: \"222222222222\"\norganization:\n  management_account: \"111111111111\"\n  policies:\n" +
			policies + "  root:\n    accounts: [{id: \"222222222222\", scps: " + scps + ", rcps: " + rcps + "}]\n"
	}
	tests := []struct {
		name, reason, scps, rcps string
		want                     []string
	}{
		{"five of each", "5 SCPs and 5 RCPs (with RCPFullAWSAccess) fit", "[FullAWSAccess, D1, D2, D3, D4]", "[R1, R2, R3, R4]", nil},
		{"six SCPs", "the sixth SCP is refused", "[FullAWSAccess, " + strings.Join(names, ", ") + "]", "[R1]",
			[]string{"s.yaml:19:43: org_account.scps: at most 5 SCPs can be attached to one node, got 6"}},
		{"six RCPs", "RCPFullAWSAccess is added to a list that omits it, and counts", "[FullAWSAccess]", "[R1, R2, R3, R4, R5]",
			[]string{"s.yaml:19:66: org_account.rcps: at most 5 RCPs can be attached to one node, got 6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, src(tt.scps, tt.rcps))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
