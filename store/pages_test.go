package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// churnedFile makes a bbolt file that has seen many transactions: keys put
// and deleted across buckets, nested and inline buckets, values big enough
// for overflow pages, so that it has branch pages and a freelist.
func churnedFile(t *testing.T, seed uint64) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "churn.db")
	rng := rand.New(rand.NewPCG(seed, 0x7061676573))
	for round := range 12 {
		rawUpdate(t, path, func(tx *bolt.Tx) error {
			for b := range 4 {
				bk, err := tx.CreateBucketIfNotExists([]byte(fmt.Sprintf("bucket-%d", b)))
				if err != nil {
					return err
				}
				for range 300 {
					k := []byte(fmt.Sprintf("key-%05d", rng.IntN(3000)))
					if rng.IntN(4) == 0 {
						if err := bk.Delete(k); err != nil {
							return err
						}
						continue
					}
					v := bytes.Repeat([]byte{byte(round)}, 10+rng.IntN(200))
					if rng.IntN(100) == 0 {
						v = bytes.Repeat([]byte{1}, 9000) // an overflow page
					}
					if err := bk.Put(k, v); err != nil {
						return err
					}
				}
				if _, err := bk.CreateBucketIfNotExists([]byte("inline")); err != nil {
					return err
				}
			}
			if round%3 == 2 {
				return tx.DeleteBucket([]byte("bucket-3"))
			}
			return nil
		})
	}
	return path
}

// pagesReport runs checkPages on the file at path as bbolt reads it.
func pagesReport(t *testing.T, path string) (*Report, bool) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatalf("bolt.Open: %v", err)
	}
	defer bdb.Close()
	r := &Report{}
	ok := false
	err = bdb.View(func(tx *bolt.Tx) error {
		held, err := os.Stat(path)
		if err != nil {
			return err
		}
		ps := tx.DB().Info().PageSize
		ok, err = checkPages(path, held, ps, uint64(tx.Size())/uint64(ps), uint64(tx.ID()), r)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r, ok
}

// TestCheckPagesOnHealthyFiles: on files that have seen much churn,
// bbolt's own check and hone's find nothing wrong (checkBolt runs both).
func TestCheckPagesOnHealthyFiles(t *testing.T) {
	for seed := range uint64(4) {
		checkBolt(t, churnedFile(t, seed))
	}
}

// branchPage returns the id of the root page of bucket-0 in the file at
// path, a branch page in use.
func branchPage(t *testing.T, path string, raw []byte) int {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	id := 0
	bdb.View(func(tx *bolt.Tx) error {
		id = int(tx.Bucket([]byte("bucket-0")).Root())
		return nil
	})
	if binary.NativeEndian.Uint16(raw[id*4096+8:]) != pageBranch {
		t.Fatalf("the root of bucket-0, page %d, is not a branch page", id)
	}
	return id
}

// TestCheckPagesOnDamagedFiles: the damage that made bbolt's check run
// without end or crash is found, and the check returns.
func TestCheckPagesOnDamagedFiles(t *testing.T) {
	cases := []struct {
		name   string
		damage func(raw []byte, id int)
	}{
		{"BranchPointsAtItself", func(raw []byte, id int) {
			binary.NativeEndian.PutUint64(raw[id*4096+16+8:], uint64(id))
		}},
		{"HugeOverflow", func(raw []byte, id int) {
			binary.NativeEndian.PutUint32(raw[id*4096+12:], 2_000_000_000)
		}},
		{"ElementOutOfThePage", func(raw []byte, id int) {
			binary.NativeEndian.PutUint32(raw[id*4096+16:], 1<<30)
		}},
		{"ChildOutOfTheFile", func(raw []byte, id int) {
			binary.NativeEndian.PutUint64(raw[id*4096+16+8:], 1<<40)
		}},
		{"PageZeroed", func(raw []byte, id int) {
			clear(raw[id*4096 : (id+1)*4096])
		}},
		// bbolt wants a page's flags to be exactly its type: a stray bit
		// beside the right one makes every read of the page fail.
		{"StrayBitInTheFlags", func(raw []byte, id int) {
			raw[id*4096+9] ^= 0xff
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := churnedFile(t, 7)
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			c.damage(raw, branchPage(t, path, raw))
			if err := os.WriteFile(path, raw, 0o600); err != nil {
				t.Fatal(err)
			}
			r, ok := pagesReport(t, path)
			if ok || len(r.Problems) == 0 {
				t.Errorf("checkPages finds nothing wrong")
			}
			t.Logf("%v", r.Problems)
		})
	}
}
