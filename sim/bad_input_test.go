package sim

import (
	"strconv"
	"strings"
	"testing"

	"github.com/rolesim/rolesim/scenario"
)

// TestHugePolicyIsHandled loads and runs a scenario whose role has a
// 10,000-statement policy: it must either load and run, or be refused with
// positioned diagnostics — never panic or hang.
func TestHugePolicyIsHandled(t *testing.T) {
	var b strings.Builder
	b.WriteString(`name: huge-policy
accounts:
  - id: "111111111111"
    users: [{name: alice}]
    roles:
      - name: Big
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - {Effect: Allow, Principal: {AWS: "arn:aws:iam::111111111111:user/alice"}, Action: "sts:AssumeRole"}
        inline_policies:
          Huge:
            Version: "2012-10-17"
            Statement:
`)
	for i := 0; i < 10000; i++ {
		b.WriteString(`              - {Sid: S` + strconv.Itoa(i) + `, Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket-` + strconv.Itoa(i) + `/*"}` + "\n")
	}
	b.WriteString(`steps:
  - id: big
    assume: {as: "arn:aws:iam::111111111111:user/alice", role_arn: "arn:aws:iam::111111111111:role/Big", role_session_name: alice}
  - call: {as: big, action: s3:GetObject, resource: "arn:aws:s3:::bucket-9999/key"}
  - call: {as: big, action: s3:GetObject, resource: "arn:aws:s3:::bucket-10000/key"}
    expect: {error: AccessDenied, denied_by: identity_policy}
`)
	sc, err := scenario.Parse("huge.yaml", []byte(b.String()))
	if err != nil {
		// A size quota may refuse it; then every diagnostic is positioned.
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "huge.yaml:") {
				t.Errorf("diagnostic without a position: %q", line)
			}
		}
		return
	}
	rep, err := Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range rep.Steps {
		if !st.Pass {
			t.Errorf("step %d: %v", st.Index, st.Problems)
		}
	}
}
