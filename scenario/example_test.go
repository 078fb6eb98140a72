package scenario_test

import (
	"fmt"

	"github.com/rolesim/rolesim/scenario"
)

func ExampleParse() {
	src := []byte(`name: demo
accounts:
  - id: 012345678901
    roles:
      - name: Admin
        max_session_duration: 2h
        trust_polcy: {}
steps:
  - advance: 90m
`)
	if _, err := scenario.Parse("demo.yaml", src); err != nil {
		fmt.Println(err)
	}

	fixed := []byte(`name: demo
accounts:
  - id: 012345678901
    roles:
      - name: Admin
        max_session_duration: 2h
        trust_policy: '{"Statement": {"Effect": "Allow", "Principal": {"AWS": "012345678901"}, "Action": "sts:AssumeRole"}}'
steps:
  - advance: 90m
`)
	s, err := scenario.Parse("demo.yaml", fixed)
	if err != nil {
		fmt.Println(err)
		return
	}
	role := s.Accounts[0].Roles[0]
	fmt.Println(s.Accounts[0].ID, role.Name, role.MaxSessionDuration, s.Steps[0].ID, s.Steps[0].Advance.By)
	// Output:
	// demo.yaml:5:9: missing required key "trust_policy" in role
	// demo.yaml:7:9: unknown key "trust_polcy" in role; did you mean "trust_policy"?
	// 012345678901 Admin 7200 step-1 1h30m0s
}
