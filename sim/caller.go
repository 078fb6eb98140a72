package sim

import (
	"time"

	"github.com/rolesim/rolesim/sim/policy"
)

// Caller resolution: the credentials of a request to the principal making
// it, in AWS's order (token binding, expiry, then the secret), for every
// operation: caller for all of them, stsCaller for STS requests (which
// also charge the rate quota), signInCaller for console sign-in (which
// stands for the password, not the access key), refuseCaller for the
// temporary credentials an STS operation does not accept at all.

// caller resolves credentials to the principal making a request, checking
// them in AWS's order: token binding, expiry, then the secret.
func (s *Sim) caller(c Credentials, now time.Time) (*principalInfo, *Error) {
	if e, found := s.sessions[c.AccessKeyID]; found {
		sess := e.issued
		if c.SessionToken != sess.Credentials.SessionToken {
			return nil, invalidClientToken()
		}
		if !now.Before(sess.Expiration) {
			return nil, expiredToken()
		}
		var live *Session // set when the principal is to be built
		if e.principal == nil {
			var ok bool
			if live, ok = s.liveSession(sess); !ok {
				return nil, invalidClientToken() // the issuing role was deleted
			}
		}
		if c.SecretAccessKey != sess.Credentials.SecretAccessKey {
			return nil, signatureMismatch()
		}
		if live != nil {
			e.principal = sessionPrincipal(s.world, live)
			s.sessions[c.AccessKeyID] = e
			s.cached = append(s.cached, c.AccessKeyID)
		}
		return e.principal, nil
	}
	if u := s.world.accessKey[c.AccessKeyID]; u != nil {
		if c.SessionToken != "" {
			return nil, invalidClientToken()
		}
		if c.SecretAccessKey != u.SecretAccessKey {
			return nil, signatureMismatch()
		}
		return &u.principal, nil
	}
	if a := s.rootKeys[c.AccessKeyID]; a != nil {
		if c.SessionToken != "" {
			return nil, invalidClientToken()
		}
		if c.SecretAccessKey != secretFor(s.world.seed+"/rootsecret/"+a.ID) {
			return nil, signatureMismatch()
		}
		p := s.roots[a.ID]
		if p == nil {
			p = rootPrincipal(s.world, a)
			s.roots[a.ID] = p
		}
		return p, nil
	}
	return nil, invalidClientToken()
}

// liveSession returns the Sim's view of a session in the current world:
// the session itself when its Role, User and Account are still the
// world's, or else a copy pointing at the world's current ones. ok is false
// when the session's role was deleted (even if a role of that name was
// created again: it has another unique id).
func (s *Sim) liveSession(sess *Session) (live *Session, ok bool) {
	w := s.world
	role, user, acct := sess.Role, sess.User, sess.Account
	if role != nil {
		role = w.roles[role.ARN]
		if role == nil || role.deleted || role.ID != sess.RoleID {
			return nil, false
		}
	}
	if user != nil {
		if u := w.users[user.ARN]; u != nil {
			user = u
		}
	}
	if acct != nil {
		if a := w.accounts[acct.ID]; a != nil {
			acct = a
		}
	}
	if role == sess.Role && user == sess.User && acct == sess.Account {
		return sess, true
	}
	cp := *sess
	cp.Role, cp.User, cp.Account = role, user, acct
	return &cp, true
}

func signatureMismatch() *Error {
	return &Error{Code: CodeSignatureDoesNotMatch, HTTPStatus: 403, Message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."}
}

// stsCaller resolves the caller of an STS request and charges the request
// to the caller's account.
func (s *Sim) stsCaller(c Credentials, now time.Time) (*principalInfo, *Error) {
	p, err := s.caller(c, now)
	if err != nil {
		return nil, err
	}
	if err := s.takeSTSToken(p.account.ID, now); err != nil {
		return nil, err
	}
	return p, nil
}

// signInCaller is caller for a console sign-in, which stands for the
// user's password: the state of the user's access key does not affect it,
// so the user's inactive or deleted key still names the user signing in.
func (s *Sim) signInCaller(c Credentials, now time.Time) (*principalInfo, *Error) {
	p, err := s.caller(c, now)
	if err == nil || err.Code != CodeInvalidClientTokenID || c.SessionToken != "" {
		return p, err
	}
	for _, a := range s.world.Accounts {
		for _, u := range a.Users {
			if u.key != keyActive && u.AccessKeyID == c.AccessKeyID {
				if c.SecretAccessKey != u.SecretAccessKey {
					return nil, signatureMismatch()
				}
				return &u.principal, nil
			}
		}
	}
	return nil, err
}

// refuseCaller rejects credentials that may not call the STS operation op
// (AssumeRole, GetSessionToken, GetFederationToken) at all.
func refuseCaller(c *principalInfo, op string) *Error {
	deny := func(msg, detail string) *Error {
		return &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: msg,
			Reason: &Reason{Action: "sts:" + op, Kind: KindIdentityPolicy, Decision: policy.ImplicitDeny, Detail: detail}}
	}
	sess := c.session
	if sess == nil {
		return nil
	}
	switch {
	case sess.Kind == SessionConsole:
		return deny("Cannot call "+op+" with console sign-in credentials",
			"a console sign-in makes console requests only; the console switches roles with Switch Role (simulator wording)")
	case op == "AssumeRole" && sess.Kind == SessionFederation:
		return deny("Cannot call AssumeRole with session credentials from GetFederationToken",
			"GetFederationToken credentials may call no STS operation but GetCallerIdentity (simulator wording; AWS's text is undocumented)")
	case op == "GetSessionToken" || op == "GetFederationToken":
		return deny("Cannot call "+op+" with session credentials",
			"temporary credentials ("+sess.Kind.String()+") cannot call "+op)
	}
	return nil
}
