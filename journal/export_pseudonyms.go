package journal

import (
	"maps"
	"slices"
	"strconv"
	"strings"
)

// recordMaker makes the records of one export from its entries, taken in
// the export's order: it numbers the pseudonymous ids of a coach-safe
// export and gives families their pseudonyms in order of first appearance.
type recordMaker struct {
	full     bool
	date     func(Day) string
	width    int // of the numbers in pseudonymous ids
	made     int
	families map[string]string // lower-case family code -> pseudonym
}

// newRecordMaker returns the record maker of an export made with opts that
// holds n entries.
func newRecordMaker(opts ExportOptions, n int) *recordMaker {
	return &recordMaker{
		full:     opts.Full,
		date:     exportDate(opts),
		width:    max(4, len(strconv.Itoa(n))),
		families: map[string]string{},
	}
}

// record returns the record of e, the next entry of the export. With own
// set, the record shares no memory with e.
func (m *recordMaker) record(e *Entry, own bool) EntryRecord {
	m.made++
	if m.full {
		r := FullRecord(e)
		if own {
			r.Tags = slices.Clone(r.Tags)
			r.Ratings = maps.Clone(r.Ratings)
		}
		return r
	}
	r := EntryRecord{
		ID:      "e" + zeroPad(m.made, m.width),
		Date:    m.date(e.Date),
		Kind:    e.Kind,
		Phase:   e.Phase,
		Tags:    nonNil(e.Tags),
		Ratings: e.Ratings,
	}
	if own {
		r.Tags = slices.Clone(r.Tags)
		r.Ratings = maps.Clone(r.Ratings)
	}
	if r.Ratings == nil {
		r.Ratings = map[string]int{}
	}
	if e.Family != "" {
		key := strings.ToLower(e.Family)
		p, ok := m.families[key]
		if !ok {
			p = "F" + strconv.Itoa(len(m.families)+1)
			m.families[key] = p
		}
		r.Family = p
	}
	r.Reflections = []ReflectionRecord{}
	for _, f := range e.Reflections {
		if f.Shared {
			rec := ReflectionRecord{PromptID: f.PromptID, Prompt: f.Prompt, Answer: f.Answer}
			if f.Starred {
				// The facilitator's "bring this to supervision" travels with
				// a shared reflection, as "starred": true and never false.
				starred := true
				rec.Starred = &starred
			}
			r.Reflections = append(r.Reflections, rec)
		}
	}
	return r
}

func zeroPad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}
