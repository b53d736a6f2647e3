package store

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

func TestDefaultPath(t *testing.T) {
	t.Run("XDG", func(t *testing.T) {
		t.Setenv("XDG_DATA_HOME", "/data/me")
		got, err := DefaultPath()
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join("/data/me", "hone", "journal.db"); got != want {
			t.Errorf("DefaultPath() = %q, want %q", got, want)
		}
	})
	for name, xdg := range map[string]string{"Unset": "", "Relative": "data"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("XDG_DATA_HOME", xdg)
			t.Setenv("HOME", "/home/me")
			got, err := DefaultPath()
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join("/home/me", ".local", "share", "hone", "journal.db"); got != want {
				t.Errorf("DefaultPath() = %q, want %q", got, want)
			}
		})
	}
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	_, path := openTestDB(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fi.Mode().Perm(), os.FileMode(0o600); got != want {
		t.Errorf("journal mode = %v, want %v", got, want)
	}
	di, err := os.Stat(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := di.Mode().Perm(), os.FileMode(0o700); got != want {
		t.Errorf("journal folder mode = %v, want %v", got, want)
	}
}

func TestOpenNewJournalHasMeta(t *testing.T) {
	db, path := openTestDB(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket([]byte(bucketMeta))
		if meta == nil {
			t.Fatal("no meta bucket")
		}
		if got := string(meta.Get([]byte(metaFormat))); got != formatName {
			t.Errorf("format = %q, want %q", got, formatName)
		}
		if got := binary.BigEndian.Uint64(meta.Get([]byte(metaSchema))); got != schemaVersion {
			t.Errorf("schema = %d, want %d", got, schemaVersion)
		}
		for _, name := range append(dataBuckets(), indexBuckets()...) {
			if tx.Bucket([]byte(name)) == nil {
				t.Errorf("bucket %s missing", name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrationsCoverEverySchema(t *testing.T) {
	if got, want := len(migrations()), schemaVersion; got != want {
		t.Errorf("len(migrations()) = %d, want schemaVersion %d", got, want)
	}
}

// TestOpenCurrentSchemaWritesNothing: opening and closing a journal of the
// current schema leaves its bytes as they were and makes no backup.
func TestOpenCurrentSchemaWritesNothing(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", map[string]int{"eng.mi": 4}))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, path)
	db = openTestPath(t, path, testOptions(3))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fileSum(t, path) != before {
		t.Error("opening a current journal changed its bytes")
	}
	if b, ok := NewestBackup(path); ok {
		t.Errorf("opening a current journal made a backup %s", b)
	}
}

func TestOpenLocked(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", nil))
	before := fileSum(t, path)

	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"ReadWrite", Options{Timeout: 200 * time.Millisecond}},
		{"ReadOnly", Options{ReadOnly: true, Timeout: 100 * time.Millisecond}},
		{"LongTimeoutIsCapped", Options{Timeout: time.Hour}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			db2, err := Open(path, tc.opts)
			if err == nil {
				db2.Close()
				t.Fatal("second Open succeeded while the journal was open")
			}
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("second Open took %v", elapsed)
			}
			wantCode(t, err, journal.ELOCKED)
			msg := journal.ErrorMessage(err)
			if !strings.Contains(msg, path) || !strings.Contains(msg, "another hone") || strings.Contains(msg, "\n") {
				t.Errorf("message = %q, want one line naming %s and another hone", msg, path)
			}
		})
	}
	t.Run("Doctor", func(t *testing.T) {
		_, err := Doctor(path, 100*time.Millisecond)
		wantCode(t, err, journal.ELOCKED)
	})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if fileSum(t, path) != before {
		t.Error("a refused Open changed the file")
	}
}

func TestOpenReadOnly(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", map[string]int{"eng.mi": 3}))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, path)

	r1, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := Open(path, Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("a second read-only Open: %v", err)
	}
	es, err := NewEntryService(r2).FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 1 {
		t.Errorf("FindEntries = %d entries, %v; want 1", len(es), err)
	}
	err = NewEntryService(r1).CreateEntry(newEntry(today(), "two", nil))
	if err == nil {
		t.Error("CreateEntry on a read-only journal succeeded")
	}
	_, err = Open(path, Options{Timeout: 100 * time.Millisecond})
	wantCode(t, err, journal.ELOCKED)
	for _, db := range []*DB{r1, r2} {
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if fileSum(t, path) != before {
		t.Error("read-only use changed the file")
	}

	t.Run("Missing", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "none", "journal.db")
		_, err := Open(missing, Options{ReadOnly: true})
		wantCode(t, err, journal.ENOTFOUND)
		if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
			t.Errorf("read-only Open created the folder (stat: %v)", err)
		}
	})
}

func TestOpenNotAFile(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir, Options{})
	wantCode(t, err, journal.EINVALID)
}

// damagedCase is a file hone must refuse.
type damagedCase struct {
	name  string
	bytes []byte
	want  string // a word of the reason
}

// damagedCases builds the files: garbage, cut-short journals, an empty
// file, a bbolt file of some other program, and journals with broken or
// newer meta data.
func damagedCases(t *testing.T) []damagedCase {
	t.Helper()
	dir := t.TempDir()
	good := buildJournal(t, filepath.Join(dir, "good.db"), 300)
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 64<<10)
	for i := range garbage {
		garbage[i] = byte(rng.IntN(256))
	}
	if len(good) < 64<<10 {
		t.Fatalf("the journal to cut is only %d bytes", len(good))
	}

	foreign := filepath.Join(dir, "foreign.db")
	rawUpdate(t, foreign, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("stuff"))
		if err != nil {
			return err
		}
		return b.Put([]byte("k"), []byte("v"))
	})
	variant := func(name string, fn func(tx *bolt.Tx) error) []byte {
		p := filepath.Join(dir, name+".db")
		if err := os.WriteFile(p, good, 0o600); err != nil {
			t.Fatal(err)
		}
		rawUpdate(t, p, fn)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	setMeta := func(key string, value []byte) func(tx *bolt.Tx) error {
		return func(tx *bolt.Tx) error { return tx.Bucket([]byte(bucketMeta)).Put([]byte(key), value) }
	}
	foreignBytes, err := os.ReadFile(foreign)
	if err != nil {
		t.Fatal(err)
	}
	return []damagedCase{
		{"Garbage", garbage, "invalid"},
		{"ZeroLength", nil, "empty"},
		{"Truncated100", good[:100], "bytes"},
		{"Truncated4096", good[:4096], "cut short"},
		{"TruncatedHalf", good[:len(good)/2], "cut short"},
		{"NotAJournal", foreignBytes, "not a hone journal"},
		{"NewerSchema", variant("newer", setMeta(metaSchema, schemaBytes(schemaVersion+1))), "newer hone"},
		{"WrongFormat", variant("format", setMeta(metaFormat, []byte("other"))), "format"},
		{"BadSchemaValue", variant("schema", setMeta(metaSchema, []byte("1"))), "schema"},
		{"MissingBucket", variant("bucket", func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte(bucketIdxSkill)) }), "missing"},
	}
}

// buildJournal writes a journal of n entries with notes at path and returns
// its bytes.
func buildJournal(t testing.TB, path string, n int) []byte {
	t.Helper()
	db, err := Open(path, testOptions(9))
	if err != nil {
		t.Fatal(err)
	}
	es := make([]*journal.Entry, n)
	for i := range es {
		es[i] = newEntry(today()-journal.Day(i%400), "entry", map[string]int{"eng.mi": 1 + i%5, "team.facil": 1 + i%3})
		es[i].Notes = strings.Repeat("notes of the meeting ", 40)
		es[i].Tags = []string{"t" + string(rune('a'+i%7))}
	}
	if err := NewEntryService(db).CreateEntries(es); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOpenDamaged(t *testing.T) {
	for _, tc := range damagedCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.db")
			if err := os.WriteFile(path, tc.bytes, 0o600); err != nil {
				t.Fatal(err)
			}
			before := fileSum(t, path)
			for _, ro := range []bool{false, true} {
				db, err := Open(path, Options{ReadOnly: ro, Timeout: 200 * time.Millisecond})
				if err == nil {
					db.Close()
					t.Fatalf("Open(ReadOnly: %v) succeeded", ro)
				}
				wantCode(t, err, journal.EDAMAGED)
				msg := journal.ErrorMessage(err)
				if !strings.Contains(msg, path) || !strings.Contains(msg, "hone doctor") || strings.Contains(msg, "\n") {
					t.Errorf("message = %q, want one line naming the file and hone doctor", msg)
				}
				if !strings.Contains(msg, tc.want) {
					t.Errorf("message = %q, want it to say %q", msg, tc.want)
				}
			}
			r, err := Doctor(path, 200*time.Millisecond)
			if err != nil {
				t.Fatalf("Doctor: %v", err)
			}
			if r.OK() {
				t.Error("Doctor found nothing wrong")
			}
			if !strings.Contains(strings.Join(r.Problems, " "), tc.want) {
				t.Errorf("Doctor problems = %q, want one to say %q", r.Problems, tc.want)
			}
			if fileSum(t, path) != before {
				t.Error("the damaged file changed")
			}
			if fi, err := os.Stat(path); err != nil || fi.Size() != int64(len(tc.bytes)) {
				t.Errorf("the damaged file is now %v (stat error %v)", fi.Size(), err)
			}
		})
	}
}

// TestOpenBoltRecoversFault reads a journal cut after its first page with
// bbolt directly, past the checks that refuse it earlier: bbolt faults on
// the missing second meta page, and openBolt turns that into an error.
func TestOpenBoltRecoversFault(t *testing.T) {
	good := buildJournal(t, filepath.Join(t.TempDir(), "good.db"), 10)
	path := filepath.Join(t.TempDir(), "cut.db")
	if err := os.WriteFile(path, good[:4096], 0o600); err != nil {
		t.Fatal(err)
	}
	bdb, _, err := openBolt(path, true, 100*time.Millisecond)
	if err == nil {
		bdb.Close()
		t.Skip("bbolt opened the cut file without a fault")
	}
	wantCode(t, err, journal.EDAMAGED)
	// The file bbolt opened was closed, so its shared lock is gone: an
	// exclusive lock is had at once (and the same fault follows).
	bdb, _, err = openBolt(path, false, 100*time.Millisecond)
	if err == nil {
		bdb.Close()
		t.Fatal("bbolt opened the cut file for writing")
	}
	wantCode(t, err, journal.EDAMAGED)
}

func TestOpenEmptyBoltFileIsSetUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	rawUpdate(t, path, func(*bolt.Tx) error { return nil })
	db := openTestPath(t, path, testOptions(1))
	mustCreate(t, db, newEntry(today(), "first", nil))
}

// writeSchema0 writes a journal as development builds before the indexes
// did: meta at schema 0, and the entries, skills and prompts buckets.
func writeSchema0(t *testing.T, path string, es []*journal.Entry) {
	t.Helper()
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket([]byte(bucketMeta))
		if err != nil {
			return err
		}
		if err := meta.Put([]byte(metaFormat), []byte(formatName)); err != nil {
			return err
		}
		if err := meta.Put([]byte(metaSchema), schemaBytes(0)); err != nil {
			return err
		}
		for _, name := range schemaBuckets(0) {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		for _, e := range es {
			v, err := encodeEntry(e)
			if err != nil {
				return err
			}
			if err := tx.Bucket([]byte(bucketEntries)).Put([]byte(e.ID), v); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestOpenMigratesSchema0(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	created := testStart.Add(-time.Hour)
	es := []*journal.Entry{
		{ID: "01kjhd0000000000", Date: today() - 3, Kind: journal.KindCheckIn, Family: "F1", Ratings: map[string]int{"eng.mi": 2}, Tags: []string{"x"}, Created: created, Updated: created},
		{ID: "01kjhd0000000001", Date: today() - 1, Kind: journal.KindTeamMeeting, Ratings: map[string]int{"eng.mi": 4, "team.facil": 5}, Created: created, Updated: created},
	}
	writeSchema0(t, path, es)

	_, err := Open(path, Options{ReadOnly: true})
	wantCode(t, err, journal.EINVALID)

	db := openTestPath(t, path, testOptions(1))
	backup, ok := NewestBackup(path)
	if !ok || !strings.Contains(filepath.Base(backup), "pre-migration") {
		t.Fatalf("NewestBackup = %q, %v; want a pre-migration backup", backup, ok)
	}
	bdb, err := bolt.Open(backup, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket([]byte(bucketMeta)).Get([]byte(metaSchema)); !bytes.Equal(v, schemaBytes(0)) {
			t.Errorf("backup schema = %x, want 0", v)
		}
		if n := tx.Bucket([]byte(bucketEntries)).Stats().KeyN; n != len(es) {
			t.Errorf("backup has %d entries, want %d", n, len(es))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode = %v (%v), want 0600", fi.Mode().Perm(), err)
	}

	got, err := NewEntryService(db).FindEntries(journal.EntryFilter{Skill: "eng.mi"})
	if err != nil || len(got) != 2 || got[0].ID != es[1].ID {
		t.Errorf("FindEntries(skill) after migration = %v, %v", got, err)
	}
	got, err = NewEntryService(db).FindEntries(journal.EntryFilter{Family: "f1"})
	if err != nil || len(got) != 1 || got[0].ID != es[0].ID {
		t.Errorf("FindEntries(family) after migration = %v, %v", got, err)
	}
	ratings, err := NewRatingService(db).Ratings()
	if err != nil || len(ratings["eng.mi"]) != 2 || len(ratings["team.facil"]) != 1 {
		t.Errorf("Ratings after migration = %v, %v", ratings, err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := Doctor(path, time.Second)
	if err != nil || !r.OK() || r.Schema != schemaVersion || r.Entries != 2 {
		t.Errorf("Doctor after migration = %+v, %v", r, err)
	}
}

func TestOpenMigrationNeedsBackupFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	writeSchema0(t, path, nil)
	before := fileSum(t, path)
	// A file where the backups folder should be: the backup fails and the
	// journal is left as it was.
	if err := os.WriteFile(filepath.Join(dir, "backups"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Open(path, Options{})
	if err == nil {
		db.Close()
		t.Fatal("Open migrated without a backup")
	}
	if fileSum(t, path) != before {
		t.Error("a failed migration changed the journal")
	}
}

func TestSuccessorID(t *testing.T) {
	for in, want := range map[string]string{
		"0000000000000000": "0000000000000001",
		"000000000000000z": "0000000000000010",
		"01kjhd00000zzzzz": "01kjhd0000100000",
	} {
		if got, ok := successorID(in); !ok || got != want {
			t.Errorf("successorID(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"zzzzzzzzzzzzzzzz", "short", "0000000000000u00"} {
		if got, ok := successorID(in); ok {
			t.Errorf("successorID(%q) = %q, want not ok", in, got)
		}
	}
}

func TestDateEncodingSorts(t *testing.T) {
	days := []journal.Day{minDay, journal.EarliestDay, -1, 0, 1, journal.LatestDay, maxDay}
	for i := 1; i < len(days); i++ {
		a, b := putDate(nil, days[i-1]), putDate(nil, days[i])
		if bytes.Compare(a, b) >= 0 {
			t.Errorf("encoded %d >= encoded %d", days[i-1], days[i])
		}
		if got := getDate(b); got != days[i] {
			t.Errorf("getDate(putDate(%d)) = %d", days[i], got)
		}
	}
}

func TestNewJournalLeavesNoTemporaryFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "hone")
	openTestPath(t, filepath.Join(dir, "journal.db"), testOptions(9))
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(des) != 1 || des[0].Name() != "journal.db" {
		var names []string
		for _, de := range des {
			names = append(names, de.Name())
		}
		t.Errorf("the journal's folder holds %v, want only journal.db", names)
	}
}
