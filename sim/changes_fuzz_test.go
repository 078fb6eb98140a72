package sim

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// FuzzChanges sends arbitrary parameters to the world-change operations of
// the Go API, after one of a few valid changes (none, or one that makes the
// Sim's world its own copy first). Each must answer with nil or an *Error
// carrying an AWS code, never panic, and leave the Sim able to serve
// requests; and:
//
//   - a failed change leaves the Sim's world byte-identical (worldDump
//     before and after) and its answers to a fixed set of requests the
//     same;
//   - no change, failed or made, touches the World the Sims share, nor the
//     other Sim sharing it: its world, dump and answers stay the same.
func FuzzChanges(f *testing.F) {
	f.Add(uint8(0), uint8(0), "App", `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}}`, "Prod")
	f.Add(uint8(0), uint8(1), "bad name", `{"Statement": [`, "ou-nowhere")
	f.Add(uint8(0), uint8(2), "App", `{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`, "arn:aws:iam::222222222222:policy/Read")
	f.Add(uint8(0), uint8(3), "App", "", "222222222222")
	f.Add(uint8(0), uint8(4), "", "\x00", "Root/Prod/../")
	f.Add(uint8(0), uint8(5), "App", `{"Version": "2012-10-17"}`, "DenyAll")
	f.Add(uint8(0), uint8(6), "App", "null", "Jail")
	f.Add(uint8(0), uint8(7), "App", "{}", "arn:aws:iam::aws:policy/x")
	// Failures after the world became the Sim's own copy, and failures
	// found late (after the role was looked up and the world copied).
	f.Add(uint8(1), uint8(4), "App", "", "arn:aws:iam::222222222222:policy/Nope")
	f.Add(uint8(2), uint8(6), "App", "", "222222222222")
	f.Add(uint8(3), uint8(9), "Jail", "", "Jail")
	f.Add(uint8(4), uint8(11), "FullAWSAccess", "", "Root")
	f.Add(uint8(5), uint8(2), "App", strings.Repeat("x", 10300), "Big")
	f.Add(uint8(0), uint8(10), "DenyAll", "", "222222222222")
	f.Add(uint8(0), uint8(0), "app", `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:role/Gone"}, "Action": "sts:AssumeRole"}}`, "/")
	// Users, groups and access keys (ops 12-23), valid and not, after
	// membership and key changes (pre 6, 7).
	f.Add(uint8(0), uint8(12), "bob", `{"Statement": {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}`, "Own")
	f.Add(uint8(6), uint8(12), "alice", strings.Repeat(`{"Statement": {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}`, 30), "Big")
	f.Add(uint8(0), uint8(13), "bob", "", "own")
	f.Add(uint8(0), uint8(13), "bob", "", "Nope")
	f.Add(uint8(0), uint8(14), "bob", "", "arn:aws:iam::222222222222:policy/Read")
	f.Add(uint8(0), uint8(15), "bob", "", "arn:aws:iam::222222222222:policy/Read")
	f.Add(uint8(0), uint8(16), "devs", `{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}`, "Deny")
	f.Add(uint8(0), uint8(17), "Devs", "", "Shared")
	f.Add(uint8(6), uint8(18), "Devs", "", "arn:aws:iam::222222222222:policy/Read")
	f.Add(uint8(0), uint8(19), "Devs", "", "arn:aws:iam::aws:policy/x")
	f.Add(uint8(0), uint8(20), "alice", "", "Devs")
	f.Add(uint8(6), uint8(21), "alice", "", "DEVS")
	f.Add(uint8(0), uint8(21), "bob", "", "Devs")
	f.Add(uint8(0), uint8(22), "bob", "Inactive", "own")
	f.Add(uint8(7), uint8(22), "bob", "Active", "own")
	f.Add(uint8(0), uint8(22), "bob", "Disabled", "AKIAIOSFODNN7EXAMPLE")
	f.Add(uint8(0), uint8(23), "bob", "", "own")
	f.Add(uint8(7), uint8(23), "nobody", "", "short")
	f.Fuzz(func(t *testing.T, pre, op uint8, name, doc, target string) {
		w, sims, creds := newChangesSim(t, changesWorld)
		s, other := sims[0], sims[1]
		if err := preChange(s, pre); err != nil {
			t.Fatalf("valid change %d: %v", pre%fuzzPres, err)
		}
		d := newWorldDumper()
		shared, mine, theirs := d.dump(w), d.dump(s.world), d.dump(other.world)
		answers, theirAnswers := probeUsers(s, creds[0]), probeUsers(other, creds[1])

		err := fuzzChange(s, op, name, doc, target)
		var e *Error
		if err != nil && (!errors.As(err, &e) || e.Code == "" || e.HTTPStatus == 0) {
			t.Fatalf("op %d: %v is not an AWS error", op%fuzzOps, err)
		}
		if diff := cmp.Diff(shared, d.dump(w)); diff != "" {
			t.Errorf("op %d (%v) changed the World the Sims share (-before +after):\n%s", op%fuzzOps, err, diff)
		}
		if other.world != w {
			t.Errorf("op %d (%v) replaced the other Sim's world", op%fuzzOps, err)
		}
		if diff := cmp.Diff(theirs, d.dump(other.world)); diff != "" {
			t.Errorf("op %d (%v) changed the other Sim's world (-before +after):\n%s", op%fuzzOps, err, diff)
		}
		if diff := cmp.Diff(theirAnswers, probeUsers(other, creds[1])); diff != "" {
			t.Errorf("op %d (%v) changed the other Sim's answers (-before +after):\n%s", op%fuzzOps, err, diff)
		}
		if err != nil {
			if diff := cmp.Diff(mine, d.dump(s.world)); diff != "" {
				t.Errorf("op %d failed (%v) but changed the Sim's world (-before +after):\n%s", op%fuzzOps, err, diff)
			}
			if diff := cmp.Diff(answers, probeUsers(s, creds[0])); diff != "" {
				t.Errorf("op %d failed (%v) but changed the Sim's answers (-before +after):\n%s", op%fuzzOps, err, diff)
			}
		}
		if _, err := s.GetCallerIdentity(creds[0]); err != nil && ErrorCode(err) != CodeInvalidClientTokenID {
			t.Fatalf("op %d: the Sim no longer serves requests: %v", op%fuzzOps, err)
		}
	})
}

// fuzzOps and fuzzPres are how many operations fuzzChange sends and how
// many valid changes preChange makes.
const (
	fuzzOps  = 24
	fuzzPres = 8
)

// preChange makes one of a few valid changes (0: none).
func preChange(s *Sim, pre uint8) error {
	const acct = "222222222222"
	switch pre % fuzzPres {
	case 1:
		return s.PutRolePolicy(&PutRolePolicyInput{AccountID: acct, RoleName: "App", PolicyName: "Extra", PolicyDocument: `{"Statement": {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"}}`})
	case 2:
		return s.AttachPolicy(&PolicyTargetInput{PolicyID: "DenyAll", TargetID: "Prod"})
	case 3:
		return s.MoveAccount(&MoveAccountInput{AccountID: acct, DestinationParentID: "Jail"})
	case 4:
		_, err := s.CreateRole(&CreateRoleInput{AccountID: acct, RoleName: "New", AssumeRolePolicyDocument: `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "222222222222"}, "Action": "sts:AssumeRole"}}`})
		return err
	case 5:
		if err := s.DetachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: "App", PolicyArn: "arn:aws:iam::222222222222:policy/Read"}); err != nil {
			return err
		}
		return s.DeleteRole(&DeleteRoleInput{AccountID: acct, RoleName: "App"})
	case 6:
		return s.AddUserToGroup(&GroupMembershipInput{AccountID: acct, GroupName: "Devs", UserName: "alice"})
	case 7:
		return s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: acct, UserName: "bob", Status: StatusInactive, ownKey: true})
	}
	return nil
}

// fuzzChange sends one world-change request built from the fuzzer's
// parameters.
func fuzzChange(s *Sim, op uint8, name, doc, target string) error {
	const acct = "222222222222"
	var err error
	switch op % fuzzOps {
	case 0:
		_, err = s.CreateRole(&CreateRoleInput{AccountID: acct, RoleName: name, Path: &target, AssumeRolePolicyDocument: doc})
	case 1:
		err = s.UpdateAssumeRolePolicy(&UpdateAssumeRolePolicyInput{AccountID: acct, RoleName: name, PolicyDocument: doc})
	case 2:
		err = s.PutRolePolicy(&PutRolePolicyInput{AccountID: acct, RoleName: name, PolicyName: target, PolicyDocument: doc})
	case 3:
		err = s.AttachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: name, PolicyArn: target})
	case 4:
		err = s.DetachRolePolicy(&RolePolicyARNInput{AccountID: acct, RoleName: name, PolicyArn: target})
	case 5:
		err = s.DeleteRolePolicy(&DeleteRolePolicyInput{AccountID: acct, RoleName: name, PolicyName: target})
	case 6:
		err = s.DeleteRole(&DeleteRoleInput{AccountID: target, RoleName: name})
	case 7:
		d := int32(len(doc) * 1000)
		err = s.UpdateRole(&UpdateRoleInput{AccountID: acct, RoleName: name, MaxSessionDuration: &d, Description: &doc})
	case 8:
		_, err = s.RevokeRoleSessions(&RevokeRoleSessionsInput{AccountID: acct, RoleName: name})
	case 9:
		err = s.MoveAccount(&MoveAccountInput{AccountID: acct, SourceParentID: name, DestinationParentID: target})
	case 10:
		err = s.AttachPolicy(&PolicyTargetInput{PolicyID: name, TargetID: target})
	case 11:
		err = s.DetachPolicy(&PolicyTargetInput{PolicyID: name, TargetID: target})
	case 12:
		err = s.PutUserPolicy(&PutUserPolicyInput{AccountID: acct, UserName: name, PolicyName: target, PolicyDocument: doc})
	case 13:
		err = s.DeleteUserPolicy(&DeleteUserPolicyInput{AccountID: acct, UserName: name, PolicyName: target})
	case 14:
		err = s.AttachUserPolicy(&UserPolicyARNInput{AccountID: acct, UserName: name, PolicyArn: target})
	case 15:
		err = s.DetachUserPolicy(&UserPolicyARNInput{AccountID: acct, UserName: name, PolicyArn: target})
	case 16:
		err = s.PutGroupPolicy(&PutGroupPolicyInput{AccountID: acct, GroupName: name, PolicyName: target, PolicyDocument: doc})
	case 17:
		err = s.DeleteGroupPolicy(&DeleteGroupPolicyInput{AccountID: acct, GroupName: name, PolicyName: target})
	case 18:
		err = s.AttachGroupPolicy(&GroupPolicyARNInput{AccountID: acct, GroupName: name, PolicyArn: target})
	case 19:
		err = s.DetachGroupPolicy(&GroupPolicyARNInput{AccountID: acct, GroupName: name, PolicyArn: target})
	case 20:
		err = s.AddUserToGroup(&GroupMembershipInput{AccountID: acct, GroupName: target, UserName: name})
	case 21:
		err = s.RemoveUserFromGroup(&GroupMembershipInput{AccountID: acct, GroupName: target, UserName: name})
	case 22:
		// target "own" names the user's own key, as a step without
		// access_key_id does.
		err = s.UpdateAccessKey(&UpdateAccessKeyInput{AccountID: acct, UserName: name, AccessKeyID: target, Status: doc, ownKey: target == "own"})
	case 23:
		err = s.DeleteAccessKey(&DeleteAccessKeyInput{AccountID: acct, UserName: name, AccessKeyID: target, ownKey: target == "own"})
	}
	return err
}

// probeUsers is probeSim with a session's credentials and then with the
// long-term keys of alice and bob.
func probeUsers(s *Sim, c Credentials) []string {
	out := probeSim(s, c)
	for _, u := range []string{"alice", "bob"} {
		key, err := s.UserCredentials("arn:aws:iam::222222222222:user/" + u)
		if err != nil {
			return append(out, string(ErrorCode(err)))
		}
		out = append(out, probeSim(s, key)...)
	}
	return out
}

// probeSim asks a Sim a fixed set of requests with a session's
// credentials and returns the answers, without issuing anything.
func probeSim(s *Sim, c Credentials) []string {
	out := []string{string(callCode(s, c, "s3:GetObject")), string(callCode(s, c, "s3:PutObject")), string(callCode(s, c, "ec2:RunInstances"))}
	id, err := s.GetCallerIdentity(c)
	if err != nil {
		return append(out, string(ErrorCode(err)))
	}
	return append(out, id.Arn+" "+id.UserID+" "+id.Account)
}

// worldDumper renders Worlds as text in a fixed order: every field of
// every entity, maps by sorted key, and pointers by the place where the
// walk first met what they point to ("accounts[1].roles[0]"), so that two
// copies of a world dump the same and a shared or swapped pointer shows.
// Compiled policies and scenario entities are immutable: they are shown by
// identity, numbered across every dump the dumper makes, so that a change
// that swaps one shows even when the two look alike.
type worldDumper struct {
	docs     map[*policy.Policy]int
	srcs     map[*scenario.Role]int
	userSrcs map[*scenario.User]int
}

func newWorldDumper() *worldDumper {
	return &worldDumper{docs: map[*policy.Policy]int{}, srcs: map[*scenario.Role]int{}, userSrcs: map[*scenario.User]int{}}
}

// worldWalk is the state of one dump.
type worldWalk struct {
	d     *worldDumper
	w     *World // the world dumped
	b     strings.Builder
	where map[any]string // entity pointer -> its place in the walk
}

func (d *worldDumper) dump(w *World) string {
	k := &worldWalk{d: d, w: w, where: map[any]string{}}
	k.world(w)
	return k.b.String()
}

func (k *worldWalk) line(format string, args ...any) {
	fmt.Fprintf(&k.b, format, args...)
	k.b.WriteByte('\n')
}

// place names where the walk met p, or says it was not met.
func (k *worldWalk) place(p any) string {
	if reflect.ValueOf(p).IsNil() {
		return "nil"
	}
	if s, ok := k.where[p]; ok {
		return s
	}
	return fmt.Sprintf("outside the world (%T)", p)
}

func (k *worldWalk) doc(p *policy.Policy) string {
	if p == nil {
		return "nil"
	}
	n, ok := k.d.docs[p]
	if !ok {
		n = len(k.d.docs) + 1
		k.d.docs[p] = n
	}
	return "doc#" + strconv.Itoa(n) + " (" + p.Version + ", " + strconv.Itoa(len(p.Statements)) + " statements)"
}

func (k *worldWalk) ref(r *PolicyRef) string {
	if r == nil {
		return "nil"
	}
	return fmt.Sprintf("{%s %q %q %s stale=%q}", r.Kind, r.Name, r.File, k.doc(r.Doc), r.stale)
}

func (k *worldWalk) refs(rs []*PolicyRef) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = k.ref(r)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func (k *worldWalk) world(w *World) {
	k.line("Region %q seed %q", w.Region, w.seed)
	k.line("Quotas %+v", w.Quotas)
	k.line("Settings %+v", w.Settings)
	// Each organization's tree, root first, as ous lists it.
	for i, o := range w.Orgs {
		at := "Orgs[" + strconv.Itoa(i) + "]"
		k.where[o] = at
		for j, n := range o.ous {
			k.where[n] = at + ".ous[" + strconv.Itoa(j) + "]"
		}
	}
	k.line("Orgs %d", len(w.Orgs))
	for i, o := range w.Orgs {
		at := "Orgs[" + strconv.Itoa(i) + "]"
		for j, n := range o.ous {
			k.line("%s.ous[%d] %s %q %q parent=%s SCPs=%s RCPs=%s", at, j, n.Kind, n.Name, n.ID, k.place(n.parent), k.refs(n.SCPs), k.refs(n.RCPs))
		}
		k.line("%s %q management %q root=%s", at, o.ID, o.ManagementAccount, k.place(o.Root))
		for _, name := range sortedMapKeys(o.policies) {
			p := o.policies[name]
			k.line("%s.policies[%q] %q %s %s pos=%v", at, name, p.Name, p.Type, k.doc(p.Document), p.Pos)
		}
	}
	for i, a := range w.Accounts {
		at := "accounts[" + strconv.Itoa(i) + "]"
		k.where[a] = at
		for j, u := range a.Users {
			k.where[u] = at + ".users[" + strconv.Itoa(j) + "]"
		}
		for j, r := range a.Roles {
			k.where[r] = at + ".roles[" + strconv.Itoa(j) + "]"
		}
	}
	for i, a := range w.Accounts {
		at := "accounts[" + strconv.Itoa(i) + "]"
		for j, n := range a.Path {
			if _, ok := k.where[n]; !ok && j == len(a.Path)-1 {
				k.where[n] = at + ".own"
				k.line("%s.own %s %q %q parent=%s SCPs=%s RCPs=%s", at, n.Kind, n.Name, n.ID, k.place(n.parent), k.refs(n.SCPs), k.refs(n.RCPs))
			}
		}
		path := make([]string, len(a.Path))
		for j, n := range a.Path {
			path[j] = k.place(n)
		}
		k.line("%s %q alias %q root %q Org %s OrgPath %q Path %v inOrg=%v", at, a.ID, a.Alias, a.rootARN, k.place(a.Org), a.OrgPath, path, a.Path != nil)
		for j, u := range a.Users {
			k.user(at+".users["+strconv.Itoa(j)+"]", u)
		}
		for j, r := range a.Roles {
			k.role(at+".roles["+strconv.Itoa(j)+"]", r)
		}
	}
	for _, key := range sortedMapKeys(w.accounts) {
		k.line("accounts[%q] = %s", key, k.place(w.accounts[key]))
	}
	for _, key := range sortedMapKeys(w.users) {
		k.line("users[%q] = %s", key, k.place(w.users[key]))
	}
	for _, key := range sortedMapKeys(w.roles) {
		k.line("roles[%q] = %s", key, k.place(w.roles[key]))
	}
	for _, key := range sortedMapKeys(w.accessKey) {
		k.line("accessKey[%q] = %s", key, k.place(w.accessKey[key]))
	}
	for _, key := range sortedMapKeys(w.groups) {
		g := w.groups[key]
		k.line("groups[%q] account=%q %q managed=%q", key, g.account, g.name, g.managed)
		for i, ip := range g.inline {
			k.line("groups[%q].inline[%d] %q size=%d %s", key, i, ip.name, ip.size, k.ref(ip.ref))
		}
	}
	for i, r := range w.resources {
		k.line("resources[%d] %q account=%s policy=%s tags=%v", i, r.ARN, k.place(r.Account), k.ref(r.Policy), r.Tags)
	}
	for _, key := range sortedMapKeys(w.managed) {
		k.line("managed[%q] = %s", key, k.ref(w.managed[key]))
	}
	for _, key := range sortedMapKeys(w.oidc) {
		p := w.oidc[key]
		k.line("oidc[%q] %q %q %q %q account=%s", key, p.ARN, p.URL, p.Host, p.ClientIDs, k.place(p.Account))
	}
	for _, key := range sortedMapKeys(w.saml) {
		p := w.saml[key]
		k.line("saml[%q] %q %q %q account=%s", key, p.ARN, p.Name, p.Issuer, k.place(p.Account))
	}
}

func (k *worldWalk) user(at string, u *User) {
	mfa := make([]string, len(u.MFADevices))
	for i, m := range u.MFADevices {
		mfa[i] = fmt.Sprintf("%+v", *m)
	}
	k.line("%s account=%s %q %q %q %q keys %q %q tags=%v identity=%s boundary=%s mfa=%v",
		at, k.place(u.Account), u.Name, u.Path, u.ARN, u.ID, u.AccessKeyID, u.SecretAccessKey, u.Tags, k.refs(u.Identity), k.ref(u.Boundary), mfa)
	p := &u.principal
	var ctx []ContextKey
	if p.ctx != nil {
		ctx = snapshot(p.ctx)
	}
	k.line("%s.principal kind=%d account=%s user=%s session=%v arn=%q userID=%q pol=%+v ctx=%v identity=%s boundary=%s sessionPolicies=%s",
		at, p.kind, k.place(p.account), k.place(p.user), p.session != nil, p.arn, p.userID, p.pol, ctx, k.refs(p.identity), k.ref(p.boundary), k.refs(p.sessionPolicies))
	// The user's world-change state (changes_users.go): its scenario
	// user, key state, and policies and groups by origin as view sees
	// them (derived from the scenario until the first change builds them).
	src := "nil"
	if u.src != nil {
		n, ok := k.d.userSrcs[u.src]
		if !ok {
			n = len(k.d.userSrcs) + 1
			k.d.userSrcs[u.src] = n
		}
		src = "scenario user#" + strconv.Itoa(n) + " " + u.src.Name
	}
	ps := u.view(k.w)
	k.line("%s src=%s key=%s built=%v managed=%q groups=%q", at, src, u.key, u.ps != nil, ps.managed, ps.groups)
	for i, ip := range ps.inline {
		k.line("%s.inline[%d] %q size=%d %s", at, i, ip.name, ip.size, k.ref(ip.ref))
	}
}

func (k *worldWalk) role(at string, r *Role) {
	src := "nil"
	if r.src != nil {
		n, ok := k.d.srcs[r.src]
		if !ok {
			n = len(k.d.srcs) + 1
			k.d.srcs[r.src] = n
		}
		src = "scenario role#" + strconv.Itoa(n) + " " + r.src.Name
	}
	k.line("%s account=%s %q %q %q %q trust=%s identity=%s boundary=%s max=%d tags=%v src=%s deleted=%v",
		at, k.place(r.Account), r.Name, r.Path, r.ARN, r.ID, k.ref(r.Trust), k.refs(r.Identity), k.ref(r.Boundary), r.MaxSessionDuration, r.Tags, src, r.deleted)
	// The role's policies by origin, as parts() sees them: derived from
	// the scenario until the first change builds them.
	ps := r.ps
	if ps == nil {
		ps = &roleParts{}
		if sr := r.src; sr != nil {
			for i, ip := range sr.InlinePolicies {
				if i < len(r.Identity) {
					ps.inline = append(ps.inline, inlinePolicy{name: ip.Name, size: ip.Size, ref: r.Identity[i]})
				}
			}
			for _, m := range sr.ManagedPolicies {
				ps.managed = append(ps.managed, m.Value)
			}
		}
	}
	for i, ip := range ps.inline {
		k.line("%s.inline[%d] %q size=%d %s", at, i, ip.name, ip.size, k.ref(ip.ref))
	}
	k.line("%s.managed %q", at, ps.managed)
}

func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}

// TestWorldDumpCoversEveryField fails when a field is added to a type the
// world dump walks without being added to the dump (or listed here as
// derived): a failed change could then alter it unseen by FuzzChanges.
func TestWorldDumpCoversEveryField(t *testing.T) {
	covered := map[reflect.Type][]string{
		reflect.TypeOf(World{}): {"Region", "Orgs", "Accounts", "accounts", "users", "roles", "accessKey", "resources", "managed", "seed",
			"Quotas", "Settings", "oidc", "saml", "groups"},
		reflect.TypeOf(Org{}):           {"ID", "ManagementAccount", "Root", "ous", "policies"},
		reflect.TypeOf(OrgNode{}):       {"Kind", "Name", "ID", "SCPs", "RCPs", "parent"},
		reflect.TypeOf(Account{}):       {"ID", "Alias", "Org", "Path", "OrgPath", "Users", "Roles", "rootARN"},
		reflect.TypeOf(User{}):          {"Account", "Name", "Path", "ARN", "ID", "AccessKeyID", "SecretAccessKey", "Tags", "Identity", "Boundary", "MFADevices", "principal", "src", "ps", "key"},
		reflect.TypeOf(Role{}):          {"Account", "Name", "Path", "ARN", "ID", "Trust", "Identity", "Boundary", "MaxSessionDuration", "Tags", "src", "ps", "deleted"},
		reflect.TypeOf(Resource{}):      {"Account", "ARN", "Policy", "Tags"},
		reflect.TypeOf(PolicyRef{}):     {"Kind", "Name", "File", "Doc", "stale"},
		reflect.TypeOf(principalInfo{}): {"kind", "account", "user", "session", "arn", "userID", "pol", "ctx", "identity", "boundary", "sessionPolicies"},
		reflect.TypeOf(roleParts{}):     {"inline", "managed"},
		reflect.TypeOf(inlinePolicy{}):  {"name", "size", "ref"},
		reflect.TypeOf(userParts{}):     {"inline", "managed", "groups"},
		reflect.TypeOf(iamGroup{}):      {"account", "name", "inline", "managed"},
		reflect.TypeOf(OIDCProvider{}):  {"Account", "ARN", "URL", "Host", "ClientIDs"},
		reflect.TypeOf(SAMLProvider{}):  {"Account", "ARN", "Name", "Issuer"},
	}
	for typ, fields := range covered {
		var missing []string
		for i := 0; i < typ.NumField(); i++ {
			if name := typ.Field(i).Name; !containsString(fields, name) {
				missing = append(missing, name)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s has fields the world dump (changes_fuzz_test.go) does not show: %v", typ.Name(), missing)
		}
	}
}

// TestWorldDumpSeesChanges checks the dump FuzzChanges compares: a copy of
// the world dumps the same as the world, and every operation's change
// shows. The changes run in sequence on one Sim.
func TestWorldDumpSeesChanges(t *testing.T) {
	_, sims, _ := newChangesSim(t, changesWorld)
	s := sims[0]
	d := newWorldDumper()
	before := d.dump(s.world)
	if copied := d.dump(s.own()); copied != before {
		t.Fatalf("a copy of the world dumps differently (-world +copy):\n%s", cmp.Diff(before, copied))
	}
	trust := `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}}`
	changes := []struct {
		name, reason       string
		op                 uint8
		name2, doc, target string
	}{
		{name: "create", reason: "a new role", op: 0, name2: "New", doc: trust, target: "/"},
		{name: "trust", reason: "a new trust policy", op: 1, name2: "App", doc: trust},
		{name: "put", reason: "a new inline policy", op: 2, name2: "App", doc: `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`, target: "More"},
		{name: "detach", reason: "a managed policy fewer", op: 4, name2: "App", target: "arn:aws:iam::222222222222:policy/Read"},
		{name: "attach", reason: "a managed policy more", op: 3, name2: "App", target: "arn:aws:iam::222222222222:policy/Read"},
		{name: "delete policy", reason: "an inline policy fewer", op: 5, name2: "App", target: "More"},
		{name: "delete role", reason: "a role fewer", op: 6, name2: "New", target: "222222222222"},
		{name: "update", reason: "a new MaxSessionDuration", op: 7, name2: "App", doc: "xxxxx"},
		{name: "revoke", reason: "the revocation policy", op: 8, name2: "App"},
		{name: "move", reason: "another organization path", op: 9, target: "Jail"},
		{name: "attach scp", reason: "an SCP more", op: 10, name2: "DenyAll", target: "222222222222"},
		{name: "detach scp", reason: "an SCP fewer", op: 11, name2: "DenyAll", target: "222222222222"},
		{name: "put user policy", reason: "a user inline policy more", op: 12, name2: "bob", doc: `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`, target: "More"},
		{name: "delete user policy", reason: "a user inline policy fewer", op: 13, name2: "bob", target: "More"},
		{name: "attach user policy", reason: "a user managed policy more", op: 14, name2: "bob", target: "arn:aws:iam::222222222222:policy/Read"},
		{name: "detach user policy", reason: "a user managed policy fewer", op: 15, name2: "bob", target: "arn:aws:iam::222222222222:policy/Read"},
		{name: "put group policy", reason: "a group inline policy more", op: 16, name2: "Devs", doc: `{"Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}`, target: "More"},
		{name: "delete group policy", reason: "a group inline policy fewer", op: 17, name2: "Devs", target: "More"},
		{name: "attach group policy", reason: "a group managed policy more", op: 18, name2: "Devs", target: "arn:aws:iam::222222222222:policy/Read"},
		{name: "detach group policy", reason: "a group managed policy fewer", op: 19, name2: "Devs", target: "arn:aws:iam::222222222222:policy/Read"},
		{name: "add user to group", reason: "a member more", op: 20, name2: "alice", target: "Devs"},
		{name: "remove user from group", reason: "a member fewer", op: 21, name2: "alice", target: "Devs"},
		{name: "deactivate key", reason: "an inactive key", op: 22, name2: "bob", doc: "Inactive", target: "own"},
		{name: "activate key", reason: "an active key again", op: 22, name2: "bob", doc: "Active", target: "own"},
		{name: "delete key", reason: "a deleted key", op: 23, name2: "bob", target: "own"},
	}
	for _, c := range changes {
		prev := d.dump(s.world)
		if err := fuzzChange(s, c.op, c.name2, c.doc, c.target); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if d.dump(s.world) == prev {
			t.Errorf("%s: %s, yet the dump is the same", c.name, c.reason)
		}
	}
}
