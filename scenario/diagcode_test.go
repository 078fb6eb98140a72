package scenario

import (
	"errors"
	"strings"
	"testing"
)

// TestDiagnosticCodes pins the kind each sort of load problem carries, so
// that tools can sort them without reading the message.
func TestDiagnosticCodes(t *testing.T) {
	const head = "name: t\naccounts:\n  - id: \"111111111111\"\n"
	tests := []struct {
		name, src string
		code      DiagCode
		message   string // a part of the message
	}{
		{"yaml syntax", "name: [t\n", DiagYAML, "invalid YAML"},
		{"anchor", "name: &a t\naccounts: []\n", DiagYAML, "anchors are not supported"},
		{"unknown key", head + "    rolez: []\n", DiagUnknownKey, `unknown key "rolez"`},
		{"duplicate key", "name: t\nname: u\naccounts: []\n", DiagDuplicateKey, `duplicate key "name"`},
		{"missing key", "accounts: []\n", DiagMissingKey, `missing required key "name"`},
		{"type", "name: [t]\naccounts: []\n", DiagType, "expected"},
		{"policy", head + "    roles:\n      - name: R\n        trust_policy: {Statement: [{Effect: Maybe, Principal: '*', Action: sts:AssumeRole}]}\n", DiagPolicy, "MalformedPolicyDocument"},
		{"quota", head + "    roles:\n      - name: R\n        trust_policy: {Statement: [{Effect: Allow, Principal: {AWS: \"111111111111\"}, Action: sts:AssumeRole}]}\n" +
			"        inline_policies:\n          P: {Statement: [{Effect: Allow, Action: s3:GetObject, Resource: \"arn:aws:s3:::" + strings.Repeat("a", 11000) + "\"}]}\n", DiagQuota, "LimitExceeded"},
		{"invalid value", head + "    roles:\n      - name: R\n        max_session_duration: 60\n        trust_policy: {Statement: [{Effect: Allow, Principal: {AWS: \"111111111111\"}, Action: sts:AssumeRole}]}\n", DiagInvalid, "max_session_duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(tt.src))
			var ds Diagnostics
			if !errors.As(err, &ds) {
				t.Fatalf("error %v, want Diagnostics", err)
			}
			for _, d := range ds {
				if d.Code == tt.code && strings.Contains(d.Message, tt.message) {
					return
				}
			}
			var got []string
			for _, d := range ds {
				got = append(got, string(d.Code)+": "+d.Message)
			}
			t.Errorf("no %s diagnostic saying %q among:\n%s", tt.code, tt.message, strings.Join(got, "\n"))
		})
	}
}

// TestDiagnosticCodeMore pins that the last line of a capped list is of
// kind more, and that no diagnostic is left without a kind.
func TestDiagnosticCodeMore(t *testing.T) {
	src := "name: t\naccounts: []\n" + strings.Repeat("x: 1\n", MaxDiagnostics+5)
	_, err := Parse("s.yaml", []byte(src))
	var ds Diagnostics
	if !errors.As(err, &ds) {
		t.Fatalf("error %v, want Diagnostics", err)
	}
	for _, d := range ds {
		if d.Code == "" {
			t.Errorf("%s has no code", d)
		}
	}
	if last := ds[len(ds)-1]; last.Code != DiagMore {
		t.Errorf("the last line %q is %s, want more", last, last.Code)
	}
}
