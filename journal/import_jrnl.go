package journal

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// jrnlFile is the JSON that `jrnl --export json` writes (jrnl's
// plugins/json_exporter.py): a tag count and the entries. Entries from
// Day One journals also carry "uuid" and "creator", which hone reads and
// ignores; other fields are ignored too, as jrnl versions differ.
type jrnlFile struct {
	Tags    json.RawMessage `json:"tags"` // {"@tag": count}; not needed
	Entries *[]jrnlEntry    `json:"entries"`
	Format  string          `json:"format"` // not jrnl's: "hone.export" names a hone export
}

type jrnlEntry struct {
	Title   *string         `json:"title"`
	Body    *string         `json:"body"`
	Date    *string         `json:"date"` // YYYY-MM-DD
	Time    *string         `json:"time"` // HH:MM, local time of unknown zone
	Tags    []string        `json:"tags"` // with their sigil, lower-case: "@work"
	Starred bool            `json:"starred"`
	UUID    string          `json:"uuid"`    // Day One
	Creator json.RawMessage `json:"creator"` // Day One
}

// ReadJrnl reads the JSON export of jrnl (`jrnl --export json`) and returns
// its entries, in the file's order, ready for import:
//
//   - title becomes the title; a title over 200 characters is cut to 199
//     and an ellipsis, and the rest opens the notes ("…rest"), so nothing is
//     lost. body becomes the notes (surrounding blank space trimmed).
//   - tags lose their sigil (@ or #), are lower-cased, characters other
//     than a-z, 0-9 and - become -, runs of dashes collapse, and empty tags
//     go; starred entries get the tag "starred". Tags beyond the 32 an entry
//     holds are listed at the end of the notes.
//   - date and time give the date and the created and updated times, read
//     as UTC since jrnl does not record the time zone.
//   - kind "other", phase 0, no family, no ratings, no reflections.
//   - The id is NewID of the created time with entropy from a SHA-256 of
//     the date, time, title and body, so that importing the same file twice
//     gives the same ids and changes nothing. An entry identical to an
//     earlier one in the same file (same date, time, title and body) is
//     left out.
//
// Each entry is normalized and validated as any entry is (a date more than
// one day after today is refused). Errors are EINVALID and name the entry:
// "jrnl entry 3: date: ...". The input is capped at MaxExportSize.
func ReadJrnl(r io.Reader, today Day) ([]*Entry, error) {
	data, err := readInput(r, MaxExportSize, "a jrnl JSON export")
	if err != nil {
		return nil, err
	}
	var f jrnlFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, jrnlError(jsonError(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, Errorf(EINVALID, "there is more after the end of the JSON value; the file may be two files in one")
	}
	if f.Format == ExportFormat {
		return nil, Errorf(EINVALID, "this is a hone export, not a jrnl one: import it with --from hone")
	}
	if f.Entries == nil {
		return nil, Errorf(EINVALID, "not a jrnl JSON export: it has no \"entries\" list (make one with jrnl --export json)")
	}
	out := make([]*Entry, 0, len(*f.Entries))
	seen := map[string]bool{}
	for i, je := range *f.Entries {
		e, err := je.entry(today)
		if err != nil {
			return nil, &Error{Code: EINVALID, Field: "jrnl entry " + strconv.Itoa(i+1), Message: ErrorMessage(err)}
		}
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		out = append(out, e)
	}
	return out, nil
}

// jrnlError rewords a decoding error for a jrnl file.
func jrnlError(err error) error {
	msg := ErrorMessage(err)
	return Errorf(EINVALID, "%s", strings.Replace(msg, "not a valid hone export", "not a valid jrnl export", 1))
}

func (je *jrnlEntry) entry(today Day) (*Entry, error) {
	if je.Date == nil {
		return nil, Invalid("date", "missing; jrnl writes YYYY-MM-DD")
	}
	if je.Title == nil {
		return nil, Invalid("title", "missing; jrnl writes a title and a body for every entry")
	}
	clock := "00:00"
	if je.Time != nil && *je.Time != "" {
		clock = *je.Time
	}
	t, err := time.Parse("2006-01-02 15:04", *je.Date+" "+clock)
	if err != nil {
		if _, derr := time.Parse(time.DateOnly, *je.Date); derr != nil {
			return nil, Invalid("date", "%q is not a date; jrnl writes YYYY-MM-DD", truncate(SafeLine(*je.Date), 40))
		}
		return nil, Invalid("time", "%q is not a time; jrnl writes HH:MM", truncate(SafeLine(clock), 40))
	}
	title, body := "", ""
	if je.Title != nil {
		title = *je.Title
	}
	if je.Body != nil {
		body = *je.Body
	}

	sum := sha256.Sum256([]byte(*je.Date + "\x00" + clock + "\x00" + title + "\x00" + body))
	id, err := NewID(t, bytes.NewReader(sum[:]))
	if err != nil {
		return nil, err // cannot happen: the reader holds 32 bytes
	}
	e := &Entry{
		ID:      id,
		Date:    DayOf(t),
		Created: t,
		Updated: t,
		Kind:    KindOther,
		Ratings: map[string]int{},
	}

	title = strings.TrimSpace(strings.NewReplacer("\n", " ", "\t", " ").Replace(CleanText(title)))
	notes := strings.TrimSpace(CleanText(body))
	if utf8.RuneCountInString(title) > MaxTitle {
		head, rest := cutTitle(title, MaxTitle-1)
		title = head + "…"
		if notes != "" {
			rest += "\n\n" + notes
		}
		notes = "…" + rest
	}
	e.Title, e.Notes = title, notes

	var tags, extra []string
	if je.Starred {
		tags = append(tags, "starred")
	}
	for _, raw := range je.Tags {
		t := jrnlTag(raw)
		switch {
		case t == "" || slices.Contains(tags, t):
		case len(tags) < MaxTags:
			tags = append(tags, t)
		default:
			extra = append(extra, SafeLine(raw))
		}
	}
	e.Tags = tags
	if len(extra) > 0 {
		e.Notes = strings.TrimSpace(e.Notes + "\n\njrnl tags: " + strings.Join(extra, " "))
	}

	e.Normalize()
	if err := e.Validate(nil, today); err != nil {
		return nil, err
	}
	return e, nil
}

// cutTitle cuts a title that is too long after at most n characters: at
// the last space when there is one in the second half, else in the middle
// of a word. head + " " + rest (or head + rest for a cut in a word) gives
// back the title.
func cutTitle(title string, n int) (head, rest string) {
	runes := []rune(title)
	cut := n
	for i := n; i > n/2; i-- {
		if runes[i] == ' ' {
			return strings.TrimRight(string(runes[:i]), " "), strings.TrimLeft(string(runes[i+1:]), " ")
		}
	}
	return string(runes[:cut]), string(runes[cut:])
}

// jrnlTag turns a jrnl tag ("@Team_Meeting") into a hone tag
// ("team-meeting"): the sigil goes, letters are lower-cased, characters
// other than a-z, 0-9 and - become -, runs of dashes become one, and dashes
// at either end go. It may return "".
func jrnlTag(s string) string {
	s = strings.TrimLeftFunc(strings.TrimSpace(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	t := strings.Trim(b.String(), "-")
	if len(t) > MaxTag {
		t = strings.TrimRight(t[:MaxTag], "-")
	}
	return t
}
