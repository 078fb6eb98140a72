package policy

import (
	"strings"
	"testing"
)

// checkPartialAgrees checks partial evaluation against Evaluate on one
// request: with every key known it decides what Evaluate decides; with no
// key known every statement that applies exactly is among its options, and
// an unconditional answer is Evaluate's.
func checkPartialAgrees(t *testing.T, p *Policy, r *Request) {
	t.Helper()
	want := p.Evaluate(r)
	exact := p.EvaluatePartial(r, nil)
	if !exact.Decided() || exact.Decision() != want.Decision {
		t.Fatalf("%s %s: exact partial decided=%v %v, Evaluate %v", r.Action, r.Resource, exact.Decided(), exact.Decision(), want.Decision)
	}
	switch want.Decision {
	case ExplicitDeny:
		if exact.Deny != want.Statement {
			t.Fatalf("%s: exact partial denies by %v, Evaluate by %v", r.Action, exact.Deny.Label(), want.Statement.Label())
		}
	case Allow:
		if exact.Allow[0].Statement != want.Statement {
			t.Fatalf("%s: exact partial allows by %v, Evaluate by %v", r.Action, exact.Allow[0].Statement.Label(), want.Statement.Label())
		}
	}
	none := p.EvaluatePartial(r, func(string) bool { return false })
	has := func(opts []Option, s *Statement) bool {
		for _, o := range opts {
			if o.Statement == s {
				return true
			}
		}
		return false
	}
	for _, sr := range p.Explain(r) {
		if !sr.Matched {
			continue
		}
		s := sr.Statement
		if s.Effect == EffectDeny && none.Deny != s && !has(none.MayDeny, s) {
			t.Fatalf("%s: Deny %s applies but partial evaluation with no key known drops it", r.Action, s.Label())
		}
		if s.Effect == EffectAllow && !has(none.Allow, s) {
			t.Fatalf("%s: Allow %s applies but partial evaluation with no key known drops it", r.Action, s.Label())
		}
	}
	if none.Deny != nil && want.Decision != ExplicitDeny {
		t.Fatalf("%s: partial evaluation denies unconditionally by %s, Evaluate says %v", r.Action, none.Deny.Label(), want.Decision)
	}
}

func TestEvaluatePartial(t *testing.T) {
	ctx := &Context{}
	ctx.Set("aws:PrincipalAccount", "111111111111")
	ctx.Set("aws:username", "alice")
	tests := []struct {
		name, doc string
		known     []string // keys known; every other key is unknown
		// want lists the outcome: "deny SID", "maydeny SID [residual keys]",
		// "allow SID [residual keys] [vars]".
		want []string
	}{
		{"unknownKeyResidual", `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`,
			nil, []string{"allow A sts:ExternalId"}},
		{"knownKeyDecided", `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"999999999999"}}}}`,
			[]string{"aws:PrincipalAccount"}, nil},
		{"knownKeyHolds", `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`,
			[]string{"aws:PrincipalAccount"}, []string{"allow A aws:MultiFactorAuthPresent"}},
		{"unconditionalDeny", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"sts:*","Resource":"*"}]}`,
			nil, []string{"deny D", "allow A"}},
		{"conditionalDeny", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"D","Effect":"Deny","Action":"sts:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}}]}`,
			nil, []string{"maydeny D aws:CurrentTime", "allow A"}},
		{"otherActionNever", `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`,
			nil, nil},
		{"unknownVariableResource", `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/${aws:PrincipalTag/team}"}}`,
			nil, []string{"allow A [${aws:PrincipalTag/team}]"}},
		{"knownVariableResource", `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/${aws:username}"}}`,
			[]string{"aws:username"}, nil},
		{"knownVariableUnresolved", `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"sts:RoleSessionName":"${aws:PrincipalTag/team}"}}}}`,
			[]string{"aws:PrincipalTag/team"}, nil},
		{"variableInConditionValue", `{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"aws:username":"${aws:PrincipalTag/user}"}}}}`,
			[]string{"aws:username"}, []string{"allow A aws:username [${aws:PrincipalTag/user}]"}},
		{"notResourceMaybe", `{"Version":"2012-10-17","Statement":{"Sid":"D","Effect":"Deny","Action":"sts:AssumeRole","NotResource":"arn:aws:iam::*:role/${aws:PrincipalTag/team}"}}`,
			nil, []string{"maydeny D [${aws:PrincipalTag/team}]"}},
		{"lightestIsBest", `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringEquals":{"sts:ExternalId":"x","sts:RoleSessionName":"y"}}},{"Sid":"B","Effect":"Allow","Action":"sts:AssumeRole","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
			nil, []string{"allow A sts:ExternalId sts:RoleSessionName", "allow B aws:MultiFactorAuthPresent", "best B"}},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustCompile(t, KindIdentity, tc.doc)
			known := func(k string) bool {
				for _, x := range tc.known {
					if strings.EqualFold(x, k) {
						return true
					}
				}
				return false
			}
			r := &Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::222222222222:role/R", Context: ctx}
			res := p.EvaluatePartial(r, known)
			var got []string
			desc := func(kind string, o Option) string {
				parts := []string{kind, o.Statement.Label()}
				for _, c := range o.Residual {
					parts = append(parts, c.Key)
				}
				if len(o.Variables) > 0 {
					vs := make([]string, len(o.Variables))
					for i, v := range o.Variables {
						vs[i] = "${" + v + "}"
					}
					parts = append(parts, "["+strings.Join(vs, " ")+"]")
				}
				return strings.Join(parts, " ")
			}
			if res.Deny != nil {
				got = append(got, "deny "+res.Deny.Label())
			}
			for _, o := range res.MayDeny {
				got = append(got, desc("maydeny", o))
			}
			for _, o := range res.Allow {
				got = append(got, desc("allow", o))
			}
			if b, ok := res.Best(); ok && len(res.Allow) > 1 {
				got = append(got, "best "+b.Statement.Label())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if res.Allows() != (res.Deny == nil && len(res.Allow) > 0) {
				t.Fatalf("Allows() = %v", res.Allows())
			}
			checkPartialAgrees(t, p, r)
		})
	}
}

func TestEvaluatePartialNil(t *testing.T) {
	var p *Policy
	if res := p.EvaluatePartial(&Request{}, nil); res.Allows() || res.Decision() != ImplicitDeny || !res.Decided() {
		t.Fatalf("nil policy: %+v", res)
	}
	q := mustCompile(t, KindIdentity, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	if res := q.EvaluatePartial(nil, nil); res.Allows() {
		t.Fatalf("nil request allowed: %+v", res)
	}
	if _, ok := (PartialResult{}).Best(); ok {
		t.Fatal("Best of an empty result")
	}
}
