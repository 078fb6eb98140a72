package scenario

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

var (
	stepKeys    = append(append([]string{"id", "note", "assume", "advance", "call", "whoami", "expect", "repeat"}, changeKindNames...), credentialKindNames...)
	stepKinds   = append(append([]string{"assume", "advance", "call", "whoami"}, changeKindNames...), credentialKindNames...)
	assumeKeys  = []string{"as", "role_arn", "role_session_name", "duration_seconds", "policy", "policy_arns", "tags", "transitive_tag_keys", "external_id", "serial_number", "token_code", "source_identity"}
	advanceKeys = []string{"to"}
	callKeys    = []string{"as", "action", "resource", "context"}
	whoamiKeys  = []string{"as"}
	expectKeys  = append([]string{"error", "message", "message_any_order", "message_regexp", "denied_by", "deny", "expiration", "duration", "arn", "assumed_role_id", "source_identity", "packed_policy_size", "chained", "absent", "account", "user_id", "succeeded", "throttled", "failed"}, federatedExpectKeys...)
)

// AbsentFields are the response fields expect.absent may name: the members
// AWS leaves out of a successful response when they do not apply
// (PackedPolicySize without session policies or tags, SourceIdentity when
// none is set). Each is also an expect key that gives the field's value.
var AbsentFields = []string{"packed_policy_size", "source_identity"}

// Which expect keys apply to which step kind, and which describe a failure
// (need error) or a success (exclude error).
var (
	expectFailureKeys = []string{"message", "message_any_order", "message_regexp", "denied_by", "deny"}
	expectSuccessKeys = append([]string{"expiration", "duration", "arn", "assumed_role_id", "source_identity", "packed_policy_size", "chained", "absent", "account", "user_id"}, federatedExpectKeys...)
	expectApplies     = map[StepKind][]string{
		StepAssume: {"error", "message", "message_any_order", "message_regexp", "denied_by", "deny", "expiration", "duration", "arn", "assumed_role_id", "source_identity", "packed_policy_size", "chained", "absent"},
		StepCall:   {"error", "message", "message_any_order", "message_regexp", "denied_by", "deny"},
		StepWhoAmI: {"error", "message", "message_any_order", "message_regexp", "arn", "account", "user_id"},

		StepGetSessionToken:    {"error", "message", "message_any_order", "message_regexp", "denied_by", "deny", "expiration", "duration"},
		StepGetFederationToken: {"error", "message", "message_any_order", "message_regexp", "denied_by", "deny", "expiration", "duration", "arn", "user_id", "packed_policy_size", "absent"},
		StepServiceAssume:      {"error", "message", "message_any_order", "message_regexp", "denied_by", "deny", "expiration", "duration", "arn", "assumed_role_id"},
		StepConsoleSignIn:      {"error", "message", "message_any_order", "message_regexp", "expiration", "duration"},
		StepSwitchRole:         {"error", "message", "message_any_order", "message_regexp", "denied_by", "deny", "expiration", "duration", "arn", "assumed_role_id"},
		StepWebIdentity: {"error", "message", "message_any_order", "message_regexp", "denied_by", "deny", "expiration", "duration", "arn", "assumed_role_id",
			"source_identity", "packed_policy_size", "chained", "absent", "subject", "provider", "audience"},
		StepSAML: {"error", "message", "message_any_order", "message_regexp", "denied_by", "deny", "expiration", "duration", "arn", "assumed_role_id",
			"source_identity", "packed_policy_size", "chained", "absent", "subject", "subject_type", "issuer", "audience", "name_qualifier"},
	}
)

// stepState is what the steps walk carries along.
type stepState struct {
	ids     map[string]*Step
	current *Step
	clock   time.Time // the fake clock after the advances so far
}

func (l *loader) steps(items []*yaml.Node, s *Scenario, w *world) []*Step {
	st := &stepState{ids: make(map[string]*Step, len(items)), clock: s.Start}
	out := make([]*Step, 0, len(items))
	for i, it := range items {
		if step := l.step(it, i+1, st, w); step != nil {
			out = append(out, step)
		}
	}
	return out
}

func (l *loader) step(n *yaml.Node, index int, st *stepState, w *world) *Step {
	f := l.object(n, "step", stepKeys)
	if f == nil {
		return nil
	}
	s := &Step{Pos: l.pos(n), ID: "step-" + strconv.Itoa(index)}
	idNode := n
	if id, v := l.str(f, "id"); v != nil {
		s.ID, idNode = id, v
		if !isSimpleID(id) {
			l.errf(v, "step.id: %q may contain only letters, digits and ._-", id)
		}
	}
	switch prev := st.ids[s.ID]; {
	case prev == nil:
		st.ids[s.ID] = s
	case idNode == n:
		l.errf(n, "step %d has no id and its default id %q is already taken (line %d, column %d): give it an id", index, s.ID, prev.Pos.Line, prev.Pos.Col)
	default:
		l.errf(idNode, "duplicate step id %q (first at line %d, column %d)", s.ID, prev.Pos.Line, prev.Pos.Col)
	}
	st.current = s
	s.Note, _ = l.str(f, "note")

	var kindNode *yaml.Node
	for _, k := range stepKinds {
		kn := f.key(k)
		if kn == nil {
			continue
		}
		if kindNode != nil {
			l.errf(kn, "step has both %q and %q: a step does exactly one thing", kindNode.Value, k)
			continue
		}
		kindNode = kn
	}
	var v *yaml.Node
	if kindNode == nil {
		// A misspelt kind (asume:) was reported with its hint; its body
		// is read as the kind suggested, so its problems are reported too.
		kind, k, gv := f.guessKind(stepKinds)
		if k == nil {
			l.errf(n, "step needs one of %s", strings.Join(stepKinds, ", "))
			return s
		}
		if gv == nil {
			return s
		}
		s.Kind, v = StepKind(kind), gv
	} else {
		s.Kind = StepKind(kindNode.Value)
		v = f.get(kindNode.Value)
		if v == nil {
			l.errf(f.vals[indexOf(f.keys, kindNode.Value)], "step.%s: a value is required, got null", kindNode.Value)
			return s
		}
	}
	switch s.Kind {
	case StepAssume:
		s.Assume = l.assume(v, st, w)
	case StepAdvance:
		s.Advance = l.advance(v, st)
	case StepCall:
		s.Call = l.call(v, st, w)
	case StepWhoAmI:
		s.WhoAmI = l.whoami(v, st, w)
	case StepGetSessionToken, StepGetFederationToken, StepServiceAssume, StepConsoleSignIn, StepSwitchRole, StepWebIdentity, StepSAML:
		l.credentialStep(s, v, st, w)
	default:
		s.Change = l.change(s.Kind, v, w)
	}
	rv := f.get("repeat")
	if f.key("repeat") == nil {
		_, rv = f.guess("repeat")
	}
	if rv != nil {
		s.Repeat = l.repeat(rv, s.Kind, st)
	}
	ek, ev := f.key("expect"), f.get("expect")
	if ek == nil {
		ek, ev = f.guess("expect")
	}
	if ev != nil {
		if s.Kind == StepAdvance {
			l.errf(ek, "expect does not apply to an advance step")
		} else if rv != nil {
			s.Expect = l.repeatExpect(ev, s.Repeat)
		} else {
			s.Expect = l.expect(ev, s.Kind)
		}
	}
	return s
}

// credentials resolves an `as` reference: a declared user's ARN, a declared
// account's root ARN, or the id of an earlier step that issues credentials.
func (l *loader) credentials(n *yaml.Node, path string, st *stepState, w *world) Credentials {
	c := Credentials{Pos: l.pos(n)}
	if l.scalar(n, path) == nil {
		return c
	}
	v := n.Value
	if strings.HasPrefix(v, "arn:") {
		c.ARN = v
		if acct, ok := strings.CutPrefix(v, "arn:aws:iam::"); ok {
			if id, ok := strings.CutSuffix(acct, ":root"); ok && isAccountID(id) {
				if w.accounts[id] == nil {
					l.errf(n, "%s: account %s is not declared in accounts", path, id)
				}
				return c
			}
		}
		if _, _, _, ok := splitIAMARN(v, "user"); !ok {
			l.errf(n, "%s: %q is neither a user ARN, a root ARN (arn:aws:iam::ACCOUNT:root) nor a step id", path, v)
		} else if w.users[v] == nil {
			l.errf(n, "%s: no user %s is declared (the ARN must include the user's path)", path, v)
		}
		return c
	}
	c.Step = v
	prev := st.ids[v]
	if prev == nil || prev == st.current || !prev.Kind.IssuesCredentials() {
		l.errf(n, "%s: step %q is not an earlier step that issues credentials", path, v)
		return c
	}
	if prev.Expect != nil && prev.Expect.Error != "" {
		l.errf(n, "%s: step %q is expected to fail with %s, so it yields no credentials", path, v, prev.Expect.Error)
	}
	return c
}

func (l *loader) assume(n *yaml.Node, st *stepState, w *world) *AssumeStep {
	f := l.object(n, "assume", assumeKeys, "as")
	if f == nil {
		return nil
	}
	a := &AssumeStep{}
	if v := f.get("as"); v != nil {
		a.As = l.credentials(v, "assume.as", st, w)
	}
	a.RoleArn = l.strPtr(f, "role_arn")
	a.RoleSessionName = l.strPtr(f, "role_session_name")
	a.DurationSeconds = l.strPtr(f, "duration_seconds")
	if v := f.get("policy"); v != nil {
		a.Policy = l.sessionPolicy(v, "assume.policy")
	}
	a.PolicyArns = l.refs(f, "policy_arns")
	if v := f.get("tags"); v != nil {
		a.Tags = l.tags(v, "assume.tags", false)
	}
	a.TransitiveTagKeys = l.refs(f, "transitive_tag_keys")
	a.ExternalID = l.strPtr(f, "external_id")
	a.SerialNumber = l.strPtr(f, "serial_number")
	a.TokenCode = l.strPtr(f, "token_code")
	a.SourceIdentity = l.strPtr(f, "source_identity")
	return a
}

func (l *loader) advance(n *yaml.Node, st *stepState) *AdvanceStep {
	a := &AdvanceStep{}
	if n.Kind == yaml.MappingNode {
		f := l.object(n, "advance", advanceKeys, "to")
		if f == nil {
			return nil
		}
		v := f.get("to")
		if v == nil {
			return a
		}
		t, ok := l.timestamp(v, "advance.to")
		if !ok {
			return a
		}
		a.To = t
		if t.Before(st.clock) {
			l.errf(v, "advance.to: %s is before the fake clock's time at this step, %s: time only moves forward", t.Format(time.RFC3339), st.clock.Format(time.RFC3339))
		} else if !l.clockOutOfRange(v, "advance.to: "+v.Value, t) {
			st.clock = t
		}
		return a
	}
	if n.Kind != yaml.ScalarNode {
		l.typeErr(n, "advance", durationExpected+" or a map {to: RFC 3339 time}")
		return nil
	}
	d, ok := l.duration(n, "advance")
	if !ok {
		return nil
	}
	if d <= 0 {
		l.errf(n, "advance: the duration must be positive, got %s", n.Value)
		return nil
	}
	a.By = d
	if next := st.clock.Add(d); !l.clockOutOfRange(n, "advance: "+n.Value+" from "+st.clock.Format(time.RFC3339), next) {
		st.clock = next
	}
	return a
}

func (l *loader) call(n *yaml.Node, st *stepState, w *world) *CallStep {
	f := l.object(n, "call", callKeys, "as", "action")
	if f == nil {
		return nil
	}
	if act, _ := l.str(f, "action"); f.get("resource") == nil && act != "" && !ResourcelessAction(act) {
		l.errf(n, "missing required key %q in call (only actions that take no resource, such as s3:ListAllMyBuckets, may omit it)", "resource")
	}
	c := &CallStep{}
	if v := f.get("as"); v != nil {
		c.As = l.credentials(v, "call.as", st, w)
	}
	if act, v := l.str(f, "action"); v != nil {
		c.Action = act
		if !isActionName(act) {
			l.errf(v, "call.action: %q is not an action like s3:GetObject", act)
		}
	}
	if res, v := l.str(f, "resource"); v != nil {
		c.Resource = res
		if res == "" {
			l.errf(v, "call.resource: must not be empty")
		}
	}
	if v := f.get("context"); v != nil {
		seen := make(map[string]*yaml.Node)
		for _, e := range l.entries(v, "call.context") {
			key := e.key.Value
			lk := strings.ToLower(key)
			if prev := seen[lk]; prev != nil {
				l.errf(e.key, "call.context: duplicate condition key %q (first at line %d, column %d; condition keys are case-insensitive)", key, prev.Line, prev.Column)
				continue
			}
			seen[lk] = e.key
			if why := policy.RequestKey(key); why != "" {
				// Only what a caller really controls may be set: a forged
				// aws:PrincipalOrgID would pass an org-only policy.
				l.errf(e.key, "call.context: %s cannot be set by a request: %s", key, why)
				continue
			}
			cv := ContextValue{Pos: l.pos(e.key), Key: key}
			path := "call.context." + key
			switch {
			case e.val.Kind == yaml.SequenceNode:
				cv.Values = make([]string, 0, len(e.val.Content))
				for i, it := range e.val.Content {
					if l.contextScalar(it, itemPath(path, i)) {
						cv.Values = append(cv.Values, it.Value)
					}
				}
			case l.contextScalar(e.val, path):
				cv.Values = []string{e.val.Value}
			default:
				continue
			}
			c.Context = append(c.Context, cv)
		}
	}
	return c
}

func (l *loader) contextScalar(n *yaml.Node, path string) bool {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		l.typeErr(n, path, "a string or a list of strings")
		return false
	}
	return true
}

func (l *loader) whoami(n *yaml.Node, st *stepState, w *world) *WhoAmIStep {
	if n.Kind == yaml.MappingNode {
		f := l.object(n, "whoami", whoamiKeys, "as")
		if f == nil {
			return nil
		}
		wa := &WhoAmIStep{}
		if v := f.get("as"); v != nil {
			wa.As = l.credentials(v, "whoami.as", st, w)
		}
		return wa
	}
	if n.Kind != yaml.ScalarNode {
		l.typeErr(n, "whoami", "a credentials reference or a map {as: ...}")
		return nil
	}
	return &WhoAmIStep{As: l.credentials(n, "whoami", st, w)}
}

func (l *loader) expect(n *yaml.Node, kind StepKind) *Expect {
	f := l.object(n, "expect", expectKeys)
	if f == nil {
		return nil
	}
	e := &Expect{Pos: l.pos(n)}
	applies := expectKeysFor(kind)
	for i, k := range f.keys {
		kn := f.keyN[i]
		if kn == nil {
			continue
		}
		if !slices.Contains(applies, k) {
			l.errf(kn, "expect.%s does not apply to %s %s step", k, article(string(kind)), kind)
		}
	}
	hasError := f.get("error") != nil
	for _, k := range expectFailureKeys {
		if kn := f.key(k); kn != nil && !hasError && slices.Contains(applies, k) {
			l.errf(kn, "expect.%s describes a failure and needs expect.error", k)
		}
	}
	if hasError {
		for _, k := range expectSuccessKeys {
			if kn := f.key(k); kn != nil && slices.Contains(applies, k) {
				l.errf(kn, "expect.%s describes a success and cannot be combined with expect.error", k)
			}
		}
	}
	if s, v := l.str(f, "error"); v != nil {
		e.Error = s
		if !isErrorCode(s) {
			l.errf(v, "expect.error: %q is not an AWS error code like AccessDenied", s)
		}
	}
	e.Message, _ = l.str(f, "message")
	if b := l.boolean(f, "message_any_order"); b != nil {
		e.MessageAnyOrder = *b
		if *b && f.get("message") == nil {
			l.errf(f.key("message_any_order"), "expect.message_any_order needs expect.message: it makes message match the whole error message in any order of its clauses")
		}
	}
	if s, v := l.str(f, "message_regexp"); v != nil {
		re, err := regexp.Compile(s)
		if err != nil {
			l.errf(v, "expect.message_regexp: invalid regexp: %s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
		}
		e.MessageRegexp = re
	}
	if s, v := l.str(f, "denied_by"); v != nil {
		e.DeniedBy = s
		if !slices.Contains(DeniedByKinds, s) {
			msg := "expect.denied_by: %q is not one of " + strings.Join(DeniedByKinds, ", ")
			if hint := suggest(s, DeniedByKinds); hint != "" {
				l.errf(v, msg+"; did you mean %q?", s, hint)
			} else {
				l.errf(v, msg, s)
			}
		}
	}
	if s, v := l.str(f, "deny"); v != nil {
		e.Deny = s
		if s != "explicit" && s != "implicit" {
			l.errf(v, "expect.deny: must be explicit or implicit, got %q", s)
		}
	}
	if v := f.get("expiration"); v != nil {
		if t, ok := l.timestamp(v, "expect.expiration"); ok {
			e.Expiration = &t
		}
	}
	if v := f.get("duration"); v != nil {
		if d, ok := l.duration(v, "expect.duration"); ok {
			e.Duration = &d
		}
	}
	e.Arn = l.strPtr(f, "arn")
	e.AssumedRoleID = l.strPtr(f, "assumed_role_id")
	e.SourceIdentity = l.strPtr(f, "source_identity")
	if v := f.get("packed_policy_size"); v != nil {
		switch p, ok := parseInt(v); {
		case !ok:
			l.typeErr(v, "expect.packed_policy_size", "an integer (percent)")
		case p < 0:
			l.errf(v, "expect.packed_policy_size: must not be negative, got %d", p)
		default:
			e.PackedPolicySize = &p
		}
	}
	e.Chained = l.boolean(f, "chained")
	if f.get("absent") != nil {
		e.Absent = l.absent(f, applies, kind)
	}
	if s, v := l.str(f, "account"); v != nil {
		e.Account = &s
		if !isAccountID(s) {
			l.errf(v, "expect.account: %q is not an account id: want exactly 12 digits", s)
		}
	}
	e.UserID = l.strPtr(f, "user_id")
	l.expectFederated(f, e)
	return e
}

// absent reads expect.absent: a list of response fields (AbsentFields)
// that must be missing from the response, each applying to the step's kind,
// listed once, and not also given a value in the same expect.
func (l *loader) absent(f *fields, applies []string, kind StepKind) []string {
	items := l.list(f, "absent")
	if items == nil {
		return nil
	}
	out := make([]string, 0, len(items))
	for i, it := range items {
		path := itemPath("expect.absent", i)
		if it.Kind != yaml.ScalarNode || isNull(it) {
			l.typeErr(it, path, "a response field name ("+strings.Join(AbsentFields, " or ")+")")
			continue
		}
		name := it.Value
		switch {
		case !slices.Contains(AbsentFields, name):
			msg := path + ": %q is not a response field that can be absent; want " + strings.Join(AbsentFields, " or ")
			if hint := suggest(name, AbsentFields); hint != "" {
				l.errf(it, msg+"; did you mean %q?", name, hint)
			} else {
				l.errf(it, msg, name)
			}
		case !slices.Contains(applies, name):
			l.errf(it, "%s: %s is not part of %s %s step's response", path, name, article(string(kind)), kind)
		case slices.Contains(out, name):
			l.errf(it, "%s: %s is listed twice", path, name)
		case f.get(name) != nil:
			l.errf(it, "%s: %s cannot be absent and have the value expect.%s gives", path, name, name)
		default:
			out = append(out, name)
		}
	}
	return out
}

func article(word string) string {
	if strings.IndexByte("aeiou", word[0]) >= 0 {
		return "an"
	}
	return "a"
}
