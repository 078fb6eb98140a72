package scenario

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var updateSchema = flag.Bool("update", false, "rewrite schema.json from JSONSchema()")

// TestSchemaCoversKeyTables requires each map's schema to describe exactly
// the keys of the loader's table for that map, so that a key added to the
// loader cannot be missing from the editor schema (or the other way round).
func TestSchemaCoversKeyTables(t *testing.T) {
	specs := objectSpecs()
	if len(specs) == 0 {
		t.Fatal("no object specs")
	}
	for _, o := range specs {
		if len(o.keys) == 0 {
			t.Errorf("%s: empty key table", o.def)
		}
		for _, k := range o.keys {
			if _, ok := o.props[k]; !ok {
				t.Errorf("%s: the loader accepts key %q but the schema does not describe it; add it to objectSpecs in schema.go and run go test ./scenario -run TestSchemaFile -update", o.def, k)
			}
		}
		for k := range o.props {
			if !slices.Contains(o.keys, k) {
				t.Errorf("%s: the schema describes key %q, which the loader does not accept", o.def, k)
			}
		}
		for _, r := range o.required {
			if !slices.Contains(o.keys, r) {
				t.Errorf("%s: required key %q is not in the key table", o.def, r)
			}
		}
	}
}

// TestSchemaFile keeps the checked-in schema.json equal to JSONSchema();
// go test ./scenario -run TestSchemaFile -update rewrites it.
func TestSchemaFile(t *testing.T) {
	got := JSONSchema()
	want, err := os.ReadFile("schema.json")
	if err == nil && bytes.Equal(got, want) {
		return
	}
	if *updateSchema {
		if err := os.WriteFile("schema.json", got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("schema.json differs from JSONSchema() (or is missing: %v); run: go test ./scenario -run TestSchemaFile -update", err)
}

// TestSchemaShape checks the schema's frame: draft 2020-12, its $id, every
// $ref resolving to a definition, and no map left open to unknown keys.
func TestSchemaShape(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(JSONSchema(), &doc); err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	if doc["$schema"] != "https://json-schema.org/draft/2020-12/schema" || doc["$id"] != SchemaID {
		t.Errorf("$schema %v, $id %v", doc["$schema"], doc["$id"])
	}
	defs, _ := doc["$defs"].(map[string]any)
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok {
				refs = append(refs, r)
			}
			if v["type"] == "object" && v["properties"] != nil && v["additionalProperties"] != false {
				t.Errorf("an object with properties allows unknown keys: %v", v["description"])
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(doc)
	if len(refs) == 0 {
		t.Fatal("no $ref in the schema")
	}
	sort.Strings(refs)
	for _, r := range slices.Compact(refs) {
		name, ok := bytes.CutPrefix([]byte(r), []byte("#/$defs/"))
		if !ok || defs[string(name)] == nil {
			t.Errorf("$ref %s does not resolve", r)
		}
	}
	for _, k := range []string{"accounts", "steps", "use", "include"} {
		if props, _ := doc["properties"].(map[string]any); props[k] == nil {
			t.Errorf("top-level key %q missing", k)
		}
	}
}

// validate checks value v (decoded YAML) against schema node s of the
// document root, for the keywords JSONSchema uses; it returns the first
// violation, or "".
func validate(root, s map[string]any, v any, at string) string {
	if r, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/$defs/")
		def, _ := root["$defs"].(map[string]any)[name].(map[string]any)
		if def == nil {
			return at + ": unresolved " + r
		}
		if msg := validate(root, def, v, at); msg != "" {
			return msg
		}
	}
	if t, ok := s["type"]; ok && !typeMatches(t, v) {
		return fmt.Sprintf("%s: %T is not of type %v", at, v, t)
	}
	if e, ok := s["enum"].([]any); ok && !slices.ContainsFunc(e, func(x any) bool { return equalJSON(x, v) }) {
		return fmt.Sprintf("%s: %v is not one of %v", at, v, e)
	}
	if c, ok := s["const"]; ok && !equalJSON(c, v) {
		return fmt.Sprintf("%s: %v is not %v", at, v, c)
	}
	if p, ok := s["pattern"].(string); ok {
		if str, isStr := v.(string); isStr && !regexp.MustCompile(p).MatchString(str) {
			return fmt.Sprintf("%s: %q does not match %s", at, str, p)
		}
	}
	if n, ok := toFloat(v); ok {
		if m, ok := toFloat(s["minimum"]); ok && n < m {
			return fmt.Sprintf("%s: %v < %v", at, v, m)
		}
		if m, ok := toFloat(s["maximum"]); ok && n > m {
			return fmt.Sprintf("%s: %v > %v", at, v, m)
		}
	}
	if alts, ok := s["anyOf"].([]any); ok {
		var msgs []string
		for _, a := range alts {
			msg := validate(root, a.(map[string]any), v, at)
			if msg == "" {
				msgs = nil
				break
			}
			msgs = append(msgs, msg)
		}
		if msgs != nil {
			return at + ": no alternative matches: " + strings.Join(msgs, "; ")
		}
	}
	if alts, ok := s["oneOf"].([]any); ok {
		n := 0
		for _, a := range alts {
			if validate(root, a.(map[string]any), v, at) == "" {
				n++
			}
		}
		if n != 1 {
			return fmt.Sprintf("%s: %d alternatives of oneOf match, want 1", at, n)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		for _, r := range asStrings(s["required"]) {
			if _, ok := v[r]; !ok {
				return at + ": missing " + r
			}
		}
		props, _ := s["properties"].(map[string]any)
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if pn, ok := s["propertyNames"].(map[string]any); ok {
				if msg := validate(root, pn, k, at+"."+k); msg != "" {
					return msg
				}
			}
			if p, ok := props[k].(map[string]any); ok {
				if msg := validate(root, p, v[k], at+"."+k); msg != "" {
					return msg
				}
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					return at + ": unknown key " + k
				}
			case map[string]any:
				if msg := validate(root, ap, v[k], at+"."+k); msg != "" {
					return msg
				}
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, it := range v {
				if msg := validate(root, items, it, fmt.Sprintf("%s[%d]", at, i)); msg != "" {
					return msg
				}
			}
		}
	}
	return ""
}

func typeMatches(t any, v any) bool {
	for _, name := range asStrings(t) {
		switch x := v.(type) {
		case nil:
			if name == "null" {
				return true
			}
		case string:
			if name == "string" {
				return true
			}
		case bool:
			if name == "boolean" {
				return true
			}
		case int:
			if name == "integer" || name == "number" {
				return true
			}
		case float64:
			if name == "number" || name == "integer" && x == float64(int64(x)) {
				return true
			}
		case map[string]any:
			if name == "object" {
				return true
			}
		case []any:
			if name == "array" {
				return true
			}
		}
	}
	return false
}

func asStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case int:
		return float64(v), true
	case float64:
		return v, true
	}
	return 0, false
}

func equalJSON(a, b any) bool {
	fa, okA := toFloat(a)
	fb, okB := toFloat(b)
	if okA && okB {
		return fa == fb
	}
	return a == b
}

// yamlValue decodes YAML as a JSON Schema validator sees it: timestamps as
// strings, maps with string keys.
func yamlValue(t *testing.T, data []byte) any {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	var conv func(n *yaml.Node) any
	conv = func(n *yaml.Node) any {
		switch n.Kind {
		case yaml.DocumentNode:
			return conv(n.Content[0])
		case yaml.MappingNode:
			m := map[string]any{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				m[n.Content[i].Value] = conv(n.Content[i+1])
			}
			return m
		case yaml.SequenceNode:
			out := []any{}
			for _, c := range n.Content {
				out = append(out, conv(c))
			}
			return out
		}
		switch n.ShortTag() {
		case "!!null":
			return nil
		case "!!bool":
			return n.Value == "true"
		case "!!int":
			if i, err := strconv.Atoi(n.Value); err == nil {
				return i
			}
		case "!!float":
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return f
			}
		}
		return n.Value
	}
	return conv(&n)
}

func schemaDoc(t *testing.T) map[string]any {
	t.Helper()
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(JSONSchema()))
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	// Decode numbers as the validator compares them.
	var fix func(v any) any
	fix = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				v[k] = fix(c)
			}
		case []any:
			for i, c := range v {
				v[i] = fix(c)
			}
		case float64:
			if v == float64(int(v)) {
				return int(v)
			}
		}
		return v
	}
	return fix(doc).(map[string]any)
}

// TestSchemaAcceptsValidFiles validates every example, every fixture and
// every valid testdata file against the schema: an editor must not flag a
// file the loader accepts.
func TestSchemaAcceptsValidFiles(t *testing.T) {
	doc := schemaDoc(t)
	var files []string
	for _, pat := range []string{"../examples/*.yaml", "../fixtures/worlds/*.yaml", "../fixtures/worlds/*/*.yaml", "testdata/valid/*.yaml"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("only %d files to validate", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if msg := validate(doc, doc, yamlValue(t, data), "$"); msg != "" {
			t.Errorf("%s: the schema rejects a valid file: %s", f, msg)
		}
	}
}

// TestSchemaRejects checks that the schema flags what the loader refuses.
func TestSchemaRejects(t *testing.T) {
	doc := schemaDoc(t)
	tests := []struct {
		name, reason, src, want string
	}{
		{"unknown key", "a misspelt key is flagged", "name: x\naccounts:\n  - id: \"111111111111\"\n    roles:\n      - {name: R, trust_policy: {}, max_sesion_duration: 2h}\n", "unknown key max_sesion_duration"},
		{"missing name", "a scenario needs a name", "accounts: []\n", "missing name"},
		{"two kinds", "a step does exactly one thing", "name: x\nsteps:\n  - {advance: 1h, whoami: me}\n", "2 alternatives of oneOf match"},
		{"bad effect", "policy documents are checked too", "name: x\naccounts:\n  - id: \"111111111111\"\n    roles:\n      - name: R\n        trust_policy: {Statement: [{Effect: Permit}]}\n", "no alternative matches"},
		{"bad denied_by", "enums list the loader's values", "name: x\nsteps:\n  - {whoami: me, expect: {denied_by: scps}}\n", "is not one of"},
		{"bad account id", "patterns check ids", "name: x\naccounts: [{id: \"1234\"}]\n", "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := validate(doc, doc, yamlValue(t, []byte(tt.src)), "$")
			if !strings.Contains(msg, tt.want) {
				t.Errorf("%s: got %q, want a violation containing %q", tt.reason, msg, tt.want)
			}
		})
	}
}
