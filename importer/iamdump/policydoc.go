package iamdump

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/rolesim/rolesim/sim/policy"
)

// readDocument reads a policy document as get-account-authorization-details
// gives it: a JSON object (the AWS CLI decodes documents) or a string (the
// API's URL-encoded JSON, or JSON text). A missing or null value is an
// error, as is anything that is not a JSON object once decoded.
func readDocument(file, path string, raw json.RawMessage) (*policy.Node, error) {
	raw = bytes.TrimSpace(raw)
	bad := func(msg string) error {
		return &Error{File: file, Path: path, Message: "not a policy document: " + msg}
	}
	var text []byte
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return nil, &Error{File: file, Path: path, Message: "missing policy document"}
	case raw[0] == '{':
		text = raw
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, bad(err.Error())
		}
		t := strings.TrimSpace(s)
		if !strings.HasPrefix(t, "{") {
			// The API's form: RFC 3986 percent-encoding ("+" is a plus).
			u, err := url.PathUnescape(t)
			if err != nil {
				return nil, bad("bad URL encoding: " + err.Error())
			}
			t = u
		}
		text = []byte(t)
	default:
		return nil, bad("expected an object or a string, got " + jsonKind(raw))
	}
	n, err := policy.ParseJSON(text)
	if err != nil {
		return nil, bad(err.Error())
	}
	if n.Kind != policy.NodeMap {
		return nil, bad("expected an object, got " + n.Kind.String())
	}
	return n, nil
}

func jsonKind(raw []byte) string {
	switch raw[0] {
	case '[':
		return "list"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// compile compiles a document as rolesim's loader will, returning the
// problems as one message ("" when it compiles).
func compile(n *policy.Node, kind policy.Kind) (*policy.Policy, string) {
	p, errs := policy.Compile(n, kind)
	if len(errs) == 0 {
		return p, ""
	}
	msgs := make([]string, 0, len(errs))
	for i, e := range errs {
		if i == 3 {
			msgs = append(msgs, "...")
			break
		}
		msgs = append(msgs, e.Message)
	}
	return nil, "MalformedPolicyDocument: " + strings.Join(msgs, "; ")
}

// isUniqueID reports whether a principal is a bare IAM unique id (AROA...,
// AIDA...), which is what IAM shows in a trust policy once the role or user
// it named is deleted.
func isUniqueID(v string) bool {
	if len(v) < 16 || len(v) > 128 || v[0] != 'A' {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	switch v[:4] {
	case "AROA", "AIDA", "AGPA", "ANPA", "AIPA", "ASIA", "AKIA", "ANVA", "APKA":
		return true
	}
	return false
}

// stripUniqueIDs returns the trust policy without its bare unique-id AWS
// principals, and the ids it took out (see stripPrincipals).
func stripUniqueIDs(doc *policy.Node) (*policy.Node, []string) {
	return stripPrincipals(doc, isUniqueID)
}

// stripPrincipals returns the trust policy without the AWS principals drop
// selects, and the principals it took out. A statement left with no
// principal goes; a policy left with no statement becomes denyAll. The
// input is not modified.
func stripPrincipals(doc *policy.Node, drop func(string) bool) (*policy.Node, []string) {
	stmts := field(doc, "Statement")
	if stmts == nil {
		return doc, nil
	}
	var list []*policy.Node
	switch stmts.Kind {
	case policy.NodeList:
		list = stmts.Items
	case policy.NodeMap:
		list = []*policy.Node{stmts}
	default:
		return doc, nil
	}
	var removed []string
	kept := make([]*policy.Node, 0, len(list))
	changed := false
	for _, st := range list {
		nst, ids, gone := stripStatement(st, drop)
		removed = append(removed, ids...)
		if len(ids) > 0 {
			changed = true
		}
		if !gone {
			kept = append(kept, nst)
		}
	}
	if !changed {
		return doc, nil
	}
	if len(kept) == 0 {
		return denyAll(), removed
	}
	out := *doc
	out.Fields = append([]policy.Field(nil), doc.Fields...)
	for i := range out.Fields {
		if out.Fields[i].Key == "Statement" {
			out.Fields[i].Value = &policy.Node{Kind: policy.NodeList, Items: kept}
		}
	}
	return &out, removed
}

// stripStatement takes the unique ids out of one statement's Principal (or
// NotPrincipal) AWS entry; drop is set when nothing is left to name.
func stripStatement(st *policy.Node, dropValue func(string) bool) (out *policy.Node, removed []string, drop bool) {
	if st.Kind != policy.NodeMap {
		return st, nil, false
	}
	key := "Principal"
	pr := field(st, key)
	if pr == nil {
		key = "NotPrincipal"
		pr = field(st, key)
	}
	if pr == nil || pr.Kind != policy.NodeMap {
		return st, nil, false
	}
	aws := field(pr, "AWS")
	if aws == nil {
		return st, nil, false
	}
	var keep []*policy.Node
	switch aws.Kind {
	case policy.NodeString:
		if !dropValue(aws.Value) {
			return st, nil, false
		}
		removed = append(removed, aws.Value)
	case policy.NodeList:
		for _, it := range aws.Items {
			if it.Kind == policy.NodeString && dropValue(it.Value) {
				removed = append(removed, it.Value)
				continue
			}
			keep = append(keep, it)
		}
		if len(removed) == 0 {
			return st, nil, false
		}
	default:
		return st, nil, false
	}
	npr := &policy.Node{Kind: policy.NodeMap, Pos: pr.Pos}
	for _, f := range pr.Fields {
		if f.Key == "AWS" {
			if len(keep) == 0 {
				continue
			}
			f.Value = &policy.Node{Kind: policy.NodeList, Items: keep, Pos: aws.Pos}
		}
		npr.Fields = append(npr.Fields, f)
	}
	if len(npr.Fields) == 0 {
		return nil, removed, true
	}
	nst := &policy.Node{Kind: policy.NodeMap, Pos: st.Pos}
	for _, f := range st.Fields {
		if f.Key == key {
			f.Value = npr
		}
		nst.Fields = append(nst.Fields, f)
	}
	return nst, removed, false
}

// denyAll is the trust policy of a role that no existing principal may
// assume: what is left when every principal it trusted is deleted.
func denyAll() *policy.Node {
	str := func(s string) *policy.Node { return &policy.Node{Kind: policy.NodeString, Value: s} }
	return &policy.Node{Kind: policy.NodeMap, Fields: []policy.Field{
		{Key: "Version", Value: str(policy.Version2012)},
		{Key: "Statement", Value: &policy.Node{Kind: policy.NodeList, Items: []*policy.Node{{
			Kind: policy.NodeMap, Fields: []policy.Field{
				{Key: "Effect", Value: str("Deny")},
				{Key: "Principal", Value: &policy.Node{Kind: policy.NodeMap, Fields: []policy.Field{{Key: "AWS", Value: str("*")}}}},
				{Key: "Action", Value: str("sts:AssumeRole")},
			}}}}},
	}}
}

// field returns the value of a map's key, nil when absent.
func field(n *policy.Node, key string) *policy.Node {
	if n == nil || n.Kind != policy.NodeMap {
		return nil
	}
	for _, f := range n.Fields {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}
