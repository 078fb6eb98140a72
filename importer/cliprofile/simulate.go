package cliprofile

import (
	"errors"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rolesim/rolesim/sim"
	"github.com/rolesim/rolesim/sim/arn"
)

// Client is the program whose credential resolution is simulated.
type Client string

// Clients.
const (
	// ClientCLI is the AWS CLI (botocore).
	ClientCLI Client = "aws-cli"
	// ClientGoSDK is the AWS SDK for Go v2 (config.LoadDefaultConfig).
	ClientGoSDK Client = "aws-sdk-go-v2"
)

// Options say how a chain's first credentials map to principals of the
// world, and how token files are read.
type Options struct {
	// As maps a profile name, or a credential_source value (Environment,
	// Ec2InstanceMetadata, EcsContainer), to the ARN of the principal whose
	// credentials it stands for: an IAM user or the root user
	// (arn:aws:iam::ACCT:root) for static keys and Environment, a role for
	// Ec2InstanceMetadata (its instance profile's role) and EcsContainer (the
	// task role). A profile's entry wins over its source's. Static keys with
	// no entry are matched to the world user whose (deterministic) access key
	// id they are.
	As map[string]string
	// ReadFile reads a web_identity_token_file; nil means no token file can
	// be read.
	ReadFile func(name string) ([]byte, error)
}

// Result is what happens when a client resolves one profile.
type Result struct {
	Profile string `json:"profile"`
	Client  Client `json:"client"`
	// Works tells whether the profile yields credentials.
	Works bool `json:"works"`
	// Seconds is how long the credentials last (the last hop's session);
	// 0 for long-term keys or when the profile does not work.
	Seconds int64 `json:"duration_seconds"`
	// Expiration is when they expire (RFC 3339), empty for long-term keys.
	Expiration string `json:"expiration,omitempty"`
	// ARN is the identity the profile's credentials act as.
	ARN string `json:"arn,omitempty"`
	// Start is the principal the chain starts from and how it was found.
	Start *Start `json:"start,omitempty"`
	// Hops are the STS calls made, in order, up to the first that failed.
	Hops []HopResult `json:"hops"`
	// ConfigError is botocore's error when the configuration is refused
	// before any call.
	ConfigError *ConfigError `json:"config_error,omitempty"`
	// Unresolved says why the chain could not be played (a source rolesim
	// cannot map to a principal of the world).
	Unresolved string `json:"unresolved,omitempty"`
}

// Start is the principal a chain starts from.
type Start struct {
	Origin Origin `json:"origin"`
	ARN    string `json:"arn,omitempty"`
	// MappedBy says how the principal was found: "access key id", "--as
	// NAME".
	MappedBy string `json:"mapped_by,omitempty"`
}

// HopResult is one STS call of a chain and its outcome.
type HopResult struct {
	Profile     string    `json:"profile"`
	Operation   Operation `json:"operation"`
	RoleARN     string    `json:"role_arn"`
	SessionName string    `json:"role_session_name"`
	// Requested is the DurationSeconds sent; 0 when none was sent.
	Requested int32 `json:"requested_duration_seconds,omitempty"`
	// Chained tells whether AWS counted the call as role chaining.
	Chained bool   `json:"chained"`
	ARN     string `json:"arn,omitempty"`
	Seconds int64  `json:"duration_seconds,omitempty"`
	// MFA is the serial whose code was sent (the CLI prompts for it).
	MFA   string    `json:"mfa_serial,omitempty"`
	Error *HopError `json:"error,omitempty"`
	// Pos is the file:line:col of the profile's role_arn.
	Pos string `json:"position,omitempty"`
	hop *Hop
}

// HopError is AWS's answer to a failed call.
type HopError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// CLIMessage is the error as the AWS CLI prints it.
func (e *HopError) CLIMessage(op Operation) string {
	return "An error occurred (" + e.Code + ") when calling the " + string(op) + " operation: " + e.Message
}

// Failed returns the hop that failed, or nil.
func (r *Result) Failed() *HopResult {
	for i := range r.Hops {
		if r.Hops[i].Error != nil {
			return &r.Hops[i]
		}
	}
	return nil
}

// Simulate plays the chain of profile name, as client resolves it, on a
// fresh simulation of world whose clock stands at start. A configuration
// error is botocore's for both clients (the Go SDK's own behaviour is
// described by Notes).
func Simulate(c *Config, name string, world *sim.World, start time.Time, client Client, opts Options) *Result {
	res := &Result{Profile: name, Client: client, Hops: []HopResult{}}
	ch, cerr := Resolve(c, name)
	if cerr != nil {
		if cerr.Pos.File != "" {
			cerr.Position = cerr.Pos.String()
		}
		res.ConfigError = cerr
		return res
	}
	s := sim.New(world, sim.NewFakeClock(start))
	creds, ok := startCreds(s, world, ch, opts, res)
	if !ok {
		return res
	}
	for i := range ch.Hops {
		h := &ch.Hops[i]
		hr, out, unresolved := playHop(s, world, h, creds, client, opts)
		if unresolved != "" {
			res.Unresolved, res.ARN = unresolved, ""
			return res
		}
		res.Hops = append(res.Hops, hr)
		if hr.Error != nil {
			res.ARN = ""
			return res
		}
		creds = out
		res.ARN = hr.ARN
	}
	res.Works = true
	if !creds.Expiration.IsZero() {
		res.Seconds = int64(creds.Expiration.Sub(s.Now()) / time.Second)
		res.Expiration = creds.Expiration.UTC().Format(time.RFC3339)
	}
	return res
}

// startCreds finds the credentials a chain starts with.
func startCreds(s *sim.Sim, w *sim.World, ch *Chain, opts Options, res *Result) (sim.Credentials, bool) {
	o := ch.Origin
	st := &Start{Origin: o}
	res.Start = st
	principal, by := opts.As[o.Profile], "--as "+o.Profile
	if principal == "" && o.Kind == OriginCredentialSource {
		principal, by = opts.As[o.Source], "--as "+o.Source
	}
	switch o.Kind {
	case OriginWebIdentity:
		return sim.Credentials{}, true
	case OriginUnsupported:
		res.Unresolved = "profile " + o.Profile + " gets its credentials from " + o.Source + ", which rolesim does not model"
		return sim.Credentials{}, false
	case OriginStaticKeys:
		if principal == "" {
			if u := userByKey(w, o.AccessKeyID); u != nil {
				principal, by = u.ARN, "access key id"
			}
		}
		if principal == "" {
			res.Unresolved = "the access key id " + o.AccessKeyID + " of profile " + o.Profile + " is no world user's key: name its owner with --as " + o.Profile + "=ARN"
			return sim.Credentials{}, false
		}
	case OriginCredentialSource:
		if principal == "" {
			res.Unresolved = "credential_source " + o.Source + " of profile " + o.Profile + " holds credentials rolesim cannot see: name them with --as " + o.Profile + "=ARN or --as " + o.Source + "=ARN"
			return sim.Credentials{}, false
		}
	}
	st.ARN, st.MappedBy = principal, by
	creds, err := principalCreds(s, w, o, principal)
	if err != "" {
		res.Unresolved = err
		return sim.Credentials{}, false
	}
	res.ARN = principal
	if o.Kind == OriginCredentialSource && (o.Source == "Ec2InstanceMetadata" || o.Source == "EcsContainer") {
		service, session := "ec2.amazonaws.com", "i-0123456789abcdef0"
		if o.Source == "EcsContainer" {
			service, session = "ecs-tasks.amazonaws.com", "0123456789abcdef0123456789abcdef"
		}
		out, err := s.AssumeRoleAsService(&sim.AssumeRoleAsServiceInput{Service: service, RoleArn: sim.String(principal), RoleSessionName: sim.String(session)})
		if err != nil {
			res.Unresolved = o.Source + " cannot deliver a session of " + principal + ": " + err.Error()
			return sim.Credentials{}, false
		}
		st.ARN, res.ARN = out.AssumedRoleUser.Arn, out.AssumedRoleUser.Arn
		return out.Credentials, true
	}
	return creds, true
}

// principalCreds returns the long-term keys of a user or root ARN, or for a
// role ARN (instance and container credentials) nothing yet.
func principalCreds(s *sim.Sim, w *sim.World, o Origin, principal string) (sim.Credentials, string) {
	a, err := arn.Parse(principal)
	if err != nil {
		return sim.Credentials{}, "--as " + o.Profile + ": " + principal + " is not an ARN: " + err.Error()
	}
	role := strings.HasPrefix(a.Resource, "role/")
	service := o.Kind == OriginCredentialSource && o.Source != "Environment"
	switch {
	case service && !role:
		return sim.Credentials{}, o.Source + " credentials are a role's session: give the role's ARN, not " + principal
	case service:
		if w.Role(principal) == nil {
			return sim.Credentials{}, "no role " + principal + " in the world"
		}
		return sim.Credentials{}, ""
	case a.Resource == "root":
		creds, err := s.RootCredentials(a.Account)
		if err != nil {
			return sim.Credentials{}, err.Error()
		}
		return creds, ""
	case strings.HasPrefix(a.Resource, "user/"):
		creds, err := s.UserCredentials(principal)
		if err != nil {
			return sim.Credentials{}, err.Error()
		}
		return creds, ""
	}
	return sim.Credentials{}, "the keys of profile " + o.Profile + " belong to an IAM user or the root user, not " + principal
}

func userByKey(w *sim.World, key string) *sim.User {
	for _, a := range w.Accounts {
		for _, u := range a.Users {
			if u.AccessKeyID == key {
				return u
			}
		}
	}
	return nil
}

// mfaCode is the code the user types at the CLI's prompt: the first code the
// world declares for the device, or a code no device accepts.
func mfaCode(w *sim.World, serial string) string {
	for _, a := range w.Accounts {
		for _, u := range a.Users {
			for _, d := range u.MFADevices {
				if d.Serial == serial && len(d.Codes) > 0 {
					return d.Codes[0]
				}
			}
		}
	}
	return "000000"
}

// SessionName is the RoleSessionName client sends when the profile sets
// none, at instant now: botocore-session-<unix seconds> for the CLI,
// aws-go-sdk-<unix nanoseconds> for the Go SDK (reference §14).
func SessionName(client Client, now time.Time) string {
	if client == ClientGoSDK {
		return "aws-go-sdk-" + strconv.FormatInt(now.UnixNano(), 10)
	}
	return "botocore-session-" + strconv.FormatInt(now.Unix(), 10)
}

// Duration is the DurationSeconds client sends for a hop (nil: none).
// The CLI sends duration_seconds when set (STS then defaults to 3600). The
// Go SDK's AssumeRoleProvider uses duration_seconds only from 960 s (its
// check is d/time.Minute > 15) and otherwise its DefaultDuration of 15
// minutes (reference §14). Neither sends one for web identity.
func Duration(client Client, h *Hop) *int32 {
	if h.Operation == OpAssumeRoleWithWebIdentity {
		return nil
	}
	if client == ClientGoSDK {
		if h.Duration != nil && time.Duration(*h.Duration)*time.Second/time.Minute > 15 {
			return h.Duration
		}
		return sim.Int32(900)
	}
	return h.Duration
}

// playHop makes one hop's call. The string is set, and no call made, when
// the hop cannot be played (a token file that cannot be read).
func playHop(s *sim.Sim, w *sim.World, h *Hop, creds sim.Credentials, client Client, opts Options) (HopResult, sim.Credentials, string) {
	now := s.Now()
	hr := HopResult{Profile: h.Profile, Operation: h.Operation, RoleARN: h.RoleARN, SessionName: h.SessionName, hop: h}
	if h.Pos.File != "" {
		hr.Pos = h.Pos.String()
	}
	if hr.SessionName == "" {
		hr.SessionName = SessionName(client, now)
	}
	dur := Duration(client, h)
	if dur != nil {
		hr.Requested = *dur
	}
	var (
		out  sim.Credentials
		arnS string
		err  error
	)
	switch h.Operation {
	case OpAssumeRoleWithWebIdentity:
		tok, rerr := readToken(opts, h.TokenFile)
		if rerr != "" {
			return hr, out, "profile " + h.Profile + ": " + rerr
		}
		o, e := s.AssumeRoleWithWebIdentity(&sim.AssumeRoleWithWebIdentityInput{RoleArn: sim.String(h.RoleARN), RoleSessionName: sim.String(hr.SessionName), WebIdentityToken: sim.String(tok), DurationSeconds: dur})
		if e == nil {
			out, arnS = o.Credentials, o.AssumedRoleUser.Arn
		}
		err = e
	default:
		in := &sim.AssumeRoleInput{RoleArn: sim.String(h.RoleARN), RoleSessionName: sim.String(hr.SessionName), DurationSeconds: dur}
		if h.ExternalID != "" {
			in.ExternalID = sim.String(h.ExternalID)
		}
		if h.MFASerial != "" {
			hr.MFA = h.MFASerial
			in.SerialNumber = sim.String(h.MFASerial)
			in.TokenCode = sim.String(mfaCode(w, h.MFASerial))
		}
		o, e := s.AssumeRole(creds, in)
		if e == nil {
			out, arnS, hr.Chained = o.Credentials, o.AssumedRoleUser.Arn, o.Chained
		}
		err = e
	}
	if err != nil {
		var se *sim.Error
		if errors.As(err, &se) {
			hr.Error = &HopError{Code: string(se.Code), Message: se.Message}
		} else {
			hr.Error = &HopError{Code: "InternalError", Message: err.Error()}
		}
		return hr, out, ""
	}
	hr.ARN = arnS
	hr.Seconds = int64(out.Expiration.Sub(now) / time.Second)
	return hr, out, ""
}

// readToken reads a web identity token file.
func readToken(opts Options, name string) (string, string) {
	if opts.ReadFile == nil {
		return "", "web_identity_token_file " + name + " cannot be read (no file reader given)"
	}
	b, err := opts.ReadFile(name)
	if err != nil {
		return "", "web_identity_token_file " + name + " cannot be read: " + err.Error()
	}
	return strings.TrimSpace(string(b)), ""
}

// Notes returns what differs between the CLI's result and the Go SDK's for
// one profile, and client behaviour worth knowing (the CLI's cache, MFA
// prompts), sorted for stable output.
func Notes(cli, goSDK *Result) []string {
	var notes []string
	if cli.ConfigError != nil {
		if cli.ConfigError.Type == "InfiniteLoopConfigError" {
			notes = append(notes, "aws-sdk-go-v2 reports no loop: a revisited profile loses its role settings, so the chain ends at that profile's keys or fails with \"failed to load assume role ARN, of profile "+cli.ConfigError.Profile+"\" (reference §14, inferred)")
		}
		return notes
	}
	named := false
	for _, h := range cli.Hops {
		if h.hop != nil && h.hop.SessionName == "" {
			named = true
		}
		if h.MFA != "" {
			notes = append(notes, "profile "+h.Profile+": the CLI prompts \"Enter MFA code for "+h.MFA+": \" (simulated with the device's first declared code) and cannot refresh the session without a new code; aws-sdk-go-v2 fails with \"assume role with MFA enabled, but AssumeRoleTokenProvider session option not set.\" unless the program sets one")
		}
	}
	if named {
		notes = append(notes, "default session name: the CLI sends botocore-session-<unix seconds>, aws-sdk-go-v2 aws-go-sdk-<unix nanoseconds> (set role_session_name to pin it)")
	}
	if cli.Works != goSDK.Works || cli.Seconds != goSDK.Seconds {
		notes = append(notes, "aws-sdk-go-v2 "+outcome(goSDK)+" where the CLI "+outcome(cli)+": the Go SDK asks for 900 s unless duration_seconds is 960 or more, the CLI sends duration_seconds as set (none: STS's default of 3600)")
	}
	if cli.Works && cli.Seconds > 0 && cli.Seconds <= 900 {
		notes = append(notes, "the CLI reuses cached credentials only while more than 15 minutes remain: with a session of "+(time.Duration(cli.Seconds)*time.Second).String()+" every command calls STS again")
	}
	sort.Strings(notes)
	return notes
}

func outcome(r *Result) string {
	if !r.Works {
		if f := r.Failed(); f != nil {
			return "fails (" + f.Error.Code + ")"
		}
		return "does not work"
	}
	if r.Seconds == 0 {
		return "uses long-term keys"
	}
	return "gets " + (time.Duration(r.Seconds) * time.Second).String()
}
