package sim

import (
	"errors"
	"testing"
)

// TestNamingRecorded pins that the trace records, as a typed Naming, how
// the trust policy named the caller, and the words the enum says itself in
// (the explain and golden texts print them).
func TestNamingRecorded(t *testing.T) {
	s, _ := newTestSim(t, durationWorld)
	alice, err := s.UserCredentials("arn:aws:iam::111111111111:user/alice")
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/A"), RoleSessionName: String("first"), Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.AssumeRole(first.Credentials, &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/B"), RoleSessionName: String("second"), Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AssumeRole(alice, &AssumeRoleInput{RoleArn: String("arn:aws:iam::111111111111:role/B"), RoleSessionName: String("third"), Trace: true})
	var refused *Error
	if !errors.As(err, &refused) || refused.Trace == nil {
		t.Fatalf("alice assuming B: %v, want a traced AccessDenied", err)
	}
	tests := []struct {
		name, reason string
		tr           *Trace
		want         Naming
	}{
		{"user", "A's trust policy names alice's user ARN", first.Trace, NamedUser},
		{"role", "B's trust policy names role A, the caller's role", second.Trace, NamedRole},
		{"none", "B's trust policy does not name alice: no allowing statement", refused.Trace, NamedNone},
	}
	for _, tt := range tests {
		if len(tt.tr.Decisions) == 0 {
			t.Fatalf("%s: no decision traced", tt.name)
		}
		if got := tt.tr.Decisions[0].Naming; got != tt.want {
			t.Errorf("%s (%s): naming %v, want %v", tt.name, tt.reason, got, tt.want)
		}
	}

	words := []struct {
		n     Naming
		text  string
		exact bool
	}{
		{NamedNone, "", false}, {NamedAccount, "account", false}, {NamedRole, "role", true},
		{NamedUser, "user", true}, {NamedSession, "session", true}, {NamedWildcard, "wildcard", true},
		{NamedFederated, "federated", false}, {NamedService, "service", false}, {Naming(99), "Naming(99)", false},
	}
	for _, w := range words {
		text, err := w.n.MarshalText()
		if w.n.String() != w.text || string(text) != w.text || err != nil || w.n.Exact() != w.exact {
			t.Errorf("Naming %d: String %q, MarshalText %q (%v), Exact %v; want %q, exact %v", w.n, w.n.String(), text, err, w.n.Exact(), w.text, w.exact)
		}
	}
}
