package store

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
	"hone/journal/gen"
)

// exportTestJournal fills db with n generated entries (seed 21) and a few
// with text of every kind JSON escapes, a custom skill (archived after it
// was rated) and private and shared reflections.
func exportTestJournal(t testing.TB, db *DB, n int) {
	t.Helper()
	skills := NewSkillService(db)
	if err := skills.CreateSkill(&journal.Skill{ID: "own.skill", Name: "Own <skill> & \"more\"", Group: "Mine", KeyElement: "Personal growth"}); err != nil {
		t.Fatal(err)
	}
	es := gen.Generate(gen.Options{Entries: n, Seed: 21, End: today()})
	for i, e := range es {
		switch i % 7 {
		case 0:
			e.Notes += "\n\"quoted\" \\ back <b>bold</b> & \u2028 line 日本語 🌱 \t tab"
		case 1:
			e.Ratings["own.skill"] = 1 + i%5
		case 2:
			e.Reflections = append(e.Reflections, journal.Reflection{Prompt: "Private \"one\"", Answer: "not shared </script>", Shared: false, Starred: true})
		case 3:
			e.Family = "Fam-" + fmt.Sprint(i%13)
		}
	}
	s := NewEntryService(db)
	for len(es) > 0 {
		k := min(len(es), 1000)
		if err := s.CreateEntries(es[:k]); err != nil {
			t.Fatal(err)
		}
		es = es[k:]
	}
	if err := skills.SetSkillArchived("own.skill", true); err != nil {
		t.Fatal(err)
	}
}

// exportBoth writes the JSON export of db with opts the old way (every
// entry read with FindEntries, then BuildExport) and the streaming way
// (ViewEntries and WriteExportJSONFrom), and returns both.
func exportBoth(t testing.TB, db *DB, opts journal.ExportOptions) (old, streamed []byte, counts journal.ExportCounts) {
	t.Helper()
	es, err := NewEntryService(db).FindEntries(journal.EntryFilter{Since: opts.Since, Until: opts.Until})
	if err != nil {
		t.Fatal(err)
	}
	c, err := NewSkillService(db).Skills()
	if err != nil {
		t.Fatal(err)
	}
	x := journal.BuildExport(es, c, opts)
	var a, b bytes.Buffer
	if err := journal.WriteExportJSON(&a, x); err != nil {
		t.Fatal(err)
	}
	err = NewEntryService(db).ViewEntries(opts.Since, opts.Until, func(src journal.EntrySource) error {
		_, counts, err = journal.WriteExportJSONFrom(&b, src, c, opts)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if counts != x.Counts() {
		t.Errorf("counts %+v, want %+v", counts, x.Counts())
	}
	return a.Bytes(), b.Bytes(), counts
}

// exportOptions are the exports the streaming path is checked with.
func exportOptions() map[string]journal.ExportOptions {
	now := testStart.Add(90 * time.Minute)
	since, until := today()-400, today()-30
	return map[string]journal.ExportOptions{
		"CoachSafe":          {Now: now},
		"CoachSafeRange":     {Now: now, Since: &since, Until: &until, Facilitator: "Sam"},
		"CoachSafeWeekDates": {Now: now, WeekDates: true, Since: &since, Until: &until},
		"CoachSafeWeekSince": {Now: now, WeekDates: true, Since: &since},
		"Full":               {Full: true, Now: now},
		"FullRange":          {Full: true, Now: now, Since: &since, Until: &until},
		"FullUntil":          {Full: true, Now: now, Until: &until},
	}
}

// The streaming export gives the bytes of the old one, for plain and
// encrypted journals.
func TestViewEntriesExportMatchesFindEntries(t *testing.T) {
	for _, m := range modes() {
		t.Run(m.name, func(t *testing.T) {
			db, _ := openTestDBMode(t, m.encrypted)
			n := 3000
			if m.encrypted {
				n = 700
			}
			exportTestJournal(t, db, n)
			for name, opts := range exportOptions() {
				t.Run(name, func(t *testing.T) {
					old, streamed, counts := exportBoth(t, db, opts)
					if !bytes.Equal(old, streamed) {
						t.Fatalf("the streamed export differs:\n%s", byteDiff(old, streamed))
					}
					if counts.Entries == 0 {
						t.Errorf("no entries exported")
					}
				})
			}
		})
	}
}

func byteDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("at byte %d of %d/%d:\n--- old\n%s\n--- streamed\n%s", i, len(a), len(b), a[lo:min(len(a), i+200)], b[lo:min(len(b), i+200)])
}

// Where the date index puts an entry on another day than its own (a
// damaged index), the export is still the old one's.
func TestViewEntriesIndexDisagrees(t *testing.T) {
	db, path := openTestDB(t)
	exportTestJournal(t, db, 300)
	es, err := NewEntryService(db).FindEntries(journal.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	// Move the index keys of three entries: one to a later day within
	// the range, one out of it, one to an earlier day.
	moves := []struct {
		e     *journal.Entry
		shift journal.Day
	}{{es[100], 40}, {es[150], 5000}, {es[200], -3}}
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		idx := tx.Bucket([]byte(bucketIdxDate))
		for _, mv := range moves {
			if err := idx.Delete(append(putDate(nil, mv.e.Date), mv.e.ID...)); err != nil {
				return err
			}
			if err := idx.Put(append(putDate(nil, mv.e.Date+mv.shift), mv.e.ID...), nil); err != nil {
				return err
			}
		}
		return nil
	})
	db = openTestPath(t, path, testOptions(1))
	// Read into memory only when a moved key lies in the range.
	for _, c := range []struct {
		until *journal.Day
		load  bool
	}{{nil, true}, {day(es[200].Date - 4), false}} {
		err := NewEntryService(db).ViewEntries(nil, c.until, func(src journal.EntrySource) error {
			_, err := src.Tally()
			if got := src.(*entrySource).loaded; got != c.load {
				t.Errorf("until %v: loaded = %v, want %v", c.until, got, c.load)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for name, opts := range exportOptions() {
		t.Run(name, func(t *testing.T) {
			old, streamed, _ := exportBoth(t, db, opts)
			if !bytes.Equal(old, streamed) {
				t.Fatalf("the streamed export differs:\n%s", byteDiff(old, streamed))
			}
		})
	}
}

// A damaged journal gives EDAMAGED, never a panic: an index naming a
// missing entry, or a record that does not decode, found by the tally or
// by the entries' own read.
func TestViewEntriesDamaged(t *testing.T) {
	for name, damage := range map[string]func(tx *bolt.Tx, e *journal.Entry) error{
		"Missing": func(tx *bolt.Tx, e *journal.Entry) error {
			return tx.Bucket([]byte(bucketEntries)).Delete([]byte(e.ID))
		},
		"Garbage": func(tx *bolt.Tx, e *journal.Entry) error {
			return tx.Bucket([]byte(bucketEntries)).Put([]byte(e.ID), []byte(`{"id":"x","day":`))
		},
		"WrongType": func(tx *bolt.Tx, e *journal.Entry) error {
			return tx.Bucket([]byte(bucketEntries)).Put([]byte(e.ID), []byte(`{"id":"x","day":"monday"}`))
		},
	} {
		t.Run(name, func(t *testing.T) {
			db, path := openTestDB(t)
			exportTestJournal(t, db, 50)
			es, err := NewEntryService(db).FindEntries(journal.EntryFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			rawUpdate(t, path, func(tx *bolt.Tx) error { return damage(tx, es[20]) })
			db = openTestPath(t, path, testOptions(1))
			err = NewEntryService(db).ViewEntries(nil, nil, func(src journal.EntrySource) error {
				_, err := src.Tally()
				wantCode(t, err, journal.EDAMAGED)
				err = src.Each(func(*journal.Entry) error { return nil })
				wantCode(t, err, journal.EDAMAGED)
				return err
			})
			wantCode(t, err, journal.EDAMAGED)
		})
	}
}

// Each stops when fn fails, returns fn's error, and leaves no reader
// behind; Each without a Tally first still checks the index.
func TestViewEntriesEachStops(t *testing.T) {
	db, _ := openTestDB(t)
	exportTestJournal(t, db, 2000)
	boom := errors.New("boom")
	calls := 0
	err := NewEntryService(db).ViewEntries(nil, nil, func(src journal.EntrySource) error {
		return src.Each(func(*journal.Entry) error {
			calls++
			if calls == 300 {
				return boom
			}
			return nil
		})
	})
	if !errors.Is(err, boom) || calls != 300 {
		t.Errorf("err = %v after %d calls", err, calls)
	}
	stacks := make([]byte, 1<<20)
	if s := stacks[:runtime.Stack(stacks, true)]; bytes.Contains(s, []byte("(*entrySource).decode")) {
		t.Errorf("the reader outlived Each:\n%s", s)
	}
	// All of them, in order, each new.
	var got []*journal.Entry
	err = NewEntryService(db).ViewEntries(nil, nil, func(src journal.EntrySource) error {
		return src.Each(func(e *journal.Entry) error {
			got = append(got, e)
			return nil
		})
	})
	if err != nil || len(got) != 2000 {
		t.Fatalf("err %v, %d entries", err, len(got))
	}
	want, err := NewEntryService(db).FindEntries(journal.EntryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range got {
		sameEntry(t, e, want[len(want)-1-i])
	}
}

// The export of SPEC section 9 in process, from the journal file: every
// entry read and the JSON written, the old way (FindEntries, BuildExport,
// WriteExportJSON) beside the streaming one (ViewEntries,
// WriteExportJSONFrom).
func BenchmarkExportJSON_10000(b *testing.B)  { benchmarkExportJSON(b, 10_000) }
func BenchmarkExportJSON_100000(b *testing.B) { benchmarkExportJSON(b, 100_000) }

func benchmarkExportJSON(b *testing.B, n int) {
	db := benchOpen(b, benchJournal(b, n))
	c, err := NewSkillService(db).Skills()
	if err != nil {
		b.Fatal(err)
	}
	for _, full := range []bool{true, false} {
		name := "CoachSafe"
		if full {
			name = "Full"
		}
		opts := journal.ExportOptions{Full: full, Now: testStart}
		b.Run("FindEntries"+name, func(b *testing.B) {
			for b.Loop() {
				es, err := NewEntryService(db).FindEntries(journal.EntryFilter{})
				if err != nil {
					b.Fatal(err)
				}
				if err := journal.WriteExportJSON(io.Discard, journal.BuildExport(es, c, opts)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("ViewEntries"+name, func(b *testing.B) {
			for b.Loop() {
				err := NewEntryService(db).ViewEntries(nil, nil, func(src journal.EntrySource) error {
					_, _, err := journal.WriteExportJSONFrom(io.Discard, src, c, opts)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
