package store

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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
	aside, err := keepAside(path, path, testStart)
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

// TestRestoreOverWhatIsNotAJournalFile: restore at a path that holds a
// folder, a named pipe, a link that leads back to itself or nowhere, or a
// path through a file says what is wrong in the user's words and changes
// nothing, as every other command does there.
func TestRestoreOverWhatIsNotAJournalFile(t *testing.T) {
	good, _ := openTestDB(t)
	mustCreate(t, good, newEntry(today(), "kept", nil))
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := good.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, want string
		make       func(dir string) string
	}{
		{"Folder", "is a folder", func(dir string) string {
			p := filepath.Join(dir, "j.db")
			os.Mkdir(p, 0o700)
			return p
		}},
		{"FIFO", "named pipe", func(dir string) string {
			p := filepath.Join(dir, "j.db")
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Skip(err)
			}
			return p
		}},
		{"LinkLoop", "leads back to itself", func(dir string) string {
			p := filepath.Join(dir, "j.db")
			os.Symlink("j.db", p)
			return p
		}},
		{"LinkToNowhere", "does not exist", func(dir string) string {
			p := filepath.Join(dir, "j.db")
			os.Symlink(filepath.Join(dir, "unmounted", "j.db"), p)
			return p
		}},
		{"ParentIsAFile", "is a file, not a folder", func(dir string) string {
			os.WriteFile(filepath.Join(dir, "notes"), []byte("x"), 0o600)
			return filepath.Join(dir, "notes", "j.db")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.make(dir)
			_, err := Restore(path, backup, testStart)
			if code := journal.ErrorCode(err); code == journal.EINTERNAL || !strings.Contains(journal.ErrorMessage(err), tt.want) {
				t.Errorf("Restore over %s: %v (%s); want one line saying it %s", tt.name, err, code, tt.want)
			}
			if _, err := os.Stat(filepath.Join(dir, "unmounted")); err == nil {
				t.Error("Restore made the folder of a link's missing target")
			}
			if _, err := os.Stat(BackupDir(path)); err == nil {
				t.Error("Restore kept something aside that was not a journal")
			}
		})
	}
}

// TestRestoreThroughASymlink: a journal reached through a symbolic link
// is restored where the file is (as hone encrypt rewrites it there), the
// link stays a link, and the journal kept aside is the old file itself,
// not a copy of the link.
func TestRestoreThroughASymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "sync", "journal.db")
	db, err := Open(real, testOptions(3))
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(today(), "in the backup", nil))
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := db.BackupFile(backup); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(today(), "after the backup", nil))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "journal.db")
	if err := os.Symlink(filepath.Join("sync", "journal.db"), link); err != nil {
		t.Fatal(err)
	}
	aside, err := Restore(link, backup, testStart)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file: %v, %v", fi, err)
	}
	restored := openTestPath(t, real, testOptions(4))
	if es, err := NewEntryService(restored).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 1 {
		t.Errorf("the file the link names holds %v (%v), want the backup's one entry", titles(es), err)
	}
	if fi, err := os.Lstat(aside); err != nil || !fi.Mode().IsRegular() {
		t.Fatalf("the journal kept aside at %s is not a file: %v, %v", aside, fi, err)
	}
	old := openTestPath(t, aside, testOptions(6))
	if es, err := NewEntryService(old).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 2 {
		t.Errorf("the journal kept aside holds %d entries (%v), want 2", len(es), err)
	}
}
