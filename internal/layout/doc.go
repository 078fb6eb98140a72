// Package layout holds no code: its test checks rolesim's one import
// direction (README, "Architecture"), so that a new import that points the
// wrong way fails CI rather than tangling the packages.
package layout
