package iamdump

import (
	"sort"
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/sim/policy"
)

// A managed policy the input names (attached, or as a permissions
// boundary) but does not hold the document of cannot be left out: its
// statements may deny (AWSDenyAll, AWS's AWSCompromisedKeyQuarantine
// policies, many service policies, any customer policy), and a world
// without them would allow more than AWS. It is imported as a placeholder
// inline policy of the principal that denies everything, the one reading
// that never allows more; AWSDenyAll, whose document AWS publishes and
// which denies everything anyway, is declared with it.

// PlaceholderPolicySid is the Sid of the statement of a placeholder that
// stands for a managed policy whose document the input does not hold.
const PlaceholderPolicySid = "PlaceholderDocumentNotInInput"

const (
	awsDenyAllARN = "arn:aws:iam::aws:policy/AWSDenyAll"
	// awsDenyAllDoc is AWSDenyAll's default version (v2) as AWS publishes
	// it (AWS Managed Policy Reference).
	awsDenyAllDoc = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyAll","Effect":"Deny","Action":["*"],"Resource":"*"}]}`
)

// knownDenying are AWS managed policies known to carry Deny statements
// (beyond AWSDenyAll), by name prefix: the notes say so.
var knownDenying = []string{"AWSCompromisedKeyQuarantine", "AWSExposedCredentialPolicy_DO_NOT_REMOVE"}

// awsDenyAll declares AWSDenyAll with its published document.
func (w *world) awsDenyAll() *managedPolicy {
	doc, err := policy.ParseJSON([]byte(awsDenyAllDoc))
	if err != nil {
		panic("iamdump: AWSDenyAll's document: " + err.Error()) // a constant
	}
	p := &managedPolicy{account: "aws", arn: awsDenyAllARN, name: "AWSDenyAll", path: "/", desc: "Deny all access.", doc: doc, text: doc.CompactJSON(),
		origin: origin{"the AWS Managed Policy Reference", "(AWSDenyAll, default version v2)"}, note: "the input does not hold it: declared by rolesim"}
	w.r.policies[awsDenyAllARN] = p
	w.awsManaged = append(w.awsManaged, p)
	sort.Slice(w.awsManaged, func(i, j int) bool { return w.awsManaged[i].arn < w.awsManaged[j].arn })
	w.r.note(origin{}, false, "AWSDenyAll is not in the input: declared with its document as AWS publishes it (Deny * on *)")
	return p
}

// placeholder gives a principal the placeholder inline policy that stands
// for the managed policy at (noted).
func (w *world) placeholder(o origin, owner string, at attachment, what string, inline *[]namedDoc) {
	name := at.arn
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	prefix := "placeholder-policy-"
	if strings.HasPrefix(at.arn, "arn:aws:iam::aws:policy/") {
		prefix = "placeholder-aws-managed-"
	}
	if what == "permissions boundary" {
		prefix = "placeholder-boundary-"
	}
	n := w.denyAll(prefix+name, PlaceholderPolicySid, "PLACEHOLDER: the document of "+at.arn+" ("+what+") is not in the input; this denies everything", inline)
	why := "its statements may deny, and leaving it out would allow more than AWS will"
	for _, k := range knownDenying {
		if strings.HasPrefix(name, k) {
			why = "it is an AWS managed policy that denies, and leaving it out would allow more than AWS will"
		}
	}
	give := "give its document (the get-account-authorization-details output of an account that uses it holds it)"
	if w.r.tool != "" {
		give += ", for a plan with --over"
	}
	w.r.note(origin{o.file, at.path}, true, owner+": "+what+" "+at.arn+" is not in the input: imported as the placeholder inline policy "+n+", which denies everything (Sid "+PlaceholderPolicySid+"), since "+why+"; "+give)
}

// denyAll gives a principal a placeholder inline policy that denies
// everything, its one statement's Sid sid (naming why), its comment
// comment, and returns its name: base, or base-2, base-3... when the
// principal already has an inline policy of that name. Every placeholder
// of an identity (a managed policy or boundary whose document the input
// does not hold, a group it does not describe) is made here.
func (w *world) denyAll(base, sid, comment string, inline *[]namedDoc) string {
	if len(base) > 120 {
		base = base[:120]
	}
	n := base
	for i := 2; ; i++ {
		taken := false
		for _, d := range *inline {
			taken = taken || d.name == n
		}
		if !taken {
			break
		}
		n = base + "-" + strconv.Itoa(i)
	}
	doc, err := policy.ParseJSON([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"` + sid + `","Effect":"Deny","Action":"*","Resource":"*"}]}`))
	if err != nil {
		panic("iamdump: the placeholder document: " + err.Error()) // sid is a constant
	}
	*inline = append(*inline, namedDoc{name: n, doc: doc, note: comment})
	return n
}
