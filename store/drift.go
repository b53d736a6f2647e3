package store

import (
	"errors"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.DriftService = (*DriftService)(nil)

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
// order: the cached analysis when nothing was written since it was saved;
// else that analysis with the skills whose ratings changed since analysed
// again (keptDrift); else AnalyzeCatalog over every rating. When asOf is
// today or in the week after (by the journal's clock), the analyses of
// asOf and the days after it are kept: made at once with asOf's when they
// can be (one walk of each skill's ratings serves every day,
// journal.AnalyzeDriftDays), else made in the background from the same
// snapshot (on the first start of a day after a write, when the week kept
// began the day before, asOf's comes from it and the week is made again).
// They are saved in the background (Close waits for it), unless the
// journal is open read-only or a write came in between: looking at
// another day leaves the kept ones in place. A failure to save costs a
// later call time, not its result.
func (s *DriftService) Drift(asOf journal.Day) ([]journal.Drift, error) {
	var (
		out  [][]journal.Drift
		hit  bool // current as kept: nothing to save
		week bool // out holds the week
		txid int
	)
	today := journal.DayOf(s.db.clock())
	keep := !s.db.readOnly && asOf >= today && asOf < today+driftDaysKept
	days := []journal.Day{asOf}
	if keep {
		for i := 1; i < driftDaysKept; i++ {
			days = append(days, asOf+journal.Day(i))
		}
	}
	workers := runtime.GOMAXPROCS(0)
	err := s.db.view(func(tx *bolt.Tx) error {
		txid = tx.ID()
		if d, ok := s.db.cachedDrift(tx, asOf); ok {
			out, hit = [][]journal.Drift{d}, true
			return nil
		}
		if keep {
			kept, _, err := s.db.keptDrift(tx, workers, days...)
			if kept != nil || err != nil {
				out, week = kept, true
				return err
			}
		}
		kept, _, err := s.db.keptDrift(tx, workers, asOf)
		if kept != nil || err != nil {
			out = kept
			return err
		}
		out, err = s.db.analyze(tx, workers, days...)
		week = keep
		return err
	})
	if err != nil {
		return nil, err
	}
	switch {
	case hit:
	case s.db.readOnly && s.db.cryptKeys() == nil && s.db.shared == nil && asOf >= today && asOf < today+driftDaysKept:
		s.db.mu.Lock()
		s.db.afterRead = &readAnalysis{txid: txid, asOf: asOf, drift: out[0]}
		s.db.mu.Unlock()
	case !keep:
	case week:
		s.db.background(func() { s.db.keepDrift(txid, asOf, out) })
	default:
		s.db.background(func() { s.db.keepWeek(txid, days) })
	}
	// The caller's own copy: what is kept, in the background or at Close,
	// must not change with what the caller does to it (hone drift --skill
	// filters it in place). A Drift holds no pointers, so a shallow copy
	// will do.
	return slices.Clone(out[0]), nil
}

// keepDrift saves days, the analyses as of asOf and the days after it of
// the journal as transaction txid found it. Nothing is saved when a write
// came in since txid: the analyses may be stale already.
func (db *DB) keepDrift(txid int, asOf journal.Day, days [][]journal.Drift) {
	_ = db.update(func(tx *bolt.Tx) error {
		if tx.ID() != txid+1 {
			return nil
		}
		return db.putDriftCache(tx, asOf, days)
	})
}

// keepWeek analyses the journal as transaction txid found it as of each
// of days, every rating read, and keeps the analyses; nothing when a
// write came in since txid.
func (db *DB) keepWeek(txid int, days []journal.Day) {
	var week [][]journal.Drift
	err := db.view(func(tx *bolt.Tx) error {
		if tx.ID() != txid {
			return errStaleCache
		}
		// One goroutine: the analysis that was asked for is out, and
		// whoever asked (a screen drawing it) keeps the other core.
		var err error
		week, err = db.analyze(tx, 1, days...)
		return err
	})
	if err == nil {
		db.keepDrift(txid, days[0], week)
	}
}

// readAnalysis is an analysis made through a read-only handle, as the
// journal was at transaction txid, as of asOf.
type readAnalysis struct {
	txid  int
	asOf  journal.Day
	drift []journal.Drift
}

// keepAfterRead keeps what a read-only command analysed (hone drift,
// skills, prep on a journal whose kept analysis a write made stale), once
// its shared lock is let go, so that the next one reads it instead of
// analysing every rating again. It takes the file for writing only if no
// other hone holds it at this moment (no wait: a reader never waits on
// another), only while nothing was written since the read and the file is
// still a plain journal (encrypting or restoring it replaces it), and not
// in a journal marked damaged. Anything else leaves the file as it is: a
// later read analyses again.
func (db *DB) keepAfterRead(k *readAnalysis) {
	// bbolt makes a new journal in a file too short to hold one: a file
	// cut since the read is not a read command's to write.
	if fi, err := os.Stat(db.path); err != nil || fi.Size() < minFileSize || knownDamaged(db.path) != nil {
		return
	}
	bdb, _, err := openBolt(db.path, false, time.Millisecond)
	if err != nil {
		return
	}
	defer bdb.Close()
	_ = db.guard(func() error {
		return bdb.Update(func(tx *bolt.Tx) error {
			meta := tx.Bucket([]byte(bucketMeta))
			if tx.ID() != k.txid+1 || meta == nil || meta.Get([]byte(metaCrypt)) != nil {
				return errStaleCache
			}
			if err := db.putDriftCache(tx, k.asOf, [][]journal.Drift{k.drift}); err != nil {
				return err
			}
			return db.noteChanges(tx)
		})
	})
}

// errStaleCache stops keeping an analysis that a write has made stale.
var errStaleCache = errors.New("store: the journal changed since the analysis")

// analyze is journal.AnalyzeCatalog of the journal as tx finds it, as of
// each of the days: out[i] is the analysis as of days[i].
func (db *DB) analyze(tx *bolt.Tx, workers int, days ...journal.Day) ([][]journal.Drift, error) {
	c, err := db.catalog(tx)
	if err != nil {
		return nil, err
	}
	active := c.Active()
	ids := make([]string, len(active))
	for i, sk := range active {
		ids[i] = sk.ID
	}
	// An analysis kept for the first day, current or not, tells about how
	// many ratings the skills have.
	most := 0
	if r, ok := db.driftRecord(tx, days[0]); ok {
		for _, d := range r.Drift {
			most = max(most, d.Ratings)
		}
		most = roomFor(most)
	}
	return db.analyzeSkills(tx, workers, ids, most, days...)
}

// roomFor returns how many ratings to make room for when a skill had at
// most most of them when last analysed: those, and the ratings added since.
func roomFor(most int) int { return most + most/8 + 64 }

// analyzeSkills is journal.AnalyzeDrift of each skill of ids, its ratings
// as tx finds them, as of each of the days (journal.AnalyzeDriftDays: one
// walk of a skill's ratings for every day): out[j][i] is skill ids[i] as
// of days[j]. The ratings are read from idx_skill in tx by the calling
// goroutine alone, and up to workers goroutines analyse them, a skill at a
// time. most, when known, is about the most ratings a skill has: each
// array of ratings makes room for that many at once rather than growing as
// it is read.
func (db *DB) analyzeSkills(tx *bolt.Tx, workers int, ids []string, most int, days ...journal.Day) ([][]journal.Drift, error) {
	out := make([][]journal.Drift, len(days))
	for i := range out {
		out[i] = make([]journal.Drift, len(ids))
	}
	b, err := db.bucket(tx, bucketIdxSkill)
	if err != nil {
		return nil, err
	}
	// Only this goroutine reads, inside tx; the workers only compute. A
	// worker that opened a read transaction of its own while tx is open
	// could wait forever: a writer of this process that grows the file
	// waits for tx to end, and bbolt lets no new reader in meanwhile.
	// Each skill's ratings go to a worker in one of n+1 arrays that take
	// turns, so memory stays that of a few skills.
	n := max(1, min(workers, len(ids)))
	type job struct {
		i  int
		rs []journal.Rating
	}
	jobs := make(chan job)
	free := make(chan []journal.Rating, n+1)
	for range n + 1 {
		free <- make([]journal.Rating, 0, most)
	}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for j := range jobs {
				for k, d := range journal.AnalyzeDriftDays(j.rs, days...) {
					out[k][j.i] = d
					out[k][j.i].Skill = ids[j.i]
				}
				free <- j.rs
			}
		})
	}
	for i := range ids {
		rs, err := db.appendSkillRatings((<-free)[:0], b, ids[i])
		if err != nil {
			close(jobs)
			wg.Wait()
			return nil, err
		}
		jobs <- job{i, rs}
	}
	close(jobs)
	wg.Wait()
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

// keptDrift returns the analyses as of each of days from the ones kept
// for them by one write: as they are when that write is the journal's
// last (current true), or with the skills whose ratings later writes
// changed analysed again (their ratings read once for every day, shared
// among up to workers goroutines), when the writes since all noted what
// they changed. nil when what is kept will not do: the caller analyses
// every skill.
func (db *DB) keptDrift(tx *bolt.Tx, workers int, days ...journal.Day) (drift [][]journal.Drift, current bool, err error) {
	records := make([]driftCacheRecord, len(days))
	for i, day := range days {
		r, ok := db.driftRecord(tx, day)
		if !ok || i > 0 && r.TxID != records[0].TxID {
			return nil, false, nil
		}
		records[i] = r
	}
	drift = make([][]journal.Drift, len(days))
	for i, r := range records {
		drift[i] = r.drift()
	}
	since := records[0].TxID
	if since == tx.ID() {
		return drift, true, nil
	}
	ch, ok := db.changes(tx)
	if !ok || ch.To != tx.ID() || ch.From > since+1 {
		return nil, false, nil
	}
	c, err := db.catalog(tx)
	if err != nil {
		return nil, false, err
	}
	active := c.Active()
	kept := make([]map[string]journal.Drift, len(days))
	for i := range days {
		kept[i] = make(map[string]journal.Drift, len(drift[i]))
		for _, d := range drift[i] {
			kept[i][d.Skill] = d
		}
		drift[i] = make([]journal.Drift, len(active))
	}
	var again []int // indexes into active, of the skills analysed again
	var ids []string
	most := 0 // ratings, as last analysed, of the skill analysed again with the most
	for k, sk := range active {
		fresh := ch.Rated[sk.ID] <= since
		for i := range days {
			d, ok := kept[i][sk.ID]
			fresh = fresh && ok
			drift[i][k] = d
		}
		if !fresh {
			again, ids = append(again, k), append(ids, sk.ID)
			most = max(most, drift[0][k].Ratings)
		}
	}
	made, err := db.analyzeSkills(tx, workers, ids, roomFor(most), days...)
	if err != nil {
		return nil, false, err
	}
	for i := range days {
		for j, k := range again {
			drift[i][k] = made[i][j]
		}
	}
	return drift, false, nil
}
