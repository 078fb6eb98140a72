package tfplan

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/importer/iamdump"
)

// Reading one resource's values: each accessor returns an *iamdump.Error
// naming the value's JSON path when the value has the wrong type, and
// reports whether the value is known (false when after_unknown marks it,
// or it is absent).

func (c *converter) valuePath(r *resource, key string) string {
	return r.path + ".values." + key
}

func (c *converter) typeErr(r *resource, key, want string) error {
	return &iamdump.Error{File: c.file, Path: c.valuePath(r, key), Message: r.addr + ": expected " + want}
}

// str returns a string value; "" and false when absent or null.
func (c *converter) str(r *resource, key string) (string, bool, error) {
	v, ok := r.vals[key]
	if !ok || v == nil {
		return "", false, nil
	}
	s, ok := v.(string)
	if !ok {
		return "", false, c.typeErr(r, key, "a string")
	}
	return s, true, nil
}

// strList returns a list (or set) of strings.
func (c *converter) strList(r *resource, key string) ([]string, error) {
	v, ok := r.vals[key]
	if !ok || v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, c.typeErr(r, key, "a list of strings")
	}
	out := make([]string, 0, len(l))
	for i, it := range l {
		s, ok := it.(string)
		if !ok {
			return nil, &iamdump.Error{File: c.file, Path: index(c.valuePath(r, key), i), Message: r.addr + ": expected a string"}
		}
		out = append(out, s)
	}
	return out, nil
}

// strMap returns a map of strings (tags).
func (c *converter) strMap(r *resource, key string) (map[string]string, error) {
	v, ok := r.vals[key]
	if !ok || v == nil {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, c.typeErr(r, key, "a map of strings")
	}
	out := make(map[string]string, len(m))
	for k, it := range m {
		s, ok := it.(string)
		if !ok {
			return nil, &iamdump.Error{File: c.file, Path: c.valuePath(r, key) + "." + k, Message: r.addr + ": expected a string"}
		}
		out[k] = s
	}
	return out, nil
}

// integer returns a whole number.
func (c *converter) integer(r *resource, key string) (int, bool, error) {
	v, ok := r.vals[key]
	if !ok || v == nil {
		return 0, false, nil
	}
	n, ok := v.(json.Number)
	if !ok {
		return 0, false, c.typeErr(r, key, "a number")
	}
	i, err := strconv.Atoi(string(n))
	if err != nil || i < 0 || i > 1<<30 {
		return 0, false, c.typeErr(r, key, "a whole number of seconds")
	}
	return i, true, nil
}

// objects returns a list of objects (nested blocks: inline_policy).
func (c *converter) objects(r *resource, key string) ([]map[string]any, error) {
	v, ok := r.vals[key]
	if !ok || v == nil {
		return nil, nil
	}
	l, ok := v.([]any)
	if !ok {
		return nil, c.typeErr(r, key, "a list of blocks")
	}
	out := make([]map[string]any, 0, len(l))
	for i, it := range l {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, &iamdump.Error{File: c.file, Path: index(c.valuePath(r, key), i), Message: r.addr + ": expected a block (an object)"}
		}
		out = append(out, m)
	}
	return out, nil
}

// accountOfARN returns the account of an ARN, "" when it names none.
func accountOfARN(s string) string {
	parts := strings.SplitN(s, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" && isAccountID(parts[4]) {
		return parts[4]
	}
	return ""
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
