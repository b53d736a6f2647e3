package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// loopedFile makes a bbolt file in dir with a bucket "b" three levels deep
// and a bucket "outer" holding a bucket "inner", then has damage change
// its pages (given the file, the page size and the root pages of "b" and
// "outer"), and returns the file's path.
func loopedFile(t *testing.T, damage func(raw []byte, ps int, b, outer uint64)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "loop.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var bRoot, outerRoot uint64
	err = bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("b"))
		if err != nil {
			return err
		}
		for i := range 30000 {
			if err := b.Put(fmt.Appendf(nil, "k%08d", i), bytes.Repeat([]byte{'v'}, 100)); err != nil {
				return err
			}
		}
		outer, err := tx.CreateBucket([]byte("outer"))
		if err != nil {
			return err
		}
		inner, err := outer.CreateBucket([]byte("inner"))
		if err != nil {
			return err
		}
		for i := range 100 {
			if err := inner.Put(fmt.Appendf(nil, "i%04d", i), bytes.Repeat([]byte{'w'}, 100)); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		err = bdb.View(func(tx *bolt.Tx) error {
			bRoot, outerRoot = uint64(tx.Bucket([]byte("b")).Root()), uint64(tx.Bucket([]byte("outer")).Root())
			return nil
		})
	}
	if cerr := bdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ps := int(binary.NativeEndian.Uint32(raw[pageHeaderSize+8:]))
	damage(raw, ps, bRoot, outerRoot)
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// branchChildren returns the child page ids of branch page id of raw.
func branchChildren(t *testing.T, raw []byte, ps int, id uint64) []uint64 {
	t.Helper()
	p := raw[int(id)*ps:]
	if binary.NativeEndian.Uint16(p[8:])&pageBranch == 0 {
		t.Fatalf("page %d is not a branch page", id)
	}
	var ids []uint64
	for i := range int(binary.NativeEndian.Uint16(p[10:])) {
		ids = append(ids, binary.NativeEndian.Uint64(p[pageHeaderSize+i*pageElementSize+8:]))
	}
	return ids
}

// pointAll makes every element of branch page id point at target.
func pointAll(t *testing.T, raw []byte, ps int, id, target uint64) {
	t.Helper()
	for i := range branchChildren(t, raw, ps, id) {
		binary.NativeEndian.PutUint64(raw[int(id)*ps+pageHeaderSize+i*pageElementSize+8:], target)
	}
}

// TestLoopingPagesPanicInsteadOfOverflowing: on a file whose pages loop
// back up a tree, every walk of bbolt's (cursor first, last, seek, next,
// prev; Get, Put, Delete; Stats; DeleteBucket; tx.ForEach and nested
// bucket lookups) ends in a panic that guard turns into hone's one-line
// EDAMAGED error, not in a stack overflow (fatal, before hone's copy of
// bbolt bounded the depth: this test ended the test binary), and a write
// that fails changes nothing.
func TestLoopingPagesPanicInsteadOfOverflowing(t *testing.T) {
	type walk struct {
		name  string
		write bool
		do    func(tx *bolt.Tx) error
	}
	key := []byte("k00015000")
	each := func(b *bolt.Bucket) error { return b.ForEach(func(k, v []byte) error { return nil }) }
	walks := []walk{
		{"First, Next", false, func(tx *bolt.Tx) error {
			c := tx.Bucket([]byte("b")).Cursor()
			for k, _ := c.First(); k != nil; k, _ = c.Next() {
			}
			return nil
		}},
		{"Last, Prev", false, func(tx *bolt.Tx) error {
			c := tx.Bucket([]byte("b")).Cursor()
			for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
			}
			return nil
		}},
		{"ForEach", false, func(tx *bolt.Tx) error { return each(tx.Bucket([]byte("b"))) }},
		{"Stats", false, func(tx *bolt.Tx) error { _ = tx.Bucket([]byte("b")).Stats(); return nil }},
		{"DeleteBucket", true, func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("b")) }},
	}
	keyed := []walk{
		{"Seek", false, func(tx *bolt.Tx) error { tx.Bucket([]byte("b")).Cursor().Seek(key); return nil }},
		{"Get", false, func(tx *bolt.Tx) error { tx.Bucket([]byte("b")).Get(key); return nil }},
		{"Put", true, func(tx *bolt.Tx) error { return tx.Bucket([]byte("b")).Put(key, []byte("x")) }},
		{"Delete", true, func(tx *bolt.Tx) error { return tx.Bucket([]byte("b")).Delete(key) }},
	}
	var nested func(b *bolt.Bucket) error
	nested = func(b *bolt.Bucket) error {
		return b.ForEachBucket(func(k []byte) error { return nested(b.Bucket(k)) })
	}
	inner := []walk{
		{"nested Bucket lookups", false, func(tx *bolt.Tx) error {
			return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return nested(b) })
		}},
		{"nested Stats", false, func(tx *bolt.Tx) error { _ = tx.Bucket([]byte("outer")).Stats(); return nil }},
		{"nested Put", true, func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte("outer"))
			for range 100 {
				b = b.Bucket([]byte("inner"))
			}
			return b.Put([]byte("x"), []byte("y"))
		}},
	}
	shapes := []struct {
		name   string
		damage func(raw []byte, ps int, b, outer uint64)
		walks  []walk
	}{
		{"the root points at itself", func(raw []byte, ps int, b, _ uint64) { pointAll(t, raw, ps, b, b) }, append(walks, keyed...)},
		{"the root's first element points at itself", func(raw []byte, ps int, b, _ uint64) {
			binary.NativeEndian.PutUint64(raw[int(b)*ps+pageHeaderSize+8:], b)
		}, walks},
		{"a child points at the root", func(raw []byte, ps int, b, _ uint64) {
			c := branchChildren(t, raw, ps, b)
			pointAll(t, raw, ps, c[len(c)/2], b)
		}, walks},
		{"every child points at itself", func(raw []byte, ps int, b, _ uint64) {
			for _, c := range branchChildren(t, raw, ps, b) {
				pointAll(t, raw, ps, c, c)
			}
		}, append(walks, keyed...)},
		{"a bucket holds itself", func(raw []byte, ps int, _, outer uint64) {
			// outer's root is a leaf holding inner's header: inner's
			// root becomes outer's root.
			at := bytes.Index(raw[int(outer)*ps:int(outer+1)*ps], []byte("inner"))
			if at < 0 {
				t.Fatal("no inner bucket on outer's page")
			}
			binary.NativeEndian.PutUint64(raw[int(outer)*ps+at+len("inner"):], outer)
		}, inner},
	}
	for _, s := range shapes {
		for _, w := range s.walks {
			t.Run(s.name+"/"+w.name, func(t *testing.T) {
				path := loopedFile(t, s.damage)
				before, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				bdb, err := bolt.Open(path, 0o600, nil)
				if err != nil {
					t.Fatal(err)
				}
				db := &DB{path: path}
				if w.write {
					err = db.guard(func() error { return bdb.Update(w.do) })
				} else {
					err = db.guard(func() error { return bdb.View(w.do) })
				}
				if cerr := bdb.Close(); cerr != nil {
					t.Fatal(cerr)
				}
				if err == nil || !strings.Contains(err.Error(), "is damaged") || !strings.Contains(err.Error(), "hone doctor") || strings.Contains(err.Error(), "\n") {
					t.Errorf("got %v, want the one-line damaged-journal error", err)
				}
				if !db.sawDamage {
					t.Error("the damage was not noted")
				}
				if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
					t.Error("the file changed")
				}
			})
		}
	}
}
