package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ReadExport reads a hone export (JSON, format "hone.export", version 1)
// and checks all of it, so that import and review mode can trust what they
// get. It reads at most MaxExportSize bytes; a reader that can seek (a
// file, a bytes.Reader) is decoded as it is read, without a second copy of
// the whole in memory (see decodeExport). Every problem is an EINVALID
// *Error whose one-line message names the place, such as
// `entry 12 (id e0012): rating: eng.mi=7 is outside 1-5; ...`; a file made
// by a newer hone says so. Errors from r itself are returned wrapped, as
// they are.
//
// It checks: the file is UTF-8 JSON of one object with no unknown fields;
// the format and version; the journal id when there is one (exports of
// older hones have none); exported_at (RFC 3339); the privacy block is one
// hone writes (notes and family codes go together, and full exports are
// dated by day); the range; the skills (ids, names, no duplicates); and
// every entry: its id (a hone id in a full export; a short pseudonym of
// letters, digits, '.', '_' and '-' otherwise; unique), its date (YYYY-MM-DD,
// or YYYY-Www in a week-dated export), and the rules of Entry.Validate
// (kind, phase, lengths, UTF-8, tags, ratings 1-5 of listed skills), except
// the bound on future dates, which depends on the day of import. A full
// export's entries must carry title, notes, created, updated and each
// reflection's shared flag; a coach-safe export's entries must carry none of
// them (a reflection there may say "starred": true, never false), and
// families there are pseudonyms (F1, F2, ...).
//
// The key-element roll-ups are derived data: ReadExport recomputes them from
// the skills and entries, so a report never shows figures the entries do
// not support. Text is kept as it is, so that a full export reads back
// exactly: importers normalize entries (Entry.Normalize) as any input, and
// every display makes text safe (SafeText, escaping).
func ReadExport(r io.Reader) (*Export, error) {
	x, err := decodeExport(r)
	if err != nil {
		return nil, err
	}
	if err := x.checkHead(); err != nil {
		return nil, err
	}
	catalog := x.Catalog()
	full, week := x.Full(), x.WeekDates()
	ids := make(map[string]int, len(x.Records))
	for i := range x.Records {
		rec := &x.Records[i]
		if err := rec.check(catalog, full, week); err != nil {
			return nil, recordError(i, rec.ID, err)
		}
		if j, dup := ids[rec.ID]; dup {
			return nil, recordError(i, rec.ID, Invalid("id", "entry %d has the same id; ids are unique", j+1))
		}
		ids[rec.ID] = i
	}
	x.KeyElements = RollUpKeyElements(x.Skills, x.Records)
	return x, nil
}

// readInput reads all of r, up to limit bytes, and checks that it is
// UTF-8 text that is not empty; what names the kind of file expected.
func readInput(r io.Reader, limit int, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if len(data) > limit {
		return nil, Errorf(EINVALID, "the file is larger than %s, too large for %s", byteSize(limit), what)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Errorf(EINVALID, "the file is empty, not %s", what)
	}
	if !utf8.Valid(data) {
		return nil, Errorf(EINVALID, "the file is not valid UTF-8 (byte %d); %s is UTF-8 JSON", invalidUTF8At(data), what)
	}
	return data, nil
}

// explainDecodeError finds what made the strict decoding of data fail: the
// format or the version first, then the entry at fault, named by its number.
func explainDecodeError(data []byte, err error) error {
	if herr := checkHeader(data); herr != nil {
		return herr
	}
	var doc struct {
		Export
		Records []json.RawMessage `json:"entries"`
	}
	if derr := decodeStrict(data, &doc); derr != nil {
		return derr
	}
	for i, raw := range doc.Records {
		var rec EntryRecord
		if derr := decodeStrict(raw, &rec); derr != nil {
			return recordError(i, rawID(raw), derr)
		}
	}
	return err
}

// IsHTML reports whether data, the start of a file, looks like a web page
// (a hone HTML report, say) rather than JSON: its first character that is
// not a space or a byte-order mark is '<'.
func IsHTML(data []byte) bool {
	data = bytes.TrimLeft(bytes.TrimPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(data) > 0 && data[0] == '<'
}

// WebPageError is the EINVALID error of a file that IsHTML: a report given
// where an export was expected.
func WebPageError() error {
	return Errorf(EINVALID, "this is a web page (such as a hone HTML report), not an export; open it in a browser, and give hone the .json export")
}

// checkHeader reads the format and the version before anything else, so
// that a file from a newer hone, or not from hone at all, is named as such
// rather than for its first unknown field.
func checkHeader(data []byte) error {
	if IsHTML(data) {
		return WebPageError()
	}
	var head map[string]json.RawMessage
	if err := json.Unmarshal(data, &head); err != nil {
		return jsonError(err)
	}
	var format string
	if raw, ok := head["format"]; !ok || json.Unmarshal(raw, &format) != nil || format != ExportFormat {
		msg := "not a hone export: it has no \"format\": \"hone.export\""
		if ok && format != "" {
			msg = "not a hone export: its format is " + strconv.Quote(truncate(SafeLine(format), 40)) + ", not \"hone.export\""
		}
		if _, hasEntries := head["entries"]; hasEntries && !ok {
			msg += " (for a jrnl JSON export, import it with --from jrnl)"
		}
		return Errorf(EINVALID, "%s", msg)
	}
	var version json.Number
	raw, ok := head["version"]
	if !ok {
		return Invalid("version", "missing; a hone export says which version of the format it uses")
	}
	if json.Unmarshal(raw, &version) != nil {
		return Invalid("version", "%s is not a version number", truncate(SafeLine(string(raw)), 20))
	}
	v, err := strconv.ParseFloat(version.String(), 64)
	switch {
	case err == nil && v > ExportVersion:
		return Errorf(EINVALID, "this export was made by a newer hone (format version %s); this hone reads version %d: update hone to read it", version, ExportVersion)
	case version.String() != strconv.Itoa(ExportVersion):
		return Invalid("version", "%s is not a version of the format; this hone reads version %d", truncate(version.String(), 20), ExportVersion)
	}
	return nil
}

// decodeStrict decodes one JSON value into v, refusing unknown fields and
// anything after the value.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return Errorf(EINVALID, "there is more after the end of the JSON value; the file may be two files in one")
	}
	return nil
}

// jsonError turns a decoding error into a sentence that names the place.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var timeErr *time.ParseError
	switch {
	case errors.As(err, &syntax):
		msg := strings.TrimPrefix(syntax.Error(), "json: ")
		switch {
		case strings.Contains(msg, "unexpected end of JSON input"):
			return Errorf(EINVALID, "the JSON ends too soon (at byte %d); the file is truncated", syntax.Offset)
		case strings.Contains(msg, "exceeded max depth"):
			return Errorf(EINVALID, "not valid JSON at byte %d: nested too deeply", syntax.Offset)
		}
		return Errorf(EINVALID, "not valid JSON at byte %d: %s", syntax.Offset, SafeLine(msg))
	case errors.As(err, &timeErr):
		return Errorf(EINVALID, "the time %q is not RFC 3339, such as 2026-03-02T14:05:00Z", truncate(SafeLine(timeErr.Value), 40))
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return Errorf(EINVALID, "the JSON ends too soon; the file is truncated")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return Errorf(EINVALID, "found a JSON %s where an object was expected", typ.Value)
		}
		field := truncate(SafeLine(strings.TrimPrefix(typ.Field, "Export.")), 60)
		return Invalid(field, "found a JSON %s, which does not fit here", typ.Value)
	}
	msg := truncate(SafeLine(strings.TrimPrefix(err.Error(), "json: ")), 200)
	if strings.HasPrefix(msg, "unknown field ") {
		return Errorf(EINVALID, "%s; this hone does not know it (hand-edited, or from another program?)", msg)
	}
	var herr *Error
	if errors.As(err, &herr) {
		return herr
	}
	return Errorf(EINVALID, "not a valid hone export: %s", msg)
}

// rawID digs the id out of an entry that failed to decode, for the message.
func rawID(raw []byte) string {
	var r struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(raw, &r) != nil {
		return ""
	}
	var id string
	if json.Unmarshal(r.ID, &id) != nil {
		return ""
	}
	return id
}

func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// checkHead checks what comes before the entries.
func (x *Export) checkHead() error {
	if x.ExportedAt.IsZero() {
		return Invalid("exported_at", "missing; a hone export says when it was made")
	}
	if x.Journal != "" {
		if err := ValidateJournalID(x.Journal); err != nil {
			return err
		}
	}
	if err := checkText("facilitator", x.Facilitator, MaxFacilitator, true); err != nil {
		return err
	}
	p := x.Privacy
	switch {
	case p.Families != FamiliesPseudonyms && p.Families != FamiliesCodes:
		return Invalid("privacy", "families %q is neither \"pseudonyms\" nor \"codes\"", truncate(SafeLine(p.Families), 20))
	case p.Dates != DatesDay && p.Dates != DatesWeek:
		return Invalid("privacy", "dates %q is neither \"day\" nor \"week\"", truncate(SafeLine(p.Dates), 20))
	case p.Notes != (p.Families == FamiliesCodes):
		return Invalid("privacy", "notes %t with families %q is not an export hone makes: full exports have notes and codes, coach-safe ones neither", p.Notes, p.Families)
	case p.Notes && p.Dates == DatesWeek:
		return Invalid("privacy", "a full export is dated by day, not by week")
	}
	if x.Range != nil {
		var bounds [2]Day
		for i, b := range []struct{ name, value string }{{"since", x.Range.Since}, {"until", x.Range.Until}} {
			if b.value == "" {
				continue
			}
			d, err := parseExportDate(b.value, x.WeekDates())
			if err != nil {
				return Invalid("range "+b.name, "%s", ErrorMessage(err))
			}
			bounds[i] = d
		}
		if x.Range.Since != "" && x.Range.Until != "" && bounds[0] > bounds[1] {
			return Invalid("range", "since %s is after until %s", x.Range.Since, x.Range.Until)
		}
	}
	seen := make(map[string]bool, len(x.Skills))
	for i, s := range x.Skills {
		sk := Skill{ID: s.ID, Name: s.Name, Group: s.Group, KeyElement: s.KeyElement, Description: s.Description}
		if s.Anchors != nil {
			sk.Anchors = *s.Anchors
		}
		place := "skill " + strconv.Itoa(i+1)
		if ValidateSkillID(s.ID) == nil {
			place += " (" + s.ID + ")"
		}
		if err := sk.Validate(); err != nil {
			return &Error{Code: EINVALID, Field: place, Message: ErrorMessage(err)}
		}
		if !x.Full() && (s.Description != "" || s.Anchors != nil) {
			return Invalid(place, "a description or anchors in a coach-safe export, which leaves them out")
		}
		if seen[s.ID] {
			return Invalid("skill "+strconv.Itoa(i+1)+" ("+s.ID+")", "listed twice")
		}
		seen[s.ID] = true
	}
	if err := checkExportFeedback(x.Feedback, x.Catalog(), x.WeekDates()); err != nil {
		return err
	}
	if err := x.checkVerdicts(seen); err != nil {
		return err
	}
	if err := x.checkPrompts(); err != nil {
		return err
	}
	if x.Personal != nil {
		if !x.Full() {
			return Invalid("personal", "present in a coach-safe export, which leaves it out")
		}
		if _, err := x.Personal.personal(x.Catalog()); err != nil {
			return err
		}
	}
	return nil
}

// checkPrompts checks the custom prompts a coach-safe export carries: none
// in a full export (it carries them in "personal"); each with an id of the
// form hone writes, unique, and a text and tags Prompt.Validate accepts.
// EINVALID names the prompt by its place: "prompt 2 (my-1) text".
func (x *Export) checkPrompts() error {
	if x.Prompts != nil && x.Full() {
		return Invalid("prompts", "present in a full export, which carries its prompts in personal")
	}
	seen := make(map[string]bool, len(x.Prompts))
	for i, r := range x.Prompts {
		place := "prompt " + strconv.Itoa(i+1)
		if !validPromptID(r.ID) {
			return Invalid(place+" id", "%q is not a prompt id; use up to 64 lower-case letters, digits, '-', '.' and '_'", truncate(SafeLine(r.ID), 40))
		}
		place += " (" + r.ID + ")"
		if seen[r.ID] {
			return Invalid(place, "listed twice")
		}
		seen[r.ID] = true
		if r.Tags == nil {
			return Invalid(place+" tags", "missing; an export lists a prompt's tags, [] for none")
		}
		p := Prompt{ID: r.ID, Text: r.Text, Tags: r.Tags}
		if err := p.Validate(); err != nil {
			return placeError(place, err)
		}
	}
	return nil
}

// validPromptID reports whether id is of the form hone writes for a
// prompt: 1 to 64 lower-case letters, digits, '-', '.' and '_'.
func validPromptID(id string) bool {
	return id != "" && len(id) <= 64 && strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789-._") == ""
}

// maxExplanation caps a carried explanation, in characters: far above the
// two sentences hone writes.
const maxExplanation = 2000

// checkVerdicts checks the facilitator's verdicts x carries, if any: a day
// (or week) they are as of, and one record per listed skill at most, with
// a known status and basis, dates in x's date form, no date after the
// day they are as of, counts and numbers in range, and one-line names and
// explanations. listed holds the ids of x's skills.
func (x *Export) checkVerdicts(listed map[string]bool) error {
	switch {
	case x.DriftAsOf == "" && x.Verdicts == nil:
		return nil
	case x.DriftAsOf == "":
		return Invalid("drift_as_of", "missing; an export that carries \"drift\" says the day it is as of")
	}
	week := x.WeekDates()
	asOf, err := parseExportDate(x.DriftAsOf, week)
	if err != nil {
		return Invalid("drift_as_of", "%s", ErrorMessage(err))
	}
	seen := make(map[string]bool, len(x.Verdicts))
	for i, r := range x.Verdicts {
		place := "drift " + strconv.Itoa(i+1)
		if err := r.check(listed, asOf, week); err != nil {
			if ValidateSkillID(r.Skill) == nil {
				place += " (" + r.Skill + ")"
			}
			return &Error{Code: EINVALID, Field: place, Message: ErrorMessage(err)}
		}
		if seen[r.Skill] {
			return Invalid(place+" ("+r.Skill+")", "listed twice")
		}
		seen[r.Skill] = true
	}
	return nil
}

// check checks a carried verdict (see checkVerdicts).
func (r *DriftRecord) check(listed map[string]bool, asOf Day, week bool) error {
	if !listed[r.Skill] {
		return Invalid("skill", "%q is not one of the export's skills", truncate(SafeLine(r.Skill), 40))
	}
	switch r.Status {
	case StatusDrifting, StatusImproving, StatusWatch, StatusSteady, StatusInsufficient, StatusDormant:
	default:
		return Invalid("status", "%q is not a verdict; use drifting, improving, watch, steady, insufficient or dormant", truncate(SafeLine(string(r.Status)), 20))
	}
	if r.Basis != nil && *r.Basis != string(BasisRecent) && *r.Basis != string(BasisYear) {
		return Invalid("basis", "%q is neither \"recent\" nor \"year\"", truncate(SafeLine(*r.Basis), 20))
	}
	if r.Ratings < 0 || r.Ratings > MaxExportSize {
		return Invalid("ratings", "%d is not a count of ratings", r.Ratings)
	}
	if (r.Ratings == 0) != (r.LastRated == nil) || (r.FirstRated == nil) != (r.LastRated == nil) {
		return Invalid("ratings", "first_rated and last_rated are given exactly when there are ratings")
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"baseline", r.Baseline}, {"level", r.Level}, {"reference", r.Reference}} {
		if f.v != nil && (*f.v < 1 || *f.v > 5) {
			return Invalid(f.name, "%v is outside the rating scale 1 to 5", *f.v)
		}
	}
	for _, f := range []struct {
		name string
		v    *float64
	}{{"cusum_low", r.CusumLow}, {"cusum_high", r.CusumHigh}, {"threshold", r.Threshold}} {
		if f.v != nil && (*f.v < 0 || *f.v > 1e9) {
			return Invalid(f.name, "%v is not a tally hone makes", *f.v)
		}
	}
	if r.Slope != nil && (*r.Slope < -1e6 || *r.Slope > 1e6) {
		return Invalid("slope", "%v is not a slope hone makes", *r.Slope)
	}
	var first Day
	for _, f := range []struct {
		name string
		v    *string
	}{{"first_rated", r.FirstRated}, {"last_rated", r.LastRated}, {"drift_since", r.DriftSince}, {"evaluated_on", r.EvaluatedOn}} {
		if f.v == nil {
			continue
		}
		d, err := parseExportDate(*f.v, week)
		if err != nil {
			return Invalid(f.name, "%s", ErrorMessage(err))
		}
		if d > asOf {
			return Invalid(f.name, "%s is after drift_as_of", *f.v)
		}
		if f.name == "first_rated" {
			first = d
		} else if d < first {
			return Invalid(f.name, "%s is before first_rated", *f.v)
		}
	}
	if err := checkText("name", r.Name, MaxSkillName, true); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"name", r.Name}, {"explanation", r.Explanation}} {
		if utf8.ValidString(f.v) && SafeLine(f.v) != f.v {
			return Invalid(f.name, "holds a line break or control characters; hone writes one plain line")
		}
	}
	return checkText("explanation", r.Explanation, maxExplanation, true)
}

// check checks one entry record of an export (see ReadExport).
func (r *EntryRecord) check(c Catalog, full, week bool) error {
	if full {
		if len(r.ID) != IDLength || strings.Trim(r.ID, crockford) != "" {
			return Invalid("id", "%q is not a hone entry id (16 letters and digits)", truncate(SafeLine(r.ID), 40))
		}
	} else if r.ID == "" || len(r.ID) > 64 || strings.Trim(r.ID, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-") != "" {
		return Invalid("id", "%q is not an entry id; use up to 64 letters, digits, '.', '_' and '-'", truncate(SafeLine(r.ID), 40))
	}
	need := func(field string, present bool) error {
		switch {
		case full && !present:
			return Invalid(field, "missing; a full export carries it for every entry")
		case !full && present:
			return Invalid(field, "present in a coach-safe export, which leaves it out")
		}
		return nil
	}
	for _, f := range []struct {
		name    string
		present bool
	}{{"title", r.Title != nil}, {"notes", r.Notes != nil}, {"created", r.Created != nil}, {"updated", r.Updated != nil}} {
		if err := need(f.name, f.present); err != nil {
			return err
		}
	}
	for i, f := range r.Reflections {
		if err := need("reflection "+strconv.Itoa(i+1)+" shared", f.Shared != nil); err != nil {
			return err
		}
		if !full && f.Starred != nil && !*f.Starred {
			return Invalid("reflection "+strconv.Itoa(i+1)+" starred", "false in a coach-safe export, which carries only \"starred\": true")
		}
	}
	if !full && r.Family != "" && (len(r.Family) < 2 || r.Family[0] != 'F' || r.Family[1] == '0' ||
		len(r.Family) > 8 || strings.Trim(r.Family[1:], "0123456789") != "") {
		return Invalid("family", "%q is not a pseudonym (F1, F2, ...) as a coach-safe export has", truncate(SafeLine(r.Family), 40))
	}
	e, err := r.entry(week)
	if err != nil {
		return err
	}
	if r.Kind == "" {
		return Invalid("kind", "missing; use one of %s", KindForms())
	}
	if err := e.Validate(c, LatestDay); err != nil {
		var verr *Error
		if errors.As(err, &verr) && verr.Field == "rating" {
			msg := strings.TrimSuffix(verr.Message, " (hone skills lists them)")
			if msg != verr.Message {
				return Invalid("rating", "%s (the export's skills list them)", msg)
			}
		}
		return err
	}
	return nil
}

// Entry turns one record of an export back into an entry, as
// Export.Entries does for all of them: for a reader that needs a few of an
// export's entries and not the others. week says the export's dates are
// ISO weeks (Export.WeekDates). EINVALID if the date does not parse (never
// for an export from ReadExport).
func (r *EntryRecord) Entry(week bool) (*Entry, error) { return r.entry(week) }
