package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// ImportResult counts what an import did to the journal.
type ImportResult struct {
	Added     int // entries the journal did not have
	Updated   int // entries replaced by a newer version
	Unchanged int // entries the journal had in the same or a newer version
	Skills    int // custom skills added so that imported ratings have a skill
}

// ImportEntries merges entries that carry their ids (from an export or a
// generated journal) into the journal, with the custom skills they rate, in
// one transaction: all of it is written or, on any error, none of it.
//
// A skill of skills that the journal does not know is added as a custom
// skill first; one it knows is left as it is. An entry whose id is new is
// added with its Created and Updated times; one whose id the journal holds
// replaces it only when its Updated time is later, so importing the same file
// twice changes nothing. Every entry is normalized and validated as
// CreateEntry does. EINVALID names the entry by its position.
func (s *EntryService) ImportEntries(skills []journal.Skill, es []*journal.Entry) (ImportResult, error) {
	var res ImportResult
	err := s.db.update(func(tx *bolt.Tx) error {
		res = ImportResult{}
		catalog, err := s.db.catalog(tx)
		if err != nil {
			return err
		}
		for _, sk := range skills {
			if _, ok := catalog.Find(sk.ID); ok {
				continue
			}
			added, err := s.db.putCustomSkill(tx, sk)
			if err != nil {
				return err
			}
			catalog = append(catalog, added)
			res.Skills++
		}
		now := s.db.clock()
		for i, e := range es {
			if e.ID == "" {
				return batchError(i, journal.Invalid("id", "an imported entry needs its id"))
			}
			stored := *e
			old, err := s.db.getEntry(tx, e.ID)
			switch {
			case journal.ErrorCode(err) == journal.ENOTFOUND:
				if err := s.db.createEntry(tx, &stored, catalog, now); err != nil {
					return batchError(i, err)
				}
				res.Added++
			case err != nil:
				return err
			case !e.Updated.After(old.Updated):
				res.Unchanged++
			default:
				stored.Normalize()
				if err := stored.Validate(catalog, journal.DayOf(now)); err != nil {
					return batchError(i, err)
				}
				if err := s.db.deleteEntry(tx, old); err != nil {
					return err
				}
				if err := s.db.putEntry(tx, &stored); err != nil {
					return err
				}
				res.Updated++
			}
		}
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// putCustomSkill adds sk, normalized and validated, as a custom skill after
// the others, and returns it as stored.
func (db *DB) putCustomSkill(tx *bolt.Tx, sk journal.Skill) (journal.Skill, error) {
	sk.Normalize()
	sk.Builtin = false
	if err := sk.Validate(); err != nil {
		return sk, err
	}
	b, err := db.bucket(tx, bucketSkills)
	if err != nil {
		return sk, err
	}
	order, err := b.NextSequence()
	if err != nil {
		return sk, fmt.Errorf("store: put skill %s: %w", sk.ID, err)
	}
	v, err := encodeSkill(&sk, order)
	if err != nil {
		return sk, err
	}
	key := db.skillKey(sk.ID)
	if err := b.Put(key, db.seal(bucketSkills, key, v)); err != nil {
		return sk, fmt.Errorf("store: put skill %s: %w", sk.ID, err)
	}
	return sk, nil
}
