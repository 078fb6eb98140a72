package policy

import (
	"reflect"
	"testing"
)

// TestContextFree checks which policies ContextFree accepts, and that a
// context-free policy's answers do not change with the principal, the
// context or what is known.
func TestContextFree(t *testing.T) {
	tests := []struct {
		name, reason string
		kind         Kind
		doc          string
		want         bool
		// anyResource: ResourceFree, the answer is the same on every
		// resource.
		anyResource bool
	}{
		{name: "hop", reason: "one action on every resource", kind: KindIdentity,
			doc: `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}`, want: true, anyResource: true},
		{name: "deny-star", reason: "Allow and Deny on every resource", kind: KindSCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":["*"]}]}`, want: true, anyResource: true},
		{name: "scp-deny-resource", reason: "Allow and Deny on actions and resources only", kind: KindSCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/R1"}]}`, want: true},
		{name: "identity-not-resource", reason: "NotAction and NotResource are still the request's action and resource", kind: KindIdentity,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:s3:::secret/*"}]}`, want: true},
		{name: "condition", reason: "a condition reads the context", kind: KindSCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"red"}}}]}`},
		{name: "variable", reason: "a policy variable in Resource reads the context", kind: KindIdentity,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}]}`},
		{name: "variable-default", reason: "a variable with a default reads the context too", kind: KindIdentity,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username, 'none'}/*"}]}`},
		{name: "principal", reason: "a Principal element reads the caller", kind: KindRCP,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`},
		{name: "trust", reason: "a trust policy names principals", kind: KindTrust,
			doc: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}]}`},
	}
	ctxA, ctxB := &Context{}, &Context{}
	ctxA.Set("aws:PrincipalTag/team", "red")
	ctxA.Set("aws:username", "alice")
	ctxB.Set("aws:PrincipalTag/team", "blue")
	reqs := func(action, resource string) []*Request {
		return []*Request{
			{Action: action, Resource: resource, Principal: &Principal{Account: "111111111111", ARNs: []string{"arn:aws:iam::111111111111:user/alice"}}, Context: ctxA},
			{Action: action, Resource: resource, Principal: &Principal{Account: "222222222222", ARNs: []string{"arn:aws:iam::222222222222:role/x"}}, Context: ctxB},
			{Action: action, Resource: resource},
		}
	}
	knowns := []Known{nil, func(string) bool { return false }, func(k string) bool { return k == "aws:username" }}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, errs := CompileJSON(tt.doc, tt.kind)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			if p.ContextFree() != tt.want {
				t.Fatalf("ContextFree = %v, want %v: %s", p.ContextFree(), tt.want, tt.reason)
			}
			if tt.want && p.ResourceFree() != tt.anyResource {
				t.Fatalf("ResourceFree = %v, want %v: %s", p.ResourceFree(), tt.anyResource, tt.reason)
			}
			if !tt.want {
				return
			}
			if tt.anyResource {
				for _, action := range []string{"sts:AssumeRole", "s3:GetObject"} {
					var a, b PartialResult
					p.EvaluatePartialTo(reqs(action, "arn:aws:iam::333333333333:role/R1")[0], nil, &a)
					p.EvaluatePartialTo(reqs(action, "arn:aws:s3:::b/k")[1], nil, &b)
					if !reflect.DeepEqual(a, b) {
						t.Errorf("%s: the answer changes with the resource: %+v, %+v", action, a, b)
					}
				}
			}
			for _, ar := range [][2]string{{"sts:AssumeRole", "arn:aws:iam::333333333333:role/R1"}, {"sts:AssumeRole", "arn:aws:iam::333333333333:role/R2"}, {"s3:GetObject", "arn:aws:s3:::secret/k"}} {
				var first PartialResult
				firstExact := p.Evaluate(reqs(ar[0], ar[1])[0])
				for i, r := range reqs(ar[0], ar[1]) {
					if got := p.Evaluate(r); got != firstExact {
						t.Errorf("%s on %s: request %d evaluates to %+v, request 0 to %+v", ar[0], ar[1], i, got, firstExact)
					}
					for j, k := range knowns {
						var got PartialResult
						p.EvaluatePartialTo(r, k, &got)
						if i == 0 && j == 0 {
							first = got
						} else if !reflect.DeepEqual(got, first) {
							t.Errorf("%s on %s: request %d, known %d gives %+v, not %+v", ar[0], ar[1], i, j, got, first)
						}
					}
				}
			}
		})
	}
}
