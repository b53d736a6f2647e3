package store

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sync"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.DriftService = (*DriftService)(nil)

// The drift cache keeps the last analysis of the catalog in the cache
// bucket, with the day it was made for and the id of the transaction that
// saved it. bbolt gives every committed write the next transaction id, so
// the analysis is current exactly while the day is the same and the
// journal's last write is the one that saved it: any later write (an entry,
// a skill, a goal, a setting) makes it stale without having to know about
// it. A cache that does not open or decode is a miss, never an error.

// Keys of the cache bucket.
const cacheDrift = "drift"

// driftCacheFormat is the form of the cached analysis. Raise it when
// journal.Drift or the drift rule changes, so that older analyses are
// computed again.
const driftCacheFormat = 1

// DriftService analyses drift and keeps the analysis in the journal until
// it changes. It implements journal.DriftService.
type DriftService struct {
	db *DB
}

// NewDriftService returns the drift service of db.
func NewDriftService(db *DB) *DriftService {
	return &DriftService{db: db}
}

// Drift returns the drift of every active skill as of asOf, in catalog
// order: the cached analysis when nothing was written since it was saved
// for the same day, else AnalyzeCatalog over every rating, which is then
// saved in the background, which Close waits for (unless the journal is
// open read-only, or a write came in between). A failure to save costs the
// next call time, not its result.
func (s *DriftService) Drift(asOf journal.Day) ([]journal.Drift, error) {
	var (
		out  []journal.Drift
		hit  bool
		txid int
	)
	err := s.db.view(func(tx *bolt.Tx) error {
		txid = tx.ID()
		if out, hit = s.db.cachedDrift(tx, asOf); hit {
			return nil
		}
		var err error
		out, err = s.db.analyze(tx, asOf)
		return err
	})
	if err != nil {
		return nil, err
	}
	if !hit && !s.db.readOnly {
		// Kept in the background: the caller has its answer without
		// waiting for the fsync.
		s.db.background(func() {
			_ = s.db.update(func(tx *bolt.Tx) error {
				if tx.ID() != txid+1 {
					return nil // a write came in between: the analysis may be stale already
				}
				return s.db.putDriftCache(tx, asOf, out)
			})
		})
	}
	return out, nil
}

// analyze is journal.AnalyzeCatalog of the journal as tx finds it, the
// skills shared among the cores: each goroutine reads the ratings of its
// skills from idx_skill in a read transaction of its own and analyses them
// as it goes. A goroutine whose transaction is not tx's snapshot (a write
// committed as it began) leaves its skills to tx.
func (db *DB) analyze(tx *bolt.Tx, asOf journal.Day) ([]journal.Drift, error) {
	c, err := db.catalog(tx)
	if err != nil {
		return nil, err
	}
	active := c.Active()
	out := make([]journal.Drift, len(active))
	share := func(tx *bolt.Tx, first, step int) error {
		b, err := db.bucket(tx, bucketIdxSkill)
		if err != nil {
			return err
		}
		var rs []journal.Rating // one skill's at a time, the array reused
		for i := first; i < len(active); i += step {
			if rs, err = db.appendSkillRatings(rs[:0], b, active[i].ID); err != nil {
				return err
			}
			out[i] = journal.AnalyzeDrift(rs, asOf)
			out[i].Skill = active[i].ID
		}
		return nil
	}
	n := max(1, min(runtime.GOMAXPROCS(0), len(active)))
	done := make([]bool, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := 1; w < n; w++ {
		wg.Go(func() {
			errs[w] = db.view(func(own *bolt.Tx) error {
				if own.ID() != tx.ID() {
					return nil
				}
				done[w] = true
				return share(own, w, n)
			})
		})
	}
	errs[0], done[0] = share(tx, 0, n), true
	wg.Wait()
	for w := range n {
		if errs[w] != nil {
			return nil, errs[w]
		}
		if !done[w] {
			if err := share(tx, w, n); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// appendSkillRatings appends the ratings of one skill from idx_skill (b)
// to rs, oldest first and, within a day, in entry creation order. Their
// entry ids are left empty: the index gives them in the order AnalyzeDrift
// reads them, which it keeps for ratings of one day and entry id, and
// without the ids nothing in rs points anywhere but to the skill's id.
// EDAMAGED if a key is malformed or a rating does not open.
func (db *DB) appendSkillRatings(rs []journal.Rating, b *bolt.Bucket, id string) ([]journal.Rating, error) {
	prefix := indexPrefix(bucketIdxSkill, db.keyPart(bucketIdxSkill, id))
	var o opener
	c := b.Cursor()
	for k, v := c.Seek(prefix); hasPrefix(k, prefix); k, v = c.Next() {
		_, d, _, ok := splitIndexKey(bucketIdxSkill, k)
		if !ok || len(k) != len(prefix)+dateLen+journal.IDLength {
			return nil, damaged(db.path, "the skill index holds a malformed key")
		}
		v, err := o.open(db, bucketIdxSkill, k, v)
		if err != nil {
			return nil, err
		}
		if len(v) != 1 {
			return nil, damaged(db.path, "the skill index holds a malformed rating")
		}
		rs = append(rs, journal.Rating{Skill: id, Date: d, Value: int(v[0])})
	}
	return rs, nil
}

// driftCacheRecord is the cached analysis in the cache bucket.
type driftCacheRecord struct {
	Format int           `json:"format"`
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
	BaselineFrom    int32    `json:"baseline_from"`
	BaselineTo      int32    `json:"baseline_to"`
	BaselineRatings int      `json:"baseline_ratings"`
	BaselineFirst   bool     `json:"baseline_first"`
	Recent          int      `json:"recent"`
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

// cachedDrift returns the cached analysis if it is current for asOf
// within tx.
func (db *DB) cachedDrift(tx *bolt.Tx, asOf journal.Day) ([]journal.Drift, bool) {
	b := tx.Bucket([]byte(bucketCache))
	if b == nil {
		return nil, false
	}
	k := []byte(cacheDrift)
	stored := b.Get(k)
	if stored == nil {
		return nil, false
	}
	v, err := db.open(bucketCache, k, stored)
	if err != nil {
		return nil, false
	}
	var r driftCacheRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return nil, false
	}
	if r.Format != driftCacheFormat || r.TxID != tx.ID() || journal.Day(r.AsOf) != asOf {
		return nil, false
	}
	out := make([]journal.Drift, len(r.Drift))
	for i, d := range r.Drift {
		out[i] = journal.Drift{
			Skill:           d.Skill,
			AsOf:            journal.Day(d.AsOf),
			Status:          journal.Status(d.Status),
			Stale:           d.Stale,
			Baseline:        recordNumber(d.Baseline),
			Level:           recordNumber(d.Level),
			CusumLow:        recordNumber(d.CusumLow),
			CusumHigh:       recordNumber(d.CusumHigh),
			BaselineFrom:    journal.Day(d.BaselineFrom),
			BaselineTo:      journal.Day(d.BaselineTo),
			BaselineRatings: d.BaselineRatings,
			BaselineFirst:   d.BaselineFirst,
			Recent:          d.Recent,
			Ratings:         d.Ratings,
			FirstRated:      journal.Day(d.FirstRated),
			LastRated:       journal.Day(d.LastRated),
			DaysSince:       d.DaysSince,
			MedianGap:       recordNumber(d.MedianGap),
			Slope:           recordNumber(d.Slope),
			Explanation:     d.Explanation,
		}
	}
	return out, true
}

// putDriftCache saves drift, the analysis as of asOf of the journal as tx
// finds it, under tx's id.
func (db *DB) putDriftCache(tx *bolt.Tx, asOf journal.Day, drift []journal.Drift) error {
	r := driftCacheRecord{Format: driftCacheFormat, TxID: tx.ID(), AsOf: int32(asOf), Drift: make([]driftRecord, len(drift))}
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
			BaselineFrom:    int32(d.BaselineFrom),
			BaselineTo:      int32(d.BaselineTo),
			BaselineRatings: d.BaselineRatings,
			BaselineFirst:   d.BaselineFirst,
			Recent:          d.Recent,
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
	b, err := tx.CreateBucketIfNotExists([]byte(bucketCache))
	if err != nil {
		return fmt.Errorf("store: create bucket %s: %w", bucketCache, err)
	}
	k := []byte(cacheDrift)
	if err := b.Put(k, db.seal(bucketCache, k, v)); err != nil {
		return fmt.Errorf("store: save the drift cache: %w", err)
	}
	return nil
}
