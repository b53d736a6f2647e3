package store

// Opening the file: what kind of file a path is, bbolt opened on it with
// a panic on a damaged file caught, and the errors that say in the user's
// words why a journal cannot be opened (locked, damaged, newer).

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"hone/journal"
)

// minFileSize is the size below which a file cannot be a journal: bbolt
// pages are at least this big on every system hone runs on, and a journal
// has at least four of them.
const minFileSize = 4096

// checkFile refuses what cannot be a journal before bbolt sees it: anything
// but a regular file, and a file too short to hold bbolt's two meta pages.
// bbolt would initialise a zero-length file, overwriting whatever the
// user meant to open, and would read past the end of a file cut short.
func checkFile(path string, fi fs.FileInfo) error {
	if fi.IsDir() {
		return journal.Errorf(journal.EINVALID, "%s is a folder, not a journal file; give the path of the file", path)
	}
	if !fi.Mode().IsRegular() {
		return journal.Errorf(journal.EINVALID, "%s is %s, not a journal file; give the path of the journal file", path, fileKind(fi.Mode()))
	}
	if fi.Size() == 0 {
		return damaged(path, "the file is empty")
	}
	if fi.Size() < minFileSize {
		return damaged(path, fmt.Sprintf("the file is only %d bytes", fi.Size()))
	}
	if ps, ok := metaPageSize(path); ok && fi.Size() < 2*ps {
		return damaged(path, fmt.Sprintf("the file is only %d bytes; it was cut short", fi.Size()))
	}
	return nil
}

// fileKind names a kind of file that is not a regular one.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file"
}

// metaPageSize reads the page size recorded in bbolt's first meta page,
// which starts with a 16-byte page header followed by the magic number, the
// format version and the page size, in the machine's byte order. ok is
// false when the page holds no bbolt magic number.
func metaPageSize(path string) (int64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	var b [28]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		return 0, false
	}
	if binary.NativeEndian.Uint32(b[16:]) != boltMagic {
		return 0, false
	}
	ps := int64(binary.NativeEndian.Uint32(b[24:]))
	if ps < 512 || ps > 1<<20 {
		return 0, false
	}
	return ps, true
}

// IsJournalFile reports whether the file at path holds a bbolt database, as
// every hone journal and backup does, encrypted or not: bbolt's magic number
// in its first meta page, or in its second when the first is damaged.
func IsJournalFile(path string) bool {
	if _, ok := metaPageSize(path); ok {
		return true
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [20]byte
	for _, ps := range []int64{4096, 8192, 16384, 65536} {
		if _, err := f.ReadAt(b[:], ps); err == nil && binary.NativeEndian.Uint32(b[16:]) == boltMagic {
			return true
		}
	}
	return false
}

// boltMagic is the number every bbolt meta page holds after its header.
const boltMagic = 0xED0CDAED

// openBolt opens path with bbolt and returns the size of the file it
// holds. A panic or memory fault inside bbolt (it can happen on a damaged
// file) becomes an EDAMAGED error, and the file bbolt opened is closed so
// its lock goes with it. When path names another file by the time the lock
// is held (it was renamed over while waiting), it opens that one instead.
func openBolt(path string, readOnly bool, timeout time.Duration) (*bolt.DB, int64, error) {
	for range 3 {
		bdb, f, err := openBoltOnce(path, readOnly, timeout)
		if err != nil {
			return nil, 0, err
		}
		ffi, err := f.Stat()
		var pfi fs.FileInfo
		if err == nil {
			pfi, err = os.Stat(path)
		}
		if err == nil && os.SameFile(ffi, pfi) {
			return bdb, ffi.Size(), nil
		}
		if cerr := bdb.Close(); cerr != nil {
			return nil, 0, fmt.Errorf("store: close %s: %w", path, cerr)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("store: open %s: %w", path, err)
		}
	}
	return nil, 0, replacedError(path)
}

// openBoltOnce is one attempt of openBolt; it returns the file bbolt
// locked.
func openBoltOnce(path string, readOnly bool, timeout time.Duration) (bdb *bolt.DB, file *os.File, err error) {
	if timeout < time.Millisecond {
		timeout = time.Millisecond // bbolt waits forever on 0; try once
	}
	var f *os.File
	opts := &bolt.Options{
		Timeout:  timeout,
		ReadOnly: readOnly,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			// The journal exists (or Open just made it): one moved away
			// since must not come back empty.
			file, err := os.OpenFile(name, flag&^os.O_CREATE, perm)
			if f == nil {
				f = file
			}
			return file, err
		},
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if f != nil {
				_ = f.Close() // best effort: the panic is the error to report
			}
			bdb, file, err = nil, nil, damaged(path, fmt.Sprintf("bbolt: %v", r))
		}
	}()
	bdb, err = bolt.Open(path, 0o600, opts)
	if err != nil {
		return nil, nil, openError(path, readOnly, err)
	}
	return bdb, f, nil
}

// openError turns an error of bolt.Open into hone's words.
func openError(path string, readOnly bool, err error) error {
	var errno syscall.Errno
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return lockedError(path)
	case errors.As(err, &pathErr), errors.As(err, &errno):
		if readOnly {
			return fileError(path, opRead, err)
		}
		return fileError(path, opWrite, err)
	}
	return damaged(path, "bbolt: "+err.Error())
}

// lockedError says that another hone holds path.
func lockedError(path string) error {
	return journal.Errorf(journal.ELOCKED, "%s is open in another hone; close that one and try again", path)
}

// damageError is the EDAMAGED error of a file hone cannot read. Its
// message is the one line Open returns; reason says what is wrong, for
// Doctor's report.
type damageError struct {
	reason string
	err    *journal.Error
}

// Error returns the one-line message.
func (e *damageError) Error() string { return e.err.Error() }

// Unwrap gives the *journal.Error, so journal.ErrorCode reads EDAMAGED.
func (e *damageError) Unwrap() error { return e.err }

// damaged returns the EDAMAGED error for a file hone cannot read, with the
// reason in brackets.
func damaged(path, reason string) error {
	return &damageError{reason: reason, err: journal.Errorf(journal.EDAMAGED,
		"%s cannot be read as a hone journal (%s); run `hone doctor --db %s` for details",
		path, reason, journal.ShellQuote(path))}
}

// newerError is the EDAMAGED error for a journal of a schema newer than this
// build knows.
func newerError(path string, schema uint64) error {
	return &damageError{
		reason: fmt.Sprintf("it was made by a newer hone (journal schema %d; this hone reads up to %d)", schema, schemaVersion),
		err: journal.Errorf(journal.EDAMAGED,
			"%s was made by a newer hone (journal schema %d; this hone reads up to %d); update hone, or run `hone doctor --db %s` for details",
			path, schema, schemaVersion, journal.ShellQuote(path)),
	}
}
