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
// EDAMAGED if the index holds a malformed key or a rating that does not
// open.
func (s *RatingService) Ratings() (map[string][]journal.Rating, error) {
	var out map[string][]journal.Rating
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		out, err = s.db.ratings(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ratings reads every rating from idx_skill within tx.
func (db *DB) ratings(tx *bolt.Tx) (map[string][]journal.Rating, error) {
	b, err := db.bucket(tx, bucketIdxSkill)
	if err != nil {
		return nil, err
	}
	skillOf, err := db.indexedSkills(tx)
	if err != nil {
		return nil, err
	}
	n := b.Stats().KeyN
	all := make([]journal.Rating, 0, n)
	ids := make([]byte, 0, n*journal.IDLength)
	type group struct {
		part       string // the skill's part of the keys
		skill      string
		start, end int
	}
	var groups []group
	var o opener
	c := b.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		value, d, id, rating, err := db.skillIndexItem(&o, k, v)
		if err != nil {
			return nil, err
		}
		if len(groups) == 0 || string(value) != groups[len(groups)-1].part {
			g := group{part: string(value), skill: string(value), start: len(all)}
			if skillOf != nil {
				var ok bool
				if g.skill, ok = skillOf[g.part]; !ok {
					return nil, damaged(db.path, "the skill index holds ratings of a skill the catalog lacks")
				}
			}
			groups = append(groups, g)
		}
		g := &groups[len(groups)-1]
		all = append(all, journal.Rating{Skill: g.skill, Date: d, Value: rating})
		g.end = len(all)
		ids = append(ids, id...)
	}
	out := make(map[string][]journal.Rating, len(groups))
	idText := string(ids)
	for i := range all {
		all[i].EntryID = idText[i*journal.IDLength : (i+1)*journal.IDLength]
	}
	for _, g := range groups {
		out[g.skill] = all[g.start:g.end:g.end]
	}
	return out, nil
}

// skillIndexItem takes an idx_skill key and its value apart: the skill's
// part of the key, the day, the entry id and the rating. EDAMAGED if the
// key is malformed or the rating does not open.
func (db *DB) skillIndexItem(o *opener, k, v []byte) (skill []byte, d journal.Day, id []byte, rating int, err error) {
	skill, d, id, ok := splitIndexKey(bucketIdxSkill, k)
	if !ok {
		return nil, 0, nil, 0, damaged(db.path, "the skill index holds a malformed key")
	}
	if v, err = o.open(db, bucketIdxSkill, k, v); err != nil {
		return nil, 0, nil, 0, err
	}
	if len(v) != 1 {
		return nil, 0, nil, 0, damaged(db.path, "the skill index holds a malformed rating")
	}
	return skill, d, id, int(v[0]), nil
}

// indexedSkills maps the skill parts of idx_skill keys to skill ids in an
// encrypted journal, whose keys hold hashes, for every skill of the
// catalog (ratings need a skill of the catalog). It is nil for a plain
// journal, whose keys hold the ids themselves.
func (db *DB) indexedSkills(tx *bolt.Tx) (map[string]string, error) {
	if db.cryptKeys() == nil {
		return nil, nil
	}
	c, err := db.catalog(tx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(c))
	for _, sk := range c {
		m[db.keyPart(bucketIdxSkill, sk.ID)] = sk.ID
	}
	return m, nil
}
