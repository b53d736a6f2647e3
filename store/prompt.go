package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.PromptService = (*PromptService)(nil)

// PromptService keeps the reflection prompt library: the built-in prompts
// of journal.BuiltinPrompts and the user's own, stored in the journal. It
// implements journal.PromptService.
type PromptService struct {
	db *DB
}

// NewPromptService returns the prompt service of db.
func NewPromptService(db *DB) *PromptService {
	return &PromptService{db: db}
}

// CustomPromptPrefix starts the id of every custom prompt: "my-1", "my-2".
const CustomPromptPrefix = "my-"

// Prompts returns the library: the built-in prompts first, then custom ones
// in the order they were added.
func (s *PromptService) Prompts() ([]journal.Prompt, error) {
	var custom []journal.Prompt
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		custom, err = s.db.customPrompts(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return append(journal.BuiltinPrompts(), custom...), nil
}

// customPrompts reads the custom prompts in the order they were added.
func (db *DB) customPrompts(tx *bolt.Tx) ([]journal.Prompt, error) {
	b, err := db.bucket(tx, bucketPrompts)
	if err != nil {
		return nil, err
	}
	var ps []journal.Prompt
	err = b.ForEach(func(k, v []byte) error {
		v, err := db.open(bucketPrompts, k, v)
		if err != nil {
			return err
		}
		p, err := decodePrompt(v)
		if err != nil {
			return fmt.Errorf("%w: %w", damaged(db.path, fmt.Sprintf("a custom prompt (key %x) does not decode", k)), err)
		}
		ps = append(ps, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ps, nil
}

// CreatePrompt normalizes and validates a custom prompt and gives it the
// next id of the form "my-N". EINVALID on bad input.
func (s *PromptService) CreatePrompt(p *journal.Prompt) error {
	stored := *p
	stored.Normalize()
	stored.Builtin = false
	if err := stored.Validate(); err != nil {
		return err
	}
	err := s.db.update(func(tx *bolt.Tx) error {
		return s.db.putPrompt(tx, &stored)
	})
	if err != nil {
		return err
	}
	*p = stored
	return nil
}

// putPrompt stores p, which the caller normalized and validated, as the
// next custom prompt, and sets its id to "my-N".
func (db *DB) putPrompt(tx *bolt.Tx, p *journal.Prompt) error {
	b, err := db.bucket(tx, bucketPrompts)
	if err != nil {
		return err
	}
	n, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("store: put prompt: %w", err)
	}
	p.ID = CustomPromptPrefix + strconv.FormatUint(n, 10)
	v, err := encodePrompt(p)
	if err != nil {
		return err
	}
	k := seqKey(n)
	if err := b.Put(k, db.seal(bucketPrompts, k, v)); err != nil {
		return fmt.Errorf("store: put prompt %s: %w", p.ID, err)
	}
	return nil
}
