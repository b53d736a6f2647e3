package store

import (
	"encoding/binary"
	"math"
	"strings"

	"hone/journal"
)

// The journal's layout, declared once. Every bucket sits at the top level.
//
//	meta        format -> "hone-journal", schema -> uint64 big-endian,
//	            last_id -> the greatest entry id ever given (absent at first),
//	            crypt -> the encryption header (JSON; encrypted journals only)
//	entries     entry id -> entry record (JSON)
//	skills      skill id -> custom skill record, or a built-in's archived flag
//	prompts     uint64 big-endian sequence -> custom prompt record
//	idx_date    date|id -> empty
//	idx_skill   skill|0x00|date|id -> one byte: the rating
//	idx_tag     tag|0x00|date|id -> empty
//	idx_family  lower(family)|0x00|date|id -> empty
//	idx_kind    kind|0x00|date|id -> empty
//	config      watch -> JSON list of names (optional: made on first write),
//	            facilitator -> JSON string: the name exports carry (optional),
//	            journal -> JSON string: the journal id (made on first need)
//	goals       uint64 big-endian sequence -> goal record (optional)
//	cache       drift:date -> the last drift analysis as of that day, with
//	            the id of the write that saved it; changes -> the run of
//	            writes that noted which skills' ratings they changed, and
//	            the last such write of each skill (JSON; optional; drift.go)
//	drafts      draft id -> the entry form as typed, kept while it is
//	            written (JSON; optional: made on the first; draft.go)
//
// A date is four bytes, big-endian uint32(day + 2^31), so that keys sort by
// day, earliest first; an id is journal.IDLength bytes. Keys of one day sort
// by id, which is creation order.
//
// In an encrypted journal (crypt.go) every value of entries, skills,
// prompts, config, goals, cache, drafts and idx_skill is sealed, and the text in
// keys (the skill of a skills key, the value part of an index key) is a
// 16-byte keyed hash (DB.keyPart): it may hold any byte, 0x00 too, so index
// keys are taken apart from the end.
const (
	bucketMeta      = "meta"
	bucketEntries   = "entries"
	bucketSkills    = "skills"
	bucketPrompts   = "prompts"
	bucketIdxDate   = "idx_date"
	bucketIdxSkill  = "idx_skill"
	bucketIdxTag    = "idx_tag"
	bucketIdxFamily = "idx_family"
	bucketIdxKind   = "idx_kind"
	bucketConfig    = "config"
	bucketGoals     = "goals"  // made on the first goal: journals before it have none
	bucketCache     = "cache"  // results kept until the journal changes (drift.go); made on first use
	bucketDrafts    = "drafts" // the entry form as typed (draft.go); made on the first draft
)

// bucketFeedback holds coach feedback: item id -> feedback record (JSON,
// sealed in an encrypted journal; feedback.go). Made on the first import of
// feedback.
const bucketFeedback = "feedback"

// Keys of the config bucket.
const (
	configWatch       = "watch"
	configFacilitator = "facilitator"
	configJournal     = "journal"
	// configFeedbackSeen is the Seq of the newest coach feedback the
	// facilitator has seen (on Today or in hone feedback): items with a
	// higher Seq are new. Absent: none seen yet (feedback.go).
	configFeedbackSeen = "feedback_seen"
	// configCoach is the name a coach gives in review mode's feedback
	// form, kept in the coach's own journal for the next review.
	configCoach = "coach"
)

// Keys of the meta bucket and the values hone writes there.
const (
	metaFormat = "format"
	metaSchema = "schema"
	metaLastID = "last_id"
	metaCrypt  = "crypt" // the encryption header (crypt.go)

	formatName = "hone-journal"

	// schemaVersion is the schema this build writes. migrations() upgrades
	// older journals to it.
	schemaVersion = 1
)

// sealedIndex reports whether the values of an index bucket hold
// information, and so are sealed in an encrypted journal.
func sealedIndex(bucket string) bool { return bucket == bucketIdxSkill }

// dataBuckets returns the buckets of the current schema other than meta.
func dataBuckets() []string {
	return []string{bucketEntries, bucketSkills, bucketPrompts}
}

// indexBuckets returns the index buckets of the current schema.
func indexBuckets() []string {
	return []string{bucketIdxDate, bucketIdxSkill, bucketIdxTag, bucketIdxFamily, bucketIdxKind}
}

// dateLen is the length of an encoded date.
const dateLen = 4

// Bounds of an unbounded date range.
const (
	minDay = journal.Day(math.MinInt32)
	maxDay = journal.Day(math.MaxInt32)
)

// putDate appends the sortable encoding of d to b.
func putDate(b []byte, d journal.Day) []byte {
	return binary.BigEndian.AppendUint32(b, uint32(int64(d)+1<<31))
}

// getDate decodes a date written by putDate.
func getDate(b []byte) journal.Day {
	return journal.Day(int64(binary.BigEndian.Uint32(b)) - 1<<31)
}

// schemaBytes encodes a schema version for the meta bucket.
func schemaBytes(v uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, v)
}

// seqKey encodes a bucket sequence number as a key that sorts numerically.
func seqKey(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}

// indexPrefix returns the part of an index key before the date: "" for
// idx_date and value|0x00 for the others.
func indexPrefix(bucket, value string) []byte {
	if bucket == bucketIdxDate {
		return nil
	}
	b := make([]byte, 0, len(value)+1+dateLen+journal.IDLength)
	b = append(b, value...)
	return append(b, 0)
}

// indexKey returns the key of an entry in an index: prefix|date|id.
func indexKey(bucket, value string, d journal.Day, id string) []byte {
	b := indexPrefix(bucket, value)
	b = putDate(b, d)
	return append(b, id...)
}

// splitIndexKey takes an index key apart, from its end: the value part may
// hold any byte in an encrypted journal. For idx_date the value is "". ok
// is false when the key has not the shape indexKey gives it.
func splitIndexKey(bucket string, k []byte) (value []byte, d journal.Day, id []byte, ok bool) {
	const tail = dateLen + journal.IDLength
	if len(k) < tail {
		return nil, 0, nil, false
	}
	rest := k[len(k)-tail:]
	if bucket != bucketIdxDate {
		i := len(k) - tail - 1 // the 0x00 after the value
		if i < 1 || k[i] != 0 {
			return nil, 0, nil, false
		}
		value = k[:i]
	} else if len(k) != tail {
		return nil, 0, nil, false
	}
	return value, getDate(rest), rest[dateLen:], true
}

// indexItem is one key an entry has in one index.
type indexItem struct {
	bucket string
	key    []byte
	value  []byte // before sealing (sealedIndex)
}

// indexItems returns every index key of e, with its value.
func (db *DB) indexItems(e *journal.Entry) []indexItem {
	key := func(bucket, value string) []byte {
		return indexKey(bucket, db.keyPart(bucket, value), e.Date, e.ID)
	}
	items := make([]indexItem, 0, 3+len(e.Ratings)+len(e.Tags))
	items = append(items, indexItem{bucketIdxDate, indexKey(bucketIdxDate, "", e.Date, e.ID), []byte{}})
	items = append(items, indexItem{bucketIdxKind, key(bucketIdxKind, string(e.Kind)), []byte{}})
	if e.Family != "" {
		items = append(items, indexItem{bucketIdxFamily, key(bucketIdxFamily, familyKey(e.Family)), []byte{}})
	}
	for _, skill := range e.RatedSkills() {
		items = append(items, indexItem{bucketIdxSkill, key(bucketIdxSkill, skill), []byte{byte(e.Ratings[skill])}})
	}
	for _, tag := range e.Tags {
		items = append(items, indexItem{bucketIdxTag, key(bucketIdxTag, tag), []byte{}})
	}
	return items
}

// familyKey is the form of a family code in idx_family: families match
// whatever their case.
func familyKey(family string) string {
	return strings.ToLower(family)
}

// validID reports whether id has the form journal.NewID gives: IDLength
// characters of Crockford's base32 alphabet, in lower case.
func validID(id string) bool {
	if len(id) != journal.IDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		if crockfordValue(id[i]) < 0 {
			return false
		}
	}
	return true
}

const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// crockfordValue returns the value of a base32 digit, or -1.
func crockfordValue(c byte) int {
	return strings.IndexByte(crockford, c)
}

// successorID returns the id that follows id in sort order, the way a
// counter counts: "...0z" is followed by "...10". ok is false if id is not
// a valid id or is the last one there is.
func successorID(id string) (string, bool) {
	if !validID(id) {
		return "", false
	}
	b := []byte(id)
	for i := len(b) - 1; i >= 0; i-- {
		v := crockfordValue(b[i])
		if v < len(crockford)-1 {
			b[i] = crockford[v+1]
			return string(b), true
		}
		b[i] = crockford[0]
	}
	return "", false
}
