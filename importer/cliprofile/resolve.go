package cliprofile

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/scenario"
)

// Shared-config keys the resolver reads.
const (
	keyRoleARN          = "role_arn"
	keySourceProfile    = "source_profile"
	keyCredentialSource = "credential_source"
	keyDuration         = "duration_seconds"
	keyExternalID       = "external_id"
	keyMFASerial        = "mfa_serial"
	keySessionName      = "role_session_name"
	keyTokenFile        = "web_identity_token_file"
	keyAccessKeyID      = "aws_access_key_id"
	keySecretKey        = "aws_secret_access_key"
)

// The credential_source values botocore accepts.
var credentialSources = []string{"EcsContainer", "Ec2InstanceMetadata", "Environment"}

// OriginKind says where a chain's first credentials come from.
type OriginKind string

// Origins of a chain.
const (
	// OriginStaticKeys: aws_access_key_id and aws_secret_access_key of a
	// profile (an IAM user's or the root user's long-term keys).
	OriginStaticKeys OriginKind = "static-keys"
	// OriginCredentialSource: credential_source (Environment,
	// Ec2InstanceMetadata, EcsContainer).
	OriginCredentialSource OriginKind = "credential-source"
	// OriginWebIdentity: the first hop is AssumeRoleWithWebIdentity with
	// the token of web_identity_token_file; no credentials sign it.
	OriginWebIdentity OriginKind = "web-identity"
	// OriginUnsupported: a source rolesim does not model (SSO,
	// credential_process).
	OriginUnsupported OriginKind = "unsupported"
)

// Origin is where a chain starts.
type Origin struct {
	Kind OriginKind `json:"kind"`
	// Profile is the profile that holds the keys or the credential_source.
	Profile string `json:"profile"`
	// AccessKeyID is the static access key id (OriginStaticKeys).
	AccessKeyID string `json:"access_key_id,omitempty"`
	// Source is the credential_source value, or for OriginUnsupported the
	// key that names the source (sso_session, credential_process, ...).
	Source string       `json:"source,omitempty"`
	Pos    scenario.Pos `json:"-"`
}

// Operation is the STS operation of a hop.
type Operation string

// Hop operations.
const (
	OpAssumeRole                Operation = "AssumeRole"
	OpAssumeRoleWithWebIdentity Operation = "AssumeRoleWithWebIdentity"
)

// Hop is one STS call of a chain, made for one profile.
type Hop struct {
	Profile   string
	Operation Operation
	RoleARN   string
	// SessionName is role_session_name; empty means the client's default.
	SessionName string
	// Duration is duration_seconds; nil when the profile sets none.
	Duration   *int32
	ExternalID string
	MFASerial  string
	TokenFile  string
	// Pos is the position of the profile's role_arn.
	Pos scenario.Pos
}

// Chain is what a profile resolves to: its origin and the hops from the
// first (nearest the origin) to the profile itself.
type Chain struct {
	Profile string
	Origin  Origin
	Hops    []Hop
}

// ConfigError is a configuration error botocore raises before any STS
// call, with botocore's exception name and message.
type ConfigError struct {
	// Type is botocore's exception: InfiniteLoopConfigError,
	// PartialCredentialsError, InvalidConfigError, ProfileNotFound,
	// NoCredentialsError, ValueError.
	Type    string       `json:"type"`
	Message string       `json:"message"`
	Profile string       `json:"profile"`
	Pos     scenario.Pos `json:"-"`
	// Position is Pos as file:line:col, for JSON.
	Position string `json:"position,omitempty"`
}

// Error returns the message, after the position of the key at fault.
func (e *ConfigError) Error() string {
	if e.Pos.File != "" {
		return e.Pos.String() + ": " + e.Message
	}
	return e.Message
}

// Resolve turns a profile into its chain as botocore's AssumeRoleProvider
// walks it: at the top a role_arn wins over static keys; below it a source
// profile's static keys win over its role_arn; a keyless source with a
// role_arn is assumed in turn; a source with role_arn and
// web_identity_token_file starts with AssumeRoleWithWebIdentity. A revisited
// profile is a cycle (InfiniteLoopConfigError), except a profile that names
// itself as source_profile and has static keys.
func Resolve(c *Config, name string) (*Chain, *ConfigError) {
	p, ok := c.Profiles[name]
	if !ok {
		return nil, &ConfigError{Type: "ProfileNotFound", Profile: name, Message: "The config profile (" + name + ") could not be found"}
	}
	r := &resolver{c: c, visited: []string{name}}
	ch := &Chain{Profile: name}
	var err *ConfigError
	switch {
	case hasAssumeRoleVars(p):
		err = r.assume(p, ch)
	case p.Has(keyRoleARN) && p.Has(keyTokenFile):
		err = r.webIdentity(p, ch)
	case hasStaticKeys(p):
		err = r.static(p, ch)
	default:
		if src := unsupportedSource(p); src != "" {
			ch.Origin = Origin{Kind: OriginUnsupported, Profile: p.Name, Source: src, Pos: p.Values[src].Pos}
			return ch, nil
		}
		return nil, &ConfigError{Type: "NoCredentialsError", Profile: name, Pos: p.Pos, Message: "Unable to locate credentials. You can configure credentials by running \"aws configure\"."}
	}
	if err != nil {
		return nil, err
	}
	return ch, nil
}

type resolver struct {
	c       *Config
	visited []string
}

func hasAssumeRoleVars(p *Profile) bool { return p.Has(keyRoleARN) && !p.Has(keyTokenFile) }

func hasStaticKeys(p *Profile) bool { return p.Has(keyAccessKeyID) || p.Has(keySecretKey) }

// unsupportedSource returns the key naming a credential provider rolesim
// does not model, or "".
func unsupportedSource(p *Profile) string {
	for _, k := range []string{"sso_session", "sso_start_url", "credential_process"} {
		if p.Has(k) {
			return k
		}
	}
	return ""
}

// assume resolves a profile with role_arn and source_profile or
// credential_source (botocore's _get_role_config and
// _resolve_source_credentials).
func (r *resolver) assume(p *Profile, ch *Chain) *ConfigError {
	src, hasSrc := p.Get(keySourceProfile)
	cs, hasCS := p.Get(keyCredentialSource)
	fail := func(typ, key, msg string) *ConfigError {
		pos := p.Pos
		if e, ok := p.Values[key]; ok {
			pos = e.Pos
		}
		return &ConfigError{Type: typ, Profile: p.Name, Pos: pos, Message: msg}
	}
	switch {
	case hasSrc && hasCS:
		return fail("InvalidConfigError", keyCredentialSource, `The profile "`+p.Name+`" contains both source_profile and credential_source.`)
	case !hasSrc && !hasCS:
		return fail("PartialCredentialsError", keyRoleARN, "Partial credentials found in assume-role, missing: source_profile or credential_source")
	}
	hop, err := hopOf(p, OpAssumeRole)
	if err != nil {
		return err
	}
	if hasCS {
		valid := false
		for _, v := range credentialSources {
			valid = valid || v == cs
		}
		if !valid {
			return fail("InvalidConfigError", keyCredentialSource, `The credential source "`+cs+`" referenced in profile "`+p.Name+`" is not valid.`)
		}
		ch.Origin = Origin{Kind: OriginCredentialSource, Profile: p.Name, Source: cs, Pos: p.Values[keyCredentialSource].Pos}
		ch.Hops = append(ch.Hops, hop)
		return nil
	}
	sp, ok := r.c.Profiles[src]
	if !ok {
		return fail("InvalidConfigError", keySourceProfile, `The source_profile "`+src+`" referenced in the profile "`+p.Name+`" does not exist.`)
	}
	if r.seen(src) && (src != p.Name || !hasStaticKeys(sp)) {
		return fail("InfiniteLoopConfigError", keySourceProfile, "Infinite loop in credential configuration detected. Attempting to load from profile "+src+" which has already been visited. Visited profiles: "+pyList(r.visited))
	}
	r.visited = append(r.visited, src)
	if err := r.source(sp, ch); err != nil {
		return err
	}
	ch.Hops = append(ch.Hops, hop)
	return nil
}

// source resolves the credentials of a source profile (botocore's
// _resolve_credentials_from_profile): static keys win; a profile without
// role settings uses its own providers; else its role is assumed.
func (r *resolver) source(sp *Profile, ch *Chain) *ConfigError {
	switch {
	case hasStaticKeys(sp):
		return r.static(sp, ch)
	case !hasAssumeRoleVars(sp):
		if sp.Has(keyRoleARN) && sp.Has(keyTokenFile) {
			return r.webIdentity(sp, ch)
		}
		if src := unsupportedSource(sp); src != "" {
			ch.Origin = Origin{Kind: OriginUnsupported, Profile: sp.Name, Source: src, Pos: sp.Values[src].Pos}
			return nil
		}
		return &ConfigError{Type: "InvalidConfigError", Profile: sp.Name, Pos: sp.Pos, Message: `The source profile "` + sp.Name + `" must have credentials.`}
	}
	return r.assume(sp, ch)
}

func (r *resolver) static(p *Profile, ch *Chain) *ConfigError {
	for _, k := range []string{keyAccessKeyID, keySecretKey} {
		if !p.Has(k) {
			provider := "shared-credentials-file"
			other := keyAccessKeyID
			if k == keyAccessKeyID {
				other = keySecretKey
			}
			if e := p.Values[other]; isConfigFile(e.Pos.File, r.c) {
				provider = "config-file"
			}
			return &ConfigError{Type: "PartialCredentialsError", Profile: p.Name, Pos: p.Values[other].Pos, Message: "Partial credentials found in " + provider + ", missing: " + k}
		}
	}
	id := p.Values[keyAccessKeyID]
	ch.Origin = Origin{Kind: OriginStaticKeys, Profile: p.Name, AccessKeyID: id.Value, Pos: id.Pos}
	return nil
}

func isConfigFile(name string, c *Config) bool { return name != "" && name == c.configFile }

func (r *resolver) webIdentity(p *Profile, ch *Chain) *ConfigError {
	hop, err := hopOf(p, OpAssumeRoleWithWebIdentity)
	if err != nil {
		return err
	}
	// botocore sends no DurationSeconds for web identity (reference §14).
	hop.Duration = nil
	ch.Origin = Origin{Kind: OriginWebIdentity, Profile: p.Name, Pos: p.Values[keyTokenFile].Pos}
	ch.Hops = append(ch.Hops, hop)
	return nil
}

func (r *resolver) seen(name string) bool {
	for _, v := range r.visited {
		if v == name {
			return true
		}
	}
	return false
}

// hopOf reads the role settings of a profile.
func hopOf(p *Profile, op Operation) (Hop, *ConfigError) {
	h := Hop{Profile: p.Name, Operation: op, Pos: p.Values[keyRoleARN].Pos}
	h.RoleARN, _ = p.Get(keyRoleARN)
	h.SessionName, _ = p.Get(keySessionName)
	h.ExternalID, _ = p.Get(keyExternalID)
	h.MFASerial, _ = p.Get(keyMFASerial)
	h.TokenFile, _ = p.Get(keyTokenFile)
	if e, ok := p.Values[keyDuration]; ok {
		n, err := strconv.ParseInt(strings.TrimSpace(e.Value), 10, 32)
		if err != nil {
			// botocore calls int() on the value.
			return h, &ConfigError{Type: "ValueError", Profile: p.Name, Pos: e.Pos, Message: "invalid literal for int() with base 10: " + pyRepr(e.Value)}
		}
		d := int32(n)
		h.Duration = &d
	}
	return h, nil
}

// pyList renders names as Python prints a list of strings: ['a', 'b'].
func pyList(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = pyRepr(n)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// pyRepr renders s as Python's repr of a str (single quotes unless s holds
// a single quote and no double quote).
func pyRepr(s string) string {
	q := "'"
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = `"`
	}
	var b strings.Builder
	b.WriteString(q)
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case string(r) == q:
			b.WriteString(`\` + q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(q)
	return b.String()
}
