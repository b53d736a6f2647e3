package store

import (
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// A journal opened with OpenShared holds no lock between its pieces of
// work: each read transaction opens the file read-only (bbolt's shared
// lock, which other readers take too), each write opens it for writing
// (the exclusive lock, waited for at most the Open timeout), and both
// close it again. So a TUI kept open all day lets every other hone read at
// once and write within its lock timeout. The keys of an encrypted journal
// are unwrapped once, by OpenShared, and stay in memory: no transaction
// runs the passphrase's key derivation again.

// sharedFile is how a DB from OpenShared reaches its file.
type sharedFile struct {
	timeout  time.Duration
	cryptRaw string // the encryption header the keys were unwrapped from

	mu   sync.Mutex
	sig  fileSig // the file as Changed last saw it
	seen version // the journal as this DB last knew it
	// unlocked is the encryption another hone took off the journal under
	// this DB (hone decrypt), or replaced with another key: the header and
	// keys it was unlocked with, which a locked screen's passphrase is
	// checked against while the journal is plain, and which seal a draft
	// kept aside (KeepDraftAside) while the journal's keys are not there.
	unlocked *unlockedCrypt
}

// unlockedCrypt is an encryption header and the keys it unwrapped.
type unlockedCrypt struct {
	header *cryptHeader
	keys   *sealer
}

// fileSig is what a stat says of the journal file: when it differs from
// the last one, the journal may have changed.
type fileSig struct {
	ino   uint64
	size  int64
	mtime time.Time
}

// version names one state of the journal: its file and bbolt's id of the
// last write committed to it, which every write raises.
type version struct {
	ino  uint64
	txid int
}

// OpenShared opens the journal at path as Open does (creating, upgrading
// and unlocking it), then lets go of the file: every transaction after it
// opens the file for itself and closes it again (see sharedFile). Its
// errors are Open's; a transaction's are those of Open with a lock wait
// of opts.Timeout, plus ELOCKED when another hone put a journal of
// another schema in its place since: that takes a new OpenShared;
// EPASSPHRASE when another hone encrypted it, or encrypted it again under
// another data key (hone decrypt, then hone encrypt), until Unlock is
// given its passphrase. A new passphrase over the same data key, and a
// decrypt, need nothing (see check).
func OpenShared(path string, opts Options) (*DB, error) {
	db, err := Open(path, opts)
	if err != nil {
		return nil, err
	}
	s := &sharedFile{timeout: MaxTimeout}
	if opts.Timeout > 0 && opts.Timeout < MaxTimeout {
		s.timeout = opts.Timeout
	}
	err = db.view(func(tx *bolt.Tx) error {
		if meta := tx.Bucket([]byte(bucketMeta)); meta != nil {
			s.cryptRaw = string(meta.Get([]byte(metaCrypt)))
		}
		s.seen.txid = tx.ID()
		return nil
	})
	if err == nil {
		var fi os.FileInfo
		if fi, err = os.Stat(path); err == nil {
			s.sig = sigOf(fi)
			s.seen.ino = s.sig.ino
		}
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	db.closed = false
	db.bolt, db.shared = nil, s
	return db, nil
}

// sigOf returns the signature of a stat.
func sigOf(fi os.FileInfo) fileSig {
	sig := fileSig{size: fi.Size(), mtime: fi.ModTime()}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		sig.ino = uint64(st.Ino)
	}
	return sig
}

// withBolt runs fn with the DB's bbolt handle: the one held since Open, or
// for a DB from OpenShared, the file opened for this transaction alone
// (read-only when readOnly) and closed after fn.
func (db *DB) withBolt(readOnly bool, fn func(b *bolt.DB) error) error {
	if db.shared == nil {
		return fn(db.bolt)
	}
	bdb, _, err := openBolt(db.path, readOnly, db.shared.timeout)
	if err != nil {
		return err
	}
	err = db.guard(func() error {
		return bdb.View(func(tx *bolt.Tx) error { return db.check(tx) })
	})
	if err == nil {
		err = fn(bdb)
	}
	if cerr := bdb.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("store: close %s: %w", db.path, cerr)
	}
	return err
}

// check refuses a journal that the DB's keys and code no longer fit. A
// new passphrase (hone passphrase, or a backup of this journal from
// before one) leaves the data key as it was: when a value of the journal
// opens with the DB's keys, they still fit, and the DB goes on under the
// new header. A journal another hone decrypted (or a plain copy restored)
// is plain: the DB drops its keys and goes on plain, so that nothing it
// writes after is sealed with keys the journal no longer has. A journal
// another hone encrypted, or encrypted again under another data key (the
// DB's keys open none of its values; a journal without one to try counts
// as such), needs its passphrase: the DB drops the keys it had and says
// so (EPASSPHRASE) until Unlock takes it. A journal of another schema put
// in its place is refused (ELOCKED).
func (db *DB) check(tx *bolt.Tx) error {
	s := db.shared
	st, err := inspect(tx, db.path, -1)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := db.cryptKeys()
	switch {
	case st.empty || st.schema != schemaVersion:
	case st.cryptRaw == s.cryptRaw:
		return nil
	case keys != nil && st.crypt == nil:
		h, err := parseCryptHeader(db.path, []byte(s.cryptRaw))
		if err != nil {
			return err
		}
		s.unlocked = &unlockedCrypt{header: h, keys: keys}
		// Every check takes s.mu: one that finds the header as it is now
		// finds the keys gone too.
		db.keys.Store(nil)
		s.cryptRaw = ""
		return nil
	case keys != nil && st.crypt != nil && db.keysOpen(tx):
		s.cryptRaw = st.cryptRaw
		return nil
	case keys != nil && st.crypt != nil:
		// Another data key (hone decrypt and hone encrypt again, or
		// another encrypted journal put in its place): the DB drops the
		// keys that no longer fit, so that nothing is read or written
		// with them, and waits for Unlock as a plain DB does. It keeps
		// them as it does after a decrypt, to seal a draft kept aside
		// (KeepDraftAside) and for a locked screen should the journal be
		// decrypted before the passphrase is given.
		h, err := parseCryptHeader(db.path, []byte(s.cryptRaw))
		if err != nil {
			return err
		}
		s.unlocked = &unlockedCrypt{header: h, keys: keys}
		db.keys.Store(nil)
		s.cryptRaw = ""
		return sealedError(db.path)
	case keys == nil && st.crypt != nil:
		return sealedError(db.path)
	}
	return journal.Errorf(journal.ELOCKED, "%s was replaced by another hone with a journal of another kind; quit hone and open it again", db.path)
}

// sealedError is what a DB from OpenShared says of a journal that another
// hone encrypted under it, or encrypted again under another key: Unlock
// takes the passphrase.
func sealedError(path string) error {
	return journal.Errorf(journal.EPASSPHRASE, "another hone encrypted %s; enter its passphrase to go on", path)
}

// Unlock is CheckPassphrase for a locked screen of a DB from OpenShared;
// when another hone encrypted the journal under it (a plain DB), or
// encrypted it again under another data key (the DB's keys no longer
// open it; see check), a passphrase that opens the journal as it is now
// gives the DB the journal's keys, so that it reads and writes the
// encrypted journal from then on. Errors as CheckPassphrase's.
func (db *DB) Unlock(passphrase string) error {
	s := db.shared
	if s == nil {
		return db.CheckPassphrase(passphrase)
	}
	// A look at the journal first finds what another hone did to it
	// (check): a new passphrase over the same key, a decrypt, or keys
	// that no longer fit, which it drops (EPASSPHRASE).
	err := db.view(func(*bolt.Tx) error { return nil })
	if journal.ErrorCode(err) != journal.EPASSPHRASE {
		if err != nil {
			return err
		}
		return db.CheckPassphrase(passphrase)
	}
	// The header as the file holds it: a transaction would refuse the
	// journal until the keys are there (check).
	bdb, st, err := db.inspectFile(s.timeout)
	if err != nil {
		return err
	}
	if err := bdb.Close(); err != nil {
		return fmt.Errorf("store: close %s: %w", db.path, err)
	}
	if st.crypt == nil {
		return db.CheckPassphrase(passphrase)
	}
	keys, err := st.crypt.open(db.path, passphrase)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if db.cryptKeys() == nil && s.cryptRaw == "" {
		db.keys.Store(keys)
		// The encryption a decrypt took off before is not the journal's
		// any more: the locked screen takes this passphrase now.
		s.cryptRaw, s.unlocked = st.cryptRaw, nil
	}
	return nil
}

// keysOpen reports whether the DB's keys open the first sealed value tx
// holds: false when it does not, or when there is none to try.
func (db *DB) keysOpen(tx *bolt.Tx) bool {
	for _, name := range [...]string{bucketEntries, bucketConfig, bucketSkills, bucketPrompts, bucketGoals, bucketDrafts, bucketFeedback} {
		b := tx.Bucket([]byte(name))
		if b == nil {
			continue
		}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v != nil {
				_, err := db.open(name, k, v)
				return err == nil
			}
		}
	}
	return false
}

// wrote notes a write this DB committed as transaction txid: when the
// journal was as this DB last knew it just before, the write is no news to
// Changed; otherwise someone else wrote in between, and Changed keeps
// saying so.
func (s *sharedFile) wrote(txid int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen.txid == txid-1 {
		s.seen.txid = txid
	}
}

// recentWrite is how long after a file's modification time Changed looks
// past an unchanged stat: a file system's clock ticks coarsely, so two
// writes may leave the same size and time.
const recentWrite = 2 * time.Second

// Changed reports whether another process wrote to the journal since the
// last call of Changed (since OpenShared, at first): another hone's entry,
// an import, a restore. The DB's own writes do not count. It costs a stat
// while the file is unchanged, and else a read-only open of the file's
// meta data; while another hone is writing, it reports false and looks
// again at the next call. A DB from Open always reports false. When
// another hone encrypted the journal under a plain DB, or encrypted it
// again under another data key than the DB's, the change comes with
// sealedError (EPASSPHRASE): Unlock takes the passphrase.
func (db *DB) Changed() (bool, error) {
	s := db.shared
	if s == nil {
		return false, nil
	}
	fi, err := os.Stat(db.path)
	if err != nil {
		return false, fileError(db.path, opRead, err)
	}
	sig := sigOf(fi)
	s.mu.Lock()
	same := sig == s.sig && time.Since(sig.mtime) > recentWrite
	s.mu.Unlock()
	if same {
		return false, nil
	}
	bdb, _, err := openBolt(db.path, true, 50*time.Millisecond)
	if journal.ErrorCode(err) == journal.ELOCKED {
		return false, nil // a write is under way: look again next time
	}
	if err != nil {
		return false, err
	}
	v := version{ino: sig.ino}
	sealed := false
	err = db.guard(func() error {
		return bdb.View(func(tx *bolt.Tx) error {
			v.txid = tx.ID()
			// What a transaction would find: a journal the DB's keys
			// (or lack of them) no longer open needs its passphrase.
			// Other refusals are the next transaction's to report.
			sealed = journal.ErrorCode(db.check(tx)) == journal.EPASSPHRASE
			return nil
		})
	})
	if cerr := bdb.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("store: close %s: %w", db.path, cerr)
	}
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	changed := v != s.seen
	s.seen, s.sig = v, sig
	if sealed {
		// Said whatever the version: a rewrite's new file may reuse the
		// old one's inode and transaction id.
		return true, sealedError(db.path)
	}
	return changed, nil
}
