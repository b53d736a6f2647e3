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
// kept in BackupDir (as journal-<time>-before-restore.db, numbered when that
// name is taken), never deleted; its path there is returned ("" when there
// was no journal). While Restore works it holds the journal file's lock, so
// it fails with ELOCKED when another hone has the journal open.
//
// There is never a moment without a journal at path: the backup is copied
// beside the journal, the journal is kept by a second link to it (a copy
// where links are not possible), and the copy is renamed over it in one
// step. A crash leaves the old journal (perhaps kept aside too), or the
// restored one with the old one aside.
func Restore(path, backup string, now time.Time) (aside string, err error) {
	if SameFile(path, backup) {
		return "", journal.Invalid("backup", "%s is the journal itself; give a backup file", backup)
	}
	report, err := checkJournal(backup, DoctorOptions{Timeout: MaxTimeout}) // Doctor's checks, no damage mark on the backup
	if err != nil {
		return "", err
	}
	if !report.OK() {
		return "", journal.Errorf(journal.EINVALID, "%s is not a healthy journal (%s); hone doctor --db %s tells more", backup, report.Problems[0], backup)
	}
	// The file is replaced where it is, through a symbolic link too (as
	// a rewrite does); the journal kept aside is named after path.
	file, err := restoreTarget(path)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o700); err != nil {
		return "", fileError(path, opCreate, err)
	}
	unlock, err := lockPath(file)
	if err != nil {
		return "", err
	}
	unlocked := false
	defer func() {
		if !unlocked {
			unlock()
		}
	}()

	tmp, err := copyBeside(file, backup)
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp) // gone after the rename below; left only on failure
	if aside, err = keepAside(path, file, now); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, file); err != nil {
		return aside, fmt.Errorf("store: restore: put the backup in place (the journal is unchanged): %w", err)
	}
	if err := syncDir(filepath.Dir(file)); err != nil {
		return aside, err
	}
	clearDamaged(path) // the damaged journal is aside: writes go on
	clearDamaged(file)
	unlock() // the old file's lock, which would keep the check below out
	unlocked = true
	return nameIfDamaged(path, aside, now), nil
}

// restoreTarget returns the file Restore replaces for the journal at path:
// path, or the file a symbolic link at path names. What cannot be replaced
// by a journal (a folder, a named pipe, a link that leads back to itself or
// to nothing, a path through a file) is refused in the user's words, as
// Open refuses it: a link to nowhere names a journal on a disk not mounted
// or a folder moved away, not a place for a new one.
func restoreTarget(path string) (string, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, nil
	case err != nil:
		return "", fileError(path, opRead, err) // not even its kind can be known
	case fi.Mode()&fs.ModeSymlink != 0:
		fi, err = os.Stat(path) // says ELOOP, which EvalSymlinks does not
		if errors.Is(err, fs.ErrNotExist) {
			if merr := missingError(path); merr != nil {
				return "", merr
			}
		}
		if err != nil {
			return "", fileError(path, opWrite, err)
		}
		if path, err = filepath.EvalSymlinks(path); err != nil {
			return "", fmt.Errorf("store: restore: %w", err)
		}
	}
	if !fi.Mode().IsRegular() {
		return "", checkFile(path, fi)
	}
	return path, nil
}

// nameIfDamaged gives the journal kept aside at aside the before-restore
// label with DamagedLabel when Doctor finds it damaged, so that it reads as
// what it is and is never taken for a healthy backup, and returns its path.
func nameIfDamaged(path, aside string, now time.Time) string {
	if aside == "" {
		return ""
	}
	if r, err := checkJournal(aside, DoctorOptions{}); err != nil || r.OK() {
		return aside
	}
	named := newBackupPath(path, now, "before-restore-"+DamagedLabel)
	if err := os.Rename(aside, named); err != nil {
		return aside // kept all the same, under its first name
	}
	return named
}

// copyBeside copies the file at src into a new hidden file in the folder of
// path, synced, and returns its name.
func copyBeside(path, src string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	defer in.Close()
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".restore-*")
	if err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	tmp := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = io.Copy(f, in)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("store: restore: copy %s: %w", src, err)
	}
	return tmp, nil
}

// keepAside keeps the journal file at file (path, or the file a link at
// path names) in path's backups folder as it is, under a new before-restore
// name, by a second link to the file (or a copy where the file system has no
// links), leaving it in place. It returns the new path, or "" when there is
// no journal there.
func keepAside(path, file string, now time.Time) (string, error) {
	if _, err := os.Lstat(file); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("store: restore: %w", err)
	}
	if err := os.MkdirAll(BackupDir(path), 0o700); err != nil {
		return "", fmt.Errorf("store: restore: keep the journal aside: %w", err) // FileSystemError words it
	}
	for {
		aside := newBackupPath(path, now, "before-restore")
		err := os.Link(file, aside)
		if errors.Is(err, fs.ErrExist) {
			continue // taken since newBackupPath looked
		}
		if err != nil {
			in, oerr := os.Open(file)
			if oerr != nil {
				return "", fmt.Errorf("store: restore: keep the journal aside: %w", oerr)
			}
			err = WriteFileAtomic(aside, func(w io.Writer) error {
				_, err := io.Copy(w, in)
				return err
			})
			in.Close()
			if err != nil {
				return "", fmt.Errorf("store: restore: keep the journal aside: %w", err)
			}
		}
		return aside, syncDir(BackupDir(path))
	}
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
