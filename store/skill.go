package store

import (
	"bytes"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.SkillService = (*SkillService)(nil)

// SkillService keeps the skill catalog: the built-in skills of
// journal.BuiltinSkills, whose archived flags the journal stores, and the
// user's custom skills. It implements journal.SkillService.
type SkillService struct {
	db *DB
}

// NewSkillService returns the skill service of db.
func NewSkillService(db *DB) *SkillService {
	return &SkillService{db: db}
}

// Skills returns the catalog: the built-in skills first in their fixed
// order, then custom skills in the order they were added.
func (s *SkillService) Skills() (journal.Catalog, error) {
	var c journal.Catalog
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		c, err = s.db.catalog(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// catalog reads the catalog within tx.
func (db *DB) catalog(tx *bolt.Tx) (journal.Catalog, error) {
	b, err := db.bucket(tx, bucketSkills)
	if err != nil {
		return nil, err
	}
	c := journal.BuiltinSkills()
	var custom []skillRecord
	err = b.ForEach(func(k, v []byte) error {
		r, err := db.skillRecord(k, v)
		if err != nil {
			return err
		}
		if !r.Builtin {
			custom = append(custom, r)
			return nil
		}
		for i := range c {
			if c[i].ID == r.ID {
				c[i].Archived = r.Archived
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sortSkillRecords(custom)
	for _, r := range custom {
		c = append(c, r.customSkill())
	}
	return c, nil
}

// skillRecord opens and decodes the value v stored under k in the skills
// bucket and checks that k is its skill's key. ID is set for built-ins
// too. EDAMAGED if it does not open or decode, or sits under another key.
func (db *DB) skillRecord(k, v []byte) (skillRecord, error) {
	v, err := db.open(bucketSkills, k, v)
	if err != nil {
		return skillRecord{}, err
	}
	r, err := decodeSkill(v)
	if err == nil && r.Builtin && r.ID == "" && db.cryptKeys() == nil {
		r.ID = string(k) // a built-in record of an early build
	}
	if err == nil && !bytes.Equal(db.skillKey(r.ID), k) {
		err = fmt.Errorf("the record is for %q", r.ID)
	}
	if err != nil {
		return r, fmt.Errorf("%w: %w", damaged(db.path, recordName(bucketSkills, k)+" does not decode"), err)
	}
	return r, nil
}

// CreateSkill normalizes and validates a custom skill and adds it after the
// others. EINVALID on bad input, ECONFLICT if a built-in or custom skill has
// the id.
func (s *SkillService) CreateSkill(sk *journal.Skill) error {
	stored := *sk
	stored.Normalize()
	stored.Builtin = false
	if err := stored.Validate(); err != nil {
		return err
	}
	err := s.db.update(func(tx *bolt.Tx) error {
		c, err := s.db.catalog(tx)
		if err != nil {
			return err
		}
		if old, ok := c.Find(stored.ID); ok {
			what := "a custom skill"
			if old.Builtin {
				what = "a built-in skill"
			}
			return &journal.Error{Code: journal.ECONFLICT, Field: "skill id",
				Message: fmt.Sprintf("%s is %s already (%s); choose another id", stored.ID, what, old.Name)}
		}
		_, err = s.db.putCustomSkill(tx, stored)
		return err
	})
	if err != nil {
		return err
	}
	*sk = stored
	return nil
}

// SetSkillArchived archives or restores a built-in or custom skill; its
// ratings are kept. ENOTFOUND if there is no such skill.
func (s *SkillService) SetSkillArchived(id string, archived bool) error {
	id = strings.ToLower(strings.TrimSpace(id))
	return s.db.update(func(tx *bolt.Tx) error {
		c, err := s.db.catalog(tx)
		if err != nil {
			return err
		}
		sk, ok := c.Find(id)
		if !ok {
			msg := fmt.Sprintf("there is no skill %q", id)
			if near := c.Nearest(id, 3); len(near) > 0 {
				msg += "; did you mean " + strings.Join(near, ", ") + "?"
			}
			return &journal.Error{Code: journal.ENOTFOUND, Field: "skill", Message: msg + " (hone skills lists them)"}
		}
		return s.db.setArchived(tx, sk, archived)
	})
}

// setArchived archives the skill sk of the journal's catalog, or brings it
// back.
func (db *DB) setArchived(tx *bolt.Tx, sk journal.Skill, archived bool) error {
	b, err := db.bucket(tx, bucketSkills)
	if err != nil {
		return err
	}
	key := db.skillKey(sk.ID)
	switch {
	case sk.Builtin && archived:
		v, eerr := encodeBuiltinArchived(sk.ID)
		if eerr != nil {
			return eerr
		}
		err = b.Put(key, db.seal(bucketSkills, key, v))
	case sk.Builtin:
		err = b.Delete(key)
	default:
		r, derr := db.skillRecord(key, b.Get(key))
		if derr != nil {
			return derr
		}
		sk.Archived = archived
		v, eerr := encodeSkill(&sk, r.Order)
		if eerr != nil {
			return eerr
		}
		err = b.Put(key, db.seal(bucketSkills, key, v))
	}
	if err != nil {
		return fmt.Errorf("store: archive skill %s: %w", sk.ID, err)
	}
	return nil
}
