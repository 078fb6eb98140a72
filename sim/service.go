package sim

import (
	"strconv"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/arn"
	"github.com/rolesim/rolesim/sim/policy"
)

// AssumeRoleAsServiceInput is an AWS service principal assuming a role on a
// workload's behalf: EC2 for an instance profile (the session name is the
// instance id), Lambda for a function's execution role, ECS for a task
// role. No AWS identity signs it, so only the role's trust policy (which
// must name the service) decides.
type AssumeRoleAsServiceInput struct {
	// Service is the service principal, e.g. "ec2.amazonaws.com".
	Service         string
	RoleArn         *string
	RoleSessionName *string
	// DurationSeconds is the session's lifetime: 900..43200, 3600 when
	// absent. The role's MaxSessionDuration does not limit it.
	DurationSeconds *int32
	// SourceArn and SourceAccount are sent as aws:SourceArn and
	// aws:SourceAccount when set (the resource the service acts for).
	SourceArn     *string
	SourceAccount *string
	// Trace asks for the decision trace.
	Trace bool
}

// AssumeRoleAsService issues the role session a service delivers to a
// workload (EC2 instance metadata, the Lambda environment, ...). A later
// AssumeRole with those credentials is role chaining.
func (s *Sim) AssumeRoleAsService(in *AssumeRoleAsServiceInput) (*AssumeRoleOutput, error) {
	return serve(s, in.Trace, func(now time.Time, tr *Trace) (*AssumeRoleOutput, *Error) {
		return s.assumeRoleAsService(in, now, tr)
	})
}

func (s *Sim) assumeRoleAsService(in *AssumeRoleAsServiceInput, now time.Time, tr *Trace) (*AssumeRoleOutput, *Error) {
	if !scenario.IsServicePrincipal(in.Service) {
		return nil, validationError(strconv.Quote(in.Service) + " is not an AWS service principal like ec2.amazonaws.com")
	}
	var v validator
	v.str("roleArn", in.RoleArn, true, 20, 2048, csArn)
	v.str("roleSessionName", in.RoleSessionName, true, 2, 64, csSessionName)
	v.intRange("durationSeconds", in.DurationSeconds, minDuration, maxDuration)
	if len(v.vs) > 0 {
		return nil, schemaError(v.vs)
	}
	roleARN := *in.RoleArn
	if _, ok := arn.ParseRoleARN(roleARN); !ok {
		return nil, validationError(roleARN + " is invalid")
	}
	denied := func(rs *Reason) *Error {
		// AWS reports a service that cannot assume a role in the service's
		// own way (EC2 gets no credentials, Lambda refuses the function);
		// this wording is rolesim's.
		return &Error{Code: CodeAccessDenied, HTTPStatus: 403,
			Message: "Service: " + in.Service + " is not authorized to perform: sts:AssumeRole on resource: " + roleARN, Reason: rs}
	}
	role := s.world.roles[roleARN]
	if role == nil {
		tr.note("no role has the ARN " + roleARN)
		return nil, denied(&Reason{Action: "sts:AssumeRole", Resource: roleARN, Kind: KindTrustPolicy, Decision: policy.ImplicitDeny, Detail: "the role does not exist"})
	}
	duration := serviceDuration(role, in.DurationSeconds, tr)

	caller := &principalInfo{kind: principalService, arn: in.Service, pol: policy.Principal{Service: in.Service}}
	ctx := &s.reqCtx
	ctx.Reset()
	rc := s.roleContext(role)
	rc.Parent = nil
	ctx.Parent = rc
	s.setTimeKeys(ctx, now)
	setCommonKeys(ctx, s.world)
	ctx.Set("aws:PrincipalIsAWSService", "true")
	ctx.Set("aws:PrincipalServiceName", in.Service)
	ctx.Set("sts:RoleSessionName", *in.RoleSessionName)
	if in.SourceArn != nil {
		ctx.Set("aws:SourceArn", *in.SourceArn)
	}
	if in.SourceAccount != nil {
		ctx.Set("aws:SourceAccount", *in.SourceAccount)
	}
	r := authzRequest{action: "sts:AssumeRole", resource: role.ARN, resourceAccount: role.Account, resourcePolicy: role.Trust, trust: true, caller: caller, ctx: ctx}
	if rs := s.authorizeTrust(&r, false, tr); rs != nil {
		return nil, denied(rs)
	}
	sess := &Session{Kind: SessionService, Role: role, Name: *in.RoleSessionName, CallerARN: in.Service}
	s.issueRoleSession(sess, now, duration)
	return &AssumeRoleOutput{
		Credentials:     sess.Credentials,
		AssumedRoleUser: AssumedRoleUser{Arn: sess.ARN, AssumedRoleID: sess.AssumedRoleID},
		Session:         sess,
	}, nil
}

// setTimeKeys sets aws:CurrentTime and aws:EpochTime, as requestContext
// does, for requests without an AWS caller.
func (s *Sim) setTimeKeys(ctx *policy.Context, now time.Time) {
	s.timeContext(now)
	ctx.Set("aws:CurrentTime", s.timeStr)
	ctx.Set("aws:EpochTime", s.epoch)
}
