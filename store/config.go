package store

import (
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
	if err != nil {
		return "", err
	}
	return name, nil
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

// watchList reads the watch list; none when the config bucket or the key is
// absent.
func (db *DB) watchList(tx *bolt.Tx) ([]string, error) {
	b := tx.Bucket([]byte(bucketConfig))
	if b == nil {
		return nil, nil
	}
	k := []byte(configWatch)
	v := b.Get(k)
	if v == nil {
		return nil, nil
	}
	v, err := db.open(bucketConfig, k, v)
	if err != nil {
		return nil, err
	}
	var names []string
	if err := json.Unmarshal(v, &names); err != nil {
		return nil, fmt.Errorf("%w: %w", damaged(db.path, "the watch list does not decode"), err)
	}
	return names, nil
}

// putWatchList writes the watch list, making the config bucket if needed.
func (db *DB) putWatchList(tx *bolt.Tx, names []string) error {
	b, err := tx.CreateBucketIfNotExists([]byte(bucketConfig))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bucketConfig, err)
	}
	if names == nil {
		names = []string{}
	}
	v, err := json.Marshal(names)
	if err != nil {
		return fmt.Errorf("store: encode the watch list: %w", err)
	}
	k := []byte(configWatch)
	if err := b.Put(k, db.seal(bucketConfig, k, v)); err != nil {
		return fmt.Errorf("store: put the watch list: %w", err)
	}
	return nil
}

// facilitatorName reads the facilitator name; "" when the config bucket or
// the key is absent.
func (db *DB) facilitatorName(tx *bolt.Tx) (string, error) {
	b := tx.Bucket([]byte(bucketConfig))
	if b == nil {
		return "", nil
	}
	k := []byte(configFacilitator)
	v := b.Get(k)
	if v == nil {
		return "", nil
	}
	v, err := db.open(bucketConfig, k, v)
	if err != nil {
		return "", err
	}
	var name string
	if err := json.Unmarshal(v, &name); err != nil {
		return "", fmt.Errorf("%w: %w", damaged(db.path, "the facilitator name does not decode"), err)
	}
	return name, nil
}

// putFacilitatorName writes the facilitator name, making the config bucket
// if needed; "" deletes it.
func (db *DB) putFacilitatorName(tx *bolt.Tx, name string) error {
	k := []byte(configFacilitator)
	if name == "" {
		b := tx.Bucket([]byte(bucketConfig))
		if b == nil {
			return nil
		}
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("store: delete the facilitator name: %w", err)
		}
		return nil
	}
	b, err := tx.CreateBucketIfNotExists([]byte(bucketConfig))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bucketConfig, err)
	}
	v, err := json.Marshal(name)
	if err != nil {
		return fmt.Errorf("store: encode the facilitator name: %w", err)
	}
	if err := b.Put(k, db.seal(bucketConfig, k, v)); err != nil {
		return fmt.Errorf("store: put the facilitator name: %w", err)
	}
	return nil
}
