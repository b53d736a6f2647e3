package store

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
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

// TestImportEntriesBatch: a batch is written as if its entries were put one
// after another, though they are prepared on every core: an id that comes
// again is compared with the version before it, the journal's indexes hold
// only the version kept, a refused batch names its first bad entry, and the
// ids hone gives afterwards follow the imported ones.
func TestImportEntriesBatch(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := openTestDBMode(t, m.encrypted)
			es := NewEntryService(db)
			at := testStart.Add(-72 * time.Hour)
			entry := func(id string, updated time.Time, rating int) *journal.Entry {
				return &journal.Entry{
					ID: id, Date: today() - 3, Created: at, Updated: updated, Kind: journal.KindTeamMeeting,
					Title: id, Ratings: map[string]int{"eng.mi": rating}, Tags: []string{"r" + strconv.Itoa(rating)},
				}
			}
			const a, b, last = "01m0000000000aaa", "01m0000000000bbb", "01z0000000000zzz"
			var batch []*journal.Entry
			for i := range 20 { // enough for a share on each core
				batch = append(batch, entry(fmt.Sprintf("01m00000000001%02d", i), at, 3))
			}
			batch = append(batch,
				entry(a, at, 1), entry(b, at, 2),
				entry(a, at.Add(time.Hour), 4),  // newer: replaces the first a
				entry(a, at.Add(-time.Hour), 5), // older than the a kept: ignored
				entry(b, at, 5),                 // the same time: ignored
				entry(last, at, 2))
			res, err := es.ImportEntries(nil, batch)
			if err != nil {
				t.Fatal(err)
			}
			if want := (ImportResult{Added: 23, Updated: 1, Unchanged: 2}); res != want {
				t.Errorf("ImportEntries = %+v, want %+v", res, want)
			}
			for id, rating := range map[string]int{a: 4, b: 2} {
				got, err := es.FindEntry(id)
				if err != nil {
					t.Fatal(err)
				}
				if got.Ratings["eng.mi"] != rating || !slices.Equal(got.Tags, []string{"r" + strconv.Itoa(rating)}) {
					t.Errorf("entry %s after the import: ratings %v, tags %v; want the version rated %d", id, got.Ratings, got.Tags, rating)
				}
			}
			if found, err := es.FindEntries(journal.EntryFilter{Tag: "r1"}); err != nil || len(found) != 0 {
				t.Errorf("the replaced version of %s is still in the tag index: %d found, %v", a, len(found), err)
			}
			ratings, err := NewRatingService(db).Ratings()
			if err != nil {
				t.Fatal(err)
			}
			if n := len(ratings["eng.mi"]); n != 23 {
				t.Errorf("eng.mi has %d ratings in the index, want 23 (one an entry)", n)
			}

			// A refused batch names its first bad entry, whichever core
			// found it, and writes nothing.
			bad := slices.Clone(batch[:20])
			for i := range bad {
				bad[i] = entry(fmt.Sprintf("01n00000000001%02d", i), at, 3)
			}
			bad[15].Ratings = map[string]int{"eng.mi": 9}
			bad[4].Kind = "picnic"
			bad[17].ID = "not an id"
			_, err = es.ImportEntries(nil, bad)
			wantCode(t, err, journal.EINVALID)
			if msg := messageOf(err); !strings.Contains(msg, "entry 5: kind") {
				t.Errorf("refused batch: %q, want it to name entry 5's kind", msg)
			}
			bad[4] = entry("01n0000000000104", at, 3)
			_, err = es.ImportEntries(nil, bad)
			if msg := messageOf(err); !strings.Contains(msg, "entry 16: ") {
				t.Errorf("refused batch: %q, want it to name entry 16", msg)
			}
			bad[15] = entry("01n0000000000115", at, 3)
			_, err = es.ImportEntries(nil, bad)
			if msg := messageOf(err); !strings.Contains(msg, "entry 18: id") {
				t.Errorf("refused batch: %q, want it to name entry 18's id", msg)
			}
			if found, err := es.FindEntries(journal.EntryFilter{}); err != nil || len(found) != 23 {
				t.Errorf("after the refused batches the journal holds %d entries (%v), want 23", len(found), err)
			}

			// An entry added after the last imported one, deleted, gets a
			// later id.
			if err := es.DeleteEntry(last); err != nil {
				t.Fatal(err)
			}
			next := &journal.Entry{Date: today(), Kind: journal.KindCheckIn}
			if err := es.CreateEntry(next); err != nil {
				t.Fatal(err)
			}
			if next.ID <= last {
				t.Errorf("a new entry got the id %s, not after the imported %s", next.ID, last)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase)})
			if err != nil || !r.OK() {
				t.Fatalf("doctor after the import: %v %+v", err, r)
			}
		})
	}
}

// TestImportRefusesStampsFromTheFuture: an entry created or updated after
// the import's own time would win over every later edit; the import is
// refused, naming the entry and the field, and the journal is unchanged.
func TestImportRefusesStampsFromTheFuture(t *testing.T) {
	db, path := openTestDB(t)
	es := NewEntryService(db)
	now := db.clock()
	past := now.Add(-time.Hour)
	entry := func(id string, created, updated time.Time) *journal.Entry {
		return &journal.Entry{ID: id, Date: today(), Created: created, Updated: updated, Kind: journal.KindTeamMeeting, Title: id}
	}
	if _, err := es.ImportEntries(nil, []*journal.Entry{entry("01m0000000000aaa", past, past)}); err != nil {
		t.Fatal(err)
	}
	future := time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		e     *journal.Entry
		field string
	}{
		{"UpdatedOfAKnownEntry", entry("01m0000000000aaa", past, future), "entry 2: updated"},
		{"UpdatedOfANewEntry", entry("01m0000000000bbb", past, future), "entry 2: updated"},
		{"CreatedOfANewEntry", entry("01m0000000000ccc", future, future), "entry 2: created"},
		{"UpdatedAMinuteAhead", entry("01m0000000000ddd", past, now.Add(time.Minute)), "entry 2: updated"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := fileSum(t, path)
			_, err := es.ImportEntries(nil, []*journal.Entry{entry("01m0000000000eee", past, past), tc.e})
			var je *journal.Error
			if !errors.As(err, &je) || je.Code != journal.EINVALID || je.Field != tc.field {
				t.Errorf("import: %v, want EINVALID for %q", err, tc.field)
			}
			if fileSum(t, path) != before {
				t.Error("a refused import changed the journal")
			}
		})
	}
}
