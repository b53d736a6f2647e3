package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"hone/journal"
)

// The operations fileError words an error for.
const (
	opRead   = "read"
	opWrite  = "write"
	opCreate = "create"
)

// fileError turns an error of the operating system about the journal at
// path into one line saying what is wrong with the file, in the user's
// words (EFILE), for the operation op (opRead, opWrite or opCreate). An
// error it does not know keeps its detail and stays internal.
func fileError(path, op string, err error) error {
	q := journal.ShellQuote(path)
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return journal.Errorf(journal.EFILE, "the disk holding %s is full, so hone cannot %s it; free some space and try again", path, op)
	case errors.Is(err, syscall.EROFS):
		return &writeRefused{journal.Errorf(journal.EFILE, "%s is on a read-only disk, so hone cannot %s it; hone can still read, list, export and back it up", path, op)}
	case errors.Is(err, syscall.ELOOP):
		return journal.Errorf(journal.EFILE, "%s is a symbolic link that leads back to itself; point it at the journal file (ls -l %s)", path, q)
	case errors.Is(err, syscall.ENOTDIR):
		if parent, ok := fileParent(path); ok {
			return journal.Errorf(journal.EFILE, "%s cannot be a journal: %s in its path is a file, not a folder", path, parent)
		}
		return journal.Errorf(journal.EFILE, "%s cannot be a journal: a part of its path is a file, not a folder", path)
	case errors.Is(err, fs.ErrNotExist):
		return journal.Errorf(journal.EFILE, "there is no journal at %s any more: it was moved or deleted", path)
	case errors.Is(err, syscall.ENAMETOOLONG):
		return journal.Errorf(journal.EFILE, "the path %s is too long for this system; choose a shorter one", path)
	case errors.Is(err, fs.ErrPermission):
		switch op {
		case opWrite:
			return &writeRefused{journal.Errorf(journal.EFILE, "hone may read %s but not write to it (permission denied): list, show, export and backup work; to write, make it writable (chmod u+w %s)", path, q)}
		case opCreate:
			return journal.Errorf(journal.EFILE, "hone may not create %s (permission denied on its folder %s); choose another place with --db", path, filepath.Dir(path))
		}
		return journal.Errorf(journal.EFILE, "hone may not read %s (permission denied on the file or a folder above it); check with: ls -l %s", path, q)
	}
	return fmt.Errorf("store: %s %s: %w", op, path, err)
}

// writeRefused is fileError's error for a journal hone may read but not
// write: permission denied on writing, or a read-only disk.
type writeRefused struct{ err *journal.Error }

// Error returns the one-line message.
func (e *writeRefused) Error() string { return e.err.Error() }

// Unwrap gives the *journal.Error, so journal.ErrorCode reads EFILE.
func (e *writeRefused) Unwrap() error { return e.err }

// CannotWrite reports whether err (of Open or OpenShared) says that the
// journal can be read but not written: permission denied on writing it, or
// a read-only disk. Such a journal opens with Options.ReadOnly, and the
// message of err says how to make it writable.
func CannotWrite(err error) bool {
	var w *writeRefused
	return errors.As(err, &w)
}

// fileParent returns the first part of path, from the root down, that is
// a file and not a folder.
func fileParent(path string) (string, bool) {
	var dirs []string
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		dirs = append(dirs, dir)
		if filepath.Dir(dir) == dir {
			break
		}
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if fi, err := os.Stat(dirs[i]); err == nil && !fi.IsDir() {
			return dirs[i], true
		}
	}
	return "", false
}

// missingError is what Open says when there is no file at path: a link
// that leads nowhere is named as such, since a journal on a disk not
// mounted or in a folder moved away must not look like no journal at all
// (and a write must not make a new empty one in its place).
func missingError(path string) error {
	if target, err := os.Readlink(path); err == nil {
		return journal.Errorf(journal.EFILE, "%s is a symbolic link to %s, which does not exist; mount or restore the journal there, or remove the link", path, target)
	}
	return nil
}

// backupsWithoutJournal is what Open and Doctor say when there is no file
// at path but its backups folder holds backups of it: the journal was
// moved, deleted or lost, and a new empty one in its place would hide that.
// nil when there are no backups (a new journal).
func backupsWithoutJournal(path string) error {
	b, ok := HealthyBackup(path)
	if !ok {
		if b, ok = NewestBackup(path); !ok {
			return nil
		}
	}
	return journal.Errorf(journal.ENOTFOUND, "there is no journal at %s, but its backups folder %s holds backups of it; put the newest healthy one back with: hone restore --db %s %s",
		path, BackupDir(path), journal.ShellQuote(path), journal.ShellQuote(b))
}

// FileSystemError returns err in the user's words (EFILE) when it is an
// error of the operating system about a file or folder that the user can
// set right, wherever in hone it came from: permission denied, a full or
// read-only disk, a link that leads back to itself, a path through a file,
// a name too long. It names the file, or the folder where hone could not
// make one (a backup, the new file of a rewrite or a restore, which are
// made beside the journal). It returns nil for any other error, and for an
// error already in the user's words.
func FileSystemError(err error) error {
	if err == nil || journal.ErrorCode(err) != journal.EINTERNAL {
		return nil
	}
	var path string
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		path = pe.Path
	case errors.As(err, &le):
		path = le.New
	default:
		return nil
	}
	if errors.Is(err, fs.ErrPermission) {
		if _, serr := os.Lstat(path); errors.Is(serr, fs.ErrNotExist) {
			dir := filepath.Dir(path)
			return journal.Errorf(journal.EFILE, "hone may not make files in the folder %s (permission denied), which it needs to do here; make the folder writable (chmod u+w %s) or use a journal in another folder", dir, journal.ShellQuote(dir))
		} else if errors.Is(serr, fs.ErrPermission) {
			return fileError(path, opRead, err)
		}
		return journal.Errorf(journal.EFILE, "hone may not change %s (permission denied); check with: ls -l %s", path, journal.ShellQuote(path))
	}
	if errors.Is(err, syscall.ENOTDIR) {
		// The file in the way may be path itself (a file named backups
		// where hone keeps its backups folder) or a folder above it.
		in := path
		if fi, serr := os.Stat(path); serr != nil || fi.IsDir() {
			in, _ = fileParent(path)
		}
		if in != "" {
			return journal.Errorf(journal.EFILE, "hone needs a folder at %s but it is a file; move the file away", in)
		}
	}
	for _, e := range []error{syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.ELOOP, syscall.ENOTDIR, syscall.ENAMETOOLONG} {
		if errors.Is(err, e) {
			return fileError(path, opWrite, err)
		}
	}
	return nil
}
