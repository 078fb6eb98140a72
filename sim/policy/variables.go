package policy

import "strings"

// Policy variables (Version 2012-10-17 only):
//
//	${aws:username}                        the value of a single-valued key
//	${aws:PrincipalTag/team, 'everyone'}   with a default, used when the key is absent
//	${*} ${?} ${$}                         a literal *, ? or $
//
// A variable whose key is absent (or empty, or multivalued) and has no
// default makes the statement that uses it invalid: the statement applies
// to nothing, so it neither allows nor denies (IAM User Guide, policy
// variables). A value substituted for a variable is literal text: a * in a
// tag value is not a wildcard.

// parseTemplate cuts s into tokens. With vars, ${...} is parsed as a
// policy variable or escape; with wild, * and ? are wildcards (otherwise
// literal). It returns the tokens, or a non-empty error message.
func parseTemplate(s string, vars, wild bool) ([]tok, string) {
	if !vars {
		if wild {
			return wildTokens(s), ""
		}
		return appendLit(nil, s), ""
	}
	var toks []tok
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			toks = appendLit(toks, lit.String())
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '$' && i+1 < len(s) && s[i+1] == '{':
			// Escapes.
			if i+3 < len(s) && s[i+3] == '}' && (s[i+2] == '*' || s[i+2] == '?' || s[i+2] == '$') {
				lit.WriteByte(s[i+2])
				i += 4
				continue
			}
			t, n, msg := parseVariable(s[i:])
			if msg != "" {
				return nil, msg
			}
			flush()
			toks = append(toks, t)
			i += n
		case wild && c == '*':
			flush()
			toks = appendStar(toks)
			i++
		case wild && c == '?':
			flush()
			toks = append(toks, tok{kind: tokOne})
			i++
		default:
			lit.WriteByte(c)
			i++
		}
	}
	flush()
	return toks, ""
}

// parseVariable parses the variable at the start of s (which begins with
// "${") and returns it and its length in bytes.
func parseVariable(s string) (tok, int, string) {
	bad := func(detail string) (tok, int, string) {
		shown := s
		if j := strings.IndexByte(s, '}'); j >= 0 {
			shown = s[:j+1]
		}
		return tok{}, 0, "Invalid policy variable " + shown + ": " + detail
	}
	i := 2
	// The key runs to a comma or the closing brace.
	start := i
	for i < len(s) && s[i] != ',' && s[i] != '}' {
		switch s[i] {
		case '$', '{', '\'', '*', '?':
			return bad("unexpected character " + string(rune(s[i])) + " in the variable name")
		}
		i++
	}
	if i == len(s) {
		return bad("missing closing }")
	}
	key := strings.TrimSpace(s[start:i])
	if key == "" {
		return bad("empty variable name")
	}
	if strings.ContainsAny(key, " \t\r\n") {
		return bad("space in the variable name")
	}
	if msg := checkKey(key); msg != "" {
		return tok{}, 0, msg
	}
	t := tok{kind: tokVar, text: key, hash: foldHash(key), multi: IsMultivalued(key)}
	if s[i] == ',' {
		i++
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) || s[i] != '\'' {
			return bad("the default value must be in single quotes")
		}
		i++
		end := strings.IndexByte(s[i:], '\'')
		if end < 0 {
			return bad("missing closing quote of the default value")
		}
		t.def, t.hasDef = s[i:i+end], true
		i += end + 1
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) || s[i] != '}' {
			return bad("missing closing } after the default value")
		}
	}
	return t, i + 1, ""
}

// containsVariable reports whether s holds "${" (the start of a policy
// variable or escape).
func containsVariable(s string) bool {
	return strings.Contains(s, "${")
}
