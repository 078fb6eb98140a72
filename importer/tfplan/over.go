package tfplan

import (
	"sort"
	"strings"

	"github.com/rolesim/rolesim/importer/iamdump"
)

// deleted returns the resources the plan deletes (actions ["delete"]:
// a replacement is in the planned values), with their values before the
// change, in resource_changes order.
func deleted(chs map[string]*changeJSON) []*resource {
	var out []*resource
	for _, ch := range chs {
		if len(ch.Change.Actions) != 1 || ch.Change.Actions[0] != "delete" || ch.Change.Before == nil {
			continue
		}
		typ := ch.Type
		if typ == "" {
			rest := strings.TrimPrefix(ch.Address, ch.ModuleAddress+".")
			typ, _, _ = strings.Cut(rest, ".")
		}
		out = append(out, &resource{addr: ch.Address, module: ch.ModuleAddress, typ: typ, path: index("$.resource_changes", ch.index) + ".change.before",
			vals: ch.Change.Before, actions: ch.Change.Actions})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].path < out[j].path })
	return out
}

// deletions turns the deleted resources into the model's Deletions (for
// --over: what to take out of the snapshot). A resource whose owner or
// name the before values do not give is noted.
func (c *converter) deletions(list []*resource) error {
	for _, r := range list {
		d := iamdump.ModelDeletion{Origin: iamdump.Origin{From: r.addr, Path: r.path}}
		str := func(k string) string { s, _ := r.vals[k].(string); return s }
		switch r.typ {
		case "aws_iam_role", "aws_iam_user", "aws_iam_group", "aws_iam_policy":
			d.Kind = strings.TrimPrefix(r.typ, "aws_iam_")
			d.Name, d.Ref = str("name"), str("arn")
		case "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy":
			d.Kind, d.Name = "inline", str("name")
			d.OwnerKind = strings.TrimSuffix(strings.TrimPrefix(r.typ, "aws_iam_"), "_policy")
			d.Owner = str(d.OwnerKind)
		case "aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment":
			d.Kind, d.Ref = "attachment", str("policy_arn")
			d.OwnerKind = strings.TrimSuffix(strings.TrimPrefix(r.typ, "aws_iam_"), "_policy_attachment")
			d.Owner = str(d.OwnerKind)
		case "aws_iam_user_group_membership":
			groups, _ := c.strList(r, "groups")
			for _, g := range groups {
				if err := c.deletion(r, iamdump.ModelDeletion{Origin: d.Origin, Kind: "membership", Owner: str("user"), Name: g}); err != nil {
					return err
				}
			}
			continue
		case "aws_iam_group_membership":
			users, _ := c.strList(r, "users")
			for _, u := range users {
				if err := c.deletion(r, iamdump.ModelDeletion{Origin: d.Origin, Kind: "membership", Owner: u, Name: str("group")}); err != nil {
					return err
				}
			}
			continue
		case "aws_iam_openid_connect_provider":
			d.Kind, d.Ref = "oidc", str("url")
			if d.Ref != "" && !strings.Contains(d.Ref, "://") {
				d.Ref = "https://" + d.Ref
			}
		case typeOU:
			d.Kind, d.Ref = "ou", str("id")
		case typeOrgAccount:
			d.Kind, d.Ref = "org-account", str("id")
		case typeOrgPolicy:
			d.Kind, d.Ref = "org-policy", str("id")
		case typeOrgAttach:
			d.Kind, d.Ref, d.Target = "org-attachment", str("policy_id"), str("target_id")
		default:
			continue
		}
		if err := c.deletion(r, d); err != nil {
			return err
		}
	}
	return nil
}

// deletion adds one deletion, with its account for IAM resources. Without
// --over, a deletion whose account is not known is left out: the planned
// values hold no deleted resource anyway.
func (c *converter) deletion(r *resource, d iamdump.ModelDeletion) error {
	if strings.HasPrefix(r.typ, "aws_iam_") {
		acct, err := c.account(r)
		if err != nil && c.opts.Over == nil {
			return nil
		}
		if err != nil {
			return err
		}
		d.Account = acct
	}
	if d.Name == "" && d.Ref == "" || d.OwnerKind != "" && d.Owner == "" {
		c.note(r, false, r.typ+": the plan deletes it, but its values before the change do not say what it is: not removed from the snapshot")
		return nil
	}
	c.m.Deletions = append(c.m.Deletions, d)
	return nil
}

// dropDeleted takes out of the plan's own entities the inline policies,
// attachments and memberships the plan deletes: a role's
// managed_policy_arns and inline_policy, which the provider reads from AWS
// before the change, still list them.
func (c *converter) dropDeleted() {
	for _, d := range c.m.Deletions {
		k := key(d.Account, d.Owner)
		var inline *[]iamdump.ModelDoc
		var managed, groups *[]iamdump.ModelRef
		switch {
		case d.Kind == "membership":
			if u := c.users[k]; u != nil {
				groups = &u.Groups
			}
		case d.OwnerKind == "role" && c.roles[k] != nil:
			inline, managed = &c.roles[k].Inline, &c.roles[k].Managed
		case d.OwnerKind == "user" && c.users[k] != nil:
			inline, managed = &c.users[k].Inline, &c.users[k].Managed
		case d.OwnerKind == "group" && c.groups[k] != nil:
			inline, managed = &c.groups[k].Inline, &c.groups[k].Managed
		}
		switch {
		case d.Kind == "inline" && inline != nil:
			for i, doc := range *inline {
				if doc.Name == d.Name && strings.Contains(doc.Path, ".values.inline_policy") {
					*inline = append((*inline)[:i:i], (*inline)[i+1:]...)
					c.note(&resource{addr: d.From}, false, d.OwnerKind+" "+d.Owner+": inline policy "+d.Name+" is deleted by the plan: left out (the role's inline_policy, read before the change, still lists it)")
					break
				}
			}
		case d.Kind == "attachment" && managed != nil:
			*managed = dropRef(*managed, d.Ref, false, func() {
				c.note(&resource{addr: d.From}, false, d.OwnerKind+" "+d.Owner+": the attachment of "+d.Ref+" is deleted by the plan: left out (managed_policy_arns, read before the change, still lists it)")
			})
		case d.Kind == "membership" && groups != nil:
			*groups = dropRef(*groups, d.Name, true, func() {})
		}
	}
}

// dropRef removes the references to ref (AWS holds one attachment of a
// policy to a principal, so a deleted attachment leaves none), calling
// noted for each.
func dropRef(list []iamdump.ModelRef, ref string, fold bool, noted func()) []iamdump.ModelRef {
	out := list[:0:0]
	for _, m := range list {
		if m.Ref == ref || fold && strings.EqualFold(m.Ref, ref) {
			noted()
			continue
		}
		out = append(out, m)
	}
	return out
}
