package store

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"strings"
	"sync"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

var _ journal.EntrySource = (*entrySource)(nil)

// ViewEntries runs fn in one read transaction with the entries dated from
// since to until (nil for no bound) as a journal.EntrySource, ordered by
// date, then id, oldest first: for an export of a whole journal without all
// of it in memory (journal.WriteExportJSONFrom). The source is valid only
// during fn.
//
// Its Tally reads only each entry's day and ratings. Its Each decodes the
// entries on a second goroutine, a batch ahead of fn's work on the previous
// ones. They read the date index and the entries as FindEntries does, with
// the same errors: EDAMAGED for an index that names a missing entry or a
// record that does not open or decode. Where the date index and an entry
// disagree about its day (a damaged index, which hone doctor reports), the
// entries are read into memory and ordered as BuildExport orders them.
func (s *EntryService) ViewEntries(since, until *journal.Day, fn func(journal.EntrySource) error) error {
	src := &entrySource{db: s.db, lo: minDay, hi: maxDay}
	if since != nil {
		src.lo = *since
	}
	if until != nil {
		src.hi = *until
	}
	return s.db.view(func(tx *bolt.Tx) error {
		var err error
		if src.entries, err = s.db.bucket(tx, bucketEntries); err != nil {
			return err
		}
		if src.index, err = s.db.bucket(tx, bucketIdxDate); err != nil {
			return err
		}
		return fn(src)
	})
}

// entrySource is the journal.EntrySource of ViewEntries.
type entrySource struct {
	db             *DB
	entries, index *bolt.Bucket
	lo, hi         journal.Day

	tallied bool             // Tally found the index and the entries agree
	list    []*journal.Entry // with loaded set: the entries, when they do not
	loaded  bool
}

// eachBatch is how many entries Each decodes before it hands them on.
const eachBatch = 256

// Tally counts the entries and their ratings. It also checks that every
// entry's day is the one its date index key says, so that index order is
// export order; where it is not, it reads the entries into memory.
func (src *entrySource) Tally() (*journal.RatingTally, error) {
	if src.loaded {
		var t journal.RatingTally
		for _, e := range src.list {
			t.Add(e.Ratings)
		}
		return &t, nil
	}
	var (
		t     journal.RatingTally
		r     = src.reader()
		sc    = entryScanner{intern: map[string]string{}}
		found = ratingTally{ratings: map[string]int{}}
		agree = true
	)
	err := scanAsc(src.index.Cursor(), src.lo, src.hi, func(d journal.Day, id []byte) (bool, error) {
		v, err := r.value(id)
		if err != nil {
			return false, err
		}
		clear(found.ratings)
		sc.b, sc.i = v, 0
		if !sc.entry(nil, &found) {
			e, err := decodeEntryJSON(v)
			if err != nil {
				return false, src.db.damagedRecord(string(id), err)
			}
			found.day = e.Date
			clear(found.ratings)
			maps.Copy(found.ratings, e.Ratings)
		}
		if found.day != d {
			agree = false
			return false, nil
		}
		t.Add(found.ratings)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if !agree {
		if err := src.load(); err != nil {
			return nil, err
		}
		return src.Tally()
	}
	src.tallied = true
	return &t, nil
}

// Each calls fn with each entry, a new one each time, in order. A second
// goroutine walks the index and decodes the entries (in the transaction,
// under the same guard against faults of a damaged file); fn runs on the
// caller's goroutine.
func (src *entrySource) Each(fn func(*journal.Entry) error) error {
	if !src.tallied && !src.loaded {
		if _, err := src.Tally(); err != nil {
			return err
		}
	}
	if src.loaded {
		for _, e := range src.list {
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	}
	batches := make(chan []*journal.Entry, 4)
	stop := make(chan struct{})
	var (
		wg      sync.WaitGroup
		readErr error
	)
	wg.Go(func() {
		defer close(batches)
		readErr = src.db.guard(func() error { return src.decode(batches, stop) })
	})
	// However Each ends, the reader stops, and ends before the
	// transaction does.
	defer func() {
		close(stop)
		wg.Wait()
	}()
	for batch := range batches {
		for _, e := range batch {
			if err := fn(e); err != nil {
				return err
			}
		}
	}
	return readErr // set before batches was closed
}

// decode walks the index and sends the decoded entries in batches to out
// until it has sent them all or stop is closed.
func (src *entrySource) decode(out chan<- []*journal.Entry, stop <-chan struct{}) error {
	var (
		r     = src.reader()
		sc    = entryScanner{intern: map[string]string{}}
		batch = make([]*journal.Entry, 0, eachBatch)
	)
	send := func() bool {
		select {
		case out <- batch:
			batch = make([]*journal.Entry, 0, eachBatch)
			return true
		case <-stop:
			return false
		}
	}
	more := true
	err := scanAsc(src.index.Cursor(), src.lo, src.hi, func(d journal.Day, id []byte) (bool, error) {
		v, err := r.value(id)
		if err != nil {
			return false, err
		}
		e, ok := sc.decode(v)
		if !ok {
			if e, err = decodeEntryJSON(v); err != nil {
				return false, src.db.damagedRecord(string(id), err)
			}
		}
		if e.Date != d {
			return false, damaged(src.db.path, "the date index does not match entry "+string(id))
		}
		batch = append(batch, e)
		if len(batch) == eachBatch {
			more = send()
		}
		return more, nil
	})
	if err == nil && more && len(batch) > 0 {
		send()
	}
	return err
}

// entryReader reads the entries the date index names, in index order. When
// that is id order too (entries written in date order, as most are), each
// is the cursor's next key rather than a search from the root.
type entryReader struct {
	src    *entrySource
	c      *bolt.Cursor
	placed bool // the cursor is on the last entry read
	o      opener
}

func (src *entrySource) reader() *entryReader {
	return &entryReader{src: src, c: src.entries.Cursor()}
}

// value returns the opened value of the entry id. It is valid until the
// next call.
func (r *entryReader) value(id []byte) ([]byte, error) {
	var k, v []byte
	if r.placed {
		k, v = r.c.Next()
	}
	if !bytes.Equal(k, id) {
		k, v = r.c.Seek(id)
	}
	r.placed = k != nil
	if v == nil || !bytes.Equal(k, id) {
		return nil, damaged(r.src.db.path, "an index names entry "+string(id)+", which is missing")
	}
	return r.o.open(r.src.db, bucketEntries, id, v)
}

// load reads the entries of the range into memory as FindEntries and
// BuildExport would: every entry the date index names within the range,
// kept when its own day lies within it too, ordered by its day, then id.
func (src *entrySource) load() error {
	var list []*journal.Entry
	err := scanAsc(src.index.Cursor(), src.lo, src.hi, func(_ journal.Day, id []byte) (bool, error) {
		v := src.entries.Get(id)
		if v == nil {
			return false, damaged(src.db.path, "an index names entry "+string(id)+", which is missing")
		}
		e, err := src.db.entryRecord(id, v)
		if err != nil {
			return false, err
		}
		if e.Date >= src.lo && e.Date <= src.hi {
			list = append(list, e)
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	slices.SortStableFunc(list, func(a, b *journal.Entry) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), strings.Compare(a.ID, b.ID))
	})
	src.list, src.loaded = list, true
	return nil
}

// decode reads a stored entry as decodeEntryFast does, reusing s's
// buffers.
func (s *entryScanner) decode(b []byte) (*journal.Entry, bool) {
	s.b, s.i = b, 0
	e := &journal.Entry{}
	if !s.entry(e, nil) {
		return nil, false
	}
	if e.Ratings == nil {
		e.Ratings = map[string]int{}
	}
	return e, true
}

// scanAsc walks the keys date|id of the date index from lo to hi, oldest
// first, calling fn with each key's date and id until fn returns false or
// an error. The id is valid only during the call.
func scanAsc(c *bolt.Cursor, lo, hi journal.Day, fn func(d journal.Day, id []byte) (bool, error)) error {
	for k, _ := c.Seek(putDate(nil, lo)); k != nil; k, _ = c.Next() {
		if len(k) < dateLen {
			continue
		}
		d := getDate(k)
		if d > hi {
			break
		}
		if d < lo {
			continue
		}
		more, err := fn(d, k[dateLen:])
		if err != nil || !more {
			return err
		}
	}
	return nil
}
