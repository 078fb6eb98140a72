package gen

// FilesWithin is Files with another file limit and part budget, for tests.
var FilesWithin = files

// FSWithin is FS with another file limit and part budget, for tests.
var FSWithin = filesFS
