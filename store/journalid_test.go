package store

import (
	"testing"

	"hone/journal"
)

// TestJournalID: a journal gets its id on first need, once; it outlives
// reopening, encryption and decryption, and an encrypted journal seals it.
func TestJournalID(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := openTestDBMode(t, m.encrypted)
			s := NewConfigService(db)
			if id, err := s.KeptJournalID(); err != nil || id != "" {
				t.Fatalf("a new journal keeps the id %q, %v; want none before it is needed", id, err)
			}
			id, err := s.JournalID()
			if err != nil {
				t.Fatal(err)
			}
			if err := journal.ValidateJournalID(id); err != nil {
				t.Fatalf("JournalID() = %q: %v", id, err)
			}
			if again, err := s.JournalID(); err != nil || again != id {
				t.Errorf("JournalID() again = %q, %v; want %q", again, err, id)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if found := markersIn(t, path, id); m.encrypted == (len(found) > 0) {
				t.Errorf("encrypted %v, the file holds the id in the clear: %v", m.encrypted, found)
			}
			if r, err := DoctorWith(path, DoctorOptions{Passphrase: givePassphrase(testPassphrase)}); err != nil || !r.OK() {
				t.Errorf("Doctor: %+v, %v", r, err)
			}
			if m.encrypted {
				if err := Decrypt(path, testPassphrase); err != nil {
					t.Fatal(err)
				}
			} else {
				encryptTest(t, path)
			}
			opts := testOptions(1)
			opts.Passphrase = givePassphrase(testPassphrase)
			db = openTestPath(t, path, opts)
			if got, err := NewConfigService(db).JournalID(); err != nil || got != id {
				t.Errorf("after encrypting or decrypting JournalID() = %q, %v; want %q", got, err, id)
			}
		})
	}
}

// Each journal has its own id, and one opened read-only never writes one.
func TestJournalIDPerJournal(t *testing.T) {
	a, _ := openTestDB(t)
	b, path := openTestDB(t)
	ida, err := NewConfigService(a).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, path)
	opts := testOptions(1)
	opts.ReadOnly = true
	ro := openTestPath(t, path, opts)
	if id, err := NewConfigService(ro).JournalID(); err != nil || id != "" {
		t.Errorf("read-only JournalID() = %q, %v; want none", id, err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if fileSum(t, path) != before {
		t.Error("asking a read-only journal for its id changed the file")
	}
	b = openTestPath(t, path, testOptions(1))
	idb, err := NewConfigService(b).JournalID()
	if err != nil {
		t.Fatal(err)
	}
	if ida == idb {
		t.Errorf("two journals share the id %q", ida)
	}
}

// A journal moved into a new one (a full import) takes the old id while it
// holds nothing of its own.
func TestMoveJournalID(t *testing.T) {
	db, _ := openTestDB(t)
	s := NewConfigService(db)
	if fresh, err := s.Fresh(); err != nil || !fresh {
		t.Fatalf("a new journal: Fresh() = %v, %v", fresh, err)
	}
	const moved = "0kz3m8q1w5x7y9a2b4c6d8e0fg"
	wantCode(t, s.MoveJournalID("not an id"), journal.EINVALID)
	if err := s.MoveJournalID(moved); err != nil {
		t.Fatal(err)
	}
	if id, err := s.JournalID(); err != nil || id != moved {
		t.Errorf("JournalID() = %q, %v; want %q", id, err, moved)
	}
	mustCreate(t, db, newEntry(today(), "one", nil))
	if fresh, err := s.Fresh(); err != nil || fresh {
		t.Errorf("a journal with an entry: Fresh() = %v, %v", fresh, err)
	}
}
