package store

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// FindEntries returns the entries that match f, newest first: by date, and
// within a day by id, which is the reverse of creation order. It scans the
// most selective index for f's skill, tag, family or kind (idx_date when f
// has none) backwards within f's date range, decodes only the candidates it
// must check or return, and stops once it has Limit entries. An entry whose
// record is damaged (missing, not opening with the key, not decoding, or
// holding another id) is skipped: the entries that can be read come back
// with an EDAMAGED error that names it.
func (s *EntryService) FindEntries(f journal.EntryFilter) ([]*journal.Entry, error) {
	q := newQuery(f)
	out := make([]*journal.Entry, 0, min(max(q.limit, 16), 256))
	var lost unreadable
	if q.lo > q.hi {
		return out, nil
	}
	err := s.db.view(func(tx *bolt.Tx) error {
		entries, err := s.db.bucket(tx, bucketEntries)
		if err != nil {
			return err
		}
		scan, err := q.chooseIndex(s.db, tx)
		if err != nil {
			return err
		}
		// With no predicate beyond the index and the dates, skipped
		// entries need not be read at all.
		exact := !q.needsEntry(scan.bucket)
		skipped := 0
		var o opener // decodeEntry copies what it keeps
		return scanDesc(scan.b.Cursor(), scan.prefix, q.lo, q.hi, func(_ journal.Day, id []byte, _ []byte) (bool, error) {
			if exact && skipped < q.offset {
				skipped++
				return true, nil
			}
			v := entries.Get(id)
			if v == nil {
				lost.add(string(id), "an index names it, but it is missing")
				return true, nil
			}
			v, err := o.open(s.db, bucketEntries, id, v)
			if journal.ErrorCode(err) == journal.EDAMAGED {
				lost.add(string(id), "it does not open with the journal's key")
				return true, nil
			}
			if err != nil {
				return false, err
			}
			if q.search != "" && !mayContain(v, q.search) {
				return true, nil
			}
			e, err := decodeEntry(v)
			if err == nil && e.ID != string(id) {
				err = fmt.Errorf("it holds the id %q", clip([]byte(e.ID)))
			}
			if err != nil {
				lost.add(string(id), "it does not decode")
				return true, nil
			}
			if !q.match(e) {
				return true, nil
			}
			if skipped < q.offset {
				skipped++
				return true, nil
			}
			out = append(out, e)
			return q.limit == 0 || len(out) < q.limit, nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, lost.err(s.db)
}

// unreadable gathers the entries a read skips because their records are
// damaged.
type unreadable struct {
	n          int
	id, reason string // the first one
}

// add records the entry id as unreadable, for reason.
func (u *unreadable) add(id, reason string) {
	if u.n == 0 {
		u.id, u.reason = id, reason
	}
	u.n++
}

// err is the EDAMAGED error that names the unreadable entries, nil when
// there are none.
func (u *unreadable) err(db *DB) error {
	if u.n == 0 {
		return nil
	}
	which := fmt.Sprintf("entry %s cannot be read: %s", clip([]byte(u.id)), u.reason)
	if u.n > 1 {
		which = fmt.Sprintf("%d entries cannot be read, the first %s (%s)", u.n, clip([]byte(u.id)), u.reason)
	}
	return journal.Errorf(journal.EDAMAGED, "%s is damaged: %s; run `hone doctor --db %s`, then restore the backup it names with hone restore, or save what can still be read with hone doctor --salvage NEW.db",
		db.path, journal.SafeLine(which), journal.ShellQuote(db.path))
}

// query is an EntryFilter made ready to run.
type query struct {
	lo, hi                   journal.Day
	skill, tag, kind, family string // family in its index form
	search                   string // lower case
	offset, limit            int
}

func newQuery(f journal.EntryFilter) query {
	q := query{
		lo:     minDay,
		hi:     maxDay,
		skill:  strings.ToLower(strings.TrimSpace(f.Skill)),
		tag:    journal.NormalizeTag(f.Tag),
		kind:   strings.ToLower(strings.TrimSpace(string(f.Kind))),
		family: familyKey(strings.TrimSpace(f.Family)),
		search: strings.ToLower(strings.TrimSpace(f.Search)),
		offset: max(f.Offset, 0),
		limit:  max(f.Limit, 0),
	}
	if f.Since != nil {
		q.lo = *f.Since
	}
	if f.Until != nil {
		q.hi = *f.Until
	}
	return q
}

// indexScan is the index a query walks and the key prefix it walks.
type indexScan struct {
	bucket string
	b      *bolt.Bucket
	prefix []byte
}

// probeLimit bounds how many keys chooseIndex counts in each candidate
// index.
const probeLimit = 4096

// chooseIndex picks the index with the fewest keys in the query's range
// among those its filters allow, counting at most probeLimit keys of each.
// Without a filter it is idx_date.
func (q query) chooseIndex(db *DB, tx *bolt.Tx) (indexScan, error) {
	var cands []indexScan
	add := func(bucket, value string) error {
		if value == "" {
			return nil
		}
		b, err := db.bucket(tx, bucket)
		if err != nil {
			return err
		}
		cands = append(cands, indexScan{bucket, b, indexPrefix(bucket, db.keyPart(bucket, value))})
		return nil
	}
	for _, c := range [][2]string{{bucketIdxFamily, q.family}, {bucketIdxTag, q.tag}, {bucketIdxSkill, q.skill}, {bucketIdxKind, q.kind}} {
		if err := add(c[0], c[1]); err != nil {
			return indexScan{}, err
		}
	}
	switch len(cands) {
	case 0:
		b, err := db.bucket(tx, bucketIdxDate)
		return indexScan{bucketIdxDate, b, nil}, err
	case 1:
		return cands[0], nil
	}
	best, bestN := 0, probeLimit+1
	for i, c := range cands {
		n := 0
		_ = scanDesc(c.b.Cursor(), c.prefix, q.lo, q.hi, func(journal.Day, []byte, []byte) (bool, error) {
			n++
			return n < bestN && n <= probeLimit, nil
		})
		if n < bestN {
			best, bestN = i, n
		}
	}
	return cands[best], nil
}

// needsEntry reports whether matching needs the entry itself, beyond the
// key of the index in bucket.
func (q query) needsEntry(bucket string) bool {
	if q.search != "" {
		return true
	}
	for _, c := range []struct {
		bucket string
		set    bool
	}{{bucketIdxSkill, q.skill != ""}, {bucketIdxTag, q.tag != ""}, {bucketIdxKind, q.kind != ""}, {bucketIdxFamily, q.family != ""}} {
		if c.set && c.bucket != bucket {
			return true
		}
	}
	return false
}

// match reports whether e passes every filter of q. Dates are the index's
// business, but are checked too: it costs nothing.
func (q query) match(e *journal.Entry) bool {
	if e.Date < q.lo || e.Date > q.hi {
		return false
	}
	if q.skill != "" {
		if _, ok := e.Ratings[q.skill]; !ok {
			return false
		}
	}
	if q.tag != "" && !slices.Contains(e.Tags, q.tag) {
		return false
	}
	if q.kind != "" && string(e.Kind) != q.kind {
		return false
	}
	if q.family != "" && familyKey(e.Family) != q.family {
		return false
	}
	return q.search == "" || matchesSearch(e, q.search)
}

// matchesSearch reports whether the lower-case text term occurs, in any
// case, in e's title, notes, family, tags, or reflection prompts and answers.
func matchesSearch(e *journal.Entry, term string) bool {
	has := func(s string) bool { return strings.Contains(strings.ToLower(s), term) }
	if has(e.Title) || has(e.Notes) || has(e.Family) {
		return true
	}
	for _, t := range e.Tags {
		if has(t) {
			return true
		}
	}
	for _, r := range e.Reflections {
		if has(r.Prompt) || has(r.Answer) {
			return true
		}
	}
	return false
}

// mayContain is a quick test on an encoded entry before it is decoded:
// false means that no field of the entry can contain term (lower case).
// It looks for term in the JSON itself, folding ASCII case, when term is
// ASCII with no character JSON escapes; otherwise, and when the record holds
// one of the two non-ASCII letters that lower-case to ASCII (Kelvin sign,
// dotted capital I, both starting with a byte ASCII text lacks), it answers
// true.
func mayContain(raw []byte, term string) bool {
	for i := 0; i < len(term); i++ {
		c := term[i]
		if c >= utf8.RuneSelf || c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return true
		}
	}
	if hasFoldingRune(raw) {
		return true
	}
	return containsFoldASCII(raw, term)
}

// hasFoldingRune reports whether s holds U+212A KELVIN SIGN or U+0130 LATIN
// CAPITAL LETTER I WITH DOT ABOVE, which lower-case to ASCII letters.
func hasFoldingRune(s []byte) bool {
	return bytes.Contains(s, []byte("\u212a")) || bytes.Contains(s, []byte("\u0130"))
}

// containsFoldASCII reports whether the lower-case ASCII term occurs in s,
// ignoring ASCII case. It jumps from one occurrence of term's first letter
// (in either case) to the next with bytes.IndexByte.
func containsFoldASCII(s []byte, term string) bool {
	n := len(term)
	if n == 0 {
		return true
	}
	lo, up := term[0], term[0]
	if 'a' <= lo && lo <= 'z' {
		up = lo - 'a' + 'A'
	}
	nextLo, nextUp := -1, -1 // next index of each form at or after pos; -2 when none
	for pos := 0; pos+n <= len(s); {
		if nextLo != -2 && nextLo < pos {
			nextLo = indexFrom(s, lo, pos)
		}
		if nextUp != -2 && nextUp < pos {
			nextUp = indexFrom(s, up, pos)
		}
		i := nextLo
		if i == -2 || nextUp != -2 && nextUp < i {
			i = nextUp
		}
		if i == -2 || i+n > len(s) {
			return false
		}
		j := 1
		for j < n && lowerASCII(s[i+j]) == term[j] {
			j++
		}
		if j == n {
			return true
		}
		pos = i + 1
	}
	return false
}

// indexFrom returns the index of the first c in s at or after from, or -2.
func indexFrom(s []byte, c byte, from int) int {
	if i := bytes.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -2
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// scanDesc walks the keys prefix|date|id of an index from the newest date
// within [lo, hi] back to lo, calling fn with each key's date, id and value
// until fn returns false or an error. The slices are valid only during the
// call.
func scanDesc(c *bolt.Cursor, prefix []byte, lo, hi journal.Day, fn func(d journal.Day, id, v []byte) (bool, error)) error {
	seek := make([]byte, 0, len(prefix)+dateLen+1)
	seek = append(seek, prefix...)
	seek = putDate(seek, hi)
	seek = append(seek, 0xff) // after every id of day hi
	k, v := c.Seek(seek)
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for ; hasPrefix(k, prefix); k, v = c.Prev() {
		rest := k[len(prefix):]
		if len(rest) < dateLen {
			continue
		}
		d := getDate(rest)
		if d < lo {
			break
		}
		if d > hi {
			continue
		}
		more, err := fn(d, rest[dateLen:], v)
		if err != nil || !more {
			return err
		}
	}
	return nil
}
