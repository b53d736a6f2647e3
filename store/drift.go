package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.DriftService = (*DriftService)(nil)

// The drift cache keeps the last analysis of the catalog in the cache
// bucket, for the day it was asked for and the days after it, each with the
// id of the transaction that saved it. bbolt gives every committed write the
// next transaction id, so an analysis is current exactly while the
// journal's last write is the one that saved it: any later write (an
// entry, a skill, a goal, a setting) makes it stale without having to know
// about it. Keeping the coming days too means the first start of the next
// day, or of Monday, finds its analysis made. A cache that does not open or
// decode is a miss, never an error.

// cacheDrift begins the keys of the cache bucket that hold analyses; the
// day follows, as putDate writes it.
const cacheDrift = "drift:"

// driftCacheFormat is the form of the cached analysis. Raise it when
// journal.Drift or the drift rule changes, so that older analyses are
// computed again.
const driftCacheFormat = 1

// driftDaysKept is how many days' analyses are kept, the day asked for
// first.
const driftDaysKept = 7

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
// order: the cached analysis when nothing was written since it was saved,
// else AnalyzeCatalog over every rating. Then, when asOf is today or in the
// week after (by the journal's clock), the analyses of asOf and the
// following days are saved in the background (Close waits for it), unless
// the journal is open read-only or a write came in between: looking at
// another day leaves the kept ones in place. A failure to save costs a
// later call time, not its result.
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
		days, err := s.db.analyze(tx, runtime.GOMAXPROCS(0), asOf)
		if err == nil {
			out = days[0]
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if today := journal.DayOf(s.db.clock()); !hit && !s.db.readOnly && asOf >= today && asOf < today+driftDaysKept {
		s.db.background(func() { s.db.keepDrift(txid, asOf, out) })
	}
	return out, nil
}

// keepDrift saves drift, the analysis as of asOf of the journal as
// transaction txid found it, with the analyses of the days after it (read
// again from the same snapshot). Nothing is saved when a write came in
// since txid: the analyses may be stale already.
func (db *DB) keepDrift(txid int, asOf journal.Day, drift []journal.Drift) {
	var next [][]journal.Drift
	err := db.view(func(tx *bolt.Tx) error {
		if tx.ID() != txid {
			return errStaleCache
		}
		days := make([]journal.Day, driftDaysKept-1)
		for i := range days {
			days[i] = asOf + journal.Day(i+1)
		}
		// One goroutine: the analysis that was asked for is out, and
		// whoever asked (a screen drawing it) keeps the other core.
		var err error
		next, err = db.analyze(tx, 1, days...)
		return err
	})
	if err != nil {
		return
	}
	_ = db.update(func(tx *bolt.Tx) error {
		if tx.ID() != txid+1 {
			return nil
		}
		return db.putDriftCache(tx, asOf, append([][]journal.Drift{drift}, next...))
	})
}

// errStaleCache stops keeping an analysis that a write has made stale.
var errStaleCache = errors.New("store: the journal changed since the analysis")

// analyze is journal.AnalyzeCatalog of the journal as tx finds it, as of
// each of the days: out[i] is the analysis as of days[i]. The skills are
// shared among up to workers goroutines: each reads the ratings of its
// skills from idx_skill in a read transaction of its own, and analyses each
// skill as of every day while its ratings are read. A goroutine whose
// transaction is not tx's snapshot (a write committed as it began) leaves
// its skills to tx.
func (db *DB) analyze(tx *bolt.Tx, workers int, days ...journal.Day) ([][]journal.Drift, error) {
	c, err := db.catalog(tx)
	if err != nil {
		return nil, err
	}
	active := c.Active()
	out := make([][]journal.Drift, len(days))
	for i := range out {
		out[i] = make([]journal.Drift, len(active))
	}
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
			for j, day := range days {
				out[j][i] = journal.AnalyzeDrift(rs, day)
				out[j][i].Skill = active[i].ID
			}
		}
		return nil
	}
	n := max(1, min(workers, len(active)))
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
		skill, d, _, rating, err := db.skillIndexItem(&o, k, v)
		if err != nil {
			return nil, err
		}
		if len(skill) != len(prefix)-1 {
			return nil, damaged(db.path, "the skill index holds a malformed key")
		}
		rs = append(rs, journal.Rating{Skill: id, Date: d, Value: rating})
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

// driftKey is the key of the analysis as of day in the cache bucket.
func driftKey(day journal.Day) []byte { return putDate([]byte(cacheDrift), day) }

// cachedDrift returns the cached analysis as of asOf if it is current
// within tx.
func (db *DB) cachedDrift(tx *bolt.Tx, asOf journal.Day) ([]journal.Drift, bool) {
	b := tx.Bucket([]byte(bucketCache))
	if b == nil {
		return nil, false
	}
	k := driftKey(asOf)
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
		k := driftKey(asOf)
		if err := b.Put(k, db.seal(bucketCache, k, v)); err != nil {
			return fmt.Errorf("store: save the drift cache: %w", err)
		}
	}
	return nil
}
