package store

import (
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

// testStart is the time the test clock starts at: a Monday morning.
var testStart = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// testClock is a clock for tests that moves one second per reading.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: testStart} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// today is the day of testStart.
func today() journal.Day { return journal.DayOf(testStart) }

// testOptions returns Options with a test clock and seeded entropy.
func testOptions(seed uint64) Options {
	var key [32]byte
	key[0] = byte(seed)
	key[1] = byte(seed >> 8)
	return Options{Now: newTestClock().Now, Entropy: rand.NewChaCha8(key), Timeout: 500 * time.Millisecond}
}

// openTestDB opens a new journal in a temporary folder. Cleanup closes it
// and runs bbolt's consistency check on the file.
func openTestDB(t testing.TB) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hone", "journal.db")
	return openTestPath(t, path, testOptions(1)), path
}

// openTestPath opens path with opts; cleanup closes the DB and checks the
// file with bbolt's tx.Check.
func openTestPath(t testing.TB, path string, opts Options) *DB {
	t.Helper()
	db, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		checkBolt(t, path)
	})
	return db
}

// reopen closes db and opens its file again with the same clock (and the
// test passphrase, should it be encrypted).
func reopen(t testing.TB, db *DB) *DB {
	t.Helper()
	if err := db.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return openTestPath(t, db.Path(), Options{Now: db.now, Entropy: db.entropy, Timeout: 500 * time.Millisecond, Passphrase: givePassphrase(testPassphrase)})
}

// testPassphrase encrypts the journals of tests.
const testPassphrase = "correct horse battery staple"

// cheapKDF returns argon2id parameters that cost next to nothing, for
// tests; Encrypt and ChangePassphrase always use defaultKDF.
func cheapKDF() kdfParams { return kdfParams{Time: 1, MemoryKiB: 64, Threads: 1} }

// givePassphrase returns an Options.Passphrase that gives p.
func givePassphrase(p string) func() (string, error) {
	return func() (string, error) { return p, nil }
}

// encryptTest encrypts the journal at path with the test passphrase and
// cheap key derivation.
func encryptTest(t testing.TB, path string) {
	t.Helper()
	if err := encryptJournal(path, testPassphrase, cheapKDF()); err != nil {
		t.Fatalf("encrypt %s: %v", path, err)
	}
}

// openTestDBMode opens a new journal as openTestDB does, encrypted with
// the test passphrase when encrypted is set.
func openTestDBMode(t testing.TB, encrypted bool) (*DB, string) {
	t.Helper()
	if !encrypted {
		return openTestDB(t)
	}
	path := filepath.Join(t.TempDir(), "hone", "journal.db")
	db, err := Open(path, testOptions(1))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	encryptTest(t, path)
	opts := testOptions(1)
	opts.Passphrase = givePassphrase(testPassphrase)
	db = openTestPath(t, path, opts)
	if !db.Encrypted() {
		t.Fatal("the journal is not encrypted")
	}
	return db, path
}

// mode is a kind of journal, for subtests.
type mode struct {
	name      string
	encrypted bool
}

// modes returns the two kinds of journal.
func modes() []mode { return []mode{{"Plain", false}, {"Encrypted", true}} }

// checkBolt runs bbolt's consistency check on the file at path, as bbolt's
// own test helper does for every test database, and hone's own check of
// the pages (checkPages), which must agree: nothing wrong.
func checkBolt(t testing.TB, path string) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Errorf("bolt.Open(%s) for the check: %v", path, err)
		return
	}
	defer bdb.Close()
	err = bdb.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			t.Errorf("tx.Check: %v", err)
		}
		held, err := os.Stat(path)
		if err != nil {
			return err
		}
		r := &Report{}
		ps := tx.DB().Info().PageSize
		if ok, err := checkPages(path, held, ps, uint64(tx.Size())/uint64(ps), uint64(tx.ID()), r); err != nil || !ok {
			t.Errorf("checkPages on a healthy file: %v %v", err, r.Problems)
		}
		return nil
	})
	if err != nil {
		t.Errorf("View for the check: %v", err)
	}
}

// rawUpdate changes the file at path with bbolt directly, bypassing the
// store; the file must not be open.
func rawUpdate(t testing.TB, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("bolt.Open(%s): %v", path, err)
	}
	if err := bdb.Update(fn); err != nil {
		t.Fatalf("raw update: %v", err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatalf("bolt Close: %v", err)
	}
}

// fileSum returns the SHA-256 of the file at path.
func fileSum(t testing.TB, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return sha256.Sum256(b)
}

// wantCode fails the test unless err carries the journal error code.
func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if got := journal.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q (error: %v)", got, code, err)
	}
}

// day returns a pointer to d, for filters.
func day(d journal.Day) *journal.Day { return &d }

// newEntry returns a valid entry on day d with the given ratings.
func newEntry(d journal.Day, title string, ratings map[string]int) *journal.Entry {
	return &journal.Entry{Date: d, Kind: journal.KindTeamMeeting, Title: title, Ratings: ratings}
}

// mustCreate creates entries one by one.
func mustCreate(t testing.TB, db *DB, es ...*journal.Entry) {
	t.Helper()
	s := NewEntryService(db)
	for _, e := range es {
		if err := s.CreateEntry(e); err != nil {
			t.Fatalf("CreateEntry(%q): %v", e.Title, err)
		}
	}
}

// titles returns the titles of es, in order.
func titles(es []*journal.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Title
	}
	return out
}

// sameEntry reports the differences between two entries: times compare
// with Equal, and nil and empty collections are alike.
func sameEntry(t testing.TB, got, want *journal.Entry) {
	t.Helper()
	if !got.Created.Equal(want.Created) || !got.Updated.Equal(want.Updated) {
		t.Errorf("entry %s times = %v/%v, want %v/%v", want.ID, got.Created, got.Updated, want.Created, want.Updated)
	}
	g, w := canonical(got), canonical(want)
	if !reflect.DeepEqual(g, w) {
		t.Errorf("entry %s:\n got  %+v\n want %+v", want.ID, g, w)
	}
}

func canonical(e *journal.Entry) journal.Entry {
	c := *e
	c.Created, c.Updated = time.Time{}, time.Time{}
	if len(c.Ratings) == 0 {
		c.Ratings = nil
	}
	if len(c.Tags) == 0 {
		c.Tags = nil
	}
	if len(c.Reflections) == 0 {
		c.Reflections = nil
	}
	return c
}

// errorsAs is errors.As for tests that look at the message.
func messageOf(err error) string {
	var je *journal.Error
	if errors.As(err, &je) {
		return je.Error()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// sortedKeys returns the keys of a map, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// lines joins strings for failure messages.
func lines(ss []string) string { return strings.Join(ss, "\n\t") }
