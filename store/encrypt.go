package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"syscall"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// Encrypt rewrites the plain journal at path as an encrypted one (crypt.go),
// under a new random data key that passphrase unlocks. The new file is built
// beside the journal, synced, opened with the passphrase and compared with
// the journal, then renamed over it: a crash leaves the old file or the
// whole new one, and no plain copy stays behind. Backups made before stay
// plain: PlainBackups lists them.
//
// Errors: ENOTFOUND when there is no journal at path; EINVALID when it is
// encrypted already, the passphrase is shorter than MinPassphraseLen, or
// the file has other hard links; EDAMAGED when a record does not decode;
// and Open's (ELOCKED, EDAMAGED). The journal is unchanged on any error.
func Encrypt(path, passphrase string) error {
	return encryptJournal(path, passphrase, defaultKDF())
}

// encryptJournal is Encrypt with the key derivation's parameters.
func encryptJournal(path, passphrase string, p kdfParams) error {
	if err := checkNewPassphrase(passphrase); err != nil {
		return err
	}
	db, err := openForRewrite(path, func() (string, error) {
		return "", journal.Errorf(journal.EINVALID, "%s is encrypted already (hone passphrase changes its passphrase)", path)
	})
	if err != nil {
		return err
	}
	to, err := newDataKey()
	if err == nil {
		var h *cryptHeader
		if h, err = wrapDataKey(to.dataKey, passphrase, p); err == nil {
			err = db.rewrite(to, h, func(tmp string) error {
				return verifyCopy(db, tmp, Options{ReadOnly: true, Passphrase: func() (string, error) { return passphrase, nil }})
			})
		}
	}
	return closeAfter(db, err)
}

// Decrypt rewrites the encrypted journal at path as a plain one, the way
// Encrypt rewrites a plain one. Backups made before stay encrypted.
//
// Errors: ENOTFOUND when there is no journal at path; EINVALID when it is
// not encrypted or has other hard links; EPASSPHRASE when the passphrase
// does not open it; EDAMAGED when a record does not open; and Open's. The
// journal is unchanged on any error.
func Decrypt(path, passphrase string) error {
	db, err := openForRewrite(path, func() (string, error) { return passphrase, nil })
	if err != nil {
		return err
	}
	if db.cryptKeys() == nil {
		err = journal.Errorf(journal.EINVALID, "%s is not encrypted", path)
	} else {
		err = db.rewrite(nil, nil, func(tmp string) error {
			return verifyCopy(db, tmp, Options{ReadOnly: true})
		})
	}
	return closeAfter(db, err)
}

// ChangePassphrase re-wraps the data key of the encrypted journal at path
// under newPassphrase, in one durable write; the sealed values are not
// touched. The data key stays the same: whoever knew the old passphrase and
// kept a copy of the file can still read that copy, and the old wrapped key
// may linger in the file's free pages. To retire a key, Decrypt and Encrypt
// again.
//
// Errors: ENOTFOUND when there is no journal at path; EINVALID when it is
// not encrypted or the new passphrase is shorter than MinPassphraseLen;
// EPASSPHRASE when the old passphrase does not open it; and Open's.
func ChangePassphrase(path, oldPassphrase, newPassphrase string) error {
	return changePassphrase(path, oldPassphrase, newPassphrase, defaultKDF())
}

// changePassphrase is ChangePassphrase with the key derivation's
// parameters.
func changePassphrase(path, oldPassphrase, newPassphrase string, p kdfParams) error {
	if err := checkNewPassphrase(newPassphrase); err != nil {
		return err
	}
	db, err := openForRewrite(path, func() (string, error) { return oldPassphrase, nil })
	if err != nil {
		return err
	}
	if db.cryptKeys() == nil {
		return closeAfter(db, journal.Errorf(journal.EINVALID, "%s is not encrypted (hone encrypt encrypts it)", path))
	}
	h, err := wrapDataKey(db.cryptKeys().dataKey, newPassphrase, p)
	var raw []byte
	if err == nil {
		raw, err = h.encode()
	}
	if err == nil {
		err = db.update(func(tx *bolt.Tx) error {
			meta, err := db.bucket(tx, bucketMeta)
			if err != nil {
				return err
			}
			if err := meta.Put([]byte(metaCrypt), raw); err != nil {
				return fmt.Errorf("store: put the encryption header: %w", err)
			}
			return nil
		})
	}
	return closeAfter(db, err)
}

// IsEncrypted reports whether the journal at path is encrypted, reading it
// with a shared lock. Errors as Open's with ReadOnly: ENOTFOUND, ELOCKED,
// EDAMAGED, EINVALID.
func IsEncrypted(path string) (bool, error) {
	st, err := inspectFile(path)
	if err != nil {
		return false, err
	}
	return st.crypt != nil, nil
}

// PlainBackups returns the backups of the journal at path in its backups
// folder (BackupDir, named after the journal) that are not encrypted: after
// Encrypt, the copies that still hold the journal in plain text, for the
// user to remove. Files there that are not journals are left out.
func PlainBackups(path string) ([]string, error) {
	var plain []string
	for _, b := range backupsOf(path) {
		if st, err := inspectFile(b.path); err == nil && !st.empty && st.crypt == nil {
			plain = append(plain, b.path)
		}
	}
	sort.Strings(plain)
	return plain, nil
}

// inspectFile checks the journal file at path as Open does, through a
// read-only handle, and returns what it found.
func inspectFile(path string) (state, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return state{}, journal.Errorf(journal.ENOTFOUND, "there is no journal at %s", path)
	case err != nil:
		return state{}, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := checkFile(path, fi); err != nil {
		return state{}, err
	}
	bdb, size, err := openBolt(path, true, MaxTimeout)
	if err != nil {
		return state{}, err
	}
	db := &DB{bolt: bdb, path: path, readOnly: true}
	var st state
	err = db.view(func(tx *bolt.Tx) error {
		var err error
		st, err = inspect(tx, path, size)
		return err
	})
	return st, closeAfter(db, err)
}

// openForRewrite opens the journal at path for writing, so that its lock
// keeps every other hone out while Encrypt, Decrypt or ChangePassphrase
// work. passphrase is asked only when the journal is encrypted.
func openForRewrite(path string, passphrase func() (string, error)) (*DB, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, journal.Errorf(journal.ENOTFOUND, "there is no journal at %s", path)
	}
	return Open(path, Options{Passphrase: passphrase})
}

// closeAfter closes db and returns err, or the error of closing when err is
// nil.
func closeAfter(db *DB, err error) error {
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	return err
}

// copyBatch is how many entries one transaction of a rewrite copies.
const copyBatch = 1000

// rewrite replaces the journal's file by a copy of its content sealed by to
// under the header h, or plain when to is nil. The copy is written through
// the store's own write path into a new temporary file beside the journal
// (the file a symbolic link points to), synced, checked by check, and
// renamed over it; then the folder is synced. EINVALID for a file with
// other hard links. A crash at any point leaves at path either the old file
// or the whole new one, and the temporary file is removed on any error.
//
// A new file, rather than the journal re-sealed in place: bbolt leaves old
// versions of pages in its free pages, and an encrypted journal must not
// keep its plain text there. db must be open for writing, so that its lock
// keeps other hones out; it holds the old file until it is closed.
func (db *DB) rewrite(to *sealer, h *cryptHeader, check func(tmp string) error) (err error) {
	// The file itself is replaced, not a symbolic link to it; and a file
	// with other names (hard links) would keep its old content under them.
	target, err := filepath.EvalSymlinks(db.path)
	if err != nil {
		return fmt.Errorf("store: rewrite %s: %w", db.path, err)
	}
	fi, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("store: rewrite %s: %w", db.path, err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
		return journal.Errorf(journal.EINVALID, "%s has %d names (hard links), which would keep the old content; remove the other links first", db.path, st.Nlink)
	}
	dir := filepath.Dir(target)
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".rewrite-*")
	if err != nil {
		return fmt.Errorf("store: rewrite %s: %w", db.path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = os.Remove(tmp) // the error that stopped the rewrite is the one to report
		}
	}()
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: rewrite %s: %w", db.path, err)
	}
	if err := db.copyTo(tmp, to, h); err != nil {
		return db.damageOr(err)
	}
	if err := check(tmp); err != nil {
		return db.damageOr(fmt.Errorf("store: rewrite %s: the new file does not check out, so the journal was left as it was: %w", db.path, err))
	}
	if err := os.Rename(tmp, target); err != nil {
		return fmt.Errorf("store: rewrite %s: %w", db.path, err)
	}
	return syncDir(dir)
}

// damageOr returns, for a rewrite that failed with err, the damage Doctor
// finds in the journal, which is what made the copy fail (an error of the
// copy names a temporary file that is gone by then); err when Doctor finds
// none.
func (db *DB) damageOr(err error) error {
	fi, serr := os.Stat(db.path)
	if serr != nil {
		return err
	}
	r := &Report{Path: db.path, Schema: -1}
	if verr := db.view(func(tx *bolt.Tx) error {
		if tx.Size() > fi.Size() {
			r.problem("the file has %d of its %d bytes; it was cut short", fi.Size(), tx.Size())
			return nil
		}
		db.doctorRecords(tx, r)
		return nil
	}); verr != nil {
		return damaged(db.path, reasonOf(verr))
	}
	if r.OK() {
		return err
	}
	return damaged(db.path, r.Problems[0]+"; nothing was changed")
}

// copyTo writes the journal's content into the new bbolt file at path,
// sealed by to (plain when nil) under the header h, and syncs it.
func (db *DB) copyTo(path string, to *sealer, h *cryptHeader) (err error) {
	// Each commit need not reach the disk: the file is synced once at the
	// end, before anything relies on it.
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: MaxTimeout, NoSync: true})
	if err != nil {
		return fmt.Errorf("store: create %s: %w", path, err)
	}
	dst := &DB{bolt: bdb, path: path, now: db.now, entropy: db.entropy}
	dst.keys.Store(to)
	defer func() {
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
	}()
	err = db.view(func(src *bolt.Tx) error {
		return db.copyTx(src, dst, h)
	})
	if err != nil {
		return err
	}
	if err := bdb.Sync(); err != nil {
		return fmt.Errorf("store: sync %s: %w", path, err)
	}
	return nil
}

// copyTx copies the journal as src reads it into dst, which is new.
func (db *DB) copyTx(src *bolt.Tx, dst *DB, h *cryptHeader) error {
	// The cache is left behind: the copy's writes have other ids, so it
	// would be stale there.
	known := map[string]bool{bucketMeta: true, bucketConfig: true, bucketGoals: true, bucketCache: true, bucketFeedback: true, bucketDrafts: true}
	for _, name := range append(dataBuckets(), indexBuckets()...) {
		known[name] = true
	}
	err := src.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if !known[string(name)] {
			return damaged(db.path, fmt.Sprintf("it has a bucket %q that hone does not know", name))
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = dst.update(func(tx *bolt.Tx) error {
		if err := initJournal(tx); err != nil {
			return err
		}
		if err := db.copyMeta(src, tx, h); err != nil {
			return err
		}
		if err := db.copySkills(src, dst, tx); err != nil {
			return err
		}
		for _, name := range []string{bucketPrompts, bucketConfig, bucketGoals, bucketFeedback, bucketDrafts} {
			if err := db.copyBucket(src, dst, tx, name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	entries, err := db.bucket(src, bucketEntries)
	if err != nil {
		return err
	}
	c := entries.Cursor()
	k, v := c.First()
	for k != nil {
		err := dst.update(func(tx *bolt.Tx) error {
			for n := 0; k != nil && n < copyBatch; n++ {
				e, err := db.entryRecord(k, v)
				if err != nil {
					return err
				}
				if e.ID != string(k) {
					return damaged(db.path, fmt.Sprintf("entry %q is stored under the key %q", e.ID, k))
				}
				if err := dst.putEntry(tx, e); err != nil {
					return err
				}
				k, v = c.Next()
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// copyMeta copies the meta bucket but for the crypt header, which is h's.
func (db *DB) copyMeta(src, tx *bolt.Tx, h *cryptHeader) error {
	sm, err := db.bucket(src, bucketMeta)
	if err != nil {
		return err
	}
	dm := tx.Bucket([]byte(bucketMeta))
	err = sm.ForEach(func(k, v []byte) error {
		if string(k) == metaCrypt || v == nil {
			return nil
		}
		return dm.Put(bytes.Clone(k), bytes.Clone(v))
	})
	if err != nil {
		return fmt.Errorf("store: copy the meta data: %w", err)
	}
	if h == nil {
		return nil
	}
	raw, err := h.encode()
	if err != nil {
		return err
	}
	if err := dm.Put([]byte(metaCrypt), raw); err != nil {
		return fmt.Errorf("store: put the encryption header: %w", err)
	}
	return nil
}

// copySkills copies the skills bucket: each record under its skill's key
// in dst, naming its skill.
func (db *DB) copySkills(src *bolt.Tx, dst *DB, tx *bolt.Tx) error {
	sb, err := db.bucket(src, bucketSkills)
	if err != nil {
		return err
	}
	b := tx.Bucket([]byte(bucketSkills))
	if err := b.SetSequence(sb.Sequence()); err != nil {
		return fmt.Errorf("store: copy the skills: %w", err)
	}
	return sb.ForEach(func(k, v []byte) error {
		r, err := db.skillRecord(k, v)
		if err != nil {
			return err
		}
		plain, err := encodeSkillRecord(r)
		if err != nil {
			return err
		}
		key := dst.skillKey(r.ID)
		if err := b.Put(key, dst.seal(bucketSkills, key, plain)); err != nil {
			return fmt.Errorf("store: copy skill %s: %w", r.ID, err)
		}
		return nil
	})
}

// copyBucket copies a bucket whose keys hold no text (prompts, config,
// goals, feedback), opening each value with db's keys and sealing it with dst's. A
// bucket src lacks is not made.
func (db *DB) copyBucket(src *bolt.Tx, dst *DB, tx *bolt.Tx, name string) error {
	sb := src.Bucket([]byte(name))
	if sb == nil {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists([]byte(name))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", name, err)
	}
	if err := b.SetSequence(sb.Sequence()); err != nil {
		return fmt.Errorf("store: copy %s: %w", name, err)
	}
	return sb.ForEach(func(k, v []byte) error {
		if v == nil {
			return damaged(db.path, fmt.Sprintf("its %s bucket holds a bucket", name))
		}
		plain, err := db.open(name, k, v)
		if err != nil {
			return err
		}
		k = bytes.Clone(k)
		if err := b.Put(k, dst.seal(name, k, bytes.Clone(plain))); err != nil {
			return fmt.Errorf("store: copy %s: %w", name, err)
		}
		return nil
	})
}

// verifyCopy opens the new file at path with opts, as hone will open it,
// and checks that it holds what the journal db holds.
func verifyCopy(db *DB, path string, opts Options) error {
	cp, err := Open(path, opts)
	if err != nil {
		return err
	}
	err = db.view(func(a *bolt.Tx) error {
		return cp.view(func(b *bolt.Tx) error {
			return sameContent(db, a, cp, b)
		})
	})
	return closeAfter(cp, err)
}

// sameContent reports, as an error, the first difference between two
// journals: their entries, catalogs, custom prompts, goals, watch lists,
// facilitator names, ratings and last entry ids.
func sameContent(x *DB, xt *bolt.Tx, y *DB, yt *bolt.Tx) error {
	differ := func(what string) error { return fmt.Errorf("its %s differ from the journal's", what) }
	xe, err := x.bucket(xt, bucketEntries)
	if err != nil {
		return err
	}
	ye, err := y.bucket(yt, bucketEntries)
	if err != nil {
		return err
	}
	if xe.Stats().KeyN != ye.Stats().KeyN {
		return differ("entries")
	}
	err = xe.ForEach(func(k, v []byte) error {
		a, err := x.entryRecord(k, v)
		if err != nil {
			return err
		}
		b, err := y.getEntry(yt, string(k))
		if err != nil {
			return err
		}
		ab, err := encodeEntry(a)
		if err != nil {
			return err
		}
		bb, err := encodeEntry(b)
		if err != nil {
			return err
		}
		if !bytes.Equal(ab, bb) {
			return differ("entries")
		}
		return nil
	})
	if err != nil {
		return err
	}
	type part struct {
		what string
		read func(db *DB, tx *bolt.Tx) (any, error)
	}
	for _, p := range []part{
		{"skills", func(db *DB, tx *bolt.Tx) (any, error) { return db.catalog(tx) }},
		{"prompts", func(db *DB, tx *bolt.Tx) (any, error) { return db.customPrompts(tx) }},
		{"goals", func(db *DB, tx *bolt.Tx) (any, error) { return db.goals(tx) }},
		{"watch list", func(db *DB, tx *bolt.Tx) (any, error) { return db.watchList(tx) }},
		{"facilitator name", func(db *DB, tx *bolt.Tx) (any, error) { return db.facilitatorName(tx) }},
		{"ratings", func(db *DB, tx *bolt.Tx) (any, error) { return db.ratings(tx) }},
		{"meta data", func(db *DB, tx *bolt.Tx) (any, error) {
			meta, err := db.bucket(tx, bucketMeta)
			if err != nil {
				return nil, err
			}
			return string(meta.Get([]byte(metaLastID))) + "/" + string(meta.Get([]byte(metaSchema))), nil
		}},
	} {
		a, err := p.read(x, xt)
		if err != nil {
			return err
		}
		b, err := p.read(y, yt)
		if err != nil {
			return err
		}
		if !reflect.DeepEqual(a, b) {
			return differ(p.what)
		}
	}
	return nil
}
