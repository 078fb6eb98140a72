package policy

// Pos is a 1-based line and column inside the text a policy was read from.
// The zero Pos means "unknown".
type Pos struct {
	Line int
	Col  int
}

// NodeKind tells what a Node holds.
type NodeKind uint8

// The kinds of Node.
const (
	NodeNull NodeKind = iota
	NodeString
	NodeNumber
	NodeBool
	NodeList
	NodeMap
)

// String returns the kind's name as used in error messages.
func (k NodeKind) String() string {
	switch k {
	case NodeNull:
		return "null"
	case NodeString:
		return "string"
	case NodeNumber:
		return "number"
	case NodeBool:
		return "boolean"
	case NodeList:
		return "list"
	case NodeMap:
		return "map"
	}
	return "unknown"
}

// Node is a position-carrying document tree. Policies written as YAML maps
// (converted by the scenario loader) and policies pasted as JSON text (read by
// ParseJSON) both become a Node before Compile turns them into a Policy.
type Node struct {
	Kind NodeKind
	// Value is the scalar's text for NodeString, NodeNumber and NodeBool
	// ("true"/"false").
	Value string
	// Fields are a NodeMap's entries in document order.
	Fields []Field
	// Items are a NodeList's elements.
	Items []*Node
	Pos   Pos
}

// Field is one key of a NodeMap.
type Field struct {
	Key    string
	KeyPos Pos
	Value  *Node
}
