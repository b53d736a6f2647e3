package store

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.ConfigService = (*ConfigService)(nil)

// ConfigService keeps the user's settings in the journal's config bucket,
// which is made on the first write: the privacy watch list and the
// facilitator name that exports carry. It implements journal.ConfigService.
type ConfigService struct {
	db *DB
}

// NewConfigService returns the settings service of db.
func NewConfigService(db *DB) *ConfigService {
	return &ConfigService{db: db}
}

// WatchList returns the names the privacy check warns about, in the order
// they were added.
func (s *ConfigService) WatchList() ([]string, error) {
	var names []string
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		names, err = s.db.watchList(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return names, nil
}

// AddWatchName adds a name to the watch list, tidied by
// journal.NormalizeWatchName; a name already there in any case is not
// added twice. EINVALID for an empty or overlong name.
func (s *ConfigService) AddWatchName(name string) error {
	name, err := journal.NormalizeWatchName(name)
	if err != nil {
		return err
	}
	return s.db.update(func(tx *bolt.Tx) error {
		names, err := s.db.watchList(tx)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, name) }) {
			return nil
		}
		return s.db.putWatchList(tx, append(names, name))
	})
}

// RemoveWatchName removes a name from the watch list, ignoring case.
// ENOTFOUND if it is not on the list, EINVALID for an empty name.
func (s *ConfigService) RemoveWatchName(name string) error {
	name, err := journal.NormalizeWatchName(name)
	if err != nil {
		return err
	}
	return s.db.update(func(tx *bolt.Tx) error {
		names, err := s.db.watchList(tx)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, name) })
		if i < 0 {
			return &journal.Error{Code: journal.ENOTFOUND, Field: "name",
				Message: fmt.Sprintf("%q is not on the watch list (hone config watch list shows it)", name)}
		}
		return s.db.putWatchList(tx, slices.Delete(names, i, i+1))
	})
}

// FacilitatorName returns the name exports carry for the coach to see; ""
// when none is kept.
func (s *ConfigService) FacilitatorName() (string, error) {
	var name string
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		name, err = s.db.facilitatorName(tx)
		return err
	})
	return name, err
}

// SetFacilitatorName keeps the name exports carry, tidied by
// journal.NormalizeFacilitator; an empty name forgets the one kept.
// EINVALID, with nothing written, for a name of more than one line or
// longer than journal.MaxFacilitator characters.
func (s *ConfigService) SetFacilitatorName(name string) error {
	name, err := journal.NormalizeFacilitator(name)
	if err != nil {
		return err
	}
	return s.db.update(func(tx *bolt.Tx) error {
		return s.db.putFacilitatorName(tx, name)
	})
}

// CoachName returns the name the journal's owner last gave as a coach in
// review mode's feedback form; "" when none is kept.
func (s *ConfigService) CoachName() (string, error) {
	var name string
	err := s.db.view(func(tx *bolt.Tx) error {
		return s.db.getConfig(tx, configCoach, "the coach name", &name)
	})
	return name, err
}

// SetCoachName keeps the name review mode's feedback form starts with
// next time, tidied by journal.NormalizeFacilitator (the same rules as the
// facilitator name); the name kept already writes nothing, and "" forgets
// it. EINVALID, with nothing written, for a name of more than one line or
// longer than journal.MaxFacilitator characters.
func (s *ConfigService) SetCoachName(name string) error {
	name, err := journal.NormalizeFacilitator(name)
	if err != nil {
		return err
	}
	if kept, err := s.CoachName(); err != nil || kept == name {
		return err
	}
	return s.db.update(func(tx *bolt.Tx) error {
		if name == "" {
			if b := tx.Bucket([]byte(bucketConfig)); b != nil {
				if err := b.Delete([]byte(configCoach)); err != nil {
					return fmt.Errorf("store: delete the coach name: %w", err)
				}
			}
			return nil
		}
		return s.db.putConfig(tx, configCoach, "the coach name", name)
	})
}

// JournalID returns the journal's id (journal.NewJournalID), which every
// export carries and coach feedback names. It is made with crypto/rand and
// kept on first need, so journals from before hone had ids get one the
// first time they are exported; it is sealed in an encrypted journal like
// any setting, and travels with backups, encryption and decryption. A
// journal open read-only that has no id yet gives "".
func (s *ConfigService) JournalID() (string, error) {
	id, err := s.KeptJournalID()
	if err != nil || id != "" || s.db.readOnly {
		return id, err
	}
	err = s.db.update(func(tx *bolt.Tx) error {
		if id, err = s.db.journalID(tx); err != nil || id != "" {
			return err
		}
		if id, err = journal.NewJournalID(rand.Reader); err != nil {
			return fmt.Errorf("store: make the journal id: %w", err)
		}
		return s.db.putConfig(tx, configJournal, "the journal id", id)
	})
	if err != nil {
		return "", err
	}
	return id, nil
}

// KeptJournalID returns the journal's id, or "" when it has none yet. It
// never writes: for checks that must leave the journal as it is.
func (s *ConfigService) KeptJournalID() (string, error) {
	var id string
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		id, err = s.db.journalID(tx)
		return err
	})
	return id, err
}

// Fresh reports whether the journal holds no entries and no coach
// feedback: a journal just made, which a full import may give the id of
// the journal it is moved from (MoveJournalID).
func (s *ConfigService) Fresh() (bool, error) {
	fresh := true
	err := s.db.view(func(tx *bolt.Tx) error {
		for _, name := range []string{bucketEntries, bucketFeedback} {
			if b := tx.Bucket([]byte(name)); b != nil {
				if k, _ := b.Cursor().First(); k != nil {
					fresh = false
				}
			}
		}
		return nil
	})
	return fresh, err
}

// MoveJournalID gives the journal the id of the journal it is moved from
// (the "journal" of a full export), replacing the one it had, so that
// coach feedback written for the old one finds the new one. hone import
// calls it after a full import into a journal that was Fresh before it.
// EINVALID for an id not of the form journal.NewJournalID gives.
func (s *ConfigService) MoveJournalID(id string) error {
	if err := journal.ValidateJournalID(id); err != nil {
		return err
	}
	return s.db.update(func(tx *bolt.Tx) error {
		return s.db.putConfig(tx, configJournal, "the journal id", id)
	})
}

// journalID reads the journal id; "" when there is none yet.
func (db *DB) journalID(tx *bolt.Tx) (string, error) {
	var id string
	if err := db.getConfig(tx, configJournal, "the journal id", &id); err != nil {
		return "", err
	}
	if id != "" && journal.ValidateJournalID(id) != nil {
		return "", damaged(db.path, "its journal id is not one hone makes")
	}
	return id, nil
}

// watchList reads the watch list; none when the config bucket or the key is
// absent.
func (db *DB) watchList(tx *bolt.Tx) ([]string, error) {
	var names []string
	err := db.getConfig(tx, configWatch, "the watch list", &names)
	return names, err
}

// putWatchList writes the watch list, making the config bucket if needed.
func (db *DB) putWatchList(tx *bolt.Tx, names []string) error {
	if names == nil {
		names = []string{}
	}
	return db.putConfig(tx, configWatch, "the watch list", names)
}

// facilitatorName reads the facilitator name; "" when the config bucket or
// the key is absent.
func (db *DB) facilitatorName(tx *bolt.Tx) (string, error) {
	var name string
	err := db.getConfig(tx, configFacilitator, "the facilitator name", &name)
	return name, err
}

// putFacilitatorName writes the facilitator name, making the config bucket
// if needed; "" deletes it.
func (db *DB) putFacilitatorName(tx *bolt.Tx, name string) error {
	if name != "" {
		return db.putConfig(tx, configFacilitator, "the facilitator name", name)
	}
	if b := tx.Bucket([]byte(bucketConfig)); b != nil {
		if err := b.Delete([]byte(configFacilitator)); err != nil {
			return fmt.Errorf("store: delete the facilitator name: %w", err)
		}
	}
	return nil
}

// getConfig decodes the config value under key into v, which it leaves
// alone when the config bucket or the key is absent. what names the value
// in errors.
func (db *DB) getConfig(tx *bolt.Tx, key, what string, v any) error {
	b := tx.Bucket([]byte(bucketConfig))
	if b == nil {
		return nil
	}
	k := []byte(key)
	raw := b.Get(k)
	if raw == nil {
		return nil
	}
	raw, err := db.open(bucketConfig, k, raw)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%w: %w", damaged(db.path, what+" does not decode"), err)
	}
	return nil
}

// putConfig writes v, as JSON (sealed in an encrypted journal), under key
// in the config bucket, making the bucket if needed. what names the value
// in errors.
func (db *DB) putConfig(tx *bolt.Tx, key, what string, v any) error {
	b, err := tx.CreateBucketIfNotExists([]byte(bucketConfig))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bucketConfig, err)
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s: %w", what, err)
	}
	k := []byte(key)
	if err := b.Put(k, db.seal(bucketConfig, k, raw)); err != nil {
		return fmt.Errorf("store: put %s: %w", what, err)
	}
	return nil
}
