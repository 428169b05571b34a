package validate

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxDFAStates bounds the automaton asciiDFA builds for one pattern, the
// dead state included (each state is a 128-byte row), maxDFAInsts the
// program it is built from, and maxDFAWork the steps the construction
// may take (instructions visited by closures, bytes written to rows): the
// first two bound the result, the last what building it costs, which a
// pattern with many optional parts could otherwise push to some
// milliseconds within the first two. A pattern past any is left to the
// regexp package.
const (
	maxDFAStates = 64
	maxDFAInsts  = 256
	maxDFAWork   = 40_000
)

// asciiDFA answers a pattern anchored at the start of the text (^...) with
// a deterministic automaton over ASCII bytes, built once from the pattern's
// program by subset construction: one table lookup a byte, where the
// regexp package steps through the program (or backtracks) for each rune.
// Text with a byte past ASCII is handed to the regexp package, which
// therefore also decides how such text decodes.
type asciiDFA struct {
	next  []uint8 // next[s<<7|b] is the state after byte b in state s; 0 is dead
	final []bool  // a match ends at the end of the text in this state
	hit   []bool  // a match has ended already: whatever follows, there is one
	re    *regexp.Regexp
}

// dfaStart is the state before any byte (state 0 is the dead state).
const dfaStart = 1

// MatchString reports whether s has a match, as re.MatchString would.
func (d *asciiDFA) MatchString(s string) bool {
	st := uint8(dfaStart)
	for i := 0; i < len(s); i++ {
		if d.hit[st] {
			return true
		}
		c := s[i]
		if c >= utf8.RuneSelf {
			return d.re.MatchString(s)
		}
		if st = d.next[int(st)<<7|int(c)]; st == 0 {
			return false // no thread is left, and none starts later
		}
	}
	return d.final[st]
}

// newASCIIDFA builds the automaton of parsed (as regexp.Compile parsed it
// into re), or reports false when the pattern is not anchored at the start
// of the text, uses an empty-width assertion other than ^ and $ of the
// whole text (word boundaries, multi-line anchors), or needs more than
// maxDFAStates states.
func newASCIIDFA(parsed *syntax.Regexp, re *regexp.Regexp) (*asciiDFA, bool) {
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil || len(prog.Inst) > maxDFAInsts || prog.StartCond()&syntax.EmptyBeginText == 0 || !modelled(prog) {
		return nil, false
	}
	b := &dfaBuilder{prog: prog, ids: map[string]uint8{}, d: &asciiDFA{re: re}, seen: make([]bool, len(prog.Inst))}
	b.classify()
	// The dead state, then the start state, kept apart from any later state
	// with the same threads because only it is at the start of the text.
	b.state(nil, true)
	start, ok := b.closure([]uint32{uint32(prog.Start)}, true, false)
	if !ok {
		return nil, false
	}
	if _, ok := b.state(start, true); !ok {
		return nil, false
	}
	for s := dfaStart; s < len(b.sets); s++ {
		if !b.fill(uint8(s)) {
			return nil, false
		}
	}
	return b.d, true
}

// modelled reports whether every empty-width assertion of prog is one the
// automaton models: ^ and $ of the whole text (\A and \z), not word
// boundaries or the anchors of multi-line mode.
func modelled(prog *syntax.Prog) bool {
	for _, in := range prog.Inst {
		if in.Op == syntax.InstEmptyWidth && syntax.EmptyOp(in.Arg)&^(syntax.EmptyBeginText|syntax.EmptyEndText) != 0 {
			return false
		}
	}
	return true
}

// dfaBuilder holds the subset construction: each state is a set of
// program counters (instructions that read a rune, Match, and $ waiting
// for the end of the text).
type dfaBuilder struct {
	prog *syntax.Prog
	sets [][]uint32
	ids  map[string]uint8
	d    *asciiDFA
	seen []bool // closure's marks, left all false between calls
	work int    // steps taken so far, against maxDFAWork
	// classOf maps each ASCII byte to its class: bytes every instruction
	// of the program reads alike, whose moves are therefore the same;
	// first holds a byte of each class.
	classOf [utf8.RuneSelf]int
	first   []rune
}

// classify splits the ASCII bytes into classes the program cannot tell
// apart, so that each state's moves are computed once a class.
func (b *dfaBuilder) classify() {
	classes := map[string]int{}
	sig := make([]byte, len(b.prog.Inst))
	for c := rune(0); c < utf8.RuneSelf; c++ {
		for pc := range b.prog.Inst {
			sig[pc] = '0'
			if reads(&b.prog.Inst[pc], c) {
				sig[pc] = '1'
			}
		}
		k, ok := classes[string(sig)]
		if !ok {
			k = len(b.first)
			classes[string(sig)] = k
			b.first = append(b.first, c)
		}
		b.classOf[c] = k
	}
}

// state returns the id of the state with the given threads, adding it
// (with its row and its finality) when new; fresh forces a new state.
func (b *dfaBuilder) state(set []uint32, fresh bool) (uint8, bool) {
	key := setKey(set)
	if id, ok := b.ids[key]; ok && !fresh {
		return id, true
	}
	if len(b.sets) >= maxDFAStates {
		return 0, false
	}
	id := uint8(len(b.sets))
	if !fresh {
		b.ids[key] = id
	}
	b.sets = append(b.sets, set)
	b.d.next = append(b.d.next, make([]uint8, utf8.RuneSelf)...)
	hit, final := false, false
	for _, pc := range set {
		hit = hit || b.prog.Inst[pc].Op == syntax.InstMatch
	}
	atEnd, ok := b.closure(set, id == dfaStart, true)
	if !ok {
		return 0, false
	}
	for _, pc := range atEnd {
		final = final || (id != 0 && b.prog.Inst[pc].Op == syntax.InstMatch)
	}
	b.d.hit, b.d.final = append(b.d.hit, hit), append(b.d.final, final)
	return id, true
}

// fill computes the row of state s: for each class of ASCII bytes, the
// threads of s that read them, moved past them.
func (b *dfaBuilder) fill(s uint8) bool {
	set := b.sets[s]
	for k, c := range b.first {
		var moved []uint32
		for _, pc := range set {
			if in := &b.prog.Inst[pc]; reads(in, c) {
				moved = append(moved, in.Out)
			}
		}
		if len(moved) == 0 {
			continue
		}
		after, ok := b.closure(moved, false, false)
		if !ok {
			return false
		}
		if len(after) == 0 {
			continue
		}
		id, ok := b.state(after, false)
		if !ok || !b.spend(len(b.classOf)) {
			return false
		}
		for c, class := range b.classOf {
			if class == k {
				b.d.next[int(s)<<7|c] = id
			}
		}
	}
	return true
}

// spend takes n steps of the construction's budget and reports whether
// it holds them.
func (b *dfaBuilder) spend(n int) bool {
	b.work += n
	return b.work <= maxDFAWork
}

// reads reports whether instruction in consumes the rune c.
func reads(in *syntax.Inst, c rune) bool {
	switch in.Op {
	case syntax.InstRune:
		return in.MatchRune(c)
	case syntax.InstRune1:
		return c == in.Rune[0]
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return c != '\n'
	}
	return false
}

// closure is the set of threads reachable from pcs without reading a
// byte, at the start of the text or not and at its end or not: the
// instructions that read a rune, Match, and (when not at the end) the
// assertions of $ waiting for it. It reports false for an assertion the
// automaton does not model, or when the construction's budget runs out.
func (b *dfaBuilder) closure(pcs []uint32, atStart, atEnd bool) ([]uint32, bool) {
	seen := b.seen
	var out, visited []uint32
	defer func() {
		for _, pc := range visited {
			seen[pc] = false
		}
	}()
	stack := slices.Clone(pcs)
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		visited = append(visited, pc)
		if !b.spend(1) {
			return nil, false
		}
		in := &b.prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			stack = append(stack, in.Out, in.Arg)
		case syntax.InstCapture, syntax.InstNop:
			stack = append(stack, in.Out)
		case syntax.InstEmptyWidth:
			op := syntax.EmptyOp(in.Arg)
			if op&^(syntax.EmptyBeginText|syntax.EmptyEndText) != 0 {
				return nil, false
			}
			switch {
			case op&syntax.EmptyBeginText != 0 && !atStart:
				// The thread dies: the start of the text is behind.
			case op&syntax.EmptyEndText != 0 && !atEnd:
				out = append(out, pc) // judged once the end is reached
			default:
				stack = append(stack, in.Out)
			}
		case syntax.InstMatch, syntax.InstRune, syntax.InstRune1, syntax.InstRuneAny, syntax.InstRuneAnyNotNL:
			out = append(out, pc)
		}
	}
	slices.Sort(out)
	return out, true
}

// setKey is a map key for a sorted set of program counters.
func setKey(set []uint32) string {
	var sb strings.Builder
	for _, pc := range set {
		sb.WriteString(strconv.FormatUint(uint64(pc), 10))
		sb.WriteByte(',')
	}
	return sb.String()
}
