package store

// The schema: what state a file is in (new, current, older), making a new
// journal, and the migrations that bring an older one up to date.

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

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
	case (st.crypt == nil) != (db.cryptKeys() == nil):
		return errReplaced
	case st.crypt != nil && st.cryptRaw != checked.cryptRaw:
		keys, err := st.crypt.open(db.path, passphrase)
		if err != nil {
			return err
		}
		db.keys.Store(keys)
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
