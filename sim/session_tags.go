package sim

import (
	"strconv"
	"strings"

	"github.com/rolesim/rolesim/scenario"
	"github.com/rolesim/rolesim/sim/policy"
)

// Session tags and transitive tags: the rules STS applies to the Tags and
// TransitiveTagKeys of AssumeRole and to the tags an identity provider
// passes on a first hop (AssumeRoleWithWebIdentity, AssumeRoleWithSAML),
// which tags a chained session inherits, and how tags enter the request
// context. Every operation that takes tags uses these.

// transitiveTags returns the session's tags (own and inherited) whose keys
// are transitive.
func (s *Session) transitiveTags() []scenario.Tag {
	if len(s.TransitiveTagKeys) == 0 {
		return nil
	}
	out := append([]scenario.Tag(nil), s.Inherited...)
	for _, t := range s.Tags {
		for _, k := range s.TransitiveTagKeys {
			if equalFoldASCII(k, t.Key) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

// checkTags enforces the tag rules STS applies beyond the schema.
func checkTags(in *AssumeRoleInput, inheritedKeys []string) *Error {
	invalid := func(msg string) *Error {
		return &Error{Code: CodeInvalidParameterValue, HTTPStatus: 400, Message: msg}
	}
	for i, t := range in.Tags {
		for _, u := range in.Tags[:i] {
			if equalFoldASCII(t.Key, u.Key) || strings.EqualFold(t.Key, u.Key) {
				return invalid("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
			}
		}
	}
	for _, k := range in.TransitiveTagKeys {
		found := false
		for _, t := range in.Tags {
			if strings.EqualFold(t.Key, k) {
				found = true
				break
			}
		}
		if !found {
			return invalid("The specified transitive tag key must be included in the requested tags.")
		}
	}
	for _, t := range in.Tags {
		for _, k := range inheritedKeys {
			if strings.EqualFold(t.Key, k) {
				return invalid("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.")
			}
		}
	}
	return nil
}

// checkFirstHopTags validates identity-provider session tags as AssumeRole
// validates its Tags and TransitiveTagKeys.
func checkFirstHopTags(tags []Tag, transitive []string) ([]scenario.Tag, *Error) {
	if len(tags) == 0 && len(transitive) == 0 {
		return nil, nil
	}
	var v validator
	for i := range tags {
		prefix := "tags." + strconv.Itoa(i+1) + ".member."
		v.str(prefix+"key", &tags[i].Key, true, 1, 128, csTag)
		v.str(prefix+"value", &tags[i].Value, true, 0, 256, csTagValue)
	}
	v.list("tags", len(tags), maxSessionTags)
	for i := range transitive {
		v.str("transitiveTagKeys."+strconv.Itoa(i+1)+".member", &transitive[i], true, 1, 128, csTag)
	}
	if len(v.vs) > 0 {
		return nil, schemaError(v.vs)
	}
	if err := checkTags(&AssumeRoleInput{Tags: tags, TransitiveTagKeys: transitive}, nil); err != nil {
		return nil, err
	}
	out := make([]scenario.Tag, len(tags))
	for i, t := range tags {
		out[i] = tagOf(t)
	}
	return out, nil
}

// setFirstHopTags adds the identity provider's tags and source identity to
// the request context, as AssumeRole's parameters would be.
func setFirstHopTags(ctx *policy.Context, tags []scenario.Tag, transitive []string, sourceIdentity string) {
	if len(tags) > 0 {
		keys := make([]string, len(tags))
		for i, t := range tags {
			ctx.Set("aws:RequestTag/"+t.Key, t.Value)
			keys[i] = t.Key
		}
		ctx.Set("aws:TagKeys", keys...)
	}
	if len(transitive) > 0 {
		ctx.Set("sts:TransitiveTagKeys", transitive...)
	}
	if sourceIdentity != "" {
		ctx.Set("sts:SourceIdentity", sourceIdentity)
	}
}
