package scenario

import (
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/rolesim/rolesim/sim/policy"
)

// quotaDef is one key of the quotas: map: AWS's default, the highest value
// AWS lets the quota be raised to (the default when the quota is fixed), and
// the quota's name in AWS's LimitExceeded messages.
type quotaDef struct {
	key     string
	awsName string
	def     int
	max     int
	field   func(*Quotas) *int
}

// maxSTSRate bounds the STS request-rate quota a scenario may set. AWS
// raises it on request without a published ceiling; the bound only keeps the
// token bucket's arithmetic far from overflow.
const maxSTSRate = 1_000_000

// quotaDefs lists the quotas: keys in FORMAT.md's order, with AWS's defaults
// and ceilings (IAM User Guide, "IAM and AWS STS quotas"; reference §10).
var quotaDefs = []quotaDef{
	{"sts_requests_per_second", "", 600, maxSTSRate, func(q *Quotas) *int { return &q.STSRequestsPerSecond }},
	{"sts_burst", "", 0, maxSTSRate, func(q *Quotas) *int { return &q.STSBurst }},
	{"roles_per_account", "RolesPerAccount", 1000, 5000, func(q *Quotas) *int { return &q.RolesPerAccount }},
	{"users_per_account", "UsersPerAccount", 5000, 5000, func(q *Quotas) *int { return &q.UsersPerAccount }},
	{"groups_per_account", "GroupsPerAccount", 300, 500, func(q *Quotas) *int { return &q.GroupsPerAccount }},
	{"policies_per_account", "PoliciesPerAccount", 1500, 5000, func(q *Quotas) *int { return &q.PoliciesPerAccount }},
	{"managed_policies_per_role", "PoliciesPerRole", 10, 20, func(q *Quotas) *int { return &q.ManagedPoliciesPerRole }},
	{"managed_policies_per_user", "PoliciesPerUser", 10, 20, func(q *Quotas) *int { return &q.ManagedPoliciesPerUser }},
	{"managed_policies_per_group", "PoliciesPerGroup", 10, 10, func(q *Quotas) *int { return &q.ManagedPoliciesPerGroup }},
	{"groups_per_user", "GroupsPerUser", 10, 10, func(q *Quotas) *int { return &q.GroupsPerUser }},
	{"tags_per_role", "TagsPerRole", 50, 50, func(q *Quotas) *int { return &q.TagsPerRole }},
	{"tags_per_user", "TagsPerUser", 50, 50, func(q *Quotas) *int { return &q.TagsPerUser }},
	{"role_policy_size", "", 10240, 10240, func(q *Quotas) *int { return &q.RolePolicySize }},
	{"user_policy_size", "", 2048, 2048, func(q *Quotas) *int { return &q.UserPolicySize }},
	{"group_policy_size", "", 5120, 5120, func(q *Quotas) *int { return &q.GroupPolicySize }},
	{"trust_policy_size", "ACLSizePerRole", 2048, 4096, func(q *Quotas) *int { return &q.TrustPolicySize }},
	{"managed_policy_size", "PolicySize", 6144, 6144, func(q *Quotas) *int { return &q.ManagedPolicySize }},
}

var quotaKeys = func() []string {
	keys := make([]string, len(quotaDefs))
	for i, d := range quotaDefs {
		keys[i] = d.key
	}
	return keys
}()

// DefaultQuotas returns AWS's default quotas.
func DefaultQuotas() Quotas {
	var q Quotas
	return q.WithDefaults()
}

// WithDefaults returns q with every zero field set to AWS's default (the
// STS burst defaults to the STS rate).
func (q Quotas) WithDefaults() Quotas {
	for _, d := range quotaDefs {
		if p := d.field(&q); *p == 0 {
			*p = d.def
		}
	}
	if q.STSBurst == 0 {
		q.STSBurst = q.STSRequestsPerSecond
	}
	return q
}

// quotas reads the quotas: map. Every value is a positive integer no higher
// than AWS's ceiling for that quota; lowering a quota is allowed, so that a
// small scenario can show a limit being hit.
func (l *loader) quotas(n *yaml.Node) Quotas {
	var q Quotas
	if n == nil {
		return q.WithDefaults()
	}
	q.Pos = l.pos(n)
	f := l.object(n, "quotas", quotaKeys)
	if f == nil {
		return q.WithDefaults()
	}
	for _, d := range quotaDefs {
		v := f.get(d.key)
		if v == nil {
			continue
		}
		path := f.path(d.key)
		val, ok := parseInt(v)
		switch {
		case !ok:
			l.typeErr(v, path, "a positive integer")
		case val < 1:
			l.errf(v, "%s: must be a positive integer, got %d", path, val)
		case val > d.max && d.max == d.def:
			l.errf(v, "%s: AWS does not raise this quota above %d, got %d", path, d.max, val)
		case val > d.max && d.max == maxSTSRate:
			l.errf(v, "%s: at most %d, got %d", path, d.max, val)
		case val > d.max:
			l.errf(v, "%s: AWS raises this quota from %d to at most %d, got %d", path, d.def, d.max, val)
		default:
			*d.field(&q) = val
		}
	}
	return q.WithDefaults()
}

// docSizes maps each compiled policy document to its docInfo.
type docSizes map[*policy.Policy]docInfo

// docInfo is what the loader remembers of a compiled policy document: where
// it is, its text and its size as IAM counts it.
type docInfo struct {
	pos  Pos
	size int
	// text is the document as IAM receives it: the JSON as written, or a
	// YAML map rendered as compact JSON.
	text string
}

// noteDoc records the size of a compiled policy document, for the size
// quotas.
func (l *loader) noteDoc(p *policy.Policy, src *policySource, n *yaml.Node) {
	if p == nil {
		return
	}
	if l.docs == nil {
		l.docs = make(docSizes)
	}
	text := src.text
	if !src.json {
		text = src.node.CompactJSON()
	}
	l.docs[p] = docInfo{pos: l.pos(n), size: policySize(text), text: text}
}

// policySize is a policy's length as IAM counts it against its quotas:
// characters, whitespace not counted.
func policySize(text string) int {
	n := 0
	for _, r := range text {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

// quotaMsg is AWS's LimitExceeded text for a count quota, followed by what
// the scenario can do about it.
func quotaMsg(d quotaDef, limit int, what string) string {
	msg := "LimitExceeded: Cannot exceed quota for " + d.awsName + ": " + strconv.Itoa(limit) + " (" + what
	return msg + quotaHint(d, limit) + ")"
}

func quotaHint(d quotaDef, limit int) string {
	switch {
	case d.max == d.def:
		return "; AWS does not raise this quota"
	case limit < d.max:
		return "; quotas." + d.key + " can model a quota raised up to " + strconv.Itoa(d.max)
	}
	return ""
}

func quotaDefOf(key string) quotaDef {
	for _, d := range quotaDefs {
		if d.key == key {
			return d
		}
	}
	panic("scenario: no quota " + key)
}

// checkQuotas checks the loaded world against the scenario's quotas and
// records the policy sizes in the scenario's types.
func (l *loader) checkQuotas(s *Scenario) {
	q := s.Quotas
	count := func(key string, limit, n int, at func(i int) Pos, what string) {
		if n > limit {
			d := quotaDefOf(key)
			l.diags.AddCode(at(limit), DiagQuota, "%s", quotaMsg(d, limit, what+" "+strconv.Itoa(n)))
		}
	}
	for _, a := range s.Accounts {
		count("roles_per_account", q.RolesPerAccount, len(a.Roles), func(i int) Pos { return a.Roles[i].Pos }, "account "+a.ID+" has roles:")
		count("users_per_account", q.UsersPerAccount, len(a.Users), func(i int) Pos { return a.Users[i].Pos }, "account "+a.ID+" has users:")
		count("groups_per_account", q.GroupsPerAccount, len(a.Groups), func(i int) Pos { return a.Groups[i].Pos }, "account "+a.ID+" has groups:")
		count("policies_per_account", q.PoliciesPerAccount, len(a.Policies), func(i int) Pos { return a.Policies[i].Pos }, "account "+a.ID+" has customer managed policies:")
		for _, p := range a.Policies {
			if info, ok := l.docs[p.Document]; ok {
				p.Size = info.size
				if info.size > q.ManagedPolicySize {
					l.diags.AddCode(info.pos, DiagQuota, "%s", quotaMsg(quotaDefOf("managed_policy_size"), q.ManagedPolicySize,
						"policy "+p.Name+" is "+strconv.Itoa(info.size)+" characters, whitespace not counted"))
				}
			}
		}
		for _, r := range a.Roles {
			count("managed_policies_per_role", q.ManagedPoliciesPerRole, len(r.ManagedPolicies), func(i int) Pos { return r.ManagedPolicies[i].Pos }, "role "+r.Name+" has managed policies:")
			l.tagQuota("tags_per_role", q.TagsPerRole, r.Tags, "role "+r.Name)
			l.inlineQuota(r.InlinePolicies, q.RolePolicySize, "role", r.Name, "role_policy_size")
			if info, ok := l.docs[r.TrustPolicy]; ok {
				r.TrustPolicySize = info.size
				if info.size > q.TrustPolicySize {
					l.diags.AddCode(info.pos, DiagQuota, "%s", quotaMsg(quotaDefOf("trust_policy_size"), q.TrustPolicySize,
						"the trust policy of role "+r.Name+" is "+strconv.Itoa(info.size)+" characters, whitespace not counted"))
				}
			}
		}
		for _, u := range a.Users {
			count("managed_policies_per_user", q.ManagedPoliciesPerUser, len(u.ManagedPolicies), func(i int) Pos { return u.ManagedPolicies[i].Pos }, "user "+u.Name+" has managed policies:")
			count("groups_per_user", q.GroupsPerUser, len(u.Groups), func(i int) Pos { return u.Groups[i].Pos }, "user "+u.Name+" is in groups:")
			l.tagQuota("tags_per_user", q.TagsPerUser, u.Tags, "user "+u.Name)
			l.inlineQuota(u.InlinePolicies, q.UserPolicySize, "user", u.Name, "user_policy_size")
		}
		for _, g := range a.Groups {
			count("managed_policies_per_group", q.ManagedPoliciesPerGroup, len(g.ManagedPolicies), func(i int) Pos { return g.ManagedPolicies[i].Pos }, "group "+g.Name+" has managed policies:")
			l.inlineQuota(g.InlinePolicies, q.GroupPolicySize, "group", g.Name, "group_policy_size")
		}
	}
	for _, p := range s.AWSManagedPolicies {
		if info, ok := l.docs[p.Document]; ok {
			p.Size = info.size
		}
	}
	for _, o := range s.Organizations {
		for _, p := range o.Policies {
			l.orgPolicySize(p)
		}
	}
}

// maxOrgPolicySize is the Organizations quota on the size of an SCP or an
// RCP: 5,120 characters, fixed. Unlike IAM, Organizations counts every
// character, whitespace included, of the text it receives: the
// Organizations quotas page ("Maximum size of a policy document") and the
// SCP and RCP pages ("All characters in your SCP count against its maximum
// size"; only the console strips whitespace outside strings). Reference
// §10 writes 5,120 bytes; policy text other than ASCII is rare in SCPs.
const maxOrgPolicySize = 5120

// orgPolicySize checks an organization policy's document against
// maxOrgPolicySize, as Organizations' CreatePolicy does, with its
// ConstraintViolationException message. The document is counted as sent:
// a JSON string as written, a YAML map as compact JSON. Built-in policies
// are not in l.docs.
func (l *loader) orgPolicySize(p *OrgPolicy) {
	info, ok := l.docs[p.Document]
	if !ok {
		return
	}
	n := utf8.RuneCountInString(info.text)
	if n <= maxOrgPolicySize {
		return
	}
	l.diags.AddCode(info.pos, DiagQuota, "%s", orgPolicySizeMsg+" ("+string(p.Type)+" "+p.Name+" is "+strconv.Itoa(n)+
		" characters, whitespace counted; AWS Organizations allows "+strconv.Itoa(maxOrgPolicySize)+
		" and does not raise this quota; a YAML map is sent as compact JSON)")
}

// orgPolicySizeMsg is AWS Organizations' ConstraintViolationException
// when a policy document is larger than the quota (as the service returns
// it; the API model's reason is POLICY_CONTENT_LIMIT_EXCEEDED).
const orgPolicySizeMsg = "ConstraintViolationException: You have exceeded the maximum policy size."

// tagQuota checks a lowered tags-per-entity quota; more than 50 tags is
// already reported as IAM's tag rule.
func (l *loader) tagQuota(key string, limit int, tags []Tag, what string) {
	if len(tags) > limit && len(tags) <= maxTags {
		l.diags.AddCode(tags[limit].Pos, DiagQuota, "%s", quotaMsg(quotaDefOf(key), limit, what+" has tags: "+strconv.Itoa(len(tags))))
	}
}

// inlineQuota records each inline policy's size and checks their aggregate
// against the entity's quota, reporting at the policy that crosses it with
// IAM's message.
func (l *loader) inlineQuota(ps []*InlinePolicy, limit int, kind, name, key string) {
	total := 0
	for _, ip := range ps {
		info, ok := l.docs[ip.Document]
		if !ok {
			continue
		}
		ip.Size = info.size
		before := total
		total += info.size
		if before <= limit && total > limit {
			l.diags.AddCode(ip.Pos, DiagQuota, "LimitExceeded: %s (the inline policies of %s %s total %d characters, whitespace not counted%s)",
				InlinePolicySizeMessage(limit, kind, name), kind, name, total, quotaHint(quotaDefOf(key), limit))
		}
	}
}

// InlinePolicySizeMessage is IAM's LimitExceeded message when the aggregate
// size of an entity's inline policies would exceed the quota.
func InlinePolicySizeMessage(limit int, kind, name string) string {
	return "Maximum policy size of " + strconv.Itoa(limit) + " bytes exceeded for " + kind + " " + name
}
