package journal

import (
	"bytes"
	"encoding/json"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// WriteJSON writes v as indented JSON followed by a newline.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// WriteExportJSON writes x as the JSON interchange format: indented by 2
// spaces, map keys sorted, with a final newline. Writing the same document
// twice gives the same bytes: those WriteJSON gives for x (with nil lists as
// empty ones), written faster.
func WriteExportJSON(w io.Writer, x *Export) error {
	jw, err := newExportJSONWriter(w, x)
	if err != nil {
		return err
	}
	for i := range x.Records {
		if err := jw.record(&x.Records[i]); err != nil {
			return err
		}
	}
	return jw.close(x.Prompts)
}

// EntrySource gives an export entries that need not all be in memory at
// once: a fixed set of entries, those within the export's range
// (ExportOptions.Since and Until), ordered as an export orders them, by
// date, then by id, oldest first. A store gives one over a read
// transaction, so that every read sees the same entries.
type EntrySource interface {
	// Tally counts the entries and their ratings.
	Tally() (*RatingTally, error)
	// Each calls fn with each entry in turn, a new one each time, until fn
	// returns an error, which Each returns.
	Each(fn func(*Entry) error) error
}

// ExportCounts says how much an export holds: entries, ratings, and
// reflections (in a coach-safe export, the shared ones).
type ExportCounts struct {
	Entries, Ratings, Reflections int
	First, Last                   Day // the days of the first and last entry, when there are entries
}

// Counts returns how many entries, ratings and reflections x holds.
func (x *Export) Counts() ExportCounts {
	n := ExportCounts{Entries: len(x.Records)}
	n.First, n.Last, _ = x.Span()
	for i := range x.Records {
		n.Ratings += len(x.Records[i].Ratings)
		n.Reflections += len(x.Records[i].Reflections)
	}
	return n
}

// WriteExportJSONFrom writes the export of src's entries with the catalog c
// as JSON: the bytes WriteExportJSON writes for BuildExport of the same
// entries, c and opts, but with one entry in memory at a time. It reads src
// twice: a tally first (the skills and key-element roll-ups come before the
// entries), then each entry, whose record it writes as it comes. It returns
// the export without its records (Records is nil) and what it holds.
//
// An EINTERNAL error if src breaks its contract (an entry outside the range
// or out of order, or another number of entries than its tally), with the
// output incomplete; src's and w's errors as they are.
func WriteExportJSONFrom(w io.Writer, src EntrySource, c Catalog, opts ExportOptions) (*Export, ExportCounts, error) {
	t, err := src.Tally()
	if err != nil {
		return nil, ExportCounts{}, err
	}
	x := newExport(opts)
	x.Skills = exportSkills(c, maps.Keys(t.bySkill), opts.Full)
	x.KeyElements = rollUpKeyElements(x.Skills, t)
	x.carry(opts)
	jw, err := newExportJSONWriter(w, x)
	if err != nil {
		return nil, ExportCounts{}, err
	}
	m := newRecordMaker(opts, t.entries)
	var n ExportCounts
	var last *Entry
	answered := map[string]bool{}
	err = src.Each(func(e *Entry) error {
		switch {
		case e == nil || !inRange(e.Date, opts):
			return Errorf(EINTERNAL, "export: the entry source gave an entry outside the range")
		case last != nil && compareExportOrder(last, e) > 0:
			return Errorf(EINTERNAL, "export: the entry source gave entry %s after %s", e.ID, last.ID)
		case n.Entries == t.entries:
			return Errorf(EINTERNAL, "export: the entry source gave more entries than its tally (%d)", t.entries)
		}
		last = e
		r := m.record(e, false)
		// The span as Span reads it back: a week's Monday with week dates.
		d, err := r.Day(x.WeekDates())
		if err != nil {
			return err
		}
		if n.Entries == 0 || d < n.First {
			n.First = d
		}
		n.Last = max(n.Last, d)
		n.Entries++
		n.Ratings += len(r.Ratings)
		n.Reflections += len(r.Reflections)
		answerPrompts(answered, &r)
		return jw.record(&r)
	})
	if err != nil {
		return nil, ExportCounts{}, err
	}
	if n.Entries != t.entries {
		return nil, ExportCounts{}, Errorf(EINTERNAL, "export: the entry source gave %d entries, but its tally counted %d", n.Entries, t.entries)
	}
	x.Prompts = exportPrompts(opts, answered)
	if err := jw.close(x.Prompts); err != nil {
		return nil, ExportCounts{}, err
	}
	return x, n, nil
}

// exportJSONWriter writes an export document as WriteJSON does, but its
// records one at a time: the head (every field before "entries") through
// encoding/json, then each record with appendRecord, which writes what
// encoding/json writes for an EntryRecord at that depth.
type exportJSONWriter struct {
	w    io.Writer
	buf  []byte
	n    int      // records written
	keys []string // scratch for sorting ratings
}

// exportFlushSize is how much an exportJSONWriter gathers before it writes.
const exportFlushSize = 64 << 10

// newExportJSONWriter returns a writer of x's document to w, with x's head
// written (to its buffer). It ignores x's records.
func newExportJSONWriter(w io.Writer, x *Export) (*exportJSONWriter, error) {
	y := *x
	if y.Skills == nil {
		y.Skills = []SkillRecord{}
	}
	if y.KeyElements == nil {
		y.KeyElements = []KeyElementRecord{}
	}
	y.Records = []EntryRecord{}
	y.Prompts = nil // written by close, after the entries
	var head bytes.Buffer
	if err := WriteJSON(&head, &y); err != nil {
		return nil, err
	}
	const end = "[]\n}\n" // of a document without records
	b := head.Bytes()
	if !bytes.HasSuffix(b, []byte(`"entries": `+end)) {
		return nil, Errorf(EINTERNAL, "export: the document does not end with its entries")
	}
	jw := &exportJSONWriter{w: w, buf: make([]byte, 0, exportFlushSize+exportFlushSize/4)}
	jw.buf = append(jw.buf, b[:len(b)-len(end)]...)
	return jw, nil
}

// record writes r, the next record.
func (jw *exportJSONWriter) record(r *EntryRecord) error {
	if jw.n == 0 {
		jw.buf = append(jw.buf, "[\n    "...)
	} else {
		jw.buf = append(jw.buf, ",\n    "...)
	}
	var err error
	if jw.buf, err = jw.appendRecord(jw.buf, r); err != nil {
		return err
	}
	jw.n++
	if len(jw.buf) >= exportFlushSize {
		return jw.flush()
	}
	return nil
}

// close writes the end of the document and everything still gathered:
// the end of the entries, then the prompts, when there are any, as
// WriteJSON writes them after "entries".
func (jw *exportJSONWriter) close(prompts []ExportPromptRecord) error {
	if jw.n == 0 {
		jw.buf = append(jw.buf, "[]"...)
	} else {
		jw.buf = append(jw.buf, "\n  ]"...)
	}
	if len(prompts) > 0 {
		var tail bytes.Buffer
		if err := WriteJSON(&tail, struct {
			Prompts []ExportPromptRecord `json:"prompts"`
		}{prompts}); err != nil {
			return err
		}
		// {"prompts": [...]} is at depth 1, as in the document: its field.
		field, ok := bytes.CutPrefix(tail.Bytes(), []byte("{\n"))
		field, ok2 := bytes.CutSuffix(field, []byte("\n}\n"))
		if !ok || !ok2 {
			return Errorf(EINTERNAL, "export: the prompts do not encode as a field")
		}
		jw.buf = append(append(jw.buf, ",\n"...), field...)
	}
	jw.buf = append(jw.buf, "\n}\n"...)
	return jw.flush()
}

func (jw *exportJSONWriter) flush() error {
	_, err := jw.w.Write(jw.buf)
	jw.buf = jw.buf[:0]
	return err
}

// appendRecord appends r as an element of the document's entries: what
// encoding/json writes for it, indented by 2 spaces at depth 2, without
// the indentation of its first line.
func (jw *exportJSONWriter) appendRecord(b []byte, r *EntryRecord) ([]byte, error) {
	const (
		field = ",\n      "    // before each field but the first
		elem  = "\n        "   // before each element of a field's list
		end   = "\n      "     // before the end of a field's list
		rfld  = "\n          " // before each field of a reflection
		rend  = "\n        }"  // the end of a reflection
	)
	b = append(b, "{\n      \"id\": "...)
	b = appendJSONString(b, r.ID)
	b = append(b, field+`"date": `...)
	b = appendJSONString(b, r.Date)
	b = append(b, field+`"kind": `...)
	b = appendJSONString(b, string(r.Kind))
	b = append(b, field+`"phase": `...)
	b = strconv.AppendInt(b, int64(r.Phase), 10)
	if r.Family != "" {
		b = append(b, field+`"family": `...)
		b = appendJSONString(b, r.Family)
	}
	if r.Title != nil {
		b = append(b, field+`"title": `...)
		b = appendJSONString(b, *r.Title)
	}
	if r.Notes != nil {
		b = append(b, field+`"notes": `...)
		b = appendJSONString(b, *r.Notes)
	}

	b = append(b, field+`"tags": `...)
	switch {
	case r.Tags == nil:
		b = append(b, "null"...)
	case len(r.Tags) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i, t := range r.Tags {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, elem...)
			b = appendJSONString(b, t)
		}
		b = append(b, end+"]"...)
	}

	b = append(b, field+`"ratings": `...)
	switch {
	case r.Ratings == nil:
		b = append(b, "null"...)
	case len(r.Ratings) == 0:
		b = append(b, "{}"...)
	default:
		jw.keys = jw.keys[:0]
		for id := range r.Ratings {
			jw.keys = append(jw.keys, id)
		}
		slices.Sort(jw.keys)
		b = append(b, '{')
		for i, id := range jw.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, elem...)
			b = appendJSONString(b, id)
			b = append(b, ": "...)
			b = strconv.AppendInt(b, int64(r.Ratings[id]), 10)
		}
		b = append(b, end+"}"...)
	}

	b = append(b, field+`"reflections": `...)
	switch {
	case r.Reflections == nil:
		b = append(b, "null"...)
	case len(r.Reflections) == 0:
		b = append(b, "[]"...)
	default:
		b = append(b, '[')
		for i := range r.Reflections {
			f := &r.Reflections[i]
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, elem+"{"+rfld+`"prompt_id": `...)
			b = appendJSONString(b, f.PromptID)
			b = append(b, ","+rfld+`"prompt": `...)
			b = appendJSONString(b, f.Prompt)
			b = append(b, ","+rfld+`"answer": `...)
			b = appendJSONString(b, f.Answer)
			if f.Shared != nil {
				b = append(b, ","+rfld+`"shared": `...)
				b = strconv.AppendBool(b, *f.Shared)
			}
			if f.Starred != nil {
				b = append(b, ","+rfld+`"starred": `...)
				b = strconv.AppendBool(b, *f.Starred)
			}
			b = append(b, rend...)
		}
		b = append(b, end+"]"...)
	}

	var err error
	if r.Created != nil {
		b = append(b, field+`"created": `...)
		if b, err = appendJSONTime(b, r.Created); err != nil {
			return b, err
		}
	}
	if r.Updated != nil {
		b = append(b, field+`"updated": `...)
		if b, err = appendJSONTime(b, r.Updated); err != nil {
			return b, err
		}
	}
	return append(b, "\n    }"...), nil
}

// appendJSONTime appends t as encoding/json writes it (through
// time.Time.MarshalJSON), and fails as it does.
func appendJSONTime(b []byte, t *time.Time) ([]byte, error) {
	b = append(b, '"')
	b, err := t.AppendText(b)
	if err != nil {
		_, err = t.MarshalJSON()
		return b, &json.MarshalerError{Type: reflect.TypeFor[*time.Time](), Err: err}
	}
	return append(b, '"'), nil
}

// appendJSONString appends s as a JSON string as encoding/json writes it
// without HTML escaping (WriteJSON): quotes, backslashes and control
// characters escaped (\b, \f, \n, \r, \t or \u00XX), invalid UTF-8 as
// \ufffd, U+2028 and U+2029 as \u2028 and \u2029, the rest as it is.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		// Runs of plain ASCII, eight bytes at a time.
		for i+8 <= len(s) && plainASCII8(s[i:i+8]) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if c >= ' ' && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// plainASCII8 reports whether the 8 bytes of s are ASCII that a JSON string
// holds as it is: no control character, quote or backslash.
func plainASCII8(s string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	q, bs := x^(ones*'"'), x^(ones*'\\')
	return ((q-ones)&^q|(bs-ones)&^bs|(x-ones*' ')&^x|x)&highs == 0
}
