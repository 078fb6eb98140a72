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

// deletion adds one deletion, with its account for IAM resources.
func (c *converter) deletion(r *resource, d iamdump.ModelDeletion) error {
	if strings.HasPrefix(r.typ, "aws_iam_") {
		acct, err := c.account(r)
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
