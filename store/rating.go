package store

import (
	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.RatingService = (*RatingService)(nil)

// RatingService reads ratings from the skill index, without decoding any
// entry. It implements journal.RatingService.
type RatingService struct {
	db *DB
}

// NewRatingService returns the rating service of db.
func NewRatingService(db *DB) *RatingService {
	return &RatingService{db: db}
}

// Ratings returns every rating grouped by skill id, archived skills
// included, each group oldest first and, within a day, in entry creation
// order. It is one pass over idx_skill, whose keys come grouped by skill in
// that order: each group is a slice of one array, capped so that appending
// to one group cannot change another, and the entry ids share one string.
func (s *RatingService) Ratings() (map[string][]journal.Rating, error) {
	out := map[string][]journal.Rating{}
	err := s.db.view(func(tx *bolt.Tx) error {
		b, err := s.db.bucket(tx, bucketIdxSkill)
		if err != nil {
			return err
		}
		n := b.Stats().KeyN
		all := make([]journal.Rating, 0, n)
		ids := make([]byte, 0, n*journal.IDLength)
		type group struct {
			skill      string
			start, end int
		}
		var groups []group
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			value, d, id, ok := splitIndexKey(bucketIdxSkill, k)
			if !ok || len(v) != 1 {
				return damaged(s.db.path, "the skill index holds a malformed key")
			}
			if len(groups) == 0 || string(value) != groups[len(groups)-1].skill {
				groups = append(groups, group{skill: string(value), start: len(all)})
			}
			g := &groups[len(groups)-1]
			all = append(all, journal.Rating{Skill: g.skill, Date: d, Value: int(v[0])})
			g.end = len(all)
			ids = append(ids, id...)
		}
		idText := string(ids)
		for i := range all {
			all[i].EntryID = idText[i*journal.IDLength : (i+1)*journal.IDLength]
		}
		for _, g := range groups {
			out[g.skill] = all[g.start:g.end:g.end]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
