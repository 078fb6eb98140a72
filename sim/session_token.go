package sim

import (
	"strconv"
	"time"
)

// GetSessionTokenInput is the sts:GetSessionToken request, shaped like the
// AWS SDK's (nil pointers are absent parameters).
type GetSessionTokenInput struct {
	DurationSeconds *int32
	SerialNumber    *string
	TokenCode       *string
	// Trace asks for the decision trace.
	Trace bool
}

// GetSessionTokenOutput is the sts:GetSessionToken response, plus the
// issued session and the trace.
type GetSessionTokenOutput struct {
	Credentials Credentials
	Session     *Session
	Trace       *Trace
}

// GetSessionToken makes an sts:GetSessionToken request with an IAM user's
// (or the root user's) long-term keys. The credentials it returns act as
// that user: GetCallerIdentity shows the user, the user's policies apply,
// and requests carry aws:TokenIssueTime and aws:MultiFactorAuthPresent
// (plus aws:MultiFactorAuthAge when a valid MFA code was passed). They may
// call AssumeRole (role chaining: one hour at most) and GetCallerIdentity
// among the STS operations, and IAM only when MFA was used. No policy can
// deny GetSessionToken; session credentials cannot call it.
func (s *Sim) GetSessionToken(creds Credentials, in *GetSessionTokenInput) (*GetSessionTokenOutput, error) {
	return serve(s, in.Trace, func(now time.Time, tr *Trace) (*GetSessionTokenOutput, *Error) {
		return s.getSessionToken(creds, in, now, tr)
	})
}

func (s *Sim) getSessionToken(creds Credentials, in *GetSessionTokenInput, now time.Time, tr *Trace) (*GetSessionTokenOutput, *Error) {
	c, err := s.stsCaller(creds, now)
	if err != nil {
		return nil, err
	}
	if err := refuseCaller(c, "GetSessionToken"); err != nil {
		return nil, err
	}
	var v validator
	v.intRange("durationSeconds", in.DurationSeconds, minTokenDuration, maxTokenDuration)
	v.str("serialNumber", in.SerialNumber, false, 9, 256, csSerial)
	v.str("tokenCode", in.TokenCode, false, 6, 6, csDigits)
	if len(v.vs) > 0 {
		return nil, schemaError(v.vs)
	}
	duration := tokenDuration(c, in.DurationSeconds, tr)
	mfa := false
	if in.SerialNumber != nil || in.TokenCode != nil {
		if rs := s.verifyMFA(c, in.SerialNumber, in.TokenCode, "sts:GetSessionToken", KindIdentityPolicy); rs != nil {
			return nil, &Error{Code: CodeAccessDenied, HTTPStatus: 403, Message: rs.Detail, Reason: rs}
		}
		mfa = true
		tr.note("a valid MFA code: the credentials carry aws:MultiFactorAuthPresent=true and may call IAM")
	} else {
		tr.note("no MFA code: the credentials carry aws:MultiFactorAuthPresent=false and cannot call IAM")
	}
	issued := now.Truncate(time.Second)
	sess := &Session{
		Kind:          SessionToken,
		User:          c.user,
		Account:       c.account,
		ARN:           c.arn,
		AssumedRoleID: c.userID,
		CallerARN:     c.arn,
		IssuedAt:      issued,
		Expiration:    issued.Add(time.Duration(duration) * time.Second),
	}
	if mfa {
		sess.MFA, sess.MFAAuthTime = true, issued
	}
	s.register(sess)
	return &GetSessionTokenOutput{Credentials: sess.Credentials, Session: sess}, nil
}

// intRange checks an optional integer member against its model range.
func (v *validator) intRange(member string, d *int32, min, max int32) {
	if d == nil {
		return
	}
	switch {
	case *d < min:
		v.vs = append(v.vs, schemaViolation{member: member, value: strconv.Itoa(int(*d)), constraint: "Member must have value greater than or equal to " + strconv.Itoa(int(min))})
	case *d > max:
		v.vs = append(v.vs, schemaViolation{member: member, value: strconv.Itoa(int(*d)), constraint: "Member must have value less than or equal to " + strconv.Itoa(int(max))})
	}
}
