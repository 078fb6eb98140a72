package sim

import "github.com/rolesim/rolesim/scenario"

// posFile returns the file a scenario entity was written in: its own
// position's file (a composed scenario's entities come from several files:
// fixtures, included worlds), or def when the position has none (built-in
// policies).
func posFile(p scenario.Pos, def string) string {
	if p.File != "" {
		return p.File
	}
	return def
}
