package iamdump

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim/policy"
)

// origin is where an entity was read: a file and a JSON path in it.
type origin struct {
	file, jpath string
}

func (o origin) String() string { return o.file + " " + o.jpath }

type namedDoc struct {
	name string
	doc  *policy.Node
	note string // a comment on the document (a placeholder's)
}

type tag struct{ key, value string }

type attachment struct {
	arn  string
	path string // JSON path of the attachment, for notes
}

type user struct {
	origin
	raw      []byte
	account  string
	name     string
	path     string
	id       string
	groups   []attachment // group names in arn
	inline   []namedDoc
	managed  []attachment
	boundary *attachment
	tags     []tag
}

type group struct {
	origin
	raw     []byte
	account string
	name    string
	path    string
	id      string
	inline  []namedDoc
	managed []attachment
}

type role struct {
	origin
	raw       []byte
	account   string
	name      string
	path      string
	arn       string
	id        string
	trust     *policy.Node
	compiled  *policy.Policy
	inline    []namedDoc
	managed   []attachment
	boundary  *attachment
	tags      []tag
	profiles  []string
	maxDur    int    // 0: unknown
	maxFrom   string // where maxDur came from
	desc      string
	unresolve []string // unique ids taken out of the trust policy
	trustNote string   // a comment on the trust policy (a placeholder's)
	trustAt   string   // where notes on the trust policy point; "" for the dump's key
}

// trustOrigin is where notes about the role's trust policy point.
func (ro *role) trustOrigin() origin {
	if ro.trustAt != "" {
		return origin{ro.file, ro.trustAt}
	}
	return origin{ro.file, ro.jpath + ".AssumeRolePolicyDocument"}
}

type managedPolicy struct {
	origin
	account string // "aws" for AWS managed
	arn     string
	name    string
	path    string
	id      string
	desc    string
	version string
	doc     *policy.Node
	text    string // compact JSON, to compare copies
	note    string // a comment on the policy (a placeholder's)
}

type listed struct {
	origin
	maxDur int
	desc   *string
}

// file is one input file, for the header.
type file struct {
	name     string
	kind     string // "get-account-authorization-details" or "list-roles"
	accounts map[string]bool
	trunc    bool
}

// reader collects what the input files hold.
type reader struct {
	notes    []Note
	files    []*file
	users    map[string]*user // by account + lowercase name
	groups   map[string]*group
	roles    map[string]*role
	policies map[string]*managedPolicy // by ARN
	listed   map[string]*listed        // list-roles, by role ARN
	dropped  map[string]bool           // roles read but not imported, by ARN
	org      *orgData                  // Organizations listings; nil when none

	// Set by ImportModel: the command named in the header, the
	// description, header lines, and the OIDC providers declared.
	tool, desc  string
	extraHeader []string
	oidcDecl    []*oidcProvider
	over        *overlay // set when a model is laid over a snapshot
}

func newReader() *reader {
	return &reader{
		users:    map[string]*user{},
		groups:   map[string]*group{},
		roles:    map[string]*role{},
		policies: map[string]*managedPolicy{},
		listed:   map[string]*listed{},
		dropped:  map[string]bool{},
	}
}

func (r *reader) note(o origin, dropped bool, msg string) {
	r.notes = append(r.notes, Note{File: o.file, Path: o.jpath, Message: msg, Dropped: dropped})
}

// read reads one file.
func (r *reader) read(src Source) error {
	data := bytes.TrimPrefix(src.Data, []byte("\xef\xbb\xbf"))
	var top map[string]json.RawMessage
	if err := decode(src.Name, "$", data, &top); err != nil {
		if e, ok := err.(*Error); ok && strings.HasPrefix(e.Message, "expected") {
			e.Message = "expected a JSON object (the output of aws iam get-account-authorization-details or list-roles)"
		}
		return err
	}
	if top == nil {
		return &Error{File: src.Name, Path: "$", Message: "expected a JSON object, got null"}
	}
	f := &file{name: src.Name, accounts: map[string]bool{}}
	r.files = append(r.files, f)
	if kind := orgKind(top); kind != "" {
		f.kind = kind
		return r.readOrg(f, data)
	}
	_, hasRoles := top["Roles"]
	isAuth := false
	for _, k := range []string{"UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"} {
		if _, ok := top[k]; ok {
			isAuth = true
		}
	}
	switch {
	case isAuth && hasRoles:
		return &Error{File: src.Name, Path: "$", Message: "holds both Roles (list-roles) and the lists of get-account-authorization-details; give each command's output in its own file"}
	case isAuth:
		f.kind = "get-account-authorization-details"
		var d authDetails
		if err := decode(src.Name, "$", data, &d); err != nil {
			return err
		}
		f.trunc = truncated(d.IsTruncated, d.Marker, d.NextToken)
		return r.readAuth(f, &d)
	case hasRoles:
		f.kind = "list-roles"
		var d listRoles
		if err := decode(src.Name, "$", data, &d); err != nil {
			return err
		}
		f.trunc = truncated(d.IsTruncated, d.Marker, d.NextToken)
		for i, raw := range d.Roles {
			if err := r.readListed(f, index("$.Roles", i), raw); err != nil {
				return err
			}
		}
		return nil
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	msg := "not the output of aws iam get-account-authorization-details (UserDetailList, GroupDetailList, RoleDetailList, Policies), aws iam list-roles (Roles) or an Organizations listing"
	if len(keys) > 0 {
		if len(keys) > 5 {
			keys = append(keys[:5], "...")
		}
		msg += "; its keys are " + strings.Join(keys, ", ")
	}
	return &Error{File: src.Name, Path: "$", Message: msg}
}

// truncated reports whether a page says more pages follow: the API's
// IsTruncated (with Marker), or the CLI's NextToken when --max-items cut it.
func truncated(is *bool, marker, next *string) bool {
	if is != nil {
		return *is
	}
	return (marker != nil && *marker != "") || (next != nil && *next != "")
}

func (r *reader) readAuth(f *file, d *authDetails) error {
	for i, raw := range d.Policies {
		if err := r.readPolicy(f, index("$.Policies", i), raw); err != nil {
			return err
		}
	}
	for i, raw := range d.GroupDetailList {
		if err := r.readGroup(f, index("$.GroupDetailList", i), raw); err != nil {
			return err
		}
	}
	for i, raw := range d.UserDetailList {
		if err := r.readUser(f, index("$.UserDetailList", i), raw); err != nil {
			return err
		}
	}
	for i, raw := range d.RoleDetailList {
		if err := r.readRole(f, index("$.RoleDetailList", i), raw); err != nil {
			return err
		}
	}
	return nil
}

// entityARN checks an entity's Arn against its Path and name and returns
// its account.
func entityARN(file, path, arn, kind, epath, name string) (string, error) {
	a, ok := parseIAMARN(arn)
	if !ok {
		return "", &Error{File: file, Path: path + ".Arn", Message: "not an IAM ARN: " + strconv.Quote(arn)}
	}
	if a.partition != "aws" {
		return "", &Error{File: file, Path: path + ".Arn", Message: "partition " + strconv.Quote(a.partition) + ": rolesim models the aws partition only"}
	}
	if !isAccountID(a.account) {
		return "", &Error{File: file, Path: path + ".Arn", Message: "account " + strconv.Quote(a.account) + " is not 12 digits"}
	}
	if a.resource != kind+epath+name {
		return "", &Error{File: file, Path: path + ".Arn", Message: strconv.Quote(arn) + " does not match the Path " + strconv.Quote(epath) + " and name " + strconv.Quote(name)}
	}
	return a.account, nil
}

// checkEntity checks the name and path of a user, group or role.
func checkEntity(file, path, nameKey, name string, max int, epath *string) error {
	if name == "" {
		return &Error{File: file, Path: path, Message: "missing " + nameKey}
	}
	if why := checkName(name, max); why != "" {
		return &Error{File: file, Path: path + "." + nameKey, Message: strconv.Quote(name) + ": " + why}
	}
	if *epath == "" {
		*epath = "/"
	}
	if why := checkPath(*epath); why != "" {
		return &Error{File: file, Path: path + ".Path", Message: strconv.Quote(*epath) + ": " + why}
	}
	return nil
}

func (r *reader) readInline(f *file, path string, list []json.RawMessage, owner string) ([]namedDoc, error) {
	var out []namedDoc
	seen := map[string]bool{}
	for i, raw := range list {
		p := index(path, i)
		var ip inlinePolicy
		if err := decode(f.name, p, raw, &ip); err != nil {
			return nil, err
		}
		if why := checkName(ip.PolicyName, 128); why != "" {
			return nil, &Error{File: f.name, Path: p + ".PolicyName", Message: strconv.Quote(ip.PolicyName) + ": " + why}
		}
		doc, err := readDocument(f.name, p+".PolicyDocument", ip.PolicyDocument)
		if err != nil {
			return nil, err
		}
		if seen[ip.PolicyName] {
			return nil, &Error{File: f.name, Path: p + ".PolicyName", Message: owner + " has two inline policies named " + strconv.Quote(ip.PolicyName)}
		}
		seen[ip.PolicyName] = true
		if _, why := compile(doc, policy.KindIdentity); why != "" {
			r.note(origin{f.name, p}, true, owner+": inline policy "+ip.PolicyName+" not imported: rolesim cannot compile it: "+why)
			continue
		}
		out = append(out, namedDoc{name: ip.PolicyName, doc: doc})
	}
	return out, nil
}

func attachments(f *file, path string, list []attachedPolicy) ([]attachment, error) {
	var out []attachment
	for i, a := range list {
		p := index(path, i)
		if a.PolicyArn == "" {
			return nil, &Error{File: f.name, Path: p, Message: "missing PolicyArn"}
		}
		out = append(out, attachment{arn: a.PolicyArn, path: p})
	}
	return out, nil
}

func readBoundary(f *file, path string, b *boundary) (*attachment, error) {
	if b == nil || (b.PermissionsBoundaryArn == "" && b.PermissionsBoundaryType == "") {
		return nil, nil
	}
	if b.PermissionsBoundaryArn == "" {
		return nil, &Error{File: f.name, Path: path + ".PermissionsBoundaryArn", Message: "missing"}
	}
	if b.PermissionsBoundaryType != "" && b.PermissionsBoundaryType != "Policy" && b.PermissionsBoundaryType != "PermissionsBoundaryPolicy" {
		return nil, &Error{File: f.name, Path: path + ".PermissionsBoundaryType", Message: "unknown type " + strconv.Quote(b.PermissionsBoundaryType) + " (expected Policy)"}
	}
	return &attachment{arn: b.PermissionsBoundaryArn, path: path}, nil
}

func (r *reader) readTags(f *file, path string, list []tagJSON, owner string) []tag {
	var out []tag
	seen := map[string]bool{}
	for i, t := range list {
		p := index(path, i)
		if why := checkTag(t.Key, t.Value); why != "" {
			r.note(origin{f.name, p}, true, owner+": tag "+strconv.Quote(t.Key)+" not imported: "+why)
			continue
		}
		if seen[strings.ToLower(t.Key)] {
			r.note(origin{f.name, p}, true, owner+": tag "+strconv.Quote(t.Key)+" not imported: a second tag with that key")
			continue
		}
		seen[strings.ToLower(t.Key)] = true
		out = append(out, tag{key: t.Key, value: t.Value})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// same reports whether an entity read twice (the same dump given twice,
// or overlapping pages) is the same both times; a conflict is an error.
func same(f *file, path, what string, prev origin, prevRaw, raw []byte) error {
	if bytes.Equal(compactJSON(prevRaw), compactJSON(raw)) {
		return nil
	}
	return &Error{File: f.name, Path: path, Message: what + " is also in " + prev.String() + ", with different content"}
}

func compactJSON(raw []byte) []byte {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return raw
	}
	return b.Bytes()
}

func (r *reader) readUser(f *file, path string, raw json.RawMessage) error {
	var d userDetail
	if err := decode(f.name, path, raw, &d); err != nil {
		return err
	}
	if err := checkEntity(f.name, path, "UserName", d.UserName, 64, &d.Path); err != nil {
		return err
	}
	acct, err := entityARN(f.name, path, d.Arn, "user", d.Path, d.UserName)
	if err != nil {
		return err
	}
	f.accounts[acct] = true
	key := acct + "/" + strings.ToLower(d.UserName)
	if prev := r.users[key]; prev != nil {
		return same(f, path, "user "+d.UserName, prev.origin, prev.raw, raw)
	}
	u := &user{origin: origin{f.name, path}, raw: raw, account: acct, name: d.UserName, path: d.Path, id: d.UserId}
	owner := "user " + d.UserName
	for i, g := range d.GroupList {
		u.groups = append(u.groups, attachment{arn: g, path: index(path+".GroupList", i)})
	}
	if u.inline, err = r.readInline(f, path+".UserPolicyList", d.UserPolicyList, owner); err != nil {
		return err
	}
	if u.managed, err = attachments(f, path+".AttachedManagedPolicies", d.AttachedManagedPolicies); err != nil {
		return err
	}
	if u.boundary, err = readBoundary(f, path+".PermissionsBoundary", d.PermissionsBoundary); err != nil {
		return err
	}
	u.tags = r.readTags(f, path+".Tags", d.Tags, owner)
	r.users[key] = u
	return nil
}

func (r *reader) readGroup(f *file, path string, raw json.RawMessage) error {
	var d groupDetail
	if err := decode(f.name, path, raw, &d); err != nil {
		return err
	}
	if err := checkEntity(f.name, path, "GroupName", d.GroupName, 128, &d.Path); err != nil {
		return err
	}
	acct, err := entityARN(f.name, path, d.Arn, "group", d.Path, d.GroupName)
	if err != nil {
		return err
	}
	f.accounts[acct] = true
	key := acct + "/" + strings.ToLower(d.GroupName)
	if prev := r.groups[key]; prev != nil {
		return same(f, path, "group "+d.GroupName, prev.origin, prev.raw, raw)
	}
	g := &group{origin: origin{f.name, path}, raw: raw, account: acct, name: d.GroupName, path: d.Path, id: d.GroupId}
	if g.inline, err = r.readInline(f, path+".GroupPolicyList", d.GroupPolicyList, "group "+d.GroupName); err != nil {
		return err
	}
	if g.managed, err = attachments(f, path+".AttachedManagedPolicies", d.AttachedManagedPolicies); err != nil {
		return err
	}
	r.groups[key] = g
	return nil
}

func (r *reader) readRole(f *file, path string, raw json.RawMessage) error {
	var d roleDetail
	if err := decode(f.name, path, raw, &d); err != nil {
		return err
	}
	if err := checkEntity(f.name, path, "RoleName", d.RoleName, 64, &d.Path); err != nil {
		return err
	}
	acct, err := entityARN(f.name, path, d.Arn, "role", d.Path, d.RoleName)
	if err != nil {
		return err
	}
	f.accounts[acct] = true
	key := acct + "/" + strings.ToLower(d.RoleName)
	if prev := r.roles[key]; prev != nil {
		return same(f, path, "role "+d.RoleName, prev.origin, prev.raw, raw)
	}
	o := origin{f.name, path}
	owner := "role " + d.RoleName
	ro := &role{origin: o, raw: raw, account: acct, name: d.RoleName, path: d.Path, arn: d.Arn, id: d.RoleId}
	trust, err := readDocument(f.name, path+".AssumeRolePolicyDocument", d.AssumeRolePolicyDocument)
	if err != nil {
		return err
	}
	trust, ro.unresolve = stripUniqueIDs(trust)
	for _, id := range ro.unresolve {
		r.note(origin{f.name, path + ".AssumeRolePolicyDocument"}, true, owner+": the trust policy names "+id+
			", a unique id that no longer resolves to a principal (IAM shows a deleted role or user so): unresolved, left out of the trust policy")
	}
	p, why := compile(trust, policy.KindTrust)
	if why != "" {
		r.note(origin{f.name, path + ".AssumeRolePolicyDocument"}, true, owner+" not imported: rolesim cannot compile its trust policy: "+why)
		r.dropped[d.Arn] = true
		return nil
	}
	ro.trust, ro.compiled = trust, p
	if ro.inline, err = r.readInline(f, path+".RolePolicyList", d.RolePolicyList, owner); err != nil {
		return err
	}
	if ro.managed, err = attachments(f, path+".AttachedManagedPolicies", d.AttachedManagedPolicies); err != nil {
		return err
	}
	if ro.boundary, err = readBoundary(f, path+".PermissionsBoundary", d.PermissionsBoundary); err != nil {
		return err
	}
	ro.tags = r.readTags(f, path+".Tags", d.Tags, owner)
	for _, ip := range d.InstanceProfileList {
		if ip.InstanceProfileName != "" {
			ro.profiles = append(ro.profiles, ip.InstanceProfileName)
		}
	}
	sort.Strings(ro.profiles)
	if d.MaxSessionDuration != nil {
		if err := checkMaxDur(f.name, path+".MaxSessionDuration", *d.MaxSessionDuration); err != nil {
			return err
		}
		ro.maxDur, ro.maxFrom = *d.MaxSessionDuration, o.String()
	}
	if d.Description != nil {
		ro.desc = *d.Description
	}
	r.roles[key] = ro
	return nil
}

func checkMaxDur(file, path string, v int) error {
	if v < 3600 || v > 43200 {
		return &Error{File: file, Path: path, Message: strconv.Itoa(v) + " is outside 3600..43200 seconds"}
	}
	return nil
}

func (r *reader) readListed(f *file, path string, raw json.RawMessage) error {
	var d roleListed
	if err := decode(f.name, path, raw, &d); err != nil {
		return err
	}
	if d.Arn == "" {
		return &Error{File: f.name, Path: path, Message: "missing Arn"}
	}
	a, ok := parseIAMARN(d.Arn)
	if !ok || !isAccountID(a.account) || !strings.HasPrefix(a.resource, "role/") {
		return &Error{File: f.name, Path: path + ".Arn", Message: "not a role ARN: " + strconv.Quote(d.Arn)}
	}
	f.accounts[a.account] = true
	if d.MaxSessionDuration == nil {
		return nil
	}
	if err := checkMaxDur(f.name, path+".MaxSessionDuration", *d.MaxSessionDuration); err != nil {
		return err
	}
	if d.Description != nil && len(*d.Description) > 1000 {
		return &Error{File: f.name, Path: path + ".Description", Message: "more than 1000 characters"}
	}
	if prev := r.listed[d.Arn]; prev != nil {
		if prev.maxDur != *d.MaxSessionDuration {
			return &Error{File: f.name, Path: path + ".MaxSessionDuration", Message: "role " + d.Arn + " has MaxSessionDuration " + strconv.Itoa(prev.maxDur) + " in " + prev.origin.String()}
		}
		return nil
	}
	r.listed[d.Arn] = &listed{origin: origin{f.name, path}, maxDur: *d.MaxSessionDuration, desc: d.Description}
	return nil
}

func (r *reader) readPolicy(f *file, path string, raw json.RawMessage) error {
	var d managedPolicyDetail
	if err := decode(f.name, path, raw, &d); err != nil {
		return err
	}
	if why := checkName(d.PolicyName, 128); why != "" {
		return &Error{File: f.name, Path: path + ".PolicyName", Message: strconv.Quote(d.PolicyName) + ": " + why}
	}
	if d.Path == "" {
		d.Path = "/"
	}
	if why := checkPath(d.Path); why != "" {
		return &Error{File: f.name, Path: path + ".Path", Message: strconv.Quote(d.Path) + ": " + why}
	}
	a, ok := parseIAMARN(d.Arn)
	if !ok || a.partition != "aws" || !(a.account == "aws" || isAccountID(a.account)) || a.resource != "policy"+d.Path+d.PolicyName {
		return &Error{File: f.name, Path: path + ".Arn", Message: strconv.Quote(d.Arn) + " is not the ARN of policy " + d.Path + d.PolicyName + " (arn:aws:iam::ACCOUNT:policy" + d.Path + d.PolicyName + ")"}
	}
	if a.account != "aws" {
		f.accounts[a.account] = true
	}
	o := origin{f.name, path}
	var doc *policy.Node
	version := ""
	for i, vraw := range d.PolicyVersionList {
		vp := index(path+".PolicyVersionList", i)
		var v policyVersion
		if err := decode(f.name, vp, vraw, &v); err != nil {
			return err
		}
		if !(v.IsDefaultVersion || (d.DefaultVersionId != "" && v.VersionId == d.DefaultVersionId)) {
			continue
		}
		if doc != nil {
			return &Error{File: f.name, Path: vp, Message: "a second default version (" + version + " is one)"}
		}
		n, err := readDocument(f.name, vp+".Document", v.Document)
		if err != nil {
			return err
		}
		doc, version = n, v.VersionId
	}
	desc := ""
	if d.Description != nil {
		desc = *d.Description
		if len([]rune(desc)) > 1000 {
			return &Error{File: f.name, Path: path + ".Description", Message: "more than 1000 characters"}
		}
	}
	if doc == nil {
		r.note(o, true, "policy "+d.Arn+" not imported: its PolicyVersionList has no default version")
		return nil
	}
	if _, why := compile(doc, policy.KindIdentity); why != "" {
		r.note(o, true, "policy "+d.Arn+" not imported: rolesim cannot compile its default version "+version+": "+why)
		return nil
	}
	mp := &managedPolicy{origin: o, account: a.account, arn: d.Arn, name: d.PolicyName, path: d.Path, id: d.PolicyId, desc: desc, version: version, doc: doc, text: doc.CompactJSON()}
	if prev := r.policies[d.Arn]; prev != nil {
		if prev.text != mp.text {
			if a.account == "aws" {
				r.note(o, false, "AWS managed policy "+d.Arn+": this copy (version "+version+") differs from the one in "+prev.origin.String()+" (version "+prev.version+"), which is imported")
				return nil
			}
			return &Error{File: f.name, Path: path, Message: "policy " + d.Arn + " is also in " + prev.origin.String() + ", with a different default version"}
		}
		return nil
	}
	r.policies[d.Arn] = mp
	return nil
}
