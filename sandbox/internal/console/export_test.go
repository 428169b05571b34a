package console

// What the external tests (package console_test) share with the internal
// ones.
var (
	ConsolePages  = consolePages
	BenchPage     = benchPage
	BenchPayments = benchPayments
	FromLoopback  = fromLoopback
)
