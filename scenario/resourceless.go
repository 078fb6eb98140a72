package scenario

import "strings"

// resourcelessActions are actions that take no resource: their
// authorization has no resource ARN (policies must allow them on "*"), and
// AWS's AccessDenied text has no "on resource:" part. A call step may omit
// its resource for them, and only for them.
var resourcelessActions = []string{
	"s3:ListAllMyBuckets",
	"s3:ListAccessPoints",
	"s3:ListJobs",
	"s3:CreateJob",
	"s3:ListStorageLensConfigurations",
}

// ResourcelessAction reports whether action (case-insensitive) takes no
// resource, such as s3:ListAllMyBuckets.
func ResourcelessAction(action string) bool {
	for _, a := range resourcelessActions {
		if strings.EqualFold(a, action) {
			return true
		}
	}
	return false
}
