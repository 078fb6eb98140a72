package scenario

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// diagLines parses src and returns every diagnostic as file:line:col: message.
func diagLines(t *testing.T, src string) []string {
	t.Helper()
	s, err := Parse("s.yaml", []byte(src))
	if err == nil {
		if s == nil {
			t.Fatal("Parse returned neither a scenario nor an error")
		}
		return nil
	}
	var ds Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("error is %T, want Diagnostics", err)
	}
	if s != nil {
		t.Error("Parse returned a scenario together with an error")
	}
	return strings.Split(ds.Error(), "\n")
}

// y turns a readable multi-line literal into YAML: a leading newline is
// dropped and tabs are not allowed (YAML indents with spaces).
func y(s string) string { return strings.TrimPrefix(s, "\n") }

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		src    string
		want   []string
	}{
		{
			name:   "unknown key with hint",
			reason: "a misspelt key is reported with the closest known key, and the required key it was meant to be is missing",
			src: y(`
name: t
accounts:
  - id: "111111111111"
    roles:
      - name: R
        trust_polcy: {}
`),
			want: []string{
				`s.yaml:5:9: missing required key "trust_policy" in role`,
				`s.yaml:6:9: unknown key "trust_polcy" in role; did you mean "trust_policy"?`,
			},
		},
		{
			name:   "unknown key without hint and camel case hint",
			reason: "keys far from every known key get no hint; CamelCase spellings of a snake_case key do",
			src: y(`
name: t
colour: blue
accounts:
  - id: "111111111111"
    roles:
      - name: R
        TrustPolicy: {}
`),
			want: []string{
				`s.yaml:2:1: unknown key "colour" in scenario`,
				`s.yaml:6:9: missing required key "trust_policy" in role`,
				`s.yaml:7:9: unknown key "TrustPolicy" in role; did you mean "trust_policy"?`,
			},
		},
		{
			name:   "duplicate key",
			reason: "yaml.v3 does not reject duplicate keys in a Node; the loader must",
			src:    "name: t\nname: u\naccounts: [{id: \"111111111111\"}]\n",
			want:   []string{`s.yaml:2:1: duplicate key "name" in scenario (first at line 1, column 1)`},
		},
		{
			name:   "wrong type",
			reason: "a type error names the key and what was expected",
			src: y(`
name: t
accounts:
  - id: "111111111111"
    roles:
      - name: R
        max_session_duration: [1]
        trust_policy: {Statement: {Effect: Allow, Principal: "*", Action: "sts:AssumeRole"}}
`),
			want: []string{`s.yaml:6:31: role.max_session_duration: expected seconds (integer) or a duration like 2h, got list`},
		},
		{
			name:   "max session duration range",
			reason: "MaxSessionDuration is 3600..43200 in seconds or as a duration; 1.5h is fine",
			src: y(`
name: t
accounts:
  - id: "111111111111"
    roles:
      - name: R
        max_session_duration: 13h
        trust_policy: {Statement: {Effect: Allow, Principal: "*", Action: "sts:AssumeRole"}}
      - name: S
        max_session_duration: 1800
        trust_policy: {Statement: {Effect: Allow, Principal: "*", Action: "sts:AssumeRole"}}
      - name: T
        max_session_duration: 1.5h
        trust_policy: {Statement: {Effect: Allow, Principal: "*", Action: "sts:AssumeRole"}}
      - name: U
        max_session_duration: 1h0m0.5s
        trust_policy: {Statement: {Effect: Allow, Principal: "*", Action: "sts:AssumeRole"}}
`),
			want: []string{
				`s.yaml:6:31: role.max_session_duration: must be between 3600 and 43200 seconds (1h to 12h), got 46800`,
				`s.yaml:9:31: role.max_session_duration: must be between 3600 and 43200 seconds (1h to 12h), got 1800`,
				`s.yaml:15:31: role.max_session_duration: 1h0m0.5s is not a whole number of seconds`,
			},
		},
		{
			name:   "account ids",
			reason: "ids are exactly 12 digits and unique, quoted or not",
			src: y(`
name: t
accounts:
  - id: 12345
  - id: "111111111111"
  - id: 111111111111
  - alias: x
`),
			want: []string{
				`s.yaml:3:9: account.id: "12345" is not an account id: want exactly 12 digits`,
				`s.yaml:5:9: duplicate account id 111111111111 (first at line 4, column 5)`,
				`s.yaml:6:5: missing required key "id" in account`,
				`s.yaml:6:12: account.alias: "x" is not a valid account alias: must be 3 to 63 characters`,
			},
		},
		{
			name:   "top level not a map",
			reason: "the document must be a map",
			src:    "- a\n- b\n",
			want:   []string{`s.yaml:1:1: scenario: expected a map, got list`},
		},
		{
			name:   "missing required top-level keys",
			reason: "name and accounts are required",
			src:    "description: x\n",
			want: []string{
				`s.yaml:1:1: missing required key "accounts" in scenario`,
				`s.yaml:1:1: missing required key "name" in scenario`,
			},
		},
		{
			name:   "null required value and empty accounts",
			reason: "a required key given no value is reported at the value; accounts needs one entry",
			src:    "name:\naccounts: []\n",
			want: []string{
				`s.yaml:1:6: scenario.name: a value is required, got null`,
				`s.yaml:2:11: scenario.accounts: at least one account is required`,
			},
		},
		{
			name:   "multiple documents",
			reason: "a scenario file holds exactly one YAML document",
			src:    "name: t\naccounts: [{id: \"111111111111\"}]\n---\nname: u\n",
			want:   []string{`s.yaml:3:1: more than one YAML document: a scenario file holds exactly one`},
		},
		{
			name:   "anchors and aliases",
			reason: "aliases are refused outright, which also rules out alias bombs",
			src:    "name: t\naccounts:\n  - &a {id: \"111111111111\"}\n  - *a\n",
			want: []string{
				`s.yaml:3:5: YAML anchors are not supported (&a): repeat the content instead`,
				`s.yaml:4:5: YAML aliases are not supported (*a): repeat the content instead`,
			},
		},
		{
			name:   "custom tag",
			reason: "only the standard YAML tags may be written",
			src:    "name: !shout t\naccounts: [{id: !!str 111111111111}]\n",
			want:   []string{`s.yaml:1:7: YAML tag !shout is not supported`},
		},
		{
			name:   "empty file",
			reason: "comments only is no scenario",
			src:    "# nothing\n",
			want:   []string{`s.yaml:1:1: file is empty: expected a scenario map`},
		},
		{
			name:   "syntax error whose line yaml.v3 omits",
			reason: "the loader finds the line by bisecting over prefixes",
			src:    "name: t\naccounts: []\nsteps: b: c\n",
			want:   []string{`s.yaml:3:1: invalid YAML: mapping values are not allowed in this context`},
		},
		{
			name:   "syntax error with line",
			reason: "yaml.v3's line is kept; it gives no column",
			src:    "name: t\naccounts: [\n",
			want:   []string{`s.yaml:2:1: invalid YAML: did not find expected node content`},
		},
		{
			name:   "control character",
			reason: "reported at its exact position (yaml.v3 gives none)",
			src:    "name: \"t\x01\"\n",
			want:   []string{`s.yaml:1:9: control character U+0001 is not allowed in YAML`},
		},
		{
			name:   "invalid UTF-8",
			reason: "columns count characters, so é is one column",
			src:    "name: é\xff\n",
			want:   []string{`s.yaml:1:8: file is not valid UTF-8 (byte 0xff)`},
		},
		{
			name:   "names, paths, region, start, version, tags",
			reason: "every problem in one file is reported, sorted by position",
			src: y(`
name: "bad name"
region: mars
start: yesterday
version: 2
accounts:
  - id: "111111111111"
    alias: Bad_Alias
    users:
      - name: "al ice"
        path: engineering
      - name: Bob
      - name: bob
    groups:
      - name: g
    roles:
      - name: R
        trust_policy: {Statement: {Effect: Allow, Principal: "*", Action: "sts:AssumeRole"}}
        tags:
          aws:foo: x
          Team: a
          team: b
          ok: "no!"
`),
			want: []string{
				`s.yaml:1:7: scenario.name: "bad name" may contain only letters, digits and ._-`,
				`s.yaml:2:9: scenario.region: "mars" is not a region name like us-east-1`,
				`s.yaml:3:8: scenario.start: invalid time "yesterday": want RFC 3339, like 2024-01-01T00:00:00Z`,
				`s.yaml:4:10: scenario.version: unsupported version 2: only version 1 exists`,
				`s.yaml:7:12: account.alias: "Bad_Alias" is not a valid account alias: may contain only lowercase letters, digits and hyphens`,
				`s.yaml:9:15: user.name: "al ice" is not a valid user name: may contain only letters, digits and _+=,.@-`,
				`s.yaml:10:15: user.path: "engineering" is not a valid IAM path: must begin and end with /`,
				`s.yaml:12:15: duplicate user name "bob" in account 111111111111 (first at line 11, column 15; names are case-insensitive)`,
				`s.yaml:19:11: role.tags: invalid tag key "aws:foo": the aws: prefix is reserved for AWS`,
				`s.yaml:21:11: role.tags: duplicate tag key "team" (first at line 20, column 11; tag keys are case-insensitive)`,
				`s.yaml:22:11: role.tags: invalid value for tag "ok": may contain only letters, digits, spaces and _.:/=+-@`,
			},
		},
		{
			name:   "tag list form and limits",
			reason: "tags may be a list of {key, value}; key is required, keys unique ignoring case, at most 50",
			src: "name: t\naccounts:\n  - id: \"111111111111\"\n    users:\n      - name: u\n        tags:\n          - {key: a, value: b}\n          - {value: c}\n          - {key: A}\n          - {key: b, vaule: x}\n" +
				"      - name: v\n        tags: {" + strings.Repeat("k, ", 0) + manyTags(51) + "}\n",
			want: []string{
				`s.yaml:8:13: missing required key "key" in tag`,
				`s.yaml:9:19: user.tags: duplicate tag key "A" (first at line 7, column 19; tag keys are case-insensitive)`,
				`s.yaml:10:22: unknown key "vaule" in tag; did you mean "value"?`,
				`s.yaml:12:15: user.tags: at most 50 tags are allowed, got 51`,
			},
		},
		{
			name:   "references",
			reason: "groups and managed policies resolve in the same account; dangling references are reported where written",
			src: y(`
name: t
accounts:
  - id: "111111111111"
    users:
      - name: u
        groups: [devs, g, G]
        managed_policies: [Missing, "arn:aws:iam::aws:policy/Nope", "arn:aws:iam::222222222222:policy/P", "arn:aws:iam::111111111111:policy/x/G", "not a policy!", g]
        permissions_boundary: arn:aws:iam::111111111111:policy/G
    groups:
      - name: G
    policies:
      - name: G
        path: /x/
        document: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}
  - id: "222222222222"
    policies:
      - name: P
        document: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}
    roles:
      - name: R
        trust_policy: {Statement: {Effect: Allow, Principal: "*", Action: "sts:AssumeRole"}}
        managed_policies: [arn:aws:iam::222222222222:role/R]
`),
			want: []string{
				`s.yaml:6:18: user.groups: no group named "devs" in account 111111111111`,
				`s.yaml:6:27: user.groups: group "G" is listed twice (first at line 6, column 24)`,
				`s.yaml:7:28: user.managed_policies: no customer managed policy named "Missing" in account 111111111111`,
				`s.yaml:7:37: user.managed_policies: AWS managed policy arn:aws:iam::aws:policy/Nope is not defined in aws_managed_policies`,
				`s.yaml:7:69: user.managed_policies: arn:aws:iam::222222222222:policy/P belongs to account 222222222222; only policies of account 111111111111 and AWS managed policies can be attached here`,
				`s.yaml:7:147: user.managed_policies: "not a policy!" is neither a managed policy ARN nor a policy name`,
				`s.yaml:7:164: user.managed_policies: arn:aws:iam::111111111111:policy/x/G is attached twice (first at line 7, column 107)`,
				`s.yaml:8:31: user.permissions_boundary: customer managed policy arn:aws:iam::111111111111:policy/G is not defined in the scenario`,
				`s.yaml:22:28: role.managed_policies: "arn:aws:iam::222222222222:role/R" is not a managed policy ARN (arn:aws:iam::ACCOUNT:policy/NAME)`,
			},
		},
		{
			name:   "policy documents of the wrong type",
			reason: "a document is a map or a JSON string; inline policy values are required",
			src: y(`
name: t
accounts:
  - id: "111111111111"
    roles:
      - name: R
        trust_policy: [1]
        inline_policies:
          A:
          B: 42
`),
			want: []string{
				`s.yaml:6:23: role.trust_policy: expected a policy document (a map or a JSON string), got list`,
				`s.yaml:8:11: role.inline_policies.A: expected a policy document (a map or a JSON string), got null`,
				`s.yaml:9:14: role.inline_policies.B: expected a policy document (a map or a JSON string), got integer`,
			},
		},
		{
			name:   "organization",
			reason: "declared accounts, one place per account, existing policies of the list's type, unique sibling OUs",
			src: y(`
name: t
accounts:
  - id: "111111111111"
  - id: "222222222222"
organization:
  management_account: "999999999999"
  policies:
    - name: FullAWSAccess
      document: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}
    - name: R1
      type: RCP
      document: {Statement: {Effect: Allow, Principal: "*", Action: "*", Resource: "*"}}
    - name: S1
      type: scp
      document: {Statement: {Effect: Allow, Action: "*", Resource: "*"}}
  root:
    scps: [R1, FullAWSAcess]
    rcps: []
    accounts: ["222222222222", "333333333333"]
    ous:
      - name: A
        scps: []
        accounts: [{id: "222222222222", rcps: [R1, R1]}]
      - name: A
        id: ou-bad
        scps: [FullAWSAccess, S1, S2, S3, S4, S5]
`),
			want: []string{
				`s.yaml:6:23: organization.management_account: account 999999999999 is not declared in accounts`,
				`s.yaml:8:13: organization_policy.name: FullAWSAccess is built in and cannot be redefined`,
				`s.yaml:14:13: organization_policy.type: must be SCP or RCP, got "scp"`,
				`s.yaml:17:12: root.scps: R1 is an RCP and cannot be attached as an SCP`,
				`s.yaml:17:16: root.scps: no organization policy named "FullAWSAcess"; did you mean "FullAWSAccess"?`,
				`s.yaml:19:32: organization: account 333333333333 is not declared in accounts`,
				`s.yaml:22:15: ou.scps: at least one SCP must be attached (AWS requires one)`,
				`s.yaml:23:25: organization: account 222222222222 appears twice in the tree (first at line 19, column 16)`,
				`s.yaml:23:52: org_account.rcps: R1 is attached twice (first at line 23, column 48)`,
				`s.yaml:24:15: duplicate OU name "A" under Root (first at line 21, column 15)`,
				`s.yaml:25:13: ou.id: "ou-bad" is not an OU id: want ou-, 4 to 32 lowercase letters or digits, -, and 8 to 32 more`,
				`s.yaml:26:15: ou.scps: at most 5 SCPs can be attached to one node, got 6`,
				`s.yaml:26:35: ou.scps: no organization policy named "S2"; did you mean "S1"?`,
				`s.yaml:26:39: ou.scps: no organization policy named "S3"; did you mean "S1"?`,
				`s.yaml:26:43: ou.scps: no organization policy named "S4"; did you mean "S1"?`,
				`s.yaml:26:47: ou.scps: no organization policy named "S5"; did you mean "S1"?`,
			},
		},
		{
			name:   "steps",
			reason: "credentials references, ids, kinds, advance order and expectations are all checked, while assume parameters stay raw",
			src: y(`
name: t
accounts:
  - id: "111111111111"
    users: [{name: alice}]
steps:
  - id: a
    assume:
      as: arn:aws:iam::111111111111:user/bob
      role_arn: [x]
      duration_seconds: abc
      role_session_name: "!"
  - id: a
    whoami: b
  - call:
      as: later
      action: s3GetObject
      resource: x
    expect: {packed_policy_size: 3, error: accessDenied, denied_by: scpp, deny: maybe}
  - id: later
    assume: {as: arn:aws:iam::111111111111:root}
  - advance: -5m
  - advance: 1h
  - advance: {to: 2024-01-01T00:30:00Z}
  - whoami: {as: arn:aws:iam::222222222222:root}
    expect: {account: 42, message: x, chained: yes}
  - note: nothing
  - assume: {as: a}
    call: {as: a}
  - assume: {as: arn:aws:iam::111111111111:user/alice}
    expect: {error: AccessDenied, arn: x, message_regexp: "(", expiration: soon, duration: forever}
  - advance: 1h
    expect: {}
  - id: self
    assume: {as: self}
  - id: bad id
    whoami: arn:aws:sts::111111111111:assumed-role/R/s
  - advance: 90
  - call: {as: step-11, action: "s3:Get*", resource: "", context: {aws:SourceIp: [{a: b}], AWS:sourceip: x}}
`),
			want: []string{
				`s.yaml:8:11: assume.as: no user arn:aws:iam::111111111111:user/bob is declared (the ARN must include the user's path)`,
				`s.yaml:9:17: assume.role_arn: expected a string, got list`,
				`s.yaml:12:9: duplicate step id "a" (first at line 6, column 5)`,
				`s.yaml:13:13: whoami: step "b" is not an earlier step that issues credentials`,
				`s.yaml:15:11: call.as: step "later" is not an earlier step that issues credentials`,
				`s.yaml:16:15: call.action: "s3GetObject" is not an action like s3:GetObject`,
				`s.yaml:18:14: expect.packed_policy_size does not apply to a call step`,
				`s.yaml:18:44: expect.error: "accessDenied" is not an AWS error code like AccessDenied`,
				`s.yaml:18:69: expect.denied_by: "scpp" is not one of scp, rcp, trust_policy, resource_policy, identity_policy, permissions_boundary, session_policy; did you mean "scp"?`,
				`s.yaml:18:81: expect.deny: must be explicit or implicit, got "maybe"`,
				`s.yaml:21:14: advance: the duration must be positive, got -5m`,
				`s.yaml:23:19: advance.to: 2024-01-01T00:30:00Z is before the fake clock's time at this step, 2024-01-01T01:00:00Z: time only moves forward`,
				`s.yaml:24:18: whoami.as: account 222222222222 is not declared in accounts`,
				`s.yaml:25:23: expect.account: "42" is not an account id: want exactly 12 digits`,
				`s.yaml:25:27: expect.message describes a failure and needs expect.error`,
				`s.yaml:25:39: expect.chained does not apply to a whoami step`,
				`s.yaml:25:48: expect.chained: expected true or false, got string`,
				`s.yaml:26:5: step needs one of assume, advance, call, whoami, create_role, delete_role, update_role, update_assume_role_policy, attach_role_policy, detach_role_policy, put_role_policy, delete_role_policy, revoke_role_sessions, move_account, attach_policy, detach_policy, put_user_policy, delete_user_policy, attach_user_policy, detach_user_policy, put_group_policy, delete_group_policy, attach_group_policy, detach_group_policy, add_user_to_group, remove_user_from_group, update_access_key, delete_access_key, get_session_token, get_federation_token, service_assume, console_sign_in, switch_role, assume_role_with_web_identity, assume_role_with_saml`,
				`s.yaml:28:5: step has both "assume" and "call": a step does exactly one thing`,
				`s.yaml:30:35: expect.arn describes a success and cannot be combined with expect.error`,
				`s.yaml:30:59: expect.message_regexp: invalid regexp: missing closing ): ` + "`(`",
				`s.yaml:30:64: expect.expiration describes a success and cannot be combined with expect.error`,
				`s.yaml:30:76: expect.expiration: invalid time "soon": want RFC 3339, like 2024-01-01T00:00:00Z`,
				`s.yaml:30:82: expect.duration describes a success and cannot be combined with expect.error`,
				`s.yaml:30:92: expect.duration: invalid duration "forever": want seconds (3600) or a Go duration (90m, 1h30m)`,
				`s.yaml:32:5: expect does not apply to an advance step`,
				`s.yaml:34:18: assume.as: step "self" is not an earlier step that issues credentials`,
				`s.yaml:35:9: step.id: "bad id" may contain only letters, digits and ._-`,
				`s.yaml:36:13: whoami: "arn:aws:sts::111111111111:assumed-role/R/s" is neither a user ARN, a root ARN (arn:aws:iam::ACCOUNT:root) nor a step id`,
				`s.yaml:38:16: call.as: step "step-11" is expected to fail with AccessDenied, so it yields no credentials`,
				`s.yaml:38:33: call.action: "s3:Get*" is not an action like s3:GetObject`,
				`s.yaml:38:54: call.resource: must not be empty`,
				`s.yaml:38:83: call.context.aws:SourceIp[0]: expected a string or a list of strings, got map`,
				`s.yaml:38:92: call.context: duplicate condition key "AWS:sourceip" (first at line 38, column 68; condition keys are case-insensitive)`,
			},
		},
		{
			name:   "call context and resource",
			reason: "a call may set only caller-controlled keys, and omit its resource only for actions that take none",
			src: "name: t\naccounts: [{id: \"111111111111\"}]\nsteps:\n" +
				"  - call: {as: arn:aws:iam::111111111111:root, action: s3:GetObject}\n" +
				"  - call: {as: arn:aws:iam::111111111111:root, action: s3:ListAllMyBuckets}\n" +
				"  - call: {as: arn:aws:iam::111111111111:root, action: s3:GetObject, resource: \"*\", context: {aws:PrincipalOrgID: o-1, aws:SourceIp: 10.0.0.1, aws:PrincipalTag/dept: x}}\n",
			want: []string{
				`s.yaml:4:11: missing required key "resource" in call (only actions that take no resource, such as s3:ListAllMyBuckets, may omit it)`,
				`s.yaml:6:95: call.context: aws:PrincipalOrgID cannot be set by a request: AWS derives it from the caller's identity and credentials`,
				`s.yaml:6:144: call.context: aws:PrincipalTag/dept cannot be set by a request: AWS derives it from the caller's identity and credentials`,
			},
		},
		{
			name:   "trust principals that do not exist",
			reason: "IAM refuses a trust policy naming a user or role missing from a declared account; other accounts' principals are fine",
			src: "name: t\naccounts:\n  - id: \"111111111111\"\n    users: [{name: alice, path: /eng/}]\n    roles:\n" +
				"      - name: R\n        trust_policy: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: sts:AssumeRole, Principal: {AWS: [" +
				"arn:aws:iam::111111111111:user/eng/alice, arn:aws:iam::111111111111:user/alice, arn:aws:iam::111111111111:role/Missing, " +
				"arn:aws:iam::111111111111:role/R, arn:aws:iam::222222222222:role/Elsewhere, arn:aws:sts::111111111111:assumed-role/Gone/s]}}]}\n",
			want: []string{
				`s.yaml:7:159: role R: trust_policy: MalformedPolicyDocument: Invalid principal in policy: "AWS":"arn:aws:iam::111111111111:user/alice" (no such user in account 111111111111; IAM refuses a principal that does not exist when it saves the policy)`,
				`s.yaml:7:197: role R: trust_policy: MalformedPolicyDocument: Invalid principal in policy: "AWS":"arn:aws:iam::111111111111:role/Missing" (no such role in account 111111111111; IAM refuses a principal that does not exist when it saves the policy)`,
			},
		},
		{
			name:   "default step id taken",
			reason: "an explicit id may not take the default id of a later step without one",
			src:    "name: t\naccounts: [{id: \"111111111111\"}]\nsteps:\n  - id: step-2\n    advance: 1m\n  - advance: 1m\n",
			want:   []string{`s.yaml:6:5: step 2 has no id and its default id "step-2" is already taken (line 4, column 5): give it an id`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := diagLines(t, tt.src)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\ndiagnostics mismatch (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// manyTags renders n distinct tags as flow-map entries.
func manyTags(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = "k" + strings.Repeat("x", i) + ": v"
	}
	return strings.Join(parts, ", ")
}

func TestAliasBomb(t *testing.T) {
	// Nine levels of nine aliases each: expanding it would build 9^9 nodes.
	src := "a: &a [x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		src += n + ": &" + n + " [" + strings.Repeat("*"+prev+", ", 8) + "*" + prev + "]\n"
		prev = n
	}
	got := diagLines(t, src)
	anchors, aliases := 0, 0
	for _, d := range got {
		switch {
		case strings.Contains(d, "YAML anchors are not supported"):
			anchors++
		case strings.Contains(d, "YAML aliases are not supported"):
			aliases++
		}
	}
	// 9 anchors and 8*9 aliases, then the scenario's own problems (unknown
	// keys a..i, missing name and accounts) that are reported as well.
	if anchors != 9 || aliases != 72 {
		t.Errorf("got %d anchor and %d alias diagnostics, want 9 and 72:\n%s", anchors, aliases, strings.Join(got, "\n"))
	}
	if want := "s.yaml:9:4: YAML anchors are not supported (&i): repeat the content instead"; !slices.Contains(got, want) {
		t.Errorf("missing %q", want)
	}
}
