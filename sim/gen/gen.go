// Package gen writes synthetic worlds as scenario files: accounts (some in
// an organization's OU under an SCP), each with a GitHub OIDC provider and
// a group, IAM users with and without tags, group membership and identity
// policies, and roles whose trust policies name users, roles, accounts,
// everyone (or everyone of the organization), GitHub Actions tokens or a
// service, with and without conditions (external id, role session name,
// MFA, principal tags and account) and Deny statements. The
// same options and seed give the same file, byte for byte.
//
// The worlds feed rolesim's differential tests (simulator, authorization
// core, trust graph and replays must agree on them), its benchmarks at
// 100,000 roles, and `rolesim gen`, for anyone who wants a large org to
// try the analysis on.
package gen

import (
	"fmt"
	"math/rand/v2"
	"path"
	"strconv"
	"strings"
	"testing/fstest"
)

// Options shape a generated world.
type Options struct {
	// Seed picks the world; the same Options give the same file.
	Seed uint64
	// Accounts, UsersPer and RolesPer size it: accounts, and users and
	// roles in each (defaults 3, 2 and 3).
	Accounts, UsersPer, RolesPer int
	// Org puts every account but the first (the management account) in
	// an organization's OU under an SCP that may deny.
	Org bool
	// Steps adds a timeline that tries every user on every role, with and
	// without an external id, and chains from some first hops; for small
	// worlds only (users × roles × 2 steps).
	Steps bool
}

// AccountID is the id of a generated world's account i (from 0).
func AccountID(i int) string { return fmt.Sprintf("%012d", 111111111111+int64(i)*1013) }

func (o *Options) defaults() {
	if o.Accounts <= 0 {
		o.Accounts = 3
	}
	if o.UsersPer <= 0 {
		o.UsersPer = 2
	}
	if o.RolesPer <= 0 {
		o.RolesPer = 3
	}
}

// World writes the scenario file of a generated world.
func World(o Options) string {
	o.defaults()
	rng := rand.New(rand.NewPCG(o.Seed, 7))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	accts := make([]string, o.Accounts)
	for i := range accts {
		accts[i] = AccountID(i)
	}
	var users, roles []string
	for _, a := range accts {
		for i := 1; i <= o.UsersPer; i++ {
			users = append(users, fmt.Sprintf("arn:aws:iam::%s:user/u%d", a, i))
		}
		for i := 1; i <= o.RolesPer; i++ {
			roles = append(roles, fmt.Sprintf("arn:aws:iam::%s:role/R%d", a, i))
		}
	}
	roleName := func() string { return "R" + strconv.Itoa(1+rng.IntN(o.RolesPer)) }

	var b strings.Builder
	fmt.Fprintf(&b, "version: 1\nname: generated-%d\ndescription: A world rolesim generated (seed %d, %d accounts, %d users and %d roles each).\nstart: 2024-06-01T00:00:00Z\n",
		o.Seed, o.Seed, o.Accounts, o.UsersPer, o.RolesPer)
	if o.Org && o.Accounts > 1 {
		fmt.Fprintf(&b, `organization:
  id: o-gen1234567
  management_account: %q
  policies:
    - name: Guard
      type: SCP
      document: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "*", Resource: "*"}%s]}
  root:
    scps: [FullAWSAccess]
    accounts: [%q]
    ous:
      - name: Work
        scps: [Guard]
        accounts: [%s]
`, accts[0], pick("", `, {Effect: Deny, Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/R1"}`,
			`, {Effect: Deny, Action: "sts:AssumeRole", Resource: "*", Condition: {StringNotEquals: {"aws:PrincipalTag/team": red}}}`),
			accts[0], quoteAll(accts[1:]))
	}
	b.WriteString("accounts:\n")
	// Trust stays local as an org grows: a role trusts a principal of its
	// own account or of its partner account (accounts come in pairs), and
	// "*" is rare (a few roles of a big
	// world), so the number of edges grows with the roles, not with their
	// square.
	partner := func(ai int) int {
		if p := ai ^ 1; p < len(accts) {
			return p
		}
		return max(ai-1, 0)
	}
	near := func(ai int) []string {
		return []string{accts[ai], accts[partner(ai)]}
	}
	local := func(ai int, list []string, per int) string {
		a := ai
		if rng.IntN(2) == 1 {
			a = partner(ai)
		}
		return list[a*per+rng.IntN(per)]
	}
	total := o.Accounts * o.RolesPer
	for ai, a := range accts {
		fmt.Fprintf(&b, "  - id: %q\n", a)
		b.WriteString("    oidc_providers:\n      - {url: \"https://token.actions.githubusercontent.com\", client_ids: [sts.amazonaws.com], thumbprints: [6938fd4d98bab03faadb97b34396831e3780aea1]}\n")
		fmt.Fprintf(&b, "    groups:\n      - name: ops\n        inline_policies: {Ops: {Version: \"2012-10-17\", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: \"arn:aws:iam::%s:role/*\"}}}\n", a)
		b.WriteString("    users:\n")
		for i := 1; i <= o.UsersPer; i++ {
			fmt.Fprintf(&b, "      - name: u%d\n", i)
			if rng.IntN(3) == 0 {
				b.WriteString("        groups: [ops]\n")
			}
			if rng.IntN(2) == 0 {
				fmt.Fprintf(&b, "        tags: [{key: team, value: %s}]\n", pick("red", "blue"))
			}
			switch rng.IntN(4) {
			case 0:
				b.WriteString("        inline_policies: {Any: {Version: \"2012-10-17\", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: \"*\"}}}\n")
			case 1:
				fmt.Fprintf(&b, "        inline_policies: {Some: {Version: \"2012-10-17\", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: \"arn:aws:iam::*:role/%s\"}}}\n", roleName())
			case 2:
				fmt.Fprintf(&b, "        inline_policies: {Mixed: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Action: \"sts:*\", Resource: \"*\"}, {Effect: Deny, Action: sts:AssumeRole, Resource: \"arn:aws:iam::%s:role/%s\"}]}}\n", pick(near(ai)...), roleName())
			}
		}
		b.WriteString("    roles:\n")
		for i := 1; i <= o.RolesPer; i++ {
			var principal string
			switch k := rng.IntN(4); {
			case rng.IntN(max(5, total/3)) == 0:
				principal = `"*"`
			case k == 0:
				principal = fmt.Sprintf("{AWS: %q}", local(ai, users, o.UsersPer))
			case k == 1:
				principal = fmt.Sprintf("{AWS: %q}", local(ai, roles, o.RolesPer))
			case k == 2:
				principal = fmt.Sprintf("{AWS: \"arn:aws:iam::%s:root\"}", pick(near(ai)...))
			default:
				principal = fmt.Sprintf("{AWS: %q}", pick(near(ai)...))
			}
			cond := pick("", "", `, Condition: {StringEquals: {"sts:ExternalId": ext-x}}`,
				`, Condition: {StringEquals: {"aws:PrincipalTag/team": red}}`,
				fmt.Sprintf(`, Condition: {StringEquals: {"aws:PrincipalAccount": %q}}`, pick(near(ai)...)),
				`, Condition: {Bool: {"aws:MultiFactorAuthPresent": "true"}}`,
				`, Condition: {StringLike: {"sts:RoleSessionName": "ops-*"}}`)
			deny := pick("", "", `, {Effect: Deny, Principal: {AWS: "`+local(ai, users, o.UsersPer)+`"}, Action: sts:AssumeRole}`)
			action := "sts:AssumeRole"
			switch rng.IntN(12) {
			case 0:
				// A GitHub Actions deployment role.
				principal, action = `{Federated: "arn:aws:iam::`+a+`:oidc-provider/token.actions.githubusercontent.com"}`, "sts:AssumeRoleWithWebIdentity"
				cond = `, Condition: {StringEquals: {"token.actions.githubusercontent.com:aud": sts.amazonaws.com}, StringLike: {"token.actions.githubusercontent.com:sub": "repo:acme/*"}}`
				deny = ""
			case 1:
				principal, cond, deny = `{Service: `+pick("lambda.amazonaws.com", "ec2.amazonaws.com")+`}`, "", ""
			case 2:
				// Rare in big worlds, as org-wide roles are: each lets every
				// principal of the world in as a candidate.
				if o.Org && o.Accounts > 1 && rng.IntN(max(1, total/1000)) == 0 {
					// Anyone of the organization.
					principal, cond = `"*"`, `, Condition: {StringEquals: {"aws:PrincipalOrgID": o-gen1234567}}`
				}
			}
			fmt.Fprintf(&b, "      - name: R%d\n", i)
			if rng.IntN(3) == 0 {
				b.WriteString("        max_session_duration: 4h\n")
			}
			fmt.Fprintf(&b, "        trust_policy: {Version: \"2012-10-17\", Statement: [{Effect: Allow, Principal: %s, Action: %s%s}%s]}\n", principal, action, cond, deny)
			if rng.IntN(2) == 0 {
				b.WriteString("        inline_policies: {Hop: {Version: \"2012-10-17\", Statement: {Effect: Allow, Action: sts:AssumeRole, Resource: \"*\"}}}\n")
			}
		}
	}
	if o.Steps {
		steps(&b, rng, users, roles)
	}
	return b.String()
}

// steps writes the timeline: every user on every role, without and with
// the external id, then chains from first hops made with it.
func steps(b *strings.Builder, rng *rand.Rand, users, roles []string) {
	b.WriteString("steps:\n")
	step := 0
	var firstHops []string
	for _, u := range users {
		for _, r := range roles {
			for _, ext := range []bool{false, true} {
				step++
				id := "s" + strconv.Itoa(step)
				fmt.Fprintf(b, "  - id: %s\n    assume: {as: %q, role_arn: %q, role_session_name: sess", id, u, r)
				if ext {
					b.WriteString(", external_id: ext-x")
					firstHops = append(firstHops, id)
				}
				b.WriteString("}\n    expect: {}\n")
			}
		}
	}
	for i := 0; i < 30 && len(firstHops) > 0; i++ {
		step++
		from := firstHops[rng.IntN(len(firstHops))]
		fmt.Fprintf(b, "  - id: s%d\n    assume: {as: %s, role_arn: %q, role_session_name: ops-hop, external_id: ext-x}\n    expect: {}\n", step, from, roles[rng.IntN(len(roles))])
	}
}

func quoteAll(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// fileLimit is the most bytes a scenario file may hold
// (scenario.MaxFileSize, which gen, importing nothing of rolesim's, does
// not import); PartBudget is the most Files puts in one part, well under it.
const (
	fileLimit  = 4 << 20
	PartBudget = 3 << 20
)

// Part is a file of a generated world written in parts.
type Part struct {
	// Name is the part's path relative to the main file's directory,
	// "/"-separated.
	Name string
	Data string
}

// Files writes the world as World does, in one file when a scenario file
// may hold it (4 MiB); otherwise as a main file that includes parts (under
// partsDir, relative to it) of whole accounts, each at most PartBudget
// bytes, and keeps the organization and the timeline.
func Files(o Options, partsDir string) (main string, parts []Part) {
	return files(o, partsDir, fileLimit, PartBudget)
}

func files(o Options, partsDir string, limit, budget int) (main string, parts []Part) {
	src := World(o)
	if len(src) <= limit {
		return src, nil
	}
	head, rest, ok := strings.Cut(src, "\naccounts:\n")
	if !ok {
		return src, nil
	}
	accounts, steps, _ := strings.Cut(rest, "\nsteps:\n")
	if steps != "" {
		steps = "steps:\n" + steps
	}
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			parts = append(parts, Part{Name: fmt.Sprintf("%s/part-%03d.yaml", partsDir, len(parts)+1), Data: b.String()})
			b.Reset()
		}
	}
	for _, block := range splitAccounts(accounts) {
		if b.Len() > 0 && b.Len()+len(block) > budget {
			flush()
		}
		if b.Len() == 0 {
			fmt.Fprintf(&b, "# Part %d of a generated world (see the file that includes it).\naccounts:\n", len(parts)+1)
		}
		b.WriteString(block)
	}
	flush()
	var m strings.Builder
	m.WriteString(head + "\ninclude:\n")
	for _, p := range parts {
		m.WriteString("  - " + p.Name + "\n")
	}
	m.WriteString(steps)
	return m.String(), parts
}

// FS holds the world as Files writes it, the main file under name and its
// parts in name's directory under "<name without .yaml>.parts/", ready for
// scenario.LoadFS(fsys, name): the way to load a world too large for one
// scenario file (benchmarks at 100,000 roles do).
func FS(o Options, name string) fstest.MapFS {
	return filesFS(o, name, fileLimit, PartBudget)
}

func filesFS(o Options, name string, limit, budget int) fstest.MapFS {
	dir := path.Dir(name)
	main, parts := files(o, strings.TrimSuffix(path.Base(name), ".yaml")+".parts", limit, budget)
	fsys := fstest.MapFS{name: {Data: []byte(main)}}
	for _, p := range parts {
		fsys[path.Join(dir, p.Name)] = &fstest.MapFile{Data: []byte(p.Data)}
	}
	return fsys
}

// splitAccounts cuts the accounts list of a generated world into one text
// per account, each ending with a newline.
func splitAccounts(s string) []string {
	var out []string
	for s != "" {
		i := strings.Index(s[1:], "\n  - id: ")
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+2])
		s = s[i+2:]
	}
	if n := len(out); n > 0 && !strings.HasSuffix(out[n-1], "\n") {
		out[n-1] += "\n"
	}
	return out
}
