package main

// Version is rolesim's version, printed by `rolesim version` and
// `rolesim --version`.
const Version = "0.1.0-dev"
