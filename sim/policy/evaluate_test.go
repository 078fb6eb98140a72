package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestActionMatching(t *testing.T) {
	tests := []struct {
		name    string
		reason  string
		pattern string
		action  string
		want    bool
	}{
		{"exact", "same action", "s3:GetObject", "s3:GetObject", true},
		{"caseInsensitive", "service and action are case-insensitive", "IAM:listaccesskeys", "iam:ListAccessKeys", true},
		{"otherAction", "different action", "s3:GetObject", "s3:PutObject", false},
		{"otherService", "same name, other service", "s3:GetObject", "s3x:GetObject", false},
		{"star", "a bare * is every action", "*", "sts:AssumeRole", true},
		{"serviceStar", "s3:* is every S3 action", "s3:*", "s3:ListBucket", true},
		{"serviceStarOther", "s3:* is not iam", "s3:*", "iam:ListUsers", false},
		{"prefix", "trailing wildcard", "s3:Get*", "s3:GetObjectAcl", true},
		{"prefixCase", "trailing wildcard, other case", "s3:get*", "S3:GETOBJECT", true},
		{"prefixNo", "trailing wildcard, other prefix", "s3:Get*", "s3:PutObject", false},
		{"suffix", "leading wildcard in the name", "s3:*Object", "s3:DeleteObject", true},
		{"middle", "wildcards on both sides", "iam:*AccessKey*", "iam:UpdateAccessKey", true},
		{"middleNo", "wildcards on both sides, no match", "iam:*AccessKey*", "iam:ListUsers", false},
		{"question", "? is one character", "s3:?etObject", "s3:GetObject", true},
		{"questionTwo", "? is exactly one character", "s3:?etObject", "s3:GGetObject", false},
		{"emptyName", "an empty action name matches nothing real", "s3:", "s3:GetObject", false},
		{"prefixOnly", "the pattern is the whole action", "s3:Get", "s3:GetObject", false},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":%q,"Resource":"*"}}`, tc.pattern)
			p := mustCompile(t, KindIdentity, doc)
			got := p.Evaluate(&Request{Action: tc.action, Resource: "arn:aws:s3:::b"}).Decision == Allow
			if got != tc.want {
				t.Errorf("Action %q vs %q = %v, want %v (%s)", tc.pattern, tc.action, got, tc.want, tc.reason)
			}
			// NotAction is the complement.
			docNot := strings.Replace(doc, `"Action"`, `"NotAction"`, 1)
			pn := mustCompile(t, KindIdentity, docNot)
			gotNot := pn.Evaluate(&Request{Action: tc.action, Resource: "arn:aws:s3:::b"}).Decision == Allow
			if gotNot == tc.want {
				t.Errorf("NotAction %q vs %q = %v, want %v (%s)", tc.pattern, tc.action, gotNot, !tc.want, tc.reason)
			}
		})
	}
}

func TestResourceMatching(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		pattern  string
		resource string
		want     bool
	}{
		{"star", "* is every resource", "*", "arn:aws:s3:::b/k", true},
		{"starNonARN", "* matches even a non-ARN", "*", "bucket", true},
		{"exact", "exact ARN", "arn:aws:s3:::b", "arn:aws:s3:::b", true},
		{"exactCase", "ARN matching is case-sensitive", "arn:aws:s3:::Bucket", "arn:aws:s3:::bucket", false},
		{"prefix", "trailing * in the resource segment", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y", true},
		{"prefixSpansColon", "the resource segment's * spans colons", "arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y", true},
		{"prefixNoMatch", "other bucket", "arn:aws:s3:::b/*", "arn:aws:s3:::c/x", false},
		{"prefixBucketItself", "b/* does not match the bucket", "arn:aws:s3:::b/*", "arn:aws:s3:::b", false},
		{"prefixNotAtStart", "the pattern must match from the start", "arn:aws:s3:::b/*", "arn:aws:s3:::x/arn:aws:s3:::b/k", false},
		{"exactNotSubstring", "an exact pattern is the whole value", "arn:aws:s3:::b", "arn:aws:s3:::b/k", false},
		{"regionWildcard", "* in region and account segments", "arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
		{"accountMismatch", "account segment differs", "arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:999999999999:instance/i-1", false},
		{"segmentNoCross", "a * in the account segment does not span a colon", "arn:aws:iam::*:role/x", "arn:aws:iam::1:2:role/x", false},
		{"question", "? in the resource segment", "arn:aws:iam::123456789012:user/bo?", "arn:aws:iam::123456789012:user/bob", true},
		{"middleStar", "* in the middle of the resource segment", "arn:aws:iam::123456789012:role/*/admin", "arn:aws:iam::123456789012:role/team/a/admin", true},
		{"partitionWildcard", "* in the partition segment", "arn:*:s3:::b", "arn:aws-cn:s3:::b", true},
		{"notARN", "a non-ARN request resource matches no ARN pattern", "arn:aws:s3:::*", "bucket", false},
		{"emptyResource", "an empty request resource matches no ARN pattern", "arn:aws:s3:::*", "", false},
		{"emptyResourceSegment", "* matches an empty resource segment", "arn:aws:s3:::*", "arn:aws:s3:::", true},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":%q}}`, tc.pattern)
			p := mustCompile(t, KindIdentity, doc)
			got := p.Evaluate(&Request{Action: "s3:GetObject", Resource: tc.resource}).Decision == Allow
			if got != tc.want {
				t.Errorf("Resource %q vs %q = %v, want %v (%s)", tc.pattern, tc.resource, got, tc.want, tc.reason)
			}
			docNot := strings.Replace(doc, `"Resource"`, `"NotResource"`, 1)
			pn := mustCompile(t, KindIdentity, docNot)
			gotNot := pn.Evaluate(&Request{Action: "s3:GetObject", Resource: tc.resource}).Decision == Allow
			if gotNot == tc.want {
				t.Errorf("NotResource %q vs %q = %v, want %v (%s)", tc.pattern, tc.resource, gotNot, !tc.want, tc.reason)
			}
		})
	}
}

var (
	userAlice = &Principal{
		Account: "111111111111",
		ARNs:    []string{"arn:aws:iam::111111111111:user/alice"},
	}
	roleSession = &Principal{
		Account: "111111111111",
		ARNs: []string{
			"arn:aws:iam::111111111111:role/Deploy",
			"arn:aws:sts::111111111111:assumed-role/Deploy/ci",
		},
	}
	otherAccountUser = &Principal{
		Account: "222222222222",
		ARNs:    []string{"arn:aws:iam::222222222222:user/bob"},
	}
	ec2Service       = &Principal{Service: "ec2.amazonaws.com"}
	githubFederation = &Principal{Federated: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}
	anonymous        = &Principal{Anonymous: true}
)

func TestPrincipalMatching(t *testing.T) {
	tests := []struct {
		name      string
		reason    string
		kind      Kind
		principal string // JSON
		caller    *Principal
		want      bool
	}{
		{"trustStarSigned", "* in a trust policy names any signed caller", KindTrust, `"*"`, otherAccountUser, true},
		{"trustStarAnonymous", "* in a trust policy does not name anonymous callers", KindTrust, `"*"`, anonymous, false},
		{"trustStarNil", "a nil Principal is anonymous", KindTrust, `"*"`, nil, false},
		{"trustAWSStar", `{"AWS":"*"} is the same as "*"`, KindTrust, `{"AWS":"*"}`, roleSession, true},
		{"trustStarService", "* names service principals too", KindTrust, `"*"`, ec2Service, true},
		{"resourceStarAnonymous", "* in a resource policy names everyone, anonymous included", KindResource, `"*"`, anonymous, true},
		{"resourceAWSStarAnonymous", `{"AWS":"*"} in a resource policy names anonymous callers`, KindResource, `{"AWS":"*"}`, nil, true},
		{"accountID", "an account ID names every principal of the account", KindTrust, `{"AWS":"111111111111"}`, roleSession, true},
		{"accountIDOther", "an account ID does not name other accounts", KindTrust, `{"AWS":"111111111111"}`, otherAccountUser, false},
		{"accountRoot", "the root ARN means the whole account", KindTrust, `{"AWS":"arn:aws:iam::111111111111:root"}`, userAlice, true},
		{"accountAnonymous", "an account principal never names anonymous callers", KindResource, `{"AWS":"111111111111"}`, &Principal{Account: "111111111111", Anonymous: true}, false},
		{"userARN", "a user ARN names that user", KindTrust, `{"AWS":"arn:aws:iam::111111111111:user/alice"}`, userAlice, true},
		{"userARNCase", "principal ARNs are case-sensitive", KindTrust, `{"AWS":"arn:aws:iam::111111111111:user/Alice"}`, userAlice, false},
		{"roleARN", "a role ARN names every session of the role", KindTrust, `{"AWS":"arn:aws:iam::111111111111:role/Deploy"}`, roleSession, true},
		{"sessionARN", "an assumed-role ARN names that session", KindResource, `{"AWS":"arn:aws:sts::111111111111:assumed-role/Deploy/ci"}`, roleSession, true},
		{"sessionARNOther", "an assumed-role ARN names only that session", KindResource, `{"AWS":"arn:aws:sts::111111111111:assumed-role/Deploy/other"}`, roleSession, false},
		{"userNamedRoot", "a user named root is not the account", KindTrust, `{"AWS":"arn:aws:iam::111111111111:user/root"}`, userAlice, false},
		{"roleARNNotUser", "a role ARN does not name a user", KindTrust, `{"AWS":"arn:aws:iam::111111111111:role/Deploy"}`, userAlice, false},
		{"list", "entries are OR-ed", KindTrust, `{"AWS":["arn:aws:iam::222222222222:user/bob","arn:aws:iam::111111111111:user/alice"]}`, userAlice, true},
		{"service", "a service principal", KindTrust, `{"Service":"ec2.amazonaws.com"}`, ec2Service, true},
		{"serviceOther", "another service", KindTrust, `{"Service":"lambda.amazonaws.com"}`, ec2Service, false},
		{"serviceList", "a list of services", KindTrust, `{"Service":["lambda.amazonaws.com","ec2.amazonaws.com"]}`, ec2Service, true},
		{"serviceNotUser", "a service principal does not name IAM users", KindTrust, `{"Service":"ec2.amazonaws.com"}`, userAlice, false},
		{"federated", "an OIDC provider", KindTrust, `{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}`, githubFederation, true},
		{"federatedOther", "another provider", KindTrust, `{"Federated":"accounts.google.com"}`, githubFederation, false},
		{"canonicalUser", "CanonicalUser never matches in this model", KindResource, `{"CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}`, userAlice, false},
		{"mixedTypes", "types are OR-ed", KindTrust, `{"AWS":"222222222222","Service":"ec2.amazonaws.com"}`, ec2Service, true},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resource := ""
			if tc.kind == KindResource {
				resource = `,"Resource":"*"`
			}
			doc := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":` + tc.principal + `,"Action":"*"` + resource + `}}`
			p := mustCompile(t, tc.kind, doc)
			req := &Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::111111111111:role/R", Principal: tc.caller}
			got := p.Evaluate(req).Decision == Allow
			if got != tc.want {
				t.Errorf("Principal %s vs %+v = %v, want %v (%s)", tc.principal, tc.caller, got, tc.want, tc.reason)
			}
		})
	}
}

func TestNotPrincipalDeny(t *testing.T) {
	bob := &Principal{Account: "111111111111", ARNs: []string{"arn:aws:iam::111111111111:user/bob"}}
	carol := &Principal{Account: "111111111111", ARNs: []string{"arn:aws:iam::111111111111:user/carol"}}
	root := &Principal{Account: "111111111111", ARNs: []string{"arn:aws:iam::111111111111:root"}}
	bounded := &Principal{Account: "111111111111", ARNs: []string{"arn:aws:iam::111111111111:user/bob"}, HasBoundary: true}
	federated := &Principal{
		Account: "111111111111",
		ARNs:    []string{"arn:aws:sts::111111111111:federated-user/fed", "arn:aws:iam::111111111111:user/bob"},
		Chain:   []string{"arn:aws:sts::111111111111:federated-user/fed"},
	}
	const (
		documented = `["arn:aws:iam::111111111111:user/bob","arn:aws:iam::111111111111:root"]`
		session    = `["111111111111","arn:aws:iam::111111111111:role/Deploy","arn:aws:sts::111111111111:assumed-role/Deploy/ci"]`
	)
	tests := []struct {
		name   string
		reason string
		not    string // the NotPrincipal AWS value
		caller *Principal
		want   Decision
	}{
		{"documentedBob", "the NotPrincipal page's example: Bob (and his account) listed, Bob is not denied", documented, bob, Allow},
		{"documentedCarol", "the same example: carol of the same account is denied; the account entry names the account principal only", documented, carol, ExplicitDeny},
		{"documentedRoot", "the account entry names the root user", documented, root, Allow},
		{"accountOnlyUser", "an account entry alone does not exempt the account's users", `"111111111111"`, bob, ExplicitDeny},
		{"accountOnlyRoot", "an account entry alone exempts the root user", `"arn:aws:iam::111111111111:root"`, root, Allow},
		{"userWithoutAccount", "AWS checks the account first: a user listed without its account is denied", `"arn:aws:iam::111111111111:user/bob"`, bob, ExplicitDeny},
		{"sessionListed", "account, role and session listed: the session is not denied", session, roleSession, Allow},
		{"sessionWithoutSessionARN", "account and role listed without the session ARN: denied", `["111111111111","arn:aws:iam::111111111111:role/Deploy"]`, roleSession, ExplicitDeny},
		{"sessionWithoutAccount", "role and session listed without the account: denied", `["arn:aws:iam::111111111111:role/Deploy","arn:aws:sts::111111111111:assumed-role/Deploy/ci"]`, roleSession, ExplicitDeny},
		{"otherAccount", "a principal of another account is denied", documented, otherAccountUser, ExplicitDeny},
		{"anonymous", "anonymous callers are denied", documented, anonymous, ExplicitDeny},
		{"boundary", "a principal with a permissions boundary is always denied, whatever is listed", documented, bounded, ExplicitDeny},
		{"boundaryStar", "even NotPrincipal * denies a principal with a boundary", `"*"`, bounded, ExplicitDeny},
		{"star", "NotPrincipal * exempts everyone else", `"*"`, carol, Allow},
		{"federatedChain", "a federated user's chain is its own ARN: with the account listed it is exempt", `["111111111111","arn:aws:sts::111111111111:federated-user/fed"]`, federated, Allow},
		{"federatedUserOnly", "naming the IAM user who federated does not exempt the federated session", `["111111111111","arn:aws:iam::111111111111:user/bob"]`, federated, ExplicitDeny},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{"Version":"2012-10-17","Statement":[
				{"Sid":"AllowAll","Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},
				{"Sid":"DenyOthers","Effect":"Deny","NotPrincipal":{"AWS":` + tc.not + `},"Action":"s3:*","Resource":"*"}]}`
			p := mustCompile(t, KindResource, doc)
			res := p.Evaluate(&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Principal: tc.caller})
			if res.Decision != tc.want {
				t.Errorf("NotPrincipal %s, caller %+v: got %v, want %v (%s)", tc.not, tc.caller, res.Decision, tc.want, tc.reason)
			}
			// Explain agrees with Evaluate.
			ex := p.Explain(&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Principal: tc.caller})
			if denied := ex[1].Matched; denied != (tc.want == ExplicitDeny) {
				t.Errorf("Explain says the Deny matched = %v, Evaluate says %v", denied, res.Decision)
			}
		})
	}
}

func TestNotPrincipalAllowRefused(t *testing.T) {
	_, errs := CompileJSON(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"s3:*","Resource":"*"}}`, KindResource)
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "NotPrincipal is not supported") {
		t.Fatalf("errors = %v, want one NotPrincipal-with-Allow error", errs)
	}
}

func TestDecisions(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
		{"Sid":"AllowRead","Effect":"Allow","Action":"s3:Get*","Resource":"*"},
		{"Effect":"Allow","Action":"s3:*","Resource":"*"},
		{"Sid":"DenySecret","Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret/*"},
		{"Sid":"DenySecret2","Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::b/secret/*"}]}`
	p := mustCompile(t, KindIdentity, doc)
	tests := []struct {
		name     string
		reason   string
		action   string
		resource string
		want     Decision
		label    string
	}{
		{"firstAllow", "the first matching Allow is reported", "s3:GetObject", "arn:aws:s3:::b/public", Allow, "AllowRead"},
		{"laterAllow", "a later Allow when the first does not match", "s3:PutObject", "arn:aws:s3:::b/public", Allow, "Statement[1]"},
		{"denyWins", "a matching Deny wins even after Allows", "s3:GetObject", "arn:aws:s3:::b/secret/x", ExplicitDeny, "DenySecret"},
		{"firstDeny", "the first matching Deny is reported", "s3:PutObject", "arn:aws:s3:::b/secret/x", ExplicitDeny, "DenySecret2"},
		{"implicit", "nothing matches", "iam:ListUsers", "arn:aws:s3:::b", ImplicitDeny, ""},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := p.Evaluate(&Request{Action: tc.action, Resource: tc.resource})
			label := ""
			if res.Statement != nil {
				label = res.Statement.Label()
			}
			if res.Decision != tc.want || label != tc.label {
				t.Errorf("got %v by %q, want %v by %q (%s)", res.Decision, label, tc.want, tc.label, tc.reason)
			}
		})
	}
	if got := (*Policy)(nil).Evaluate(&Request{}); got != (Result{}) {
		t.Errorf("nil policy: %+v, want ImplicitDeny", got)
	}
	if got := p.Evaluate(nil); got != (Result{}) {
		t.Errorf("nil request: %+v, want ImplicitDeny", got)
	}
}

func TestSCPResourceOptional(t *testing.T) {
	p := mustCompile(t, KindSCP, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"ec2:*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}}`)
	got := p.Evaluate(&Request{Action: "ec2:RunInstances", Resource: "arn:aws:ec2:us-east-1:1:instance/x", Context: ctxOf(kv("aws:RequestedRegion", "us-east-1"))})
	if got.Decision != ExplicitDeny {
		t.Errorf("SCP without Resource: %v, want ExplicitDeny (absent Resource means every resource)", got.Decision)
	}
}

func TestVariables(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		version  string
		resource string // Resource element
		cond     string // Condition element, "" for none
		request  string // request resource
		ctx      map[string][]string
		want     bool
	}{
		{"resourceVar", "a variable in the resource segment", "2012-10-17", "arn:aws:s3:::b/home/${aws:username}/*", "", "arn:aws:s3:::b/home/alice/x", kv("aws:username", "alice"), true},
		{"resourceVarOther", "another user's folder", "2012-10-17", "arn:aws:s3:::b/home/${aws:username}/*", "", "arn:aws:s3:::b/home/bob/x", kv("aws:username", "alice"), false},
		{"resourceVarAbsent", "an unresolved variable makes the Resource match nothing", "2012-10-17", "arn:aws:s3:::b/home/${aws:username}*", "", "arn:aws:s3:::b/home/x", absent, false},
		{"resourceVarCase", "variable names are case-insensitive", "2012-10-17", "arn:aws:s3:::b/${AWS:UserName}", "", "arn:aws:s3:::b/alice", kv("aws:username", "alice"), true},
		{"resourceVarDefault", "the default is used when the key is absent", "2012-10-17", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*", "", "arn:aws:s3:::b/shared/x", absent, true},
		{"resourceVarDefaultIgnored", "the default is not used when the key is present", "2012-10-17", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/*", "", "arn:aws:s3:::b/shared/x", kv("aws:PrincipalTag/team", "red"), false},
		{"resourceVarDefaultNoSpace", "the space after the comma is optional", "2012-10-17", "arn:aws:s3:::b/${aws:PrincipalTag/team,'shared'}", "", "arn:aws:s3:::b/shared", absent, true},
		{"resourceVarValueLiteral", "a * in a variable's value is literal", "2012-10-17", "arn:aws:s3:::b/${aws:username}", "", "arn:aws:s3:::b/abc", kv("aws:username", "*"), false},
		{"resourceVarValueLiteralMatch", "a * in a variable's value matches itself", "2012-10-17", "arn:aws:s3:::b/${aws:username}", "", "arn:aws:s3:::b/*", kv("aws:username", "*"), true},
		{"resourceVarMultivalued", "a multivalued key is not a variable", "2012-10-17", "arn:aws:s3:::b/${aws:TagKeys}", "", "arn:aws:s3:::b/a", kv("aws:TagKeys", "a"), false},
		{"resourceVarTwoValues", "a key with two values does not resolve", "2012-10-17", "arn:aws:s3:::b/${aws:username}", "", "arn:aws:s3:::b/a", kv("aws:username", "a", "b"), false},
		{"escapeStar", "${*} is a literal *", "2012-10-17", "arn:aws:s3:::b/${*}", "", "arn:aws:s3:::b/*", absent, true},
		{"escapeStarNotWildcard", "${*} is not a wildcard", "2012-10-17", "arn:aws:s3:::b/${*}", "", "arn:aws:s3:::b/x", absent, false},
		{"escapeQuestion", "${?} is a literal ?", "2012-10-17", "arn:aws:s3:::b/${?}", "", "arn:aws:s3:::b/x", absent, false},
		{"escapeDollar", "${$} is a literal $", "2012-10-17", "arn:aws:s3:::b/${$}{x}", "", "arn:aws:s3:::b/${x}", absent, true},
		{"version2008Literal", "in 2008-10-17 ${...} is literal text", "2008-10-17", "arn:aws:s3:::b/${aws:username}", "", "arn:aws:s3:::b/${aws:username}", kv("aws:username", "alice"), true},
		{"version2008NoSubstitution", "in 2008-10-17 nothing is substituted", "2008-10-17", "arn:aws:s3:::b/${aws:username}", "", "arn:aws:s3:::b/alice", kv("aws:username", "alice"), false},
		{"noVersionLiteral", "without Version ${...} is literal text", "", "arn:aws:s3:::b/${aws:username}", "", "arn:aws:s3:::b/alice", kv("aws:username", "alice"), false},
		{"condStringEquals", "a variable in a StringEquals value", "2012-10-17", "*", `{"StringEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}`, "arn:aws:s3:::b", map[string][]string{"aws:PrincipalTag/owner": {"alice"}, "aws:username": {"alice"}}, true},
		{"condStringEqualsAbsent", "an unresolved variable does not match a positive operator", "2012-10-17", "*", `{"StringEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}`, "arn:aws:s3:::b", kv("aws:PrincipalTag/owner", ""), false},
		{"condStringNotEqualsAbsent", "an unresolved variable makes the statement invalid, even under a negated operator", "2012-10-17", "*", `{"StringNotEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}`, "arn:aws:s3:::b", kv("aws:PrincipalTag/owner", "alice"), false},
		{"condStringNotLikeAbsent", "StringNotLike against an absent variable allows nothing", "2012-10-17", "*", `{"StringNotLike":{"s3:prefix":"${aws:PrincipalTag/x}*"}}`, "arn:aws:s3:::b", kv("s3:prefix", "a"), false},
		{"condOtherValueAbsentVar", "one unresolved value invalidates the statement even when another value matches", "2012-10-17", "*", `{"StringEquals":{"s3:prefix":["a","${aws:PrincipalTag/x}"]}}`, "arn:aws:s3:::b", kv("s3:prefix", "a"), false},
		{"condIfExistsAbsentVar", "IfExists does not rescue a statement with an unresolved variable", "2012-10-17", "*", `{"StringNotEqualsIfExists":{"s3:prefix":"${aws:PrincipalTag/x}"}}`, "arn:aws:s3:::b", absent, false},
		{"notResourceVarAbsent", "NotResource with an unresolved variable allows nothing", "2012-10-17", "", "", "arn:aws:s3:::private/x", absent, false},
		{"tokenIssueTimeAbsent", "${aws:TokenIssueTime} with long-term keys (absent) allows nothing", "2012-10-17", "*", `{"StringNotEquals":{"s3:prefix":"${aws:TokenIssueTime}"}}`, "arn:aws:s3:::b", kv("s3:prefix", "a"), false},
		{"condStringEqualsVarWhole", "a value with a variable must match the whole request value", "2012-10-17", "*", `{"StringEquals":{"s3:prefix":"home-${aws:username}"}}`, "arn:aws:s3:::b", map[string][]string{"s3:prefix": {"home-alice-x"}, "aws:username": {"alice"}}, false},
		{"condIgnoreCaseVarUnicode", "Unicode folding with a variable", "2012-10-17", "*", `{"StringEqualsIgnoreCase":{"s3:prefix":"${aws:username}"}}`, "arn:aws:s3:::b", map[string][]string{"s3:prefix": {"éloïse"}, "aws:username": {"ÉLOÏSE"}}, true},
		{"condIgnoreCaseVar", "variables with StringEqualsIgnoreCase", "2012-10-17", "*", `{"StringEqualsIgnoreCase":{"aws:PrincipalTag/owner":"user-${aws:username}"}}`, "arn:aws:s3:::b", map[string][]string{"aws:PrincipalTag/owner": {"USER-ALICE"}, "aws:username": {"Alice"}}, true},
		{"condStringLikeVar", "variables with StringLike", "2012-10-17", "*", `{"StringLike":{"s3:prefix":["","home/${aws:userid}/*"]}}`, "arn:aws:s3:::b", map[string][]string{"s3:prefix": {"home/AIDA1/docs"}, "aws:userid": {"AIDA1"}}, true},
		{"condStringLikeVarOther", "another user's prefix", "2012-10-17", "*", `{"StringLike":{"s3:prefix":["","home/${aws:userid}/*"]}}`, "arn:aws:s3:::b", map[string][]string{"s3:prefix": {"home/AIDA2/docs"}, "aws:userid": {"AIDA1"}}, false},
		{"condStringLikeEscape", "${*} in StringLike is a literal *", "2012-10-17", "*", `{"StringLike":{"s3:prefix":"a${*}"}}`, "arn:aws:s3:::b", kv("s3:prefix", "abc"), false},
		{"condStringLikeEscapeMatch", "${*} in StringLike matches a literal *", "2012-10-17", "*", `{"StringLike":{"s3:prefix":"a${*}"}}`, "arn:aws:s3:::b", kv("s3:prefix", "a*"), true},
		{"condStringEqualsEscape", "${$} in StringEquals", "2012-10-17", "*", `{"StringEquals":{"s3:prefix":"${$}HOME"}}`, "arn:aws:s3:::b", kv("s3:prefix", "$HOME"), true},
		{"condArnVar", "a variable in the account segment of an ArnLike value", "2012-10-17", "*", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}`, "arn:aws:s3:::b", map[string][]string{"aws:SourceArn": {"arn:aws:sns:eu-west-1:111111111111:t"}, "aws:PrincipalAccount": {"111111111111"}}, true},
		{"condArnVarOther", "a variable in the account segment, other account", "2012-10-17", "*", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}`, "arn:aws:s3:::b", map[string][]string{"aws:SourceArn": {"arn:aws:sns:eu-west-1:222222222222:t"}, "aws:PrincipalAccount": {"111111111111"}}, false},
		{"condArnWholeVar", "a variable holding a whole ARN is cut at its colons", "2012-10-17", "*", `{"ArnEquals":{"aws:SourceArn":"${aws:PrincipalArn}"}}`, "arn:aws:s3:::b", map[string][]string{"aws:SourceArn": {"arn:aws:iam::1:role/x"}, "aws:PrincipalArn": {"arn:aws:iam::1:role/x"}}, true},
		{"condArnVarAbsent", "an unresolved variable in ArnLike matches nothing", "2012-10-17", "*", `{"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}`, "arn:aws:s3:::b", kv("aws:SourceArn", "arn:aws:sns:eu-west-1:111111111111:t"), false},
		{"condArnNotLikeVarAbsent", "an unresolved variable in ArnNotLike makes the statement invalid", "2012-10-17", "*", `{"ArnNotLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}`, "arn:aws:s3:::b", kv("aws:SourceArn", "arn:aws:sns:eu-west-1:111111111111:t"), false},
		{"condVarDefault", "a default value in a condition", "2012-10-17", "*", `{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/dept, 'none'}"}}`, "arn:aws:s3:::b", kv("s3:prefix", "none"), true},
		{"condVar2008", "in 2008-10-17 condition values are literal", "2008-10-17", "*", `{"StringEquals":{"s3:prefix":"${aws:username}"}}`, "arn:aws:s3:::b", map[string][]string{"s3:prefix": {"${aws:username}"}, "aws:username": {"alice"}}, true},
		{"condVarLayered", "variables resolve through the context's parent", "2012-10-17", "arn:aws:s3:::b/${aws:username}", "", "arn:aws:s3:::b/alice", nil, true},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := `{`
			if tc.version != "" {
				doc += `"Version":"` + tc.version + `",`
			}
			doc += `"Statement":{"Effect":"Allow","Action":"s3:*",`
			if tc.name == "notResourceVarAbsent" {
				doc += `"NotResource":"arn:aws:s3:::private/${aws:PrincipalTag/dept}/*"`
			} else {
				doc += `"Resource":` + fmt.Sprintf("%q", tc.resource)
			}
			if tc.cond != "" {
				doc += `,"Condition":` + tc.cond
			}
			doc += `}}`
			p := mustCompile(t, KindIdentity, doc)
			ctx := ctxOf(tc.ctx)
			if tc.name == "condVarLayered" {
				ctx = &Context{Parent: ctxOf(kv("aws:username", "alice"))}
			}
			got := p.Evaluate(&Request{Action: "s3:GetObject", Resource: tc.request, Context: ctx}).Decision == Allow
			if got != tc.want {
				t.Errorf("%s: got %v, want %v (%s)", doc, got, tc.want, tc.reason)
			}
			// The same statement as a Deny denies exactly when the Allow
			// allows: an unresolved variable makes it apply to nothing.
			deny := mustCompile(t, KindIdentity, strings.Replace(doc, `"Effect":"Allow"`, `"Effect":"Deny"`, 1))
			if gotDeny := deny.Evaluate(&Request{Action: "s3:GetObject", Resource: tc.request, Context: ctx}).Decision == ExplicitDeny; gotDeny != tc.want {
				t.Errorf("%s as a Deny: denies = %v, want %v (%s)", doc, gotDeny, tc.want, tc.reason)
			}
		})
	}
}

func TestExplain(t *testing.T) {
	doc := `{"Version":"2012-10-17","Statement":[
		{"Sid":"Trust","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/Deploy"},"Action":["sts:TagSession","sts:AssumeRole"],
		 "Condition":{"StringEquals":{"sts:ExternalId":["a","b"]},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`
	trust := mustCompile(t, KindTrust, doc)
	at := func(marker string) Pos { return posOf(t, doc, marker) }
	req := &Request{
		Action:    "sts:AssumeRole",
		Resource:  "arn:aws:iam::222222222222:role/Target",
		Principal: roleSession,
		Context:   ctxOf(kv("sts:ExternalId", "b")),
	}
	got := trust.Explain(req)
	want := []StatementResult{{
		Statement: trust.Statements[0],
		Matched:   false,
		Action:    PartResult{Present: true, Matched: true, Entry: "sts:AssumeRole"},
		Resource:  PartResult{Matched: true},
		Principal: PartResult{Present: true, Matched: true, Entry: "arn:aws:iam::111111111111:role/Deploy"},
		Conditions: []ConditionResult{
			{
				ConditionSpec: ConditionSpec{
					Operator: "StringEquals", Key: "sts:ExternalId", Values: []string{"a", "b"},
					Pos: at(`"StringEquals"`), KeyPos: at(`"sts:ExternalId"`), ValuePos: []Pos{at(`"a"`), at(`"b"`)},
				},
				KeyPresent: true, RequestValues: []string{"b"}, Result: true,
			},
			{
				ConditionSpec: ConditionSpec{
					Operator: "Bool", Key: "aws:MultiFactorAuthPresent", Values: []string{"true"},
					Pos: at(`"Bool"`), KeyPos: at(`"aws:MultiFactorAuthPresent"`), ValuePos: []Pos{at(`"true"`)},
				},
				KeyPresent: false, Result: false,
			},
		},
	}}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b *Statement) bool { return a == b })); diff != "" {
		t.Errorf("Explain (-want +got):\n%s", diff)
	}
	if d := trust.Evaluate(req).Decision; d != ImplicitDeny {
		t.Errorf("Evaluate = %v, want ImplicitDeny (the Bool condition fails)", d)
	}

	res := mustCompile(t, KindResource, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"AWS":"111111111111"},"NotAction":"s3:Get*","NotResource":"arn:aws:s3:::b/*"}}`)
	gotNot := res.Explain(&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::c/k", Principal: userAlice})
	wantNot := []StatementResult{{
		Statement: res.Statements[0],
		Matched:   false,
		Action:    PartResult{Present: true, Not: true, Matched: false, Entry: "s3:Get*"},
		Resource:  PartResult{Present: true, Not: true, Matched: true},
		// An account entry does not exempt alice: the NotPrincipal part
		// matches (she would be denied, were it not for NotAction).
		Principal: PartResult{Present: true, Not: true, Matched: true},
	}}
	if diff := cmp.Diff(wantNot, gotNot, cmp.Comparer(func(a, b *Statement) bool { return a == b })); diff != "" {
		t.Errorf("Explain Not forms (-want +got):\n%s", diff)
	}
}
