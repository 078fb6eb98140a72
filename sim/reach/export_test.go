package reach

// JSONSize exposes Report.jsonSize to the tests.
var JSONSize = (*Report).jsonSize

// Hubs tells how many hubs the analysis found.
func (a *Analysis) Hubs() int { return a.hubs }

// WithoutHubs makes the analysis search every edge, as without hubs.
func (a *Analysis) WithoutHubs() { a.hubs, a.restOut, a.restTo = 0, nil, nil }
