package policy

import "testing"

const benchTrust = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowPartner",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::111111111111:root", "arn:aws:iam::333333333333:role/Deployer"]},
      "Action": ["sts:AssumeRole", "sts:TagSession"],
      "Condition": {
        "StringEquals": {"sts:ExternalId": "partner-7f3a"},
        "Bool": {"aws:MultiFactorAuthPresent": "true"}
      }
    }
  ]
}`

const benchIdentity = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "S3Read", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": ["arn:aws:s3:::data", "arn:aws:s3:::data/*"]},
    {"Sid": "S3Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data/uploads/*",
     "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
    {"Sid": "Dynamo", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:*:111111111111:table/orders"},
    {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:eu-west-1:111111111111:log-group:/app/*"},
    {"Sid": "KMS", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:eu-west-1:111111111111:key/*",
     "Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}},
    {"Sid": "SQS", "Effect": "Allow", "Action": "sqs:*Message", "Resource": "arn:aws:sqs:eu-west-1:111111111111:jobs"},
    {"Sid": "Assume", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::222222222222:role/Reader"},
    {"Sid": "DenyOutsideRegion", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
     "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-central-1"]}}},
    {"Sid": "DenyInsecure", "Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    {"Sid": "DenyIAM", "Effect": "Deny", "Action": ["iam:Create*", "iam:Delete*", "iam:Put*"], "Resource": "*"}
  ]
}`

// benchContext is a realistic request context for a role session.
func benchContext() *Context {
	session := &Context{}
	session.Set("aws:PrincipalArn", "arn:aws:iam::111111111111:role/App")
	session.Set("aws:PrincipalAccount", "111111111111")
	session.Set("aws:PrincipalType", "AssumedRole")
	session.Set("aws:userid", "AROAEXAMPLE:app")
	session.Set("aws:PrincipalTag/team", "data")
	session.Set("aws:PrincipalTag/env", "prod")
	session.Set("aws:TokenIssueTime", "2024-01-01T00:00:00Z")
	session.Set("aws:MultiFactorAuthPresent", "true")
	session.Set("aws:PrincipalOrgID", "o-abc123")
	req := &Context{Parent: session}
	req.Set("aws:CurrentTime", "2024-01-01T00:10:00Z")
	req.Set("aws:EpochTime", "1704067800")
	req.Set("aws:SecureTransport", "true")
	req.Set("aws:RequestedRegion", "eu-west-1")
	req.Set("aws:SourceIp", "203.0.113.10")
	req.Set("sts:ExternalId", "partner-7f3a")
	req.Set("sts:RoleSessionName", "ci")
	return req
}

func BenchmarkEvaluate(b *testing.B) {
	ctx := benchContext()
	cases := []struct {
		name string
		kind Kind
		doc  string
		req  *Request
		want Decision
	}{
		{"trust", KindTrust, benchTrust, &Request{
			Action:    "sts:AssumeRole",
			Resource:  "arn:aws:iam::222222222222:role/Partner",
			Principal: &Principal{Account: "111111111111", ARNs: []string{"arn:aws:iam::111111111111:role/App", "arn:aws:sts::111111111111:assumed-role/App/ci"}},
			Context:   ctx,
		}, Allow},
		{"identity10/allowFirst", KindIdentity, benchIdentity, &Request{
			Action: "s3:GetObject", Resource: "arn:aws:s3:::data/reports/2024.csv", Context: ctx,
		}, Allow},
		{"identity10/allowLate", KindIdentity, benchIdentity, &Request{
			Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/Reader", Context: ctx,
		}, Allow},
		{"identity10/implicitDeny", KindIdentity, benchIdentity, &Request{
			Action: "ec2:RunInstances", Resource: "arn:aws:ec2:eu-west-1:111111111111:instance/*", Context: ctx,
		}, ImplicitDeny},
		{"identity10/explicitDeny", KindIdentity, benchIdentity, &Request{
			Action: "iam:CreateUser", Resource: "arn:aws:iam::111111111111:user/x", Context: ctx,
		}, ExplicitDeny},
		{"variables", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:PrincipalTag/team}/*","Condition":{"StringEquals":{"aws:PrincipalTag/env":"${aws:PrincipalTag/env, 'dev'}"}}}}`, &Request{
			Action: "s3:GetObject", Resource: "arn:aws:s3:::home/data/x", Context: ctx,
		}, Allow},
	}
	for _, tc := range cases {
		p, errs := CompileJSON(tc.doc, tc.kind)
		if errs != nil {
			b.Fatal(errs)
		}
		if got := p.Evaluate(tc.req).Decision; got != tc.want {
			b.Fatalf("%s: %v, want %v", tc.name, got, tc.want)
		}
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.Evaluate(tc.req)
			}
		})
	}
}

func TestEvaluateNoAllocs(t *testing.T) {
	ctx := benchContext()
	tests := []struct {
		name string
		kind Kind
		doc  string
		req  *Request
	}{
		{"trust", KindTrust, benchTrust, &Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/Partner",
			Principal: &Principal{Account: "111111111111"}, Context: ctx}},
		{"identity", KindIdentity, benchIdentity, &Request{Action: "ec2:RunInstances", Resource: "arn:aws:ec2:eu-west-1:1:instance/x", Context: ctx}},
		{"variables", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:PrincipalTag/team}/*"}}`,
			&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/data/x", Context: ctx}},
		{"everyOperator", KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{
			"StringLike":{"aws:userid":"AROA*"},"StringEqualsIgnoreCase":{"aws:PrincipalType":"assumedrole"},"NumericLessThan":{"aws:EpochTime":"1800000000"},
			"DateGreaterThan":{"aws:CurrentTime":"2023-01-01"},"Bool":{"aws:SecureTransport":"true"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},
			"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/*"},"Null":{"aws:SourceVpc":"true"},"ForAllValues:StringEquals":{"aws:TagKeys":"x"}}}}`,
			&Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::x", Context: ctx}},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustCompile(t, tc.kind, tc.doc)
			allocs := testing.AllocsPerRun(200, func() { p.Evaluate(tc.req) })
			if allocs != 0 {
				t.Errorf("Evaluate allocates %v times per run", allocs)
			}
		})
	}
}
