package policy

import "testing"

// TestTrailingComma checks that ParseJSON names a trailing comma, at the
// comma, and only a comma that ends its object or array.
func TestTrailingComma(t *testing.T) {
	tests := []struct {
		name, reason, in, want string
	}{
		{"object", "after the last member", `{"a":1,}`, "1:7: " + trailingComma},
		{"object spaces", "white space between the comma and the brace", "{\"a\": 1 ,\n\t }", "1:9: " + trailingComma},
		{"array", "after the last element", `[1,]`, "1:3: " + trailingComma},
		{"nested", "in an inner array, on a later line", "{\"Statement\": [\n  {\"Effect\": \"Allow\"},\n]}", "2:22: " + trailingComma},
		{"multi-byte before", "columns count characters", `{"é":[1,]}`, "1:8: " + trailingComma},
		{"double comma", "two commas: the second is not a value, no trailing comma", `[1,,]`, "1:4: invalid character ',' looking for beginning of value"},
		{"leading comma", "a comma with nothing before it", `[,1]`, "1:2: invalid character ',' looking for beginning of value"},
		{"comma at end of input", "cut short after a comma", `{"a":1,`, "1:8: unexpected end of JSON input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tt.in))
			if err == nil {
				t.Fatalf("%s: %q parsed", tt.reason, tt.in)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("%s: got %q, want %q", tt.reason, got, tt.want)
			}
		})
	}
}
