// Package tfplan turns a Terraform plan into a rolesim world, so that a
// plan can be tested before it is applied: the JSON that
// `terraform show -json PLANFILE` prints (planned_values of the root and
// child modules, resource_changes with their after_unknown, prior_state),
// or the same command's output for a state.
//
// It reads aws_iam_role (inline_policy blocks, assume_role_policy,
// max_session_duration, path, tags, permissions_boundary,
// managed_policy_arns), aws_iam_role_policy, aws_iam_policy, the
// role/user/group policy attachments, aws_iam_user, aws_iam_user_policy,
// aws_iam_group, aws_iam_group_policy, aws_iam_group_membership,
// aws_iam_user_group_membership and aws_iam_openid_connect_provider, and
// the organization: aws_organizations_organization,
// aws_organizations_organizational_unit, aws_organizations_account,
// aws_organizations_policy (SCPs and RCPs; other types are noted) and
// aws_organizations_policy_attachment. It builds an iamdump.Model: the world is checked and written by
// iamdump.ImportModel, with the same order, comments and header as
// `rolesim import aws`, each entity's comment naming its resource address.
//
// A value unknown until apply (after_unknown: a trust policy or a policy
// that refers to an ARN this plan creates) is never guessed: the document
// is imported as a placeholder that denies everything (its statement's Sid
// is PlaceholderSid, with a comment naming the address) and a note names
// the resource. A role, user, group or policy ARN that is unknown is
// followed through the configuration's reference to the resource of the
// plan it names, when there is exactly one (noted). The same goes for an
// OU's or account's parent_id and an attachment's policy_id and target_id;
// an OU, account or policy id unknown until apply is a placeholder id
// (unknownuntilapply in it; accounts 000000000001, ...). What could deny
// and cannot be known (an attached policy the plan does not hold, the
// parent of an OU or member account the plan does not place) is the
// placeholder SCP placeholder-deny-all, never left out. The prior state's
// world is Options.Before.
//
// With Options.Over the plan is laid over an IAM snapshot of the same
// accounts (iamdump.ReadSnapshot): the snapshot gives the entities the plan
// does not manage, the plan's entities replace the snapshot's of the same
// ARN (keeping the inline policies, attachments and group memberships the
// plan does not hold), and what the plan deletes (resource_changes with
// actions ["delete"], read from their before values) is removed. The
// snapshot's organization is the one the plan's aws_organizations_*
// resources change: its OUs, accounts and policies are no placeholders.
//
// Accounts come from the ARNs of the plan: a resource's own arn, else the
// ARNs of the other resources of its module instance. Where none says
// (a module that only creates), Options.ModuleAccounts or Options.Account
// must give it; otherwise Import returns an error naming the resource.
//
// Bad input is an *iamdump.Error naming the file and the JSON path
// ($.planned_values.root_module.child_modules[0].resources[2].values.assume_role_policy).
package tfplan
