package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

func TestFieldDiff(t *testing.T) {
	tests := []struct {
		name      string
		reason    string
		want, got sim.Observed
		lines     []string
	}{
		{
			name:   "equal",
			reason: "no difference, no lines",
			want:   sim.Observed{Error: "AccessDenied"},
			got:    sim.Observed{Error: "AccessDenied", DeniedBy: "scp"},
		},
		{
			name:   "error-and-field",
			reason: "each differing checked field gives a -want/+got pair, in field order",
			want:   sim.Observed{Error: "none (success)", Duration: "1h0m0s"},
			got:    sim.Observed{Error: "none (success)", Duration: "2h0m0s", Arn: "arn:x"},
			lines:  []string{"- duration: 1h0m0s", "+ duration: 2h0m0s"},
		},
		{
			name:   "missing-actual",
			reason: "a checked field the step did not produce shows as (none)",
			want:   sim.Observed{Error: "AccessDenied", DeniedBy: "trust_policy"},
			got:    sim.Observed{Error: "none (success)"},
			lines:  []string{"- error: AccessDenied", "+ error: none (success)", "- denied_by: trust_policy", "+ denied_by: (none)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.lines, fieldDiff(tt.want, tt.got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		d      time.Duration
		want   string
	}{
		{"hour", "whole hours drop zero minutes and seconds", time.Hour, "1h"},
		{"minutes", "whole minutes drop zero seconds", 15 * time.Minute, "15m"},
		{"mixed", "hours and minutes", 90 * time.Minute, "1h30m"},
		{"seconds", "seconds stay", 3601 * time.Second, "1h0m1s"},
		{"twelve", "the longest session", 12 * time.Hour, "12h"},
		{"zero", "zero", 0, "0s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sim.FormatDuration(tt.d); got != tt.want {
				t.Errorf("sim.FormatDuration(%v) = %q, want %q (%s)", tt.d, got, tt.want, tt.reason)
			}
		})
	}
}

func TestWriteTrace(t *testing.T) {
	tr := &sim.Trace{
		Entries: []sim.TraceEntry{
			{Action: "sts:AssumeRole", Kind: sim.KindTrustPolicy, Policy: "role Prod trust policy", Decision: policy.Allow, Statement: "TrustDev", StatementPos: scenario.Pos{File: "x.yaml", Line: 22, Col: 11}},
			{Action: "s3:Get", Kind: sim.KindSCP, Policy: "SCP FullAWSAccess", Decision: policy.ExplicitDeny, Statement: "Statement[0]"},
			{Action: "s3:Get", Kind: sim.KindIdentityPolicy, Decision: policy.ImplicitDeny},
		},
		Notes: []string{"role chaining: at most 1 hour", "two\nlines"},
	}
	want := "" +
		"  sts:AssumeRole  trust_policy     role Prod trust policy: Allow (statement TrustDev at x.yaml:22:11)\n" +
		"  s3:Get          scp              SCP FullAWSAccess: ExplicitDeny (statement Statement[0])\n" +
		"  s3:Get          identity_policy  ImplicitDeny\n" +
		"  note: role chaining: at most 1 hour\n" +
		"  note: two\n" +
		"        lines\n"
	var b bytes.Buffer
	writeTrace(&b, "  ", tr)
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("trace (-want +got):\n%s", diff)
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		n      int
		want   string
	}{
		{"zero", "zero takes the plural", 0, "0 steps"},
		{"one", "one takes the singular", 1, "1 step"},
		{"many", "more takes the plural", 9, "9 steps"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plural(tt.n, "step"); got != tt.want {
				t.Errorf("plural(%d) = %q, want %q (%s)", tt.n, got, tt.want, tt.reason)
			}
		})
	}
}
