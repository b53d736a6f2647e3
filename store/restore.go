package store

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"hone/journal"
)

// Restore puts the backup at backup in place of the journal at path. The
// backup must pass Doctor first. The journal it replaces, damaged or not, is
// moved aside into BackupDir (as journal-<time>-before-restore.db), never
// deleted; its new path is returned ("" when there was no journal). While
// Restore works it holds the journal file's lock, so it fails with ELOCKED
// when another hone has the journal open. Each step is atomic: a crash
// leaves the old journal, or the restored one with the old one aside.
func Restore(path, backup string, now time.Time) (aside string, err error) {
	if SameFile(path, backup) {
		return "", journal.Invalid("backup", "%s is the journal itself; give a backup file", backup)
	}
	report, err := Doctor(backup, MaxTimeout)
	if err != nil {
		return "", err
	}
	if !report.OK() {
		return "", journal.Errorf(journal.EINVALID, "%s is not a healthy journal (%s); hone doctor --db %s tells more", backup, report.Problems[0], backup)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	unlock, err := lockPath(path)
	if err != nil {
		return "", err
	}
	defer unlock()

	src, err := os.Open(backup)
	if err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	defer src.Close()
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".restore")
	if err := WriteFileAtomic(tmp, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	}); err != nil {
		return "", err
	}
	defer os.Remove(tmp) // gone after the rename below; left only on failure
	if _, err := os.Stat(path); err == nil {
		aside = filepath.Join(BackupDir(path), BackupName(path, now, "before-restore"))
		if err := os.MkdirAll(BackupDir(path), 0o700); err != nil {
			return "", fmt.Errorf("store: restore: %w", err)
		}
		if err := os.Rename(path, aside); err != nil {
			return "", fmt.Errorf("store: restore: move the journal aside: %w", err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return aside, fmt.Errorf("store: restore: put the backup in place (the journal is at %s): %w", aside, err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return aside, err
	}
	return aside, nil
}

// lockPath takes the journal file's lock, as bbolt does, without reading
// the file, so that a damaged journal can be replaced but one in use
// cannot. A missing file needs no lock.
func lockPath(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: restore: %w", err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		return nil, journal.Errorf(journal.ELOCKED, "%s is open in another hone; close that one and try again", path)
	}
	return func() { f.Close() }, nil
}

// SameFile reports whether a and b name the same existing file, through
// links too: the check that keeps hone from writing a copy, export or
// preparation over the journal itself.
func SameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}
