package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
)

// spoolMemory is how much of the rendered entries a spool keeps in memory
// before it moves them to a temporary file.
const spoolMemory = 4 << 20

// spool keeps the rendered entries of a report (JSON files, SARIF results,
// JUnit test cases) until Close writes them after the counts that head the
// report: in memory up to spoolMemory bytes, then in a temporary file, so
// that the memory a run takes does not grow with the number of documents.
type spool struct {
	n    int // entries added
	buf  bytes.Buffer
	file *os.File
}

// add appends one entry, written as it is to go out.
func (s *spool) add(entry []byte) error {
	s.n++
	if s.file == nil && s.buf.Len()+len(entry) <= spoolMemory {
		s.buf.Write(entry)
		return nil
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "payspec-report-*")
		if err != nil {
			return fmt.Errorf("keeping the report in a temporary file: %w", err)
		}
		s.file = f
		// Gone once closed, or at once where an open file can be removed.
		_ = os.Remove(f.Name())
		if _, err := f.Write(s.buf.Bytes()); err != nil {
			return fmt.Errorf("keeping the report in a temporary file: %w", err)
		}
		s.buf = bytes.Buffer{}
	}
	if _, err := s.file.Write(entry); err != nil {
		return fmt.Errorf("keeping the report in a temporary file: %w", err)
	}
	return nil
}

// writeTo writes the entries, in the order they were added.
func (s *spool) writeTo(w io.Writer) error {
	if s.file == nil {
		_, err := w.Write(s.buf.Bytes())
		return err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("reading the report back: %w", err)
	}
	_, err := io.Copy(w, s.file)
	return err
}

// close lets the temporary file go.
func (s *spool) close() {
	if s.file != nil {
		_ = s.file.Close()
		_ = os.Remove(s.file.Name())
		s.file = nil
	}
}

// spliced is an array a report's skeleton leaves out: the JSON string
// marker stands where it goes, and entries holds its elements, each
// spooled with its leading separator and line break.
type spliced struct {
	marker  string
	entries *spool
}

// splice writes skeleton, a report rendered without some of its arrays
// (in the order their markers appear), with each marker replaced by its
// array: the entries, then the closing bracket on a line of the member's
// own indentation, as json.MarshalIndent would lay it out.
func splice(w io.Writer, skeleton []byte, arrays ...spliced) error {
	for _, a := range arrays {
		quoted := []byte(`"` + a.marker + `"`)
		at := bytes.Index(skeleton, quoted)
		if at < 0 {
			return fmt.Errorf("report: marker %s missing", a.marker)
		}
		line := skeleton[bytes.LastIndexByte(skeleton[:at], '\n')+1 : at]
		indent := line[:len(line)-len(bytes.TrimLeft(line, " "))]
		if _, err := w.Write(skeleton[:at]); err != nil {
			return err
		}
		if err := writeArray(w, a.entries, "\n"+string(indent)); err != nil {
			return err
		}
		skeleton = skeleton[at+len(quoted):]
	}
	_, err := w.Write(skeleton)
	return err
}

// writeArray writes [entries], with close before the closing bracket
// when there are entries.
func writeArray(w io.Writer, entries *spool, close string) error {
	if entries.n == 0 {
		_, err := io.WriteString(w, "[]")
		return err
	}
	if _, err := io.WriteString(w, "["); err != nil {
		return err
	}
	if err := entries.writeTo(w); err != nil {
		return err
	}
	_, err := io.WriteString(w, close+"]")
	return err
}
