package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// Salvaged is what Salvage could read of a damaged journal: every record
// that decodes and is valid, and what it could not read.
type Salvaged struct {
	Catalog     journal.Catalog // the built-in skills (archived as the journal had them), then its custom skills
	Entries     []*journal.Entry
	Personal    journal.Personal
	Facilitator string
	Lost        []string // what could not be read, one sentence each
	Mended      []string // records kept from a damaged form, one sentence each
}

// Salvage reads every record of the plain journal at path that can still be
// read, the way SQLite's .recover does: each bucket is walked from its first
// key forward and from its last key back, so that a damaged page loses only
// the records on it, and each record is decoded and checked on its own.
// today bounds the entries' and goals' dates as the commands do.
//
// Errors: ENOTFOUND when there is no file; EDAMAGED when bbolt cannot open
// the file at all (both meta pages lost); EINVALID when it is encrypted (its
// records would be written out in plain text) or is not a regular file.
func Salvage(path string, today journal.Day) (*Salvaged, error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, journal.Errorf(journal.ENOTFOUND, "there is no journal at %s", path)
	case err != nil:
		return nil, fmt.Errorf("store: salvage %s: %w", path, err)
	}
	if err := checkFile(path, fi); err != nil {
		return nil, err
	}
	bdb, _, err := openBolt(path, true, MaxTimeout)
	if err != nil {
		return nil, err
	}
	db := &DB{bolt: bdb, path: path, readOnly: true}
	defer bdb.Close() // read-only: nothing to lose
	s := &Salvaged{Catalog: journal.BuiltinSkills()}
	encrypted := false
	_ = db.view(func(tx *bolt.Tx) error { // a meta bucket that cannot be read is no crypt header
		if meta := tx.Bucket([]byte(bucketMeta)); meta != nil {
			encrypted = meta.Get([]byte(metaCrypt)) != nil
		}
		return nil
	})
	if encrypted {
		return nil, journal.Errorf(journal.EINVALID, "%s is encrypted; salvage reads plain journals only, as its copy would hold the records in plain text", path)
	}
	limit := int(fi.Size()/16) + 1 // no bucket holds more records: a bound for a looping page chain

	var custom []skillRecord
	s.walk(db, bucketSkills, "skills", limit, func(k, v []byte) error {
		r, err := db.skillRecord(k, v)
		if err != nil {
			return err
		}
		if !r.Builtin {
			sk := r.customSkill()
			sk.Normalize()
			if err := sk.Validate(); err != nil {
				return fmt.Errorf("skill %s: %s", clip([]byte(sk.ID)), journal.ErrorMessage(err))
			}
			custom = append(custom, r)
			return nil
		}
		for i := range s.Catalog {
			if s.Catalog[i].ID == r.ID {
				s.Catalog[i].Archived = r.Archived
			}
		}
		return nil
	})
	sortSkillRecords(custom)
	for _, r := range custom {
		if _, ok := s.Catalog.Find(r.ID); !ok {
			s.Catalog = append(s.Catalog, r.customSkill())
		}
	}

	s.walk(db, bucketEntries, "entries", limit, func(k, v []byte) error {
		e, err := decodeEntry(v)
		if err != nil {
			loose, unknown, lerr := salvageEntry(v)
			if lerr != nil || len(unknown) == 0 {
				return fmt.Errorf("entry %q does not decode: %v", clip(k), err)
			}
			e = loose
			s.Mended = append(s.Mended, fmt.Sprintf("entry %q: the name of its field %q is damaged; the entry is kept, that field's text at the end of its notes", clip(k), strings.Join(unknown, `", "`)))
		}
		if e.ID != string(k) {
			return fmt.Errorf("entry %q is stored under the key %q", clip([]byte(e.ID)), clip(k))
		}
		e.Normalize()
		if err := e.Validate(s.Catalog, today); err != nil {
			return fmt.Errorf("entry %s: %s", e.ID, journal.ErrorMessage(err))
		}
		s.Entries = append(s.Entries, e)
		return nil
	})

	s.walk(db, bucketGoals, "learning goals", limit, func(k, v []byte) error {
		g, err := db.goalRecord(k, v)
		if err != nil {
			return err
		}
		one := (&journal.Personal{Goals: []journal.Goal{g}}).Normalized()
		if err := one.Validate(s.Catalog, today); err != nil {
			return fmt.Errorf("learning goal %x: %s", k, journal.ErrorMessage(err))
		}
		s.Personal.Goals = append(s.Personal.Goals, one.Goals...)
		return nil
	})
	s.walk(db, bucketPrompts, "custom prompts", limit, func(k, v []byte) error {
		p, err := decodePrompt(v)
		if err != nil {
			return fmt.Errorf("custom prompt %x does not decode: %v", k, err)
		}
		one := (&journal.Personal{Prompts: []journal.Prompt{p}}).Normalized()
		if err := one.Validate(s.Catalog, today); err != nil {
			return fmt.Errorf("custom prompt %x: %s", k, journal.ErrorMessage(err))
		}
		s.Personal.Prompts = append(s.Personal.Prompts, one.Prompts...)
		return nil
	})
	if err := db.view(func(tx *bolt.Tx) error {
		names, err := db.watchList(tx)
		if err != nil {
			return err
		}
		for _, n := range names {
			if n, err := journal.NormalizeWatchName(n); err == nil {
				s.Personal.WatchList = append(s.Personal.WatchList, n)
			}
		}
		return nil
	}); err != nil {
		s.Lost = append(s.Lost, "the watch list: "+reasonOf(err))
	}
	if err := db.view(func(tx *bolt.Tx) (err error) {
		s.Facilitator, err = db.facilitatorName(tx)
		return err
	}); err != nil {
		s.Lost = append(s.Lost, "the name kept for exports: "+reasonOf(err))
	}
	return s, nil
}

// walk calls fn for each record of the bucket it can reach, first from the
// first key forward, then, when that stopped at damage, from the last key
// back to where it stopped. A record fn refuses and the damage that stopped
// a walk go into s.Lost.
func (s *Salvaged) walk(db *DB, bucket, what string, limit int, fn func(k, v []byte) error) {
	var last []byte // the last key the forward walk reached
	done := false
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			if bucket == bucketEntries || bucket == bucketSkills {
				s.Lost = append(s.Lost, "the "+what+": the bucket is missing")
			}
			done = true
			return nil
		}
		c := b.Cursor()
		n := 0
		for k, v := c.First(); k != nil && n < limit; k, v = c.Next() {
			n++
			if last != nil && bytes.Compare(k, last) <= 0 {
				return nil // the keys go back: a branch page leads round in a circle
			}
			if v == nil {
				continue // a nested bucket: hone keeps none here
			}
			last = append(last[:0], k...)
			if err := fn(k, v); err != nil {
				s.Lost = append(s.Lost, reasonOf(err))
			}
		}
		done = n < limit
		return nil
	})
	if err == nil && done {
		return
	}
	if err != nil {
		s.Lost = append(s.Lost, fmt.Sprintf("some of the %s: %s", what, reasonOf(err)))
	}
	err = db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(bucket))
		if b == nil {
			return nil
		}
		// bbolt's cursor loops for ever down a branch page that points at
		// a page that is neither a branch nor a leaf: walk back only over a
		// tree whose branch pages all hold.
		if !sameBranches(db.path, uint64(b.Root()), tx.DB().Info().PageSize, uint64(tx.Size())) {
			s.Lost = append(s.Lost, fmt.Sprintf("the %s after the damage: the pages that lead to them are damaged too", what))
			return nil
		}
		c := b.Cursor()
		n := 0
		for k, v := c.Last(); k != nil && n < limit; k, v = c.Prev() {
			n++
			if last != nil && bytes.Compare(k, last) <= 0 {
				break
			}
			if v == nil {
				continue
			}
			if err := fn(k, v); err != nil {
				s.Lost = append(s.Lost, reasonOf(err))
			}
		}
		return nil
	})
	if err != nil {
		s.Lost = append(s.Lost, fmt.Sprintf("more of the %s, read from the end: %s", what, reasonOf(err)))
	}
}

// sameBranches reports whether every branch page of the bbolt tree whose
// root page is root, read from the file at path itself, leads only to leaf
// pages or to branch pages that do the same, each page once, all inside
// the file's size: then a cursor can walk the tree without looping.
func sameBranches(path string, root uint64, pageSize int, size uint64) bool {
	if root == 0 {
		return true // an inline bucket has no pages
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	const (
		branchFlag = 0x01
		leafFlag   = 0x02
	)
	ps := uint64(pageSize)
	pages := size / ps
	seen := map[uint64]bool{}
	var check func(id uint64, depth int) bool
	check = func(id uint64, depth int) bool {
		if id < 2 || id >= pages || seen[id] || depth > 64 {
			return false
		}
		seen[id] = true
		head := make([]byte, 16)
		if _, err := f.ReadAt(head, int64(id*ps)); err != nil {
			return false
		}
		flags := binary.NativeEndian.Uint16(head[8:])
		count := uint64(binary.NativeEndian.Uint16(head[10:]))
		overflow := uint64(binary.NativeEndian.Uint32(head[12:]))
		if flags&leafFlag != 0 {
			return true
		}
		if flags&branchFlag == 0 || count == 0 || id+overflow >= pages || 16+count*16 > (1+overflow)*ps {
			return false
		}
		elems := make([]byte, count*16)
		if _, err := f.ReadAt(elems, int64(id*ps+16)); err != nil {
			return false
		}
		for i := uint64(0); i < count; i++ {
			if !check(binary.NativeEndian.Uint64(elems[i*16+8:]), depth+1) {
				return false
			}
		}
		return true
	}
	return check(root, 0)
}

// BuildJournal makes a new journal at path holding what fill writes into
// it, so that path holds either nothing or the whole journal: it is built
// in a hidden file beside path (.NAME.new-*, a leftover of the journal at
// path if hone is stopped part-way), synced, and linked into place only
// when fill has returned; a file at path is never replaced (EINVALID).
// Hidden files of a BuildJournal stopped part-way that no hone holds are
// removed first.
func BuildJournal(path string, opts Options, fill func(db *DB) error) (err error) {
	dir, base := filepath.Dir(path), filepath.Base(path)
	old, _ := filepath.Glob(filepath.Join(dir, glob("."+base+".")+"new-*")) // the pattern is well-formed
	for _, name := range old {
		if fi, err := os.Lstat(name); err == nil && fi.Mode().IsRegular() && !inUse(name) {
			_ = os.Remove(name) // best effort: one that stays is reported by doctor
		}
	}
	f, err := os.CreateTemp(dir, "."+base+".new-*")
	if err != nil {
		return fileError(path, opWrite, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after the link below, path holds the journal
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: build %s: %w", path, err)
	}
	if err := os.Remove(tmp); err != nil { // Open makes a journal where there is none
		return fmt.Errorf("store: build %s: %w", path, err)
	}
	db, err := Open(tmp, opts)
	if err != nil {
		return err
	}
	if err := fill(db); err != nil {
		return errors.Join(err, db.Close())
	}
	if err := db.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return journal.Invalid("path", "%s exists; give the name of a new file", path)
		}
		return fileError(path, opWrite, err)
	}
	return syncDir(dir)
}
