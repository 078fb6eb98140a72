package sim

import (
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// OIDCProvider is an IAM OpenID Connect identity provider of an account.
type OIDCProvider struct {
	Account *Account
	// ARN is arn:aws:iam::ACCOUNT:oidc-provider/HOST[/PATH].
	ARN string
	// URL is the issuer (https://HOST[/PATH]); Host is URL without the
	// scheme, the prefix of the provider's condition keys.
	URL       string
	Host      string
	ClientIDs []string
}

// SAMLProvider is an IAM SAML identity provider of an account.
type SAMLProvider struct {
	Account *Account
	// ARN is arn:aws:iam::ACCOUNT:saml-provider/NAME.
	ARN    string
	Name   string
	Issuer string
}

// OIDCProvider returns the OIDC provider with the given ARN, or nil.
func (w *World) OIDCProvider(providerARN string) *OIDCProvider { return w.oidc[providerARN] }

// SAMLProvider returns the SAML provider with the given ARN, or nil.
func (w *World) SAMLProvider(providerARN string) *SAMLProvider { return w.saml[providerARN] }

func oidcProviderARN(account, host string) string {
	return "arn:" + partition + ":iam::" + account + ":oidc-provider/" + host
}

func samlProviderARN(account, name string) string {
	return "arn:" + partition + ":iam::" + account + ":saml-provider/" + name
}

// buildProviders indexes the identity providers the scenario declares.
func (w *World) buildProviders(sc *scenario.Scenario) {
	w.oidc = map[string]*OIDCProvider{}
	w.saml = map[string]*SAMLProvider{}
	for _, sa := range sc.Accounts {
		acct := w.accounts[sa.ID]
		for _, p := range sa.OIDCProviders {
			host := p.Host()
			op := &OIDCProvider{Account: acct, ARN: oidcProviderARN(acct.ID, host), URL: p.URL, Host: host, ClientIDs: p.ClientIDs}
			w.oidc[op.ARN] = op
		}
		for _, p := range sa.SAMLProviders {
			sp := &SAMLProvider{Account: acct, ARN: samlProviderARN(acct.ID, p.Name), Name: p.Name, Issuer: p.Issuer}
			w.saml[sp.ARN] = sp
		}
	}
}

// authorizeTrust decides a first hop that no AWS identity signs: a service
// principal assuming a role, or a web identity or SAML token. Only the
// role's side takes part: explicit denies in RCPs and the trust policy, the
// RCPs of the role's account (when rcps is set: they do not restrict AWS
// service principals), and an Allow in the trust policy, which is required.
func (s *Sim) authorizeTrust(r *authzRequest, rcps bool, tr *Trace) *Reason {
	a := &s.az
	// The request is copied into the Sim's scratch so that the caller's
	// stays on its stack (a.r, in the Sim, would make it escape).
	s.azReq = *r
	*a = authz{r: &s.azReq, trace: tr}
	a.req = policy.Request{Action: r.action, Resource: r.resource, Principal: &r.caller.pol, Context: r.ctx}
	var d *TraceDecision
	if tr != nil {
		d = &TraceDecision{
			Action: r.action, Resource: r.resource, Caller: r.caller.arn,
			Principal: r.caller.pol, EntryStart: len(tr.Entries), ResourceAccount: r.resourceAccount.ID,
		}
		d.Context = snapshot(r.ctx)
		tr.Decisions = append(tr.Decisions, d)
	}
	rs := a.decideTrust(rcps)
	if d != nil {
		d.EntryEnd = len(tr.Entries)
		d.Denied = rs
		if rs == nil {
			d.Naming, d.Path = NamedFederated, PathFederated
			if r.caller.pol.Service != "" {
				d.Naming, d.Path = NamedService, PathService
			}
		}
	}
	a.r, a.trace, a.req = nil, nil, policy.Request{}
	return rs
}

func (a *authz) decideTrust(rcps bool) *Reason {
	r := a.r
	if rcps && r.resourceAccount.IsMember() && rcpApplies(r.action) {
		a.rcpMissing = a.levels(r.resourceAccount.Path, true, &a.rcp)
	}
	a.eval(r.resourcePolicy, &a.res, nil)
	switch {
	case a.rcp.denyRef != nil:
		return a.deny(KindRCP, &a.rcp, true)
	case a.res.denyRef != nil:
		return a.deny(KindTrustPolicy, &a.res, true)
	case a.rcpMissing != nil:
		rs := a.deny(KindRCP, &a.rcp, false)
		rs.Detail = "no RCP attached to " + describeNode(a.rcpMissing) + " allows it"
		return rs
	case !a.ok(&a.res):
		return a.deny(KindTrustPolicy, &a.res, false)
	}
	if a.known != nil {
		a.take(&a.rcp)
	}
	return nil
}

// issueRoleSession completes a role session issued by another operation than
// AssumeRole (its identity, issue instant and expiry) and registers it.
func (s *Sim) issueRoleSession(sess *Session, now time.Time, seconds int32) {
	issued := now.Truncate(time.Second)
	sess.Account = sess.Role.Account
	sess.RoleID = sess.Role.ID
	sess.IssuedAt = issued
	sess.Expiration = issued.Add(time.Duration(seconds) * time.Second)
	s.identifyRoleSession(sess)
}

// register gives a session its credentials and records it.
func (s *Sim) register(sess *Session) {
	key, secret, token := s.newSessionCredentials()
	sess.Credentials = Credentials{AccessKeyID: key, SecretAccessKey: secret, SessionToken: token, Expiration: sess.Expiration}
	s.record(key, sess)
}
