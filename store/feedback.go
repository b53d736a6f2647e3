package store

import (
	"encoding/json"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.FeedbackService = (*FeedbackService)(nil)

// FeedbackService keeps coach feedback in the feedback bucket, keyed by
// item id, each item with the day it was received; in an encrypted
// journal every value is sealed, and the keys, item ids that hone makes
// from the time the coach wrote them, stay visible as entry ids do. It
// implements journal.FeedbackService.
type FeedbackService struct {
	db *DB
}

// NewFeedbackService returns the feedback service of db.
func NewFeedbackService(db *DB) *FeedbackService {
	return &FeedbackService{db: db}
}

// feedbackRecord is an item of feedback as stored.
type feedbackRecord struct {
	ID       string `json:"id"`
	Day      int32  `json:"day"`
	Skill    string `json:"skill,omitempty"`
	Observed int    `json:"observed,omitempty"`
	Note     string `json:"note,omitempty"`
	Coach    string `json:"coach,omitempty"`
	Received int32  `json:"received"`
	// Seq is journal.Feedback's Seq; absent in records from before hone
	// counted them (read as 0: never new).
	Seq uint64 `json:"seq,omitempty"`
}

// Feedback returns every item kept, newest day first (same day: by id).
func (s *FeedbackService) Feedback() ([]journal.Feedback, error) {
	var fs []journal.Feedback
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		fs, err = s.db.feedback(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	journal.SortFeedback(fs)
	return fs, nil
}

// ImportFeedback merges the items of f, received on the day received, into
// the journal in one transaction: an item whose id the journal holds is
// left as it is when nothing in it changed, and replaced, received again,
// when the coach changed it. Importing the same file twice changes
// nothing, not a byte of the journal file: when no item is new or changed,
// nothing is written. EINVALID, with nothing written, when f's journal is
// not this journal's id (or the journal has none yet: it was never
// exported), or an item is not valid or names a skill the catalog lacks.
func (s *FeedbackService) ImportFeedback(f *journal.FeedbackFile, received journal.Day) (journal.FeedbackResult, error) {
	items, err := f.Feedback(received)
	if err != nil {
		return journal.FeedbackResult{}, err
	}
	return s.MergeFeedback(f.Journal, items)
}

// MergeFeedback merges items, written for the journal with the id
// journalID, as ImportFeedback does, each with its own coach and day
// received: for feedback that comes with a full export of the journal.
// The items are normalized first (a copy: items is not modified).
func (s *FeedbackService) MergeFeedback(journalID string, items []journal.Feedback) (journal.FeedbackResult, error) {
	items = slices.Clone(items)
	for i := range items {
		items[i].Normalize()
	}
	var res journal.FeedbackResult
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		res, err = s.db.mergeFeedback(tx, journalID, items, false)
		return err
	})
	if err != nil || res.Added+res.Updated == 0 {
		return res, err
	}
	err = s.db.update(func(tx *bolt.Tx) error {
		var err error
		res, err = s.db.mergeFeedback(tx, journalID, items, true)
		return err
	})
	if err != nil {
		return journal.FeedbackResult{}, err
	}
	return res, nil
}

// NewFeedback returns the items that came in after the mark
// MarkFeedbackSeen keeps, newest day first (same day: by id).
func (s *FeedbackService) NewFeedback() ([]journal.Feedback, error) {
	var fs []journal.Feedback
	err := s.db.view(func(tx *bolt.Tx) error {
		seen, err := s.db.feedbackSeen(tx)
		if err != nil {
			return err
		}
		if fs, err = s.db.feedback(tx); err != nil {
			return err
		}
		fs = slices.DeleteFunc(fs, func(f journal.Feedback) bool { return f.Seq <= seen })
		return nil
	})
	if err != nil {
		return nil, err
	}
	journal.SortFeedback(fs)
	return fs, nil
}

// MarkFeedbackSeen keeps seq as the mark of the feedback seen, in the
// config bucket (sealed in an encrypted journal), unless the mark kept is
// already at or above it: then nothing is written, so a journal open
// read-only, or one whose feedback was all seen, is never written to.
func (s *FeedbackService) MarkFeedbackSeen(seq uint64) error {
	if seq == 0 {
		return nil
	}
	var seen uint64
	err := s.db.view(func(tx *bolt.Tx) error {
		var err error
		seen, err = s.db.feedbackSeen(tx)
		return err
	})
	if err != nil || seq <= seen {
		return err
	}
	return s.db.update(func(tx *bolt.Tx) error {
		seen, err := s.db.feedbackSeen(tx)
		if err != nil || seq <= seen {
			return err
		}
		return s.db.putConfig(tx, configFeedbackSeen, "the feedback seen", seq)
	})
}

// feedbackSeen reads the mark of the feedback seen; 0 when none is kept.
func (db *DB) feedbackSeen(tx *bolt.Tx) (uint64, error) {
	var seq uint64
	err := db.getConfig(tx, configFeedbackSeen, "the feedback seen", &seq)
	return seq, err
}

// mergeFeedback checks items, written for the journal with the id
// journalID, and counts what merging them would do; with write, it does
// it.
func (db *DB) mergeFeedback(tx *bolt.Tx, journalID string, items []journal.Feedback, write bool) (journal.FeedbackResult, error) {
	var res journal.FeedbackResult
	own, err := db.journalID(tx)
	if err != nil {
		return res, err
	}
	switch {
	case own == "":
		return res, journal.Invalid("journal", "this feedback answers another journal: this one has never been exported, so no coach has its id; import it into the journal whose export the coach answered")
	case own != journalID:
		return res, journal.Invalid("journal", "this feedback answers another journal (%s), not this one (%s); import it into the journal whose export the coach answered", journalID, own)
	}
	catalog, err := db.catalog(tx)
	if err != nil {
		return res, err
	}
	if err := journal.CheckFeedback(items, catalog); err != nil {
		return res, err
	}
	b := tx.Bucket([]byte(bucketFeedback))
	var seq uint64 // the highest Seq kept, when writing
	if write && b != nil {
		all, err := db.feedback(tx)
		if err != nil {
			return res, err
		}
		seq = journal.LatestFeedback(all)
	}
	if write {
		if b, err = tx.CreateBucketIfNotExists([]byte(bucketFeedback)); err != nil {
			return res, fmt.Errorf("store: create bucket %s: %w", bucketFeedback, err)
		}
	}
	for i := range items {
		f := &items[i]
		k := []byte(f.ID)
		if b != nil {
			if v := b.Get(k); v != nil {
				old, err := db.feedbackRecord(k, v)
				if err != nil {
					return res, err
				}
				if journal.SameFeedback(&old, f) {
					res.Unchanged++
					continue
				}
				res.Updated++
			} else {
				res.Added++
			}
		} else {
			res.Added++
		}
		if !write {
			continue
		}
		seq++
		v, err := json.Marshal(feedbackRecord{ID: f.ID, Day: int32(f.Day), Skill: f.Skill, Observed: f.Observed,
			Note: f.Note, Coach: f.Coach, Received: int32(f.Received), Seq: seq})
		if err != nil {
			return res, fmt.Errorf("store: encode feedback %s: %w", f.ID, err)
		}
		if err := b.Put(k, db.seal(bucketFeedback, k, v)); err != nil {
			return res, fmt.Errorf("store: put feedback %s: %w", f.ID, err)
		}
	}
	return res, nil
}

// feedback reads every item within tx, in key order; none when the
// feedback bucket is absent.
func (db *DB) feedback(tx *bolt.Tx) ([]journal.Feedback, error) {
	b := tx.Bucket([]byte(bucketFeedback))
	if b == nil {
		return nil, nil
	}
	var fs []journal.Feedback
	err := b.ForEach(func(k, v []byte) error {
		f, err := db.feedbackRecord(k, v)
		if err != nil {
			return err
		}
		fs = append(fs, f)
		return nil
	})
	return fs, err
}

// feedbackRecord opens and decodes the value v stored under k in the
// feedback bucket. EDAMAGED if it does not open or decode, or does not
// hold a valid item of that id.
func (db *DB) feedbackRecord(k, v []byte) (journal.Feedback, error) {
	v, err := db.open(bucketFeedback, k, v)
	if err != nil {
		return journal.Feedback{}, err
	}
	var r feedbackRecord
	if err := decodeRecord(v, &r); err != nil {
		return journal.Feedback{}, fmt.Errorf("%w: %w", damaged(db.path, recordName(bucketFeedback, k)+" does not decode"), err)
	}
	f := journal.Feedback{ID: r.ID, Day: journal.Day(r.Day), Skill: r.Skill, Observed: r.Observed,
		Note: r.Note, Coach: r.Coach, Received: journal.Day(r.Received), Seq: r.Seq}
	if r.ID != string(k) {
		return f, damaged(db.path, recordName(bucketFeedback, k)+" holds another id")
	}
	if err := f.Validate(); err != nil {
		return f, fmt.Errorf("%w: %w", damaged(db.path, recordName(bucketFeedback, k)+" is not valid"), err)
	}
	return f, nil
}
