package journal

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind says what sort of event an entry records.
type Kind string

// The kinds of entry.
const (
	KindTeamMeeting    Kind = "team-meeting"
	KindCheckIn        Kind = "check-in"
	KindCrisis         Kind = "crisis"
	KindTransition     Kind = "transition"
	KindSupervision    Kind = "supervision"
	KindTraining       Kind = "training"
	KindSelfAssessment Kind = "self-assessment"
	KindOther          Kind = "other"
)

// Kinds lists every kind, in the order menus show them.
var Kinds = []Kind{KindTeamMeeting, KindCheckIn, KindCrisis, KindTransition,
	KindSupervision, KindTraining, KindSelfAssessment, KindOther}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// KindForms lists the kinds for error messages.
func KindForms() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Limits on the size of entry fields, in characters for short fields and in
// bytes for long ones.
const (
	MaxFamily = 32
	MaxTitle  = 200
	MaxNotes  = 1 << 20
	MaxAnswer = 64 << 10
	MaxPrompt = 2000
	MaxTags   = 32
	MaxTag    = 40
	MaxPhase  = 4
)

// Entry is one journal entry: a meeting, a check-in, a training, written up
// soon after it happened. Family, Title, Notes and private reflections never
// leave the machine in a coach-safe export.
type Entry struct {
	ID          string         // time-sortable, unique; set by the store on create
	Date        Day            // the calendar day of the meeting
	Created     time.Time      // set by the store
	Updated     time.Time      // set by the store
	Kind        Kind           // what happened
	Phase       int            // Wraparound phase 1-4, or 0 for none
	Family      string         // a family code, never a name
	Title       string         // a short private title
	Notes       string         // Markdown, private
	Ratings     map[string]int // skill id -> self-rating 1-5
	Reflections []Reflection   // answers to reflection prompts
	Tags        []string       // lower-case words: [a-z0-9-]+
}

// Reflection is the answer to one reflection prompt. Shared reflections go to
// the coach in a coach-safe export; the others stay on the machine. Starred
// ones are marked to bring to supervision.
type Reflection struct {
	PromptID string // the prompt's id, or "" for a prompt written on the spot
	Prompt   string // the prompt's text when it was answered
	Answer   string
	Shared   bool
	Starred  bool
}

// RatedSkills returns the ids of the skills e rates, sorted.
func (e *Entry) RatedSkills() []string {
	ids := make([]string, 0, len(e.Ratings))
	for id := range e.Ratings {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Normalize tidies input as people type it, before validation: it removes
// control characters from every text field, trims space around short fields,
// lower-cases tags (dropping a leading '#'), removes duplicate tags and an
// empty kind becomes team-meeting.
func (e *Entry) Normalize() {
	e.Kind = Kind(strings.ToLower(strings.TrimSpace(string(e.Kind))))
	if e.Kind == "" {
		e.Kind = KindTeamMeeting
	}
	e.Family = strings.TrimSpace(oneLine(CleanText(e.Family)))
	e.Title = strings.TrimSpace(oneLine(CleanText(e.Title)))
	e.Notes = CleanText(e.Notes)
	for i := range e.Reflections {
		r := &e.Reflections[i]
		r.PromptID = strings.TrimSpace(r.PromptID)
		r.Prompt = strings.TrimSpace(CleanText(r.Prompt))
		r.Answer = strings.TrimSpace(CleanText(r.Answer))
	}
	tags := e.Tags[:0:0]
	for _, t := range e.Tags {
		t = NormalizeTag(t)
		if t != "" && !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	e.Tags = tags
}

// NormalizeTag lower-cases a tag, trims it and drops a leading '#'.
func NormalizeTag(t string) string {
	return strings.ToLower(strings.TrimPrefix(strings.TrimSpace(t), "#"))
}

// Validate checks e against the rules every way into the journal shares: the
// command line, the TUI and import. skills is the catalog ratings must name;
// today bounds the date (at most one day ahead). It returns the first
// problem as an EINVALID *Error that names the field.
func (e *Entry) Validate(skills Catalog, today Day) error {
	if e.Date < EarliestDay || e.Date > LatestDay {
		return Invalid("date", "%s is outside the years 1900 to 2099", e.Date)
	}
	if e.Date > today+1 {
		return Invalid("date", "%s is in the future; use a date up to tomorrow (%s)", e.Date, today+1)
	}
	if !e.Kind.Valid() {
		return Invalid("kind", "%q is not a kind; use one of %s", e.Kind, KindForms())
	}
	if e.Phase < 0 || e.Phase > MaxPhase {
		return Invalid("phase", "%d is not a phase; use 1, 2, 3 or 4, or 0 for none", e.Phase)
	}
	if err := checkText("family", e.Family, MaxFamily, true); err != nil {
		return err
	}
	if err := checkText("title", e.Title, MaxTitle, true); err != nil {
		return err
	}
	if err := checkText("notes", e.Notes, MaxNotes, false); err != nil {
		return err
	}
	for _, id := range e.RatedSkills() {
		if err := skills.CheckRating(id, e.Ratings[id]); err != nil {
			return err
		}
	}
	for i, r := range e.Reflections {
		field := "reflection " + strconv.Itoa(i+1)
		if err := checkText(field+" prompt", r.Prompt, MaxPrompt, false); err != nil {
			return err
		}
		if err := checkText(field+" answer", r.Answer, MaxAnswer, false); err != nil {
			return err
		}
		if r.Prompt == "" {
			return Invalid(field, "the prompt is empty; answer a prompt from the library or write one")
		}
	}
	if len(e.Tags) > MaxTags {
		return Invalid("tag", "%d tags is too many; use at most %d", len(e.Tags), MaxTags)
	}
	for _, t := range e.Tags {
		if err := ValidateTag(t); err != nil {
			return err
		}
	}
	return nil
}

// ValidateTag checks that t is a lower-case tag of letters, digits and dashes.
func ValidateTag(t string) error {
	if t == "" || len(t) > MaxTag || strings.Trim(t, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		return Invalid("tag", "%q is not a tag; use lower-case letters, digits and dashes (up to %d)", t, MaxTag)
	}
	return nil
}

// checkText checks that s is valid UTF-8 and no longer than max, counted in
// characters when chars is true and in bytes otherwise.
func checkText(field, s string, max int, chars bool) error {
	if !utf8.ValidString(s) {
		return Invalid(field, "the text is not valid UTF-8; save it as UTF-8 text")
	}
	if chars {
		if n := utf8.RuneCountInString(s); n > max {
			return Invalid(field, "%d characters is too long; use at most %d", n, max)
		}
		return nil
	}
	if len(s) > max {
		return Invalid(field, "%s is too long; use at most %s", byteSize(len(s)), byteSize(max))
	}
	return nil
}

func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10:
		return strconv.Itoa((n+1<<10-1)>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// ParseKind reads a kind as people type it: any case, spaces or underscores
// for dashes, or an unambiguous beginning ("team", "cri").
func ParseKind(s string) (Kind, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.NewReplacer(" ", "-", "_", "-").Replace(k)
	if k == "checkin" {
		k = string(KindCheckIn)
	}
	var match []Kind
	for _, kind := range Kinds {
		if string(kind) == k {
			return kind, nil
		}
		if k != "" && strings.HasPrefix(string(kind), k) {
			match = append(match, kind)
		}
	}
	if len(match) == 1 {
		return match[0], nil
	}
	return "", Invalid("kind", "%q is not a kind; use one of %s", s, KindForms())
}

// oneLine makes the newlines and tabs of a one-line field spaces, so that
// what followed a line break stays, on the line.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ", "\t", " ").Replace(s)
}
