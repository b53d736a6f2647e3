package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.GoalService = (*GoalService)(nil)

// GoalService keeps learning goals in the goals bucket, keyed by their
// number, which is also their id. It implements journal.GoalService.
type GoalService struct {
	db *DB
}

// NewGoalService returns the goal service of db.
func NewGoalService(db *DB) *GoalService {
	return &GoalService{db: db}
}

// goalRecord is a goal as stored. Closed came later: a record without it
// reads as a goal whose closing day is not known.
type goalRecord struct {
	Text   string   `json:"text"`
	Skills []string `json:"skills"`
	Set    int32    `json:"set"`
	Done   bool     `json:"done,omitempty"`
	Closed int32    `json:"closed,omitempty"`
}

// Goals returns every goal, oldest first.
func (s *GoalService) Goals() ([]journal.Goal, error) {
	var goals []journal.Goal
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		goals, err = s.db.goals(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return goals, nil
}

// goals reads every goal within tx, oldest first; none when the goals
// bucket is absent.
func (db *DB) goals(tx *bolt.Tx) ([]journal.Goal, error) {
	b := tx.Bucket([]byte(bucketGoals))
	if b == nil {
		return nil, nil
	}
	var goals []journal.Goal
	err := b.ForEach(func(k, v []byte) error {
		g, err := db.goalRecord(k, v)
		if err != nil {
			return err
		}
		goals = append(goals, g)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return goals, nil
}

// goalRecord opens and decodes the value v stored under k in the goals
// bucket. EDAMAGED if it does not open or decode.
func (db *DB) goalRecord(k, v []byte) (journal.Goal, error) {
	v, err := db.open(bucketGoals, k, v)
	if err != nil {
		return journal.Goal{}, err
	}
	g, err := decodeGoal(k, v)
	if err != nil {
		return g, fmt.Errorf("%w: %w", damaged(db.path, fmt.Sprintf("goal %x does not decode", k)), err)
	}
	return g, nil
}

// CreateGoal normalizes and validates g against the catalog, gives it the
// next number as its id and stores it. EINVALID on bad input.
func (s *GoalService) CreateGoal(g *journal.Goal) error {
	stored := *g
	stored.Normalize()
	err := s.db.update(func(tx *bolt.Tx) error {
		catalog, err := s.db.catalog(tx)
		if err != nil {
			return err
		}
		if err := stored.Validate(catalog, journal.DayOf(s.db.clock())); err != nil {
			return err
		}
		b, err := tx.CreateBucketIfNotExists([]byte(bucketGoals))
		if err != nil {
			return fmt.Errorf("store: create bucket %s: %w", bucketGoals, err)
		}
		n, err := b.NextSequence()
		if err != nil {
			return fmt.Errorf("store: put goal: %w", err)
		}
		stored.ID = strconv.FormatUint(n, 10)
		return s.db.putGoal(b, stored)
	})
	if err != nil {
		return err
	}
	*g = stored
	return nil
}

// SetGoalDone closes or reopens a goal and returns it as stored. Closing
// sets Closed to the journal clock's today, or to the day the goal was set
// if that is later; closing a closed goal keeps its day. Reopening clears
// Closed. ENOTFOUND if there is none.
func (s *GoalService) SetGoalDone(id string, done bool) (journal.Goal, error) {
	var stored journal.Goal
	err := s.db.update(func(tx *bolt.Tx) error {
		n, err := strconv.ParseUint(id, 10, 64)
		b := tx.Bucket([]byte(bucketGoals))
		var v []byte
		if err == nil && b != nil {
			v = b.Get(seqKey(n))
		}
		if v == nil {
			return &journal.Error{Code: journal.ENOTFOUND, Field: "goal",
				Message: fmt.Sprintf("there is no goal %q (hone goals lists them)", id)}
		}
		g, err := s.db.goalRecord(seqKey(n), v)
		if err != nil {
			return err
		}
		switch {
		case !done:
			g.Closed = 0
		case !g.Done:
			g.Closed = max(journal.DayOf(s.db.clock()), g.Set)
		}
		g.Done = done
		stored = g
		return s.db.putGoal(b, g)
	})
	if err != nil {
		return journal.Goal{}, err
	}
	return stored, nil
}

// putGoal writes g under its number.
func (db *DB) putGoal(b *bolt.Bucket, g journal.Goal) error {
	n, err := strconv.ParseUint(g.ID, 10, 64)
	if err != nil {
		return fmt.Errorf("store: put goal %q: %w", g.ID, err)
	}
	v, err := json.Marshal(goalRecord{Text: g.Text, Skills: g.Skills, Set: int32(g.Set), Done: g.Done, Closed: int32(g.Closed)})
	if err != nil {
		return fmt.Errorf("store: encode goal %s: %w", g.ID, err)
	}
	k := seqKey(n)
	if err := b.Put(k, db.seal(bucketGoals, k, v)); err != nil {
		return fmt.Errorf("store: put goal %s: %w", g.ID, err)
	}
	return nil
}

// decodeGoal reads a goal record stored under k.
func decodeGoal(k, v []byte) (journal.Goal, error) {
	var r goalRecord
	if len(k) != 8 {
		return journal.Goal{}, fmt.Errorf("goal key of %d bytes", len(k))
	}
	if err := decodeRecord(v, &r); err != nil {
		return journal.Goal{}, err
	}
	return journal.Goal{ID: strconv.FormatUint(binary.BigEndian.Uint64(k), 10), Text: r.Text, Skills: r.Skills, Set: journal.Day(r.Set), Done: r.Done, Closed: journal.Day(r.Closed)}, nil
}
