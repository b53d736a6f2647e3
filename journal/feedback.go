package journal

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The coach feedback file (SPEC section 11).
const (
	FeedbackFormat  = "hone.feedback" // the "format" of every feedback file
	FeedbackVersion = 1               // the format version this hone writes and reads
	// MaxFeedbackSize caps what ReadFeedback reads: thousands of notes
	// fit with room to spare.
	MaxFeedbackSize = 16 << 20
	// MaxFeedbackItems is the most items one feedback file holds.
	MaxFeedbackItems = 10000
	// MaxFeedbackNote is the longest note of one item, in bytes (as a
	// reflection's answer).
	MaxFeedbackNote = 64 << 10
	// MaxFeedbackID is the longest item id.
	MaxFeedbackID = 64
	// CalibrationDays is how many days before and after an observed
	// rating's day the facilitator's own ratings of the skill are set beside
	// it (both ends included): "that week".
	CalibrationDays = 7
)

// FeedbackFile is a coach's feedback file for one facilitator's journal,
// format "hone.feedback" version 1: what `hone feedback add` (and review
// mode) writes and `hone import` reads. ReadFeedback reads and checks one,
// WriteFeedback writes one.
//
//	{"format": "hone.feedback", "version": 1, "journal": "the export's journal id",
//	 "facilitator": "optional", "coach": "optional", "written_at": "RFC 3339",
//	 "items": [{"id": "...", "day": "YYYY-MM-DD", "skill": "eng.mi", "observed": 4, "note": "..."}]}
//
// Where SPEC section 11 leaves room: "skill", "observed" and "note" are
// absent when an item has none (never null or empty); items keep the order
// they were written in; "written_at" is the last time an item was added, in
// UTC to the second.
type FeedbackFile struct {
	Format      string         `json:"format"`
	Version     int            `json:"version"`
	Journal     string         `json:"journal"`
	Facilitator string         `json:"facilitator,omitempty"`
	Coach       string         `json:"coach,omitempty"`
	WrittenAt   time.Time      `json:"written_at"`
	Items       []FeedbackItem `json:"items"`
}

// FeedbackItem is one item of a feedback file, as the file holds it.
type FeedbackItem struct {
	ID       string `json:"id"`
	Day      string `json:"day"`
	Skill    string `json:"skill,omitempty"`
	Observed *int   `json:"observed,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Feedback is one item of coach feedback as the facilitator's journal keeps
// it: a note on a skill or in general, an observed rating of a skill for
// a meeting the coach saw on Day, or both. Observed ratings never enter the
// drift rule: they are set beside the facilitator's own ratings
// (Calibration).
type Feedback struct {
	ID       string // unique and stable: importing the same item again changes nothing
	Day      Day    // the day of the meeting observed, or of the note
	Skill    string // a skill id; "" for a general note
	Observed int    // 1-5 on the skill's anchors; 0 for none
	Note     string // may be ""
	Coach    string // the coach's name from the file; may be ""
	Received Day    // the day it was imported into the journal
	// Seq orders the items as they came into the journal: each import
	// that adds or changes an item gives it the next number, from 1. It
	// is 0 for an item from before hone counted (never "new", see
	// FeedbackService.NewFeedback) and for an item not yet stored.
	Seq uint64
}

// FeedbackService keeps the coach feedback imported into a journal. A
// store implements it; the TUI takes it as this interface.
type FeedbackService interface {
	// Feedback returns every item kept, newest day first (same day: by id).
	Feedback() ([]Feedback, error)
	// ImportFeedback merges the items of f, received on the day received,
	// into the journal, in one transaction: an item whose id the journal
	// holds is left as it is when nothing in it changed, and replaced
	// (received again) when the coach changed it. EINVALID, with nothing
	// written, when f's journal is not the journal's own id or an item is
	// not valid (a skill the catalog lacks, say).
	ImportFeedback(f *FeedbackFile, received Day) (FeedbackResult, error)
	// NewFeedback returns the items that came into the journal since the
	// facilitator last saw the feedback (MarkFeedbackSeen), newest day
	// first: what Today calls new. None for a journal whose feedback was
	// all imported before hone kept the mark.
	NewFeedback() ([]Feedback, error)
	// MarkFeedbackSeen records that the facilitator has seen the items up
	// to the one whose Seq is seq, and so every item that came in before
	// it; an item that comes in later stays new. A seq at or below the mark
	// kept changes nothing (and writes nothing).
	MarkFeedbackSeen(seq uint64) error
}

// LatestFeedback returns the highest Seq of fs: what MarkFeedbackSeen takes
// once fs has been shown.
func LatestFeedback(fs []Feedback) uint64 {
	var n uint64
	for i := range fs {
		n = max(n, fs[i].Seq)
	}
	return n
}

// FeedbackResult counts what an import of feedback did.
type FeedbackResult struct {
	Added, Updated, Unchanged int
}

// Normalize tidies f as every way in does: control characters removed from
// the note, space trimmed around it, the skill id and the id trimmed and
// the skill in lower case, runs of space in the coach's name made one.
func (f *Feedback) Normalize() {
	f.ID = strings.TrimSpace(f.ID)
	f.Skill = strings.ToLower(strings.TrimSpace(f.Skill))
	f.Note = strings.TrimSpace(CleanText(f.Note))
	if f.Coach = strings.TrimSpace(CleanText(f.Coach)); !strings.Contains(f.Coach, "\n") {
		f.Coach = strings.Join(strings.Fields(f.Coach), " ") // a name of more lines is Validate's to refuse
	}
}

// Validate checks f: an id of 1 to 64 letters, digits, '.', '_' and '-';
// a day within 1900-2099; a note, an observed rating, or both; an observed
// rating 1-5, of a skill; a skill id of the right form (whether the
// catalog knows it is the caller's to check, with Catalog.CheckRating);
// a note of valid UTF-8 up to MaxFeedbackNote bytes; a coach name of one
// line up to MaxFacilitator characters. The error names the field.
func (f *Feedback) Validate() error {
	if err := ValidateFeedbackID(f.ID); err != nil {
		return err
	}
	if f.Day < EarliestDay || f.Day > LatestDay {
		return Invalid("day", "%s is outside the years 1900 to 2099", f.Day)
	}
	if f.Skill != "" {
		if err := ValidateSkillID(f.Skill); err != nil {
			return Invalid("skill", "%q is not a skill id; use 2-32 lower-case letters, digits, dots and dashes, starting with a letter", truncate(SafeLine(f.Skill), 40))
		}
	}
	switch {
	case f.Observed != 0 && (f.Observed < 1 || f.Observed > 5):
		return Invalid("observed", "%d is outside 1-5; rate on the skill's anchors, 1 to 5", f.Observed)
	case f.Observed != 0 && f.Skill == "":
		return Invalid("observed", "an observed rating needs the skill it rates; give the skill")
	case f.Observed == 0 && strings.TrimSpace(f.Note) == "":
		return Invalid("note", "an item needs a note, an observed rating, or both")
	}
	if err := checkText("note", f.Note, MaxFeedbackNote, false); err != nil {
		return err
	}
	if err := checkText("coach", f.Coach, MaxFacilitator, true); err != nil {
		return err
	}
	if strings.ContainsAny(f.Coach, "\r\n") {
		return Invalid("coach", "the name runs over more than one line; use one line, at most %d characters", MaxFacilitator)
	}
	return nil
}

// ValidateFeedbackID checks the form of a feedback item id: 1 to 64
// letters, digits, '.', '_' and '-'. The error names the field "id".
func ValidateFeedbackID(id string) error {
	if id == "" || len(id) > MaxFeedbackID || strings.Trim(id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-") != "" {
		return Invalid("id", "%q is not a feedback id; use up to %d letters, digits, '.', '_' and '-'", truncate(SafeLine(id), 40), MaxFeedbackID)
	}
	return nil
}

// Item returns f as an item of a feedback file.
func (f *Feedback) Item() FeedbackItem {
	it := FeedbackItem{ID: f.ID, Day: f.Day.String(), Skill: f.Skill, Note: f.Note}
	if f.Observed != 0 {
		v := f.Observed
		it.Observed = &v
	}
	return it
}

// Feedback returns the file's items as the journal keeps them: with the
// file's coach, received on the day received. EINVALID, naming the item, if
// a day does not parse (never for a file from ReadFeedback).
func (x *FeedbackFile) Feedback(received Day) ([]Feedback, error) {
	out := make([]Feedback, len(x.Items))
	for i, it := range x.Items {
		f, err := it.feedback(x.Coach, received)
		if err != nil {
			return nil, itemError(i, it.ID, err)
		}
		out[i] = f
	}
	return out, nil
}

func (it *FeedbackItem) feedback(coach string, received Day) (Feedback, error) {
	d, err := parseExportDate(it.Day, false)
	if err != nil {
		return Feedback{}, Invalid("day", "%s", ErrorMessage(err))
	}
	f := Feedback{ID: it.ID, Day: d, Skill: it.Skill, Note: it.Note, Coach: coach, Received: received}
	if it.Observed != nil {
		f.Observed = *it.Observed
		if f.Observed == 0 {
			return Feedback{}, Invalid("observed", "0 is outside 1-5; leave \"observed\" out for an item without a rating")
		}
	}
	return f, nil
}

// itemError names the item at index i (counted from 1 for people) and its
// id in an EINVALID error.
func itemError(i int, id string, err error) error {
	return &Error{Code: EINVALID, Field: itemPlace("item", i, id), Message: ErrorMessage(err)}
}

// itemPlace names the item at index i of a list, counted from 1 for
// people, with its id: "item 2 (id 01m8...)".
func itemPlace(what string, i int, id string) string {
	place := what + " " + strconv.Itoa(i+1)
	if id = truncate(strings.TrimSpace(SafeLine(id)), 32); id != "" {
		place += " (id " + id + ")"
	}
	return place
}

// ReadFeedback reads a coach feedback file (JSON, format "hone.feedback",
// version 1) and checks all of it. It reads at most MaxFeedbackSize bytes.
// Every problem is an EINVALID *Error whose one-line message names the
// place, such as `item 2 (id 01m8...): observed: 7 is outside 1-5; ...`;
// a file made by a newer hone says so. Errors from r are returned wrapped.
//
// It checks: UTF-8 JSON of one object with no unknown fields; the format
// and version; the journal id (required: feedback answers one journal);
// written_at; the facilitator and coach names (one line, up to
// MaxFacilitator characters); at most MaxFeedbackItems items, each valid
// by Feedback.Validate with a day of the form YYYY-MM-DD, and ids unique.
// Text is kept as it is; importers normalize it (Feedback.Normalize).
func ReadFeedback(r io.Reader) (*FeedbackFile, error) {
	data, err := readInput(r, MaxFeedbackSize, "a hone feedback file")
	if err != nil {
		return nil, err
	}
	if err := checkFeedbackHeader(data); err != nil {
		return nil, err
	}
	x := new(FeedbackFile)
	if err := decodeStrict(data, x); err != nil {
		return nil, explainFeedbackError(data, err)
	}
	if err := x.check(); err != nil {
		return nil, err
	}
	return x, nil
}

// check checks a decoded feedback file (see ReadFeedback).
func (x *FeedbackFile) check() error {
	if x.Journal == "" {
		return Invalid("journal", "missing; a feedback file names the journal it answers (the export's \"journal\")")
	}
	if err := ValidateJournalID(x.Journal); err != nil {
		return err
	}
	if x.WrittenAt.IsZero() {
		return Invalid("written_at", "missing; a feedback file says when it was written")
	}
	for _, n := range []struct{ field, text string }{{"facilitator", x.Facilitator}, {"coach", x.Coach}} {
		if err := checkText(n.field, n.text, MaxFacilitator, true); err != nil {
			return err
		}
		if strings.ContainsAny(n.text, "\r\n") {
			return Invalid(n.field, "the name runs over more than one line; use one line, at most %d characters", MaxFacilitator)
		}
	}
	if len(x.Items) > MaxFeedbackItems {
		return Invalid("items", "%d items are more than one file holds; at most %d", len(x.Items), MaxFeedbackItems)
	}
	ids := make(map[string]int, len(x.Items))
	for i := range x.Items {
		it := &x.Items[i]
		f, err := it.feedback("", 0)
		if err == nil {
			err = f.Validate()
		}
		if err != nil {
			return itemError(i, it.ID, err)
		}
		if j, dup := ids[it.ID]; dup {
			return itemError(i, it.ID, Invalid("id", "item %d has the same id; ids are unique", j+1))
		}
		ids[it.ID] = i
	}
	return nil
}

// checkFeedbackHeader reads the format and the version before anything
// else, so that a file from a newer hone, an export, or a file not from
// hone at all is named as such rather than for its first unknown field.
func checkFeedbackHeader(data []byte) error {
	if IsHTML(data) {
		return Errorf(EINVALID, "this is a web page, not a feedback file; give hone the .json feedback file")
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(data, &head); err != nil {
		return jsonError(err)
	}
	var format string
	if raw, ok := head["format"]; !ok || json.Unmarshal(raw, &format) != nil || format != FeedbackFormat {
		msg := "not a hone feedback file: it has no \"format\": \"hone.feedback\""
		if ok && format != "" {
			msg = "not a hone feedback file: its format is " + strconv.Quote(truncate(SafeLine(format), 40)) + ", not \"hone.feedback\""
		}
		return Errorf(EINVALID, "%s", msg)
	}
	var version json.Number
	raw, ok := head["version"]
	if !ok {
		return Invalid("version", "missing; a feedback file says which version of the format it uses")
	}
	if json.Unmarshal(raw, &version) != nil {
		return Invalid("version", "%s is not a version number", truncate(SafeLine(string(raw)), 20))
	}
	v, err := strconv.ParseFloat(version.String(), 64)
	switch {
	case err == nil && v > FeedbackVersion:
		return Errorf(EINVALID, "this feedback file was made by a newer hone (format version %s); this hone reads version %d: update hone to read it", version, FeedbackVersion)
	case version.String() != strconv.Itoa(FeedbackVersion):
		return Invalid("version", "%s is not a version of the format; this hone reads version %d", truncate(version.String(), 20), FeedbackVersion)
	}
	return nil
}

// explainFeedbackError finds the item at fault when the strict decoding of
// a feedback file failed, and names it by its number.
func explainFeedbackError(data []byte, err error) error {
	var doc struct {
		FeedbackFile
		Items []json.RawMessage `json:"items"`
	}
	if derr := decodeStrict(data, &doc); derr != nil {
		return derr
	}
	for i, raw := range doc.Items {
		var it FeedbackItem
		if derr := decodeStrict(raw, &it); derr != nil {
			return itemError(i, rawID(raw), derr)
		}
	}
	return err
}

// SniffFormat returns the "format" of a hone JSON file (hone.export,
// hone.feedback) when it is the first key of the top-level object, as in
// every file hone writes, and "" otherwise. It reads only the start of
// data: for telling which reader a file needs.
func SniffFormat(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data[:min(len(data), 4096)]))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return ""
	}
	if tok, err := dec.Token(); err != nil || tok != "format" {
		return ""
	}
	if tok, err := dec.Token(); err == nil {
		if s, ok := tok.(string); ok {
			return s
		}
	}
	return ""
}

// WriteFeedback writes x as a feedback file: indented JSON, with a final
// newline; nil items as an empty list.
func WriteFeedback(w io.Writer, x *FeedbackFile) error {
	y := *x
	if y.Items == nil {
		y.Items = []FeedbackItem{}
	}
	return WriteJSON(w, &y)
}

// SortFeedback orders fs as `hone feedback` lists them: newest day first,
// then by id.
func SortFeedback(fs []Feedback) {
	slices.SortStableFunc(fs, func(a, b Feedback) int {
		return cmp.Or(cmp.Compare(b.Day, a.Day), strings.Compare(a.ID, b.ID))
	})
}
