package stsserver

import (
	"github.com/rolesim/rolesim/sim"
)

// operation runs one STS action: it reads the action's parameters, calls
// the Sim and writes the result element's contents.
type operation func(h *Handler, creds sim.Credentials, p params, d *doc, entry *TraceEntry) *sim.Error

// operations are the actions the endpoint serves.
var operations = map[string]operation{
	"AssumeRole":                assumeRole,
	"GetCallerIdentity":         getCallerIdentity,
	"GetSessionToken":           getSessionToken,
	"GetFederationToken":        getFederationToken,
	"AssumeRoleWithWebIdentity": assumeRoleWithWebIdentity,
	"AssumeRoleWithSAML":        assumeRoleWithSAML,
}

func assumeRole(h *Handler, creds sim.Credentials, p params, d *doc, entry *TraceEntry) *sim.Error {
	duration, err := p.int32Param("DurationSeconds")
	if err != nil {
		return err
	}
	in := &sim.AssumeRoleInput{
		RoleArn:           p.str("RoleArn"),
		RoleSessionName:   p.str("RoleSessionName"),
		DurationSeconds:   duration,
		Policy:            p.str("Policy"),
		PolicyArns:        nonEmpty(p.members("PolicyArns", ".arn")),
		Tags:              p.tags(),
		TransitiveTagKeys: nonEmpty(p.members("TransitiveTagKeys", "")),
		ExternalID:        p.str("ExternalId"),
		SerialNumber:      p.str("SerialNumber"),
		TokenCode:         p.str("TokenCode"),
		SourceIdentity:    p.str("SourceIdentity"),
	}
	out, serr := h.sim.AssumeRole(creds, in)
	if serr != nil {
		return asError(serr)
	}
	h.roleSession(d, entry, out.AssumedRoleUser, out.Credentials, out.Session, out.PackedPolicySize, out.SourceIdentity)
	return nil
}

func getCallerIdentity(h *Handler, creds sim.Credentials, _ params, d *doc, entry *TraceEntry) *sim.Error {
	out, err := h.sim.GetCallerIdentity(creds)
	if err != nil {
		return asError(err)
	}
	entry.Arn = out.Arn
	d.elem("Arn", out.Arn)
	d.elem("UserId", out.UserID)
	d.elem("Account", out.Account)
	return nil
}

func getSessionToken(h *Handler, creds sim.Credentials, p params, d *doc, entry *TraceEntry) *sim.Error {
	duration, err := p.int32Param("DurationSeconds")
	if err != nil {
		return err
	}
	out, serr := h.sim.GetSessionToken(creds, &sim.GetSessionTokenInput{
		DurationSeconds: duration,
		SerialNumber:    p.str("SerialNumber"),
		TokenCode:       p.str("TokenCode"),
	})
	if serr != nil {
		return asError(serr)
	}
	entry.IssuedAccessKeyID = out.Credentials.AccessKeyID
	entry.call.answered(out.Session, nil)
	if out.Session != nil {
		entry.Arn = out.Session.ARN
	}
	d.credentials(out.Credentials, h.expiration(out.Credentials.Expiration))
	return nil
}

func getFederationToken(h *Handler, creds sim.Credentials, p params, d *doc, entry *TraceEntry) *sim.Error {
	duration, err := p.int32Param("DurationSeconds")
	if err != nil {
		return err
	}
	out, serr := h.sim.GetFederationToken(creds, &sim.GetFederationTokenInput{
		Name:            p.str("Name"),
		DurationSeconds: duration,
		Policy:          p.str("Policy"),
		PolicyArns:      nonEmpty(p.members("PolicyArns", ".arn")),
		Tags:            p.tags(),
	})
	if serr != nil {
		return asError(serr)
	}
	entry.Arn, entry.IssuedAccessKeyID = out.FederatedUser.Arn, out.Credentials.AccessKeyID
	entry.call.answered(out.Session, out.PackedPolicySize)
	d.credentials(out.Credentials, h.expiration(out.Credentials.Expiration))
	d.open("FederatedUser")
	d.elem("FederatedUserId", out.FederatedUser.FederatedUserID)
	d.elem("Arn", out.FederatedUser.Arn)
	d.close("FederatedUser")
	d.optional(out.PackedPolicySize, nil)
	return nil
}

// roleSession records an issued role session in the trace entry and the
// trail, and writes what every AssumeRole* answer starts with:
// AssumedRoleUser, Credentials, then PackedPolicySize and SourceIdentity
// when present.
func (h *Handler) roleSession(d *doc, entry *TraceEntry, u sim.AssumedRoleUser, c sim.Credentials, s *sim.Session, packed *int32, sourceIdentity *string) {
	entry.Arn, entry.IssuedAccessKeyID = u.Arn, c.AccessKeyID
	entry.call.answered(s, packed)
	d.assumedRoleUser(u)
	d.credentials(c, h.expiration(c.Expiration))
	d.optional(packed, sourceIdentity)
}

func assumeRoleWithWebIdentity(h *Handler, _ sim.Credentials, p params, d *doc, entry *TraceEntry) *sim.Error {
	duration, err := p.int32Param("DurationSeconds")
	if err != nil {
		return err
	}
	out, serr := h.sim.AssumeRoleWithWebIdentity(&sim.AssumeRoleWithWebIdentityInput{
		RoleArn:          p.str("RoleArn"),
		RoleSessionName:  p.str("RoleSessionName"),
		WebIdentityToken: p.str("WebIdentityToken"),
		ProviderID:       p.str("ProviderId"),
		PolicyArns:       nonEmpty(p.members("PolicyArns", ".arn")),
		Policy:           p.str("Policy"),
		DurationSeconds:  duration,
	})
	if serr != nil {
		return asError(serr)
	}
	h.roleSession(d, entry, out.AssumedRoleUser, out.Credentials, out.Session, out.PackedPolicySize, out.SourceIdentity)
	d.elem("SubjectFromWebIdentityToken", out.SubjectFromWebIdentityToken)
	d.elem("Provider", out.Provider)
	d.elem("Audience", out.Audience)
	return nil
}

func assumeRoleWithSAML(h *Handler, _ sim.Credentials, p params, d *doc, entry *TraceEntry) *sim.Error {
	duration, err := p.int32Param("DurationSeconds")
	if err != nil {
		return err
	}
	out, serr := h.sim.AssumeRoleWithSAML(&sim.AssumeRoleWithSAMLInput{
		RoleArn:         p.str("RoleArn"),
		PrincipalArn:    p.str("PrincipalArn"),
		SAMLAssertion:   p.str("SAMLAssertion"),
		PolicyArns:      nonEmpty(p.members("PolicyArns", ".arn")),
		Policy:          p.str("Policy"),
		DurationSeconds: duration,
	})
	if serr != nil {
		return asError(serr)
	}
	h.roleSession(d, entry, out.AssumedRoleUser, out.Credentials, out.Session, out.PackedPolicySize, out.SourceIdentity)
	d.elem("Subject", out.Subject)
	d.elem("SubjectType", out.SubjectType)
	d.elem("Issuer", out.Issuer)
	d.elem("Audience", out.Audience)
	d.elem("NameQualifier", out.NameQualifier)
	return nil
}
