package policy

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseJSON(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		in     string
		want   *Node
	}{
		{"string", "a top-level string", `"x"`, &Node{Kind: NodeString, Value: "x", Pos: Pos{1, 1}}},
		{"numberText", "numbers keep their literal text", ` -1.50e+3`, &Node{Kind: NodeNumber, Value: "-1.50e+3", Pos: Pos{1, 2}}},
		{"zero", "a lone zero", `0`, &Node{Kind: NodeNumber, Value: "0", Pos: Pos{1, 1}}},
		{"bools", "booleans and null", `[true,false,null]`, &Node{Kind: NodeList, Pos: Pos{1, 1}, Items: []*Node{
			{Kind: NodeBool, Value: "true", Pos: Pos{1, 2}},
			{Kind: NodeBool, Value: "false", Pos: Pos{1, 7}},
			{Kind: NodeNull, Pos: Pos{1, 13}},
		}}},
		{"emptyContainers", "empty object and array", `{"a":{},"b":[]}`, &Node{Kind: NodeMap, Pos: Pos{1, 1}, Fields: []Field{
			{Key: "a", KeyPos: Pos{1, 2}, Value: &Node{Kind: NodeMap, Pos: Pos{1, 6}}},
			{Key: "b", KeyPos: Pos{1, 9}, Value: &Node{Kind: NodeList, Pos: Pos{1, 13}, Items: []*Node{}}},
		}}},
		{"lines", "lines and columns over LF, CRLF and lone CR", "{\n  \"a\": 1,\r\n\t\"b\":\r\"c\"}", &Node{Kind: NodeMap, Pos: Pos{1, 1}, Fields: []Field{
			{Key: "a", KeyPos: Pos{2, 3}, Value: &Node{Kind: NodeNumber, Value: "1", Pos: Pos{2, 8}}},
			{Key: "b", KeyPos: Pos{3, 2}, Value: &Node{Kind: NodeString, Value: "c", Pos: Pos{4, 1}}},
		}}},
		{"columnsInCharacters", "columns count characters, not bytes", `["é€", "x"]`, &Node{Kind: NodeList, Pos: Pos{1, 1}, Items: []*Node{
			{Kind: NodeString, Value: "é€", Pos: Pos{1, 2}},
			{Kind: NodeString, Value: "x", Pos: Pos{1, 8}},
		}}},
		{"escapes", "every escape", `"\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00"`, &Node{Kind: NodeString, Value: "\"\\/\b\f\n\r\tAé😀", Pos: Pos{1, 1}}},
		{"loneSurrogate", "a lone surrogate becomes U+FFFD", `"\ud800x"`, &Node{Kind: NodeString, Value: "\ufffdx", Pos: Pos{1, 1}}},
		{"keyOrder", "keys keep document order", `{"b":1,"a":2}`, &Node{Kind: NodeMap, Pos: Pos{1, 1}, Fields: []Field{
			{Key: "b", KeyPos: Pos{1, 2}, Value: &Node{Kind: NodeNumber, Value: "1", Pos: Pos{1, 6}}},
			{Key: "a", KeyPos: Pos{1, 8}, Value: &Node{Kind: NodeNumber, Value: "2", Pos: Pos{1, 12}}},
		}}},
		{"sameKeyNested", "the same key in different objects is fine", `[{"a":1},{"a":2}]`, &Node{Kind: NodeList, Pos: Pos{1, 1}, Items: []*Node{
			{Kind: NodeMap, Pos: Pos{1, 2}, Fields: []Field{{Key: "a", KeyPos: Pos{1, 3}, Value: &Node{Kind: NodeNumber, Value: "1", Pos: Pos{1, 7}}}}},
			{Kind: NodeMap, Pos: Pos{1, 10}, Fields: []Field{{Key: "a", KeyPos: Pos{1, 11}, Value: &Node{Kind: NodeNumber, Value: "2", Pos: Pos{1, 15}}}}},
		}}},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseJSON([]byte(tc.in))
			if err != nil {
				t.Fatalf("ParseJSON: %v (%s)", err, tc.reason)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
			}
		})
	}
}

func TestParseJSONErrors(t *testing.T) {
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	okDeep := strings.Repeat("[", 64) + strings.Repeat("]", 64)
	if _, err := ParseJSON([]byte(okDeep)); err != nil {
		t.Errorf("64 levels must be accepted: %v", err)
	}
	// 40 distinct keys, then a repeat of the second: past the size where
	// the parser switches from a linear scan to a set.
	manyKeys := "{"
	for i := 0; i < 40; i++ {
		manyKeys += `"k` + strconv.Itoa(i) + `":0,`
	}
	manyKeysDupCol := len(manyKeys) + 1
	manyKeys += `"k1":1}`
	tests := []struct {
		name   string
		reason string
		in     string
		want   string
	}{
		{"empty", "no value", ``, "1:1: unexpected end of JSON input"},
		{"spaces", "only whitespace", "  \n ", "2:2: unexpected end of JSON input"},
		{"trailing", "one value only", `{} {}`, "1:4: invalid character '{' after top-level value"},
		{"badStart", "not a value", `{"a": x}`, "1:7: invalid character 'x' looking for beginning of value"},
		{"singleQuote", "single quotes are not JSON", `{'a':1}`, "1:2: invalid character '\\'' looking for beginning of object key string"},
		{"missingColon", "key without colon", `{"a" 1}`, "1:6: invalid character '1' after object key"},
		{"missingComma", "members need commas", `{"a":1 "b":2}`, "1:8: invalid character '\"' after object key:value pair"},
		{"trailingComma", "no trailing comma in objects, reported at the comma", `{"a":1,}`, "1:7: " + trailingComma},
		{"arrayTrailingComma", "no trailing comma in arrays, reported at the comma", `[1,]`, "1:3: " + trailingComma},
		{"arrayMissingComma", "elements need commas", `[1 2]`, "1:4: invalid character '2' after array element"},
		{"unclosedObject", "end inside an object", `{"a":1`, "1:7: unexpected end of JSON input"},
		{"unclosedArray", "end inside an array", "[\n1,", "2:3: unexpected end of JSON input"},
		{"unclosedString", "end inside a string", `"abc`, "1:5: unexpected end of JSON input in string literal"},
		{"controlInString", "raw control characters are not allowed in strings", "\"a\tb\"", "1:3: invalid character '\\t' in string literal"},
		{"newlineInString", "raw newlines are not allowed in strings", "[\"a\nb\"]", "1:4: invalid character '\\n' in string literal"},
		{"badEscape", "unknown escape", `"a\x"`, "1:3: invalid escape sequence \\x in string literal"},
		{"shortUnicode", "\\u takes four hex digits", `"\u12"`, "1:2: invalid escape sequence in string literal: \\u needs four hexadecimal digits"},
		{"invalidUTF8", "input must be UTF-8", "[\"ab\xff\"]", "1:5: invalid UTF-8 in string literal"},
		{"invalidUTF8Escaped", "invalid bytes after an escape", "\"\\n\xc3\"", "1:4: invalid UTF-8 in string literal"},
		{"leadingZero", "no leading zeros", `01`, "1:2: invalid character '1' after top-level value"},
		{"plusSign", "no plus sign", `+1`, "1:1: invalid character '+' looking for beginning of value"},
		{"bareMinus", "a minus needs digits", `-`, "1:2: unexpected end of JSON input"},
		{"fractionDigits", "a fraction needs digits", `1.x`, "1:3: invalid character 'x' in numeric literal"},
		{"exponentDigits", "an exponent needs digits", `1e+`, "1:4: unexpected end of JSON input"},
		{"badLiteral", "true misspelt", `[tru]`, "1:5: invalid character ']' in literal true"},
		{"shortLiteral", "literal cut short", `nul`, "1:4: unexpected end of JSON input"},
		{"NaN", "no NaN", `NaN`, "1:1: invalid character 'N' looking for beginning of value"},
		{"bom", "a byte-order mark is not whitespace", "\ufeff{}", "1:1: invalid character '\\ufeff' looking for beginning of value"},
		{"duplicateKey", "duplicate keys are rejected", "{\"Effect\":\"Allow\",\n \"Effect\":\"Deny\"}", "2:2: Duplicate key Effect"},
		{"duplicateKeyMany", "duplicate keys in a large object", manyKeys, "1:" + strconv.Itoa(manyKeysDupCol) + ": Duplicate key k1"},
		{"duplicateNested", "duplicate keys in a nested object", `{"a":{"x":1,"x":2}}`, "1:13: Duplicate key x"},
		{"tooDeep", "at most 64 levels of nesting", deep, "1:65: JSON nesting exceeds 64 levels"},
		{"errorAfterMultibyte", "columns count characters in error positions", `["ééé" x]`, "1:8: invalid character 'x' after array element"},
	}
	names := make([]string, len(tests))
	for i, tc := range tests {
		names[i] = tc.name
	}
	checkNames(t, names)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, err := ParseJSON([]byte(tc.in))
			if err == nil {
				t.Fatalf("ParseJSON(%q) = %v, want error %q (%s)", tc.in, n, tc.want, tc.reason)
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("error %T is not *Error", err)
			}
			if pe.Pos.Line == 0 {
				t.Errorf("error without position: %v", err)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("ParseJSON(%q) error = %q, want %q (%s)", tc.in, got, tc.want, tc.reason)
			}
		})
	}
}

func TestParseJSONSizeLimit(t *testing.T) {
	big := make([]byte, MaxJSONSize+1)
	for i := range big {
		big[i] = ' '
	}
	_, err := ParseJSON(big)
	want := "1:1: Policy text is 1048577 bytes, more than the maximum of 1048576"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
	// Exactly the limit is fine.
	ok := make([]byte, MaxJSONSize)
	for i := range ok {
		ok[i] = ' '
	}
	ok[0] = '0'
	if _, err := ParseJSON(ok); err != nil {
		t.Errorf("input of exactly MaxJSONSize: %v", err)
	}
}

// TestParseJSONAgreesWithStdlib checks that ParseJSON accepts what
// encoding/json accepts (for documents without duplicate keys) and that
// CompactJSON round-trips to the same value.
func TestParseJSONAgreesWithStdlib(t *testing.T) {
	docs := []string{
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*"],"Resource":"*","Condition":{"NumericLessThan":{"s3:max-keys":1e2}}}]}`,
		`[1, -0.5, 2E-3, "a\u00e9\"", true, null, {}, []]`,
		"{\"a\":\"<&>\",\"b\":\"\\u001f\"}",
	}
	requireRows(t, len(docs))
	for _, doc := range docs {
		n, err := ParseJSON([]byte(doc))
		if err != nil {
			t.Fatalf("ParseJSON(%s): %v", doc, err)
		}
		var want, got any
		if err := json.Unmarshal([]byte(doc), &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(n.CompactJSON()), &got); err != nil {
			t.Fatalf("CompactJSON output %s is not JSON: %v", n.CompactJSON(), err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("round trip of %s (-want +got):\n%s", doc, diff)
		}
	}
}

func TestCompactJSON(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		node   *Node
		want   string
	}{
		{"nil", "a nil node is null", nil, `null`},
		{"escapes", "minimal escaping, non-ASCII kept", &Node{Kind: NodeString, Value: "a\"\\\n\r\t\b\f\x01<&>é"}, `"a\"\\\n\r\t\b\f\u0001<&>é"`},
		{"invalidUTF8", "invalid bytes become U+FFFD", &Node{Kind: NodeString, Value: "a\xffb"}, "\"a\ufffdb\""},
		{"number", "numbers as written", &Node{Kind: NodeNumber, Value: "1.50"}, `1.50`},
		{"yamlNumber", "a non-JSON number is quoted", &Node{Kind: NodeNumber, Value: "0x1F"}, `"0x1F"`},
		{"bool", "booleans as written", &Node{Kind: NodeBool, Value: "false"}, `false`},
		{"yamlBool", "a non-JSON boolean is quoted", &Node{Kind: NodeBool, Value: "yes"}, `"yes"`},
		{"nilItems", "nil items are null", &Node{Kind: NodeList, Items: []*Node{nil, {Kind: NodeNull}}}, `[null,null]`},
		{"map", "keys in document order", &Node{Kind: NodeMap, Fields: []Field{
			{Key: "b", Value: &Node{Kind: NodeList, Items: []*Node{{Kind: NodeString, Value: "x"}}}},
			{Key: "a\"", Value: &Node{Kind: NodeMap}},
		}}, `{"b":["x"],"a\"":{}}`},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.node.CompactJSON(); got != tc.want {
				t.Errorf("CompactJSON = %s, want %s (%s)", got, tc.want, tc.reason)
			}
		})
	}
	// Parsed text compacts to the text without whitespace.
	n, err := ParseJSON([]byte("{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ { \"Effect\" : \"Allow\" , \"Action\":\"s3:*\" } ]\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := n.CompactJSON(), `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}`; got != want {
		t.Errorf("CompactJSON = %s, want %s", got, want)
	}
	// A cyclic tree does not hang.
	cyc := &Node{Kind: NodeList}
	cyc.Items = []*Node{cyc}
	if out := cyc.CompactJSON(); !strings.HasSuffix(out, "null"+strings.Repeat("]", maxNodeDepth+1)) {
		t.Errorf("cyclic tree rendered as %.40s...", out)
	}
}
