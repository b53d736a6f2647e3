package store

import (
	"testing"
	"time"

	"hone/journal"
)

func TestImportEntries(t *testing.T) {
	db, _ := openTestDB(t)
	es := NewEntryService(db)
	created := testStart.Add(-48 * time.Hour)
	incoming := func(title string, updated time.Time, rating int) *journal.Entry {
		return &journal.Entry{
			ID: "01m0000000000aaa", Date: today() - 2, Created: created, Updated: updated,
			Kind: journal.KindTeamMeeting, Title: title, Ratings: map[string]int{"fam.meals": rating},
		}
	}
	skills := []journal.Skill{{ID: "fam.meals", Name: "Shared meal planning", Group: "Custom"}, {ID: "eng.mi", Name: "ignored"}}

	res, err := es.ImportEntries(skills, []*journal.Entry{incoming("first", created, 3)})
	if err != nil {
		t.Fatal(err)
	}
	if res != (ImportResult{Added: 1, Skills: 1}) {
		t.Errorf("first import = %+v, want 1 added, 1 skill", res)
	}

	// The same file again changes nothing.
	res, err = es.ImportEntries(skills, []*journal.Entry{incoming("first", created, 3)})
	if err != nil {
		t.Fatal(err)
	}
	if res != (ImportResult{Unchanged: 1}) {
		t.Errorf("second import = %+v, want 1 unchanged", res)
	}

	// An older version is ignored; a newer one replaces the entry and its
	// index keys.
	if res, err = es.ImportEntries(nil, []*journal.Entry{incoming("older", created.Add(-time.Hour), 1)}); err != nil || res.Unchanged != 1 {
		t.Errorf("older import = %+v, %v; want unchanged", res, err)
	}
	if res, err = es.ImportEntries(nil, []*journal.Entry{incoming("newer", created.Add(time.Hour), 5)}); err != nil || res.Updated != 1 {
		t.Errorf("newer import = %+v, %v; want updated", res, err)
	}
	db = reopen(t, db)
	got, err := NewEntryService(db).FindEntry("01m0000000000aaa")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "newer" || got.Ratings["fam.meals"] != 5 || !got.Created.Equal(created) {
		t.Errorf("after the newer import: %+v", got)
	}
	ratings, err := NewRatingService(db).Ratings()
	if err != nil {
		t.Fatal(err)
	}
	if rs := ratings["fam.meals"]; len(rs) != 1 || rs[0].Value != 5 {
		t.Errorf("fam.meals ratings = %+v, want the one rating of 5", rs)
	}
	catalog, err := NewSkillService(db).Skills()
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := catalog.Find("eng.mi"); !ok || s.Name == "ignored" {
		t.Errorf("a known skill was overwritten by the import: %+v", s)
	}
}

func TestImportEntriesAllOrNothing(t *testing.T) {
	db, _ := openTestDB(t)
	es := NewEntryService(db)
	good := &journal.Entry{ID: "01m0000000000aaa", Date: today(), Kind: journal.KindCheckIn, Created: testStart, Updated: testStart}
	bad := &journal.Entry{ID: "01m0000000000aab", Date: today(), Kind: journal.KindCheckIn, Ratings: map[string]int{"new.skill": 9}}
	_, err := es.ImportEntries([]journal.Skill{{ID: "new.skill", Name: "New"}}, []*journal.Entry{good, bad})
	wantCode(t, err, journal.EINVALID)
	if got := messageOf(err); got == "" {
		t.Error("no message")
	}
	db = reopen(t, db)
	if all, err := NewEntryService(db).FindEntries(journal.EntryFilter{}); err != nil || len(all) != 0 {
		t.Errorf("after a refused import the journal holds %d entries (%v), want 0", len(all), err)
	}
	catalog, err := NewSkillService(db).Skills()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := catalog.Find("new.skill"); ok {
		t.Error("a refused import added its skill")
	}
}
