package trail_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// juggling is a detection rule as a security team would write it over
// CloudTrail's JSON: a role session that assumes the role its own session
// came from (A -> B -> A) within an hour of the hop that made it, or that
// re-assumes its own role (A -> A): both keep access alive past the
// one-hour chaining cap. It returns one finding per match, in trail order.
func juggling(recs []map[string]any) []string {
	issuedBy := map[string]map[string]any{} // access key id -> the record that issued it
	var found []string
	for _, r := range recs {
		if getStr(r, "eventName") != "AssumeRole" || getStr(r, "errorCode") != "" || getStr(r, "userIdentity", "type") == "AWSAccount" {
			continue
		}
		target := getStr(r, "requestParameters", "roleArn")
		if getStr(r, "userIdentity", "type") == "AssumedRole" {
			caller := getStr(r, "userIdentity", "sessionContext", "sessionIssuer", "arn")
			parent := issuedBy[getStr(r, "userIdentity", "accessKeyId")]
			switch {
			case caller == target:
				found = append(found, getStr(r, "eventTime")+" self-assume "+roleName(target))
			case parent != nil && getStr(parent, "userIdentity", "type") == "AssumedRole" &&
				getStr(parent, "userIdentity", "sessionContext", "sessionIssuer", "arn") == target && within(parent, r, time.Hour):
				found = append(found, getStr(r, "eventTime")+" juggling "+roleName(target)+" -> "+roleName(caller)+" -> "+roleName(target))
			}
		}
		issuedBy[getStr(r, "responseElements", "credentials", "accessKeyId")] = r
	}
	return found
}

func roleName(arn string) string { return arn[strings.LastIndexByte(arn, '/')+1:] }

// within tells whether b happened at most d after a.
func within(a, b map[string]any, d time.Duration) bool {
	ta, err1 := time.Parse(time.RFC3339, getStr(a, "eventTime"))
	tb, err2 := time.Parse(time.RFC3339, getStr(b, "eventTime"))
	return err1 == nil && err2 == nil && tb.Sub(ta) <= d
}

// TestDetectJuggling runs the juggling rule over every example's trail:
// it finds the role juggling of the chain-expiry example, the self
// assumption of the self-assume example and every hop of the juggling
// example, and nothing anywhere else (a three-hop chain is not juggling,
// nor is example 52's refused hop back).
func TestDetectJuggling(t *testing.T) {
	want := map[string][]string{
		"04-chain-expiry-not-capped.yaml": {"2024-01-01T01:05:00Z juggling BuildAgent -> ArtifactSigner -> BuildAgent"},
		"23-role-self-assume.yaml":        {"2024-01-01T00:00:00Z self-assume ScopedWorker"},
		// Every hop of the 24-hour juggling example but the first (29).
		"51-role-juggling.yaml": {
			"2024-01-01T01:36:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T02:24:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T03:12:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T04:00:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T04:48:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T05:36:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T06:24:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T07:12:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T08:00:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T08:48:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T09:36:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T10:24:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T11:12:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T12:00:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T12:48:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T13:36:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T14:24:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T15:12:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T16:00:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T16:48:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T17:36:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T18:24:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T19:12:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T20:00:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T20:48:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T21:36:00Z juggling Helper -> Responder -> Helper",
			"2024-01-01T22:24:00Z juggling Responder -> Helper -> Responder",
			"2024-01-01T23:12:00Z juggling Helper -> Responder -> Helper",
			"2024-01-02T00:00:00Z juggling Responder -> Helper -> Responder",
		},
	}
	matched := 0
	for _, name := range exampleNames(t) {
		got := juggling(decode(t, name, jsonl(t, name)))
		if diff := cmp.Diff(want[name], got); diff != "" {
			t.Errorf("%s: findings (-want +got):\n%s", name, diff)
		}
		if len(got) > 0 {
			matched++
		}
	}
	if matched != len(want) {
		t.Errorf("the rule matched %d examples, want %d", matched, len(want))
	}
}
