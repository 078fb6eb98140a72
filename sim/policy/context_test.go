package policy

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestContext(t *testing.T) {
	type lookup struct {
		Values  []string
		Present bool
	}
	get := func(c *Context, key string) lookup {
		v, ok := c.Get(key)
		return lookup{v, ok}
	}
	base := &Context{}
	base.Set("aws:PrincipalTag/Team", "red")
	base.Set("aws:username", "alice")
	base.Set("aws:TagKeys") // present, empty
	child := &Context{Parent: base}
	child.Set("AWS:USERNAME", "bob")
	child.Set("aws:SourceIp", "10.0.0.1")

	tests := []struct {
		name   string
		reason string
		ctx    *Context
		key    string
		want   lookup
	}{
		{"exact", "a key as set", base, "aws:username", lookup{[]string{"alice"}, true}},
		{"caseInsensitive", "key names are case-insensitive", base, "AWS:UserName", lookup{[]string{"alice"}, true}},
		{"tagSuffixCase", "tag-key suffixes are case-insensitive", base, "aws:principaltag/TEAM", lookup{[]string{"red"}, true}},
		{"absent", "an absent key", base, "aws:SourceIp", lookup{nil, false}},
		{"presentEmpty", "a key set with no values is present", base, "aws:tagkeys", lookup{[]string{}, true}},
		{"childShadows", "the child is consulted first", child, "aws:username", lookup{[]string{"bob"}, true}},
		{"parentFallback", "then the parent", child, "aws:PrincipalTag/team", lookup{[]string{"red"}, true}},
		{"childOnly", "the parent does not see the child's keys", base, "aws:SourceIp", lookup{nil, false}},
		{"nilContext", "a nil Context is empty", nil, "aws:username", lookup{nil, false}},
		{"unicodeFold", "Unicode tag keys fold too", func() *Context { c := &Context{}; c.Set("aws:PrincipalTag/Ärger", "x"); return c }(), "aws:PrincipalTag/äRGER", lookup{[]string{"x"}, true}},
		{"kelvin", "the Kelvin sign folds to k", func() *Context { c := &Context{}; c.Set("aws:PrincipalTag/k", "x"); return c }(), "aws:PrincipalTag/\u212a", lookup{[]string{"x"}, true}},
	}
	requireRows(t, len(tests))
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := get(tc.ctx, tc.key)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Get(%q) (-want +got):\n%s (%s)", tc.key, diff, tc.reason)
			}
		})
	}

	if diff := cmp.Diff([]string{"aws:PrincipalTag/Team", "aws:SourceIp", "aws:TagKeys", "AWS:USERNAME"}, child.Keys()); diff != "" {
		t.Errorf("Keys merged with the parent, child spelling first (-want +got):\n%s", diff)
	}
	if child.Len() != 2 || base.Len() != 3 {
		t.Errorf("Len = %d, %d; want 2, 3", child.Len(), base.Len())
	}
}

func TestContextSetReplaces(t *testing.T) {
	c := &Context{}
	vals := []string{"a", "b"}
	c.Set("aws:TagKeys", vals...)
	vals[0] = "changed"
	c.Set("AWS:tagkeys", "x", "y", "z")
	got, _ := c.Get("aws:TagKeys")
	if diff := cmp.Diff([]string{"x", "y", "z"}, got); diff != "" {
		t.Errorf("Set replaces values (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"AWS:tagkeys"}, c.Keys()); diff != "" {
		t.Errorf("Set keeps the latest spelling once (-want +got):\n%s", diff)
	}
	c.Set("aws:a", "1")
	c.Set("aws:b", "2")
	c.Set("aws:c", "3")
	c.Delete("AWS:B")
	if diff := cmp.Diff([]string{"aws:a", "aws:c", "AWS:tagkeys"}, c.Keys()); diff != "" {
		t.Errorf("after Delete (-want +got):\n%s", diff)
	}
	if v, ok := c.Get("aws:c"); !ok || v[0] != "3" {
		t.Errorf("Delete disturbed other keys: %v %v", v, ok)
	}
	c.Delete("aws:absent") // no-op
	c.Reset()
	if c.Len() != 0 || len(c.Keys()) != 0 {
		t.Errorf("Reset left %v", c.Keys())
	}
	if _, ok := c.Get("aws:a"); ok {
		t.Error("Reset left aws:a")
	}
	// Deleting in a child does not hide the parent's key.
	parent := &Context{}
	parent.Set("aws:x", "p")
	child := &Context{Parent: parent}
	child.Set("aws:x", "c")
	child.Delete("aws:x")
	if v, ok := child.Get("aws:x"); !ok || v[0] != "p" {
		t.Errorf("after child Delete: %v %v, want the parent's value", v, ok)
	}
	var nilCtx *Context
	nilCtx.Delete("x")
	nilCtx.Reset()
	if nilCtx.Len() != 0 || len(nilCtx.Keys()) != 0 {
		t.Error("nil Context not empty")
	}
}

func TestContextNoAllocs(t *testing.T) {
	c := &Context{}
	for _, k := range []string{"aws:username", "aws:SourceIp", "aws:PrincipalTag/Team", "aws:CurrentTime"} {
		c.Set(k, "v")
	}
	child := &Context{Parent: c}
	allocs := testing.AllocsPerRun(100, func() {
		if _, ok := child.Get("AWS:PRINCIPALTAG/team"); !ok {
			t.Fatal("missing")
		}
	})
	if allocs != 0 {
		t.Errorf("Get allocates %v times", allocs)
	}
	// Steady-state reuse: Reset then Set again does not allocate.
	allocs = testing.AllocsPerRun(100, func() {
		c.Reset()
		c.Set("aws:username", "alice")
		c.Set("aws:SourceIp", "10.0.0.1")
	})
	if allocs != 0 {
		t.Errorf("Reset+Set allocates %v times", allocs)
	}
}

func TestContextCycle(t *testing.T) {
	a := &Context{}
	b := &Context{Parent: a}
	a.Parent = b
	if _, ok := a.Get("aws:x"); ok {
		t.Error("found a key in an empty cycle")
	}
	if len(a.Keys()) != 0 {
		t.Error("keys in an empty cycle")
	}
}

func TestFoldHashAgreesWithEqualFold(t *testing.T) {
	pairs := [][2]string{
		{"aws:SourceIp", "AWS:SOURCEIP"},
		{"k", "\u212a"},
		{"s", "\u017f"},
		{"Straße", "STRASSE"}, // not equal under simple folding
		{"ǅ", "ǆ"},
		{"\xff", "\xfe"}, // both invalid: equal as U+FFFD
	}
	for _, p := range pairs {
		eq := strings.EqualFold(p[0], p[1])
		if (foldHash(p[0]) == foldHash(p[1])) != eq {
			t.Errorf("foldHash(%q) vs foldHash(%q) disagrees with EqualFold (%v)", p[0], p[1], eq)
		}
	}
}
