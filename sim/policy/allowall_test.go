package policy

import (
	"reflect"
	"testing"
)

// TestAllowAllFastPath checks which policies Evaluate answers without
// matching, and that the answer is the one matching would give.
func TestAllowAllFastPath(t *testing.T) {
	tests := []struct {
		name, reason string
		kind         Kind
		doc          string
		want         bool
	}{
		{name: "full-aws-access", reason: "the SCP AWS attaches everywhere", kind: KindSCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, want: true},
		{name: "rcp-full-aws-access", reason: "the RCP AWS attaches everywhere", kind: KindRCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`, want: true},
		{name: "condition", reason: "a condition must be evaluated", kind: KindSCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`},
		{name: "service-wildcard", reason: "s3:* is not every action", kind: KindSCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`},
		{name: "deny", reason: "a Deny is not an allow-all", kind: KindSCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`},
		{name: "two-statements", reason: "only single-statement policies qualify", kind: KindSCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}`},
		{name: "trust-star", reason: "a trust policy's * does not name anonymous callers", kind: KindTrust,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*"}]}`},
		{name: "not-resource", reason: "NotResource * matches nothing", kind: KindIdentity,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","NotResource":"*"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, errs := CompileJSON(tt.doc, tt.kind)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if p.allowAll != tt.want {
				t.Fatalf("%s: allowAll = %v, want %v", tt.reason, p.allowAll, tt.want)
			}
			for _, r := range []*Request{
				{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Principal: &Principal{Account: "111111111111", ARNs: []string{"arn:aws:iam::111111111111:user/a"}}},
				{Action: "iam:CreateRole", Resource: "arn:aws:iam::111111111111:role/x", Principal: &Principal{Anonymous: true}},
			} {
				fast := p.Evaluate(r)
				p.allowAll = false
				slow := p.Evaluate(r)
				p.allowAll = tt.want
				if fast != slow {
					t.Errorf("%s: fast path %+v differs from matching %+v for %s", tt.reason, fast, slow, r.Action)
				}
				for _, known := range []Known{nil, func(string) bool { return false }, func(k string) bool { return k == "aws:SecureTransport" }} {
					var fastP, slowP PartialResult
					p.EvaluatePartialTo(r, known, &fastP)
					p.allowAll = false
					p.EvaluatePartialTo(r, known, &slowP)
					p.allowAll = tt.want
					if !reflect.DeepEqual(fastP, slowP) {
						t.Errorf("%s: partial fast path %+v differs from matching %+v for %s", tt.reason, fastP, slowP, r.Action)
					}
				}
			}
		})
	}
}
