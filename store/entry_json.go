package store

import (
	"math"
	"time"

	"hone/journal"
)

// A stored entry is JSON (codec.go). encoding/json decodes one through
// reflection, which is most of the cost of reading every entry of a large
// journal (an export). entryScanner reads the records hone writes directly:
// each field of entryRecord at most once, under its exact name, with values
// of the record's types. For anything else (another key, a key in another
// case or with escapes, a repeated key, a null, a number with a fraction or
// an exponent, invalid UTF-8, bad syntax) it gives up, and decodeEntry leaves
// the record to encoding/json, whose result or error stands. Where it does
// not give up, its result is encoding/json's (FuzzDecodeEntry checks it).

// The fields of an entry record, as bits of a set.
const (
	fieldID = 1 << iota
	fieldDay
	fieldCreated
	fieldUpdated
	fieldKind
	fieldPhase
	fieldFamily
	fieldTitle
	fieldNotes
	fieldRatings
	fieldReflections
	fieldTags
)

// entryField returns the bit of an entry record's key, or 0.
func entryField(key []byte) int {
	switch string(key) {
	case "id":
		return fieldID
	case "day":
		return fieldDay
	case "created":
		return fieldCreated
	case "updated":
		return fieldUpdated
	case "kind":
		return fieldKind
	case "phase":
		return fieldPhase
	case "family":
		return fieldFamily
	case "title":
		return fieldTitle
	case "notes":
		return fieldNotes
	case "ratings":
		return fieldRatings
	case "reflections":
		return fieldReflections
	case "tags":
		return fieldTags
	}
	return 0
}

// The fields of a reflection record, as bits of a set.
const (
	reflPromptID = 1 << iota
	reflPrompt
	reflAnswer
	reflShared
	reflStarred
)

// entryScanner reads one stored entry record. Its zero value is ready; it
// may be reused for the next record.
type entryScanner struct {
	b       []byte
	i       int
	scratch []byte // unescaped strings are built here

	// intern, when set, holds the short strings that repeat from entry to
	// entry (skill ids, kinds, families, tags, prompts), so that a scan of
	// many entries shares them rather than allocating each again.
	intern map[string]string
}

// maxIntern bounds how many strings an entryScanner interns.
const maxIntern = 4096

// decodeEntryFast decodes b as decodeEntry does, or reports false when b is
// not a record it reads (see entryScanner).
func decodeEntryFast(b []byte) (*journal.Entry, bool) {
	var s entryScanner
	return s.decode(b)
}

// ratingTally is what the first pass of an export reads of an entry: its
// day and ratings.
type ratingTally struct {
	day     journal.Day
	ratings map[string]int
}

// entry reads the record into e; with t set, it reads only the day and the
// ratings, into t, and skips the rest. It reports false when it gives up.
func (s *entryScanner) entry(e *journal.Entry, t *ratingTally) bool {
	s.ws()
	var r entryRecord
	seen := 0
	ok := s.each('{', '}', func() bool {
		key, ok := s.key()
		if !ok {
			return false
		}
		f := entryField(key)
		if f == 0 || seen&f != 0 {
			return false
		}
		seen |= f
		s.ws()
		if t != nil && f != fieldDay && f != fieldRatings {
			return s.skipValue()
		}
		return s.field(f, &r, t)
	})
	if !ok {
		return false
	}
	s.ws()
	if s.i != len(s.b) {
		return false
	}
	if t != nil {
		t.day = journal.Day(r.Day)
		return true
	}
	r.entry(e)
	return true
}

// field reads the value of field f into r (the ratings into t when t is
// set).
func (s *entryScanner) field(f int, r *entryRecord, t *ratingTally) bool {
	var ok bool
	switch f {
	case fieldID:
		r.ID, ok = s.str()
	case fieldDay:
		var n int64
		n, ok = s.int()
		r.Day = int32(n)
		ok = ok && n >= math.MinInt32 && n <= math.MaxInt32
	case fieldCreated:
		ok = s.time(&r.Created)
	case fieldUpdated:
		ok = s.time(&r.Updated)
	case fieldKind:
		r.Kind, ok = s.istr()
	case fieldPhase:
		var n int64
		n, ok = s.int()
		r.Phase = int(n)
	case fieldFamily:
		r.Family, ok = s.istr()
	case fieldTitle:
		r.Title, ok = s.str()
	case fieldNotes:
		r.Notes, ok = s.str()
	case fieldRatings:
		if t != nil {
			return s.ratings(t.ratings)
		}
		r.Ratings = map[string]int{}
		ok = s.ratings(r.Ratings)
	case fieldReflections:
		r.Reflections, ok = s.reflections()
	case fieldTags:
		r.Tags, ok = s.tags()
	}
	return ok
}

// ratings reads an object of skill ids and ratings into m.
func (s *entryScanner) ratings(m map[string]int) bool {
	return s.each('{', '}', func() bool {
		id, ok := s.istr()
		if !ok {
			return false
		}
		s.ws()
		if !s.next(':') {
			return false
		}
		s.ws()
		v, ok := s.int()
		if !ok {
			return false
		}
		m[id] = int(v) // a repeated id: the last value, as in encoding/json
		return true
	})
}

// reflections reads an array of reflection records.
func (s *entryScanner) reflections() ([]reflectionRecord, bool) {
	out := []reflectionRecord{}
	ok := s.each('[', ']', func() bool {
		var x reflectionRecord
		if !s.reflection(&x) {
			return false
		}
		out = append(out, x)
		return true
	})
	return out, ok
}

// reflection reads one reflection record into x.
func (s *entryScanner) reflection(x *reflectionRecord) bool {
	seen := 0
	return s.each('{', '}', func() bool {
		key, ok := s.key()
		if !ok {
			return false
		}
		var f int
		switch string(key) {
		case "prompt_id":
			f = reflPromptID
		case "prompt":
			f = reflPrompt
		case "answer":
			f = reflAnswer
		case "shared":
			f = reflShared
		case "starred":
			f = reflStarred
		}
		if f == 0 || seen&f != 0 {
			return false
		}
		seen |= f
		s.ws()
		switch f {
		case reflPromptID:
			x.PromptID, ok = s.istr()
		case reflPrompt:
			x.Prompt, ok = s.istr()
		case reflAnswer:
			x.Answer, ok = s.str()
		case reflShared:
			x.Shared, ok = s.bool()
		case reflStarred:
			x.Starred, ok = s.bool()
		}
		return ok
	})
}

// tags reads an array of strings.
func (s *entryScanner) tags() ([]string, bool) {
	out := []string{}
	ok := s.each('[', ']', func() bool {
		t, ok := s.istr()
		if ok {
			out = append(out, t)
		}
		return ok
	})
	return out, ok
}

// each reads an object or an array (open and close are its brackets),
// calling item for each member or element, which reads it and reports
// whether it could. White space around them is skipped.
func (s *entryScanner) each(open, close byte, item func() bool) bool {
	if !s.next(open) {
		return false
	}
	s.ws()
	if s.next(close) {
		return true
	}
	for {
		if !item() {
			return false
		}
		s.ws()
		if !s.next(',') {
			return s.next(close)
		}
		s.ws()
	}
}

// time reads a string value with time.Time's UnmarshalJSON, which is what
// encoding/json calls with the same bytes.
func (s *entryScanner) time(t *time.Time) bool {
	start := s.i
	if !s.skipString() {
		return false
	}
	return t.UnmarshalJSON(s.b[start:s.i]) == nil
}
