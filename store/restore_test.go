package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

func TestRestore(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "before the backup", nil))
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(today(), "after the backup", nil))

	if _, err := Restore(path, backup, testStart); journal.ErrorCode(err) != journal.ELOCKED {
		t.Errorf("Restore while the journal is open: %v, want ELOCKED", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	aside, err := Restore(path, backup, testStart)
	if err != nil {
		t.Fatal(err)
	}
	restored := openTestPath(t, path, testOptions(5))
	if es, err := NewEntryService(restored).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 1 || es[0].Title != "before the backup" {
		t.Errorf("the restored journal holds %v (%v)", titles(es), err)
	}
	old := openTestPath(t, aside, testOptions(6))
	if es, err := NewEntryService(old).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 2 {
		t.Errorf("the journal set aside holds %d entries (%v), want 2", len(es), err)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("restored journal mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
}

func TestRestoreOverADamagedJournal(t *testing.T) {
	dir := t.TempDir()
	good, _ := openTestDB(t)
	mustCreate(t, good, newEntry(today(), "kept", nil))
	backup := filepath.Join(dir, "backup.db")
	if err := good.BackupFile(backup); err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(dir, "journal.db")
	garbage := bytes.Repeat([]byte("damaged "), 2000)
	os.WriteFile(path, garbage, 0o600)
	aside, err := Restore(path, backup, testStart)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(aside); err != nil || !bytes.Equal(b, garbage) {
		t.Errorf("the damaged journal was not kept aside as it was (%v)", err)
	}
	openTestPath(t, path, testOptions(7))

	// A backup that is no journal is refused, and the journal stays.
	before := fileSum(t, path)
	os.WriteFile(filepath.Join(dir, "bad.db"), garbage, 0o600)
	if _, err := Restore(path, filepath.Join(dir, "bad.db"), testStart); journal.ErrorCode(err) != journal.EINVALID {
		t.Errorf("restoring from garbage: %v, want EINVALID", err)
	}
	if fileSum(t, path) != before {
		t.Error("a refused restore changed the journal")
	}
}

func TestRestoreTwiceInOneSecond(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", nil))
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(today(), "two", nil))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	first, err := Restore(path, backup, testStart)
	if err != nil {
		t.Fatal(err)
	}
	second, err := Restore(path, backup, testStart)
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Fatalf("both restores kept the journal they replaced at %s", first)
	}
	for want, p := range map[int]string{2: first, 1: second} {
		old := openTestPath(t, p, testOptions(8))
		if es, err := NewEntryService(old).FindEntries(journal.EntryFilter{}); err != nil || len(es) != want {
			t.Errorf("%s holds %d entries (%v), want %d", p, len(es), err, want)
		}
	}
}

// TestRestoreStepsLeaveAJournal stops Restore after each of its steps, as
// a crash would, and checks that the journal is always there, old or new,
// and that nothing of the old one is lost.
func TestRestoreStepsLeaveAJournal(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "in the backup", nil))
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(today(), "only in the journal", nil))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, path)

	tmp, err := copyBeside(path, backup)
	if err != nil {
		t.Fatal(err)
	}
	if fileSum(t, path) != before {
		t.Fatal("copying the backup beside the journal changed it")
	}
	aside, err := keepAside(path, testStart)
	if err != nil {
		t.Fatal(err)
	}
	// A crash here leaves the journal as it was, and a copy of it aside.
	if fileSum(t, path) != before || fileSum(t, aside) != before {
		t.Fatal("keeping the journal aside changed it or kept something else")
	}
	os.Remove(tmp)
	db = openTestPath(t, path, testOptions(9))
	if es, err := NewEntryService(db).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 2 {
		t.Errorf("after a crash before the swap the journal holds %v (%v)", titles(es), err)
	}
}

func TestRestoreNamesTheDamagedJournalItKeeps(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", nil))
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketEntries)).Put([]byte("0000000000000000"), []byte("{not json"))
	})
	aside, err := Restore(path, backup, testStart)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(aside, "-before-restore-damaged.db") {
		t.Errorf("the damaged journal is kept at %s, not named as damaged", aside)
	}
	if _, err := os.Stat(aside); err != nil {
		t.Errorf("the damaged journal kept aside is gone: %v", err)
	}
}
