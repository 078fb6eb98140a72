package policy

import (
	"strconv"
	"strings"
	"testing"
)

// manyKeysPolicy is an identity policy allowing s3:GetObject when every one
// of n condition keys s3:k0 ... s3:k<n-1> equals "v", as a Node tree.
func manyKeysPolicy(n int) *Node {
	str := func(s string) *Node { return &Node{Kind: NodeString, Value: s} }
	block := &Node{Kind: NodeMap, Fields: make([]Field, n)}
	for i := range block.Fields {
		block.Fields[i] = Field{Key: "s3:k" + strconv.Itoa(i), Value: str("v")}
	}
	stmt := &Node{Kind: NodeMap, Fields: []Field{
		{Key: "Effect", Value: str("Allow")},
		{Key: "Action", Value: str("s3:GetObject")},
		{Key: "Resource", Value: str("*")},
		{Key: "Condition", Value: &Node{Kind: NodeMap, Fields: []Field{{Key: "StringEquals", Value: block}}}},
	}}
	return &Node{Kind: NodeMap, Fields: []Field{
		{Key: "Version", Value: str("2012-10-17")},
		{Key: "Statement", Value: stmt},
	}}
}

// TestConditionManyKeys compiles and evaluates the robustness review's
// Condition block of 110,000 keys (28 s to load before the loader's
// duplicate-key check was linear): every key must hold, so one missing key
// denies.
func TestConditionManyKeys(t *testing.T) {
	const n = 110_000
	p, errs := Compile(manyKeysPolicy(n), KindIdentity)
	if errs != nil {
		t.Fatal(errs)
	}
	ctx := &Context{}
	for i := 0; i < n; i++ {
		ctx.Set("S3:K"+strconv.Itoa(i), "v")
	}
	req := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Context: ctx}
	if got := p.Evaluate(req).Decision; got != Allow {
		t.Fatalf("every key set: %v, want Allow", got)
	}
	ctx.Delete("s3:k" + strconv.Itoa(n-1))
	if got := p.Evaluate(req).Decision; got != ImplicitDeny {
		t.Fatalf("last key missing: %v, want ImplicitDeny", got)
	}
}

// TestConditionManyKeysJSON: the same block as JSON text (as many keys as
// fit in ParseJSON's 1 MiB), with a duplicate key at the very end, found at
// its position.
func TestConditionManyKeysJSON(t *testing.T) {
	const n = 60_000
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{`)
	for i := 0; i < n; i++ {
		b.WriteString(`"s3:k` + strconv.Itoa(i) + `":"v",`)
	}
	col := b.Len() + 1
	b.WriteString(`"s3:k17":"v"}}}}`)
	_, errs := CompileJSON(b.String(), KindIdentity)
	if len(errs) != 1 || errs[0].Message != "Duplicate key s3:k17" || errs[0].Pos != (Pos{Line: 1, Col: col}) {
		t.Fatalf("got %v, want one error, Duplicate key s3:k17 at 1:%d", errs, col)
	}
}

// BenchmarkCompileConditionKeys compiles a Condition block of n keys; ns/key
// must stay flat from 1,000 to 100,000 keys.
func BenchmarkCompileConditionKeys(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		doc := manyKeysPolicy(n)
		b.Run("keys="+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, errs := Compile(doc, KindIdentity); errs != nil {
					b.Fatal(errs)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/key")
		})
	}
}
