package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"hone/journal"
)

func TestBackupWhileOpen(t *testing.T) {
	db, _ := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", map[string]int{"eng.mi": 4}))

	var buf bytes.Buffer
	n, err := db.Backup(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) || n == 0 {
		t.Errorf("Backup wrote %d bytes, reported %d", buf.Len(), n)
	}
	// The journal is still usable, and the copy is a journal.
	mustCreate(t, db, newEntry(today(), "two", nil))
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cp := openTestPath(t, path, testOptions(5))
	es, err := NewEntryService(cp).FindEntries(journal.EntryFilter{})
	if err != nil || len(es) != 1 || es[0].Title != "one" {
		t.Errorf("the copy holds %v, %v; want the one entry of the time of the copy", titles(es), err)
	}
}

func TestBackupFile(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db, newEntry(today(), "one", map[string]int{"eng.mi": 4}))

	out := filepath.Join(t.TempDir(), "new", "folder", "backup.db")
	if err := db.BackupFile(out); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("backup mode = %v, want 0600", got)
	}
	if di, err := os.Stat(filepath.Dir(out)); err != nil || di.Mode().Perm() != 0o700 {
		t.Errorf("backup folder mode = %v (%v), want 0700", di.Mode().Perm(), err)
	}
	// Overwriting an older backup works and leaves no temporary file.
	mustCreate(t, db, newEntry(today(), "two", nil))
	if err := db.BackupFile(out); err != nil {
		t.Fatal(err)
	}
	des, err := os.ReadDir(filepath.Dir(out))
	if err != nil || len(des) != 1 {
		t.Errorf("backup folder holds %v (%v), want the backup alone", des, err)
	}
	cp := openTestPath(t, out, testOptions(5))
	if es, err := NewEntryService(cp).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 2 {
		t.Errorf("backup holds %d entries (%v), want 2", len(es), err)
	}

	before := fileSum(t, path)
	for _, target := range []string{path, filepath.Join(filepath.Dir(path), ".", "journal.db")} {
		wantCode(t, db.BackupFile(target), journal.EINVALID)
	}
	link := filepath.Join(t.TempDir(), "link.db")
	if err := os.Symlink(path, link); err == nil {
		wantCode(t, db.BackupFile(link), journal.EINVALID)
	}
	wantCode(t, db.BackupFile(t.TempDir()), journal.EINVALID)
	if fileSum(t, path) != before {
		t.Error("a refused backup changed the journal")
	}
}

func TestNewestBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.db")
	if _, ok := NewestBackup(path); ok {
		t.Error("NewestBackup found a backup where there is no folder")
	}
	backups := BackupDir(path)
	if err := os.MkdirAll(filepath.Join(backups, "sub"), 0o700); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-48 * time.Hour)
	for i, name := range []string{"journal-20260101-000000.db", "journal-20260102-000000.db", ".hone-123.tmp"} {
		p := filepath.Join(backups, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		mt := old.Add(time.Duration(i) * time.Hour)
		if err := os.Chtimes(p, mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	got, ok := NewestBackup(path)
	if want := filepath.Join(backups, "journal-20260102-000000.db"); !ok || got != want {
		t.Errorf("NewestBackup = %q, %v; want %q", got, ok, want)
	}
}

func TestBackupName(t *testing.T) {
	at := time.Date(2026, 3, 2, 14, 15, 0, 0, time.UTC)
	for _, tc := range []struct{ path, label, want string }{
		{"/x/journal.db", "", "journal-20260302-141500.db"},
		{"/x/journal.db", "pre-migration", "journal-20260302-141500-pre-migration.db"},
		{"/x/diary", "", "diary-20260302-141500.db"},
	} {
		if got := BackupName(tc.path, at, tc.label); got != tc.want {
			t.Errorf("BackupName(%q, %q) = %q, want %q", tc.path, tc.label, got, tc.want)
		}
	}
	if !strings.HasSuffix(BackupDir("/x/journal.db"), filepath.Join("x", "backups")) {
		t.Errorf("BackupDir = %q", BackupDir("/x/journal.db"))
	}
}

func TestDoctorHealthy(t *testing.T) {
	db, path := openTestDB(t)
	mustCreate(t, db,
		fullEntry(),
		newEntry(today(), "two", map[string]int{"eng.mi": 4}),
		newEntry(today()-400, "old", nil),
	)
	if err := NewSkillService(db).CreateSkill(&journal.Skill{ID: "my.skill", Name: "Mine"}); err != nil {
		t.Fatal(err)
	}
	if err := NewSkillService(db).SetSkillArchived("eng.mi", true); err != nil {
		t.Fatal(err)
	}
	if err := NewPromptService(db).CreatePrompt(&journal.Prompt{Text: "Mine?"}); err != nil {
		t.Fatal(err)
	}
	if err := db.BackupFile(filepath.Join(BackupDir(path), BackupName(path, testStart, ""))); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, path)
	r, err := Doctor(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Errorf("Doctor problems:\n\t%s", lines(r.Problems))
	}
	if r.Entries != 3 || r.Ratings != 4 || r.Schema != schemaVersion || r.Path != path {
		t.Errorf("Doctor report %+v", r)
	}
	if !strings.HasPrefix(r.Backup, BackupDir(path)) {
		t.Errorf("Doctor names the backup %q", r.Backup)
	}
	if fileSum(t, path) != before {
		t.Error("Doctor changed the file")
	}
}

func TestDoctorMissingFile(t *testing.T) {
	_, err := Doctor(filepath.Join(t.TempDir(), "none.db"), 0)
	wantCode(t, err, journal.ENOTFOUND)
}

func TestDoctorFindsBrokenRecords(t *testing.T) {
	for _, tc := range []struct {
		name   string
		break_ func(tx *bolt.Tx) error
		want   string
	}{
		{"MissingSkillKey", func(tx *bolt.Tx) error {
			c := tx.Bucket([]byte(bucketIdxSkill)).Cursor()
			k, _ := c.First()
			return tx.Bucket([]byte(bucketIdxSkill)).Delete(k)
		}, "skill index lacks 1 key"},
		{"DanglingTagKey", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bucketIdxTag)).Put(indexKey(bucketIdxTag, "ghost", today(), "0000000000000000"), []byte{})
		}, "tag index has 1 key that match no entry"},
		{"WrongRating", func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucketIdxSkill))
			k, _ := b.Cursor().First()
			return b.Put(append([]byte(nil), k...), []byte{9})
		}, "skill index lacks 1 key"},
		{"MalformedDateKey", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bucketIdxDate)).Put([]byte("short"), []byte{})
		}, "date index has 1 key"},
		{"EntryGarbage", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bucketEntries)).Put([]byte("0000000000000000"), []byte("{not json"))
		}, "does not decode"},
		{"EntryInvalid", func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucketEntries))
			k, v := b.Cursor().First()
			e, err := decodeEntry(v)
			if err != nil {
				return err
			}
			e.Ratings["eng.mi"] = 9
			nv, err := encodeEntry(e)
			if err != nil {
				return err
			}
			return b.Put(append([]byte(nil), k...), nv)
		}, "outside 1-5"},
		// A flipped byte in a field's name leaves valid JSON with a field
		// hone does not know: read leniently, the title would vanish from
		// every view, and the next save of the entry would drop it.
		{"EntryFieldNameFlipped", func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(bucketEntries))
			k, v := b.Cursor().First()
			nv := bytes.Replace(v, []byte(`"title"`), []byte("\"\xefitle\""), 1)
			if bytes.Equal(nv, v) {
				return fmt.Errorf("no title in %s", v)
			}
			return b.Put(append([]byte(nil), k...), nv)
		}, "does not decode"},
		{"SkillGarbage", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bucketSkills)).Put([]byte("x.y"), []byte("[]"))
		}, `skill "x.y"`},
		{"PromptGarbage", func(tx *bolt.Tx) error {
			return tx.Bucket([]byte(bucketPrompts)).Put(seqKey(99), []byte("nope"))
		}, "custom prompt"},
		{"MissingBucket", func(tx *bolt.Tx) error {
			return tx.DeleteBucket([]byte(bucketIdxKind))
		}, "idx_kind bucket is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, path := openTestDB(t)
			mustCreate(t, db,
				newEntry(today(), "one", map[string]int{"eng.mi": 4, "team.facil": 2}),
				&journal.Entry{Date: today() - 3, Tags: []string{"a", "b"}, Family: "F1", Ratings: map[string]int{"eng.mi": 2}},
			)
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			rawUpdate(t, path, tc.break_)
			r, err := Doctor(path, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK() {
				t.Fatal("Doctor found nothing wrong")
			}
			if !strings.Contains(strings.Join(r.Problems, "\n"), tc.want) {
				t.Errorf("Doctor problems:\n\t%s\nwant one saying %q", lines(r.Problems), tc.want)
			}
		})
	}
}

func TestAutoBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	now := time.Now()
	opts := testOptions(3)
	opts.Now = func() time.Time { return now }
	db := openTestPath(t, path, opts)
	mustCreate(t, db, newEntry(journal.DayOf(now), "kept", nil))

	manual := filepath.Join(BackupDir(path), BackupName(path, now.Add(-72*time.Hour), ""))
	if err := db.BackupFile(manual); err != nil {
		t.Fatal(err)
	}
	age := func(p string, d time.Duration) {
		t.Helper()
		if err := os.Chtimes(p, now.Add(-d), now.Add(-d)); err != nil {
			t.Fatal(err)
		}
	}
	age(manual, 72*time.Hour)

	var made []string
	for i := range 9 {
		now = now.Add(time.Second) // distinct names
		p, err := db.AutoBackup(24*time.Hour, 7)
		if err != nil {
			t.Fatal(err)
		}
		if p == "" {
			t.Fatalf("backup %d: none made though the newest is over a day old", i+1)
		}
		made = append(made, p)
		if again, err := db.AutoBackup(24*time.Hour, 7); err != nil || again != "" {
			t.Fatalf("a second backup within a day: %q, %v", again, err)
		}
		age(p, 25*time.Hour)
	}

	for i, p := range made {
		_, err := os.Stat(p)
		if kept := i >= 2; kept != (err == nil) {
			t.Errorf("automatic backup %d: exists = %v, want %v", i+1, err == nil, kept)
		}
	}
	if _, err := os.Stat(manual); err != nil {
		t.Errorf("the user's own backup was removed: %v", err)
	}
	copyDB := openTestPath(t, made[8], testOptions(4))
	if es, err := NewEntryService(copyDB).FindEntries(journal.EntryFilter{}); err != nil || len(es) != 1 {
		t.Errorf("the newest automatic backup holds %d entries (%v), want 1", len(es), err)
	}
}

func TestBackupsAreEachJournalsOwn(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 3, 2, 14, 15, 0, 0, time.UTC)
	backups := filepath.Join(dir, "backups")
	os.MkdirAll(backups, 0o700)
	files := map[string][]string{
		"j.db":        {"j-20260302-141500-auto.db", "j-20260302-141500-auto_2.db", "j-20260301-000000.db", "j-20260302-141500-before-restore.db"},
		"j-2.db":      {"j-2-20260302-141500-auto.db", "j-2-20260303-000000.db"},
		"work.db":     {"work-20260301-000000.db"},
		"personal.db": {"personal-20260305-000000.db"},
		"diary":       {"diary-20260301-000000.db"},
	}
	mt := at
	for _, names := range files {
		for _, n := range names {
			os.WriteFile(filepath.Join(backups, n), []byte("x"), 0o600)
			mt = mt.Add(time.Minute)
			os.Chtimes(filepath.Join(backups, n), mt, mt)
		}
	}
	for _, n := range []string{"j-notes.db", "j-20260302.db", "j-20260302-141500-Auto.db", "j-20260302-141500-auto_x.db", "j-20260302-141500-.db", ".j-20260302-141500.db", "personal-work-20260306-000000.db"} {
		os.WriteFile(filepath.Join(backups, n), []byte("x"), 0o600)
	}
	for journalName, want := range files {
		var got []string
		for _, b := range backupsOf(filepath.Join(dir, journalName)) {
			got = append(got, filepath.Base(b.path))
		}
		sort.Strings(got)
		want = slices.Clone(want)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("backups of %s = %v, want %v", journalName, got, want)
		}
	}
	// Pruning one journal's automatic backups leaves the others'.
	if err := pruneAutoBackups(filepath.Join(dir, "j.db"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(backups, "j-2-20260302-141500-auto.db")); err != nil {
		t.Errorf("pruning j.db's backups removed j-2.db's: %v", err)
	}
}

func TestDoctorRecommendsAHealthyBackupOfItsOwn(t *testing.T) {
	dir := t.TempDir()
	work := filepath.Join(dir, "work.db")
	personal := filepath.Join(dir, "personal.db")
	for _, p := range []string{work, personal} {
		db, err := Open(p, testOptions(11))
		if err != nil {
			t.Fatal(err)
		}
		mustCreate(t, db, newEntry(today(), filepath.Base(p), nil))
		if err := db.BackupFile(filepath.Join(BackupDir(p), BackupName(p, testStart, ""))); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	good, _ := NewestBackup(work)
	// The personal journal's backup is the newest file in the folder.
	later := time.Now().Add(time.Hour)
	p, _ := NewestBackup(personal)
	os.Chtimes(p, later, later)

	// Damage the work journal, then restore over it with a healthy backup:
	// the damaged one kept aside is the newest file of all.
	damage := func() {
		b, _ := os.ReadFile(work)
		for i := 4096 * 2; i < len(b); i++ {
			b[i] ^= 0xff
		}
		os.WriteFile(work, b, 0o600)
	}
	damage()
	r, err := Doctor(work, time.Second)
	if err != nil || r.OK() {
		t.Fatalf("Doctor on a damaged journal: %v, %v", r, err)
	}
	if r.Backup != good {
		t.Errorf("Doctor recommends %q, want the work journal's own %q", r.Backup, good)
	}
	aside, err := Restore(work, good, testStart)
	if err != nil {
		t.Fatal(err)
	}
	os.Chtimes(aside, later.Add(time.Hour), later.Add(time.Hour))
	damage()
	if r, err := Doctor(work, time.Second); err != nil || r.Backup != good {
		t.Errorf("Doctor after a restore recommends %q (%v), want %q, not the damaged journal kept at %s", r.Backup, err, good, aside)
	}
}

// TestAutoBackupOfADamagedJournal: once the journal is damaged, its daily
// copies are named as damaged and reported, never push the healthy
// automatic backups out, and are never recommended.
func TestAutoBackupOfADamagedJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	now := time.Now()
	opts := testOptions(13)
	opts.Now = func() time.Time { return now }
	db, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, newEntry(journal.DayOf(now), "kept", nil))
	var healthy []string
	for range 7 {
		now = now.Add(25 * time.Hour)
		p, err := db.AutoBackup(24*time.Hour, 7)
		if err != nil || p == "" {
			t.Fatalf("AutoBackup: %q, %v", p, err)
		}
		os.Chtimes(p, now, now)
		healthy = append(healthy, p)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	rawUpdate(t, path, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte(bucketEntries)).Put([]byte("0000000000000000"), []byte("{not json"))
	})
	db, err = Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 9 {
		now = now.Add(25 * time.Hour)
		p, err := db.AutoBackup(24*time.Hour, 7)
		if journal.ErrorCode(err) != journal.EDAMAGED || !strings.Contains(p, "-auto-damaged") || !strings.Contains(journal.ErrorMessage(err), "damaged") {
			t.Fatalf("daily backup %d of a damaged journal: %q, %v; want a copy named as damaged and EDAMAGED", i+1, p, err)
		}
		os.Chtimes(p, now, now)
	}
	for _, p := range healthy {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("a healthy automatic backup was pruned for copies of a damaged journal: %v", err)
		}
	}
	if got, ok := HealthyBackup(path); !ok || got != healthy[len(healthy)-1] {
		t.Errorf("HealthyBackup = %q, %v; want the newest healthy %q", got, ok, healthy[len(healthy)-1])
	}
}
