// Package store keeps hone's journal in one bbolt file. It implements the
// service interfaces of package journal: entries with secondary indexes for
// dates, skills, tags, families and kinds; the skill catalog; the prompt
// library; and ratings read from the skill index alone. It also makes hot
// backups and checks a file for damage (Doctor).
//
// The file is opened with a lock, so one hone at a time writes to it. A file
// hone cannot read is never rewritten: Open checks it read-only first and
// refuses it with an EDAMAGED error that points to `hone doctor`.
//
// A journal may be encrypted at rest (Encrypt, Decrypt, ChangePassphrase;
// the design is in crypt.go): Open then asks for the passphrase, and every
// value is sealed and opened behind small DB methods (seal, open, keyPart)
// that are the identity for a plain journal.
package store

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"hone/journal"
)

// Options configure Open.
type Options struct {
	Timeout  time.Duration    // lock wait; 0 means 2s; never more than 2s
	ReadOnly bool             // open with a shared lock, never create or migrate
	Now      func() time.Time // clock; nil means time.Now
	Entropy  io.Reader        // id randomness; nil means crypto/rand.Reader

	// Passphrase is asked for the passphrase when the journal is encrypted,
	// and only then, once per Open. Nil: an encrypted journal gives
	// EPASSPHRASE. An error it returns is Open's error, as it is.
	Passphrase func() (string, error)
}

// MaxTimeout is the longest Open waits for another hone to let go of the
// file.
const MaxTimeout = 2 * time.Second

// DB is an open journal file. It is safe for concurrent use; writes are
// serialised by bbolt.
type DB struct {
	bolt     *bolt.DB
	path     string
	now      func() time.Time
	entropy  io.Reader
	readOnly bool
	crypt    *sealer     // the keys of an encrypted journal; nil when plain
	shared   *sharedFile // set by OpenShared: bolt is nil, and each transaction opens the file

	// Writes that no caller waits for (keeping the drift analysis) run
	// in the background; Close waits for them.
	mu      sync.Mutex
	closed  bool
	pending sync.WaitGroup

	// rated holds the skills whose ratings the write under way changes
	// (noteRated); update notes them in the cache bucket as the write
	// ends (drift.go). Only writes touch it, and bbolt runs one at a time.
	rated map[string]struct{}
}

// DefaultPath returns where the journal lives when no path is given:
// $XDG_DATA_HOME/hone/journal.db, or ~/.local/share/hone/journal.db when
// XDG_DATA_HOME is unset or not an absolute path.
func DefaultPath() (string, error) {
	if dir := os.Getenv("XDG_DATA_HOME"); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, "hone", "journal.db"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("store: find the journal: %w; give its path with --db", err)
	}
	return filepath.Join(home, ".local", "share", "hone", "journal.db"), nil
}

// Open opens the journal at path, creating it (mode 0600, in directories
// created 0700) when it does not exist, unless opts.ReadOnly. An existing file
// is first checked through a read-only handle, so a file hone cannot read
// is never written to. An older journal is backed up into the backups
// folder beside it and migrated forward. An encrypted journal is unlocked
// with opts.Passphrase, asked while the file is held read-only.
//
// Errors: ELOCKED when another hone has the file open (after at most 2 s);
// EDAMAGED when the file is damaged, truncated, not a hone journal or made
// by a newer hone; EPASSPHRASE when the journal is encrypted and
// opts.Passphrase is nil or gives a passphrase that does not open it;
// EINVALID when path is not a regular file or (ReadOnly) the journal needs
// an upgrade; ENOTFOUND when ReadOnly and there is no journal yet.
func Open(path string, opts Options) (*DB, error) {
	timeout := opts.Timeout
	if timeout <= 0 || timeout > MaxTimeout {
		timeout = MaxTimeout
	}
	// The file may be replaced (hone encrypt, hone decrypt) between the
	// read-only check and the writable open: then start again.
	for range 3 {
		db, err := open(path, opts, timeout)
		if !errors.Is(err, errReplaced) {
			return db, err
		}
	}
	return nil, replacedError(path)
}

// noJournalError is Open's ENOTFOUND for a read of a journal that does
// not exist.
func noJournalError(path string) error {
	return journal.Errorf(journal.ENOTFOUND, "there is no journal at %s; check the path, or start one there with hone add or hone", path)
}

// upgradeError is the error of a read-only Open of a journal of an older
// schema, which only a writable Open upgrades.
type upgradeError struct{ err *journal.Error }

// Error returns the one-line message.
func (e *upgradeError) Error() string { return e.err.Error() }

// Unwrap gives the *journal.Error (EINVALID).
func (e *upgradeError) Unwrap() error { return e.err }

// NeedsUpgrade reports whether err is the refusal of a read-only Open of a
// journal that a writable Open would upgrade first.
func NeedsUpgrade(err error) bool {
	var u *upgradeError
	return errors.As(err, &u)
}

// errReplaced reports that the journal file changed between the read-only
// check and the writable open, or while waiting for its lock.
var errReplaced = errors.New("store: the journal file was replaced while it was being opened")

// replacedError is what Open says when the file keeps being replaced.
func replacedError(path string) error {
	return journal.Errorf(journal.ELOCKED, "%s is being replaced by another hone (encrypt or decrypt); try again when it is done", path)
}

// open is one attempt of Open.
func open(path string, opts Options, timeout time.Duration) (*DB, error) {
	deadline := time.Now().Add(timeout)
	db := &DB{path: path, now: opts.Now, entropy: opts.Entropy, readOnly: opts.ReadOnly}
	if db.now == nil {
		db.now = time.Now
	}
	if db.entropy == nil {
		db.entropy = rand.Reader
	}

	var st state
	var passphrase string
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := missingError(path); err != nil {
			return nil, err
		}
		if err := backupsWithoutJournal(path); err != nil {
			return nil, err
		}
		if opts.ReadOnly {
			return nil, noJournalError(path)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fileError(path, opCreate, err)
		}
		if err := createJournal(path); err != nil {
			return nil, fileError(path, opCreate, err)
		}
	case err != nil:
		return nil, fileError(path, opRead, err)
	default:
		if err := checkFile(path, fi); err != nil {
			return nil, err
		}
		// Check the file through a read-only handle before bbolt may write.
		bdb, size, err := openBolt(path, true, time.Until(deadline))
		if err != nil {
			return nil, err
		}
		err = db.guard(func() error {
			return bdb.View(func(tx *bolt.Tx) error {
				st, err = inspect(tx, path, size)
				return err
			})
		})
		if err == nil && opts.ReadOnly && st.schema < schemaVersion && !st.empty {
			err = &upgradeError{journal.Errorf(journal.EINVALID, "%s was made by an older hone and needs an upgrade; open it once for writing (e.g. hone add, or hone) to upgrade it", path)}
		}
		if err == nil && opts.ReadOnly && st.empty {
			err = journal.Errorf(journal.ENOTFOUND, "there is no journal at %s yet: the file was never set up; hone add or hone sets it up", path)
		}
		if err != nil {
			_ = bdb.Close() // the refusal is the error to report
			return nil, err
		}
		if opts.ReadOnly && st.crypt == nil {
			db.bolt = bdb
			return db, nil
		}
		if err := bdb.Close(); err != nil {
			return nil, fmt.Errorf("store: close %s: %w", path, err)
		}
		if st.crypt != nil {
			// Asked holding no lock, so that other hones (an open TUI)
			// write on while someone types; the lock wait starts afresh
			// after.
			if db.crypt, passphrase, err = unlock(path, st.crypt, opts.Passphrase); err != nil {
				return nil, err
			}
			deadline = time.Now().Add(timeout)
		}
		if opts.ReadOnly {
			return db, db.reopenReadOnly(st, time.Until(deadline))
		}
	}

	bdb, _, err := openBolt(path, false, time.Until(deadline))
	if err != nil {
		return nil, err
	}
	db.bolt = bdb
	if err := db.prepare(st, passphrase); err != nil {
		if cerr := bdb.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("store: close %s: %w", path, cerr))
		}
		return nil, err
	}
	_ = db.removeLeftovers() // one that stays, hone doctor reports
	return db, nil
}

// reopenReadOnly takes the read-only handle of an encrypted journal again
// after its passphrase was asked: errReplaced when its encryption header is
// no longer the one checked (another hone re-keyed or replaced it).
func (db *DB) reopenReadOnly(checked state, timeout time.Duration) error {
	bdb, size, err := openBolt(db.path, true, timeout)
	if err != nil {
		return err
	}
	var st state
	err = db.guard(func() error {
		return bdb.View(func(tx *bolt.Tx) error {
			st, err = inspect(tx, db.path, size)
			return err
		})
	})
	if err == nil && st.cryptRaw != checked.cryptRaw {
		err = errReplaced
	}
	if err != nil {
		_ = bdb.Close() // the refusal is the error to report
		return err
	}
	db.bolt = bdb
	return nil
}

// Close closes the journal file, releasing its lock, once the writes
// running in the background are done.
func (db *DB) Close() error {
	db.mu.Lock()
	db.closed = true
	db.mu.Unlock()
	db.pending.Wait()
	if db.bolt == nil {
		return nil // OpenShared: nothing is held
	}
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	return nil
}

// Path returns the journal file's path as given to Open.
func (db *DB) Path() string { return db.path }

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
		path, reason, shellQuote(path))}
}

// newerError is the EDAMAGED error for a journal of a schema newer than this
// build knows.
func newerError(path string, schema uint64) error {
	return &damageError{
		reason: fmt.Sprintf("it was made by a newer hone (journal schema %d; this hone reads up to %d)", schema, schemaVersion),
		err: journal.Errorf(journal.EDAMAGED,
			"%s was made by a newer hone (journal schema %d; this hone reads up to %d); update hone, or run `hone doctor --db %s` for details",
			path, schema, schemaVersion, shellQuote(path)),
	}
}

// shellQuote quotes s for a POSIX shell when it needs quoting.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./~+=:,@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// state is what inspect learns of a journal.
type state struct {
	empty    bool // a bbolt file with no buckets at all: a journal never set up
	schema   uint64
	crypt    *cryptHeader // the encryption header; nil for a plain journal
	cryptRaw string       // the header as stored
}

// inspect checks that tx reads a hone journal this build understands. size
// is the file's size: a file shorter than bbolt's high-water mark was cut
// short, and reading it would run off its end.
func inspect(tx *bolt.Tx, path string, size int64) (state, error) {
	if size >= 0 && tx.Size() > size {
		return state{}, damaged(path, fmt.Sprintf("the file has %d of its %d bytes; it was cut short", size, tx.Size()))
	}
	meta := tx.Bucket([]byte(bucketMeta))
	if meta == nil {
		if k, _ := tx.Cursor().First(); k == nil {
			return state{empty: true}, nil
		}
		return state{}, damaged(path, "it is a bbolt file without hone's meta data, not a hone journal")
	}
	if f := meta.Get([]byte(metaFormat)); string(f) != formatName {
		return state{}, damaged(path, fmt.Sprintf("its format is %q, not %q", clip(f), formatName))
	}
	v := meta.Get([]byte(metaSchema))
	if len(v) != 8 {
		return state{}, damaged(path, "its schema version is missing or malformed")
	}
	schema := binary.BigEndian.Uint64(v)
	if schema > schemaVersion {
		return state{}, newerError(path, schema)
	}
	names := dataBuckets()
	if schema == schemaVersion {
		names = append(names, indexBuckets()...)
	} else {
		names = schemaBuckets(schema)
	}
	for _, name := range names {
		if tx.Bucket([]byte(name)) == nil {
			return state{}, damaged(path, fmt.Sprintf("its %s bucket is missing", name))
		}
	}
	st := state{schema: schema}
	if raw := meta.Get([]byte(metaCrypt)); raw != nil {
		if schema < 1 {
			return state{}, damaged(path, fmt.Sprintf("it has an encryption header, which schema %d does not have", schema))
		}
		h, err := parseCryptHeader(path, raw)
		if err != nil {
			return state{}, err
		}
		st.crypt, st.cryptRaw = h, string(raw)
	}
	return st, nil
}

// prepare runs on a journal open for writing: it sets up a new file, or
// migrates an older one after a backup. checked is what the read-only
// check found (zero for a file just created), and passphrase what
// unlocked it: if the encryption changed since, the file was replaced
// (errReplaced), or its passphrase changed and the journal is unlocked
// again.
func (db *DB) prepare(checked state, passphrase string) error {
	var st state
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		st, err = inspect(tx, db.path, -1)
		return err
	})
	if err != nil {
		return err
	}
	switch {
	case (st.crypt == nil) != (db.crypt == nil):
		return errReplaced
	case st.crypt != nil && st.cryptRaw != checked.cryptRaw:
		key, err := st.crypt.unwrap(db.path, passphrase)
		if err != nil {
			return err
		}
		if db.crypt, err = newSealer(key); err != nil {
			return err
		}
	}
	switch {
	case st.empty:
		return db.update(initJournal)
	case st.schema < schemaVersion:
		return db.migrate(st.schema)
	}
	return nil
}

// createJournal makes a new, set-up journal at path atomically: it is built
// in a temporary file beside path, synced, and linked into place, so a crash
// at first use never leaves a half-made file for the next start to refuse.
// If another hone created path meanwhile, that file is kept.
func createJournal(path string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".new-*")
	if err != nil {
		return fmt.Errorf("store: create the journal: %w", err)
	}
	tmpPath := tmp.Name()
	defer os.Remove(tmpPath)
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("store: create the journal: %w", err)
	}
	bdb, err := bolt.Open(tmpPath, 0o600, &bolt.Options{Timeout: MaxTimeout})
	if err != nil {
		return fmt.Errorf("store: create the journal: %w", err)
	}
	err = bdb.Update(initJournal)
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("store: create the journal: %w", err)
	}
	if err := os.Chmod(tmpPath, 0o600); err != nil {
		return fmt.Errorf("store: create the journal: %w", err)
	}
	if err := os.Link(tmpPath, path); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("store: create the journal: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// initJournal creates the buckets of a new journal and its meta data.
func initJournal(tx *bolt.Tx) error {
	for _, name := range append(dataBuckets(), indexBuckets()...) {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("store: create bucket %s: %w", name, err)
		}
	}
	meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bucketMeta, err)
	}
	if err := meta.Put([]byte(metaFormat), []byte(formatName)); err != nil {
		return fmt.Errorf("store: put format: %w", err)
	}
	if err := meta.Put([]byte(metaSchema), schemaBytes(schemaVersion)); err != nil {
		return fmt.Errorf("store: put schema: %w", err)
	}
	return nil
}

// guard runs fn, turning a panic or memory fault (bbolt's reaction to some
// damaged files) into an EDAMAGED error.
func (db *DB) guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged(db.path, fmt.Sprintf("reading it failed: %v", r))
		}
	}()
	return fn()
}

// view runs fn in a read transaction. Errors of fn come back as they are;
// bbolt's own get the file's name.
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	var fnErr error
	err := db.withBolt(true, func(b *bolt.DB) error {
		return db.guard(func() error {
			return b.View(func(tx *bolt.Tx) error {
				fnErr = fn(tx)
				return fnErr
			})
		})
	})
	if err != nil && fnErr == nil {
		return fmt.Errorf("store: read %s: %w", db.path, err)
	}
	return err
}

// background runs fn in a goroutine that Close waits for; after Close, not
// at all.
func (db *DB) background(fn func()) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return
	}
	db.pending.Add(1)
	go func() {
		defer db.pending.Done()
		fn()
	}()
}

// update runs fn in a write transaction, committed with an fsync. Errors
// of fn come back as they are; bbolt's own (a failed commit) get the
// file's name.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	if db.readOnly {
		return fmt.Errorf("store: %s is open read-only", db.path)
	}
	if err := knownDamaged(db.path); err != nil {
		return err
	}
	var fnErr error
	txid := 0
	err := db.withBolt(false, func(b *bolt.DB) error {
		return db.guard(func() error {
			return b.Update(func(tx *bolt.Tx) error {
				clear(db.rated)
				if fnErr = fn(tx); fnErr != nil {
					return fnErr
				}
				txid = tx.ID()
				fnErr = db.noteChanges(tx)
				return fnErr
			})
		})
	})
	if err == nil && db.shared != nil {
		db.shared.wrote(txid)
	}
	if err != nil && fnErr == nil {
		if ferr := fileError(db.path, opWrite, err); journal.ErrorCode(ferr) == journal.EFILE {
			return ferr
		}
		return fmt.Errorf("store: write to %s: %w", db.path, err)
	}
	return err
}

// clock returns the current time without its monotonic reading, so that a
// time stored and read back compares equal to the one returned.
func (db *DB) clock() time.Time {
	return db.now().Round(0)
}

// bucket returns a top-level bucket, or an EDAMAGED error when it is
// missing.
func (db *DB) bucket(tx *bolt.Tx, name string) (*bolt.Bucket, error) {
	if b := tx.Bucket([]byte(name)); b != nil {
		return b, nil
	}
	return nil, damaged(db.path, fmt.Sprintf("its %s bucket is missing", name))
}

// hasPrefix is bytes.HasPrefix, named for the cursor loops.
func hasPrefix(k, prefix []byte) bool { return k != nil && bytes.HasPrefix(k, prefix) }

// migration upgrades a journal by one schema version, inside the one
// transaction that upgrades it.
type migration func(db *DB, tx *bolt.Tx) error

// migrations returns the upgrades in order: migrations()[v] takes a journal
// from schema v to v+1. Its length is schemaVersion.
func migrations() []migration {
	return []migration{migrateV0}
}

// schemaBuckets returns the buckets a journal of an older schema has.
func schemaBuckets(v uint64) []string {
	switch v {
	case 0:
		return []string{bucketEntries, bucketSkills, bucketPrompts}
	}
	return nil
}

// migrateV0 upgrades schema 0, the journals of development builds before
// the secondary indexes: it builds every index from the entries.
func migrateV0(db *DB, tx *bolt.Tx) error {
	for _, name := range indexBuckets() {
		if tx.Bucket([]byte(name)) != nil {
			if err := tx.DeleteBucket([]byte(name)); err != nil {
				return fmt.Errorf("store: clear index %s: %w", name, err)
			}
		}
		if _, err := tx.CreateBucket([]byte(name)); err != nil {
			return fmt.Errorf("store: create index %s: %w", name, err)
		}
	}
	entries := tx.Bucket([]byte(bucketEntries))
	return entries.ForEach(func(k, v []byte) error {
		v, err := db.open(bucketEntries, k, v)
		if err != nil {
			return err
		}
		e, err := decodeEntry(v)
		if err != nil {
			return fmt.Errorf("store: entry %q: %w", k, err)
		}
		return db.putIndexes(tx, e)
	})
}

// migrate backs the journal up into the backups folder beside it, then
// upgrades it from schema from to schemaVersion in one transaction.
func (db *DB) migrate(from uint64) error {
	backup := newBackupPath(db.path, db.clock(), "pre-migration")
	err := db.view(func(tx *bolt.Tx) error {
		return WriteFileAtomic(backup, func(w io.Writer) error {
			_, err := tx.WriteTo(w)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("store: back up %s before upgrading it: %w", db.path, err)
	}
	return db.update(func(tx *bolt.Tx) error {
		ms := migrations()
		for v := from; v < schemaVersion; v++ {
			if err := ms[v](db, tx); err != nil {
				return fmt.Errorf("store: upgrade %s from schema %d (a backup is in %s): %w", db.path, v, backup, err)
			}
		}
		meta, err := db.bucket(tx, bucketMeta)
		if err != nil {
			return err
		}
		if err := meta.Put([]byte(metaSchema), schemaBytes(schemaVersion)); err != nil {
			return fmt.Errorf("store: put schema: %w", err)
		}
		return nil
	})
}
