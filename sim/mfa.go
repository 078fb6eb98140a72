package sim

import (
	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// MFA messages, as STS words them (reference §1; issue-recorded live AWS
// texts: no trailing space, and two spaces after "code.").
const (
	msgMFAInvalidCode = "MultiFactorAuthentication failed with invalid MFA one time pass code."
	msgMFAIncomplete  = "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."
	msgMFAUnknown     = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user."
)

// mfaUse is one MFA device's one-time code.
type mfaUse struct{ serial, code string }

// verifyMFA checks the SerialNumber and TokenCode of a request (AssumeRole,
// GetSessionToken, console sign-in) against the calling user's declared MFA
// devices. Both must be given; the serial must be one of the caller's
// devices; the code one of that device's codes, not accepted before: a
// one-time code is good for one request (a second request with it fails).
// A code is used up once it is accepted, whatever happens to the request
// afterwards. It returns nil when MFA is verified, else the refusal (an
// AccessDenied whose message is the Reason's Detail).
func (s *Sim) verifyMFA(c *principalInfo, serial, code *string, action string, kind PolicyKind) *Reason {
	refuse := func(msg string) *Reason {
		return &Reason{Action: action, Kind: kind, Decision: policy.ImplicitDeny, Detail: msg}
	}
	if serial == nil || code == nil {
		return refuse(msgMFAIncomplete)
	}
	var devices []*scenario.MFADevice
	if c.user != nil {
		devices = c.user.MFADevices
	}
	for _, d := range devices {
		if d.Serial != *serial {
			continue
		}
		use := mfaUse{serial: d.Serial, code: *code}
		if s.mfaUsed[use] {
			return refuse(msgMFAInvalidCode)
		}
		for _, ok := range d.Codes {
			if ok == *code {
				if s.mfaUsed == nil {
					s.mfaUsed = map[mfaUse]bool{}
				}
				s.mfaUsed[use] = true
				return nil
			}
		}
		return refuse(msgMFAInvalidCode)
	}
	return refuse(msgMFAUnknown)
}
