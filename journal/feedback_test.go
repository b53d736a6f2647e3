package journal_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// A small valid feedback file, edited by the refusal cases.
const validFeedback = `{
  "format": "hone.feedback",
  "version": 1,
  "journal": "0kz3m8q1w5x7y9a2b4c6d8e0fg",
  "facilitator": "Ana",
  "coach": "Chloe",
  "written_at": "2026-11-21T09:00:00Z",
  "items": [
    {"id": "01m89gn0a3gfn1af", "day": "2026-11-20", "skill": "team.facil", "observed": 3, "note": "The round worked; the plan ran long."},
    {"id": "01m89gn0a3gfn1ag", "day": "2026-11-20", "note": "Good to see you with the family."}
  ]
}`

func TestReadFeedbackValid(t *testing.T) {
	x, err := journal.ReadFeedback(strings.NewReader(validFeedback))
	if err != nil {
		t.Fatal(err)
	}
	received := journal.Date(2026, time.November, 22)
	fs, err := x.Feedback(received)
	if err != nil {
		t.Fatal(err)
	}
	want := []journal.Feedback{
		{ID: "01m89gn0a3gfn1af", Day: journal.Date(2026, time.November, 20), Skill: "team.facil", Observed: 3,
			Note: "The round worked; the plan ran long.", Coach: "Chloe", Received: received},
		{ID: "01m89gn0a3gfn1ag", Day: journal.Date(2026, time.November, 20), Note: "Good to see you with the family.",
			Coach: "Chloe", Received: received},
	}
	if !reflect.DeepEqual(fs, want) {
		t.Errorf("Feedback() =\n%+v\nwant\n%+v", fs, want)
	}
	if got := journal.SniffFormat([]byte(validFeedback)); got != journal.FeedbackFormat {
		t.Errorf("SniffFormat = %q", got)
	}
	if got := journal.SniffFormat([]byte(validExport)); got != journal.ExportFormat {
		t.Errorf("SniffFormat of an export = %q", got)
	}
	for _, in := range []string{"", "[]", `{"entries": []}`, `{"format": 1}`, "\xff"} {
		if got := journal.SniffFormat([]byte(in)); got != "" {
			t.Errorf("SniffFormat(%q) = %q, want none", in, got)
		}
	}
}

// feedbackRefusals are the files ReadFeedback must refuse, with a part of
// the one line it refuses each with: every check, edited into
// validFeedback.
func feedbackRefusals() []readExportRefusal {
	edit := func(old, new string) string {
		if !strings.Contains(validFeedback, old) {
			panic("test edit does not apply: " + old)
		}
		return strings.Replace(validFeedback, old, new, 1)
	}
	return []readExportRefusal{
		{"ErrEmpty", " \n", "empty"},
		{"ErrNotJSON", "hello", "not valid JSON"},
		{"ErrTruncated", validFeedback[:len(validFeedback)/2], "truncated"},
		{"ErrHTML", "<html></html>", "web page"},
		{"ErrExport", validExport, `its format is "hone.export", not "hone.feedback"`},
		{"ErrNoFormat", edit(`"format": "hone.feedback",`, ``), `no "format"`},
		{"ErrVersion2", edit(`"version": 1`, `"version": 2`), "made by a newer hone (format version 2)"},
		{"ErrVersion0", edit(`"version": 1`, `"version": 0`), "version: 0 is not a version"},
		{"ErrNoVersion", edit(`"version": 1,`, ``), "version: missing"},
		{"ErrNoJournal", edit(`"journal": "0kz3m8q1w5x7y9a2b4c6d8e0fg",`, ``), "journal: missing"},
		{"ErrJournalForm", edit(`"0kz3m8q1w5x7y9a2b4c6d8e0fg"`, `"Ana's journal"`), `journal: "Ana's journal" is not a journal id`},
		{"ErrNoWrittenAt", edit(`"written_at": "2026-11-21T09:00:00Z",`, ``), "written_at: missing"},
		{"ErrWrittenAt", edit(`"2026-11-21T09:00:00Z"`, `"Friday"`), "not RFC 3339"},
		{"ErrUnknownField", edit(`"coach": "Chloe",`, `"coach": "Chloe", "mood": "good",`), `unknown field "mood"`},
		{"ErrUnknownItemField", edit(`"observed": 3,`, `"observed": 3, "stars": 5,`), `item 1 (id 01m89gn0a3gfn1af): unknown field "stars"`},
		{"ErrTrailing", validFeedback + "{}", "after top-level value"},
		{"ErrCoachLines", edit(`"coach": "Chloe"`, `"coach": "Chloe\nSmith"`), "coach: the name runs over more than one line"},
		{"ErrCoachLong", edit(`"coach": "Chloe"`, `"coach": "`+strings.Repeat("c", 101)+`"`), "coach: 101 characters is too long"},
		{"ErrFacilitatorLong", edit(`"facilitator": "Ana"`, `"facilitator": "`+strings.Repeat("a", 101)+`"`), "facilitator: 101 characters is too long"},
		{"ErrObservedHigh", edit(`"observed": 3`, `"observed": 7`), "item 1 (id 01m89gn0a3gfn1af): observed: 7 is outside 1-5"},
		{"ErrObservedZero", edit(`"observed": 3`, `"observed": 0`), "item 1 (id 01m89gn0a3gfn1af): observed: 0 is outside 1-5"},
		{"ErrObservedFloat", edit(`"observed": 3`, `"observed": 3.5`), "item 1 (id 01m89gn0a3gfn1af): observed: found a JSON number"},
		{"ErrObservedText", edit(`"observed": 3`, `"observed": "3"`), "item 1 (id 01m89gn0a3gfn1af): observed: found a JSON string"},
		{"ErrObservedNoSkill", edit(`"skill": "team.facil", `, ``), "item 1 (id 01m89gn0a3gfn1af): observed: an observed rating needs the skill"},
		{"ErrSkillForm", edit(`"skill": "team.facil"`, `"skill": "Team Facil"`), `item 1 (id 01m89gn0a3gfn1af): skill: "Team Facil" is not a skill id`},
		{"ErrNothing", edit(`, "note": "Good to see you with the family."`, ``), "item 2 (id 01m89gn0a3gfn1ag): note: an item needs a note, an observed rating, or both"},
		{"ErrBlankNote", edit(`"note": "Good to see you with the family."`, `"note": "  \n "`), "item 2 (id 01m89gn0a3gfn1ag): note: an item needs a note"},
		{"ErrNoteLong", edit(`"Good to see you with the family."`, `"`+strings.Repeat("a", 65<<10)+`"`), "item 2 (id 01m89gn0a3gfn1ag): note: 65 KiB is too long"},
		{"ErrNoteUTF8", edit(`"Good to see you with the family."`, "\"Good \xff\""), "not valid UTF-8 (byte"},
		{"ErrDay", edit(`"day": "2026-11-20", "note"`, `"day": "2026-11-31", "note"`), `item 2 (id 01m89gn0a3gfn1ag): day: "2026-11-31" is not a date; use YYYY-MM-DD`},
		{"ErrDayWeek", edit(`"day": "2026-11-20", "note"`, `"day": "2026-W47", "note"`), `day: "2026-W47" is not a date`},
		{"ErrDayOld", edit(`"day": "2026-11-20", "note"`, `"day": "1850-11-20", "note"`), "outside the years 1900 to 2099"},
		{"ErrNoDay", edit(`"day": "2026-11-20", "note"`, `"note"`), `item 2 (id 01m89gn0a3gfn1ag): day: "" is not a date`},
		{"ErrIDDuplicate", edit(`"id": "01m89gn0a3gfn1ag"`, `"id": "01m89gn0a3gfn1af"`), "item 2 (id 01m89gn0a3gfn1af): id: item 1 has the same id"},
		{"ErrIDForm", edit(`"id": "01m89gn0a3gfn1ag"`, `"id": "a b/\u001b"`), `item 2 (id a b/): id: "a b/" is not a feedback id`},
		{"ErrNoID", edit(`"id": "01m89gn0a3gfn1ag", `, ``), `item 2: id: "" is not a feedback id`},
		{"ErrItemsObject", `{"format": "hone.feedback", "version": 1, "journal": "0kz3m8q1w5x7y9a2b4c6d8e0fg", "written_at": "2026-11-21T09:00:00Z", "items": {}}`, "items: found a JSON object"},
		{"ErrItemNotObject", edit(`"items": [`, `"items": [7, `), "item 1: found a JSON number where an object was expected"},
		{"ErrHugeNesting", `{"format": "hone.feedback", "version": 1, "x": ` + strings.Repeat("[", 200000) + strings.Repeat("]", 200000) + `}`, "nested too deeply"},
	}
}

func TestReadFeedbackRefuses(t *testing.T) {
	for _, tt := range feedbackRefusals() {
		t.Run(tt.name, func(t *testing.T) {
			x, err := journal.ReadFeedback(strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("read %+v, want an error", x)
			}
			if got := journal.ErrorCode(err); got != journal.EINVALID {
				t.Errorf("code %s, want %s (%v)", got, journal.EINVALID, err)
			}
			msg := journal.ErrorMessage(err)
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not hold %q", msg, tt.want)
			}
			if strings.Contains(msg, "\n") || strings.ContainsRune(msg, 0x1b) {
				t.Errorf("message %q is not one safe line", msg)
			}
		})
	}
}

// A file written by WriteFeedback reads back as it was.
func TestWriteFeedbackRoundTrip(t *testing.T) {
	x, err := journal.ReadFeedback(strings.NewReader(validFeedback))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := journal.WriteFeedback(&b, x); err != nil {
		t.Fatal(err)
	}
	y, err := journal.ReadFeedback(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("%v\n%s", err, b.Bytes())
	}
	if !reflect.DeepEqual(x, y) {
		t.Errorf("read back\n%+v\nwant\n%+v", y, x)
	}
	if !strings.HasPrefix(b.String(), "{\n  \"format\": \"hone.feedback\",\n  \"version\": 1,\n  \"journal\": ") {
		t.Errorf("the file does not start with its format, version and journal:\n%s", b.String())
	}
	var empty bytes.Buffer
	if err := journal.WriteFeedback(&empty, &journal.FeedbackFile{Format: journal.FeedbackFormat, Version: 1}); err != nil || !strings.Contains(empty.String(), `"items": []`) {
		t.Errorf("no items written as %q, %v", empty.String(), err)
	}
}

func FuzzReadFeedback(f *testing.F) {
	f.Add([]byte(validFeedback))
	for _, tt := range feedbackRefusals() {
		if len(tt.in) < 4096 {
			f.Add([]byte(tt.in))
		}
	}
	f.Add([]byte(`{"format": "hone.feedback", "version": 1, "journal": "0kz3m8q1w5x7y9a2b4c6d8e0fg", "written_at": "2026-11-21T09:00:00Z", "items": null}`))
	f.Add([]byte(`{"format": "hone.feedback", "version": 1, "journal": "0kz3m8q1w5x7y9a2b4c6d8e0fg", "written_at": "2026-11-21T09:00:00+02:00", "items": [{"id": "x", "day": "2026-01-01", "note": "\u001b[31mred\r\nline"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		x, err := journal.ReadFeedback(bytes.NewReader(data))
		if err != nil {
			if journal.ErrorCode(err) != journal.EINVALID {
				t.Fatalf("code %s: %v", journal.ErrorCode(err), err)
			}
			if msg := journal.ErrorMessage(err); strings.Contains(msg, "\n") || strings.ContainsRune(msg, 0x1b) {
				t.Fatalf("message %q is not one safe line", msg)
			}
			return
		}
		// An accepted file gives valid items, and writes to a file that
		// reads back the same, and from then on to the same bytes.
		fs, err := x.Feedback(journal.Date(2026, time.December, 1))
		if err != nil {
			t.Fatalf("Feedback of an accepted file: %v", err)
		}
		for i, fb := range fs {
			if err := fb.Validate(); err != nil {
				t.Fatalf("item %s of an accepted file is not valid: %v", fb.ID, err)
			}
			if it := fb.Item(); !reflect.DeepEqual(it, x.Items[i]) {
				t.Fatalf("item %d: Item() gives %+v back for %+v", i+1, it, x.Items[i])
			}
		}
		var once bytes.Buffer
		if err := journal.WriteFeedback(&once, x); err != nil {
			t.Fatal(err)
		}
		y, err := journal.ReadFeedback(bytes.NewReader(once.Bytes()))
		if err != nil {
			t.Fatalf("a written file is refused: %v\n%s", err, once.Bytes())
		}
		var twice bytes.Buffer
		if err := journal.WriteFeedback(&twice, y); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once.Bytes(), twice.Bytes()) {
			t.Fatalf("writing is not stable:\n%s\n%s", once.Bytes(), twice.Bytes())
		}
		if journal.SniffFormat(once.Bytes()) != journal.FeedbackFormat {
			t.Fatalf("a written file is not recognised:\n%s", once.Bytes())
		}
	})
}

func TestFeedbackValidate(t *testing.T) {
	d := journal.Date(2026, time.November, 20)
	for _, tt := range []struct {
		name  string
		f     journal.Feedback
		field string
	}{
		{"OKNote", journal.Feedback{ID: "a", Day: d, Note: "x"}, ""},
		{"OKObserved", journal.Feedback{ID: "a", Day: d, Skill: "eng.mi", Observed: 5}, ""},
		{"OKBoth", journal.Feedback{ID: "a", Day: d, Skill: "eng.mi", Observed: 1, Note: "x", Coach: "Chloe"}, ""},
		{"OKNoteOnSkill", journal.Feedback{ID: "a", Day: d, Skill: "eng.mi", Note: "x"}, ""},
		{"ErrID", journal.Feedback{ID: "", Day: d, Note: "x"}, "id"},
		{"ErrIDLong", journal.Feedback{ID: strings.Repeat("a", 65), Day: d, Note: "x"}, "id"},
		{"ErrDay", journal.Feedback{ID: "a", Day: journal.LatestDay + 1, Note: "x"}, "day"},
		{"ErrNothing", journal.Feedback{ID: "a", Day: d}, "note"},
		{"ErrObservedNoSkill", journal.Feedback{ID: "a", Day: d, Observed: 3}, "observed"},
		{"ErrObserved6", journal.Feedback{ID: "a", Day: d, Skill: "eng.mi", Observed: 6}, "observed"},
		{"ErrObservedNegative", journal.Feedback{ID: "a", Day: d, Skill: "eng.mi", Observed: -1}, "observed"},
		{"ErrSkill", journal.Feedback{ID: "a", Day: d, Skill: "E", Note: "x"}, "skill"},
		{"ErrCoach", journal.Feedback{ID: "a", Day: d, Note: "x", Coach: "a\nb"}, "coach"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.f.Validate()
			var je *journal.Error
			switch {
			case tt.field == "" && err != nil:
				t.Errorf("Validate() = %v", err)
			case tt.field != "" && (err == nil || !asError(err, &je) || je.Field != tt.field):
				t.Errorf("Validate() = %v, want an error naming %q", err, tt.field)
			}
		})
	}
	f := journal.Feedback{ID: " a ", Skill: " ENG.MI ", Note: "  hi\x1b[31m there\r\n ", Coach: " Chloe \x1b]0;x\x07  Smith "}
	f.Normalize()
	if f.ID != "a" || f.Skill != "eng.mi" || f.Note != "hi there" || f.Coach != "Chloe Smith" {
		t.Errorf("Normalize() = %+v", f)
	}
}

func asError(err error, target **journal.Error) bool {
	je, ok := err.(*journal.Error)
	*target = je
	return ok
}

// TestSelfRatingsAround: own ratings of the skill within 7 days before or
// after the day, both ends included, the mean to 2 decimals.
func TestSelfRatingsAround(t *testing.T) {
	d := journal.Date(2026, time.November, 20)
	rs := []journal.Rating{
		{Date: d - 8, Value: 1}, // a day too early
		{Date: d - 7, Value: 4},
		{Date: d, Value: 4},
		{Date: d + 7, Value: 3},
		{Date: d + 8, Value: 1}, // a day too late
	}
	got := journal.SelfRatingsAround(rs, d)
	if got.Count != 3 || !got.Mean.Valid || got.Mean.Value != 3.67 {
		t.Errorf("SelfRatingsAround = %+v, want 3 ratings, mean 3.67", got)
	}
	if got := journal.SelfRatingsAround(rs[:1], d); got.Count != 0 || got.Mean.Valid {
		t.Errorf("with none in the window: %+v", got)
	}
}

func TestCalibrationSentence(t *testing.T) {
	d := journal.Date(2026, time.November, 20)
	f := journal.Feedback{ID: "a", Day: d, Skill: "team.facil", Observed: 3}
	asOf := journal.Date(2026, time.December, 1)
	for _, tt := range []struct {
		name string
		self []journal.Rating
		asOf journal.Day
		want string
	}{
		{"Several", []journal.Rating{{Date: d - 2, Value: 4}, {Date: d + 1, Value: 4}}, asOf,
			"Your coach observed 3 on 20 Nov; your own ratings that week averaged 4."},
		{"SeveralUneven", []journal.Rating{{Date: d - 2, Value: 4}, {Date: d + 1, Value: 4}, {Date: d, Value: 3}}, asOf,
			"Your coach observed 3 on 20 Nov; your own ratings that week averaged 3.7."},
		{"One", []journal.Rating{{Date: d, Value: 5}}, asOf,
			"Your coach observed 3 on 20 Nov; your own rating that week was 5."},
		{"None", nil, asOf,
			"Your coach observed 3 on 20 Nov; you did not rate it yourself that week."},
		{"OtherYear", nil, journal.Date(2027, time.January, 5),
			"Your coach observed 3 on 20 Nov 2026; you did not rate it yourself that week."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := journal.CalibrationSentence(&f, journal.SelfRatingsAround(tt.self, d), tt.asOf); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
	note := journal.Feedback{ID: "b", Day: d, Skill: "team.facil", Note: "x"}
	if got := journal.CalibrationSentence(&note, journal.RatingStats{}, asOf); got != "" {
		t.Errorf("a note alone gives %q", got)
	}
}

// TestFeedbackRecord: the JSON of `hone feedback --json`, every field of
// SPEC section 11, null where there is nothing.
func TestFeedbackRecord(t *testing.T) {
	d := journal.Date(2026, time.November, 20)
	ratings := map[string][]journal.Rating{"team.facil": {{Date: d - 1, Value: 4}, {Date: d + 3, Value: 5}}}
	for _, tt := range []struct {
		name string
		f    journal.Feedback
		want string
	}{
		{"Observed", journal.Feedback{ID: "a", Day: d, Skill: "team.facil", Observed: 3, Note: "n", Coach: "C", Received: d + 2},
			`{"id":"a","day":"2026-11-20","skill":"team.facil","observed":3,"note":"n","coach":"C","received":"2026-11-22","self_mean":4.5,"self_count":2}`},
		{"NoteOnSkill", journal.Feedback{ID: "b", Day: d, Skill: "team.facil", Note: "n", Received: d + 2},
			`{"id":"b","day":"2026-11-20","skill":"team.facil","observed":null,"note":"n","coach":null,"received":"2026-11-22","self_mean":null,"self_count":2}`},
		{"General", journal.Feedback{ID: "c", Day: d, Note: "n", Received: d + 2},
			`{"id":"c","day":"2026-11-20","skill":null,"observed":null,"note":"n","coach":null,"received":"2026-11-22","self_mean":null,"self_count":0}`},
		{"ObservedUnrated", journal.Feedback{ID: "d", Day: d, Skill: "eng.mi", Observed: 2, Received: d + 2},
			`{"id":"d","day":"2026-11-20","skill":"eng.mi","observed":2,"note":null,"coach":null,"received":"2026-11-22","self_mean":null,"self_count":0}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.f.Record(ratings))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("got  %s\nwant %s", b, tt.want)
			}
		})
	}
}

func TestSortFeedback(t *testing.T) {
	d := journal.Date(2026, time.November, 20)
	fs := []journal.Feedback{{ID: "b", Day: d}, {ID: "z", Day: d - 3}, {ID: "a", Day: d}, {ID: "y", Day: d + 1}}
	journal.SortFeedback(fs)
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.ID)
	}
	if got := strings.Join(ids, ""); got != "yabz" {
		t.Errorf("order %q, want newest day first, then by id: yabz", got)
	}
}

// TestExportCarriesFeedback: an export asked to carry feedback holds it,
// dated as the entries are, and reads back the same; one not asked has no
// "feedback" at all.
func TestExportCarriesFeedback(t *testing.T) {
	for _, week := range []bool{false, true} {
		fb := sampleFeedback(week)
		x := journal.BuildExport(nil, journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow, WeekDates: week, Feedback: fb})
		data := exportJSON(t, x)
		y, err := journal.ReadExport(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("week %v: %v\n%s", week, err, data)
		}
		if !reflect.DeepEqual(y.Feedback, fb) || !reflect.DeepEqual(y.Options().Feedback, fb) {
			t.Errorf("week %v: read back\n%+v\nwant\n%+v", week, y.Feedback, fb)
		}
		items, err := y.FeedbackItems()
		if err != nil || len(items) != len(fb) {
			t.Fatalf("week %v: FeedbackItems() = %+v, %v", week, items, err)
		}
		if d := exportEnd - 10; items[0].Day != d && (!week || items[0].Day.Week() != d.Week() || items[0].Day.Time().Weekday() != time.Monday) {
			t.Errorf("week %v: the item's day %s, want %s (or the Monday of its week)", week, items[0].Day, d)
		}
		if it := items[0]; it.ID != "01m89gn0a3gfn1af" || it.Skill != "eng.mi" || it.Observed != 3 || it.Coach != "Chloe" || it.Note != "Round *worked*" {
			t.Errorf("week %v: FeedbackItems()[0] = %+v", week, it)
		}
		wantDay := (exportEnd - 10).String()
		if week {
			wantDay = (exportEnd - 10).Week()
		}
		if fb[0].Day != wantDay || fb[0].SelfMean == nil || *fb[0].SelfMean != 3.5 || fb[0].SelfCount != 2 {
			t.Errorf("week %v: the observed rating as exported: %+v", week, fb[0])
		}
	}
	plain := exportJSON(t, journal.BuildExport(nil, journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow}))
	if bytes.Contains(plain, []byte(`"feedback"`)) {
		t.Error("an export not asked to carry feedback has a \"feedback\" field")
	}
	empty := exportJSON(t, journal.BuildExport(nil, journal.BuiltinSkills(), journal.ExportOptions{Now: exportNow, Feedback: journal.ExportFeedback(nil, nil, false)}))
	if bytes.Contains(empty, []byte(`"feedback"`)) {
		t.Error("an export with no feedback to carry has a \"feedback\" field")
	}
}

// TestAddFeedback: the pure part of hone feedback add (and later review
// mode): a new file, an extended one left unmodified, and each refusal.
func TestAddFeedback(t *testing.T) {
	x, err := journal.ReadExport(strings.NewReader(strings.Replace(validExport, `"version": 1,`, `"version": 1, "journal": "`+sampleJournalID+`", "facilitator": "Ana",`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	d := journal.Date(2026, time.February, 2)
	now := time.Date(2026, time.February, 3, 10, 0, 0, 500, time.FixedZone("X", 3600))
	one, err := journal.AddFeedback(nil, x, journal.Feedback{ID: "a1", Day: d, Skill: "ENG.MI ", Observed: 3, Coach: " Chloe "}, now)
	if err != nil {
		t.Fatal(err)
	}
	if one.Journal != sampleJournalID || one.Facilitator != "Ana" || one.Coach != "Chloe" || !one.WrittenAt.Equal(now.Truncate(time.Second)) ||
		len(one.Items) != 1 || one.Items[0].Skill != "eng.mi" || *one.Items[0].Observed != 3 || one.Items[0].Day != "2026-02-02" {
		t.Errorf("a new file: %+v", one)
	}
	two, err := journal.AddFeedback(one, x, journal.Feedback{ID: "a2", Day: d, Note: "General"}, now)
	if err != nil || len(two.Items) != 2 || two.Coach != "Chloe" || len(one.Items) != 1 {
		t.Errorf("extended: %+v, %v (the old file now %d items)", two, err, len(one.Items))
	}
	other := *one
	other.Journal = "1kz3m8q1w5x7y9a2b4c6d8e0fg"
	noID := *x
	noID.Journal = ""
	for _, tt := range []struct {
		name  string
		file  *journal.FeedbackFile
		x     *journal.Export
		f     journal.Feedback
		field string
	}{
		{"ErrUnknownSkill", nil, x, journal.Feedback{ID: "b", Day: d, Skill: "eng.my", Observed: 3}, "skill"},
		{"ErrObservedNoSkill", nil, x, journal.Feedback{ID: "b", Day: d, Observed: 3}, "observed"},
		{"ErrNothing", nil, x, journal.Feedback{ID: "b", Day: d}, "note"},
		{"ErrIDTaken", one, x, journal.Feedback{ID: "a1", Day: d, Note: "x"}, "id"},
		{"ErrOtherJournal", &other, x, journal.Feedback{ID: "b", Day: d, Note: "x"}, "journal"},
		{"ErrOldExport", nil, &noID, journal.Feedback{ID: "b", Day: d, Note: "x"}, "journal"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := journal.AddFeedback(tt.file, tt.x, tt.f, now)
			var je *journal.Error
			if err == nil || !asError(err, &je) || je.Field != tt.field {
				t.Errorf("AddFeedback = %v, want an error naming %q", err, tt.field)
			}
		})
	}
}
