package policy

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzSeeds are real policies (and a few broken ones) for the fuzzers;
// testdata/fuzz holds more.
var fuzzSeeds = []string{
	benchTrust,
	benchIdentity,
	`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:org/app:*"}}}}`,
	`{"Version":"2012-10-17","Statement":[{"Sid":"Public","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},{"Effect":"Deny","NotPrincipal":{"AWS":["111111111111","arn:aws:iam::111111111111:role/R"]},"Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":false}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","NotAction":["iam:*","sts:*"],"Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},{"Effect":"Deny","Principal":"*","Action":"sts:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-1"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}]}`,
	`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b/home/${aws:username}/*","arn:aws:s3:::b/${aws:PrincipalTag/team, 'shared'}/${*}"],"Condition":{"StringLike":{"s3:prefix":["","home/${aws:userid}/*"]},"ArnLike":{"aws:SourceArn":"arn:aws:sns:*:${aws:PrincipalAccount}:*"},"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]},"NumericLessThan":{"aws:MultiFactorAuthAge":3600},"DateGreaterThan":{"aws:CurrentTime":"2024-01-01T00:00:00Z"},"IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"BinaryEquals":{"ec2:Data":"aGVsbG8="},"Null":{"aws:TokenIssueTime":"false"}}}}`,
	`{"Statement":{"Effect":"Deny","Action":"*","Resource":"arn:aws:s3:::${x"}}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","NotResource":"arn:aws:s3:::private/${aws:PrincipalTag/dept}/*"},{"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"StringNotEquals":{"s3:prefix":"${aws:PrincipalTag/owner}"}}}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"},{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111111111111:user/alice","arn:aws:iam::111111111111:root"]},"Action":"s3:*","Resource":"*"}]}`,
	`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"${aws:PrincipalTag/home}"},"StringEqualsIfExists":{"sts:ExternalId":"${aws:username}"}}}]}`,
	`{"Version":"2012-10-17","Statement":[]}`,
	`{"a":{"a":[1,-2.5e3,true,null,"\u00e9\ud83d\ude00"]}}`,
	`{"Effect":"Allow","Effect":"Deny"}`,
	`[[[[[[[[[[]]]]]]]]]]`,
}

// fuzzRequests are the fixed requests FuzzPolicy evaluates.
func fuzzRequests() []*Request {
	base := &Context{}
	base.Set("aws:username", "alice")
	base.Set("aws:userid", "AIDA1")
	base.Set("aws:PrincipalAccount", "111111111111")
	base.Set("aws:PrincipalArn", "arn:aws:iam::111111111111:user/alice")
	base.Set("aws:PrincipalTag/team", "red")
	base.Set("aws:TagKeys", "a", "c")
	base.Set("aws:SecureTransport", "true")
	base.Set("aws:CurrentTime", "2024-06-01T00:00:00Z")
	base.Set("aws:EpochTime", "1717200000")
	base.Set("aws:SourceIp", "10.1.2.3")
	base.Set("aws:MultiFactorAuthAge", "60")
	base.Set("aws:SourceArn", "arn:aws:sns:eu-west-1:111111111111:t")
	base.Set("ec2:Data", "aGVsbG8=")
	base.Set("s3:prefix", "home/AIDA1/x")
	base.Set("aws:PrincipalOrgPaths")
	req := &Context{Parent: base}
	req.Set("sts:ExternalId", "partner-7f3a")
	return []*Request{
		{Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/R", Principal: userAlice, Context: req},
		{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/home/alice/k", Principal: roleSession, Context: req},
		{Action: "iam:CreateUser", Resource: "arn:aws:iam::111111111111:user/x", Principal: nil, Context: nil},
		{Action: "x", Resource: "not an arn", Principal: ec2Service, Context: base},
	}
}

// checkExplainAgrees checks that Explain's per-statement results give the
// same decision as Evaluate.
func checkExplainAgrees(t *testing.T, p *Policy, r *Request) {
	t.Helper()
	res := p.Evaluate(r)
	ex := p.Explain(r)
	if len(ex) != len(p.Statements) {
		t.Fatalf("Explain returned %d results for %d statements", len(ex), len(p.Statements))
	}
	var want Result
	for _, sr := range ex {
		if !sr.Matched {
			continue
		}
		if sr.Statement.Effect == EffectDeny {
			want = Result{Decision: ExplicitDeny, Statement: sr.Statement}
			break
		}
		if want.Statement == nil {
			want = Result{Decision: Allow, Statement: sr.Statement}
		}
	}
	if res != want {
		t.Fatalf("Evaluate = %v (%v), Explain implies %v (%v)", res.Decision, res.Statement, want.Decision, want.Statement)
	}
}

// sameTree reports whether two trees are equal, positions aside.
func sameTree(a, b *Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || a.Value != b.Value || len(a.Items) != len(b.Items) || len(a.Fields) != len(b.Fields) {
		return false
	}
	for i := range a.Items {
		if !sameTree(a.Items[i], b.Items[i]) {
			return false
		}
	}
	for i := range a.Fields {
		if a.Fields[i].Key != b.Fields[i].Key || !sameTree(a.Fields[i].Value, b.Fields[i].Value) {
			return false
		}
	}
	return true
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ParseJSON(data)
		if err != nil {
			var pe *Error
			if !errors.As(err, &pe) || pe.Pos.Line < 1 || pe.Pos.Col < 1 || pe.Message == "" {
				t.Fatalf("error without position or message: %#v", err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("ParseJSON accepted text encoding/json rejects: %q", data)
		}
		// CompactJSON re-parses to the same tree.
		out := n.CompactJSON()
		n2, err := ParseJSON([]byte(out))
		if err != nil {
			t.Fatalf("CompactJSON output %q does not parse: %v", out, err)
		}
		if !sameTree(n, n2) {
			t.Fatalf("round trip changed the tree: %q became %q", data, out)
		}
		if out2 := n2.CompactJSON(); out2 != out {
			t.Fatalf("CompactJSON not stable: %q then %q", out, out2)
		}
	})
}

func FuzzPolicy(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	reqs := fuzzRequests()
	kinds := []Kind{KindIdentity, KindTrust, KindResource, KindSCP, KindRCP}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ParseJSON(data)
		if err != nil {
			return
		}
		for _, kind := range kinds {
			p, errs := Compile(n, kind)
			if len(errs) > 0 {
				if p != nil {
					t.Fatalf("%v: policy returned with errors", kind)
				}
				for i, e := range errs {
					if e == nil || e.Message == "" {
						t.Fatalf("%v: empty error %d", kind, i)
					}
					if i > 0 {
						a, b := errs[i-1].Pos, e.Pos
						if a.Line > b.Line || a.Line == b.Line && a.Col > b.Col {
							t.Fatalf("%v: errors out of order: %v before %v", kind, errs[i-1], e)
						}
					}
				}
				// Deterministic: compiling again gives the same errors.
				_, again := Compile(n, kind)
				if diff := cmp.Diff(errs.Error(), again.Error()); diff != "" {
					t.Fatalf("%v: errors differ between runs:\n%s", kind, diff)
				}
				continue
			}
			if p == nil {
				t.Fatalf("%v: nil policy without errors", kind)
			}
			for _, r := range reqs {
				checkExplainAgrees(t, p, r)
				checkPartialAgrees(t, p, r)
				checkFailClosed(t, n, p, kind, r)
			}
			for _, s := range p.Statements {
				_ = s.Label()
				_ = s.Conditions()
				_ = s.Principals()
			}
		}
	})
}
