package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// shard is the value of run's --shard flag: this job's 1-based index i and
// the number of jobs n. The zero value runs everything.
type shard struct {
	i, n int
}

// String returns the shard as i/n (pflag.Value).
func (s *shard) String() string {
	if s.n == 0 {
		return ""
	}
	return strconv.Itoa(s.i) + "/" + strconv.Itoa(s.n)
}

// Set parses i/n with 1 <= i <= n (pflag.Value).
func (s *shard) Set(v string) error {
	a, b, ok := strings.Cut(v, "/")
	i, errI := strconv.Atoi(a)
	n, errN := strconv.Atoi(b)
	if !ok || errI != nil || errN != nil || n < 1 || i < 1 || i > n {
		return fmt.Errorf("invalid shard %q: want i/n with 1 <= i <= n, like 2/4", v)
	}
	s.i, s.n = i, n
	return nil
}

// Type names the flag's value type in help (pflag.Value).
func (s *shard) Type() string { return "i/n" }

// apply returns this shard's inputs: all inputs sorted by name and dealt
// out round-robin, so that each of the n jobs gets every n-th file, the
// split depends only on the set of paths, and every file lands in exactly
// one shard. Without a shard the inputs are returned as given.
func (s shard) apply(ins []input) []input {
	if s.n == 0 {
		return ins
	}
	sorted := append([]input(nil), ins...)
	sort.SliceStable(sorted, func(a, b int) bool { return sorted[a].name < sorted[b].name })
	var out []input
	for k, in := range sorted {
		if k%s.n == s.i-1 {
			out = append(out, in)
		}
	}
	return out
}
