package store

import (
	"os"
	"testing"
	"time"

	"hone/journal"
)

// Benchmarks of the TUI's way to the journal, OpenShared: every
// transaction opens and closes the file. Compare with the same benchmark
// on a DB from Open (BenchmarkCreateEntry, BenchmarkFindEntriesLimit10_100000).

func benchOpenShared(b *testing.B, path string) *DB {
	b.Helper()
	db, err := OpenShared(path, Options{Now: func() time.Time { return testStart }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// BenchmarkCreateEntryShared_100000 is the TUI's save on a journal of
// 100,000 entries: open for writing, one transaction with its fsync, close.
func BenchmarkCreateEntryShared_100000(b *testing.B) {
	benchmarkCreateEntry(b, benchOpenShared(b, benchJournal(b, 100000)))
}

// BenchmarkCreateEntryHeld_100000 is the same save on the file held open.
func BenchmarkCreateEntryHeld_100000(b *testing.B) {
	benchmarkCreateEntry(b, benchOpen(b, benchJournal(b, 100000)))
}

// BenchmarkFindEntriesLimit10Shared_100000 is a read of ten entries with
// the file opened read-only for it.
func BenchmarkFindEntriesLimit10Shared_100000(b *testing.B) {
	benchmarkFindEntriesIn(b, benchOpenShared(b, benchJournal(b, 100000)), journal.EntryFilter{Limit: 10})
}

// BenchmarkChangedUnchanged_100000 is the TUI's look for other processes'
// writes while there were none: a stat.
func BenchmarkChangedUnchanged_100000(b *testing.B) {
	path := benchJournal(b, 100000)
	hourAgo := time.Now().Add(-time.Hour) // a file last written an hour ago
	if err := os.Chtimes(path, hourAgo, hourAgo); err != nil {
		b.Fatal(err)
	}
	db := benchOpenShared(b, path)
	if _, err := db.Changed(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := db.Changed(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChangedAfterWrite_100000 is the look right after a write: the
// file's meta data read through a read-only open.
func BenchmarkChangedAfterWrite_100000(b *testing.B) {
	db := benchOpenShared(b, benchJournal(b, 100000))
	b.ResetTimer()
	for range b.N {
		if _, err := db.Changed(); err != nil { // the file was written within 2 s
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenShared_100000 is the TUI's start on a large journal:
// OpenShared (Open, then letting go of the file) and a first read.
func BenchmarkOpenShared_100000(b *testing.B) {
	path := benchJournal(b, 100000)
	b.ResetTimer()
	for range b.N {
		db, err := OpenShared(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := NewEntryService(db).FindEntries(journal.EntryFilter{Limit: 12}); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDriftShared_100000 is Today's drift from the kept analysis,
// the file opened for the read.
func BenchmarkDriftShared_100000(b *testing.B) {
	db := benchOpenShared(b, benchJournal(b, 100000))
	s := NewDriftService(db)
	if _, err := s.Drift(today()); err != nil { // keeps the analysis
		b.Fatal(err)
	}
	if err := db.Close(); err != nil { // waits for it to be kept
		b.Fatal(err)
	}
	db.closed = false
	b.ResetTimer()
	for range b.N {
		if _, err := s.Drift(today()); err != nil {
			b.Fatal(err)
		}
	}
}
