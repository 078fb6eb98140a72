package scenario

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// guessed is a key not in a map's schema that suggest matched to a key of
// the schema: the loader reports it, and may read its value as the
// suggested key's (see guess) so that the problems inside are reported
// too.
type guessed struct {
	key, val *yaml.Node
	hint     string
}

// guess returns the value written under a misspelling of key, when key
// itself is absent and exactly one unknown key of the map was suggested
// as key; nil otherwise. The misspelling was already reported, so reading
// the value only adds the problems inside it.
func (f *fields) guess(key string) (k, v *yaml.Node) {
	if f.key(key) != nil {
		return nil, nil
	}
	for _, g := range f.unknown {
		if g.hint != key {
			continue
		}
		if k != nil {
			return nil, nil // two misspellings of key: neither is read
		}
		k, v = g.key, g.val
	}
	if v != nil && isNull(v) {
		return k, nil
	}
	return k, v
}

// guessKind returns the one step kind the unknown keys of a step without
// a kind were suggested as, and the misspelt key's value; "" when none or
// more than one is.
func (f *fields) guessKind(kinds []string) (kind string, k, v *yaml.Node) {
	for _, g := range f.unknown {
		if indexOf(kinds, g.hint) < 0 {
			continue
		}
		if kind != "" && kind != g.hint {
			return "", nil, nil
		}
		kind = g.hint
	}
	if kind == "" {
		return "", nil, nil
	}
	k, v = f.guess(kind)
	if k == nil {
		return "", nil, nil
	}
	return kind, k, v
}

// pluralOf reports whether plural is the English plural of singular, as
// keys are written (lower case, no underscores): roles of role, policies
// of policy, statuses of status.
func pluralOf(plural, singular string) bool {
	if singular == "" {
		return false
	}
	if stem, ok := strings.CutSuffix(singular, "y"); ok && plural == stem+"ies" {
		return true
	}
	return plural == singular+"s" || plural == singular+"es"
}

// getOrGuess is get, falling back to the value written under a misspelling
// of key (see guess): lists and maps of policies read this way have their
// problems reported under the misspelling.
func (f *fields) getOrGuess(key string) *yaml.Node {
	if v := f.get(key); v != nil || f.key(key) != nil {
		return v
	}
	_, v := f.guess(key)
	return v
}
