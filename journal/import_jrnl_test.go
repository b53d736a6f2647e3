package journal_test

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"hone/journal"
)

var jrnlToday = journal.Date(2026, time.March, 1)

func readJrnlFixture(t testing.TB) ([]byte, []*journal.Entry) {
	t.Helper()
	data, err := os.ReadFile("testdata/jrnl.json")
	if err != nil {
		t.Fatal(err)
	}
	es, err := journal.ReadJrnl(bytes.NewReader(data), jrnlToday)
	if err != nil {
		t.Fatalf("ReadJrnl: %v", err)
	}
	return data, es
}

func TestReadJrnl(t *testing.T) {
	_, es := readJrnlFixture(t)
	if len(es) != 6 {
		t.Fatalf("%d entries, want 6", len(es))
	}
	type want struct {
		date, created, title string
		notesHas             string
		tags                 []string
	}
	wants := []want{
		{"2024-09-02", "2024-09-02T17:45:00Z", "First week with the new caseload.", "open with an open question and wait. @mi @reflection", []string{"mi", "reflection"}},
		{"2024-09-05", "2024-09-05T16:10:00Z", "Team meeting with the school present.", "both sides — it helped", []string{"starred", "team-meeting", "conflict"}},
		{"2024-09-12", "2024-09-12T09:30:00Z", "Supervision.", "Good question 🙂 #Supervision", []string{"supervision"}},
		{"2024-09-16", "2024-09-16T08:05:00Z", "", "\n\nDebrief on Monday with the team.", []string{"starred", "crisis", "safety-plan", "natural-supports"}},
		{"2024-09-20", "2024-09-20T13:00:00Z", "Training day: MI refresher (OARS).", "", []string{}},
		{"2024-09-24", "2024-09-24T11:20:00Z", "Café meeting with a dad and his sister.", "the aunt offered Tuesday pickups", []string{"natural-supports", "caf"}},
	}
	for i, w := range wants {
		e := es[i]
		if got := e.Date.String(); got != w.date {
			t.Errorf("entry %d: date %s, want %s", i+1, got, w.date)
		}
		if got := e.Created.Format(time.RFC3339); got != w.created || !e.Updated.Equal(e.Created) || e.Created.Location() != time.UTC {
			t.Errorf("entry %d: created %s (updated %s), want %s UTC", i+1, got, e.Updated, w.created)
		}
		if w.title != "" && e.Title != w.title {
			t.Errorf("entry %d: title %q, want %q", i+1, e.Title, w.title)
		}
		if !strings.Contains(e.Notes, w.notesHas) || w.notesHas == "" && e.Notes != "" {
			t.Errorf("entry %d: notes %q lack %q", i+1, e.Notes, w.notesHas)
		}
		if !slices.Equal(nonNilTags(e.Tags), w.tags) {
			t.Errorf("entry %d: tags %q, want %q", i+1, e.Tags, w.tags)
		}
		if e.Kind != journal.KindOther || e.Phase != 0 || e.Family != "" || len(e.Ratings) != 0 || len(e.Reflections) != 0 {
			t.Errorf("entry %d: %+v", i+1, e)
		}
		if len(e.ID) != journal.IDLength || e.ID[:10] != mustID(t, e.Created)[:10] {
			t.Errorf("entry %d: id %s does not encode its created time", i+1, e.ID)
		}
		if err := e.Validate(journal.BuiltinSkills(), jrnlToday); err != nil {
			t.Errorf("entry %d: %v", i+1, err)
		}
	}

	// The long title: cut with an ellipsis, the rest opening the notes.
	long := es[3]
	if n := utf8.RuneCountInString(long.Title); n > journal.MaxTitle || !strings.HasSuffix(long.Title, "…") {
		t.Errorf("long title has %d characters: %q", n, long.Title)
	}
	const original = "Crisis call on Saturday night; the safety plan held up, the grandmother knew who to call and the youth went to his uncle's place as we'd agreed in the plan, and nobody had to call the crisis line, which is the first time since we started working together in the spring and I want to remember how much the plan's specific steps mattered."
	rest, body, _ := strings.Cut(long.Notes, "\n\n")
	if whole := strings.TrimSuffix(long.Title, "…") + " " + strings.TrimPrefix(rest, "…"); whole != original || body != "Debrief on Monday with the team. @crisis @safety-plan @natural/supports" {
		t.Errorf("the long title lost something:\n%q\n%q", whole, body)
	}
}

func nonNilTags(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func mustID(t testing.TB, at time.Time) string {
	id, err := journal.NewID(at, bytes.NewReader(make([]byte, 4)))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Reading the same file twice gives the same ids: re-import changes nothing.
func TestReadJrnlDeterministic(t *testing.T) {
	data, first := readJrnlFixture(t)
	second, err := journal.ReadJrnl(bytes.NewReader(data), jrnlToday+400)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for i := range first {
		if first[i].ID != second[i].ID {
			t.Errorf("entry %d: id %s, then %s", i+1, first[i].ID, second[i].ID)
		}
		ids[first[i].ID] = true
	}
	if len(ids) != len(first) {
		t.Errorf("ids are not unique")
	}
	// A changed body gives another id; an exact duplicate is read once.
	changed := strings.Replace(string(data), "Three families this week.", "Four families this week.", 1)
	es, err := journal.ReadJrnl(strings.NewReader(changed), jrnlToday)
	if err != nil || es[0].ID == first[0].ID || es[1].ID != first[1].ID {
		t.Errorf("changed body: %v, ids %s %s", err, es[0].ID, first[0].ID)
	}
	dup := `{"entries": [{"title": "A.", "body": "b", "date": "2024-01-02", "time": "10:00", "tags": [], "starred": false},
		{"title": "A.", "body": "b", "date": "2024-01-02", "time": "10:00", "tags": [], "starred": true}]}`
	if es, err := journal.ReadJrnl(strings.NewReader(dup), jrnlToday); err != nil || len(es) != 1 {
		t.Errorf("duplicate: %d entries, %v", len(es), err)
	}
}

func TestReadJrnlTags(t *testing.T) {
	tags := []string{"@Team_Meeting", "#MI", "@natural/supports", "@café", "@@", "@-x-", "@2024", "@" + strings.Repeat("long", 20)}
	for i := range 40 {
		tags = append(tags, "@t"+string(rune('a'+i%26))+string(rune('a'+i/26)))
	}
	doc := `{"entries": [{"title": "T", "body": "", "date": "2024-01-02", "time": "10:00", "starred": true, "tags": ["` + strings.Join(tags, `", "`) + `"]}]}`
	es, err := journal.ReadJrnl(strings.NewReader(doc), jrnlToday)
	if err != nil {
		t.Fatal(err)
	}
	e := es[0]
	if len(e.Tags) != journal.MaxTags {
		t.Fatalf("%d tags", len(e.Tags))
	}
	want := []string{"starred", "team-meeting", "mi", "natural-supports", "caf", "x", "2024", strings.Repeat("long", 10)}
	if !slices.Equal(e.Tags[:len(want)], want) {
		t.Errorf("tags %q, want %q first", e.Tags[:len(want)], want)
	}
	if !strings.Contains(e.Notes, "jrnl tags: @tya @tza @tab") {
		t.Errorf("tags beyond %d are lost: notes %q", journal.MaxTags, e.Notes)
	}
}

func TestReadJrnlRefuses(t *testing.T) {
	entry := func(fields string) string {
		return `{"tags": {}, "entries": [{"title": "ok", "body": "", "date": "2024-01-02", "time": "10:00", "tags": [], "starred": false}, {` + fields + `}]}`
	}
	tests := []struct {
		name, in, want string
	}{
		{"ErrEmpty", "", "empty"},
		{"ErrNotJSON", "[jrnl]", "not valid JSON"},
		{"ErrTruncated", entry(`"title": "x", "date": "2024-01-02"`)[:60], "truncated"},
		{"ErrNoEntries", `{"tags": {}}`, `no "entries" list`},
		{"ErrHoneExport", validExport, `this is a hone export, not a jrnl one: import it with --from hone`},
		{"ErrNoTitle", entry(`"date": "2024-01-02", "body": "x"`), "jrnl entry 2: title: missing"},
		{"ErrNoDate", entry(`"title": "x"`), "jrnl entry 2: date: missing"},
		{"ErrNoEntryObject", `{"entries": [5]}`, "number"},
		{"ErrBadDate", entry(`"title": "x", "date": "02/01/2024", "time": "10:00"`), `jrnl entry 2: date: "02/01/2024" is not a date`},
		{"ErrBadTime", entry(`"title": "x", "date": "2024-01-02", "time": "10h"`), `jrnl entry 2: time: "10h" is not a time`},
		{"ErrFuture", entry(`"title": "x", "date": "2030-01-02", "time": "10:00"`), "jrnl entry 2: date: 2030-01-02 is in the future"},
		{"ErrOld", entry(`"title": "x", "date": "1850-01-02", "time": "10:00"`), "outside the years 1900 to 2099"},
		{"ErrTitleType", entry(`"title": 5, "date": "2024-01-02"`), "title"},
		{"ErrUTF8", entry("\"title\": \"\xff\", \"date\": \"2024-01-02\""), "not valid UTF-8"},
		{"ErrNesting", `{"entries": ` + strings.Repeat("[", 20000) + `}`, "nested too deeply"},
		{"ErrTrailing", `{"entries": []} x`, "after"},
		{"ErrHugeNotes", entry(`"title": "x", "date": "2024-01-02", "body": "` + strings.Repeat("a", 1<<20+1) + `"`), "jrnl entry 2: notes: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es, err := journal.ReadJrnl(strings.NewReader(tt.in), jrnlToday)
			if err == nil {
				t.Fatalf("read %d entries, want an error", len(es))
			}
			if journal.ErrorCode(err) != journal.EINVALID {
				t.Errorf("code %s: %v", journal.ErrorCode(err), err)
			}
			if msg := journal.ErrorMessage(err); !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("message %q does not hold %q", msg, tt.want)
			}
		})
	}
}

func FuzzReadJrnl(f *testing.F) {
	data, _ := readJrnlFixture(f)
	f.Add(data)
	f.Add([]byte(`{"tags": {}, "entries": []}`))
	f.Add([]byte(`{"entries": [{"title": "T", "body": "b", "date": "2024-01-02", "time": "10:00", "tags": ["@a"], "starred": true}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		es, err := journal.ReadJrnl(bytes.NewReader(data), jrnlToday)
		if err != nil {
			if journal.ErrorCode(err) != journal.EINVALID {
				t.Fatalf("code %s: %v", journal.ErrorCode(err), err)
			}
			return
		}
		again, err := journal.ReadJrnl(bytes.NewReader(data), jrnlToday)
		if err != nil || len(again) != len(es) {
			t.Fatalf("second read differs: %v", err)
		}
		ids := map[string]bool{}
		for i, e := range es {
			if err := e.Validate(nil, jrnlToday); err != nil {
				t.Fatalf("entry %d is invalid: %v", i+1, err)
			}
			if ids[e.ID] || again[i].ID != e.ID {
				t.Fatalf("entry %d: id %s not unique or not stable", i+1, e.ID)
			}
			ids[e.ID] = true
			c := *e
			c.Normalize()
			if !sameEntry(&c, e) {
				t.Fatalf("entry %d is not normalized", i+1)
			}
		}
		// Imported entries export and read back whole.
		x := journal.BuildExport(es, nil, journal.ExportOptions{Full: true, Now: exportNow})
		y, err := journal.ReadExport(bytes.NewReader(exportJSON(t, x)))
		if err != nil {
			t.Fatalf("the export of imported entries is refused: %v", err)
		}
		back, _ := y.Entries()
		byID := map[string]*journal.Entry{}
		for _, e := range es {
			byID[e.ID] = e
		}
		for _, e := range back {
			if o := byID[e.ID]; o == nil || !sameEntry(o, e) {
				t.Fatalf("entry %s changed through an export", e.ID)
			}
		}
	})
}
