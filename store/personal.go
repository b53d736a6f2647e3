package store

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// Personal reads, in one transaction, what a full export carries besides
// entries and skills: every goal, the custom prompts and the watch list.
func (db *DB) Personal() (*journal.Personal, error) {
	p := new(journal.Personal)
	err := db.view(func(tx *bolt.Tx) error {
		var err error
		if p.Goals, err = db.goals(tx); err != nil {
			return err
		}
		if p.Prompts, err = db.customPrompts(tx); err != nil {
			return err
		}
		p.WatchList, err = db.watchList(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PersonalResult counts what ImportPersonal added.
type PersonalResult struct {
	Goals       int    // goals the journal did not have
	Prompts     int    // custom prompts whose text the library did not have
	WatchNames  int    // names the watch list did not have
	Facilitator string // the name now kept for exports, the journal having none; "" if none was kept
}

// Empty reports whether the import added nothing.
func (r PersonalResult) Empty() bool { return r == PersonalResult{} }

// ImportPersonal merges the goals, custom prompts and watch list of p into
// the journal, with facilitator as the name exports carry when the journal
// keeps none, in one transaction: all of it is written or, on any error,
// none of it. What the journal already has is left as it is, so importing
// the same file twice changes nothing:
//
//   - a goal set on the same day with the same text (in any case) is the
//     same goal; any other is added, open or closed as it was;
//   - a prompt whose text (in any case) is in the library already, built-in
//     or custom, is not added again; any other becomes the next custom
//     prompt ("my-N");
//   - a name already on the watch list (in any case) is not added twice.
//
// Goals are checked against the journal's catalog, so their skills must be
// in it (import the entries and their skills first). EINVALID, with nothing
// written, names what is at fault: "goal 2 skill".
func (db *DB) ImportPersonal(p *journal.Personal, facilitator string) (PersonalResult, error) {
	var res PersonalResult
	in := p.Normalized()
	facilitator, err := journal.NormalizeFacilitator(facilitator)
	if err != nil {
		return res, err
	}
	err = db.update(func(tx *bolt.Tx) error {
		res = PersonalResult{}
		catalog, err := db.catalog(tx)
		if err != nil {
			return err
		}
		if err := in.Validate(catalog, journal.DayOf(db.clock())); err != nil {
			return err
		}
		if res.Goals, err = db.importGoals(tx, in.Goals); err != nil {
			return err
		}
		if res.Prompts, err = db.importPrompts(tx, in.Prompts); err != nil {
			return err
		}
		if res.WatchNames, err = db.importWatchList(tx, in.WatchList); err != nil {
			return err
		}
		if facilitator == "" {
			return nil
		}
		kept, err := db.facilitatorName(tx)
		if err != nil || kept != "" {
			return err
		}
		res.Facilitator = facilitator
		return db.putFacilitatorName(tx, facilitator)
	})
	if err != nil {
		return PersonalResult{}, err
	}
	return res, nil
}

// importGoals adds the goals the journal does not have (see
// ImportPersonal) and returns how many.
func (db *DB) importGoals(tx *bolt.Tx, goals []journal.Goal) (int, error) {
	if len(goals) == 0 {
		return 0, nil
	}
	have, err := db.goals(tx)
	if err != nil {
		return 0, err
	}
	b, err := tx.CreateBucketIfNotExists([]byte(bucketGoals))
	if err != nil {
		return 0, fmt.Errorf("store: create bucket %s: %w", bucketGoals, err)
	}
	added := 0
	for _, g := range goals {
		same := func(h journal.Goal) bool { return h.Set == g.Set && strings.EqualFold(h.Text, g.Text) }
		if slices.ContainsFunc(have, same) {
			continue
		}
		if !g.Done {
			g.Closed = 0
		}
		n, err := b.NextSequence()
		if err != nil {
			return 0, fmt.Errorf("store: put goal: %w", err)
		}
		g.ID = strconv.FormatUint(n, 10)
		if err := db.putGoal(b, g); err != nil {
			return 0, err
		}
		have = append(have, g)
		added++
	}
	return added, nil
}

// importPrompts adds the prompts whose text the library does not have (see
// ImportPersonal) and returns how many.
func (db *DB) importPrompts(tx *bolt.Tx, prompts []journal.Prompt) (int, error) {
	if len(prompts) == 0 {
		return 0, nil
	}
	custom, err := db.customPrompts(tx)
	if err != nil {
		return 0, err
	}
	have := append(journal.BuiltinPrompts(), custom...)
	added := 0
	for _, p := range prompts {
		same := func(h journal.Prompt) bool { return strings.EqualFold(h.Text, p.Text) }
		if slices.ContainsFunc(have, same) {
			continue
		}
		if err := db.putPrompt(tx, &p); err != nil {
			return 0, err
		}
		have = append(have, p)
		added++
	}
	return added, nil
}

// importWatchList adds the names the watch list does not have and returns
// how many.
func (db *DB) importWatchList(tx *bolt.Tx, names []string) (int, error) {
	if len(names) == 0 {
		return 0, nil
	}
	have, err := db.watchList(tx)
	if err != nil {
		return 0, err
	}
	added := 0
	for _, name := range names {
		if slices.ContainsFunc(have, func(h string) bool { return strings.EqualFold(h, name) }) {
			continue
		}
		have = append(have, name)
		added++
	}
	if added == 0 {
		return 0, nil
	}
	return added, db.putWatchList(tx, have)
}
