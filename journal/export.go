package journal

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"iter"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// EntryRecord is an entry in the shape of hone's interchange format (SPEC
// section 7), as `list --json`, `show --json` and exports write it. Fields
// that an export leaves out are absent, not empty.
type EntryRecord struct {
	ID          string             `json:"id"`
	Date        string             `json:"date"`
	Kind        Kind               `json:"kind"`
	Phase       int                `json:"phase"`
	Family      string             `json:"family,omitempty"`
	Title       *string            `json:"title,omitempty"`
	Notes       *string            `json:"notes,omitempty"`
	Tags        []string           `json:"tags"`
	Ratings     map[string]int     `json:"ratings"`
	Reflections []ReflectionRecord `json:"reflections"`
	Created     *time.Time         `json:"created,omitempty"`
	Updated     *time.Time         `json:"updated,omitempty"`
}

// ReflectionRecord is a reflection in the interchange format. Shared is
// present only in full exports, where private reflections travel too.
type ReflectionRecord struct {
	PromptID string `json:"prompt_id"`
	Prompt   string `json:"prompt"`
	Answer   string `json:"answer"`
	Shared   *bool  `json:"shared,omitempty"`
	Starred  *bool  `json:"starred,omitempty"`
}

// FullRecord returns e with every field, for the owner's own use: list and
// show output and full exports.
func FullRecord(e *Entry) EntryRecord {
	title, notes := e.Title, e.Notes
	created, updated := e.Created.UTC(), e.Updated.UTC()
	r := EntryRecord{
		ID:      e.ID,
		Date:    e.Date.String(),
		Kind:    e.Kind,
		Phase:   e.Phase,
		Family:  e.Family,
		Title:   &title,
		Notes:   &notes,
		Tags:    nonNil(e.Tags),
		Ratings: e.Ratings,
		Created: &created,
		Updated: &updated,
	}
	if r.Ratings == nil {
		r.Ratings = map[string]int{}
	}
	r.Reflections = make([]ReflectionRecord, len(e.Reflections))
	for i, x := range e.Reflections {
		shared, starred := x.Shared, x.Starred
		r.Reflections[i] = ReflectionRecord{PromptID: x.PromptID, Prompt: x.Prompt, Answer: x.Answer, Shared: &shared, Starred: &starred}
	}
	return r
}

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

// The interchange format (SPEC section 7).
const (
	ExportFormat  = "hone.export" // the "format" of every hone export
	ExportVersion = 1             // the format version this hone writes and reads
	// MaxExportSize caps what ReadExport reads: far above any real journal
	// (100,000 entries export to about 60 MiB), far below what would hurt.
	MaxExportSize = 512 << 20
	// MaxFacilitator is the longest facilitator name an export carries, in
	// characters.
	MaxFacilitator = 100
)

// NormalizeFacilitator tidies a facilitator name as hone keeps it for
// exports: control characters dropped, spaces trimmed and each run of
// spaces made one. A name of only spaces is "", which means no name.
// EINVALID for a name that is not valid UTF-8, runs over more than one
// line, or is longer than MaxFacilitator characters.
func NormalizeFacilitator(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", Invalid("facilitator", "the name is not valid UTF-8 text; type it again")
	}
	if strings.ContainsAny(name, "\r\n") {
		return "", Invalid("facilitator", "the name runs over more than one line; use your name or initials on one line, at most %d characters", MaxFacilitator)
	}
	name = strings.Join(strings.Fields(SafeLine(name)), " ")
	if n := utf8.RuneCountInString(name); n > MaxFacilitator {
		return "", Invalid("facilitator", "%d characters is too long; use your name or initials on one line, at most %d characters", n, MaxFacilitator)
	}
	return name, nil
}

// The values of an export's privacy block.
const (
	FamiliesPseudonyms = "pseudonyms" // family codes became F1, F2, ...
	FamiliesCodes      = "codes"      // the real family codes (full exports)
	DatesDay           = "day"        // dates are YYYY-MM-DD
	DatesWeek          = "week"       // dates are ISO weeks, YYYY-Www
)

// ExportOptions say what an export holds. The zero value is a coach-safe
// export of every entry, dated by day.
type ExportOptions struct {
	// Full includes everything: titles, notes, family codes, private
	// reflections, entry ids and created/updated times. For moving or
	// archiving one's own journal, never for a coach. A full export is always
	// dated by day: WeekDates is ignored (the command line should refuse the
	// two together).
	Full bool
	// WeekDates coarsens every entry date, and the range, to its ISO week
	// (2026-W10) in a coach-safe export.
	WeekDates bool
	// Since and Until keep the entries dated on or after Since and on or
	// before Until; nil for no bound.
	Since, Until *Day
	// Facilitator is the optional name the coach sees, made one safe line
	// of at most MaxFacilitator characters.
	Facilitator string
	// Personal is the journal's goals, custom prompts and watch list, which
	// a full export carries (as "personal", empty lists for nil); a
	// coach-safe export ignores it.
	Personal *Personal
	// Now is the moment of the export, written as "exported_at" in UTC to
	// the second.
	Now time.Time
}

// Export is hone's interchange document, format "hone.export" version 1
// (SPEC section 7). BuildExport makes one from entries, WriteExportJSON
// writes it, ReadExport reads and checks one; the CSV, Markdown and HTML
// writers render one.
//
// Where SPEC section 7 leaves room, the document is defined so:
//
//   - Entries are ordered by date, then by entry id (creation), oldest first.
//   - "range" holds the bounds the export was asked for (Since, Until), in
//     the export's date form; a bound that was not set is absent, and
//     "range" is absent when neither was set. The dates actually covered are
//     those of the first and the last entry.
//   - "exported_at" is RFC 3339 in UTC to the second. It is the moment of the
//     export, not an entry date, so it keeps its full date in week-dated
//     exports: only entry dates and the range are coarsened.
//   - "skills" lists the whole catalog in catalog order, archived skills
//     included, then (sorted by id) any skill an entry rates that the
//     catalog lacks, named by its id, so that every rating names a listed
//     skill.
//   - "key_elements" is an addition to SPEC's listing: one roll-up per key
//     element (see KeyElementRecord), derived from "skills" and "entries".
//   - In a coach-safe export, entry ids are per-export pseudonyms too ("e0001",
//     "e0002", ... in entry order, zero-padded so that they sort): a hone id
//     encodes its creation time to the millisecond, which would give away
//     the timestamps and, through them, the days a week-dated export hides.
//     Family codes become F1, F2, ... in order of first appearance (codes
//     compared without regard to case); an entry without a family has none.
//   - A coach-safe entry has no "title", "notes", "created" or "updated",
//     and its reflections are the shared ones, without a "shared" flag. A
//     full entry has them all, and every reflection carries "shared".
//   - "personal" is an addition for full exports, which SPEC says include
//     everything: the goals, custom prompts and watch list (see
//     PersonalRecord). A coach-safe export never has it; a full export
//     made before hone wrote it has none, and reads as one without any.
type Export struct {
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	ExportedAt  time.Time          `json:"exported_at"`
	Facilitator string             `json:"facilitator,omitempty"`
	Range       *ExportRange       `json:"range,omitempty"`
	Privacy     ExportPrivacy      `json:"privacy"`
	Skills      []SkillRecord      `json:"skills"`
	KeyElements []KeyElementRecord `json:"key_elements"`
	Personal    *PersonalRecord    `json:"personal,omitempty"` // full exports only
	Records     []EntryRecord      `json:"entries"`            // the entries, as records
}

// ExportRange holds the bounds an export was made with, in the export's
// date form (YYYY-MM-DD, or YYYY-Www in week-dated exports). An unset bound
// is absent.
type ExportRange struct {
	Since string `json:"since,omitempty"`
	Until string `json:"until,omitempty"`
}

// ExportPrivacy says what an export holds: notes (and titles, private
// reflections, timestamps) or not, real family codes or pseudonyms, dates by
// day or by week.
type ExportPrivacy struct {
	Notes    bool   `json:"notes"`
	Families string `json:"families"`
	Dates    string `json:"dates"`
}

// SkillRecord is a skill of the catalog in an export.
type SkillRecord struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Group      string `json:"group"`
	KeyElement string `json:"key_element"`
	Archived   bool   `json:"archived"`
}

// KeyElementRecord rolls up the export's ratings of the skills of one key
// element, so that they can sit beside an agency's WFI-EZ, TOM or DART
// reports:
//
//	{"key_element": "Effective Teamwork", "skills": ["team.prep", ...],
//	 "ratings": 212, "mean": 3.62, "median": 4, "counts": [0, 9, 71, 102, 30]}
//
// Skills are the ids of the listed skills with that key element, in catalog
// order, archived ones included. Ratings counts their ratings in the
// export; Counts holds how many of them are 1, 2, 3, 4 and 5. Mean (rounded
// to 2 decimals) and Median (the mean of the two middle ratings for an even
// count) are null without ratings. Key elements come in the order of
// KeyElements, then the others in catalog order; skills with no key element
// roll up under "".
type KeyElementRecord struct {
	KeyElement string   `json:"key_element"`
	Skills     []string `json:"skills"`
	Ratings    int      `json:"ratings"`
	Mean       *float64 `json:"mean"`
	Median     *float64 `json:"median"`
	Counts     [5]int   `json:"counts"`
}

// Full reports whether x is a full export, with notes and family codes.
func (x *Export) Full() bool { return x.Privacy.Notes }

// WeekDates reports whether x's dates are ISO weeks.
func (x *Export) WeekDates() bool { return x.Privacy.Dates == DatesWeek }

// BuildExport makes the export document of entries, which may come in any
// order, with the catalog c. See Export for the choices the format makes.
// The records share no memory with entries.
func BuildExport(entries []*Entry, c Catalog, opts ExportOptions) *Export {
	x := newExport(opts)
	sel := make([]*Entry, 0, len(entries))
	for _, e := range entries {
		if e == nil || !inRange(e.Date, opts) {
			continue
		}
		sel = append(sel, e)
	}
	slices.SortStableFunc(sel, compareExportOrder)

	x.Records = make([]EntryRecord, len(sel))
	m := newRecordMaker(opts, len(sel))
	for i, e := range sel {
		x.Records[i] = m.record(e, true)
	}
	x.Skills = exportSkills(c, func(yield func(string) bool) {
		for _, r := range x.Records {
			for id := range r.Ratings {
				if !yield(id) {
					return
				}
			}
		}
	})
	x.KeyElements = RollUpKeyElements(x.Skills, x.Records)
	return x
}

// newExport returns the export of opts without skills, roll-ups or
// records.
func newExport(opts ExportOptions) *Export {
	full := opts.Full
	week := opts.WeekDates && !full
	x := &Export{
		Format:      ExportFormat,
		Version:     ExportVersion,
		ExportedAt:  opts.Now.UTC().Truncate(time.Second),
		Facilitator: truncate(strings.TrimSpace(SafeLine(opts.Facilitator)), MaxFacilitator),
		Privacy:     ExportPrivacy{Notes: full, Families: FamiliesPseudonyms, Dates: DatesDay},
	}
	if full {
		x.Privacy.Families = FamiliesCodes
		x.Personal = personalRecord(cmp.Or(opts.Personal, &Personal{}))
	}
	if week {
		x.Privacy.Dates = DatesWeek
	}
	date := exportDate(opts)
	if opts.Since != nil || opts.Until != nil {
		x.Range = &ExportRange{}
		if opts.Since != nil {
			x.Range.Since = date(*opts.Since)
		}
		if opts.Until != nil {
			x.Range.Until = date(*opts.Until)
		}
	}
	return x
}

// exportDate returns the function that writes a date in the form of an
// export made with opts.
func exportDate(opts ExportOptions) func(Day) string {
	if opts.WeekDates && !opts.Full {
		return Day.Week
	}
	return Day.String
}

// inRange reports whether d lies within the bounds of opts.
func inRange(d Day, opts ExportOptions) bool {
	return (opts.Since == nil || d >= *opts.Since) && (opts.Until == nil || d <= *opts.Until)
}

// compareExportOrder orders entries as an export does: by date, then by
// id, oldest first.
func compareExportOrder(a, b *Entry) int {
	return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.ID, b.ID))
}

// exportSkills returns the skill records of an export with the catalog c
// whose entries rate the skills rated yields (in any order, repeated or
// not): the catalog in its order, then the rated skills it lacks, sorted by
// id and named by it.
func exportSkills(c Catalog, rated iter.Seq[string]) []SkillRecord {
	skills := make([]SkillRecord, 0, len(c))
	listed := make(map[string]bool, len(c))
	for _, s := range c {
		if !listed[s.ID] {
			listed[s.ID] = true
			skills = append(skills, SkillRecord{ID: s.ID, Name: s.Name, Group: s.Group, KeyElement: s.KeyElement, Archived: s.Archived})
		}
	}
	var missing []string
	for id := range rated {
		if !listed[id] {
			listed[id] = true
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	for _, id := range missing {
		skills = append(skills, SkillRecord{ID: id, Name: id})
	}
	return skills
}

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
			r.Reflections = append(r.Reflections, ReflectionRecord{PromptID: f.PromptID, Prompt: f.Prompt, Answer: f.Answer})
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

// RollUpKeyElements computes the key-element roll-ups of entries, whose
// ratings name skills of skills (see KeyElementRecord). Ratings of skills
// that skills does not list are left out.
func RollUpKeyElements(skills []SkillRecord, entries []EntryRecord) []KeyElementRecord {
	var t RatingTally
	for i := range entries {
		t.Add(entries[i].Ratings)
	}
	return rollUpKeyElements(skills, &t)
}

// rollUpKeyElements computes the key-element roll-ups of the ratings t
// counted, of skills of skills.
func rollUpKeyElements(skills []SkillRecord, t *RatingTally) []KeyElementRecord {
	var order []string
	index := map[string]int{}
	add := func(ke string) {
		if _, ok := index[ke]; !ok {
			index[ke] = len(order)
			order = append(order, ke)
		}
	}
	present := map[string]bool{}
	for _, s := range skills {
		present[s.KeyElement] = true
	}
	for _, ke := range KeyElements() {
		if present[ke] {
			add(ke)
		}
	}
	for _, s := range skills {
		if s.KeyElement != "" {
			add(s.KeyElement)
		}
	}
	if present[""] {
		add("")
	}
	out := make([]KeyElementRecord, len(order))
	skillKE := make(map[string]int, len(skills))
	for i, ke := range order {
		out[i] = KeyElementRecord{KeyElement: ke, Skills: []string{}}
	}
	for _, s := range skills {
		if _, dup := skillKE[s.ID]; dup {
			continue
		}
		i := index[s.KeyElement]
		skillKE[s.ID] = i
		out[i].Skills = append(out[i].Skills, s.ID)
		if c := t.bySkill[s.ID]; c != nil {
			for v, n := range c {
				out[i].Counts[v] += n
			}
		}
	}
	for i := range out {
		k := &out[i]
		sum := 0
		for v, n := range k.Counts {
			k.Ratings += n
			sum += (v + 1) * n
		}
		if k.Ratings == 0 {
			continue
		}
		mean := math.Round(float64(sum)/float64(k.Ratings)*100) / 100
		median := countsMedian(k.Counts, k.Ratings)
		k.Mean, k.Median = &mean, &median
	}
	return out
}

// RatingTally counts entries and their ratings by skill and value: what an
// export must know of its entries before it writes the first of them (its
// skills and key-element roll-ups come first). The zero value counts
// nothing yet.
type RatingTally struct {
	entries int
	bySkill map[string]*[5]int // every rated skill: how many of its ratings are 1, 2, 3, 4 and 5
}

// Add counts an entry with these ratings.
func (t *RatingTally) Add(ratings map[string]int) {
	t.entries++
	if t.bySkill == nil {
		t.bySkill = map[string]*[5]int{}
	}
	for id, v := range ratings {
		c := t.bySkill[id]
		if c == nil {
			c = new([5]int)
			t.bySkill[id] = c
		}
		if v >= 1 && v <= 5 {
			c[v-1]++
		}
	}
}

// Entries returns how many entries t counted.
func (t *RatingTally) Entries() int { return t.entries }

// countsMedian returns the median of n ratings counted by value in counts:
// the mean of the two middle ratings when n is even.
func countsMedian(counts [5]int, n int) float64 {
	nth := func(i int) int { // the i-th rating (from 0) in ascending order
		for v, c := range counts {
			if i < c {
				return v + 1
			}
			i -= c
		}
		return 5
	}
	if n%2 == 1 {
		return float64(nth(n / 2))
	}
	return float64(nth(n/2-1)+nth(n/2)) / 2
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
	return jw.close()
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
}

// Counts returns how many entries, ratings and reflections x holds.
func (x *Export) Counts() ExportCounts {
	n := ExportCounts{Entries: len(x.Records)}
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
	x.Skills = exportSkills(c, maps.Keys(t.bySkill))
	x.KeyElements = rollUpKeyElements(x.Skills, t)
	jw, err := newExportJSONWriter(w, x)
	if err != nil {
		return nil, ExportCounts{}, err
	}
	m := newRecordMaker(opts, t.entries)
	var n ExportCounts
	var last *Entry
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
		n.Entries++
		n.Ratings += len(r.Ratings)
		n.Reflections += len(r.Reflections)
		return jw.record(&r)
	})
	if err != nil {
		return nil, ExportCounts{}, err
	}
	if n.Entries != t.entries {
		return nil, ExportCounts{}, Errorf(EINTERNAL, "export: the entry source gave %d entries, but its tally counted %d", n.Entries, t.entries)
	}
	if err := jw.close(); err != nil {
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

// close writes the end of the document and everything still gathered.
func (jw *exportJSONWriter) close() error {
	if jw.n == 0 {
		jw.buf = append(jw.buf, "[]\n}\n"...)
	} else {
		jw.buf = append(jw.buf, "\n  ]\n}\n"...)
	}
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

// Options returns the options that make x again from its entries: with
// BuildExport(entries, x.Catalog(), x.Options()), a full export read back
// with ReadExport is rebuilt byte for byte.
func (x *Export) Options() ExportOptions {
	opts := ExportOptions{
		Full:        x.Full(),
		WeekDates:   x.WeekDates(),
		Facilitator: x.Facilitator,
		Now:         x.ExportedAt,
	}
	if x.Personal != nil {
		opts.Personal, _ = x.PersonalData()
	}
	if x.Range != nil {
		if d, err := parseExportDate(x.Range.Since, opts.WeekDates); x.Range.Since != "" && err == nil {
			opts.Since = &d
		}
		if d, err := parseExportDate(x.Range.Until, opts.WeekDates); x.Range.Until != "" && err == nil {
			opts.Until = &d
		}
	}
	return opts
}

// PersonalData returns the goals, custom prompts and watch list of a full
// export: an empty Personal when it has none (a coach-safe export, or a
// full one from before hone wrote them). EINVALID if they do not hold up
// (never for an export from ReadExport).
func (x *Export) PersonalData() (*Personal, error) {
	if x.Personal == nil {
		return &Personal{}, nil
	}
	return x.Personal.personal(x.Catalog())
}

// Catalog returns x's skills as a catalog, with what an export carries of
// them: id, name, group, key element, archived.
func (x *Export) Catalog() Catalog {
	c := make(Catalog, len(x.Skills))
	for i, s := range x.Skills {
		c[i] = Skill{ID: s.ID, Name: s.Name, Group: s.Group, KeyElement: s.KeyElement, Archived: s.Archived}
	}
	return c
}

// Entries turns x's records back into entries, in x's order. A full export
// gives back every field: ids, dates, created and updated times, titles,
// notes, families, ratings, tags and reflections with their shared flags.
// A coach-safe export gives what it holds: pseudonymous ids and families, no
// title, notes or times, and its reflections, all shared. A week date
// becomes the Monday of its week, so that no date lies after the real one.
// EINVALID if a date does not parse (never for an export from ReadExport).
func (x *Export) Entries() ([]*Entry, error) {
	week := x.WeekDates()
	out := make([]*Entry, len(x.Records))
	for i := range x.Records {
		e, err := x.Records[i].entry(week)
		if err != nil {
			return nil, recordError(i, x.Records[i].ID, err)
		}
		out[i] = e
	}
	return out, nil
}

// Ratings returns x's ratings grouped by skill id, each group oldest first
// (same day: by entry id), as RatingService does, ready for AnalyzeCatalog.
// EINVALID if a date does not parse (never for an export from ReadExport).
func (x *Export) Ratings() (map[string][]Rating, error) {
	week := x.WeekDates()
	out := map[string][]Rating{}
	for i, r := range x.Records {
		d, err := parseExportDate(r.Date, week)
		if err != nil {
			return nil, recordError(i, r.ID, Invalid("date", "%s", err.Error()))
		}
		for id, v := range r.Ratings {
			out[id] = append(out[id], Rating{Skill: id, Date: d, EntryID: r.ID, Value: v})
		}
	}
	byDate := func(a, b Rating) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.EntryID, b.EntryID))
	}
	for _, rs := range out {
		slices.SortStableFunc(rs, byDate)
	}
	return out, nil
}

// Day returns the day of r's date: a week date gives its Monday.
func (r *EntryRecord) Day(week bool) (Day, error) { return parseExportDate(r.Date, week) }

func (r *EntryRecord) entry(week bool) (*Entry, error) {
	d, err := parseExportDate(r.Date, week)
	if err != nil {
		return nil, Invalid("date", "%s", err.Error())
	}
	e := &Entry{
		ID:      r.ID,
		Date:    d,
		Kind:    r.Kind,
		Phase:   r.Phase,
		Family:  r.Family,
		Ratings: maps.Clone(r.Ratings),
		Tags:    slices.Clone(r.Tags),
	}
	if e.Ratings == nil {
		e.Ratings = map[string]int{}
	}
	if r.Title != nil {
		e.Title = *r.Title
	}
	if r.Notes != nil {
		e.Notes = *r.Notes
	}
	if r.Created != nil {
		e.Created = *r.Created
	}
	if r.Updated != nil {
		e.Updated = *r.Updated
	}
	if len(r.Reflections) > 0 {
		e.Reflections = make([]Reflection, len(r.Reflections))
		for i, f := range r.Reflections {
			e.Reflections[i] = Reflection{PromptID: f.PromptID, Prompt: f.Prompt, Answer: f.Answer,
				Shared: f.Shared == nil || *f.Shared, Starred: f.Starred != nil && *f.Starred}
		}
	}
	return e, nil
}

// recordError names the entry at index i (counted from 1 for people) and
// its id in an EINVALID error.
func recordError(i int, id string, err error) error {
	place := "entry " + strconv.Itoa(i+1)
	if id = truncate(strings.TrimSpace(SafeLine(id)), 32); id != "" {
		place += " (id " + id + ")"
	}
	return &Error{Code: EINVALID, Field: place, Message: ErrorMessage(err)}
}

// parseExportDate reads an entry date: YYYY-MM-DD, or YYYY-Www when week is
// true, which gives the Monday of the ISO week. The error is a sentence that
// names no field.
func parseExportDate(s string, week bool) (Day, error) {
	if week {
		return ParseWeek(s)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, Errorf(EINVALID, "%q is not a date; use YYYY-MM-DD", truncate(SafeLine(s), 40))
	}
	d := DayOf(t)
	if d < EarliestDay || d > LatestDay {
		return 0, Errorf(EINVALID, "%s is outside the years 1900 to 2099", s)
	}
	return d, nil
}

// ParseWeek reads an ISO week, YYYY-Www (2026-W10), and returns its Monday.
// EINVALID for another form, a week the year does not have, or a year
// outside 1900-2099.
func ParseWeek(s string) (Day, error) {
	bad := Errorf(EINVALID, "%q is not an ISO week; use YYYY-Www, e.g. 2026-W10", truncate(SafeLine(s), 40))
	if len(s) != 8 || s[4:6] != "-W" || strings.Trim(s[:4]+s[6:], "0123456789") != "" {
		return 0, bad
	}
	y, _ := strconv.Atoi(s[:4])
	w, _ := strconv.Atoi(s[6:])
	if y < 1900 || y > 2099 {
		return 0, Errorf(EINVALID, "%s is outside the years 1900 to 2099", s)
	}
	// Week 1 is the week of 4 January; its Monday is the first of the year.
	jan4 := Date(y, time.January, 4)
	monday := jan4 - Day((int(jan4.Time().Weekday())+6)%7) + Day(7*(w-1))
	if w < 1 || monday.Week() != s {
		return 0, Errorf(EINVALID, "%s has no week %d; use a week from 1 to %s", strconv.Itoa(y), w, lastWeek(y))
	}
	if monday < EarliestDay || monday > LatestDay {
		return 0, Errorf(EINVALID, "%s is outside the years 1900 to 2099", s)
	}
	return monday, nil
}

func lastWeek(y int) string {
	_, w := Date(y, time.December, 28).Time().ISOWeek()
	return strconv.Itoa(w)
}

// Drift analyzes x's ratings as of asOf with the drift rule (SPEC section 4)
// for every skill of x that is not archived, in x's order, explained for a
// reader of the export (AnalyzeShared). In a week-dated export each rating
// counts on the Monday of its week.
func (x *Export) Drift(asOf Day) ([]Drift, error) {
	ratings, err := x.Ratings()
	if err != nil {
		return nil, err
	}
	return AnalyzeShared(x.Catalog(), ratings, asOf), nil
}

// FormatDay formats d for people in x's date form: "2 Mar 2026", or the ISO
// week "2026-W10" in a week-dated export.
func (x *Export) FormatDay(d Day) string {
	if x.WeekDates() {
		return d.Week()
	}
	return d.Short()
}

// Span returns the days of x's oldest and newest entries; ok is false when x
// has none (or a date does not parse).
func (x *Export) Span() (first, last Day, ok bool) {
	week := x.WeekDates()
	for i := range x.Records {
		d, err := x.Records[i].Day(week)
		if err != nil {
			return 0, 0, false
		}
		if !ok || d < first {
			first = d
		}
		if !ok || d > last {
			last = d
		}
		ok = true
	}
	return first, last, ok
}

// Period describes the period x covers for people: its range where a bound
// was set, otherwise its first and last entries ("3 Mar 2025 to 27 Feb
// 2026", "2025-W10 to 2026-W09"), or "no entries".
func (x *Export) Period() string {
	first, last, ok := x.Span()
	var from, to string
	if ok {
		from, to = x.FormatDay(first), x.FormatDay(last)
	}
	week := x.WeekDates()
	if x.Range != nil {
		if d, err := parseExportDate(x.Range.Since, week); err == nil {
			from = x.FormatDay(d)
		}
		if d, err := parseExportDate(x.Range.Until, week); err == nil {
			to = x.FormatDay(d)
		}
	}
	switch {
	case from == "" && to == "":
		return "no entries"
	case from == "":
		return "until " + to
	case to == "":
		return "since " + from
	case from == to:
		return from
	}
	return from + " to " + to
}

// PrivacyStatement says in plain words what x holds and what it leaves out.
func (x *Export) PrivacyStatement() string {
	if x.Full() {
		return "Full export: it holds everything, notes, titles, family codes and private reflections included. It is for the facilitator's own records; do not share it."
	}
	dates := "Dates are days."
	if x.WeekDates() {
		dates = "Dates are coarsened to ISO weeks."
	}
	return "Coach-safe export: ratings, kinds, phases, dates, tags, the reflections the facilitator chose to share, and the skill catalog. " +
		"Not included: notes, titles, private reflections and timestamps. Families appear as pseudonyms (F1, F2, ...) that hold only within this export. " + dates
}

// RatingCount returns how many ratings x holds.
func (x *Export) RatingCount() int {
	n := 0
	for i := range x.Records {
		n += len(x.Records[i].Ratings)
	}
	return n
}
