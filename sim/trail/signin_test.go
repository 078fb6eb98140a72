package trail_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trail"
)

// checkSignin checks a sign-in event's shape, as the CloudTrail User
// Guide's "AWS Management Console sign-in events" shows it: eventType
// AwsConsoleSignIn, requestParameters null, responseElements
// {EVENTNAME: Success|Failure}, errorMessage exactly on a failure, the
// event's additionalEventData keys, no requestID, errorCode, resources or
// session context, and no access key.
func checkSignin(t *testing.T, where string, r map[string]any) {
	t.Helper()
	ev := getStr(r, "eventName")
	wantData := map[string][]string{"ConsoleLogin": {"LoginTo", "MFAUsed", "MobileVersion"}, "SwitchRole": {"RedirectTo", "SwitchFrom"}}[ev]
	if wantData == nil {
		t.Errorf("%s: a sign-in event named %q", where, ev)
		return
	}
	if getStr(r, "eventType") != "AwsConsoleSignIn" || r["readOnly"] != false || r["managementEvent"] != true {
		t.Errorf("%s: eventType %q, readOnly %v, managementEvent %v; want AwsConsoleSignIn, false, true", where, getStr(r, "eventType"), r["readOnly"], r["managementEvent"])
	}
	if p, ok := r["requestParameters"]; !ok || p != nil {
		t.Errorf("%s: requestParameters %v (present: %t); want null", where, p, ok)
	}
	for _, k := range []string{"requestID", "errorCode", "resources", "sharedEventID"} {
		if _, ok := r[k]; ok {
			t.Errorf("%s: a sign-in event has %s: %v", where, k, r[k])
		}
	}
	resp, _ := r["responseElements"].(map[string]any)
	outcome := getStr(r, "responseElements", ev)
	if len(resp) != 1 || outcome != "Success" && outcome != "Failure" {
		t.Errorf("%s: responseElements %v; want {%q: Success|Failure}", where, r["responseElements"], ev)
	}
	if (outcome == "Failure") != (getStr(r, "errorMessage") != "") {
		t.Errorf("%s: outcome %s with errorMessage %q", where, outcome, getStr(r, "errorMessage"))
	}
	data, _ := r["additionalEventData"].(map[string]any)
	var keys []string
	for k := range data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if diff := cmp.Diff(wantData, keys); diff != "" {
		t.Errorf("%s: additionalEventData keys (-want +got):\n%s", where, diff)
	}
	if ev == "ConsoleLogin" {
		if m := getStr(r, "additionalEventData", "MFAUsed"); m != "Yes" && m != "No" {
			t.Errorf("%s: MFAUsed %q", where, m)
		}
	} else if !strings.HasPrefix(getStr(r, "additionalEventData", "SwitchFrom"), "arn:aws:") {
		t.Errorf("%s: SwitchFrom %q is not an ARN", where, getStr(r, "additionalEventData", "SwitchFrom"))
	}
	if get(r, "userIdentity", "sessionContext") != nil || getStr(r, "userIdentity", "accessKeyId") != "" {
		t.Errorf("%s: a sign-in event's userIdentity has a session context or an access key: %v", where, r["userIdentity"])
	}
}

// signinScenario exercises every sign-in outcome in a world whose region
// is eu-west-1 (a root user's sign-in is recorded in us-east-1 anyway).
const signinScenario = `version: 1
name: signin-events
region: eu-west-1
accounts:
  - id: "111111111111"
    users:
      - name: alice
        mfa_devices:
          - serial: arn:aws:iam::111111111111:mfa/alice
            codes: ["112233"]
        inline_policies:
          Switch:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: arn:aws:iam::222222222222:role/*
  - id: "222222222222"
    roles:
      - name: Operator
        trust_policy:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: {AWS: "111111111111"}
              Action: sts:AssumeRole
              Condition:
                Bool: {aws:MultiFactorAuthPresent: "true"}
steps:
  - id: plain
    console_sign_in: arn:aws:iam::111111111111:user/alice
  - id: mfa
    console_sign_in:
      as: arn:aws:iam::111111111111:user/alice
      serial_number: arn:aws:iam::111111111111:mfa/alice
      token_code: "112233"
  - console_sign_in:
      as: arn:aws:iam::111111111111:user/alice
      serial_number: arn:aws:iam::111111111111:mfa/alice
      token_code: "000000"
    expect: {error: AccessDenied}
  - console_sign_in:
      as: arn:aws:iam::111111111111:user/alice
      serial_number: arn:aws:iam::111111111111:mfa/alice
      token_code: "112233"
    note: the one-time code was used by the second step
    expect: {error: AccessDenied}
  - id: root
    console_sign_in: arn:aws:iam::222222222222:root
  - advance: 10m
  - switch_role:
      as: mfa
      role_arn: arn:aws:iam::222222222222:role/Operator
  - switch_role:
      as: plain
      role_arn: arn:aws:iam::222222222222:role/Operator
    expect: {error: AccessDenied}
  - switch_role:
      as: root
      role_arn: arn:aws:iam::222222222222:role/Operator
    expect: {error: AccessDenied}
`

// absent marks a key a record must not have; anyValue one it must have,
// with any non-empty value.
const (
	absent   = "<absent>"
	anyValue = "<any>"
)

// flatten renders a decoded record as path -> value ("userIdentity.type"),
// strings as they are and other values as JSON.
func flatten(prefix string, v any, out map[string]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			flatten(prefix+k+".", e, out)
		}
	case string:
		out[strings.TrimSuffix(prefix, ".")] = v
	default:
		b, _ := json.Marshal(v)
		out[strings.TrimSuffix(prefix, ".")] = string(b)
	}
}

// TestSigninEvents checks the record of each sign-in and Switch Role
// outcome: success and failure of each, with and without MFA, as an IAM
// user and as the root user.
func TestSigninEvents(t *testing.T) {
	sc, err := scenario.Parse("signin.yaml", []byte(signinScenario))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Steps {
		if !res.Pass {
			t.Fatalf("step %d does not meet its expectation: %v", res.Index, res.Problems)
		}
	}
	recs, err := trail.Records(rep)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := trail.Write(&b, recs); err != nil {
		t.Fatal(err)
	}
	got := decode(t, "signin.yaml", b.Bytes())
	const alice = "arn:aws:iam::111111111111:user/alice"
	const console = "Invalid information in one or more fields. Check your information or contact your administrator."
	login := func(mfa, outcome string) map[string]string {
		m := map[string]string{"eventSource": "signin.amazonaws.com", "eventType": "AwsConsoleSignIn", "eventName": "ConsoleLogin",
			"requestParameters": "null", "responseElements.ConsoleLogin": outcome, "additionalEventData.MFAUsed": mfa,
			"additionalEventData.MobileVersion": "No", "additionalEventData.LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true",
			"requestID": absent, "errorCode": absent}
		return m
	}
	with := func(m map[string]string, kv ...string) map[string]string {
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name, reason string
		want         map[string]string
	}{
		{name: "sign-in", reason: "a password sign-in: Success, MFAUsed No, the user without an access key, in the world's region",
			want: with(login("No", "Success"), "userIdentity.type", "IAMUser", "userIdentity.arn", alice, "userIdentity.userName", "alice",
				"userIdentity.principalId", anyValue, "userIdentity.accessKeyId", absent, "userIdentity.sessionContext", absent,
				"errorMessage", absent, "awsRegion", "eu-west-1", "recipientAccountId", "111111111111", "eventTime", "2024-01-01T00:00:00Z")},
		{name: "sign-in-mfa", reason: "a sign-in with a valid code: MFAUsed Yes",
			want: with(login("Yes", "Success"), "userIdentity.type", "IAMUser", "userIdentity.arn", alice, "errorMessage", absent)},
		{name: "sign-in-wrong-code", reason: "a wrong code: Failure with \"Failed authentication\", MFAUsed Yes (a code was given), the user without arn and with accessKeyId \"\"",
			want: with(login("Yes", "Failure"), "errorMessage", "Failed authentication", "userIdentity.type", "IAMUser", "userIdentity.arn", absent,
				"userIdentity.accessKeyId", "", "userIdentity.userName", "alice", "userIdentity.principalId", anyValue, "recipientAccountId", "111111111111")},
		{name: "sign-in-reused-code", reason: "a code already used is a failed sign-in too",
			want: with(login("Yes", "Failure"), "errorMessage", "Failed authentication")},
		{name: "root-sign-in", reason: "the root user's sign-in: Root with accessKeyId \"\", recorded in us-east-1 whatever the world's region",
			want: with(login("No", "Success"), "userIdentity.type", "Root", "userIdentity.arn", "arn:aws:iam::222222222222:root",
				"userIdentity.accessKeyId", "", "userIdentity.accountId", "222222222222", "awsRegion", "us-east-1", "recipientAccountId", "222222222222")},
		{name: "switch-role", reason: "a Switch Role: the new session as AssumedRole (no access key, no session context) in the role's account, switched from the user",
			want: map[string]string{"eventSource": "signin.amazonaws.com", "eventType": "AwsConsoleSignIn", "eventName": "SwitchRole",
				"requestParameters": "null", "responseElements.SwitchRole": "Success", "errorMessage": absent,
				"userIdentity.type": "AssumedRole", "userIdentity.arn": "arn:aws:sts::222222222222:assumed-role/Operator/alice",
				"userIdentity.principalId": anyValue, "userIdentity.accountId": "222222222222", "userIdentity.accessKeyId": absent,
				"userIdentity.sessionContext": absent, "recipientAccountId": "222222222222", "awsRegion": "eu-west-1",
				"additionalEventData.SwitchFrom": alice, "additionalEventData.RedirectTo": "https://console.aws.amazon.com/console/home",
				"eventTime": "2024-01-01T00:10:00Z", "requestID": absent}},
		{name: "switch-role-refused", reason: "a refused Switch Role (the trust policy wants MFA): Failure with the console's message, the signed-in user in the user's account",
			want: map[string]string{"eventName": "SwitchRole", "responseElements.SwitchRole": "Failure", "errorMessage": console,
				"userIdentity.type": "IAMUser", "userIdentity.arn": alice, "userIdentity.accessKeyId": absent, "recipientAccountId": "111111111111",
				"additionalEventData.SwitchFrom": alice, "additionalEventData.RedirectTo": "https://console.aws.amazon.com/console/home", "errorCode": absent}},
		{name: "switch-role-root", reason: "the root user cannot switch roles: Failure, Root with accessKeyId \"\"",
			want: map[string]string{"eventName": "SwitchRole", "responseElements.SwitchRole": "Failure", "errorMessage": console,
				"userIdentity.type": "Root", "userIdentity.accessKeyId": "", "recipientAccountId": "222222222222",
				"additionalEventData.SwitchFrom": "arn:aws:iam::222222222222:root"}},
	}
	if len(got) != len(tests) {
		t.Fatalf("%d records, want one per sign-in and Switch Role step (%d):\n%s", len(got), len(tests), b.Bytes())
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flat := map[string]string{}
			flatten("", got[i], flat)
			for k, want := range tt.want {
				v, ok := flat[k]
				switch {
				case want == absent && ok:
					t.Errorf("%s = %q; want it absent (%s)", k, v, tt.reason)
				case want == anyValue && (v == "" || !ok):
					t.Errorf("%s is missing or empty (%s)", k, tt.reason)
				case want != absent && want != anyValue && (!ok || v != want):
					t.Errorf("%s = %q (present: %t); want %q (%s)", k, v, ok, want, tt.reason)
				}
			}
			checkSignin(t, tt.name, got[i])
		})
	}
}

// TestExample30Trail checks that the console example's trail holds its
// sign-ins and Switch Roles, in step order, and the refused AssumeRole
// made with the console sign-in, as an STS call (in both accounts).
func TestExample30Trail(t *testing.T) {
	const name = "30-console-switch-role.yaml"
	var got []string
	for _, r := range decode(t, name, jsonl(t, name)) {
		ev := getStr(r, "eventName")
		outcome := getStr(r, "responseElements", ev)
		if getStr(r, "eventSource") == "sts.amazonaws.com" {
			outcome = getStr(r, "errorCode")
		}
		got = append(got, fmt.Sprintf("%s %s %s %s %s MFAUsed=%s", getStr(r, "eventTime")[11:16], ev, getStr(r, "userIdentity", "type"),
			getStr(r, "recipientAccountId"), outcome, getStr(r, "additionalEventData", "MFAUsed")))
	}
	want := []string{
		"00:00 ConsoleLogin IAMUser 111111111111 Success MFAUsed=No",
		"00:00 SwitchRole IAMUser 111111111111 Failure MFAUsed=",
		"00:00 ConsoleLogin IAMUser 111111111111 Success MFAUsed=Yes",
		"00:00 SwitchRole AssumedRole 222222222222 Success MFAUsed=",
		"00:00 SwitchRole AssumedRole 222222222222 Failure MFAUsed=",
		"10:00 SwitchRole AssumedRole 222222222222 Success MFAUsed=",
		"10:00 SwitchRole IAMUser 111111111111 Failure MFAUsed=",
		"10:00 SwitchRole IAMUser 111111111111 Failure MFAUsed=",
		"10:00 ConsoleLogin Root 222222222222 Success MFAUsed=No",
		"10:00 SwitchRole Root 222222222222 Failure MFAUsed=",
		"10:00 AssumeRole IAMUser 111111111111 AccessDenied MFAUsed=",
		"10:00 AssumeRole AWSAccount 222222222222 AccessDenied MFAUsed=",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: records (-want +got):\n%s", name, diff)
	}
}

// TestEmptyAccessKeyID checks UserIdentity's JSON: EmptyAccessKeyID writes
// accessKeyId "" in its place and changes nothing else; without it (or
// with a key) the fields are as their tags say.
func TestEmptyAccessKeyID(t *testing.T) {
	full := trail.UserIdentity{Type: "T", PrincipalID: "P", ARN: "A", AccountID: "C", AccessKeyID: "K", UserName: "U",
		SessionContext: &trail.SessionContext{Attributes: trail.Attributes{CreationDate: "D", MFAAuthenticated: "false"}}, InvokedBy: "I&<>", IdentityProvider: "X"}
	// As Write encodes: without HTML escaping.
	marshal := func(u trail.UserIdentity) string {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(u); err != nil {
			t.Fatal(err)
		}
		return strings.TrimSuffix(b.String(), "\n")
	}
	withKey := marshal(full)
	noKey := full
	noKey.AccessKeyID = ""
	blank := noKey
	blank.EmptyAccessKeyID = true
	keyKept := full
	keyKept.EmptyAccessKeyID = true
	tests := []struct {
		name, reason string
		u            trail.UserIdentity
		want         string
	}{
		{name: "key", reason: "a key is written", u: full,
			want: `{"type":"T","principalId":"P","arn":"A","accountId":"C","accessKeyId":"K","userName":"U","sessionContext":{"attributes":{"creationDate":"D","mfaAuthenticated":"false"}},"invokedBy":"I&<>","identityProvider":"X"}`},
		{name: "no-key", reason: "an empty key is left out", u: noKey, want: strings.Replace(withKey, `"accessKeyId":"K",`, "", 1)},
		{name: "blank", reason: "EmptyAccessKeyID writes \"\" in the key's place", u: blank, want: strings.Replace(withKey, `"K"`, `""`, 1)},
		{name: "blank-with-key", reason: "EmptyAccessKeyID keeps a key that is there", u: keyKept, want: withKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, marshal(tt.u)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

// TestCallRecordsSignin checks that CallRecords, the endpoint's entry,
// gives no record for a console step (the endpoint serves no console).
func TestCallRecordsSignin(t *testing.T) {
	sc, err := scenario.Parse("signin.yaml", []byte(signinScenario))
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.NewWorld(sc)
	if err != nil {
		t.Fatal(err)
	}
	s := sim.New(w, sim.NewFakeClock(scenario.DefaultStart))
	for _, st := range sc.Steps {
		if st.Kind != scenario.StepConsoleSignIn && st.Kind != scenario.StepSwitchRole {
			continue
		}
		if recs := trail.CallRecords(s, "seed", trail.Call{Seq: 1, At: time.Unix(0, 0), Step: st}); len(recs) != 0 {
			t.Errorf("a %s call gave %d records", st.Kind, len(recs))
		}
	}
	if recs := trail.CallRecords(s, "seed", trail.Call{Seq: 1}); recs != nil {
		t.Errorf("a call without a step gave %d records", len(recs))
	}
}
