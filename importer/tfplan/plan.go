package tfplan

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/importer/iamdump"
)

// The shapes of `terraform show -json` output, as far as Import reads them
// (https://developer.hashicorp.com/terraform/internals/json-format). Lists
// whose elements are reported by index stay raw and are decoded one by one.

type planJSON struct {
	FormatVersion   string            `json:"format_version"`
	PlannedValues   *valuesJSON       `json:"planned_values"`
	Values          *valuesJSON       `json:"values"` // a state's, not a plan's
	ResourceChanges []json.RawMessage `json:"resource_changes"`
	PriorState      *stateJSON        `json:"prior_state"`
	Configuration   json.RawMessage   `json:"configuration"`
}

type stateJSON struct {
	Values *valuesJSON `json:"values"`
}

type valuesJSON struct {
	RootModule json.RawMessage `json:"root_module"`
}

type moduleJSON struct {
	Address      string            `json:"address"`
	Resources    []json.RawMessage `json:"resources"`
	ChildModules []json.RawMessage `json:"child_modules"`
}

type resourceJSON struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Values  map[string]any `json:"values"`
}

type changeJSON struct {
	Address       string `json:"address"`
	ModuleAddress string `json:"module_address"`
	Mode          string `json:"mode"`
	Type          string `json:"type"`
	Change        struct {
		Actions      []string       `json:"actions"`
		Before       map[string]any `json:"before"`
		AfterUnknown any            `json:"after_unknown"`
	} `json:"change"`
	index int // in resource_changes
}

// resource is one resource instance of the module tree read.
type resource struct {
	addr    string
	module  string // the module instance's address, "" for the root
	typ     string
	path    string // JSON path of the resource object
	vals    map[string]any
	unknown any // the change's after_unknown; nil in a state
	actions []string
}

// maxDepth bounds the module tree (and a value's nesting, for the JSON
// decoder's sake): Terraform's are a handful of levels deep.
const maxDepth = 64

func decode(file, path string, raw []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return jsonError(file, path, raw, err)
	}
	if d.More() {
		return &iamdump.Error{File: file, Path: path, Message: "not JSON: more than one value"}
	}
	return nil
}

func jsonError(file, path string, raw []byte, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := path
		if te.Field != "" {
			p += "." + te.Field
		}
		return &iamdump.Error{File: file, Path: p, Message: "expected " + te.Type.String() + ", got " + te.Value}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line, col := lineCol(raw, int(se.Offset))
		return &iamdump.Error{File: file, Path: path, Message: "not JSON: line " + strconv.Itoa(line) + ", column " + strconv.Itoa(col) + ": " + se.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &iamdump.Error{File: file, Path: path, Message: "not JSON: the file ends before the JSON does"}
	}
	return &iamdump.Error{File: file, Path: path, Message: "not JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
}

func lineCol(b []byte, off int) (int, int) {
	if off > len(b) {
		off = len(b)
	}
	if off > 0 {
		off-- // the offset is just past the offending byte
	}
	line := 1 + bytes.Count(b[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(b[:off], '\n')
	return line, col
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// modules walks a module tree (planned_values.root_module or
// prior_state.values.root_module) and returns its managed resources, in
// document order.
func modules(file, path string, raw json.RawMessage, depth int) ([]*resource, error) {
	if depth > maxDepth {
		return nil, &iamdump.Error{File: file, Path: path, Message: "modules nested more than " + strconv.Itoa(maxDepth) + " deep"}
	}
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil, nil
	}
	var m moduleJSON
	if err := decode(file, path, raw, &m); err != nil {
		return nil, err
	}
	var out []*resource
	for i, rraw := range m.Resources {
		p := index(path+".resources", i)
		var r resourceJSON
		if err := decode(file, p, rraw, &r); err != nil {
			return nil, err
		}
		if r.Mode == "data" {
			continue // data sources (aws_iam_policy_document) are read into the values that use them
		}
		if r.Address == "" || r.Type == "" {
			return nil, &iamdump.Error{File: file, Path: p, Message: "a resource without address or type"}
		}
		out = append(out, &resource{addr: r.Address, module: m.Address, typ: r.Type, path: p, vals: r.Values})
	}
	for i, craw := range m.ChildModules {
		rs, err := modules(file, index(path+".child_modules", i), craw, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, rs...)
	}
	return out, nil
}

// changes reads resource_changes: each managed resource's after_unknown
// and actions, by address.
func changes(file string, list []json.RawMessage) (map[string]*changeJSON, error) {
	out := map[string]*changeJSON{}
	for i, raw := range list {
		p := index("$.resource_changes", i)
		var c changeJSON
		if err := decode(file, p, raw, &c); err != nil {
			return nil, err
		}
		if c.Mode == "data" {
			continue
		}
		if c.Address == "" {
			return nil, &iamdump.Error{File: file, Path: p, Message: "a resource change without address"}
		}
		if out[c.Address] != nil {
			return nil, &iamdump.Error{File: file, Path: p + ".address", Message: "a second change of " + c.Address}
		}
		c.index = i
		out[c.Address] = &c
	}
	return out, nil
}

// unknownAt reports whether after_unknown marks the value at keys (map
// keys and list indexes) unknown, or any value that holds it.
func unknownAt(u any, keys ...any) bool {
	for _, k := range keys {
		if b, ok := u.(bool); ok {
			return b
		}
		switch k := k.(type) {
		case string:
			m, ok := u.(map[string]any)
			if !ok {
				return false
			}
			u = m[k]
		case int:
			l, ok := u.([]any)
			if !ok || k >= len(l) {
				return false
			}
			u = l[k]
		}
	}
	b, ok := u.(bool)
	return ok && b
}
