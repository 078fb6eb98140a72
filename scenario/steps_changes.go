package scenario

import (
	"time"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

// This file reads the steps that change the world (ChangeKinds) and the
// repeat form of request steps.

// changeKindNames are the change step kinds as YAML keys.
var changeKindNames = func() []string {
	out := make([]string, len(ChangeKinds))
	for i, k := range ChangeKinds {
		out[i] = string(k)
	}
	return out
}()

// changeSchema is the keys a change step's map accepts and the ones it
// requires. Keys are the request parameters of the IAM or Organizations
// operation in snake_case, plus account: the account whose IAM an IAM
// operation acts on.
type changeSchema struct {
	keys     []string
	required []string
}

var changeSchemas = map[StepKind]changeSchema{
	StepCreateRole: {
		[]string{"account", "role_name", "path", "assume_role_policy_document", "max_session_duration", "description", "tags"},
		[]string{"account", "role_name", "assume_role_policy_document"}},
	StepDeleteRole:             {[]string{"account", "role_name"}, []string{"account", "role_name"}},
	StepUpdateRole:             {[]string{"account", "role_name", "max_session_duration", "description"}, []string{"account", "role_name"}},
	StepUpdateAssumeRolePolicy: {[]string{"account", "role_name", "policy_document"}, []string{"account", "role_name", "policy_document"}},
	StepAttachRolePolicy:       {[]string{"account", "role_name", "policy_arn"}, []string{"account", "role_name", "policy_arn"}},
	StepDetachRolePolicy:       {[]string{"account", "role_name", "policy_arn"}, []string{"account", "role_name", "policy_arn"}},
	StepPutRolePolicy: {
		[]string{"account", "role_name", "policy_name", "policy_document"},
		[]string{"account", "role_name", "policy_name", "policy_document"}},
	StepDeleteRolePolicy:   {[]string{"account", "role_name", "policy_name"}, []string{"account", "role_name", "policy_name"}},
	StepRevokeRoleSessions: {[]string{"account", "role_name"}, []string{"account", "role_name"}},
	StepMoveAccount: {
		[]string{"account_id", "source_parent_id", "destination_parent_id"},
		[]string{"account_id", "destination_parent_id"}},
	StepAttachPolicy: {[]string{"policy_id", "target_id"}, []string{"policy_id", "target_id"}},
	StepDetachPolicy: {[]string{"policy_id", "target_id"}, []string{"policy_id", "target_id"}},
	// Users, groups and access keys (issue 10).
	StepPutUserPolicy: {
		[]string{"account", "user_name", "policy_name", "policy_document"},
		[]string{"account", "user_name", "policy_name", "policy_document"}},
	StepDeleteUserPolicy: {[]string{"account", "user_name", "policy_name"}, []string{"account", "user_name", "policy_name"}},
	StepAttachUserPolicy: {[]string{"account", "user_name", "policy_arn"}, []string{"account", "user_name", "policy_arn"}},
	StepDetachUserPolicy: {[]string{"account", "user_name", "policy_arn"}, []string{"account", "user_name", "policy_arn"}},
	StepPutGroupPolicy: {
		[]string{"account", "group_name", "policy_name", "policy_document"},
		[]string{"account", "group_name", "policy_name", "policy_document"}},
	StepDeleteGroupPolicy:   {[]string{"account", "group_name", "policy_name"}, []string{"account", "group_name", "policy_name"}},
	StepAttachGroupPolicy:   {[]string{"account", "group_name", "policy_arn"}, []string{"account", "group_name", "policy_arn"}},
	StepDetachGroupPolicy:   {[]string{"account", "group_name", "policy_arn"}, []string{"account", "group_name", "policy_arn"}},
	StepAddUserToGroup:      {[]string{"account", "group_name", "user_name"}, []string{"account", "group_name", "user_name"}},
	StepRemoveUserFromGroup: {[]string{"account", "group_name", "user_name"}, []string{"account", "group_name", "user_name"}},
	// access_key_id may be left out: the user's own access key.
	StepUpdateAccessKey: {[]string{"account", "user_name", "access_key_id", "status"}, []string{"account", "user_name", "status"}},
	StepDeleteAccessKey: {[]string{"account", "user_name", "access_key_id"}, []string{"account", "user_name"}},
}

// changeExpectKeys are the expect keys a change step accepts.
var changeExpectKeys = []string{"error", "message", "message_any_order", "message_regexp"}

// expectKeysFor returns the expect keys that apply to a step kind.
func expectKeysFor(kind StepKind) []string {
	if kind.IsChange() {
		return changeExpectKeys
	}
	return expectApplies[kind]
}

// change reads a change step. Parameters are kept as written for the
// simulator to validate as IAM and Organizations do; the loader checks
// types, that accounts are declared, and compiles policy documents (their
// problems are load errors, positioned as for every other policy).
func (l *loader) change(kind StepKind, n *yaml.Node, w *world) *ChangeStep {
	schema := changeSchemas[kind]
	f := l.object(n, string(kind), schema.keys, schema.required...)
	if f == nil {
		return nil
	}
	c := &ChangeStep{}
	for _, k := range schema.keys {
		v := f.get(k)
		if v == nil {
			continue
		}
		path := f.path(k)
		switch k {
		case "account", "account_id":
			if s := l.scalar(v, path); s != nil {
				c.Account = s.Value
				if !isAccountID(s.Value) {
					l.errf(v, "%s: %q is not an account id: want exactly 12 digits", path, s.Value)
				} else if w.accounts[s.Value] == nil {
					l.errf(v, "%s: account %s is not declared in accounts", path, s.Value)
				}
			}
		case "role_name":
			c.RoleName, _ = l.str(f, k)
		case "user_name":
			c.UserName, _ = l.str(f, k)
		case "group_name":
			c.GroupName, _ = l.str(f, k)
		case "access_key_id":
			c.AccessKeyID = l.strPtr(f, k)
		case "status":
			c.Status, _ = l.str(f, k)
		case "path":
			c.Path = l.strPtr(f, k)
		case "description":
			c.Description = l.strPtr(f, k)
		case "policy_arn":
			c.PolicyArn, _ = l.str(f, k)
		case "policy_name":
			c.PolicyName, _ = l.str(f, k)
		case "policy_id":
			c.PolicyID, _ = l.str(f, k)
		case "target_id":
			c.TargetID, _ = l.str(f, k)
		case "source_parent_id":
			c.SourceParentID, _ = l.str(f, k)
		case "destination_parent_id":
			c.DestinationParentID, _ = l.str(f, k)
		case "max_session_duration":
			if secs, ok := l.seconds(v, path); ok {
				c.MaxSessionDuration = &secs
			}
		case "tags":
			c.Tags = l.tags(v, path, true)
		case "assume_role_policy_document":
			c.Document = l.changeDoc(v, path, policy.KindTrust)
		case "policy_document":
			docKind := policy.KindIdentity // put_role_policy, put_user_policy, put_group_policy
			if kind == StepUpdateAssumeRolePolicy {
				docKind = policy.KindTrust
			}
			c.Document = l.changeDoc(v, path, docKind)
		}
	}
	return c
}

// seconds reads a duration of whole seconds in any of the forms every
// duration key takes (duration.go). Range checks are the simulator's
// (IAM's ValidationError).
func (l *loader) seconds(n *yaml.Node, path string) (int, bool) { return l.wholeSeconds(n, path) }

// changeDoc reads and compiles a change step's policy document; problems
// are load errors, as for the world's policies, except that a JSON string
// that is not JSON at all is sent as written: IAM refuses it when the step
// runs (MalformedPolicyDocument "This policy contains invalid Json"), which
// is the step's outcome.
func (l *loader) changeDoc(n *yaml.Node, path string, kind policy.Kind) *PolicyDocument {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
		if _, err := policy.ParseJSON([]byte(n.Value)); err != nil {
			return &PolicyDocument{Pos: l.pos(n), Text: n.Value}
		}
	}
	p := l.policyDoc(n, path, kind)
	info, ok := l.docs[p]
	if p == nil || !ok {
		return nil
	}
	return &PolicyDocument{Pos: info.pos, Text: info.text, Document: p, Size: info.size}
}

var repeatKeys = []string{"count", "over"}

// Bounds of the repeat form: enough for any burst a quota lesson needs,
// small enough that a scenario always runs in moments.
const (
	maxRepeatCount = 100_000
	maxRepeatOver  = 24 * time.Hour
	// maxRepeatTotal bounds the requests all the repeated steps of a
	// scenario send together.
	maxRepeatTotal = 1_000_000
)

// repeat reads a step's repeat: a count (`repeat: 700`) or a map
// {count, over}. Spreading over an interval moves the step walk's clock.
func (l *loader) repeat(n *yaml.Node, kind StepKind, st *stepState) *Repeat {
	r := &Repeat{Pos: l.pos(n)}
	countNode, overNode := n, n
	if n.Kind == yaml.MappingNode {
		f := l.object(n, "repeat", repeatKeys, "count")
		if f == nil {
			return nil
		}
		countNode = f.get("count")
		if v := f.get("over"); v != nil {
			overNode = v
			if d, ok := l.duration(v, "repeat.over"); ok {
				switch {
				case d <= 0:
					l.errf(v, "repeat.over: the interval must be positive, got %s", v.Value)
				case d > maxRepeatOver:
					l.errf(v, "repeat.over: at most %s, got %s", maxRepeatOver, v.Value)
				default:
					r.Over = d
				}
			}
		}
		if countNode == nil {
			return nil // missing or null count already reported
		}
	}
	switch v, ok := parseInt(countNode); {
	case !ok:
		l.typeErr(countNode, "repeat.count", "a positive integer")
		return nil
	case v < 1 || v > maxRepeatCount:
		l.errf(countNode, "repeat.count: must be 1 to %d, got %d", maxRepeatCount, v)
		return nil
	default:
		r.Count = v
	}
	if kind != StepAssume && kind != StepCall && kind != StepWhoAmI {
		l.errf(n, "repeat applies only to assume, call and whoami steps, not %s", kind)
		return nil
	}
	before := l.repeated
	l.repeated += r.Count
	if before <= maxRepeatTotal && l.repeated > maxRepeatTotal {
		l.errf(countNode, "repeat.count: with these %d, the scenario's repeated steps send %d requests in all, more than the %d allowed", r.Count, l.repeated, maxRepeatTotal)
		return nil
	}
	if next := st.clock.Add(r.Over); !l.clockOutOfRange(overNode, "repeat.over: "+overNode.Value+" from "+st.clock.Format(time.RFC3339), next) {
		st.clock = next
	}
	return r
}

var repeatExpectKeys = []string{"succeeded", "throttled", "failed"}

// repeatExpect reads the expect block of a repeated step: counts of
// outcomes, each checked only when given; together they may not exceed the
// repeat count, and all three must add up to it.
func (l *loader) repeatExpect(n *yaml.Node, r *Repeat) *Expect {
	f := l.object(n, "expect", append(append([]string(nil), expectKeys...), repeatExpectKeys...))
	if f == nil {
		return nil
	}
	e := &Expect{Pos: l.pos(n)}
	for i, k := range f.keys {
		if kn := f.keyN[i]; kn != nil && indexOf(repeatExpectKeys, k) < 0 {
			l.errf(kn, "expect.%s does not apply to a repeated step: it expects succeeded, throttled and failed counts", k)
		}
	}
	sum, all := 0, true
	for _, k := range repeatExpectKeys {
		v := f.get(k)
		if v == nil {
			all = false
			continue
		}
		c, ok := parseInt(v)
		switch {
		case !ok:
			l.typeErr(v, "expect."+k, "a count (integer)")
			return e
		case c < 0:
			l.errf(v, "expect.%s: must not be negative, got %d", k, c)
			return e
		}
		sum += c
		switch k {
		case "succeeded":
			e.Succeeded = &c
		case "throttled":
			e.Throttled = &c
		case "failed":
			e.Failed = &c
		}
	}
	if r == nil {
		return e
	}
	switch {
	case sum > r.Count:
		l.errf(n, "expect: the counts add up to %d, more than the %d repeated requests", sum, r.Count)
	case all && sum != r.Count:
		l.errf(n, "expect: succeeded, throttled and failed add up to %d, not to the %d repeated requests", sum, r.Count)
	}
	return e
}
