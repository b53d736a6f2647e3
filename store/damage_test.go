package store

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// flipInEntry changes one byte inside an entry's record in the file at
// path, the way a bad disk sector or a stray write does: bbolt still reads
// the page, the record no longer decodes as it was.
func flipInEntry(t testing.TB, path string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(raw, []byte(`{"id":"`))
	if at < 0 {
		t.Fatal("no entry record in the file")
	}
	raw[at+2] = 'X' // "id" becomes "Xd": the entry loses its id
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestWriteIntoAJournalFoundDamaged: once hone doctor has found a journal
// damaged, no write goes into it (one line naming the file, hone doctor,
// restore and salvage; the file unchanged), reads go on, and a healthy
// journal put in its place takes writes again.
func TestWriteIntoAJournalFoundDamaged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	good := buildJournal(t, path, 50)
	flipInEntry(t, path)
	r, err := Doctor(path, time.Second)
	if err != nil || r.OK() {
		t.Fatalf("Doctor on the damaged journal: %v, %+v", err, r)
	}
	before := fileSum(t, path)

	db := openTestPath(t, path, testOptions(3))
	err = NewEntryService(db).CreateEntry(newEntry(today(), "after the damage", nil))
	wantCode(t, err, journal.EDAMAGED)
	msg := journal.ErrorMessage(err)
	for _, want := range []string{path, "hone doctor", "hone restore", "--salvage"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message = %q, want it to name %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("message = %q, want one line", msg)
	}
	if _, err := NewEntryService(db).FindEntries(journal.EntryFilter{}); err != nil && journal.ErrorCode(err) != journal.EDAMAGED {
		t.Errorf("reading the damaged journal: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fileSum(t, path) != before {
		t.Fatal("a refused write changed the damaged journal")
	}

	// A healthy journal in its place (a restore renames one in) takes writes.
	fresh := filepath.Join(dir, "fresh.db")
	if err := os.WriteFile(fresh, good, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(fresh, path); err != nil {
		t.Fatal(err)
	}
	db = openTestPath(t, path, testOptions(4))
	mustCreate(t, db, newEntry(today(), "after the restore", nil))
}

// TestDoctorOnAHealthyJournalLiftsTheMark: a mark left for a journal that
// doctor now finds healthy (checked in full) stops nothing.
func TestDoctorOnAHealthyJournalLiftsTheMark(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", nil))
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	markDamaged(path, fi, "a test said so")
	wantCode(t, NewEntryService(db).CreateEntry(newEntry(today(), "two", nil)), journal.EDAMAGED)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if r, err := Doctor(path, time.Second); err != nil || !r.OK() {
		t.Fatalf("Doctor: %v, %+v", err, r)
	}
	db = openTestPath(t, path, testOptions(5))
	mustCreate(t, db, newEntry(today(), "three", nil))
}

// TestFindEntriesSkipsADamagedRecord: one entry record that no longer
// decodes leaves the others readable; the error names the damaged one.
func TestFindEntriesSkipsADamagedRecord(t *testing.T) {
	db, path := openTestDB(t)
	var es []*journal.Entry
	for i := range 30 {
		es = append(es, newEntry(today()-journal.Day(i), "entry", map[string]int{"eng.mi": 3}))
	}
	mustCreate(t, db, es...)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	broken := es[10].ID
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketEntries)).Put([]byte(broken), []byte(`{"id":"`+broken+`","day":`))
	})
	db = openTestPath(t, path, Options{ReadOnly: true})
	got, err := NewEntryService(db).FindEntries(journal.EntryFilter{})
	wantCode(t, err, journal.EDAMAGED)
	if msg := journal.ErrorMessage(err); !strings.Contains(msg, broken) || !strings.Contains(msg, "hone doctor") {
		t.Errorf("message = %q, want it to name entry %s and hone doctor", msg, broken)
	}
	if len(got) != len(es)-1 {
		t.Fatalf("%d entries read, want %d", len(got), len(es)-1)
	}
	for _, e := range got {
		if e.ID == broken {
			t.Error("the damaged entry came back")
		}
	}
	// A limit is filled from the entries that can be read.
	if got, _ := NewEntryService(db).FindEntries(journal.EntryFilter{Limit: 12}); len(got) != 12 {
		t.Errorf("Limit 12: %d entries", len(got))
	}
}

// TestCheckFindsDamageAndStopsWrites: the TUI's daily check (DB.Check) of
// a journal with a flipped byte inside an entry says it is damaged and
// what to do, leaves nothing in the backups folder, and the writes stop;
// on a healthy journal it finds nothing.
func TestCheckFindsDamageAndStopsWrites(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, path := openTestDBMode(t, m.encrypted)
			for i := range 20 {
				mustCreate(t, db, newEntry(today()-journal.Day(i), "entry", map[string]int{"eng.mi": 3}))
			}
			if err := db.Check(); err != nil {
				t.Fatalf("Check of a healthy journal: %v", err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			rawUpdate(t, path, func(tx *bolt.Tx) error {
				b := tx.Bucket([]byte(bucketEntries))
				k, v := b.Cursor().First()
				v = append([]byte(nil), v...)
				v[len(v)/2] ^= 0x20
				return b.Put(append([]byte(nil), k...), v)
			})
			opts := testOptions(8)
			if m.encrypted {
				opts.Passphrase = givePassphrase(testPassphrase)
			}
			db = openTestPath(t, path, opts)
			err := db.Check()
			wantCode(t, err, journal.EDAMAGED)
			if msg := journal.ErrorMessage(err); !strings.Contains(msg, path) || !strings.Contains(msg, "hone doctor") || !strings.Contains(msg, "hone restore") {
				t.Errorf("message = %q", msg)
			}
			left, _ := os.ReadDir(BackupDir(path))
			for _, e := range left {
				t.Errorf("the check left %s in the backups folder", e.Name())
			}
			before := fileSum(t, path)
			wantCode(t, NewEntryService(db).CreateEntry(newEntry(today(), "after", nil)), journal.EDAMAGED)
			if fileSum(t, path) != before {
				t.Error("a write went into the journal the check found damaged")
			}
		})
	}
}

// TestOpenWithBackupsButNoJournal: when the journal is gone but its
// backups folder holds backups of it, no command makes an empty journal in
// its place: Open (for writing too) says so and names hone restore with
// the backup; a path with no backups still gets a new journal.
func TestOpenWithBackupsButNoJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := Open(path, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(today(), "kept", nil))
	b, err := db.BackupNew("")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro})
		wantCode(t, err, journal.ENOTFOUND)
		if msg := journal.ErrorMessage(err); !strings.Contains(msg, "hone restore") || !strings.Contains(msg, b) {
			t.Errorf("Open(ReadOnly: %v): %q, want it to name hone restore and %s", ro, msg, b)
		}
		if _, err := os.Stat(path); err == nil {
			t.Fatalf("Open(ReadOnly: %v) made a journal in place of the lost one", ro)
		}
	}
	if _, err := Doctor(path, time.Second); journal.ErrorCode(err) != journal.ENOTFOUND || !strings.Contains(journal.ErrorMessage(err), "hone restore") {
		t.Errorf("Doctor: %v", err)
	}
	other := filepath.Join(filepath.Dir(path), "other.db")
	openTestPath(t, other, testOptions(2))
}

// TestCheckFindsDamagedPages: the TUI's daily check (DB.Check) of a
// journal whose entries' root branch page points at itself (bbolt's
// cursor walks such a tree for ever) says it is damaged, and the writes
// stop. Before the check read the pages itself, it never returned.
func TestCheckFindsDamagedPages(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	db, err := Open(path, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	es := make([]*journal.Entry, 600)
	for i := range es {
		es[i] = newEntry(today()-journal.Day(i%300), "entry", map[string]int{"eng.mi": 3})
	}
	mustCreate(t, db, es...)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	var root uint64
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	bdb.View(func(tx *bolt.Tx) error {
		root = uint64(tx.Bucket([]byte(bucketEntries)).Root())
		return nil
	})
	ps := bdb.Info().PageSize
	bdb.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := raw[int(root)*ps:]
	if binary.NativeEndian.Uint16(page[8:]) != pageBranch || binary.NativeEndian.Uint16(page[10:]) < 2 {
		t.Fatalf("the entries' root, page %d, is not a branch page of two or more", root)
	}
	binary.NativeEndian.PutUint64(page[16+16+8:], root) // its second child is itself
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}

	db, err = Open(path, testOptions(2))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Check()
	wantCode(t, err, journal.EDAMAGED)
	before := fileSum(t, path)
	wantCode(t, NewEntryService(db).CreateEntry(newEntry(today(), "after", nil)), journal.EDAMAGED)
	if fileSum(t, path) != before {
		t.Error("a write went into the journal the check found damaged")
	}
}
