package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// Report is what Doctor found in a journal file.
type Report struct {
	Path     string   // the file checked
	Entries  int      // entries that decode
	Ratings  int      // ratings in those entries
	Schema   int      // the journal's schema version; -1 when unknown
	Problems []string // what is wrong, one sentence each; none when OK
	Backup   string   // the newest healthy backup of this journal, "" if none

	// Leftovers are temporary files of a hone stopped part-way (see
	// Leftovers); the next hone to open the journal for writing removes
	// them. They are not damage of the journal.
	Leftovers []string

	// Mark is the damage mark beside the journal, nil when there is none:
	// left by a check that found the journal damaged, it stops writes into
	// it while it names the file in place (see DamageMark); a check that
	// finds the journal healthy removes it.
	Mark *DamageMark

	// Encrypted is set for an encrypted journal. Without its passphrase,
	// Doctor checks the file's structure, meta data and encryption header
	// but not the records and indexes: RecordsChecked is then false, which
	// is not a problem.
	Encrypted      bool
	RecordsChecked bool // every record and index was checked
}

// OK reports whether Doctor found nothing wrong.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// maxProblems bounds the problems a report lists one by one.
const maxProblems = 50

// problem adds a problem to the report, summarising beyond maxProblems.
func (r *Report) problem(format string, args ...any) {
	switch n := len(r.Problems); {
	case n < maxProblems:
		r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
	case n == maxProblems:
		r.Problems = append(r.Problems, "more problems follow; only the first ones are listed")
	}
}

// Doctor checks the journal at path without changing it: bbolt's own
// consistency check, the meta data and schema, that every entry, custom
// skill and custom prompt decodes and every entry passes validation (dates
// aside), and that the indexes hold exactly the keys of the entries. It
// opens the file read-only with a shared lock, waiting at most timeout (0
// means 2 s). An encrypted journal is checked without its records (see
// Report.Encrypted); DoctorWith takes a passphrase to check them.
//
// A file that cannot be read at all (empty, cut short, garbage, not a
// journal, from a newer hone) gives a Report listing the problem, not an
// error. Errors: ELOCKED when another hone is writing to the file,
// ENOTFOUND when there is no file, and I/O errors such as a permission
// denied.
func Doctor(path string, timeout time.Duration) (*Report, error) {
	return DoctorWith(path, DoctorOptions{Timeout: timeout})
}

// DoctorOptions configure DoctorWith.
type DoctorOptions struct {
	Timeout time.Duration // lock wait; 0 means 2 s

	// Passphrase is asked, when the journal is encrypted, for the
	// passphrase that lets Doctor check its records. Nil: they are not
	// checked.
	Passphrase func() (string, error)

	// journal says the file checked is a journal in use (not a backup):
	// what the check finds sets or lifts its damage mark (knownDamaged).
	journal bool

	// sealer, when set, holds the keys of the encrypted journal checked
	// (DB.Check): its records are checked without asking a passphrase.
	sealer   *sealer
	cryptRaw string // the encryption header sealer's keys were unwrapped from
}

// DoctorWith is Doctor with options. With opts.Passphrase, an encrypted
// journal is checked in full; EPASSPHRASE if the passphrase does not open
// it, and an error of opts.Passphrase comes back as it is.
func DoctorWith(path string, opts DoctorOptions) (*Report, error) {
	opts.journal, opts.sealer, opts.cryptRaw = true, nil, ""
	r, err := checkJournal(path, opts)
	if r != nil {
		r.Backup, _ = HealthyBackup(path)
		r.Leftovers = Leftovers(path)
		r.Mark = damageMarkOf(path)
	}
	return r, err
}

// checkJournal is DoctorWith without looking for a backup to restore.
func checkJournal(path string, opts DoctorOptions) (_ *Report, err error) {
	timeout := opts.Timeout
	r := &Report{Path: path, Schema: -1}
	if timeout <= 0 || timeout > MaxTimeout {
		timeout = MaxTimeout
	}
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := missingError(path); err != nil {
			return nil, err
		}
		if err := backupsWithoutJournal(path); err != nil {
			return nil, err
		}
		return nil, journal.Errorf(journal.ENOTFOUND, "there is no journal at %s", path)
	case err != nil:
		return nil, fileError(path, opRead, err)
	}
	if err := checkFile(path, fi); err != nil {
		var de *damageError
		if !errors.As(err, &de) {
			return nil, err // a folder or a FIFO: not a journal file, not damage
		}
		return r, r.fail(err)
	}
	bdb, size, err := openBolt(path, true, timeout)
	if err != nil {
		return r, r.fail(err)
	}
	defer func() {
		if bdb == nil {
			return
		}
		if cerr := bdb.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("store: close %s: %w", path, cerr)
		}
	}()
	db := &DB{bolt: bdb, path: path, readOnly: true}
	// Unlock an encrypted journal first, outside the checking transaction
	// and holding no lock while the passphrase is typed (an open TUI
	// writes on). A header that does not parse is the check's to report.
	header := func() (h *cryptHeader, raw string) {
		_ = db.view(func(tx *bolt.Tx) error {
			if meta := tx.Bucket([]byte(bucketMeta)); meta != nil {
				if b := meta.Get([]byte(metaCrypt)); b != nil {
					raw = string(b)
					h, _ = parseCryptHeader(path, b)
				}
			}
			return nil
		})
		return h, raw
	}
	if h, raw := header(); h != nil && opts.sealer != nil && raw == opts.cryptRaw {
		db.keys.Store(opts.sealer)
	} else if h, raw := header(); h != nil && opts.Passphrase != nil {
		if err := bdb.Close(); err != nil {
			return nil, fmt.Errorf("store: close %s: %w", path, err)
		}
		crypt, _, uerr := unlock(path, h, opts.Passphrase)
		if bdb, size, err = openBolt(path, true, timeout); err != nil {
			bdb = nil
			return r, r.fail(err)
		}
		db.bolt = bdb
		if uerr != nil {
			return nil, uerr
		}
		if _, again := header(); again != raw {
			return nil, replacedError(path)
		}
		db.keys.Store(crypt)
	}
	var held fs.FileInfo // the file as it is while the check holds its lock
	err = db.view(func(tx *bolt.Tx) error {
		held, _ = os.Stat(path)
		return db.doctor(tx, r, size, held)
	})
	if err != nil {
		err = r.fail(err)
	}
	if opts.journal && held != nil && err == nil {
		// What the check found of the journal itself (not of a backup)
		// stops or allows the writes into it (knownDamaged).
		switch {
		case r.OK() && (!r.Encrypted || r.RecordsChecked):
			clearDamaged(path)
		case !r.OK():
			markDamaged(path, held, r.Problems[0])
		}
	}
	return r, err
}

// fail records err as the report's problem when it is damage, and returns
// it otherwise.
func (r *Report) fail(err error) error {
	var de *damageError
	if errors.As(err, &de) {
		r.problem("%s", de.reason)
		return nil
	}
	if journal.ErrorCode(err) == journal.EINVALID {
		r.problem("%s", journal.ErrorMessage(err))
		return nil
	}
	return err
}

// clip returns the start of a value read from a damaged file, for a
// message: a damaged length can make it any size.
func clip(b []byte) []byte {
	if len(b) > 40 {
		return append(b[:40:40], "..."...)
	}
	return b
}

// doctor runs the checks of Doctor inside one read transaction: the pages
// first, read from the file by hone itself (checkPages: bounded by the
// pages in the file, and a damaged page cannot fault), then, when they
// hold, every record through bbolt (whose cursors can loop or read out of
// bounds on damaged pages). held is the file as it is while tx holds its
// lock; the error is ELOCKED (replacedError) when the file at db.path is
// another one by then.
func (db *DB) doctor(tx *bolt.Tx, r *Report, size int64, held fs.FileInfo) error {
	if tx.Size() > size {
		r.problem("the file has %d of its %d bytes; it was cut short", size, tx.Size())
		return nil
	}
	ps := tx.DB().Info().PageSize
	ok, err := checkPages(db.path, held, ps, uint64(tx.Size())/uint64(ps), uint64(tx.ID()), r)
	if err != nil || !ok {
		return err
	}
	db.doctorRecords(tx, r)
	return nil
}

// doctorRecords runs the checks of Doctor that read the journal's buckets
// and records, on pages checkPages found whole.
func (db *DB) doctorRecords(tx *bolt.Tx, r *Report) {
	meta := tx.Bucket([]byte(bucketMeta))
	if meta == nil {
		if k, _ := tx.Cursor().First(); k == nil {
			r.Schema = 0 // a journal never set up: Open sets it up
			return
		}
		r.problem("it is a bbolt file without hone's meta data, not a hone journal")
		return
	}
	if f := meta.Get([]byte(metaFormat)); string(f) != formatName {
		r.problem("its format is %q, not %q", clip(f), formatName)
		return
	}
	v := meta.Get([]byte(metaSchema))
	if len(v) != 8 {
		r.problem("its schema version is missing or malformed")
		return
	}
	schema := binary.BigEndian.Uint64(v)
	if schema > schemaVersion {
		r.problem("it was made by a newer hone (journal schema %d; this hone reads up to %d)", schema, schemaVersion)
		return
	}
	r.Schema = int(schema)
	names := schemaBuckets(schema)
	if schema == schemaVersion {
		names = append(dataBuckets(), indexBuckets()...)
	}
	for _, name := range names {
		if tx.Bucket([]byte(name)) == nil {
			r.problem("its %s bucket is missing", name)
		}
	}
	if raw := meta.Get([]byte(metaCrypt)); raw != nil {
		r.Encrypted = true
		if _, err := parseCryptHeader(db.path, raw); err != nil {
			r.problem("%s", reasonOf(err))
			return
		}
		if db.cryptKeys() == nil {
			return // the records are sealed; without the passphrase, that is all
		}
	}
	catalog := db.doctorSkills(tx, r)
	db.doctorPrompts(tx, r)
	if b := tx.Bucket([]byte(bucketGoals)); b != nil {
		_ = b.ForEach(func(k, v []byte) error {
			if _, err := db.goalRecord(k, v); err != nil {
				r.problem("%s", reasonOf(err))
			}
			return nil
		})
	}
	if b := tx.Bucket([]byte(bucketFeedback)); b != nil {
		_ = b.ForEach(func(k, v []byte) error {
			if _, err := db.feedbackRecord(k, v); err != nil {
				r.problem("%s", reasonOf(err))
			}
			return nil
		})
	}
	if _, err := db.watchList(tx); err != nil {
		r.problem("%s", reasonOf(err))
	}
	if _, err := db.facilitatorName(tx); err != nil {
		r.problem("%s", reasonOf(err))
	}
	if _, err := db.journalID(tx); err != nil {
		r.problem("%s", reasonOf(err))
	}
	db.doctorEntries(tx, r, catalog, schema == schemaVersion)
	r.RecordsChecked = true
}

// reasonOf says what is wrong, for a report: the reason of a damage error
// and any detail joined to it.
func reasonOf(err error) string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var parts []string
		for _, e := range j.Unwrap() {
			parts = append(parts, reasonOf(e))
		}
		return strings.Join(parts, ": ")
	}
	var de *damageError
	if errors.As(err, &de) {
		return de.reason
	}
	return err.Error()
}

// doctorSkills checks the skills bucket and returns the catalog that
// decodes.
func (db *DB) doctorSkills(tx *bolt.Tx, r *Report) journal.Catalog {
	c := journal.BuiltinSkills()
	b := tx.Bucket([]byte(bucketSkills))
	if b == nil {
		return c
	}
	_ = b.ForEach(func(k, v []byte) error {
		rec, err := db.skillRecord(k, v)
		switch {
		case err != nil:
			r.problem("%s", reasonOf(err))
		case rec.Builtin:
			if _, ok := c.Find(rec.ID); !ok {
				r.problem("skill %q is marked built-in, but hone has no such built-in skill", rec.ID)
			}
		default:
			s := rec.customSkill()
			if err := s.Validate(); err != nil {
				r.problem("skill %q: %s", clip(k), journal.ErrorMessage(err))
			}
			c = append(c, s)
		}
		return nil
	})
	return c
}

// doctorPrompts checks that every custom prompt decodes and validates.
func (db *DB) doctorPrompts(tx *bolt.Tx, r *Report) {
	b := tx.Bucket([]byte(bucketPrompts))
	if b == nil {
		return
	}
	_ = b.ForEach(func(k, v []byte) error {
		v, err := db.open(bucketPrompts, k, v)
		if err != nil {
			r.problem("%s", reasonOf(err))
			return nil
		}
		p, err := decodePrompt(v)
		if err != nil {
			r.problem("custom prompt %x does not decode: %v", k, err)
			return nil
		}
		if err := p.Validate(); err != nil {
			r.problem("custom prompt %s: %s", p.ID, journal.ErrorMessage(err))
		}
		return nil
	})
}

// indexNames are the names Doctor gives the indexes.
func indexName(bucket string) string {
	switch bucket {
	case bucketIdxDate:
		return "date index"
	case bucketIdxSkill:
		return "skill index"
	case bucketIdxTag:
		return "tag index"
	case bucketIdxFamily:
		return "family index"
	case bucketIdxKind:
		return "kind index"
	}
	return bucket
}

// doctorEntries checks every entry and, when withIndexes, that the indexes
// hold exactly the entries' keys: each entry's keys are looked up, and an
// index with more keys than were found holds extra ones.
func (db *DB) doctorEntries(tx *bolt.Tx, r *Report, catalog journal.Catalog, withIndexes bool) {
	entries := tx.Bucket([]byte(bucketEntries))
	if entries == nil {
		return
	}
	found := map[string]int{}
	missing := map[string]int{}
	_ = entries.ForEach(func(k, v []byte) error {
		v, err := db.open(bucketEntries, k, v)
		if err != nil {
			r.problem("%s", reasonOf(err))
			return nil
		}
		e, err := decodeEntry(v)
		if err != nil {
			r.problem("entry %q does not decode: %v", clip(k), err)
			return nil
		}
		if string(k) != e.ID || !validID(e.ID) {
			r.problem("entry %q is stored under the key %q", clip([]byte(e.ID)), clip(k))
			return nil
		}
		r.Entries++
		r.Ratings += len(e.Ratings)
		if err := e.Validate(catalog, journal.LatestDay); err != nil {
			r.problem("entry %s: %s", e.ID, journal.ErrorMessage(err))
		}
		if !withIndexes {
			return nil
		}
		for _, it := range db.indexItems(e) {
			b := tx.Bucket([]byte(it.bucket))
			if b == nil {
				continue
			}
			got := b.Get(it.key)
			if got != nil && sealedIndex(it.bucket) {
				var err error
				if got, err = db.open(it.bucket, it.key, got); err != nil {
					r.problem("%s", reasonOf(err))
				}
			}
			if got != nil && bytes.Equal(got, it.value) {
				found[it.bucket]++
			} else {
				missing[it.bucket]++
			}
		}
		return nil
	})
	if !withIndexes {
		return
	}
	for _, name := range indexBuckets() {
		b := tx.Bucket([]byte(name))
		if b == nil {
			continue
		}
		total := 0
		c := b.Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			total++
		}
		if n := missing[name]; n > 0 {
			r.problem("the %s lacks %d %s of the entries", indexName(name), n, plural(n, "key", "keys"))
		}
		if n := total - found[name]; n > 0 {
			r.problem("the %s has %d %s that match no entry", indexName(name), n, plural(n, "key", "keys"))
		}
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Check runs Doctor's checks of every record of the journal (the TUI's
// daily check, in the background) on a copy made in its backups folder, so
// that the journal's lock is held only while it is copied: nil when it
// finds nothing wrong, an EDAMAGED error saying what is wrong and what to
// do when it does, and then, as after Doctor, no write goes into the
// journal (knownDamaged). Its pages are checked as hone doctor checks
// them (checkPages), so that a damaged copy cannot hang or end the TUI.
func (db *DB) Check() error {
	dir := BackupDir(db.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("store: check %s: %w", db.path, err)
	}
	f, err := os.CreateTemp(dir, ".hone-check-*.tmp") // a leftover if killed
	if err != nil {
		return fmt.Errorf("store: check %s: %w", db.path, err)
	}
	copyPath := f.Name()
	defer os.Remove(copyPath)
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: check %s: %w", db.path, err)
	}
	if err := db.BackupFile(copyPath); err != nil {
		return err
	}
	fi, err := os.Stat(db.path)
	if err != nil {
		return fileError(db.path, opRead, err)
	}
	r, err := checkJournal(copyPath, db.copyCheckOptions())
	if err != nil {
		return err
	}
	if !r.OK() {
		markDamaged(db.path, fi, r.Problems[0])
		return damagedWriteError(db.path, r.Problems[0])
	}
	return nil
}

// copyCheckOptions are the options that check a copy of the journal (a
// backup just made) record by record: with the keys of an encrypted
// journal, used only if the copy has the encryption header they came from.
func (db *DB) copyCheckOptions() DoctorOptions {
	var opts DoctorOptions
	if db.cryptKeys() != nil {
		opts.sealer = db.cryptKeys()
		_ = db.view(func(tx *bolt.Tx) error {
			if meta := tx.Bucket([]byte(bucketMeta)); meta != nil {
				opts.cryptRaw = string(meta.Get([]byte(metaCrypt)))
			}
			return nil
		})
	}
	return opts
}
