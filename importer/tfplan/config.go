package tfplan

import (
	"encoding/json"
	"strings"
)

// config is the plan's configuration section, as far as references go:
// per module path (module call names joined with "."), per resource
// address in the module, per attribute, the references of its expression.
type config struct {
	refs map[string]map[string]map[string][]string
}

type configModule struct {
	Resources []struct {
		Address     string `json:"address"`
		Expressions map[string]struct {
			References []string `json:"references"`
		} `json:"expressions"`
	} `json:"resources"`
	ModuleCalls map[string]struct {
		Module json.RawMessage `json:"module"`
	} `json:"module_calls"`
}

// readConfig reads what it can of the configuration: a part of another
// shape is ignored (references only help resolve unknown values).
func readConfig(raw json.RawMessage) *config {
	var top struct {
		RootModule json.RawMessage `json:"root_module"`
	}
	c := &config{refs: map[string]map[string]map[string][]string{}}
	if json.Unmarshal(raw, &top) != nil {
		return c
	}
	c.module("", top.RootModule, 0)
	return c
}

func (c *config) module(path string, raw json.RawMessage, depth int) {
	var m configModule
	if depth > maxDepth || len(raw) == 0 || json.Unmarshal(raw, &m) != nil {
		return
	}
	res := map[string]map[string][]string{}
	for _, r := range m.Resources {
		attrs := map[string][]string{}
		for k, e := range r.Expressions {
			attrs[k] = e.References
		}
		res[r.Address] = attrs
	}
	c.refs[path] = res
	for _, name := range sortedKeys(m.ModuleCalls) {
		p := name
		if path != "" {
			p = path + "." + name
		}
		c.module(p, m.ModuleCalls[name].Module, depth+1)
	}
}

// references returns the references of the expression of a resource
// instance's attribute: its module instance's keys and its own index are
// not in the configuration's addresses.
func (c *config) references(r *resource, attr string) []string {
	if c == nil {
		return nil
	}
	var calls []string
	rest := r.addr
	if r.module != "" {
		rest = strings.TrimPrefix(r.addr, r.module+".")
		calls = append(calls, splitModule(r.module)...)
	}
	if i := strings.IndexByte(rest, '['); i >= 0 {
		rest = rest[:i]
	}
	return c.refs[strings.Join(calls, ".")][rest][attr]
}

// splitModule returns the call names of a module instance address
// (module.a["x"].module.b -> a, b).
func splitModule(m string) []string {
	var out []string
	for m != "" {
		rest, ok := strings.CutPrefix(m, "module.")
		if !ok {
			return out
		}
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			return append(out, rest)
		}
		out = append(out, rest[:end])
		m = rest[end:]
		if strings.HasPrefix(m, "[") {
			close := strings.Index(m, "].")
			if close < 0 {
				return out
			}
			m = m[close+1:]
		}
		m = strings.TrimPrefix(m, ".")
	}
	return out
}
