// Package conformance holds rolesim's conformance corpus: one scenario per
// AWS behaviour, each citing its public source (an AWS documentation page,
// or the repository, path and test of a recording of live AWS) in a
// "Source:" line of its description. The tests run every scenario and
// check that each cites its source.
package conformance
