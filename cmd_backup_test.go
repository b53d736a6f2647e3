package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	id := strings.TrimSpace(ok(t, "add", "--db", db, "--rate", "eng.mi=4", "kept"))
	copyPath := filepath.Join(dir, "copy.db")
	if out := ok(t, "backup", "--db", db, "-o", copyPath); strings.TrimSpace(out) != copyPath {
		t.Errorf("backup printed %q", out)
	}
	if info, err := os.Stat(copyPath); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v (%v), want 0600", info.Mode().Perm(), err)
	}
	if es := listJSON(t, copyPath); len(es) != 1 || es[0].ID != id {
		t.Errorf("backup holds %+v", es)
	}
	out := strings.TrimSpace(ok(t, "backup", "--db", db))
	if filepath.Dir(out) != filepath.Join(dir, "backups") {
		t.Errorf("default backup went to %q, want the backups folder beside the journal", out)
	}
}

// TestBackupToAFileOfADamagedJournal: hone backup -o copies a damaged
// journal (the copy may hold what no other has) but does not pass it off as
// a good backup: it says the copy is of a damaged journal and exits 1, as
// the copy into backups/ does, and writes stop going into the journal.
func TestBackupToAFileOfADamagedJournal(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "--rate", "eng.mi=4", "kept")
	putRaw(t, db, "entries", "0000000000000000", "{not json")
	copyPath := filepath.Join(dir, "usb", "copy.db")
	r := hone(t, "", nil, "backup", "--db", db, "-o", copyPath)
	if r.code != 1 || !strings.Contains(r.stderr, "damaged") || !strings.Contains(r.stderr, copyPath) || strings.Contains(r.stderr, "inside hone") {
		t.Errorf("backup -o of a damaged journal: exit %d, stderr %q; want exit 1 and a line saying the copy %s is of a damaged journal", r.code, r.stderr, copyPath)
	}
	if _, err := os.Stat(copyPath); err != nil {
		t.Errorf("the copy of the damaged journal was not kept: %v", err)
	}
	before, _ := os.ReadFile(db)
	if r := hone(t, "", nil, "add", "--db", db, "after"); r.code != 1 {
		t.Errorf("add into a journal its backup found damaged: exit %d, stderr %q; want 1", r.code, r.stderr)
	}
	if after, _ := os.ReadFile(db); string(after) != string(before) {
		t.Error("add changed a journal its backup found damaged")
	}
}

// TestBackupsFolderThatIsAFile: a file named backups where hone keeps the
// journal's backups is named as what is in the way, by backup and by
// restore, which leaves the journal as it was and does not blame it.
func TestBackupsFolderThatIsAFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "j.db")
	ok(t, "add", "--db", db, "kept")
	other := filepath.Join(t.TempDir(), "other.db")
	ok(t, "add", "--db", other, "other")
	backups := filepath.Join(dir, "backups")
	os.WriteFile(backups, []byte("not a folder"), 0o600)
	before := fileHash(t, db)
	for _, args := range [][]string{{"backup", "--db", db}, {"restore", "--db", db, other}} {
		r := hone(t, "", nil, args...)
		oneLine(t, args[0], r, backups, "is a file")
		if strings.Contains(r.stderr, db+" cannot be a journal") {
			t.Errorf("%s blames the journal: %q", args[0], r.stderr)
		}
	}
	if fileHash(t, db) != before {
		t.Error("the journal changed")
	}
}
