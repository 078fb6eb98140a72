package scenario

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

// This file reads the scenario's settings, the identity providers declared
// in accounts, and checks trust policies that name them.

var (
	settingsKeys     = []string{"mfa_in_role_sessions", "github_sub_check", "oidc_custom_claims"}
	oidcProviderKeys = []string{"url", "client_ids", "thumbprints"}
	samlProviderKeys = []string{"name", "issuer"}
	mfaRules         = []string{string(MFAFromCaller), string(MFAFromCallerOrRequest), string(MFANever)}
)

// IAM limits on identity providers.
const (
	maxOIDCURL         = 255
	maxClientIDs       = 100
	maxClientID        = 255
	maxThumbprints     = 5
	maxSAMLName        = 128
	maxSAMLIssuer      = 1024
	gitHubOIDCHost     = "token.actions.githubusercontent.com"
	gitHubTrustMessage = "Trust policy with trusted principal ARN must evaluate, using StringEquals, StringLike or StringEqualsIgnoreCase, " +
		"token.actions.githubusercontent.com:sub or token.actions.githubusercontent.com:job_workflow_ref which is not scoped to all."
)

// settings reads the optional top-level settings map; absent keys keep
// their defaults.
func (l *loader) settings(n *yaml.Node) Settings {
	s := Settings{MFAInRoleSessions: MFAFromCaller, GitHubSubCheck: true}
	if n == nil {
		return s
	}
	s.Pos = l.pos(n)
	f := l.object(n, "settings", settingsKeys)
	if f == nil {
		return s
	}
	if v, vn := l.str(f, "mfa_in_role_sessions"); vn != nil {
		if slices.Contains(mfaRules, v) {
			s.MFAInRoleSessions = MFAPropagation(v)
		} else {
			l.errf(vn, "settings.mfa_in_role_sessions: %q is not one of %s", v, strings.Join(mfaRules, ", "))
		}
	}
	if b := l.boolean(f, "github_sub_check"); b != nil {
		s.GitHubSubCheck = *b
	}
	if b := l.boolean(f, "oidc_custom_claims"); b != nil {
		s.OIDCCustomClaims = *b
	}
	return s
}

// identityProviders reads an account's oidc_providers and saml_providers.
func (l *loader) identityProviders(f *fields, a *Account) {
	seen := make(map[string]*yaml.Node)
	for _, it := range l.list(f, "oidc_providers") {
		if p := l.oidcProvider(it, a, seen); p != nil {
			a.OIDCProviders = append(a.OIDCProviders, p)
		}
	}
	seen = make(map[string]*yaml.Node)
	for _, it := range l.list(f, "saml_providers") {
		pf := l.object(it, "saml_provider", samlProviderKeys, "name", "issuer")
		if pf == nil {
			continue
		}
		p := &SAMLProvider{Pos: l.pos(it)}
		if name, v := l.str(pf, "name"); v != nil {
			p.Name = name
			if why := checkSAMLProviderName(name); why != "" {
				l.errf(v, "saml_provider.name: %q is not a valid SAML provider name: %s", name, why)
			}
			l.unique(seen, name, v, "SAML provider", a.ID)
		}
		if iss, v := l.str(pf, "issuer"); v != nil {
			p.Issuer = iss
			if iss == "" || len(iss) > maxSAMLIssuer {
				l.errf(v, "saml_provider.issuer: must be 1 to %d characters (the IdP's entity id)", maxSAMLIssuer)
			}
		}
		a.SAMLProviders = append(a.SAMLProviders, p)
	}
}

func (l *loader) oidcProvider(n *yaml.Node, a *Account, seen map[string]*yaml.Node) *OIDCProvider {
	f := l.object(n, "oidc_provider", oidcProviderKeys, "url")
	if f == nil {
		return nil
	}
	p := &OIDCProvider{Pos: l.pos(n)}
	if u, v := l.str(f, "url"); v != nil {
		p.URL = u
		if why := checkOIDCURL(u); why != "" {
			l.errf(v, "oidc_provider.url: %q is not a valid provider URL: %s", u, why)
		} else if prev := seen[p.Host()]; prev != nil {
			l.errf(v, "duplicate OIDC provider %s in account %s (first at line %d, column %d)", p.Host(), a.ID, prev.Line, prev.Column)
		} else {
			seen[p.Host()] = v
		}
	}
	ids := l.refs(f, "client_ids")
	if len(ids) > maxClientIDs {
		l.diags.Add(ids[maxClientIDs].Pos, "oidc_provider.client_ids: at most %d client ids, got %d", maxClientIDs, len(ids))
	}
	for _, r := range ids {
		if r.Value == "" || len(r.Value) > maxClientID {
			l.diags.Add(r.Pos, "oidc_provider.client_ids: a client id is 1 to %d characters", maxClientID)
		}
		p.ClientIDs = append(p.ClientIDs, r.Value)
	}
	prints := l.refs(f, "thumbprints")
	if len(prints) > maxThumbprints {
		l.diags.Add(prints[maxThumbprints].Pos, "oidc_provider.thumbprints: at most %d thumbprints, got %d", maxThumbprints, len(prints))
	}
	for _, r := range prints {
		if !isHex(r.Value, 40) {
			l.diags.Add(r.Pos, "oidc_provider.thumbprints: %q is not a thumbprint: want 40 hexadecimal digits", r.Value)
		}
		p.Thumbprints = append(p.Thumbprints, r.Value)
	}
	return p
}

// checkOIDCURL checks an OIDC provider URL: https://, a host, an optional
// path, at most 255 characters, no query or fragment.
func checkOIDCURL(u string) string {
	rest, ok := strings.CutPrefix(u, "https://")
	switch {
	case !ok:
		return "it must begin with https://"
	case len(u) > maxOIDCURL:
		return "it is longer than 255 characters"
	case rest == "" || rest[0] == '/':
		return "it has no host"
	case strings.ContainsAny(rest, "?#@ \t") || strings.HasSuffix(rest, "/"):
		return "it may not have a query, a fragment, credentials, spaces or a trailing slash"
	}
	return ""
}

func checkSAMLProviderName(s string) string {
	if s == "" || len(s) > maxSAMLName {
		return "it must be 1 to 128 characters"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isIAMNameChar(c) && c != '+' && c != '=' && c != ',' && c != '@') {
			return "it may contain only letters, digits and ._-"
		}
	}
	return ""
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// IsServicePrincipal tells whether name looks like an AWS service
// principal: lower-case DNS labels ending in .amazonaws.com (or
// .amazonaws.com.cn), such as ec2.amazonaws.com.
func IsServicePrincipal(name string) bool {
	host, ok := strings.CutSuffix(name, ".amazonaws.com")
	if !ok {
		host, ok = strings.CutSuffix(name, ".amazonaws.com.cn")
	}
	if !ok || host == "" || host[0] == '.' || host[0] == '-' {
		return false
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// checkFederatedTrust checks, after every account is loaded, the trust
// policies that name identity providers: a provider in a declared account
// must be declared there (IAM refuses principals that do not exist), and,
// unless settings.github_sub_check is false, a role trusting GitHub's OIDC
// provider must test its sub (or job_workflow_ref) claim.
func (l *loader) checkFederatedTrust(s *Scenario) {
	accounts := make(map[string]*Account, len(s.Accounts))
	for _, a := range s.Accounts {
		accounts[a.ID] = a
	}
	for _, a := range s.Accounts {
		for _, r := range a.Roles {
			if r.TrustPolicy == nil {
				continue
			}
			for _, st := range r.TrustPolicy.Statements {
				for _, p := range st.Principals() {
					if p.Type == "AWS" {
						if missingPrincipal(p.Value, accounts) {
							pos := r.Pos
							if p.Pos.Line > 0 {
								pos = Pos{File: r.Pos.File, Line: p.Pos.Line, Col: p.Pos.Col}
							}
							l.diags.AddCode(pos, DiagPolicy, "role %s: trust_policy: MalformedPolicyDocument: Invalid principal in policy: \"AWS\":\"%s\" (no such %s in account %s; IAM refuses a principal that does not exist when it saves the policy)", r.Name, p.Value, principalKindWord(p.Value), p.Value[13:25])
						}
						continue
					}
					if p.Type != "Federated" {
						continue
					}
					if why := federatedPrincipalProblem(p.Value, accounts); why != "" {
						l.diags.AddCode(r.Pos, DiagPolicy, "role %s: trust_policy: MalformedPolicyDocument: Invalid principal in policy: %s (statement %s)", r.Name, why, st.Label())
						continue
					}
					if s.Settings.GitHubSubCheck && st.Effect == policy.EffectAllow && isGitHubProvider(p.Value) && !GitHubTrustScoped(st) {
						l.diags.AddCode(r.Pos, DiagPolicy, "role %s: trust_policy: MalformedPolicyDocument: %s (statement %s; settings.github_sub_check: false models a role saved before IAM checked this)", r.Name, gitHubTrustMessage, st.Label())
					}
				}
			}
		}
	}
}

// missingPrincipal reports whether v is the ARN of an IAM user or role in a
// declared account that declares no such user or role (path included).
// Principals in other accounts, account principals, assumed-role session
// ARNs and federated users are never reported: IAM stores only users' and
// roles' unique ids.
func missingPrincipal(v string, accounts map[string]*Account) bool {
	rest, ok := strings.CutPrefix(v, "arn:aws:iam::")
	if !ok || len(rest) < 13 || rest[12] != ':' {
		return false
	}
	acct := accounts[rest[:12]]
	if acct == nil {
		return false
	}
	res := rest[13:]
	switch {
	case strings.HasPrefix(res, "user/"):
		for _, u := range acct.Users {
			if "user"+u.Path+u.Name == res {
				return false
			}
		}
		return true
	case strings.HasPrefix(res, "role/"):
		for _, r := range acct.Roles {
			if "role"+r.Path+r.Name == res {
				return false
			}
		}
		return true
	}
	return false
}

func principalKindWord(v string) string {
	if strings.Contains(v, ":user/") {
		return "user"
	}
	return "role"
}

// federatedPrincipalProblem says why a Federated principal names nothing:
// an OIDC or SAML provider ARN of a declared account that declares no such
// provider. Built-in providers (accounts.google.com, ...) and providers of
// accounts outside the scenario are accepted.
func federatedPrincipalProblem(v string, accounts map[string]*Account) string {
	rest, ok := strings.CutPrefix(v, "arn:aws:iam::")
	if !ok || len(rest) < 13 || rest[12] != ':' {
		return ""
	}
	acct := accounts[rest[:12]]
	if acct == nil {
		return ""
	}
	res := rest[13:]
	if host, ok := strings.CutPrefix(res, "oidc-provider/"); ok {
		for _, p := range acct.OIDCProviders {
			if p.Host() == host {
				return ""
			}
		}
		return "account " + acct.ID + " declares no OIDC provider " + host + " (oidc_providers)"
	}
	if name, ok := strings.CutPrefix(res, "saml-provider/"); ok {
		for _, p := range acct.SAMLProviders {
			if p.Name == name {
				return ""
			}
		}
		return "account " + acct.ID + " declares no SAML provider " + name + " (saml_providers)"
	}
	return ""
}

func isGitHubProvider(v string) bool {
	_, host, ok := strings.Cut(v, ":oidc-provider/")
	return ok && (host == gitHubOIDCHost || strings.HasPrefix(host, gitHubOIDCHost+"/"))
}

// GitHubTrustScoped reports whether a trust policy statement passes IAM's
// write-time check for GitHub's OIDC provider: a StringEquals, StringLike
// or StringEqualsIgnoreCase condition on the provider's sub or
// job_workflow_ref claim with at least one value other than "*". The check
// is for presence, not breadth: repo:ORG/* passes (reference §13).
func GitHubTrustScoped(st *policy.Statement) bool {
	for _, c := range st.Conditions() {
		op := c.Operator
		if i := strings.IndexByte(op, ':'); i >= 0 {
			op = op[i+1:] // ForAnyValue: / ForAllValues:
		}
		if op != "StringEquals" && op != "StringLike" && op != "StringEqualsIgnoreCase" {
			continue
		}
		host, claim, ok := strings.Cut(c.Key, ":")
		if !ok || !(strings.EqualFold(host, gitHubOIDCHost) || strings.HasPrefix(strings.ToLower(host), gitHubOIDCHost+"/")) {
			continue
		}
		if !strings.EqualFold(claim, "sub") && !strings.EqualFold(claim, "job_workflow_ref") {
			continue
		}
		for _, v := range c.Values {
			if v != "*" {
				return true
			}
		}
	}
	return false
}
