package iamdump

import "strings"

// A user whose GroupList names a group that no GroupDetailList entry of its
// account describes (a page of the dump missing, a group that another
// dump holds; in a plan, a group the plan does not manage) cannot simply
// lose the membership: the group's policies may deny, and a user without
// them would be allowed more than AWS allows. Like a managed policy whose
// document the input does not hold, the group becomes a placeholder inline
// policy of the user that denies everything.

// PlaceholderGroupSid is the Sid of the statement of a placeholder that
// stands for a group the input does not describe.
const PlaceholderGroupSid = "PlaceholderGroupNotInInput"

// missingGroups gives user u of account a the placeholder inline policy
// placeholder-group-NAME for each group its GroupList names that the input
// does not describe (once a group, whatever its case), and notes each.
func (w *world) missingGroups(a *acctOut, u *user, missing []attachment) {
	seen := map[string]bool{}
	for _, g := range missing {
		k := strings.ToLower(g.arn)
		if seen[k] {
			continue
		}
		seen[k] = true
		n := w.denyAll("placeholder-group-"+g.arn, PlaceholderGroupSid,
			"PLACEHOLDER: group "+g.arn+", which user "+u.name+" is a member of, is not in the input; this denies everything", &u.inline)
		where := "a page of the dump missing, or a group of another dump"
		give := "add the get-account-authorization-details page of account " + a.id + " whose GroupDetailList holds " + g.arn
		if w.r.tool != "" {
			where = "a group the plan does not manage, or a page of the snapshot missing"
			give = "add its aws_iam_group to the plan, or lay the plan --over a snapshot of account " + a.id + " whose GroupDetailList holds " + g.arn
		}
		w.r.note(origin{u.file, g.path}, true, "user "+u.name+": group "+g.arn+" is not in the input ("+where+"): imported as the placeholder inline policy "+n+
			", which denies everything (Sid "+PlaceholderGroupSid+"), since the group's policies may deny, and leaving the membership out would allow more than AWS will; "+give)
	}
}
