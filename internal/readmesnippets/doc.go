// Package readmesnippets holds the test that compiles the Go shown in the
// repository's README.md, so that what a reader copies builds against the
// code as it is. It has no code of its own.
//
// Each ```go block of the README is compiled in a package of its own, as
// the body of a function. The names a block takes as given (a context, a
// client, a payment) are declared in an HTML comment just before it, which
// a reader of the rendered README does not see:
//
//	<!-- go given:
//	var ctx context.Context
//	-->
//
// or, where the text before a block must lead straight into it, in one
// just after it that starts "<!-- go given above:".
//
// Packages are imported by the names the block and its givens use.
package readmesnippets
