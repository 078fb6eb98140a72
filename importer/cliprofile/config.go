package cliprofile

import (
	"sort"
	"strings"

	"github.com/rolesim/rolesim/scenario"
)

// Profile is one named profile: the keys of its config-file section and of
// its credentials-file section merged, the credentials file winning for a
// key in both, as botocore's session merges them.
type Profile struct {
	Name string
	// Pos is where the profile was first declared (config file first).
	Pos    scenario.Pos
	Values map[string]Entry
}

// Get returns the value of key and whether the profile has it.
func (p *Profile) Get(key string) (string, bool) {
	e, ok := p.Values[key]
	return e.Value, ok
}

// Has tells whether the profile sets key.
func (p *Profile) Has(key string) bool {
	_, ok := p.Values[key]
	return ok
}

// Config is a parsed pair of AWS CLI config and credentials files.
type Config struct {
	// Profiles maps a profile name to its merged keys.
	Profiles map[string]*Profile
	// Warnings are things the AWS CLI accepts silently but that are
	// probably mistakes, such as a [name] section (not [profile name]) in
	// the config file, which the CLI does not read as a profile.
	Warnings scenario.Diagnostics

	// configFile is the config file's name: partial keys there are
	// botocore's config-file provider's, else the credentials file's.
	configFile string
}

// Names returns the profile names, sorted.
func (c *Config) Names() []string {
	names := make([]string, 0, len(c.Profiles))
	for n := range c.Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// File is one input file: the name shown in positions, and its content.
type File struct {
	Name string
	Data []byte
}

// Parse reads an AWS CLI config file and, when creds.Name is not empty, a
// credentials file. In the config file, [default] and [profile NAME] are
// profiles; [sso-session NAME] and [services NAME] are other settings; any
// other [NAME] is not a profile for the CLI (a warning says so). In the
// credentials file every [NAME] is a profile. A syntax error in either file
// is returned as scenario.Diagnostics, each naming file:line:col.
func Parse(config, creds File) (*Config, error) {
	c := &Config{Profiles: map[string]*Profile{}, configFile: config.Name}
	var diags scenario.Diagnostics
	secs, ds := ParseINI(config.Name, config.Data)
	diags = append(diags, ds...)
	for _, s := range secs {
		name, ok := configProfileName(s.Name)
		if !ok {
			if !strings.HasPrefix(s.Name, "sso-session ") && !strings.HasPrefix(s.Name, "services ") && s.Name != "preview" && s.Name != "plugins" {
				c.Warnings.Add(s.Pos, "[%s] is not a profile for the AWS CLI in a config file: write [profile %s]", s.Name, s.Name)
			}
			continue
		}
		c.merge(name, s)
	}
	if creds.Name != "" {
		secs, ds := ParseINI(creds.Name, creds.Data)
		diags = append(diags, ds...)
		for _, s := range secs {
			c.merge(s.Name, s)
		}
	}
	diags.Sort()
	if err := diags.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// configProfileName returns the profile a config-file section header names:
// "default" and "profile default" are the default profile, "profile NAME"
// is NAME.
func configProfileName(header string) (string, bool) {
	if header == "default" {
		return header, true
	}
	rest, ok := strings.CutPrefix(header, "profile")
	if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
		return "", false
	}
	name := strings.TrimSpace(rest)
	return name, name != ""
}

func (c *Config) merge(name string, s *Section) {
	p, ok := c.Profiles[name]
	if !ok {
		p = &Profile{Name: name, Pos: s.Pos, Values: map[string]Entry{}}
		c.Profiles[name] = p
	}
	for _, k := range s.Keys {
		p.Values[k] = s.Values[k]
	}
}
