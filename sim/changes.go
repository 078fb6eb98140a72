package sim

import (
	"strings"

	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// World changes: what the IAM operations share (this file), the role
// operations (changes_roles.go), the user, group and access key operations
// (changes_users.go), the Organizations operations (org_changes.go), the
// world's copy on write (world_copy.go) and the policies a deleted
// principal leaves naming no one (stale.go). Changes apply at the clock's
// current instant with AWS's consequences (reference §9):
//
//   - permission changes (identity policies, SCPs, RCPs, the organization
//     path) apply at once to every existing session: every request is
//     evaluated against the current policies;
//   - trust policy and MaxSessionDuration changes apply only to later
//     AssumeRole calls; issued sessions keep their expiry;
//   - a deleted role's sessions fail with InvalidClientTokenId from then on,
//     even after a role of the same name is created again (it gets a new
//     unique id);
//   - a trust or resource policy naming a deleted role by ARN stops naming
//     it: IAM stored the role's unique id, not its ARN, so a recreated role
//     of that name is not admitted until the policy is saved again.
//     aws:PrincipalArn conditions compare ARNs and keep working.
//
// Copy on write: the World a Sim starts from is shared and never modified.
// The first change makes the Sim clone it (accounts, users, roles,
// resources, the organization tree) and from then on the Sim works on its
// own copy; Sims that change nothing never copy anything, so AssumeRole's
// hot path is unaffected. A World the Sim has handed out, directly (World)
// or through what points into it (an issued Session's Role, User and
// Account, CreateRole's Role), is shared again: the next change clones it
// rather than modify what a caller may be reading. Changes in a row with
// nothing handed out between them modify the Sim's copy in place.

// Error codes of the IAM and Organizations operations.
const (
	CodeNoSuchEntity        Code = "NoSuchEntity"
	CodeEntityAlreadyExists Code = "EntityAlreadyExists"
	CodeDeleteConflict      Code = "DeleteConflict"
	CodeLimitExceeded       Code = "LimitExceeded"
	CodeInvalidInput        Code = "InvalidInput"
)

// change runs one world change under the Sim's lock and returns its
// error; a nil *Error is a nil error, not a typed nil in the interface.
func (s *Sim) change(f func() *Error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := f(); err != nil {
		return err
	}
	return nil
}

func iamError(code Code, status int, msg string) *Error {
	return &Error{Code: code, HTTPStatus: status, Message: msg}
}

func noSuchEntity(msg string) *Error  { return iamError(CodeNoSuchEntity, 404, msg) }
func limitExceeded(msg string) *Error { return iamError(CodeLimitExceeded, 409, msg) }

// changeState is a Sim's state for world changes.
type changeState struct {
	// owned tells that s.world is this Sim's own copy and that nothing
	// pointing into it has been handed out since it was made, except the
	// sessions counted in issued (handOut).
	owned bool
	// issued is the Sim's count of issued sessions when it last copied the
	// world: a session issued since points into the world.
	issued int
	// deleted counts the deleted roles of each ARN, so that a role created
	// again with that ARN gets a new unique id.
	deleted map[string]int
}

// iamAccount resolves the account an IAM request acts on.
func (s *Sim) iamAccount(id string) (*Account, *Error) {
	if a := s.world.accounts[id]; a != nil {
		return a, nil
	}
	return nil, noSuchEntity("The account " + id + " cannot be found.")
}

// IAM request schema checks, with IAM's ValidationError messages.
func validateIAMName(member, v string, max int) *Error {
	var vd validator
	vd.str(member, &v, true, 1, max, csIAMName)
	if len(vd.vs) > 0 {
		return schemaError(vd.vs)
	}
	return nil
}

var csIAMName = newCharset(`[\w+=,.@-]+`, isNameByte, nil)

var csIAMPath = newCharset(`(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, func(b byte) bool { return b >= 0x21 && b <= 0x7E }, nil)

// document compiles a policy document sent to IAM (unless the scenario
// loader already did) and measures it as IAM does.
func document(text string, pre *policy.Policy, kind policy.Kind) (*policy.Policy, int, *Error) {
	size := policySize(text)
	if pre != nil {
		return pre, size, nil
	}
	if _, err := policy.ParseJSON([]byte(text)); err != nil {
		return nil, 0, &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: "This policy contains invalid Json"}
	}
	doc, errs := policy.CompileJSON(text, kind)
	if len(errs) > 0 {
		return nil, 0, &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: errs[0].Message}
	}
	return doc, size, nil
}

// policySize is a policy's length as IAM counts it: characters, whitespace
// not counted.
func policySize(text string) int {
	n := 0
	for _, r := range text {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

// checkPrincipals rejects a trust policy naming an IAM user or role that
// does not exist in an account the world knows, as IAM does when it saves
// the policy (it stores the principal's unique id, so the principal must
// exist).
func (w *World) checkPrincipals(doc *policy.Policy) *Error {
	for _, st := range doc.Statements {
		for _, p := range st.Principals() {
			if p.Type != "AWS" {
				continue
			}
			a, err := arn.Parse(p.Value)
			if err != nil || a.Service != "iam" || w.accounts[a.Account] == nil {
				continue
			}
			kind, _, _ := strings.Cut(a.Resource, "/")
			switch {
			case kind == "role" && w.roles[p.Value] == nil, kind == "user" && w.users[p.Value] == nil:
				return &Error{Code: CodeMalformedPolicyDocument, HTTPStatus: 400, Message: "Invalid principal in policy: \"AWS\":\"" + p.Value + "\""}
			}
		}
	}
	return nil
}
