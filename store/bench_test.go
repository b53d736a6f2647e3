package store

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// benchJournals caches the journals benchmarks build, by size, for the run
// of one test binary. Each benchmark copies the file it needs.
var benchJournals struct {
	sync.Mutex
	dir   string
	paths map[string]string
}

// benchJournal returns the path of a fresh copy of a journal of n entries
// over about ten years, about five ratings each, built with CreateEntries
// in batches of 1000.
func benchJournal(b *testing.B, n int) string {
	return benchJournalMode(b, n, false)
}

// benchJournalMode is benchJournal, encrypted with the test passphrase
// (and cheap key derivation) when encrypted is set.
func benchJournalMode(b *testing.B, n int, encrypted bool) string {
	b.Helper()
	benchJournals.Lock()
	defer benchJournals.Unlock()
	if benchJournals.paths == nil {
		dir, err := os.MkdirTemp("", "hone-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchJournals.dir, benchJournals.paths = dir, map[string]string{}
	}
	name := fmt.Sprintf("journal-%d.db", n)
	if encrypted {
		name = fmt.Sprintf("journal-%d-encrypted.db", n)
	}
	src, ok := benchJournals.paths[name]
	if !ok {
		src = filepath.Join(benchJournals.dir, name)
		buildBenchJournal(b, src, n)
		if encrypted {
			encryptTest(b, src)
		}
		benchJournals.paths[name] = src
	}
	dst := filepath.Join(b.TempDir(), "journal.db")
	copyFile(b, src, dst)
	return dst
}

func buildBenchJournal(b *testing.B, path string, n int) {
	b.Helper()
	db, err := Open(path, testOptions(7))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	s := NewEntryService(db)
	rng := rand.New(rand.NewPCG(7, 7))
	skills := journal.BuiltinSkills()
	kinds := journal.Kinds
	span := 3650
	batch := make([]*journal.Entry, 0, 1000)
	for i := range n {
		e := &journal.Entry{
			Date:    today() - journal.Day(span-i*span/n),
			Kind:    kinds[rng.IntN(len(kinds))],
			Phase:   rng.IntN(5),
			Family:  fmt.Sprintf("F%d", rng.IntN(60)),
			Title:   "Plan review with the team",
			Notes:   "The caregiver set the agenda; the youth spoke about school. We agreed on two next steps.",
			Ratings: map[string]int{},
			Tags:    []string{fmt.Sprintf("t%d", rng.IntN(20))},
		}
		for len(e.Ratings) < 5 {
			e.Ratings[skills[rng.IntN(len(skills))].ID] = 1 + rng.IntN(5)
		}
		batch = append(batch, e)
		if len(batch) == cap(batch) || i == n-1 {
			if err := s.CreateEntries(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
}

func copyFile(b *testing.B, src, dst string) {
	b.Helper()
	in, err := os.Open(src)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

func benchOpen(b *testing.B, path string) *DB {
	b.Helper()
	db, err := Open(path, Options{Now: func() time.Time { return testStart }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// benchOpenEncrypted opens an encrypted journal with the test passphrase.
func benchOpenEncrypted(b *testing.B, path string) *DB {
	b.Helper()
	db, err := Open(path, Options{Now: func() time.Time { return testStart }, Passphrase: givePassphrase(testPassphrase)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkCreateEntry saves one entry per transaction, fsync included.
func BenchmarkCreateEntry(b *testing.B) {
	benchmarkCreateEntry(b, benchOpen(b, filepath.Join(b.TempDir(), "journal.db")))
}

// BenchmarkCreateEntry_100000 is BenchmarkCreateEntry in a journal of
// 100,000 entries: each write also looks for the journal's damage mark
// (knownDamaged), which must not make it slower with the journal's size.
func BenchmarkCreateEntry_100000(b *testing.B) {
	benchmarkCreateEntry(b, benchOpen(b, benchJournal(b, 100000)))
}

// BenchmarkCreateEntryEncrypted is BenchmarkCreateEntry on an encrypted
// journal.
func BenchmarkCreateEntryEncrypted(b *testing.B) {
	path := filepath.Join(b.TempDir(), "journal.db")
	db := benchOpen(b, path)
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	encryptTest(b, path)
	benchmarkCreateEntry(b, benchOpenEncrypted(b, path))
}

func benchmarkCreateEntry(b *testing.B, db *DB) {
	s := NewEntryService(db)
	b.ResetTimer()
	for range b.N {
		e := newEntry(today(), "Plan review", map[string]int{"eng.mi": 4, "team.facil": 3, "plan.needs": 5, "self.reflect": 2, "eng.voice": 4})
		e.Tags = []string{"review"}
		if err := s.CreateEntry(e); err != nil {
			b.Fatal(err)
		}
	}
}

func benchmarkFindEntries(b *testing.B, n int, f journal.EntryFilter) {
	benchmarkFindEntriesIn(b, benchOpen(b, benchJournal(b, n)), f)
}

func benchmarkFindEntriesEncrypted(b *testing.B, n int, f journal.EntryFilter) {
	benchmarkFindEntriesIn(b, benchOpenEncrypted(b, benchJournalMode(b, n, true)), f)
}

func benchmarkFindEntriesIn(b *testing.B, db *DB, f journal.EntryFilter) {
	s := NewEntryService(db)
	b.ResetTimer()
	for range b.N {
		es, err := s.FindEntries(f)
		if err != nil {
			b.Fatal(err)
		}
		if f.Limit > 0 && len(es) != f.Limit {
			b.Fatalf("%d entries, want %d", len(es), f.Limit)
		}
	}
}

func BenchmarkFindEntriesLimit10_10000(b *testing.B) {
	benchmarkFindEntries(b, 10000, journal.EntryFilter{Limit: 10})
}

func BenchmarkFindEntriesLimit10_100000(b *testing.B) {
	benchmarkFindEntries(b, 100000, journal.EntryFilter{Limit: 10})
}

func BenchmarkFindEntriesSkillLimit10_100000(b *testing.B) {
	benchmarkFindEntries(b, 100000, journal.EntryFilter{Skill: "eng.mi", Limit: 10})
}

func BenchmarkFindEntriesSearch_100000(b *testing.B) {
	benchmarkFindEntries(b, 100000, journal.EntryFilter{Search: "grandmother"})
}

func BenchmarkFindEntriesLimit10Encrypted_100000(b *testing.B) {
	benchmarkFindEntriesEncrypted(b, 100000, journal.EntryFilter{Limit: 10})
}

func BenchmarkFindEntriesSkillLimit10Encrypted_100000(b *testing.B) {
	benchmarkFindEntriesEncrypted(b, 100000, journal.EntryFilter{Skill: "eng.mi", Limit: 10})
}

func BenchmarkFindEntriesSearchEncrypted_100000(b *testing.B) {
	benchmarkFindEntriesEncrypted(b, 100000, journal.EntryFilter{Search: "grandmother"})
}

func BenchmarkRatingsEncrypted_100000(b *testing.B) {
	db := benchOpenEncrypted(b, benchJournalMode(b, 100000, true))
	s := NewRatingService(db)
	b.ResetTimer()
	for range b.N {
		if _, err := s.Ratings(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnlock derives the key-encryption key with the argon2id
// parameters every passphrase gets, and unwraps the data key: the cost of
// opening an encrypted journal, and of each guess at its passphrase.
func BenchmarkUnlock(b *testing.B) {
	s, err := newDataKey()
	if err != nil {
		b.Fatal(err)
	}
	h, err := wrapDataKey(s.dataKey, testPassphrase, defaultKDF())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := h.unwrap("journal.db", testPassphrase); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncrypt_10000 encrypts a ten-year journal (cheap key
// derivation: the copy, the check and the rename).
func BenchmarkEncrypt_10000(b *testing.B) {
	src := benchJournal(b, 10000)
	path := filepath.Join(b.TempDir(), "journal.db")
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		copyFile(b, src, path)
		b.StartTimer()
		encryptTest(b, path)
	}
}

func benchmarkRatings(b *testing.B, n int) {
	db := benchOpen(b, benchJournal(b, n))
	s := NewRatingService(db)
	b.ResetTimer()
	for range b.N {
		if _, err := s.Ratings(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRatings_10000(b *testing.B)  { benchmarkRatings(b, 10000) }
func BenchmarkRatings_100000(b *testing.B) { benchmarkRatings(b, 100000) }

// BenchmarkDrift_100000 asks for the drift analysis of a journal that has
// not changed since it was kept: one read of the cache.
func BenchmarkDrift_100000(b *testing.B) {
	db := benchOpen(b, benchJournal(b, 100000))
	s := NewDriftService(db)
	today := journal.DayOf(db.clock()) // the day the analyses are kept for
	if _, err := s.Drift(today); err != nil {
		b.Fatal(err)
	}
	db.pending.Wait() // the analysis is kept
	b.ResetTimer()
	for range b.N {
		if _, err := s.Drift(today); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDriftAfterWrite_100000 asks for the drift analysis right after
// `hone add` of an entry with five ratings: the kept analysis with those
// five skills analysed again.
func BenchmarkDriftAfterWrite_100000(b *testing.B) {
	benchDriftAfter(b, 100000, func(db *DB, today journal.Day, i int) error {
		return NewEntryService(db).CreateEntry(&journal.Entry{Date: today, Kind: journal.KindTeamMeeting, Title: fmt.Sprintf("bench %d", i),
			Ratings: map[string]int{"eng.mi": 4, "eng.strengths": 3, "team.facil": 4, "plan.safety": 2, "plan.transition": 5}})
	})
}

// BenchmarkDriftAfterUnknownWrite_100000 asks for the drift analysis after
// a write that did not note what it changed (the record of changes taken
// out, as an older hone would leave it): every rating read and analysed.
func BenchmarkDriftAfterUnknownWrite_100000(b *testing.B) { benchDriftAfterUnknownWrite(b, 100000) }

// BenchmarkDriftAfterUnknownWrite_10000 is BenchmarkDriftAfterUnknownWrite_100000
// at 10,000 entries.
func BenchmarkDriftAfterUnknownWrite_10000(b *testing.B) { benchDriftAfterUnknownWrite(b, 10000) }

func benchDriftAfterUnknownWrite(b *testing.B, entries int) {
	benchDriftAfter(b, entries, func(db *DB, _ journal.Day, _ int) error {
		return db.bolt.Update(func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bucketCache)).Delete([]byte(cacheChanges))
		})
	})
}

// benchDriftAfter times Drift as of the journal's today right after write
// (op i), at the given number of entries. Neither the write nor the
// keeping of the week's analyses in the background is timed.
func benchDriftAfter(b *testing.B, entries int, write func(db *DB, today journal.Day, i int) error) {
	db := benchOpen(b, benchJournal(b, entries))
	s := NewDriftService(db)
	today := journal.DayOf(db.clock()) // the day the analyses are kept for
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		db.pending.Wait() // the last analysis kept, off the clock
		if err := write(db, today, i); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := s.Drift(today); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpen_100000 opens and closes a large journal: the read-only
// check and the writable open.
func BenchmarkOpen_100000(b *testing.B) {
	path := benchJournal(b, 100000)
	b.ResetTimer()
	for range b.N {
		db, err := Open(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMain removes the journals benchmarks built.
func TestMain(m *testing.M) {
	childMain() // a child process of shared_test.go's tests does its part and exits
	code := m.Run()
	if benchJournals.dir != "" {
		_ = os.RemoveAll(benchJournals.dir) // best effort: a temp folder
	}
	os.Exit(code)
}

// BenchmarkCheck_100000 is the TUI's daily check of every record of a
// journal of 100,000 entries (DB.Check): a copy, then its check.
func BenchmarkCheck_100000(b *testing.B) {
	db := benchOpen(b, benchJournal(b, 100000))
	b.ResetTimer()
	for range b.N {
		if err := db.Check(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDoctor_100000 is hone doctor's check of a journal of 100,000
// entries: its pages (checkPages), then every record and index.
func BenchmarkDoctor_100000(b *testing.B) {
	path := benchJournal(b, 100000)
	b.ResetTimer()
	for range b.N {
		if r, err := Doctor(path, 0); err != nil || !r.OK() {
			b.Fatal(err, r.Problems)
		}
	}
}

// BenchmarkCheckPages_100000 is hone's check of the pages of a journal of
// 100,000 entries alone; BenchmarkBoltTxCheck_100000 is bbolt's tx.Check,
// which it replaced, on the same file.
func BenchmarkCheckPages_100000(b *testing.B) { benchPageCheck(b, false) }

// BenchmarkBoltTxCheck_100000: see BenchmarkCheckPages_100000.
func BenchmarkBoltTxCheck_100000(b *testing.B) { benchPageCheck(b, true) }

func benchPageCheck(b *testing.B, bbolt bool) {
	path := benchJournal(b, 100000)
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		b.Fatal(err)
	}
	defer bdb.Close()
	held, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		err := bdb.View(func(tx *bolt.Tx) error {
			if bbolt {
				for err := range tx.Check() {
					return err
				}
				return nil
			}
			r := &Report{}
			ps := tx.DB().Info().PageSize
			if ok, err := checkPages(path, held, ps, uint64(tx.Size())/uint64(ps), uint64(tx.ID()), r); err != nil || !ok {
				return fmt.Errorf("%v %v", err, r.Problems)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
