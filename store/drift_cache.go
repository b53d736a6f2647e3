package store

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// The drift cache keeps the last analysis of the catalog in the cache
// bucket, for the day it was asked for and the days after it, each with the
// id of the transaction that saved it. bbolt gives every committed write the
// next transaction id, so an analysis is current exactly while the
// journal's last write is the one that saved it: any later write (an
// entry, a skill, a goal, a setting) makes it stale without having to know
// about it. Keeping the coming days too means the first start of the next
// day, or of Monday, finds its analysis made. A cache that does not open or
// decode is a miss, never an error.
//
// An analysis made stale by writes is not thrown away whole: each write
// notes, under cacheChanges, the skills whose ratings it changed (an
// entry's index keys put or deleted), and a skill's verdict depends on
// nothing but its ratings and the day. So the skills that no write rated
// since the analysis keep their verdicts, and only the others are analysed
// again: after `hone add`, the five skills it rated rather than every one.
// This holds only while every write since the analysis noted its changes:
// the record holds the run of consecutive transactions that did, and a
// write it does not know of (a hone from before it, any other program)
// breaks the run, and the next analysis reads every rating.

// cacheDrift begins the keys of the cache bucket that hold analyses; the
// day follows, as putDate writes it.
const cacheDrift = "drift:"

// driftCacheFormat is the form of the cached analysis. Raise it when
// journal.Drift changes, so that older analyses are computed again. Each
// record also names the version of the drift rule that made it
// (journal.DriftRuleVersion), and one made by another version is never
// shown: format 1 was made by version 1 of the rule.
const driftCacheFormat = 2

// driftDaysKept is how many days' analyses are kept, the day asked for
// first.
const driftDaysKept = 7

// cacheChanges is the key of the cache bucket that says which skills'
// ratings the latest writes changed (changesRecord).
const cacheChanges = "changes"

// changesRecord is kept under cacheChanges: From and To, the first and
// the last of a run of consecutive write transactions that each noted the
// skills whose ratings they changed, and for each such skill, Rated, the
// last of them that did.
type changesRecord struct {
	From  int            `json:"from"`
	To    int            `json:"to"`
	Rated map[string]int `json:"rated"`
}

// driftCacheRecord is the cached analysis in the cache bucket.
type driftCacheRecord struct {
	Format int           `json:"format"`
	Rule   int           `json:"rule"`
	TxID   int           `json:"txid"`
	AsOf   int32         `json:"as_of"`
	Drift  []driftRecord `json:"drift"`
}

// driftRecord is one journal.Drift; undefined numbers are null.
type driftRecord struct {
	Skill           string   `json:"skill"`
	AsOf            int32    `json:"as_of"`
	Status          string   `json:"status"`
	Stale           bool     `json:"stale"`
	Baseline        *float64 `json:"baseline"`
	Level           *float64 `json:"level"`
	CusumLow        *float64 `json:"cusum_low"`
	CusumHigh       *float64 `json:"cusum_high"`
	Threshold       *float64 `json:"threshold"`
	Basis           string   `json:"basis"`
	Reference       *float64 `json:"reference"`
	DriftSince      int32    `json:"drift_since"`
	ReferenceFrom   int32    `json:"reference_from"`
	ReferenceTo     int32    `json:"reference_to"`
	ReferenceN      int      `json:"reference_ratings"`
	ReferenceFirst  bool     `json:"reference_first"`
	EvaluatedOn     int32    `json:"evaluated_on"`
	Evaluated       bool     `json:"evaluated"`
	BaselineFrom    int32    `json:"baseline_from"`
	BaselineTo      int32    `json:"baseline_to"`
	BaselineRatings int      `json:"baseline_ratings"`
	BaselineFirst   bool     `json:"baseline_first"`
	Recent          int      `json:"recent"`
	LevelFrom       int32    `json:"level_from"`
	Ratings         int      `json:"ratings"`
	FirstRated      int32    `json:"first_rated"`
	LastRated       int32    `json:"last_rated"`
	DaysSince       int      `json:"days_since"`
	MedianGap       *float64 `json:"median_gap"`
	Slope           *float64 `json:"slope"`
	Explanation     string   `json:"explanation"`
}

func numberRecord(n journal.Number) *float64 {
	if !n.Valid {
		return nil
	}
	return &n.Value
}

func recordNumber(p *float64) journal.Number {
	if p == nil {
		return journal.Number{}
	}
	return journal.Number{Value: *p, Valid: true}
}

// driftKey is the key of the analysis as of day in the cache bucket.
func driftKey(day journal.Day) []byte { return putDate([]byte(cacheDrift), day) }

// cachedDrift returns the cached analysis as of asOf if it is current
// within tx.
func (db *DB) cachedDrift(tx *bolt.Tx, asOf journal.Day) ([]journal.Drift, bool) {
	r, ok := db.driftRecord(tx, asOf)
	if !ok || r.TxID != tx.ID() {
		return nil, false
	}
	return r.drift(), true
}

// driftRecord reads the analysis kept as of asOf, current or not. ok is
// false when there is none, or it does not open or decode, or it is of
// another format or was made by another version of the drift rule, or
// one of its records names no skill or no verdict (hone drift --skill
// once kept its filtered list: every other skill blank).
func (db *DB) driftRecord(tx *bolt.Tx, asOf journal.Day) (r driftCacheRecord, ok bool) {
	if !db.cacheValue(tx, driftKey(asOf), &r) || r.Format != driftCacheFormat || r.Rule != journal.DriftRuleVersion ||
		journal.Day(r.AsOf) != asOf {
		return driftCacheRecord{}, false
	}
	for _, d := range r.Drift {
		if d.Skill == "" || d.Status == "" {
			return driftCacheRecord{}, false
		}
	}
	return r, true
}

// changes reads the record of the skills the latest writes changed; ok is
// false when there is none or it does not open or decode.
func (db *DB) changes(tx *bolt.Tx) (ch changesRecord, ok bool) {
	return ch, db.cacheValue(tx, []byte(cacheChanges), &ch)
}

// cacheValue decodes the value under k in the cache bucket into v. It
// reports false when there is none, or it does not open or decode: what
// the cache holds is never an error.
func (db *DB) cacheValue(tx *bolt.Tx, k []byte, v any) bool {
	b := tx.Bucket([]byte(bucketCache))
	if b == nil {
		return false
	}
	stored := b.Get(k)
	if stored == nil {
		return false
	}
	raw, err := db.open(bucketCache, k, stored)
	return err == nil && json.Unmarshal(raw, v) == nil
}

// noteRated notes, for the write under way, that the ratings of e's
// skills change: its index keys are put or deleted.
func (db *DB) noteRated(e *journal.Entry) {
	if db.rated == nil {
		db.rated = map[string]struct{}{}
	}
	for skill := range e.Ratings {
		db.rated[skill] = struct{}{}
	}
}

// noteChanges ends every write transaction (update): it adds tx to the
// run of writes kept under cacheChanges, with the skills whose ratings it
// changed, or starts a new run when the last write was not part of it.
func (db *DB) noteChanges(tx *bolt.Tx) error {
	ch, ok := db.changes(tx)
	if !ok || ch.To != tx.ID()-1 || ch.Rated == nil {
		ch = changesRecord{From: tx.ID(), Rated: map[string]int{}}
	}
	ch.To = tx.ID()
	for skill := range db.rated {
		ch.Rated[skill] = tx.ID()
	}
	v, err := json.Marshal(ch)
	if err != nil {
		return fmt.Errorf("store: encode the changes kept for the drift analysis: %w", err)
	}
	b, err := tx.CreateBucketIfNotExists([]byte(bucketCache))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bucketCache, err)
	}
	k := []byte(cacheChanges)
	if err := b.Put(k, db.seal(bucketCache, k, v)); err != nil {
		return fmt.Errorf("store: save the changes kept for the drift analysis: %w", err)
	}
	return nil
}

// drift returns the analysis r holds.
func (r driftCacheRecord) drift() []journal.Drift {
	out := make([]journal.Drift, len(r.Drift))
	for i, d := range r.Drift {
		out[i] = journal.Drift{
			Skill:            d.Skill,
			AsOf:             journal.Day(d.AsOf),
			Status:           journal.Status(d.Status),
			Stale:            d.Stale,
			Baseline:         recordNumber(d.Baseline),
			Level:            recordNumber(d.Level),
			CusumLow:         recordNumber(d.CusumLow),
			CusumHigh:        recordNumber(d.CusumHigh),
			Threshold:        recordNumber(d.Threshold),
			Basis:            journal.Basis(d.Basis),
			Reference:        recordNumber(d.Reference),
			DriftSince:       journal.Day(d.DriftSince),
			ReferenceFrom:    journal.Day(d.ReferenceFrom),
			ReferenceTo:      journal.Day(d.ReferenceTo),
			ReferenceRatings: d.ReferenceN,
			ReferenceFirst:   d.ReferenceFirst,
			EvaluatedOn:      journal.Day(d.EvaluatedOn),
			Evaluated:        d.Evaluated,
			BaselineFrom:     journal.Day(d.BaselineFrom),
			BaselineTo:       journal.Day(d.BaselineTo),
			BaselineRatings:  d.BaselineRatings,
			BaselineFirst:    d.BaselineFirst,
			Recent:           d.Recent,
			LevelFrom:        journal.Day(d.LevelFrom),
			Ratings:          d.Ratings,
			FirstRated:       journal.Day(d.FirstRated),
			LastRated:        journal.Day(d.LastRated),
			DaysSince:        d.DaysSince,
			MedianGap:        recordNumber(d.MedianGap),
			Slope:            recordNumber(d.Slope),
			Explanation:      d.Explanation,
		}
	}
	return out
}

// putDriftCache replaces the cached analyses with days, the analyses of the
// journal as tx finds it as of from, from+1, and so on, under tx's id.
func (db *DB) putDriftCache(tx *bolt.Tx, from journal.Day, days [][]journal.Drift) error {
	b, err := tx.CreateBucketIfNotExists([]byte(bucketCache))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bucketCache, err)
	}
	var old [][]byte
	c := b.Cursor()
	for k, _ := c.Seek([]byte(cacheDrift)); hasPrefix(k, []byte(cacheDrift)); k, _ = c.Next() {
		old = append(old, k)
	}
	for _, k := range old {
		if err := b.Delete(k); err != nil {
			return fmt.Errorf("store: clear the drift cache: %w", err)
		}
	}
	for i, drift := range days {
		asOf := from + journal.Day(i)
		r := driftCacheRecord{Format: driftCacheFormat, Rule: journal.DriftRuleVersion, TxID: tx.ID(), AsOf: int32(asOf), Drift: make([]driftRecord, len(drift))}
		for i, d := range drift {
			r.Drift[i] = driftRecord{
				Skill:           d.Skill,
				AsOf:            int32(d.AsOf),
				Status:          string(d.Status),
				Stale:           d.Stale,
				Baseline:        numberRecord(d.Baseline),
				Level:           numberRecord(d.Level),
				CusumLow:        numberRecord(d.CusumLow),
				CusumHigh:       numberRecord(d.CusumHigh),
				Threshold:       numberRecord(d.Threshold),
				Basis:           string(d.Basis),
				Reference:       numberRecord(d.Reference),
				DriftSince:      int32(d.DriftSince),
				ReferenceFrom:   int32(d.ReferenceFrom),
				ReferenceTo:     int32(d.ReferenceTo),
				ReferenceN:      d.ReferenceRatings,
				ReferenceFirst:  d.ReferenceFirst,
				EvaluatedOn:     int32(d.EvaluatedOn),
				Evaluated:       d.Evaluated,
				BaselineFrom:    int32(d.BaselineFrom),
				BaselineTo:      int32(d.BaselineTo),
				BaselineRatings: d.BaselineRatings,
				BaselineFirst:   d.BaselineFirst,
				Recent:          d.Recent,
				LevelFrom:       int32(d.LevelFrom),
				Ratings:         d.Ratings,
				FirstRated:      int32(d.FirstRated),
				LastRated:       int32(d.LastRated),
				DaysSince:       d.DaysSince,
				MedianGap:       numberRecord(d.MedianGap),
				Slope:           numberRecord(d.Slope),
				Explanation:     d.Explanation,
			}
		}
		v, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("store: encode the drift cache: %w", err)
		}
		k := driftKey(asOf)
		if err := b.Put(k, db.seal(bucketCache, k, v)); err != nil {
			return fmt.Errorf("store: save the drift cache: %w", err)
		}
	}
	return nil
}
