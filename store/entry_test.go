package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"hone/journal"
)

// fullEntry returns an entry with every field set.
func fullEntry() *journal.Entry {
	return &journal.Entry{
		Date:   today() - 2,
		Kind:   journal.KindCrisis,
		Phase:  3,
		Family: "F-12",
		Title:  "Safety plan review",
		Notes:  "# Notes\n\nThe caregiver led the review.\tTabs stay.\n",
		Ratings: map[string]int{
			"eng.mi":      4,
			"plan.safety": 2,
			"team.facil":  5,
		},
		Reflections: []journal.Reflection{
			{PromptID: "mi-1", Prompt: "Recall one reflection you offered today.", Answer: "I reflected her worry.", Shared: true},
			{Prompt: "What would I do differently?", Answer: "Slow down.", Shared: false},
		},
		Tags: []string{"safety", "review"},
	}
}

func TestEntryRoundTrip(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewEntryService(db)
	e := fullEntry()
	if err := s.CreateEntry(e); err != nil {
		t.Fatal(err)
	}
	if len(e.ID) != journal.IDLength || e.Created.IsZero() || !e.Created.Equal(e.Updated) {
		t.Fatalf("CreateEntry set ID %q, Created %v, Updated %v", e.ID, e.Created, e.Updated)
	}
	want := *e

	db = reopen(t, db)
	s = NewEntryService(db)
	got, err := s.FindEntry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameEntry(t, got, &want)

	// Update: Created stays, Updated moves, the indexes follow.
	got.Title = "Safety plan, second look"
	got.Ratings = map[string]int{"eng.mi": 1}
	got.Tags = []string{"followup"}
	got.Family = "F-13"
	got.Kind = journal.KindCheckIn
	got.Date = today()
	if err := s.UpdateEntry(got); err != nil {
		t.Fatal(err)
	}
	if !got.Created.Equal(want.Created) || !got.Updated.After(want.Updated) {
		t.Errorf("after UpdateEntry Created %v Updated %v, want Created %v and a later Updated", got.Created, got.Updated, want.Created)
	}
	updated := *got
	db = reopen(t, db)
	s = NewEntryService(db)
	again, err := s.FindEntry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	sameEntry(t, again, &updated)
	for _, f := range []journal.EntryFilter{
		{Tag: "safety"}, {Skill: "plan.safety"}, {Family: "F-12"}, {Kind: journal.KindCrisis}, {Until: day(today() - 1)},
	} {
		if es, err := s.FindEntries(f); err != nil || len(es) != 0 {
			t.Errorf("FindEntries(%+v) after update = %d entries, %v; want none", f, len(es), err)
		}
	}
	for _, f := range []journal.EntryFilter{
		{Tag: "followup"}, {Skill: "eng.mi"}, {Family: "f-13"}, {Kind: journal.KindCheckIn}, {Since: day(today())},
	} {
		if es, err := s.FindEntries(f); err != nil || len(es) != 1 {
			t.Errorf("FindEntries(%+v) after update = %d entries, %v; want 1", f, len(es), err)
		}
	}
	ratings, err := NewRatingService(db).Ratings()
	if err != nil {
		t.Fatal(err)
	}
	if got := sortedKeys(ratings); !reflect.DeepEqual(got, []string{"eng.mi"}) {
		t.Errorf("rated skills after update = %v, want [eng.mi]", got)
	}

	if err := s.DeleteEntry(e.ID); err != nil {
		t.Fatal(err)
	}
	_, err = s.FindEntry(e.ID)
	wantCode(t, err, journal.ENOTFOUND)
	db = reopen(t, db)
	if es, err := NewEntryService(db).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 0 {
		t.Errorf("FindEntries after delete = %d, %v", len(es), err)
	}
	if r, err := NewRatingService(db).Ratings(); err != nil || len(r) != 0 {
		t.Errorf("Ratings after delete = %v, %v", r, err)
	}
}

func TestCreateEntryNormalizes(t *testing.T) {
	db, _ := openTestDB(t)
	e := &journal.Entry{Date: today(), Title: "  Hello\x1b[31m red  ", Tags: []string{"#Team", "team", " X "}}
	mustCreate(t, db, e)
	got, err := NewEntryService(db).FindEntry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Hello red" || got.Kind != journal.KindTeamMeeting || !reflect.DeepEqual(got.Tags, []string{"team", "x"}) {
		t.Errorf("stored %q %q %q", got.Title, got.Kind, got.Tags)
	}
}

func TestCreateEntryInvalid(t *testing.T) {
	for _, tc := range []struct {
		name  string
		entry *journal.Entry
		field string
	}{
		{"ErrRatingOutOfRange", newEntry(today(), "x", map[string]int{"eng.mi": 7}), "rating"},
		{"ErrUnknownSkill", newEntry(today(), "x", map[string]int{"eng.mii": 3}), "rating"},
		{"ErrFutureDate", newEntry(today()+2, "x", nil), "date"},
		{"ErrBadTag", &journal.Entry{Date: today(), Tags: []string{"no spaces"}}, "tag"},
		{"ErrTitleTooLong", newEntry(today(), strings.Repeat("t", journal.MaxTitle+1), nil), "title"},
		{"ErrInvalidUTF8", newEntry(today(), "bad \xff", nil), "title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := openTestDB(t)
			s := NewEntryService(db)
			err := s.CreateEntry(tc.entry)
			wantCode(t, err, journal.EINVALID)
			if !strings.HasPrefix(messageOf(err), tc.field) {
				t.Errorf("error %q does not name the field %s", messageOf(err), tc.field)
			}
			if tc.entry.ID != "" {
				t.Errorf("a refused entry got the id %q", tc.entry.ID)
			}
			if es, err := s.FindEntries(journal.EntryFilter{}); err != nil || len(es) != 0 {
				t.Errorf("after a refused entry FindEntries = %d, %v", len(es), err)
			}
			if r, err := NewRatingService(db).Ratings(); err != nil || len(r) != 0 {
				t.Errorf("after a refused entry Ratings = %v, %v", r, err)
			}
			// The batch refuses it too, with its position, and writes
			// nothing at all.
			err = s.CreateEntries([]*journal.Entry{newEntry(today(), "fine", nil), tc.entry})
			wantCode(t, err, journal.EINVALID)
			if !strings.HasPrefix(messageOf(err), "entry 2: "+tc.field) {
				t.Errorf("batch error %q does not name entry 2 and the field", messageOf(err))
			}
			if es, err := s.FindEntries(journal.EntryFilter{}); err != nil || len(es) != 0 {
				t.Errorf("after a refused batch FindEntries = %d, %v", len(es), err)
			}
		})
	}
}

func TestCreateEntryCustomSkill(t *testing.T) {
	db, _ := openTestDB(t)
	if err := NewSkillService(db).CreateSkill(&journal.Skill{ID: "my.skill", Name: "Mine"}); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(today(), "x", map[string]int{"my.skill": 3}))
	// Archived skills keep accepting ratings (import, edits of old entries).
	if err := NewSkillService(db).SetSkillArchived("eng.mi", true); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(today(), "y", map[string]int{"eng.mi": 3}))
}

func TestUpdateDeleteMissing(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewEntryService(db)
	e := newEntry(today(), "x", nil)
	e.ID = "0000000000000000"
	wantCode(t, s.UpdateEntry(e), journal.ENOTFOUND)
	wantCode(t, s.DeleteEntry(e.ID), journal.ENOTFOUND)

	mustCreate(t, db, newEntry(today(), "valid", nil))
	es, _ := s.FindEntries(journal.EntryFilter{})
	bad := *es[0]
	bad.Ratings = map[string]int{"eng.mi": 0}
	wantCode(t, s.UpdateEntry(&bad), journal.EINVALID)
	got, err := s.FindEntry(bad.ID)
	if err != nil || len(got.Ratings) != 0 || !got.Updated.Equal(es[0].Updated) {
		t.Errorf("a refused update changed the entry: %+v, %v", got, err)
	}
}

func TestFindEntryPrefix(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewEntryService(db)
	// Ids made in one millisecond share their first ten characters.
	es := []*journal.Entry{newEntry(today(), "a", nil), newEntry(today(), "b", nil)}
	if err := s.CreateEntries(es); err != nil {
		t.Fatal(err)
	}
	a, b := es[0].ID, es[1].ID
	common := 0
	for common < len(a) && a[common] == b[common] {
		common++
	}
	for _, tc := range []struct {
		name, id string
		code     string
		title    string
	}{
		{"Full", a, "", "a"},
		{"FullUpperCase", strings.ToUpper(b), "", "b"},
		{"UniquePrefix", b[:common+1], "", "b"},
		{"Spaces", "  " + a[:common+1] + " ", "", "a"},
		{"Ambiguous", a[:common], journal.EINVALID, ""},
		{"TooShort", a[:3], journal.EINVALID, ""},
		{"Empty", "", journal.EINVALID, ""},
		{"NoMatch", "zzzzzz", journal.ENOTFOUND, ""},
		{"TooLong", a + "0", journal.ENOTFOUND, ""},
		{"FullMissing", "0000000000000000", journal.ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.FindEntry(tc.id)
			if tc.code != "" {
				wantCode(t, err, tc.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != tc.title {
				t.Errorf("FindEntry(%q) = %q, want %q", tc.id, got.Title, tc.title)
			}
		})
	}
}

func TestIDsFollowCreationOrder(t *testing.T) {
	db, _ := openTestDB(t)
	// A clock that stands still and then steps back.
	clock := []time.Time{testStart, testStart, testStart.Add(-time.Hour), testStart}
	i := 0
	db.now = func() time.Time { t := clock[i%len(clock)]; i++; return t }
	var ids []string
	for n := range 8 {
		e := newEntry(today(), string(rune('a'+n)), nil)
		mustCreate(t, db, e)
		ids = append(ids, e.ID)
	}
	for n := 1; n < len(ids); n++ {
		if ids[n] <= ids[n-1] {
			t.Errorf("id %d %s <= id %d %s", n, ids[n], n-1, ids[n-1])
		}
	}
}

func TestCreateEntriesKeepsIDs(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewEntryService(db)
	created := testStart.Add(-48 * time.Hour)
	kept := newEntry(today()-2, "kept", map[string]int{"eng.mi": 2})
	kept.ID, kept.Created, kept.Updated = "01kjhd0000000042", created, created.Add(time.Minute)
	fresh := newEntry(today(), "fresh", nil)
	if err := s.CreateEntries([]*journal.Entry{kept, fresh}); err != nil {
		t.Fatal(err)
	}
	got, err := s.FindEntry("01kjhd0000000042")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Created.Equal(created) || !got.Updated.Equal(created.Add(time.Minute)) {
		t.Errorf("kept times %v %v", got.Created, got.Updated)
	}
	if fresh.ID == "" || fresh.ID == kept.ID || fresh.Created.IsZero() {
		t.Errorf("fresh entry id %q created %v", fresh.ID, fresh.Created)
	}

	again := newEntry(today(), "again", nil)
	again.ID = kept.ID
	wantCode(t, s.CreateEntries([]*journal.Entry{again}), journal.ECONFLICT)
	bad := newEntry(today(), "bad", nil)
	bad.ID = "not-an-id"
	wantCode(t, s.CreateEntries([]*journal.Entry{bad}), journal.EINVALID)
	// CreateEntry always gives a new id.
	one := newEntry(today(), "one", nil)
	one.ID = kept.ID
	mustCreate(t, db, one)
	if one.ID == kept.ID {
		t.Error("CreateEntry kept a given id")
	}
}
