package store

import (
	"fmt"
	"runtime"
	"sync"
	"time"

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
// skill first, whole (description, anchors, archived); one it knows is left
// as it is, but archived when skills has it archived. An entry whose id is new is
// added with its Created and Updated times; one whose id the journal holds
// replaces it only when its Updated time is later, so importing the same file
// twice changes nothing. Every entry is normalized and validated as
// CreateEntry does, and none may be created or updated after now. EINVALID
// names the entry by its position.
func (s *EntryService) ImportEntries(skills []journal.Skill, es []*journal.Entry) (ImportResult, error) {
	return s.importEntries(skills, es, true)
}

// SalvageEntries is ImportEntries for hone doctor --salvage, which copies a
// journal's own records into a new one: their times are kept as they are,
// even later than now (a clock that ran ahead when they were written). The
// rule against such times guards a merge into a journal with edits of its
// own; without it, salvage would refuse every record for one of them.
func (s *EntryService) SalvageEntries(skills []journal.Skill, es []*journal.Entry) (ImportResult, error) {
	return s.importEntries(skills, es, false)
}

// importEntries is ImportEntries; stamps says whether entries created or
// updated after now are refused.
func (s *EntryService) importEntries(skills []journal.Skill, es []*journal.Entry, stamps bool) (ImportResult, error) {
	var res ImportResult
	err := s.db.update(func(tx *bolt.Tx) error {
		res = ImportResult{}
		catalog, err := s.db.catalog(tx)
		if err != nil {
			return err
		}
		for _, sk := range skills {
			if known, ok := catalog.Find(sk.ID); ok {
				// An archived skill stays archived; one the journal has
				// archived is never brought back by an import.
				if sk.Archived && !known.Archived {
					if err := s.db.setArchived(tx, known, true); err != nil {
						return err
					}
					if catalog, err = s.db.catalog(tx); err != nil {
						return err
					}
				}
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
		// The entries to write are put in the order given, in runs: a run
		// ends before an id it holds comes again, so that the later one is
		// compared with the earlier one as written.
		var run []importedEntry
		seen := map[string]bool{}
		write := func() error {
			err := s.db.writeImported(tx, run, catalog, now)
			run = run[:0]
			clear(seen)
			return err
		}
		for i, e := range es {
			if err := checkStamps(e, now); err != nil && stamps {
				return batchError(i, err)
			}
			if seen[e.ID] {
				if err := write(); err != nil {
					return err
				}
			}
			old, err := s.db.getEntry(tx, e.ID)
			switch {
			case journal.ErrorCode(err) == journal.ENOTFOUND:
				run = append(run, importedEntry{pos: i, entry: *e})
				res.Added++
			case err != nil:
				return err
			case !e.Updated.After(old.Updated):
				res.Unchanged++
				continue
			default:
				run = append(run, importedEntry{pos: i, entry: *e, old: old})
				res.Updated++
			}
			seen[e.ID] = true
		}
		return write()
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// checkStamps refuses an imported entry created or updated after now, the
// import's own time: the later stamp wins an import, so one from the future
// would win over every edit made until then.
func checkStamps(e *journal.Entry, now time.Time) error {
	for _, s := range []struct {
		field string
		at    time.Time
	}{{"created", e.Created}, {"updated", e.Updated}} {
		if s.at.After(now) {
			return journal.Invalid(s.field, "%s is later than now (%s); a time from the future would win over every later edit, so check the clock of the machine that wrote it",
				s.at.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		}
	}
	return nil
}

// importedEntry is an entry of an import to write: a new one, or one
// replacing old.
type importedEntry struct {
	pos   int // in the batch, for messages
	entry journal.Entry
	old   *journal.Entry
}

// writeImported normalizes, validates and prepares run's entries on every
// core, then writes them in order, each replacing its old version if it has
// one. EINVALID names the first entry that is not valid by its position.
func (db *DB) writeImported(tx *bolt.Tx, run []importedEntry, catalog journal.Catalog, now time.Time) error {
	if len(run) == 0 {
		return nil
	}
	writes := make([]entryWrite, len(run))
	prepare := func(k int) error {
		e, isNew := &run[k].entry, run[k].old == nil
		if e.ID == "" {
			return journal.Invalid("id", "an imported entry needs its id")
		}
		e.Normalize()
		if err := e.Validate(catalog, journal.DayOf(now)); err != nil {
			return err
		}
		if isNew {
			if err := checkGivenID(e.ID); err != nil {
				return err
			}
			stamp(e, now)
		}
		var err error
		writes[k], err = db.prepareEntry(e)
		return err
	}
	if k, err := inParallel(len(run), prepare); err != nil {
		return batchError(run[k].pos, err)
	}
	lastID := ""
	for k, w := range writes {
		if old := run[k].old; old != nil {
			if err := db.deleteEntry(tx, old); err != nil {
				return err
			}
		}
		if err := db.writeEntry(tx, w); err != nil {
			return err
		}
		lastID = max(lastID, w.entry.ID)
	}
	meta, err := db.bucket(tx, bucketMeta)
	if err != nil {
		return err
	}
	return raiseLastID(meta, lastID)
}

// inParallel calls do for 0 to n-1, in consecutive shares on every core,
// each share stopping at its first error. It returns the error of the lowest
// index that had one, and that index.
func inParallel(n int, do func(i int) error) (int, error) {
	workers := max(1, min(runtime.GOMAXPROCS(0), n))
	failed := make([]int, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w * n / workers; i < (w+1)*n/workers; i++ {
				if err := do(i); err != nil {
					failed[w], errs[w] = i, err
					return
				}
			}
		})
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			return failed[w], err
		}
	}
	return 0, nil
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
