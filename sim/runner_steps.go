package sim

import (
	"errors"
	"math/bits"
	"strconv"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// The runner's repeated steps and world-change steps.

// repeatOffset is the offset of request i of n spread evenly over d:
// ⌊d·i/n⌋, computed without overflow.
func repeatOffset(d time.Duration, i, n int) time.Duration {
	if d <= 0 || n <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(d), uint64(i))
	q, _ := bits.Div64(hi, lo, uint64(n))
	return time.Duration(q)
}

// repeatStep sends a step's request Count times, at one instant or spread
// over an interval, and checks the counts of outcomes. Requests are built
// once and sent without traces, so a burst costs little more than the
// requests themselves. An assume step yields the credentials of its last
// successful request.
func (r *runner) repeatStep(st *scenario.Step) *StepResult {
	res := &StepResult{Step: st}
	rep := st.Repeat
	send, err := r.repeatable(st, res)
	if err != nil {
		res.At = r.clock.Now()
		if !skip(res, err) {
			res.Problems = append(res.Problems, err.Error())
		}
		return res
	}
	start := r.clock.Now()
	if err := checkClock("repeat over "+rep.Over.String(), start.Add(rep.Over)); err != nil {
		res.At = start
		res.Problems = append(res.Problems, err.Error())
		return res
	}
	var succeeded, throttled, failed int
	for i := 0; i < rep.Count; i++ {
		if rep.Over > 0 {
			r.clock.Set(start.Add(repeatOffset(rep.Over, i, rep.Count)))
		}
		switch e := send(); {
		case e == nil:
			succeeded++
		case e.Code == CodeThrottling:
			throttled++
		default:
			failed++
			if res.Err == nil {
				res.Err = e
			}
		}
	}
	if rep.Over > 0 {
		r.clock.Set(start.Add(rep.Over))
	}
	res.At = r.clock.Now()
	got := Observed{Succeeded: strconv.Itoa(succeeded), Throttled: strconv.Itoa(throttled), Failed: strconv.Itoa(failed)}
	var want Observed
	if x := st.Expect; x == nil {
		want = Observed{Succeeded: strconv.Itoa(rep.Count), Throttled: "0", Failed: "0"}
	} else {
		count := func(p *int) string {
			if p == nil {
				return ""
			}
			return strconv.Itoa(*p)
		}
		want = Observed{Succeeded: count(x.Succeeded), Throttled: count(x.Throttled), Failed: count(x.Failed)}
	}
	res.Expected, res.Actual = want, got
	checked := got
	if want.Succeeded == "" {
		checked.Succeeded = ""
	}
	if want.Throttled == "" {
		checked.Throttled = ""
	}
	if want.Failed == "" {
		checked.Failed = ""
	}
	if want != checked {
		res.Mismatches = mismatches(want, checked)
		res.Diff = diffText(res.Mismatches)
		res.Problems = append(res.Problems, fieldMismatches(want, checked)...)
		if res.Err != nil {
			res.Problems = append(res.Problems, "the first failure other than throttling: "+res.Err.Error())
		}
	}
	res.Pass = len(res.Problems) == 0
	return res
}

// repeatable prepares a step's request once and returns a function sending
// it at the clock's current instant.
func (r *runner) repeatable(st *scenario.Step, res *StepResult) (func() *Error, error) {
	asErr := func(err error) *Error {
		var e *Error
		if errors.As(err, &e) {
			return e
		}
		return &Error{Code: CodeInternalError, Message: err.Error()}
	}
	switch st.Kind {
	case scenario.StepAssume:
		r.creds[st.ID] = stepCreds{}
		creds, err := r.credentials(st.Assume.As)
		if err != nil {
			return nil, err
		}
		in, err := assumeInput(st.Assume)
		if err != nil {
			// A parameter STS's parser rejects fails every request alike.
			e := asErr(err)
			return func() *Error { return e }, nil
		}
		// The requests are alike: they are traced until one issues a
		// session, and the step keeps that trace's duration record, which
		// holds for every session it issues (the rule reads no clock).
		return func() *Error {
			out, err := r.sim.AssumeRole(creds, in)
			if err != nil {
				return asErr(err)
			}
			r.creds[st.ID] = stepCreds{creds: out.Credentials, ok: true}
			res.Session = out.Session
			if out.Trace != nil {
				dt := *out.Trace.Duration
				dt.Restated = nil // the notes are not kept
				res.Trace = &Trace{Duration: &dt}
				in.Trace = false
			}
			return nil
		}, nil
	case scenario.StepCall:
		creds, err := r.credentials(st.Call.As)
		if err != nil {
			return nil, err
		}
		in := callInput(st.Call)
		return func() *Error {
			if _, err := r.sim.Call(creds, in); err != nil {
				return asErr(err)
			}
			return nil
		}, nil
	case scenario.StepWhoAmI:
		creds, err := r.credentials(st.WhoAmI.As)
		if err != nil {
			return nil, err
		}
		return func() *Error {
			if _, err := r.sim.GetCallerIdentity(creds); err != nil {
				return asErr(err)
			}
			return nil
		}, nil
	}
	return nil, errors.New("a " + string(st.Kind) + " step cannot be repeated")
}

// callInput builds a call step's request, without a trace.
func callInput(c *scenario.CallStep) *CallInput {
	in := &CallInput{Action: c.Action, Resource: c.Resource}
	if len(c.Context) > 0 {
		in.Context = make(map[string][]string, len(c.Context))
		for _, cv := range c.Context {
			in.Context[cv.Key] = cv.Values
		}
	}
	return in
}

// change applies a world-change step.
func (r *runner) change(kind scenario.StepKind, c *scenario.ChangeStep) (Observed, error) {
	if c == nil {
		return Observed{}, errors.New("the " + string(kind) + " step has no parameters")
	}
	doc, file, text := docParts(c.Document)
	var maxDur *int32
	if c.MaxSessionDuration != nil {
		d := int32(min(max(*c.MaxSessionDuration, -1<<31), 1<<31-1))
		maxDur = &d
	}
	var err error
	switch kind {
	case scenario.StepCreateRole:
		in := &CreateRoleInput{AccountID: c.Account, RoleName: c.RoleName, Path: c.Path, AssumeRolePolicyDocument: text,
			MaxSessionDuration: maxDur, Description: c.Description, doc: doc, docFile: file}
		for _, t := range c.Tags {
			in.Tags = append(in.Tags, Tag{Key: t.Key, Value: t.Value})
		}
		err = r.sim.createRoleStep(in)
	case scenario.StepDeleteRole:
		err = r.sim.DeleteRole(&DeleteRoleInput{AccountID: c.Account, RoleName: c.RoleName})
	case scenario.StepUpdateRole:
		err = r.sim.UpdateRole(&UpdateRoleInput{AccountID: c.Account, RoleName: c.RoleName, MaxSessionDuration: maxDur, Description: c.Description})
	case scenario.StepUpdateAssumeRolePolicy:
		err = r.sim.UpdateAssumeRolePolicy(&UpdateAssumeRolePolicyInput{AccountID: c.Account, RoleName: c.RoleName, PolicyDocument: text, doc: doc, docFile: file})
	case scenario.StepAttachRolePolicy:
		err = r.sim.AttachRolePolicy(&RolePolicyARNInput{AccountID: c.Account, RoleName: c.RoleName, PolicyArn: c.PolicyArn})
	case scenario.StepDetachRolePolicy:
		err = r.sim.DetachRolePolicy(&RolePolicyARNInput{AccountID: c.Account, RoleName: c.RoleName, PolicyArn: c.PolicyArn})
	case scenario.StepPutRolePolicy:
		err = r.sim.PutRolePolicy(&PutRolePolicyInput{AccountID: c.Account, RoleName: c.RoleName, PolicyName: c.PolicyName, PolicyDocument: text, doc: doc, docFile: file})
	case scenario.StepDeleteRolePolicy:
		err = r.sim.DeleteRolePolicy(&DeleteRolePolicyInput{AccountID: c.Account, RoleName: c.RoleName, PolicyName: c.PolicyName})
	case scenario.StepRevokeRoleSessions:
		_, err = r.sim.RevokeRoleSessions(&RevokeRoleSessionsInput{AccountID: c.Account, RoleName: c.RoleName})
	case scenario.StepMoveAccount:
		err = r.sim.MoveAccount(&MoveAccountInput{AccountID: c.Account, SourceParentID: c.SourceParentID, DestinationParentID: c.DestinationParentID})
	case scenario.StepAttachPolicy:
		err = r.sim.AttachPolicy(&PolicyTargetInput{PolicyID: c.PolicyID, TargetID: c.TargetID})
	case scenario.StepDetachPolicy:
		err = r.sim.DetachPolicy(&PolicyTargetInput{PolicyID: c.PolicyID, TargetID: c.TargetID})
	default:
		err = r.userChange(kind, c)
	}
	if err != nil {
		return Observed{}, err
	}
	return Observed{Error: outcomeSuccess}, nil
}

// docParts unpacks a change step's policy document.
func docParts(d *scenario.PolicyDocument) (doc *policy.Policy, file, text string) {
	if d == nil {
		return nil, "", ""
	}
	return d.Document, d.Pos.File, d.Text
}
