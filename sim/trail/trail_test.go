package trail_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/examples"
	gold "github.com/rolesim/rolesim/golden"
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/trail"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// exampleNames lists the embedded examples; it fails when there are none.
func exampleNames(t *testing.T) []string {
	t.Helper()
	names := examples.Names()
	if len(names) == 0 {
		t.Fatal("examples.FS holds no *.yaml files")
	}
	return names
}

// jsonl runs an embedded example and returns its trail as JSON Lines.
func jsonl(t *testing.T, name string) []byte {
	t.Helper()
	sc, err := scenario.LoadFS(examples.FS, name)
	if err != nil {
		t.Fatalf("loading %s: %v", name, err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatalf("running %s: %v", name, err)
	}
	recs, err := trail.Records(rep)
	if err != nil {
		t.Fatalf("trail of %s: %v", name, err)
	}
	var b bytes.Buffer
	if err := trail.Write(&b, recs); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decode parses JSON Lines into generic objects, as a detection rule
// reading the file would; every line must be one JSON object.
func decode(t *testing.T, name string, data []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: line %d is not a JSON object: %v\n%s", name, n, err, sc.Bytes())
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// get walks a decoded record by keys ("userIdentity", "type").
func get(m map[string]any, keys ...string) any {
	var v any = m
	for _, k := range keys {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[k]
	}
	return v
}

func getStr(m map[string]any, keys ...string) string {
	s, _ := get(m, keys...).(string)
	return s
}

// TestGolden checks the trails of the role-juggling example and of the
// console example (sign-in and Switch Role events) against their golden
// files (rewritten only with -update).
func TestGolden(t *testing.T) {
	for _, name := range []string{"04-chain-expiry-not-capped.yaml", "30-console-switch-role.yaml"} {
		t.Run(name, func(t *testing.T) {
			gold.Assert(t, filepath.Join("testdata", strings.TrimSuffix(name, ".yaml")+".jsonl"), jsonl(t, name), *update)
		})
	}
}

// TestDeterministic runs every example twice: the trails are
// byte-identical.
func TestDeterministic(t *testing.T) {
	for _, name := range exampleNames(t) {
		first, second := jsonl(t, name), jsonl(t, name)
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two runs gave different trails (-first +second):\n%s", name, cmp.Diff(string(first), string(second)))
		}
	}
}

// TestRecordsValid checks every record of every example: one JSON object
// per line with CloudTrail's required fields, ids unique, a refusal with
// its error and no response, an AssumeRole naming its role as a resource;
// a sign-in event (checkSignin) in its own shape.
func TestRecordsValid(t *testing.T) {
	required := []string{"eventVersion", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent",
		"eventID", "eventType", "recipientAccountId", "eventCategory"}
	events := map[string]int{}
	for _, name := range exampleNames(t) {
		ids := map[string]bool{}
		for i, r := range decode(t, name, jsonl(t, name)) {
			where := fmt.Sprintf("%s record %d", name, i+1)
			for _, k := range required {
				if getStr(r, k) == "" {
					t.Errorf("%s: %s is missing or empty: %v", where, k, r)
				}
			}
			if getStr(r, "eventSource") == "signin.amazonaws.com" {
				checkSignin(t, where, r)
				id := getStr(r, "eventID")
				if ids[id] {
					t.Errorf("%s: eventID %s is used twice", where, id)
				}
				ids[id] = true
				events[getStr(r, "eventName")+" "+getStr(r, "userIdentity", "type")+" "+getStr(r, "responseElements", getStr(r, "eventName"))]++
				continue
			}
			if getStr(r, "requestID") == "" {
				t.Errorf("%s: requestID is missing or empty: %v", where, r)
			}
			for _, k := range []string{"readOnly", "managementEvent"} {
				if _, ok := r[k].(bool); !ok {
					t.Errorf("%s: %s is not a boolean: %v", where, k, r)
				}
			}
			for _, k := range []string{"requestParameters", "responseElements"} {
				if _, ok := r[k]; !ok {
					t.Errorf("%s: %s is absent (null is written when there is none)", where, k)
				}
			}
			if getStr(r, "userIdentity", "type") == "" {
				t.Errorf("%s: userIdentity has no type: %v", where, r)
			}
			if typ := getStr(r, "userIdentity", "type"); (typ == "IAMUser" || typ == "Root" || typ == "AssumedRole") && getStr(r, "userIdentity", "accessKeyId") == "" {
				t.Errorf("%s: a %s caller without its accessKeyId: %v", where, typ, r["userIdentity"])
			}
			if getStr(r, "eventSource") != "sts.amazonaws.com" || getStr(r, "eventType") != "AwsApiCall" {
				t.Errorf("%s: not an STS API call: %v", where, r)
			}
			id := getStr(r, "eventID")
			if ids[id] {
				t.Errorf("%s: eventID %s is used twice", where, id)
			}
			ids[id] = true
			if getStr(r, "errorCode") != "" && r["responseElements"] != nil {
				t.Errorf("%s: a refused call has responseElements: %v", where, r)
			}
			if getStr(r, "errorCode") == "" && strings.HasPrefix(getStr(r, "eventName"), "AssumeRole") {
				if ak := getStr(r, "responseElements", "credentials", "accessKeyId"); !strings.HasPrefix(ak, "ASIA") {
					t.Errorf("%s: a successful AssumeRole has no ASIA access key: %v", where, r)
				}
				if get(r, "responseElements", "credentials", "secretAccessKey") != nil {
					t.Errorf("%s: the secret is recorded", where)
				}
			}
			if strings.HasPrefix(getStr(r, "eventName"), "AssumeRole") && strings.HasPrefix(getStr(r, "requestParameters", "roleArn"), "arn:") {
				res, _ := r["resources"].([]any)
				if len(res) != 1 || getStr(res[0].(map[string]any), "type") != "AWS::IAM::Role" ||
					getStr(res[0].(map[string]any), "ARN") != getStr(r, "requestParameters", "roleArn") {
					t.Errorf("%s: resources do not name the role: %v", where, r["resources"])
				}
			}
			events[getStr(r, "eventName")+" "+getStr(r, "userIdentity", "type")]++
		}
	}
	// The examples exercise every event and identity type.
	for _, want := range []string{"AssumeRole IAMUser", "AssumeRole AssumedRole", "AssumeRole Root", "AssumeRole AWSService", "AssumeRole AWSAccount",
		"AssumeRole FederatedUser", "AssumeRoleWithWebIdentity WebIdentityUser", "AssumeRoleWithSAML SAMLUser",
		"GetSessionToken IAMUser", "GetFederationToken IAMUser", "GetCallerIdentity AssumedRole",
		"ConsoleLogin IAMUser Success", "ConsoleLogin Root Success", "SwitchRole AssumedRole Success", "SwitchRole IAMUser Failure",
		"SwitchRole Root Failure"} {
		if events[want] == 0 {
			t.Errorf("no %s record in any example; seen: %v", want, events)
		}
	}
}

// TestCrossAccountPairs checks that a cross-account AssumeRole is recorded
// in both accounts: the caller's with its identity, the role's with the
// caller as AWSAccount, both with the same sharedEventID and requestID,
// and that no other record has one.
func TestCrossAccountPairs(t *testing.T) {
	pairs := 0
	for _, name := range exampleNames(t) {
		recs := decode(t, name, jsonl(t, name))
		for i, r := range recs {
			shared := getStr(r, "sharedEventID")
			roleAcct := ""
			if parts := strings.Split(getStr(r, "requestParameters", "roleArn"), ":"); len(parts) > 4 && parts[0] == "arn" {
				roleAcct = parts[4]
			}
			cross := getStr(r, "eventName") == "AssumeRole" && roleAcct != "" && getStr(r, "userIdentity", "type") != "AWSService" &&
				getStr(r, "userIdentity", "type") != "AWSAccount" && getStr(r, "userIdentity", "accountId") != roleAcct
			if !cross {
				if shared != "" && getStr(r, "userIdentity", "type") != "AWSAccount" {
					t.Errorf("%s: a same-account call has a sharedEventID: %v", name, r)
				}
				continue
			}
			pairs++
			if shared == "" || i+1 >= len(recs) {
				t.Errorf("%s: cross-account AssumeRole without its pair: %v", name, r)
				continue
			}
			o := recs[i+1]
			switch {
			case getStr(o, "sharedEventID") != shared:
				t.Errorf("%s: the pair's sharedEventIDs differ: %q, %q", name, shared, getStr(o, "sharedEventID"))
			case getStr(o, "requestID") != getStr(r, "requestID") || getStr(o, "eventID") == getStr(r, "eventID"):
				t.Errorf("%s: the pair must share the requestID and not the eventID", name)
			case getStr(r, "recipientAccountId") != getStr(r, "userIdentity", "accountId") || getStr(o, "recipientAccountId") != roleAcct:
				t.Errorf("%s: recipients %s, %s; want the caller's then the role's (%s)", name, getStr(r, "recipientAccountId"), getStr(o, "recipientAccountId"), roleAcct)
			case getStr(o, "userIdentity", "type") != "AWSAccount" || getStr(o, "userIdentity", "accountId") != getStr(r, "userIdentity", "accountId"):
				t.Errorf("%s: the role account's record shows %v; want the caller's account as AWSAccount", name, o["userIdentity"])
			}
		}
	}
	if pairs == 0 {
		t.Fatal("no example makes a cross-account AssumeRole")
	}
}

// TestRefusedWebIdentity checks that a refused AssumeRoleWithWebIdentity
// names the caller from the token's claims, as a successful one does from
// the session: PROVIDER:AUD:SUB.
func TestRefusedWebIdentity(t *testing.T) {
	const name = "31-github-actions-oidc.yaml"
	const want = "token.actions.githubusercontent.com:sts.amazonaws.com:"
	refused, named := 0, 0
	for _, r := range decode(t, name, jsonl(t, name)) {
		if getStr(r, "eventName") != "AssumeRoleWithWebIdentity" || getStr(r, "errorCode") == "" {
			continue
		}
		refused++
		if id := getStr(r, "userIdentity", "principalId"); strings.HasPrefix(id, want) && getStr(r, "userIdentity", "identityProvider") == "token.actions.githubusercontent.com" {
			named++
		}
	}
	if refused == 0 || named == 0 {
		t.Errorf("%s: %d refused web identity calls, %d naming the token's caller (%s...)", name, refused, named, want)
	}
}

// TestSeeded checks that the seed decides every id and nothing else.
func TestSeeded(t *testing.T) {
	sc, err := scenario.LoadFS(examples.FS, "07-cross-account-both-sides.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sim.Run(sc)
	if err != nil {
		t.Fatal(err)
	}
	a, err := trail.Records(rep)
	if err != nil {
		t.Fatal(err)
	}
	b, err := trail.Seeded(rep, sc.Name+"#2")
	if err != nil {
		t.Fatal(err)
	}
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d and %d records", len(a), len(b))
	}
	for i := range a {
		if a[i].EventID == b[i].EventID || a[i].RequestID == b[i].RequestID || a[i].SharedEventID != "" && a[i].SharedEventID == b[i].SharedEventID {
			t.Errorf("record %d: another seed kept an id: %s %s %s", i+1, a[i].EventID, a[i].RequestID, a[i].SharedEventID)
		}
		b[i].EventID, b[i].RequestID, b[i].SharedEventID = a[i].EventID, a[i].RequestID, a[i].SharedEventID
		if diff := cmp.Diff(a[i], b[i]); diff != "" {
			t.Errorf("record %d: the seed changed more than the ids (-seed name +other seed):\n%s", i+1, diff)
		}
	}
}

// TestPackedPolicySize checks responseElements.packedPolicySize over every
// example: present on each successful AssumeRole (or federated hop) that
// passed a session policy, policy ARNs, tags or inherited transitive tags,
// and on every GetFederationToken; absent from the others.
func TestPackedPolicySize(t *testing.T) {
	with, without := 0, 0
	for _, name := range exampleNames(t) {
		for _, r := range decode(t, name, jsonl(t, name)) {
			ev := getStr(r, "eventName")
			if getStr(r, "errorCode") != "" || !strings.HasPrefix(ev, "AssumeRole") && ev != "GetFederationToken" {
				continue
			}
			p, _ := r["requestParameters"].(map[string]any)
			passed := ev == "GetFederationToken" || p["policy"] != nil || p["policyArns"] != nil || p["tags"] != nil || p["incomingTransitiveTags"] != nil
			_, has := get(r, "responseElements", "packedPolicySize").(float64)
			switch {
			case passed && !has && ev != "AssumeRoleWithSAML":
				// SAML session tags come from the assertion, not the
				// request, so only that case can lack a visible cause.
				t.Errorf("%s: %s passed policies or tags but has no packedPolicySize: %v", name, ev, r["requestParameters"])
			case !passed && has && ev == "AssumeRole":
				t.Errorf("%s: AssumeRole without policies or tags has packedPolicySize: %v", name, r["responseElements"])
			}
			if has {
				with++
			} else {
				without++
			}
		}
	}
	if with == 0 || without == 0 {
		t.Errorf("%d successful calls with packedPolicySize, %d without: the examples should have both", with, without)
	}
}
