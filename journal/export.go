package journal

import (
	"cmp"
	"maps"
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
	// Journal is the journal's id (NewJournalID), written as "journal";
	// "" leaves it out.
	Journal string
	// Feedback is the coach feedback the export carries back to a coach
	// (ExportFeedback), only when the facilitator asks for it: nil leaves
	// "feedback" out, as every export does by default.
	Feedback []FeedbackRecord
	// Drift is the facilitator's drift analysis over the whole journal as
	// of DriftAsOf (the export day), carried as "drift" so that a coach sees
	// the facilitator's own verdicts: AnalyzeCatalog's (what `hone drift`
	// shows), or AnalyzeCatalogWeeks's for a week-dated export. nil leaves
	// "drift" and "drift_as_of" out.
	Drift     []Drift
	DriftAsOf Day
	// Prompts are the journal's custom reflection prompts. A coach-safe
	// export carries, as "prompts", the id, text and tags of each one not
	// archived that a shared reflection it holds answers (its text leaves
	// with that reflection anyway), or of every one not archived with
	// AllPrompts, so that a coach's agenda can ask the team's own
	// questions; never an answer (those travel only as shared
	// reflections). A full export carries them in Personal instead and
	// ignores this.
	Prompts []Prompt
	// AllPrompts carries every custom prompt not archived, answered or not
	// (hone export --with-prompts).
	AllPrompts bool
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
//   - "journal" is the journal's id (SPEC section 7's additions), the same
//     in every export of one journal, coach-safe or full; an export of an
//     older hone has none, and reads as one without it.
//   - "feedback" is the coach feedback the journal keeps, in the shape of
//     `hone feedback --json` (FeedbackRecord), dated as the entries are; an
//     export carries it only when the facilitator asks (--with-feedback),
//     so that a coach sees observed ratings beside the self-ratings.
//   - "drift_as_of" and "drift" (SPEC section 7's additions) are the
//     facilitator's own verdicts: the records of `hone drift --json` as of
//     the export day, over the whole journal, not only the exported range,
//     in the export's date form (weeks, and sentences that name weeks, in a
//     week-dated export). Drift gives them to every view of the export; an
//     export of an older hone has neither, and its verdicts are those of
//     its own ratings.
//   - "prompts", after "entries", is an addition for coach-safe exports:
//     the facilitator's custom reflection prompts that are not archived and
//     that a shared reflection in the export answers (with --with-prompts,
//     every one not archived), each its id, text and tags
//     (ExportPromptRecord), in the order they were added, so that a coach's
//     agenda can draw on them; never an answer. It is absent when there are
//     none, always in a full export (which carries them in "personal"), and
//     in exports of older hones, which read as ones without any.
//   - "personal" is an addition for full exports, which SPEC says include
//     everything: the goals, custom prompts and watch list (see
//     PersonalRecord). A coach-safe export never has it; a full export
//     made before hone wrote it has none, and reads as one without any.
type Export struct {
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	Journal     string             `json:"journal,omitempty"` // the journal's id; absent in exports of older hones
	ExportedAt  time.Time          `json:"exported_at"`
	Facilitator string             `json:"facilitator,omitempty"`
	Range       *ExportRange       `json:"range,omitempty"`
	Privacy     ExportPrivacy      `json:"privacy"`
	Skills      []SkillRecord      `json:"skills"`
	KeyElements []KeyElementRecord `json:"key_elements"`
	DriftAsOf   string             `json:"drift_as_of,omitempty"` // the day (or week) Verdicts are as of; absent in older exports
	Verdicts    []DriftRecord      `json:"drift,omitempty"`       // the facilitator's own verdicts; absent in older exports
	Personal    *PersonalRecord    `json:"personal,omitempty"`    // full exports only
	Feedback    []FeedbackRecord   `json:"feedback,omitempty"`    // only when asked for (--with-feedback)
	Records     []EntryRecord      `json:"entries"`               // the entries, as records
	// Prompts come after the entries: which prompts a coach-safe export
	// carries depends on the reflections it holds (ExportOptions.Prompts).
	Prompts []ExportPromptRecord `json:"prompts,omitempty"`
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

	// A full export carries a custom skill's description and anchors
	// (behaviour at 1, 3 and 5) too, so that importing it gives the skill
	// back whole; a coach-safe export leaves them out.
	Description string     `json:"description,omitempty"`
	Anchors     *[3]string `json:"anchors,omitempty"`
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

// Options returns the options that make x again from its entries: with
// BuildExport(entries, x.Catalog(), x.Options()), a full export read back
// with ReadExport is rebuilt byte for byte.
func (x *Export) Options() ExportOptions {
	opts := ExportOptions{
		Full:        x.Full(),
		WeekDates:   x.WeekDates(),
		Facilitator: x.Facilitator,
		Now:         x.ExportedAt,
		Journal:     x.Journal,
		Feedback:    slices.Clone(x.Feedback),
	}
	if !x.Full() {
		// Every prompt x carries, as it carried them.
		opts.Prompts, opts.AllPrompts = x.CustomPrompts(), true
	}
	if x.Personal != nil {
		opts.Personal, _ = x.PersonalData()
	}
	if asOf, ok := x.Carried(); ok {
		if ds, err := x.carriedDrift(); err == nil {
			opts.Drift, opts.DriftAsOf = ds, asOf
		}
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

// ExportPromptRecord is a custom reflection prompt in a coach-safe export:
// the question only, never an answer.
type ExportPromptRecord struct {
	ID   string   `json:"id"`
	Text string   `json:"text"`
	Tags []string `json:"tags"`
}

// exportPrompts returns the records of the prompts of opts that a
// coach-safe export carries (ExportOptions.Prompts): the custom ones not
// archived, in their order, those answered in the export's shared
// reflections (answered holds their prompt ids) or all of them with
// AllPrompts; nil for none, and for a full export.
func exportPrompts(opts ExportOptions, answered map[string]bool) []ExportPromptRecord {
	if opts.Full {
		return nil
	}
	var out []ExportPromptRecord
	for _, p := range opts.Prompts {
		if !p.Builtin && !p.Archived && (opts.AllPrompts || answered[p.ID]) {
			out = append(out, ExportPromptRecord{ID: p.ID, Text: p.Text, Tags: append([]string{}, p.Tags...)})
		}
	}
	return out
}

// answerPrompts adds to answered the prompt ids of r's reflections (in a
// coach-safe record, the shared ones).
func answerPrompts(answered map[string]bool, r *EntryRecord) {
	for _, f := range r.Reflections {
		if f.PromptID != "" {
			answered[f.PromptID] = true
		}
	}
}

// CustomPrompts returns the facilitator's custom prompts x carries, not
// archived, in their order: a coach-safe export's "prompts", or a full
// export's personal ones. None for an export without them (an older
// hone's).
func (x *Export) CustomPrompts() []Prompt {
	var out []Prompt
	for _, r := range x.Prompts {
		out = append(out, Prompt{ID: r.ID, Text: r.Text, Tags: append([]string{}, r.Tags...)})
	}
	if x.Personal != nil {
		for _, r := range x.Personal.Prompts {
			if !r.Archived {
				out = append(out, Prompt{ID: r.ID, Text: r.Text, Tags: append([]string{}, r.Tags...)})
			}
		}
	}
	return out
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
		c[i] = Skill{ID: s.ID, Name: s.Name, Group: s.Group, KeyElement: s.KeyElement, Archived: s.Archived, Description: s.Description}
		if s.Anchors != nil {
			c[i].Anchors = *s.Anchors
		}
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
