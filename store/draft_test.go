package store

import (
	"bytes"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

func testDraft(id, marker string) *journal.Draft {
	return &journal.Draft{ID: id, EntryID: "", PID: 4242, Date: "yesterday", Kind: journal.KindCrisis, Phase: 2,
		Family: "F-" + marker, Title: "Title " + marker, Notes: "Notes " + marker + "\nsecond line",
		Tags: "tag1, " + marker, Ratings: map[string]int{"eng.mi": 4, "plan.safety": 2},
		Reflections: []journal.Reflection{
			{PromptID: "gibbs-feelings", Prompt: "How did you feel?", Answer: "Answer " + marker, Shared: true, Starred: true},
			{Prompt: "Unanswered?", Shared: false},
		}}
}

// TestDraftRoundTrip: drafts are kept durably, newest first, replaced by
// id and removed, in a plain and an encrypted journal.
func TestDraftRoundTrip(t *testing.T) {
	for _, md := range modes() {
		t.Run(md.name, func(t *testing.T) {
			db, _ := openTestDBMode(t, md.encrypted)
			s := NewEntryService(db)
			if ds, err := s.Drafts(); err != nil || len(ds) != 0 {
				t.Fatalf("a new journal's drafts: %v, %v", ds, err)
			}
			a, b := testDraft("draft-a", "AAA"), testDraft("draft-b", "BBB")
			b.EntryID = "0123456789abcdef"
			for _, d := range []*journal.Draft{a, b} {
				if err := s.SaveDraft(d); err != nil {
					t.Fatal(err)
				}
				if d.Saved.IsZero() {
					t.Fatalf("SaveDraft did not set Saved")
				}
			}
			db = reopen(t, db)
			s = NewEntryService(db)
			ds, err := s.Drafts()
			if err != nil {
				t.Fatal(err)
			}
			if len(ds) != 2 || !reflect.DeepEqual(ds[0], b) || !reflect.DeepEqual(ds[1], a) {
				t.Fatalf("drafts after reopening:\n%+v\nwant, newest first:\n%+v\n%+v", ds, b, a)
			}
			// Saved again, a is the newest, and holds what it was given.
			a.Notes = "changed " + a.Notes
			a.Reflections = nil
			if err := s.SaveDraft(a); err != nil {
				t.Fatal(err)
			}
			ds, err = s.Drafts()
			if err != nil || len(ds) != 2 || !reflect.DeepEqual(ds[0], a) {
				t.Fatalf("drafts after saving a again: %+v, %v", ds, err)
			}
			if err := s.DeleteDraft("draft-b"); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteDraft("draft-b"); err != nil {
				t.Errorf("deleting a draft that is gone: %v", err)
			}
			db = reopen(t, db)
			ds, err = NewEntryService(db).Drafts()
			if err != nil || len(ds) != 1 || ds[0].ID != "draft-a" {
				t.Fatalf("drafts after deleting b: %+v, %v", ds, err)
			}
		})
	}
}

func TestDraftInvalidID(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewEntryService(db)
	for _, id := range []string{"", string(make([]byte, 65))} {
		wantCode(t, s.SaveDraft(&journal.Draft{ID: id, Notes: "x"}), journal.EINVALID)
	}
}

// TestDraftSealed: an encrypted journal's drafts are sealed: no text of
// them in the file, free pages included; a plain journal's are there, or
// the test proves nothing.
func TestDraftSealed(t *testing.T) {
	const marker = "DRAFTMARKER7q"
	for _, md := range modes() {
		t.Run(md.name, func(t *testing.T) {
			db, path := openTestDBMode(t, md.encrypted)
			if err := NewEntryService(db).SaveDraft(testDraft("d1", marker)); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			found := markersIn(t, path, marker)
			if md.encrypted && len(found) > 0 {
				t.Errorf("the encrypted journal holds the draft's text in plain")
			}
			if !md.encrypted && len(found) == 0 {
				t.Errorf("the plain journal does not hold the draft's text: a poor test")
			}
		})
	}
}

// TestDraftsSurviveEncryptAndDecrypt: encrypting and decrypting the
// journal keeps its drafts.
func TestDraftsSurviveEncryptAndDecrypt(t *testing.T) {
	db, path := openTestDB(t)
	want := testDraft("d1", "KEEPME")
	if err := NewEntryService(db).SaveDraft(want); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	encryptTest(t, path)
	edb := openTestPath(t, path, passOptions(testPassphrase))
	got, err := NewEntryService(edb).Drafts()
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("drafts after encrypting: %+v, %v; want %+v", got, err, want)
	}
	if err := edb.Close(); err != nil {
		t.Fatal(err)
	}
	if err := Decrypt(path, testPassphrase); err != nil {
		t.Fatal(err)
	}
	pdb := openTestPath(t, path, Options{Now: time.Now, Timeout: 500 * time.Millisecond})
	got, err = NewEntryService(pdb).Drafts()
	if err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("drafts after decrypting: %+v, %v; want %+v", got, err, want)
	}
}

// TestDraftDamaged: a draft that does not open (a byte changed in the
// file) or decode comes last, named, with why; the others read, and it
// can be deleted.
func TestDraftDamaged(t *testing.T) {
	for _, md := range modes() {
		t.Run(md.name, func(t *testing.T) {
			db, path := openTestDBMode(t, md.encrypted)
			s := NewEntryService(db)
			for _, d := range []*journal.Draft{testDraft("a-good", "A"), testDraft("b-flipped", "B"), testDraft("c-good", "C")} {
				if err := s.SaveDraft(d); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				b := tx.Bucket([]byte(bucketDrafts))
				v := bytes.Clone(b.Get([]byte("b-flipped")))
				v[0] ^= 0x5a // the nonce, or the JSON's opening brace
				if err := b.Put([]byte("b-flipped"), v); err != nil {
					return err
				}
				return b.Put([]byte("d-garbage"), []byte("not a draft"))
			})
			db = openTestPath(t, path, passOptions(testPassphrase))
			s = NewEntryService(db)
			ds, err := s.Drafts()
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, d := range ds {
				ids = append(ids, d.ID)
				if (d.Unreadable != "") != (d.ID == "b-flipped" || d.ID == "d-garbage") {
					t.Errorf("draft %s: unreadable %q", d.ID, d.Unreadable)
				}
			}
			if got := strings.Join(ids[:2], " "); got != "c-good a-good" || len(ids) != 4 {
				t.Errorf("drafts %v, want the good ones first, newest first, then the damaged", ids)
			}
			for _, id := range []string{"b-flipped", "d-garbage"} {
				if err := s.DeleteDraft(id); err != nil {
					t.Fatal(err)
				}
			}
			if ds, err := s.Drafts(); err != nil || len(ds) != 2 {
				t.Errorf("after deleting the damaged: %d drafts, %v", len(ds), err)
			}
		})
	}
}

// TestDraftClosedBySave: saving the entry of a draft removes the draft in
// the same write, and closes its id: a write of the draft that was still
// under way when the entry was saved (the form's timer) is dropped, so a
// saved entry is never offered again as a draft, whatever the order of
// the writes (the TUI's draft came back after a save in CI).
func TestDraftClosedBySave(t *testing.T) {
	for _, md := range modes() {
		t.Run(md.name, func(t *testing.T) {
			db, _ := openTestDBMode(t, md.encrypted)
			s := NewEntryService(db)
			d := testDraft("draft-new", "NEW")
			if err := s.SaveDraft(d); err != nil {
				t.Fatal(err)
			}
			e := &journal.Entry{Date: today(), Kind: journal.KindTeamMeeting, Title: "From the draft", Notes: "Notes NEW"}
			if err := s.CommitDraft(e, d.ID); err != nil {
				t.Fatal(err)
			}
			if e.ID == "" {
				t.Fatal("CommitDraft gave the new entry no id")
			}
			if ds, err := s.Drafts(); err != nil || len(ds) != 0 {
				t.Fatalf("drafts after the entry was saved: %+v, %v", ds, err)
			}
			// The timer's write, late.
			if err := s.SaveDraft(testDraft("draft-new", "LATE")); err != nil {
				t.Fatal(err)
			}
			db = reopen(t, db)
			s = NewEntryService(db)
			if ds, err := s.Drafts(); err != nil || len(ds) != 0 {
				t.Fatalf("a late write brought the saved draft back: %+v, %v", ds, err)
			}
			if got, err := s.FindEntry(e.ID); err != nil || got.Title != "From the draft" {
				t.Fatalf("the entry: %+v, %v", got, err)
			}

			// An edit: the draft of an entry being edited is closed by
			// its update, as one write.
			edit := testDraft("draft-edit", "EDIT")
			edit.EntryID = e.ID
			if err := s.SaveDraft(edit); err != nil {
				t.Fatal(err)
			}
			e.Title = "Edited from the draft"
			if err := s.CommitDraft(e, edit.ID); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveDraft(testDraft("draft-edit", "LATE")); err != nil {
				t.Fatal(err)
			}
			if ds, err := s.Drafts(); err != nil || len(ds) != 0 {
				t.Fatalf("drafts after the edit was saved: %+v, %v", ds, err)
			}
			if got, err := s.FindEntry(e.ID); err != nil || got.Title != "Edited from the draft" {
				t.Fatalf("the edited entry: %+v, %v", got, err)
			}

			// A refused entry leaves its draft as it was.
			keep := testDraft("draft-keep", "KEEP")
			if err := s.SaveDraft(keep); err != nil {
				t.Fatal(err)
			}
			bad := &journal.Entry{Date: today(), Kind: journal.KindTeamMeeting, Ratings: map[string]int{"eng.mi": 9}}
			if err := s.CommitDraft(bad, keep.ID); err == nil {
				t.Fatal("an entry rated 9 was saved")
			}
			if ds, err := s.Drafts(); err != nil || len(ds) != 1 || ds[0].Notes != keep.Notes {
				t.Fatalf("a refused save touched its draft: %+v, %v", ds, err)
			}
		})
	}
}

// TestDraftClosedByDiscard: a draft discarded stays discarded, even when
// a write of it that was under way lands after the discard.
func TestDraftClosedByDiscard(t *testing.T) {
	for _, md := range modes() {
		t.Run(md.name, func(t *testing.T) {
			db, _ := openTestDBMode(t, md.encrypted)
			s := NewEntryService(db)
			if err := s.SaveDraft(testDraft("draft-x", "X")); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteDraft("draft-x"); err != nil {
				t.Fatal(err)
			}
			// A discard before the first write of the draft landed.
			if err := s.DeleteDraft("draft-y"); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"draft-x", "draft-y"} {
				if err := s.SaveDraft(testDraft(id, "LATE")); err != nil {
					t.Fatal(err)
				}
			}
			if ds, err := s.Drafts(); err != nil || len(ds) != 0 {
				t.Fatalf("a late write brought a discarded draft back: %+v, %v", ds, err)
			}
		})
	}
}

// TestCommitDraftWithoutADraft: an entry saved with no draft id is saved,
// as CreateEntry and UpdateEntry would, and no draft is touched.
func TestCommitDraftWithoutADraft(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewEntryService(db)
	if err := s.SaveDraft(testDraft("draft-other", "OTHER")); err != nil {
		t.Fatal(err)
	}
	e := &journal.Entry{Date: today(), Kind: journal.KindTeamMeeting, Title: "No draft"}
	if err := s.CommitDraft(e, ""); err != nil || e.ID == "" {
		t.Fatalf("CommitDraft without a draft: %v (id %q)", err, e.ID)
	}
	e.Title = "No draft, edited"
	if err := s.CommitDraft(e, ""); err != nil {
		t.Fatal(err)
	}
	if got, err := s.FindEntry(e.ID); err != nil || got.Title != "No draft, edited" {
		t.Fatalf("the entry: %+v, %v", got, err)
	}
	if ds, err := s.Drafts(); err != nil || len(ds) != 1 || ds[0].ID != "draft-other" {
		t.Fatalf("the other draft: %+v, %v", ds, err)
	}
}

// TestClosedDraftsPruned: a closed draft's record is kept a day, to drop
// the late writes of it, and pruned by the next draft closed after that:
// the drafts bucket does not grow with every entry ever saved.
func TestClosedDraftsPruned(t *testing.T) {
	now := testStart
	opts := testOptions(1)
	opts.Now = func() time.Time { return now }
	db := openTestPath(t, filepath.Join(t.TempDir(), "j.db"), opts)
	s := NewEntryService(db)
	if err := s.DeleteDraft("old"); err != nil {
		t.Fatal(err)
	}
	now = now.Add(closedDraftsKept - time.Minute)
	if err := s.DeleteDraft("newer"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDraft(testDraft("old", "LATE")); err != nil {
		t.Fatal(err)
	}
	if ds, _ := s.Drafts(); len(ds) != 0 {
		t.Fatalf("within a day a closed draft took a write: %+v", ds)
	}
	now = now.Add(2 * time.Minute)
	if err := s.DeleteDraft("newest"); err != nil {
		t.Fatal(err)
	}
	var keys []string
	err := db.view(func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketDrafts)).ForEach(func(k, _ []byte) error {
			keys = append(keys, string(k))
			return nil
		})
	})
	if err != nil || !slices.Equal(keys, []string{"newer", "newest"}) {
		t.Fatalf("the drafts bucket holds %q (%v), want the closed records of newer and newest", keys, err)
	}
}
