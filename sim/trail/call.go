package trail

import (
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
)

// Call is one STS call answered outside a scenario run (by the STS
// endpoint), described as the step that would have made it, so that its
// records come from the same builder as a run's.
type Call struct {
	// Seq is the call's sequence number; the eventIDs are derived from it
	// as a run's are from the step's index.
	Seq int
	// At is when STS answered, on the fake clock.
	At time.Time
	// Step is the request: its Kind (StepAssume, StepWhoAmI,
	// StepGetSessionToken, StepGetFederationToken, StepWebIdentity or
	// StepSAML) and parameters as they were sent (raw text). Its as: is
	// ignored; Caller or CallerARN says who signed the call.
	Step *scenario.Step
	// Caller is the session whose credentials signed the call; nil for a
	// long-term key, whose owner CallerARN names (an IAM user's ARN or
	// arn:aws:iam::ACCT:root), and for the unsigned web identity and SAML
	// calls.
	Caller    *sim.Session
	CallerARN string
	// Err is STS's refusal, nil when it answered.
	Err *sim.Error
	// Issued is the session the call issued, and PackedPolicySize the
	// response's, when it has one.
	Issued           *sim.Session
	PackedPolicySize *int32
	// RequestID, SourceIPAddress and UserAgent are the transport's; empty
	// ones are derived or defaulted as for a run's records.
	RequestID, SourceIPAddress, UserAgent string
}

// CallRecords returns the records of one call made against s's world: one,
// or two for a cross-account AssumeRole, as Records gives for the same
// request in a run; ids are derived from seed and c.Seq. A step of another
// kind, a console step among them, gives none.
func CallRecords(s *sim.Sim, seed string, c Call) []Record {
	if c.Step == nil || isSignin(c.Step.Kind) {
		return nil
	}
	w := s.World()
	b := &builder{world: w, sim: s, seed: seed, region: w.Region, byID: map[string]*sim.StepResult{}}
	st := *c.Step
	as := scenario.Credentials{ARN: c.CallerARN}
	if c.Caller != nil {
		as = scenario.Credentials{Step: "caller"}
		b.byID["caller"] = &sim.StepResult{Issued: c.Caller}
	}
	switch {
	case st.Assume != nil:
		a := *st.Assume
		a.As = as
		st.Assume = &a
	case st.WhoAmI != nil:
		st.WhoAmI = &scenario.WhoAmIStep{As: as}
	case st.GetSessionToken != nil:
		g := *st.GetSessionToken
		g.As = as
		st.GetSessionToken = &g
	case st.GetFederationToken != nil:
		g := *st.GetFederationToken
		g.As = as
		st.GetFederationToken = &g
	}
	res := &sim.StepResult{Step: &st, Index: c.Seq, At: c.At, Err: c.Err, PackedPolicySize: c.PackedPolicySize}
	if c.Err == nil {
		res.Session, res.Issued = c.Issued, c.Issued
	}
	b.build(res)
	for i := range b.out {
		r := &b.out[i]
		if c.RequestID != "" {
			r.RequestID = c.RequestID
		}
		if c.SourceIPAddress != "" {
			r.SourceIPAddress = c.SourceIPAddress
		}
		if c.UserAgent != "" {
			r.UserAgent = c.UserAgent
		}
	}
	return b.out
}
