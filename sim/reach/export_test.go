package reach

// JSONSize exposes Report.jsonSize to the tests.
var JSONSize = (*Report).jsonSize
