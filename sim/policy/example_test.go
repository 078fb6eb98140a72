package policy_test

import (
	"fmt"

	"github.com/rolesim/rolesim/sim/policy"
)

func ExampleCompileJSON() {
	_, errs := policy.CompileJSON(`{
  "Version": "2012-10-17",
  "Statement": {
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::111111111111:role/*"},
    "Action": "sts:AssumeRole",
    "Resource": "*",
    "Condition": {"StringEqualz": {"sts:ExternalId": "x"}}
  }
}`, policy.KindTrust)
	for _, e := range errs {
		fmt.Println(e)
	}
	// Output:
	// 5:26: Invalid principal in policy
	// 7:5: Has prohibited field Resource
	// 8:19: Invalid Condition type : StringEqualz
}

func ExamplePolicy_Evaluate() {
	trust, errs := policy.CompileJSON(`{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "Partner",
    "Effect": "Allow",
    "Principal": {"AWS": "111111111111"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "partner-7f3a"}}
  }]
}`, policy.KindTrust)
	if errs != nil {
		panic(errs)
	}
	ctx := &policy.Context{}
	req := &policy.Request{
		Action:    "sts:AssumeRole",
		Resource:  "arn:aws:iam::222222222222:role/Partner",
		Principal: &policy.Principal{Account: "111111111111", ARNs: []string{"arn:aws:iam::111111111111:user/alice"}},
		Context:   ctx,
	}
	fmt.Println(trust.Evaluate(req).Decision)

	ctx.Set("sts:ExternalId", "partner-7f3a")
	res := trust.Evaluate(req)
	fmt.Println(res.Decision, res.Statement.Label())
	// Output:
	// ImplicitDeny
	// Allow Partner
}

func ExamplePolicy_Explain() {
	p, _ := policy.CompileJSON(`{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::data/*"},
    {"Sid": "DenyWithoutTLS", "Effect": "Deny", "Action": "*", "Resource": "*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
  ]
}`, policy.KindIdentity)
	ctx := &policy.Context{}
	ctx.Set("aws:SecureTransport", "false")
	req := &policy.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::data/report.csv", Context: ctx}
	for _, sr := range p.Explain(req) {
		fmt.Printf("%s %s: action=%v resource=%v matched=%v\n",
			sr.Statement.Label(), sr.Statement.Effect, sr.Action.Matched, sr.Resource.Matched, sr.Matched)
		for _, c := range sr.Conditions {
			fmt.Printf("  %s %s %v vs %v -> %v\n", c.Operator, c.Key, c.Values, c.RequestValues, c.Result)
		}
	}
	fmt.Println(p.Evaluate(req).Decision)
	// Output:
	// Statement[0] Allow: action=true resource=true matched=true
	// DenyWithoutTLS Deny: action=true resource=true matched=true
	//   Bool aws:SecureTransport [false] vs [false] -> true
	// ExplicitDeny
}

func ExampleParseJSON() {
	n, err := policy.ParseJSON([]byte("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}"))
	if err != nil {
		panic(err)
	}
	for _, f := range n.Fields {
		fmt.Printf("%s at %d:%d\n", f.Key, f.KeyPos.Line, f.KeyPos.Col)
	}
	fmt.Println(n.CompactJSON())

	_, err = policy.ParseJSON([]byte(`{"Effect": "Allow", "Effect": "Deny"}`))
	fmt.Println(err)
	// Output:
	// Version at 2:3
	// Statement at 3:3
	// {"Version":"2012-10-17","Statement":[]}
	// 1:21: Duplicate key Effect
}

func ExampleContext() {
	session := &policy.Context{}
	session.Set("aws:PrincipalTag/Team", "red")
	request := &policy.Context{Parent: session}
	request.Set("aws:SourceIp", "203.0.113.7")

	v, ok := request.Get("AWS:principaltag/team")
	fmt.Println(v, ok)
	fmt.Println(request.Keys())
	// Output:
	// [red] true
	// [aws:PrincipalTag/Team aws:SourceIp]
}

func ExampleIsMultivalued() {
	fmt.Println(policy.IsMultivalued("aws:TagKeys"), policy.IsMultivalued("aws:username"))
	// Output: true false
}
