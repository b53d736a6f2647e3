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
// while the form changes, and removed when its entry is saved (in the
// same write as the entry: CommitDraft) or discarded.
//
// A draft removed is closed: its record is replaced by a closed one (a
// draftRecord with only Closed set, sealed like the others), and a later
// SaveDraft with its id is dropped. The form's timer may have a write of
// the draft under way when its entry is saved; landing after the save, it
// would offer the saved entry again at the next start. Closed records are
// pruned a day after they were closed, by the next draft removed.

// draftRecord is the stored form of a journal.Draft.
type draftRecord struct {
	EntryID     string             `json:"entry_id,omitempty"`
	PID         int                `json:"pid,omitempty"`
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
	Form        string             `json:"form,omitempty"`   // journal.Draft.Form
	Fields      []string           `json:"fields,omitempty"` // journal.Draft.Fields
	// Closed is when the draft was removed; a closed record holds
	// nothing else.
	Closed time.Time `json:"closed,omitzero"`
}

// newDraftRecord returns the record of d, saved at saved.
func newDraftRecord(d *journal.Draft, saved time.Time) draftRecord {
	r := draftRecord{EntryID: d.EntryID, PID: d.PID, Saved: saved, Date: d.Date, Kind: string(d.Kind),
		Phase: d.Phase, Family: d.Family, Title: d.Title, Notes: d.Notes, Tags: d.Tags, Ratings: d.Ratings,
		Form: d.Form, Fields: d.Fields}
	for _, x := range d.Reflections {
		r.Reflections = append(r.Reflections, reflectionRecord(x))
	}
	return r
}

// draft returns the draft r records, under id.
func (r draftRecord) draft(id string) *journal.Draft {
	d := &journal.Draft{ID: id, EntryID: r.EntryID, PID: r.PID, Saved: r.Saved, Date: r.Date,
		Kind: journal.Kind(r.Kind), Phase: r.Phase, Family: r.Family, Title: r.Title,
		Notes: r.Notes, Tags: r.Tags, Ratings: r.Ratings, Form: r.Form, Fields: r.Fields}
	for _, x := range r.Reflections {
		d.Reflections = append(d.Reflections, journal.Reflection(x))
	}
	return d
}

// closedDraftsKept is how long a closed draft's record stays, to drop
// the writes of it still under way.
const closedDraftsKept = 24 * time.Hour

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
			if !r.Closed.IsZero() {
				return nil
			}
			out = append(out, r.draft(string(k)))
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
// d.Saved. A draft whose id is closed (its entry saved, or the draft
// discarded) is dropped: nothing is written and d.Saved stays as it was.
// EINVALID when d has no ID or one longer than 64 bytes.
func (s *EntryService) SaveDraft(d *journal.Draft) error {
	if err := checkDraftID(d.ID); err != nil {
		return err
	}
	r := newDraftRecord(d, s.db.clock())
	raw, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("store: encode draft %s: %w", d.ID, err)
	}
	var dropped bool
	err = s.db.update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte(bucketDrafts))
		if err != nil {
			return fmt.Errorf("store: create bucket %s: %w", bucketDrafts, err)
		}
		k := []byte(d.ID)
		if dropped = s.db.draftClosed(k, b.Get(k)); dropped {
			return nil
		}
		if err := b.Put(k, s.db.seal(bucketDrafts, k, raw)); err != nil {
			return fmt.Errorf("store: put draft %s: %w", d.ID, err)
		}
		return nil
	})
	if err != nil || dropped {
		return err
	}
	d.Saved = r.Saved
	return nil
}

// DeleteDraft removes the draft with id and closes the id, so that a
// write of the draft still under way is dropped.
func (s *EntryService) DeleteDraft(id string) error {
	if err := checkDraftID(id); err != nil {
		return err
	}
	return s.db.update(func(tx *bolt.Tx) error { return s.db.closeDraft(tx, id) })
}

// CommitDraft saves e, as CreateEntry does when it has no ID and as
// UpdateEntry does when it has one, and removes and closes the draft
// draftID in the same write: the entry saved and its draft gone, or
// neither, however hone stops, and a write of the draft still under way
// is dropped. On an error, the draft is as it was. With no draftID it
// saves e alone.
func (s *EntryService) CommitDraft(e *journal.Entry, draftID string) error {
	if draftID != "" {
		if err := checkDraftID(draftID); err != nil {
			return err
		}
	}
	var stored journal.Entry
	err := s.db.update(func(tx *bolt.Tx) error {
		var err error
		if e.ID == "" {
			stored = *e
			err = s.db.createEntryIn(tx, &stored)
		} else {
			stored, err = s.db.updateEntry(tx, e)
		}
		if err != nil || draftID == "" {
			return err
		}
		return s.db.closeDraft(tx, draftID)
	})
	if err != nil {
		return err
	}
	*e = stored
	return nil
}

// checkDraftID refuses an id that cannot be a draft's key.
func checkDraftID(id string) error {
	if id == "" || len(id) > maxDraftID {
		return journal.Invalid("draft", "a draft needs an id of 1 to %d bytes", maxDraftID)
	}
	return nil
}

// draftClosed reports whether v, the record kept under k, is a closed
// draft's. A record that does not open is not: it is kept, to be named.
func (db *DB) draftClosed(k, v []byte) bool {
	_, closed := db.closedAt(k, v)
	return closed
}

// closedAt returns when the draft whose record v is kept under k was
// closed; false when v is no closed draft's (or does not open).
func (db *DB) closedAt(k, v []byte) (time.Time, bool) {
	if v == nil {
		return time.Time{}, false
	}
	raw, err := db.open(bucketDrafts, k, v)
	if err != nil {
		return time.Time{}, false
	}
	var r draftRecord
	if json.Unmarshal(raw, &r) != nil || r.Closed.IsZero() {
		return time.Time{}, false
	}
	return r.Closed, true
}

// closeDraft puts a closed record in place of the draft id, in tx, and
// prunes the closed records older than closedDraftsKept.
func (db *DB) closeDraft(tx *bolt.Tx, id string) error {
	b, err := tx.CreateBucketIfNotExists([]byte(bucketDrafts))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bucketDrafts, err)
	}
	now := db.clock()
	var old [][]byte
	err = b.ForEach(func(k, v []byte) error {
		if at, closed := db.closedAt(k, v); closed && now.Sub(at) > closedDraftsKept {
			old = append(old, k)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("store: prune closed draft %s: %w", k, err)
		}
	}
	raw, err := json.Marshal(draftRecord{Closed: now})
	if err != nil {
		return fmt.Errorf("store: encode closed draft %s: %w", id, err)
	}
	k := []byte(id)
	if err := b.Put(k, db.seal(bucketDrafts, k, raw)); err != nil {
		return fmt.Errorf("store: close draft %s: %w", id, err)
	}
	return nil
}
