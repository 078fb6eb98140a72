package trail

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/policy"
)

// Constant parts of every record.
const (
	eventVersion = "1.08"
	eventSource  = "sts.amazonaws.com"
	// sourceIP is the documentation address (RFC 5737) every simulated
	// client calls from; userAgent names rolesim as the client.
	sourceIP  = "192.0.2.1"
	userAgent = "rolesim"
	// expirationLayout is how CloudTrail writes an STS credentials
	// expiration ("Jan 1, 2024, 1:00:00 AM"), unlike every other time.
	expirationLayout = "Jan 2, 2006, 3:04:05 PM"
	roleType         = "AWS::IAM::Role"
)

// Records returns the CloudTrail records of a run's STS calls, in step
// order: AssumeRole (as a user, the root user, a role session or an AWS
// service), AssumeRoleWithWebIdentity, AssumeRoleWithSAML, GetSessionToken,
// GetFederationToken and GetCallerIdentity steps, whether STS answered or
// refused them. A cross-account AssumeRole gives two records, the caller's
// account's first. Console sign-in and Switch Role steps give one sign-in
// event each (ConsoleLogin, SwitchRole), successful or failed. Steps that
// did not reach STS or the console (advances, world changes,
// API calls to other services, skipped steps, steps whose input could not
// be built) and repeated steps give none. The error is non-nil only when
// the scenario's world cannot be built. Ids are derived from the scenario's
// name; see Seeded for runs of several scenarios of one name.
func Records(rep *sim.Report) ([]Record, error) {
	return Seeded(rep, rep.Scenario.Name)
}

// Seeded is Records with the ids derived from seed instead of the
// scenario's name, so that the trails of two scenarios of one name (or of
// one scenario run twice) do not share eventIDs.
func Seeded(rep *sim.Report, seed string) ([]Record, error) {
	w, err := sim.NewWorld(rep.Scenario)
	if err != nil {
		return nil, err
	}
	// A Sim of the scenario's world gives the root users' access keys, as
	// the runner's did.
	s := sim.New(w, sim.NewFakeClock(scenario.DefaultStart))
	b := &builder{world: w, sim: s, seed: seed, region: w.Region, byID: map[string]*sim.StepResult{}}
	for _, res := range rep.Steps {
		b.step(res)
		if res.Step != nil && res.Step.ID != "" {
			b.byID[res.Step.ID] = res
		}
	}
	return b.out, nil
}

// Write writes records as JSON Lines: one JSON object per line, fields in
// Record's order.
func Write(w io.Writer, recs []Record) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range recs {
		if err := enc.Encode(&recs[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

type builder struct {
	world  *sim.World
	sim    *sim.Sim
	seed   string
	region string
	byID   map[string]*sim.StepResult
	out    []Record
}

// ran tells whether a step's request reached STS: it got an AWS error or
// was compared with its expectation.
func ran(res *sim.StepResult) bool {
	return !res.Skipped && (res.Err != nil || res.Actual.Error != "")
}

func (b *builder) step(res *sim.StepResult) {
	st := res.Step
	if st == nil || st.Repeat != nil || !ran(res) {
		return
	}
	b.build(res)
}

// build appends the records of a call that reached STS.
func (b *builder) build(res *sim.StepResult) {
	st := res.Step
	switch st.Kind {
	case scenario.StepAssume:
		b.assume(res)
	case scenario.StepServiceAssume:
		b.serviceAssume(res)
	case scenario.StepWebIdentity:
		b.webIdentity(res)
	case scenario.StepSAML:
		b.saml(res)
	case scenario.StepGetSessionToken:
		g := st.GetSessionToken
		rec := b.record(res, "GetSessionToken", b.caller(g.As))
		rec.RequestParameters = &RequestParameters{DurationSeconds: seconds(g.DurationSeconds), SerialNumber: str(g.SerialNumber)}
		if s := res.Issued; s != nil && res.Err == nil {
			rec.ResponseElements = &ResponseElements{Credentials: credentials(s)}
		}
		b.out = append(b.out, rec)
	case scenario.StepGetFederationToken:
		g := st.GetFederationToken
		rec := b.record(res, "GetFederationToken", b.caller(g.As))
		p := &RequestParameters{Name: str(g.Name), DurationSeconds: seconds(g.DurationSeconds), PolicyArns: policyArns(g.PolicyArns), Tags: tags(g.Tags)}
		if g.Policy != nil {
			p.Policy = g.Policy.Text
		}
		rec.RequestParameters = p
		if s := res.Issued; s != nil && res.Err == nil {
			rec.ResponseElements = &ResponseElements{Credentials: credentials(s), FederatedUser: &FederatedUser{FederatedUserID: s.AssumedRoleID, ARN: s.ARN},
				PackedPolicySize: res.PackedPolicySize}
		}
		b.out = append(b.out, rec)
	case scenario.StepWhoAmI:
		rec := b.record(res, "GetCallerIdentity", b.caller(st.WhoAmI.As))
		rec.ReadOnly = true
		b.out = append(b.out, rec)
	case scenario.StepConsoleSignIn:
		b.consoleSignIn(res)
	case scenario.StepSwitchRole:
		b.switchRole(res)
	}
}

// record starts the record of a step's call made by who, with its outcome
// (the error, or nothing yet for a success) and its ids.
func (b *builder) record(res *sim.StepResult, event string, who UserIdentity) Record {
	rec := Record{
		EventVersion:       eventVersion,
		UserIdentity:       who,
		EventTime:          res.At.UTC().Format(time.RFC3339),
		EventSource:        eventSource,
		EventName:          event,
		AWSRegion:          b.region,
		SourceIPAddress:    sourceIP,
		UserAgent:          userAgent,
		RequestID:          b.id(strconv.Itoa(res.Index) + "/request"),
		EventID:            b.id(strconv.Itoa(res.Index) + "/event"),
		EventType:          "AwsApiCall",
		ManagementEvent:    true,
		RecipientAccountID: who.AccountID,
		EventCategory:      "Management",
	}
	if e := res.Err; e != nil {
		rec.ErrorCode = string(e.Code)
		rec.ErrorMessage = e.Message
	}
	return rec
}

// id derives a UUID-shaped id from the scenario's name and key (the
// step's index and what the id is for).
func (b *builder) id(key string) string {
	sum := sha256.Sum256([]byte(b.seed + "\x00" + key))
	h := hex.EncodeToString(sum[:16])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// caller is the userIdentity of a step's `as:` credentials: an earlier
// step's session, the root user or an IAM user.
func (b *builder) caller(c scenario.Credentials) UserIdentity {
	if c.Step != "" {
		if s := issued(b.byID[c.Step]); s != nil {
			return sessionIdentity(s)
		}
		return UserIdentity{Type: TypeAssumedRole}
	}
	if acct, ok := strings.CutSuffix(strings.TrimPrefix(c.ARN, "arn:aws:iam::"), ":root"); ok {
		id := UserIdentity{Type: TypeRoot, PrincipalID: acct, ARN: c.ARN, AccountID: acct}
		if creds, err := b.sim.RootCredentials(acct); err == nil {
			id.AccessKeyID = creds.AccessKeyID
		}
		return id
	}
	u := b.world.User(c.ARN)
	if u == nil {
		// A user created by a later change step: its ids are not known
		// from the scenario's initial world.
		return UserIdentity{Type: TypeIAMUser, ARN: c.ARN, AccountID: accountOf(c.ARN), UserName: c.ARN[strings.LastIndexByte(c.ARN, '/')+1:]}
	}
	return UserIdentity{Type: TypeIAMUser, PrincipalID: u.ID, ARN: u.ARN, AccountID: u.Account.ID, AccessKeyID: u.AccessKeyID, UserName: u.Name}
}

// issued is the session a step issued, or nil.
func issued(res *sim.StepResult) *sim.Session {
	switch {
	case res == nil:
		return nil
	case res.Issued != nil:
		return res.Issued
	}
	return res.Session
}

// sessionIdentity is the userIdentity of a call made with a session's
// credentials.
func sessionIdentity(s *sim.Session) UserIdentity {
	attrs := Attributes{CreationDate: s.IssuedAt.UTC().Format(time.RFC3339), MFAAuthenticated: strconv.FormatBool(s.MFA)}
	if s.Role == nil {
		// GetSessionToken or console credentials act as the user.
		id := UserIdentity{Type: TypeIAMUser, PrincipalID: s.AssumedRoleID, ARN: s.ARN, AccountID: s.Account.ID, AccessKeyID: s.Credentials.AccessKeyID,
			SessionContext: &SessionContext{Attributes: attrs, SourceIdentity: s.SourceIdentity}}
		if s.User != nil {
			id.UserName = s.User.Name
			if s.Kind == sim.SessionFederation {
				id.Type = TypeFederatedUser
				id.UserName = ""
				id.SessionContext.SessionIssuer = &SessionIssuer{Type: TypeIAMUser, PrincipalID: s.User.ID, ARN: s.User.ARN, AccountID: s.Account.ID, UserName: s.User.Name}
			}
		} else {
			id.Type = TypeRoot
		}
		return id
	}
	r := s.Role
	return UserIdentity{
		Type:        TypeAssumedRole,
		PrincipalID: s.AssumedRoleID,
		ARN:         s.ARN,
		AccountID:   r.Account.ID,
		AccessKeyID: s.Credentials.AccessKeyID,
		SessionContext: &SessionContext{
			SessionIssuer:  &SessionIssuer{Type: "Role", PrincipalID: s.RoleID, ARN: r.ARN, AccountID: r.Account.ID, UserName: r.Name},
			Attributes:     attrs,
			SourceIdentity: s.SourceIdentity,
		},
	}
}

func (b *builder) assume(res *sim.StepResult) {
	a := res.Step.Assume
	who := b.caller(a.As)
	rec := b.record(res, "AssumeRole", who)
	p := &RequestParameters{
		RoleArn:           str(a.RoleArn),
		RoleSessionName:   str(a.RoleSessionName),
		DurationSeconds:   seconds(a.DurationSeconds),
		PolicyArns:        policyArns(a.PolicyArns),
		Tags:              tags(a.Tags),
		TransitiveTagKeys: refs(a.TransitiveTagKeys),
		SourceIdentity:    str(a.SourceIdentity),
		SerialNumber:      str(a.SerialNumber),
		ExternalID:        str(a.ExternalID),
	}
	if a.Policy != nil {
		p.Policy = a.Policy.Text
	}
	if a.As.Step != "" {
		if s := issued(b.byID[a.As.Step]); s != nil {
			p.IncomingTransitiveTags = incoming(s)
		}
	}
	rec.RequestParameters = p
	roleAcct := accountOf(p.RoleArn)
	if roleAcct != "" {
		rec.Resources = []Resource{{ARN: p.RoleArn, AccountID: roleAcct, Type: roleType}}
	}
	if s := res.Session; s != nil && res.Err == nil {
		rec.ResponseElements = roleResponse(res, s)
	}
	b.add(rec, roleAcct)
}

// add appends rec and, when the role lives in another account than the
// caller's, the role account's copy of it: the caller shown as that
// account (AWSAccount), its own event id, both linked by sharedEventID.
func (b *builder) add(rec Record, roleAcct string) {
	if roleAcct == "" || rec.RecipientAccountID == "" || roleAcct == rec.RecipientAccountID {
		b.out = append(b.out, rec)
		return
	}
	rec.SharedEventID = b.id(rec.EventID + "/shared")
	other := rec
	other.UserIdentity = UserIdentity{Type: TypeAWSAccount, PrincipalID: rec.UserIdentity.PrincipalID, AccountID: rec.UserIdentity.AccountID}
	other.EventID = b.id(rec.EventID + "/" + roleAcct)
	other.RecipientAccountID = roleAcct
	b.out = append(b.out, rec, other)
}

// roleResponse is the responseElements of a step that issued a role
// session.
func roleResponse(res *sim.StepResult, s *sim.Session) *ResponseElements {
	return &ResponseElements{
		Credentials:      credentials(s),
		AssumedRoleUser:  &AssumedRoleUser{AssumedRoleID: s.AssumedRoleID, ARN: s.ARN},
		SourceIdentity:   s.SourceIdentity,
		PackedPolicySize: res.PackedPolicySize,
	}
}

func credentials(s *sim.Session) *Credentials {
	return &Credentials{AccessKeyID: s.Credentials.AccessKeyID, SessionToken: s.Credentials.SessionToken, Expiration: s.Expiration.UTC().Format(expirationLayout)}
}

// incoming is the calling session's transitive tags, which the new session
// inherits: CloudTrail's incomingTransitiveTags.
func incoming(s *sim.Session) map[string]string {
	if len(s.TransitiveTagKeys) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, t := range s.PrincipalTags() {
		for _, k := range s.TransitiveTagKeys {
			if strings.EqualFold(k, t.Key) {
				out[t.Key] = t.Value
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// firstHop fills in a first hop's record, which is recorded in the role's
// account, and appends it.
func (b *builder) firstHop(rec Record, p *RequestParameters) {
	rec.RequestParameters = p
	acct := accountOf(p.RoleArn)
	rec.RecipientAccountID = acct
	if acct != "" {
		rec.Resources = []Resource{{ARN: p.RoleArn, AccountID: acct, Type: roleType}}
	}
	b.out = append(b.out, rec)
}

func (b *builder) serviceAssume(res *sim.StepResult) {
	a := res.Step.ServiceAssume
	rec := b.record(res, "AssumeRole", UserIdentity{Type: TypeAWSService, InvokedBy: a.Service})
	rec.SourceIPAddress, rec.UserAgent = a.Service, a.Service
	if s := res.Session; s != nil && res.Err == nil {
		rec.ResponseElements = roleResponse(res, s)
	}
	b.firstHop(rec, &RequestParameters{RoleArn: str(a.RoleArn), RoleSessionName: str(a.RoleSessionName), DurationSeconds: seconds(a.DurationSeconds)})
}

// federatedKey returns the value of the session's identity-provider key
// ending in suffix, and the key's prefix (the provider's host for OIDC).
func federatedKey(s *sim.Session, suffix string) (value, prefix string) {
	for _, k := range s.FederatedKeys {
		if p, ok := strings.CutSuffix(k.Key, suffix); ok && len(k.Values) > 0 {
			return k.Values[0], p
		}
	}
	return "", ""
}

func (b *builder) webIdentity(res *sim.StepResult) {
	w := res.Step.WebIdentity
	who := UserIdentity{Type: TypeWebIdentityUser, IdentityProvider: str(w.ProviderID)}
	s := res.Session
	if s != nil && res.Err == nil {
		sub, host := federatedKey(s, ":sub")
		aud, _ := federatedKey(s, ":aud")
		who.PrincipalID, who.UserName, who.IdentityProvider = host+":"+aud+":"+sub, sub, host
	} else if w.Token != nil && w.Token.Claims != nil {
		// A refused call: the token's own claims, when it has them all.
		iss, aud, sub := claim(w.Token.Claims, "iss"), claim(w.Token.Claims, "aud"), claim(w.Token.Claims, "sub")
		if iss != "" && aud != "" && sub != "" {
			host := strings.TrimPrefix(iss, "https://")
			who.PrincipalID, who.UserName, who.IdentityProvider = host+":"+aud+":"+sub, sub, host
		}
	}
	rec := b.record(res, "AssumeRoleWithWebIdentity", who)
	p := &RequestParameters{RoleArn: str(w.RoleArn), RoleSessionName: str(w.RoleSessionName), ProviderID: str(w.ProviderID),
		DurationSeconds: seconds(w.DurationSeconds), PolicyArns: policyArns(w.PolicyArns)}
	if w.Policy != nil {
		p.Policy = w.Policy.Text
	}
	if s != nil && res.Err == nil {
		re := roleResponse(res, s)
		re.SubjectFromWebIdentityToken = who.UserName
		re.Audience, _ = federatedKey(s, ":aud")
		re.Provider = who.IdentityProvider
		if w.ProviderID != nil {
			re.Provider = *w.ProviderID
		}
		rec.ResponseElements = re
	}
	b.firstHop(rec, p)
}

func (b *builder) saml(res *sim.StepResult) {
	a := res.Step.SAML
	who := UserIdentity{Type: TypeSAMLUser, IdentityProvider: str(a.PrincipalArn)}
	s := res.Session
	if s != nil && res.Err == nil {
		sub, _ := federatedKey(s, ":sub")
		q, _ := federatedKey(s, ":namequalifier")
		who.PrincipalID, who.UserName = q+":"+sub, sub
	}
	rec := b.record(res, "AssumeRoleWithSAML", who)
	p := &RequestParameters{RoleArn: str(a.RoleArn), PrincipalArn: str(a.PrincipalArn), DurationSeconds: seconds(a.DurationSeconds), PolicyArns: policyArns(a.PolicyArns)}
	if a.Policy != nil {
		p.Policy = a.Policy.Text
	}
	if s != nil && res.Err == nil {
		re := roleResponse(res, s)
		re.Subject = who.UserName
		re.SubjectType, _ = federatedKey(s, ":sub_type")
		re.NameQualifier, _ = federatedKey(s, ":namequalifier")
		rec.ResponseElements = re
	}
	b.firstHop(rec, p)
}

// claim returns a token claim's text: a string, or a list's first string;
// "" when absent.
func claim(claims *policy.Node, key string) string {
	for _, f := range claims.Fields {
		if f.Key != key || f.Value == nil {
			continue
		}
		v := f.Value
		if v.Kind == policy.NodeList && len(v.Items) > 0 {
			v = v.Items[0]
		}
		if v.Kind == policy.NodeString {
			return v.Value
		}
	}
	return ""
}

// accountOf returns the account id of an ARN, or "" when it names none
// (an invalid role ARN, which STS refused).
func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// seconds is a raw DurationSeconds as the number CloudTrail records; nil
// when absent or not a number (STS refused it as MalformedInput).
func seconds(raw *string) *int64 {
	if raw == nil {
		return nil
	}
	n, err := strconv.ParseInt(*raw, 10, 32)
	if err != nil {
		return nil
	}
	return &n
}

func policyArns(refs []scenario.Ref) []PolicyArn {
	var out []PolicyArn
	for _, r := range refs {
		out = append(out, PolicyArn{ARN: r.Value})
	}
	return out
}

func tags(ts []scenario.Tag) []Tag {
	var out []Tag
	for _, t := range ts {
		out = append(out, Tag{Key: t.Key, Value: t.Value})
	}
	return out
}

func refs(rs []scenario.Ref) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Value)
	}
	return out
}
