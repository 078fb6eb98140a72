// Package iamdump turns IAM snapshots of real AWS accounts into a rolesim
// world: the JSON that `aws iam get-account-authorization-details` prints
// (users, groups, roles and managed policies of one account, possibly in
// several pages) and `aws iam list-roles` (for each role's
// MaxSessionDuration, which the first does not carry).
//
// Import reads any number of such files, for any number of accounts, and
// writes one scenario file (scenario/FORMAT.md) without steps: sorted,
// with policies as YAML maps, AWS managed policies referenced by ARN, and a
// comment on every entity naming the file and JSON path it came from.
// What cannot be imported is never dropped silently: every such thing is a
// Note, listed in the file's header (and by the command on stderr). A
// managed policy or permissions boundary whose document the input does not
// hold is a placeholder inline policy that denies everything
// (PlaceholderPolicySid), never left out: its Denies would be lost. So is
// a group a user's GroupList names that the input does not describe (a
// missing page, a group of another dump): the user gets the placeholder
// placeholder-group-NAME (PlaceholderGroupSid) instead of the membership.
//
// ImportModel writes a world given entity by entity (a Model: what
// importer/tfplan makes of a Terraform plan, organization included, as
// ModelOrganization) with the same writer; with Options.Over it lays the
// model over a Snapshot (ReadSnapshot: what Import reads), replacing the
// snapshot's entities of the same ARN and removing the model's Deletions.
//
// Bad input (not JSON, a field of the wrong type, a policy document that
// is not one) is an *Error naming the file and the JSON path
// ($.RoleDetailList[3].AssumeRolePolicyDocument). The output always loads:
// Import parses what it wrote with scenario.Parse and returns an error
// rather than a world that does not.
package iamdump
