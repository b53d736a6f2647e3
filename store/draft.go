package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// Drafts of the entry form live in the drafts bucket, made on the first
// one, by the form's id (journal.Draft.ID), each a draftRecord as JSON,
// sealed in an encrypted journal. A draft is written every few seconds
// while the form changes, and removed when its entry is saved or
// discarded.

// draftRecord is the stored form of a journal.Draft.
type draftRecord struct {
	EntryID     string             `json:"entry_id,omitempty"`
	Saved       time.Time          `json:"saved"`
	Date        string             `json:"date"`
	Kind        string             `json:"kind"`
	Phase       int                `json:"phase,omitempty"`
	Family      string             `json:"family,omitempty"`
	Title       string             `json:"title,omitempty"`
	Notes       string             `json:"notes,omitempty"`
	Tags        string             `json:"tags,omitempty"`
	Ratings     map[string]int     `json:"ratings,omitempty"`
	Reflections []reflectionRecord `json:"reflections,omitempty"`
}

// maxDraftID bounds a draft's id, its key.
const maxDraftID = 64

// Drafts returns the drafts kept, newest first. A draft that does not open
// or decode comes last, with only its ID and why (Unreadable), so that it
// can be named and discarded: one damaged draft hides no other.
func (s *EntryService) Drafts() ([]*journal.Draft, error) {
	var out []*journal.Draft
	err := s.db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketDrafts))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				return damaged(s.db.path, "its drafts bucket holds a bucket")
			}
			raw, err := s.db.open(bucketDrafts, k, v)
			var r draftRecord
			if err == nil {
				err = json.Unmarshal(raw, &r)
			}
			if err != nil {
				out = append(out, &journal.Draft{ID: string(k), Unreadable: journal.ErrorMessage(err)})
				return nil
			}
			d := &journal.Draft{ID: string(k), EntryID: r.EntryID, Saved: r.Saved, Date: r.Date,
				Kind: journal.Kind(r.Kind), Phase: r.Phase, Family: r.Family, Title: r.Title,
				Notes: r.Notes, Tags: r.Tags, Ratings: r.Ratings}
			for _, x := range r.Reflections {
				d.Reflections = append(d.Reflections, journal.Reflection(x))
			}
			out = append(out, d)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b *journal.Draft) int {
		if (a.Unreadable != "") != (b.Unreadable != "") {
			if a.Unreadable != "" {
				return 1
			}
			return -1
		}
		return b.Saved.Compare(a.Saved)
	})
	return out, nil
}

// SaveDraft keeps d under its ID in place of what was kept there, and sets
// d.Saved. EINVALID when d has no ID or one longer than 64 bytes.
func (s *EntryService) SaveDraft(d *journal.Draft) error {
	if d.ID == "" || len(d.ID) > maxDraftID {
		return journal.Invalid("draft", "a draft needs an id of 1 to %d bytes", maxDraftID)
	}
	r := draftRecord{EntryID: d.EntryID, Saved: s.db.clock(), Date: d.Date, Kind: string(d.Kind),
		Phase: d.Phase, Family: d.Family, Title: d.Title, Notes: d.Notes, Tags: d.Tags, Ratings: d.Ratings}
	for _, x := range d.Reflections {
		r.Reflections = append(r.Reflections, reflectionRecord(x))
	}
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store: encode draft %s: %w", d.ID, err)
	}
	err = s.db.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(bucketDrafts))
		if err != nil {
			return fmt.Errorf("store: create bucket %s: %w", bucketDrafts, err)
		}
		k := []byte(d.ID)
		if err := b.Put(k, s.db.seal(bucketDrafts, k, raw)); err != nil {
			return fmt.Errorf("store: put draft %s: %w", d.ID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.Saved = r.Saved
	return nil
}

// DeleteDraft removes the draft with id; nothing, and no write, when
// there is none.
func (s *EntryService) DeleteDraft(id string) error {
	var found bool
	err := s.db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketDrafts))
		found = b != nil && b.Get([]byte(id)) != nil
		return nil
	})
	if err != nil || !found {
		return err
	}
	return s.db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucketDrafts))
		if b == nil || b.Get([]byte(id)) == nil {
			return nil
		}
		if err := b.Delete([]byte(id)); err != nil {
			return fmt.Errorf("store: delete draft %s: %w", id, err)
		}
		return nil
	})
}
