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
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// Options configure Open.
type Options struct {
	Timeout  time.Duration    // lock wait; 0 means 2s; never more than 2s
	ReadOnly bool             // open with a shared lock, never create or migrate
	Existing bool             // never create the file: ENOTFOUND when there is no journal
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
	// keys are the keys of an encrypted journal, nil when plain. A DB from
	// OpenShared drops them when another hone decrypts the journal under
	// it (see check), so every use loads them (cryptKeys).
	keys   atomic.Pointer[sealer]
	shared *sharedFile // set by OpenShared: bolt is nil, and each transaction opens the file

	// Writes that no caller waits for (keeping the drift analysis) run
	// in the background; Close waits for them.
	mu      sync.Mutex
	closed  bool
	pending sync.WaitGroup

	// afterRead is an analysis a read-only DB made for today, kept once
	// its handle is closed (keepAfterRead); nil when there is none.
	afterRead *readAnalysis

	// sawDamage is set once a read or write found the file damaged: a
	// command that fails on a damaged journal writes nothing into it, not
	// even the analysis it made before (afterRead).
	sawDamage bool

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
// created 0700) when it does not exist, unless opts.ReadOnly or
// opts.Existing. An existing file
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
// an upgrade; ENOTFOUND when ReadOnly or Existing and there is no journal
// yet.
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
		if opts.ReadOnly || opts.Existing {
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
			var keys *sealer
			if keys, passphrase, err = unlock(path, st.crypt, opts.Passphrase); err != nil {
				return nil, err
			}
			db.keys.Store(keys)
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
	bdb, st, err := db.inspectFile(timeout)
	if err != nil {
		return err
	}
	if st.cryptRaw != checked.cryptRaw {
		_ = bdb.Close() // the refusal is the error to report
		return errReplaced
	}
	db.bolt = bdb
	return nil
}

// inspectFile opens the journal file read-only and reads its state as the
// file holds it (its encryption header among it): a transaction of the
// DB's own would refuse an encrypted journal whose keys it lacks. The
// handle returned is open; on an error nothing is.
func (db *DB) inspectFile(timeout time.Duration) (*bolt.DB, state, error) {
	bdb, size, err := openBolt(db.path, true, timeout)
	if err != nil {
		return nil, state{}, err
	}
	var st state
	err = db.guard(func() error {
		return bdb.View(func(tx *bolt.Tx) error {
			st, err = inspect(tx, db.path, size)
			return err
		})
	})
	if err != nil {
		_ = bdb.Close() // the refusal is the error to report
		return nil, state{}, err
	}
	return bdb, st, nil
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
	db.mu.Lock()
	kept := db.afterRead
	if db.sawDamage {
		kept = nil
	}
	db.mu.Unlock()
	if kept != nil {
		db.keepAfterRead(kept)
	}
	return nil
}

// cryptKeys returns the keys of an encrypted journal, nil when plain.
func (db *DB) cryptKeys() *sealer { return db.keys.Load() }

// Path returns the journal file's path as given to Open.
func (db *DB) Path() string { return db.path }

// guard runs fn, turning a panic or memory fault (bbolt's reaction to some
// damaged files, among them pages that loop back up a tree: see
// third_party/bbolt/README.hone.md) into an EDAMAGED error. Any EDAMAGED
// error fn returns or a panic gives is noted (sawDamage).
func (db *DB) guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = brokenError(db.path, r)
		}
		if journal.ErrorCode(err) == journal.EDAMAGED {
			db.mu.Lock()
			db.sawDamage = true
			db.mu.Unlock()
		}
	}()
	return fn()
}

// brokenError is the EDAMAGED error of a journal that opened but whose
// pages fail when they are read (r is the panic): one line saying that it
// is damaged and what to do.
func brokenError(path string, r any) error {
	reason := fmt.Sprintf("reading it failed: %v", r)
	if s, ok := r.(string); ok && strings.HasPrefix(s, "bbolt: ") {
		switch {
		case strings.Contains(s, "points back up its tree"):
			reason = "some of its pages point back up the tree they belong to, so part of it cannot be read"
		case strings.Contains(s, "holds itself"):
			reason = "one of its parts holds itself, so part of it cannot be read"
		case strings.Contains(s, "past the end of the file"):
			reason = "a page says it runs past the end of the file"
		}
	}
	return &damageError{reason: reason, err: journal.Errorf(journal.EDAMAGED,
		"%s is damaged (%s); run `hone doctor --db %s` to see what, then restore the backup it names with hone restore, or save what can still be read with hone doctor --salvage NEW.db",
		path, journal.SafeLine(reason), journal.ShellQuote(path))}
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
		return journal.Errorf(journal.EFILE, "%s is open read-only, so nothing was written; to write, make it writable (chmod u+w %s) and start hone again", db.path, journal.ShellQuote(db.path))
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
