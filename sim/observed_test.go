package sim

import (
	"reflect"
	"testing"
)

func TestObservedDiff(t *testing.T) {
	want := Observed{Error: "ValidationError", Duration: "1h0m0s"}
	got := Observed{Error: outcomeSuccess, Duration: "1h0m0s", Arn: "arn:aws:sts::111111111111:assumed-role/R/s"}
	const wantDiff = "- error: ValidationError\n+ error: none (success)\n- arn: \n+ arn: arn:aws:sts::111111111111:assumed-role/R/s\n"
	if d := observedDiff(want, got); d != wantDiff {
		t.Errorf("observedDiff =\n%s\nwant\n%s", d, wantDiff)
	}
	if d := observedDiff(want, want); d != "" {
		t.Errorf("equal observations differ: %q", d)
	}
	if m := fieldMismatches(want, got); len(m) != 1 || m[0] != "expected arn , got arn:aws:sts::111111111111:assumed-role/R/s" {
		t.Errorf("fieldMismatches = %q, want the arn only (the outcome is worded by the caller)", m)
	}
	wantMs := []Mismatch{{"error", "ValidationError", outcomeSuccess}, {"arn", "", "arn:aws:sts::111111111111:assumed-role/R/s"}}
	if ms := mismatches(want, got); !reflect.DeepEqual(ms, wantMs) {
		t.Errorf("mismatches = %+v, want %+v", ms, wantMs)
	}
	if ms := mismatches(want, want); ms != nil {
		t.Errorf("equal observations have mismatches %+v", ms)
	}
	var o Observed
	if n, m := len(o.fields()), reflect.TypeOf(o).NumField(); n != m {
		t.Errorf("fields lists %d fields, Observed has %d: a new field must be listed (and compared)", n, m)
	}
}
