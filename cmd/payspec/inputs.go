package main

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// input is one thing named on the command line, or found under a
// directory or by a glob: a file, standard input, or (with no input named)
// the request of an operation without a body.
type input struct {
	name   string // as shown in results: the path, StdinName, or "<OPERATION>"
	path   string // the file to read; "" for standard input and for no body
	stdin  bool
	ndjson bool // one document per line
	nobody bool // no input at all: a request without a body
	// named is the directory the argument that found the file names: the
	// directory itself, a glob's directory before its first wildcard, or a
	// file's own directory.
	named string
}

// expandInputs turns the command's arguments into inputs, in the order
// given: directories walked in name order, glob matches sorted, a file
// named twice kept once. A missing file, a glob that matches nothing, a
// directory without documents and a second "-" are usage errors.
func expandInputs(args []string, ndjson bool) ([]input, error) {
	if len(args) == 0 {
		return []input{{nobody: true}}, nil
	}
	var out []input
	seen := map[string]bool{}
	add := func(p, named string) {
		if clean := filepath.Clean(p); !seen[clean] {
			seen[clean] = true
			out = append(out, input{name: p, path: p, ndjson: ndjson, named: named})
		}
	}
	stdin := false
	for _, arg := range args {
		if arg == "-" {
			if stdin {
				return nil, usagef("validate: standard input (-) can be read only once")
			}
			stdin = true
			out = append(out, input{name: stdinName, stdin: true, ndjson: ndjson})
			continue
		}
		files, err := expandArg(arg, ndjson)
		if err != nil {
			return nil, err
		}
		named := argDir(arg)
		for _, f := range files {
			add(f, named)
		}
	}
	return out, nil
}

// argDir is the directory an argument names: itself for a directory, the
// part before the first wildcard for a glob, else the file's directory.
func argDir(arg string) string {
	switch st, err := os.Stat(arg); {
	case err == nil && st.IsDir():
		return arg
	case err != nil && hasGlobMeta(arg):
		root, _ := splitGlobRoot(filepath.ToSlash(arg))
		return filepath.FromSlash(root)
	}
	return filepath.Dir(arg)
}

// expandArg lists the files one argument names.
func expandArg(arg string, ndjson bool) ([]string, error) {
	st, err := os.Stat(arg)
	switch {
	case err == nil && st.IsDir():
		files, err := walkDir(arg, ndjson)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, usagef("validate: %s holds no %s files", arg, strings.Join(documentExts(ndjson), " or "))
		}
		return files, nil
	case err == nil:
		return []string{arg}, nil
	case hasGlobMeta(arg):
		return expandGlob(arg, ndjson)
	}
	return nil, usagef("validate: cannot read %s: %v", arg, unwrapPathError(err))
}

// expandGlob lists the files a pattern matches, walking the directories
// it matches.
func expandGlob(pattern string, ndjson bool) ([]string, error) {
	matches, err := glob(pattern)
	if err != nil {
		return nil, usagef("validate: bad pattern %s: %v", pattern, err)
	}
	var out []string
	for _, m := range matches {
		st, err := os.Stat(m)
		switch {
		case err != nil:
			continue
		case st.IsDir():
			files, err := walkDir(m, ndjson)
			if err != nil {
				return nil, err
			}
			out = append(out, files...)
		case st.Mode().IsRegular():
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		return nil, usagef("validate: no file matches %s", pattern)
	}
	return out, nil
}

// documentExts are the file name endings a directory walk picks up.
func documentExts(ndjson bool) []string {
	if ndjson {
		return []string{".ndjson", ".jsonl"}
	}
	return []string{".json"}
}

// walkDir lists the document files below dir in name order: regular files
// (or links to them) with a document ending, outside hidden directories.
// Special files such as FIFOs are left out, so a walk never blocks.
//
// A directory named through a symbolic link is walked as the directory it
// leads to; links met below it are not followed into.
func walkDir(dir string, ndjson bool) ([]string, error) {
	exts := documentExts(ndjson)
	root := dir
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		root = dir + string(filepath.Separator) // so that the walk starts inside it
	}
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return usagef("validate: cannot read %s: %v", p, unwrapPathError(err))
		}
		if d.IsDir() {
			if p != root && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !slices.Contains(exts, strings.ToLower(filepath.Ext(p))) || !isRegular(p, d) {
			return nil
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// isRegular reports whether a directory entry is a regular file or a link
// to one.
func isRegular(p string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func hasGlobMeta(s string) bool { return strings.ContainsAny(s, "*?[") }

// isDirOrGlob reports whether an argument may stand for several files.
func isDirOrGlob(arg string) bool {
	if st, err := os.Stat(arg); err == nil {
		return st.IsDir()
	}
	return hasGlobMeta(arg)
}

// glob lists the paths matching pattern, sorted. Besides the wildcards of
// filepath.Match, a path element ** matches any number of directories
// (none included), and then only regular files are listed. As in a shell,
// wildcards do not match names that start with a dot.
func glob(pattern string) ([]string, error) {
	pattern = filepath.ToSlash(pattern)
	if !strings.Contains(pattern, "**") {
		matches, err := filepath.Glob(filepath.FromSlash(pattern))
		// As in a shell, a wildcard does not match a leading dot.
		pat := strings.Split(pattern, "/")
		return slices.DeleteFunc(matches, func(m string) bool {
			name := strings.Split(filepath.ToSlash(m), "/")
			for i := range min(len(pat), len(name)) {
				if strings.HasPrefix(name[i], ".") && !strings.HasPrefix(pat[i], ".") && hasGlobMeta(pat[i]) {
					return true
				}
			}
			return false
		}), err
	}
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, err
	}
	root, rest := splitGlobRoot(pattern)
	var out []string
	err := filepath.WalkDir(filepath.FromSlash(root), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // an unreadable corner does not match
		}
		rel := strings.TrimPrefix(filepath.ToSlash(p), strings.TrimSuffix(root, "/")+"/")
		if d.IsDir() {
			if p != filepath.FromSlash(root) && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if root == "." {
			rel = filepath.ToSlash(p)
		}
		if strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		if matchSegments(strings.Split(rest, "/"), strings.Split(rel, "/")) && isRegular(p, d) {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// splitGlobRoot splits a pattern into the directory before its first
// wildcard element and the rest.
func splitGlobRoot(pattern string) (root, rest string) {
	parts := strings.Split(pattern, "/")
	for i, part := range parts {
		if hasGlobMeta(part) {
			root = strings.Join(parts[:i], "/")
			if root == "" && strings.HasPrefix(pattern, "/") {
				root = "/"
			} else if root == "" {
				root = "."
			}
			return root, strings.Join(parts[i:], "/")
		}
	}
	return pattern, ""
}

// matchSegments matches path elements against pattern elements, ** taking
// any number of elements (none included). Its work is proportional to
// len(pat) × len(name) whatever the pattern: it keeps, for the pattern
// elements read so far, the set of name prefixes they match, instead of
// trying every way the **s could split the name.
func matchSegments(pat, name []string) bool {
	reach := make([]bool, len(name)+1) // reach[j]: the pattern so far matches name[:j]
	next := make([]bool, len(name)+1)
	reach[0] = true
	for _, p := range pat {
		if p == "**" {
			// From the first prefix matched, every longer one is.
			on := false
			for j, r := range reach {
				on = on || r
				next[j] = on
			}
		} else {
			next[0] = false
			for j := 1; j <= len(name); j++ {
				next[j] = reach[j-1] && matchElement(p, name[j-1])
			}
		}
		reach, next = next, reach
	}
	return reach[len(name)]
}

// matchElement matches one path element against one pattern element.
func matchElement(pattern, name string) bool {
	ok, _ := path.Match(pattern, name)
	return ok
}

// readAtMost reads r to its end or to limit+1 bytes, whichever comes
// first: enough for the engine to answer BODY_TOO_LARGE without holding
// the rest, whatever the input is (a file, a pipe, a device such as
// /dev/zero, or a FIFO).
func readAtMost(r io.Reader, limit int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, limit+1))
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
