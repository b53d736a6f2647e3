package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// decodeExport decodes the document in r, strictly (see ReadExport), and
// checks its format and version; what it decodes is checked further by
// ReadExport.
//
// When r can seek, as the bytes.Reader of a file read or the file itself,
// it is decoded as it is read, an entry at a time, without a copy of the
// whole file in memory: a 5 MB export needs 10 to 16 MB less while it is
// read. That pass accepts only the documents hone writes (the keys spelt
// as hone spells them, each once) and finds no fault of its own: whatever
// it does not accept, r is read again from where it started, as a whole,
// by the one strict decoding that every other reader gets, which names the
// problem. So both passes accept the same documents, and refuse them with
// the same words.
func decodeExport(r io.Reader) (*Export, error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if start, err := rs.Seek(0, io.SeekCurrent); err == nil {
			sr := &streamReader{r: rs, left: MaxExportSize}
			x, err := streamExport(sr)
			switch {
			case sr.err != nil:
				return nil, fmt.Errorf("read a hone export: %w", sr.err)
			case err == nil && x.Format == ExportFormat && x.Version == ExportVersion:
				return x, nil
			}
			if _, err := rs.Seek(start, io.SeekStart); err != nil {
				return nil, fmt.Errorf("read a hone export: %w", err)
			}
		}
	}
	data, err := readInput(r, MaxExportSize, "a hone export")
	if err != nil {
		return nil, err
	}
	// One strict pass over the whole document; only when it fails are the
	// header and then each entry decoded on their own, to name the problem.
	x := new(Export)
	if err := decodeStrict(data, x); err != nil {
		return nil, explainDecodeError(data, err)
	}
	if x.Format != ExportFormat || x.Version != ExportVersion {
		if err := checkHeader(data); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// errStream says that streamExport leaves the document to the strict
// decoding of the whole: it is not one hone writes, or not valid.
var errStream = errors.New("not decoded as a stream")

// streamExport decodes an export as decodeStrict would, its entries one by
// one: the same types, with unknown fields refused, nothing after the
// document, UTF-8 throughout. It gives up (errStream, or the decoder's
// error) on anything unusual: a key of the document that is not spelt as
// the Export's json tags are (encoding/json would match it regardless of
// case) or that comes twice (where encoding/json would merge the two),
// entries that are neither an array nor null, or any error at all.
func streamExport(r *streamReader) (*Export, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errStream
	}
	x := new(Export)
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok || seen[key] {
			return nil, errStream
		}
		seen[key] = true
		var v any
		switch key {
		case "format":
			v = &x.Format
		case "version":
			v = &x.Version
		case "journal":
			v = &x.Journal
		case "exported_at":
			v = &x.ExportedAt
		case "facilitator":
			v = &x.Facilitator
		case "range":
			v = &x.Range
		case "privacy":
			v = &x.Privacy
		case "skills":
			v = &x.Skills
		case "key_elements":
			v = &x.KeyElements
		case "drift_as_of":
			v = &x.DriftAsOf
		case "drift":
			v = &x.Verdicts
		case "personal":
			v = &x.Personal
		case "feedback":
			v = &x.Feedback
		case "prompts":
			v = &x.Prompts
		case "entries":
			if x.Records, err = streamRecords(dec); err != nil {
				return nil, err
			}
			continue
		default:
			return nil, errStream
		}
		if err := dec.Decode(v); err != nil {
			return nil, err
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, errStream
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errStream
	}
	if err := r.finish(); err != nil {
		return nil, err
	}
	return x, nil
}

// streamRecords decodes the entries, an array of records or null, one
// record at a time.
func streamRecords(dec *json.Decoder) ([]EntryRecord, error) {
	tok, err := dec.Token()
	switch {
	case err != nil:
		return nil, err
	case tok == nil:
		return nil, nil
	case tok != json.Delim('['):
		return nil, errStream
	}
	recs := []EntryRecord{} // as encoding/json makes [] of a nil slice
	for dec.More() {
		recs = append(recs, EntryRecord{})
		if err := dec.Decode(&recs[len(recs)-1]); err != nil {
			return nil, err
		}
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim(']') {
		return nil, errStream
	}
	return recs, nil
}

// streamReader reads at most left bytes of r, checking that they are
// UTF-8 as they pass. An error of r is kept in err; too much, or bytes that
// are not UTF-8, end the reading with errStream.
type streamReader struct {
	r       io.Reader
	left    int64
	err     error // from r
	pending []byte
	buf     [utf8.UTFMax]byte // pending's storage: the start of a rune cut by a read
}

func (s *streamReader) Read(p []byte) (int, error) {
	if s.left <= 0 {
		// One byte more than the limit would be too much: a file of
		// exactly the limit is read to its end.
		var one [1]byte
		switch n, err := s.r.Read(one[:]); {
		case n > 0:
			return 0, errStream
		case err == nil:
			return 0, errStream // no progress: left to the strict decoding
		case err != io.EOF:
			s.err = err
		}
		return 0, io.EOF
	}
	if int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.r.Read(p)
	s.left -= int64(n)
	if !s.valid(p[:n]) {
		return 0, errStream
	}
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// valid checks the next bytes read for UTF-8, with the start of a rune that
// an earlier read cut off.
func (s *streamReader) valid(b []byte) bool {
	for len(s.pending) > 0 && len(b) > 0 {
		s.pending = append(s.pending, b[0])
		b = b[1:]
		if utf8.FullRune(s.pending) {
			if !utf8.Valid(s.pending) {
				return false
			}
			s.pending = s.buf[:0]
		}
	}
	// A rune that starts in the last 3 bytes and is not whole waits for
	// the next read.
	for i := len(b) - 1; i >= 0 && i >= len(b)-(utf8.UTFMax-1); i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				s.pending = append(s.buf[:0], b[i:]...)
				b = b[:i]
			}
			break
		}
	}
	return utf8.Valid(b)
}

// finish checks the end of the input: no rune cut off.
func (s *streamReader) finish() error {
	if len(s.pending) > 0 {
		return errStream
	}
	return nil
}
