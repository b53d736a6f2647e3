package store

import (
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// feedbackFile returns a feedback file for the journal id with a note
// holding marker and an observed rating.
func feedbackFile(journalID, marker string) *journal.FeedbackFile {
	three := 3
	return &journal.FeedbackFile{
		Format: journal.FeedbackFormat, Version: journal.FeedbackVersion, Journal: journalID,
		Coach: "Chloe", WrittenAt: testStart,
		Items: []journal.FeedbackItem{
			{ID: "01m89gn0a3gfn1af", Day: "2026-11-20", Skill: "team.facil", Observed: &three},
			{ID: "01m89gn0a3gfn1ag", Day: "2026-11-18", Note: "  " + marker + " \x1b[31mwell done "},
		},
	}
}

func TestImportFeedback(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := openTestDBMode(t, m.encrypted)
			id, err := NewConfigService(db).JournalID()
			if err != nil {
				t.Fatal(err)
			}
			const marker = "COACHNOTE-k3x"
			received := today()
			res, err := NewFeedbackService(db).ImportFeedback(feedbackFile(id, marker), received)
			if err != nil {
				t.Fatal(err)
			}
			if res != (journal.FeedbackResult{Added: 2}) {
				t.Errorf("first import: %+v", res)
			}
			want := []journal.Feedback{
				{ID: "01m89gn0a3gfn1af", Day: journal.Date(2026, time.November, 20), Skill: "team.facil", Observed: 3, Coach: "Chloe", Received: received, Seq: 1},
				{ID: "01m89gn0a3gfn1ag", Day: journal.Date(2026, time.November, 18), Note: marker + " well done", Coach: "Chloe", Received: received, Seq: 2},
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			checkBolt(t, path)
			if found := markersIn(t, path, marker); m.encrypted == (len(found) > 0) {
				t.Errorf("encrypted %v, the file holds the note: %v", m.encrypted, found)
			}
			if r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase)}); err != nil || !r.OK() {
				t.Errorf("Doctor: %+v, %v", r, err)
			}
			before := fileSum(t, path)
			db = reopen(t, db)
			s := NewFeedbackService(db)
			if got, err := s.Feedback(); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("after reopening Feedback() =\n%+v, %v\nwant\n%+v", got, err, want)
			}

			// Twice changes nothing, not a byte; a later import of the same
			// items keeps the day they first came.
			res, err = s.ImportFeedback(feedbackFile(id, marker), received+3)
			if err != nil || res != (journal.FeedbackResult{Unchanged: 2}) {
				t.Errorf("second import: %+v, %v", res, err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if fileSum(t, path) != before {
				t.Error("importing the same feedback twice changed the journal file")
			}
			db = reopen(t, db)
			s = NewFeedbackService(db)

			// An item the coach changed replaces the old one.
			changed := feedbackFile(id, marker)
			changed.Items[1].Note = "Changed note"
			res, err = s.ImportFeedback(changed, received+3)
			if err != nil || res != (journal.FeedbackResult{Updated: 1, Unchanged: 1}) {
				t.Errorf("changed import: %+v, %v", res, err)
			}
			got, err := s.Feedback()
			if err != nil || len(got) != 2 || got[1].Note != "Changed note" || got[1].Received != received+3 || got[0].Received != received {
				t.Errorf("after the changed import: %+v, %v", got, err)
			}
		})
	}
}

// Feedback for another journal, for a journal never exported, or naming a
// skill the journal lacks is refused with one line, and nothing is written.
func TestImportFeedbackRefused(t *testing.T) {
	db, path := openTestDB(t)
	s := NewFeedbackService(db)
	other := "0kz3m8q1w5x7y9a2b4c6d8e0fg"
	refuse := func(name string, f *journal.FeedbackFile, want string) {
		t.Helper()
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		before := fileSum(t, path)
		db = reopen(t, db)
		s = NewFeedbackService(db)
		_, err := s.ImportFeedback(f, today())
		wantCode(t, err, journal.EINVALID)
		if msg := journal.ErrorMessage(err); !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
			t.Errorf("%s: message %q, want one line with %q", name, msg, want)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if fileSum(t, path) != before {
			t.Errorf("%s: the refused import changed the journal file", name)
		}
		db = reopen(t, db)
		s = NewFeedbackService(db)
	}
	refuse("NeverExported", feedbackFile(other, "x"), "journal: this feedback answers another journal: this one has never been exported")
	id, err := NewConfigService(db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	refuse("OtherJournal", feedbackFile(other, "x"), "journal: this feedback answers another journal ("+other+"), not this one ("+id+")")
	bad := feedbackFile(id, "x")
	bad.Items[0].Skill = "team.facl"
	refuse("UnknownSkill", bad, `item 1 (id 01m89gn0a3gfn1af): skill: unknown skill "team.facl"; did you mean team.facil`)
	if got, err := s.Feedback(); err != nil || len(got) != 0 {
		t.Errorf("after refusals Feedback() = %+v, %v", got, err)
	}
}

// Feedback survives encrypting and decrypting the journal.
func TestFeedbackSurvivesEncryption(t *testing.T) {
	db, path := openTestDB(t)
	id, err := NewConfigService(db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewFeedbackService(db).ImportFeedback(feedbackFile(id, "x"), today()); err != nil {
		t.Fatal(err)
	}
	want, err := NewFeedbackService(db).Feedback()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	encryptTest(t, path)
	opts := testOptions(1)
	opts.Passphrase = givePassphrase(testPassphrase)
	db = openTestPath(t, path, opts)
	if got, err := NewFeedbackService(db).Feedback(); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after encrypting: %+v, %v", got, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := Decrypt(path, testPassphrase); err != nil {
		t.Fatal(err)
	}
	db = openTestPath(t, path, testOptions(1))
	if got, err := NewFeedbackService(db).Feedback(); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("after decrypting: %+v, %v", got, err)
	}
}

// A feedback record that does not decode is damage that doctor reports and
// reading the feedback says so.
func TestFeedbackDamaged(t *testing.T) {
	db, path := openTestDB(t)
	id, err := NewConfigService(db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewFeedbackService(db).ImportFeedback(feedbackFile(id, "x"), today()); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketFeedback)).Put([]byte("01m89gn0a3gfn1ag"), []byte(`{"id": "01m89gn0a3gfn1ag", "day": 1, "observed": 9}`))
	})
	r, err := Doctor(path, 0)
	if err != nil || r.OK() || !strings.Contains(strings.Join(r.Problems, "; "), `coach feedback "01m89gn0a3gfn1ag" is not valid`) {
		t.Errorf("Doctor = %+v, %v; want the damaged feedback named", r, err)
	}
	db = openTestPath(t, path, testOptions(1))
	_, err = NewFeedbackService(db).Feedback()
	wantCode(t, err, journal.EDAMAGED)
}

// TestFeedbackSeen holds the mark of the feedback seen: what an import
// adds is new until it is marked seen, an item the coach changed is new
// again, importing the same file twice brings nothing new, marking what
// was already seen writes nothing, and the mark survives encryption.
func TestFeedbackSeen(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := openTestDBMode(t, m.encrypted)
			id, err := NewConfigService(db).JournalID()
			if err != nil {
				t.Fatal(err)
			}
			s := NewFeedbackService(db)
			ids := func() []string {
				t.Helper()
				fs, err := s.NewFeedback()
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, f := range fs {
					out = append(out, f.ID)
				}
				return out
			}
			if got := ids(); got != nil {
				t.Errorf("a journal without feedback has new feedback %v", got)
			}
			if _, err := s.ImportFeedback(feedbackFile(id, "x"), today()); err != nil {
				t.Fatal(err)
			}
			// Newest day first, as Today shows them.
			if got := ids(); !reflect.DeepEqual(got, []string{"01m89gn0a3gfn1af", "01m89gn0a3gfn1ag"}) {
				t.Errorf("after the import, new: %v", got)
			}
			// Seeing the first item only leaves the second one new.
			if err := s.MarkFeedbackSeen(1); err != nil {
				t.Fatal(err)
			}
			if got := ids(); !reflect.DeepEqual(got, []string{"01m89gn0a3gfn1ag"}) {
				t.Errorf("after seeing item 1, new: %v", got)
			}
			if err := s.MarkFeedbackSeen(2); err != nil {
				t.Fatal(err)
			}
			if got := ids(); got != nil {
				t.Errorf("after seeing both, new: %v", got)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			before := fileSum(t, path)
			db = reopen(t, db)
			s = NewFeedbackService(db)
			// The same file again, and an older mark: nothing new, not a byte written.
			if _, err := s.ImportFeedback(feedbackFile(id, "x"), today()+1); err != nil {
				t.Fatal(err)
			}
			for _, seq := range []uint64{0, 1, 2} {
				if err := s.MarkFeedbackSeen(seq); err != nil {
					t.Fatal(err)
				}
			}
			if got := ids(); got != nil {
				t.Errorf("after importing the same file again, new: %v", got)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if fileSum(t, path) != before {
				t.Error("importing the same file again or marking what was seen wrote to the journal")
			}
			db = reopen(t, db)
			s = NewFeedbackService(db)
			// An item the coach changed comes in again: new.
			changed := feedbackFile(id, "x")
			changed.Items[1].Note = "Changed note"
			if _, err := s.ImportFeedback(changed, today()+1); err != nil {
				t.Fatal(err)
			}
			if got := ids(); !reflect.DeepEqual(got, []string{"01m89gn0a3gfn1ag"}) {
				t.Errorf("after a changed item, new: %v", got)
			}
			fs, _ := s.NewFeedback()
			if len(fs) != 1 || fs[0].Seq != 3 {
				t.Fatalf("the changed item: %+v", fs)
			}
			if err := s.MarkFeedbackSeen(fs[0].Seq); err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase)}); err != nil || !r.OK() {
				t.Errorf("Doctor: %+v, %v", r, err)
			}
			if !m.encrypted {
				// The mark travels through encryption.
				encryptTest(t, path)
				opts := testOptions(1)
				opts.Passphrase = givePassphrase(testPassphrase)
				db = openTestPath(t, path, opts)
				s = NewFeedbackService(db)
				if got := ids(); got != nil {
					t.Errorf("after encrypting, new: %v", got)
				}
				db.Close()
			}
		})
	}
}

// TestFeedbackSeenOlderJournal holds that feedback kept by a hone from
// before the mark (records without "seq", no mark in the config bucket)
// reads as before and is never called new, while feedback imported after
// the upgrade is.
func TestFeedbackSeenOlderJournal(t *testing.T) {
	db, _ := openTestDB(t)
	id, err := NewConfigService(db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	err = db.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(bucketFeedback))
		if err != nil {
			return err
		}
		return b.Put([]byte("old1"), []byte(`{"id":"old1","day":20500,"note":"From an older hone","received":20501}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	s := NewFeedbackService(db)
	all, err := s.Feedback()
	if err != nil || len(all) != 1 || all[0].Note != "From an older hone" || all[0].Seq != 0 {
		t.Fatalf("the older record: %+v, %v", all, err)
	}
	if fs, err := s.NewFeedback(); err != nil || len(fs) != 0 {
		t.Errorf("an older record is new: %+v, %v", fs, err)
	}
	if _, err := s.ImportFeedback(feedbackFile(id, "x"), today()); err != nil {
		t.Fatal(err)
	}
	fs, err := s.NewFeedback()
	if err != nil || len(fs) != 2 || fs[0].Seq != 1 || fs[1].Seq != 2 {
		t.Errorf("after an import into an older journal, new: %+v, %v", fs, err)
	}
}

// TestFeedbackSeenShared: the TUI's handle (OpenShared, the file opened per
// read and write) of an encrypted journal reads the new feedback and keeps
// the mark, which a later open sees.
func TestFeedbackSeenShared(t *testing.T) {
	db, path := openTestDB(t)
	id, err := NewConfigService(db).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewFeedbackService(db).ImportFeedback(feedbackFile(id, "x"), today()); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	encryptTest(t, path)
	opts := testOptions(2)
	opts.Passphrase = givePassphrase(testPassphrase)
	sh, err := OpenShared(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	s := NewFeedbackService(sh)
	fs, err := s.NewFeedback()
	if err != nil || len(fs) != 2 {
		t.Fatalf("new feedback through the shared handle: %+v, %v", fs, err)
	}
	if err := s.MarkFeedbackSeen(journal.LatestFeedback(fs)); err != nil {
		t.Fatal(err)
	}
	if err := sh.Close(); err != nil {
		t.Fatal(err)
	}
	db = openTestPath(t, path, opts)
	if fs, err := NewFeedbackService(db).NewFeedback(); err != nil || len(fs) != 0 {
		t.Errorf("after the shared handle marked it seen, new: %+v, %v", fs, err)
	}
}
