package store

import (
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.EntryService = (*EntryService)(nil)

// EntryService stores journal entries. It implements journal.EntryService.
type EntryService struct {
	db *DB
}

// NewEntryService returns the entry service of db.
func NewEntryService(db *DB) *EntryService {
	return &EntryService{db: db}
}

// MinIDPrefix is the fewest characters of an id FindEntry accepts.
const MinIDPrefix = 4

// CreateEntry normalizes and validates e against the journal's skills,
// gives it a new id and sets Created and Updated to now, in one durable
// transaction. Ids increase in creation order. EINVALID on bad input, with
// nothing written.
func (s *EntryService) CreateEntry(e *journal.Entry) error {
	stored := *e
	err := s.db.update(func(tx *bolt.Tx) error { return s.db.createEntryIn(tx, &stored) })
	if err != nil {
		return err
	}
	*e = stored
	return nil
}

// createEntryIn creates e in tx, as CreateEntry: a new ID, whatever e
// carries.
func (db *DB) createEntryIn(tx *bolt.Tx, e *journal.Entry) error {
	catalog, err := db.catalog(tx)
	if err != nil {
		return err
	}
	e.ID = ""
	return db.createEntry(tx, e, catalog, db.clock())
}

// CreateEntries creates a batch of entries in one transaction, for hone gen
// and import, with CreateEntry's normalization and validation. If any entry
// is refused, nothing is written; the error's field names the entry by its
// position ("entry 3: rating").
//
// An entry without an id gets a new one, as in CreateEntry. An entry that
// carries an id (an import of hone's own full export) keeps it: EINVALID if
// it is not an id hone makes, ECONFLICT if the journal has it already.
// Created and Updated are kept when set and are now otherwise.
func (s *EntryService) CreateEntries(es []*journal.Entry) error {
	stored := make([]journal.Entry, len(es))
	for i, e := range es {
		stored[i] = *e
	}
	err := s.db.update(func(tx *bolt.Tx) error {
		catalog, err := s.db.catalog(tx)
		if err != nil {
			return err
		}
		now := s.db.clock()
		for i := range stored {
			if err := s.db.createEntry(tx, &stored[i], catalog, now); err != nil {
				return batchError(i, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, e := range es {
		*e = stored[i]
	}
	return nil
}

// batchError names the entry of a batch that an *journal.Error is about.
func batchError(i int, err error) error {
	je, ok := err.(*journal.Error)
	if !ok {
		return fmt.Errorf("store: entry %d of the batch: %w", i+1, err)
	}
	field := fmt.Sprintf("entry %d", i+1)
	if je.Field != "" {
		field += ": " + je.Field
	}
	return &journal.Error{Code: je.Code, Field: field, Message: je.Message}
}

// createEntry normalizes, validates and stores e with its index keys. e.ID
// is kept when set (it must be free) and assigned otherwise.
func (db *DB) createEntry(tx *bolt.Tx, e *journal.Entry, catalog journal.Catalog, now time.Time) error {
	e.Normalize()
	if err := e.Validate(catalog, journal.DayOf(now)); err != nil {
		return err
	}
	entries, err := db.bucket(tx, bucketEntries)
	if err != nil {
		return err
	}
	meta, err := db.bucket(tx, bucketMeta)
	if err != nil {
		return err
	}
	if e.ID == "" {
		if e.ID, err = db.nextID(entries, meta, now); err != nil {
			return err
		}
	} else {
		if err := checkGivenID(e.ID); err != nil {
			return err
		}
		if entries.Get([]byte(e.ID)) != nil {
			return &journal.Error{Code: journal.ECONFLICT, Field: "id", Message: fmt.Sprintf("the journal has an entry %s already", e.ID)}
		}
	}
	if err := raiseLastID(meta, e.ID); err != nil {
		return err
	}
	stamp(e, now)
	return db.putEntry(tx, e)
}

// raiseLastID records id in the meta bucket as the last id given when it
// comes after the one recorded, so that nextID never gives it again.
func raiseLastID(meta *bolt.Bucket, id string) error {
	if id <= string(meta.Get([]byte(metaLastID))) {
		return nil
	}
	if err := meta.Put([]byte(metaLastID), []byte(id)); err != nil {
		return fmt.Errorf("store: put last id: %w", err)
	}
	return nil
}

// checkGivenID is EINVALID when id, given with an entry to store, is not an
// id hone makes.
func checkGivenID(id string) error {
	if !validID(id) {
		return journal.Invalid("id", "%q is not an entry id: hone's ids are %d characters of 0-9 and a-z", id, journal.IDLength)
	}
	return nil
}

// stamp sets a new entry's Created time to now and its Updated time to its
// Created time, where they are not set.
func stamp(e *journal.Entry, now time.Time) {
	if e.Created.IsZero() {
		e.Created = now
	}
	if e.Updated.IsZero() {
		e.Updated = e.Created
	}
}

// nextID returns a new entry id, greater than every id the journal has
// given (the meta bucket's last_id) or holds, so that ids sort in creation
// order even within one millisecond or when the clock steps back, and an id
// is never given twice, even after a delete.
func (db *DB) nextID(entries, meta *bolt.Bucket, now time.Time) (string, error) {
	floor := string(meta.Get([]byte(metaLastID)))
	if last, _ := entries.Cursor().Last(); string(last) > floor {
		floor = string(last)
	}
	for range 8 {
		id, err := journal.NewID(now, db.entropy)
		if err != nil {
			return "", fmt.Errorf("store: new entry id: %w", err)
		}
		if id > floor {
			return id, nil
		}
		if next, ok := successorID(floor); ok {
			return next, nil
		}
		// The floor is not an id hone made: fall back to a random id
		// that is free.
		if entries.Get([]byte(id)) == nil {
			return id, nil
		}
	}
	return "", fmt.Errorf("store: new entry id: no free id after 8 tries")
}

// putEntry writes e's record and its index keys.
func (db *DB) putEntry(tx *bolt.Tx, e *journal.Entry) error {
	w, err := db.prepareEntry(e)
	if err != nil {
		return err
	}
	return db.writeEntry(tx, w)
}

// entryWrite is everything putting one entry writes: its record, encoded and
// sealed, and its index keys, their values sealed where the index is.
type entryWrite struct {
	entry  *journal.Entry
	record []byte
	index  []indexItem
}

// prepareEntry makes what putting e writes. It needs no transaction, so an
// import prepares many entries at once, on every core.
func (db *DB) prepareEntry(e *journal.Entry) (entryWrite, error) {
	v, err := encodeEntry(e)
	if err != nil {
		return entryWrite{}, err
	}
	return entryWrite{entry: e, record: db.seal(bucketEntries, []byte(e.ID), v), index: db.sealedIndexItems(e)}, nil
}

// writeEntry puts a prepared entry's record and index keys.
func (db *DB) writeEntry(tx *bolt.Tx, w entryWrite) error {
	entries, err := db.bucket(tx, bucketEntries)
	if err != nil {
		return err
	}
	entries.FillPercent = appendFill
	if err := entries.Put([]byte(w.entry.ID), w.record); err != nil {
		return fmt.Errorf("store: put entry %s: %w", w.entry.ID, err)
	}
	return db.writeIndexes(tx, w.entry, w.index)
}

// appendFill is how full bbolt packs the pages of the entries and index
// buckets. Their keys grow with time (ids, and dates within each prefix), so
// new keys land at the end of a range and pages are rarely split again: the
// default of half-full pages would make a journal nearly twice its size.
const appendFill = 0.9

// putIndexes writes e's index keys.
func (db *DB) putIndexes(tx *bolt.Tx, e *journal.Entry) error {
	return db.writeIndexes(tx, e, db.sealedIndexItems(e))
}

// sealedIndexItems returns e's index keys, their values sealed where the
// index is.
func (db *DB) sealedIndexItems(e *journal.Entry) []indexItem {
	index := db.indexItems(e)
	for i, it := range index {
		if sealedIndex(it.bucket) {
			index[i].value = db.seal(it.bucket, it.key, it.value)
		}
	}
	return index
}

// writeIndexes puts e's index keys, as sealedIndexItems made them.
func (db *DB) writeIndexes(tx *bolt.Tx, e *journal.Entry, index []indexItem) error {
	db.noteRated(e)
	for _, it := range index {
		b := tx.Bucket([]byte(it.bucket))
		if b == nil {
			return fmt.Errorf("store: put entry %s: index %s is missing", e.ID, it.bucket)
		}
		b.FillPercent = appendFill
		if err := b.Put(it.key, it.value); err != nil {
			return fmt.Errorf("store: put entry %s in %s: %w", e.ID, it.bucket, err)
		}
	}
	return nil
}

// deleteEntry removes e's record and its index keys.
func (db *DB) deleteEntry(tx *bolt.Tx, e *journal.Entry) error {
	db.noteRated(e)
	for _, it := range db.indexItems(e) {
		b, err := db.bucket(tx, it.bucket)
		if err != nil {
			return err
		}
		if err := b.Delete(it.key); err != nil {
			return fmt.Errorf("store: delete entry %s from %s: %w", e.ID, it.bucket, err)
		}
	}
	entries, err := db.bucket(tx, bucketEntries)
	if err != nil {
		return err
	}
	if err := entries.Delete([]byte(e.ID)); err != nil {
		return fmt.Errorf("store: delete entry %s: %w", e.ID, err)
	}
	return nil
}

// getEntry reads the entry with exactly this id. ENOTFOUND if there is none.
func (db *DB) getEntry(tx *bolt.Tx, id string) (*journal.Entry, error) {
	entries, err := db.bucket(tx, bucketEntries)
	if err != nil {
		return nil, err
	}
	v := entries.Get([]byte(id))
	if v == nil {
		return nil, notFound(id)
	}
	return db.entryRecord([]byte(id), v)
}

// entryRecord opens and decodes the value v stored under key k in the
// entries bucket. EDAMAGED if it does not open or decode.
func (db *DB) entryRecord(k, v []byte) (*journal.Entry, error) {
	v, err := db.open(bucketEntries, k, v)
	if err != nil {
		return nil, err
	}
	e, err := decodeEntry(v)
	if err != nil {
		return nil, db.damagedRecord(string(k), err)
	}
	return e, nil
}

// notFound is the ENOTFOUND error for an entry id.
func notFound(id string) error {
	return journal.Errorf(journal.ENOTFOUND, "there is no entry %q (hone list shows the ids)", id)
}

// damagedRecord is the EDAMAGED error for a stored entry that does not
// decode.
func (db *DB) damagedRecord(id string, err error) error {
	return fmt.Errorf("%w: %w", damaged(db.path, fmt.Sprintf("entry %q does not decode", clip([]byte(id)))), err)
}

// UpdateEntry replaces the stored entry with e's id by e, normalized and
// validated, keeping its Created time and setting Updated to now; its index
// keys are rewritten. ENOTFOUND if there is no such entry, EINVALID on bad
// input, ECONFLICT when e.Updated is set and the stored entry's differs
// (another hone changed it since e was read).
func (s *EntryService) UpdateEntry(e *journal.Entry) error {
	var stored journal.Entry
	err := s.db.update(func(tx *bolt.Tx) error {
		var err error
		stored, err = s.db.updateEntry(tx, e)
		return err
	})
	if err != nil {
		return err
	}
	*e = stored
	return nil
}

// updateEntry replaces the stored entry with e's ID, as UpdateEntry, in
// tx, and returns what it stored.
func (db *DB) updateEntry(tx *bolt.Tx, e *journal.Entry) (journal.Entry, error) {
	stored := *e
	old, err := db.getEntry(tx, e.ID)
	if err != nil {
		return stored, err
	}
	if !e.Updated.IsZero() && !old.Updated.Equal(e.Updated) {
		return stored, journal.Errorf(journal.ECONFLICT, "entry %s was changed elsewhere since it was read", e.ID)
	}
	catalog, err := db.catalog(tx)
	if err != nil {
		return stored, err
	}
	now := db.clock()
	stored.Normalize()
	if err := stored.Validate(catalog, journal.DayOf(now)); err != nil {
		return stored, err
	}
	stored.Created, stored.Updated = old.Created, now
	if !now.After(old.Updated) {
		// Each update is a new version, for ECONFLICT, even when the
		// clock has not moved on (or stands behind the stored stamp).
		stored.Updated = old.Updated.Add(time.Nanosecond)
	}
	if err := db.deleteEntry(tx, old); err != nil {
		return stored, err
	}
	return stored, db.putEntry(tx, &stored)
}

// DeleteEntry removes the entry with exactly this id and its index keys.
// ENOTFOUND if there is none.
func (s *EntryService) DeleteEntry(id string) error {
	return s.db.update(func(tx *bolt.Tx) error {
		old, err := s.db.getEntry(tx, id)
		if err != nil {
			return err
		}
		return s.db.deleteEntry(tx, old)
	})
}

// FindEntry returns the entry with the given id, or the one entry whose id
// starts with it (at least MinIDPrefix characters, any case). ENOTFOUND if
// there is none; EINVALID if the prefix is too short or starts several ids.
func (s *EntryService) FindEntry(id string) (*journal.Entry, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	switch {
	case id == "":
		return nil, journal.Invalid("id", "give the id of an entry (hone list shows the ids)")
	case len(id) < MinIDPrefix:
		return nil, journal.Invalid("id", "%q is too short; give at least %d characters of the id", id, MinIDPrefix)
	case len(id) > journal.IDLength:
		return nil, notFound(id)
	}
	var found *journal.Entry
	err := s.db.view(func(tx *bolt.Tx) error {
		entries, err := s.db.bucket(tx, bucketEntries)
		if err != nil {
			return err
		}
		if len(id) == journal.IDLength {
			found, err = s.db.getEntry(tx, id)
			return err
		}
		var matches []string
		var key, value []byte
		c := entries.Cursor()
		prefix := []byte(id)
		for k, v := c.Seek(prefix); hasPrefix(k, prefix); k, v = c.Next() {
			if len(matches) == 0 {
				key, value = k, v
			}
			matches = append(matches, string(k))
			if len(matches) > 3 {
				break
			}
		}
		switch len(matches) {
		case 0:
			return notFound(id)
		case 1:
			found, err = s.db.entryRecord(key, value)
			return err
		}
		list := strings.Join(matches[:min(3, len(matches))], ", ")
		if len(matches) > 3 {
			list += ", ..."
		}
		return journal.Invalid("id", "%q starts several entries (%s); give more of the id", id, list)
	})
	if err != nil {
		return nil, err
	}
	return found, nil
}
