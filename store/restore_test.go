package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

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
