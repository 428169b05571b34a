// Package tests holds payspec's contract tests: checks that cut across the
// specs in api/, the code generated from them in gen/, and the money type.
// It has no exported API.
package tests
