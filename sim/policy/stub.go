package policy

// TODO(policy): placeholder declarations; replaced by the real implementation.

// Context holds the condition keys of a request.
type Context struct{}

// Statement is one compiled statement.
type Statement struct {
	Index  int
	Sid    string
	Effect Effect
	Pos    Pos
}

// Policy is a compiled policy document.
type Policy struct {
	Version    string
	Statements []*Statement
}

// Compile turns a node tree into a policy of the given kind.
func Compile(n *Node, kind Kind) (*Policy, Errors) { return &Policy{}, nil }

// ParseJSON reads JSON policy text into a node tree.
func ParseJSON(data []byte) (*Node, error) { return &Node{}, nil }
