package rules

// arena hands out the string variables a decoded body's *string fields
// point to, from blocks shared by one decode, instead of allocating each
// alone (decode.gen.go). Each field still points to a variable of its own.
type arena struct {
	strs []string
}

// arenaBlock is how many strings a block holds.
const arenaBlock = 32

// str returns a new string variable.
func (a *arena) str() *string {
	if len(a.strs) == cap(a.strs) {
		a.strs = make([]string, 0, arenaBlock)
	}
	a.strs = a.strs[:len(a.strs)+1]
	return &a.strs[len(a.strs)-1]
}
